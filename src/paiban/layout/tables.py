"""Tables as 三线表, the form Chinese books and journals print them in.

A heavier rule above the header row and below the last row, a thin rule under the header, no
vertical rules; the caption 表N above the table (figures keep theirs below). Column widths come
from the content: each column gets what its longest unbreakable piece needs, and the rest of
the measure goes to the columns whose text is longest, so short tables spread across the column
and long cells wrap under clreq rules (the composer sets each cell). Every row is a flow block
of whole grid lines, so the table sits on the body grid and the text after it does too; a row
never splits, and a row that opens a column is given the header row again above it, under the
label 续表N (`table.continued`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from paiban.compose.config import Where
from paiban.compose.line import ComposedLine
from paiban.compose.paragraph import compose_paragraph
from paiban.errors import ArticleError, Diagnostics
from paiban.flow.blocks import FlowBlock
from paiban.flow.distribute import Placement
from paiban.layout.configs import ConfigFactory
from paiban.layout.geometry import PageFrame, page_frame
from paiban.layout.result import Line, Rule
from paiban.model.article import Cell, Run, Table
from paiban.style.model import Style

_NUMBER = re.compile(r"^[\s(（]*[-+−±~～]?[\d.,，．]+[\d.,，．%％‰]*[\s)）]*$")
"""A cell that holds a number (3.5, 1,234, 12%, (42)), which is aligned right."""

MIN_HAN = 4
"""Han characters a cell keeps on a line before its column is narrowed further."""

ROLES = ("table-head", "table")


@dataclass(frozen=True, slots=True)
class _Widths:
    natural: list[float]  # each column's widest cell on one line
    least: list[float]  # each column's longest unbreakable piece
    header: list[float]  # each column's header cell on one line


def table_number(blocks: Sequence[object], index: int) -> int:
    """The table's number, counting the tables up to it."""
    return 1 + sum(isinstance(b, Table) for b in blocks[:index])


@dataclass(frozen=True, slots=True)
class WideTable:
    """A table set across the page, as a page-wide float: what each of its lines is."""

    roles: tuple[str, ...]  # "table-caption" | "table-head" | "table", one per line
    width: float


def table_blocks(table: Table, index: int, number: int, style: Style, factory: ConfigFactory,
                 diagnostics: Diagnostics) -> tuple[list[FlowBlock], tuple[WideTable, ...] | None]:
    """The flow blocks of a table: its caption, its header row and each body row; or, for a
    table too wide for a column, page-wide floats holding them, one for each page it takes
    (the flow block's `source_index` is its place among the returned WideTables)."""
    ts = style.table.text
    where = Where(table.source, diagnostics)
    columns = len(table.header)
    rows = [table.header, *table.rows]
    pad = style.table.padding
    widths = _measure(rows, factory, style, where)
    frame = page_frame(style, verso=False)
    need = sum(widths.least) + 2 * pad * columns
    available = style.page.column_width
    wide = need > available + 1e-6
    if wide:
        available = frame.width
    if need > available + 1e-6:
        raise ArticleError(
            f"the table is too wide even for the page: its {columns} columns need at least "
            f"{need:.0f}pt and the page has {available:.0f}pt",
            table.source,
            hint="split the table into two narrower ones, or shorten its longest words and numbers",
        )
    headers = _Widths(widths.natural, [max(m, h) for m, h in zip(widths.least, widths.header)], widths.header)
    if sum(headers.least) + 2 * pad * columns <= available:
        widths = headers  # room enough to keep every header cell on one line
    cols = _spread(widths, available - 2 * pad * columns)
    aligns = _aligns(table, style.table.text.align)
    if wide:
        return _wide(table, index, number, cols, aligns, frame.lines, style, factory, where)
    head = _row(table.header, cols, ["center"] * columns, True, style, factory, where)
    bodies = [_row(cells, cols, aligns, False, style, factory, where) for cells in table.rows]
    blocks: list[FlowBlock] = [_caption(table, number, index, len(head), style, factory, where)]
    blocks.append(FlowBlock("table-head", head, index, 0, 0, keep_together=True,
                            keep_with_next=len(bodies[0]) if bodies else 0, size=ts.size, source_index=1))
    label = continued_label(table, number, style, factory, where)
    for k, lines in enumerate(bodies):
        last = k == len(bodies) - 1
        blocks.append(FlowBlock("table", lines, index, 0, ts.space_after if last else 0, keep_together=True,
                                size=ts.size, source_index=k + 2, head=(*label, *head), head_label=len(label),
                                label_size=style.table.caption.size))
    if not table.rows:
        blocks[-1] = FlowBlock("table-head", head, index, blocks[-1].space_before, ts.space_after,
                               keep_together=True, size=ts.size, source_index=1)
    return [b for b in blocks if b.lines], None


