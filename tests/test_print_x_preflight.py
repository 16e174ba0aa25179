"""Preflight on any PDF: rich black only for display type, black text overprint, and what to do."""

from __future__ import annotations

import io
import subprocess
import sys

from reportlab.pdfgen.canvas import Canvas

from paiban.preflight import PreflightOptions, format_report, preflight


def _pdf(draw) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 400), invariant=1)
    canvas.setTrimBox((10, 10, 390, 390))
    canvas.setBleedBox((1, 1, 399, 399))
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _headline(canvas) -> None:
    """12 pt text drawn under a 2× scale: shown at 24 pt, in rich black; and 10 pt in rich black."""
    canvas.setFillColorCMYK(0.4, 0.3, 0.3, 1)
    canvas.saveState()
    canvas.scale(2, 2)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(30, 100, "HEADLINE")
    canvas.restoreState()
    canvas.setFont("Helvetica", 10)
    canvas.drawString(60, 100, "body")


def test_rich_black_is_judged_at_the_size_text_is_shown() -> None:
    pdf = _pdf(_headline)
    both = preflight(pdf).result("black text")
    assert [str(f) for f in both.findings] == ["p.1: 2 text runs in rich black cmyk(40,30,30,100): small type misregisters"]
    only_body = preflight(pdf, PreflightOptions(rich_black_min=24)).result("black text")
    assert [str(f) for f in only_body.findings] == ["p.1: 1 text run in rich black cmyk(40,30,30,100): small type misregisters"]
    assert preflight(pdf, PreflightOptions(rich_black_min=10)).result("black text").status == "pass"


def test_rich_black_min_on_the_command_line(tmp_path) -> None:
    path = tmp_path / "in.pdf"
    path.write_bytes(_pdf(_headline))
    run = [sys.executable, "-m", "paiban", "preflight", str(path)]
    assert "black text  FAIL" in subprocess.run(run, capture_output=True, text=True).stdout
    allowed = subprocess.run(run + ["--rich-black-min", "10pt"], capture_output=True, text=True).stdout
    assert "black text  pass    black text is K only" in allowed
    bad = subprocess.run(run + ["--rich-black-min", "big"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("error: --rich-black-min: ")


def _black_text(overprint: bool):
    def draw(canvas) -> None:
        canvas.setFillColorCMYK(0, 0, 0, 1)
        if overprint:
            canvas.setFillOverprint(True)
            canvas.setOverprintMask(1)
        canvas.setFont("Helvetica", 10)
        canvas.drawString(60, 200, "black")
    return draw


def test_black_text_that_knocks_out_is_a_warning_with_what_to_do() -> None:
    report = preflight(_pdf(_black_text(False)))
    result = report.result("overprint")
    assert (result.status, [str(f) for f in result.findings]) == (
        "warn", ["p.1: 1 black text run knocks out what lies below"])
    table = format_report(report).splitlines()
    row = table.index("overprint   warn    black text does not overprint")
    assert table[row + 2] == "                    → set K-only black text to overprint (paiban build --print does)"
    assert preflight(_pdf(_black_text(True))).result("overprint").status == "pass"


def test_overprint_without_mode_1_still_knocks_out_the_other_inks() -> None:
    def draw(canvas) -> None:
        canvas.setFillColorCMYK(0, 0, 0, 1)
        canvas.setFillOverprint(True)  # OPM 0: the zero C, M, Y still paint
        canvas.setFont("Helvetica", 10)
        canvas.drawString(60, 200, "black")

    assert preflight(_pdf(draw)).result("overprint").status == "warn"
