"""Writing a LayoutDocument as PDF with ReportLab.

The writer draws exactly what the layout decided: each glyph run becomes one text object holding a
single TJ array whose adjustments put every glyph at its computed x. No layout decision is made
here. Fonts are embedded as TrueType subsets; colours are written as given (CMYK for print, so
body text is K-only black). Output is deterministic: ReportLab's invariant mode drops timestamps
and random IDs, so the same layout gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

from paiban.layout.result import GlyphRun, LayoutDocument, OutlineEntry, Page, Rule
from paiban.render.fonts import ttfont
from paiban.render.images import draw_image
from paiban.style.model import Color

def _fmt(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _color_op(color: Color, stroke: bool) -> str:
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


def _run_ops(run: GlyphRun, font, doc, page_height: float) -> str:
    """PDF operators drawing one glyph run: BT, one Tf + TJ per font subset, ET."""
    adjust = _adjustments(run, font)
    ops = ["BT", _color_op(run.color, False), f"1 0 0 1 {_fmt(run.xs[0])} {_fmt(page_height - run.y)} Tm"]
    k = 0
    for subset, data in font.splitString(run.text, doc):
        ops.append(f"{font.getSubsetInternalName(subset, doc)} {_fmt(run.size)} Tf")
        parts = []
        for byte in data:
            a = adjust[k]
            parts.append(_HEX[byte] if -0.01 < a < 0.01 else f"{_HEX[byte]}{a:.2f}")
            k += 1
        ops.append("[" + "".join(parts) + "] TJ")
    ops.append("ET")
    return "\n".join(ops)


def _rule_ops(rule: Rule, page_height: float) -> str:
    return (
        f"q {_color_op(rule.color, True)} {_fmt(rule.width)} w "
        f"{_fmt(rule.x0)} {_fmt(page_height - rule.y0)} m {_fmt(rule.x1)} {_fmt(page_height - rule.y1)} l S Q"
    )


def _draw_page(canv, page: Page, document: LayoutDocument) -> None:
    doc = canv._doc
    for image in page.images:
        draw_image(canv, image, page.height)
    for rule in page.rules:
        canv.addLiteral(_rule_ops(rule, page.height))
    for line in page.lines:
        for run in line.runs:
            if not run.text:
                continue
            font = ttfont(run.font, document.fonts[run.font], document.substitutions.get(run.font, {}))
            canv.addLiteral(_run_ops(run, font, doc, page.height))


def _write_document(Canvas, buffer: io.BytesIO, document: LayoutDocument, loaded: list) -> None:
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
        canv.setPageSize((page.width, page.height))
        canv.setTrimBox((0, 0, page.width, page.height))
        canv.setBleedBox((0, 0, page.width, page.height))
        _draw_page(canv, page, document)
        for n, (level, entry) in enumerate(outline.get(page.index, [])):
            key = f"p{page.index}-{n}"
            canv.bookmarkPage(key, fit="XYZ", top=page.height - entry.y + entry_top_margin(entry))
            canv.addOutlineEntry(entry.title, key, level=level)
        canv.showPage()
    canv.save()


def render_pdf(document: LayoutDocument, output: str | Path | io.BytesIO | None = None) -> bytes:
    """Write the document as PDF; returns the bytes (and writes them to `output` when given)."""
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
        _write_document(Canvas, buffer, document, loaded)
    finally:
        rl_config.useA85 = a85
    data = buffer.getvalue()
    if output is not None:
        if isinstance(output, io.BytesIO):
            output.write(data)
        else:
            _atomic_write(Path(output), data)
    return data


def entry_top_margin(entry) -> float:
    """Scroll a bookmark so its heading is not flush with the window top."""
    return 24.0 if entry.y else 0.0


def _atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file and a rename, so a failed build never leaves a truncated PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
