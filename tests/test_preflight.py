"""Preflight: PDFs made with ReportLab to break one rule each, and paiban's own PDFs."""

from __future__ import annotations

import re

import dataclasses
import io
import subprocess
import sys
from collections.abc import Callable

import pymupdf
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from conftest import ROOT, SEED
from paiban.errors import PreflightError
from paiban.preflight import PreflightOptions, format_report, preflight
from paiban.units import PT_PER_MM

MM = PT_PER_MM
TRIM = (210 * MM, 297 * MM)
MARGIN = 8 * MM  # bleed 3 mm plus room for marks, as paiban writes it
FONT = "PreflightSans"


@pytest.fixture(scope="module", autouse=True)
def font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(ROOT / "fonts" / "NotoSansSC-Regular.ttf")))


def text(c: Canvas, x: float, y: float, s: str, size: float = 10.5, font: str = FONT) -> None:
    """Text with its baseline at (x, y) measured in mm from the trim's top-left corner."""
    c.setFont(font, size)
    c.drawString(MARGIN + x * MM, MARGIN + TRIM[1] - y * MM, s)


def make_pdf(draw: Callable[[Canvas], None] = lambda c: None, pages: int = 1,
             trim: tuple[float, float] = TRIM, boxes: bool = True, bleed: float = 3 * MM) -> bytes:
    """A print PDF that passes every check, plus whatever `draw` adds to each page."""
    buffer = io.BytesIO()
    c = Canvas(buffer, invariant=1, initialFontName=FONT)
    for _ in range(pages):
        w, h = trim
        c.setPageSize((w + 2 * MARGIN, h + 2 * MARGIN))
        if boxes:
            c.setTrimBox((MARGIN, MARGIN, MARGIN + w, MARGIN + h))
            c.setBleedBox((MARGIN - bleed, MARGIN - bleed, MARGIN + w + bleed, MARGIN + h + bleed))
        c.setFillColorCMYK(0, 0, 0, 1)
        text(c, 20, 30, "正文：推进融合发展")
        draw(c)
        c.showPage()
        trim = TRIM
    c.save()
    return buffer.getvalue()


def check(pdf: bytes, name: str, **options):
    report = preflight(pdf, PreflightOptions(**options))
    return report, report.result(name)


def messages(result) -> list[str]:
    return [str(f) for f in result.findings]


def test_a_clean_pdf_passes_and_overset_is_skipped() -> None:
    report = preflight(make_pdf())
    assert report.passed
    assert {r.name: r.status for r in report.results} == {
        "fonts": "pass", "page boxes": "pass", "trim size": "pass", "safe zone": "pass",
        "colour": "pass", "black text": "pass", "overprint": "warn", "ink": "pass",
        "text size": "pass", "images": "pass", "overset": "skip", "PDF/X": "skip",
    }
    assert report.result("overset").summary.startswith("no frames recorded")


def test_unembedded_font_fails() -> None:
    report, result = check(make_pdf(lambda c: text(c, 20, 50, "Helvetica", font="Helvetica")),
                           "fonts")
    assert not report.passed
    assert result.status == "FAIL"
    assert result.summary == "1 of 2 fonts not embedded"
    assert messages(result) == ["p.1: font Helvetica (Type1) is not embedded"]


def test_missing_trim_box_fails() -> None:
    report, result = check(make_pdf(boxes=False), "page boxes")
    assert result.status == "FAIL"
    assert messages(result) == ["p.1: no TrimBox: the printer cannot know the finished size",
                                "p.1: no BleedBox"]


def test_trim_box_outside_the_bleed_box_fails() -> None:
    def shift(c: Canvas) -> None:
        c.setTrimBox((MARGIN + 20, MARGIN, MARGIN + TRIM[0] + 20, MARGIN + TRIM[1]))

    _, result = check(make_pdf(shift), "page boxes")
    assert result.status == "FAIL"
    assert messages(result) == ["p.1: TrimBox is not inside the BleedBox"]


def test_narrow_bleed_is_a_warning() -> None:
    report, result = check(make_pdf(bleed=1 * MM), "page boxes")
    assert report.passed
    assert result.status == "warn"
    assert messages(result) == [
        "p.1: bleed is only 1 mm: artwork running off the page would leave a white edge"]


def test_unequal_trim_sizes_fail() -> None:
    pdf = make_pdf(pages=3, trim=(148 * MM, 210 * MM))
    _, result = check(pdf, "trim size")
    assert result.status == "FAIL"
    assert messages(result) == ["pp.2–3: trim 210 × 297 mm differs from 148 × 210 mm of page 1"]


