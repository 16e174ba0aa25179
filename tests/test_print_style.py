"""Print settings in style sheets: bleed and mark keys, CMYK presets, RGB converted for print builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from paiban.errors import Span, StyleError
from paiban.style.colors import colors_for_print, describe, rgb_to_cmyk
from paiban.style.loader import load_style
from paiban.style.model import Color
from paiban.units import PT_PER_MM


@pytest.fixture
def sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)

    def write(text: str, name: str = "s.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def error_of(path: Path) -> StyleError:
    with pytest.raises(StyleError) as info:
        load_style(path)
    return info.value


@pytest.mark.parametrize("name", ["magazine", "handout"])
def test_built_in_styles_have_3mm_bleed_and_registration_marks(name: str) -> None:
    p = load_style(name).print
    assert p.bleed == pytest.approx(3 * PT_PER_MM)
    assert p.crop_marks is True
    assert p.mark_offset == pytest.approx(3 * PT_PER_MM)  # auto: the marks start where the bleed ends
    assert p.mark_length == pytest.approx(5 * PT_PER_MM)
    assert p.mark_weight == 0.25
    assert p.mark_color == "registration"
    assert p.margin == pytest.approx(8 * PT_PER_MM)


def test_auto_offset_follows_the_bleed(sheet) -> None:
    p = load_style(sheet("print: {bleed: 5mm}\n")).print
    assert p.mark_offset == pytest.approx(5 * PT_PER_MM)
    assert p.margin == pytest.approx(10 * PT_PER_MM)


def test_without_bleed_marks_keep_3mm_from_the_trim(sheet) -> None:
    p = load_style(sheet("print: {bleed: 0}\n")).print
    assert p.bleed == 0
    assert p.mark_offset == pytest.approx(3 * PT_PER_MM)


def test_without_marks_the_margin_is_the_bleed(sheet) -> None:
    p = load_style(sheet("print: {crop_marks: false}\n")).print
    assert p.margin == pytest.approx(3 * PT_PER_MM)


def test_marks_inside_the_bleed_are_refused(sheet) -> None:
    error = error_of(sheet("print:\n  bleed: 3mm\n  mark_offset: 2mm\n"))
    assert error.message == ("print.mark_offset: 5.67pt puts the crop marks inside the 8.5pt bleed, "
                             "where they would print on the artwork")
    assert error.source == Span("s.yaml", 3, 16)
    assert error.hint == "make the offset at least print.bleed, or use auto"


def test_negative_bleed_and_zero_weight_are_refused(sheet) -> None:
    assert error_of(sheet("print: {bleed: -1mm}\n")).message == \
        "print.bleed: cannot be negative, got -2.83pt"
    assert error_of(sheet("print: {mark_weight: 0}\n")).message == \
        "print.mark_weight: must be greater than 0, got 0pt"


def test_mark_colour_is_a_choice(sheet) -> None:
    error = error_of(sheet("print: {mark_color: regstration}\n"))
    assert error.message == \
        "print.mark_color: expected one of registration, black, got 'regstration'"
    assert error.hint == "did you mean 'registration'?"


def test_header_band(sheet) -> None:
    assert load_style("magazine").header.band is None
    band = load_style(sheet("header: {band: 'cmyk(100,60,0,0)'}\n")).header.band
    assert band == Color("cmyk", (1.0, 0.6, 0.0, 0.0))
    error = error_of(sheet("header: {band: purple}\n"))
    assert error.message.startswith("header.band: expected a colour")


@pytest.mark.parametrize(("written", "values"), [
    ("红", (0.0, 1.0, 1.0, 0.0)),
    ("red", (0.0, 1.0, 1.0, 0.0)),
    ("Blue", (1.0, 1.0, 0.0, 0.0)),
    ("灰", (0.0, 0.0, 0.0, 0.5)),
    ("black", (0.0, 0.0, 0.0, 1.0)),
])
def test_cmyk_presets(sheet, written: str, values: tuple[float, ...]) -> None:
    style = load_style(sheet(f"title_block:\n  title: {{color: {written}}}\n"))
    assert style.title_block.title.color == Color("cmyk", values)


@pytest.mark.parametrize(("rgb", "cmyk"), [
    ((0, 0, 0), (0.0, 0.0, 0.0, 1.0)),
    ((255, 0, 0), (0.0, 1.0, 1.0, 0.0)),
    ((0x1A, 0x1A, 0x1A), (0.0, 0.0, 0.0, 0.9)),  # a grey is K only, never rich black
    ((255, 255, 255), (0.0, 0.0, 0.0, 0.0)),
    ((204, 102, 0), (0.0, 0.5, 1.0, 0.2)),
])
def test_rgb_to_cmyk(rgb: tuple[int, int, int], cmyk: tuple[float, ...]) -> None:
    assert rgb_to_cmyk(Color("rgb", tuple(v / 255 for v in rgb))) == Color("cmyk", cmyk)


def test_describe() -> None:
    assert describe(Color("cmyk", (0.0, 1.0, 0.655, 0.1))) == "cmyk(0,100,65.5,10)"
    assert describe(Color("rgb", (0.8, 0.0, 1.0))) == "#cc00ff"


def test_print_build_converts_rgb_and_names_every_key(sheet) -> None:
    style = load_style(sheet("body: {color: '#1a1a1a'}\nheader: {band: 'rgb(204,102,0)'}\n"))
    converted, warnings = colors_for_print(style)
    assert converted.body.color == Color("cmyk", (0.0, 0.0, 0.0, 0.9))
    assert converted.headings[2].color == Color("cmyk", (0.0, 0.0, 0.0, 0.9))  # inherited from body
    assert converted.header.band == Color("cmyk", (0.0, 0.5, 1.0, 0.2))
    assert [str(w) for w in warnings] == [
        "s.yaml: warning: body.color, strong.color, quote.color, headings.h2.color, "
        "headings.h3.color, headings.h4.color, title_block.kicker.color, title_block.title.color, "
        "title_block.subtitle.color, title_block.author.color, header.color, folio.color, "
        "booklet.cover.title.color, booklet.cover.subtitle.color, booklet.cover.organisation.color, "
        "booklet.cover.date.color, booklet.contents.heading.color, booklet.contents.entry.color, "
        "lead.color, pullquote.text.color, figure.caption.color, figure.credit.color, "
        "end_matter.affiliation.color, end_matter.editor.color, notes.text.color, ornament.text.color, "
        "table.text.color, table.caption.color, code.color: "
        "RGB colour #1a1a1a is for screen PDFs; printed as cmyk(0,0,0,90) "
        "(write a cmyk(c,m,y,k) value to choose the inks)",
        "s.yaml: warning: header.band: RGB colour #cc6600 is for screen PDFs; printed as "
        "cmyk(0,50,100,20) (write a cmyk(c,m,y,k) value to choose the inks)",
    ]


def test_cmyk_style_is_unchanged_for_print() -> None:
    style = load_style("magazine")
    converted, warnings = colors_for_print(style)
    assert converted is style
    assert warnings == ()
