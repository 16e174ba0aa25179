"""Interpuncts set as a centred half em, and an opening bracket at a paragraph start kept whole.

Interpunct (间隔号 · U+00B7, ・ U+30FB, ‧ U+2027): GB/T 15834 and clreq give it half a character
in mainland usage, not adjusted, its dot centred; Noto Serif SC draws · as a 0.33 em Latin glyph
with its ink left of centre and Noto Sans SC as a full em, so the composer sets every one in a
half-em box of its own with the ink centred in it. (A full em with a quarter blank each side
that may compress is the Taiwanese and Japanese convention; these styles set mainland text.)

Opening bracket at a paragraph start: "（七）" sits just after the 2-em indent, its blank half
kept, unless `cjk.paragraph_start_opening: half`; on other lines `cjk.line_start_opening` decides,
and a bracket set full is not squeezed by a push-in either.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import EM, SEED, compose, write, xs_em
from paiban.compose.config import FontChain, ParagraphConfig, Where
from paiban.compose.paragraph import compose_paragraph
from paiban.errors import Diagnostics
from paiban.model.article import Run
from paiban.style.model import CJKOptions
from paiban.text.fonts import font_table

TABLE = font_table()


def set_in(family: str, text: str, width_em: float = 20):
    face = TABLE.metrics(family)
    chain = FontChain((face,))
    cfg = ParagraphConfig(chain, chain, EM, width_em * EM, CJKOptions())
    lines = compose_paragraph((Run(text),), cfg, Where(None, Diagnostics()))
    return lines, face


def ink_centre(face, ch: str, x: float) -> float:
    ink = face.ink[ord(ch)]
    return x + (ink.x0 + ink.x1) / 2 * EM / face.units_per_em


@pytest.mark.parametrize("family", ["Noto Serif SC", "Noto Sans SC", "LXGW WenKai"])
@pytest.mark.parametrize("dot", ["·", "・"])
def test_interpunct_between_han_is_a_centred_half_em(family, dot):
    (line,), face = set_in(family, f"让{dot}雅克", 4)  # the last line: natural width, no stretch
    xs = [x for r in line.runs for x in r.xs]
    assert (xs[0], xs[2], xs[3]) == (0.0, 15.0, 25.0)  # 让 | half em | 雅 克
    assert ink_centre(face, dot, xs[1]) == pytest.approx(12.5)


@pytest.mark.parametrize("family", ["Noto Serif SC", "Noto Sans SC", "LXGW WenKai"])
def test_interpunct_between_digits_takes_half_an_em_and_no_han_latin_gap(family):
    (line,), face = set_in(family, "2020·10")
    xs = [x for r in line.runs for x in r.xs]
    digits = sum(face.advances[ord(c)] for c in "2020") * EM / face.units_per_em
    assert xs[5] == pytest.approx(digits + 5.0)  # "1" right after the half em
    assert ink_centre(face, "·", xs[4]) == pytest.approx(digits + 2.5)


def test_interpunct_fills_a_line_as_half_an_em():
    """Six ideographs and an interpunct fill a 6.5-em line exactly: nothing is stretched."""
    lines, _ = compose("甲乙·丙丁戊己庚辛壬癸", 6.5)  # (a last line of two would be avoided)
    assert lines[0].text == "甲乙·丙丁戊己"
    xs = xs_em(lines[0])
    assert xs[:2] + xs[3:] == [0, 1, 2.5, 3.5, 4.5, 5.5]


def test_interpunct_in_a_stretched_line_takes_its_share_of_the_spacing():
    """At 7 em the same line is half an em short: six gaps of 1/12 em each, the interpunct's
    half em untouched."""
    lines, _ = compose("甲乙·丙丁戊己庚辛", 7)
    assert lines[0].text == "甲乙·丙丁戊己" and lines[0].justified
    xs = xs_em(lines[0])
    assert xs[:2] + xs[3:] == [0, round(1 + 1 / 12, 3), round(2.5 + 3 / 12, 3), round(3.5 + 4 / 12, 3),
                                round(4.5 + 5 / 12, 3), round(5.5 + 6 / 12, 3)]


def test_bullet_keeps_its_full_em():
    (line,), _ = set_in("Noto Serif SC", "甲•乙")
    assert [x for r in line.runs for x in r.xs][2] == 20.0


# --------------------------------------------------------------------------- brackets


TEXT = "（七）甲乙丙丁，戊己庚辛壬癸子丑寅卯"


def test_opening_bracket_at_paragraph_start_sits_just_after_the_indent_even_when_pushed_in():
    """The first line is pushed in (the comma may not start the next line); the room comes from
    the closing bracket and the comma, never from the opening bracket's blank in the indent."""
    lines, _ = compose(TEXT, 9, 2, linebreak="first-fit")  # (push-in first, whatever follows)
    assert lines[0].text == "（七）甲乙丙丁，" and lines[0].pushed == "in"
    assert xs_em(lines[0]) == [2.0, 3.0, 4.0, 4.5, 5.5, 6.5, 7.5, 8.5]


def test_paragraph_start_opening_half_lets_the_blank_half_into_the_indent():
    lines, _ = compose(TEXT, 9, 2, paragraph_start_opening="half")
    assert xs_em(lines[0])[:3] == [1.5, 2.5, 3.5]


def test_unpushed_paragraph_start_keeps_the_bracket_after_the_indent():
    lines, _ = compose(TEXT, 10, 2)
    assert xs_em(lines[0])[:3] == [2.0, 3.0, 4.0]


def test_line_start_opening_full_is_not_squeezed_by_a_push_in_on_later_lines():
    lines, _ = compose("子丑寅卯辰巳（七）甲乙丙，丁", 6, linebreak="first-fit")  # (total-fit spares 丁)
    assert [ln.text for ln in lines] == ["子丑寅卯辰巳", "（七）甲乙丙，", "丁"]
    assert lines[1].pushed == "in"
    assert xs_em(lines[1]) == [0.0, 1.0, 2.0, 2.5, 3.5, 4.5, 5.5]


def test_line_start_opening_half_trims_later_lines_only():
    lines, _ = compose("（七）甲乙丙丁戊己（八）庚辛", 6, 0, line_start_opening="half")
    assert [ln.text for ln in lines] == ["（七）甲乙丙", "丁戊己（八）", "庚辛"]
    assert xs_em(lines[0])[0] == 0.0  # the paragraph start follows paragraph_start_opening (full)
    lines, _ = compose("子丑寅卯辰巳（八）庚辛壬癸", 6, 0, line_start_opening="half")
    assert lines[1].text.startswith("（八）") and xs_em(lines[1])[0] == -0.5


def test_a_bad_paragraph_start_opening_is_reported_at_its_line(tmp_path):
    style = write(tmp_path / "s.yaml", "extends: magazine\ncjk:\n  paragraph_start_opening: wide\n")
    done = subprocess.run([sys.executable, "-m", "paiban", "build", str(SEED / "article.md"), "--style", str(style),
                           "-o", str(tmp_path / "out.pdf")], capture_output=True, text=True)
    assert done.returncode == 2
    assert (f"{style}:3:28: error: cjk.paragraph_start_opening: expected one of full, half, got 'wide'"
            in done.stderr)
