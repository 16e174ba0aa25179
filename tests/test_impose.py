"""Imposition: page order (exhaustively), mark geometry, and imposed PDFs as a printer gets them."""

from __future__ import annotations

import subprocess
import sys

import pymupdf
import pytest

from paiban.errors import ImpositionError
from paiban.impose.marks import MARK_LENGTH, MARK_OFFSET, Box, crop_marks, fold_marks
from paiban.impose.order import creep_shift, nup_order, padded_count, saddle_order
from paiban.impose.sheets import ImposeOptions, impose, parse_sheet
from paiban.units import PT_PER_MM

A5 = (148 * PT_PER_MM, 210 * PT_PER_MM)


# --- page order ------------------------------------------------------------------------------


def _read_folded(sheets) -> list[int]:
    """Pages in the order a reader meets them in the folded, nested stack of sheets.

    A folded sheet shows, from the outside in: its front right cell, its back left cell, then the
    sheets inside it, then its back right cell and finally its front left cell.
    """
    if not sheets:
        return []
    outer, inner = sheets[0], sheets[1:]
    (front_left, front_right), (back_left, back_right) = outer.front.pages, outer.back.pages
    return [front_right, back_left, *_read_folded(inner), back_right, front_left]


@pytest.mark.parametrize("n", range(4, 65, 4))
def test_saddle_order_reads_in_order_once_folded(n):
    sheets = saddle_order(n)
    assert len(sheets) == n // 4
    assert _read_folded(sheets) == list(range(1, n + 1))


@pytest.mark.parametrize("n", range(4, 65))
def test_saddle_order_pairs_facing_pages(n):
    sheets = saddle_order(n)
    total = padded_count(n, 4)
    pages = [p for s in sheets for side in (s.front, s.back) for p in side.pages]
    assert sorted(pages) == list(range(1, total + 1))
    for s in sheets:
        i = s.index
        assert s.front.pages == (total - 2 * i, 2 * i + 1)
        assert s.back.pages == (2 * i + 2, total - 2 * i - 1)
        # the left cell of every side holds an even (verso) page
        assert s.front.pages[0] % 2 == 0 and s.back.pages[0] % 2 == 0


def test_saddle_order_of_eight_pages():
    sheets = saddle_order(8)
    assert [(s.front.pages, s.back.pages) for s in sheets] == [((8, 1), (2, 7)), ((6, 3), (4, 5))]


def test_padding_to_whole_sheets():
    assert [padded_count(n, 4) for n in (1, 4, 5, 7, 8, 9)] == [4, 4, 8, 8, 8, 12]
    assert saddle_order(6)[0].front.pages == (8, 1)  # page 8 is a blank
    with pytest.raises(ValueError):
        padded_count(0, 4)


def test_nup_order():
    assert [s.pages for s in nup_order(5, 2)] == [(1, 2), (3, 4), (5, 6)]
    assert [s.pages for s in nup_order(5, 4)] == [(1, 2, 3, 4), (5, 6, 7, 8)]


def test_creep_grows_by_one_caliper_per_sheet_outside():
    assert [creep_shift(i, 0.1) for i in range(3)] == [0.0, 0.1, 0.2]
    with pytest.raises(ValueError):
        creep_shift(1, -0.1)


# --- marks ------------------------------------------------------------------------------------


def test_crop_marks_stay_outside_the_trim_and_clear_of_bleed():
    trim = Box(100, 100, 300, 400)
    marks = crop_marks(trim)
    assert len(marks) == 8
    top_left = [m for m in marks if max(m.x0, m.x1) <= 100 and max(m.y0, m.y1) <= 100]
    assert len(top_left) == 2
    for m in marks:
        inside_x = trim.x0 < m.x0 < trim.x1 or trim.x0 < m.x1 < trim.x1
        inside_y = trim.y0 < m.y0 < trim.y1 or trim.y0 < m.y1 < trim.y1
        assert not (inside_x and inside_y)
        assert round(abs(m.x1 - m.x0) + abs(m.y1 - m.y0), 6) == round(MARK_LENGTH, 6)
    left_horizontal = [m for m in marks if m.y0 == m.y1 == 100 and m.x1 < 100]
    assert left_horizontal[0].x0 == pytest.approx(100 - MARK_OFFSET)


def test_no_crop_marks_on_an_uncut_spine():
    marks = crop_marks(Box(100, 100, 300, 400), frozenset({"right"}))
    assert len(marks) == 4 and all(max(m.x0, m.x1) <= 100 for m in marks)
    top, bottom = fold_marks(300, 100, 400)
    assert top.x0 == top.x1 == 300 and top.y1 == pytest.approx(100 - MARK_OFFSET)
    assert bottom.y0 == pytest.approx(400 + MARK_OFFSET)


# --- imposed PDFs -----------------------------------------------------------------------------


def _numbered_pdf(path, pages, size=A5):
    doc = pymupdf.open()
    for n in range(1, pages + 1):
        page = doc.new_page(width=size[0], height=size[1])
        page.insert_text((size[0] / 2 - 20, size[1] / 2), f"P{n}", fontsize=30)
    doc.save(path)
    return path


def _halves(page) -> tuple[str, str]:
    mid = page.rect.width / 2
    left = page.get_text("text", clip=pymupdf.Rect(0, 0, mid, page.rect.height)).split()
    right = page.get_text("text", clip=pymupdf.Rect(mid, 0, page.rect.width, page.rect.height)).split()
    return (left[0] if left else ""), (right[0] if right else "")


