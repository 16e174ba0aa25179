"""Floats: figures placed in whole grid slots, at the nearest place where they fit.

A float never moves backwards: it is set where the article places it when it fits there, else it
waits (is *pending*) for the top of the next column, or for the next page if it spans the columns.
So a figure may appear after text that follows it in the article, never before the paragraph that
cites it on an earlier page. Pending floats keep their order, so 图2 never comes before 图1,
and a page-wide float that comes after a waiting column float goes to the page foot, below it.
While a column float waits, the text stops before the next heading, so that a figure or pull
quote is never set inside the section after its own.

- ``here`` (column floats): in the text where it stands; if it does not fit, the text goes on
  and the figure opens the next column.
- ``top`` (column): at the top of the column where it stands when the text before it there
  still fits below it, else at the top of the next column.
- ``bottom`` (column): at the foot of the column where it stands, or of the next one.
- page-wide floats (``spans``): at the top or bottom of the page where they are cited, spanning
  the columns, so that page's columns are shorter; when the page cannot hold them together with
  the text that cites them, at the top or bottom of the next page.

Text is distributed by `fill_column`, which stops before every float; this module decides where
the float goes and resumes the text after it, so text and figures stay on one grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from paiban.compose.line import ComposedLine
from paiban.flow.blocks import FlowBlock, past_end
from paiban.flow.distribute import Cursor, Placement, Rules, balance_keeps_rules, fill_column


@dataclass(frozen=True, slots=True)
class FloatSpot:
    """Where a float went: its block, column (-1 when it spans them) and first grid slot."""

    block: int
    column: int
    slot: int  # column floats: from the column top; page floats: from the top of the text area


@dataclass(frozen=True, slots=True)
class FlowState:
    """The flow between columns and pages: the text cursor and the floats still waiting."""

    cursor: Cursor = Cursor()
    pending: tuple[int, ...] = ()  # column floats, oldest first
    pending_page: tuple[int, ...] = ()  # page-wide floats, oldest first
    carried: tuple[ComposedLine, ...] = ()  # the lines of the paragraph `cursor` stands in when
    # page make-up set it another way on the page before (`paiban.flow.lookahead`): the rest of
    # it is set from these; () for its own setting

    def done(self, blocks: list[FlowBlock]) -> bool:
        return past_end(blocks, self.cursor.block) and not self.pending and not self.pending_page


@dataclass
class PageFill:
    """One page of flow: text placements per column, the floats, and the state after it."""

    columns: list[list[Placement]]
    spots: list[FloatSpot]  # column floats
    page_spots: list[FloatSpot]  # page-wide floats
    top: int  # slots the page-wide floats take above the columns (with their space)
    state: FlowState
    met: list[int] = field(default_factory=list)  # page-wide floats cited on this page
    seen: set[int] = field(default_factory=set)  # every float passed on this page
    rows: int = 0  # grid slots of each column (the page's, less the page-wide floats')
    chosen: dict[int, tuple[ComposedLine, ...]] = field(default_factory=dict)  # paragraphs set
    # a line shorter or longer on this page (`paiban.flow.lookahead`): block → its lines here

    def height(self, column: int, blocks: list[FlowBlock]) -> int:
        """Slots used in a column, from its top to the end of its last line or float."""
        ends = [p.slot + 1 for p in self.columns[column]]
        ends += [s.slot + blocks[s.block].slots for s in self.spots if s.column == column]
        return max(ends, default=0)


# --------------------------------------------------------------------------- one column


@dataclass
class _Column:
    """A column being filled: free slots run from `slot` to `bottom`."""

    index: int
    slot: int
    bottom: int
    placed: list[Placement] = field(default_factory=list)
    spots: list[FloatSpot] = field(default_factory=list)
    after_float: bool = False  # the last thing set is a float, whose space after is in `slot`
    blank: int = 0  # that float's space after: text after it shares it rather than adding its own

    def put_top(self, block: FlowBlock, index: int) -> bool:
        """Put a float at the current slot (the column top or after text); False if it is full.

        Two floats in a row share one space between them, as two paragraphs would."""
        before = block.space_before if self.slot > 0 and not self.after_float else 0
        if self.slot + before + block.slots > self.bottom:
            return False
        self.spots.append(FloatSpot(index, self.index, self.slot + before))
        self.slot += before + block.slots + block.space_after
        self.after_float = True
        self.blank = block.space_after
        return True

    def put_bottom(self, block: FlowBlock, index: int) -> bool:
        """Put a float at the column foot, above floats already there."""
        need = block.slots + block.space_before
        if self.slot + need > self.bottom:
            return False
        self.bottom -= need
        self.spots.append(FloatSpot(index, self.index, self.bottom + block.space_before))
        return True


def _end_slot(blocks: list[FlowBlock], placed: list[Placement], start: int) -> int:
    """The first free slot after text placed from `start`, with a finished block's space after."""
    if not placed:
        return start
    last = placed[-1]
    block = blocks[last.block]
    finished = last.line == len(block.lines) - 1
    return last.slot + 1 + (block.space_after if finished else 0)


