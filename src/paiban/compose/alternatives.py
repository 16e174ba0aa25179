"""A paragraph's other settings, one line shorter or longer (缩行/伸行), for page make-up.

The flow asks for them only when a page would end badly (a hole at a column foot, a stranded
last page), so they are worked out on the first question and kept: a page that needs none costs
nothing. They come from `paragraph_variants`, which offers only settings with no line looser
than a quarter em and no lone last character. The cost of a setting is what it adds over the
paragraph's best setting of its own line count, so page make-up changes the paragraphs that
suffer least.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace

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


#: Lines at a paragraph's end that make-up sets again: a line more or fewer is found there,
#: where a typesetter looks first, at a fraction of the cost of the whole paragraph (whose search
#: grows faster than its length). A paragraph of up to TAIL + 2 lines is set again whole, and so
#: is any paragraph when asked `whole` (pulling back a stranded page, which is rare); lines the
#: flow holds `fixed` (set on an earlier page) are never set again.
#: Over the corpus and the examples 4 lines close as many holes as 6, at less than half the cost.
TAIL = 4
#: Lines at a paragraph's end set again when the last TAIL give no decent setting a line longer
#: (or shorter) and make-up still wants one: a line more spread over four lines is seldom within
#: `LONGER_WHITE`, over eight it mostly is.
WIDER_TAIL = 8
#: Most white a setting one line longer (伸行) may open, over the lines make-up sets again (but
#: the last), as a share of their measure: an eighth, about an eighth of an em a gap. One more
#: line is about a measure of white spread over the lines set again, so this asks for about
#: eight of them: four lines a quarter em loose, or a short paragraph of a narrow column opened
#: through, read as a loose patch, though no line of it passes `VARIANT_TOLERANCE`.
LONGER_WHITE = 0.125
#: Fewest characters (not counting marks) on the last line of a setting make-up is offered: a
#: last line of one or two characters is a fault the proofreader marks, worse than the paragraph's
#: own setting.
SHORTEST_LAST = 3


class ParagraphAlternatives:
    """The settings one line off of one paragraph, made when first asked for (plain data, so a
    composed article still crosses a process boundary)."""

    __slots__ = ("runs", "cfg", "source", "_made")

    def __init__(self, runs: tuple[Run, ...], cfg: ParagraphConfig, source: Span | None) -> None:
        self.runs = runs
        self.cfg = cfg
        self.source = source
        self._made: dict[tuple[int, bool], Mapping[int, Alternative]] = {}

    def __getstate__(self) -> tuple:
        return self.runs, self.cfg, self.source  # what was made is made again when asked

    def __setstate__(self, state: tuple) -> None:
        self.runs, self.cfg, self.source = state
        self._made = {}

    def around(self, lines: tuple[ComposedLine, ...], whole: bool = False, fixed: int = 0,
               wider: bool = False) -> Mapping[int, Alternative]:
        """The settings one line off (see `Alternatives.around`): the last TAIL lines set again,
        and, when that gives no decent setting a line longer or shorter and make-up looks
        `wider`, the last WIDER_TAIL; the cheaper of the two where both give one."""
        found: dict[int, Alternative] = {}
        for tail in ((len(lines),) if whole else (TAIL, WIDER_TAIL) if wider else (TAIL,)):
            keep = max(fixed, len(lines) - tail if len(lines) > tail + 2 else 0)
            made = self._made.get((len(lines), keep))
            if made is None:
                made = self._made[(len(lines), keep)] = self._make(lines, keep, fixed)
            for change, alternative in made.items():
                if change not in found or alternative.cost < found[change].cost:
                    found[change] = alternative
            if len(found) == 2 or keep == fixed:
                break
        return found

    def _make(self, lines: tuple[ComposedLine, ...], keep: int, fixed: int) -> Mapping[int, Alternative]:
        """The settings that keep the first `keep` lines and set the rest again; the whole
        paragraph when the head's text is not the runs' own (a hyphen was added) and no line
        must stay (`fixed`)."""
        if self.cfg.align != "justify" or any(HARD_BREAK in r.text for r in self.runs):
            return {}  # the lines of an address or a verse end where the author ended them
        if keep >= len(lines):
            return {}
        tail = _after(self.runs, "".join(ln.text for ln in lines[:keep])) if keep else None
        if tail is None:
            return {} if fixed else self._set(self.runs, self.cfg, (), len(lines))
        return self._set(tail, replace(self.cfg, indent=0.0), lines[:keep], len(lines) - keep)

    def _set(self, runs: tuple[Run, ...], cfg: ParagraphConfig, head: tuple[ComposedLine, ...],
             count: int) -> Mapping[int, Alternative]:
        """`head` followed by `runs` set in `count` ± 1 lines, where that is decent."""
        marked = any(r.emphasis or r.strike or r.link for r in runs)
        if marked:
            runs = with_emphasis(runs, cfg)
        # Warnings were given when the paragraph was first set; a trial setting repeats none.
        variants = paragraph_variants(runs, cfg, Where(self.source, Diagnostics()), spread=2)
        own = variants[count].demerits if count in variants else 0.0
        out = {}
        for change in (-1, 1):
            variant = variants.get(count + change)
            if variant is None or _characters(variant.lines[-1].text) < SHORTEST_LAST:
                continue
            if change > 0 and _white(variant.lines, cfg.indent) > LONGER_WHITE:
                continue
            set_lines = set_marks(variant.lines, runs, cfg) if marked else list(variant.lines)
            if head:
                set_lines[0] = replace(set_lines[0], first=False)
            out[change] = Alternative((*head, *set_lines), variant.demerits - own)
        return out


def _white(lines: list[ComposedLine], indent: float) -> float:
    """The white justification opens in `lines` but the last, as a share of their measure."""
    measure = sum(ln.width for ln in lines[:-1])
    opened = sum(max(ln.width - (indent if ln.first else 0.0) - ln.natural, 0.0) for ln in lines[:-1])
    return opened / measure if measure else 0.0


def _characters(text: str) -> int:
    """Characters of a line that are not punctuation or space: "识。" has one."""
    return sum(1 for ch in text if not unicodedata.category(ch).startswith(("P", "Z")) and not ch.isspace())


def _after(runs: tuple[Run, ...], head: str) -> tuple[Run, ...] | None:
    """The runs after the text `head`, or None when the runs do not start with it or what
    follows starts with a space (the head's lines are then not the runs' text as it stands)."""
    text = "".join(r.text for r in runs)
    if not text.startswith(head) or text[len(head):len(head) + 1].isspace():
        return None
    out: list[Run] = []
    at = 0
    for run in runs:
        end = at + len(run.text)
        if end > len(head):
            out.append(run if at >= len(head) else replace(run, text=run.text[len(head) - at:]))
        at = end
    return tuple(out)
