"""Streamed builds: pages written as they are made give the same PDF, in bounded memory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED
from paiban.api import build, load_article, load_style
from paiban.layout.engine import layout_article
from paiban.render.pdf import render_pdf

ELEMENTS = ROOT / "examples" / "elements" / "article.md"


def repeated(folder: Path, copies: int, name: str = "long.md") -> Path:
    """The seed article with its body repeated: headings on many pages, one title."""
    text = (SEED / "article.md").read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    path = folder / name
    path.write_text(head + "\n---\n" + "\n".join([body] * copies), encoding="utf-8")
    return path


def whole(article: Path, show_grid: bool = False) -> bytes:
    """The PDF of the layout made whole first, then written."""
    return render_pdf(layout_article(load_article(article), load_style("magazine")), show_grid=show_grid)


@pytest.mark.parametrize("which", ["seed", "elements", "long"])
def test_a_streamed_build_writes_the_same_bytes(tmp_path: Path, which: str):
    article = {"seed": SEED / "article.md", "elements": ELEMENTS}.get(which) or repeated(tmp_path, 12)
    streamed = build(article, "magazine", keep_pages=False)
    kept = build(article, "magazine")
    assert streamed.pdf == whole(article)
    assert kept.pdf == streamed.pdf
    assert streamed.document.pages == ()
    assert streamed.pages == len(kept.document.pages) >= 1
    assert streamed.warnings == kept.warnings
    assert streamed.document.outline == kept.document.outline
    assert streamed.document.fonts == kept.document.fonts


def test_a_streamed_build_with_the_grid_writes_the_same_bytes():
    article = ELEMENTS
    assert build(article, "magazine", show_grid=True, keep_pages=False).pdf == whole(article, show_grid=True)


def test_paiban_build_writes_the_streamed_pdf(tmp_path: Path):
    article = repeated(tmp_path, 6)
    done = subprocess.run([sys.executable, "-m", "paiban", "build", article.name, "-o", "out.pdf"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.pdf").read_bytes() == whole(article)
    pages = build(article, "magazine").document.pages
    assert done.stdout == f"wrote out.pdf ({len(pages)} pages)\n"
