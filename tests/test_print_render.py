"""Print builds: sheet geometry, boxes, crop marks, bleed-running bands and colour operators in the PDF."""

from __future__ import annotations

import dataclasses
import re

import pymupdf
import pytest

from conftest import SEED
from paiban import build
from paiban.api import load_article, load_style
from paiban.layout.engine import layout_article
from paiban.layout.result import Fill
from paiban.render.print_geometry import bled_fill, crop_marks, print_sheet
from paiban.style.model import Color, PrintOptions
from paiban.units import PT_PER_MM

MM = PT_PER_MM
A4 = (210 * MM, 297 * MM)
BLUE = Color("cmyk", (1.0, 0.6, 0.0, 0.0))


def approx_mm(values, expected_mm):
    return [round(v / MM, 3) for v in values] == pytest.approx(list(expected_mm), abs=1e-3)


# --- geometry ----------------------------------------------------------------------------------


def test_trimmed_sheet_is_the_page() -> None:
    sheet = print_sheet(*A4, None)
    assert (sheet.media_width, sheet.media_height) == A4
    assert sheet.trim == sheet.bleed == (0.0, 0.0, *A4)
    assert sheet.marks == () and (sheet.dx, sheet.dy) == (0.0, 0.0)


def test_print_sheet_grows_by_bleed_and_marks() -> None:
    sheet = print_sheet(*A4, PrintOptions())  # 3 mm bleed, marks from 3 mm to 8 mm
    assert approx_mm((sheet.media_width, sheet.media_height), (226, 313))
    assert approx_mm((sheet.dx, sheet.dy), (8, 8))
    assert approx_mm(sheet.trim, (8, 8, 218, 305))
    assert approx_mm(sheet.bleed, (5, 5, 221, 308))
    assert len(sheet.marks) == 8


def test_without_marks_the_sheet_is_trim_plus_bleed() -> None:
    sheet = print_sheet(*A4, PrintOptions(crop_marks=False))
    assert approx_mm((sheet.media_width, sheet.media_height), (216, 303))
    assert sheet.marks == ()
    assert sheet.bleed == (0.0, 0.0, sheet.media_width, sheet.media_height)


def test_crop_marks_continue_the_trim_edges_beyond_the_offset() -> None:
    assert crop_marks((10.0, 20.0, 110.0, 220.0), 3.0, 5.0) == (
        (7.0, 20.0, 2.0, 20.0), (10.0, 17.0, 10.0, 12.0),  # lower left
        (113.0, 20.0, 118.0, 20.0), (110.0, 17.0, 110.0, 12.0),  # lower right
        (7.0, 220.0, 2.0, 220.0), (10.0, 223.0, 10.0, 228.0),  # upper left
        (113.0, 220.0, 118.0, 220.0), (110.0, 223.0, 110.0, 228.0),  # upper right
    )


def test_fills_grow_only_past_the_edges_they_run_off() -> None:
    band = Fill(0.0, 0.0, 100.0, 40.0, BLUE, ("top", "left", "right"))
    assert bled_fill(band, 8.5) == (-8.5, -8.5, 117.0, 48.5)
    assert bled_fill(Fill(5.0, 5.0, 10.0, 10.0, BLUE), 8.5) == (5.0, 5.0, 10.0, 10.0)
    assert bled_fill(Fill(0.0, 60.0, 10.0, 40.0, BLUE, ("bottom",)), 3.0) == (0.0, 60.0, 10.0, 43.0)


# --- the seed article as a print build ----------------------------------------------------------


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    out = tmp_path_factory.mktemp("print") / "seed-print.pdf"
    result = build(SEED / "article.md", "magazine", out, print_ready=True)
    return result, pymupdf.open(out)


def pdf_box(doc, page, key):
    kind, value = doc.xref_get_key(page.xref, key)
    assert kind == "array", key
    return [float(v) for v in value.strip("[]").split()]


def test_boxes_have_the_right_sizes(printed) -> None:
    _, doc = printed
    page = doc[0]
    assert approx_mm(pdf_box(doc, page, "MediaBox"), (0, 0, 226, 313))
    assert approx_mm(pdf_box(doc, page, "TrimBox"), (8, 8, 218, 305))
    assert approx_mm(pdf_box(doc, page, "BleedBox"), (5, 5, 221, 308))


def test_crop_marks_lie_outside_the_bleed_in_line_with_the_trim(printed) -> None:
    _, doc = printed
    page = doc[0]
    eps = 0.01  # the file holds five decimals
    bleed = pymupdf.Rect(5 * MM + eps, 5 * MM + eps, 221 * MM - eps, 308 * MM - eps)  # y down
    trim_x, trim_y = {round(8 * MM, 2), round(218 * MM, 2)}, {round(8 * MM, 2), round(305 * MM, 2)}
    marks = [item for d in page.get_drawings() if d["type"] == "s" and d["width"] == 0.25
             for item in d["items"]]
    assert len(marks) == 8
    for _, p, q in marks:
        length = abs(p - q)
        assert length == pytest.approx(5 * MM, abs=0.01)
        for point in (p, q):  # no part of a mark inside the bleed
            outside = not (bleed.x0 < point.x < bleed.x1 and bleed.y0 < point.y < bleed.y1)
            assert outside, (p, q)
        on_edge = (round(p.x, 2) in trim_x and p.x == q.x) or (round(p.y, 2) in trim_y and p.y == q.y)
        assert on_edge, (p, q)


def test_marks_are_in_registration_colour(printed) -> None:
    _, doc = printed
    page = doc[0]
    assert doc.xref_get_key(page.xref, "Resources/ColorSpace/All")[0] == "xref"
    space = doc.xref_object(int(doc.xref_get_key(page.xref, "Resources/ColorSpace/All")[1].split()[0]))
    assert space.split()[:3] == ["[", "/Separation", "/All"]
    assert "/All CS 1 SCN" in page.read_contents().decode("latin-1")


