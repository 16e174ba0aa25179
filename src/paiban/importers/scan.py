"""Reading scanned pages: page images and the image-only pages of a PDF, through OCR.

A scan is cleaned (`scanclean`), read by Tesseract with its Simplified Chinese model
(``chi_sim``), and its characters are handed to the PDF reader's row grouping
(`paiban.importers.pdf.rows_of`) in points, so that everything after — columns, title block,
headings, paragraphs, furniture — is the code that reads PDFs.

Tesseract is a program, not a Python package: paiban runs it as a child process, one page at a
time, with ``OMP_THREAD_LIMIT=1`` in the child's environment only. Its OpenMP threads, when left
on, spin against each other on a small machine (three times the CPU time for the same page).
Nothing is downloaded: the model comes from the system's package (Debian
``tesseract-ocr-chi-sim``). Without Tesseract or the model the import stops and says what to
install.

Characters Tesseract is unsure of (confidence under `UNCERTAIN`) are listed with their page,
line and position; with ``mark_uncertain`` they are written into the article as
``〔？字〕`` — the character as read, inside 〔？…〕 — for an editor to find and check.
"""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from paiban.errors import SourceImportError, Span
from paiban.importers.ocr_words import OcrChar, OcrPage, line_sizes, parse_hocr
from paiban.importers.pdf import Char, ReadScanned, rows_of
from paiban.importers.source import SourcePage
from paiban.text.classes import is_wide

LANGUAGE = "chi_sim"
DPI = 300
"""Resolution at which image-only PDF pages are rendered for OCR, and assumed for images that do
not say theirs."""

UNCERTAIN = 70.0
"""Tesseract confidence (0-100) under which a character is reported as uncertain."""

MARK_OPEN, MARK_CLOSE = "〔？", "〕"
"""How `--mark-uncertain` wraps a character in the article: 〔？字〕."""

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")

INSTALL_HINT = ("install Tesseract and its Simplified Chinese model, e.g. on Debian or Ubuntu "
                "`apt-get install tesseract-ocr tesseract-ocr-chi-sim` (other systems: a tesseract "
                "command on PATH with the chi_sim language)")


def is_image(path: Path, data: bytes) -> bool:
    """Whether a page file is a PNG, JPEG or TIFF image: named so, or without a suffix and
    starting like one (a .txt holding an image stays an error of page text)."""
    return path.suffix.lower() in IMAGE_SUFFIXES or (not path.suffix and data.startswith(_MAGIC))


def tesseract_command() -> str | None:
    """The tesseract program on PATH, if any."""
    return shutil.which("tesseract")


@lru_cache(maxsize=4)
def _languages(command: str) -> tuple[str, ...]:
    done = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=60)
    return tuple(line.strip() for line in (done.stdout + done.stderr).splitlines()[1:])


def missing_engine() -> str | None:
    """Why scans cannot be read here, or None when they can."""
    command = tesseract_command()
    if command is None:
        return "reading a scanned page needs the OCR program Tesseract, which is not installed"
    try:
        languages = _languages(command)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"the OCR program Tesseract ({command}) does not run: {exc}"
    if LANGUAGE not in languages:
        return f"Tesseract is installed but not its Simplified Chinese model ({LANGUAGE})"
    return None


def require_engine(shown: str) -> str:
    """The tesseract command, or a `SourceImportError` saying what to install."""
    why = missing_engine()
    if why:
        raise SourceImportError(why, Span(shown), hint=INSTALL_HINT)
    return tesseract_command() or "tesseract"


@dataclass(frozen=True)
class Uncertain:
    """A character the OCR is unsure of, where it stands."""

    page: str  # e.g. "scan.png page 1"
    line: int  # 1-based, counted top-down among the page's rows
    x_mm: float  # from the page's left edge
    y_mm: float  # from its top
    char: str
    confidence: float
    context: str  # the row's text around it

    def __str__(self) -> str:
        return (f"{self.page} line {self.line} ({self.x_mm:.0f} mm from the left, {self.y_mm:.0f} mm from the top): "
                f"'{self.char}' (confidence {self.confidence:.0f}) in “{self.context}”")


@dataclass(frozen=True)
class ScannedPage:
    """One page read by OCR: its characters (points), uncertain characters and skew."""

    chars: list[Char]
    width: float  # points
    height: float
    rules: tuple[tuple[float, float, float], ...]
    uncertain: list[Uncertain]
    skew: float
    specks: list[tuple[str, float]] = dataclasses.field(default_factory=list)  # (mark, y) dropped from gutters


