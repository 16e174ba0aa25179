"""Flow items: the article's blocks, already composed into lines, with their keep rules.

Every column has the same width, so each paragraph is composed once and the flow only decides
where its lines go: it moves whole lines between grid slots. The one exception is page make-up
(`paiban.flow.lookahead`): a paragraph may carry `Alternatives`, its settings one line shorter
or longer, which the composer works out only when the flow asks (a page that needs none costs
nothing), and the flow may then set a page with some paragraphs in one of those settings
(`Chosen`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol, Union

from paiban.compose.alternatives import Alternative
from paiban.compose.line import ComposedLine


class Alternatives(Protocol):
    """What the composer offers the flow for one paragraph (缩行/伸行)."""

    def around(self, lines: tuple[ComposedLine, ...], whole: bool = False, fixed: int = 0,
               wider: bool = False) -> Mapping[int, Alternative]:
        """The settings with one line fewer and one more than `lines` (the paragraph as the flow
        holds it) that the paragraph takes decently, keyed by the change in line count (-1, +1);
        empty when there are none. The composer may look for them among the last lines only,
        unless asked for the `whole` paragraph (dearer); asked `wider`, it looks further up for a
        longer setting the last lines cannot take. The first `fixed` lines stand on a page
        already made: every setting offered begins with those very lines."""
        ...


@dataclass(frozen=True, slots=True)
class FlowBlock:
    """A block's lines and how it must sit in a column."""

    role: str  # body | quote | heading
    lines: tuple[ComposedLine, ...]
    block: int  # index of the article block
    space_before: int = 0  # grid slots left blank before (dropped at a column top)
    space_after: int = 0  # grid slots left blank after (dropped at a column bottom)
    keep_together: bool = False  # headings: never split
    keep_with_next: int = 0  # lines of the next block that must share the column
    inset: float = 0.0  # left inset of the lines within the column, pt
    size: float = 10.5  # nominal size, for the baseline within a slot
    level: int = 0  # heading level, 0 for text
    source_index: int = 0  # paragraph index inside a block quote
    float_place: str = ""  # floats (figures): "here" | "top" | "bottom"; "" for text in the flow
    spans: bool = False  # a float across all columns, at the top or bottom of a page
    slots: int = 0  # grid slots a float takes (it has no lines)
    head: tuple[ComposedLine, ...] = ()  # lines set again above it when it opens a column (a
    # table row under its header row); their placements have line -1, -2, …
    head_label: int = 0  # how many of the head lines are a label set above it (续表1)
    label_size: float = 0.0  # the nominal size of those label lines
    alternatives: Alternatives | None = field(default=None, compare=False, repr=False)

    @property
    def is_float(self) -> bool:
        return bool(self.float_place)


class LazyBlocks:
    """Flow blocks composed when the flow first reaches them, and let go once they are placed.

    The flow asks for blocks by index and only ever looks a little ahead (a heading's kept lines,
    waiting floats); composing a block there and dropping the lines of blocks wholly behind the
    flow keeps a long article's memory flat. Whether an index is past the end is only known once
    the blocks up to it are composed, so the flow asks `past_end` rather than `len`.
    """

    def __init__(self, source: Iterator[FlowBlock]) -> None:
        self._source = source
        self._blocks: list[FlowBlock | None] = []
        self._ended = False
        self._released = 0

    def reaches(self, index: int) -> bool:
        """Whether there is a block at `index`, composing the blocks up to it."""
        while len(self._blocks) <= index and not self._ended:
            block = next(self._source, None)
            if block is None:
                self._ended = True
            else:
                self._blocks.append(block)
        return index < len(self._blocks)

    def __getitem__(self, index: int) -> FlowBlock:
        if index < 0 or not self.reaches(index):
            raise IndexError(index)
        block = self._blocks[index]
        if block is None:
            raise RuntimeError(f"flow block {index} was read after it was placed and let go")
        return block

    def release_before(self, index: int) -> None:
        """Let go of every block before `index`: the flow is past them for good."""
        for k in range(self._released, min(index, len(self._blocks))):
            self._blocks[k] = None
        self._released = max(self._released, min(index, len(self._blocks)))

    def __iter__(self) -> Iterator[FlowBlock]:
        k = 0
        while self.reaches(k):
            yield self[k]
            k += 1


class Chosen:
    """The flow blocks with some paragraphs set in another of their settings: what page make-up
    tries a page with. Every other block reads through unchanged."""

    def __init__(self, blocks: Blocks, lines: Mapping[int, tuple[ComposedLine, ...]]) -> None:
        self.base = blocks
        self.lines = dict(lines)
        self._made: dict[int, FlowBlock] = {}

    def __getitem__(self, index: int) -> FlowBlock:
        lines = self.lines.get(index)
        if lines is None:
            return self.base[index]
        made = self._made.get(index)
        if made is None:
            made = self._made[index] = replace(self.base[index], lines=lines)
        return made

    def reaches(self, index: int) -> bool:
        return not past_end(self.base, index)


Blocks = Union[Sequence[FlowBlock], LazyBlocks, Chosen]


def past_end(blocks: Blocks, index: int) -> bool:
    """Whether `index` is past the last flow block (for lazy blocks, composing up to it)."""
    if isinstance(blocks, (LazyBlocks, Chosen)):
        return not blocks.reaches(index)
    return index >= len(blocks)


def with_chosen(blocks: Blocks, lines: Mapping[int, tuple[ComposedLine, ...]]) -> Blocks:
    """The blocks as a page set with the settings `lines` sees them (the blocks themselves when
    it chose none)."""
    return Chosen(blocks, lines) if lines else blocks
