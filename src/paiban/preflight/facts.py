"""What preflight needs to know about a PDF, read once with PyMuPDF into plain values.

The checks are pure functions of these facts, so each can be tested on facts made by hand as well
as on real files. Rectangles are in PyMuPDF page coordinates (points, origin at the top-left of the
visible page, y down), the same space PyMuPDF reports text and images in; page boxes are converted
into it from PDF user space.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from paiban.errors import PreflightError, Span, display_path
from paiban.pdf_limits import check_limits, mupdf_errors
from paiban.preflight.colour_scan import ColourUse, scan_page
from paiban.preflight.image_ink import image_ink
from paiban.preflight.pdf_syntax import parse_object
from paiban.preflight.pdfx_facts import PdfxFacts, read_pdfx
from paiban.render.frame_record import FRAMES_PATH
from paiban.units import PT_PER_MM as _PT_PER_MM

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 with y0 the top edge

_INVISIBLE_TEXT = {3, 7}  # text render modes that put no ink on paper (OCR layers, clipping)


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A run of visible text of one font and size; `chars` holds each inked character with its box
    (spaces are in `text` only)."""

    text: str
    size: float
    chars: tuple[tuple[str, Rect], ...]


@dataclass(frozen=True, slots=True)
class FontInfo:
    name: str
    kind: str  # Type0, TrueType, Type1, Type3…
    embedded: bool


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """An image as placed: its pixels, and the size it is drawn at in points."""

    pixels: tuple[int, int]
    placed: tuple[float, float]
    bbox: Rect
    ink: float | None = None  # highest total ink of its pixels, percent (CMYK and grey only)
    number: int = 0  # 1-based, in drawing order on its page

    @property
    def label(self) -> str:
        """How a finding names the image: its number on the page, size, and where it sits."""
        x0, y0 = self.bbox[0] / _PT_PER_MM, self.bbox[1] / _PT_PER_MM
        return (f"image {self.number} ({self.pixels[0]} × {self.pixels[1]} px, top-left at "
                f"{x0:.0f}, {y0:.0f} mm)")

    @property
    def ppi(self) -> float:
        """Effective resolution at the placed size: the lower of the two directions."""
        w, h = self.placed
        return min(self.pixels[0] * 72 / w if w else math.inf, self.pixels[1] * 72 / h if h else math.inf)


@dataclass(frozen=True, slots=True)
class PageFacts:
    """One page. A box is None when the page dictionary lacks it."""

    number: int  # 1-based
    media: Rect
    trim: Rect | None
    bleed: Rect | None
    art: Rect | None = None
    text: tuple[TextSpan, ...] = ()
    fonts: tuple[FontInfo, ...] = ()
    images: tuple[ImageInfo, ...] = ()
    colours: tuple[tuple[ColourUse, int], ...] = ()
    frames: tuple[Rect, ...] | None = None  # recorded by paiban; None: the PDF records none
    malformed: tuple[str, ...] = ()  # names of boxes present but unreadable

    @property
    def finished(self) -> Rect:
        """The finished page: the TrimBox, or the MediaBox when there is none."""
        return self.trim or self.media


@dataclass(frozen=True, slots=True)
class PdfFacts:
    name: str
    pages: tuple[PageFacts, ...] = field(default_factory=tuple)
    pdfx: PdfxFacts = field(default_factory=PdfxFacts)


def read_facts(source: str | Path | bytes, name: str | None = None) -> PdfFacts:
    """Open a PDF (a path or its bytes) and read every page's facts."""
    shown = name or ("PDF" if isinstance(source, bytes) else display_path(source))
    try:
        doc = pymupdf.open(stream=source, filetype="pdf") if isinstance(source, bytes) \
            else pymupdf.open(source, filetype="pdf")
    except (pymupdf.FileDataError, pymupdf.FileNotFoundError, RuntimeError, ValueError) as exc:
        raise PreflightError(f"cannot read the PDF: {exc}", Span(shown),
                             "give the path of a PDF file") from None
    with doc:
        if doc.needs_pass:
            raise PreflightError("the PDF is encrypted", Span(shown),
                                 "print PDFs must not be encrypted; save an unprotected copy")
        check_limits(doc, shown, PreflightError)
        try:
            inks: dict[int, float | None] = {}
            pages = tuple(_page_facts(doc, page, inks) for page in doc)
            return PdfFacts(shown, pages, read_pdfx(doc))
        except mupdf_errors() as exc:  # MuPDF reports broken objects while reading pages
            raise PreflightError(f"the PDF is damaged: {exc}", Span(shown),
                                 "export it again from the program that made it") from None


