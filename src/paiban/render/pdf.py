"""Writing a LayoutDocument as PDF with ReportLab.

The writer draws exactly what the layout decided: each glyph run becomes one text object holding a
single TJ array whose adjustments put every glyph at its computed x. No layout decision is made
here. Fonts are embedded as TrueType subsets; colours are written as given (CMYK for print, so
body text is K-only black). Output is deterministic: ReportLab's invariant mode drops timestamps
and random IDs, so the same layout gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from paiban.files import atomic_write
from paiban.layout.result import Fill, GlyphRun, LayoutDocument, OutlineEntry, Page, Rule
from paiban.render.fonts import ttfont
from paiban.render.frame_record import record_frames
from paiban.render.images import draw_image
from paiban.render.overlay import overlay_ops
from paiban.render.print_geometry import PrintSheet, bled_fill, print_sheet
from paiban.render.print_marks import draw_crop_marks
from paiban.style.model import Color, PrintOptions


def _fmt(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


@lru_cache(maxsize=64)
def _color_op(color: Color, stroke: bool) -> str:
    """The operator setting a fill or stroke colour (a book uses a handful: memoised)."""
    vals = " ".join(_fmt(v) for v in color.values)
    if color.space == "cmyk":
        return f"{vals} {'K' if stroke else 'k'}"
    return f"{vals} {'RG' if stroke else 'rg'}"


_HEX = [f"<{i:02X}>" for i in range(256)]
_WIDTHS: dict[str, dict[str, float]] = {}


def _widths(font) -> dict[str, float]:
    """Character → declared advance (1/1000 em) of a registered font, memoised per font."""
    table = _WIDTHS.get(font.fontName)
    if table is None:
        table = _WIDTHS[font.fontName] = {}
    return table


def _adjustments(run: GlyphRun, font) -> list[float]:
    """TJ adjustment after each glyph (thousandths of an em) that puts the next glyph at its x."""
    table = _widths(font)
    face = font.face
    xs = run.xs
    scale = 1000.0 / run.size
    out = []
    for k, ch in enumerate(run.text[:-1]):
        w = table.get(ch)
        if w is None:
            w = table[ch] = face.charWidths.get(ord(ch), face.defaultWidth)
        out.append(w - (xs[k + 1] - xs[k]) * scale)
    out.append(0.0)
    return out


def _chunks(run: GlyphRun, font, doc) -> list[tuple[int, list[int]]]:
    """The run's characters as (font subset, codes in it) chunks.

    Once a character has a code in the document's subsets, looking it up is all that is needed;
    ReportLab's own splitting (which also assigns new codes) runs only for runs that bring a new
    character.
    """
    state = font.state.get(doc)
    if state is not None:
        assigned = state.assignments
        codes = [assigned.get(cp) for cp in map(ord, run.text)]
        if None not in codes:
            chunks: list[tuple[int, list[int]]] = []
            for n in codes:
                subset = n >> 8
                if not chunks or chunks[-1][0] != subset:
                    chunks.append((subset, []))
                chunks[-1][1].append(n & 0xFF)
            return chunks
    return [(subset, list(data)) for subset, data in font.splitString(run.text, doc)]


def _subset_name(font, subset: int, doc) -> str:
    """The PDF name of a font subset, asked of ReportLab once per document."""
    names = doc.__dict__.setdefault("_paiban_subset_names", {})
    key = (font.fontName, subset)
    name = names.get(key)
    if name is None:
        name = names[key] = font.getSubsetInternalName(subset, doc)
    return name


def _run_ops(run: GlyphRun, font, doc, page_height: float) -> str:
    """PDF operators drawing one glyph run: BT, one Tf + TJ per font subset, ET."""
    adjust = _adjustments(run, font)
    ops = ["BT", _color_op(run.color, False), f"1 0 0 1 {_fmt(run.xs[0])} {_fmt(page_height - run.y)} Tm"]
    size = _fmt(run.size)
    hexes = _HEX
    k = 0
    for subset, data in _chunks(run, font, doc):
        ops.append(f"{_subset_name(font, subset, doc)} {size} Tf")
        parts = [hexes[b] if -0.01 < a < 0.01 else f"{hexes[b]}{a:.2f}" for b, a in zip(data, adjust[k:])]
        k += len(data)
        ops.append("[" + "".join(parts) + "] TJ")
    ops.append("ET")
    return "\n".join(ops)


def _rule_ops(rule: Rule, page_height: float) -> str:
    return (
        f"q {_color_op(rule.color, True)} {_fmt(rule.width)} w "
        f"{_fmt(rule.x0)} {_fmt(page_height - rule.y0)} m {_fmt(rule.x1)} {_fmt(page_height - rule.y1)} l S Q"
    )


def _fill_ops(fill: Fill, page_height: float, bleed: float) -> str:
    x, y, w, h = bled_fill(fill, bleed)
    return f"q {_color_op(fill.color, False)} {_fmt(x)} {_fmt(page_height - y - h)} {_fmt(w)} {_fmt(h)} re f Q"


def _draw_page(canv, page: Page, document: LayoutDocument, bleed: float = 0.0) -> None:
    doc = canv._doc
    for fill in page.fills:
        canv.addLiteral(_fill_ops(fill, page.height, bleed))
    for image in page.images:
        draw_image(canv, image, page.height)
    for rule in page.rules:
        canv.addLiteral(_rule_ops(rule, page.height))
    fonts = doc.__dict__.setdefault("_paiban_fonts", {})
    for line in page.lines:
        for run in line.runs:
            if not run.text:
                continue
            font = fonts.get(run.font)
            if font is None:
                font = fonts[run.font] = ttfont(run.font, document.fonts[run.font],
                                                document.substitutions.get(run.font, {}))
            canv.addLiteral(_run_ops(run, font, doc, page.height))


@dataclass(frozen=True)
class _Options:
    """How the pages are written: print geometry (bleed, marks) and the proof overlay."""

    print_options: PrintOptions | None = None
    show_grid: bool = False


def _write_page(canv, page: Page, document: LayoutDocument, sheet: PrintSheet,
                options: _Options, bookmarks: list[tuple[int, OutlineEntry]]) -> None:
    """One PDF page: boxes, the page content shifted onto the sheet, crop marks, bookmarks."""
    canv.setPageSize((sheet.media_width, sheet.media_height))
    canv.setTrimBox(sheet.trim)
    canv.setBleedBox(sheet.bleed)
    moved = bool(sheet.dx or sheet.dy)
    if moved:  # layout coordinates stay trim-relative; the whole page moves onto the sheet
        canv.addLiteral(f"q 1 0 0 1 {sheet.dx:.5f} {sheet.dy:.5f} cm")
    if options.show_grid:
        canv.addLiteral(overlay_ops(page))
    _draw_page(canv, page, document, sheet.bleed_width)
    if moved:
        canv.addLiteral("Q")
    draw_crop_marks(canv, sheet, options.print_options)
    for n, (level, entry) in enumerate(bookmarks):
        key = f"p{page.index}-{n}"
        top = sheet.dy + page.height - entry.y + entry_top_margin(entry)
        canv.bookmarkPage(key, fit="XYZ", top=top)
        canv.addOutlineEntry(entry.title, key, level=level)
    canv.showPage()
    record_frames(canv, page, sheet)


def _write_document(Canvas, buffer: io.BytesIO, document: LayoutDocument, loaded: list,
                    options: _Options) -> None:
    first = document.pages[0]
    initial = loaded[0].fontName if loaded else "Helvetica"
    canv = Canvas(buffer, pagesize=(first.width, first.height), invariant=1, pageCompression=1,
                  initialFontName=initial, initialFontSize=10)
    canv.setTitle(document.title)
    canv.setAuthor(document.author)
    canv.setSubject(document.subject)
    canv.setCreator("paiban")
    canv.setProducer("paiban (ReportLab)")
    outline: dict[int, list[tuple[int, OutlineEntry]]] = {}
    depth = -1
    for entry in document.outline:
        # PDF outlines nest one level at a time: a ### straight after the title hangs one below it.
        depth = min(max(entry.level - 1, 0), depth + 1)
        outline.setdefault(entry.page, []).append((depth, entry))
    for page in document.pages:
        _write_page(canv, page, document, print_sheet(page.width, page.height, options.print_options),
                    options, outline.get(page.index, []))
    canv.save()


def render_pdf(document: LayoutDocument, output: str | Path | io.BytesIO | None = None,
               print_options: PrintOptions | None = None, show_grid: bool = False) -> bytes:
    """Write the document as PDF; returns the bytes (and writes them to `output` when given).

    With `print_options` every page gets bleed and crop marks around its trim (see
    `paiban.render.print_geometry`); without, the PDF page is the trimmed page. `show_grid` draws
    the debug overlay (`paiban.render.overlay`) under the text of every page.
    """
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    # Register the fonts before the canvas exists, so its initial font is one of ours and no
    # unembedded base-14 font (Helvetica) enters the file.
    loaded = [ttfont(k, p, document.substitutions.get(k, {})) for k, p in sorted(document.fonts.items())]
    # Binary (Flate only) streams: ASCII85 only makes the file larger and the build slower. The
    # setting is global to ReportLab, so it is put back for other users of the library.
    a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        _write_document(Canvas, buffer, document, loaded, _Options(print_options, show_grid))
    finally:
        rl_config.useA85 = a85
    data = buffer.getvalue()
    if output is not None:
        if isinstance(output, io.BytesIO):
            output.write(data)
        else:
            atomic_write(Path(output), data)
    return data


def entry_top_margin(entry) -> float:
    """Scroll a bookmark so its heading is not flush with the window top."""
    return 24.0 if entry.y else 0.0