def _place_pending(blocks: list[FlowBlock], col: _Column,
                   pending: tuple[int, ...]) -> tuple[int, ...]:
    """Open the column with the floats that waited for it, in order, while they fit."""
    for n, index in enumerate(pending):
        block = blocks[index]
        put = col.put_bottom if block.float_place == "bottom" else col.put_top
        if not put(block, index):
            return pending[n:]
    return ()


def _fill_one_column(blocks: list[FlowBlock], state: FlowState, col: _Column, rules: Rules,
                     fill: PageFill, reserved: frozenset[int], lifted: int = -1) -> FlowState:
    """Fill one column with text and floats; page-wide floats met on the way are noted in `fill`.

    While a column float waits for the next column, the text stops before the next heading: the
    float is then set within its own section, before the heading that ends it. A ``top`` float
    cited below a column's top is first tried at the top of that same column (`lifted`: the
    float set there on that second try; -2: no second try), so that it stays in the column that
    cites it when it fits there (and no float set in the column already would then come after
    it).
    """
    capacity = col.bottom
    met, seen = len(fill.met), set(fill.seen)
    pending = _place_pending(blocks, col, state.pending)
    on_top = lifted >= 0 and not pending and col.put_top(blocks[lifted], lifted)
    cur = state.cursor
    while True:
        segment, cur = fill_column(blocks, cur, col.bottom, rules, start=col.slot,
                                   blank=col.blank if col.after_float else 0,
                                   stop_before_heading=bool(pending))
        col.placed.extend(segment)
        col.slot = max(col.slot, _end_slot(blocks, segment, col.slot))
        col.after_float = col.after_float and not segment
        if past_end(blocks, cur.block) or cur.line > 0 or not blocks[cur.block].is_float:
            break
        index, block = cur.block, blocks[cur.block]
        cur = Cursor(cur.block + 1, 0)
        if on_top and index == lifted:
            continue  # set at the top of this column already
        fill.seen.add(index)
        if block.spans:
            if index not in reserved:
                fill.met.append(index)
        elif pending or not _put_in_text(block, index, col):
            if (lifted == -1 and not pending and not col.spots and block.float_place == "top"
                    and not _has_heading(blocks, col.placed)):
                return _lift(blocks, state, col, rules, fill, reserved, index, (capacity, met, seen))
            pending = (*pending, index)
    return FlowState(cur, pending, state.pending_page)


def _lift(blocks: list[FlowBlock], state: FlowState, col: _Column, rules: Rules, fill: PageFill,
          reserved: frozenset[int], index: int, start: tuple[int, int, set[int]]) -> FlowState:
    """Fill the column again with float `index` at its top. Kept when the float's citation still
    falls in this column (a float never comes before the column that cites it); else the column
    is filled again as at first, the float waiting for the next column."""
    capacity, met, seen = start
    del fill.met[met:]
    fill.seen = set(seen)
    top = _Column(col.index, 0, capacity)
    after = _fill_one_column(blocks, state, top, rules, fill, reserved, lifted=index)
    if not (index in {s.block for s in top.spots} and after.cursor.block > index):
        del fill.met[met:]
        fill.seen = set(seen)
        top = _Column(col.index, 0, capacity)
        after = _fill_one_column(blocks, state, top, rules, fill, reserved, lifted=-2)
    col.slot, col.bottom, col.placed, col.spots = top.slot, top.bottom, top.placed, top.spots
    col.after_float, col.blank = top.after_float, top.blank
    return after


def _has_heading(blocks: list[FlowBlock], placed: list[Placement]) -> bool:
    """Whether a heading starts among the placed lines: a float lifted to the column top would
    then stand above the heading of its own section."""
    return any(blocks[p.block].role == "heading" and p.line == 0 for p in placed)


def _put_in_text(block: FlowBlock, index: int, col: _Column) -> bool:
    """Set a column float met in the text: here, at this column's foot, or (top) at its top."""
    if block.float_place == "bottom":
        return col.put_bottom(block, index)
    if block.float_place == "top" and col.slot > 0:
        return False
    return col.put_top(block, index)