def test_text_near_the_trim_fails() -> None:
    _, result = check(make_pdf(lambda c: text(c, 1, 100, "贴边")), "safe zone")
    assert result.status == "FAIL"
    assert result.summary == "text within 3 mm of the trim edge"
    assert messages(result) == ["p.1: text '贴边' 1 mm from the left trim edge"]


def test_text_across_the_trim_fails() -> None:
    _, result = check(make_pdf(lambda c: text(c, 50, 1, "出界")), "safe zone")
    (message,) = messages(result)
    # how far depends on the glyph box the PDF reader gives (PyMuPDF 1.25: 2 mm, 1.28: 2.3 mm)
    found = re.fullmatch(r"p\.1: text '出界' ([0-9.]+) mm past the top trim edge", message)
    assert found and 1.5 <= float(found.group(1)) <= 2.6, message


def test_slug_text_outside_the_bleed_is_not_judged() -> None:
    report, result = check(make_pdf(lambda c: text(c, 20, 303, "job 42", size=6)), "safe zone")
    assert result.status == "pass"
    assert report.passed


def test_safe_margin_can_be_turned_off() -> None:
    _, result = check(make_pdf(lambda c: text(c, 1, 100, "贴边")), "safe zone", safe_margin=0)
    assert result.status == "skip"


def rgb_text(c: Canvas) -> None:
    c.setFillColorRGB(0.8, 0.1, 0.1)
    text(c, 20, 60, "红色标题")


def test_rgb_fails_a_print_pdf() -> None:
    report, result = check(make_pdf(rgb_text), "colour")
    assert result.status == "FAIL"
    assert result.summary == "RGB in a print PDF: CMYK ×1, RGB ×1"
    assert messages(result) == ["p.1: RGB colour painted (1 text)"]


def test_rgb_is_a_warning_for_screen_pdfs() -> None:
    report, result = check(make_pdf(rgb_text), "colour", allow_rgb=True)
    assert result.status == "warn"
    assert report.passed


def test_rgb_image_fails() -> None:
    def image(c: Canvas) -> None:  # a 2 × 2 RGB inline image, hex-encoded
        c.addLiteral(f"q 1 0 0 1 {MARGIN + 50} {MARGIN + 50} cm BI /W 2 /H 2 /CS /RGB /BPC 8 "
                     "/F /AHx ID ff000000ff000000ffffffff> EI Q")

    _, result = check(make_pdf(image), "colour", min_image_ppi=0)
    assert messages(result) == ["p.1: RGB colour painted (1 image)"]


def test_rgb_fill_inside_a_form_fails() -> None:
    def form(c: Canvas) -> None:
        c.beginForm("box")
        c.setFillColorRGB(0, 0, 1)
        c.rect(0, 0, 10, 10, fill=1, stroke=0)
        c.endForm()
        c.doForm("box")

    _, result = check(make_pdf(form), "colour")
    assert messages(result) == ["p.1: RGB colour painted (1 fill)"]


@pytest.mark.parametrize(("colour", "expected"), [
    (lambda c: c.setFillColorCMYK(0.6, 0.4, 0.4, 1),
     "p.1: 1 text run in rich black cmyk(60,40,40,100): small type misregisters"),
    (lambda c: c.setFillColorRGB(0, 0, 0),
     "p.1: 1 text run in RGB black #000000: separates into all four inks"),
])
def test_black_text_that_is_not_k_only_fails(colour, expected: str) -> None:
    def draw(c: Canvas) -> None:
        colour(c)
        text(c, 20, 80, "黑色正文")

    _, result = check(make_pdf(draw), "black text")
    assert result.status == "FAIL"
    assert messages(result) == [expected]


def test_registration_coloured_text_fails() -> None:
    from reportlab.lib.colors import CMYKColorSep

    def draw(c: Canvas) -> None:
        c.setFillColor(CMYKColorSep(1, 1, 1, 1, spotName="All"))
        text(c, 20, 80, "套版色")

    _, result = check(make_pdf(draw), "black text")
    assert messages(result) == ["p.1: 1 text run in registration colour, which prints on every plate"]


def test_tiny_text_fails_and_the_smallest_size_is_reported() -> None:
    _, result = check(make_pdf(lambda c: text(c, 20, 90, "脚注", size=4)), "text size")
    assert result.status == "FAIL"
    assert result.summary == "text below 5 pt (smallest 4 pt)"
    assert messages(result) == ["p.1: text '脚注' at 4 pt"]
    _, result = check(make_pdf(), "text size")
    assert result.summary == "smallest 10.5 pt (五号)"


