"""Headings and title lines that must wrap: broken at punctuation or between words, and balanced."""

from __future__ import annotations

from itertools import pairwise

import pytest

from conftest import SEED, compose, make_config, write
from paiban import layout
from paiban.compose.config import Where
from paiban.compose.headings import compose_heading
from paiban.errors import Diagnostics
from paiban.model.article import Run
from paiban.text.classes import COMPRESSIBLE, NO_LINE_END, NO_LINE_START

THREE_COLUMNS = "extends: magazine\nbody: {size: 小四}\npage: {columns: 3, column_width: 15字}\n"
WORDS = ("政治", "建设", "大局", "融合", "确定", "服务", "市场", "主体", "交易", "成本", "数字", "政府")


def heading(text: str, width_em: float, indent_em: float = 2.0, align: str = "left"):
    """Set a heading of 10 pt text; returns (line texts, warnings)."""
    diagnostics = Diagnostics()
    lines = compose_heading((Run(text),), make_config(width_em, indent_em, align), Where(None, diagnostics))
    return [ln.text for ln in lines], [d.message for d in diagnostics]


def split_words(lines: list[str]) -> list[str]:
    """The words of WORDS that a line end cuts in two."""
    return [w for a, b in pairwise(lines) for w in WORDS
            if any(a.endswith(w[:k]) and b.startswith(w[k:]) for k in range(1, len(w)))]


def lone_lines(lines: list[str]) -> list[str]:
    return [ln for ln in lines if len([c for c in ln if c not in COMPRESSIBLE]) <= 1]


def heading_lines(doc) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for page in doc.pages:
        for ln in page.lines:
            if ln.role == "heading":
                out.setdefault(ln.block, []).append(ln.text)
    return out


@pytest.fixture(scope="module")
def three_columns(tmp_path_factory):
    return write(tmp_path_factory.mktemp("style") / "three.yaml", THREE_COLUMNS)


def test_the_seed_headings_in_three_columns_break_after_their_comma(three_columns):
    found = heading_lines(layout(SEED / "article.md", three_columns))
    assert list(found.values()) == [["一、以忠诚为魂，", "强化政治建设促融合"],
                                    ["二、以担当为要，", "围绕服务大局促融合"]]


def test_the_seed_headings_at_body_size_keep_their_words_whole(tmp_path, three_columns):
    """Headings as large as the body (小四), as a 3-column sheet may set them."""
    style = write(tmp_path / "big.yaml", f"extends: {three_columns}\nheadings: {{h2: {{size: 小四}}}}\n")
    for lines in heading_lines(layout(SEED / "article.md", style)).values():
        assert len(lines) == 2
        assert split_words(lines) == []
        assert lone_lines(lines) == []


def test_a_heading_breaks_after_its_comma_rather_than_where_the_line_is_full():
    lines, warnings = heading("关于进一步做好稳就业工作，加强数字政府建设的意见", 15)
    assert lines == ["关于进一步做好稳就业工作，", "加强数字政府建设的意见"]
    assert warnings == []


def test_without_punctuation_a_heading_breaks_between_words():
    """The paragraph composer would end the first line at …的确 and leave 定性任务."""
    text = "三、加快推进全国统一大市场建设的确定性任务"
    assert [ln.text for ln in compose(text, 19, 2)[0]] == ["三、加快推进全国统一大市场建设的确", "定性任务"]
    lines, _ = heading(text, 19)
    assert split_words(lines) == [] and lone_lines(lines) == []
    assert lines == ["三、加快推进全国统一", "大市场建设的确定性任务"]


def test_no_line_of_one_character():
    first_fit = compose("推进融合发展工作", 7, 0, linebreak="first-fit")[0]
    assert [ln.text for ln in first_fit] == ["推进融合发展工", "作"]
    assert heading("推进融合发展工作", 7, 0)[0] == ["推进融合", "发展工作"]


def test_of_two_unequal_lines_the_first_is_the_longer():
    assert heading("推进融合发展工作机制", 8, 0)[0] == ["推进融合发展", "工作机制"]


