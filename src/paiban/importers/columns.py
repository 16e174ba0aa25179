"""Columns: where they stand on a page, and which piece of a row belongs to which.

Column edges are not fixed offsets: they are found from where lines start. Most lines of a column
start at its left edge, paragraph openings about two characters further right, and stray title
lines anywhere; so the positions where many lines start, at least a column's width apart, are the
edges. A row's pieces were split at wide gaps by the reader; each piece goes to the column whose
edge is the nearest at or left of its start, and pieces that land in the same column (a justified
Latin line with wide word spaces) are joined again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from paiban.importers.source import Row, Segment
from paiban.importers.titleblock import opens_subtitle, opens_title_part
from paiban.text.classes import is_wide

EDGE_TOLERANCE = 0.5
"""Em by which a line start may miss its column edge (rounding, optical adjustments)."""

MIN_COLUMN = 6.0
"""Em: two edges closer than this are one column and its paragraph indent."""

FULL_WIDTH = 0.1
"""Fraction by which the lines of a sparse column may differ in width from the first column's."""

INDENT_MIN, INDENT_MAX = 1.2, 4.5
"""Em range of a paragraph's first-line indent (two characters, give or take)."""


@dataclass(frozen=True, slots=True)
class ColumnGrid:
    """The columns of one page: left edges and the right edge a full line reaches."""

    edges: tuple[float, ...]
    rights: tuple[float, ...]
    em: float
    found: bool = True  # False when no columns could be recognised: one column was assumed
    gutters: tuple[float, ...] = ()  # page text: where rows were cut between columns
    indent_units: tuple[float, ...] = ()  # page text: positions per em of indent, per column

    def column(self, segment: Segment) -> int:
        """The column of a piece: the one its row was cut into, else by where it starts."""
        if segment.column >= 0:
            return min(segment.column, len(self.edges) - 1)
        return self.column_of(segment.x0)

    def column_of(self, x0: float) -> int:
        """The column a piece starting at `x0` belongs to."""
        if self.gutters:
            return min(sum(1 for g in self.gutters if x0 > g), len(self.edges) - 1)
        index = 0
        for k, edge in enumerate(self.edges):
            if x0 >= edge - EDGE_TOLERANCE * self.em:
                index = k
        return index

    def indent(self, segment: Segment, column: int) -> float:
        """How far right of its column's edge a piece starts, in em."""
        units = self.indent_units[column] if self.indent_units else self.em
        return (segment.x0 - self.edges[column]) / units

    def shortfall(self, segment: Segment, column: int) -> float:
        """How far short of the column's right edge a piece ends, in em."""
        return (self.rights[column] - segment.x1) / self.em

    def aligned(self, segment: Segment) -> bool:
        """Whether a piece sits in the grid: at an edge or indented, not wider than its column."""
        column = self.column(segment)
        indent = self.indent(segment, column)
        starts = abs(indent) <= EDGE_TOLERANCE or INDENT_MIN <= indent <= INDENT_MAX
        return starts and self.shortfall(segment, column) >= -1.0


