"""Drawing imposed sheets with PyMuPDF: each source page is placed as a form XObject, so text
stays vector text with its embedded fonts (nothing is rasterised).

Pages are placed from their trim box, so a print PDF with bleed is imposed at its finished size.
A saddle-stitched booklet puts two pages side by side, meeting at the fold in the middle of the
sheet; n-up handouts put pages in a grid of equal cells, each page centred in its cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from paiban.errors import Diagnostic, ImpositionError, Span, display_path
from paiban.files import atomic_write, check_output
from paiban.impose.marks import MARK_ROOM, MARK_WIDTH, Box, Segment, crop_marks, fold_marks
from paiban.impose.order import Side, creep_shift, nup_order, saddle_order
from paiban.pdf_limits import check_limits, mupdf_errors
from paiban.units import PAPER_SIZES_MM, PT_PER_MM, format_pt

#: Press sheets with room for marks around A4/A3 pages (ISO 217), besides the trim sizes.
PRESS_SHEETS_MM = {"SRA4": (225.0, 320.0), "SRA3": (320.0, 450.0)}
#: Layout name → (columns, rows) of the cells on a sheet side.
LAYOUTS: dict[str, tuple[int, int]] = {"saddle": (2, 1), "2up": (2, 1), "4up": (2, 2)}
#: Marks are printed on every separation, so they register on all plates.
REGISTRATION = (1.0, 1.0, 1.0, 1.0)


@dataclass(frozen=True, slots=True)
class ImposeOptions:
    """What to impose how. Lengths in points."""

    layout: str = "saddle"  # saddle | 2up | 4up
    sheet: tuple[float, float] = (210 * PT_PER_MM, 297 * PT_PER_MM)  # either orientation
    caliper: float = 0.0  # paper thickness, for creep compensation (saddle only)
    marks: bool = False  # crop marks per page (and fold marks for saddle)


@dataclass(frozen=True, slots=True)
class ImposeResult:
    """What an imposition made."""

    output: Path | None
    pages: int  # pages of the source
    blanks: int  # blank pages added to fill the last sheet
    sides: int  # pages of the imposed PDF (sheet sides)
    scale: float  # 1.0 when pages are placed at their size
    max_shift: float  # largest creep shift, pt
    warnings: tuple[Diagnostic, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class _Geometry:
    """The sheet side and where the cells of its pages are."""

    width: float
    height: float
    cells: tuple[Box, ...]  # trimmed page boxes on the sheet, in reading order
    scale: float
    fold: float | None  # x of the fold for saddle stitching


def parse_sheet(text: str) -> tuple[float, float]:
    """A sheet size from a name (A4, SRA3, 16开…) or WIDTHxHEIGHT in mm (320x450)."""
    name = text.strip()
    sizes = {**PAPER_SIZES_MM, **PRESS_SHEETS_MM}
    size = sizes.get(name) or sizes.get(name.upper())
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*(?:mm)?", name, re.IGNORECASE)
    if size is None and match:
        size = (float(match.group(1)), float(match.group(2)))
    if size is None or min(size) <= 0:
        raise ImpositionError(f"unknown sheet size '{text}'", None,
                              f"use {', '.join(sizes)} or WIDTHxHEIGHT in mm, such as 320x450")
    return size[0] * PT_PER_MM, size[1] * PT_PER_MM


def impose(source: str | Path, output: str | Path | None, options: ImposeOptions,
           progress: Callable[[int, int], None] | None = None) -> tuple[bytes, ImposeResult]:
    """Impose the pages of `source` on sheets; returns the PDF bytes and a summary.

    `progress` is called with (pages placed, pages in all) as each sheet side is drawn."""
    import pymupdf

    if options.layout not in LAYOUTS:
        raise ImpositionError(f"unknown layout '{options.layout}'", None,
                              f"layouts: {', '.join(LAYOUTS)}")
    if output is not None:
        check_output(output)  # a device, FIFO or folder is said before the work
    src = _open(Path(source))
    trims = _trims(src, source)
    width, height = trims[0].width, trims[0].height
    warnings = _size_warnings(trims, source)
    geometry = _geometry(options, width, height)
    if options.layout == "saddle":
        sides, shifts = _saddle_sides(len(src), options.caliper)
    else:
        sides = nup_order(len(src), len(geometry.cells))
        shifts = [0.0] * len(sides)
    if options.layout == "saddle" and geometry.scale < 1 - 1e-6:
        warnings.append(Diagnostic(f"pages reduced to {geometry.scale:.0%} to fit the sheet",
                                   Span(display_path(source))))
    out = pymupdf.open()
    placed = 0
    try:
        for side, shift in zip(sides, shifts):
            page = out.new_page(width=geometry.width, height=geometry.height)
            _draw_side(page, src, side, geometry, shift)
            if options.marks:
                _draw_marks(page, geometry)
            placed += sum(1 for number in side.pages if number <= src.page_count)
            if progress is not None:
                progress(placed, src.page_count)
    except mupdf_errors() as exc:  # MuPDF reports broken objects while copying pages
        raise ImpositionError(f"the PDF is damaged: {exc}", Span(display_path(source)),
                              "export it again from the program that made it") from None
    out.set_metadata({"title": src.metadata.get("title") or "", "creator": "paiban impose",
                      "producer": "paiban (PyMuPDF)"})
    data = _save(out)
    if output is not None:
        atomic_write(Path(output), data)
    padded = sum(len(s.pages) for s in sides)
    result = ImposeResult(Path(output) if output else None, len(src), padded - len(src), len(sides),
                          geometry.scale, max(shifts, default=0.0), tuple(warnings))
    return data, result


def _save(doc) -> bytes:
    """The PDF's bytes, the same on every run for the same input and options.

    PyMuPDF gives a new PDF a random trailer /ID on every save; a print shop (and PDF/X) wants an
    ID, and reproducible builds want the same bytes, so the ID is derived from the content: the
    file is saved once without an ID and the digest of those bytes becomes both of its parts
    (the PDF reference names MD5 of the content as the usual choice).
    """
    import hashlib

    options = {"garbage": 3, "deflate": True, "no_new_id": True}
    digest = hashlib.md5(doc.tobytes(**options), usedforsecurity=False).hexdigest().upper()
    doc.xref_set_key(-1, "ID", f"[<{digest}><{digest}>]")
    return doc.tobytes(**options)


def _open(path: Path):
    import pymupdf

    shown = display_path(path)
    if not path.is_file():
        raise ImpositionError(f"PDF not found: {shown}", Span(shown))
    try:
        doc = pymupdf.open(path)
    except Exception as exc:  # PyMuPDF raises its own types for damaged files
        raise ImpositionError(f"cannot open the PDF: {exc}", Span(shown)) from None
    try:
        if not doc.is_pdf:
            raise ImpositionError("not a PDF with pages", Span(shown))
        if doc.needs_pass and not doc.authenticate(""):
            raise ImpositionError("the PDF is encrypted and needs a password", Span(shown),
                                  "save an unencrypted copy (e.g. `qpdf --decrypt in.pdf out.pdf`) and impose that")
        check_limits(doc, shown, ImpositionError)
        if doc.page_count == 0:
            raise ImpositionError("not a PDF with pages", Span(shown))
    except ImpositionError:
        doc.close()
        raise
    return doc


def _trims(src, source: str | Path) -> list:
    """Each page's trim box (its media box when it has none)."""
    try:
        return [page.trimbox for page in src]
    except mupdf_errors() as exc:  # a page MuPDF cannot load
        raise ImpositionError(f"the PDF is damaged: {exc}", Span(display_path(source)),
                              "export it again from the program that made it") from None