def test_low_resolution_image_fails() -> None:
    def image(c: Canvas) -> None:  # 2 × 2 px drawn 10 mm wide: 5 ppi
        c.addLiteral(f"q {10 * MM} 0 0 {10 * MM} {MARGIN + 50} {MARGIN + 50} cm BI /W 2 /H 2 "
                     "/CS /G /BPC 8 /F /AHx ID 00ff00ff> EI Q")

    _, result = check(make_pdf(image), "images")
    assert result.status == "FAIL"
    assert messages(result) == ["p.1: image 2 × 2 px placed at 10 × 10 mm: 5 ppi"]
    _, result = check(make_pdf(image), "images", min_image_ppi=5)
    assert result.status == "pass" and result.summary == "1 image, lowest 5 ppi"


def test_text_outside_the_art_box_is_overset() -> None:
    def draw(c: Canvas) -> None:
        c.setArtBox((MARGIN + 10 * MM, MARGIN + 10 * MM, MARGIN + 200 * MM, MARGIN + 280 * MM))
        text(c, 20, 290, "溢出的文字")

    _, result = check(make_pdf(draw), "overset")
    assert result.status == "FAIL"
    assert messages(result) == ["p.1: text '溢出的文字' outside every frame"]


def test_text_outside_paiban_frames_is_overset() -> None:
    from paiban.api import load_article, load_style
    from paiban.layout.engine import layout_article
    from paiban.render.pdf import render_pdf

    document = layout_article(load_article(SEED / "article.md"), load_style("magazine"))
    page = document.pages[0]
    no_footer = dataclasses.replace(page, frames=tuple(f for f in page.frames if f.kind != "footer"))
    pdf = render_pdf(dataclasses.replace(document, pages=(no_footer,)))
    _, result = check(pdf, "overset")
    assert result.status == "FAIL"
    assert messages(result) == ["p.1: text '14' outside every frame"]
    _, result = check(render_pdf(document), "overset")
    assert result.status == "pass"
    assert result.summary == "all text inside its frames (5 on 1 page)"


def test_unreadable_and_encrypted_files_are_errors(tmp_path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_text("not a pdf")
    with pytest.raises(PreflightError, match="cannot read the PDF"):
        preflight(junk)
    doc = pymupdf.open(stream=make_pdf(), filetype="pdf")
    locked = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    with pytest.raises(PreflightError, match="the PDF is encrypted"):
        preflight(locked)


def test_table_lists_every_check_and_the_findings() -> None:
    report = preflight(make_pdf(lambda c: text(c, 1, 100, "贴边")), name="bad.pdf")
    lines = format_report(report).splitlines()
    assert lines[0] == "preflight bad.pdf (1 page)"
    assert lines[1] == "check       result  details"
    assert "safe zone   FAIL    text within 3 mm of the trim edge" in lines
    assert "                    p.1: text '贴边' 1 mm from the left trim edge" in lines
    assert "                    → keep text at least the safe margin inside the trim" in lines
    assert lines[-1] == "FAILED: 1 error, 1 warning"  # the warning: black text does not overprint


# --- the command line ------------------------------------------------------------------------------


def test_cli_fails_with_exit_status_1(tmp_path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(make_pdf(lambda c: text(c, 20, 90, "脚注", size=4)))
    failed = subprocess.run([sys.executable, "-m", "paiban", "preflight", str(bad)],
                            capture_output=True, text=True)
    assert failed.returncode == 1
    assert "text size   FAIL    text below 5 pt (smallest 4 pt)" in failed.stdout
    assert failed.stdout.splitlines()[-1] == "FAILED: 1 error, 1 warning"


def test_cli_options_and_exit_statuses(tmp_path, capsys) -> None:
    from paiban.cli import main

    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(make_pdf())
    bad.write_bytes(make_pdf(lambda c: text(c, 20, 90, "脚注", size=4)))
    assert main(["preflight", str(good)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "passed: 0 errors, 1 warning"
    assert main(["preflight", str(bad), "--min-size", "4pt"]) == 0
    assert main(["preflight", str(bad), "--min-size", "八号"]) == 1
    capsys.readouterr()
    assert main(["preflight", str(tmp_path / "none.pdf")]) == 2
    assert "error: cannot read the PDF" in capsys.readouterr().err
    assert main(["preflight", str(good), "--safe-margin", "3 furlongs"]) == 2
    assert capsys.readouterr().err.startswith("error: --safe-margin: unknown unit 'furlongs'")
