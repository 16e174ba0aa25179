"""PDF bytes → PNG images of pages, with PyMuPDF; writing them to a preview folder.

Rasterising the PDF that `build` wrote, rather than drawing the layout a second way, is what
makes a preview trustworthy: fonts, subsets, colours and the overlay all come from the file the
printer gets. MuPDF is not thread-safe, so every call into it here holds one process-wide lock;
the viewer's request threads and the watch thread can then share it.
"""

from __future__ import annotations

import os
import re
import struct
import threading
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from paiban.files import atomic_write
from paiban.preview.errors import PreviewError

#: Every use of PyMuPDF in the preview tools goes through this lock.
MUPDF_LOCK = threading.RLock()

#: Names of the page images in a preview folder: page-1.png, page-2.png, …
_PNG_NAME = re.compile(r"^page-(\d+)\.png$")

#: zlib level of preview PNGs. Level 1 compresses a page of text about as well as the default
#: level 6 (within 3 %) in less than half the time, and encoding is a large share of a rebuild.
PNG_COMPRESSION = 1


@dataclass(frozen=True, slots=True)
class PageImage:
    """One rendered page: its 0-based index in the document, resolution, size in pixels, PNG."""

    index: int
    dpi: float
    width: int
    height: int
    png: bytes

    @property
    def name(self) -> str:
        return png_name(self.index)


def png_name(index: int) -> str:
    """File name of the image of page `index` (0-based); pages are numbered from 1 on disk."""
    return f"page-{index + 1}.png"


def open_pdf(pdf: bytes):
    """A PyMuPDF document over PDF bytes; call with MUPDF_LOCK held."""
    import pymupdf

    return pymupdf.open(stream=pdf, filetype="pdf")


def pixmap(page, dpi: float, gray: bool = False):
    """A page rendered at `dpi`, opaque; MuPDF sizes it to the page's box rounded outwards."""
    import pymupdf

    colorspace = pymupdf.csGRAY if gray else pymupdf.csRGB
    scale = dpi / 72.0
    return page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), colorspace=colorspace, alpha=False)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(pix, dpi: float) -> bytes:
    """A PNG of an opaque 8-bit grey or RGB pixmap, with its resolution recorded (pHYs).

    Written here rather than by MuPDF only to choose the zlib level (`PNG_COMPRESSION`); every
    row uses filter 0 (none), which suits pages that are mostly flat white.
    """
    kinds = {1: 0, 3: 2}  # samples per pixel → PNG colour type: grey, RGB
    if pix.alpha or pix.n not in kinds:
        raise ValueError("encode_png takes opaque grey or RGB pixmaps")
    stride, samples = pix.stride, pix.samples
    rows = b"".join(b"\0" + samples[r * stride:(r + 1) * stride] for r in range(pix.height))
    per_metre = round(dpi / 0.0254)
    return b"".join((
        b"\x89PNG\r\n\x1a\n",
        _chunk(b"IHDR", struct.pack(">IIBBBBB", pix.width, pix.height, 8, kinds[pix.n], 0, 0, 0)),
        _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        _chunk(b"IDAT", zlib.compress(rows, PNG_COMPRESSION)),
        _chunk(b"IEND", b""),
    ))


def check_dpi(dpi: float) -> None:
    """Refuse resolutions that give useless or memory-eating images (an A4 page at 1200 dpi is
    already 14 000 × 10 000 pixels)."""
    if not 10 <= dpi <= 1200:
        raise PreviewError(f"--dpi {dpi:g}: choose a resolution between 10 and 1200")


def rasterize(pdf: bytes, indices: Iterable[int], dpi: float) -> list[PageImage]:
    """PNG images of the pages `indices` (0-based) of a PDF, at `dpi` pixels per inch."""
    check_dpi(dpi)
    out = []
    with MUPDF_LOCK:
        doc = open_pdf(pdf)
        try:
            for index in indices:
                pix = pixmap(doc[index], dpi)
                out.append(PageImage(index, dpi, pix.width, pix.height, encode_png(pix, dpi)))
        finally:
            doc.close()
    return out


def write_images(images: Iterable[PageImage], folder: Path, keep: Iterable[int] = ()) -> list[Path]:
    """Write page images into `folder` and remove page images of pages no longer there.

    `keep` lists indices whose files are current already (unchanged pages that were not
    re-rendered); any other ``page-N.png`` in the folder is stale, for example page 3 after an
    edit that made the article two pages long, and is removed so the folder never mixes builds.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for image in images:
            path = folder / image.name
            atomic_write(path, image.png, "the PNG")  # a viewer never picks up half a PNG
            written.append(path)
        current = {p.name for p in written} | {png_name(i) for i in keep}
        for old in folder.iterdir():
            if _PNG_NAME.match(old.name) and old.name not in current:
                old.unlink()
        return written
    except OSError as exc:
        raise PreviewError(f"cannot write the preview to {folder}: {exc.strerror}") from None
