"""`paiban import` on the command line: Markdown out, furniture report, images, errors."""

from __future__ import annotations

import subprocess
import sys

import pymupdf
import pytest

from conftest import ROOT
from paiban import build
from paiban.importers import import_pages

DATA = ROOT / "tests" / "data"


def paiban(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "paiban", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_import_prints_the_markdown(tmp_path):
    done = paiban("import", DATA / "seed_page.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (DATA / "seed_article.md").read_text(encoding="utf-8")
    assert done.stderr == ""


def test_import_writes_the_article_and_reports_the_furniture(tmp_path):
    out = tmp_path / "article.md"
    done = paiban("import", DATA / "seed_page.txt", "-o", out, "--report")
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == (DATA / "seed_article.md").read_text(encoding="utf-8")
    lines = done.stdout.splitlines()
    assert lines[0] == f"wrote {out}"
    assert lines[1] == "dropped as page furniture (5):"
    assert lines[2].endswith("seed_page.txt:1:1: viewer line: Page 16 - 《湖北机关党建》2020年10期")
    assert lines[4].endswith("seed_page.txt:27:57: byline ornament: ■")
    assert lines[5].endswith("seed_page.txt:62:15: folio: 14")
    assert lines[-1] == "kept: 2 title line(s), 2 heading(s), 3 paragraph(s), 1119 characters of body text"


def test_errors_exit_2_with_the_file_and_no_traceback(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    done = paiban("import", empty, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == "empty.txt: error: the page file is empty"
    assert "Traceback" not in done.stderr


def test_images_on_pdf_pages_are_written_next_to_the_article_as_figures(tmp_path):
    pdf = tmp_path / "rich.pdf"
    build(DATA / "import_rich.md", "magazine", pdf)
    doc = pymupdf.open(pdf)
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 16, 12), False)
    pixmap.clear_with(180)
    doc[0].insert_image(pymupdf.Rect(320, 600, 480, 720), pixmap=pixmap)  # under the last lines
    doc.save(tmp_path / "with-image.pdf")

    result = import_pages([tmp_path / "with-image.pdf"], image_stem="article")
    last = len(result.article.blocks) - 1
    assert [(i.name, i.page, i.block) for i in result.images] == [("article-1.png", 1, last)]
    assert result.markdown.endswith("\n\n![](article-1.png)\n")

    out = tmp_path / "out" / "article.md"
    done = paiban("import", tmp_path / "with-image.pdf", "-o", out)
    assert done.returncode == 0, done.stderr
    image = out.parent / "article-1.png"
    assert pymupdf.Pixmap(str(image)).width == 16
    assert done.stdout.splitlines()[1] == f"wrote image {image} (page 1), figure without a caption"
    assert out.read_text(encoding="utf-8").endswith("\n\n![](article-1.png)\n")


# --------------------------------------------------------------------------- damaged and encrypted PDFs

DAMAGED_HINT = "it is damaged or truncated, or not a PDF at all; check that it opens in a PDF viewer"
ENCRYPTED_HINT = "save an unencrypted copy of the PDF (e.g. `qpdf --decrypt in.pdf out.pdf`) and import that"
BAD_PDFS = {
    "damaged": ["bad.pdf: error: the file cannot be read as a PDF", f"  hint: {DAMAGED_HINT}"],
    "encrypted": ["bad.pdf: error: the PDF is encrypted and needs a password", f"  hint: {ENCRYPTED_HINT}"],
    "truncated": ["bad.pdf: error: the PDF has no pages", f"  hint: {DAMAGED_HINT}"],
}


def _bad_pdf(folder, kind: str):
    """bad.pdf in `folder`: bytes that only start like a PDF, a password-protected page, or the
    first 20,000 bytes of a paiban PDF."""
    path = folder / "bad.pdf"
    if kind == "damaged":
        path.write_bytes(b"%PDF-1.4\nnot really a PDF\n")
    elif kind == "encrypted":
        doc = pymupdf.open()
        doc.new_page().insert_text((72, 72), "confidential")
        doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="user", owner_pw="owner")
    else:
        build(DATA / "seed_article.md", "magazine", folder / "whole.pdf")
        path.write_bytes((folder / "whole.pdf").read_bytes()[:20000])
    return path


@pytest.mark.parametrize("kind", list(BAD_PDFS))
def test_a_bad_pdf_given_to_import_is_named_with_its_cause(tmp_path, kind):
    _bad_pdf(tmp_path, kind)
    done = paiban("import", "bad.pdf", "-o", "article.md", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr.splitlines()) == (2, "", BAD_PDFS[kind])
    assert not (tmp_path / "article.md").exists()


@pytest.mark.parametrize("kind", ["damaged", "encrypted"])
def test_a_bad_pdf_in_a_booklet_is_named_with_the_manifest_line(tmp_path, kind):
    _bad_pdf(tmp_path, kind)
    (tmp_path / "booklet.yaml").write_text("title: 汇编\narticles:\n  - bad.pdf\n", encoding="utf-8")
    done = paiban("booklet", "booklet.yaml", cwd=tmp_path)
    first, hint = BAD_PDFS[kind]
    assert (done.returncode, done.stdout, done.stderr.splitlines()) == (
        2, "", [first, f"{hint}; listed at booklet.yaml:3:5"])
    assert not (tmp_path / "booklet.pdf").exists()


def test_debug_shows_the_traceback_with_the_readers_own_words(tmp_path):
    _bad_pdf(tmp_path, "damaged")
    done = paiban("--debug", "import", "bad.pdf", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("Traceback (most recent call last):\n")
    assert "pymupdf.FileDataError" in done.stderr  # the cause, which the plain message leaves out
    assert "paiban.errors.SourceImportError: bad.pdf: error: the file cannot be read as a PDF" in done.stderr
    assert done.stderr.splitlines()[-2:] == BAD_PDFS["damaged"]