# --------------------------------------------------------------------------- one page


def _fill_columns(blocks: list[FlowBlock], state: FlowState, capacity: int, columns: int,
                  rules: Rules, fill: PageFill, reserved: frozenset[int]) -> None:
    for c in range(columns):
        col = _Column(c, 0, capacity)
        state = _fill_one_column(blocks, state, col, rules, fill, reserved)
        fill.columns.append(col.placed)
        fill.spots.extend(col.spots)
    fill.state = state


def _reserve(blocks: list[FlowBlock], floats: tuple[int, ...], capacity: int, older: int | None = None
             ) -> tuple[list[FloatSpot], int, int, tuple[int, ...]]:
    """Page-wide floats at the top and foot of a page: spots, slots above and below, the rest.

    A page-wide float that comes after a column float still waiting (`older`: the first of
    those) goes to the foot of the page, since the waiting one opens a column of this page and
    图2 must not stand above 图1."""
    spots: list[FloatSpot] = []
    top, bottom = 0, 0
    for n, index in enumerate(floats):
        block = blocks[index]
        if block.float_place == "bottom" or (older is not None and index > older):
            need = block.space_before + block.slots
            if top + bottom + need > capacity:
                return spots, top, bottom, floats[n:]
            bottom += need
            spots.append(FloatSpot(index, -1, capacity - bottom + block.space_before))
        else:
            need = block.slots + block.space_after
            if top + bottom + block.slots > capacity:
                return spots, top, bottom, floats[n:]
            spots.append(FloatSpot(index, -1, top))
            top += need
    return spots, min(top, capacity), bottom, ()


def _try_page(blocks: list[FlowBlock], state: FlowState, capacity: int, columns: int,
              rules: Rules, floats: tuple[int, ...]) -> PageFill:
    """Fill a page with the page-wide `floats` reserved at its top and foot."""
    spots, top, bottom, rest = _reserve(blocks, floats, capacity, min(state.pending, default=None))
    fill = PageFill([], [], spots, top, state, rows=max(capacity - top - bottom, 0))
    placed = frozenset(s.block for s in spots)
    waiting = replace(state, pending_page=rest)
    _fill_columns(blocks, waiting, max(capacity - top - bottom, 0), columns, rules, fill, placed)
    fill.state = replace(fill.state, pending_page=(*rest, *fill.met))
    return fill


def fill_page_floats(blocks: list[FlowBlock], state: FlowState, capacities: list[int],
                     rules: Rules) -> PageFill:
    """Fill one page: waiting page-wide floats, then the columns; then try to bring a page-wide
    float cited on this page onto it, keeping that only if its citation stays on the page."""
    capacity, columns = min(capacities), len(capacities)
    fill = _try_page(blocks, state, capacity, columns, rules, state.pending_page)
    if not fill.met or fill.state.pending_page[: -len(fill.met)]:
        return fill  # nothing cited here, or older page floats still wait: keep the order
    candidate = fill.met[0]
    trial = _try_page(blocks, state, capacity, columns, rules, (*state.pending_page, candidate))
    placed = {s.block for s in trial.page_spots}
    if candidate in placed and candidate in trial.seen:
        return trial
    return fill


def balance_page_floats(blocks: list[FlowBlock], state: FlowState, capacities: list[int],
                        rules: Rules) -> PageFill:
    """Fill a last page so its columns end level, as `balance_page` does for text alone; a
    height whose columns would break the keep rules or hold under `rules.min_lines` lines is
    passed over, and when every height would, the text stays unbalanced in the first columns."""
    fill = fill_page_floats(blocks, state, capacities, rules)
    columns = len(capacities)
    if not fill.state.done(blocks) or columns < 2:
        return fill
    used = sum(fill.height(c, blocks) for c in range(columns))
    for height in range(-(-used // columns), max(capacities) + 1):
        trial = fill_page_floats(blocks, state, [min(height, c) for c in capacities], rules)
        if trial.state.done(blocks) and balance_keeps_rules(blocks, trial.columns, rules,
                                                             _float_slots(trial, blocks, columns)):
            return trial
    return fill


def _float_slots(fill: PageFill, blocks: list[FlowBlock], columns: int) -> list[int]:
    """Slots the column floats of a page take in each column."""
    slots = [0] * columns
    for spot in fill.spots:
        slots[spot.column] += blocks[spot.block].slots
    return slots
