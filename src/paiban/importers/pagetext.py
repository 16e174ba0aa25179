"""Reading extracted page text: each row holds a left-column line, spaces, a right-column line.

A flipbook site or ``pdftotext -layout`` writes each row of a page as one text line and puts every
piece at its x position by padding with spaces. How a position is counted differs between tools:
some count characters (a full-width character advances by one), others count display cells (it
advances by two), and under the wrong count the right column seems to drift by a few characters
from row to row. So the count is measured per page, not assumed: the one under which the later
pieces of the rows start at the fewest distinct positions is the one the file was written with.
Pages of one file are separated by form feeds, as pdftotext writes them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from paiban.errors import Diagnostics, SourceImportError, Span
from paiban.importers.gutters import SHIFT, WINDOW, Band, RowInk, crosses, cut, find_bands, force_cut, narrow_cut
from paiban.importers.source import Row, Segment, SourcePage

MIN_GAP_CELLS = 2
"""Blank display cells that separate two pieces of a row; one space is a word space."""

CELLS_PER_EM = 2.0
"""A full-width character is two cells wide, in either count: leading spaces are half-width."""


_PIECE = re.compile(r"\S+(?:[^\S\u3000]\S+)*")
"""A piece: ink with no gap of `MIN_GAP_CELLS` inside it — one space at most, and not an
ideographic space, which is two cells."""


@dataclass(frozen=True, slots=True)
class _Piece:
    """Text between wide gaps on one row, with its start under both ways of counting."""

    text: str
    chars: int  # offset counting every character as one
    cells: int  # offset counting full-width characters as two
    column: int  # 1-based character column in the file, for messages


def read_page_text(data: bytes, shown: str, diagnostics: Diagnostics,
                   on_page: Callable[[int, int], None] | None = None) -> list[SourcePage]:
    """The pages of an extracted-text file; bad bytes become a `SourceImportError`.
    `on_page(done, total)` is told each page read."""
    text = decode_page_text(data, shown, diagnostics)
    pages: list[SourcePage] = []
    prior: list[Band] = []  # the gutters of the last page read
    first_line = 1
    chunks = text.split("\f")
    for number, chunk in enumerate(chunks, start=1):
        lines = chunk.split("\n")
        if chunk.strip():
            page, prior = _page(lines, first_line, number, shown, prior)
            pages.append(page)
        elif number < len(chunks) or number == 1:  # a form feed at the very end closes the last page
            diagnostics.warn(f"page {number} of the file is empty; it was skipped", Span(shown, first_line))
        first_line += len(lines) - 1
        if on_page:
            on_page(number, len(chunks))
    if not pages:
        raise SourceImportError("the page file holds only blank lines", Span(shown), hint="give the file with the page's text")
    return pages


def decode_page_text(data: bytes, shown: str, diagnostics: Diagnostics) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM (Windows editors' "Unicode"), and
    GB18030, which Chinese tools often write, with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise SourceImportError("the page file starts like UTF-16 but is not", Span(shown)) from None
    if not data.strip():
        raise SourceImportError("the page file is empty", Span(shown), hint="give the file with the page's text")
    if _looks_binary(data):
        raise SourceImportError(
            "this is a binary file, not extracted page text",
            Span(shown),
            hint="give a text file (what pdftotext -layout writes) or a PDF",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _decode_legacy(data, exc, shown, diagnostics)
    return text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(8)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) * 0.05


def _decode_legacy(data: bytes, exc: UnicodeDecodeError, shown: str, diagnostics: Diagnostics) -> str:
    line = data.count(b"\n", 0, exc.start) + 1
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise SourceImportError(
            f"the page file is not UTF-8 text: byte 0x{data[exc.start]:02X} at offset {exc.start} cannot be decoded",
            Span(shown, line),
            hint="save the extracted text as UTF-8",
        ) from None
    diagnostics.warn("the file is not UTF-8; it was read as GB18030 (check the Chinese text)", Span(shown, line))
    return text


# --------------------------------------------------------------------------- rows


def _page(lines: list[str], first_line: int, number: int, shown: str,
          prior: Sequence[Band] = ()) -> tuple[SourcePage, list[Band]]:
    pieces = [_pieces(line) for line in lines]
    count_cells = _counts_cells(pieces)
    inks = [_row_ink(line, count_cells) for line in lines]
    bands = _with_prior(find_bands(inks), prior, inks)
    chunks, pulled = _cut_rows(inks, bands) if bands else ([[(0, len(line))] if line.strip() else [] for line in lines], set())
    raw: list[tuple[int, list[tuple[_Piece, int]]]] = []
    ends: dict[tuple[int, int], int] = {}  # (row, piece) → where the piece's ink ends
    for index, (line, ink, parts) in enumerate(zip(lines, inks, chunks)):
        found = []
        for column, (a, b) in enumerate(parts):
            for piece in _pieces(line[a:b]):
                start = a + piece.column - 1
                x = ink.starts[start]
                at = _Piece(piece.text, x, x, start + 1)
                ends[(index, len(found))] = ink.ends[start + len(piece.text) - 1]
                found.append((at, column if bands else -1))
        if found:
            raw.append((index, found))
    raw = _rejoin_stairs(_place_pulled(raw, pulled), ends, bands)
    em = _measure_em([p for _, found in raw for p in found], bands, count_cells)
    spacing = _row_spacing([index for index, _ in raw])
    rows = []
    for index, found in raw:
        segments = tuple(
            _segment(p, em, Span(shown, first_line + index, p.column), column) for p, column in found
        )
        rows.append(Row(index / spacing, segments))
    width = max((s.x1 for r in rows for s in r.segments), default=0.0)
    gutters = tuple(b.centre for b in bands)
    return SourcePage(shown, number, tuple(rows), em, 1.0, width, len(lines) / spacing, gutters=gutters), bands


def _place_pulled(raw: list[tuple[int, list[tuple[_Piece, int]]]],
                  pulled: set[tuple[int, int]]) -> list[tuple[int, list[tuple[_Piece, int]]]]:
    """The lines the extraction pulled left up to the line before them (`narrow_cut`, given as
    (row, column)) placed where most of their column's lines start, which is where they stood."""
    if not pulled:
        return raw
    starts: dict[int, Counter[int]] = {}
    for index, found in raw:
        for piece, column in found:
            if (index, column) not in pulled:
                starts.setdefault(column, Counter())[piece.cells] += 1
    out = []
    for index, found in raw:
        placed = []
        for k, (piece, column) in enumerate(found):
            first = all(c != column for _, c in found[:k])
            if first and (index, column) in pulled and starts.get(column):
                x = max(sorted(starts[column]), key=starts[column].__getitem__)
                piece = replace(piece, chars=x, cells=x)
            placed.append((piece, column))
        out.append((index, placed))
    return out


