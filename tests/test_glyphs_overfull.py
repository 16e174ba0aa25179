"""No overfull lines: no glyph's body ends past the column edge, in either built-in style.

Text mixes Han characters, numbers, Latin words (some with spaces between them), full-width
marks, interpuncts and dash pairs; it is set at several measures with each style's body, quote
and heading settings. A glyph's right edge is measured from the font, not from the composer:

- a Han character, digit, Latin letter or ellipsis ends at x + its advance;
- a full-width mark (pause/stop mark, bracket, quote) ends at x + its advance less the blank the
  font leaves on its right (half an em; a quarter for a centred mark): clreq sets a mark at a
  line end half width and the push-in squeezes that blank, so it may lie past the edge, its ink
  never does;
- an interpunct ends a quarter em right of its ink's centre (it is set in a centred half em);
- a joined dash (glyphs widened to meet) ends where its widened ink ends.

Every edge must be at most 0.1 pt past the column edge.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from paiban.compose.paragraph import compose_paragraph
from paiban.compose.config import Where
from paiban.errors import Diagnostics
from paiban.layout.configs import ConfigFactory
from paiban.model.article import Run
from paiban.style.loader import load_style
from paiban.text.classes import COMPRESSIBLE, DASH, INTERPUNCTS
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


def right_edge(face: FontMetrics, ch: str, x: float, size: float, widened: float) -> float:
    """Where the glyph's body ends, from the font alone (see the module docstring)."""
    scale = size / face.units_per_em
    advance = face.advances[ord(ch)] * scale
    ink = face.ink.get(ord(ch))
    if ch in INTERPUNCTS and ink is not None:
        return x + (ink.x0 + ink.x1) / 2 * scale + size / 4
    if ch in DASH and widened != 1.0 and ink is not None:
        return x + ink.x1 * scale * widened
    if ch in COMPRESSIBLE and advance > 0.95 * size:
        blank = {"right": size / 2, "both": size / 4}.get(face.blank_side(ch) or "", 0.0)
        return x + advance - blank
    return x + advance


def faces(cfg) -> dict[str, FontMetrics]:
    return {f.name: f for f in (*cfg.regular.faces, *cfg.bold.faces)}


def assert_within(lines, cfg, text: str) -> None:
    known = faces(cfg)
    for line in lines:
        for run in line.runs:
            for ch, x in zip(run.text, run.xs):
                if ch == " ":
                    continue
                edge = right_edge(known[run.font], ch, x, run.size, run.scale)
                assert edge <= cfg.width + OVER, (
                    f"{ch!r} ends {edge - cfg.width:.2f} pt past the edge in line {line.text!r} of {text!r}")


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
