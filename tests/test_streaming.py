"""Streamed builds: pages written as they are made give the same PDF, in bounded memory."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED
from paiban.api import build, load_article, load_style
from paiban.layout.engine import PageStream, layout_article
from paiban.render.pdf import render_pdf
from paiban.style.colors import colors_for_print

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
    laid = layout_article(load_article(article), load_style("magazine"))  # composed up front, kept whole
    streamed = build(article, "magazine", keep_pages=False)
    kept = build(article, "magazine")
    assert streamed.pdf == render_pdf(laid)
    assert kept.pdf == streamed.pdf
    assert kept.document == laid
    assert streamed.document == dataclasses.replace(laid, pages=())
    assert streamed.pages == len(laid.pages) >= 1


def test_a_streamed_print_build_writes_the_same_bytes():
    style = load_style("magazine")
    streamed = build(SEED / "article.md", style, print_ready=True, keep_pages=False)
    laid = layout_article(load_article(SEED / "article.md"), colors_for_print(style)[0])
    # a print build converts images for press and declares PDF/X after rendering
    from paiban.print_pdfx import Intent, declare_pdfx
    from paiban.render.print_colour import ImageConverter, load_output_profile

    press = load_output_profile(style.print)
    rendered = render_pdf(laid, None, style.print, images=ImageConverter(press))
    assert streamed.pdf == declare_pdfx(rendered, "x4", Intent(press.description, press.data))
    assert streamed.pages == len(laid.pages)


def test_a_lazily_composed_article_lets_go_of_placed_blocks(tmp_path: Path):
    stream = PageStream.composing(load_article(repeated(tmp_path, 6)), load_style("magazine"))
    pages = iter(stream)
    next(pages)
    next(pages)
    with pytest.raises(RuntimeError, match="let go"):
        stream._blocks[0]


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
#: Runs `paiban build` in this process and prints its peak RSS (KB on Linux) when it is done.
_PEAK = ("import resource, sys\nfrom paiban.cli import main\ncode = main(sys.argv[1:])\n"
         "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\nraise SystemExit(code)\n")


def peak_kb(folder: Path, article: Path) -> int:
    done = subprocess.run([sys.executable, "-c", _PEAK, "build", article.name, "-o", article.stem + ".pdf"],
                          cwd=folder, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


#: How much more a 4× longer article (about 400 pages against 100) may take, in KB. With pages and
#: composed lines held for the whole article it was about 72 MB (0.24 MB a page); streamed and
#: composed lazily, about 13 MB (the article's text and the finished PDF).
GROWTH_BOUND_KB = 30_000


def test_a_long_build_keeps_memory_bounded(tmp_path: Path):
    short = peak_kb(tmp_path, repeated(tmp_path, 147, "short.md"))  # about 100 pages
    long = peak_kb(tmp_path, repeated(tmp_path, 588, "long.md"))  # about 400 pages
    assert long - short < GROWTH_BOUND_KB, f"{short} KB for ~100 pages, {long} KB for ~400"


@pytest.mark.parametrize("which", ["elements", "long"])
def test_placing_with_the_fills_kept_from_counting_gives_the_same_pages(tmp_path: Path, which: str, monkeypatch):
    """A booklet counts an article's pages, then places it on a folio of either parity: placing
    with the fills the count kept lays out exactly what a fresh flow does, without a fresh flow."""
    from paiban.layout import engine
    from paiban.layout.engine import compose_article, count_pages, place_article

    article = ELEMENTS if which == "elements" else repeated(tmp_path, 6)
    style = load_style("magazine")
    composed = compose_article(load_article(article), style)
    flows: dict = {}
    pages = count_pages(composed, style, flows=flows)
    assert len(flows) == pages
    for first in (2, 3):
        fresh = place_article(composed, style, first_page=first)
        calls = []
        real = engine.set_page
        monkeypatch.setattr(engine, "set_page", lambda *a: calls.append(1) or real(*a))
        kept = place_article(composed, style, first_page=first, flows=flows)
        monkeypatch.setattr(engine, "set_page", real)
        assert kept == fresh and len(kept.pages) == pages
        assert calls == [], "every page's fill came from the count"
        assert render_pdf(kept) == render_pdf(fresh)
