"""Checks of one set line on its own: spacing, squeezed marks, overfull, letter-spaced Latin."""

from __future__ import annotations

from dataclasses import dataclass

from paiban.layout.result import Line
from paiban.proof.glyphs import Glyph, han_gaps, latin_words, mark_squeezes
from paiban.proof.report import Finding
from paiban.text.classes import CLOSING, PAUSE

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


@dataclass(frozen=True, slots=True)
class Place:
    """Where a line is, as a report gives it."""

    page: int
    column: int
    line: int

    def finding(self, kind: str, text: str, value: float, unit: str, note: str = "") -> Finding:
        return Finding(kind, self.page, self.column, self.line, text, round(value, 3), unit, note)


def check_line(line: Line, glyphs: list[Glyph], place: Place, end_half: bool) -> list[Finding]:
    """Findings of one line. `end_half` says the style lets a line-end mark lose its blank half."""
    if not glyphs:
        return []
    out: list[Finding] = []
    text = line.text
    if line.justified:
        gaps = han_gaps(glyphs)
        if gaps and max(gaps) > LOOSE_EM + 1e-6:
            out.append(place.finding("loose_line", text, max(gaps), "em", _loose_reason(glyphs)))
        if gaps and min(gaps) < -TIGHT_EM:
            out.append(place.finding("tight_line", text, min(gaps), "em"))
    out.extend(_squeezed_marks(glyphs, place, text))
    out.extend(_overfull(line, glyphs, place, end_half))
    for start, end in latin_words(glyphs):
        word = glyphs[start:end]
        spread = max((b.x - a.right) / a.size for a, b in zip(word, word[1:]) if a.size)
        if spread > LETTER_SPACED_EM:
            out.append(place.finding("letter_spaced_latin", "".join(g.char for g in word), spread, "em",
                                     "largest gap between its letters"))
    return out


def _loose_reason(glyphs: list[Glyph]) -> str:
    """Why a line came out loose, when it shows: a long Latin word or URL that would not break."""
    words = ["".join(g.char for g in glyphs[s:e]) for s, e in latin_words(glyphs)]
    longest = max(words, key=len, default="")
    if len(longest) >= 8:
        return f"unbreakable Latin run {longest!r} on the line"
    return "few break points on the line" if len(glyphs) < 8 else ""


def _squeezed_marks(glyphs: list[Glyph], place: Place, text: str) -> list[Finding]:
    squeezes = mark_squeezes(glyphs)
    squeezed = [(i, s) for i, s in squeezes if s > SQUEEZED_EM]
    full = [i for i, s in squeezes if s <= SQUEEZED_EM]
    if squeezed and full:
        chosen = squeezed
        note = "another mark on the line is full width"
    elif len(squeezed) == 1 and squeezed[0][1] > LONE_SQUEEZE_EM:
        chosen = squeezed
        note = "the only squeezed mark of the line"
    else:
        return []
    return [place.finding("squeezed_lone_mark", _around(glyphs, i), s, "em", note) for i, s in chosen]


def _around(glyphs: list[Glyph], i: int) -> str:
    return "".join(g.char for g in glyphs[max(0, i - 3): i + 4])


def _overfull(line: Line, glyphs: list[Glyph], place: Place, end_half: bool) -> list[Finding]:
    """A glyph whose advance reaches past the measure's right edge.

    A mark at the line end may lose its blank half when the line was pushed in (or when the
    style sets line-end marks half width): its box may then stick out by that half while its
    ink stays inside, so that half is not counted.
    """
    edge = line.x + line.width
    visible = [g for g in glyphs if not g.char.isspace()]
    if not visible:
        return []
    last = visible[-1]
    right = max(g.right for g in visible[:-1]) if len(visible) > 1 else last.x
    allowance = last.size / 2 if last.char in (CLOSING | PAUSE) and (line.pushed == "in" or end_half) else 0.0
    right = max(right, last.right - allowance)
    over = right - edge
    if over > OVERFULL_PT:
        return [place.finding("overfull_line", line.text, over, "pt", "past the column's right edge")]
    return []
