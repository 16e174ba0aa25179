"""Where the figures, pull quotes and tables found on the pages go in the article's block order.

When paiban sets an article, a float that does not fit where the text cites it moves forward,
never back: the text goes on and the figure opens the next column (a page-wide figure goes to the
top or foot of the page). Reading a page back, a float therefore belongs after the last block that
ends before it in reading order (columns top to bottom, pages in order). A paragraph that a figure
interrupts stays whole and comes after the figure, so that building the article again cites the
figure at the same point, where it did not fit the first time either, and it moves to the same
place. Page-wide figures read as standing before the text of their page when they are at its
top, after it when they are at its foot.

That position is only where the make-up could put the float, so two better witnesses come first:

- **the citation**: a figure or table whose number the text cites (见图2, 如表1所示) follows the
  paragraph that first cites it, as an author writes it and as page make-up sets it (a float
  never stands before the text that places it) — when that paragraph ends on the float's page or
  before, in the same section as the float's position, and without taking the float past one
  found after it (floats keep their order);
- **the heading's keep**: a heading is kept with its text, so a float is never put between a
  heading and the paragraph it introduces. A float read after a heading whose first paragraph
  had already begun (heading and lines at a column foot, the float at the next column's or
  page's top) follows that paragraph; a float read before any of that paragraph's lines goes
  before the heading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from paiban.errors import Span
from paiban.importers.columns import ColumnLine
from paiban.importers.figures import PageFigure
from paiban.importers.pullquotes import PagePullQuote
from paiban.importers.tables import PageTable
from paiban.importers.source import SourcePage
from paiban.model.article import Block, Figure, Heading, Paragraph, PullQuote, Run, Table

#: Reading position: (page index, column, y); -1 and `_FOOT` stand before and after all columns.
Position = tuple[int, int, float]
_FOOT = 1 << 16

_LABEL = re.compile(r"^\s*(?P<kind>[图圖表])\s*(?P<number>\d+(?:[-.．]\d+)?)")

SPANS = 0.6
"""A figure wider than this fraction of its page spans the columns when the page has no lines."""


@dataclass(frozen=True, slots=True)
class Float:
    """A figure or pull quote, where it was read, and which found item it came from."""

    block: Figure | PullQuote | Table
    position: Position
    item: int  # index of the figure (or pull quote) among those found


def _extents(lines: Sequence[ColumnLine], page: int) -> dict[int, tuple[float, float]]:
    """Each column's horizontal extent on a page, from its lines."""
    out: dict[int, tuple[float, float]] = {}
    for line in lines:
        if line.page == page:
            x0, x1 = out.get(line.column, (line.segment.x0, line.segment.x1))
            out[line.column] = (min(x0, line.segment.x0), max(x1, line.segment.x1))
    return out


def _column(extents: dict[int, tuple[float, float]], x0: float, x1: float) -> int:
    """The column a box stands in: the one its centre is in, else the nearest."""
    centre = (x0 + x1) / 2
    if not extents:
        return 0
    return min(extents, key=lambda c: 0 if extents[c][0] <= centre <= extents[c][1]
               else min(abs(centre - extents[c][0]), abs(centre - extents[c][1])))


def _spans(extents: dict[int, tuple[float, float]], bbox: tuple[float, float, float, float],
           page: SourcePage) -> bool:
    """Whether a box reaches over more than one column."""
    x0, _, x1, _ = bbox
    if len(extents) < 2:
        return len(extents) == 0 and page.width > 0 and x1 - x0 > SPANS * page.width
    over = [c for c, (a, b) in extents.items() if min(x1, b) - max(x0, a) > 0.25 * (b - a)]
    return len(over) > 1


def figure_float(found: PageFigure, item: int, path: str, page: SourcePage,
                 lines: Sequence[ColumnLine]) -> Float:
    """The figure block for an image found on a page, with its width, place and position."""
    extents = _extents(lines, found.page)
    x0, y0, x1, y1 = found.bbox
    source = Span(page.label)
    if _spans(extents, found.bbox, page):
        top = _at_top(found.bbox, [ln.y for ln in lines if ln.page == found.page], page)
        figure = Figure(path, found.caption, "page", "top" if top else "bottom", found.credit, source)
        return Float(figure, (found.page, -1 if top else _FOOT, 0.0), item)
    figure = Figure(path, found.caption, "column", "here", found.credit, source)
    return Float(figure, (found.page, _column(extents, x0, x1), y0), item)


def _at_top(bbox: tuple[float, float, float, float], ys: list[float], page: SourcePage) -> bool:
    """Whether a page-wide figure stands at the top of its page's text rather than its foot."""
    if not ys or bbox[3] <= min(ys):
        return True
    if bbox[1] >= max(ys):
        return False
    return (bbox[1] + bbox[3]) / 2 < page.height / 2


def pullquote_float(found: PagePullQuote, item: int, page: SourcePage,
                    lines: Sequence[ColumnLine]) -> Float:
    """The pull quote block for a pull quote found on a page, with its position."""
    x0, y0, x1, _ = found.bbox
    column = _column(_extents(lines, found.page), x0, x1)
    return Float(PullQuote((Run(found.text),), Span(page.label)), (found.page, column, y0), item)


def table_float(found: PageTable, table: Table, item: int, page: SourcePage,
                lines: Sequence[ColumnLine]) -> Float:
    """The table found on a page, where it stands: in its column's text, or (set across the
    columns) before or after its page's text."""
    extents = _extents(lines, found.page)
    x0, y0, x1, _ = found.bbox
    if _spans(extents, found.bbox, page):
        top = _at_top(found.bbox, [ln.y for ln in lines if ln.page == found.page], page)
        return Float(table, (found.page, -1 if top else _FOOT, 0.0), item)
    return Float(table, (found.page, _column(extents, x0, x1), y0), item)


