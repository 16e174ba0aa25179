"""Floats keep their reading order and stay within their section."""

from __future__ import annotations

from pathlib import Path

import pytest

from paiban.api import layout
from paiban.compose.line import ComposedLine
from paiban.flow.blocks import FlowBlock
from paiban.flow.distribute import Cursor, Rules
from paiban.flow.floats import FlowState, fill_page_floats
from paiban.layout.makeup_checks import float_order

ROOT = Path(__file__).resolve().parent.parent


def _lines(n: int) -> tuple[ComposedLine, ...]:
    return tuple(ComposedLine((), 10, 10, 10, i == 0, i == n - 1, i < n - 1, "") for i in range(n))


def text(n: int, index: int) -> FlowBlock:
    return FlowBlock("body", _lines(n), index)


def heading(index: int) -> FlowBlock:
    return FlowBlock("heading", _lines(1), index, 1, 1, keep_together=True, keep_with_next=2)


def figure(slots: int, index: int, place: str = "here", spans: bool = False) -> FlowBlock:
    return FlowBlock("figure", (), index, 1, 1, keep_together=True, float_place=place,
                     spans=spans, slots=slots)


def where(fill) -> tuple[list[list[int]], list[tuple[int, int, int]]]:
    """Blocks in each column (once each) and the floats' (block, column, slot)."""
    columns = [list(dict.fromkeys(p.block for p in column)) for column in fill.columns]
    return columns, [(s.block, s.column, s.slot) for s in fill.spots + fill.page_spots]


def test_a_waiting_figure_holds_back_the_next_section():
    blocks = [text(14, 0), figure(8, 1), text(3, 2), heading(3), text(10, 4)]
    fill = fill_page_floats(blocks, FlowState(), [20, 20], Rules())
    # the figure does not fit under the 14 lines: the rest of its section goes on, then the
    # column ends before the heading, and the figure opens column 2 above the heading
    assert where(fill) == ([[0, 2], [3, 4]], [(1, 1, 0)])
    assert [(p.block, p.slot) for p in fill.columns[1][:2]] == [(3, 9), (4, 11)]


def test_without_a_waiting_float_the_heading_follows_at_once():
    blocks = [text(14, 0), figure(4, 1), text(3, 2), heading(3), text(10, 4)]
    fill = fill_page_floats(blocks, FlowState(), [40, 40], Rules())
    assert where(fill) == ([[0, 2, 3, 4], []], [(1, 0, 15)])


def test_a_heading_at_an_empty_column_top_is_not_held_back():
    # a float taller than any column can never be set: it must not stop the text for good
    blocks = [text(2, 0), figure(30, 1), heading(2), text(4, 3)]
    fill = fill_page_floats(blocks, FlowState(), [10, 10], Rules())
    assert where(fill)[0] == [[0], [2, 3]]


def test_a_page_wide_float_after_a_waiting_column_float_goes_to_the_foot():
    blocks = [text(8, 0), figure(4, 1), text(2, 2), figure(6, 3, "top", spans=True), text(30, 4)]
    state = FlowState(Cursor(2, 0), pending=(1,), pending_page=(3,))
    fill = fill_page_floats(blocks, state, [20, 20], Rules())
    # 图1 opens column 1 at the top; 图2, page-wide, sits at the foot of the page, below it
    columns, spots = where(fill)
    assert spots == [(1, 0, 0), (3, -1, 14)]


def test_a_page_wide_float_with_nothing_waiting_stays_at_the_top():
    blocks = [text(2, 0), figure(6, 1, "top", spans=True), text(30, 2)]
    fill = fill_page_floats(blocks, FlowState(Cursor(2, 0), pending_page=(1,)), [20, 20], Rules())
    assert where(fill)[1] == [(1, -1, 0)]


@pytest.mark.parametrize("name", ["magazine", "handout"])
def test_the_elements_example_keeps_its_floats_in_order_and_in_their_sections(name: str):
    doc = layout(ROOT / "examples/elements/article.md", name)
    assert float_order(doc.pages) == []


def test_a_top_float_stays_at_the_top_of_the_column_that_cites_it():
    blocks = [text(5, 0), figure(6, 1, "top"), text(20, 2)]
    fill = fill_page_floats(blocks, FlowState(), [20, 20], Rules())
    # the figure above the 5 lines that cite it, one blank slot between: not in column 2
    assert where(fill)[1] == [(1, 0, 0)]
    assert [(p.block, p.line, p.slot) for p in fill.columns[0][:2]] == [(0, 0, 7), (0, 1, 8)]


def test_a_top_float_whose_citation_would_leave_the_column_waits_for_the_next():
    blocks = [text(15, 0), figure(6, 1, "top"), text(20, 2)]
    fill = fill_page_floats(blocks, FlowState(), [20, 20], Rules())
    # above the 15 lines there is room for 13 only: the citation would move to column 2
    assert where(fill)[1] == [(1, 1, 0)]
    assert [p.block for p in fill.columns[0]] == [0] * 15 + [2] * 5


def test_a_top_float_is_not_lifted_above_a_heading():
    blocks = [text(2, 0), heading(1), text(3, 2), figure(6, 3, "top"), text(20, 4)]
    fill = fill_page_floats(blocks, FlowState(), [20, 20], Rules())
    assert where(fill)[1] == [(3, 1, 0)]
