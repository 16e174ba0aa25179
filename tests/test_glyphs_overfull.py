"""No overfull lines: no glyph's body ends past the column edge, in either built-in style.

Text mixes Han characters, numbers, Latin words (some with spaces between them), full-width
marks, interpuncts and dash pairs; it is set at several measures with each style's body, quote
and heading settings, and laid out as whole articles in both styles and a 3-column sheet. Where
a glyph ends is read from the font, not from the composer: the end of its body, as
`paiban.compose.extent` defines it: x + advance for a Han character, digit,
letter; for a full-width mark, less the blank half the font leaves on its right (clreq sets a
line-end mark half width, and a push-in squeezes that blank: it may lie past the edge, its ink
never does); for an interpunct, its centred half em; for a joined dash, its widened ink.

Every body must end at most 0.1 pt past the column edge.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paiban.compose.paragraph import compose_paragraph
from paiban.compose.config import Where
from paiban.compose.extent import body_right, overrun
from paiban.errors import Diagnostics, Span
from paiban.layout.engine import layout_article
from paiban.layout.configs import ConfigFactory
from paiban.model.article import Article, ArticleMeta, Heading, Paragraph, Run
from paiban.style.loader import load_style
from paiban.text.fonts import FontMetrics, font_table

TABLE = font_table()
STYLES = {name: load_style(name) for name in ("magazine", "handout")}
OVER = 0.1  # pt

HAN = "机关党建工作中国的一是在不了有和人这上大为来以个到说们时要就出会可也对生能而子年月日号"
MARKS = "，。、；：？！“”（）《》〔〕"

token = st.one_of(
    st.text(alphabet=HAN, min_size=1, max_size=10),
    st.text(alphabet=HAN, min_size=1, max_size=10),
    st.sampled_from(MARKS),
    st.integers(0, 10**9).map(str),
    st.sampled_from(["3.14", "56.78%", "1,234.56", "〔2018〕123号", "GB 1234", "2019年12月31日", "6.5%"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDXYZ", min_size=1, max_size=14),
    st.sampled_from(["ISO 9001", "COVID-19", "GDP", "the State Council", "让·雅克", "2020·10", "——", "党建，",
                     "（七）", "https://www.gov.cn/zhengce/content/2018-09/12/content_5321209.htm",
                     "internationalisation"]),
    st.just(" "),
)
paragraph_text = st.lists(token, min_size=1, max_size=40).map("".join).filter(lambda t: t.strip())


def faces(cfg) -> dict[str, FontMetrics]:
    return {f.name: f for f in (*cfg.regular.faces, *cfg.bold.faces)}


def assert_within(lines, cfg, text: str) -> None:
    known = faces(cfg)
    for line in lines:
        over = overrun(line.runs, cfg.width, known)
        assert over <= OVER, f"line {line.text!r} of {text!r} ends {over:.2f} pt past the edge"


@given(st.sampled_from(sorted(STYLES)), st.sampled_from(["body", "quote", 2, 3]),
       st.integers(8, 30), st.lists(st.tuples(paragraph_text, st.booleans()), min_size=1, max_size=3),
       st.sampled_from([(), ("党建，",), ("“党建”",)]), st.sampled_from(["full", "half"]))
def test_no_glyph_ends_past_the_column_edge(style_name, role, width_em, parts, words, line_end):
    """(An unbreakable word ending in a mark was the one way found to set a line past the edge:
    the breaker counted that mark's blank as squeezable, the line's squeeze never took it.)"""
    style = STYLES[style_name]
    ts = style.headings[role] if role in style.headings else getattr(style, role)
    cjk = replace(style.cjk, unbreakable=words, line_end_punct=line_end)
    factory = ConfigFactory(TABLE, cjk, style.strong)
    cfg = factory.make(ts, width_em * ts.size + ts.left + ts.right)
    runs = tuple(Run(text, bold) for text, bold in parts)
    lines = compose_paragraph(runs, cfg, Where(None, Diagnostics()))
    assert_within(lines, cfg, "".join(r.text for r in runs))


def test_a_mark_ending_an_unbreakable_word_is_squeezed_when_the_line_is_pushed_in():
    """甲乙， is one unit; the closing quote after it may not start a line, so it is pushed in, and
    the room must come from the comma's blank half inside the word (it used to be left alone, and
    the quote was set a whole em past the edge)."""
    style = STYLES["magazine"]
    cjk = replace(style.cjk, unbreakable=("甲乙，",))
    size = style.body.size
    cfg = ConfigFactory(TABLE, cjk, style.strong).make(replace(style.body, indent=0.0), 10 * size)
    lines = compose_paragraph((Run("子丑寅卯辰巳午甲乙，”未申酉戌亥"),), cfg, Where(None, Diagnostics()))
    assert [line.text for line in lines] == ["子丑寅卯辰巳午甲乙，”", "未申酉戌亥"]
    assert lines[0].pushed == "in"
    assert [round(x / size, 3) for x in lines[0].runs[0].xs] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9.5]
    assert_within(lines, cfg, lines[0].text)


def test_a_line_of_digits_ending_in_a_pushed_in_mark_stays_in_the_measure():
    """The case of the report: a line with numbers whose natural end falls before a comma, which
    is pushed in; the squeeze comes from the marks' blank halves, not from past the edge."""
    style = STYLES["magazine"]
    cfg = ConfigFactory(TABLE, style.cjk, style.strong).make(style.body, 20 * style.body.size)
    text = "截至2019年12月31日，全国共有1234个项目完成，占比达到56.78%，其中GDP增长6.5%，第3条第2款规定了认证。"
    lines = compose_paragraph((Run(text),), cfg, Where(None, Diagnostics()))
    assert any(line.pushed == "in" for line in lines)
    assert_within(lines, cfg, text)


