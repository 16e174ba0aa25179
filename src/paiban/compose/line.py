"""Committing a line: squeeze or stretch its units to the measure and place every glyph.

Adjustment follows clreq §3.8: adjacent marks are first set as a 1.5 em pair; a line that is too
long (pushed in) is squeezed tier by tier — the mark at the line end, then brackets, then pause
marks, then Han–Latin gaps, then full stops — each mark by at most its blank half; a line that is
too short is stretched by spreading the slack evenly over all gaps between characters (never
inside a Latin word). The last line of a paragraph keeps its natural width.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from paiban.compose.config import ParagraphConfig
from paiban.compose.linebreak import EPS, Break
from paiban.compose.units import Unit, can_open
from paiban.layout.result import GlyphRun
from paiban.text.classes import CLOSING, OPENING, CharClass

_STOPS = frozenset("。？！．")


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
    """Per-unit squeeze applied on each side, and per-gap extra space, for one line."""

    def __init__(self, units: list[Unit]):
        self.units = units
        self.left = [0.0] * len(units)
        self.right = [0.0] * len(units)
        self.glue = [0.0] * len(units)

    def room_left(self, i: int) -> float:
        return self.units[i].shrink_left - self.left[i]

    def room_right(self, i: int) -> float:
        return self.units[i].shrink_right - self.right[i]

    def squeeze_pairs(self) -> float:
        """Set adjacent marks as a 1.5 em pair (clreq §3.1.6.2); returns the width removed."""
        removed = 0.0
        units = self.units
        marks = [u.mark for u in units]
        for i in range(len(units) - 1):
            if not (marks[i] and marks[i + 1]) or units[i].glue:
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

    def _tiers(self) -> Iterator[list[tuple[str, int]]]:
        """The squeeze slots, tier by tier, each listed only when the tiers before left some need:
        most pushed-in lines are done after the first or second."""
        units = self.units
        last = len(units) - 1
        yield [("r", last)]
        yield [(side, i) for i, u in enumerate(units) if u.text[0] in OPENING or u.text[0] in CLOSING for side in "lr"]
        yield [(side, i) for i, u in enumerate(units) if u.cls is CharClass.PAUSE and u.text[0] not in _STOPS
               for side in "lr"]
        yield [("g", i) for i in range(last) if units[i].glue_shrink > 0]
        yield [(side, i) for i, u in enumerate(units) if u.text[0] in _STOPS for side in "lr"]

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
        """Take `need` from the slots as evenly as their room allows (water filling)."""
        slots = [s for s in slots if self._room(*s) > EPS]
        while need > EPS and slots:
            share = need / len(slots)
            for s in list(slots):
                take = min(share, self._room(*s))
                self._take(*s, take)
                need -= take
                if self._room(*s) <= EPS:
                    slots.remove(s)
        return need


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
    adj = _Adjust(line)
    if cfg.cjk.line_start_opening == "half" and line[0].first in OPENING:
        adj.left[0] = line[0].shrink_left
    natural = _natural(line) - adj.left[0]
    width = natural - adj.squeeze_pairs()
    justify = cfg.align == "justify" and not last
    gap = 0.0
    inside: list[bool] = []
    whole = False
    if width > target + EPS:
        adj.squeeze(width - target)
        width = target
    elif justify:
        if cfg.cjk.line_end_punct == "half" and adj.room_right(len(line) - 1) > EPS:
            width -= adj.room_right(len(line) - 1)
            adj.right[-1] = line[-1].shrink_right
        if simple:
            gaps = len(line) - 1
        else:
            inside, whole = _stretchable(line)
            gaps = (sum(1 for u in line[:-1] if whole or not u.tight)
                    + sum(len(u.text) - 1 for u, ok in zip(line, inside) if ok))
        if gaps:
            gap = (target - width) / gaps
            width = target
        else:
            justify = False  # one unbreakable run (a dash pair): set flush left, honestly so
    shift = 0.0
    if not justify and cfg.align in ("center", "right"):
        shift = (target - width) / (2 if cfg.align == "center" else 1)
    if simple:
        runs = _place_simple(line, adj, (gap, False), cfg, indent + shift)
    else:
        runs = _place(line, adj, (gap, whole), inside or [u.stretch_inside for u in line], cfg, indent + shift)
    return ComposedLine(runs, cfg.width, natural, indent + shift + width, first, last, justify, brk.pushed)


def _natural(line: list[Unit]) -> float:
    """The line's widths plus the glue between its units: one loop for the two sums, which add
    in the order `sum` would (the last unit's glue, at the line end, is not counted)."""
    width = glue = 0.0
    for u in line[:-1]:
        width += u.width
        glue += u.glue
    return (width + line[-1].width) + glue


def _stretchable(line: list[Unit]) -> tuple[list[bool], bool]:
    """Which units justification may open up inside, and whether the line is one word.

    Normally only runs of Han characters (an unbreakable name) open; a Latin word is
    letter-spaced only when it is alone on its line (perhaps cut at a URL's break points into
    pieces that join without a gap), the one way left to keep the column edge straight.
    """
    inside = [u.stretch_inside for u in line]
    if all(u.tight for u in line[:-1]) and not any(inside):
        return [can_open(u) for u in line], True
    return inside, False


def _place(line: list[Unit], adj: _Adjust, spread: tuple[float, bool], inside: list[bool], cfg: ParagraphConfig,
           indent: float) -> tuple[GlyphRun, ...]:
    """Glyph positions for the adjusted line, grouped into runs of one font.

    `spread` is the justification gap and whether it also goes between the pieces of one word
    (a lone word letter-spaced across the line).
    """
    if all(len(u.text) == 1 and u.glue_kind != "space" for u in line):
        return _place_simple(line, adj, spread, cfg, indent)
    return _place_general(line, adj, spread, inside, cfg, indent)


def _place_simple(line: list[Unit], adj: _Adjust, spread: tuple[float, bool], cfg: ParagraphConfig,
                  indent: float) -> tuple[GlyphRun, ...]:
    """The common line of single characters: each glyph's x is a running sum of the steps before it.

    Unit i starts at indent − left[i] + Σ_{j<i} (width_j − left_j − right_j + glue_j + gap_j).
    """
    left, right, glue = adj.left, adj.right, adj.glue
    gap, whole = spread
    xs: list[float] = []
    place = xs.append
    x = indent
    # One running sum rather than a list of steps and an accumulate: the additions are the
    # same, in the same order, and this runs for almost every line of a book.
    if any(left) or any(right) or any(glue):
        for i, u in enumerate(line):
            place(x - left[i] + u.offsets[0])
            x += u.width - left[i] - right[i] + u.glue + glue[i] + (0.0 if u.tight and not whole else gap)
    else:  # nothing squeezed: the same sums without the adjustments
        for u in line:
            place(x + u.offsets[0])
            x += u.width + u.glue + (0.0 if u.tight and not whole else gap)
    chars = [u.text for u in line]
    fonts = [u.fonts[0] for u in line]
    return _group(chars, fonts, xs, cfg)


def _place_general(line: list[Unit], adj: _Adjust, spread: tuple[float, bool], inside: list[bool],
                   cfg: ParagraphConfig, indent: float) -> tuple[GlyphRun, ...]:
    """Any line: multi-character units (words, dash pairs) and drawn word spaces."""
    gap, whole = spread
    chars: list[str] = []
    fonts: list[str] = []
    xs: list[float] = []
    x = indent
    last = len(line) - 1
    left, right, glue = adj.left, adj.right, adj.glue
    for i, u in enumerate(line):
        x -= left[i]
        inner = gap if inside[i] else 0.0
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
            x += u.glue + glue[i] + (0.0 if u.tight and not whole else gap)
    return _group(chars, fonts, xs, cfg)


def _group(chars: list[str], fonts: list[str], xs: list[float], cfg: ParagraphConfig) -> tuple[GlyphRun, ...]:
    if fonts.count(fonts[0]) == len(fonts):  # one font: one run
        return (GlyphRun(fonts[0], cfg.size, "".join(chars), tuple(xs), 0.0, cfg.color),)
    runs: list[GlyphRun] = []
    start = 0
    for k in range(1, len(chars) + 1):
        if k == len(chars) or fonts[k] != fonts[start]:
            runs.append(GlyphRun(fonts[start], cfg.size, "".join(chars[start:k]), tuple(xs[start:k]), 0.0, cfg.color))
            start = k
    return tuple(runs)