def insert_floats(blocks: Sequence[Block], lines: Sequence[ColumnLine], block_of_line: Sequence[int],
                  floats: Sequence[Float]) -> tuple[list[Block], list[int]]:
    """The blocks with the floats inserted, and the index each float got, in `floats` order."""
    positions = [f.position for f in floats]
    found = _afters(positions, lines, block_of_line, len(blocks))
    span = _block_spans(lines, block_of_line, len(blocks))
    after = [_kept_with_heading(found[k], positions[k], blocks, lines, span) for k in range(len(floats))]
    after = _cited(floats, after, blocks, lines, span)
    order = sorted(range(len(floats)), key=lambda k: (after[k], floats[k].position))
    out: list[Block] = []
    index_of = [0] * len(floats)
    pending = iter(order)
    next_float = next(pending, None)
    for i in range(-1, len(blocks)):
        if i >= 0:
            out.append(blocks[i])
        while next_float is not None and after[next_float] == i:
            index_of[next_float] = len(out)
            out.append(floats[next_float].block)
            next_float = next(pending, None)
    return out, index_of


def _block_spans(lines: Sequence[ColumnLine], block_of_line: Sequence[int], count: int
                 ) -> list[tuple[int, int] | None]:
    """Each block's first and last line (indices into `lines`); None for a block without lines."""
    out: list[tuple[int, int] | None] = [None] * count
    for index, block in enumerate(block_of_line):
        if 0 <= block < count:
            first = out[block]
            out[block] = (index if first is None else first[0], index)
    return out


def _key(line: ColumnLine) -> Position:
    return (line.page, line.column, line.y)


def _kept_with_heading(after: int, position: Position, blocks: Sequence[Block],
                       lines: Sequence[ColumnLine], span: Sequence[tuple[int, int] | None]) -> int:
    """`after` moved off a heading: past the heading's first paragraph when a line of it was read
    before the float, else before the heading (before a run of headings, for a heading that opens
    with a subheading)."""
    if after < 0 or not isinstance(blocks[after], Heading):
        return after
    nxt = after + 1
    if nxt < len(blocks) and isinstance(blocks[nxt], Paragraph):
        lines_of = span[nxt]
        if lines_of is not None and _key(lines[lines_of[0]]) < position:
            return nxt
    while after >= 0 and isinstance(blocks[after], Heading):
        after -= 1
    return after


def label_of(block: Block) -> str:
    """The number a figure's caption or a table's label gives it (图2, 表1), or ""."""
    if isinstance(block, Figure):
        text = block.caption
    elif isinstance(block, Table):
        text = block.label
    else:
        return ""
    match = _LABEL.match(text or "")
    if not match:
        return ""
    kind = "图" if match.group("kind") in "图圖" else "表"
    return kind + match.group("number")


def _citation(label: str) -> re.Pattern[str]:
    """The label as the text cites it: 图2 but not 图21 or 图2-1."""
    return re.compile(re.escape(label[0]) + r"\s*" + re.escape(label[1:]) + r"(?![\d]|[-.．]\d)")


def _cited(floats: Sequence[Float], after: list[int], blocks: Sequence[Block],
           lines: Sequence[ColumnLine], span: Sequence[tuple[int, int] | None]) -> list[int]:
    """`after` with each cited float moved to follow the paragraph that first cites it, where
    that agrees with where the float was read (see the module's docstring)."""
    by_position = sorted(range(len(floats)), key=lambda k: floats[k].position)
    out = list(after)
    for rank, k in enumerate(by_position):
        label = label_of(floats[k].block)
        if not label:
            continue
        pattern = _citation(label)
        citing = next((i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and pattern.search(b.text)), None)
        if citing is None or span[citing] is None:
            continue
        first, last = (_key(lines[i]) for i in span[citing])
        earlier = max((out[j] for j in by_position[:rank]), default=-1)
        later = min((out[j] for j in by_position[rank + 1:]), default=len(blocks))
        if (_agrees(first, last, floats[k].position) and earlier <= citing <= later
                and not _heading_between(blocks, citing, after[k])):
            out[k] = citing
    return out


def _agrees(first: Position, last: Position, position: Position) -> bool:
    """Whether a float read at `position` can follow a paragraph read from `first` to `last`:
    the paragraph ends before it, or the whole paragraph stands below it where make-up lifts a
    float above the text that places it — in the same column, or on the same page for a float
    across the columns at its top. A paragraph the float interrupts does not place it: the float
    came before that paragraph and did not fit."""
    if last < position:
        return True
    if first < position:
        return False
    page, column, _ = position
    if column == -1:
        return first[0] == last[0] == page
    return first[:2] == last[:2] == (page, column)


def _heading_between(blocks: Sequence[Block], one: int, other: int) -> bool:
    """Whether a heading stands after the lower of two block indices, up to the higher."""
    low, high = sorted((one, other))
    return any(isinstance(b, Heading) for b in blocks[low + 1: high + 1])


def _afters(positions: Sequence[Position], lines: Sequence[ColumnLine], block_of_line: Sequence[int],
            count: int) -> list[int]:
    """For each position, the block a float there follows: the one before the block of the first
    line at or after it (-1: before all; the last block when no line is after it).

    The first such line never comes earlier for a later position, so one walk through the lines,
    taking the positions in order, finds them all (a walk per float was lines × floats)."""
    keys = [(line.page, line.column, line.y) for line in lines]
    out = [count - 1] * len(positions)
    index = 0
    for k in sorted(range(len(positions)), key=positions.__getitem__):
        while index < len(keys) and keys[index] < positions[k]:
            index += 1
        if index < len(keys):
            out[k] = block_of_line[index] - 1
    return out