def test_kinsoku_still_holds_at_a_word_boundary():
    lines, _ = heading("加强“数字政府”建设，推进政务服务标准化规范化便利化", 14, 0)
    for a, b in pairwise(lines):
        assert a[-1] not in NO_LINE_END["strict"] and b[0] not in NO_LINE_START["strict"]
    assert lone_lines(lines) == []


def test_a_heading_that_fits_is_the_paragraph_composers_line():
    text = "一、以忠诚为魂，强化政治建设促融合"
    diagnostics = Diagnostics()
    cfg = make_config(23, 2, "left")
    assert compose_heading((Run(text),), cfg, Where(None, diagnostics)) == compose(text, 23, 2, align="left")[0]


def test_with_no_break_that_fits_the_old_lines_and_a_warning_naming_the_heading():
    text = "中华人民共和国中华人民共和国"  # one word, twice: no boundary inside a five-em line
    lines, warnings = heading(text, 5, 0)
    assert lines == [ln.text for ln in compose(text, 5, 0, align="left")[0]] == ["中华人民共", "和国中华人", "民共和国"]
    assert warnings == [(f"the heading '{text}' has no break at punctuation or between words that fits the "
                         "measure: it was broken where its line was full")]


def test_a_title_too_wide_for_the_block_wraps_between_words(tmp_path):
    title = "国务院办公厅关于进一步优化营商环境降低市场主体制度性交易成本和加强数字政府建设的意见"
    article = write(tmp_path / "a.md", f"---\ntitle: [{title}]\n---\n\n正文。\n")
    doc = layout(article, "magazine")
    lines = [ln.text for ln in doc.pages[0].lines if ln.role == "title"]
    # Before: 国务院办公厅关于进一步优化营商环境降低市场主 / 体制度性交易成本和加强数字政府建设的意见
    assert lines == ["国务院办公厅关于进一步优化营商", "环境降低市场主体制度性交易成本", "和加强数字政府建设的意见"]
    assert any("wrapped onto 3 lines" in w.message for w in doc.warnings)


def test_a_kicker_that_wraps_is_balanced(tmp_path):
    kicker = "学习贯彻《中国共产党党和国家机关基层组织工作条例》，推进融合发展"
    article = write(tmp_path / "a.md", f"---\ntitle: [题目]\nkicker: {kicker}\n---\n\n正文。\n")
    style = write(tmp_path / "s.yaml", "extends: magazine\ntitle_block: {kicker: {size: 三号}}\n")
    lines = [ln.text for ln in layout(article, style).pages[0].lines if ln.role == "kicker"]
    # Before: 学习贯彻《中国共产党党和国家机关基层组织工作条例》，推进融合发 / 展
    assert lines == ["学习贯彻《中国共产党党和国家机关", "基层组织工作条例》，推进融合发展"]


def test_a_number_keeps_its_units_and_a_code_its_number():
    # The segmenter reads 2019/年度 and 12/个/月: left to it, these lines would end in 2019 and 个.
    assert heading("关于2019年度中央决算的报告", 6, 0)[0] == ["关于", "2019年度", "中央决算", "的报告"]
    assert heading("今年共完成12个月的工作任务计划", 9, 0)[0] == ["今年共完成12个月", "的工作任务计划"]
    assert heading("按照GB 1234要求做好产品质量抽查", 5, 0)[0] == ["按照", "GB 1234", "要求做好", "产品质量", "抽查"]
    assert heading("关于GB/T 7714参考文献著录规则的说明", 7, 0)[0] == ["关于", "GB/T 7714", "参考文献", "著录规则的说明"]


def test_a_missing_glyph_is_reported_once_whichever_lines_are_kept():
    for text, width in (("推进融合发展工作\u0378", 7), ("中华人民共和国中华人民共和国\u0378", 5)):
        diagnostics = Diagnostics()
        cfg = make_config(width, 0, "left", missing_glyph="placeholder")
        compose_heading((Run(text),), cfg, Where(None, diagnostics))
        assert [d.message for d in diagnostics].count(
            "no font can draw '\\u0378' (U+0378); a placeholder was drawn") == 1
