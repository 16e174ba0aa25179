"""Glyph boxes of a laid-out line, from the layout's positions and the fonts' advances.

The layout records where each glyph starts; how wide it is comes from the font (the advance,
after the font's full-width substitutions). Every spacing measure of `paiban proof` is a
difference between one glyph's right edge and the next one's left edge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from statistics import median

from paiban.layout.result import Line
from paiban.text.classes import COMPRESSIBLE, CharClass, char_class
from paiban.text.fonts import FontMetrics

#: Font key (as in `LayoutDocument.fonts`) → its metrics.
FontResolver = Callable[[str], FontMetrics]


@dataclass(frozen=True, slots=True)
class Glyph:
    char: str
    x: float  # left edge, pt
    advance: float  # pt
    size: float  # em, pt

    @property
    def right(self) -> float:
        return self.x + self.advance

    @property
    def is_han(self) -> bool:
        return char_class(self.char) is CharClass.HAN

    @property
    def is_mark(self) -> bool:
        return self.char in COMPRESSIBLE

    @property
    def is_latin(self) -> bool:
        return char_class(self.char) is CharClass.LATIN


def line_glyphs(line: Line, fonts: FontResolver) -> list[Glyph]:
    """The line's glyphs left to right, each with its advance from its font."""
    out: list[Glyph] = []
    for run in line.runs:
        metrics = fonts(run.font)
        scale = run.size / metrics.units_per_em
        for ch, x in zip(run.text, run.xs):
            cp = ord(ch)
            advance = metrics.advances[cp] * scale if cp in metrics.advances else 0.0
            out.append(Glyph(ch, x, advance, run.size))
    out.sort(key=lambda g: g.x)
    return out


def han_gaps(glyphs: list[Glyph]) -> list[float]:
    """Space between each pair of adjacent Han characters beyond solid setting, in em."""
    return [(b.x - a.right) / a.size for a, b in zip(glyphs, glyphs[1:]) if a.is_han and b.is_han and a.size]


def line_gap(glyphs: list[Glyph]) -> float:
    """The justification space the line puts between characters, pt (0 without two adjacent Han)."""
    gaps = [(b.x - a.right) for a, b in zip(glyphs, glyphs[1:]) if a.is_han and b.is_han]
    return median(gaps) if gaps else 0.0


def mark_squeezes(glyphs: list[Glyph]) -> list[tuple[int, float]]:
    """For each full-width mark between two Han characters: (index, how much narrower than an
    em it is set, in em).

    The mark's set width is the room between the character before's right edge and the one
    after's left edge, less the line's justification space on both sides; marks next to another
    mark are left out, their pair compression being the rule (clreq §3.1.6.2).
    """
    gap = line_gap(glyphs)
    out = []
    for i in range(1, len(glyphs) - 1):
        g = glyphs[i]
        prev, nxt = glyphs[i - 1], glyphs[i + 1]
        if not g.is_mark or not (prev.is_han and nxt.is_han) or not g.size:
            continue
        width = nxt.x - prev.right - 2 * gap
        out.append((i, (g.size - width) / g.size))
    return out


def latin_words(glyphs: list[Glyph]) -> list[tuple[int, int]]:
    """[start, end) index spans of the runs of Latin characters without a space (words, URLs)."""
    spans = []
    start = None
    for i, g in enumerate(glyphs + [Glyph(" ", 0.0, 0.0, 0.0)]):
        latin = g.is_latin and not g.char.isspace()
        if latin and start is None:
            start = i
        elif not latin and start is not None:
            if i - start >= 2:
                spans.append((start, i))
            start = None
    return spans
