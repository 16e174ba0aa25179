"""Itemisation: styled text → break units with widths, blanks and glue (the composer's input).

A *unit* is what line breaking never splits: one Han character or mark, a Latin word or number,
a run of dashes or ellipses (—— and …… are never split, clreq §3.1.8), or a word the style says must
stay whole (习近平). Between units sits *glue*: a Latin word space, or the ¼ em Han–Latin gap of
clreq §3.3, which vanish at line edges.

A Latin word that may be hyphenated, or a URL that may break after its marks, is several units
joined `tight` (no glue, no justification space between them): one piece per stretch between
two break points (paiban.compose.latin). A piece ending at a hyphenation point carries in
`hyphen` the width of the hyphen a line break there adds; a breaker counts it and the line
draws it. A space that must not break (GB 1234, U+00A0) sets `nobreak` on the unit before it.
Latin runs carry the font's kerning in their glyph offsets (paiban.text.kerning).

Widths are in points at natural setting: every full-width mark takes a whole em, its blank half
recorded as shrinkable on the side the font's outline leaves blank. Marks a font draws narrower
than an em (proportional quotes in a Kai font) are given their em slot here, so the text still
sits on the grid; a dash takes one em (⸺ two), its glyphs joined when the line is set
(`paiban.compose.line.join_dash`); an interpunct takes a fixed half em with its ink centred,
whatever the font's glyph (Noto Serif SC's · is a 0.33 em Latin glyph, Noto Sans SC's a full em).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from paiban.compose import latin as latin_rules
from paiban.compose.config import FontChain, ParagraphConfig, Where
from paiban.errors import FontError
from paiban.model.article import Run
from paiban.text.classes import (
    CLASS_TABLE,
    COMPRESSIBLE,
    BOX_DASH,
    DASH,
    DASH_EMS,
    ELLIPSIS,
    INTERPUNCTS,
    OPENING,
    SPACES,
    WIDE_RANGES,
    WIDE_SYMBOLS,
    CharClass,
    char_class,
)
from paiban.text.fonts import FontMetrics

PLACEHOLDER = "\u25a1"  # □, drawn for a character no font has when the style allows it
MARK_CLASSES = frozenset((CharClass.OPENING, CharClass.CLOSING, CharClass.PAUSE))


@dataclass(slots=True, eq=False)
class Unit:
    """One unbreakable piece of a paragraph."""

    text: str
    fonts: tuple[str, ...]  # font key per character
    offsets: tuple[float, ...]  # x of each glyph from the unit's left edge, at natural width
    width: float  # natural width, pt
    cls: CharClass  # class of the unit (of its first character)
    shrink_left: float = 0.0  # blank on the left that compression may remove, pt
    shrink_right: float = 0.0  # blank on the right that compression may remove, pt
    glue: float = 0.0  # natural glue after this unit, pt
    glue_shrink: float = 0.0  # how much of that glue may be removed, pt
    glue_kind: str = ""  # "" | "space" | "han_latin"
    stretch_inside: bool = False  # whether justification may open gaps inside (never for words)
    tight: bool = False  # no justification space after it (the next unit continues the same word)
    mark: bool = False  # a compressible full-width mark (opening, closing, pause)
    shared: bool = False  # one instance stands for every occurrence of its character: copy to change
    hyphen: float = 0.0  # width of the hyphen a line break after this unit adds, pt (0: none is added)
    nobreak: bool = False  # the glue after this unit is not a break opportunity (GB 1234, U+00A0)
    kern: tuple[float, ...] = ()  # the font's kerning before each glyph, pt, already in `offsets` (): none

    def copy(self) -> "Unit":
        """A private copy, for the rare unit whose glue must change."""
        return Unit(self.text, self.fonts, self.offsets, self.width, self.cls, self.shrink_left, self.shrink_right,
                    self.glue, self.glue_shrink, self.glue_kind, self.stretch_inside, self.tight, self.mark,
                    False, self.hyphen, self.nobreak, self.kern)

    @property
    def first(self) -> str:
        return self.text[0]

    @property
    def last(self) -> str:
        return self.text[-1]



CODE = 3
"""The face index of inline code (see `_face_index`)."""


def _face_index(run: Run, cfg: ParagraphConfig) -> int:
    """Which chain sets a run: 0 regular, 1 bold, 2 the kai of emphasis set in 楷体, 3 code."""
    if run.code and cfg.code is not None:
        return CODE
    if run.bold:
        return 1
    return 2 if run.emphasis and cfg.kai is not None else 0


def _flatten(runs: tuple[Run, ...], cfg: ParagraphConfig) -> tuple[str, list[int]]:
    """The paragraph's text, and the chain of each character (one list repeat per run)."""
    text = "".join(r.text for r in runs)
    bold: list[int] = []
    for r in runs:
        bold += [_face_index(r, cfg)] * len(r.text)
    return text, bold


