"""An independent reader: Ghostscript renders every print PDF without a warning, and the ink it
measures on each image agrees with preflight's total ink within 2 %.

Ghostscript's `ink_cov` device is used for the comparison rather than `inkcov`: `inkcov` counts
the share of pixels that carry any of an ink, `ink_cov` how much ink they carry, which is what a
total area coverage adds up. The PDF is cropped to each image (a CropBox) so that the average
Ghostscript reports is the image's own; the images are of one colour, so average and maximum agree.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest
from conftest import ROOT
from PIL import Image
from print_x_support import article, smooth_rgb

from paiban import build
from paiban.preflight.facts import read_facts

pytestmark = pytest.mark.skipif(shutil.which("gs") is None,
                                reason="Ghostscript is not installed (Debian package ghostscript)")

EXAMPLES = ["examples/seed/article.md", *sorted(
    p.relative_to(ROOT).as_posix() for p in (ROOT / "examples" / "booklet" / "articles").glob("*.md")),
    "examples/elements/article.md"]


def _gs(pdf: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFSTOPONERROR",
                           "-dPDFSTOPONWARNING", *options, "-o", "-", str(pdf)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def solid(tmp_path_factory) -> tuple[Path, bytes]:
    """A print build of four one-colour images: RGB colour, near-black, grey, and CMYK as given."""
    folder = tmp_path_factory.mktemp("solid")
    images = {
        "blue.png": Image.new("RGB", (1200, 600), (40, 90, 160)),
        "dark.jpg": Image.new("RGB", (1200, 600), (20, 10, 5)),
        "grey.png": Image.new("L", (1200, 600), 128),
        "cmyk.tif": Image.new("CMYK", (1200, 600), (200, 100, 50, 25)),
    }
    source = article(folder, images)
    result = build(source, "magazine", folder / "solid.pdf", print_ready=True)
    return folder / "solid.pdf", result.pdf


@pytest.mark.parametrize("style", ["magazine", "handout"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_print_pdf_renders_without_warnings(example, style, tmp_path) -> None:
    out = tmp_path / "out.pdf"
    build(ROOT / example, style, out, print_ready=True, keep_pages=False)
    done = _gs(out, "-sDEVICE=inkcov", "-r36")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert all(line.endswith("CMYK OK") for line in done.stdout.splitlines()), done.stdout


def test_a_pdf_with_converted_images_renders_without_warnings(solid, tmp_path) -> None:
    path, _ = solid
    done = _gs(path, "-sDEVICE=inkcov", "-r36")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    photo = tmp_path / "photo.pdf"
    build(article(tmp_path / "a", {"field.png": smooth_rgb()}), "magazine", photo, print_ready=True)
    done = _gs(photo, "-sDEVICE=inkcov", "-r36")
    assert done.returncode == 0 and done.stderr == "", done.stderr


def test_ghostscript_ink_agrees_with_preflight_on_every_image(solid, tmp_path) -> None:
    path, pdf = solid
    facts = read_facts(pdf)
    measured = []
    for page in facts.pages:
        for image in page.images:
            x0, y0, x1, y1 = image.bbox
            cropped = tmp_path / f"p{page.number}-{image.number}.pdf"
            with pymupdf.open(path) as doc:  # a copy cropped 2 pt inside the image
                doc[page.number - 1].set_cropbox(pymupdf.Rect(x0 + 2, y0 + 2, x1 - 2, y1 - 2))
                doc.save(cropped)
            done = _gs(cropped, "-sDEVICE=ink_cov", "-dUseCropBox", "-r72")
            assert done.returncode == 0 and done.stderr == "", done.stderr
            c, m, y, k = (float(v) for v in done.stdout.split()[:4])  # percent of each ink
            measured.append((round(image.ink), round(c + m + y + k, 1)))
            assert abs(c + m + y + k - image.ink) <= 2, (image.label, image.ink, (c, m, y, k))
    assert len(measured) == 4
    # the CMYK image is taken as given: 200+100+50+25 of 255 = 147 %, by both readers
    assert (147, 147.1) in measured, measured
