"""Shapes of real page text that other producers' pages take (benchmarks/import_corpus): columns
on different baselines, ragged lines, wrapped headings, captions and a lead across the columns."""

from __future__ import annotations

from pagetext_sample import HEAD, LEFT, RIGHT, WANT
from paiban.importers import import_pages
from paiban.model.article import BlockQuote, Heading, Paragraph


def _import(tmp_path, rows: list[str]):
    path = tmp_path / "page.txt"
    path.write_text("\n".join([*HEAD, *rows, ""]), encoding="utf-8")
    return import_pages([path])


def _row(left: str, right: str, at: int = 26) -> str:
    return left + " " * (at - len(left)) + right


def test_columns_set_on_different_baselines_read_column_by_column(tmp_path):
    # an extraction by baselines writes the right column's lines on rows of their own when the
    # columns do not share a baseline grid; the right column starts where the gutter ends
    rows = []
    for left, right in zip(LEFT, RIGHT):
        rows += [left, _row("", right.lstrip(), 28 if right.startswith("  ") else 26)]
    result = _import(tmp_path, rows)
    assert [b.text for b in result.article.blocks] == WANT
    assert not [w for w in result.warnings if "character(s) of the" in str(w)]


def test_a_ragged_line_ended_short_by_a_number_carried_over_continues_its_paragraph(tmp_path):
    left = ["  第十八条 急救呼叫电话号码为", "“120”。院前急救呼叫受理和指挥调度中心应",
            "当根据人口规模设置相应数量的专线电话。", "  第十九条 本市建立健全急救网络，合理",
            "布局急救站点。", "  第二十条 急救站点应当配备急救人员。"]
    rows = [_row(a, b.lstrip(), 28 if b.startswith("  ") else 26) for a, b in zip(left, RIGHT)]
    blocks = _import(tmp_path, rows).article.blocks
    assert blocks[0].text == "第十八条急救呼叫电话号码为“120”。院前急救呼叫受理和指挥调度中心应当根据人口规模设置相应数量的专线电话。"
    assert blocks[1].text.startswith("第十九条")


def test_a_centred_numbered_heading_over_an_opening_line_is_no_block_quote(tmp_path):
    left = ["    二、档案机构和档案馆的设置", "  第八条 地方国家档案馆包括具有公", "共性质的综合档案馆和专门档案馆，收集和",
            "永久保管多种门类的档案。", "  第九条 部门档案馆收集本部门的档案。"]
    rows = [_row(a, b.lstrip(), 28 if b.startswith("  ") else 26) for a, b in zip(left, RIGHT)]
    blocks = _import(tmp_path, rows).article.blocks
    assert not any(isinstance(b, BlockQuote) for b in blocks)
    assert isinstance(blocks[0], Heading) and blocks[0].text == "二、档案机构和档案馆的设置"
    assert blocks[1].text.startswith("第八条") and blocks[1].text.endswith("档案。")


def test_a_heading_broken_over_two_short_lines_stays_one_heading(tmp_path):
    left = ["  第三章 信用", "激励与约束", "", "  第二十一条 本市建立行政机关、司法", "机关共同参与的联合激励和惩戒机制。",
            "  第二十三条 本市鼓励信用分类管理。"]
    rows = [_row(a, b.lstrip(), 28 if b.startswith("  ") else 26) for a, b in zip(left, RIGHT)]
    blocks = _import(tmp_path, rows).article.blocks
    assert isinstance(blocks[0], Heading) and blocks[0].text == "第三章信用激励与约束"
    assert isinstance(blocks[1], Paragraph)


def test_a_figure_caption_and_its_credit_are_reported_not_read_as_body(tmp_path):
    left = [*LEFT[:4], "", "                 摄影 陈晓", "      图1 改造后的阅览区", "", *LEFT[4:]]
    right = [*RIGHT, *[""] * (len(left) - len(RIGHT))]
    rows = [_row(a, b.lstrip(), 28 if b.startswith("  ") else 26) if b else a for a, b in zip(left, right)]
    result = _import(tmp_path, rows)
    assert [b.text for b in result.article.blocks] == WANT
    taken = [(d.kind, d.text) for d in result.dropped if d.kind.startswith("figure")]
    assert taken == [("figure credit", "摄影 陈晓"), ("figure caption", "图1 改造后的阅览区")]
    assert not [w for w in result.warnings if "character(s) of the" in str(w)]


def test_a_paragraph_opening_with_a_figure_number_stays_body(tmp_path):
    left = ["  图1显示，档案事业的建设逐年加强，有效", *LEFT[1:]]
    rows = [_row(a, b.lstrip(), 28 if b.startswith("  ") else 26) for a, b in zip(left, RIGHT)]
    result = _import(tmp_path, rows)
    assert result.article.blocks[0].text.startswith("图1显示")
    assert not [d for d in result.dropped if d.kind.startswith("figure")]


def test_the_last_short_line_of_a_lead_across_the_columns_stays_in_the_lead(tmp_path):
    lead = ["    三年来，全市建成社区书屋四百余家，年接待读者超过一百万人次。书屋不只是借",
            "  书的地方，更成了居民议事、学习和交往的公共空间。本文从选址、运营和评价三个方",
            "  面，梳理各地的做法与体会。", ""]
    rows = [_row(a, b.lstrip(), 28 if b.startswith("  ") else 26) for a, b in zip(LEFT, RIGHT)]
    article = _import(tmp_path, [*lead, *rows]).article
    assert article.meta.lead.endswith("三个方面，梳理各地的做法与体会。")
    assert [b.text for b in article.blocks] == WANT


def test_a_character_written_on_a_row_of_its_own_goes_back_into_its_line(tmp_path):
    # pdftotext writes a character that the producer raised a little half a line off its line,
    # between the rows of a generously spaced page (the page is long enough that one such row
    # does not move the gutter)
    left = ["  第一条 为了加强档案事业的建设，有效", "地保护和利用档案，为国民经济和社会发展服", "务，根据《中华人民共和国档案法》及其实施",
            "办法，结合本市实际情况，制定本条例。", "  第二条 本市法人、其他组织以及个人的档", "案的管理和利用，适用本条例。"]
    rows = []
    for k, (a, b) in enumerate(zip(left * 3, RIGHT * 3)):
        split = k == 1  # the first 服 is written on a row of its own
        rows.append(_row(a[:-1] if split else a, b.lstrip(), 32 if b.startswith("  ") else 30))
        rows.append(" " * 19 + "服" if split else "")
    blocks = _import(tmp_path, rows).article.blocks
    assert [b.text for b in blocks] == WANT[:2] * 3 + WANT[2:] * 3
