"""What the PDF writer does on the side to save time changes nothing in the file: streams
compressed on the helper thread, and Pillow loaded only when an image needs it."""

from __future__ import annotations

import os
import subprocess
import sys
import zlib

from conftest import ROOT, SEED
from paiban.api import load_article, load_style
from paiban.layout.engine import layout_article
from paiban.render import deflate, fonts, pdf
from paiban.render.pdf import render_pdf


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
