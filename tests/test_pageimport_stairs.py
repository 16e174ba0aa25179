"""Page text as pdftotext writes pages whose producer compresses punctuation (XeLaTeX with ctex):
a line broken into runs written as a staircase, a next column's line pulled left up to its
neighbour, the tops of the columns standing apart under a blank row — and a page of few rows."""

from __future__ import annotations

from paiban.errors import Diagnostics, Span
from paiban.importers import import_pages
from paiban.importers.columns import ColumnLine
from paiban.importers.gutters import Band, find_bands
from paiban.importers.pagetext import _counts_cells, _pieces, _row_ink, read_page_text
from paiban.importers.paragraphs import _opens
from paiban.importers.source import Segment
from paiban.model.article import Heading

from test_pageimport_shapes import LEFT, RIGHT, WANT, _row

HEAD = ["上海市档案条例", "   ■ 本刊编辑部", "", "", "", ""]


def _rows(lines: list[str]) -> list[list[tuple[int, str]]]:
    page = read_page_text("\n".join(lines).encode("utf-8"), "page.txt", Diagnostics())[0]
    return [[(s.column, s.text) for s in row.segments] for row in page.rows]


def test_a_line_written_as_a_staircase_of_runs_is_one_line_again():
    # 乡、 ends a run; the rest of the line is written on the next row, where the run ended
    lines = [_row(LEFT[0], "  第十一条 乡、"), _row(LEFT[1], "镇人民政府分管档案工作的", 35)]
    lines += [_row(a, b) for a, b in zip(LEFT[2:], RIGHT[1:])]
    rows = _rows(lines)
    assert rows[0] == [(0, "第一条 为了加强档案事业的建设，有效"), (1, "第十一条 乡、镇人民政府分管档案工作的")]
    assert rows[1] == [(0, "地保护和利用档案，为国民经济和社会发展服")]


def test_a_paragraph_opening_under_a_short_last_line_is_no_staircase():
    # the indented line starts where the last line (of two characters and a mark) ends, as
    # other lines of the column do: it opens a paragraph
    lines = [_row(a, b) for a, b in zip(LEFT, RIGHT)] + [_row("", "机构。"), _row("", "   第十三条 档案馆是集中管理档案的")]
    rows = _rows(lines)
    assert rows[-2:] == [[(1, "机构。")], [(1, "第十三条 档案馆是集中管理档案的")]]


def test_a_next_column_line_pulled_up_to_its_neighbour_is_cut_and_placed_at_its_column():
    lines = [_row(a, b) for a, b in zip(LEFT[:5], RIGHT[:5])]
    lines.append(LEFT[5] + " " + RIGHT[5])  # one space between the columns' lines
    page = read_page_text("\n".join(lines).encode("utf-8"), "page.txt", Diagnostics())[0]
    pulled = page.rows[5].segments
    assert [(s.column, s.text) for s in pulled] == [(0, LEFT[5]), (1, RIGHT[5])]
    assert pulled[1].x0 == page.rows[4].segments[1].x0 == 26.0


def test_the_tops_of_the_columns_under_a_blank_row_are_body_not_title_block(tmp_path):
    rows = [_row("       总则", RIGHT[0]), "", _row("", RIGHT[1]), "", ""]
    rows += [_row(a, b) for a, b in zip(LEFT, [*RIGHT[2:], "", ""])]
    path = tmp_path / "page.txt"
    path.write_text("\n".join([*HEAD, *rows, ""]), encoding="utf-8")
    article = import_pages([path]).article
    assert article.meta.title == ("上海市档案条例",) and article.meta.author == "本刊编辑部"
    assert article.meta.lead is None
    assert [(type(b).__name__, b.text) for b in article.blocks] == [("Heading", "总则")] + [("Paragraph", t) for t in WANT]
    assert isinstance(article.blocks[0], Heading)


def test_a_page_of_three_rows_finds_both_gutters_not_one_at_the_margin():
    # a last page with three rows of three columns, the first indented: the positions before
    # the rows' first ink agree best, and used to pull the first gutter's band to the margin
    lines = ["地方立法研究   2024 年第 3 期", "",
             "     （三）在树旁和绿地内          第三十八条 市和区绿   全市绿化管理信息系统，公",
             "倾倒垃圾或者有害废渣废            化管理部门应当加强绿化资   布绿化建设、养护和管理的",
             "水、堆放杂物。                源调查、监测和监控，建立   信息。", "", "40"]
    cells = _counts_cells([_pieces(line) for line in lines])
    assert find_bands([_row_ink(line, cells) for line in lines]) == [Band(20, 24, 3), Band(35, 39, 3)]


def test_a_pulled_line_after_a_mark_a_flipbook_made_half_width_is_cut_too():
    left = "案的管理和利用,适用本条例,"
    lines = [_row(a, b) for a, b in zip(LEFT[:5], RIGHT[:5])] + [left + " " + RIGHT[5]]
    page = read_page_text("\n".join(lines).encode("utf-8"), "page.txt", Diagnostics())[0]
    assert [(s.column, s.text, s.x0) for s in page.rows[5].segments] == [(0, left, 0.0), (1, RIGHT[5], 26.0)]


