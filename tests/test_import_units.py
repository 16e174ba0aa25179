"""Importer stages one at a time: punctuation, furniture, page-text rows, columns, headings, joins."""

from __future__ import annotations

import pytest

from paiban.errors import Diagnostics, Span
from paiban.importers.columns import ColumnLine, body_start, column_lines, find_grid, like_grid
from paiban.importers.furniture import folio_number, is_page_navigation, parse_header, strip_furniture
from paiban.importers.headings import assign_levels, ends_sentence, judge, numbering
from paiban.importers.pagetext import printed_cells, read_page_text
from paiban.importers.punctuation import fold, normalise_punctuation
from paiban.importers.quotes import find_quotes
from paiban.importers.source import Row, Segment
from paiban.importers.text import Styled, join_lines, joiner, tidy_spaces
from paiban.importers.titleblock import read_title_block

# --------------------------------------------------------------------------- punctuation


@pytest.mark.parametrize(
    "text",
    ["GDP 增长 5.2%", "1,000", "https://a.b/c?d=1", "3:30 p.m.", "Hello, world! (see p. 3)", "f(x) = y"],
)
def test_latin_text_numbers_and_urls_are_left_alone(text):
    assert normalise_punctuation(text) == text


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("习近平总书记强调,只有围绕中心", "习近平总书记强调，只有围绕中心"),
        ("主题教育;另一方面", "主题教育；另一方面"),
        ("他说:好吗?好!", "他说：好吗？好！"),
        ("“以案为戒,正风肃纪”", "“以案为戒，正风肃纪”"),
        ("使命”,扎实推进", "使命”，扎实推进"),
        ("增长5.2%,新增1,000户", "增长5.2%，新增1,000户"),
        ("增长(GDP)达到", "增长（GDP）达到"),
        ("见网址https://a.b/c?d=1,欢迎", "见网址https://a.b/c?d=1，欢迎"),
        ("(一)产业基础", "（一）产业基础"),
    ],
)
def test_ascii_marks_beside_chinese_become_full_width(damaged, repaired):
    assert normalise_punctuation(damaged) == repaired
    assert fold(repaired) == damaged


# --------------------------------------------------------------------------- furniture


def _header(text):
    found = parse_header(text)
    return (found.publication, found.issue)


def test_headers_name_publication_and_issue():
    read = _header
    assert read("《湖北机关党建》2020年10期") == ("湖北机关党建", "2020年10期")
    assert read("湖北机关党建\u30002020 年 10 期") == ("湖北机关党建", "2020年10期")
    assert read("2021.03 经济观察") == ("经济观察", "2021.03")
    assert parse_header("学习贯彻《中国共产党党和国家机关基层组织工作条例》") is None
    assert parse_header("2020年10期") is None


def test_a_header_read_with_the_pieces_of_its_rule_is_still_a_header():
    # OCR reads a rule beside a running header as dashes or underscores, a separator as a quote
    read = _header
    assert read("- 地方立法研究.2024年第3期-") == ("地方立法研究", "2024年第3期")
    assert read("地方立法研究_2024年第3期 - - -") == ("地方立法研究", "2024年第3期")
    assert read("地方立法研究”2024年第3期") == ("地方立法研究", "2024年第3期")


def test_folios_and_page_navigation():
    assert [folio_number(t) for t in ("14", " - 14 - ", "第14页", "·7·", "14 页码", "2020年")] == [14, 14, 14, 7, None, None]
    assert is_page_navigation("11\u00a0 12 13 14")
    assert not is_page_navigation("11 13 14")
    assert not is_page_navigation("11 12")


def _text_pages(text: str):
    return read_page_text(text.encode("utf-8"), "p.txt", Diagnostics())


def test_furniture_at_page_edges_is_dropped_and_read():
    text = "Page 9 - 《经济观察》2021年第3期\nP. 9\n\n经济观察  2021年第3期\n正文第一行\n正文第二行\n\n   7\n 1 2 3 4 5\n"
    pages, dropped, meta = strip_furniture(_text_pages(text), Diagnostics())
    assert [r.text for r in pages[0].rows] == ["正文第一行", "正文第二行"]
    assert [d.kind for d in dropped] == ["viewer line", "viewer line", "page navigation", "running header", "folio"]
    assert (meta.publication, meta.issue, meta.folios) == ("经济观察", "2021年第3期", {0: 7})


