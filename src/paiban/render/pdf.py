"""Writing a LayoutDocument as PDF with ReportLab.

The writer draws exactly what the layout decided: each glyph run becomes one text object holding a
single TJ array whose adjustments put every glyph at its computed x. No layout decision is made
here. Fonts are embedded as TrueType subsets; colours are written as given (CMYK for print, so
body text is K-only black). Output is deterministic: ReportLab's invariant mode drops timestamps
and random IDs, so the same layout gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from pathlib import Path

from paiban.errors import FontError, OutputError, Span, display_path
from paiban.layout.result import GlyphRun, LayoutDocument, Page, Rule
from paiban.style.model import Color

_fonts: dict[tuple[str, str], object] = {}


def _fmt(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """A font subset's ToUnicode CMap, with code points above U+FFFF as UTF-16 surrogate pairs.

    ReportLab's own writes them as five hex digits, which readers truncate: 🄀 (U+1F100) was
    extracted as ἐ (U+1F10), so the PDF's text no longer matched the article. Below U+FFFF the
    output is the same as ReportLab's, byte for byte.
    """
    def utf16(cp: int) -> str:
        return chr(cp).encode("utf-16-be").hex().upper()

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(cp)}>" for i, cp in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


def _ttfont(name: str, path: str, substitutions: dict[int, int]):
    """A registered ReportLab TTFont, loaded once per process, with glyph substitutions applied."""
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # ReportLab looks it up by name when saving

    key = (name, path)
    font = _fonts.get(key)
    if font is None:
        try:
            font = TTFont(name, path)
        except TTFError as exc:  # a font fontTools could read but ReportLab will not embed
            raise FontError(f"the PDF writer cannot embed {Path(path).name}: {exc}", Span(display_path(path)),
                            hint="use another TrueType (.ttf) font") from None
        face = font.face
        face.name = _face_name(name)
        scale = 1000.0 / face.unitsPerEm
        for cp, gid in substitutions.items():
            face.charToGlyph[cp] = gid
            face.charWidths[cp] = face.hmetrics[gid][0] * scale if hasattr(face, "hmetrics") else 1000.0
        pdfmetrics.registerFont(font)
        _fonts[key] = font
    return font


def _face_name(key: str) -> bytes:
    """The font's name in the PDF: the layout's key for it, made safe for a PDF name.

    ReportLab would use the PostScript name in the file, which two files can share (it then
    refuses the second) and which a font may lack (it then makes one up from the clock, and the
    output is no longer the same from run to run). The layout's key is unique per file.
    """
    safe = re.sub(r"[^!-~]|[\[\](){}<>/%#]", "-", key)
    if safe != key:
        safe += "-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
    return safe.encode("ascii")


def _color_op(color: Color, stroke: bool) -> str:
    vals = " ".join(_fmt(v) for v in color.values)
    if color.space == "cmyk":
        return f"{vals} {'K' if stroke else 'k'}"
    return f"{vals} {'RG' if stroke else 'rg'}"


def _run_ops(run: GlyphRun, font, doc, page_height: float) -> str:
    """PDF operators drawing one glyph run: BT, one Tf + TJ per font subset, ET."""
    size = run.size
    widths = font.face.charWidths
    default = font.face.defaultWidth
    ops = ["BT", _color_op(run.color, False), f"1 0 0 1 {_fmt(run.xs[0])} {_fmt(page_height - run.y)} Tm"]
    chunks = font.splitString(run.text, doc)
    k = 0
    for subset, data in chunks:
        ops.append(f"{font.getSubsetInternalName(subset, doc)} {_fmt(size)} Tf")
        parts = []
        for byte in data:
            ch = run.text[k]
            parts.append("<%02X>" % byte)
            if k + 1 < len(run.text):
                advance = widths.get(ord(ch), default) * size / 1000.0
                gap = run.xs[k + 1] - (run.xs[k] + advance)
                if abs(gap) > 1e-4:
                    parts.append(_fmt(-gap * 1000.0 / size))
            k += 1
        ops.append("[" + " ".join(parts) + "] TJ")
    ops.append("ET")
    return "\n".join(ops)


def _rule_ops(rule: Rule, page_height: float) -> str:
    return (
        f"q {_color_op(rule.color, True)} {_fmt(rule.width)} w "
        f"{_fmt(rule.x0)} {_fmt(page_height - rule.y0)} m {_fmt(rule.x1)} {_fmt(page_height - rule.y1)} l S Q"
    )


def _draw_page(canv, page: Page, document: LayoutDocument) -> None:
    doc = canv._doc
    for rule in page.rules:
        canv.addLiteral(_rule_ops(rule, page.height))
    for line in page.lines:
        for run in line.runs:
            if not run.text:
                continue
            font = _ttfont(run.font, document.fonts[run.font], document.substitutions.get(run.font, {}))
            canv.addLiteral(_run_ops(run, font, doc, page.height))


def render_pdf(document: LayoutDocument, output: str | Path | io.BytesIO | None = None) -> bytes:
    """Write the document as PDF; returns the bytes (and writes them to `output` when given)."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    first = document.pages[0]
    # Register the fonts before the canvas exists, so its initial font is one of ours and no
    # unembedded base-14 font (Helvetica) enters the file.
    loaded = [_ttfont(k, p, document.substitutions.get(k, {})) for k, p in sorted(document.fonts.items())]
    initial = loaded[0].fontName if loaded else "Helvetica"
    canv = Canvas(buffer, pagesize=(first.width, first.height), invariant=1, pageCompression=1,
                  initialFontName=initial, initialFontSize=10)
    canv.setTitle(document.title)
    canv.setAuthor(document.author)
    canv.setSubject(document.subject)
    canv.setCreator("paiban")
    canv.setProducer("paiban (ReportLab)")
    outline = {}
    for entry in document.outline:
        outline.setdefault(entry.page, []).append(entry)
    for page in document.pages:
        canv.setPageSize((page.width, page.height))
        canv.setTrimBox((0, 0, page.width, page.height))
        canv.setBleedBox((0, 0, page.width, page.height))
        _draw_page(canv, page, document)
        for n, entry in enumerate(outline.get(page.index, [])):
            key = f"p{page.index}-{n}"
            canv.bookmarkPage(key, fit="XYZ", top=page.height - entry.y + entry_top_margin(entry))
            canv.addOutlineEntry(entry.title, key, level=max(entry.level - 1, 0))
        canv.showPage()
    canv.save()
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
    """Write via a temporary file in the same folder and a rename, so that a failed or interrupted
    build never leaves a truncated PDF where the last good one was (a rename within one file
    system is atomic). The temporary file is removed whatever happens.
    """
    shown = display_path(path)
    if path.is_dir():
        raise OutputError(f"cannot write the PDF: {shown} is a folder", Span(shown),
                          hint="give a file name, e.g. -o out.pdf")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write the PDF: {exc.strerror}", Span(shown)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write the PDF: {exc.strerror}", Span(shown)) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _mode_for(path: Path) -> int:
    """Permissions for the new file: the old file's, else what the umask gives a new file."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
