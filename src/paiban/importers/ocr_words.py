"""Tesseract's reading of a page as positioned characters, in the units a PDF page has.

Tesseract writes hOCR (XHTML) with a box and a confidence for every character when asked
(``hocr_char_boxes``), a baseline and a height for every line, and the boxes of the rules it
separated from the text. This module turns that into what the PDF reader produces — characters
with a baseline, an x extent, a type size and a font, in points — so that the same code finds
the columns, the title block, headings and paragraphs of a scan as of a PDF.

Two things a PDF states and a scan does not are estimated here:

- **type size**: from the height of the Han characters of each line (a Han glyph's ink is about
  0.9 em high), then snapped so that the body's lines all share one size and larger type
  (titles) shares one size per cluster — the paragraph rules compare sizes exactly;
- **spaces**: chi_sim puts word boundaries between Han characters; spaces are not taken from
  the OCR at all. As for a PDF, a space is put back only where two Latin characters stand a
  gap apart (`paiban.importers.pdf`).
"""

from __future__ import annotations

import re
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from paiban.text.classes import is_wide

HAN_HEIGHT = 0.9
"""Ink height of a Han character in em (its box in the OCR)."""

SAME_SIZE = 0.15
"""Relative difference of estimated sizes that is still one size (estimates scatter by ~10 %)."""

_TITLE_FIELD = re.compile(r"(\w+)\s+([^;]*)")
_XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True, slots=True)
class OcrChar:
    """One character as Tesseract read it, in pixels of the image it was given."""

    c: str
    x0: float
    y0: float
    x1: float
    y1: float
    baseline: float  # y of the line's baseline under this character
    conf: float  # 0-100
    line: int  # index of the OCR line it belongs to


@dataclass(frozen=True, slots=True)
class OcrLine:
    """A line Tesseract found: its box and the height it measured."""

    bbox: tuple[float, float, float, float]
    chars: tuple[OcrChar, ...]


@dataclass(frozen=True)
class OcrPage:
    """Everything read off one page image (pixels)."""

    width: int
    height: int
    lines: tuple[OcrLine, ...]
    rules: tuple[tuple[float, float, float], ...]  # horizontal rules as (y, x0, x1)


def _fields(title: str) -> dict[str, list[str]]:
    return {m.group(1): m.group(2).split() for m in _TITLE_FIELD.finditer(title or "")}


def _numbers(values: Sequence[str]) -> list[float]:
    return [float(v) for v in values]


def parse_hocr(hocr: str | bytes) -> OcrPage:
    """The characters, lines and rules of Tesseract's hOCR for one page."""
    root = ET.fromstring(hocr)
    page = next(e for e in root.iter() if e.get("class") == "ocr_page")
    _, _, width, height = _numbers(_fields(page.get("title", ""))["bbox"])
    lines: list[OcrLine] = []
    rules: list[tuple[float, float, float]] = []
    for element in page.iter():
        kind = element.get("class")
        if kind == "ocr_separator":
            x0, y0, x1, y1 = _numbers(_fields(element.get("title", ""))["bbox"])
            if x1 - x0 > 8 * (y1 - y0):
                rules.append(((y0 + y1) / 2, x0, x1))
        elif kind in ("ocr_line", "ocr_caption", "ocr_header", "ocr_textfloat"):
            lines.append(_line(element, len(lines)))
    return OcrPage(int(width), int(height), tuple(line for line in lines if line.chars), tuple(sorted(rules)))