TESSERACT_OPTIONS = ("--psm", "3")
"""How Tesseract reads a page: its automatic page segmentation. (Telling it that the text is
Chinese, ``-c textord_use_cjk_fp_model=1``, found short last lines of paragraphs it leaves out
on some roughened pages and scored 0.004-0.010 better on the scan corpus's 300-dpi subset, but
on a short two-column page it then read phantom marks into the gutter and joined the columns'
lines through them, so it is not set.)"""


def run_tesseract(command: str, image, dpi: float) -> str:
    """Tesseract's hOCR for a black-and-white page image (PIL), read single-threaded."""
    buffer = io.BytesIO()
    image.convert("1").save(buffer, "PNG", dpi=(dpi, dpi))
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(
        [command, "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(round(dpi)), *TESSERACT_OPTIONS,
         "-c", "hocr_char_boxes=1", "hocr"],
        input=buffer.getvalue(), capture_output=True, env=env, timeout=600,
    )
    if done.returncode:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SourceImportError(f"Tesseract failed: {message[-1] if message else done.returncode}")
    return done.stdout.decode("utf-8")


def read_image(image, dpi: float, shown: str, command: str, mark_uncertain: bool) -> ScannedPage:
    """Clean, OCR and convert one page image (PIL) at `dpi`."""
    from paiban.importers.scanclean import clean_page

    cleaned = clean_page(image, dpi)
    ocr = parse_hocr(run_tesseract(command, cleaned.image, dpi))
    ocr = dataclasses.replace(ocr, rules=tuple(sorted((*ocr.rules, *cleaned.rules))))
    ocr = solid_marks(ocr, cleaned.image)
    ocr = joined_dashes(ocr, cleaned.image)
    return to_points(ocr, dpi, shown, mark_uncertain, cleaned.skew)


SOLID = 0.85
"""Share of ink in a character's box from which it is a solid mark (■), not a character."""


def solid_marks(ocr: OcrPage, image) -> OcrPage:
    """The page with solid square marks read as ■. A byline's ornament is a filled square, which
    chi_sim reads as a Han character (国, 回); no character of text fills its box with ink."""
    import numpy as np

    ink = np.asarray(image.convert("L")) < 128
    lines = []
    for line in ocr.lines:
        chars = []
        for ch in line.chars:
            x0, y0, x1, y1 = (round(v) for v in (ch.x0, ch.y0, ch.x1, ch.y1))
            box = ink[max(0, y0):max(0, y1), max(0, x0):max(0, x1)]
            square = box.size and 0.75 <= (x1 - x0) / max(1, y1 - y0) <= 1.33
            if square and float(box.mean()) >= SOLID:
                ch = dataclasses.replace(ch, c="■", conf=100.0)
            chars.append(ch)
        lines.append(dataclasses.replace(line, chars=tuple(chars)))
    return dataclasses.replace(ocr, lines=tuple(lines))


DASHLIKE = frozenset("一—－-‐‑–―─")
"""What chi_sim reads a stroke of the Chinese dash —— as: 一, an em or en dash, a hyphen."""

DASH_EMS = (1.3, 2.6)
"""Length in em of one unbroken stroke that is the Chinese dash —— (two em dashes drawn as one)."""


def joined_dashes(ocr: OcrPage, image) -> OcrPage:
    """The page with the Chinese dash —— restored where chi_sim read it as 一一, 一—, 一- or a lone 一.

    The dash is two em dashes drawn as one continuous line two ems long at the middle height of
    the line; 一一 is two ideographs, each stroke ending (in a serif face, with its serif) before
    the next begins. So a run of dash-like characters is taken as —— when the ink at its boxes,
    in the rows of its stroke, runs unbroken for 1.3-2.6 em (fonts draw the dash 1.6-2 em long;
    one 一 or one em dash is at most an em); otherwise the characters stay as read.
    """
    import numpy as np

    ink = np.asarray(image.convert("L")) < 128
    sizes = line_sizes(ocr.lines)
    lines = []
    for line, em in zip(ocr.lines, sizes):
        chars = list(line.chars)
        out: list[OcrChar] = []
        k = 0
        while k < len(chars):
            end = k
            while end < len(chars) and chars[end].c in DASHLIKE:
                end += 1
            if end == k:
                out.append(chars[k])
                k += 1
                continue
            run = chars[k:end]
            if em and _one_stroke(ink, run, em):
                first = run[0]
                x0, x1 = min(c.x0 for c in run), max(c.x1 for c in run)
                y0, y1 = min(c.y0 for c in run), max(c.y1 for c in run)
                middle = (x0 + x1) / 2
                out.append(dataclasses.replace(first, c="—", x0=x0, x1=middle, y0=y0, y1=y1, conf=100.0))
                out.append(dataclasses.replace(first, c="—", x0=middle, x1=x1, y0=y0, y1=y1, conf=100.0))
            else:
                out.extend(run)
            k = end
        lines.append(dataclasses.replace(line, chars=tuple(out)))
    return dataclasses.replace(ocr, lines=tuple(lines))


