"""The --show-grid overlay: what the writer draws from the layout data, and what a reader sees."""

from __future__ import annotations

import subprocess
import sys

import pymupdf
import pytest

from conftest import SEED
from paiban import build
from paiban.layout.result import Frame, GlyphRun, Line, Page
from paiban.render.overlay import FRAME_PEN, FURNITURE_PEN, GRID_PEN, LINE_PEN, line_box, overlay_ops


def tiny_page() -> Page:
    """A 100 × 200 pt page: one 40 pt column at (10, 20), two baselines, one 10 pt line."""
    run = GlyphRun("F", 10.0, "字", (10.0,), 38.8)
    line = Line("body", (run,), 10.0, 38.8, 40.0, column=0, block=0, size=10.0)
    return Page(0, 1, 100.0, 200.0, (line,), frames=(Frame("column", 10, 20, 40, 35),), grid=(38.8, 56.3))


def test_overlay_operators_of_a_tiny_page():
    assert overlay_ops(tiny_page()).splitlines() == [
        "q",
        "0.55 0.85 0.95 RG 0.25 w [] 0 d",
        "10 161.2 m 50 161.2 l",
        "10 143.7 m 50 143.7 l",
        "S",
        "0.45 0.7 1 RG 0.6 w [] 0 d",
        "10 145 40 35 re",
        "S",
        "1 0.65 0.5 RG 0.3 w [] 0 d",
        "10 160 40 10 re",  # top 38.8 - 8.8 = 30 → PDF y 200 - 30 - 10
        "S",
        "Q",
    ]


def test_line_box_is_the_em_box_over_the_measure():
    # baseline 38.8 with the ideographic em box 0.88 above and 0.12 below the baseline
    assert line_box(tiny_page().lines[0]) == (10.0, pytest.approx(30.0), 40.0, 10.0)


@pytest.fixture(scope="module")
def seed_pdfs():
    plain = build(SEED / "article.md", "magazine")
    grid = build(SEED / "article.md", "magazine", show_grid=True)
    return plain, grid


def _by_colour(drawings, pen):
    return [d for d in drawings if d["color"] and all(abs(a - b) < 0.01 for a, b in zip(d["color"], pen.rgb))]


def test_overlay_drawn_from_the_layout(seed_pdfs):
    _, grid = seed_pdfs
    page = grid.document.pages[0]
    drawings = pymupdf.open(stream=grid.pdf)[0].get_drawings()
    baselines = _by_colour(drawings, GRID_PEN)[0]["items"]
    assert len(baselines) == 40 * 2  # every grid line across both columns
    ys = sorted({round(item[1].y, 3) for item in baselines})  # PyMuPDF: y grows downwards
    assert ys == pytest.approx(sorted(page.grid), abs=1e-3)
    columns = [item[1] for item in _by_colour(drawings, FRAME_PEN)[0]["items"]]
    expected = [f for f in page.frames if f.kind == "column"]
    assert [(round(r.x0, 2), round(r.x1, 2)) for r in columns] == [
        (round(f.x, 2), round(f.x + f.width, 2)) for f in expected]
    assert len(_by_colour(drawings, FURNITURE_PEN)[0]["items"]) == 3  # title block, header, footer
    assert len(_by_colour(drawings, LINE_PEN)[0]["items"]) == len(page.lines)


def test_overlay_is_off_by_default_and_leaves_the_text_alone(seed_pdfs):
    plain, grid = seed_pdfs
    plain_page, grid_page = pymupdf.open(stream=plain.pdf)[0], pymupdf.open(stream=grid.pdf)[0]
    assert len(plain_page.get_drawings()) == 0  # an opening page: no running header, no rule
    assert plain_page.get_text() == grid_page.get_text()


def test_build_command_show_grid(tmp_path):
    out = tmp_path / "grid.pdf"
    done = subprocess.run([sys.executable, "-m", "paiban", "build", str(SEED / "article.md"), "--show-grid",
                           "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(pymupdf.open(out)[0].get_drawings()) == 4