STAIR_SLACK = (-1, 2)
"""Positions by which a piece may start before or after where the piece it continues ends."""

STAIR_MIN = 5
"""Characters a piece has at least, and positions right of its start the piece continuing it
starts at least: more than a paragraph's indent under either count of positions, so that a line
opening a paragraph under a short last line (ending in a mark) is not taken for its rest."""


STAIR_SHARED = 2
"""Rows of a column whose line starts at one position at most for a piece starting there to be
the rest of a line: where several lines start is a column edge or a paragraph indent."""


def _rejoin_stairs(raw: list[tuple[int, list[tuple[_Piece, int]]]], ends: dict[tuple[int, int], int],
                   bands: list[Band]) -> list[tuple[int, list[tuple[_Piece, int]]]]:
    """Rows with the pieces of one line that the extraction wrote as a staircase put back.

    A producer that compresses punctuation (a 、 or ， set half-width, a bracket kerned) writes a
    line as several runs of text; ``pdftotext -layout`` may then write each run on a row of its
    own, one row further down, starting where the run above ended. A piece is such a run when it
    opens its column on the row right below a piece of the same column, starts where that piece
    ends, not where other lines of the column start, ends before the column's gutter, makes with
    it a line no wider than the column's full lines, and the two meet at a punctuation mark; it
    is appended to the piece it continues (and the next run may continue the joined piece in
    turn). Lines of a column start at its edge or
    indent, never where the line above ended, and title lines are centred, so nothing else meets
    all of this."""
    line_starts: Counter[tuple[int, int]] = Counter()  # (column, position) → rows whose column's line starts there
    for _, found in raw:
        for k, (piece, column) in enumerate(found):
            if all(c != column for _, c in found[:k]):
                line_starts[(column, piece.cells)] += 1
    widths: dict[int, list[float]] = {}
    for _, found in raw:
        for piece, column in found:
            widths.setdefault(column, []).append(printed_cells(piece.text))
    full = {column: sorted(w)[int(0.9 * len(w))] for column, w in widths.items()}  # a full line's width
    out: list[tuple[int, list[tuple[_Piece, int]]]] = []
    tails: dict[int, tuple[int, int, int]] = {}  # column → (row in out, piece, end) of its last piece on the row above
    last_index = None
    for index, found in raw:
        above = tails if last_index == index - 1 else {}
        tails, last_index = {}, index
        kept: list[tuple[_Piece, int]] = []
        for k, (piece, column) in enumerate(found):
            opens_column = all(c != column for _, c in found[:k])
            if opens_column and column in above:
                row, at, end = above[column]
                target = out[row][1][at][0]
                far = len(target.text) >= STAIR_MIN and piece.cells - target.cells >= STAIR_MIN \
                    and line_starts[(column, piece.cells)] <= STAIR_SHARED
                inside = column < 0 or column >= len(bands) or ends[(index, k)] <= bands[column].start + SHIFT
                inside = inside and printed_cells(target.text + piece.text) <= full[column] + CELLS_PER_EM
                if far and inside and STAIR_SLACK[0] <= piece.cells - end <= STAIR_SLACK[1] \
                        and _meets_at_mark(target.text, piece.text):
                    out[row][1][at] = (replace(target, text=target.text + piece.text), column)
                    tails[column] = (row, at, ends[(index, k)])
                    continue
            kept.append((piece, column))
            tails[column] = (len(out), len(kept) - 1, ends[(index, k)])
        if kept:
            out.append((index, kept))
    return out


