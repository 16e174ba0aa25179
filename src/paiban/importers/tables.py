"""Tables on PDF pages: 三线表, three rules of one measure with rows of cells between them.

A Chinese table is set between a rule above its header row, a rule under the header and a rule
below its last row, with no vertical rules; its caption (表1 …) stands right above it. Read as
text, its cells would run together into lines of prose, so each such table is taken off the page
before paragraphs are rebuilt, and becomes a `Table` of its own:

- the rules are horizontal strokes of one extent, the first pair framing bold lines (the header
  row, which paiban and most books set bold), the second the body;
- columns are where the cells stand: the horizontal extents of all cells, merged where they
  overlap, leave gaps between the columns;
- a line holding only some of the cells, each under a cell that ran to its column's edge on the
  line before, continues that row (a cell that wrapped); any other line opens a row;
- a column's alignment is read against its header cell, which is centred: cells centred under it
  are centred, cells standing left or right of its centre are set left or right. Numbers set
  right and text set left are what the style does unasked, so those write no alignment marker;
- a part whose caption is 续表N (or that has no caption and the same header) continues the table
  before it, in the next column or on the next page: its rows are appended, and its repeated
  header row and label are reported as dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from paiban.errors import Span
from paiban.importers.punctuation import normalise_punctuation
from paiban.importers.source import Dropped, Row, Segment, SourcePage
from paiban.importers.text import Styled, join_lines, tidy
from paiban.model.article import Cell, Run, Table

Stroke = tuple[float, float, float]  # (y, x0, x1)

SAME_EXTENT = 1.0
"""Points by which the rules of one table may differ in where they start and end."""

CAPTION_LINES = 2.2
"""Body ems above the top rule within which the caption line stands."""

_CAPTION = re.compile(r"^(续?)表\s*(\d*)[\s\u3000]*(.*)$")
_NUMBER = re.compile(r"^[\s(（]*[-+−±~～]?[\d.,，．]+[\d.,，．%％‰]*[\s)）]*$")
"""A cell that holds a number, which the style sets right unasked (as `paiban.layout.tables`)."""


@dataclass(frozen=True, slots=True)
class PageTable:
    """One table, or one part of a table that breaks, as found on a page."""

    page: int  # index of the page in the import
    bbox: tuple[float, float, float, float]  # from the caption (or top rule) to the bottom rule
    caption: str  # the caption line as printed, "" when there is none
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    sides: tuple[str, ...]  # per column: how its body cells stand ("left" | "center" | "right" | "")
    source: Span
    caption_y: float = 0.0


def ruled_bands(strokes: Sequence[Stroke]) -> list[tuple[float, float, float, float]]:
    """(y0, y1, x0, x1) of every run of three or more rules of one extent: where a table may
    stand, whose cells the reader splits at narrower gaps than prose."""
    bands = []
    for group in _by_extent(strokes):
        if len(group) >= 3:
            bands.append((group[0][0], group[-1][0], group[0][1], group[0][2]))
    return bands


def _by_extent(strokes: Sequence[Stroke]) -> list[list[Stroke]]:
    """The strokes grouped by extent, each group top-down."""
    groups: list[list[Stroke]] = []
    for stroke in sorted(strokes):
        for group in groups:
            if abs(group[0][1] - stroke[1]) <= SAME_EXTENT and abs(group[0][2] - stroke[2]) <= SAME_EXTENT:
                group.append(stroke)
                break
        else:
            groups.append([stroke])
    return groups


def take_tables(pages: Sequence[SourcePage]) -> tuple[list[SourcePage], list[PageTable]]:
    """The pages without their tables, and the tables (parts) in page order, top-down."""
    out: list[SourcePage] = []
    found: list[PageTable] = []
    for index, page in enumerate(pages):
        if page.kind != "pdf":
            out.append(page)
            continue
        on_page = []
        for group in _by_extent(page.strokes):
            k = 0
            while k + 2 < len(group):
                table = _read(page, index, group[k], group[k + 1], group[k + 2])
                if table is None:
                    k += 1
                    continue
                on_page.append(table)
                page = _without(page, table)
                k += 3
        found.extend(sorted(on_page, key=lambda t: (t.bbox[1], t.bbox[0])))
        out.append(page)
    return out, found


def table_rule_ys(page: SourcePage, tables: Sequence[PageTable]) -> set[float]:
    """The y of the rules the tables on a page were read from (not header or footer rules)."""
    return {s[0] for t in tables for s in page.strokes
            if t.bbox[0] - SAME_EXTENT <= s[1] and s[2] <= t.bbox[2] + SAME_EXTENT and t.bbox[1] <= s[0] <= t.bbox[3]}


def _inside(row: Row, x0: float, x1: float) -> list[Segment]:
    return [s for s in row.segments if s.x0 >= x0 - SAME_EXTENT and s.x1 <= x1 + SAME_EXTENT]


def _read(page: SourcePage, index: int, top: Stroke, mid: Stroke, bottom: Stroke) -> PageTable | None:
    """The table framed by three rules, or None when what they frame is no table."""
    x0, x1 = top[1], top[2]
    head = [(row.y, _inside(row, x0, x1)) for row in page.rows if top[0] < row.y < mid[0]]
    body = [(row.y, _inside(row, x0, x1)) for row in page.rows if mid[0] < row.y < bottom[0]]
    head = [(y, segs) for y, segs in head if segs]
    body = [(y, segs) for y, segs in body if segs]
    if not head or not body:
        return None
    if not all(s.bold and all(s.bold) for _, segs in head for s in segs):
        return None  # the header row is set bold; two rules round anything else frame no table
    columns = _columns([segs for _, segs in head + body], head[0][1])
    if len(columns) < 1:
        return None
    em = max(s.size for _, segs in head + body for s in segs)
    header_lines = [_cells(segs, columns) for _, segs in head]
    header = tuple(_text(parts, bold=False) for parts in zip(*header_lines))
    rows = _rows([_cells(segs, columns) for _, segs in body], columns, em)
    caption, caption_y = _caption(page, x0, x1, top[0])
    sides = tuple(_side([row[c] for row in rows], [cell for line in header_lines for cell in [line[c]]], em)
                  for c in range(len(columns)))
    cells = tuple(tuple(_text(lines) for lines in row) for row in rows)
    y0 = caption_y if caption else top[0]
    source = head[0][1][0].source
    return PageTable(index, (x0, y0 - em, x1, bottom[0]), caption, header, cells, sides, source, caption_y)


def _columns(lines: Sequence[Sequence[Segment]], header: Sequence[Segment]) -> list[tuple[float, float]]:
    """Column extents: the extents of all cells, merged where they overlap; then an extent that
    holds no header cell (cells set right or left of a narrow centred header, clear of it) joins
    the nearest one that does, since every column has its header cell."""
    spans = sorted((s.x0, s.x1) for segs in lines for s in segs)
    merged: list[list[float]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    anchors = [m for m in merged if any(m[0] <= (h.x0 + h.x1) / 2 <= m[1] for h in header)]
    if not anchors:
        return [(a, b) for a, b in merged]
    for m in merged:
        if m in anchors:
            continue
        near = min(anchors, key=lambda a: max(a[0] - m[1], m[0] - a[1], 0.0))
        near[0], near[1] = min(near[0], m[0]), max(near[1], m[1])
    return [(a, b) for a, b in anchors]


def _cells(segments: Sequence[Segment], columns: Sequence[tuple[float, float]]) -> list[list[Segment]]:
    """A line's segments by column (most lines hold one segment a cell)."""
    out: list[list[Segment]] = [[] for _ in columns]
    for seg in segments:
        centre = (seg.x0 + seg.x1) / 2
        k = min(range(len(columns)), key=lambda c: 0 if columns[c][0] <= centre <= columns[c][1]
                else min(abs(centre - columns[c][0]), abs(centre - columns[c][1])))
        out[k].append(seg)
    return out


