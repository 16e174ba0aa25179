"""Committing a line: squeeze or stretch its units to the measure and place every glyph.

Adjustment follows clreq §3.8: adjacent marks are first set as a 1.5 em pair; a line that is too
long (pushed in) is squeezed tier by tier — the mark at the line end, then brackets and pause
marks together, then Han–Latin gaps, then full stops — each mark by at most its blank half; a line that is
too short is stretched by spreading the slack evenly over all gaps between characters (never
inside a Latin word). The last line of a paragraph keeps its natural width.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from paiban.compose.config import ParagraphConfig
from paiban.compose.linebreak import EPS, Break, start_blank, start_width
from paiban.compose.units import Unit, can_open
from paiban.layout.result import GlyphRun
from paiban.text.classes import BOX_DASH, CLOSING, DASH, OPENING, CharClass
from paiban.text.fonts import FontMetrics, Ink

_STOPS = frozenset("。？！．")
#: The character drawn for a hyphen added at a hyphenation point (fonts draw it as their hyphen).
SOFT_HYPHEN = "\u00ad"
#: Badness of a line whose mid-line marks all give their whole blank half (see `squeeze_cost`).
SQUEEZE_COST = 0.5
_DASHES = DASH | BOX_DASH


@dataclass(frozen=True, slots=True)
class ComposedLine:
    """A set line, positioned relative to the left edge of its measure."""

    runs: tuple[GlyphRun, ...]
    width: float  # the measure
    natural: float  # width the content takes at natural setting
    filled: float  # width the content takes as set (the measure, for a justified line)
    first: bool
    last: bool
    justified: bool
    pushed: str
    dots: tuple[float, ...] = ()  # x of the centre of each character under an emphasis dot
    strikes: tuple[tuple[float, float], ...] = ()  # (x0, x1) of each struck-through stretch
    links: tuple[tuple[float, float, str], ...] = ()  # (x0, x1, URL) of each stretch of link text

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


class _Adjust:
    """Per-unit squeeze applied on each side, and per-gap extra space, for one line.

    Only the units that can give (marks, and units with a blank or shrinkable glue) take part in
    squeezing; `give` lists their indices in the line, ascending, so that pairing and squeezing
    walk the line's few marks rather than all its characters. A caller that knows them (the
    breaker, from the whole paragraph's list) passes them; else they are found when first asked.
    """

    def __init__(self, units: list[Unit], give: list[int] | None = None):
        self.units = units
        self.left = [0.0] * len(units)
        self.right = [0.0] * len(units)
        self.glue = [0.0] * len(units)
        self._give = give

    @property
    def give(self) -> list[int]:
        if self._give is None:
            self._give = givers(self.units)
        return self._give

    def room_left(self, i: int) -> float:
        return self.units[i].shrink_left - self.left[i]

    def room_right(self, i: int) -> float:
        return self.units[i].shrink_right - self.right[i]

    def squeeze_pairs(self) -> float:
        """Set adjacent marks as a 1.5 em pair (clreq §3.1.6.2); returns the width removed."""
        removed = 0.0
        units = self.units
        give = self.give
        for k in range(len(give) - 1):
            i = give[k]
            if give[k + 1] != i + 1 or not (units[i].mark and units[i + 1].mark) or units[i].glue:
                continue
            if self.room_right(i) > EPS:
                amount = self.room_right(i)
                self.right[i] += amount
            elif self.room_left(i + 1) > EPS:
                amount = self.room_left(i + 1)
                self.left[i + 1] += amount
            else:
                continue
            removed += amount
        return removed

    def squeeze(self, need: float) -> float:
        """Squeeze up to `need` pt, tier by tier; returns what could not be found."""
        tiers = self._tiers()
        while need > EPS:
            tier = next(tiers, None)
            if tier is None:
                break
            need = self._fill(tier, need)
        return need

    def squeeze_cost(self, need: float) -> float:
        """Squeeze `need` pt as `squeeze` does, and say what it costs the reader (inf if it cannot).

        Squeezing marks is ordinary Chinese setting; what a proofreader marks is a line whose marks
        are squeezed unevenly — one comma set at half width mid-line while another mark beside it
        stays full reads as Western punctuation. So the cost is the spread between the most and
        the least squeezed marks of the line (the line end, set half anyway, and the squeeze that
        pairs of adjacent marks always get are left out), as a fraction of their blank, cubed as
        TeX's badness is: 100 for one mark squeezed fully beside one left full, or for the only
        mark of a line squeezed by its whole blank. Even squeezing
        costs a little (SQUEEZE_COST when every mark gives its whole blank), so that a paragraph is
        not squeezed merely to save a line, yet less than pushing a character out to the next line
        and opening every gap of this one.
        """
        units, left, right = self.units, self.left, self.right
        last = len(units) - 1
        before = [(i, units[i].shrink_left - left[i] + (units[i].shrink_right - right[i]))
                  for i in self.give if i < last and units[i].mark]  # (room_left + room_right)
        if self.squeeze(need) > 1e-3:
            return float("inf")
        used = [1.0 - (units[i].shrink_left - left[i] + (units[i].shrink_right - right[i])) / room
                for i, room in before if room > EPS]
        if not used:
            return 0.0
        # one mark alone may give half its blank (a quarter em) unremarked; beyond that it reads
        # as a Western mark as surely as one squeezed beside a full one
        spread = max(used) - min(used) if len(used) > 1 else max(0.0, 2.0 * used[0] - 1.0)
        return 100.0 * spread ** 3 + SQUEEZE_COST * sum(used) / len(used)

    def _tiers(self) -> Iterator[list[tuple[str, int]]]:
        """The squeeze slots, tier by tier, each listed only when the tiers before left some need:
        most pushed-in lines are done after the first or second."""
        units = self.units
        last = len(units) - 1
        give = self.give  # (a unit not listed has no room in any tier)
        yield [("r", last)]
        # brackets and pause marks together (clreq's steps 4 and 5 both go down to half an em):
        # squeezed in two steps, a line's bracket would go to half width while a comma beside it
        # stayed full, the uneven setting a proofreader marks
        yield [(side, i) for i in give if _pause_tier(units[i]) for side in "lr"]
        yield [("g", i) for i in give if i < last and units[i].glue_shrink > 0]
        yield [(side, i) for i in give if units[i].text[0] in _STOPS for side in "lr"]
        # Last, any blank the tiers above do not name (a mark at the edge of an unbreakable word
        # such as "甲乙，"): the breaker counted every blank when it pushed the line in, and a
        # blank left unsqueezed would set the line past the column edge.
        yield [(side, i) for i in give for side in "lr"]

    def _room(self, side: str, i: int) -> float:
        if side == "l":
            return self.room_left(i)
        if side == "r":
            return self.room_right(i)
        return self.units[i].glue_shrink + self.glue[i]

    def _take(self, side: str, i: int, amount: float) -> None:
        if side == "l":
            self.left[i] += amount
        elif side == "r":
            self.right[i] += amount
        else:
            self.glue[i] -= amount

    def _fill(self, slots: list[tuple[str, int]], need: float) -> float:
        """Take `need` from the slots as evenly as their room allows (water filling): each round
        shares what is still needed among the slots with room left, in their order."""
        room, take = self._room, self._take
        slots = [s for s in slots if room(*s) > EPS]
        while need > EPS and slots:
            share = need / len(slots)
            kept = []
            for s in slots:
                amount = min(share, room(*s))
                take(*s, amount)
                need -= amount
                if room(*s) > EPS:
                    kept.append(s)
            slots = kept
        return need


def givers(units: list[Unit]) -> list[int]:
    """Indices of the units that may take part in squeezing: marks (which pair), and any unit
    with a blank or with glue that may shrink. Every other unit has no room in any tier."""
    return [i for i, u in enumerate(units) if u.mark or u.shrink_left or u.shrink_right or u.glue_shrink]


def _pause_tier(u: Unit) -> bool:
    """Brackets and pause marks, squeezed together before Han–Latin gaps and full stops."""
    return u.text[0] in OPENING or u.text[0] in CLOSING or (u.cls is CharClass.PAUSE and u.text[0] not in _STOPS)


def start_adjusted(line: list[Unit], cfg: ParagraphConfig, first: bool, give: list[int] | None = None) -> _Adjust:
    """The adjustments a line starts with, before any squeeze: an opening bracket at its start
    either gives up its blank half (the style's `half`) or keeps it, so that nothing may squeeze
    it. `line` is changed in place (a copy of its first unit), as the line's own list. `give`:
    the line's `givers`, when the caller knows them."""
    trim = start_blank(line[0]) and start_width(cfg, first) == "half"
    if start_blank(line[0]) and not trim:  # the bracket keeps its blank half: nothing may squeeze it
        line[0] = line[0].copy()
        line[0].shrink_left = 0.0
    adj = _Adjust(line, give)
    if trim:
        adj.left[0] = line[0].shrink_left
    return adj


#: How wide clreq lets a word space grow, and a Han–Latin gap, before the gaps between all
#: characters open (§procedures_for_inter-character_space_expansion), in em.
SPACE_MAX = 0.5
HAN_LATIN_MAX = 1 / 3


def space_room(unit: Unit, em: float) -> float:
    """How far the glue after `unit` may grow before every gap opens (0 for no word space or
    Han–Latin gap)."""
    if unit.glue_kind == "space":
        return max(SPACE_MAX * em - unit.glue, 0.0)
    if unit.glue_kind == "han_latin":
        return max(HAN_LATIN_MAX * em - unit.glue, 0.0)
    return 0.0


def open_spaces(line: list[Unit], adj: _Adjust, slack: float, em: float) -> float:
    """Widen the line's word spaces, then its Han–Latin gaps, towards clreq's limits, to take up
    `slack` pt; returns what they took. Only what is left opens the gaps between all characters,
    so a line of mixed text is justified in its word spaces, as Latin text is, before its Han
    characters spread apart."""
    taken = 0.0
    for kind in ("space", "han_latin"):
        slots = [(i, space_room(u, em)) for i, u in enumerate(line[:-1]) if u.glue_kind == kind]
        room = sum(r for _, r in slots)
        if room <= EPS:
            continue
        take = min(slack - taken, room)
        for i, r in slots:
            adj.glue[i] += r * take / room
        taken += take
        if slack - taken <= EPS:
            break
    return taken


def commit(units: list[Unit], brk: Break, cfg: ParagraphConfig, first: bool, last: bool,
           simple: bool = False) -> ComposedLine:
    """Place the glyphs of units [brk.start, brk.end) on a line of the paragraph's measure.

    `simple` says the line holds single characters only, none tight or with a word space after
    it (most lines of Chinese text): the caller knows it from prefix counts, and the line then
    skips the per-unit checks of the general case.
    """
    line = units[brk.start : brk.end]
    indent = cfg.indent if first else 0.0
    target = cfg.width - indent
    adj = start_adjusted(line, cfg, first)
    natural = _natural(line) - adj.left[0]
    width = natural - adj.squeeze_pairs()
    justify = cfg.align == "justify" and not last
    gap = 0.0
    if width > target + EPS:
        adj.squeeze(width - target)
        width = target
    elif justify:
        if cfg.cjk.line_end_punct == "half" and adj.room_right(len(line) - 1) > EPS:
            width -= adj.room_right(len(line) - 1)
            adj.right[-1] = line[-1].shrink_right
        if target - width > EPS:
            width += open_spaces(line, adj, target - width, cfg.size)
        gaps = len(line) - 1 if simple else justification_gaps(line)
        if gaps:
            gap = (target - width) / gaps
            width = target
        else:
            justify = False  # one unbreakable run (a dash pair): set flush left, honestly so
    shift = 0.0
    if not justify and cfg.align in ("center", "right"):
        shift = (target - width) / (2 if cfg.align == "center" else 1)
    if simple:
        runs = _place_simple(line, adj, gap, cfg, indent + shift)
    else:
        runs = _place(line, adj, gap, cfg, indent + shift)
    return ComposedLine(runs, cfg.width, natural, indent + shift + width, first, last, justify, brk.pushed)


def _natural(line: list[Unit]) -> float:
    """The line's widths plus the glue between its units: one loop for the two sums, which add
    in the order `sum` would (the last unit's glue, at the line end, is not counted); and the
    hyphen a line ending at a hyphenation point adds."""
    width = glue = 0.0
    for u in line[:-1]:
        width += u.width
        glue += u.glue
    return (width + line[-1].width) + glue + line[-1].hyphen


def justification_gaps(line: list[Unit]) -> int:
    """The gaps justification opens in a line: after each unit that does not continue a word, and
    inside runs of Han characters that may open (an unbreakable name). A Latin word or URL is
    never letter-spaced: a line of one has no gap and is set flush left, which proofreaders
    accept."""
    return sum(1 for u in line[:-1] if not u.tight) + sum(len(u.text) - 1 for u in line if u.stretch_inside)


def _place(line: list[Unit], adj: _Adjust, gap: float, cfg: ParagraphConfig, indent: float) -> tuple[GlyphRun, ...]:
    """Glyph positions for the adjusted line, grouped into runs of one font; `gap` is the
    justification space each gap gets."""
    if all(len(u.text) == 1 and u.glue_kind != "space" and u.cls is not CharClass.DASH for u in line) \
            and not line[-1].hyphen:
        return _place_simple(line, adj, gap, cfg, indent)
    return _place_general(line, adj, gap, cfg, indent)


def _place_simple(line: list[Unit], adj: _Adjust, gap: float, cfg: ParagraphConfig,
                  indent: float) -> tuple[GlyphRun, ...]:
    """The common line of single characters: each glyph's x is a running sum of the steps before it.

    Unit i starts at indent − left[i] + Σ_{j<i} (width_j − left_j − right_j + glue_j + gap_j).
    """
    left, right, glue = adj.left, adj.right, adj.glue
    xs: list[float] = []
    place = xs.append
    x = indent
    # One running sum rather than a list of steps and an accumulate: the additions are the
    # same, in the same order, and this runs for almost every line of a book.
    if any(left) or any(right) or any(glue):
        for i, u in enumerate(line):
            place(x - left[i] + u.offsets[0])
            x += u.width - left[i] - right[i] + u.glue + glue[i] + (0.0 if u.tight else gap)
    else:  # nothing squeezed: the same sums without the adjustments
        for u in line:
            place(x + u.offsets[0])
            x += u.width + u.glue + (0.0 if u.tight else gap)
    chars = [u.text for u in line]
    fonts = [u.fonts[0] for u in line]
    return _group(chars, fonts, xs, cfg)


def _place_general(line: list[Unit], adj: _Adjust, gap: float, cfg: ParagraphConfig,
                   indent: float) -> tuple[GlyphRun, ...]:
    """Any line: multi-character units (words, dash pairs) and drawn word spaces."""
    chars: list[str] = []
    fonts: list[str] = []
    xs: list[float] = []
    x = indent
    last = len(line) - 1
    left, right, glue = adj.left, adj.right, adj.glue
    dashes: list[tuple[int, Unit, float]] = []  # (index of its first character, unit, slot's left edge)
    for i, u in enumerate(line):
        x -= left[i]
        inner = gap if u.stretch_inside else 0.0
        if u.cls is CharClass.DASH:
            dashes.append((len(chars), u, x))
        if len(u.text) == 1:  # the common case: one character
            chars.append(u.text)
            fonts.append(u.fonts[0])
            xs.append(x + u.offsets[0])
            x += u.width - right[i]
        else:
            chars.extend(u.text)
            fonts.extend(u.fonts)
            xs.extend(x + off + k * inner for k, off in enumerate(u.offsets))
            x += u.width + inner * (len(u.text) - 1) - right[i]
        if i < last:
            if u.glue_kind == "space":
                chars.append(" ")
                fonts.append(u.fonts[-1])
                xs.append(x)
            x += u.glue + glue[i] + (0.0 if u.tight else gap)
    if line[-1].hyphen:  # a line broken at a hyphenation point: the hyphen is drawn as text,
        chars.append(SOFT_HYPHEN)  # the soft hyphen, so a reader of the PDF knows it is no part of the word
        fonts.append(line[-1].fonts[-1])
        xs.append(x)
    if not dashes:
        return _group(chars, fonts, xs, cfg)
    scales = [1.0] * len(chars)
    for k, u, slot in dashes:
        for j, (dx, scale) in enumerate(join_dash(u, slot, _face(cfg, u.fonts[0]), cfg)):
            xs[k + j], scales[k + j] = dx, scale
    return _group(chars, fonts, xs, cfg, scales)


#: How far the ink of neighbouring dashes overlaps at each join, in em: enough that no renderer
#: leaves a hairline seam where two glyph edges meet, far too little to see.
DASH_OVERLAP = 0.04


def _face(cfg: ParagraphConfig, name: str) -> FontMetrics | None:
    for face in (*cfg.regular.faces, *cfg.bold.faces):
        if face.name == name:
            return face
    return None


def join_dash(u: Unit, slot: float, face: FontMetrics | None, cfg: ParagraphConfig) -> list[tuple[float, float]]:
    """(x, horizontal scale) of each glyph of a dash unit whose slot starts at `slot`.

    A font's dash glyph leaves side bearings (Noto Serif SC's full-width dash is inked from
    0.07 to 0.93 em), so —— drawn as two glyphs reads as two dashes with a gap between. Here the
    glyphs are widened horizontally (their thickness and height untouched) so that together they
    ink one continuous rule from the first slot's left bearing to the last slot's right bearing,
    each join overlapping slightly. The text is still the dash characters, so a reader extracts
    "——". A box-drawing rule (──), whose ink the font tables do not record, is taken as inked
    across its advance, as such glyphs are drawn to join; it is still overlapped at the joins,
    where two glyph edges meeting exactly leave a light seam on screen and in proofs.
    """
    n = len(u.text)
    if face is None or u.text[0] not in _DASHES or face.advances[ord(u.text[0])] <= 0:  # (□ for a missing dash)
        return [(slot + off, 1.0) for off in u.offsets]
    ink = face.ink.get(ord(u.text[0])) or Ink(0, face.advances[ord(u.text[0])])
    if ink.x1 <= ink.x0:
        return [(slot + off, 1.0) for off in u.offsets]
    sc = cfg.size / face.units_per_em
    advance = face.advances[ord(u.text[0])] * sc
    width = u.width - cfg.letter_spacing  # the last slot's trailing letter space is not the dash's
    # The font's own side bearings at the two outer ends (a proportional glyph's too: its slot
    # is the em or two the dash takes, and the rule fills it as the full-width glyph would).
    start = slot + ink.x0 * sc
    end = slot + width - (advance - ink.x1 * sc)
    step = (end - start) / n
    overlap = DASH_OVERLAP * cfg.size / 2
    inked = (ink.x1 - ink.x0) * sc
    out = []
    for k in range(n):
        a = start + k * step - (overlap if k else 0.0)
        b = start + (k + 1) * step + (overlap if k < n - 1 else 0.0)
        scale = (b - a) / inked
        out.append((a - ink.x0 * sc * scale, scale))
    return out


def _group(chars: list[str], fonts: list[str], xs: list[float], cfg: ParagraphConfig,
           scales: list[float] | None = None) -> tuple[GlyphRun, ...]:
    """The line's glyphs as runs of one font (and one horizontal scale: a widened dash glyph is
    a run of its own)."""
    if scales is None and fonts.count(fonts[0]) == len(fonts):  # one font: one run
        return (GlyphRun(fonts[0], cfg.size, "".join(chars), tuple(xs), 0.0, cfg.color),)
    if scales is None:
        scales = [1.0] * len(chars)
    runs: list[GlyphRun] = []
    start = 0
    for k in range(1, len(chars) + 1):
        if k == len(chars) or fonts[k] != fonts[start] or scales[k] != 1.0 or scales[start] != 1.0:
            runs.append(GlyphRun(fonts[start], cfg.size, "".join(chars[start:k]), tuple(xs[start:k]), 0.0, cfg.color,
                                 scales[start]))
            start = k
    return tuple(runs)