def _meets_at_mark(left: str, right: str) -> bool:
    """Whether two runs of one line meet at a punctuation mark (where a producer splits a line
    it compresses punctuation in): a pause mark or a bracket, not the end of a sentence (a
    paragraph's last line ends with one, and the next paragraph may start anywhere when
    positions count characters)."""
    return (_mark(left[-1]) and left[-1] not in _SENTENCE_ENDS) or _mark(right[0])


_SENTENCE_ENDS = frozenset("。！？!?")


def _mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P") and _printed_wide(ch)


FEW_ROWS = 8
"""Rows of text a page has at most for the gutters of the page before it to be tried on it."""


def _with_prior(bands: list[Band], prior: Sequence[Band], inks: list[RowInk]) -> list[Band]:
    """The gutters of a page of few rows (the end of an article on its last page) on which fewer
    were found than on the page before it in the file: the page before's, when this page's rows
    agree with them — the pages of one article share their columns, but two rows of a short
    last column are too few to find its gutter by. They agree when a row has ink on both sides
    of each and none runs through it. (An extraction places each page on its own, so gutters
    this page found itself are kept.)"""
    lines = [ink for ink in inks if not ink.blank]
    if not prior or len(lines) > FEW_ROWS or len(bands) >= len(prior):
        return bands
    for band in prior:
        if any(crosses(ink, band) for ink in lines[1:]):  # (the first row may be a running header)
            return bands
        if not any(cut(ink, band) is not None for ink in lines):
            return bands
    return list(prior)


def _row_spacing(indexes: list[int]) -> float:
    """Rows from one body line to the next: 1, or 2 when the extraction put a blank row between
    most lines (a generous line spacing). Row positions are divided by it, so that a line slot is
    one unit on every page."""
    steps = Counter(b - a for a, b in zip(indexes, indexes[1:]))
    if not steps:
        return 1.0
    return 2.0 if steps[2] > steps[1] else 1.0


def _row_ink(line: str, count_cells: bool) -> RowInk:
    """Where each character of a row starts and ends, in the page's count of positions: an
    ideographic space is two positions in either count, a wide character two when counting cells."""
    starts, ends = [], []
    x = 0
    for ch in line:
        step = 2 if ch == "\u3000" or (count_cells and _extra_cell(ch)) else 1
        starts.append(x)
        ends.append(x + step)
        x += step
    return RowInk(line, tuple(starts), tuple(ends))


