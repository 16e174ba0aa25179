"""Spaces that keep their neighbours on one line: inside a code or a name (GB 1234, GB/T
1234-2008, ISO 9001, No. 5, Fig. 3) and U+00A0, U+202F. The space is still set; it is only no
longer a place to break. 1 em = 10 pt."""

from __future__ import annotations

import pytest

from conftest import compose
from paiban.compose.latin import keeps_together

CODES = "标准（GB 1234）规定，依据GB/T 1234-2008和ISO 9001执行，见No. 5文件与Fig. 3所示。"
# 8 to 20 em in half ems: every break position comes up. (In a narrower column "GB/T 1234-2008",
# 7.2 em, cannot stand on one line: it is then broken at its space with a warning.)
WIDTHS = [w / 2 for w in range(16, 41)]


def breaks(lines) -> list[tuple[str, str]]:
    """(end of a line, start of the next) for every break."""
    return [(a.text, b.text) for a, b in zip(lines, lines[1:])]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("mode", ["total-fit", "first-fit"])
def test_a_code_is_never_split_at_its_space(width, mode):
    lines, _ = compose(CODES, width, linebreak=mode)
    assert "".join(ln.text for ln in lines).replace(" ", "") == CODES.replace(" ", "")
    for end, start in breaks(lines):
        assert not (end.endswith(("GB", "GB/T", "ISO", "No.", "Fig.")) and start[:1].isdigit()), (end, start)


@pytest.mark.parametrize(("mode", "control"), [("total-fit", ["甲乙丙丁戊己庚Gb", "1234辛壬癸子丑", "寅卯"]),
                                               ("first-fit", ["甲乙丙丁戊己庚Gb", "1234辛壬癸子丑寅", "卯"])])
def test_a_code_moves_to_the_next_line_whole_where_a_plain_space_would_break(mode, control):
    # the control: "Gb" is no all-caps prefix, so the space before its number is a break point
    lines, _ = compose("甲乙丙丁戊己庚 Gb 1234 辛壬癸子丑寅卯", 9, linebreak=mode)
    assert [ln.text for ln in lines] == control
    lines, diag = compose("甲乙丙丁戊己庚 GB 1234 辛壬癸子丑寅卯", 9, linebreak=mode)
    assert [ln.text for ln in lines] == ["甲乙丙丁戊己庚", "GB 1234辛壬癸子", "丑寅卯"]
    assert lines[0].justified and list(diag) == []


def test_a_code_wider_than_the_column_is_broken_at_its_space_with_a_warning():
    lines, diag = compose(CODES, 6)
    assert [ln.text for ln in lines][3:5] == ["GB/T", "1234-2008和"]
    assert lines[3].pushed == "forced"
    assert "no allowed line break near 'GB/T1234-2008': a prohibited mark starts or ends a line" in [
        d.message for d in diag]


def test_the_space_in_a_code_is_still_set():
    (line,), _ = compose("见GB 1234。", 20, align="left")
    assert line.text == "见GB 1234。"
    run = line.runs[0]
    gap = run.xs[run.text.index("1")] - run.xs[run.text.index(" ")]
    assert gap > 2.0  # a word space, not squeezed away


@pytest.mark.parametrize("space", ["\u00a0", "\u202f"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("mode", ["total-fit", "first-fit"])
def test_no_break_spaces_never_break(space, width, mode):
    text = f"甲乙丙丁戊己 Mr{space}Smith 与 10{space}km 和 100{space}000 元，庚辛壬癸。"
    lines, _ = compose(text, width, linebreak=mode)
    for end, start in breaks(lines):
        assert not (end.endswith(("Mr", "10", "100")) and start[:1] in "Sk0"), (end, start)


@pytest.mark.parametrize(("left", "right", "kept"), [
    ("GB", "1234", True), ("GB/T", "1234-2008", True), ("ISO", "9001", True), ("ISO/IEC", "27001", True),
    ("No.", "5", True), ("Fig.", "3", True), ("p.", "12", True), ("pp.", "3-5", True),
    ("Gb", "1234", False), ("GB", "T", False), ("word", "12", False), ("the", "2020s", False),
])
def test_which_spaces_keep_a_code_together(left, right, kept):
    assert keeps_together(left, right) is kept