def _size_warnings(trims: list, source: str | Path) -> list[Diagnostic]:
    first = trims[0]
    for number, trim in enumerate(trims, 1):
        if abs(trim.width - first.width) > 0.5 or abs(trim.height - first.height) > 0.5:
            return [Diagnostic(f"page {number} is {format_pt(trim.width)} × {format_pt(trim.height)}, "
                               f"page 1 {format_pt(first.width)} × {format_pt(first.height)}; "
                               "pages are fitted into cells sized for page 1",
                               Span(display_path(source)))]
    return []


def _saddle_sides(pages: int, caliper: float) -> tuple[list[Side], list[float]]:
    sides, shifts = [], []
    for sheet in saddle_order(pages):
        shift = creep_shift(sheet.index, caliper)
        sides += [sheet.front, sheet.back]
        shifts += [shift, shift]
    return sides, shifts


def _geometry(options: ImposeOptions, width: float, height: float) -> _Geometry:
    """The better of the two sheet orientations: the one that places pages largest."""
    short, long_ = sorted(options.sheet)
    candidates = [_fit(options, sw, sh, width, height) for sw, sh in ((long_, short), (short, long_))]
    if options.layout == "4up":
        candidates.reverse()  # on a tie, a portrait sheet for four pages, landscape for two
    best = max(candidates, key=lambda g: g.scale)
    if options.marks and options.layout == "saddle" and best.scale < 1 - 1e-6:
        need = (2 * width + 2 * MARK_ROOM, height + 2 * MARK_ROOM)
        raise ImpositionError(
            f"crop marks need {MARK_ROOM / PT_PER_MM:.0f} mm around the pages: two "
            f"{width / PT_PER_MM:.0f}×{height / PT_PER_MM:.0f} mm pages with marks need a sheet of at "
            f"least {need[0] / PT_PER_MM:.0f}×{need[1] / PT_PER_MM:.0f} mm", None,
            f"use a larger sheet{_sheet_that_fits(need)}, or leave out --marks")
    return best