def _cut_rows(inks: list[RowInk], bands: list[Band]) -> tuple[list[list[tuple[int, int]]], set[tuple[int, int]]]:
    """Each row as (start, end) character ranges, one per column it was cut into.

    A row is cut at its whitespace nearest each gutter; a row whose ink runs through a gutter
    with no space there is cut where the band is when the rows around it were cut there too
    (a full left-column line running into the gutter), and left whole otherwise (a title across
    the columns)."""
    cuts: list[dict[int, int]] = []
    for ink in inks:
        found = {}
        for k, band in enumerate(bands):
            at = cut(ink, band)
            if at is not None:
                found[k] = at
        cuts.append(found)
    text_rows = [i for i, ink in enumerate(inks) if not ink.blank]
    pulled: set[tuple[int, int]] = set()  # (row, column) of the lines `narrow_cut` cut off
    for pos, i in enumerate(text_rows):
        for k, band in enumerate(bands):
            if k in cuts[i] or not crosses(inks[i], band):
                continue
            before = text_rows[pos - 1] if pos else None
            after = text_rows[pos + 1] if pos + 1 < len(text_rows) else None
            cut_before = before is not None and k in cuts[before]
            cut_after = after is not None and k in cuts[after]
            at = narrow_cut(inks[i], band, _printed_wide) if cut_before or cut_after else None
            if at is not None:
                cuts[i][k] = at
                pulled.add((i, k + 1))
            elif cut_before and cut_after:
                cuts[i][k] = force_cut(inks[i], band)
    out = []
    for ink, found in zip(inks, cuts):
        if ink.blank:
            out.append([])
            continue
        points = [0, *sorted(found.values()), len(ink.text)]
        parts = [(0, 0)] * (len(bands) + 1)
        for a, b in zip(points, points[1:]):
            parts[_column_at(ink, a, b, bands, found)] = (a, b)
        out.append(parts)
    return out, pulled


def _column_at(ink: RowInk, a: int, b: int, bands: list[Band], found: dict[int, int]) -> int:
    """The column of the characters a..b of a row: right of every gutter the row was cut at
    before them, and of every gutter their first ink reaches (a row with nothing left of it).

    A band ends where the next column starts, and a line there may start a position or two
    left of that (a wide opening quote); a line of the column before cannot start so near the
    gutter, since it starts at its own column's edge or is centred in it. So a row's only piece
    belongs to the next column when it starts within `WINDOW` positions of the band's end
    (rows whose columns were set on different baselines hold one column's line each)."""
    first = next((ink.starts[k] for k in range(a, b) if not ink.text[k].isspace()), None)
    column = 0
    for k, band in enumerate(bands):
        if (k in found and found[k] <= a) or (k not in found and first is not None and first > band.end - WINDOW):
            column = k + 1
    return column


def _measure_em(pieces: list[tuple[_Piece, int]], bands: list[Band], count_cells: bool) -> float:
    """Positions per em on this page, from the paragraph indent, which is two characters wide in
    Chinese text: the commonest offset (of two to six positions) of a line's start right of its
    column's commonest start. Tools differ: ``pdftotext -layout`` writes about one position per
    character, a flipbook extraction two. Without indents, two (half-em cells)."""
    by_column: dict[int, Counter[int]] = {}
    for piece, column in pieces:
        by_column.setdefault(column, Counter())[piece.cells] += 1
    offsets: Counter[int] = Counter()
    for counts in by_column.values():
        if sum(counts.values()) < 3:
            continue
        edge = max(sorted(counts), key=counts.__getitem__)
        for x, n in counts.items():
            if 2 <= x - edge <= 6:
                offsets[x - edge] += n
        for x, n in counts.items():  # a column of mostly paragraph openings: the edge is left of the mode
            if 2 <= edge - x <= 6 and n >= 2:
                offsets[edge - x] += n
    if not offsets:
        return CELLS_PER_EM
    offset = max(sorted(offsets), key=offsets.__getitem__)
    return 1.0 if offset <= 3 else CELLS_PER_EM


