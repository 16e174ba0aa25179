"""The make-up checks on hand-made pages: each finding at its exact page and column."""

from __future__ import annotations

from pathlib import Path

from paiban.api import layout
from paiban.layout.makeup_checks import (
    Finding,
    float_order,
    holes,
    makeup_findings,
    outside_frames,
    short_columns,
    widows_orphans,
)
from paiban.layout.result import Frame, GlyphRun, Line, Page

ROOT = Path(__file__).resolve().parent.parent
PITCH, TOP, LINES, SIZE = 20.0, 100.0, 10, 10.0
XS = (50.0, 250.0)  # two columns of 150pt


def line(column: int, slot: int, block: int, role: str = "body", first: bool = False,
         last: bool = False, x: float | None = None) -> Line:
    left = XS[column] if x is None else x
    y = TOP + slot * PITCH + 5 + SIZE * 0.88
    run = GlyphRun("f", SIZE, "字字字", (left, left + 10, left + 20), y)
    return Line(role, (run,), left, y, 150.0, column, block, first, last, size=SIZE, extent=left + 30)


def page(index: int, lines: list[Line], figures: tuple[Frame, ...] = ()) -> Page:
    columns = tuple(Frame("column", x, TOP, 150.0, LINES * PITCH, c) for c, x in enumerate(XS))
    grid = tuple(TOP + s * PITCH + 5 + SIZE * 0.88 for s in range(LINES))
    return Page(index, index + 1, 500.0, 500.0, tuple(lines), (), columns + figures, grid)


def column_of(column: int, block: int, slots: range, first: bool = True, last: bool = True) -> list[Line]:
    out = []
    for k, slot in enumerate(slots):
        out.append(line(column, slot, block, first=first and k == 0, last=last and k == len(slots) - 1))
    return out


def test_a_hole_is_counted_in_grid_lines_at_the_column_foot():
    first = page(0, column_of(0, 0, range(10)) + column_of(1, 1, range(6)))
    last = page(1, column_of(0, 2, range(2)))
    assert holes([first, last]) == [Finding("hole", 0, 1, "4 empty grid lines at the foot of column 2", 4)]


def test_the_last_page_and_a_column_above_a_page_wide_float_have_no_hole():
    wide = Frame("figure", 50.0, TOP + 7 * PITCH, 350.0, 3 * PITCH, 9)
    first = page(0, column_of(0, 0, range(6)) + column_of(1, 1, range(6)), (wide,))
    last = page(1, column_of(0, 2, range(3)))
    assert holes([first, last]) == []


def test_a_column_figure_fills_its_slots():
    figure = Frame("figure", XS[1], TOP, 150.0, 4 * PITCH, 5)
    first = page(0, column_of(0, 0, range(10)) + column_of(1, 1, range(4, 10)), (figure,))
    assert holes([first, page(1, [])]) == []


def test_short_columns_of_the_last_page():
    last = page(0, column_of(0, 0, range(2), last=False) + column_of(1, 0, range(1), first=False))
    assert short_columns([last]) == [
        Finding("short-column", 0, 0, "column 1 of the last page holds only 2 lines", 2),
        Finding("short-column", 0, 1, "column 2 of the last page holds only 1 line", 1)]
    assert short_columns([page(0, column_of(0, 0, range(2)))]) == []  # one column: unbalanced


def test_widows_and_orphans_across_columns_and_pages():
    one = page(0, column_of(0, 0, range(9)) + [line(0, 9, 1, first=True)]
               + column_of(1, 1, range(8), first=False, last=False))
    two = page(1, [line(0, 0, 1, last=True)])
    assert widows_orphans([one, two]) == [
        Finding("orphan", 0, 0, "1 line of a paragraph alone at the foot of column 1", 1),
        Finding("widow", 1, 0, "1 line of a paragraph alone at the head of column 1", 1)]


def test_floats_out_of_order_and_out_of_their_section():
    lines = (column_of(0, 0, range(4, 8)) + [line(0, 8, 2, role="heading", first=True, last=True)]
             + column_of(1, 4, range(4, 10)))

    def figures(left_block: int, right_block: int) -> tuple[Frame, Frame]:
        return (Frame("figure", XS[0], TOP, 150.0, 4 * PITCH, left_block),
                Frame("figure", XS[1], TOP, 150.0, 4 * PITCH, right_block))

    # figure 1 above heading 2 (its section ends there), figure 3 after it: all in order
    assert float_order([page(0, lines, figures(1, 3))]) == []
    found = float_order([page(0, lines, figures(3, 1))])
    assert [(f.kind, f.page, f.column) for f in found] == [
        ("float-order", 0, 0), ("float-section", 0, 1), ("float-section", 0, 0)]
    assert found[0].detail == "float of block 3 stands before float of block 1"


def test_a_page_wide_float_two_pages_after_its_citation():
    wide = Frame("figure", 50.0, TOP, 350.0, 3 * PITCH, 1)
    pages = [page(0, column_of(0, 0, range(10))), page(1, column_of(0, 2, range(10))),
             page(2, column_of(0, 2, range(3, 10), first=False), (wide,))]
    assert [(f.kind, f.page) for f in float_order(pages)] == [("float-page", 2)]
    pages[2] = page(2, pages[2].lines)
    pages[1] = page(1, pages[1].lines, (wide,))
    assert float_order(pages) == []


def test_text_outside_every_frame():
    stray = line(0, 0, 0, x=420.0)
    assert outside_frames([page(0, [stray, line(0, 1, 0)])]) == [
        Finding("outside-frame", 0, 0, "body line '字字字' is outside every frame")]


def test_the_seed_page_in_magazine_has_no_make_up_fault():
    doc = layout(ROOT / "examples/seed/article.md", "magazine")
    assert len([ln for ln in doc.pages[0].lines if ln.column >= 0]) == 50
    assert makeup_findings(doc.pages) == []
    # a one-page article is its own last page: judge it as a page followed by more
    assert holes([*doc.pages, doc.pages[0]]) == []
