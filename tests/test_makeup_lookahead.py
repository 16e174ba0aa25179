"""Page make-up with look-ahead: paragraphs set a line shorter or longer (缩行/伸行) close a hole
at a column foot and pull back a stranded last page; a page that needs nothing asks for nothing."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from paiban.api import layout
from paiban.compose.alternatives import Alternative
from paiban.compose.line import ComposedLine
from paiban.flow.blocks import FlowBlock
from paiban.flow.distribute import Cursor, Rules
from paiban.flow.floats import FlowState
from paiban.flow.lookahead import holes, set_page
from paiban.layout.makeup_checks import holes as page_holes
from paiban.layout.makeup_checks import makeup_findings

ROOT = Path(__file__).resolve().parent.parent


def _lines(n: int, tag: str = "") -> tuple[ComposedLine, ...]:
    return tuple(ComposedLine((), 10, 10, 10, i == 0, i == n - 1, i < n - 1, tag) for i in range(n))


class Offered:
    """Alternatives of a test paragraph: given costs for a line fewer / more; counts the asks."""

    def __init__(self, shorter: float | None = None, longer: float | None = None) -> None:
        self.costs = {-1: shorter, 1: longer}
        self.asked = 0

    def around(self, lines: tuple[ComposedLine, ...], whole: bool = False) -> Mapping[int, Alternative]:
        self.asked += 1
        return {change: Alternative(_lines(len(lines) + change, "alt"), cost)
                for change, cost in self.costs.items() if cost is not None}


def text(n: int, index: int, shorter: float | None = None, longer: float | None = None) -> FlowBlock:
    return FlowBlock("body", _lines(n), index, alternatives=Offered(shorter, longer))


def heading(index: int) -> FlowBlock:
    return FlowBlock("heading", _lines(1), index, 1, 1, keep_together=True, keep_with_next=2)


def blocks_in(fill) -> list[list[tuple[int, int]]]:
    """(block, lines of it) in each column."""
    out = []
    for column in fill.columns:
        counts: dict[int, int] = {}
        for p in column:
            counts[p.block] = counts.get(p.block, 0) + 1
        out.append(list(counts.items()))
    return out


def test_a_two_line_hole_before_a_heading_is_closed_by_the_two_cheapest_longer_settings():
    # 5 + 5 + 5 lines leave 2 slots in a 17-slot column; the heading needs 5 (its space, itself
    # and two lines kept with it), 4 set tighter: it goes to column 2, leaving a 2-line hole
    blocks = [text(5, 0, longer=40.0), text(5, 1, longer=5.0), text(5, 2, longer=10.0), heading(3),
              text(20, 4)]
    fill = set_page(blocks, FlowState(), [17, 17], Rules(), balance=False)
    assert holes(fill, blocks) == [0, 0]
    assert sorted(fill.chosen) == [1, 2]  # the two cheapest, not the 40-demerit one
    assert blocks_in(fill) == [[(0, 5), (1, 6), (2, 6)], [(3, 1), (4, 15)]]
    assert all(ln.pushed == "alt" for ln in fill.chosen[1])
    # the page after starts where it did without make-up: nothing moved to a later page
    assert fill.state.cursor.block == 4 and fill.state.cursor.line == 15


def test_a_hole_is_closed_by_a_shorter_setting_when_that_brings_the_heading_up():
    # 6 + 6 + 2 lines; 3 slots left: the heading with its space and two kept lines needs 4 even
    # set tighter; one line fewer above makes room for it
    blocks = [text(6, 0, shorter=30.0), text(6, 1, shorter=20.0), text(2, 2), heading(3), text(2, 4),
              text(20, 5)]
    fill = set_page(blocks, FlowState(), [17, 17], Rules(), balance=False)
    assert holes(fill, blocks)[0] == 0
    assert list(fill.chosen) == [1]
    assert [b for b, _ in blocks_in(fill)[0]] == [0, 1, 2, 3, 4]


def test_no_hole_no_question():
    blocks = [text(6, 0, 1.0, 1.0), text(6, 1, 1.0, 1.0), text(20, 2, 1.0, 1.0)]
    fill = set_page(blocks, FlowState(), [12, 12], Rules(), balance=False, following=[12, 12])
    assert fill.chosen == {} and holes(fill, blocks) == [0, 0]
    assert [b.alternatives.asked for b in blocks] == [0, 0, 0]  # nothing composed in vain


def test_a_last_page_is_not_made_up():
    blocks = [text(3, 0, 1.0, 1.0), heading(1), text(2, 2, 1.0, 1.0)]
    fill = set_page(blocks, FlowState(), [20, 20], Rules(), balance=True)
    assert fill.chosen == {} and fill.state.done(blocks)
    assert [b.alternatives.asked for b in blocks if b.alternatives] == [0, 0]


def test_a_hole_nothing_can_close_stays():
    blocks = [text(5, 0), text(5, 1), text(5, 2), heading(3), text(20, 4)]  # no alternatives
    fill = set_page(blocks, FlowState(), [17, 17], Rules(), balance=False)
    assert holes(fill, blocks) == [2, 0] and fill.chosen == {}


def test_a_stranded_last_page_is_pulled_back():
    # 4 + 4 + 4 lines in a 10-line column: the last two lines would stand alone on a page
    blocks = [text(4, 0, shorter=3.0), text(4, 1, shorter=1.0), text(4, 2, shorter=2.0)]
    fill = set_page(blocks, FlowState(), [10], Rules(), balance=False, following=[10])
    assert fill.state.done(blocks)
    # the two paragraphs wholly on the page give a line each (the third was split there)
    assert sorted(fill.chosen) == [0, 1] and blocks_in(fill) == [[(0, 3), (1, 3), (2, 4)]]


def test_a_hole_above_helps_pull_the_stranded_lines_back():
    # 4 + 4 lines leave one slot that the two-line paragraph cannot use: one line fewer above
    # is enough to bring both back, and it is tried before the hole is filled by longer settings
    blocks = [text(4, 0, shorter=1.0, longer=1.0), text(4, 1, longer=1.0), text(2, 2)]
    fill = set_page(blocks, FlowState(), [9], Rules(), balance=False, following=[9])
    assert fill.state.done(blocks) and list(fill.chosen) == [0]


def test_stranded_lines_before_the_end_matter_are_pulled_back():
    # two lines of text, then the author's unit and a note: the text comes back onto the page,
    # the end matter follows on the next
    blocks = [text(4, 0, shorter=3.0), text(4, 1, shorter=1.0), text(4, 2),
              FlowBlock("affiliation", _lines(1), 3), FlowBlock("note", _lines(2), 4)]
    fill = set_page(blocks, FlowState(), [10], Rules(), balance=False, following=[10])
    assert sorted(fill.chosen) == [0, 1] and fill.state.cursor.block == 3


def test_a_stranded_page_stays_when_the_page_cannot_give_the_lines_back():
    blocks = [text(4, 0, shorter=3.0), text(4, 1), text(4, 2, shorter=2.0)]
    fill = set_page(blocks, FlowState(), [10], Rules(), balance=False, following=[10])
    assert not fill.state.done(blocks) and fill.chosen == {}


def test_a_paragraph_is_only_changed_while_it_stands_wholly_on_the_page():
    # the only paragraph that could fill the 3-line hole began on the page before: left alone
    blocks = [text(20, 0, 1.0, 1.0), text(5, 1), heading(2), text(20, 3)]
    fill = set_page(blocks, FlowState(Cursor(0, 4)), [12, 12], Rules(), balance=False)
    assert holes(fill, blocks) == [0, 3] and fill.chosen == {}
    assert blocks[0].alternatives.asked == 0


def test_a_heading_keeps_the_whole_paragraph_when_its_kept_lines_would_leave_a_widow():
    # room for the heading and two lines of a three-line paragraph: its third line would be a
    # widow, so the paragraph cannot give two lines; the heading is set a line tighter with all
    # three rather than left alone at the column foot
    blocks = [text(10, 0), heading(1), text(3, 2), text(20, 3)]
    fill = set_page(blocks, FlowState(), [15, 15], Rules(), balance=False)
    assert blocks_in(fill)[0] == [(0, 10), (1, 1), (2, 3)]


def test_variant_lines_are_squeezed_not_overfull():
    from conftest import make_config

    from paiban.compose.config import Where
    from paiban.compose.paragraph import paragraph_variants
    from paiban.errors import Diagnostics
    from paiban.model.article import Run

    # a setting whose third line holds 21 characters: it is pushed in (its marks squeezed), as
    # the paragraph's own setting would be, never set past the column's edge
    han = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往"
    text = han[:18] + "，“" + han[:17] + "”，" + han[:17] + "：" + han[:3] + "。"
    variants = paragraph_variants((Run(text),), make_config(20, 2), Where(None, Diagnostics()))
    lines = variants[4].lines
    assert [ln.pushed for ln in lines] == ["out", "out", "in", ""]
    assert all(ln.filled <= ln.width + 0.01 for ln in lines)


@pytest.mark.parametrize("style, sizes", [("magazine", [6, 1]), ("handout", [6, 3])])
def test_the_elements_example_keeps_only_the_holes_of_its_figures(style: str, sizes: list[int]):
    # without make-up: holes of 3, 5, 1 lines in magazine and 1, 1, 6, 3 in handout. Left: the
    # column ended above a figure that waits for the next column and holds back the next
    # section (magazine 6, handout 6 and 3), and one line no paragraph setting could fill
    doc = layout(ROOT / "examples/elements/article.md", style)
    assert [f.size for f in page_holes(doc.pages)] == sizes
    assert [f for f in makeup_findings(doc.pages) if f.kind != "hole"] == []
