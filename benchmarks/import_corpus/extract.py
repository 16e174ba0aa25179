"""Page text from a corpus PDF, three ways, as a reprint would start from it.

- ``pdftotext``: poppler's ``pdftotext -layout``, which pads each row with spaces to where its
  pieces stood, counting display cells.
- ``pymupdf``: the characters PyMuPDF reads, laid out the same way by their x positions (a second,
  independent reading of the same PDF: its own rows, its own rounding of positions).
- ``flipbook``: the pdftotext rows roughened the way a flipbook site's extraction is (see the seed
  page): a viewer line and ``P. N`` above, a row of page-navigation numbers below, and the
  full-width ， ； ： ？ of Chinese text made half-width — which also moves every later piece of
  the row to the left by a cell per mark, as on the seed page.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import unicodedata
from pathlib import Path

EXTRACTIONS = ("pdftotext", "pymupdf", "flipbook")


def missing(kind: str) -> str | None:
    """Why an extraction cannot run here, or None."""
    if kind in ("pdftotext", "flipbook") and not shutil.which("pdftotext"):
        return "pdftotext is not installed (Debian: poppler-utils)"
    return None


def pdftotext(pdf: Path) -> str:
    run = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return run.stdout.decode("utf-8")


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pymupdf_layout(pdf: Path) -> str:
    """Rows of characters by baseline, each placed at its x in half-em cells of the body type."""
    import pymupdf

    pages = []
    with pymupdf.open(pdf) as document:
        for page in document:
            chars = []
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        for ch in span["chars"]:
                            if ch["c"].strip():
                                chars.append((round(span["origin"][1], 0), ch["bbox"][0], ch["bbox"][2], ch["c"], span["size"]))
            if not chars:
                pages.append("")
                continue
            body = statistics.median(c[4] for c in chars)
            cell = body / 2
            rows: dict[float, list] = {}
            for c in chars:
                key = next((y for y in rows if abs(y - c[0]) <= body * 0.3), c[0])
                rows.setdefault(key, []).append(c)
            lines = []
            last_y = None
            for y in sorted(rows):
                if last_y is not None:
                    lines.extend([""] * max(0, round((y - last_y) / (body * 1.6)) - 1))
                last_y = y
                text = ""
                prev_x1 = None
                for _, x0, x1, ch, _ in sorted(rows[y], key=lambda c: c[1]):
                    col = round(x0 / cell)
                    here = _cells(text)
                    if prev_x1 is not None and x0 - prev_x1 > 0.4 * cell:
                        text += " " * max(1, col - here)
                    elif col > here and prev_x1 is None:
                        text += " " * (col - here)
                    text += ch
                    prev_x1 = x1
                lines.append(text.rstrip())
            pages.append("\n".join(lines) + "\n")
    return "\f".join(pages)


_HALF = str.maketrans({"，": ",", "；": ";", "：": ":", "？": "?"})


def flipbook(layout_text: str, publication: str, issue: str, folio: int) -> str:
    """The seed's flipbook shape from pdftotext rows, page by page (form feeds between)."""
    pages = []
    for number, page in enumerate(p for p in layout_text.split("\f") if p.strip()):
        site_page = folio + 2 + number
        rows = [row.translate(_HALF) for row in page.rstrip("\n").split("\n")]
        nav = "".join(f"\u00a0\u00a0\u00a0 {n}" for n in range(site_page - 5, site_page + 6))
        head = [f"Page {site_page} - 《{publication}》{issue}", f"P. {site_page}", ""]
        pages.append("\n".join(head + rows + ["", nav]))
    return "\f".join(pages)


def extract(pdf: Path, kind: str, publication: str, issue: str, folio: int) -> str:
    if kind == "pdftotext":
        return pdftotext(pdf)
    if kind == "pymupdf":
        return pymupdf_layout(pdf)
    if kind == "flipbook":
        return flipbook(pdftotext(pdf), publication, issue, folio)
    raise ValueError(kind)


def clean_whitespace(text: str) -> str:
    return re.sub(r"[ \t]+\n", "\n", text)
