"""Glyph boxes of a laid-out line, from the layout's positions and the fonts' advances.

The layout records where each glyph starts; how wide it is comes from the font (the advance,
after the font's full-width substitutions). Every spacing measure of `paiban proof` is a
difference between one glyph's right edge and the next one's left edge.

A build proofreads every line it writes, so a line is read into flat lists once, with a one-
letter kind per character (H Han, M full-width mark, L Latin, S space, O other), and the checks
find what they look for in that string with regular expressions rather than a loop per glyph.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import compress, repeat
from operator import add, and_, eq, mul, sub
from dataclasses import dataclass
from statistics import median

from paiban.layout.result import Line
from paiban.text.classes import COMPRESSIBLE, CharClass, char_class
from paiban.text.fonts import FontMetrics

#: Font key (as in `LayoutDocument.fonts`) → its metrics.
FontResolver = Callable[[str], FontMetrics]

_KINDS: dict[str, str] = {}
_KIND_TABLE: dict[int, str] = {ord(k): "L" for k in "HMLSO"}  # str.translate table (these letters are Latin), filled as characters come
_UNKNOWN = re.compile(r"[^HMLSO]")
_MARK_BETWEEN_HAN = re.compile(r"(?<=H)M(?=H)")
_LATIN_WORD = re.compile(r"L{2,}")


def kind_of(ch: str) -> str:
    """H Han, M full-width mark, L Latin, S space, O anything else (remembered per character)."""
    kind = _KINDS.get(ch)
    if kind is None:
        if ch in COMPRESSIBLE:
            kind = "M"
        elif ch.isspace():
            kind = "S"
        else:
            cls = char_class(ch)
            kind = "H" if cls is CharClass.HAN else "L" if cls is CharClass.LATIN else "O"
        _KINDS[ch] = kind
    return kind


@dataclass(slots=True)
class LineGlyphs:
    """A line's glyphs left to right as parallel lists (x, advance and size in pt)."""

    chars: str
    kinds: str
    xs: list[float]
    advances: list[float]
    sizes: list[float]
    steps: list[float]  # steps[i]: space between glyph i's right edge and glyph i+1's left edge

    def right(self, i: int) -> float:
        return self.xs[i] + self.advances[i]

    def rightmost(self, end: int) -> float:
        """The furthest right edge among glyphs [0, end)."""
        return max(map(add, self.xs[:end], self.advances[:end]))

    def text(self, start: int, end: int) -> str:
        return self.chars[start:end]


class Advances:
    """Advances of characters in a font, in em, remembered per font key and character."""

    def __init__(self, fonts: FontResolver) -> None:
        self._fonts = fonts
        self._em: dict[str, dict[str, float]] = {}

    def of(self, font: str, text: str) -> list[float]:
        """The advance of each character of `text` in `font`, em."""
        table = self._em.get(font)
        if table is None:
            table = self._em[font] = {}
        found = list(map(table.get, text))
        if None in found:
            metrics = self._fonts(font)
            for ch in text:
                if ch not in table:
                    cp = ord(ch)
                    table[ch] = metrics.advances[cp] / metrics.units_per_em if cp in metrics.advances else 0.0
            found = [table[ch] for ch in text]
        return found  # type: ignore[return-value]


def line_glyphs(line: Line, advances: Advances) -> LineGlyphs:
    """The line's glyphs, left to right, each with its advance from its font."""
    chars: list[str] = []
    xs: list[float] = []
    adv: list[float] = []
    sizes: list[float] = []
    for run in line.runs:
        size = run.size
        chars.extend(run.text)
        xs.extend(run.xs)
        adv.extend(map(mul, advances.of(run.font, run.text), repeat(size)))
        sizes.extend([size] * len(run.text))
    if len(line.runs) > 1 and any(b < a for a, b in zip(xs, xs[1:])):
        order = sorted(range(len(xs)), key=xs.__getitem__)
        chars, xs, adv, sizes = [chars[i] for i in order], [xs[i] for i in order], [adv[i] for i in order], \
            [sizes[i] for i in order]
    text = "".join(chars)
    kinds = text.translate(_KIND_TABLE)
    if _UNKNOWN.search(kinds):
        for ch in set(text):
            _KIND_TABLE[ord(ch)] = kind_of(ch)
        kinds = text.translate(_KIND_TABLE)
    steps = list(map(sub, xs[1:], map(add, xs, adv)))
    return LineGlyphs(text, kinds, xs, adv, sizes, steps)


def han_gaps(g: LineGlyphs) -> list[float]:
    """Space between each pair of adjacent Han characters beyond solid setting, pt."""
    han = list(map(eq, g.kinds, repeat("H")))
    return list(compress(g.steps, map(and_, han, han[1:])))


def mark_squeezes(g: LineGlyphs, gaps: list[float]) -> list[tuple[int, float]]:
    """For each full-width mark between two Han characters: (index, how much narrower than an
    em it is set, in em).

    The mark's set width is the room between the character before's right edge and the one
    after's left edge, less the line's justification space (`gaps`: the Han–Han gaps) on both
    sides; marks next to another mark are left out, their pair compression being the rule
    (clreq §3.1.6.2).
    """
    gap = median(gaps) if gaps else 0.0
    out = []
    for m in _MARK_BETWEEN_HAN.finditer(g.kinds):
        i = m.start()
        size = g.sizes[i]
        if size:
            width = g.xs[i + 1] - g.right(i - 1) - 2 * gap
            out.append((i, (size - width) / size))
    return out


def latin_words(g: LineGlyphs) -> list[tuple[int, int]]:
    """[start, end) spans of the runs of two or more Latin characters without a space (words, URLs)."""
    return [m.span() for m in _LATIN_WORD.finditer(g.kinds)]