def _line(element: ET.Element, index: int) -> OcrLine:
    fields = _fields(element.get("title", ""))
    x0, y0, x1, y1 = _numbers(fields["bbox"])
    # One baseline for the whole line, where it crosses the line's middle: the page has been
    # deskewed, and the slope Tesseract fits to a short line (a running header with digits,
    # whose Latin baseline is not the Han characters') tilts its ends apart by more than rows
    # may differ, which split one printed line into two rows.
    slope, offset = _numbers(fields.get("baseline", ["0", "0"]))
    chars: list[OcrChar] = []
    for word in element.iter():
        if word.get("class") != "ocrx_word":
            continue
        wfields = _fields(word.get("title", ""))
        wx0, wy0, wx1, wy1 = _numbers(wfields.get("bbox", fields["bbox"]))
        wconf = float(wfields.get("x_wconf", ["0"])[0])
        infos = [e for e in word.iter() if e.get("class") == "ocrx_cinfo"]
        boxes = []
        for info in infos:
            text = "".join(info.itertext()).strip()
            box = _fields(info.get("title", ""))
            if text and "x_bboxes" in box:
                boxes.append((text, _numbers(box["x_bboxes"]), float(box.get("x_conf", ["0"])[0])))
        count = sum(len(text) for text, _, _ in boxes)
        inside = all(wx0 - 2 <= b[0] < b[2] <= wx1 + 2 and wy0 - 2 <= b[1] < b[3] <= wy1 + 2 for _, b, _ in boxes)
        at = 0
        for text, (cx0, cy0, cx1, cy1), conf in boxes:
            if not inside:  # Tesseract gave the characters no boxes of their own: share the word's
                share = (wx1 - wx0) / max(1, count)
                cx0, cy0, cx1, cy1, conf = wx0 + at * share, wy0, wx0 + (at + len(text)) * share, wy1, min(conf, wconf)
            baseline = y1 + offset + slope * (x1 - x0) / 2
            for k, c in enumerate(text):  # a box holding two letters is shared evenly
                share = (cx1 - cx0) / len(text)
                chars.append(OcrChar(c, cx0 + k * share, cy0, cx0 + (k + 1) * share, cy1, baseline, conf, index))
            at += len(text)
    return OcrLine((x0, y0, x1, y1), tuple(_in_order(chars)))


def _in_order(chars: list[OcrChar]) -> list[OcrChar]:
    """Characters whose box runs into the next one's cut at its start: Tesseract's order is the
    reading order, and its boxes sometimes reach far past their character."""
    out = list(chars)
    for k in range(len(out) - 1):
        this, after = out[k], out[k + 1]
        if this.x1 > after.x0 > this.x0:
            out[k] = OcrChar(this.c, this.x0, this.y0, after.x0, this.y1, this.baseline, this.conf, this.line)
    return out


def _upper_quartile(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[(3 * len(ordered)) // 4]


def line_sizes(lines: Sequence[OcrLine]) -> list[float]:
    """The type size of each line in pixels per em, snapped so that lines of one type agree.

    A line's size is the upper quartile of the heights of its Han characters (of all its
    characters when it has none; a Han box less than half as high as wide, a 一, does not
    count), at most the height of the line's box — Tesseract now and then gives a character a
    box far taller than the line — over `HAN_HEIGHT`. Not the median: a short heading such as
    一、总则 is often read with a mark or two as small Han characters (人、~人), whose boxes
    are the mark's, and half its characters low would make it small type. Sizes are then clustered around their peaks:
    the size with the most characters within `SAME_SIZE` of it is a type size, every line that
    close to it takes its weighted median, and so on with the lines left.
    """
    raw: list[float] = []
    for line in lines:
        # A flat box (一, a dash read as 一) holds one stroke, not the character's height.
        han = [c.y1 - c.y0 for c in line.chars
               if is_wide(c.c) and c.c.isalnum() and 2 * (c.y1 - c.y0) >= c.x1 - c.x0]
        heights = han or [c.y1 - c.y0 for c in line.chars]
        box = line.bbox[3] - line.bbox[1]
        raw.append(min(_upper_quartile(heights), box) / HAN_HEIGHT if heights else 0.0)
    weight = [len(line.chars) for line in lines]
    out = [0.0] * len(lines)
    left = set(range(len(lines)))

    def near(size: float) -> list[int]:
        return [k for k in left if abs(raw[k] - size) <= SAME_SIZE * size]

    while left:
        peak = max(sorted(left), key=lambda k: sum(weight[j] for j in near(raw[k])))
        members = sorted(near(raw[peak]), key=lambda k: raw[k])
        total, running, centre = sum(weight[k] for k in members), 0, raw[peak]
        for k in members:
            running += weight[k]
            if running * 2 >= total:
                centre = raw[k]
                break
        for k in members:
            out[k] = centre
            left.discard(k)
    return out