def _page_facts(doc: pymupdf.Document, page: pymupdf.Page, inks: dict[int, float | None]) -> PageFacts:
    malformed: list[str] = []
    boxes = {key: _box(doc, page, key, malformed) for key in ("TrimBox", "BleedBox", "ArtBox")}
    return PageFacts(
        number=page.number + 1,
        media=_to_page(page, page.mediabox),
        trim=boxes["TrimBox"],
        bleed=boxes["BleedBox"],
        art=boxes["ArtBox"],
        text=_text(page),
        fonts=tuple(_fonts(doc, page)),
        images=tuple(_images(doc, page, inks)),
        colours=tuple(sorted(Counter(scan_page(doc, page)).items(), key=lambda kv: repr(kv[0]))),
        frames=_frames(doc, page),
        malformed=tuple(malformed),
    )


def _to_page(page: pymupdf.Page, pdf_rect) -> Rect:
    """A rectangle in PDF user space as page coordinates."""
    r = pymupdf.Rect(pdf_rect) * page.transformation_matrix
    return (r.x0, r.y0, r.x1, r.y1)


def _numbers(value: object) -> list[float] | None:
    if isinstance(value, list) and len(value) == 4 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        x0, y0, x1, y1 = (float(v) for v in value)
        return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]
    return None


def _box(doc: pymupdf.Document, page: pymupdf.Page, key: str, malformed: list[str]) -> Rect | None:
    kind, value = doc.xref_get_key(page.xref, key)
    if kind == "null":
        return None
    numbers = _numbers(parse_object(value))
    if numbers is None:
        malformed.append(key)
        return None
    return _to_page(page, numbers)


def _frames(doc: pymupdf.Document, page: pymupdf.Page) -> tuple[Rect, ...] | None:
    kind, value = doc.xref_get_key(page.xref, FRAMES_PATH)
    if kind != "array":
        return None
    rects = parse_object(value)
    if not isinstance(rects, list):
        return None
    return tuple(_to_page(page, n) for n in (_numbers(r) for r in rects) if n is not None)


def _text(page: pymupdf.Page) -> tuple[TextSpan, ...]:
    spans = []
    for span in page.get_texttrace():
        if span.get("type") in _INVISIBLE_TEXT or span.get("opacity", 1.0) == 0:
            continue
        all_chars = [(chr(c[0]) if c[0] >= 0 else "\ufffd", tuple(c[3])) for c in span["chars"]]
        inked = tuple((c, box) for c, box in all_chars if not c.isspace())
        if inked:
            text = "".join(c for c, _ in all_chars).strip()
            spans.append(TextSpan(text, float(span["size"]), inked))
    return tuple(spans)


def _fonts(doc: pymupdf.Document, page: pymupdf.Page) -> list[FontInfo]:
    out = []
    for _xref, ext, kind, basefont, *_ in doc.get_page_fonts(page.number, full=True):
        out.append(FontInfo(basefont or "(unnamed)", kind, ext != "n/a" or kind == "Type3"))
    return out


def _box_key(rect) -> tuple[float, ...]:
    return tuple(round(float(v), 1) for v in rect)


def _image_xrefs(page: pymupdf.Page) -> dict[tuple[float, ...], int]:
    """Image objects by where they are placed (their bounding box).

    Asking `get_image_info` for xrefs makes MuPDF decode and hash every image (a quarter of a
    second for three photographs); the page's image list with each image's box is cheap.
    """
    out: dict[tuple[float, ...], int] = {}
    for item in page.get_images(full=True):
        try:
            rect = page.get_image_bbox(item)
        except (RuntimeError, ValueError):
            continue
        if rect.is_valid and not rect.is_infinite:
            out.setdefault(_box_key(rect), item[0])
    return out


def _images(doc: pymupdf.Document, page: pymupdf.Page, inks: dict[int, float | None]) -> list[ImageInfo]:
    """Images as placed; the ink of each image object is measured once (`inks`, by xref)."""
    infos = page.get_image_info()
    xrefs = _image_xrefs(page) if infos else {}
    out = []
    for number, info in enumerate(infos, 1):
        a, b, c, d, _, _ = info["transform"]
        xref = xrefs.get(_box_key(info["bbox"]), 0)
        if xref and xref not in inks:
            inks[xref] = image_ink(doc, xref)
        out.append(ImageInfo((int(info["width"]), int(info["height"])),
                             (math.hypot(a, b), math.hypot(c, d)), tuple(info["bbox"]),
                             inks.get(xref) if xref else None, number))
    return out
