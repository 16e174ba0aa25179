"""`paiban import` on the command line: Markdown out, furniture report, images, errors."""

from __future__ import annotations

import subprocess
import sys

import pymupdf

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
