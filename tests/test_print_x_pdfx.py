"""PDF/X from `build --print`: the output intent with its profile, version keys, XMP, boxes and
reproducible bytes, read back with PyMuPDF, pikepdf and qpdf; and preflight's PDF/X check."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys

import pikepdf
import pymupdf
import pytest
from conftest import SEED
from print_x_support import ADOBE_RGB, PRESS
from reportlab.pdfgen.canvas import Canvas

from paiban import build
from paiban.preflight import PreflightOptions, preflight


@pytest.fixture(scope="module")
def x4() -> bytes:
    return build(SEED / "article.md", "magazine", None, print_ready=True).pdf


def _style(tmp_path, text: str):
    path = tmp_path / "style.yaml"
    path.write_text("extends: magazine\n" + text, encoding="utf-8")
    return path


def test_output_intent_and_keys_read_with_pymupdf(x4) -> None:
    with pymupdf.open(stream=x4, filetype="pdf") as doc:
        catalog = doc.pdf_catalog()
        kind, intents = doc.xref_get_key(catalog, "OutputIntents")
        assert kind == "array"
        intent = int(intents.strip("[]").split()[0])
        assert doc.xref_get_key(intent, "Type") == ("name", "/OutputIntent")
        assert doc.xref_get_key(intent, "S") == ("name", "/GTS_PDFX")
        assert doc.xref_get_key(intent, "OutputConditionIdentifier") == ("string", "Artifex CMYK SWOP Profile")
        profile = int(doc.xref_get_key(intent, "DestOutputProfile")[1].split()[0])
        assert doc.xref_get_key(profile, "N") == ("int", "4")
        assert doc.xref_stream(profile) == PRESS.read_bytes()  # the profile images were converted to
        info = int(doc.xref_get_key(-1, "Info")[1].split()[0])
        assert doc.xref_get_key(info, "GTS_PDFXVersion") == ("string", "PDF/X-4")
        assert doc.xref_get_key(info, "Trapped") == ("name", "/False")
        assert doc.xref_get_key(info, "GTS_PDFXConformance")[0] == "null"
        assert doc.xref_get_key(-1, "ID")[0] == "array"
        xmp = doc.get_xml_metadata()
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
        assert "<xmp:CreateDate>2000-01-01T00:00:00Z</xmp:CreateDate>" in xmp
        assert "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>" in xmp
        for page in doc:
            assert doc.xref_get_key(page.xref, "TrimBox")[0] == "array"
            assert doc.xref_get_key(page.xref, "BleedBox")[0] == "array"


def test_output_intent_and_keys_read_with_pikepdf(x4) -> None:
    with pikepdf.open(io.BytesIO(x4)) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert intent.DestOutputProfile.N == 4
        assert intent.DestOutputProfile.read_bytes() == PRESS.read_bytes()
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4"
        assert pdf.docinfo.Trapped == "/False"
        assert str(pdf.docinfo.CreationDate) == "D:20000101000000+00'00'"
        with pdf.open_metadata() as meta:
            assert meta["{http://www.npes.org/pdfx/ns/id/}GTS_PDFXVersion"] == "PDF/X-4"
        assert all("/TrimBox" in page.obj and "/BleedBox" in page.obj for page in pdf.pages)
        assert len(pdf.trailer.ID) == 2


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed (Debian package qpdf)")
def test_qpdf_finds_no_errors(x4, tmp_path) -> None:
    path = tmp_path / "x4.pdf"
    path.write_bytes(x4)
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors found" in done.stdout


def test_preflight_reports_the_pdfx_it_checked(x4) -> None:
    assert str(preflight(x4).result("PDF/X").summary) == "PDF/X-4, output intent Artifex CMYK SWOP Profile"


def test_x1a_declares_its_conformance(tmp_path) -> None:
    result = build(SEED / "article.md", _style(tmp_path, "print: {pdfx: x1a}\n"), None, print_ready=True)
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-1:2003"
        assert str(pdf.docinfo.GTS_PDFXConformance) == "PDF/X-1a:2003"
        assert pdf.pdf_version == "1.4"
    assert result.preflight.result("PDF/X").summary == "PDF/X-1a:2003, output intent Artifex CMYK SWOP Profile"


def test_none_writes_no_output_intent(tmp_path) -> None:
    result = build(SEED / "article.md", _style(tmp_path, "print: {pdfx: none}\n"), None, print_ready=True)
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        assert "/OutputIntents" not in pdf.Root and "/GTS_PDFXVersion" not in pdf.docinfo
    assert result.preflight.result("PDF/X").status == "skip"


def test_the_same_input_gives_the_same_bytes_and_dates_follow_source_date_epoch(x4, tmp_path) -> None:
    assert build(SEED / "article.md", "magazine", None, print_ready=True).pdf == x4
    out = tmp_path / "dated.pdf"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run([sys.executable, "-m", "paiban", "build", str(SEED / "article.md"), "--print", "-o", str(out)],
                   check=True, capture_output=True, env=env)
    with pikepdf.open(out) as pdf:
        assert str(pdf.docinfo.CreationDate) == "D:20231114221320+00'00'"
        with pdf.open_metadata() as meta:
            assert meta["xmp:CreateDate"] == "2023-11-14T22:13:20Z"


def test_black_text_overprints(x4) -> None:
    with pikepdf.open(io.BytesIO(x4)) as pdf:
        graphics = pdf.pages[0].Resources.ExtGState
        states = [{key: graphics[name][key] for key in graphics[name].keys()} for name in graphics.keys()]
    assert {"/op": True} in states and {"/OPM": 1} in states
    assert preflight(x4).result("overprint").summary == "black text overprints"


def _declared(pdf: bytes, **keys: str) -> bytes:
    """`pdf` with Info keys added, as a program that claims PDF/X without meeting it would."""
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        info = int(doc.xref_get_key(-1, "Info")[1].split()[0])
        for key, value in keys.items():
            doc.xref_set_key(info, key, f"({value})")
        return doc.tobytes()


def test_a_pdf_claiming_x1a_with_transparency_and_no_intent_fails() -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.setFillColorCMYK(0, 1, 0, 0)
    canvas.setFillAlpha(0.5)
    canvas.rect(100, 100, 100, 100, fill=1)
    canvas.showPage()
    canvas.save()
    pdf = _declared(buffer.getvalue(), GTS_PDFXVersion="PDF/X-1:2003", GTS_PDFXConformance="PDF/X-1a:2003")
    result = preflight(pdf).result("PDF/X")
    assert result.status == "FAIL"
    messages = [str(f) for f in result.findings]
    assert "no GTS_PDFX output intent: the press condition is not named" in messages
    assert any(m.startswith("transparency, which PDF/X-1a forbids: object ") and "ca 0.5" in m for m in messages)


def test_a_print_build_that_asked_for_pdfx_fails_without_it() -> None:
    plain = build(SEED / "article.md", "magazine", None).pdf
    result = preflight(plain, PreflightOptions(pdfx="x4")).result("PDF/X")
    assert (result.status, result.summary) == ("FAIL", "PDF/X-4 was asked for but the PDF declares no PDF/X")


@pytest.mark.parametrize("value, message", [
    ("nope.icc", "print.output_profile: ICC profile not found: nope.icc"),
    ("rgb.icc", ("print.output_profile: rgb.icc is a profile for RGB (device class 'mntr'), not a "
                 "CMYK output profile")),
    ("text.icc", "print.output_profile: text.icc is not an ICC profile"),
])
def test_a_bad_output_profile_is_refused_where_the_style_names_it(tmp_path, value, message) -> None:
    shutil.copy(ADOBE_RGB, tmp_path / "rgb.icc")
    (tmp_path / "text.icc").write_text("not a profile\n", encoding="utf-8")
    (tmp_path / "style.yaml").write_text(f"extends: magazine\nprint:\n  output_profile: {value}\n",
                                         encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "paiban", "build", str(SEED / "article.md"), "--print",
                           "--style", "style.yaml", "-o", "out.pdf"], capture_output=True, text=True,
                          cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"style.yaml:3:19: error: {message}")
    assert not (tmp_path / "out.pdf").exists()


def test_another_cmyk_profile_named_by_the_style_is_used(tmp_path) -> None:
    shutil.copy(PRESS, tmp_path / "press.icc")
    style = _style(tmp_path, "print: {output_profile: press.icc, intent: relative}\n")
    result = build(SEED / "article.md", style, None, print_ready=True)
    assert result.preflight.passed


def test_only_black_text_overprints_coloured_text_knocks_out(tmp_path) -> None:
    from paiban.preflight.facts import read_facts

    style = _style(tmp_path, "title_block:\n  title: {color: 'cmyk(0,100,100,0)'}\n")
    pdf = build(SEED / "article.md", style, None, print_ready=True).pdf
    text = {(use.values, use.overprint) for use, _ in read_facts(pdf).pages[0].colours if use.usage == "text"}
    assert ((0.0, 1.0, 1.0, 0.0), False) in text and ((0.0, 0.0, 0.0, 1.0), True) in text
    assert ((0.0, 1.0, 1.0, 0.0), True) not in text and ((0.0, 0.0, 0.0, 1.0), False) not in text