def test_text_repeated_at_the_top_of_several_pages_is_a_running_header():
    diagnostics = Diagnostics()
    pages = _text_pages("本刊特稿\n第一页甲\n第一页乙\n\f本刊特稿\n第二页甲\n第二页乙\n")
    kept, dropped, _ = strip_furniture(pages, diagnostics)
    assert [r.text for r in kept[1].rows] == ["第二页甲", "第二页乙"]
    assert [(d.kind, d.page) for d in dropped] == [("running header", 1)]
    # On the first page it may be the kicker: kept, with a warning naming it.
    assert kept[0].rows[0].text == "本刊特稿"
    assert "本刊特稿" in str(diagnostics.items[0])


# --------------------------------------------------------------------------- page text rows


def test_rows_split_at_wide_gaps_and_keep_word_spaces():
    page = _text_pages("    甲乙丙丁      戊己庚辛\n    The quick fox     子丑\n")[0]
    assert [[(s.text, s.x0) for s in r.segments] for r in page.rows] == [
        [("甲乙丙丁", 4.0), ("戊己庚辛", 14.0)],
        [("The quick fox", 4.0), ("子丑", 22.0)],
    ]
    assert page.rows[1].segments[0].source == Span("p.txt", 2, 5)


def test_positions_are_counted_the_way_the_file_was_written():
    # The right column starts at character 20 on every row, but at display cells 28, 27 and 26:
    # the file counted characters, so the column is found at one place.
    rows = ["甲" * 8 + " " * 12 + "右栏", "甲" * 7 + "," + " " * 12 + "右栏", "甲" * 6 + ",," + " " * 12 + "右栏"]
    page = _text_pages("\n".join(rows))[0]
    assert {r.segments[1].x0 for r in page.rows} == {20.0}
    # The same page padded by display width: cells it is.
    rows = ["甲" * 8 + " " * 12 + "右栏", "甲" * 7 + "," + " " * 13 + "右栏", "甲" * 6 + ",," + " " * 14 + "右栏"]
    page = _text_pages("\n".join(rows))[0]
    assert {r.segments[1].x0 for r in page.rows} == {28.0}


def test_printed_width_counts_damaged_marks_as_full_width():
    assert printed_cells("甲乙，丙") == 8
    assert printed_cells("甲乙,丙") == 8
    assert printed_cells("a,b") == pytest.approx(3 * 1.1)
    assert printed_cells("甲GDP乙") == pytest.approx(4 + 3 * 1.1 + 2 * 0.5)


def test_page_text_files_split_at_form_feeds():
    pages = _text_pages("一页\n\f二页\n第二行\n")
    assert [(p.number, [r.text for r in p.rows]) for p in pages] == [(1, ["一页"]), (2, ["二页", "第二行"])]
    assert pages[1].rows[1].source.line == 3


# --------------------------------------------------------------------------- columns


def _row(y: float, *pieces: tuple[str, float]) -> Row:
    return Row(y, tuple(Segment(t, x, x + 2 * len(t), Span("t", int(y) + 1)) for t, x in pieces))


def _two_columns() -> list[Row]:
    full = "正" * 10
    first = "首" * 8
    return [
        _row(0, ("标题在中间", 14)),
        _row(3, (first, 4), (first, 30)),
        _row(4, (full, 0), (full, 26)),
        _row(5, (full, 0), (full, 26)),
        _row(6, ("短", 0), ("次" * 8, 30)),
        _row(7, (first, 4), (full, 26)),
        _row(8, (full, 0)),
    ]


def test_column_edges_come_from_where_lines_start():
    grid = find_grid(_two_columns(), 2.0)
    assert grid.edges == (0.0, 26.0)
    assert grid.rights == (20.0, 46.0)
    assert grid.found


def test_a_column_with_two_lines_at_its_edge_is_found_where_the_page_before_had_it():
    # The next page, moved 3 units right (a scan): its first column ends the article with two
    # lines at the edge, a centred heading and an indented line; the second column is full.
    full, first = "正" * 10, "首" * 8
    rows = [_row(1, (full, 3), (first, 33)), _row(2, ("行。", 3), (full, 29)), _row(3, ("标题标题", 10), (full, 29)),
            _row(4, (first, 7), (full, 29)), _row(5, (full, 29))]
    alone = find_grid(rows, 2.0)
    assert alone.edges == (29.0,)
    grid = like_grid(alone, rows, find_grid(_two_columns(), 2.0))
    assert (grid.edges, grid.rights) == ((3.0, 29.0), (23.0, 49.0))


def test_the_body_starts_below_the_title_rows():
    rows = _two_columns()
    assert body_start(rows, find_grid(rows, 2.0)) == 1


