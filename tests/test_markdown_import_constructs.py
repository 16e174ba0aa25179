"""Numbered lists, emphasis dots and tables in paiban's own PDFs import back to the Markdown
they were set from, in every built-in style, with every character accounted for."""

from __future__ import annotations

from pathlib import Path

import pytest

from paiban import build
from paiban.importers import import_pages
from paiban.model.markdown import read_article
from paiban.model.writer import write_article
from paiban.style.numbering import parse_format

FRONT = "---\ntitle: 列表导入\nauthor: 编辑部\n---\n\n"
LONG = "坚持问题导向，把调查研究贯穿于工作的全过程，做到心中有数、手中有招、工作有成效。"
OPENING = "社区书屋是居民身边的公共文化空间，本手册汇集各地做法，供社区工作者参考。" * 3
CLOSING = "\n\n".join(f"第{k}段，书屋的日常运营由社区党组织牵头，志愿者轮流值守，图书由区图书馆统一配送和更新。" * 3
                      for k in range(1, 5))  # (paragraphs that differ: a line repeated on every page is furniture)
EXAMPLE = Path(__file__).parent.parent / "examples" / "markdown" / "article.md"

NUMBERED = (
    f"1. {LONG}\n"
    "2. 配备阅览桌椅和照明设备；\n"
    "3. 开通借阅登记系统。\n\n"
    "书屋的管理按下列条款执行。\n\n"
    "3. 第三条，坚持问题导向，把调查研究贯穿于工作的全过程。\n\n"  # (a paragraph whose last line is full
    # would run on into the next one: nothing on the page tells them apart)
    f"   第三条的第二段，{LONG}\n\n"
    "4. 第四条。\n\n"
    "中间的一段正文。\n\n"
    "1. 第一条\n"
    f"   1. 第一款，{LONG}\n"
    "   2. 第二款\n"
    "      1. 第一项\n"
    "2. 第二条\n"
    "   - 其中一项\n"
)
EMPHASIS = (
    f"书屋建设要*坚持以人民为中心*，把“*好用、常用、爱用*”作为检验标准，{LONG}"
    f"*{LONG[:-1]}*。\n\n"  # (a mark at the end of an emphasis has no dot: it is read as outside it)
    "**加粗的一段话，其中*有着重号的词*和普通的字。**\n"
)
TABLES = (
    "各社区的开放时间见表1。\n\n"
    "表1 部分社区书屋运营情况\n"
    "| 社区 | 每周开放（小时） | 年服务人次 | 志愿者 |\n"
    "| --- | --- | --- | :---: |\n"
    "| 东湖社区 | 56 | 12,480 | 18 |\n"
    "| 长江路社区居民书屋（含少儿阅览分室） | 63 | 15,920 | 24 |\n"
    "| *合计* | 161 | 36,705 | 53 |\n\n"
    "下表不写标题行。\n\n"
    "| 项目 | 说明 |\n"
    "| :---: | ---: |\n"
    "| 图书 | 两千册 |\n"
    "| 报刊 | 三十种 |\n"
)


def _round_trip(tmp_path: Path, body: str, style: str):
    """Build an article, import its PDF; the written Markdown (as paiban writes the original) and
    the import."""
    source = tmp_path / "a.md"
    source.write_text(FRONT + body, encoding="utf-8")
    build(source, style, tmp_path / "a.pdf")
    result = import_pages([tmp_path / "a.pdf"])
    expected = write_article(read_article(source)).split("---\n", 2)[2]
    return expected, result


def _balanced(result) -> bool:
    return not [w for w in result.warnings if "not in the article" in str(w) or "not on the pages" in str(w)]


@pytest.mark.parametrize("style", ["magazine", "handout"])
@pytest.mark.parametrize("part", ["NUMBERED", "EMPHASIS", "TABLES"])
def test_the_construct_imports_to_the_markdown_it_was_set_from(tmp_path, style, part):
    body = f"{OPENING}\n\n{globals()[part]}\n{CLOSING}\n"
    expected, result = _round_trip(tmp_path, body, style)
    assert result.markdown.split("---\n", 2)[2] == expected
    assert _balanced(result)  # the ledger accounts for every character


@pytest.mark.parametrize("numbers", [["（一）", "1）", "①"], ["一、", "（1）", "a."], ["①", "a.", "1."]])
def test_numbered_lists_in_every_number_style_import_as_lists(tmp_path, numbers):
    sheet = tmp_path / "s.yaml"
    sheet.write_text(f"extends: handout\nlists:\n  numbers: {numbers}\n", encoding="utf-8")
    expected, result = _round_trip(tmp_path, f"{OPENING}\n\n{NUMBERED}\n{CLOSING}\n", str(sheet))
    assert result.markdown.split("---\n", 2)[2] == expected
    assert _balanced(result)
    markers = [d.text for d in result.dropped if d.kind == "list marker"]
    first = parse_format(numbers[0])
    assert markers[:3] == [first.marker(n) for n in (1, 2, 3)]  # the style's markers, taken off


def _long_table(rows: int) -> str:
    lines = "\n".join(f"| 第{k}项工作 | {k * 3} | 说明文字第{k}条 |" for k in range(1, rows + 1))
    return f"表1 工作量统计\n| 项目 | 数量 | 备注 |\n| --- | --- | --- |\n{lines}\n"


@pytest.mark.parametrize("style", ["magazine", "handout"])
def test_a_table_that_breaks_imports_as_one_table_without_its_continued_labels(tmp_path, style):
    body = f"{OPENING}\n\n{CLOSING}\n\n{_long_table(70)}\n{CLOSING}\n"  # (text first: the title block is
    # found from the column lines under it)
    expected, result = _round_trip(tmp_path, body, style)
    assert result.markdown.split("---\n", 2)[2] == expected
    kinds = [d.kind for d in result.dropped]
    assert kinds.count("continued table label") >= 1
    assert kinds.count("repeated table header") == kinds.count("continued table label")
    assert _balanced(result)


def test_a_page_wide_table_across_pages_imports_as_one_table(tmp_path):
    rows = "\n".join(f"| Internationalisation{k} | Standardisation{k} | Harmonisation{k} |" for k in range(70))
    body = f"{OPENING}\n\n表2 术语\n| 甲 | 乙 | 丙 |\n| --- | --- | --- |\n{rows}\n\n{CLOSING}\n{CLOSING}\n"
    expected, result = _round_trip(tmp_path, body, "magazine")
    table = expected[expected.index("表2"):expected.index("\n\n", expected.index("表2"))]
    assert table in result.markdown
    assert [d.kind for d in result.dropped].count("continued table label") >= 1
    assert _balanced(result)


@pytest.mark.parametrize("style", ["magazine", "handout"])
def test_the_example_imports_its_lists_emphasis_and_table_as_written(tmp_path, style):
    build(EXAMPLE, style, tmp_path / "a.pdf")
    markdown = import_pages([tmp_path / "a.pdf"]).markdown
    written = write_article(read_article(EXAMPLE))
    assert "书屋建设要*坚持以人民为中心*，把“*好用、常用、爱用*”作为检验标准" in markdown
    lists = written[written.index("- 社区党群服务中心"):written.index("系统账号由街道统一分配。")]
    assert lists in markdown
    table = written[written.index("表1 部分"):written.index("\n\n", written.index("表1 部分"))]
    assert table + "\n" in markdown
