"""Links: the text set as text, the URL where the style says, a link annotation on screen."""

from __future__ import annotations

import pymupdf
import pytest

from paiban import build, layout, load_style
from paiban.model.article import Run
from paiban.model.markdown import parse_article
from paiban.model.writer import write_article

FRONT = "---\ntitle: 标题\n---\n\n"
URL = "https://www.hubeidaily.net/a.html"
TEXT = f"访问 [湖北日报网]({URL}) 了解[^1]，或打开 <https://example.com>。\n\n[^1]: 注释。\n"


def test_a_link_keeps_its_url_and_typed_spaces_next_to_chinese_are_dropped():
    runs = parse_article(FRONT + TEXT).blocks[0].runs
    assert runs[:3] == (Run("访问"), Run("湖北日报网", link=URL), Run("了解"))
    assert Run("https://example.com", link="https://example.com") in runs


def test_spaces_between_a_link_and_latin_words_stay():
    runs = parse_article(FRONT + "see [the site](http://x.org) now，好。\n").blocks[0].runs
    assert runs == (Run("see "), Run("the site", link="http://x.org"), Run(" now，好。"))


def test_links_are_written_back_and_read_the_same():
    article = parse_article(FRONT + TEXT)
    text = write_article(article)
    assert f"[湖北日报网]({URL})" in text and "<https://example.com>" in text
    assert parse_article(text).blocks[0].runs == article.blocks[0].runs


def _style(tmp_path, mode):
    sheet = tmp_path / f"{mode}.yaml"
    sheet.write_text(f"extends: handout\nlinks: {mode}\n", encoding="utf-8")
    return load_style(sheet)


def _text(doc, role):
    return "".join(ln.text for page in doc.pages for ln in page.lines if ln.role == role)


def test_endnote_links_are_numbered_among_the_footnotes_in_reading_order(tmp_path):
    doc = layout(parse_article(FRONT + TEXT), _style(tmp_path, "endnote"))
    assert _text(doc, "body") == "访问湖北日报网①了解②，或打开https://example.com。"
    assert _text(doc, "note") == f"注释：①{URL}②注释。"


def test_inline_links_print_the_url_in_parentheses_once(tmp_path):
    doc = layout(parse_article(FRONT + TEXT), _style(tmp_path, "inline"))
    assert _text(doc, "body") == f"访问湖北日报网（{URL}）了解①，或打开https://example.com。"


def test_links_none_prints_only_the_text(tmp_path):
    doc = layout(parse_article(FRONT + TEXT), _style(tmp_path, "none"))
    assert _text(doc, "body") == "访问湖北日报网了解①，或打开https://example.com。"


def test_a_screen_pdf_has_a_link_over_the_text_and_a_print_pdf_none(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(FRONT + TEXT, encoding="utf-8")
    result = build(article, "magazine", tmp_path / "a.pdf")
    line = next(ln for ln in result.document.pages[0].lines if "湖北日报网" in ln.text)
    glyphs = [(ch, x) for run in line.runs for ch, x in zip(run.text, run.xs)]
    start = next(x for ch, x in glyphs if ch == "湖")
    end = next(x for ch, x in glyphs if ch == "网") + line.size
    with pymupdf.open(tmp_path / "a.pdf") as pdf:
        links = [(link["uri"], link["from"]) for link in pdf[0].get_links()]
    # the second URL breaks across two lines: one box on each
    assert [uri for uri, _ in links] == [URL, "https://example.com", "https://example.com"]
    box = links[0][1]
    assert (box.x0, box.x1) == (pytest.approx(start, abs=0.01), pytest.approx(end, abs=0.01))
    assert box.y1 - box.y0 == pytest.approx(line.size)
    build(article, "magazine", tmp_path / "p.pdf", print_ready=True)
    with pymupdf.open(tmp_path / "p.pdf") as pdf:
        assert pdf[0].get_links() == []
