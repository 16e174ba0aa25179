"""Gutters of extracted page text: the vertical bands of whitespace between columns.

An extraction writes each row of a page as one line, padding with spaces to where each piece
stood. Where a column starts is therefore not one offset: the tool counts a Chinese character as
one position or two, a Latin word or a damaged mark pushes the rest of the row to the right, and
a full left-column line can run into the gutter until only one space is left. What the rows agree
on is the gap: on most rows there is whitespace at about the same place. So the gutters are
found as the bands of positions that most rows' gaps cover (allowing each row's gap to sit a few
positions off), and each row is then cut at its own whitespace run nearest the band — or, on a
row with no space there at all, where its neighbours were cut.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

SHIFT = 2
"""Positions by which a row's gap may miss the band and still count for it."""

AGREEMENT = 0.6
"""Share of the rows with ink on both sides of a band whose gaps must cover it."""

MIN_ROWS = 3
"""Rows that must agree on a band at least."""

MIN_COLUMN = 8
"""Positions between two gutters (or a gutter and the text's edge) at least: a column's width."""

WINDOW = 6
"""Positions either side of a band in which a row's whitespace is taken for its gutter."""

EDGE_GAP = SHIFT + 1
"""Positions before a row's first ink that count as its gap towards a gutter (no wider than a
narrow gutter)."""

MAX_GUTTERS = 3
"""Four columns at most."""


@dataclass(frozen=True, slots=True)
class Band:
    """A gutter: the positions most rows leave blank, and its centre."""

    start: int
    end: int
    rows: int  # rows whose gap covers it

    @property
    def centre(self) -> float:
        return (self.start + self.end) / 2


@dataclass(frozen=True, slots=True)
class RowInk:
    """One row of a page: where each character starts and how far it advances, in positions."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def ink(self) -> list[tuple[int, int]]:
        """(first, last+1) positions of each run of non-space characters."""
        runs: list[tuple[int, int]] = []
        for k, ch in enumerate(self.text):
            if ch.isspace():
                continue
            if runs and self._touching(k):
                runs[-1] = (runs[-1][0], self.ends[k])
            else:
                runs.append((self.starts[k], self.ends[k]))
        return runs

    def _touching(self, k: int) -> bool:
        return k > 0 and not self.text[k - 1].isspace()

    def gaps(self, minimum: int = 1) -> list[tuple[int, int]]:
        """Whitespace between ink runs, at least `minimum` positions wide, as (start, end)."""
        ink = self.ink()
        return [(a[1], b[0]) for a, b in zip(ink, ink[1:]) if b[0] - a[1] >= minimum]


def find_bands(rows: Sequence[RowInk]) -> list[Band]:
    """The gutters of a page, left to right: bands that the gaps of most rows with ink on both
    sides cover. None when the rows agree on no gap (one column).

    When the columns of a page are not set on one baseline grid, an extraction by baselines
    writes rows that hold one column's line (or two of three). Such a row's gap towards a
    gutter is its own start: the `EDGE_GAP` positions before its first ink count as a gap. A
    gap wider than a column and two gutters (a column left blank on this row) counts only
    beside its ink, so that the blank column between is not taken for a gutter."""
    lines = [r for r in rows if not r.blank]
    if len(lines) < MIN_ROWS:
        return []
    width = max(r.ends[-1] for r in lines if r.ends) + 1
    covered = [0] * (width + 1)
    both = [0] * (width + 1)
    for row in lines:
        ink = row.ink()
        left, right = ink[0][0], ink[-1][1]
        edges = set(range(max(0, left - EDGE_GAP), min(width, left + SHIFT)))
        for x in edges.union(range(max(0, left + 1), min(width, right))):
            both[x] += 1
        marks = set(edges)
        for a, b in row.gaps(2):
            if b - a > 2 * WINDOW + MIN_COLUMN:  # a column left blank on this row: only its sides tell
                marks.update(range(max(0, a - SHIFT), a + WINDOW))
                marks.update(range(b - WINDOW, min(width, b + SHIFT)))
            else:
                marks.update(range(max(0, a - SHIFT), min(width, b + SHIFT)))
        for x in marks:
            covered[x] += 1
    # a gutter has a column's width of text left of it: the positions before the first column's
    # edge, which every row starting there counts as its gap (`EDGE_GAP`), are no band — on a
    # page of few rows they can be the most agreed-on positions and pull the first gutter's band
    # to the margin across small dips
    left = min(r.ink()[0][0] for r in lines)
    ok = [x >= left + MIN_COLUMN and covered[x] >= MIN_ROWS and covered[x] >= AGREEMENT * both[x] > 0
          for x in range(width + 1)]
    spans: list[tuple[int, int]] = []
    x = 0
    while x <= width:
        if not ok[x]:
            x += 1
            continue
        start = x
        while x <= width and ok[x]:
            x += 1
        if spans and start - spans[-1][1] <= 2 * SHIFT:  # a dip of a position or two: one gap
            start = spans.pop()[0]
        spans.append((start, x - 1))
    # the gaps of a gutter's rows overlap over a few positions (each is widened by `SHIFT` on both
    # sides); a single position that a few rows' gaps happen to share — word spaces of justified
    # lines pushed past a ragged right margin — is no gutter
    regions = [_band_in(covered, a, b) for a, b in spans if b - a >= SHIFT]
    inks = [row.ink() for row in lines]
    bands: list[Band] = []
    for region in sorted(regions, key=lambda b: -b.rows):
        apart = all(abs(region.centre - b.centre) >= MIN_COLUMN and _column_between(region, b, inks) for b in bands)
        if len(bands) < MAX_GUTTERS and apart:
            bands.append(region)
    bands.sort(key=lambda b: b.start)
    return _inside_text(bands, lines)


def _column_between(region: Band, band: Band, inks: list[list[tuple[int, int]]]) -> bool:
    """Whether a column stands between two bands: ink between them on at least half as many rows
    as agree on `region`. An extraction counting characters moves the next column by each row's
    wide characters, so one gutter's gaps can agree at two places a dip apart, with next to no
    text between them."""
    left, right = sorted((region, band), key=lambda b: b.start)
    lo, hi = left.end + SHIFT, right.start - SHIFT
    rows = sum(1 for ink in inks if any(a < hi and b > lo for a, b in ink))
    return 2 * rows >= region.rows


def _band_in(covered: list[int], start: int, end: int) -> Band:
    """The gutter inside a run of positions most rows leave blank: the right end of its most
    agreed-on stretch. Extraction undercounts wide text and pushes what follows a line to the
    right, never to the left, so the blank run of a row reaches the next column's true start while
    its left end wanders: the right end is where the rows agree."""
    peak = max(covered[start : end + 1])
    top = [x for x in range(start, end + 1) if covered[x] >= 0.9 * peak]
    last = top[-1]
    first = last
    while first - 1 >= start and covered[first - 1] >= 0.9 * peak and last - first < 2 * SHIFT:
        first -= 1
    return Band(first, last, peak)


def _inside_text(bands: list[Band], lines: Sequence[RowInk]) -> list[Band]:
    """Bands with a column's width of text on both sides (not a ragged right margin)."""
    left = min(r.ink()[0][0] for r in lines)
    right = max(r.ink()[-1][1] for r in lines)
    return [b for b in bands if b.start - left >= MIN_COLUMN and right - b.end >= MIN_COLUMN]


