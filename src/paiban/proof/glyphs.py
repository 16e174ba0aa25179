"""Glyph boxes of laid-out lines, from the layout's positions and the fonts' advances.

The layout records where each glyph starts; how wide it is comes from the font (the advance,
after the font's full-width substitutions). Every spacing measure of `paiban proof` is a
difference between one glyph's right edge and the next one's left edge.

A build proofreads every page it writes, so the lines of a page are read into flat lists once,
with a one-letter kind per character (H Han, M full-width mark, L Latin, S space or line end, O
other), and the checks find what they look for with C-level passes over the whole page (maps,
regular expressions on the kinds) rather than a Python loop per glyph: per glyph there is no
Python work at all, only per candidate.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import add, and_, eq, mul, sub

from paiban.layout.result import Line
from paiban.text.classes import COMPRESSIBLE, CharClass, char_class
from paiban.text.fonts import FontMetrics

#: Font key (as in `LayoutDocument.fonts`) → its metrics.
FontResolver = Callable[[str], FontMetrics]

#: str.translate table character → kind letter, filled as characters come. The kind letters
#: themselves are Latin letters, so that a text holding them translates right.
_KIND_TABLE: dict[int, str] = {ord(k): "L" for k in "HMLSO"}
_UNKNOWN = re.compile(r"[^HMLSO]")


def kind_of(ch: str) -> str:
    """H Han, M full-width mark, L Latin, S space, O anything else."""
    if ch in COMPRESSIBLE:
        return "M"
    if ch.isspace():
        return "S"
    cls = char_class(ch)
    return "H" if cls is CharClass.HAN else "L" if cls is CharClass.LATIN else "O"


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
        try:
            return list(map(table.__getitem__, text))
        except KeyError:
            metrics = self._fonts(font)
            for ch in text:
                if ch not in table:
                    cp = ord(ch)
                    table[ch] = metrics.advances[cp] / metrics.units_per_em if cp in metrics.advances else 0.0
            return list(map(table.__getitem__, text))


@dataclass(slots=True, eq=False)
class PageGlyphs:
    """The glyphs of a page's lines, line after line, in flat lists; a line-end slot of kind S
    (no width) follows each line, so that no pair of neighbours spans two lines.

    `spans[k]` is the [start, end) of line k's glyphs and `sizes[k]` its text size; `steps[i]`
    the space between glyph i's right edge and glyph i+1's left edge; `han_pairs[i]` whether
    glyphs i and i+1 are both Han.
    """

    chars: str
    kinds: str
    xs: list[float]
    advances: list[float]
    steps: list[float]
    han_pairs: list[bool]
    spans: list[tuple[int, int]]
    sizes: list[float]  # the text size of each line (of its first run)

    def right(self, i: int) -> float:
        return self.xs[i] + self.advances[i]

    def text(self, start: int, end: int) -> str:
        return self.chars[start:end]


def page_glyphs(lines: Sequence[Line], advances: Advances) -> PageGlyphs:
    """The glyphs of `lines`, each with its advance from its font."""
    chars: list[str] = []
    xs: list[float] = []
    adv: list[float] = []
    sizes: list[float] = []
    spans = []
    for line in lines:
        start = len(xs)
        runs = line.runs
        if len(runs) > 1 and any(b.xs and a.xs and b.xs[0] < a.xs[-1] for a, b in zip(runs, runs[1:])):
            runs = sorted(runs, key=lambda r: r.xs[0] if r.xs else 0.0)  # drawn out of order: read left to right
        for run in runs:
            chars.append(run.text)
            xs.extend(run.xs)
            adv.extend(map(mul, advances.of(run.font, run.text), repeat(run.size)))
        spans.append((start, len(xs)))
        sizes.append(runs[0].size if runs else line.size)
        chars.append("\n")
        xs.append(xs[-1] if len(xs) > start else 0.0)
        adv.append(0.0)
    text = "".join(chars)
    kinds = text.translate(_KIND_TABLE)
    if _UNKNOWN.search(kinds):
        for ch in set(text):
            if ord(ch) not in _KIND_TABLE:
                _KIND_TABLE[ord(ch)] = kind_of(ch)
        kinds = text.translate(_KIND_TABLE)
    steps = list(map(sub, xs[1:], map(add, xs, adv)))
    han = list(map(eq, kinds, repeat("H")))
    return PageGlyphs(text, kinds, xs, adv, steps, list(map(and_, han, han[1:])), spans, sizes)


def han_gaps(g: PageGlyphs, start: int, end: int) -> list[float]:
    """Space between each pair of adjacent Han characters of glyphs [start, end) beyond solid
    setting, pt."""
    return list(compress(g.steps[start:end - 1], g.han_pairs[start:end - 1]))