def _one_stroke(ink, run: Sequence[OcrChar], em: float) -> bool:
    """Whether the ink of `run`'s boxes holds one thin horizontal stroke, unbroken, 1.3-2.6 em long.

    The stroke's rows are those of the boxes with the most ink (a serif, a speck or a neighbour's
    stroke caught in a box is short). In those rows the longest unbroken run of ink that starts
    or ends inside the boxes is measured, followed past them as far as it goes, as Tesseract's
    boxes often cover only part of the line. Two 一 side by side never make such a run: each
    ideograph's stroke ends (in a serif face, with its serif) before the next one begins.
    """
    import numpy as np

    height, width = ink.shape
    x0 = max(0, round(min(c.x0 for c in run)))
    x1 = min(width, round(max(c.x1 for c in run)))
    y0 = max(0, round(min(c.y0 for c in run)))
    y1 = min(height, round(max(c.y1 for c in run)))
    if x1 <= x0 or y1 <= y0:
        return False
    rows = ink[y0:y1, x0:x1].sum(axis=1)
    if not rows.max():
        return False
    stroke = np.flatnonzero(rows >= 0.5 * rows.max())
    top, bottom = y0 + stroke[0], y0 + stroke[-1] + 1
    if bottom - top > 0.25 * em:
        return False
    band = np.concatenate(([False], ink[top:bottom].any(axis=0), [False]))
    edges = np.flatnonzero(np.diff(band.astype(np.int8)))
    longest = max((end - start for start, end in zip(edges[::2], edges[1::2])
                   if start < x1 and end > x0), default=0)
    return DASH_EMS[0] * em <= longest <= DASH_EMS[1] * em


def to_points(ocr: OcrPage, dpi: float, shown: str, mark_uncertain: bool, skew: float = 0.0) -> ScannedPage:
    """The OCR's characters as a PDF page's, in points, with their sizes; and the uncertain
    ones (wrapped in 〔？…〕 when `mark_uncertain`)."""
    scale = 72.0 / dpi
    sizes = line_sizes(ocr.lines)
    noise = gutter_specks(ocr, sizes)
    chars: list[Char] = []
    specks: list[tuple[str, float]] = []
    doubtful: list[tuple[float, float, str, float]] = []  # (x, baseline, char, conf)
    for line, size in zip(ocr.lines, sizes):
        em = size * scale
        for ch in line.chars:
            x0, x1, y = ch.x0 * scale, ch.x1 * scale, ch.baseline * scale
            if ch in noise:
                specks.append((ch.c, y))
                continue
            if ch.conf < UNCERTAIN and not ch.c.isspace():
                doubtful.append((x0, y, ch.c, ch.conf))
            if is_wide(ch.c) and em:
                # A PDF's character box is its advance, one em for a Han character; the OCR's
                # is the ink. Widened to the em, gaps measure as in a PDF (a word space of one
                # em after 第一条 is not a column gutter).
                middle = (x0 + x1) / 2
                x0, x1 = min(x0, middle - em / 2), max(x1, middle + em / 2)
            if ch.conf < UNCERTAIN and mark_uncertain and not ch.c.isspace():
                chars.extend(_marked(ch.c, x0, x1, y, em))
                continue
            chars.append(Char(ch.c, x0, x1, y, em, "", False))
    source = Span(shown)
    rows = rows_of(chars, source)
    uncertain = [_place(shown, rows, x, y, c, conf) for x, y, c, conf in doubtful]
    rules = tuple((y * scale, x0 * scale, x1 * scale) for y, x0, x1 in ocr.rules)
    return ScannedPage(chars, ocr.width * scale, ocr.height * scale, rules, uncertain, skew, specks)


GUTTER_SHARE = 0.1
"""Share of the body's lines at most that may have a Han character at an x of a column gutter."""


def _han(c: str) -> bool:
    return is_wide(c) and c.isalnum()