def _rows(lines: list[list[list[Segment]]], columns: Sequence[tuple[float, float]],
          em: float) -> list[list[list[list[Segment]]]]:
    """Body lines grouped into rows: row → column → lines → segments."""
    rows: list[list[list[list[Segment]]]] = []
    for line in lines:
        filled = [c for c, segs in enumerate(line) if segs]
        if rows and _continues(rows[-1], filled, columns, em):
            for c in filled:
                rows[-1][c].append(line[c])
            continue
        rows.append([[segs] if segs else [] for segs in line])
    return rows


def _continues(row: list[list[list[Segment]]], filled: list[int], columns: Sequence[tuple[float, float]],
               em: float) -> bool:
    """Whether a line holding cells in `filled` continues `row`: some, not all, of the row's
    cells, each under a line of its cell that ran to the column's right edge."""
    opened = [c for c, lines in enumerate(row) if lines]
    if not filled or len(filled) >= len(opened) or not set(filled) <= set(opened):
        return False
    return all(row[c][-1] and row[c][-1][-1].x1 >= columns[c][1] - 1.5 * em for c in filled)


def _text(parts: Sequence[Sequence[Segment]] | Sequence[list[Segment]], bold: bool = True) -> Cell:
    """A cell's runs from its lines (each a list of segments)."""
    lines = [Styled.of(" ".join(s.text for s in segs), _flags(segs, "bold"), _flags(segs, "emphasis"))
             for segs in parts if segs]
    if not lines:
        return ()
    joined = tidy(join_lines(lines))
    joined = joined.map_text(normalise_punctuation(joined.text))
    runs = joined.runs()
    if not bold:
        runs = tuple(replace(r, bold=False) for r in runs)
    return tuple(r for r in _merged(runs) if r.text)