def _segment(piece: _Piece, em: float, source: Span, column: int = -1) -> Segment:
    x0 = float(piece.cells)
    return Segment(piece.text, x0, x0 + printed_cells(piece.text) * em / CELLS_PER_EM, source, column=column)


_DAMAGED = frozenset(",;:?!()")
"""ASCII marks that extraction makes of full-width ones; beside Chinese they were printed wide."""

LATIN_CELLS = 1.1
"""Cells a Latin letter or digit takes when printed: a Chinese font's Latin is about 0.55 em."""

HAN_LATIN_CELLS = 0.5
"""Cells of the quarter-em gap a Chinese composer puts between Chinese and Latin text."""


@functools.lru_cache(maxsize=None)
def _wide(ch: str) -> bool:
    """Full-width when printed: wide characters and marks of ambiguous width (“ ” — … ■).
    (Remembered per character: it is asked for every character of the file.)"""
    width = unicodedata.east_asian_width(ch)
    return width in ("W", "F") or (width == "A" and not unicodedata.category(ch).startswith("L"))


@functools.lru_cache(maxsize=None)
def _extra_cell(ch: str) -> int:
    """1 for a character that takes two display cells, else 0."""
    return 1 if unicodedata.east_asian_width(ch) in ("W", "F") else 0


def _printed_wide(ch: str) -> bool:
    """Full-width when printed, counting the marks extraction made half-width (a flipbook's ,)."""
    return _wide(ch) or ch in _DAMAGED


def printed_cells(text: str) -> float:
    """How many half-em cells `text` covered on the printed page, as well as text can tell.

    The extraction only gives where a line starts; where it ended decides whether it was full.
    Chinese characters take two cells; ASCII marks beside them were full-width marks before the
    extraction damaged them; Latin letters are narrower than an em, and set apart from Chinese by
    a quarter em.
    """
    wide = list(map(_wide, text))
    if all(wide):
        return 2.0 * len(text)  # all Chinese, as most body lines are
    last = len(text) - 1
    total = 0.0
    for k, ch in enumerate(text):
        before = k > 0 and wide[k - 1]
        after = k < last and wide[k + 1]
        if wide[k] or (ch in _DAMAGED and (before or after)):
            total += 2
        elif ch.isspace():
            total += 0.6
        else:
            total += LATIN_CELLS + HAN_LATIN_CELLS * (before + after)
    return total


def _pieces(line: str) -> list[_Piece]:
    """Split a row at runs of at least two blank cells (an ideographic space is two).

    Typed text indents paragraphs with two ideographic spaces rather than four spaces; both
    counts take such a space as two half-width ones, so the indent measures two characters.
    """
    out: list[_Piece] = []
    chars = cells = last = 0
    for piece in _PIECE.finditer(line):
        between = line[last : piece.start()]
        chars += len(between) + between.count("\u3000")  # an ideographic space is two spaces in either count
        cells += len(between) + sum(map(_extra_cell, between))
        out.append(_Piece(piece.group(), chars, cells, piece.start() + 1))
        last = piece.start()
    return out


def _counts_cells(rows: list[list[_Piece]]) -> bool:
    """Whether positions on this page count display cells rather than characters.

    Only pieces after the first on a row tell: the first starts after blanks, which both counts
    measure alike. Under the right count the later columns start at a few positions, so fewer
    distinct starts cover most of the pieces (words of a justified Latin line scatter either way).
    """
    later_cells = [p.cells for row in rows for p in row[1:]]
    if not later_cells:
        return False
    # where rows holding one column's line start (alike in both counts) is where the later
    # pieces of that column start under the right count: a page whose columns are set on
    # different baselines has few rows with two columns' lines to tell by
    firsts = [row[0].cells for row in rows if row and len(row) == 1 and row[0].cells > 0]
    by_cells = _spread(firsts + later_cells)
    by_chars = _spread(firsts + [p.chars for row in rows for p in row[1:]])
    return by_cells < by_chars


def _spread(starts: list[int]) -> tuple[int, int]:
    """(how many distinct starts cover 80% of `starts`, how many there are in all)."""
    counts = [n for _, n in Counter(starts).most_common()]
    covered = needed = 0
    while covered < 0.8 * len(starts):
        covered += counts[needed]
        needed += 1
    return needed, len(counts)
