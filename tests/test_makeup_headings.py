"""Heading space at a column foot: one grid line tighter, in half lines, rather than a hole;
text after a float shares the float's space instead of adding its own."""

from __future__ import annotations

from pathlib import Path

from paiban.api import layout
from paiban.compose.line import ComposedLine
from paiban.flow.blocks import FlowBlock
from paiban.flow.distribute import Cursor, Rules, fill_column
from paiban.flow.floats import FlowState, fill_page_floats
from paiban.layout.makeup_checks import holes

ROOT = Path(__file__).resolve().parent.parent


def _lines(n: int) -> tuple[ComposedLine, ...]:
    return tuple(ComposedLine((), 10, 10, 10, i == 0, i == n - 1, i < n - 1, "") for i in range(n))


def text(n: int, index: int, before: int = 0) -> FlowBlock:
    return FlowBlock("body", _lines(n), index, before)


def heading(index: int, before: int = 1, after: int = 1) -> FlowBlock:
    return FlowBlock("heading", _lines(1), index, before, after, keep_together=True, keep_with_next=2)


def figure(slots: int, index: int) -> FlowBlock:
    return FlowBlock("figure", (), index, 1, 1, keep_together=True, float_place="here", slots=slots)


def placed(column) -> list[tuple[int, int, int, float]]:
    return [(p.block, p.line, p.slot, p.shift) for p in column]


def test_a_heading_that_fits_keeps_its_full_space():
    column, cur = fill_column([text(3, 0), heading(1), text(5, 2)], Cursor(), 8, Rules())
    assert placed(column) == [(0, 0, 0, 0.0), (0, 1, 1, 0.0), (0, 2, 2, 0.0), (1, 0, 4, 0.0),
                              (2, 0, 6, 0.0), (2, 1, 7, 0.0)]


def test_a_heading_one_line_short_of_room_takes_half_lines_and_the_text_stays_on_the_grid():
    column, cur = fill_column([text(3, 0), heading(1), text(5, 2)], Cursor(), 7, Rules())
    # half a line above and below the heading (slot 3 moved down by half a slot); text on slot 5
    assert placed(column) == [(0, 0, 0, 0.0), (0, 1, 1, 0.0), (0, 2, 2, 0.0), (1, 0, 3, 0.5),
                              (2, 0, 5, 0.0), (2, 1, 6, 0.0)]
    assert cur == Cursor(2, 2)


def test_two_lines_of_space_shrink_to_one_whole_line_above_and_below():
    column, _ = fill_column([text(3, 0), heading(1, 2, 1), text(5, 2)], Cursor(), 8, Rules())
    assert placed(column)[3:] == [(1, 0, 4, 0.0), (2, 0, 6, 0.0), (2, 1, 7, 0.0)]


def test_a_heading_two_lines_short_of_room_still_moves_on():
    column, cur = fill_column([text(3, 0), heading(1), text(5, 2)], Cursor(), 6, Rules())
    assert placed(column) == [(0, 0, 0, 0.0), (0, 1, 1, 0.0), (0, 2, 2, 0.0)]
    assert cur == Cursor(1, 0)


def test_a_heading_opening_a_column_has_no_space_above_it():
    column, _ = fill_column([heading(0), text(5, 1)], Cursor(), 6, Rules())
    assert placed(column)[:2] == [(0, 0, 0, 0.0), (1, 0, 2, 0.0)]


def test_text_after_a_float_shares_the_float_s_space():
    blocks = [text(2, 0), figure(4, 1), heading(2), text(6, 3)]
    fill = fill_page_floats(blocks, FlowState(), [20, 20], Rules())
    assert [(s.block, s.column, s.slot) for s in fill.spots] == [(1, 0, 3)]
    # figure on slots 3–6, one blank slot (7), the heading on 8 (not 9), one blank, the text
    assert placed(fill.columns[0])[2:4] == [(2, 0, 8, 0.0), (3, 0, 10, 0.0)]


def test_the_elements_example_in_handout_has_no_hole_on_its_first_page():
    doc = layout(ROOT / "examples/elements/article.md", "handout")
    assert [h for h in holes(doc.pages) if h.page == 0] == []
    page = doc.pages[0]
    (title,) = [ln for ln in page.lines if ln.role == "heading"]
    pitch = page.grid[1] - page.grid[0]
    body_after = [ln for ln in page.lines if ln.role == "body" and ln.y > title.y]
    assert title.text == "一、选址：放在居民每天经过的地方"
    assert [round((ln.y - page.grid[0]) / pitch, 2) for ln in body_after] == [21.0, 22.0]
    assert round((title.y - 0.5 * pitch - page.grid[0]) / pitch, 2) == 19.0  # half a line off the grid