@dataclass(frozen=True, slots=True)
class _Cluster:
    """Pieces starting at about one position, at its commonest value."""

    x: float
    widths: tuple[float, ...]

    @property
    def count(self) -> int:
        return len(self.widths)

    @property
    def width(self) -> float:
        """The median width of the pieces: a full line for a column edge, a word for stray words."""
        ordered = sorted(self.widths)
        return ordered[len(ordered) // 2]


def _clusters(segments: Sequence[Segment], tolerance: float) -> list[_Cluster]:
    """Pieces grouped where their starts are within `tolerance` of the next."""
    groups: list[list[Segment]] = []
    for seg in sorted(segments, key=lambda s: s.x0):
        if groups and seg.x0 - groups[-1][-1].x0 <= tolerance:
            groups[-1].append(seg)
        else:
            groups.append([seg])
    out = []
    for group in groups:
        counts = Counter(s.x0 for s in group)
        mode = max(sorted(counts), key=counts.__getitem__)  # the smallest of the commonest
        out.append(_Cluster(mode, tuple(s.x1 - s.x0 for s in group)))
    return out


def find_grid(rows: Sequence[Row], em: float, gutters: Sequence[float] = ()) -> ColumnGrid:
    """The column grid of a page from the starts of its row pieces.

    An edge is a start shared by many pieces; it must lie beyond the lines of the column before
    it (words of a stretched Latin line can share a start too, but inside their column). When the
    page's gutters are known (page text, `paiban.importers.gutters`), each column's edge is
    the commonest start of the pieces cut into it.
    """
    segments = [s for r in rows for s in r.segments]
    if not segments:
        return ColumnGrid((0.0,), (0.0,), em, found=False)
    if gutters:
        return _grid_between(rows, segments, em, tuple(gutters))
    clusters = _clusters(segments, EDGE_TOLERANCE * em)
    most = max(c.count for c in clusters)
    threshold = max(2, min(3, most), 0.2 * most)  # two lines at one start make a column edge at least
    edges: list[_Cluster] = []
    for cluster in clusters:
        if cluster.count < threshold and not _full_lines(cluster, edges):
            continue
        if edges and cluster.x - edges[-1].x < max(MIN_COLUMN * em, 0.8 * edges[-1].width):
            continue  # the previous column's indent, or words inside its lines
        edges.append(_left_of_indents(cluster, clusters, em))
    found = bool(edges)
    xs = [e.x for e in edges] or [min(s.x0 for s in segments)]
    return ColumnGrid(tuple(xs), _rights(rows, xs, em), em, found)


def like_grid(grid: ColumnGrid, rows: Sequence[Row], before: ColumnGrid) -> ColumnGrid:
    """A page's grid with the columns it missed that the page `before` has.

    A column holding only one or two lines at its edge (the end of the article's text on its
    last page, a page where most of it is a heading's space and indented lines) is not told by
    its starts alone; but an article keeps its columns' spacing from page to page, though a
    scan moves the whole page. So the earlier page's edges are laid on this page's, moved so
    that one of them meets an edge found here; they are taken when at each of them at least
    two pieces of this page start (each edge at its leftmost such start)."""
    if grid.gutters or len(grid.edges) >= len(before.edges) or not grid.found:
        return grid
    tolerance = EDGE_TOLERANCE * grid.em
    starts = [s.x0 for r in rows for s in r.segments]
    best: tuple[float, ...] | None = None
    for found in grid.edges:
        for edge in before.edges:
            shift = found - edge
            edges = []
            for x in before.edges:
                near = [start for start in starts if abs(start - (x + shift)) <= tolerance]
                if len(near) < 2:
                    break
                edges.append(min(near))
            else:
                best = tuple(edges)
                break
        if best:
            break
    if best is None:
        return grid
    return ColumnGrid(best, _rights(rows, list(best), grid.em), grid.em, True)


def _grid_between(rows: Sequence[Row], segments: list[Segment], em: float,
                  gutters: tuple[float, ...]) -> ColumnGrid:
    """Edges of columns whose gutters are known: in each column, the start most pieces share,
    or an indent's width left of it when most of the column's lines open paragraphs."""
    probe = ColumnGrid(tuple(0.0 for _ in range(len(gutters) + 1)), (), em, True, gutters)
    starts: list[Counter[float]] = [Counter() for _ in range(len(gutters) + 1)]
    widths: dict[tuple[int, float], list[float]] = {}
    heights: dict[tuple[int, float], list[float]] = {}  # the rows of the pieces at each start
    for row in rows:
        for seg in row.segments:
            column = probe.column(seg)
            starts[column][seg.x0] += 1
            widths.setdefault((column, seg.x0), []).append(seg.x1 - seg.x0)
            heights.setdefault((column, seg.x0), []).append(row.y)
    edges = []
    for k, counts in enumerate(starts):
        if not counts:
            edges.append(gutters[k - 1] if k else 0.0)
            continue
        mode = max(sorted(counts), key=counts.__getitem__)
        drift = [x for x in counts if 0 < mode - x <= em and counts[x] >= 2]  # rows pushed less far
        mode = min(drift) if drift else mode
        # lines an indent left of the commonest start are the edge when a full line is among
        # them or they stand among the column's lines (paragraphs' last lines), not only short
        # title lines above the column that happen to start there
        full = 0.8 * _median(widths[(k, mode)])
        left = [x for x in counts if INDENT_MIN <= (mode - x) / em <= INDENT_MAX and counts[x] >= 2
                and (max(widths[(k, x)]) >= full or max(heights[(k, x)]) > min(heights[(k, mode)]))]
        edges.append(min(left) if left else mode)
    units = tuple(_indent_units(counts, edge, em) for counts, edge in zip(starts, edges))
    return ColumnGrid(tuple(edges), _rights(rows, edges, em, gutters), em, True, gutters, units)


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _indent_units(starts: Counter[float], edge: float, em: float) -> float:
    """Positions per em of a column's paragraph indents: its commonest indent is two characters.
    An extraction rounds positions coarsely and not alike in every column (``pdftotext -layout``
    may write a two-character indent as one space in one column and two in the next)."""
    offsets = Counter({x - edge: n for x, n in starts.items() if 0 < x - edge <= 3 * em and n >= 2})
    if not offsets:
        return em
    return _indent_offset(offsets) / 2


def _indent_offset(offsets: Counter[float]) -> float:
    """The offset of a column's paragraph indents: the widest of the common ones (at least half
    as common as the commonest), since lines pushed a position right by the extraction are
    common too, and narrower."""
    most = max(offsets.values())
    return max(o for o, n in offsets.items() if n >= 2 and n >= most / 2)


def _full_lines(cluster: _Cluster, edges: list[_Cluster]) -> bool:
    """Whether a few pieces starting together are the lines of one more column: as wide as the
    first column's lines. A column that figures or a pull quote mostly fill has only a few."""
    if not edges or cluster.count < 2:
        return False
    return abs(cluster.width - edges[0].width) <= FULL_WIDTH * edges[0].width


def _left_of_indents(edge: _Cluster, clusters: list[_Cluster], em: float) -> _Cluster:
    """A column whose lines mostly open paragraphs has more lines at the indent than at the edge;
    the edge is then the start an indent's width to the left, if several lines begin there that
    are more than stray words."""
    for other in clusters:
        offset = (edge.x - other.x) / em
        if INDENT_MIN <= offset <= INDENT_MAX and other.count >= 2 and other.width >= 0.5 * edge.width:
            return _Cluster(other.x, other.widths + edge.widths)
    return edge


def _rights(rows: Sequence[Row], edges: list[float], em: float, gutters: tuple[float, ...] = ()) -> tuple[float, ...]:
    """The right edge of each column: where most of its lines end (full lines outnumber last lines).

    Only lines that start at the edge or at a paragraph indent count; a centred title line
    would otherwise move the edge.
    """
    ends: list[list[float]] = [[] for _ in edges]
    grid = ColumnGrid(tuple(edges), tuple(0.0 for _ in edges), em, True, gutters)
    for row in rows:
        for seg in row.segments:
            column = grid.column(seg)
            indent = grid.indent(seg, column)
            if abs(indent) <= EDGE_TOLERANCE or INDENT_MIN <= indent <= INDENT_MAX:
                ends[column].append(seg.x1)
    rights = []
    for k, values in enumerate(ends):
        values.sort()
        rights.append(values[int(len(values) * 0.8)] if values else edges[k] + MIN_COLUMN * em)
    return tuple(rights)


def assign(row: Row, grid: ColumnGrid) -> dict[int, Segment]:
    """The pieces of a row by column, pieces that fall in one column joined."""
    out: dict[int, Segment] = {}
    for seg in row.segments:
        column = grid.column(seg)
        out[column] = join_pieces(out[column], seg) if column in out else seg
    return out


def join_pieces(left: Segment, right: Segment) -> Segment:
    """Two pieces of one line: a word space between Latin text, nothing between Chinese."""
    space = not is_wide(left.text[-1]) and not is_wide(right.text[0])
    text = left.text + (" " if space else "") + right.text
    bold = left.bold + ((False,) if space else ()) + right.bold if left.bold and right.bold else ()
    emphasis = ()
    if left.emphasis or right.emphasis:
        emphasis = ((left.emphasis or (False,) * len(left.text)) + ((False,) if space else ())
                    + (right.emphasis or (False,) * len(right.text)))
    x1 = right.x1
    if right.column >= 0 and not space:
        # page text, Chinese on both sides: the gap was a justified line's stretched space, and
        # the extraction's positions after it overshoot; the line is as wide as its characters
        x1 = left.x1 + (right.x1 - right.x0)
    return replace(left, text=text, x1=x1, bold=bold, emphasis=emphasis)


def body_start(rows: Sequence[Row], grid: ColumnGrid, body_size: float = 0.0, run: int = 3) -> int:
    """Index of the first row from which on the page is set in the columns.

    Rows above it (kicker, title, byline) stand outside the grid. A row starts the body when it
    and the next rows all sit in the grid (and, when sizes are known, are set near the body
    size), so that one title line that happens to start at a column edge is not taken for text.
    """
    if not grid.found:
        return 0

    def fits(segment: Segment) -> bool:
        sized = not segment.styled or not body_size or abs(segment.size - body_size) <= 0.1 * body_size
        return sized and grid.aligned(segment)

    if grid.gutters:
        return _past_spanning_text(rows, grid, _text_body_start(rows, grid, fits, run))
    # a byline (■ 名) indented by two ems stands where a paragraph's first line would
    in_grid = [all(fits(s) for s in r.segments) and not _title_part(r) for r in rows]
    needed = min(run, len(rows))
    for index in range(len(rows)):
        window = in_grid[index : index + run]
        if len(window) == needed and all(window):
            return _opening_rows(rows, index, grid, body_size)
    return len(rows)


TOP_STEP = 4.0
"""Body ems from a row at the top of the columns (a heading opening them) down to the body at
most."""


def _opening_rows(rows: Sequence[Row], start: int, grid: ColumnGrid, body_size: float) -> int:
    """The body's first row, moved up over the rows that open its columns without being set in
    the grid: a heading centred in its column, or beside it another column's first line.

    A row above the body belongs to it when each of its pieces stands inside a column, none is
    set larger than the body (a title line), it does not read as a byline or subtitle (nor as a
    name right under a subtitle), and it stands nearer the body than the title block: a body
    line's step from the row below it, or closer to that row than to the row above it. (Columns
    not set on one baseline grid interleave their rows, a step apart of less than a line.)"""
    em = body_size or grid.em
    while start > 0:
        row, below = rows[start - 1], rows[start]
        step = below.y - row.y
        before = row.y - rows[start - 2].y if start >= 2 else float("inf")
        if step > TOP_STEP * em or (step > LINE_STEP * em and step >= before) or _title_part(row):
            break
        if start >= 2 and opens_subtitle(rows[start - 2].text):
            break  # a name under the subtitle
        if body_size and any(seg.styled and seg.size > body_size * 1.1 for seg in row.segments):
            break
        if not all(_inside(seg, grid) for seg in row.segments):
            break
        start -= 1
    return start


LINE_STEP = 2.0
"""Body ems from one line of a column to the next at most (a generous leading)."""


def _title_part(row: Row) -> bool:
    """A row alone on its line reading as a byline or subtitle (a heading beside another
    column's line is not one, whatever OCR read its number as)."""
    return len(row.segments) == 1 and opens_title_part(row.text)


def _inside(segment: Segment, grid: ColumnGrid) -> bool:
    column = grid.column(segment)
    return (segment.x0 >= grid.edges[column] - EDGE_TOLERANCE * grid.em
            and segment.x1 <= grid.rights[column] + grid.em)


FULL_SHARE = 0.7
"""Share of its column's width a line fills at least to be taken for body text, not a title line."""


def _text_body_start(rows: Sequence[Row], grid: ColumnGrid, fits, run: int) -> int:
    """Page text cut at gutters: the body starts at the first of `run` successive rows that are
    set in the columns — each in the grid, and either holding more than one column's line or a
    line that fills most of its column. Title lines are short and stand apart; a byline may
    start at a column edge, but it does not fill a column."""

    def within(segment: Segment) -> bool:  # inside its column, wherever it starts (a centred heading)
        column = grid.column(segment)
        return (segment.x0 >= grid.edges[column] - EDGE_TOLERANCE * grid.em
                and segment.x1 <= grid.rights[column] + grid.em)

    def body_like(row: Row) -> bool:
        if opens_title_part(row.text) or not all(within(s) for s in assign(row, grid).values()):
            return False
        if len(assign(row, grid)) > 1:
            return True
        for seg in assign(row, grid).values():
            column = grid.column(seg)
            width = grid.rights[column] - grid.edges[column]
            if width > 0 and seg.x1 - seg.x0 >= FULL_SHARE * width:
                return True
        return False

    like = [body_like(r) for r in rows]
    for k in range(1, len(rows)):  # a name right below a subtitle or byline is the title block's
        if like[k] and rows[k].y - rows[k - 1].y <= BODY_STEP and opens_title_part(rows[k - 1].text):
            like[k] = len(assign(rows[k], grid)) > 1
    in_grid = [all(within(s) for s in assign(r, grid).values()) for r in rows]
    for index in range(len(rows) - run + 1):
        window = range(index, index + run)
        steps = [rows[k + 1].y - rows[k].y for k in window[:-1]]
        # a heading's or a paragraph's last line may be short: most of the run must be full
        if like[index] and all(in_grid[k] for k in window) and sum(like[k] for k in window) >= run - 1 \
                and all(step <= BODY_STEP for step in steps):
            while index and _continues_up(rows, index, grid, fits, within):
                index -= 1  # the top of a column may open with a heading or a paragraph's last lines
            return _columns_top(rows, index, grid, within)
    return len(rows)


SPANNING_WIDTH = 1.5
"""Column widths a row across the columns fills at least to be running text (a lead), not a
centred title line."""


def _past_spanning_text(rows: Sequence[Row], grid: ColumnGrid, start: int) -> int:
    """The body's first row, moved past the last lines of text set across the columns above it.

    A lead (导语) set across the columns under the title block ends with a short line that fits
    in the first column; right below a row of running text across the columns, at its left edge
    and with no blank row between, that line is the lead's, not the body's."""
    width = grid.rights[0] - grid.edges[0]
    while 0 < start < len(rows) and rows[start].y - rows[start - 1].y <= 1.0 and len(rows[start].segments) == 1:
        above = rows[start - 1].segments
        spans = len(above) == 1 and above[0].x1 - above[0].x0 >= SPANNING_WIDTH * width
        if not spans or abs(rows[start].segments[0].x0 - above[0].x0) > grid.em:
            break
        start += 1
    return start


def _continues_up(rows: Sequence[Row], index: int, grid: ColumnGrid, fits, within) -> bool:
    """Whether the row above the body's first row belongs to the body: close above it and set in
    the grid (at a column edge or indent) — or a heading between such a row and the body, or
    headings opening the columns with a blank slot below them, nearer the body than the title."""

    def close(k: int) -> bool:
        return k >= 0 and rows[k + 1].y - rows[k].y <= BODY_STEP

    def aligned(k: int) -> bool:
        return all(fits(s) for s in assign(rows[k], grid).values()) and not opens_title_part(rows[k].text)

    def fills(k: int) -> bool:  # set as a column's full line: at its edge, out to its right edge
        return all(abs(grid.indent(s, c)) <= EDGE_TOLERANCE and grid.shortfall(s, c) <= 1.0
                   for c, s in assign(rows[k], grid).items())

    above = index - 1
    if opens_title_part(rows[above].text):
        return False  # a byline or subtitle
    if close(above - 1) and opens_subtitle(rows[above - 1].text) and not fills(above) \
            and len(assign(rows[above], grid)) == 1:
        return False  # a name right below a subtitle (no column's full line, no two columns' lines)
    step = rows[index].y - rows[above].y
    if not close(above):
        inside = all(within(s) for s in assign(rows[above], grid).values())
        nearer = above == 0 or rows[above].y - rows[above - 1].y > step
        return step <= HEADING_STEP and inside and nearer
    return aligned(above) or (close(above - 1) and aligned(above - 1))


TOP_ROWS = 3
"""Rows above the body's run that may still be the tops of its columns."""


def _columns_top(rows: Sequence[Row], index: int, grid: ColumnGrid, within) -> int:
    """The body's first row, moved up over the tops of the columns that stand apart from the run
    found: a heading with a blank row under it, a line whose neighbours in its column the
    extraction wrote on other rows. They are a block of rows between the gutters, no title part
    among them, one of them holding lines of two columns (a title line is one piece), and
    nearer to each other and to the body than to the title block above them."""
    best = index
    steps: list[float] = []
    two_columns = False
    for k in range(index - 1, max(-1, index - 1 - TOP_ROWS), -1):
        row = rows[k]
        placed = assign(row, grid)
        if opens_title_part(row.text) or not all(_between_gutters(s, c, grid) for c, s in placed.items()):
            break
        steps.append(rows[k + 1].y - row.y)
        two_columns = two_columns or len(placed) > 1
        above = row.y - rows[k - 1].y if k else float("inf")
        if max(steps) > HEADING_STEP + 1:
            break
        if two_columns and above > max(steps):
            best = k
    return best


def _between_gutters(segment: Segment, column: int, grid: ColumnGrid) -> bool:
    """Whether a piece stands between the gutters of its column (an extraction may write a
    heading centred in its column a few positions right of where the column's lines end)."""
    left = grid.gutters[column - 1] if column else grid.edges[0] - EDGE_TOLERANCE * grid.em
    right = grid.gutters[column] if column < len(grid.gutters) else grid.rights[column] + grid.em
    return segment.x0 >= left and segment.x1 <= right


HEADING_STEP = 3.0
"""Line slots from a heading at the top of the columns to the body below it at most."""

BODY_STEP = 2.0
"""Line slots from one body row to the next at most: extractions put a blank row between lines
of generous spacing; the title block stands further off."""


@dataclass(frozen=True, slots=True)
class ColumnLine:
    """One line of one column, measured against its column."""

    page: int  # index of the page in the import
    column: int
    y: float
    segment: Segment
    indent: float  # em right of the column's left edge
    shortfall: float  # em short of the column's right edge
    gap_before: float | None = None  # empty line slots above it in its column; None at the top
    gap_after: float | None = None  # … below it; None at the bottom

    @property
    def text(self) -> str:
        return self.segment.text


def column_lines(page_index: int, rows: Sequence[Row], grid: ColumnGrid, pitch: float) -> list[ColumnLine]:
    """The body rows of a page as column lines in reading order: each column top to bottom."""
    by_column: dict[int, list[ColumnLine]] = {}
    for row in rows:
        for column, seg in sorted(assign(row, grid).items()):
            line = ColumnLine(page_index, column, row.y, seg, grid.indent(seg, column), grid.shortfall(seg, column))
            by_column.setdefault(column, []).append(line)
    out: list[ColumnLine] = []
    for column in sorted(by_column):
        lines = by_column[column]
        if grid.gutters:
            lines = _local_indents(lines, grid, column)
            out.extend(_with_gaps(lines, pitch, _local_steps(lines, pitch)))
        else:
            out.extend(_with_gaps(lines, pitch))
    return out


STEP_LINES = 4
"""Steps above and below a page-text line whose median is the column's line pitch there."""


def _local_steps(lines: list[ColumnLine], pitch: float) -> list[float]:
    """The line pitch of a page-text column at each step from one line to the next.

    An extraction writes one row per baseline. When the columns of a page are not set on one
    baseline grid (space around a heading that is not a whole number of lines shifts the rest
    of the column), each row holds one column's line and the lines of a column stand two rows
    apart; a blank row is then no gap. The pitch is the median of the steps around a line, never
    less than the page's."""
    steps = [b.y - a.y for a, b in zip(lines, lines[1:])]
    out = []
    for k in range(len(steps)):
        near = sorted(steps[max(0, k - STEP_LINES) : k + STEP_LINES + 1])
        out.append(max(pitch, near[(len(near) - 1) // 2]))
    return out


LOCAL_LINES = 6
"""Lines above and below whose starts say where a page-text column's edge is at a line."""


def _local_indents(lines: list[ColumnLine], grid: ColumnGrid, column: int) -> list[ColumnLine]:
    """Indents of page-text lines measured from the column's edge where they stand.

    An extraction lays out each block of text on its own, so the left edge of one column can
    move by a position halfway down (below a heading, beside the end of the next column). The
    edge at a line is the leftmost start that two or more of the lines around it share (one line
    may stick out, as one opening with a narrow quotation mark does); the indent's width is then the commonest offset from it, which is two characters."""
    xs = [ln.segment.x0 for ln in lines]
    floor, ceiling = grid.edges[column] - 1.5 * grid.em, grid.edges[column] + 1.0 * grid.em
    edges = []
    for k in range(len(lines)):
        near = Counter(x for x in xs[max(0, k - LOCAL_LINES) : k + LOCAL_LINES + 1] if floor <= x <= ceiling)
        shared = [x for x, n in near.items() if n >= 2]
        edges.append(min(shared or near) if near else grid.edges[column])
    offsets = Counter(x - e for x, e in zip(xs, edges) if 0 < x - e <= 3 * grid.em)
    units = _indent_offset(offsets) / 2 if any(n >= 2 for n in offsets.values()) else grid.em
    return [replace(ln, indent=(x - e) / units) for ln, x, e in zip(lines, xs, edges)]


def _with_gaps(lines: list[ColumnLine], pitch: float, local: list[float] | None = None) -> list[ColumnLine]:
    pitches = local or [pitch] * max(0, len(lines) - 1)
    gaps = [round((b.y - a.y) / p - 1.0, 2) for a, b, p in zip(lines, lines[1:], pitches)]
    return [
        replace(line, gap_before=gaps[k - 1] if k else None, gap_after=gaps[k] if k < len(gaps) else None)
        for k, line in enumerate(lines)
    ]


def measure_pitch(rows: Sequence[Row], grid: ColumnGrid, body_size: float) -> float:
    """The body's line pitch: the commonest distance between successive lines of a column."""
    last: dict[int, float] = {}
    steps: list[float] = []
    for row in rows:
        for column in assign(row, grid):
            if column in last:
                step = round(row.y - last[column], 1)
                if 0 < step <= 2.5 * body_size:
                    steps.append(step)
            last[column] = row.y
    if not steps:
        return body_size * 1.5
    counts = Counter(steps)
    return max(sorted(counts), key=counts.__getitem__)


FRAGMENT_CHARS = 2
"""Characters of a piece of a line that an extraction may write on a row of its own."""


def rejoin_fragments(lines: list[ColumnLine], pages: set[int]) -> list[ColumnLine]:
    """Page-text lines with the pieces an extraction split off them put back.

    A producer may raise or lower a character or two of a line a little (a compressed
    punctuation mark, a glyph set with its own kern), and ``pdftotext -layout`` then writes
    them on a row of their own, half a line above or below. Such a piece stands closer to a
    line of its column than a line slot: right of where the line above ends, it is that line's
    end; left of where the line below starts (a line not opening a paragraph), its start. Only
    lines of `pages` (page text) are looked at: a PDF's lines have their characters' own
    positions."""
    out: list[ColumnLine] = []
    pending: ColumnLine | None = None  # a piece that opens the next line
    for k, line in enumerate(lines):
        fragment = line.page in pages and len(line.text.strip()) <= FRAGMENT_CHARS
        if pending is not None:
            line = _joined(pending, line)
            pending = None
        elif fragment:
            prev = out[-1] if out else None
            after = lines[k + 1] if k + 1 < len(lines) else None
            if prev is not None and _close(prev, line) and line.segment.x0 >= prev.segment.x1 - _em(prev):
                out[-1] = _joined(prev, line, keep_first=True)
                continue
            if after is not None and _close(line, after) and after.indent < INDENT_MIN \
                    and line.segment.x1 <= after.segment.x0 + _em(after):
                pending = line
                continue
        out.append(line)
    if pending is not None:
        out.append(pending)
    return out


def _em(line: ColumnLine) -> float:
    return (line.segment.x1 - line.segment.x0) / max(1, len(line.text)) if line.text else 1.0


def _close(upper: ColumnLine, lower: ColumnLine) -> bool:
    same = (upper.page, upper.column) == (lower.page, lower.column)
    return same and lower.gap_before is not None and lower.gap_before <= -0.25


def _joined(first: ColumnLine, second: ColumnLine, keep_first: bool = False) -> ColumnLine:
    """One line of two pieces: placed as the longer one, reaching from the first's start to the
    second's end."""
    segment = replace(first.segment if keep_first else second.segment, text=first.text + second.text,
                      x0=first.segment.x0, x1=second.segment.x1, bold=())
    if keep_first:
        return replace(first, segment=segment, shortfall=second.shortfall, gap_after=second.gap_after)
    return replace(second, segment=segment, indent=min(first.indent, second.indent), gap_before=first.gap_before)