def _wide(table: Table, index: int, number: int, cols: list[float], aligns: list[str], page_lines: int,
          style: Style, factory: ConfigFactory, where: Where) -> tuple[list[FlowBlock], tuple[WideTable, ...]]:
    """A page-wide table: floats at the top of the page that cites it and of the pages after,
    as page-wide figures go. Each part leaves room on its page for two lines of text; a table
    longer than that goes on in the next part, under 续表N and its header row set again. A row
    never splits."""
    ts = style.table.text
    width = frame_width(cols, style)
    caption = _caption(table, number, index, 0, style, factory, where, width).lines
    label = continued_label(table, number, style, factory, where, width)
    head = _row(table.header, cols, ["center"] * len(cols), True, style, factory, where)
    rows = [_row(cells, cols, aligns, False, style, factory, where) for cells in table.rows]
    room = page_lines - 2 - ts.space_before - ts.space_after  # grid lines one part may take
    parts: list[list[tuple[ComposedLine, ...]]] = [[]]
    for row in rows:
        top = caption if len(parts) == 1 else label
        used = len(top) + len(head) + sum(len(r) for r in parts[-1])
        if parts[-1] and used + len(row) > room:
            parts.append([])
            top = label
            used = len(top) + len(head)
        if used + len(row) > room:
            raise ArticleError(
                f"a row of the table is too long for a page-wide table ({used + len(row)} lines "
                f"of the {page_lines} on a page)",
                table.source,
                hint="shorten the row's cells, or make the table's columns narrower so it fits a column",
            )
        parts[-1].append(row)
    blocks: list[FlowBlock] = []
    wides: list[WideTable] = []
    for k, part in enumerate(parts):
        top = caption if k == 0 else label
        body = [line for row in part for line in row]
        lines = (*top, *head, *body)
        roles = ("table-caption",) * len(top) + ("table-head",) * len(head) + ("table",) * len(body)
        blocks.append(FlowBlock("table-wide", lines, index, ts.space_before, ts.space_after, keep_together=True,
                                size=ts.size, float_place="top", spans=True, slots=len(lines), source_index=k))
        wides.append(WideTable(roles, width))
    return blocks, tuple(wides)


def frame_width(cols: list[float], style: Style) -> float:
    return sum(cols) + 2 * style.table.padding * len(cols)


def place_wide_table(block: FlowBlock, wide: WideTable, frame: PageFrame, slot: int,
                     style: Style) -> tuple[list[Line], list[Rule]]:
    """The lines and the three rules of a page-wide table whose first line is in grid slot
    `slot` of the page."""
    x = frame.left
    lines: list[Line] = []
    for k, (cl, role) in enumerate(zip(block.lines, wide.roles)):
        size = style.table.caption.size if role == "table-caption" else block.size
        y = frame.baseline(slot + k, size)
        lines.append(Line(role, tuple(r.moved(x, y) for r in cl.runs), x, y, cl.width, -1, block.block,
                          cl.first, cl.last, cl.justified, cl.pushed, size, x + cl.filled,
                          tuple(x + d for d in cl.dots), tuple((x + a, x + b) for a, b in cl.strikes),
                          tuple((x + a, x + b, u) for a, b, u in cl.links)))
    ts = style.table
    first = wide.roles.index("table-head")
    last_head = len(wide.roles) - 1 - wide.roles[::-1].index("table-head")
    top = frame.slot_top(slot + first)
    bottom = frame.slot_top(slot + len(wide.roles) - 1) + frame.pitch
    under = frame.slot_top(slot + last_head) + frame.pitch
    x1 = x + wide.width
    rules = [Rule(x, top + ts.frame / 2, x1, top + ts.frame / 2, ts.frame, ts.text.color),
             Rule(x, bottom - ts.frame / 2, x1, bottom - ts.frame / 2, ts.frame, ts.text.color)]
    if last_head < len(wide.roles) - 1:
        rules.append(Rule(x, under, x1, under, ts.rule, ts.text.color))
    return lines, rules


