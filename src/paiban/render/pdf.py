"""Writing a LayoutDocument as PDF with ReportLab.

The writer draws exactly what the layout decided: each glyph run becomes one text object holding a
single TJ array whose adjustments put every glyph at its computed x. No layout decision is made
here. Fonts are embedded as TrueType subsets; colours are written as given (CMYK for print, so
body text is K-only black). Output is deterministic: ReportLab's invariant mode drops timestamps
and random IDs, so the same layout gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from paiban.build_result import PageProgress
from paiban.files import atomic_write
from paiban.layout.result import Fill, GlyphRun, LayoutDocument, OutlineEntry, Page, Rule
from paiban.model.article import Article
from paiban.render.deflate import attach_deflater, deflate_soon, deflating
from paiban.render.fonts import apply_substitutions, ttfont
from paiban.render.frame_record import record_frames
from paiban.render.print_geometry import PrintSheet, bled_fill, print_sheet
from paiban.render.print_marks import draw_crop_marks
from paiban.style.model import Color, PrintOptions

if TYPE_CHECKING:  # images and the grid overlay are drawn by modules loaded when a page has them
    from paiban.render.images import ImageSource

_FORMATTED: dict[float, str] = {}


def _fmt(v: float) -> str:
    """A number as PDF operators take it: three decimals at most, no trailing zeros.

    Memoised: baselines and column edges repeat on every page, so most lookups are hits; the
    memo is emptied when it grows large, so a long document cannot fill memory with it.
    """
    s = _FORMATTED.get(v)
    if s is None:
        s = f"{v:.3f}".rstrip("0").rstrip(".")
        if s in ("-0", ""):
            s = "0"
        if len(_FORMATTED) > 4096:
            _FORMATTED.clear()
        _FORMATTED[v] = s
    return s


@lru_cache(maxsize=64)
def _color_op(color: Color, stroke: bool) -> str:
    """The operator setting a fill or stroke colour (a book uses a handful: memoised)."""
    vals = " ".join(_fmt(v) for v in color.values)
    if color.space == "cmyk":
        return f"{vals} {'K' if stroke else 'k'}"
    return f"{vals} {'RG' if stroke else 'rg'}"


_HEX = [f"<{i:02X}>" for i in range(256)]


class _Coded:
    """What the writer knows about one font in one document: each character's subset, its code
    there as a hex string, and its declared advance (1/1000 em), plus the subsets' PDF names.

    ReportLab gives a character its code the first time a run brings it; after that a dictionary
    lookup is all a glyph costs, which matters as this runs once for every character drawn.
    """

    __slots__ = ("font", "doc", "glyphs", "names")

    def __init__(self, font, doc) -> None:
        self.font = font
        self.doc = doc
        self.glyphs: dict[str, tuple[int, str, float]] = {}
        self.names: dict[int, str] = {}

    def code(self, ch: str) -> tuple[int, str, float]:
        """Assign `ch` a code (ReportLab's order: first come, first coded) and remember it."""
        ((subset, data),) = self.font.splitString(ch, self.doc)
        face = self.font.face
        width = face.charWidths.get(ord(ch), face.defaultWidth)
        coded = self.glyphs[ch] = (subset, _HEX[data[0]], width)
        return coded

    def name(self, subset: int) -> str:
        name = self.names.get(subset)
        if name is None:
            name = self.names[subset] = self.font.getSubsetInternalName(subset, self.doc)
        return name


def _coded(font, doc) -> _Coded:
    table = doc.__dict__.setdefault("_paiban_coded", {})
    coded = table.get(font.fontName)
    if coded is None:
        coded = table[font.fontName] = _Coded(font, doc)
    return coded


def _run_ops(run: GlyphRun, font, doc, page_height: float) -> str:
    """PDF operators drawing one glyph run: BT, one Tf + TJ per font subset, ET.

    Each glyph's TJ adjustment (thousandths of an em) is its declared advance minus the distance
    to the next glyph's x, so every glyph lands where the layout put it.
    """
    table = _coded(font, doc)
    glyphs = table.glyphs
    text = run.text
    coded = [glyphs.get(ch) or table.code(ch) for ch in text]
    xs = run.xs
    scale = 1000.0 / (run.size * run.scale)
    ops = ["BT", _color_op(run.color, False), f"{_fmt(run.scale)} 0 0 1 {_fmt(xs[0])} {_fmt(page_height - run.y)} Tm"]
    size = _fmt(run.size)
    current = coded[0][0]
    parts: list[str] = []
    x = xs[0]
    for (subset, hexed, width), x_next in zip(coded, xs[1:]):
        if subset != current:
            ops.append(f"{table.name(current)} {size} Tf")
            ops.append("[" + "".join(parts) + "] TJ")
            parts = []
            current = subset
        a = width - (x_next - x) * scale
        parts.append(hexed if -0.01 < a < 0.01 else f"{hexed}{a:.2f}")
        x = x_next
    subset, hexed, _ = coded[-1]
    if subset != current:
        ops.append(f"{table.name(current)} {size} Tf")
        ops.append("[" + "".join(parts) + "] TJ")
        parts = []
        current = subset
    parts.append(hexed)
    ops.append(f"{table.name(current)} {size} Tf")
    ops.append("[" + "".join(parts) + "] TJ")
    ops.append("ET")
    return "\n".join(ops)


def _rule_ops(rule: Rule, page_height: float) -> str:
    return (
        f"q {_color_op(rule.color, True)} {_fmt(rule.width)} w "
        f"{_fmt(rule.x0)} {_fmt(page_height - rule.y0)} m {_fmt(rule.x1)} {_fmt(page_height - rule.y1)} l S Q"
    )


_KAPPA = 0.5523
"""Control-point distance of a quarter circle drawn as one Bézier curve, per unit radius."""


def _dot_ops(dots, page_height: float) -> str:
    """Filled circles, each four Bézier quarters, in one graphics state per colour."""
    ops = ["q"]
    color = None
    for dot in dots:
        if dot.color != color:
            color = dot.color
            ops.append(_color_op(color, False))
        x, y, r = dot.x, page_height - dot.y, dot.radius
        k = r * _KAPPA
        ops.append(
            f"{_fmt(x + r)} {_fmt(y)} m "
            f"{_fmt(x + r)} {_fmt(y + k)} {_fmt(x + k)} {_fmt(y + r)} {_fmt(x)} {_fmt(y + r)} c "
            f"{_fmt(x - k)} {_fmt(y + r)} {_fmt(x - r)} {_fmt(y + k)} {_fmt(x - r)} {_fmt(y)} c "
            f"{_fmt(x - r)} {_fmt(y - k)} {_fmt(x - k)} {_fmt(y - r)} {_fmt(x)} {_fmt(y - r)} c "
            f"{_fmt(x + k)} {_fmt(y - r)} {_fmt(x + r)} {_fmt(y - k)} {_fmt(x + r)} {_fmt(y)} c f")
    ops.append("Q")
    return "\n".join(ops)


def _fill_ops(fill: Fill, page_height: float, bleed: float) -> str:
    x, y, w, h = bled_fill(fill, bleed)
    return f"q {_color_op(fill.color, False)} {_fmt(x)} {_fmt(page_height - y - h)} {_fmt(w)} {_fmt(h)} re f Q"


class _FontSource(Protocol):
    """Where the writer finds a font's file and glyph substitutions, the first time it draws it."""

    def font_files(self) -> Mapping[str, str]: ...

    def substitutions(self) -> Mapping[str, dict[int, int]]: ...


def _draw_page(canv, page: Page, source: _FontSource, bleed: float = 0.0,
               images: ImageSource | None = None, overprint_black: bool = False) -> None:
    doc = canv._doc
    for fill in page.fills:
        canv.addLiteral(_fill_ops(fill, page.height, bleed))
    if page.images:
        from paiban.render.images import draw_image

        for image in page.images:
            draw_image(canv, image, page.height, images)
    for rule in page.rules:
        canv.addLiteral(_rule_ops(rule, page.height))
    fonts = doc.__dict__.setdefault("_paiban_fonts", {})
    overprinting = False
    for line in page.lines:
        for run in line.runs:
            if not run.text:
                continue
            font = fonts.get(run.font)
            if font is None:
                font = fonts[run.font] = ttfont(run.font, source.font_files()[run.font],
                                                source.substitutions().get(run.font, {}))
            if overprint_black and _is_k_black(run.color) != overprinting:
                overprinting = not overprinting
                _overprint(canv, overprinting)
            canv.addLiteral(_run_ops(run, font, doc, page.height))
    if page.dots:
        canv.addLiteral(_dot_ops(page.dots, page.height))


def _is_k_black(color: Color) -> bool:
    return color.space == "cmyk" and tuple(color.values) == (0.0, 0.0, 0.0, 1.0)


def _overprint(canv, on: bool) -> None:
    """Turn fill overprint on (with overprint mode 1) for K-only black text, off for other text.

    Black text then prints on top of what lies under it instead of knocking it out, so a plate
    that registers a hair off shows no white halo around the letters. White or coloured text
    must still knock out: with overprint mode 1 its zero inks would leave the inks below showing.
    Text is drawn last on a page (after fills, images and rules), and a page starts with
    overprint off, so switching only where the colour changes is enough.
    """
    canv.setFillOverprint(on)
    if on:
        canv.setOverprintMask(1)  # written once a page: ReportLab writes a state only when it changes


@dataclass(frozen=True, eq=False)
class _Options:
    """How the pages are written: print geometry (bleed, marks) and the proof overlay."""

    print_options: PrintOptions | None = None
    show_grid: bool = False
    images: ImageSource | None = None  # a print build's image conversion to the press's CMYK


def _write_page(canv, page: Page, source: _FontSource, sheet: PrintSheet,
                options: _Options, bookmarks: list[tuple[int, OutlineEntry]], deflater: Executor) -> None:
    """One PDF page: boxes, the page content shifted onto the sheet, crop marks, bookmarks."""
    canv.setPageSize((sheet.media_width, sheet.media_height))
    canv.setTrimBox(sheet.trim)
    canv.setBleedBox(sheet.bleed)
    moved = bool(sheet.dx or sheet.dy)
    if moved:  # layout coordinates stay trim-relative; the whole page moves onto the sheet
        canv.addLiteral(f"q 1 0 0 1 {sheet.dx:.5f} {sheet.dy:.5f} cm")
    if options.show_grid:
        from paiban.render.overlay import overlay_ops

        canv.addLiteral(overlay_ops(page))
    _draw_page(canv, page, source, sheet.bleed_width, options.images, options.print_options is not None)
    if moved:
        canv.addLiteral("Q")
    draw_crop_marks(canv, sheet, options.print_options)
    if options.print_options is None:  # a link to click is for the screen; print gets none
        for link in page.links:
            rect = (sheet.dx + link.x0, sheet.dy + page.height - link.y1,
                    sheet.dx + link.x1, sheet.dy + page.height - link.y0)
            canv.linkURL(link.url, rect, relative=0, thickness=0)
    for n, (level, entry) in enumerate(bookmarks):
        key = f"p{page.index}-{n}"
        top = sheet.dy + page.height - entry.y + entry_top_margin(entry)
        canv.bookmarkPage(key, fit="XYZ", top=top)
        canv.addOutlineEntry(entry.title, key, level=level)
    canv.showPage()
    record_frames(canv, page, sheet)
    compress_now(canv._doc.Pages.pages[-1], deflater)


def compress_now(pdf_page, deflater: Executor) -> None:
    """Start compressing a finished page's content stream now rather than when the document is
    saved.

    ReportLab keeps each page's content stream as text until the document is saved, so a long
    document would hold all its uncompressed pages at once (about 40 KB a page); compressed when
    the page is finished, it keeps a tenth of that, and the work overlaps drawing the next page.
    """
    from reportlab import rl_config
    from reportlab.pdfbase.pdfdoc import PDFStream

    stream = getattr(pdf_page, "stream", None)
    if not stream or pdf_page.Contents or not pdf_page.compression or rl_config.useA85:
        return  # ReportLab's own path: nothing to draw, set already, or not Flate alone
    # the content is never read again: the filter gives the compressed bytes
    contents = PDFStream(content=b"", filters=[deflate_soon(stream, deflater)])
    contents.__Comment__ = "page stream"
    pdf_page.Contents = contents
    pdf_page.stream = None


@dataclass(frozen=True, eq=False)
class _Info:
    """The document information dictionary's entries."""

    title: str
    author: str
    subject: str


class _Nesting:
    """Outline levels, one entry at a time: PDF outlines nest one level at a time, so a ### straight
    after the title hangs one below it."""

    def __init__(self) -> None:
        self._depth = -1

    def place(self, entries: Iterable[OutlineEntry]) -> list[tuple[int, OutlineEntry]]:
        out = []
        for entry in entries:
            self._depth = min(max(entry.level - 1, 0), self._depth + 1)
            out.append((self._depth, entry))
        return out


def _open_canvas(Canvas, buffer: io.BytesIO, first: Page, initial: str, info: _Info):
    canv = Canvas(buffer, pagesize=(first.width, first.height), invariant=1, pageCompression=1,
                  initialFontName=initial, initialFontSize=10)
    canv.setTitle(info.title)
    canv.setAuthor(info.author)
    canv.setSubject(info.subject)
    canv.setCreator("paiban")
    canv.setProducer("paiban (ReportLab)")
    return canv


def load_writer() -> None:
    """Import ReportLab's PDF writer now: a parallel booklet build does it while this process
    would otherwise wait for a worker, rather than when it starts writing."""
    import reportlab.pdfgen.canvas  # noqa: F401


def _write_pages(buffer: io.BytesIO, pages: Iterator[Page], source: _FontSource, info: _Info,
                 bookmarks: Callable[[Page], list[OutlineEntry]], options: _Options) -> int:
    """Write pages as they come, each drawn and let go before the next is asked for; returns the
    number of pages.

    The canvas opens on the first page (its size) with one of the document's fonts as its initial
    font, so no unembedded base-14 font (Helvetica) enters the file; a TrueType initial font puts
    nothing in the page streams, so which one it is does not change the bytes. `bookmarks(page)`
    gives the outline entries on a page, asked after the page was made.
    """
    from reportlab.pdfgen.canvas import Canvas

    first = next(pages, None)
    if first is None:
        raise IndexError("a document without pages cannot be written")
    names = sorted({run.font for line in first.lines for run in line.runs} or source.font_files())
    loaded = [ttfont(k, source.font_files()[k], source.substitutions().get(k, {})) for k in names[:1]]
    initial = loaded[0].fontName if loaded else "Helvetica"
    canv = _open_canvas(Canvas, buffer, first, initial, info)
    nesting = _Nesting()
    count = 0
    page: Page | None = first
    with deflating() as deflater:
        attach_deflater(canv._doc, deflater)  # font subsets are compressed on it too, as they are cut
        while page is not None:
            _refresh_substitutions(canv._doc, source)
            _write_page(canv, page, source, print_sheet(page.width, page.height, options.print_options),
                        options, nesting.place(bookmarks(page)), deflater)
            count += 1
            page = next(pages, None)
        try:
            canv.save()
        finally:
            attach_deflater(canv._doc, None)
    return count


def _refresh_substitutions(doc, source: _FontSource) -> None:
    """Bring fonts loaded on earlier pages up to date with substitutions found since (a page's
    furniture is composed just before it is drawn)."""
    fonts = doc.__dict__.get("_paiban_fonts")
    if not fonts:
        return
    applied = doc.__dict__.setdefault("_paiban_substituted", {})
    current = source.substitutions()
    for key, font in fonts.items():
        subs = current.get(key)
        if subs and applied.get(key) != len(subs):
            apply_substitutions(font, subs)
            applied[key] = len(subs)


def _without_a85(write: Callable[[], int]) -> int:
    """Run `write` with binary (Flate only) streams: ASCII85 only makes the file larger and the
    build slower. The setting is global to ReportLab, so it is put back for other users of the
    library."""
    from reportlab import rl_config

    a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        return write()
    finally:
        rl_config.useA85 = a85


def _deliver(buffer: io.BytesIO, output: str | Path | io.BytesIO | None) -> bytes:
    data = buffer.getvalue()
    if output is not None:
        if isinstance(output, io.BytesIO):
            output.write(data)
        else:
            atomic_write(Path(output), data)
    return data


class _DocumentFonts:
    """A finished LayoutDocument as a font source."""

    def __init__(self, document: LayoutDocument) -> None:
        self._document = document

    def font_files(self) -> Mapping[str, str]:
        return self._document.fonts

    def substitutions(self) -> Mapping[str, dict[int, int]]:
        return self._document.substitutions


def _reporting(pages: Iterator[Page], progress: PageProgress | None, total: int | None) -> Iterator[Page]:
    """The pages, with `progress` told of each one and of the final save once they are all drawn."""
    count = 0
    for page in pages:
        yield page
        count += 1
        if progress is not None:
            progress("setting pages", count, total)
    if progress is not None:
        progress("saving the PDF", count, count)


def render_pdf(document: LayoutDocument, output: str | Path | io.BytesIO | None = None,
               print_options: PrintOptions | None = None, show_grid: bool = False,
               progress: PageProgress | None = None, images: ImageSource | None = None) -> bytes:
    """Write the document as PDF; returns the bytes (and writes them to `output` when given).

    With `print_options` every page gets bleed and crop marks around its trim (see
    `paiban.render.print_geometry`); without, the PDF page is the trimmed page. `show_grid` draws
    the debug overlay (`paiban.render.overlay`) under the text of every page. `images` converts
    images for press, as in `render_stream`.
    """
    # Register the fonts before the canvas exists, as a streamed build does not need to.
    for k, p in sorted(document.fonts.items()):
        ttfont(k, p, document.substitutions.get(k, {}))
    by_page: dict[int, list[OutlineEntry]] = {}
    for entry in document.outline:
        by_page.setdefault(entry.page, []).append(entry)
    info = _Info(document.title, document.author, document.subject)
    buffer = io.BytesIO()
    pages = _reporting(iter(document.pages), progress, len(document.pages))
    _without_a85(lambda: _write_pages(buffer, pages, _DocumentFonts(document), info,
                                      lambda page: by_page.get(page.index, []),
                                      _Options(print_options, show_grid, images)))
    return _deliver(buffer, output)


class PageSource(_FontSource, Protocol):
    """Pages made one at a time (`paiban.layout.engine.PageStream`): iterating dresses them, and
    the outline grows as they are made."""

    article: Article

    def __iter__(self) -> Iterator[Page]: ...

    def outline_after(self, start: int) -> list[OutlineEntry]: ...


def render_stream(stream: PageSource, output: str | Path | io.BytesIO | None = None,
                  show_grid: bool = False, keep: list[Page] | None = None,
                  print_options: PrintOptions | None = None, progress: PageProgress | None = None,
                  images: ImageSource | None = None) -> bytes:
    """Write pages as the layout makes them, keeping none (unless `keep` collects them), so memory
    does not grow with the page count; the bytes are those `render_pdf` writes for the same layout.

    A print build passes `images`, which converts each image to the press's CMYK, and gets its
    black text set to overprint.
    """
    meta = stream.article.meta
    info = _Info(meta.title_text, meta.author or "",
                 " ".join(x for x in (meta.publication, meta.issue) if x))
    taken = 0

    def bookmarks(page: Page) -> list[OutlineEntry]:
        nonlocal taken
        new = stream.outline_after(taken)  # entries are gathered as each page is made
        taken += len(new)
        return new

    def pages() -> Iterator[Page]:
        for page in stream:
            if keep is not None:
                keep.append(page)
            yield page

    buffer = io.BytesIO()
    options = _Options(print_options, show_grid, images)
    _without_a85(lambda: _write_pages(buffer, _reporting(pages(), progress, None), stream, info, bookmarks,
                                      options))
    return _deliver(buffer, output)


def entry_top_margin(entry) -> float:
    """Scroll a bookmark so its heading is not flush with the window top."""
    return 24.0 if entry.y else 0.0