def _chains(cfg: ParagraphConfig) -> tuple[FontChain, ...]:
    if cfg.kai is None and cfg.code is None:
        return (cfg.regular, cfg.bold)
    return (cfg.regular, cfg.bold, cfg.kai or cfg.regular, cfg.code or cfg.regular)


def _face(ch: str, chain: FontChain, cfg: ParagraphConfig, where: Where, index: int) -> tuple[FontMetrics, str]:
    face = chain.pick(ch)
    if face is not None:
        return face, ch
    if cfg.cjk.missing_glyph == "placeholder":
        where.diagnostics.warn(f"no font can draw {ch!r} (U+{ord(ch):04X}); a placeholder was drawn", where.source)
        face = chain.pick(PLACEHOLDER) or chain.faces[0]
        return face, PLACEHOLDER if face.has(PLACEHOLDER) else "?"
    names = ", ".join(f.name for f in chain.faces)
    raise FontError(
        f"no font can draw {ch!r} (U+{ord(ch):04X}), character {index + 1} of this paragraph",
        where.source,
        hint=f"fonts tried: {names}; add a fallback font that has it, or build with --missing-glyph placeholder",
    )


def _mark_slot(ch: str, face: FontMetrics, size: float) -> tuple[float, float, float, float]:
    """(width, glyph offset, shrink left, shrink right) of a punctuation mark's em slot."""
    em = size
    adv = face.advance_em(ch) * size
    cls = char_class(ch)
    if ch in COMPRESSIBLE:
        if adv < em * 0.95:  # proportional mark: give it the em slot the grid expects
            offset = em - adv if ch in OPENING else 0.0
            side = "left" if ch in OPENING else "right"
        else:
            offset = 0.0
            side = face.blank_side(ch) or ("left" if ch in OPENING else "right")
        half = em / 2
        if side == "left":
            return em, offset, half, 0.0
        if side == "right":
            return em, offset, 0.0, half
        return em, offset, half / 2, half / 2
    if ch in INTERPUNCTS:  # a fixed half em, the ink centred in it whatever the glyph's advance
        ink = face.ink.get(ord(ch))
        centre = (ink.x0 + ink.x1) / 2 * size / face.units_per_em if ink is not None else adv / 2
        return em / 2, em / 4 - centre, 0.0, 0.0
    if cls is CharClass.DASH:
        slot = em * DASH_EMS.get(ch, 1)
        if abs(adv - slot) > em * 0.05:  # a proportional dash: centred in its slot (and joined when set)
            return slot, (slot - adv) / 2, 0.0, 0.0
        return adv, 0.0, 0.0, 0.0
    if cls in (CharClass.MIDDLE_DOT, CharClass.ELLIPSIS) and adv < em * 0.95:
        return em, (em - adv) / 2, 0.0, 0.0
    return adv, 0.0, 0.0, 0.0


