"""Reading PDF pages with PyMuPDF: characters with positions, sizes and fonts, grouped into rows.

PDF writers group text into spans and lines in their own ways (one glyph per text object, a line
per column, or both columns in one), so the grouping PyMuPDF reports is not relied on. Each
character is taken with its baseline, box, size and font; characters on one baseline form a row,
and a row splits into pieces at gaps wider than an em, the way a reader sees a column gutter. Word
spaces are put back only between Latin characters: a gap next to a Chinese character is the
composer's Han–Latin spacing or justification, not a space in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from paiban.errors import Diagnostics, SourceImportError, Span
from paiban.importers.source import Dropped, Row, Segment, SourcePage
from paiban.importers.tables import ruled_bands
from paiban.pdf_limits import MAX_PAGES, check_limits, mupdf_errors
from paiban.text.classes import is_wide

PIECE_GAP = 1.0
"""Em of empty space on a baseline that separates two pieces (column gutters are wider)."""

WORD_GAP = 0.2
"""Em of empty space between two Latin characters that reads as a word space."""

DAMAGED_HINT = "it is damaged or truncated, or not a PDF at all; check that it opens in a PDF viewer"

_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


class _Char(NamedTuple):
    """One character as drawn. (A named tuple: a PDF of a thousand pages has a million of them,
    and a tuple is made several times faster than a frozen dataclass.)"""

    c: str
    x0: float
    x1: float
    y: float  # baseline
    size: float
    font: str
    bold: bool


@dataclass(frozen=True, slots=True)
class PdfImage:
    """An image drawn on a page: its bytes, file extension and where it stands."""

    name: str  # the PDF, as shown in messages
    page: int  # 1-based
    data: bytes
    ext: str
    bbox: tuple[float, float, float, float]


@dataclass
class PdfPages:
    """What a PDF yields: its pages as rows, its images, and text that could not be read."""

    pages: list[SourcePage]
    images: list[PdfImage]
    dropped: list[Dropped]
    characters: str  # every character read (the ledger's input)
    subject: str = ""  # the document's subject metadata (paiban writes publication and issue there)


def open_pdf(data: bytes, shown: str):
    """The PyMuPDF document; damaged and encrypted files become a `SourceImportError`."""
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except (RuntimeError, ValueError) as exc:  # PyMuPDF's FileDataError is a RuntimeError
        raise SourceImportError(
            "the file cannot be read as a PDF",
            Span(shown),
            hint=DAMAGED_HINT,
        ) from exc  # MuPDF's own words are for --debug
    if doc.needs_pass and not doc.authenticate(""):
        raise SourceImportError(
            "the PDF is encrypted and needs a password",
            Span(shown),
            hint="save an unencrypted copy of the PDF (e.g. `qpdf --decrypt in.pdf out.pdf`) and import that",
        )
    try:
        check_limits(doc, shown, SourceImportError)
    except SourceImportError:
        doc.close()
        raise
    if doc.page_count == 0:
        raise SourceImportError("the PDF has no pages", Span(shown), hint=DAMAGED_HINT)
    return doc


def parse_page_range(spec: str | None, count: int, shown: str) -> list[int]:
    """0-based page indices for `--pages` ('3', '3-5', '3-', '1,4-6'); all pages when None."""
    if not spec:
        return list(range(count))
    out: list[int] = []
    for part in spec.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*(?:(-)\s*(\d*)\s*)?", part)
        if not match:
            raise SourceImportError(f"--pages '{spec}' is not a page range", Span(shown), hint="write e.g. 3, 3-5 or 3-")
        first = _page_number(match.group(1))
        last = _page_number(match.group(3)) if match.group(3) else (count if match.group(2) else first)
        if not 1 <= first <= last <= count:
            raise SourceImportError(f"--pages '{spec}' asks for pages the file does not have (it has {count})", Span(shown))
        if len(out) + last - first + 1 > MAX_PAGES:
            raise SourceImportError(f"--pages '{spec}' asks for more than {MAX_PAGES:,} pages; paiban reads at most "
                                    f"{MAX_PAGES:,}", Span(shown), hint="import the pages in parts")
        out.extend(range(first - 1, last))
    return out


def _page_number(digits: str) -> int:
    """A page number as written; one longer than any PDF may have counts as past the end (and
    Python refuses to read numbers of thousands of digits)."""
    return int(digits) if len(digits) <= 9 else 10**9


ReadScanned = Callable[[object, int], "tuple[list[Char], tuple[tuple[float, float, float], ...]]"]
"""``read(page, index)``: the characters OCR reads off a PyMuPDF page that has no text layer, and
the horizontal rules found in its image as (y, x0, x1), in points."""


def read_pdf(data: bytes, shown: str, page_range: str | None, diagnostics: Diagnostics,
             on_page: Callable[[int, int], None] | None = None, scanned: ReadScanned | None = None) -> PdfPages:
    """The chosen pages of a PDF as rows of positioned text, with their images.
    `on_page(done, total)` is told each page read. A page without text but with an image is a
    scan: `scanned` reads it (and its image is the page, not a figure); without `scanned` it
    holds no text."""
    doc = open_pdf(data, shown)
    result = PdfPages([], [], [], "", (doc.metadata or {}).get("subject") or "")
    chars_read: list[str] = []
    try:
        chosen = parse_page_range(page_range, doc.page_count, shown)
        for index in chosen:
            page = doc[index]
            chars, rotated = _page_chars(page)
            is_scan = scanned is not None and not chars and not rotated.strip() and bool(page.get_images())
            scanned_rules: tuple[tuple[float, float, float], ...] = ()
            if is_scan:
                chars, scanned_rules = scanned(page, index)
            source = Span(f"{shown} page {index + 1}")
            chars_read.extend(c.c for c in chars)
            chars_read.append(rotated)
            if rotated.strip():
                result.dropped.append(Dropped("rotated text", rotated, source, len(result.pages)))
            strokes, dots = _drawn(page)
            if scanned_rules:  # a scan's rules are in its image, not drawn: a header rule tells its header
                strokes = tuple(sorted((*strokes, *scanned_rules)))
            bands = ruled_bands(strokes)
            rows = _rows(chars, source, dots, bands)
            result.pages.append(
                SourcePage(shown, index + 1, tuple(rows), _body_size(chars), 0.0, page.rect.width, page.rect.height,
                           _rules(strokes, page.rect.width, bands), kind="pdf", strokes=strokes)
            )
            if not is_scan:
                result.images.extend(_images(doc, page, shown, index + 1, diagnostics, source))
            if on_page:
                on_page(len(result.pages), len(chosen))
    except mupdf_errors() as exc:  # MuPDF reports broken objects while reading pages
        raise SourceImportError(f"the PDF is damaged: {exc}", Span(shown)) from exc
    finally:
        doc.close()
    result.characters = "".join(chars_read)
    if not any(p.rows for p in result.pages):
        raise SourceImportError(
            "the chosen pages of the PDF hold no text",
            Span(shown),
            hint="a scanned page holds only an image of the text; run OCR on it first",
        )
    return result


def _page_chars(page) -> tuple[list[_Char], str]:
    """Horizontal characters of a page, and the text of any rotated lines (not imported)."""
    import pymupdf

    chars: list[_Char] = []
    rotated: list[str] = []
    # Image blocks would carry each image's bytes in the dict; images are read by `_images`.
    raw = page.get_text("rawdict", flags=pymupdf.TEXTFLAGS_RAWDICT & ~pymupdf.TEXT_PRESERVE_IMAGES)
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            dx, dy = line["dir"]
            horizontal = abs(dy) < 1e-3 and dx > 0
            for span in line["spans"]:
                if not horizontal:
                    rotated.extend(ch["c"] for ch in span["chars"])
                    continue
                font = span["font"].split("+", 1)[-1]
                bold = bool(span["flags"] & 16) or bool(_BOLD_NAME.search(font))
                size = span["size"]
                chars.extend(_Char(ch["c"], ch["bbox"][0], ch["bbox"][2], ch["origin"][1], size, font, bold)
                             for ch in span["chars"])
    return chars, "".join(rotated)


def _body_size(chars: Sequence[_Char]) -> float:
    """The commonest size of the page's characters: one em of its body text."""
    sizes = _rounded(Counter(c.size for c in chars if not c.c.isspace()), 1)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _rounded(counts: Counter[float], digits: int) -> Counter[float]:
    """`counts` of sizes as counts of sizes rounded to `digits` (each distinct size is rounded
    once; the order of first appearance, which breaks ties in `most_common`, is kept)."""
    out: Counter[float] = Counter()
    for size, n in counts.items():
        out[round(size, digits)] += n
    return out


