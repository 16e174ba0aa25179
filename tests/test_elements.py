"""Lead, pull quote, end matter and end notes: how they are read, written back and set."""

from __future__ import annotations

import pytest

from paiban import build
from paiban.errors import ArticleError
from paiban.model.article import EndLine, Figure, Run
from paiban.model.markdown import parse_article
from paiban.model.writer import write_article
from test_figures import FRONT, PITCH, TEXT_WIDTH, columns_of, seed_paragraphs, write

PARAGRAPHS = seed_paragraphs()


# --------------------------------------------------------------------------- reading


def test_figure_forms_read_the_same_way():
    short = parse_article(FRONT + '正文。\n\n![图1 会场](a.jpg "摄影 张三")\n').blocks[1]
    fence = parse_article(FRONT + "正文。\n\n```figure\nimage: a.jpg\ncaption: 图1 会场\n"
                          "source: 摄影 张三\n```\n").blocks[1]
    assert short == Figure("a.jpg", "图1 会场", "column", "here", "摄影 张三", short.source)
    assert (fence.path, fence.caption, fence.credit) == ("a.jpg", "图1 会场", "摄影 张三")
    assert short.source.line == 9


@pytest.mark.parametrize(("options", "message", "line"), [
    ("image: a.jpg\nwidht: page", "unknown figure option 'widht'", 11),
    ("image: a.jpg\nwidth: page\nplace: here", "a page-wide figure cannot stand in the middle", 9),
    ("caption: 没有图", "a figure block names no image", 9),
    ("image: a.jpg\nplace: left", "figure place must be here, top or bottom, not 'left'", 9),
])
def test_figure_block_errors_name_the_line(options, message, line):
    with pytest.raises(ArticleError) as caught:
        parse_article(FRONT + f"正文。\n\n```figure\n{options}\n```\n", source="a.md")
    assert message in caught.value.message
    assert caught.value.source.line == line


def test_lead_comes_from_front_matter_or_an_opening_quote():
    opening = parse_article(FRONT + "> 导语一。\n>\n> 导语二。\n\n正文。\n\n> 引文。\n")
    assert opening.meta.lead == "导语一。\n导语二。"
    assert [type(b).__name__ for b in opening.blocks] == ["Paragraph", "BlockQuote"]
    front = parse_article(FRONT.replace("first_page", "lead: 前言\nfirst_page") + "> 引文。\n\n正文。\n")
    assert front.meta.lead == "前言" and type(front.blocks[0]).__name__ == "BlockQuote"


def test_end_lines_are_recognised_only_at_the_end():
    article = parse_article(FRONT + "责任编辑：不是结尾。\n\n正文。\n\n（作者单位：某某大学）\n\n责任编辑：李四\n")
    kinds = [b.kind if isinstance(b, EndLine) else "p" for b in article.blocks]
    assert kinds == ["p", "p", "affiliation", "editor"]


def test_footnotes_become_marked_runs_and_end_notes():
    article = parse_article(FRONT + "甲[^a]乙[^b]。\n\n[^b]: 第二条。\n\n[^a]: 第一条，\n    续行。\n")
    assert article.blocks[0].runs == (Run("甲"), Run("a", note=True), Run("乙"), Run("b", note=True),
                                      Run("。"))
    assert [(n.label, n.text) for n in article.notes] == [("a", "第一条，续行。"), ("b", "第二条。")]


def test_a_reference_without_a_note_is_an_error():
    with pytest.raises(ArticleError) as caught:
        parse_article(FRONT + "正文[^9]。\n")
    assert caught.value.message == "the footnote [^9] has no definition"


def test_every_element_is_written_back_and_reads_the_same():
    text = (FRONT.replace("first_page", "lead: 导语\nfirst_page")
            + "正文[^1]。\n\n![图1 说明](a.jpg)\n\n```figure\nimage: b.png\ncaption: 图2 [草图]\n"
            "width: page\nplace: bottom\nsource: 摄影 张三\n```\n\n```pullquote\n引人注目的话。\n```\n\n"
            "（作者单位：某地）\n\n责任编辑：王五\n\n[^1]: 注释内容。\n")
    article = parse_article(text)
    again = parse_article(write_article(article))
    assert again.meta == article.meta and again.notes == tuple(
        type(n)(n.label, n.runs, again.notes[i].source) for i, n in enumerate(article.notes))
    strip = [type(b).__name__ + repr({k: getattr(b, k) for k in b.__slots__ if k != "source"})
             for b in article.blocks]
    assert strip == [type(b).__name__ + repr({k: getattr(b, k) for k in b.__slots__ if k != "source"})
                     for b in again.blocks]
    assert "![图1 说明](a.jpg)" in write_article(article)