def _unbreakable_starts(text: str, words: tuple[str, ...]) -> dict[int, int]:
    """Start index → length of every unbreakable word in the text (the longest where two start)."""
    starts: dict[int, int] = {}
    for word in words:
        i = text.find(word)
        while i >= 0:
            starts[i] = max(starts.get(i, 0), len(word))
            i = text.find(word, i + 1)
    return starts


#: Classes whose every character is a unit of its own with no glue after it, whatever its
#: neighbours among these classes: Han characters and the marks set one per em slot.
SOLO_CLASSES = frozenset((CharClass.HAN, CharClass.OPENING, CharClass.CLOSING, CharClass.PAUSE,
                          CharClass.MIDDLE_DOT, CharClass.CONNECTOR))


def _solo_run_pattern() -> re.Pattern[str]:
    """A regex matching a run of characters whose class is in SOLO_CLASSES: the wide characters
    that no table names otherwise (class HAN), and the marks the tables name.

    Matching a run in C replaces a class look-up and a span per character, the composer's
    hottest loop: most of a paragraph is one such run, cut only by Latin words, spaces, dash
    and ellipsis runs and unbreakable words.
    """
    other = sorted(ord(c) for c, cls in CLASS_TABLE.items() if cls not in SOLO_CLASSES)
    spans = [(ord(c), ord(c)) for c in WIDE_SYMBOLS] + list(WIDE_RANGES)
    parts = [re.escape(c) for c, cls in sorted(CLASS_TABLE.items()) if cls in SOLO_CLASSES]
    for lo, hi in spans:
        for cp in other:  # cut the characters of other classes out of the range
            if lo <= cp <= hi:
                if lo < cp:
                    parts.append(_char_range(lo, cp - 1))
                lo = cp + 1
        if lo <= hi:
            parts.append(_char_range(lo, hi))
    return re.compile(f"[{''.join(parts)}]+")


def _char_range(lo: int, hi: int) -> str:
    return re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"


_SOLO_RUN = _solo_run_pattern()


def _split_words(text: str, cfg: ParagraphConfig) -> list[tuple[int, int, CharClass | None]]:
    """Spans [start, end) of the units of `text` with the class of their first character; a span
    of class None is a run of characters of SOLO_CLASSES, each of which is a unit."""
    spans: list[tuple[int, int, CharClass | None]] = []
    word_at = _unbreakable_starts(text, cfg.cjk.unbreakable)
    word_starts = sorted(word_at)
    i, n = 0, len(text)
    latin = CharClass.LATIN
    solo_run = _SOLO_RUN.match
    while i < n:
        run = solo_run(text, i)
        if run is not None and i not in word_at:  # the common case first: Han characters and marks
            j = run.end()
            if word_starts:  # an unbreakable word starting inside the run ends it
                k = bisect_right(word_starts, i)
                if k < len(word_starts) and word_starts[k] < j:
                    j = word_starts[k]
            spans.append((i, j, None))  # None: each character is a unit of its own
            i = j
            continue
        ch = text[i]
        if ch in SPACES:
            i += 1
            continue
        cls = CLASS_TABLE.get(ch) or char_class(ch)
        if i in word_at:
            j = i + word_at[i]
        elif ch in DASH or ch in ELLIPSIS or ch in BOX_DASH:
            j = i + 1
            while j < n and text[j] == ch:
                j += 1
        elif cls is latin:  # a whole Latin run: where it may break inside is decided later
            j = i + 1
            while j < n and char_class(text[j]) is latin and text[j] not in SPACES:
                j += 1
        else:
            j = i + 1
        spans.append((i, j, cls))
        i = j
    return spans


def _is_latin(unit: Unit) -> bool:
    return unit.cls is CharClass.LATIN


