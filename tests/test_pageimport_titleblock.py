"""Title blocks and bad input of page text: kicker or none, one to three title lines, subtitle,
bylines with and without ■; empty pages, pages of only furniture, pages with no columns."""

from __future__ import annotations

import subprocess
import sys

from paiban.importers import import_pages

BODY = [
    ("  第一条 为了加强档案事业的建设，有效", "  第十一条 乡、镇人民政府分管档案工作的"),
    ("地保护和利用档案，为国民经济和社会发展服", "机构管理本机关的档案，并对本乡、镇其他组"),
    ("务，根据《中华人民共和国档案法》及其实施", "织的档案工作实行监督和指导。"),
    ("办法，结合本市实际情况，制定本条例。", "  第十二条 法人和其他组织的档案机构管"),
    ("  第二条 本市法人、其他组织以及个人的档", "理本组织的档案，指导文书部门和业务部门文"),
    ("案的管理和利用，适用本条例。", "件材料的收集、整理和归档工作。"),
]


def _page(head: list[str]) -> str:
    rows = [left + " " * (26 - len(left)) + right for left, right in BODY]
    return "\n".join([*head, "", "", *rows, ""])


def _meta(tmp_path, head: list[str]):
    path = tmp_path / "page.txt"
    path.write_text(_page(head), encoding="utf-8")
    result = import_pages([path])
    return result.article.meta, [str(w) for w in result.warnings], result


def test_centred_two_line_title_without_kicker_and_a_byline_with_the_mark(tmp_path):
    meta, _, result = _meta(tmp_path, ["        上海市", "      档案管理条例", "", "     ■ 上海市人大常委会办公厅"])
    assert (meta.kicker, meta.title, meta.author) == (None, ("上海市", "档案管理条例"), "上海市人大常委会办公厅")
    assert [(d.kind, d.text) for d in result.dropped] == [("byline ornament", "■")]


def test_kicker_set_apart_from_a_one_line_title_by_its_gap(tmp_path):
    meta, _, _ = _meta(tmp_path, ["法规选登", "", "", "      上海市档案条例", "       ■ 本刊编辑部"])
    assert (meta.kicker, meta.title, meta.author) == ("法规选登", ("上海市档案条例",), "本刊编辑部")


def test_three_title_lines_a_subtitle_and_a_name_without_mark_below_it(tmp_path):
    head = ["        上海市", "       公共场所控", "       制吸烟条例", "  ——上海市地方性法规文本选读", "", "       本刊评论员"]
    meta, warnings, _ = _meta(tmp_path, head)
    assert meta.title == ("上海市", "公共场所控", "制吸烟条例")
    assert (meta.subtitle, meta.author) == ("——上海市地方性法规文本选读", "本刊评论员")
    assert any("'本刊评论员' below the subtitle was taken as the author" in w for w in warnings)


def test_an_empty_page_among_pages_is_a_warning_naming_it(tmp_path):
    path = tmp_path / "pages.txt"
    path.write_text(_page(["上海市档案条例", "   ■ 本刊编辑部"]) + "\f\f" + _page([]), encoding="utf-8")
    warnings = [str(w) for w in import_pages([path]).warnings]
    assert any("page 2 of the file is empty; it was skipped" in w for w in warnings)


def test_a_page_of_only_furniture_is_a_warning_naming_it(tmp_path):
    path = tmp_path / "pages.txt"
    furniture = "Page 16 - 《湖北机关党建》2020年10期\nP. 16\n\n              14\n"
    path.write_text(_page(["上海市档案条例", "   ■ 本刊编辑部"]) + "\f" + furniture, encoding="utf-8")
    warnings = [str(w) for w in import_pages([path]).warnings]
    assert any("page 2 holds only page furniture" in w for w in warnings)


def test_a_page_with_no_columns_is_one_column_with_a_warning_naming_the_page(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("这是一段没有分栏的正文\n　它的行首各不相同，长短不一。\n　　　这是第三行\n", encoding="utf-8")
    warnings = [str(w) for w in import_pages([path]).warnings]
    assert any("no columns could be recognised on page 1" in w and "imported as one column" in w for w in warnings)


def test_binary_and_undecodable_page_text_exit_2_with_the_file_named(tmp_path):
    binary = tmp_path / "page.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    bad = tmp_path / "bad.txt"
    bad.write_bytes("正文".encode("utf-8") + b"\xff\xfe\xfd\x80\x81")
    for path, message in ((binary, "this is a binary file, not extracted page text"),
                          (bad, "the page file is not UTF-8 text")):
        run = subprocess.run([sys.executable, "-m", "paiban", "import", str(path)], capture_output=True, text=True)
        assert run.returncode == 2, run.stderr
        assert f"{path.name}" in run.stderr and message in run.stderr
