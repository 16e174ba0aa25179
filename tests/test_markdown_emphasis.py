"""Emphasis (着重号, 楷体 or bold as the style says) and struck-through text."""

from __future__ import annotations

import subprocess
import sys

import pymupdf
import pytest

from paiban import build, layout, load_style
from paiban.errors import ArticleError
from paiban.layout.marks import DOT_DROP, DOT_RADIUS, STRIKE_RISE
from paiban.model.article import Run
from paiban.model.markdown import parse_article
from paiban.model.writer import write_article

FRONT = "---\ntitle: 标题\n---\n\n"  # body line 1 is file line 5


def runs(text: str) -> tuple[Run, ...]:
    return parse_article(FRONT + text + "\n").blocks[0].runs


# --------------------------------------------------------------------------- reading and writing


def test_star_and_underscore_emphasis_and_tildes_are_marked_runs():
    assert runs("要*坚持*，_重点_ 和~~删去~~。") == (
        Run("要"), Run("坚持", emphasis=True), Run("，"), Run("重点", emphasis=True), Run(" 和"),
        Run("删去", strike=True), Run("。"))
    assert runs("*强调**粗体***") == (Run("强调", emphasis=True), Run("粗体", bold=True, emphasis=True))


@pytest.mark.parametrize(("text", "message"), [
    ("甲*“强调”*乙", "`*` here does not start or end emphasis"),
    ("中文_强调_中文", "`_` around '强调' does not make emphasis inside Chinese text"),
    ("甲~~“删”~~乙", "`~~` here does not start or end struck-through text"),
])
def test_markers_that_would_print_as_characters_are_errors(text, message):
    with pytest.raises(ArticleError) as caught:
        parse_article(FRONT + "前文\n" + text + "\n", source="a.md")
    assert caught.value.message == message
    assert caught.value.source.line == 6


def test_underscores_inside_latin_words_stay_text():
    assert runs("file_name 和 a_b_c") == (Run("file_name 和 a_b_c"),)


def test_emphasis_and_strike_are_written_back_and_read_the_same():
    article = parse_article(FRONT + "要*坚持*和~~删去~~，*强调**粗体***。\n")
    text = write_article(article)
    assert "*坚持*" in text and "~~删去~~" in text
    assert parse_article(text).blocks[0].runs == article.blocks[0].runs


# --------------------------------------------------------------------------- setting


def _page(text: str, style="magazine"):
    return layout(parse_article(FRONT + text + "\n"), style).pages[0]


def _glyphs(line):
    return [(ch, x, run) for run in line.runs for ch, x in zip(run.text, run.xs)]


def test_a_dot_under_each_emphasised_han_character_and_none_under_punctuation():
    page = _page("我们要*坚持人民至上，守正创新*。后文")
    (line,) = page.lines_of("body")
    size = line.size
    glyphs = _glyphs(line)
    dotted = [ch for ch, x, _ in glyphs if any(abs(d.x - (x + size / 2)) < 0.01 for d in page.dots)]
    assert dotted == list("坚持人民至上守正创新")
    assert len(page.dots) == 10  # none under ， and 。
    for dot in page.dots:
        assert dot.y == pytest.approx(line.y + DOT_DROP * size)
        assert dot.radius == pytest.approx(DOT_RADIUS * size)


def test_latin_in_emphasis_is_bold_and_takes_no_dots():
    page = _page("要*学习 Python 语言*。")
    (line,) = page.lines_of("body")
    fonts = {ch: run.font for ch, _, run in _glyphs(line)}
    assert "Bold" in fonts["P"] and "Bold" not in fonts["学"]
    assert len(page.dots) == 4  # 学 习 语 言


def test_dots_follow_the_text_across_a_line_break():
    text = "前" * 23 + "*" + "重" * 10 + "*"
    page = _page(text, "handout")
    lines = page.lines_of("body")
    assert len(lines) == 2
    on = [sum(1 for d in page.dots if d.y == pytest.approx(ln.y + DOT_DROP * ln.size)) for ln in lines]
    assert on == [1, 9]  # 24 characters after the 2字 indent of 26: 23 前 and one 重


@pytest.mark.parametrize(("mode", "font"), [("bold", "Bold"), ("kai", "WenKai")])
def test_the_style_may_set_emphasis_in_bold_or_kai_without_dots(tmp_path, mode, font):
    sheet = tmp_path / "s.yaml"
    sheet.write_text(f"extends: magazine\nemphasis: {mode}\n", encoding="utf-8")
    page = _page("要*坚持*。", load_style(sheet))
    (line,) = page.lines_of("body")
    fonts = {ch: run.font for ch, _, run in _glyphs(line)}
    assert font in fonts["坚"] and font not in fonts["要"]
    assert page.dots == ()


def test_struck_text_has_one_rule_per_line_through_the_middle_of_the_em_box():
    text = "前" * 20 + "~~" + "删" * 8 + "~~" + "后"
    page = _page(text, "handout")
    lines = page.lines_of("body")
    strikes = [r for r in page.rules if any(r.y0 == pytest.approx(ln.y - STRIKE_RISE * ln.size) for ln in lines)]
    assert len(strikes) == 2
    first, second = lines
    g1, g2 = _glyphs(first), _glyphs(second)
    start = next(x for ch, x, _ in g1 if ch == "删")
    assert strikes[0].x0 == pytest.approx(start)
    assert strikes[0].x1 == pytest.approx(g1[-1][1] + first.size)
    assert strikes[1].x0 == pytest.approx(g2[0][1])
    end = [x for ch, x, _ in g2 if ch == "删"][-1]
    assert strikes[1].x1 == pytest.approx(end + second.size)


def test_the_pdf_draws_the_dots(tmp_path):
    (tmp_path / "a.md").write_text(FRONT + "要*坚持*。\n", encoding="utf-8")
    build(tmp_path / "a.md", "magazine", tmp_path / "a.pdf")
    with pymupdf.open(tmp_path / "a.pdf") as pdf:
        fills = [d for d in pdf[0].get_drawings() if d["type"] == "f" and d["rect"].width < 3]
    assert len(fills) == 2


def test_a_stray_asterisk_stops_the_build_with_its_place(tmp_path):
    (tmp_path / "a.md").write_text(FRONT + "甲*“强调”*乙\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "paiban", "build", "a.md", "-o", "a.pdf"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("a.md:5: error: `*` here does not start or end emphasis\n")