def _set_glue(left: Unit, right: Unit, spaced: bool, cfg: ParagraphConfig, space_width: float,
              plain: bool = False) -> None:
    """Glue between two units: a word space, the Han–Latin gap, or nothing (`plain`: no gap)."""
    han_left = left.cls is CharClass.HAN
    han_right = right.cls is CharClass.HAN
    if not plain and ((han_left and _is_latin(right)) or (_is_latin(left) and han_right)):
        left.glue = cfg.cjk.han_latin_space * cfg.size
        left.glue_shrink = left.glue / 2  # clreq: down to 1/8 em
        left.glue_kind = "han_latin"
    elif spaced:
        left.glue = space_width
        left.glue_kind = "space"


@dataclass(slots=True, eq=False)
class _Glyph:
    """A character as the composer sets it in one font chain and size (memoised)."""

    ch: str  # the character drawn (a placeholder when no font has the original)
    font: str
    width: float
    offset: float
    shrink_left: float
    shrink_right: float
    mark: bool  # a compressible full-width mark
    unit: Unit | None = None  # the shared single-character unit, made on first use


_GLYPHS: dict[tuple, dict[str, _Glyph]] = {}


def _glyph_table(chain: FontChain, size: float, letter_spacing: float) -> dict[str, _Glyph]:
    """The memo of set characters for one chain and size: a paragraph repeats a few hundred."""
    key = (tuple(f.name for f in chain.faces), size, letter_spacing)
    table = _GLYPHS.get(key)
    if table is None:
        table = _GLYPHS[key] = {}
    return table


def _glyph(ch: str, chain: FontChain, table: dict[str, _Glyph], cfg: ParagraphConfig, where: Where, k: int) -> _Glyph:
    info = table.get(ch)
    if info is None:
        face, drawn = _face(ch, chain, cfg, where, k)
        width, offset, sl, sr = _mark_slot(drawn, face, cfg.size)
        info = _Glyph(drawn, face.name, width + cfg.letter_spacing, offset, sl, sr, char_class(drawn) in MARK_CLASSES)
        if drawn == ch:  # placeholders are not memoised, so each occurrence is reported
            table[ch] = info
    return info


def itemize(runs: tuple[Run, ...], cfg: ParagraphConfig, where: Where) -> list[Unit]:
    """Turn a paragraph's runs into break units.

    Most units are a single Han character or mark; runs of them take a fast path that reuses the
    memoised unit of each character, since this runs once for every character of a book.
    """
    text, bold = _flatten(runs, cfg)
    chains = _chains(cfg)
    tables = tuple(_glyph_table(chain, cfg.size, cfg.letter_spacing) for chain in chains)
    space_face = cfg.regular.pick(" ")
    space_width = space_face.advance_em(" ") * cfg.size if space_face else cfg.size / 4
    units: list[Unit] = []
    prev_end = 0
    han, latin = CharClass.HAN, CharClass.LATIN
    shared = (_SHARED.setdefault(id(tables[0]), {}),)
    any_bold = any(_face_index(r, cfg) for r in runs)

    def make(k: int) -> Unit:
        """The unit of the solo character text[k], as a span of its own would have it."""
        return _single(text, bold, k, CLASS_TABLE.get(text[k]) or char_class(text[k]), tables, chains, cfg, where)

    prev_run = ""  # the text of the span before, when it was a Latin run (for GB 1234)
    code = CODE in bold if any_bold else False
    code_face = cfg.code.pick(" ") if code and cfg.code is not None else None
    code_space = code_face.advance_em(" ") * cfg.size if code_face else space_width

    def plain(start: int) -> bool:
        """Whether the gap before text[start] is inside code: a typed space or nothing, never the
        Han–Latin gap, so that code reads as it was written."""
        return code and bold[start] == CODE and bold[prev_end - 1] == CODE

    for start, end, cls in _split_words(text, cfg):
        if cls is None:  # Han characters and marks: one shared unit each, glue only at the left edge
            begin = start
            if units:
                k = len(units) - 1
                inside = plain(start)
                begin = _open_solo_run(units, text, start, start > prev_end, make, cfg,
                                       code_space if inside else space_width, inside)
                if start > prev_end and _no_break_gap(text, prev_end, start):
                    units[k].nobreak = True  # (a copy: _open_solo_run copies a unit it gives glue)
            prev_run = ""
            if any_bold and any(bold[begin:end]):
                units.extend([make(k) for k in range(begin, end)])
            else:
                _extend_solo_run(units, text, begin, end, shared[0], make)
            prev_end = end
            continue
        if end - start == 1 and cls is not CharClass.DASH:  # (a dash is never shared: it is set joined)
            pieces = [_single(text, bold, start, cls, tables, chains, cfg, where)]
        else:
            pieces = [_multi_unit(text, bold, start, end, cls, tables, cfg, where)]
            if cls is latin:
                pieces = _latin_pieces(pieces[0], text[start:end], cfg)
        unit = pieces[0]
        if units:
            spaced = start > prev_end  # only spaces lie between units
            left = units[-1]
            lcls = left.cls
            if lcls is latin and cls is latin and not spaced:
                if left.shared:
                    left = units[-1] = left.copy()
                left.tight = True
            elif spaced or (lcls is han and cls is latin) or (lcls is latin and cls is han):
                if left.shared:
                    left = units[-1] = left.copy()
                inside = plain(start)
                _set_glue(left, unit, spaced, cfg, code_space if inside else space_width, inside)
                if spaced and (_no_break_gap(text, prev_end, start)
                               or (cls is latin and latin_rules.keeps_together(prev_run, text[start:end]))):
                    left.nobreak = True
        units.extend(pieces)
        prev_end = end
        prev_run = text[start:end] if cls is latin else ""
    return units