def test_body_right_edges_from_the_font():
    """The rule itself, on Noto Serif SC at 10 pt: a Han character ends at its advance, a comma
    (ink on the left) half an em in, an opening bracket at its full em, an interpunct a quarter
    em right of its ink's centre, a widened dash where its ink ends."""
    face = TABLE.metrics("Noto Serif SC")
    assert body_right(face, "中", 0.0, 10.0) == 10.0
    assert body_right(face, "，", 0.0, 10.0) == 5.0
    assert body_right(face, "（", 0.0, 10.0) == 10.0
    ink = face.ink[ord("·")]
    assert body_right(face, "·", 0.0, 10.0) == pytest.approx((ink.x0 + ink.x1) / 200 + 2.5)
    assert body_right(face, "—", 0.0, 10.0, 1.1) == pytest.approx(9.29 * 1.1)
    assert body_right(face, "1", 0.0, 10.0) == face.advances[ord("1")] / 100


# --------------------------------------------------------------------------- whole articles

FACES = {TABLE.metrics(f, w).name: TABLE.metrics(f, w) for f, weights in TABLE.families.items() for w in weights}


def _three_columns(style):
    """The magazine page cut into three columns (about 15 em each)."""
    return replace(style, page=replace(style.page, columns=3))


SHEETS = {**STYLES, "3-column": _three_columns(STYLES["magazine"])}


@given(st.sampled_from(sorted(SHEETS)), st.lists(paragraph_text, min_size=1, max_size=4),
       st.text(alphabet=HAN + "，、：", min_size=1, max_size=40))
def test_no_line_of_a_laid_out_article_ends_past_its_column(sheet, paragraphs, heading):
    span = Span("t.md", 1)
    blocks = (Heading(2, (Run(heading),), span), *(Paragraph((Run(p),), span) for p in paragraphs))
    doc = layout_article(Article(ArticleMeta(title=("标题",)), blocks, "t.md"), SHEETS[sheet])
    for page in doc.pages:
        for line in page.lines:
            if line.column >= 0 and line.runs:
                over = overrun(line.runs, line.x + line.width, FACES)
                assert over <= OVER, f"{line.text!r} ends {over:.2f} pt past its column"