_BASELINE_ORDER, _LEFT = attrgetter("y", "x0"), attrgetter("x0")
_SIZE, _FONT = attrgetter("size"), attrgetter("font")


def _rows(chars: Sequence[_Char], source: Span, dots: Sequence[tuple[float, float, float]] = (),
          bands: Sequence[tuple[float, float, float, float]] = ()) -> list[Row]:
    """Characters grouped by baseline, each row split into pieces at wide gaps; `dots` are the
    small filled circles drawn on the page (x, y, radius), which mark the characters above them
    as emphasised; inside `bands` (y0, y1, x0, x1: between the rules of a table) a narrower gap
    splits, since cells stand as little as two half-em paddings apart."""
    rows: list[list[_Char]] = []
    for ch in sorted(chars, key=_BASELINE_ORDER):
        if rows and abs(ch.y - rows[-1][0].y) <= 0.2 * max(ch.size, rows[-1][0].size):
            rows[-1].append(ch)
        else:
            rows.append([ch])
    out = []
    for row in rows:
        marked = _dotted(row, dots) if dots else frozenset()
        ruled = [(x0, x1) for y0, y1, x0, x1 in bands if y0 < row[0].y < y1]
        segments = tuple(_segment(piece, source, marked) for piece in _pieces(sorted(row, key=_LEFT), ruled))
        segments = tuple(s for s in segments if s.text)
        if segments:
            out.append(Row(row[0].y, segments))
    return out