def _caption(table: Table, number: int, index: int, head: int, style: Style, factory: ConfigFactory,
             where: Where, width: float | None = None) -> FlowBlock:
    """The caption line above the table, kept with the header row and the first row."""
    label = table.label or style.table.label.format(n=number)
    text = f"{label}\u3000{table.caption}" if table.caption else label
    cs = style.table.caption
    measure = width if width is not None else style.page.column_width
    lines = compose_paragraph((Run(text),), factory.make(cs, measure, indent=0.0), where)
    return FlowBlock("table-caption", tuple(lines), index, style.table.text.space_before, 0,
                     keep_together=True, keep_with_next=head, size=cs.size, source_index=0)


def shown_number(table: Table, number: int) -> str:
    """The table's number as its caption shows it: the one its caption line wrote, else its count."""
    written = re.search(r"\d+", table.label)
    return written.group(0) if written else str(number)


def continued_label(table: Table, number: int, style: Style, factory: ConfigFactory, where: Where,
                    width: float | None = None) -> tuple[ComposedLine, ...]:
    """The line set above the header row where the table goes on after a break (续表1), in the
    caption's type, as Chinese books mark a continued table; none when the style says "". """
    text = style.table.continued.format(n=shown_number(table, number), caption=table.caption).strip()
    if not text:
        return ()
    cs = style.table.caption
    measure = width if width is not None else style.page.column_width
    return tuple(compose_paragraph((Run(text),), factory.make(cs, measure, indent=0.0), where))


def _plain(cell: Cell) -> str:
    return "".join(r.text for r in cell).strip()


def _aligns(table: Table, text: str) -> list[str]:
    """Each column's alignment: as the `:---:` markers say, else numbers right and text as
    `table.text.align` says."""
    out = []
    for c, given in enumerate(table.aligns):
        if given:
            out.append(given)
            continue
        texts = [_plain(row[c]) for row in table.rows if c < len(row) and _plain(row[c])]
        out.append("right" if texts and all(_NUMBER.match(t) for t in texts) else text)
    return out


def _measure(rows: list[tuple[Cell, ...]], factory: ConfigFactory, style: Style, where: Where) -> _Widths:
    ts = style.table.text
    wide = factory.make(ts, 10_000.0, align="left", indent=0.0)
    strong = factory.make(style.table.text, 10_000.0, align="left", indent=0.0)
    natural = [0.0] * len(rows[0])
    least = [0.0] * len(rows[0])
    header = [0.0] * len(rows[0])
    for r, cells in enumerate(rows):
        for c, cell in enumerate(cells):
            runs = _bold(cell) if r == 0 else cell
            lines = compose_paragraph(runs, strong if r == 0 else wide, where)
            width = max((ln.natural for ln in lines), default=0.0)
            natural[c] = max(natural[c], width)
            least[c] = max(least[c], min(width, _least(cell, wide, where, ts.size)))
            if r == 0:
                header[c] = width
    return _Widths(natural, least, header)


def _least(cell: Cell, cfg, where: Where, size: float) -> float:
    """The narrowest a cell can be: its longest Latin word or number, and MIN_HAN Han characters."""
    text = _plain(cell)
    words = re.findall(r"[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+", text)
    widest = MIN_HAN * size if any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text) else 0.0
    for word in words:
        lines = compose_paragraph((Run(word),), cfg, where)
        widest = max(widest, max((ln.natural for ln in lines), default=0.0))
    return widest


