"""`paiban preview` and the preview session: page selections, image sizes, files, reuse."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys

import pymupdf
import pytest

from conftest import SEED
from paiban.errors import PaibanError
from paiban.preview.errors import PreviewError
from paiban.preview.pages import PageRange, parse_pages
from paiban.preview.session import PreviewOptions, PreviewSession


@pytest.mark.parametrize(("text", "ranges", "indices"), [
    (None, (), [0, 1, 2, 3]),
    ("2", (PageRange(2, 2),), [1]),
    ("1-2", (PageRange(1, 2),), [0, 1]),
    ("3-", (PageRange(3, None),), [2, 3]),
    ("-2", (PageRange(1, 2),), [0, 1]),
    (" 4, 1-2 ,2", (PageRange(4, 4), PageRange(1, 2), PageRange(2, 2)), [0, 1, 3]),
    ("2-9", (PageRange(2, 9),), [1, 2, 3]),  # a range past the end is cut there
])
def test_page_selections(text, ranges, indices):
    selection = parse_pages(text)
    assert selection.ranges == ranges
    assert selection.indices(4) == indices


@pytest.mark.parametrize(("text", "message"), [
    ("a", "cannot read 'a'"),
    ("1-2-3", "cannot read '1-2-3'"),
    ("-", "cannot read '-'"),
    ("0", "'0' is not a range of pages"),
    ("3-1", "'3-1' is not a range of pages"),
])
def test_bad_page_selections(text, message):
    with pytest.raises(PreviewError, match=message):
        parse_pages(text)


def test_selection_of_pages_that_do_not_exist():
    with pytest.raises(PreviewError) as err:
        parse_pages("5-6").indices(2)
    assert str(err.value) == ("error: --pages 5-6: the document has only 2 pages\n"
                              "  hint: choose pages between 1 and 2")


def _size(png: bytes) -> tuple[int, int]:
    pix = pymupdf.Pixmap(png)
    return pix.width, pix.height


@pytest.mark.parametrize(("style", "dpi", "size"), [
    ("magazine", 110, (910, 1287)),  # A4 595.28 × 841.89 pt × 110/72, rounded up
    ("magazine", 72, (596, 842)),
    ("handout", 110, (641, 910)),  # A5 419.53 × 595.28 pt
])
def test_preview_image_size_is_page_size_times_dpi(tmp_path, style, dpi, size):
    session = PreviewSession(SEED / "article.md", style, PreviewOptions(dpi, output=tmp_path))
    snapshot = session.rebuild()
    page = snapshot.document.pages[0]
    assert size == (math.ceil(page.width * dpi / 72), math.ceil(page.height * dpi / 72))
    for image in snapshot.images:
        assert (image.width, image.height) == size
        assert _size((tmp_path / image.name).read_bytes()) == size


def test_preview_is_a_rendering_of_the_print_pdf(tmp_path):
    session = PreviewSession(SEED / "article.md", "magazine", PreviewOptions(72, output=tmp_path))
    snapshot = session.rebuild()
    pdf_page = pymupdf.open(stream=snapshot.pdf)[0]
    expected = pdf_page.get_pixmap(matrix=pymupdf.Matrix(1, 1), alpha=False)
    preview = pymupdf.Pixmap(snapshot.images[0].png)
    assert preview.samples == expected.samples


def test_unchanged_pages_are_not_rendered_again(tmp_path):
    style = tmp_path / "s.yaml"
    style.write_text("extends: handout\n", encoding="utf-8")
    session = PreviewSession(SEED / "article.md", style, PreviewOptions(40, output=tmp_path / "out"))
    first = session.rebuild()
    assert (len(first.images), first.rendered) == (3, 3)
    again = session.rebuild()
    assert (again.version, again.rendered) == (2, 0)
    assert again.images == first.images
    style.write_text("extends: handout\nfolio: {position: center}\n", encoding="utf-8")
    moved = session.rebuild()
    assert moved.rendered == 3  # every page's folio moved
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["page-1.png", "page-2.png", "page-3.png"]


def test_stale_page_images_are_removed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("page-1.png", "page-7.png", "notes.png"):
        (out / name).write_bytes(b"old")
    PreviewSession(SEED / "article.md", "magazine", PreviewOptions(30, output=out)).rebuild()
    assert sorted(p.name for p in out.iterdir()) == ["notes.png", "page-1.png"]
    assert (out / "page-1.png").read_bytes().startswith(b"\x89PNG")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "paiban", *args], capture_output=True, text=True)


def test_preview_command(tmp_path):
    done = run_cli("preview", str(SEED / "article.md"), "--style", "handout", "--pages", "2-3", "--dpi", "50",
                   "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page-2.png", "page-3.png"]
    assert _size((tmp_path / "page-2.png").read_bytes()) == (292, 414)  # A5 × 50/72, rounded up
    assert done.stdout.splitlines()[0].endswith("page-2.png (292×414 px)")


def test_preview_command_reports_bad_input_without_traceback(tmp_path):
    article = tmp_path / "a.md"
    shutil.copy(SEED / "article.md", article)
    done = run_cli("preview", str(article), "--pages", "2", "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stderr == "error: --pages 2: the document has only 1 page\n  hint: choose pages between 1 and 1\n"
    assert not (tmp_path / "out").exists()
    style = tmp_path / "bad.yaml"
    style.write_text("extends: magazine\nbody:\n  sise: 12pt\n", encoding="utf-8")
    done = run_cli("preview", str(article), "--style", str(style), "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "bad.yaml:3:3: error: unknown style key 'body.sise'" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("dpi", "gray"), [(110, False), (300, True)])
def test_png_encoding_is_lossless_and_records_the_resolution(dpi, gray):
    from paiban import build
    from paiban.preview.raster import encode_png, pixmap

    doc = pymupdf.open(stream=build(SEED / "article.md", "handout").pdf)
    pix = pixmap(doc[2], dpi, gray=gray)
    decoded = pymupdf.Pixmap(encode_png(pix, dpi))
    assert (decoded.width, decoded.height, decoded.n) == (pix.width, pix.height, pix.n)
    assert decoded.samples == pix.samples
    assert (decoded.xres, decoded.yres) == (dpi, dpi)


def test_edited_sheets_are_parsed_again_even_within_one_clock_tick(tmp_path):
    from paiban.api import load_style

    sheet = tmp_path / "s.yaml"
    sheet.write_text("extends: magazine\nquote:\nbody: {size: 五号}\n", encoding="utf-8")
    assert load_style(sheet).body.size == 10.5
    assert load_style(sheet).body.size == 10.5  # from the parsed-sheet cache
    sheet.write_text("extends: magazine\nquote:\nbody: {size: 小四}\n", encoding="utf-8")  # same length
    assert load_style(sheet).body.size == 12.0
    sheet.write_text("extends: magazine\nquote:\nbody: {sise: 小四}\n", encoding="utf-8")
    with pytest.raises(PaibanError, match="unknown style key 'body.sise'"):
        load_style(sheet)
    with pytest.raises(PaibanError, match="unknown style key 'body.sise'"):
        load_style(sheet)  # a cached broken sheet is still refused