CELL_GAP = 0.6
"""Em of empty space that separates two pieces between the rules of a table (two cells)."""


def _pieces(row: Sequence[_Char], ruled: Sequence[tuple[float, float]] = ()) -> list[list[_Char]]:
    """Ink characters split at wide gaps (narrower ones inside the `ruled` x ranges); a space
    character inside a piece is kept in it."""
    pieces: list[list[_Char]] = []
    last_ink: _Char | None = None
    for ch in row:
        if ch.c.isspace():
            if pieces and last_ink is not None:
                pieces[-1].append(ch)
            continue
        gap = PIECE_GAP
        if last_ink is not None and any(x0 <= last_ink.x0 and ch.x1 <= x1 for x0, x1 in ruled):
            gap = CELL_GAP
        if last_ink is None or ch.x0 - last_ink.x1 > gap * max(ch.size, last_ink.size):
            if pieces:
                pieces[-1] = _rstrip(pieces[-1])
            pieces.append([])
        pieces[-1].append(ch)
        last_ink = ch
    if pieces:
        pieces[-1] = _rstrip(pieces[-1])
    return pieces


def _rstrip(piece: list[_Char]) -> list[_Char]:
    while piece and piece[-1].c.isspace():
        piece.pop()
    return piece


def _space(before: _Char, ch: _Char, typed: str) -> str:
    """The space that stands between two ink characters, or "" (`typed`: the PDF's own, if any).

    Between Latin characters a gap is a space whether or not the PDF drew one. Next to a Chinese
    character a gap is the composer's Han–Latin spacing and not text; but a space character the
    PDF holds between two Chinese characters was typed (摄影 张三): paragraphs drop it again when
    they are joined, short lines such as photo credits keep it.
    """
    if not is_wide(before.c) and not is_wide(ch.c):
        return " " if ch.x0 - before.x1 > WORD_GAP * ch.size else ""
    return typed if is_wide(before.c) and is_wide(ch.c) else ""


DOT_BELOW = (0.15, 0.5)
"""Em below a character's baseline between which the centre of its emphasis dot stands (paiban
sets it 0.3 em down; other typesetters a little higher or lower)."""

DOT_SIZE = (0.04, 0.15)
"""Em range of an emphasis dot's radius."""


def _dotted(row: Sequence[_Char], dots: Sequence[tuple[float, float, float]]) -> frozenset[int]:
    """The ids of the characters of a row that have an emphasis dot centred under them."""
    out: set[int] = set()
    y = row[0].y
    size = max(ch.size for ch in row)
    near = [d for d in dots if DOT_BELOW[0] * size <= d[1] - y <= DOT_BELOW[1] * size
            and DOT_SIZE[0] * size <= d[2] <= DOT_SIZE[1] * size]
    for x, _, _ in near:
        for ch in row:
            if ch.x0 < x < ch.x1 and abs((ch.x0 + ch.x1) / 2 - x) < 0.25 * ch.size:
                out.add(id(ch))
                break
    return frozenset(out)


