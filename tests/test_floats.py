"""Floats in the flow: figures take whole slots and move forward only, never before their citation."""

from __future__ import annotations

from paiban.compose.line import ComposedLine
from paiban.flow.blocks import FlowBlock
from paiban.flow.distribute import Cursor, Rules
from paiban.flow.floats import FloatSpot, FlowState, balance_page_floats, fill_page_floats


def _lines(n: int) -> tuple[ComposedLine, ...]:
    return tuple(ComposedLine((), 10, 10, 10, i == 0, i == n - 1, i < n - 1, "") for i in range(n))


def text(n: int, index: int) -> FlowBlock:
    return FlowBlock("body", _lines(n), index)


def figure(slots: int, index: int, place: str = "here", spans: bool = False) -> FlowBlock:
    return FlowBlock("figure", (), index, 1, 1, keep_together=True, float_place=place,
                     spans=spans, slots=slots)


def slots_of(fill, column: int) -> list[tuple[int, int]]:
    return [(p.block, p.slot) for p in fill.columns[column]]


def test_a_figure_that_fits_sits_where_it_stands_with_a_blank_slot_around_it():
    blocks = [text(3, 0), figure(4, 1), text(5, 2)]
    fill = fill_page_floats(blocks, FlowState(), [20, 20], Rules())
    assert fill.spots == [FloatSpot(1, 0, 4)]  # 3 lines, a blank slot, then the figure
    assert slots_of(fill, 0) == [(0, 0), (0, 1), (0, 2)] + [(2, s) for s in range(9, 14)]


def test_a_figure_that_does_not_fit_opens_the_next_column_and_the_text_goes_on():
    blocks = [text(6, 0), figure(6, 1), text(8, 2)]
    fill = fill_page_floats(blocks, FlowState(), [10, 10], Rules())
    assert fill.spots == [FloatSpot(1, 1, 0)]
    assert slots_of(fill, 0)[6:] == [(2, 6), (2, 7), (2, 8), (2, 9)]  # the text goes on
    assert slots_of(fill, 1)[0] == (2, 7)  # after the figure (0-5) and a blank slot


def test_figures_keep_their_order_when_the_first_one_waits():
    blocks = [text(6, 0), figure(6, 1), figure(2, 2), text(3, 3)]
    fill = fill_page_floats(blocks, FlowState(), [10, 10], Rules())
    # The small figure would fit in column 0, but it must not come before the waiting one.
    assert fill.spots == [FloatSpot(1, 1, 0), FloatSpot(2, 1, 7)]  # one blank slot between


def test_bottom_float_goes_to_this_column_foot_and_top_float_to_the_next_column_top():
    blocks = [text(2, 0), figure(3, 1, "bottom"), figure(3, 2, "top"), text(4, 3)]
    fill = fill_page_floats(blocks, FlowState(), [12, 12], Rules())
    assert fill.spots == [FloatSpot(1, 0, 9), FloatSpot(2, 1, 0)]  # 9-11 after a blank at 8
    assert slots_of(fill, 0) == [(0, 0), (0, 1), (3, 2), (3, 3), (3, 4), (3, 5)]


def test_a_float_waiting_for_the_next_column_holds_back_later_ones():
    blocks = [text(18, 0), figure(3, 1, "top"), figure(3, 2, "bottom"), text(4, 3)]
    fill = fill_page_floats(blocks, FlowState(), [20, 20], Rules())
    # 图1 cannot go above the 18 lines citing it (they would not all fit below it); at this
    # column's foot, 图2 would come before 图1 in reading order: both go to column 2.
    assert fill.spots == [FloatSpot(1, 1, 0), FloatSpot(2, 1, 17)]


def test_a_top_float_cited_in_a_column_opens_it_and_a_later_bottom_float_follows():
    blocks = [text(2, 0), figure(3, 1, "top"), figure(3, 2, "bottom"), text(4, 3)]
    fill = fill_page_floats(blocks, FlowState(), [12, 12], Rules())
    assert fill.spots == [FloatSpot(1, 0, 0), FloatSpot(2, 0, 9)]


def test_page_figure_goes_on_top_of_the_page_that_cites_it():
    blocks = [text(5, 0), figure(4, 1, "top", spans=True), text(20, 2)]
    fill = fill_page_floats(blocks, FlowState(), [12, 12], Rules())
    assert fill.page_spots == [FloatSpot(1, -1, 0)]
    assert fill.top == 5  # 4 slots and one blank before the columns
    assert [len(c) for c in fill.columns] == [7, 7]  # columns of 12 - 5 slots


def test_page_figure_moves_to_the_next_page_when_its_citation_would_not_stay():
    # Column 1 ends with the first line of block 2's citation only if the page is full height.
    blocks = [text(22, 0), figure(6, 1, "top", spans=True), text(10, 2)]
    fill = fill_page_floats(blocks, FlowState(), [12, 12], Rules())
    assert fill.page_spots == [] and fill.state.pending_page == (1,)
    following = fill_page_floats(blocks, fill.state, [12, 12], Rules())
    assert following.page_spots == [FloatSpot(1, -1, 0)]


def test_bottom_page_figure_shortens_the_columns_from_below():
    blocks = [text(4, 0), figure(3, 1, "bottom", spans=True), text(30, 2)]
    fill = fill_page_floats(blocks, FlowState(), [12, 12], Rules())
    assert fill.page_spots == [FloatSpot(1, -1, 9)]
    assert max(p.slot for c in fill.columns for p in c) == 7  # slot 8 is the blank above it


def test_balanced_last_page_counts_figures_in_the_column_heights():
    blocks = [text(4, 0), figure(4, 1), text(4, 2)]
    fill = balance_page_floats(blocks, FlowState(), [40, 40], Rules())
    assert fill.state.done(blocks)
    heights = [fill.height(c, blocks) for c in range(2)]
    assert max(heights) - min(heights) <= 2 and sum(heights) <= 15


def test_text_without_floats_fills_exactly_as_before():
    from paiban.flow.distribute import fill_page

    blocks = [text(n, i) for i, n in enumerate([7, 3, 12, 5, 9])]
    expected, cursor = fill_page(blocks, Cursor(), [15, 15], Rules())
    fill = fill_page_floats(blocks, FlowState(), [15, 15], Rules())
    assert fill.columns == expected and fill.state.cursor == cursor