def test_column_lines_are_in_reading_order_with_indents_and_gaps():
    rows = _two_columns()[1:]
    lines = column_lines(0, rows, find_grid(rows, 2.0), 1.0)
    assert [(ln.column, ln.y, ln.indent, ln.shortfall) for ln in lines] == [
        (0, 3, 2.0, 0.0), (0, 4, 0.0, 0.0), (0, 5, 0.0, 0.0), (0, 6, 0.0, 9.0), (0, 7, 2.0, 0.0), (0, 8, 0.0, 0.0),
        (1, 3, 2.0, 0.0), (1, 4, 0.0, 0.0), (1, 5, 0.0, 0.0), (1, 6, 2.0, 0.0), (1, 7, 0.0, 0.0),
    ]
    assert (lines[0].gap_before, lines[0].gap_after, lines[5].gap_after) == (None, 0.0, None)


def test_pieces_of_one_column_on_a_row_are_joined():
    rows = [_row(k, ("正" * 10, 0), ("右" * 10, 26)) for k in range(4)] + [_row(4, ("justified", 0), ("words", 12))]
    lines = column_lines(0, rows, find_grid(rows, 2.0), 1.0)
    assert [ln.text for ln in lines if ln.column == 0][-1] == "justified words"


def test_a_page_without_shared_line_starts_has_no_columns():
    rows = [_row(k, ("诗" * (k + 2), 3 * k)) for k in range(5)]
    grid = find_grid(rows, 2.0)
    assert not grid.found and grid.edges == (0.0,)


# --------------------------------------------------------------------------- headings


def _lines(*specs: tuple[float, float, float | None, float | None]) -> list[ColumnLine]:
    seg = Segment("x", 0, 1, Span("t"))
    return [ColumnLine(0, 0, float(k), seg, i, s, a, b) for k, (i, s, a, b) in enumerate(specs)]


def test_numbering_kinds_and_sentence_ends():
    assert [numbering(t) for t in ("一、总体情况", "（二）创新", "(三)创新", "3. 措施", "3.5%的增长", "（4）细则", "第二章 总则", "一是坚持")] == [
        "一、", "（一）", "（一）", "1.", None, "（1）", "第一章", None
    ]
    assert ends_sentence("取得突破。”") and ends_sentence("首先，") and not ends_sentence("一、总体情况")


def test_heading_verdicts():
    alone = _lines((2, 10, 1, 1))
    tight = _lines((2, 10, 0, 0))
    assert judge("一、总体情况", alone, False).heading and not judge("一、总体情况", alone, False).warning
    assert judge("一、总体情况", tight, False, next_opens=True) == judge("一、总体情况", alone, False)
    assert judge("一、总体情况", tight, False).warning
    standing = judge("总体情况", alone, False)
    assert standing.heading and "standing alone" in standing.warning
    kept = judge("总体情况", tight, False)
    assert not kept.heading and "kept as a paragraph" in kept.warning
    assert not judge("一、总体情况良好。", alone, False).heading
    assert judge("总体情况", tight, True).heading


def test_heading_levels_follow_the_numbering_then_the_type():
    sans, serif = ("Sans-Bold", 10.5, True), ("Serif-Bold", 10.5, True)
    levels, warnings = assign_levels([("一、甲", sans), ("（一）乙", serif), ("丙", serif), ("二、丁", sans), ("戊", sans)])
    assert levels == [2, 3, 3, 2, 2] and warnings == []
    levels, _ = assign_levels([("背景", sans), ("细节", serif)])
    assert levels == [2, 3]
    levels, warnings = assign_levels([("一、甲", sans), ("（一）乙", sans), ("1. 丙", sans)])
    assert levels == [2, 3, 3] and "third level" in warnings[0]


# --------------------------------------------------------------------------- quotes


def test_a_passage_inset_on_both_sides_is_a_quote():
    lines = _lines((2, 0, None, 0), (0, 0, 0, 0), (4, 2, 1, 0), (2, 2, 0, 0), (2, 9, 0, 1), (2, 0, 1, None), (0, 0, 0, None))
    assert find_quotes(lines, ("", 0, False), lambda ln: ("", 0, False)) == [None, None, 2, 2, 2, None, None]


def test_a_heading_before_an_indented_line_is_no_quote():
    lines = _lines((2, 14, 1, 1), (2, 0, 1, 0), (0, 0, 0, None))
    assert find_quotes(lines, ("", 0, False), lambda ln: ("", 0, False)) == [None, None, None]


