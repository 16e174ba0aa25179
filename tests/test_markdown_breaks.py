"""Hard line breaks, the section ornament of a thematic break, and fourth-level headings."""

from __future__ import annotations

import pytest

from paiban import layout
from paiban.model.article import Heading, Paragraph, Run, SectionBreak
from paiban.model.markdown import parse_article
from paiban.model.writer import write_article

FRONT = "---\ntitle: 标题\n---\n\n"  # body line 1 is file line 5
ADDRESS = "地址：湖北省武汉市  \n洪山区珞喻路1号\\\n邮编430074。\n"


def test_both_hard_break_forms_end_a_line_in_the_model():
    article = parse_article(FRONT + ADDRESS)
    assert article.blocks[0].runs == (Run("地址：湖北省武汉市\n洪山区珞喻路1号\n邮编430074。"),)


def test_breaks_ornament_and_level_four_are_written_back_the_same():
    article = parse_article(FRONT + ADDRESS + "\n#### 四级\n\n正文。\n\n***\n\n再写。\n")
    assert [type(b) for b in article.blocks] == [Paragraph, Heading, Paragraph, SectionBreak, Paragraph]
    assert article.blocks[1].level == 4
    text = write_article(article)
    assert "洪山区珞喻路1号\\\n" in text and "\n***\n" in text and "\n#### 四级\n" in text
    again = parse_article(text)
    assert [(type(b), b.text) for b in again.blocks] == [(type(b), b.text) for b in article.blocks]


@pytest.mark.parametrize("style", ["magazine", "handout"])
def test_a_hard_break_starts_a_new_line_at_the_indent_and_the_line_before_is_not_justified(style):
    long = "甲" * 60
    doc = layout(parse_article(FRONT + long + "  \n" + "乙乙。\n"), style)
    lines = [ln for ln in doc.pages[0].lines if ln.role == "body"]
    assert [ln.text for ln in lines][-1] == "乙乙。"
    before, after = lines[-2], lines[-1]
    assert lines[0].justified and not before.justified  # the wrapped line before the break
    assert before.extent < before.x + before.width - 1  # at its natural width, short of the measure
    assert after.ink_left - after.x == pytest.approx(lines[0].ink_left - lines[0].x)  # the same indent
    assert lines[1].ink_left == pytest.approx(lines[1].x)  # a wrapped line is not indented
    assert not after.first and lines[0].first


@pytest.mark.parametrize("style", ["magazine", "handout"])
def test_a_thematic_break_sets_the_ornament_centred_between_blank_lines(style):
    doc = layout(parse_article(FRONT + "正文。\n\n***\n\n再写。\n"), style)
    page = doc.pages[0]
    body = page.lines_of("body")
    (ornament,) = page.lines_of("ornament")
    assert ornament.text == "＊　＊　＊"
    middle = (ornament.ink_left + ornament.extent) / 2
    assert middle == pytest.approx(ornament.x + ornament.width / 2, abs=0.6)
    slots = [min(range(len(page.grid)), key=lambda k: abs(page.grid[k] - ln.y)) for ln in
             (body[0], ornament, body[1])]
    assert slots[2] - slots[1] == 2  # one blank grid line after
    if ornament.column == body[0].column:  # (two columns are balanced: it may open the second)
        assert slots[1] - slots[0] == 2  # and one before


def test_a_fourth_level_heading_is_set_in_its_own_style_and_outlined():
    doc = layout(parse_article(FRONT + "## 二级\n\n正文。\n\n#### 四级\n\n再写。\n"), "magazine")
    heading = [ln for ln in doc.pages[0].lines if ln.role == "heading" and ln.text == "四级"]
    assert len(heading) == 1
    assert "WenKai" in heading[0].runs[0].font
    assert [(e.level, e.title) for e in doc.outline][-1] == (4, "四级")
