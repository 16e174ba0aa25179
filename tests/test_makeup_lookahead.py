"""Page make-up with look-ahead: paragraphs set a line shorter or longer (缩行/伸行) close a hole
at a column foot and pull back a stranded last page; a page that needs nothing asks for nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
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

    def around(self, lines: tuple[ComposedLine, ...], whole: bool = False, fixed: int = 0,
               wider: bool = False) -> Mapping[int, Alternative]:
        self.asked += 1
        return {change: Alternative((*lines[:fixed], *_lines(len(lines) + change, "alt")[fixed:]), cost)
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


def test_a_two_line_hole_before_a_heading_is_closed_by_the_paragraphs_with_least_to_spread():
    # 5 + 5 + 5 lines leave 2 slots in a 17-slot column; the heading needs 5 (its space, itself
    # and two lines kept with it), 4 set tighter: it goes to column 2, leaving a 2-line hole.
    # The first paragraph's last line is short: a line more would open its lines most, so the
    # two others are asked first, and they close the hole
    short_end = (*_lines(4), replace(_lines(5)[-1], natural=3))
    blocks = [replace(text(5, 0, longer=1.0), lines=short_end), text(5, 1, longer=5.0),
              text(5, 2, longer=10.0), heading(3), text(20, 4)]
    fill = set_page(blocks, FlowState(), [17, 17], Rules(), balance=False)
    assert holes(fill, blocks) == [0, 0]
    assert sorted(fill.chosen) == [1, 2] and blocks[0].alternatives.asked == 0
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
    # the two cheapest give a line each: the third, split at the page foot, may change too, as
    # none of its lines is on another page yet
    assert sorted(fill.chosen) == [1, 2] and blocks_in(fill) == [[(0, 4), (1, 3), (2, 3)]]


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
    blocks = [text(4, 0, shorter=3.0), text(4, 1), text(4, 2)]
    fill = set_page(blocks, FlowState(), [10], Rules(), balance=False, following=[10])
    assert not fill.state.done(blocks) and fill.chosen == {}


def test_a_paragraph_from_the_page_before_is_set_again_only_after_the_page_break():
    # the paragraph began on the page before (4 of its 20 lines are there); a line fewer in its
    # rest brings the heading and its kept lines up into the 3-line hole of column 2. Its lines
    # on the page before stay as they are, so nothing already placed moves
    blocks = [text(20, 0, 1.0, 1.0), text(5, 1), heading(2), text(20, 3)]
    fill = set_page(blocks, FlowState(Cursor(0, 4)), [12, 12], Rules(), balance=False)
    assert holes(fill, blocks) == [0, 0] and list(fill.chosen) == [0]
    assert len(fill.chosen[0]) == 19
    assert all(a is b for a, b in zip(fill.chosen[0][:4], blocks[0].lines[:4]))
    assert [ln.pushed for ln in fill.chosen[0][4:]] == ["alt"] * 15
    assert fill.columns[0][0].block == 0 and fill.columns[0][0].line == 4
    assert blocks_in(fill) == [[(0, 12)], [(0, 3), (1, 5), (2, 1), (3, 2)]]


def test_a_paragraph_running_on_to_the_next_page_goes_on_there_in_its_new_setting():
    # 5 lines, then a 6-line paragraph in a 10-line column: its fifth line there would leave a
    # widow, so it gives 4 and leaves a hole. Set a line longer it gives 5 and leaves 2; the page
    # after goes on in that setting (the flow state carries it), with no hole either
    blocks = [text(5, 0), text(6, 1, longer=1.0), text(30, 2)]
    first = set_page(blocks, FlowState(), [10], Rules(), balance=False)
    assert holes(first, blocks) == [0] and list(first.chosen) == [1] and len(first.chosen[1]) == 7
    assert first.state.cursor == Cursor(1, 5) and first.state.carried == first.chosen[1]
    second = set_page(blocks, first.state, [10], Rules(), balance=False)
    assert second.chosen == {1: first.chosen[1]}  # the page is drawn from the same lines
    assert blocks_in(second) == [[(1, 2), (2, 8)]] and holes(second, blocks) == [0]
    assert second.state.carried == ()  # the paragraph after is in its own setting
    assert blocks[1].alternatives.asked == 1


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


@pytest.mark.parametrize("style, sizes", [("magazine", [5, 1]), ("handout", [8, 3])])
def test_the_elements_example_keeps_only_the_holes_of_its_figures(style: str, sizes: list[int]):
    # without make-up: holes of 3, 5, 1 lines in magazine and 1, 1, 6, 3 in handout. Left: the
    # column ended above a figure that waits for the next column and holds back the next
    # section (magazine 5, handout 8 and 3), and in magazine one line above a widow that only a
    # loose setting of a five-line paragraph could fill. (In handout the paragraph running over
    # from page 1 gives a line on page 2, cheaper than the longer setting taken there before; the
    # text that moves up leaves page 4 less to hold above its figure: 6 lines there before.)
    doc = layout(ROOT / "examples/elements/article.md", style)
    assert [f.size for f in page_holes(doc.pages)] == sizes
    assert [f for f in makeup_findings(doc.pages) if f.kind != "hole"] == []


NARROW_PARAGRAPH = ("4. 坚持创新发展。遵循移动互联网发展规律，创新工作理念、方法手段和制度机制，积极运用大数据、"
                    "云计算、人工智能等新技术新应用，提升政务新媒体智能化水平。")


def test_a_short_paragraph_of_a_narrow_column_is_not_opened_through_to_take_a_line_more(monkeypatch):
    from conftest import EM, compose, make_config

    import paiban.compose.alternatives as alternatives
    from paiban.model.article import Run

    # six lines of 14 characters: a seventh would lose each line a character and a half, no
    # line past a quarter em a gap, but an eighth of the column opened through (a loose patch)
    lines, _ = compose(NARROW_PARAGRAPH, 14, 2)
    assert len(lines) == 6
    offered = alternatives.ParagraphAlternatives((Run(NARROW_PARAGRAPH),), make_config(14, 2), None)
    assert offered.around(lines) == {}
    monkeypatch.setattr(alternatives, "LONGER_WHITE", 1.0)
    looser = alternatives.ParagraphAlternatives((Run(NARROW_PARAGRAPH),), make_config(14, 2), None)
    setting = looser.around(lines)[1]
    assert len(setting.lines) == 7
    assert alternatives._white(list(setting.lines), 2 * EM) == pytest.approx(0.141, abs=0.001)


def test_a_paragraph_running_over_a_page_is_set_a_line_longer_in_its_last_eight_lines():
    from paiban.api import load_article, load_style
    from paiban.compose.alternatives import LONGER_WHITE, TAIL, WIDER_TAIL, _white
    from paiban.layout.engine import compose_article

    # the seed's 29-line paragraph, whose first 5 lines end page 1 in handout: a line more in its
    # last four lines would open them a quarter em a gap; its last eight take it decently
    composed = compose_article(load_article(ROOT / "examples/seed/article.md"), load_style("handout"))
    block = composed.blocks[2]
    assert len(block.lines) == 29
    assert 1 not in block.alternatives._make(block.lines, 29 - TAIL, 5)
    longer = block.alternatives.around(block.lines, fixed=5, wider=True)[1]
    assert len(longer.lines) == 30
    assert all(a is b for a, b in zip(longer.lines[:29 - WIDER_TAIL], block.lines))
    assert longer.lines[29 - WIDER_TAIL] is not block.lines[29 - WIDER_TAIL]
    assert _white(list(longer.lines[29 - WIDER_TAIL:]), 0.0) <= LONGER_WHITE
    assert "".join(ln.text for ln in longer.lines) == "".join(ln.text for ln in block.lines)


@pytest.mark.parametrize("article", ["examples/seed/article.md", "examples/booklet/articles/01-ronghe.md"])
def test_a_paragraph_across_three_pages_closes_the_hole_of_the_middle_one(article: str):
    from paiban.api import load_article, load_style
    from paiban.layout.engine import compose_article

    # handout, one column: the paragraph runs from page 1 through page 2 onto page 3, where it
    # would leave a widow; page 2 ended a line short. Set a line longer after the page break,
    # it fills page 2 and goes on in that setting on page 3: no hole, no text lost or doubled
    doc = layout(ROOT / article, "handout")
    assert page_holes(doc.pages) == []
    assert [f for f in makeup_findings(doc.pages) if f.kind != "hole"] == []
    composed = compose_article(load_article(ROOT / article), load_style("handout"))
    for block in composed.blocks:
        if block.role == "body":
            set_text = "".join(ln.text for page in doc.pages for ln in page.lines
                               if ln.block == block.block and ln.role == "body")
            assert set_text == "".join(ln.text for ln in block.lines)
