"""Proof rules the engine does not produce today, on pages written by hand: overfull and tight
lines, engine hyphens, letter-spaced Latin. The proofreader reads only the layout data, so a hand-made page is as
good a witness as a laid-out one."""

from __future__ import annotations

import pytest

from paiban.api import load_style
from paiban.layout.result import Frame, GlyphRun, Line, Page
from paiban.proof.reader import Proofreader
from paiban.proof.run import style_fonts

SERIF = "NotoSerifSC-Regular"


def line(text: str, xs: list[float], k: int, *, first=False, last=False, justified=True, pushed="") -> Line:
    """Line k of a 100pt column of 10pt text at x=0."""
    y = 20.0 * (k + 1)
    return Line("body", (GlyphRun(SERIF, 10.0, text, tuple(xs), y),), 0.0, y, 100.0, 0, 0, first, last,
                justified, pushed, 10.0, 100.0)


def read(*lines: Line, source: str = "") -> list:
    page = Page(0, 1, 200.0, 300.0, tuple(lines), frames=(Frame("column", 0.0, 0.0, 100.0, 300.0, 0),))
    reader = Proofreader(style_fonts(load_style("magazine")), source)
    reader.add_page(page)
    return list(reader.finish())


def steps(n: int, step: float, start: float = 0.0) -> list[float]:
    return [start + step * i for i in range(n)]


def test_a_glyph_past_the_column_edge_is_overfull():
    found = read(line("一二三四五六七八九十", steps(10, 10.0, 0.3), 0, first=True),
                 line("一二。", steps(3, 10.0), 1, last=True, justified=False))
    [f] = [f for f in found if f.kind == "overfull_line"]
    assert (f.page, f.column, f.line, f.unit) == (1, 1, 1, "pt")
    assert f.value == pytest.approx(0.3, abs=0.001)


def test_a_pushed_in_line_end_mark_may_hang_by_its_blank_half():
    # The stop starts at 95pt and its em box ends 5pt past the edge: pushed in, it lost its blank
    # half and its ink is inside, so it is no fault; on a line that was not pushed in, it is.
    text = "一二三四五六七八九。"
    xs = steps(9, 10.0) + [95.0]
    tail = line("一二三。", steps(4, 10.0), 1, last=True, justified=False)
    pushed = read(line(text, xs, 0, first=True, pushed="in"), tail)
    assert [f for f in pushed if f.kind == "overfull_line"] == []
    plain = read(line(text, xs, 0, first=True), tail)
    assert [(f.kind, f.line, f.value) for f in plain if f.kind == "overfull_line"] == [("overfull_line", 1, 5.0)]


def test_han_characters_pressed_together_make_a_tight_line():
    found = read(line("一二三四五六七八九十", steps(10, 9.5), 0, first=True),
                 line("一二三。", steps(4, 10.0), 1, last=True, justified=False))
    [f] = [f for f in found if f.kind == "tight_line"]
    assert (f.page, f.column, f.line) == (1, 1, 1) and f.value == pytest.approx(-0.05, abs=0.001)


def test_a_hyphen_the_engine_added_is_marked_and_the_authors_is_not():
    first = Line("body", (GlyphRun(SERIF, 10.0, "an inter-", tuple(steps(9, 5.0)), 20.0),), 0.0, 20.0, 100.0, 0, 0,
                 True, False, False, "", 10.0, 100.0)
    second = Line("body", (GlyphRun(SERIF, 10.0, "national treaty", tuple(steps(15, 5.0)), 40.0),), 0.0, 40.0, 100.0,
                  0, 0, False, True, False, "", 10.0, 100.0)
    found = read(first, second, source="an international treaty")
    assert [(f.kind, f.page, f.column, f.line, f.text) for f in found if f.kind == "hyphenation"] == [
        ("hyphenation", 1, 1, 1, "an inter-")]
    assert [f for f in read(first, second, source="an inter-national treaty") if f.kind == "hyphenation"] == []


def test_a_url_spread_across_its_line_is_letter_spaced():
    text = "www.gov.cn/zhengce/"
    spread = line(text, steps(len(text), 100.0 / len(text)), 0, first=True)
    found = read(spread, line("一二三。", steps(4, 10.0), 1, last=True, justified=False))
    [f] = [f for f in found if f.kind == "letter_spaced_latin"]
    assert (f.page, f.column, f.line) == (1, 1, 1) and f.value > 0.03
    from itertools import accumulate

    from conftest import font_table

    face = font_table().metrics("Noto Serif SC")
    natural = [0.0, *accumulate(face.advance_em(ch) * 10.0 for ch in text[:-1])]
    solid = line(text, natural, 0, first=True, justified=False)
    assert [f for f in read(solid, line("一二三。", steps(4, 10.0), 1, last=True, justified=False))
            if f.kind == "letter_spaced_latin"] == []