def test_positions_are_counted_in_cells_when_rows_mostly_hold_one_column():
    # columns on different baselines: one row in six holds both columns' lines; under the count
    # of display cells its right line starts where the right column's own rows start
    left = [f"{' ' * 8}{line}" for line in LEFT]
    right = [" " * 52 + line.lstrip() for line in RIGHT]
    lines = [" " * 12 + "第一章总则" + " " * 30 + "共信用信息和市场信用信息。"]
    for a, b in zip(left, right):
        lines += [a, b]
    page = read_page_text("\n".join(lines).encode("utf-8"), "page.txt", Diagnostics())[0]
    assert [(s.column, s.x0) for s in page.rows[0].segments] == [(0, 12.0), (1, 52.0)]


THREE_BY_CHARACTERS = [
    '',
    '            今年以来,全省GDP增长                  across line breaks.这一段话               (二)创新能力',
    '        5.2%,新增市场主体1,000余户。               用来检验中英文混排时的断行                         创新能力持续增强。企业研发',
    '        详细数据见https://a.b/c?d=1,欢          与拼接。                              投入保持两位数增长,一批关键核',
    '        迎查阅。数字经济已成为拉动增长                       (一)产业基础                       心技术取得突破。',
    '        的重要力量,各地纷纷出台政策,                       产业基础不断夯实。全省建成',
    '        支持企业上云用数赋智。                       5G基站三万余个,千兆光网覆盖                       二、存在问题',
    '                                          所有县城,工业互联网标识解析二',
    '            一、总体情况                        级节点上线运行,为数字化转型提                       一是发展不平衡。区域之间、行',
    '                                          供了坚实支撑。                           业之间差距较大。二是人才短缺,',
    '            据统计,全省数字经济核心                          数字化转型不是选择                 高端复合型人才供给不足。三是数',
    '        产业增加值占比稳步提升。The                       题,而是必答题。只有主                   据要素市场培育滞后,数据确权、',
    '        quick brown   fox jumps  over         动拥抱变化,才能在新一                   流通、交易等制度有待完善。',
    '        the lazy dog  while the  type\xad        轮竞争中赢得先机。',
    '',
]
"""Three columns of paiban's page text written counting characters: each row's wide characters
move the columns after them, so one gutter's gaps agree at places a dip apart."""


def test_a_gutter_whose_gaps_agree_at_two_places_is_one_gutter():
    cells = _counts_cells([_pieces(line) for line in THREE_BY_CHARACTERS])
    assert not cells
    bands = find_bands([_row_ink(line, cells) for line in THREE_BY_CHARACTERS])
    assert bands == [Band(40, 43, 12), Band(74, 77, 10)]


def test_numbered_lines_set_in_by_less_than_an_indent_open_paragraphs():
    # the producer kerned the opening bracket into the indent and the extraction rounded the
    # rest: the line stands 0.8 em in, less than an indent, after a full line
    def line(text: str, indent: float, shortfall: float, y: float) -> ColumnLine:
        segment = Segment(text, 0.0, 20.0, Span("page.txt", 1))
        return ColumnLine(0, 1, y, segment, indent, shortfall, gap_before=0.0, gap_after=0.0)

    full = line("（一）因城市建设需要迁移树木的规划用地", 0.8, 0.0, 1.0)
    assert _opens(full, line("（二）树木对人身安全或者其他设施构成威", 0.8, 0.0, 2.0)) == "indent"
    assert _opens(full, line("（二）树木对人身安全或者其他设施构成威", 0.0, 0.0, 2.0)) is None  # at the edge: a line break
    assert _opens(full, line("树木对人身安全或者其他设施构成威胁。", 0.8, 0.0, 2.0)) is None  # not numbered


def test_a_last_page_of_few_rows_takes_the_gutters_of_the_page_before():
    # two rows reach the third column: too few to find its gutter by; the page before has it
    text = "府按照国家有关规定设立的水利建设基金应当主要用于防洪和河道整治工作市和区人民政府"
    before = [f"{text[i:i + 12]}{' ' * 11}{text[i + 12:i + 24]}{' ' * 3}{text[i + 24:i + 36]}" for i in range(6)]
    last = ["地方立法研究   2024 年第 3 期", "", "",
            "  第三十八条各级人民政             第四十一条任何单位和   道整治费用征收和使用情况", "",
            "府按照国家有关规定设立的           个人不得截留、挪用河道整   的审计监督。", "",
            "水利建设基金，应当主要用           治费用。", "",
            "于防洪和河道整治。                审计机关应当加强对河"]
    alone = read_page_text("\n".join(last).encode("utf-8"), "page.txt", Diagnostics())[0]
    assert alone.gutters == (10.0,)
    pages = read_page_text("\f".join(["\n".join(before), "\n".join(last)]).encode("utf-8"), "page.txt", Diagnostics())
    assert pages[1].gutters == (22.0, 37.0)
    assert [(s.column, s.text) for s in pages[1].rows[1].segments] == [
        (0, "第三十八条各级人民政"), (1, "第四十一条任何单位和"), (2, "道整治费用征收和使用情况")]