@pytest.mark.parametrize(
    "n, expected",
    [
        (8, [("P8", "P1"), ("P2", "P7"), ("P6", "P3"), ("P4", "P5")]),
        (12, [("P12", "P1"), ("P2", "P11"), ("P10", "P3"), ("P4", "P9"), ("P8", "P5"), ("P6", "P7")]),
        (16, [("P16", "P1"), ("P2", "P15"), ("P14", "P3"), ("P4", "P13"), ("P12", "P5"), ("P6", "P11"),
              ("P10", "P7"), ("P8", "P9")]),
    ],
)
def test_saddle_sheets_read_back_in_order(tmp_path, n, expected):
    src = _numbered_pdf(tmp_path / "in.pdf", n)
    _, result = impose(src, tmp_path / "out.pdf", ImposeOptions("saddle", parse_sheet("A4")))
    doc = pymupdf.open(tmp_path / "out.pdf")
    assert [_halves(p) for p in doc] == expected
    assert result.sides == n // 2 and result.blanks == 0 and result.scale == 1.0
    page = doc[0]
    assert (round(page.rect.width), round(page.rect.height)) == (842, 595)  # landscape A4
    assert page.get_images() == []  # placed as vector forms, nothing rasterised
    assert page.get_fonts(full=True)  # the source's font travels with its page


def test_short_document_is_padded_with_blank_pages(tmp_path):
    src = _numbered_pdf(tmp_path / "in.pdf", 6)
    _, result = impose(src, tmp_path / "out.pdf", ImposeOptions())
    doc = pymupdf.open(tmp_path / "out.pdf")
    assert result.blanks == 2
    assert [_halves(p) for p in doc] == [("", "P1"), ("P2", ""), ("P6", "P3"), ("P4", "P5")]


def _word_x(page, word):
    return next(w[0] for w in page.get_text("words") if w[4] == word)


def test_creep_moves_inner_pages_towards_the_fold(tmp_path):
    src = _numbered_pdf(tmp_path / "in.pdf", 8)
    plain = pymupdf.open(stream=impose(src, None, ImposeOptions())[0])
    crept = pymupdf.open(stream=impose(src, None, ImposeOptions(caliper=PT_PER_MM))[0])
    # the outer sheet does not move; on sheet 2 the left page moves right, the right page left
    assert _word_x(crept[0], "P8") == pytest.approx(_word_x(plain[0], "P8"), abs=0.01)
    assert _word_x(crept[2], "P6") - _word_x(plain[2], "P6") == pytest.approx(PT_PER_MM, abs=0.01)
    assert _word_x(crept[2], "P3") - _word_x(plain[2], "P3") == pytest.approx(-PT_PER_MM, abs=0.01)


def test_marks_need_room_on_the_sheet(tmp_path):
    src = _numbered_pdf(tmp_path / "in.pdf", 4)
    with pytest.raises(ImpositionError, match="crop marks need 8 mm") as error:
        impose(src, None, ImposeOptions(marks=True))
    assert "--sheet A3" in error.value.hint  # the smallest named sheet that fits (SRA4 is 1 mm short)
    doc = pymupdf.open(stream=impose(src, None, ImposeOptions(sheet=parse_sheet("A3"), marks=True))[0])
    page = doc[0]
    lines = [item for d in page.get_drawings() for item in d["items"] if item[0] == "l"]
    assert len(lines) == 10  # 4 corners × 2 crop marks + 2 fold marks
    pages = [pymupdf.Rect(page.rect.width / 2 - A5[0], (page.rect.height - A5[1]) / 2,
                          page.rect.width / 2 + A5[0], (page.rect.height + A5[1]) / 2)]
    for _, p0, p1 in lines:
        mid = (p0 + p1) / 2
        assert not pages[0].contains(mid)


def test_four_up_fills_a_portrait_sheet(tmp_path):
    src = _numbered_pdf(tmp_path / "in.pdf", 5)
    data, result = impose(src, None, ImposeOptions("4up"))
    doc = pymupdf.open(stream=data)
    assert (round(doc[0].rect.width), round(doc[0].rect.height)) == (595, 842)
    assert result.sides == 2 and result.scale == pytest.approx(0.7071, abs=1e-3)
    assert doc[0].get_text().split() == ["P1", "P2", "P3", "P4"]
    assert doc[1].get_text().split() == ["P5"]


def test_two_up_puts_consecutive_pages_side_by_side(tmp_path):
    src = _numbered_pdf(tmp_path / "in.pdf", 3)
    doc = pymupdf.open(stream=impose(src, None, ImposeOptions("2up"))[0])
    assert [_halves(p) for p in doc] == [("P1", "P2"), ("P3", "")]


def test_sheet_sizes():
    assert parse_sheet("a4") == pytest.approx((210 * PT_PER_MM, 297 * PT_PER_MM))
    assert parse_sheet("320x450") == pytest.approx((320 * PT_PER_MM, 450 * PT_PER_MM))
    with pytest.raises(ImpositionError, match="unknown sheet size 'A9'"):
        parse_sheet("A9")


def test_cli_imposes_and_reports_bad_input_without_traceback(tmp_path):
    src = _numbered_pdf(tmp_path / "in.pdf", 8)
    out = tmp_path / "sheets.pdf"
    done = subprocess.run([sys.executable, "-m", "paiban", "impose", str(src), "--sheet", "A4", "-o", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "8 pages on 4 sheet sides" in done.stdout
    assert [_halves(p) for p in pymupdf.open(out)][0] == ("P8", "P1")
    bad = subprocess.run([sys.executable, "-m", "paiban", "impose", str(tmp_path / "none.pdf")],
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert "PDF not found" in bad.stderr and "Traceback" not in bad.stderr
