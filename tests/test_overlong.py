"""Content too big for its place: words and URLs wider than a column, lines that one unbreakable
run would leave gaping, titles wider or taller than the title block, headings taller than a
column, headers longer than the text block. Nothing may be lost, set beyond an edge, or
compromised without a warning that says so."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import compose
from paiban.errors import LayoutError
from paiban.layout.engine import layout_article
from paiban.model.article import Article, ArticleMeta, Heading, Paragraph, Run
from paiban.style.loader import load_style
from paiban.text.fonts import load_metrics

MAGAZINE = load_style("magazine")


def texts(lines) -> list[str]:
    return [ln.text for ln in lines]


def messages(diagnostics) -> list[str]:
    return [d.message for d in diagnostics]


# --------------------------------------------------------------------------- words and URLs


def test_url_wider_than_the_column_is_broken_and_stays_inside():
    url = "https://example.org/a/very/long/path/that/cannot/fit/in/one/column"
    lines, diag = compose("见" + url + "。", 10)
    assert "".join(texts(lines)) == "见" + url + "。"
    for ln in lines:
        assert ln.runs[-1].xs[-1] < 100.0
        assert ln.filled <= 100.0 + 1e-6
    # a URL breaks after / . - ? & = #, like a path, so nothing needs breaking between characters
    assert messages(diag) == []
    assert all(ln.text[-1] in "/.-?&=#" for ln in lines[:-1])


def test_slashless_string_wider_than_the_column_is_broken_between_characters():
    blob = "x" * 40
    lines, diag = compose("见" + blob + "。", 10)
    assert "".join(texts(lines)) == "见" + blob + "。"
    assert all(ln.filled <= 100.0 + 1e-6 for ln in lines)
    assert messages(diag) == [f"'{blob}' is wider than the column and was broken between characters"]


def test_a_word_alone_on_its_line_is_set_flush_left_not_letter_spaced():
    # 甲乙 and the long word (not hyphenated here) cannot share a line; the word then stands
    # alone on its line, flush left at its natural spacing, as proofreaders accept
    word = "internationalisation"
    lines, diag = compose(f"甲乙 {word} 丙丁", 10, hyphenation="none")
    assert texts(lines)[1] == word
    line = lines[1]
    assert not line.justified and line.filled < 100.0
    alone, _ = compose(word, 30, hyphenation="none")
    assert line.runs[0].xs == pytest.approx(alone[0].runs[0].xs, abs=1e-9)  # natural advances
    assert messages(diag) == []


def test_a_han_character_is_not_left_alone_before_a_long_word():
    lines, diag = compose("甲 supercalifragilistic", 10, hyphenation="none")  # (hyphenated: test_latin_*)
    assert texts(lines) == ["甲supercalifragilist", "ic"]
    assert lines[0].justified and abs(lines[0].filled - 100.0) < 1e-6
    assert messages(diag) == ["'supercalifragilistic' was broken between characters to fill the line before it"]


def test_an_opening_quote_before_a_long_url_takes_the_url_head_along():
    # The URL (20.9 em) fits a 21-em line only alone, and “ may not end a line: pushing the
    # quote out would leave 一 alone on a gaping line. The URL breaks after a slash instead.
    url = "https://example.org/abcdefghijklmnopqrst"
    lines, diag = compose(f"一“{url}”", 21)
    assert texts(lines) == ["一“https://example.org/", "abcdefghijklmnopqrst”"]
    assert lines[0].justified and abs(lines[0].filled - 210.0) < 1e-6
    assert messages(diag) == []


def test_an_opening_quote_before_a_long_word_takes_the_word_head_along():
    word = "abcdefghijklmnopqrstuvwxyzabcdefghij"
    lines, diag = compose(f"一“{word}”", 21, hyphenation="none")
    assert lines[0].text.startswith("一“abc") and lines[0].justified
    assert abs(lines[0].filled - 210.0) < 1e-6
    assert "".join(texts(lines)) == f"一“{word}”"
    assert messages(diag) == [f"'{word}' was broken between characters to fill the line before it"]


def test_a_prohibited_break_is_preferred_to_a_line_of_one_character():
    # The only allowed break leaves 一 alone on an indented 6-em line; a dash pair starting the
    # next line (prohibited at the strict level) is the lesser evil, and is reported.
    lines, diag = compose("一“一————", 8, indent_em=2)
    assert texts(lines) == ["一“一", "————"]
    assert lines[0].pushed == "forced" and lines[0].justified
    assert messages(diag) == ["no allowed line break near '一“一————': a prohibited mark starts or ends a line"]


def test_a_line_that_cannot_be_justified_says_so():
    # 9 dashes cannot share an 10-em line with anything and are never opened up or split
    lines, diag = compose("——————————甲乙", 10)
    assert texts(lines)[0] == "——————————"
    assert not lines[0].justified
    assert any("'——————————' could not be justified" in m for m in messages(diag))


# --------------------------------------------------------------------------- title block


def article(title: tuple[str, ...], body: str = "正文。" * 40, **meta) -> Article:
    return Article(ArticleMeta(title=title, **meta), (Paragraph((Run(body),)),), "t.md")


def right_edge(doc, line) -> float:
    """Where the last glyph of a line ends (its advance), from the font the layout used."""
    run = line.runs[-1]
    face = load_metrics(doc.fonts[run.font])
    return run.xs[-1] + face.advances[ord(run.text[-1])] * run.size / face.units_per_em


def title_lines(doc):
    return [ln for ln in doc.pages[0].lines if ln.role == "title"]


def test_title_line_too_wide_shrinks_within_the_style_limit():
    title = "推进融合发展增强机关党建工作质效推进融合发展增强"  # 24 × 22pt = 528pt in a 504pt block
    doc = layout_article(article((title,)), MAGAZINE)
    lines = title_lines(doc)
    assert len(lines) == 1 and lines[0].text == title
    assert lines[0].size == 21  # the largest half-point size at which 24 characters fit 504pt
    assert [w.message for w in doc.warnings] == [
        f"the title line '{title}' is too wide for the title block: set at 21pt instead of 22pt"
    ]
    frame = next(f for f in doc.pages[0].frames if f.kind == "title")
    assert lines[0].runs[0].xs[0] >= frame.x and right_edge(doc, lines[0]) <= frame.x + frame.width + 1e-6


def test_title_line_too_wide_even_when_shrunk_wraps_and_warns():
    title = "推进融合发展增强机关党建工作质效" * 2
    doc = layout_article(article((title,)), MAGAZINE)
    lines = title_lines(doc)
    assert "".join(ln.text for ln in lines) == title and len(lines) == 2
    assert all(ln.size == 22 for ln in lines)
    assert f"the title line '{title}' is too wide for the title block even at 18pt " \
           "(title_block.title_min_size): wrapped onto 2 lines" in [w.message for w in doc.warnings]


def test_title_block_grows_rather_than_overlapping_the_text():
    title = tuple("推进融合发展增强机关党建" for _ in range(8))
    doc = layout_article(article(title, kicker="学习贯彻"), MAGAZINE)
    page = doc.pages[0]
    block = next(f for f in page.frames if f.kind == "title")
    column = next(f for f in page.frames if f.kind == "column")
    assert block.height > MAGAZINE.title_block.height * MAGAZINE.grid.pitch
    assert column.y >= block.y + block.height - 1e-6
    bottom = max(ln.y + ln.size * 0.12 for ln in page.lines if ln.role == "title")
    first_body = min(ln.y - ln.size * 0.88 for ln in page.lines if ln.role == "body")
    assert bottom <= first_body
    slots = round(block.height / MAGAZINE.grid.pitch)
    assert f"the title block needs {slots} grid lines, more than title_block.height (13): the columns of " \
           f"the first page start {slots - 13} lines lower" in [w.message for w in doc.warnings]


def test_title_taller_than_a_page_is_an_error():
    title = tuple("推进融合发展增强机关党建" for _ in range(30))
    with pytest.raises(LayoutError) as caught:
        layout_article(article(title), MAGAZINE)
    assert str(caught.value).startswith("t.md: error: the title block needs ")
    assert "but a column holds only 40" in caught.value.message


def test_title_block_as_tall_as_the_column_puts_the_text_on_the_next_page():
    style = dataclasses.replace(MAGAZINE, title_block=dataclasses.replace(MAGAZINE.title_block, height=40))
    doc = layout_article(article(("标题",)), style)
    assert len(doc.pages) == 2
    assert not [ln for ln in doc.pages[0].lines if ln.role == "body"]
    assert "".join(ln.text for ln in doc.pages[1].lines if ln.role == "body") == "正文。" * 40


# --------------------------------------------------------------------------- headings, headers


def test_heading_taller_than_a_column_is_split_not_set_below_the_foot():
    heading = "推进融合发展增强机关党建工作质效" * 60  # 960 characters: 42 lines of 23
    doc = layout_article(Article(ArticleMeta(title=("标题",)), (
        Paragraph((Run("正文。" * 20),)), Heading(2, (Run(heading),)), Paragraph((Run("正文。" * 20),))), "t.md"),
        MAGAZINE)
    set_ = "".join(ln.text for p in doc.pages for ln in p.lines if ln.role == "heading")
    assert set_ == heading
    for page in doc.pages:
        frames = {f.index: f for f in page.frames if f.kind == "column"}
        for ln in page.lines:
            if ln.column >= 0:
                assert ln.y <= frames[ln.column].y + frames[ln.column].height
    assert f"the heading '{heading}' is taller than the room in a column and was split across columns" \
           in [w.message for w in doc.warnings]


def test_running_header_too_long_is_cut_with_an_ellipsis_and_one_warning():
    title = "推进融合发展增强机关党建工作质效" * 4  # 64 characters of 小五 (576pt) in 504pt
    body = "正文。" * 3000  # several pages, every one of them with a header
    doc = layout_article(article((title[:32], title[32:]), body, publication="刊物", issue="10期",
                                 first_page=1), MAGAZINE)
    headers = [ln for p in doc.pages[1:] for ln in p.lines if ln.role == "header" and p.number % 2]
    assert headers and all(ln.text.endswith("……") and len(ln.text) < 64 for ln in headers)
    for ln in headers:
        assert ln.runs[0].xs[0] >= ln.x - 1e-6 and right_edge(doc, ln) <= ln.x + ln.width + 1e-6
    cut = [w.message for w in doc.warnings if "running header" in w.message]
    joined = f"{title[:32]}\u3000{title[32:]}"  # title lines joined by title_block.separator
    assert cut == [f"the running header '{joined}' is too wide for the text block and was cut to '{headers[0].text}'"]