def _spread(widths: _Widths, room: float) -> list[float]:
    """Column widths (text only) filling `room`: the natural widths when they fit, the room
    left over shared equally; else the least widths plus the room shared by what each lacks."""
    natural, least = widths.natural, widths.least
    if sum(natural) <= room:
        extra = (room - sum(natural)) / len(natural)
        return [w + extra for w in natural]
    lacking = [n - m for n, m in zip(natural, least)]
    share = (room - sum(least)) / sum(lacking) if sum(lacking) else 0.0
    return [m + share * lack for m, lack in zip(least, lacking)]


def _bold(cell: Cell) -> Cell:
    return tuple(Run(r.text, True, r.note, r.emphasis, r.strike, r.link, r.code) for r in cell)


def _row(cells: tuple[Cell, ...], cols: list[float], aligns: list[str], header: bool, style: Style,
         factory: ConfigFactory, where: Where) -> tuple[ComposedLine, ...]:
    """A row's grid lines: line k holds line k of every cell, each at its column's x."""
    ts = style.table.text
    pad = style.table.padding
    width = sum(cols) + 2 * pad * len(cols)
    set_cells = []
    for c, cell in enumerate(cells):
        cfg = factory.make(ts, cols[c], align=aligns[c], indent=0.0)
        set_cells.append(compose_paragraph(_bold(cell) if header else cell, cfg, where))
    height = max((len(lines) for lines in set_cells), default=0) or 1
    out = []
    for k in range(height):
        runs, dots, strikes, links = [], [], [], []
        x = 0.0
        for c, lines in enumerate(set_cells):
            dx = x + pad
            if k < len(lines):
                line = lines[k]
                runs.extend(r.moved(dx, 0.0) for r in line.runs)
                dots.extend(dx + d for d in line.dots)
                strikes.extend((dx + a, dx + b) for a, b in line.strikes)
                links.extend((dx + a, dx + b, u) for a, b, u in line.links)
            x += cols[c] + 2 * pad
        out.append(ComposedLine(tuple(runs), width, width, width, k == 0, k == height - 1, False, "",
                                tuple(dots), tuple(strikes), tuple(links)))
    return tuple(out)


def table_rules(blocks, columns: list[list[Placement]], frame: PageFrame, offset: int, style: Style) -> list[Rule]:
    """The three rules of each stretch of a table in a column: heavy above and below, thin
    under the header lines (the header repeated at a column top included)."""
    rules: list[Rule] = []
    ts = style.table
    color = ts.text.color
    for c, placed in enumerate(columns):
        stretch: list[Placement] = []
        for p in [*placed, None]:
            block = blocks[p.block] if p is not None else None
            is_table = block is not None and block.role in ROLES
            if stretch and (not is_table or block.block != blocks[stretch[-1].block].block):
                rules.extend(_stretch_rules(blocks, stretch, frame, offset, c, ts.frame, ts.rule, color))
                stretch = []
            if is_table and not (p.line < 0 and -1 - p.line < block.head_label):  # not the 续表 line
                stretch.append(p)
    return rules


def _stretch_rules(blocks, stretch: list[Placement], frame: PageFrame, offset: int, column: int,
                   heavy: float, thin: float, color) -> list[Rule]:
    first = blocks[stretch[0].block]
    width = first.head[-1].width if first.head else first.lines[0].width
    x0 = frame.column_xs[column] + first.inset
    x1 = x0 + width
    top = frame.slot_top(stretch[0].slot + offset)
    bottom = frame.slot_top(stretch[-1].slot + offset) + frame.pitch
    rules = [Rule(x0, top + heavy / 2, x1, top + heavy / 2, heavy, color),
             Rule(x0, bottom - heavy / 2, x1, bottom - heavy / 2, heavy, color)]
    heads = [p for p in stretch if blocks[p.block].role == "table-head" or p.line < 0]
    if heads and heads[-1] is not stretch[-1]:
        y = frame.slot_top(heads[-1].slot + offset) + frame.pitch
        rules.append(Rule(x0, y, x1, y, thin, color))
    return rules