# --------------------------------------------------------------------------- joins


def test_lines_join_without_spaces_in_chinese_and_with_one_between_latin_words():
    assert joiner("中文", "文字") == "" and joiner("quick", "brown") == " " and joiner("GDP", "增长") == ""
    assert joiner("well-", "known") == ""
    joined = join_lines([Styled.plain("The quick"), Styled.plain("brown fox跑"), Styled.of("得快", [True, True])])
    assert joined.text == "The quick brown fox跑得快"
    assert [(r.text, r.bold) for r in joined.runs()] == [("The quick brown fox跑", False), ("得快", True)]


def test_spaces_between_chinese_characters_go():
    assert tidy_spaces("推 进  融合 GDP 增长  a  b") == "推进融合 GDP 增长 a b"


# --------------------------------------------------------------------------- title block


def test_title_block_from_placement_kicker_title_lines_and_byline():
    rows = [_row(0, ("学习贯彻《条例》专栏文章", 0)), _row(14, ("推进融合发展", 42)), _row(18, ("增强工作质效", 30)),
            _row(23, ("■ 肖红梅", 56))]
    block = read_title_block(rows, 12.0, 2.0, Diagnostics())
    assert (block.kicker, block.title, block.author) == ("学习贯彻《条例》专栏文章", ("推进融合发展", "增强工作质效"), "肖红梅")
    assert [(d.kind, d.text) for d in block.dropped] == [("byline ornament", "■")]


def test_title_block_by_size_and_a_header_repeating_the_title():
    def sized(y, text, size):
        return Row(y, (Segment(text, 100, 200, Span("t"), size=size, font="F"),))

    rows = [sized(50, "数字经济的新引擎", 9), sized(80, "专题", 12), sized(170, "数字经济的", 22),
            sized(200, "新引擎", 22), sized(230, "——来自调查", 15), sized(260, "文/王小明", 12)]
    block = read_title_block(rows, 40.0, 10.5, Diagnostics())
    assert (block.kicker, block.title, block.subtitle, block.author) == ("专题", ("数字经济的", "新引擎"), "——来自调查", "王小明")
    assert [(d.kind, d.text) for d in block.dropped] == [("running header", "数字经济的新引擎"), ("byline label", "文/")]


def _sized_rows() -> list[Row]:
    """A PDF's first page: title, subtitle, a name under it without ■, then two columns (x 60-290
    and 320-550, body 10.5 pt) opened by a heading centred in the first, beside the second's
    first line."""

    def row(y, *pieces):
        return Row(y, tuple(Segment(text, x0, x1, Span("t"), size=size, font="F") for text, x0, x1, size in pieces))

    body = "机关党建工作要坚持围绕中心建设队伍服务群众"
    rows = [row(100, ("推进融合发展", 150, 400, 22)), row(130, ("——来自基层的调查", 200, 350, 13)),
            row(160, ("王小明", 250, 290, 12)),
            row(205, ("一、总则", 150, 200, 10.5), (body, 320, 550, 10.5))]
    rows += [row(223 + 18 * k, (body, 60, 290, 10.5), (body, 320, 550, 10.5)) for k in range(6)]
    return rows


def test_a_heading_opening_the_columns_beside_a_first_line_is_body_not_title_block():
    rows = _sized_rows()
    assert body_start(rows, find_grid(rows, 10.5), 10.5) == 3


def test_a_name_set_apart_under_a_subtitle_is_the_author():
    block = read_title_block(_sized_rows()[:3], 60.0, 10.5, Diagnostics())
    assert (block.title, block.subtitle, block.author) == (("推进融合发展",), "——来自基层的调查", "王小明")


def test_a_byline_indented_like_a_first_line_stays_in_the_title_block():
    def row(y, *pieces):
        return Row(y, tuple(Segment(text, x0, x1, Span("t"), size=size, font="F") for text, x0, x1, size in pieces))

    body = "机关党建工作要坚持围绕中心建设队伍服务群众"
    rows = [row(90, ("上海市档案条例", 62, 212, 22)), row(127, ("■本刊编辑部", 98, 176, 12.5))]
    rows += [row(171 + 18 * k, (body, 62, 300, 12.5), (body, 325, 564, 12.5)) for k in range(6)]
    assert body_start(rows, find_grid(rows, 12.5), 12.5) == 2
    block = read_title_block(rows[:2], 62.0, 12.5, Diagnostics())
    assert (block.title, block.author) == (("上海市档案条例",), "本刊编辑部")
