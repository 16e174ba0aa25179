"""Where a set glyph's body ends, read from the font alone: the measure of an overfull line.

A glyph's advance is not always its body. A full-width mark's blank half is squeezed away at a
line end (clreq; GB/T 15834 sets a line-end mark half width) and by a push-in, so its advance may
reach past the column edge while nothing of it is inked there; an interpunct is set in a centred
half em whatever its advance; a joined dash is drawn widened. So a checker that took x + advance
would report those lines as overfull, and one that took the ink alone would miss a mark set a
little too far. The body is:

- a Han character, digit, letter, ellipsis: x + its advance;
- a full-width mark: x + its advance less the blank the font leaves on its right (half an em, or
  a quarter for a centred mark; none for an opening bracket, whose blank is on the left);
- an interpunct: a quarter em right of its ink's centre;
- a widened (joined) dash: where its widened ink ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from paiban.layout.result import GlyphRun
from paiban.text.classes import COMPRESSIBLE, DASH, INTERPUNCTS
from paiban.text.fonts import FontMetrics


def body_right(face: FontMetrics, ch: str, x: float, size: float, scale: float = 1.0) -> float:
    """The right edge of the body of glyph `ch` drawn at `x` (see the module docstring)."""
    unit = size / face.units_per_em
    advance = face.advances[ord(ch)] * unit
    ink = face.ink.get(ord(ch))
    if ch in INTERPUNCTS and ink is not None:
        return x + (ink.x0 + ink.x1) / 2 * unit + size / 4
    if ch in DASH and scale != 1.0 and ink is not None:
        return x + ink.x1 * unit * scale
    if ch in COMPRESSIBLE and advance > 0.95 * size:
        blank = {"right": size / 2, "both": size / 4}.get(face.blank_side(ch) or "", 0.0)
        return x + advance - blank
    return x + advance * scale


def overrun(runs: Iterable[GlyphRun], edge: float, faces: Mapping[str, FontMetrics]) -> float:
    """How far the furthest glyph body of `runs` ends past `edge` (negative when all end before).

    `faces` maps each run's font key to its metrics (a layout's fonts, or a paragraph's chains).
    """
    furthest = float("-inf")
    for run in runs:
        face = faces[run.font]
        for ch, x in zip(run.text, run.xs):
            if ch != " ":
                furthest = max(furthest, body_right(face, ch, x, run.size, run.scale))
    return furthest - edge