def _no_break_gap(text: str, start: int, end: int) -> bool:
    """Whether the spaces text[start:end] hold a no-break space (U+00A0, U+202F)."""
    return any(ch in latin_rules.NO_BREAK_SPACES for ch in text[start:end])


def _latin_pieces(unit: Unit, run: str, cfg: ParagraphConfig) -> list[Unit]:
    """A Latin run cut at the points where a line may break inside it (a URL after its marks,
    a word at its hyphenation points), the pieces joined tight; a piece ending where a hyphen
    would be added carries the hyphen's width. A run with no such point stays one unit."""
    points = latin_rules.break_points(run, cfg.cjk.hyphenation)
    if not points:
        return [unit]
    pieces: list[Unit] = []
    rest, done = unit, 0
    for at, hyphenated in points:
        hyphen = _hyphen_width(unit.fonts[at - 1], cfg) if hyphenated else 0.0
        if hyphenated and not hyphen:
            continue  # a font without a hyphen: no hyphenation
        head, rest = split_unit(rest, at - done)
        head.hyphen = hyphen
        pieces.append(head)
        done = at
    pieces.append(rest)
    return pieces


def _hyphen_width(font: str, cfg: ParagraphConfig) -> float:
    """The advance of the hyphen drawn after a piece whose last letter is in `font`."""
    for face in (*cfg.regular.faces, *cfg.bold.faces):
        if face.name == font:
            for ch in ("\u00ad", "-"):  # the soft hyphen commit draws, else the hyphen's width
                if face.has(ch):
                    return face.advance_em(ch) * cfg.size
            return 0.0
    return 0.0


_SHARED: dict[int, dict[str, Unit]] = {}  # id of a glyph table → character → its shared Han unit


def _open_solo_run(units: list[Unit], text: str, start: int, spaced: bool, make: Callable[[int], Unit],
                   cfg: ParagraphConfig, space_width: float, plain: bool = False) -> int:
    """Set the glue between the last unit and a run of solo characters; where the rest of the run begins.

    The glue is what it would be were each character a span of its own: before a Han character a
    word space, or the Han–Latin gap after a Latin word; before a mark a word space only. A mark
    that takes glue is appended here, made once; a Han character is looked up again with the rest
    of its run, as it always was (a placeholder is reported each time it is made).
    """
    first_cls = CLASS_TABLE.get(text[start]) or char_class(text[start])
    left = units[-1]
    if not (spaced or (first_cls is CharClass.HAN and left.cls is CharClass.LATIN)):
        return start
    if left.shared:
        left = units[-1] = left.copy()
    first = make(start)
    _set_glue(left, first, spaced, cfg, space_width, plain)
    if first_cls is CharClass.HAN:
        return start
    units.append(first)
    return start + 1


