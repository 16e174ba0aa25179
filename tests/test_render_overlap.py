"""What the PDF writer does to save time changes nothing in the file: streams compressed on the
helper thread, number arrays written at once, and Pillow loaded only when an image needs it."""

from __future__ import annotations

import os
import subprocess
import sys
import zlib

import pytest

from conftest import ROOT, SEED
from paiban.api import load_article, load_style
from paiban.layout.engine import layout_article
from paiban.render import deflate, fonts, pdf
from paiban.render.pdf import render_pdf
from paiban.render.pdf_arrays import number_array


def test_streams_compressed_on_the_helper_thread_are_the_bytes_reportlab_writes(monkeypatch):
    laid = layout_article(load_article(SEED / "article.md"), load_style("magazine"))
    sent: list[int] = []
    real = deflate.deflate_soon

    def counting(content, deflater):
        sent.append(len(content))
        return real(content, deflater)

    monkeypatch.setattr(pdf, "deflate_soon", counting)
    monkeypatch.setattr(fonts, "deflate_soon", counting)
    threaded = render_pdf(laid)
    pages = len(laid.pages)
    assert len(sent) > pages, "font subsets went to the helper thread as well as pages"

    # ReportLab's own path: no helper thread attached, so fonts are compressed while saving
    monkeypatch.setattr(pdf, "attach_deflater", lambda doc, deflater: None)
    sent.clear()
    alone = render_pdf(laid)
    assert len(sent) == pages
    assert threaded == alone


def test_a_filter_gives_what_zlib_gives():
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        assert deflate.deflate_soon("BT 中 ET", pool).encode("ignored") == zlib.compress("BT 中 ET".encode())
        assert deflate.deflate_soon(b"\x00\x01", pool).encode(None) == zlib.compress(b"\x00\x01")


def _modules_after(article) -> set[str]:
    code = ("import sys; from paiban.api import build; "
            f"build({str(article)!r}, 'magazine'); print(' '.join(sys.modules))")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return set(out.stdout.split())


def test_pillow_is_loaded_only_for_pages_with_images():
    assert "PIL._imaging" not in _modules_after(SEED / "article.md")
    assert "PIL._imaging" in _modules_after(ROOT / "examples" / "elements" / "article.md")


def test_font_widths_written_at_once_are_the_bytes_reportlab_writes(monkeypatch):
    laid = layout_article(load_article(ROOT / "examples" / "elements" / "article.md"), load_style("magazine"))
    ours = render_pdf(laid)
    monkeypatch.setattr(fonts, "_font_objects", lambda font, doc: type(font).addObjects(font, doc))
    monkeypatch.setattr(fonts, "_fonts", {})  # fonts made again, with ReportLab's own objects
    assert render_pdf(laid) == ours


@pytest.mark.parametrize("count", [0, 1, 9, 10, 11, 20, 21, 256])
def test_number_arrays_are_written_as_reportlab_would_write_them(count):
    from reportlab.pdfbase.pdfdoc import PDFArray, format

    values = [(1000.0, 500, -0.0, 333.333333, 1e-7, 612.5, 7)[k % 7] for k in range(count)]
    assert number_array(values).encode() == format(PDFArray(values), None)


def test_writing_leaves_the_interpreters_switch_interval_alone(monkeypatch):
    import sys

    laid = layout_article(load_article(SEED / "article.md"), load_style("magazine"))
    seen = []
    real = deflate.deflate_soon

    def noting(content, deflater):
        seen.append(sys.getswitchinterval())
        return real(content, deflater)

    monkeypatch.setattr(pdf, "deflate_soon", noting)
    before = sys.getswitchinterval()
    render_pdf(laid)
    assert seen and all(v == before for v in seen)
    assert sys.getswitchinterval() == before