def cut(row: RowInk, band: Band) -> int | None:
    """Where a row is cut at a gutter: the index of the first character right of it; None when
    the row has no ink on one side of the band. A row whose ink runs across the band with no
    whitespace near it is not cut here (`force_cut` decides)."""
    ink = row.ink()
    if not ink or ink[-1][1] <= band.end or ink[0][0] >= band.start:
        return None  # nothing on one side of the band
    centre = band.centre
    best: tuple[float, int] | None = None
    for minimum, window in ((2, WINDOW), (1, SHIFT + 1)):
        for a, b in row.gaps(minimum):
            distance = 0.0 if a <= centre <= b else min(abs(a - centre), abs(b - centre))
            if distance <= window and (best is None or distance < best[0]):
                best = (distance, b)
        if best is not None:
            break
    if best is None:
        return None
    return row.starts.index(best[1]) if best[1] in row.starts else _first_at(row, best[1])


def crosses(row: RowInk, band: Band) -> bool:
    """Whether the row's ink runs across the band without a gap."""
    return any(a < band.start and b > band.end for a, b in row.ink())


def force_cut(row: RowInk, band: Band) -> int:
    """A row that runs through a gutter between rows that were cut there: cut where the next
    column starts on the rows around it (the band reaches `SHIFT` positions into it)."""
    boundary = band.end - SHIFT + 1
    for k, start in enumerate(row.starts):
        if start >= boundary:
            return k
    return len(row.text)


PULLED = 2 * WINDOW
"""Positions left of a band within which the extraction may have pulled the next column's line
up to the line before it, a single space apart."""


def narrow_cut(row: RowInk, band: Band, wide: Callable[[str], bool]) -> int | None:
    """Where a row that runs through a gutter with no gap near it is cut when the extraction
    pulled the next column's line left, up to one space after its neighbour's line (it does so
    when it breaks the line's runs apart): at the row's only single space between two wide
    characters, when that space lies left of the band and no further than `PULLED` from it. A
    letter-spaced title has many such spaces, Chinese text none, so one is a cut."""
    spaces = [k for k in range(1, len(row.text) - 1)
              if row.text[k] == " " and wide(row.text[k - 1]) and wide(row.text[k + 1])]
    if len(spaces) != 1:
        return None
    k = spaces[0]
    if not band.start - PULLED <= row.starts[k] < band.end:
        return None
    return k + 1


def _first_at(row: RowInk, position: int) -> int:
    for k, start in enumerate(row.starts):
        if start >= position and not row.text[k].isspace():
            return k
    return len(row.text)
