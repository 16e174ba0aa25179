"""Hyphenation of Latin words in Chinese paragraphs (paiban.compose.latin): a real dictionary
(pyphen), at least 2 letters before and 3 after the hyphen, words of 5 letters or more only, the
hyphen's width counted when the line is filled and drawn as text; pyphen loaded only when a
paragraph has a word long enough to need it. 1 em = 10 pt."""

from __future__ import annotations

import os
import subprocess
import sys

import pymupdf
import pyphen
import pytest

from conftest import ROOT, compose, write
from paiban.compose.latin import break_points
from paiban.layout.engine import layout_article
from paiban.model.article import Article, ArticleMeta, Paragraph, Run
from paiban.render.pdf import render_pdf
from paiban.style import schema
from paiban.style.loader import load_style
from paiban.text.fonts import font_table

SERIF = font_table().metrics("Noto Serif SC")


def texts(lines) -> list[str]:
    return [ln.text for ln in lines]


def advance(ch: str, size: float = 10.0) -> float:
    return SERIF.advance_em(ch) * size


@pytest.mark.parametrize("mode", ["total-fit", "first-fit"])
def test_a_long_word_at_a_line_end_is_hyphenated_at_a_dictionary_point(mode):
    lines, diag = compose("甲乙丙丁 internationalisation is hard 戊己庚辛壬癸", 10, linebreak=mode)
    # the added hyphen is drawn as the soft hyphen U+00AD, so a reader of the PDF can rejoin the word
    assert texts(lines) == ["甲乙丙丁interna\u00ad", "tionalisation is hard", "戊己庚辛壬癸"]
    assert 7 in pyphen.Pyphen(lang="en_US").positions("internationalisation")  # in-ter-na-tion-…
    assert list(diag) == []
    first = lines[0]
    assert first.justified and abs(first.filled - 100.0) < 1e-6
    # the hyphen is a glyph of the line, right after the last letter, ending at the column edge
    run = first.runs[-1]
    assert run.text.endswith("interna\u00ad")
    assert run.xs[-1] == pytest.approx(run.xs[-2] + advance("a"), abs=1e-9)
    assert run.xs[-1] + advance("\u00ad") == pytest.approx(100.0, abs=1e-6)


@pytest.mark.parametrize("mode", ["total-fit", "first-fit"])
def test_the_hyphen_is_counted_when_the_line_is_filled(mode):
    # a line with room for "…interna" and half a hyphen: without the hyphen's width counted it
    # would end "interna-" and stick out; the break moves back to the point before ("inter-")
    head = "甲乙丙丁 internationalisation"
    lines, _ = compose(head, 10, linebreak=mode)
    assert lines[0].text.endswith("interna\u00ad")
    narrow = (lines[0].natural - advance("\u00ad") / 2) / 10  # in em
    lines, _ = compose(head, narrow, linebreak=mode)
    assert texts(lines)[0] == "甲乙丙丁inter\u00ad"
    assert all(ln.runs[-1].xs[-1] + advance(ln.text[-1]) <= ln.width + 1e-6 for ln in lines)


def test_the_hyphen_is_in_the_pdf_text():
    words = " ".join(["internationalisation", "responsibilities", "characteristically"] * 6)
    article = Article(ArticleMeta(title=("标题",)), (Paragraph((Run("国务院关于印发通知。" * 3 + words + "。"),)),), "t.md")
    doc = layout_article(article, load_style("magazine"))
    hyphenated = [ln.text for page in doc.pages for ln in page.lines
                  if ln.role == "body" and ln.text.endswith("\u00ad")]
    assert hyphenated, "the paragraph was made to hyphenate"
    text = "".join(page.get_text() for page in pymupdf.open(stream=render_pdf(doc), filetype="pdf"))
    for line in hyphenated:
        assert line.replace(" ", "") in text.replace(" ", "").replace("\n", "|"), line


@pytest.mark.parametrize(("run", "points"), [
    ("typesetting", [(4, True), (7, True)]),  # type-set-ting
    ("Hyphenation", [(2, True), (6, True)]),  # Hy-phen-ation: capitalised words too
    ("(typesetting),", [(5, True), (8, True)]),  # the brackets and comma around it do not count
    ("well-known", [(5, False)]),  # after the compound's own hyphen, none added; "known": no point
    ("e-mail", []),  # one letter before the hyphen
    ("reader", []),  # read-er would leave 2 letters after the hyphen
    ("into", []),  # shorter than 5 letters
    ("UNESCO", []), ("NATIONALISATION", []),  # all-caps abbreviations
    ("H1N1", []), ("COVID-19", []), ("1234-2008", []), ("abc123def", []),  # digits
    ("https://example.org/internationalisation", [(8, False), (16, False), (20, False)]),  # a URL
    ("name@example.org", [(4, False), (13, False)]),  # an e-mail address: before @, after its marks
])
def test_where_a_latin_run_may_break(run, points):
    assert break_points(run, "en_US") == points


def test_every_hyphen_keeps_two_letters_before_and_three_after():
    for word in ["internationalisation", "responsibilities", "characteristically", "Pneumonoultramicroscopic",
                 "administration", "hyphenation"]:
        for at, hyphen in break_points(word, "en_US"):
            assert hyphen and 2 <= at <= len(word) - 3, (word, at)


def test_hyphenation_can_be_turned_off_or_set_to_another_language():
    assert break_points("typesetting", "none") == []
    assert break_points("Silbentrennung", "de_DE") == [(3, True), (6, True), (10, True)]  # Sil-ben-tren-nung
    lines, _ = compose("甲乙丙丁 internationalisation is hard", 10, hyphenation="none")
    assert not any(ln.text.endswith(("-", "\u00ad")) for ln in lines)
    assert load_style("magazine").cjk.hyphenation == "en_US"


def test_every_hyphenation_language_a_style_may_name_is_a_pyphen_dictionary():
    for language in schema.HYPHENATION_LANGUAGES:
        assert language == "none" or language in pyphen.LANGUAGES, language


def test_an_unknown_hyphenation_language_is_refused_where_the_style_names_it(tmp_path):
    style = write(tmp_path / "bad.yaml", "extends: magazine\ncjk: {hyphenation: klingon}\n")
    done = subprocess.run([sys.executable, "-m", "paiban", "build", str(ROOT / "examples" / "seed" / "article.md"),
                           "--style", str(style), "-o", str(tmp_path / "a.pdf")], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith(f"{style}:2:20: error: cjk.hyphenation: expected one of en_US, en_GB, de_DE")
    assert "got 'klingon'" in done.stderr


_PROBE = """
import sys
from paiban.layout.engine import layout_article
from paiban.model.article import Article, ArticleMeta, Paragraph, Run
from paiban.style.loader import load_style
article = Article(ArticleMeta(title=("标题",)), (Paragraph((Run(sys.argv[1]),)),), "t.md")
layout_article(article, load_style("magazine"))
print("pyphen" in sys.modules)
"""


@pytest.mark.parametrize(("body", "loaded"), [
    ("国务院关于印发通知的通知。" * 40, False),  # Chinese only
    ("依据GB 1234和ISO 9001，见No. 5与Fig. 3，abc。" * 10, False),  # no Latin word of 5 letters
    ("国务院关于印发通知的通知，internationalisation。" * 10, True),
])
def test_pyphen_is_loaded_only_for_a_word_long_enough_to_hyphenate(body, loaded):
    done = subprocess.run([sys.executable, "-c", _PROBE, body], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{loaded}\n"
