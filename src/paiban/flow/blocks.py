"""Flow items: the article's blocks, already composed into lines, with their keep rules.

Every column has the same width, so each paragraph is composed once and the flow only decides
where its lines go: it moves whole lines between grid slots and never re-breaks a paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

from paiban.compose.line import ComposedLine


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

    @property
    def is_float(self) -> bool:
        return bool(self.float_place)
