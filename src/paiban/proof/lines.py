"""Checks of set lines on their own: spacing, squeezed marks, overfull, letter-spaced Latin.

They run over a whole page's glyphs at once (`PageGlyphs`): the loose and tight candidates come
from comparing every step with its threshold in one pass, marks and Latin words from regular
expressions on the kind letters, and Python looks only at what those passes turn up.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from operator import add

from paiban.layout.result import Line
from paiban.proof.glyphs import PageGlyphs, han_gaps
from paiban.proof.report import Finding

#: Han characters further apart than this beyond solid setting make a loose line (em).
LOOSE_EM = 0.25
#: Han characters closer than solid by more than this make a tight line (em).
TIGHT_EM = 0.02
#: A mark set narrower than its em by more than this counts as squeezed (em).
SQUEEZED_EM = 0.02
#: A lone squeezed mark is marked when it lost more than this (em).
LONE_SQUEEZE_EM = 0.25
#: Glyphs further right than the measure by more than this overrun the column (pt).
OVERFULL_PT = 0.1
#: Letters of one word further apart than this are letter-spaced (em).
LETTER_SPACED_EM = 0.03
#: Marks whose right half is blank: at a line end they may lose it (push-in, or a style's
#: half-width line ends).
_RIGHT_BLANK = frozenset("，。、；：？！．”’）》」』】〉〕］｝〗〙")
_MARK_BETWEEN_HAN = re.compile(r"(?<=H)M(?=H)")
_LATIN_WORD = re.compile(r"L{2,}")
_LATIN_RUN = re.compile(r"L+")


@dataclass(frozen=True, slots=True, eq=False)
class Place:
    """Where a line is, as a report gives it."""

    page: int
    column: int
    line: int

    def finding(self, kind: str, text: str, value: float, unit: str, note: str = "") -> Finding:
        return Finding(kind, self.page, self.column, self.line, text, round(value, 3), unit, note)


def check_lines(lines: Sequence[Line], places: Sequence[Place], g: PageGlyphs, end_half: bool) -> list[Finding]:
    """Findings of the lines of one page (`g` holds their glyphs, in the same order). `end_half`
    says the style lets a line-end mark lose its blank half."""
    starts = [s for s, _ in g.spans]
    out: list[Finding] = []
    out += _spacing(lines, places, g, starts)
    out += _squeezed_marks(lines, places, g, starts)
    for k, line in enumerate(lines):
        if line.column >= 0 or line.role == "lead":
            over = _overfull(line, g, *g.spans[k], end_half)
            if over > OVERFULL_PT:
                out.append(places[k].finding("overfull_line", line.text, over, "pt", "past the column's right edge"))
    for m in _LATIN_WORD.finditer(g.kinds):
        start, end = m.span()
        k = bisect_right(starts, start) - 1
        spread = max(g.steps[start:end - 1]) / (g.sizes[k] or 1.0)
        if spread > LETTER_SPACED_EM:
            out.append(places[k].finding("letter_spaced_latin", g.text(start, end), spread, "em",
                                         "largest gap between its letters"))
    return out


def _spacing(lines: Sequence[Line], places: Sequence[Place], g: PageGlyphs, starts: list[int]) -> list[Finding]:
    """Loose and tight justified lines, found from the steps between Han characters.

    One pass finds the page's widest and narrowest Han step; only when one of them is past a
    threshold (at the page's smallest text size, so no line is missed) are the lines looked at.
    """
    han_steps = list(compress(g.steps, g.han_pairs))
    if not han_steps:
        return []
    smallest = min(g.sizes) or 1.0
    out = []
    for kind, past in (("loose_line", max(han_steps) > LOOSE_EM * smallest),
                       ("tight_line", min(han_steps) < -TIGHT_EM * smallest)):
        if not past:
            continue
        for k, line in enumerate(lines):
            if not line.justified:
                continue
            start, end = g.spans[k]
            gaps = han_gaps(g, start, end)
            if not gaps:
                continue
            size = g.sizes[k] or 1.0
            if kind == "loose_line" and max(gaps) / size > LOOSE_EM + 1e-6:
                out.append(places[k].finding(kind, line.text, max(gaps) / size, "em", _loose_reason(g, start, end)))
            elif kind == "tight_line" and min(gaps) / size < -TIGHT_EM:
                out.append(places[k].finding(kind, line.text, min(gaps) / size, "em"))
    return out


def _loose_reason(g: PageGlyphs, start: int, end: int) -> str:
    """Why a line came out loose, when it shows: a long Latin word or URL that would not break."""
    texts = [g.text(m.start(), m.end()) for m in _LATIN_WORD.finditer(g.kinds, start, end)]
    longest_text = max(texts, key=len, default="")
    if len(longest_text) >= 8:
        return f"unbreakable Latin run {longest_text!r} on the line"
    following = _LATIN_RUN.match(g.kinds, end + 1)  # (a newline ends each line)
    if following is not None:  # the line gave up the number (or word) that opens the next one
        return f"{g.text(following.start(), following.end())!r} kept whole with what follows it on the next line"
    return "few break points on the line" if end - start < 8 else ""


def _squeezed_marks(lines: Sequence[Line], places: Sequence[Place], g: PageGlyphs,
                    starts: list[int]) -> list[Finding]:
    """Full-width marks between two Han characters set narrower than an em, while another mark
    of the line is full width, or alone and by more than a quarter em.

    A mark's set width is the room between the character before's right edge and the one
    after's left edge, less the line's justification space on both sides (the step between the
    line's first two adjacent Han characters: justification spreads it evenly); marks next to
    another mark are left out, their pair compression being the rule (clreq §3.1.6.2).
    """
    by_line: dict[int, list[int]] = {}
    for m in _MARK_BETWEEN_HAN.finditer(g.kinds):
        by_line.setdefault(bisect_right(starts, m.start()) - 1, []).append(m.start())
    out = []
    xs = g.xs
    for k, marks in by_line.items():
        start, end = g.spans[k]
        pair = g.kinds.find("HH", start, end)
        gap = g.steps[pair] if pair >= 0 else 0.0
        size = g.sizes[k] or 1.0
        squeezes = [(i, (size - (xs[i + 1] - g.right(i - 1) - 2 * gap)) / size) for i in marks]
        squeezed = [(i, s) for i, s in squeezes if s > SQUEEZED_EM]
        if not squeezed:
            continue
        if len(squeezed) < len(squeezes):
            note = "another mark on the line is full width"
        elif len(squeezed) == 1 and squeezed[0][1] > LONE_SQUEEZE_EM and _marks_inside(g, start, end) == 1:
            note = "the only squeezed mark of the line"  # (a mark beside a digit may share the squeeze)
        else:
            continue
        out += [places[k].finding("squeezed_lone_mark", g.text(max(start, i - 3), min(end, i + 4)), s, "em", note)
                for i, s in squeezed]
    return out


def _marks_inside(g: PageGlyphs, start: int, end: int) -> int:
    """Marks of a line other than its last glyph (the line end is set half width anyway)."""
    last = end - 1
    while last > start and g.kinds[last] == "S":
        last -= 1
    return g.kinds.count("M", start, last)


def _overfull(line: Line, g: PageGlyphs, start: int, end: int, end_half: bool) -> float:
    """How far the glyphs reach past the measure's right edge, pt.

    Only lines of the columns and the lead are measured: title-block lines are centred and
    fitted by the title's own rule (shrink, then wrap), so their edge is not a column edge.
    A mark at the line end may lose its blank half when the line was pushed in (or when the
    style sets line-end marks half width): its box may then stick out by that half while its
    ink stays inside, so that half is not counted.
    """
    last = end - 1
    while last >= start and g.kinds[last] == "S":
        last -= 1
    if last < start:
        return 0.0
    # Glyph boxes follow one another left to right, so only the last few can reach furthest.
    lo = max(start, last - 3)
    right = max(map(add, g.xs[lo:last], g.advances[lo:last])) if last > start else g.xs[start]
    allowance = line.runs[-1].size / 2 if g.chars[last] in _RIGHT_BLANK and (line.pushed == "in" or end_half) else 0.0
    return max(right, g.right(last) - allowance) - (line.x + line.width)
