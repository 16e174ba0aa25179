"""Where an imported float goes in the reading order: after the paragraph that cites it when that
agrees with where it was read, else by its position, and never between a heading and its text."""

from __future__ import annotations

from paiban.errors import Span
from paiban.importers.columns import ColumnLine
from paiban.importers.floats import _FOOT, Float, insert_floats, label_of
from paiban.importers.source import Segment
from paiban.model.article import Block, Figure, Heading, Paragraph, PullQuote, Run, Table

Where = tuple[int, int, float]  # (page, column, y) of one line


def _article(spec: list[tuple[Block, list[Where]]]) -> tuple[list[Block], list[ColumnLine], list[int]]:
    """Blocks, their lines in reading order and the block of each line, from (block, line places)."""
    blocks, lines, block_of_line = [], [], []
    for index, (block, places) in enumerate(spec):
        blocks.append(block)
        for page, column, y in places:
            segment = Segment(block.text[:4], 0.0, 10.0, Span("t"))
            lines.append(ColumnLine(page, column, y, segment, 0.0, 0.0))
            block_of_line.append(index)
    order = sorted(range(len(lines)), key=lambda k: (lines[k].page, lines[k].column, lines[k].y))
    return blocks, [lines[k] for k in order], [block_of_line[k] for k in order]


def _p(text: str) -> Paragraph:
    return Paragraph((Run(text),))


def _h(text: str) -> Heading:
    return Heading(2, (Run(text),))


def _fig(caption: str, width: str = "column") -> Figure:
    return Figure("x.png", caption, width, "here")


def _names(blocks: list[Block]) -> list[str]:
    return [b.caption if isinstance(b, Figure) else b.text for b in blocks]


def _lines(page: int, column: int, first: int, count: int) -> list[Where]:
    return [(page, column, float(first + k * 10)) for k in range(count)]


def test_a_float_read_after_a_heading_at_a_column_foot_follows_the_headings_paragraph():
    """Heading 二 and two lines of its paragraph end page 1; the page-wide figure opens page 2,
    then the paragraph goes on: the figure follows that paragraph, not the heading."""
    blocks, lines, of = _article([
        (_p("甲段"), _lines(0, 0, 0, 30)),
        (_h("二、运营"), [(0, 1, 270.0)]),
        (_p("乙段"), [(0, 1, 280.0), (0, 1, 290.0), (1, 0, 100.0), (1, 0, 110.0)]),
        (_p("丙段"), _lines(1, 0, 120, 5)),
    ])
    figure = Float(_fig("图2 月接待人次", "page"), (1, -1, 0.0), 0)
    out, placed = insert_floats(blocks, lines, of, [figure])
    assert _names(out) == ["甲段", "二、运营", "乙段", "图2 月接待人次", "丙段"]
    assert placed == [3]


def test_a_float_read_after_a_heading_before_any_of_its_text_goes_before_the_heading():
    blocks, lines, of = _article([
        (_p("甲段"), _lines(0, 0, 0, 10)),
        (_h("二、运营"), [(0, 0, 100.0)]),
        (_p("乙段"), _lines(0, 1, 200, 3)),
    ])
    figure = Float(_fig("图1 书屋"), (0, 1, 0.0), 0)  # top of column 2, above all of 乙段
    out, _ = insert_floats(blocks, lines, of, [figure])
    assert _names(out) == ["甲段", "图1 书屋", "二、运营", "乙段"]


def test_a_float_cited_in_a_later_paragraph_follows_the_paragraph_that_cites_it():
    """图1 was lifted to the top of the column whose second paragraph cites it: by position it
    would open the column, by its citation it follows 乙段, as the author placed it."""
    blocks, lines, of = _article([
        (_p("甲段"), _lines(0, 0, 0, 10)),
        (_p("乙段，见图1。"), _lines(0, 1, 100, 3)),
        (_p("丙段"), _lines(0, 1, 130, 3)),
    ])
    figure = Float(_fig("图1 书屋"), (0, 1, 0.0), 0)
    out, _ = insert_floats(blocks, lines, of, [figure])
    assert _names(out) == ["甲段", "乙段，见图1。", "图1 书屋", "丙段"]


def test_a_citation_in_the_next_section_does_not_move_a_float_out_of_its_own():
    blocks, lines, of = _article([
        (_p("甲段"), _lines(0, 0, 0, 10)),
        (_h("二、运营"), [(0, 0, 200.0)]),
        (_p("乙段，如图1所示。"), _lines(0, 0, 210, 3)),
    ])
    figure = Float(_fig("图1 书屋"), (0, 0, 150.0), 0)
    out, _ = insert_floats(blocks, lines, of, [figure])
    assert _names(out) == ["甲段", "图1 书屋", "二、运营", "乙段，如图1所示。"]


def test_a_float_is_not_moved_after_a_paragraph_it_interrupts():
    """The figure came before 乙段 and did not fit; 乙段 flows past it: its citation does not
    place the figure after it."""
    blocks, lines, of = _article([
        (_p("甲段"), _lines(0, 0, 0, 10)),
        (_p("乙段，见图1。"), [(0, 0, 100.0), (0, 0, 110.0), (0, 1, 200.0)]),
    ])
    figure = Float(_fig("图1 书屋"), (0, 1, 0.0), 0)
    out, _ = insert_floats(blocks, lines, of, [figure])
    assert _names(out) == ["甲段", "图1 书屋", "乙段，见图1。"]


def test_a_float_with_no_citation_stands_where_it_was_read():
    """图12 is not 图1's citation: the figure with no citation follows the last paragraph ending
    before it; the pull quote likewise."""
    blocks, lines, of = _article([
        (_p("甲段，见图12。"), _lines(0, 0, 0, 3)),
        (_p("乙段"), _lines(0, 0, 30, 3)),
        (_p("丙段"), _lines(0, 0, 100, 3)),
    ])
    figure = Float(_fig("图1 书屋"), (0, 0, 70.0), 0)
    quote = Float(PullQuote((Run("引语"),)), (0, _FOOT, 0.0), 0)
    out, placed = insert_floats(blocks, lines, of, [figure, quote])
    assert _names(out) == ["甲段，见图12。", "乙段", "图1 书屋", "丙段", "引语"]
    assert placed == [2, 4]


def test_citations_keep_the_floats_in_their_order():
    """图2 is cited before 图1's place: following its citation would set it above 图1."""
    blocks, lines, of = _article([
        (_p("甲段，见图2。"), _lines(0, 0, 0, 3)),
        (_p("乙段"), _lines(0, 0, 30, 3)),
        (_p("丙段"), _lines(0, 0, 100, 3)),
    ])
    first = Float(_fig("图1 书屋"), (0, 0, 70.0), 0)
    second = Float(_fig("图2 书架"), (0, 0, 95.0), 1)
    out, _ = insert_floats(blocks, lines, of, [first, second])
    assert _names(out) == ["甲段，见图2。", "乙段", "图1 书屋", "图2 书架", "丙段"]


def test_labels_of_figures_and_tables():
    assert label_of(_fig("图 3 分布")) == "图3"
    assert label_of(_fig("圖2-1 說明")) == "图2-1"
    assert label_of(_fig("书屋一角")) == ""
    assert label_of(Table((), (), (), "各区数据", "表4")) == "表4"
    assert label_of(PullQuote((Run("图1"),))) == ""