def gutter_specks(ocr: OcrPage, sizes: Sequence[float]) -> set[OcrChar]:
    """Marks the OCR read inside a column gutter: a speck, or a shadow between the columns,
    read as a quote or a comma. A gutter is a band at least half an em wide where at most
    `GUTTER_SHARE` of the body's lines have ink, with body text on both sides; a mark there
    (not a Han character: a title or byline may cross the gutter) in a body line is no text.
    Such marks are dropped and reported, so that two columns' lines are not joined through them."""
    body = Counter(size for line, size in zip(ocr.lines, sizes) for _ in line.chars).most_common(1)
    if not body or not body[0][0] or not ocr.width:
        return set()
    em = body[0][0]
    lines = [line for line, size in zip(ocr.lines, sizes) if size == em]
    import numpy as np

    coverage = np.zeros(ocr.width + 2, dtype=np.int32)
    for line in lines:
        covered = np.zeros(ocr.width + 2, dtype=bool)
        # The line's runs of Han characters and full-width marks less than an em apart (the
        # OCR's boxes of single characters are too loose for the gaps between them to mean much).
        han = sorted((ch.x0, ch.x1) for ch in line.chars if is_wide(ch.c))
        start = 0
        for k in range(1, len(han) + 1):
            if k == len(han) or han[k][0] - han[k - 1][1] > em:
                covered[max(0, int(han[start][0])):max(0, int(han[k - 1][1])) + 1] = True
                start = k
        coverage += covered
    low = max(1.0, GUTTER_SHARE * len(lines))  # a centred byline may cross a gutter
    high = max(low + 1, 0.2 * len(lines))  # text on either side: a share of the lines, as three columns have
    bands: list[tuple[int, int]] = []
    quiet = np.flatnonzero(np.diff(np.concatenate(([0], (coverage <= low).astype(np.int8), [0]))))
    for start, end in zip(quiet[::2], quiet[1::2]):
        inside = coverage[:start].max(initial=0) >= high and coverage[end:].max(initial=0) >= high
        if inside and end - start >= 0.5 * em:
            bands.append((int(start), int(end)))
    out: set[OcrChar] = set()
    for line in lines:
        for ch in line.chars:
            middle = (ch.x0 + ch.x1) / 2
            if not _han(ch.c) and any(a <= middle <= b for a, b in bands):
                out.add(ch)
    return out


def _marked(c: str, x0: float, x1: float, y: float, em: float) -> list[Char]:
    """〔？c〕 as characters sharing the box of `c` (so that the row keeps its length)."""
    text = MARK_OPEN + c + MARK_CLOSE
    step = (x1 - x0) / len(text)
    return [Char(t, x0 + k * step, x0 + (k + 1) * step, y, em, "", False) for k, t in enumerate(text)]


def _place(shown: str, rows, x: float, y: float, c: str, conf: float) -> Uncertain:
    """Where an uncertain character stands: the row it is on (counted top-down), its position in
    mm, and the text of its line around it."""
    line = min(range(len(rows)), key=lambda k: abs(rows[k].y - y)) if rows else 0
    context = ""
    if rows:
        segment = min(rows[line].segments, key=lambda s: 0 if s.x0 <= x <= s.x1 else min(abs(s.x0 - x), abs(s.x1 - x)))
        context = segment.text
        if len(context) > 24:
            at = max(0, min(len(context) - 24, int((x - segment.x0) / max(segment.x1 - segment.x0, 1) * len(context)) - 12))
            context = context[at : at + 24]
    mm = 25.4 / 72
    return Uncertain(shown, line + 1, x * mm, y * mm, c, conf, context)


def source_page(scanned: ScannedPage, shown: str, number: int) -> SourcePage:
    """The page as the assembler reads a PDF page (positions in points)."""
    rows = rows_of(scanned.chars, Span(f"{shown} page {number}"))
    rules = tuple(y for y, x0, x1 in scanned.rules if x1 - x0 >= 0.3 * scanned.width)
    sizes = Counter(round(c.size, 1) for c in scanned.chars)
    em = sizes.most_common(1)[0][0] if sizes else 10.0
    # kind "pdf": positions in points and sizes known, read by the same rules as a PDF page
    return SourcePage(shown, number, tuple(rows), em, 0.0, scanned.width, scanned.height,
                      rules, kind="pdf", strokes=scanned.rules)


def image_dpi(image) -> float:
    """The resolution an image file states, or `DPI` when it states none (or a silly one)."""
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if 100 <= value <= 1200 else float(DPI)