def _extend_solo_run(units: list[Unit], text: str, start: int, end: int, memo: dict[str, Unit],
                     make: Callable[[int], Unit]) -> None:
    """Append the shared units of the regular (not bold) solo characters text[start:end].

    The memo is looked up in one C-level pass; only characters not seen before (None) are made
    one by one, in order, so warnings and memoisation happen as they would character by character.
    """
    found = list(map(memo.get, text[start:end]))
    if not all(found):  # (not `None in found`, which would call Unit.__eq__ on every unit)
        for k, unit in enumerate(found):
            if unit is None:
                found[k] = memo.get(text[start + k]) or make(start + k)
    units += found


def _single(text: str, bold: list[bool], k: int, cls: CharClass, tables, chains, cfg: ParagraphConfig,
            where: Where) -> Unit:
    """The shared unit of one character (made on first use and memoised with its glyph)."""
    b = bold[k]
    g = tables[b].get(text[k]) or _glyph(text[k], chains[b], tables[b], cfg, where, k)
    unit = g.unit
    if unit is None:
        unit = g.unit = Unit(g.ch, (g.font,), (g.offset,), g.width, cls, g.shrink_left, g.shrink_right,
                             mark=g.mark, shared=True)
        if not b and g.ch == text[k]:
            _SHARED.setdefault(id(tables[0]), {})[text[k]] = unit
    return unit


def _multi_unit(text: str, bold: list[bool], start: int, end: int, cls: CharClass, tables, cfg: ParagraphConfig,
                where: Where) -> Unit:
    """A unit of several characters: a Latin word, a dash pair, an unbreakable word."""
    chains = _chains(cfg)
    glyphs = [_glyph(text[k], chains[bold[k]], tables[bold[k]], cfg, where, k) for k in range(start, end)]
    kerns = _kerning(glyphs, cfg) if cls is CharClass.LATIN else None
    offsets, x = [], 0.0
    for k, g in enumerate(glyphs):
        if kerns:
            x += kerns[k]
        offsets.append(x + g.offset)
        x += g.width
    unit = Unit("".join(g.ch for g in glyphs), tuple(g.font for g in glyphs), tuple(offsets), x, cls,
                glyphs[0].shrink_left, glyphs[-1].shrink_right, kern=tuple(kerns) if kerns else ())
    unit.stretch_inside = cls not in (CharClass.LATIN, CharClass.DASH, CharClass.ELLIPSIS)
    return unit


def _kerning(glyphs: list[_Glyph], cfg: ParagraphConfig) -> list[float] | None:
    """The font's kerning before each glyph of a Latin run, pt (None when there is none): pairs
    of glyphs in one font, from the `kern` feature's pair adjustments (paiban.text.kerning)."""
    code = cfg.code.faces if cfg.code is not None else ()
    faces = {f.name: f for f in (*cfg.regular.faces, *cfg.bold.faces, *code)}
    kerns = [0.0] * len(glyphs)
    found = False
    for k in range(1, len(glyphs)):
        a, b = glyphs[k - 1], glyphs[k]
        if a.font == b.font:
            face = faces[a.font]
            if len(face.kerning):
                value = face.kerning.get(a.ch, b.ch)
                if value:
                    kerns[k] = value * cfg.size / face.units_per_em
                    found = True
    return kerns if found else None


