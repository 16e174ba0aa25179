"""Checks of one set line on its own: spacing, squeezed marks, overfull, letter-spaced Latin."""

from __future__ import annotations

from dataclasses import dataclass

from paiban.layout.result import Line
from paiban.proof.glyphs import LineGlyphs, han_gaps, latin_words, mark_squeezes
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
#: Marks whose right half is blank: at a line end they may lose it (push-in, or a style's half-width line ends).
_RIGHT_BLANK = frozenset("，。、；：？！．”’）》」』】〉〕］｝〗〙")


@dataclass(frozen=True, slots=True)
class Place:
    """Where a line is, as a report gives it."""

    page: int
    column: int
    line: int

    def finding(self, kind: str, text: str, value: float, unit: str, note: str = "") -> Finding:
        return Finding(kind, self.page, self.column, self.line, text, round(value, 3), unit, note)


def check_line(line: Line, g: LineGlyphs, place: Place, end_half: bool) -> list[Finding]:
    """Findings of one line. `end_half` says the style lets a line-end mark lose its blank half."""
    if not g.chars:
        return []
    out: list[Finding] = []
    gaps = han_gaps(g)
    if gaps and line.justified:
        size = g.sizes[0] or 1.0
        widest, narrowest = max(gaps) / size, min(gaps) / size
        if widest > LOOSE_EM + 1e-6:
            out.append(place.finding("loose_line", line.text, widest, "em", _loose_reason(g)))
        if narrowest < -TIGHT_EM:
            out.append(place.finding("tight_line", line.text, narrowest, "em"))
    if "M" in g.kinds:
        out.extend(_squeezed_marks(g, gaps, place))
    over = _overfull(line, g, end_half) if line.column >= 0 or line.role == "lead" else 0.0
    if over > OVERFULL_PT:
        out.append(place.finding("overfull_line", line.text, over, "pt", "past the column's right edge"))
    if "LL" in g.kinds:
        for start, end in latin_words(g):
            spread = max(g.steps[start:end - 1]) / (g.sizes[start] or 1.0)
            if spread > LETTER_SPACED_EM:
                out.append(place.finding("letter_spaced_latin", g.text(start, end), spread, "em",
                                         "largest gap between its letters"))
    return out


def _loose_reason(g: LineGlyphs) -> str:
    """Why a line came out loose, when it shows: a long Latin word or URL that would not break."""
    words = [g.text(s, e) for s, e in latin_words(g)]
    longest = max(words, key=len, default="")
    if len(longest) >= 8:
        return f"unbreakable Latin run {longest!r} on the line"
    return "few break points on the line" if len(g.chars) < 8 else ""


def _squeezed_marks(g: LineGlyphs, gaps: list[float], place: Place) -> list[Finding]:
    squeezes = mark_squeezes(g, gaps)
    squeezed = [(i, s) for i, s in squeezes if s > SQUEEZED_EM]
    if not squeezed:
        return []
    if len(squeezed) < len(squeezes):
        note = "another mark on the line is full width"
    elif len(squeezed) == 1 and squeezed[0][1] > LONE_SQUEEZE_EM:
        note = "the only squeezed mark of the line"
    else:
        return []
    return [place.finding("squeezed_lone_mark", g.text(max(0, i - 3), i + 4), s, "em", note) for i, s in squeezed]


def _overfull(line: Line, g: LineGlyphs, end_half: bool) -> float:
    """How far the glyphs reach past the measure's right edge, pt.

    Only lines of the columns and the lead are measured: title-block lines are centred and
    fitted by the title's own rule (shrink, then wrap), so their edge is not a column edge.

    A mark at the line end may lose its blank half when the line was pushed in (or when the
    style sets line-end marks half width): its box may then stick out by that half while its
    ink stays inside, so that half is not counted.
    """
    last = len(g.chars) - 1
    while last >= 0 and g.kinds[last] == "S":
        last -= 1
    if last < 0:
        return 0.0
    right = g.rightmost(last) if last else g.xs[0]
    allowance = g.sizes[last] / 2 if g.chars[last] in _RIGHT_BLANK and (line.pushed == "in" or end_half) else 0.0
    return max(right, g.right(last) - allowance) - (line.x + line.width)