# --------------------------------------------------------------------------- setting


@pytest.fixture(scope="module")
def elements(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("elements")
    p = PARAGRAPHS
    body = (f"{p[0]}\n\n```pullquote\n融合发展不是简单相加，而是深度融合、相互促进。\n```\n\n"
            f"{p[1][:300]}[^1]\n\n{p[2][:200]}\n\n（作者单位：湖北省委政法委）\n\n责任编辑：王五\n\n"
            "[^1]: 见《中国共产党政法工作条例》。\n")
    front = FRONT.replace("first_page", "lead: 三年来，全市建成社区书屋四百余家。书屋成了居民议事、"
                          "学习和交往的公共空间，本文从选址、运营和评价三个方面梳理各地做法。\nfirst_page")
    path = tmp / "article.md"
    path.write_text(front + body, encoding="utf-8")
    return build(path, "magazine").document


def test_lead_spans_the_columns_under_the_title_block_on_the_grid(elements):
    page = elements.pages[0]
    lead = page.lines_of("lead")
    assert len(lead) == 2
    assert lead[0].width == TEXT_WIDTH - 2 * 24.0
    # 12 pt centred in grid slots 13 and 14, right under the 13-slot title block
    shift = 1.5 * 0.88 - 1.5 / 2
    assert [ln.y for ln in lead] == pytest.approx([page.grid[13] + shift, page.grid[14] + shift])
    for column in columns_of(page).values():
        assert column[0].y == pytest.approx(page.grid[16])  # two lead lines and one blank slot


def test_pull_quote_is_larger_between_rules_in_a_column_on_the_grid(elements):
    page = elements.pages[0]
    quote = page.lines_of("pullquote")
    assert quote and all(ln.size == 12.0 for ln in quote)
    column = quote[0].column
    rules = [r for r in page.rules if r.width == 0.75]
    assert len(rules) == 2
    assert rules[0].y0 < quote[0].y - 12 * 0.88 and quote[-1].y < rules[1].y0
    assert rules[1].y0 - rules[0].y0 == pytest.approx((len(quote) + 1) * PITCH)
    frame = [f for f in page.frames if f.kind == "column" and f.index == column][0]
    assert (rules[0].x0, rules[0].x1) == pytest.approx((frame.x, frame.x + frame.width))
    # Each line is centred in a body grid slot: its em-box middle is a body line's em-box middle.
    middles = {round(y - 10.5 * 0.88 + 10.5 / 2, 3) for y in page.grid}
    assert all(round(ln.y - 12 * 0.88 + 12 / 2, 3) in middles for ln in quote)


def test_end_matter_closes_the_article_with_notes_before_the_editor_line(elements):
    lines = [ln for p in elements.pages for ln in sorted(p.lines, key=lambda ln: (ln.column, ln.y))
             if ln.column >= 0]
    roles = [ln.role for ln in lines]
    assert roles[-4:] == ["affiliation", "note", "note", "editor"]
    notes = [ln for ln in lines if ln.role == "note"]
    assert [ln.text for ln in notes] == ["注释：", "①见《中国共产党政法工作条例》。"]
    assert all(ln.size == 9.0 for ln in notes)
    editor = lines[-1]
    assert editor.text == "责任编辑：王五"
    assert editor.runs[-1].xs[-1] + 9.0 == pytest.approx(editor.x + editor.width)  # flush right
    assert any("①" in ln.text for ln in lines if ln.role == "body")


def test_the_example_builds_cleanly_with_every_element():
    from conftest import ROOT

    result = build(ROOT / "examples" / "elements" / "article.md", "magazine")
    document = result.document
    assert result.warnings == ()
    assert sum(len(p.images) for p in document.pages) == 3
    roles = {ln.role for p in document.pages for ln in p.lines}
    assert {"lead", "pullquote", "caption", "credit", "affiliation", "editor", "note"} <= roles
