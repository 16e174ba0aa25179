"""Bullet, numbered and task lists: read, written back and set with hanging indents."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from paiban import layout, load_style
from paiban.errors import ArticleError, StyleError
from paiban.model.article import ListBlock, Paragraph
from paiban.model.markdown import parse_article
from paiban.model.writer import write_article
from paiban.style.numbering import chinese_number, parse_format

FRONT = "---\ntitle: 标题\n---\n\n"  # body line 1 is file line 5
LONG = "坚持问题导向，把调查研究贯穿于工作的全过程，做到心中有数、手中有招。"
LISTS = (
    "前文。\n\n"
    f"- {LONG}\n"
    "- 第二项\n"
    f"  - 第二层{LONG}\n"
    "    - 第三层\n"
    "- [ ] 待办\n"
    "- [x] 已办\n\n"
    "后文。\n\n"
    "3. 第三条\n"
    "4. 第四条\n\n"
    f"   第四条的第二段{LONG}\n\n"
    "   1. 子条\n"
    "   2. 子条\n"
    "      1. 再下一层\n"
)


def shape(value):
    """A block without its source spans, to compare what was read twice."""
    if dataclasses.is_dataclass(value):
        return (type(value).__name__,) + tuple(shape(getattr(value, f.name)) for f in dataclasses.fields(value)
                                                if f.name != "source")
    if isinstance(value, tuple):
        return tuple(shape(v) for v in value)
    return value


# --------------------------------------------------------------------------- reading and writing


def test_lists_are_read_with_nesting_numbers_tasks_and_looseness():
    blocks = parse_article(FRONT + LISTS).blocks
    bullets, ordered = blocks[1], blocks[3]
    assert isinstance(bullets, ListBlock) and not bullets.ordered and not bullets.loose
    assert [item.task for item in bullets.items] == ["", "", "open", "done"]
    assert [item.text for item in bullets.items[2:]] == ["待办", "已办"]
    second = bullets.items[1].blocks[1]
    assert isinstance(second, ListBlock) and isinstance(second.items[0].blocks[1], ListBlock)
    assert (ordered.ordered, ordered.start, ordered.loose) == (True, 3, True)
    fourth = ordered.items[1].blocks
    assert [type(b) for b in fourth] == [Paragraph, Paragraph, ListBlock]
    assert bullets.source.line == 7 and ordered.items[1].source.line == 17


def test_lists_are_written_back_and_read_the_same():
    article = parse_article(FRONT + LISTS)
    text = write_article(article)
    assert "- [ ] 待办\n- [x] 已办\n" in text and "3. 第三条\n\n4. 第四条\n" in text
    assert shape(parse_article(text).blocks) == shape(article.blocks)


QUOTED = f"正文。\n\n> 引文。\n>\n> 1. 甲{LONG}\n> 2. 乙\n>    - 丙\n\n正文。\n"


def test_a_list_in_a_quote_is_a_list_and_is_written_back():
    article = parse_article(FRONT + QUOTED)
    quote = article.blocks[1]
    assert isinstance(quote.paragraphs[0], Paragraph) and isinstance(quote.paragraphs[1], ListBlock)
    assert quote.paragraphs[1].ordered and [i.text for i in quote.paragraphs[1].items] == [f"甲{LONG}", "乙丙"]
    text = write_article(article)
    assert f"> 引文。\n>\n> 1. 甲{LONG}\n> 2. 乙\n>    - 丙\n" in text
    assert shape(parse_article(text).blocks) == shape(article.blocks)


@pytest.mark.parametrize("style_name", ["magazine", "handout"])
def test_a_list_in_a_quote_takes_the_styles_markers_inside_the_quotes_insets(style_name):
    style = load_style(style_name)
    doc = layout(parse_article(FRONT + QUOTED), style)
    quoted = [ln for page in doc.pages for ln in page.lines if ln.role == "quote"]
    first = next(ln for ln in quoted if ln.text.startswith(style.lists.numbers[0][0]))
    edge = _column_x(doc, first)
    assert first.runs[0].text == style.lists.numbers[0] and first.ink_left == pytest.approx(
        edge + style.quote.left + style.lists.indent)
    assert first.size == style.quote.size and first.runs[1].font == quoted[0].runs[0].font  # the quote's type
    wrapped = quoted[quoted.index(first) + 1]
    assert not wrapped.first and _text_x(wrapped) == pytest.approx(_text_x(first))  # hanging
    assert max(r.xs[-1] + r.size for r in wrapped.runs) <= edge + style.page.column_width - style.quote.right + 0.01
    second = quoted[quoted.index(wrapped) + 1 + (1 if not quoted[quoted.index(wrapped) + 1].first else 0)]
    assert second.text.startswith(parse_format(style.lists.numbers[0]).marker(2))
    nested = next(ln for ln in quoted if ln.text.endswith("丙"))
    assert nested.runs[0].text == style.lists.bullets[1]
    assert nested.runs[0].xs[0] - _column_x(doc, nested) == pytest.approx(_text_x(first) - edge)


@pytest.mark.parametrize(("inside", "name"), [("## 标题", "a heading"), ("***", "a thematic break (`***`)")])
def test_a_block_a_list_item_cannot_hold_is_refused_at_its_line(inside, name):
    with pytest.raises(ArticleError) as caught:
        parse_article(FRONT + f"- 甲\n\n  {inside}\n\n正文。\n", source="a.md")
    assert caught.value.message == f"{name} cannot be set inside a list item"
    assert caught.value.source.line == 7


# --------------------------------------------------------------------------- number styles


@pytest.mark.parametrize(("written", "numbers", "markers"), [
    ("1.", [1, 2, 10], ["1.", "2.", "10."]),
    ("（一）", [1, 10, 11, 21], ["（一）", "（十）", "（十一）", "（二十一）"]),
    ("1）", [3], ["3）"]),
    ("①", [1, 20, 21], ["①", "⑳", "(21)"]),
    ("一、", [2], ["二、"]),
    ("a.", [3], ["c."]),
])
def test_number_styles_are_written_as_their_first_marker(written, numbers, markers):
    found = parse_format(written)
    assert [found.marker(n) for n in numbers] == markers


def test_chinese_numbers():
    assert [chinese_number(n) for n in (1, 9, 10, 12, 20, 99, 100)] == ["一", "九", "十", "十二", "二十", "九十九", "100"]


def test_a_number_style_without_a_number_is_a_style_error(tmp_path):
    sheet = tmp_path / "s.yaml"
    sheet.write_text("extends: magazine\nlists:\n  numbers: [\"1.\", \"●\"]\n", encoding="utf-8")
    with pytest.raises(StyleError) as caught:
        load_style(sheet)
    assert "'●' holds no first number" in caught.value.message
    assert caught.value.source.line == 3


# --------------------------------------------------------------------------- setting


def _list_lines(doc):
    return [ln for page in doc.pages for ln in page.lines if ln.role == "list"]


def _column_x(doc, line):
    page = next(p for p in doc.pages if line in p.lines)
    return next(f.x for f in page.frames if f.kind == "column" and f.index == line.column)


def _text_x(line):
    """Where a line's text starts: after the marker run on an item's first line."""
    return line.runs[1].xs[0] if line.first else line.runs[0].xs[0]


@pytest.mark.parametrize("style_name", ["magazine", "handout"])
def test_markers_stand_at_their_level_and_later_lines_hang_under_the_text(style_name):
    style = load_style(style_name)
    doc = layout(parse_article(FRONT + LISTS), style)
    lines = _list_lines(doc)
    by_text = {ln.text: ln for ln in lines}
    first = next(ln for ln in lines if ln.text.startswith("●坚持"))
    edge = _column_x(doc, first)
    indent = style.lists.indent
    assert first.runs[0].text == "●" and first.ink_left == pytest.approx(edge + indent)
    wrapped = lines[lines.index(first) + 1]
    assert not wrapped.first
    assert _text_x(wrapped) == pytest.approx(_text_x(first))  # the hanging indent
    assert _text_x(first) > first.runs[0].xs[0] + style.lists.gap
    level2 = next(ln for ln in lines if ln.text.startswith("○第二层"))
    assert level2.runs[0].xs[0] == pytest.approx(_text_x(first))  # under the level-1 text
    level2_next = lines[lines.index(level2) + 1]
    assert _text_x(level2_next) == pytest.approx(_text_x(level2))
    level3 = next(ln for ln in lines if ln.text.startswith("■第三层"))
    assert level3.runs[0].xs[0] == pytest.approx(_text_x(level2))
    assert by_text["□待办"].runs[0].text == "□" and by_text["▣已办"].runs[0].text == "▣"


def test_numbers_continue_from_the_written_start_in_the_levels_styles():
    doc = layout(parse_article(FRONT + LISTS), "magazine")
    firsts = [ln.runs[0].text for ln in _list_lines(doc) if ln.first and ln.runs[0].text[0] in "3４4（1"]
    assert firsts == ["3.", "4.", "（一）", "（二）", "1）"]


def test_a_loose_list_leaves_a_grid_line_between_items_and_a_tight_one_none():
    doc = layout(parse_article(FRONT + "- 甲\n- 乙\n\n正文。\n\n1. 丙\n\n2. 丁\n"), "handout")
    page = doc.pages[0]
    ys = {ln.text: ln.y for ln in _list_lines(doc)}
    pitch = page.grid[1] - page.grid[0]
    assert ys["●乙"] - ys["●甲"] == pytest.approx(pitch)
    assert ys["2.丁"] - ys["1.丙"] == pytest.approx(2 * pitch)


def test_a_later_paragraph_of_an_item_starts_at_the_item_text_without_a_marker():
    doc = layout(parse_article(FRONT + LISTS), "magazine")
    lines = _list_lines(doc)
    second = next(ln for ln in lines if ln.text.startswith("第四条的第二段"))
    head = next(ln for ln in lines if ln.text == "4.第四条")
    assert second.runs[0].xs[0] == pytest.approx(_text_x(head))


def test_the_marker_style_comes_from_the_sheet(tmp_path):
    sheet = tmp_path / "s.yaml"
    sheet.write_text("extends: magazine\nlists:\n  numbers: [\"一、\", \"①\"]\n  bullets: [\"■\"]\n",
                     encoding="utf-8")
    doc = layout(parse_article(FRONT + "1. 甲\n2. 乙\n   1. 丙\n\n正文。\n\n- 丁\n  - 戊\n"), load_style(sheet))
    assert [ln.text for ln in _list_lines(doc)] == ["一、甲", "二、乙", "①丙", "■丁", "■戊"]


def test_a_list_builds_from_the_command_line(tmp_path):
    (tmp_path / "a.md").write_text(FRONT + LISTS, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "paiban", "build", "a.md", "-o", "a.pdf"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "a.pdf").stat().st_size > 0


def test_a_typed_task_box_outside_a_task_item_is_html_and_refused():
    html = '<input class="task-list-item-checkbox" type="checkbox">'
    with pytest.raises(ArticleError) as caught:
        parse_article(FRONT + f"正文{html}。\n", source="a.md")
    assert caught.value.message == "HTML cannot be set in an article"
    assert (caught.value.source.line, caught.value.source.column) == (5, 3)