def open_image_pages(data: bytes, shown: str) -> list:
    """The pages (frames) of an image file as PIL images; a multi-page TIFF has several."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        raise SourceImportError(f"the image cannot be read: {exc}", Span(shown),
                                hint="give a PNG, JPEG or TIFF page image") from None
    for frame in frames:
        frame.info.setdefault("dpi", image.info.get("dpi"))
    return frames


def read_images(images: Sequence, shown: str, mark_uncertain: bool, jobs: int = 1,
                on_page: Callable[[int, int], None] | None = None) -> list[ScannedPage]:
    """OCR page images, `jobs` at a time (Tesseract runs as a child process, so threads
    suffice), in their order."""
    command = require_engine(shown)

    def one(k: int) -> ScannedPage:
        return read_image(images[k], image_dpi(images[k]), f"{shown} page {k + 1}", command, mark_uncertain)

    out: list[ScannedPage] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for page in pool.map(one, range(len(images))):
            out.append(page)
            if on_page:
                on_page(len(out), len(images))
    return out


class PdfScanReader:
    """A reader for `paiban.importers.pdf.read_pdf`'s `scanned`: renders an image-only page at
    `DPI` and OCRs it, giving its characters and rules; its uncertain characters are added to
    `uncertain`, the marks dropped from its gutters to `specks` as (page index, mark, y).

    `read_pdf` asks for the pages one after the other. With `jobs` above 1, asking for one page
    also starts the next `jobs` pages of `page_range` that look scanned (no text, an image), each
    rendered here and read (clean-up and Tesseract) in a thread of its own, so that that many
    pages are read at once while at most that many rendered pages wait in memory. A page
    started but never asked for (its text layer is rotated text, say) is only work lost.
    `close` waits for what was started.
    """

    def __init__(self, shown: str, mark_uncertain: bool, uncertain: list[Uncertain],
                 specks: list[tuple[int, str, float]], jobs: int = 1, page_range: str | None = None):
        self.shown, self.mark_uncertain, self.jobs, self.page_range = shown, mark_uncertain, max(1, jobs), page_range
        self.uncertain, self.specks = uncertain, specks
        self._pool: ThreadPoolExecutor | None = None
        self._started: dict[int, Future[ScannedPage]] = {}
        self._order: list[int] | None = None

    def __call__(self, page, index: int) -> tuple[list[Char], tuple[tuple[float, float, float], ...]]:
        command = require_engine(f"{self.shown} page {index + 1}")
        if self.jobs == 1:
            scanned = self._read(command, self._render(page), index)
        else:
            self._start(command, page, index)
            for later in self._next_pages(page.parent, index):
                self._start(command, page.parent[later], later)
            scanned = self._started.pop(index).result()
        self.uncertain.extend(scanned.uncertain)
        self.specks.extend((index, c, y) for c, y in scanned.specks)
        return scanned.chars, scanned.rules

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._started.clear()

    def _render(self, page):
        import pymupdf
        from PIL import Image

        pix = page.get_pixmap(dpi=DPI, colorspace=pymupdf.csGRAY, alpha=False)
        return Image.frombytes("L", (pix.width, pix.height), pix.samples)

    def _read(self, command: str, image, index: int) -> ScannedPage:
        return read_image(image, DPI, f"{self.shown} page {index + 1}", command, self.mark_uncertain)

    def _start(self, command: str, page, index: int) -> None:
        if index in self._started:
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.jobs)
        self._started[index] = self._pool.submit(self._read, command, self._render(page), index)

    def _next_pages(self, doc, index: int) -> list[int]:
        """The next pages to be read after `index` that look scanned, as many as `jobs` less one."""
        from paiban.importers.pdf import parse_page_range

        if self._order is None:
            self._order = parse_page_range(self.page_range, doc.page_count, self.shown)
        after = self._order[self._order.index(index) + 1:] if index in self._order else []
        out: list[int] = []
        for k in after:
            if len(out) >= self.jobs - 1:
                break
            if k in self._started or (not doc[k].get_text("text").strip() and doc[k].get_images()):
                out.append(k)
        return out


def pdf_page_reader(shown: str, mark_uncertain: bool, uncertain: list[Uncertain],
                    specks: list[tuple[int, str, float]], jobs: int = 1,
                    page_range: str | None = None) -> PdfScanReader:
    """A `PdfScanReader` (see there); call its `close` when the PDF has been read."""
    return PdfScanReader(shown, mark_uncertain, uncertain, specks, jobs, page_range)