def test_content_stream_is_cmyk_only_and_text_is_k_only(printed) -> None:
    _, doc = printed
    stream = doc[0].read_contents().decode("latin-1")
    assert not re.search(r"\b(rg|RG)\b", stream)
    for xref in range(1, doc.xref_length()):
        assert "/DeviceRGB" not in doc.xref_object(xref)
    texts = re.findall(r"BT\n(.*?)\nET", stream, re.S)
    assert len(texts) > 50
    for text in texts:
        assert re.findall(r"[\d. ]+ (?:k|K|g|G|sc|scn)\b", text) == ["0 0 0 1 k"]


def test_layout_coordinates_stay_trim_relative(printed) -> None:
    result, doc = printed
    line = next(ln for ln in result.document.pages[0].lines if ln.role == "body")
    chars = [c for b in doc[0].get_text("rawdict")["blocks"] for ln in b.get("lines", [])
             for s in ln["spans"] for c in s["chars"]]
    first = next(c for c in chars if c["c"] == line.text[0]
                 and abs(c["origin"][1] - (line.y + 8 * MM)) < 0.01)
    assert first["origin"][0] == pytest.approx(line.runs[0].xs[0] + 8 * MM, abs=0.002)


def test_fonts_embedded_and_preflight_passes(printed) -> None:
    result, doc = printed
    assert all(f[1] == "ttf" for f in doc[0].get_fonts())
    assert result.preflight is not None and result.preflight.passed
    assert {r.status for r in result.preflight.results} == {"pass"}


def test_normal_build_keeps_the_trimmed_page(tmp_path) -> None:
    out = tmp_path / "seed.pdf"
    build(SEED / "article.md", "magazine", out)
    doc = pymupdf.open(out)
    page = doc[0]
    media = pdf_box(doc, page, "MediaBox")
    assert media == pdf_box(doc, page, "TrimBox") == pdf_box(doc, page, "BleedBox")
    assert approx_mm(media, (0, 0, 210, 297))
    assert doc.xref_get_key(page.xref, "Resources/ColorSpace")[0] == "null"  # no marks


def test_handout_print_build(tmp_path) -> None:
    out = tmp_path / "handout.pdf"
    build(SEED / "article.md", "handout", out, print_ready=True)
    doc = pymupdf.open(out)
    assert len(doc) > 1
    for page in doc:
        assert approx_mm(pdf_box(doc, page, "TrimBox"), (8, 8, 156, 218))
        assert approx_mm(pdf_box(doc, page, "MediaBox"), (0, 0, 164, 226))


# --- a band that runs into the bleed -------------------------------------------------------------


@pytest.fixture(scope="module")
def banded():
    style = load_style("magazine")
    header = dataclasses.replace(style.header, band=BLUE, first_page=True,  # (the seed page opens its article)
                                 style=dataclasses.replace(style.header.style, color=Color("cmyk", (0, 0, 0, 0))))
    style = dataclasses.replace(style, header=header)
    return style, layout_article(load_article(SEED / "article.md"), style)


def test_header_band_is_laid_out_to_the_trim(banded) -> None:
    style, document = banded
    (band,) = document.pages[0].fills
    assert band == Fill(0.0, 0.0, style.page.width, 24 * MM - 14 + 4, BLUE, ("top", "left", "right"))


def test_header_band_runs_into_the_bleed_only_in_print(banded) -> None:
    from paiban.render.pdf import render_pdf

    style, document = banded
    band = document.pages[0].fills[0]
    for options, grow in ((None, 0.0), (style.print, 3 * MM)):
        page = pymupdf.open(stream=render_pdf(document, None, options), filetype="pdf")[0]
        fill = next(d for d in page.get_drawings() if d["type"] == "f")
        offset = style.print.margin if options else 0.0
        assert fill["rect"].x0 == pytest.approx(offset - grow, abs=0.01)
        assert fill["rect"].y0 == pytest.approx(offset - grow, abs=0.01)
        assert fill["rect"].x1 == pytest.approx(offset + style.page.width + grow, abs=0.01)
        assert fill["rect"].y1 == pytest.approx(offset + band.height, abs=0.01)


def test_no_band_on_a_first_page_without_header() -> None:
    style = load_style("magazine")
    header = dataclasses.replace(style.header, band=BLUE, first_page=False)
    document = layout_article(load_article(SEED / "article.md"), dataclasses.replace(style, header=header))
    assert document.pages[0].fills == ()


def test_frames_are_recorded_in_pdf_space_on_the_sheet() -> None:
    from paiban.layout.result import Frame, Page
    from paiban.render.frame_record import frame_rects

    page = Page(0, 1, 100.0, 200.0, (), frames=(Frame("column", 10.0, 20.0, 30.0, 40.0),))
    assert frame_rects(page, print_sheet(100.0, 200.0, None)) == [(10.0, 140.0, 40.0, 180.0)]
    sheet = print_sheet(100.0, 200.0, PrintOptions(bleed=3.0, mark_offset=3.0, mark_length=5.0))
    assert frame_rects(page, sheet) == [(18.0, 148.0, 48.0, 188.0)]


@pytest.mark.parametrize("count", [1, 5, 10, 11, 21, 25])
def test_frame_lists_are_written_as_reportlab_would_write_them(count):
    from reportlab.pdfbase.pdfdoc import PDFArray, format

    from paiban.render.frame_record import _array_text

    rects = [(k + 0.5, -k * 2.25, 100.125 + k, 1e-9 + k / 3) for k in range(count)]
    expected = format(PDFArray([PDFArray(list(r)) for r in rects]), None)
    assert _array_text(rects).encode() == expected