def _flags(segments: Sequence[Segment], name: str) -> tuple[bool, ...]:
    """A per-character flag of segments joined with one space between them."""
    out: list[bool] = []
    for k, seg in enumerate(segments):
        if k:
            out.append(False)
        flags = getattr(seg, name)
        out.extend(flags if len(flags) == len(seg.text) else (False,) * len(seg.text))
    return tuple(out)


def _merged(runs: Sequence[Run]) -> list[Run]:
    out: list[Run] = []
    for run in runs:
        if out and (out[-1].bold, out[-1].emphasis) == (run.bold, run.emphasis):
            out[-1] = replace(out[-1], text=out[-1].text + run.text)
        else:
            out.append(run)
    return out


def _side(cells: Sequence[list[list[Segment]]], header: Sequence[list[Segment]], em: float) -> str:
    """How a column's body cells stand against its (centred) header cell: "left", "center",
    "right", or "" when no cell tells."""
    head = [s for segs in header for s in segs]
    if not head:
        return ""
    h0, h1 = min(s.x0 for s in head), max(s.x1 for s in head)
    centre = (h0 + h1) / 2
    widest = max([h1 - h0] + [s.x1 - s.x0 for lines in cells for segs in lines for s in segs])
    votes: set[str] = set()
    full: set[str] = set()  # votes of the widest cells, which may fill the column and tell nothing
    for lines in cells:
        if not lines or not lines[0]:
            continue
        c0, c1 = min(s.x0 for s in lines[0]), max(s.x1 for s in lines[0])
        off = (c0 + c1) / 2 - centre
        vote = "center" if abs(off) < 0.25 * em else "right" if off > 0 else "left"
        (full if c1 - c0 >= widest - 0.25 * em else votes).add(vote)
    votes = votes or full
    return votes.pop() if len(votes) == 1 else ""


def _caption(page: SourcePage, x0: float, x1: float, top: float) -> tuple[str, float]:
    """The caption line right above a table's top rule (表1 …, 续表1), and its baseline."""
    em = page.em or 10.0
    above = [row for row in page.rows if top - CAPTION_LINES * em < row.y < top]
    for row in reversed(above):
        segs = _inside(row, x0, x1)
        text = " ".join(s.text for s in segs).strip()
        if segs and _CAPTION.match(text):
            return text, row.y
    return "", 0.0


def _without(page: SourcePage, table: PageTable) -> SourcePage:
    """The page with the table's caption and cells taken off."""
    x0, y0, x1, y1 = table.bbox
    rows = []
    for row in page.rows:
        within = (y0 < row.y < y1) or (table.caption and row.y == table.caption_y)
        keep = tuple(s for s in row.segments if not (within and x0 - SAME_EXTENT <= s.x0 and s.x1 <= x1 + SAME_EXTENT))
        if keep:
            rows.append(replace(row, segments=keep))
    return page.with_rows(tuple(rows))


def join_tables(found: Sequence[PageTable]) -> tuple[list[tuple[PageTable, Table]], list[Dropped]]:
    """The tables, each with the part it starts at, the parts that continue it (续表N) joined to
    it; and what was dropped on the way (repeated header rows, 续表 labels, numbers the style sets)."""
    out: list[tuple[PageTable, Table]] = []
    dropped: list[Dropped] = []
    for part in found:
        label = _CAPTION.match(part.caption) if part.caption else None
        continued = label is not None and label.group(1) == "续"
        if out and (continued or (not part.caption and _plain(part.header) == _plain(out[-1][1].header))):
            first, table = out[-1]
            out[-1] = (first, replace(table, rows=(*table.rows, *part.rows)))
            shown = "".join(run.text for cell in part.header for run in cell)
            dropped.append(Dropped("repeated table header", shown, part.source, part.page, part.bbox[1]))
            if part.caption:
                dropped.append(Dropped("continued table label", part.caption, part.source, part.page, part.bbox[1]))
            continue
        number, caption = (label.group(2), label.group(3).strip()) if label else ("", "")
        written = f"表{number}" if number else ""
        if written and not caption and number == str(len(out) + 1):
            # the number the style gives the table anyway: no caption line was written
            dropped.append(Dropped("table number", written, part.source, part.page, part.bbox[1]))
            written = ""
        table = Table(part.header, part.rows, _aligns(part), caption, written, part.source)
        out.append((part, table))
    return out, dropped


def _plain(cells: Sequence[Cell]) -> list[str]:
    return ["".join(r.text for r in cell) for cell in cells]


def _aligns(part: PageTable) -> tuple[str, ...]:
    """The `:---:` markers: none where the style would set the column so unasked."""
    out = []
    for c, side in enumerate(part.sides):
        texts = ["".join(r.text for r in row[c]).strip() for row in part.rows if c < len(row)]
        texts = [t for t in texts if t]
        unasked = "right" if texts and all(_NUMBER.match(t) for t in texts) else "left"
        out.append("" if side in ("", unasked) else side)
    return tuple(out)
