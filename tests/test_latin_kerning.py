"""Kerning of Latin runs: the pair adjustments of the fonts' `kern` feature, read with fontTools
and kept as font tables of their own (paiban.text.kerning), loaded when a Latin run asks. 1 em = 10 pt."""

from __future__ import annotations

import subprocess
import sys

import pytest
from fontTools.ttLib import TTFont

from conftest import ROOT, compose, make_config
from paiban.compose.config import Where
from paiban.compose.units import itemize, split_unit
from paiban.errors import Diagnostics
from paiban.model.article import Run
from paiban import fonttables
from paiban.text.fonts import font_table
from paiban.text.kerning import TABLES_KIND, KernPairs, kern_tables, read_font_kern_pairs, read_kern_pairs

TABLE = font_table()
SERIF = TABLE.metrics("Noto Serif SC")


def xs(line) -> list[float]:
    return [x for run in line.runs for x in run.xs]


def test_a_kerned_pair_is_set_closer_by_the_fonts_adjustment():
    (line,), _ = compose("AVATAR", 20, align="left")
    steps = [b - a for a, b in zip(xs(line), xs(line)[1:])]
    expected = [(SERIF.advances[ord(a)] + SERIF.kerning.get(a, b)) * 10.0 / SERIF.units_per_em
                for a, b in zip("AVATAR", "VATAR")]
    assert steps == pytest.approx(expected, abs=1e-9)
    assert SERIF.kerning.get("A", "V") == -118  # 0.118 em closer than the plain advances
    assert steps[0] == pytest.approx(SERIF.advance_em("A") * 10.0 - 1.18, abs=1e-9)


def test_han_text_and_marks_are_not_kerned():
    (line,), _ = compose("机关党建，工作。", 20, align="left")
    assert xs(line) == [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0]


def test_a_font_without_kerning_sets_plain_advances():
    kai = TABLE.metrics("LXGW WenKai")
    assert len(kai.kerning) == 0 and kai.kerning.get("A", "V") == 0


def test_the_stored_pairs_are_what_the_font_gives():
    font = ROOT / "fonts" / "NotoSansSC-Regular.ttf"
    parsed = read_font_kern_pairs(font)
    assert parsed == TABLE.metrics("Noto Sans SC").kerning  # the shipped tables hold the same pairs
    shipped = (fonttables.bundled_folder() / f"NotoSansSC-Regular.{TABLES_KIND}").read_bytes()
    assert shipped == fonttables.encode(TABLES_KIND, fonttables.font_key(font), *kern_tables(parsed))
    assert len(parsed) > 1000
    assert parsed.get("T", "o") == -76 and parsed.get("L", "T") == -137  # read from GPOS PairPos


def test_a_font_without_gpos_has_no_pairs():
    tt = TTFont(str(ROOT / "fonts" / "LXGWWenKai-Regular.ttf"), lazy=True)
    assert read_kern_pairs(tt, tt.getBestCmap()) == KernPairs.empty()


def test_a_cut_drops_the_kerning_of_the_pair_at_the_cut():
    # "Wa" is kerned; cut between them at a line end, "W" keeps its whole advance, so the line
    # never ends inside its last glyph
    (word,) = itemize((Run("Wa"),), make_config(20, hyphenation="none"), Where(None, Diagnostics()))
    assert word.kern[1] == SERIF.kerning.get("W", "a") * 10.0 / SERIF.units_per_em < 0
    head, tail = split_unit(word, 1)
    assert head.width == pytest.approx(SERIF.advance_em("W") * 10.0, abs=1e-9)
    assert tail.offsets == (0.0,) and tail.width == pytest.approx(SERIF.advance_em("a") * 10.0, abs=1e-9)


_PROBE = """
import sys
from paiban.layout.engine import layout_article
from paiban.model.article import Article, ArticleMeta, Paragraph, Run
from paiban.style.loader import load_style
from paiban.text import kerning
article = Article(ArticleMeta(title=("标题",)), (Paragraph((Run(sys.argv[1]),)),), "t.md")
layout_article(article, load_style("magazine"))
print(len(kerning._loaded))
"""


@pytest.mark.parametrize(("body", "fonts"), [("国务院关于印发通知的通知。" * 40, "0"), ("见AVATAR一文。", "1")])
def test_the_pairs_are_loaded_only_when_a_latin_run_asks(body, fonts):
    done = subprocess.run([sys.executable, "-c", _PROBE, body], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{fonts}\n"
