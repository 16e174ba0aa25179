"""`paiban compare`: the layout summary and the three-panel picture."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pymupdf
import pytest

from conftest import SEED
from paiban.preview.compare import ParagraphChange, compare
from paiban.preview.diffimage import CAPTION, MARGIN, ONLY_A, ONLY_B, diff_panel
from paiban.preview.pages import parse_pages

DPI = 30  # small panels: A4 at 30 dpi is 249 × 351 px


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    folder = tmp_path_factory.mktemp("styles")
    narrow = folder / "narrow.yaml"
    narrow.write_text("extends: magazine\npage: {column_width: 22字}\n", encoding="utf-8")
    spaced = folder / "spaced.yaml"
    spaced.write_text("extends: magazine\nheadings:\n  h2: {space_before: 2}\n", encoding="utf-8")
    return narrow, spaced


def test_a_style_compared_with_itself_shows_no_difference():
    result = compare(SEED / "article.md", "magazine", "magazine", dpi=DPI)
    assert result.layout.identical
    assert result.changed_pixels == (0,)
    assert result.summary() == [
        "A: magazine",
        "B: magazine",
        "pages: 1 (same)",
        "page 1 lines per column: 25 + 25 (same)",
        "paragraphs re-broken: 0 of 5",
        "pixels differing: none",
    ]


def test_narrower_columns_rebreak_every_body_paragraph(sheets):
    narrow, _ = sheets
    result = compare(SEED / "article.md", "magazine", narrow, dpi=DPI)
    assert result.layout.rebroken == (
        ParagraphChange(0, "body", "习近平总书记强调，只有围", 7, 8),
        ParagraphChange(2, "body", "省委政法委是省委领导和管", 33, 35),
        ParagraphChange(4, "body", "机关党建工作只有紧紧围绕", 8, 9),
    )
    summary = result.summary()
    assert summary[2:9] == [
        "pages: 1 → 2",
        "page 1 lines per column: 25 + 25 (same)",
        "page 2 lines per column: — → 4 + 0",  # a 4-line remainder is not split into 2 + 2
        "paragraphs re-broken: 3 of 5",
        "  ¶1 习近平总书记强调，只有围…  7 → 8 lines",
        "  ¶3 省委政法委是省委领导和管…  33 → 35 lines",
        "  ¶5 机关党建工作只有紧紧围绕…  8 → 9 lines",
    ]
    assert summary[9].startswith("pixels differing: ")
    assert result.changed_pixels[0] > 0
    assert result.changed_pixels[1] > 0  # page 2 exists only in B


def test_more_space_before_headings_moves_lines_without_rebreaking(sheets):
    _, spaced = sheets
    result = compare(SEED / "article.md", "magazine", spaced, dpi=DPI)
    assert result.layout.rebroken == ()
    assert result.layout.moved == (2, 4)
    assert result.layout.columns_a == ((25, 25),)
    assert result.layout.columns_b == ((24, 24), (2, 0))  # two lines stay together


def test_sheet_geometry_and_panels(sheets):
    narrow, _ = sheets
    result = compare(SEED / "article.md", "magazine", narrow, parse_pages("1"), dpi=DPI)
    pix = pymupdf.Pixmap(result.png)
    assert (pix.width, pix.height) == (4 * MARGIN + 3 * 249, CAPTION + 351 + MARGIN)
    sheet = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)
    panel = sheet[CAPTION:CAPTION + 351, MARGIN * 3 + 2 * 249:MARGIN * 3 + 3 * 249]
    red = np.all(panel == ONLY_A, axis=2).sum()
    blue = np.all(panel == ONLY_B, axis=2).sum()
    assert red > 0 and blue > 0
    assert red + blue == result.changed_pixels[0]


def test_difference_panel_colours_ink_by_the_side_that_has_it():
    white = np.full((2, 3, 3), 255, np.uint8)
    a, b = white.copy(), white.copy()
    a[0, 0] = 0  # ink only in A
    b[1, 2] = 0  # ink only in B
    a[0, 1] = b[0, 1] = 0  # ink in both: faded, not coloured
    a[1, 0], b[1, 0] = 200, 190  # below the threshold: the same
    panel, changed = diff_panel(a, b)
    assert changed == 2
    assert tuple(panel[0, 0]) == ONLY_A and tuple(panel[1, 2]) == ONLY_B
    assert tuple(panel[0, 1]) == (204, 204, 204)  # 255 − 255 × 0.2
    assert tuple(panel[0, 2]) == (255, 255, 255)


def test_compare_command(tmp_path, sheets):
    narrow, _ = sheets
    out = tmp_path / "cmp.png"
    done = subprocess.run([sys.executable, "-m", "paiban", "compare", str(SEED / "article.md"),
                           "--style", "magazine", "--style", str(narrow), "--dpi", "30", "-o", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "paragraphs re-broken: 3 of 5" in done.stdout
    assert done.stdout.splitlines()[-1] == f"wrote {out}"
    assert pymupdf.Pixmap(str(out)).width == 4 * MARGIN + 3 * 249


def test_compare_command_needs_two_styles(tmp_path):
    done = subprocess.run([sys.executable, "-m", "paiban", "compare", str(SEED / "article.md"),
                           "--style", "magazine", "-o", str(tmp_path / "x.png")], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith("error: compare needs two styles: --style A.yaml --style B.yaml")


def test_compare_refuses_an_unusable_resolution():
    from paiban.preview.errors import PreviewError

    with pytest.raises(PreviewError, match="--dpi 5: choose a resolution between 10 and 1200"):
        compare(SEED / "article.md", "magazine", "magazine", dpi=5)