def latin_only(line: list[Unit]) -> bool:
    """Whether a line holds Latin text only (a URL, a word): one with no gap to justify is set
    flush left, as proofreaders accept, never letter-spaced."""
    return all(u.cls is CharClass.LATIN for u in line)


def can_open(unit: Unit) -> bool:
    """Whether justification may spread a line made of this unit alone.

    Runs of Han characters (an unbreakable name) open between characters. A Latin word or URL
    never does: letter-spacing is not how Latin text is justified (a word alone on its line is
    set flush left instead), nor may a single character or a dash or ellipsis run, as a
    broken-up dash reads as two.
    """
    return unit.stretch_inside


def split_unit(unit: Unit, at: int) -> tuple[Unit, Unit]:
    """Cut a unit between characters `at - 1` and `at`, keeping every glyph where it was.

    The head keeps the unit's left blank, the tail its right blank and the glue after it; the
    characters keep their positions relative to each other, so a word cut in two and set on one
    line would look exactly as before, but for the kerning of the pair at the cut: it is dropped,
    so that the head ends at its last glyph's full advance when the line breaks there.
    """
    cut = unit.offsets[at]
    kern = unit.kern[at] if unit.kern else 0.0
    head = Unit(unit.text[:at], unit.fonts[:at], unit.offsets[:at], cut - kern, unit.cls, unit.shrink_left, 0.0,
                kern=unit.kern[:at])
    tail_offsets = tuple(o - cut for o in unit.offsets[at:])
    tail = Unit(unit.text[at:], unit.fonts[at:], tail_offsets, unit.width - cut, char_class(unit.text[at]),
                0.0, unit.shrink_right, unit.glue, unit.glue_shrink, unit.glue_kind,
                kern=(0.0, *unit.kern[at + 1:]) if unit.kern else ())
    head.stretch_inside = unit.stretch_inside and len(head.text) > 1
    tail.stretch_inside = unit.stretch_inside and len(tail.text) > 1
    head.tight = True  # the two halves of one word: no justification space between them
    tail.tight, tail.hyphen, tail.nobreak = unit.tight, unit.hyphen, unit.nobreak
    return head, tail


def characters(unit: Unit) -> list[Unit]:
    """A unit cut between every pair of characters (in one pass: a pasted blob may be long), each
    as wide as its glyph's advance (the kerning between them dropped, as at any cut)."""
    n = len(unit.text)
    edges = [0.0, *unit.offsets[1:], unit.width]
    kern = [*unit.kern[1:], 0.0] if unit.kern else [0.0] * n  # kerning after each character
    out = []
    for k, ch in enumerate(unit.text):
        left = unit.shrink_left if k == 0 else 0.0
        right = unit.shrink_right if k == n - 1 else 0.0
        offset = unit.offsets[k] - edges[k]
        out.append(Unit(ch, (unit.fonts[k],), (offset,), edges[k + 1] - edges[k] - kern[k], char_class(ch), left, right,
                        tight=k < n - 1 and unit.cls is CharClass.LATIN))  # one word: no space inside
    last = out[-1]
    last.glue, last.glue_shrink, last.glue_kind = unit.glue, unit.glue_shrink, unit.glue_kind
    last.tight, last.hyphen, last.nobreak = unit.tight, unit.hyphen, unit.nobreak
    return out


def split_overlong(units: list[Unit], cfg: ParagraphConfig, where: Where) -> list[Unit]:
    """Break units wider than the measure (a long URL, an absurd word) into single characters.

    Setting them beyond the column edge is never acceptable; a warning names the unit.
    """
    limit = cfg.width - cfg.indent
    if all([u.width <= limit for u in units if not u.shared]):  # (a shared unit is one character)
        return units
    out: list[Unit] = []
    for u in units:
        if u.width <= limit or len(u.text) == 1:
            out.append(u)
            continue
        where.diagnostics.warn(f"'{u.text}' is wider than the column and was broken between characters", where.source)
        out.extend(characters(u))
    return out