def _sheet_that_fits(need: tuple[float, float]) -> str:
    """' (--sheet NAME)' for the smallest named sheet holding `need` in either orientation."""
    fits = [(w * h, name) for name, (w, h) in {**PAPER_SIZES_MM, **PRESS_SHEETS_MM}.items()
            if max(w, h) * PT_PER_MM >= max(need) and min(w, h) * PT_PER_MM >= min(need)]
    return f" (--sheet {min(fits)[1]})" if fits else ""


def _fit(options: ImposeOptions, sheet_w: float, sheet_h: float, width: float, height: float) -> _Geometry:
    cols, rows = LAYOUTS[options.layout]
    room = MARK_ROOM if options.marks else 0.0
    if options.layout == "saddle":
        scale = min(1.0, (sheet_w / 2 - room) / width, (sheet_h - 2 * room) / height)
        w, h = width * scale, height * scale
        fold = sheet_w / 2
        y0 = (sheet_h - h) / 2
        cells = (Box(fold - w, y0, fold, y0 + h), Box(fold, y0, fold + w, y0 + h))
        return _Geometry(sheet_w, sheet_h, cells, max(scale, 0.0), fold)
    cell_w, cell_h = sheet_w / cols, sheet_h / rows
    scale = min(1.0, (cell_w - 2 * room) / width, (cell_h - 2 * room) / height)
    w, h = width * scale, height * scale
    cells = tuple(
        Box(c * cell_w + (cell_w - w) / 2, r * cell_h + (cell_h - h) / 2,
            c * cell_w + (cell_w + w) / 2, r * cell_h + (cell_h + h) / 2)
        for r in range(rows) for c in range(cols)
    )
    return _Geometry(sheet_w, sheet_h, cells, max(scale, 0.0), None)


def _draw_side(page, src, side: Side, geometry: _Geometry, shift: float) -> None:
    """Place the pages of one side; `shift` moves saddle pages towards the fold (creep)."""
    import pymupdf

    for k, (number, cell) in enumerate(zip(side.pages, geometry.cells)):
        if number > src.page_count:
            continue  # padding: a blank page
        trim = src[number - 1].trimbox
        clip = pymupdf.Rect(trim)
        target = pymupdf.Rect(cell.x0, cell.y0, cell.x1, cell.y1)
        if geometry.fold is not None and shift > 0:
            cut = shift / geometry.scale  # the part of the page pushed past the fold is not shown
            if k == 0:  # left page: content moves right, its spine side is cut
                clip.x1 -= cut
                target.x0 += shift
            else:
                clip.x0 += cut
                target.x1 -= shift
        page.show_pdf_page(target, src, number - 1, keep_proportion=False, clip=clip)


def _draw_marks(page, geometry: _Geometry) -> None:
    """Crop marks per page; a saddle pair is not cut at the fold, which gets dashed fold marks."""
    crops: list[Segment] = []
    folds: list[Segment] = []
    if geometry.fold is not None:
        left, right = geometry.cells
        crops += crop_marks(left, frozenset({"right"})) + crop_marks(right, frozenset({"left"}))
        folds += fold_marks(geometry.fold, left.y0, left.y1)
    else:
        for cell in geometry.cells:
            crops += crop_marks(cell)
    for s in crops:
        page.draw_line((s.x0, s.y0), (s.x1, s.y1), color=REGISTRATION, width=MARK_WIDTH)
    for s in folds:
        page.draw_line((s.x0, s.y0), (s.x1, s.y1), color=REGISTRATION, width=MARK_WIDTH,
                       dashes="[2 1] 0")


