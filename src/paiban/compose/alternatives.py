"""A paragraph's other settings, one line shorter or longer (缩行/伸行), for page make-up.

The flow asks for them only when a page would end badly (a hole at a column foot, a stranded
last page), so they are worked out on the first question and kept: a page that needs none costs
nothing. They come from `paragraph_variants`, which offers only settings with no line looser
than a quarter em and no lone last character. The cost of a setting is what it adds over the
paragraph's best setting of its own line count, so page make-up changes the paragraphs that
suffer least.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from paiban.compose.config import ParagraphConfig, Where
from paiban.compose.line import ComposedLine
from paiban.compose.marks import set_marks, with_emphasis
from paiban.compose.paragraph import paragraph_variants
from paiban.errors import Diagnostics, Span
from paiban.model.article import HARD_BREAK, Run


@dataclass(frozen=True, slots=True)
class Alternative:
    """A paragraph's setting with one line fewer or more, and what it costs the reader: the
    demerits it adds over the best setting of the paragraph's own line count."""

    lines: tuple[ComposedLine, ...]
    cost: float


class ParagraphAlternatives:
    """The settings one line off of one paragraph, made when first asked for (plain data, so a
    composed article still crosses a process boundary)."""

    __slots__ = ("runs", "cfg", "source", "_made")

    def __init__(self, runs: tuple[Run, ...], cfg: ParagraphConfig, source: Span | None) -> None:
        self.runs = runs
        self.cfg = cfg
        self.source = source
        self._made: dict[int, Mapping[int, Alternative]] = {}

    def __getstate__(self) -> tuple:
        return self.runs, self.cfg, self.source  # what was made is made again when asked

    def __setstate__(self, state: tuple) -> None:
        self.runs, self.cfg, self.source = state
        self._made = {}

    def around(self, count: int) -> Mapping[int, Alternative]:
        made = self._made.get(count)
        if made is None:
            made = self._made[count] = self._make(count)
        return made

    def _make(self, count: int) -> Mapping[int, Alternative]:
        if self.cfg.align != "justify" or any(HARD_BREAK in r.text for r in self.runs):
            return {}  # the lines of an address or a verse end where the author ended them
        marked = any(r.emphasis or r.strike or r.link for r in self.runs)
        runs = with_emphasis(self.runs, self.cfg) if marked else self.runs
        # Warnings were given when the paragraph was first set; a trial setting repeats none.
        variants = paragraph_variants(runs, self.cfg, Where(self.source, Diagnostics()), spread=2)
        own = variants[count].demerits if count in variants else 0.0
        out = {}
        for change in (-1, 1):
            variant = variants.get(count + change)
            if variant is None:
                continue
            lines = set_marks(variant.lines, runs, self.cfg) if marked else variant.lines
            out[change] = Alternative(tuple(lines), variant.demerits - own)
        return out
