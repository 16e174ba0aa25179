"""Test pages for the importers, made two ways.

From paiban's own layout (`document_items`), and independently of it (`grid_pages`: a plain
fixed-grid column setter with no Chinese line-breaking rules). Either way a page is a list of
`Item`s — text at a chosen position — which `draw_pdf` draws with ReportLab and `page_text`
writes out the way ``pdftotext -layout`` does: one text row per baseline, pieces padded with
spaces to their x position counted in half-em cells.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from paiban.text.fonts import fonts_dir

FONTS = {
    "serif": "NotoSerifSC-Regular.ttf",
    "serif-bold": "NotoSerifSC-Bold.ttf",
    "sans-bold": "NotoSansSC-Bold.ttf",
    "kai": "LXGWWenKai-Regular.ttf",
}

DAMAGE = str.maketrans({"，": ",", "；": ";", "：": ":", "？": "?", "！": "!", "（": "(", "）": ")"})
"""What a careless extraction does to Chinese punctuation (the seed page shows ， and ；)."""


@dataclass(frozen=True)
class Item:
    """Text drawn from (x, baseline y), y measured from the top of the page."""

    text: str
    x: float
    y: float
    size: float = 10.0
    font: str = "serif"
    word: bool = False  # a further word of the same line: one space apart at least, not two


# --------------------------------------------------------------------------- from paiban


def _words(line) -> list[tuple[str, float]]:
    """(text, x) of each space-separated word of a laid-out line."""
    words: list[tuple[str, float]] = []
    current, x0 = "", 0.0
    for run in line.runs:
        for ch, x in zip(run.text, run.xs):
            if ch == " ":
                if current:
                    words.append((current, x0))
                current = ""
            else:
                x0 = x if not current else x0
                current += ch
    if current:
        words.append((current, x0))
    return words


def document_items(document) -> list[list[Item]]:
    """Each page of a paiban layout as items: every word at its first glyph.

    Words are split at space glyphs, as pdftotext places them: a justified Latin line then shows
    its stretched word spaces.
    """
    pages = []
    for page in document.pages:
        items = []
        for line in page.lines:
            for k, (text, x) in enumerate(_words(line)):
                items.append(Item(text, x, line.y, line.size or 10.5, word=k > 0))
        pages.append(items)
    return pages


# --------------------------------------------------------------------------- independent setter


@dataclass(frozen=True)
class Grid:
    """A page grid for `grid_pages`: columns of `width` characters of `size` pt."""

    columns: int = 2
    width: int = 20
    lines: int = 30
    size: float = 10.0
    pitch: float = 16.0
    gutter: float = 2.0  # em
    left: float = 60.0
    top: float = 120.0
    page_width: float = 595.0
    page_height: float = 842.0


def _break(text: str, first: int, rest: int) -> list[str]:
    """Fixed character counts per line; no prohibitions (it is not paiban's composer)."""
    out, k, width = [], 0, first
    while k < len(text):
        out.append(text[k : k + width])
        k += width
        width = rest
    return out


def _column_lines(blocks: list[tuple[str, str]], grid: Grid) -> list[tuple[str, str, int]]:
    """(kind, text, indent in characters) per line slot; '' slots are blank."""
    slots: list[tuple[str, str, int]] = []
    for kind, text in blocks:
        if kind == "h":
            slots += [("", "", 0), ("h", text, 2), ("", "", 0)]
        else:
            lines = _break(text, grid.width - 2, grid.width)
            slots += [("p", line, 2 if k == 0 else 0) for k, line in enumerate(lines)]
    return slots


def grid_pages(blocks: list[tuple[str, str]], grid: Grid, title: list[Item] | None = None,
               title_lines: int = 0, folio: int | None = None) -> list[list[Item]]:
    """Set `blocks` (('p', text) or ('h', text)) into the columns of as many pages as needed.

    The first page loses `title_lines` slots of every column to the `title` items above them.
    A heading that would fall at a column's top keeps its blank slot (a real setter would too).
    """
    slots = _column_lines(blocks, grid)
    pages: list[list[Item]] = []
    k = 0
    while k < len(slots):
        first = not pages
        items = list(title or []) if first else []
        skip = title_lines if first else 0
        for column in range(grid.columns):
            x0 = grid.left + column * (grid.width + grid.gutter) * grid.size
            for slot in range(skip, grid.lines):
                if k >= len(slots):
                    break
                kind, text, indent = slots[k]
                k += 1
                if text:
                    font = "sans-bold" if kind == "h" else "serif"
                    items.append(Item(text, x0 + indent * grid.size, grid.top + slot * grid.pitch, grid.size, font))
        if folio is not None:
            number = folio + len(pages)
            items.append(Item(str(number), grid.left, grid.page_height - 40, grid.size, "sans-bold"))
        pages.append(items)
    return pages


# --------------------------------------------------------------------------- writers


def draw_pdf(path: Path, pages: list[list[Item]], size: tuple[float, float] = (595.0, 842.0),
             rules: list[list[float]] | None = None) -> Path:
    """Draw the items with ReportLab, each string at its position with the font's own advances."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    for key, file in FONTS.items():
        name = f"gen-{key}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(fonts_dir() / file)))
    canvas = Canvas(str(path), pagesize=size, invariant=1)
    for index, items in enumerate(pages):
        for item in items:
            canvas.setFont(f"gen-{item.font}", item.size)
            canvas.drawString(item.x, size[1] - item.y, item.text)
        for y in (rules or [[]] * len(pages))[index]:
            canvas.line(50, size[1] - y, size[0] - 50, size[1] - y)
        canvas.showPage()
    canvas.save()
    return path


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def page_text(items: list[Item], em: float, pitch: float, count: str = "chars", damage: bool = True) -> str:
    """The page as ``pdftotext -layout`` would write it.

    Rows: baselines `pitch` apart make consecutive rows. Columns: x in half-em cells; with
    `count="chars"` every character advances the row by one (as on the seed page), with
    `count="cells"` full-width characters advance it by two.
    """
    top = min(item.y for item in items)
    rows: dict[int, list[Item]] = {}
    for item in items:
        rows.setdefault(round((item.y - top) / pitch), []).append(item)
    out = []
    for index in range(max(rows) + 1):
        line = ""
        for item in sorted(rows.get(index, []), key=lambda i: i.x):
            target = round(item.x / (em / 2))
            used = len(line) if count == "chars" else _cells(line)
            line += " " * max(target - used, (1 if item.word else 2) if line else 0)
            line += item.text.translate(DAMAGE) if damage else item.text
        out.append(line.rstrip())
    return "\n".join(out) + "\n"