def _segment(piece: Sequence[_Char], source: Span, marked: frozenset[int] = frozenset()) -> Segment:
    text: list[str] = []
    bold: list[bool] = []
    emphasis: list[bool] = []
    ink = [ch for ch in piece if not ch.c.isspace()]
    typed = ""
    before: _Char | None = None
    for ch in piece:
        if ch.c.isspace():
            typed = typed or ch.c
            continue
        space = _space(before, ch, typed) if before is not None else ""
        if space:
            text.append(space)
            bold.append(before.bold and ch.bold)
            emphasis.append(False)
        text.append(ch.c)
        bold.append(ch.bold)
        emphasis.append(id(ch) in marked)
        before, typed = ch, ""
    piece = ink
    sizes = _rounded(Counter(map(_SIZE, piece)), 2)
    fonts = Counter(map(_FONT, piece))
    return Segment("".join(text), piece[0].x0, piece[-1].x1, source, tuple(bold),
                   sizes.most_common(1)[0][0], fonts.most_common(1)[0][0],
                   emphasis=tuple(emphasis) if any(emphasis) else ())


def _drawn(page) -> tuple[tuple[tuple[float, float, float], ...], tuple[tuple[float, float, float], ...]]:
    """What the page's vector drawings say about its text: every thin horizontal rule as
    (y, x0, x1), top-down (header rules, the rules of pull quotes and tables), and every small
    filled round shape as (x, y, radius) (emphasis dots)."""
    out: list[tuple[float, float, float]] = []
    dots: list[tuple[float, float, float]] = []
    for path in page.get_drawings():
        rect = path.get("rect")
        if path.get("fill") is not None and rect is not None and rect.width < 6 \
                and abs(rect.width - rect.height) < 0.1 * rect.width \
                and path["items"] and all(item[0] == "c" for item in path["items"]):
            dots.append(((rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2, rect.width / 2))
            continue
        for item in path["items"]:
            if item[0] == "l":
                p, q = item[1], item[2]
                if abs(p.y - q.y) < 0.5 and abs(q.x - p.x) > 0:
                    out.append(((p.y + q.y) / 2, min(p.x, q.x), max(p.x, q.x)))
            elif item[0] == "re":
                rect = item[1]
                if rect.height < 2 and rect.width > rect.height:
                    out.append(((rect.y0 + rect.y1) / 2, rect.x0, rect.x1))
    return tuple(sorted(out)), tuple(dots)


def _rules(strokes: Sequence[tuple[float, float, float]], width: float,
           bands: Sequence[tuple[float, float, float, float]] = ()) -> tuple[float, ...]:
    """The y of long horizontal rules (header and footer rules), top-down; the rules of a
    table (`bands`) are none of them."""
    return tuple(y for y, x0, x1 in strokes if x1 - x0 >= 0.3 * width
                 and not any(y0 <= y <= y1 and abs(x0 - b0) <= 1 and abs(x1 - b1) <= 1 for y0, y1, b0, b1 in bands))


def _images(doc, page, shown: str, number: int, diagnostics: Diagnostics, source: Span) -> list[PdfImage]:
    """Every placement of an image on the page, top-down."""
    out = []
    for info in page.get_images(full=True):
        xref = info[0]
        try:
            extracted = doc.extract_image(xref)
            rects = page.get_image_rects(xref)
        except (RuntimeError, ValueError) as exc:
            diagnostics.warn(f"an image could not be extracted ({exc})", source)
            continue
        if not extracted:
            continue
        for rect in rects:  # an image drawn twice is two figures
            out.append(PdfImage(shown, number, extracted["image"], extracted["ext"], (rect.x0, rect.y0, rect.x1, rect.y1)))
    return sorted(out, key=lambda image: (image.bbox[1], image.bbox[0]))


Char = _Char
"""A positioned character, as the OCR reader (`paiban.importers.scan`) hands them over."""


def rows_of(chars: Sequence[_Char], source: Span) -> list[Row]:
    """Characters grouped into rows and pieces as a PDF page's are (for OCR'd pages)."""
    return _rows(chars, source)
