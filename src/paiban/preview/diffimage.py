"""The comparison picture: style A, style B, and where their pixels differ, page by page.

Each row is one page: A's rendering, B's, and a third panel with both pages faded to a light grey
and every differing pixel coloured, red where only A has ink and blue where only B has it (a
line that moved shows as a red and a blue copy, which reads at a glance as "this went there").
Pages of different sizes are compared on a canvas of the larger size; a page one style lacks is
compared with a blank page. Both pages are rasterised with the same renderer at the same
resolution, so two identical layouts give identical pixels and an empty difference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from paiban.preview.raster import MUPDF_LOCK, check_dpi, open_pdf, pixmap

MARGIN = 12  # px around the sheet and between panels
CAPTION = 28  # px of caption strip above each row
CAPTION_SIZE = 13  # px (= pt at 72 dpi) of caption text
BACKGROUND = 228  # grey of the sheet, so white pages stand out
MISSING = 205  # grey of a panel for a page the style does not have
FADE = 0.2  # how much of the original darkness the difference panel keeps
THRESHOLD = 32  # grey levels (of 255) two pixels must differ by to count as different
ONLY_A = (215, 40, 40)
ONLY_B = (30, 90, 225)


@dataclass(frozen=True, slots=True)
class Sheet:
    """The comparison PNG and, per compared page, how many pixels differ out of how many."""

    png: bytes
    changed: tuple[int, ...]
    total: tuple[int, ...]


def _render(pdf: bytes, indices: list[int], dpi: float) -> dict[int, np.ndarray]:
    """RGB arrays (height × width × 3) of the pages among `indices` that the PDF has."""
    out = {}
    with MUPDF_LOCK:
        doc = open_pdf(pdf)
        try:
            for i in indices:
                if i < doc.page_count:
                    pix = pixmap(doc[i], dpi)
                    out[i] = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3).copy()
        finally:
            doc.close()
    return out


def _pad(image: np.ndarray | None, height: int, width: int) -> np.ndarray:
    """The image on a white canvas of the given size (a missing page is all white)."""
    canvas = np.full((height, width, 3), 255, np.uint8)
    if image is not None:
        canvas[: image.shape[0], : image.shape[1]] = image
    return canvas


def diff_panel(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, int]:
    """The difference panel of two same-sized RGB images, and how many pixels differ."""
    grey_a = a.mean(axis=2)
    grey_b = b.mean(axis=2)
    faded = 255 - (255 - np.minimum(grey_a, grey_b)) * FADE
    panel = np.repeat(faded[:, :, None], 3, axis=2).astype(np.uint8)
    only_a = grey_b - grey_a > THRESHOLD
    only_b = grey_a - grey_b > THRESHOLD
    panel[only_a] = ONLY_A
    panel[only_b] = ONLY_B
    return panel, int(only_a.sum() + only_b.sum())


def _fit(font, text: str, width: float) -> str:
    """The text, shortened at its start with an ellipsis until it fits `width` points: the end of
    a long path (the file name) is the part worth keeping."""
    if font.text_length(text, fontsize=CAPTION_SIZE) <= width:
        return text
    while len(text) > 1 and font.text_length("…" + text, fontsize=CAPTION_SIZE) > width:
        text = text[1:]
    return "…" + text


def _caption(texts: list[tuple[int, str]], width: int, room: int) -> np.ndarray:
    """A caption strip with each text at its x, at most `room` px wide, drawn by MuPDF with a
    bundled CJK font (file names and style names may be Chinese)."""
    import pymupdf

    from paiban.text.fonts import font_table

    fontfile = str(font_table().path("Noto Sans SC"))
    grey = BACKGROUND / 255
    with MUPDF_LOCK:
        font = pymupdf.Font(fontfile=fontfile)
        doc = pymupdf.open()
        page = doc.new_page(width=width, height=CAPTION)
        page.draw_rect(page.rect, color=None, fill=(grey, grey, grey))
        for x, text in texts:
            page.insert_text((x, CAPTION - 9), _fit(font, text, room), fontsize=CAPTION_SIZE,
                             fontname="caption", fontfile=fontfile, color=(0.15, 0.15, 0.15))
        pix = page.get_pixmap(alpha=False)  # 72 dpi: one pixel per point
        strip = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3).copy()
        doc.close()
    return strip[:CAPTION, :width]


def _encode(sheet: np.ndarray) -> bytes:
    import pymupdf

    height, width = sheet.shape[:2]
    with MUPDF_LOCK:
        pix = pymupdf.Pixmap(pymupdf.csRGB, width, height, np.ascontiguousarray(sheet).tobytes(), 0)
        return pix.tobytes("png")


def compare_sheet(pdf_a: bytes, pdf_b: bytes, indices: list[int], dpi: float,
                  labels: tuple[str, str]) -> Sheet:
    """The three-panel comparison of pages `indices` (0-based) of two PDFs, as PNG."""
    check_dpi(dpi)
    pages_a, pages_b = _render(pdf_a, indices, dpi), _render(pdf_b, indices, dpi)
    shown = [*pages_a.values(), *pages_b.values()]
    height = max((p.shape[0] for p in shown), default=1)
    width = max((p.shape[1] for p in shown), default=1)
    sheet_width = 4 * MARGIN + 3 * width
    rows, changed, total = [], [], []
    for i in indices:
        a, b = pages_a.get(i), pages_b.get(i)
        panel, count = diff_panel(_pad(a, height, width), _pad(b, height, width))
        changed.append(count)
        total.append(height * width)
        rows.append(_row(i, a, b, panel, labels, count, sheet_width))
    sheet = np.concatenate([*rows, np.full((MARGIN, sheet_width, 3), BACKGROUND, np.uint8)])
    return Sheet(_encode(sheet), tuple(changed), tuple(total))


def _row(index: int, a: np.ndarray | None, b: np.ndarray | None, panel: np.ndarray,
         labels: tuple[str, str], changed: int, sheet_width: int) -> np.ndarray:
    """One page of the sheet: a caption strip over the three panels."""
    height, width = panel.shape[:2]
    row = np.full((height + CAPTION, sheet_width, 3), BACKGROUND, np.uint8)
    xs = [MARGIN + k * (width + MARGIN) for k in range(3)]
    for x, image in zip(xs, (a, b)):
        if image is None:
            row[CAPTION:, x:x + width] = MISSING
        else:
            row[CAPTION:CAPTION + image.shape[0], x:x + image.shape[1]] = image
    row[CAPTION:, xs[2]:xs[2] + width] = panel
    share = 100.0 * changed / (height * width)
    page = f"page {index + 1}"
    texts = [
        (xs[0], f"A · {labels[0]} · {page}" + ("" if a is not None else " (none)")),
        (xs[1], f"B · {labels[1]} · {page}" + ("" if b is not None else " (none)")),
        (xs[2], f"difference · {share:.2f}% of pixels · red: only A, blue: only B"
         if changed else "difference · none"),
    ]
    row[:CAPTION] = _caption(texts, sheet_width, width)
    return row
