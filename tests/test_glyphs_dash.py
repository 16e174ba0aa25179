"""—— is drawn as one continuous rule two ems long, in every bundled font and at any size.

The fonts' dash glyphs leave side bearings (Noto Serif SC's full-width dash is inked from 0.071
to 0.929 em), so two of them side by side show a gap. The composer widens each glyph of a dash
run (`GlyphRun.scale`) so that their ink joins, overlapping by `DASH_OVERLAP`; the PDF still holds
the dash characters, so a reader extracts "——".
"""

from __future__ import annotations

import dataclasses

import pymupdf
import pytest

from paiban.compose.config import FontChain, ParagraphConfig, Where
from paiban.compose.line import DASH_OVERLAP
from paiban.compose.paragraph import compose_paragraph
from paiban.errors import Diagnostics, Span
from paiban.layout.engine import layout_article
from paiban.model.article import Article, ArticleMeta, Paragraph, Run
from paiban.render.pdf import render_pdf
from paiban.style.loader import load_style
from paiban.style.model import CJKOptions
from paiban.text.fonts import Ink, font_table

TABLE = font_table()
# the fonts Chinese text is set in (the monospaced code font sets code, where a dash is the
# author's character as typed, not the joined Chinese ——)
FONTS = [(family, weight) for family, weights in TABLE.families.items() for weight in weights
         if family != "JetBrains Mono"]


def set_line(text: str, family: str, weight: str = "regular", size: float = 10.0):
    chain = FontChain((TABLE.metrics(family, weight),))
    cfg = ParagraphConfig(chain, chain, size, 20 * size, CJKOptions())
    (line,) = compose_paragraph((Run(text),), cfg, Where(None, Diagnostics()))
    return line, chain.faces[0]


def dash_inks(line, face):
    """(left, right) of the ink of each dash glyph as drawn (widened by its run's scale)."""
    out = []
    for run in line.runs:
        for ch, x in zip(run.text, run.xs):
            if ch in "—⸺─":
                ink = face.ink.get(ord(ch)) or Ink(0, face.advances[ord(ch)])  # (── is not recorded)
                k = run.size / face.units_per_em * run.scale
                out.append((x + ink.x0 * k, x + ink.x1 * k))
    return out


def test_noto_serif_dash_pair_is_one_rule_from_bearing_to_bearing():
    """Exact positions at 10 pt: the pair takes ems 2–4 after 他说; the font's full-width dash
    (the `fwid` glyph drawn for U+2014) keeps its 0.71 pt bearings at the two outer ends, and the
    two glyphs meet in the middle, each reaching 0.2 pt past it."""
    line, face = set_line("他说——好", "Noto Serif SC")
    assert face.ink[0x2014].x0 == 71 and face.ink[0x2014].x1 == 929  # the full-width glyph's ink
    assert line.text == "他说——好"
    xs = [x for run in line.runs for x in run.xs]
    assert (xs[0], xs[1], xs[4]) == (0.0, 10.0, 40.0)
    (a0, b0), (a1, b1) = dash_inks(line, face)
    half = DASH_OVERLAP * 10.0 / 2
    assert a0 == pytest.approx(20.71) and b1 == pytest.approx(39.29)
    assert b0 == pytest.approx(30.0 + half) and a1 == pytest.approx(30.0 - half)
    assert [run.scale for run in line.runs if run.text == "—"] == [pytest.approx(9.49 / 8.58)] * 2


@pytest.mark.parametrize("family,weight", FONTS)
@pytest.mark.parametrize("size", [7.5, 10.5, 16.0, 36.0])
def test_dash_ink_joins_in_every_font_and_size(family, weight, size):
    line, face = set_line("他说——好", family, weight, size)
    inks = dash_inks(line, face)
    assert len(inks) == 2
    (a0, b0), (a1, b1) = inks
    assert a1 < b0, "the two halves do not meet"
    assert 2 * size <= a0 < 2 * size + 0.1 * size and 4 * size - 0.1 * size < b1 <= 4 * size
    # and nothing else moved: the characters after the dash keep the grid
    xs = [x for run in line.runs for x in run.xs]
    assert xs[-1] == pytest.approx(4 * size)


@pytest.mark.parametrize("family", ["Noto Serif SC", "Noto Sans SC", "LXGW WenKai"])
def test_two_em_dash_character_takes_two_ems_and_fills_them(family):
    """⸺ (U+2E3A) is one character two ems wide; Noto's glyph is 1.69 em, so it is widened."""
    line, face = set_line("他说⸺好", family)
    xs = [x for run in line.runs for x in run.xs]
    assert xs[-1] == pytest.approx(40.0)
    ((a, b),) = dash_inks(line, face)
    assert 20.0 <= a < 21.0 and 39.0 < b <= 40.0


def test_box_drawing_rule_is_set_as_a_dash_without_han_latin_spacing():
    """── (U+2500) typed as a dash: two ems, no quarter-em gaps as a Latin word would get, and it
    may not start a line under the strict rules."""
    line, face = set_line("他说──好", "Noto Serif SC")
    xs = [x for run in line.runs for x in run.xs]
    assert (xs[0], xs[1], xs[4]) == (0.0, 10.0, 40.0)
    (a0, b0), (a1, b1) = dash_inks(line, face)  # drawn edge to edge, overlapping at the join
    assert (a0, b1) == (pytest.approx(20.0), pytest.approx(40.0)) and a1 < 30.0 < b0
    chain = FontChain((TABLE.metrics("Noto Serif SC"),))
    cfg = ParagraphConfig(chain, chain, 10.0, 40.0, CJKOptions(kinsoku="strict"))
    lines = compose_paragraph((Run("甲乙丙──丁"),), cfg, Where(None, Diagnostics()))
    assert [ln.text for ln in lines] == ["甲乙", "丙──丁"]


# --------------------------------------------------------------------------- the PDF


def _pdf_with_body_font(family: str, weight: str, text: str):
    style = load_style("magazine")
    style = dataclasses.replace(style, body=dataclasses.replace(style.body, family=family, weight=weight))
    article = Article(ArticleMeta(title=("标题",)), (Paragraph((Run(text),), Span("t.md", 1)),), "t.md")
    doc = layout_article(article, style)
    return doc, render_pdf(doc)


@pytest.mark.parametrize("family,weight", FONTS)
@pytest.mark.parametrize("dash", ["——", "⸺", "──"])
def test_pdf_dash_has_no_white_column_at_600_dpi_and_extracts_as_text(family, weight, dash):
    doc, pdf = _pdf_with_body_font(family, weight, f"他说{dash}好的")
    line = next(ln for page in doc.pages for ln in page.lines if dash in ln.text)
    xs = [(ch, x) for run in line.runs for ch, x in zip(run.text, run.xs)]
    start = next(x for ch, x in xs if ch == "说") + line.size  # the dash's two-em slot
    end = start + 2 * line.size
    page = pymupdf.open(stream=pdf, filetype="pdf")[0]
    assert f"他说{dash}好的" in page.get_text().replace("\n", "")
    zoom = 600 / 72
    # the band a dash is drawn in: the middle half of the em box, above the baseline
    clip = pymupdf.Rect(start + 0.15 * line.size, line.y - 0.7 * line.size,
                        end - 0.15 * line.size, line.y - 0.05 * line.size)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=clip, colorspace=pymupdf.csGRAY)
    columns = [min(pix.samples[y * pix.stride + x] for y in range(pix.height)) for x in range(pix.width)]
    assert max(columns) < 96, f"a light column in the dash at x = {columns.index(max(columns)) / zoom:.2f} pt"
