"""Page make-up checks on the layout data: what a proof reader would send back.

Each check reads finished `Page`s only (lines, frames, grid), so it judges a layout however it
was made, and a proof report can list its findings beside the line checks. The rules:

- a *hole* is a run of empty grid lines at a column foot; an article's last page and a column
  above a page-wide float (which ends the columns early) are exempt, since their text ends there;
- a *short column* is a column of an article's last page holding text but fewer than
  `min_lines` lines while another column of that page has text too (a stranded line);
- a *widow* is a paragraph's last part of fewer than `widows` lines at a column head, an
  *orphan* its first part of fewer than `orphans` lines at a column foot;
- floats (figures and pull quotes) must come in the article's order; a column float stays
  within the section (between the headings) where the article has it and never comes before
  the page of the text that cites it (the text before it in the article); a page-wide float
  stands on the page that cites it or the next;
- every set line must lie inside one of the page's recorded frames.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from paiban.layout.geometry import ASCENT
from paiban.layout.result import Frame, Line, Page

#: Roles of lines set in the columns as running text (a paragraph may split between columns).
TEXT_ROLES = frozenset({"body", "quote", "note"})
#: Roles of lines that belong to a float rather than to the text.
FLOAT_ROLES = frozenset({"pullquote", "caption", "credit", "placeholder"})
_SLACK = 1.0  # pt a glyph may stand out of its frame, as preflight allows


@dataclass(frozen=True, slots=True)
class Finding:
    """One make-up fault: its kind, the page index (0-based) and column (-1: none), and what."""

    kind: str  # hole | short-column | widow | orphan | float-order | float-section | float-page | outside-frame
    page: int
    column: int
    detail: str
    size: int = 0  # grid lines of a hole, lines of a short column or a widow/orphan part


def _pitch(page: Page) -> float:
    grid = page.grid
    return grid[1] - grid[0] if len(grid) > 1 else 0.0


def _columns(page: Page) -> list[Frame]:
    return sorted((f for f in page.frames if f.kind == "column"), key=lambda f: f.index)


def _wide_figures(page: Page, columns: Sequence[Frame]) -> list[Frame]:
    width = columns[0].width if columns else 0.0
    return [f for f in page.frames if f.kind == "figure" and f.width > width + _SLACK]


def _in_column(x: float, column: Frame) -> bool:
    return column.x - _SLACK <= x <= column.x + column.width + _SLACK


def _column_foot(page: Page, column: Frame, pitch: float) -> float:
    """The y below the last thing set in a column: its lines, its figures, its rules."""
    ends = [ln.y + ln.size * (1 - ASCENT) for ln in page.lines if ln.column == column.index
            and ln.role not in ("header", "folio")]
    ends += [f.y + f.height for f in page.frames if f.kind == "figure" and f.width <= column.width + _SLACK
             and _in_column(f.x, column)]
    ends += [r.y0 + pitch / 2 for r in page.rules if r.y0 == r.y1 and _in_column(r.x0, column)
             and r.x1 - r.x0 <= column.width + _SLACK and r.y0 >= column.y]
    return max(ends, default=column.y)


def holes(pages: Sequence[Page], min_size: int = 1) -> list[Finding]:
    """Empty grid lines at column feet, on every page but the last (the article ends there)."""
    out = []
    for page in pages[:-1]:
        pitch = _pitch(page)
        if not pitch:
            continue
        columns = _columns(page)
        wide = _wide_figures(page, columns)
        for column in columns:
            foot = _column_foot(page, column, pitch)
            if any(f.y >= foot - _SLACK for f in wide):
                continue  # a page-wide float below ends the columns: the gap is its space
            empty = int((column.y + column.height - foot) / pitch + 0.25)
            if empty >= min_size:
                out.append(Finding("hole", page.index, column.index,
                                   f"{empty} empty grid line{'s' if empty > 1 else ''} at the foot of "
                                   f"column {column.index + 1}", empty))
    return out


def short_columns(pages: Sequence[Page], min_lines: int = 3) -> list[Finding]:
    """Columns of the last page with text but fewer than `min_lines` lines, beside other text."""
    if not pages:
        return []
    page = pages[-1]
    counts: dict[int, int] = {}
    for ln in page.lines:
        if ln.column >= 0 and ln.role not in FLOAT_ROLES:
            counts[ln.column] = counts.get(ln.column, 0) + 1
    if len(counts) < 2:
        return []
    return [Finding("short-column", page.index, c, f"column {c + 1} of the last page holds only {n} "
                    f"line{'s' if n > 1 else ''}", n)
            for c, n in sorted(counts.items()) if n < min_lines]


def _paragraph_parts(pages: Sequence[Page]) -> list[list[tuple[int, int, int]]]:
    """Each paragraph of running text as its parts: (page, column, lines) in reading order."""
    paragraphs: list[list[tuple[int, int, int]]] = []
    current: list[tuple[int, int, int]] | None = None
    key = None
    for page in pages:
        for ln in page.lines:
            if ln.role not in TEXT_ROLES or ln.column < 0:
                continue
            if ln.first or current is None or key != (ln.role, ln.block):
                current = []
                paragraphs.append(current)
                key = (ln.role, ln.block)
            where = (page.index, ln.column)
            if current and current[-1][:2] == where:
                current[-1] = (*where, current[-1][2] + 1)
            else:
                current.append((*where, 1))
            if ln.last:
                current, key = None, None
    return paragraphs


def widows_orphans(pages: Sequence[Page], widows: int = 2, orphans: int = 2) -> list[Finding]:
    """Paragraph parts shorter than the keep rules at a column foot (orphan) or head (widow)."""
    out = []
    for parts in _paragraph_parts(pages):
        if len(parts) < 2:
            continue
        page, column, n = parts[0]
        if n < orphans:
            out.append(Finding("orphan", page, column, f"{n} line{'s' if n > 1 else ''} of a paragraph "
                               f"alone at the foot of column {column + 1}", n))
        page, column, n = parts[-1]
        if n < widows:
            out.append(Finding("widow", page, column, f"{n} line{'s' if n > 1 else ''} of a paragraph "
                               f"alone at the head of column {column + 1}", n))
    return out


def _reading_keys(pages: Sequence[Page]) -> dict[tuple[str, int], tuple[int, float, float]]:
    """Where each float and heading first stands in reading order: (page, column, y), with
    page-wide floats before the columns when above them and after them when below; ("wide", n)
    marks the page-wide ones, ("text", n) the page where text of block n last stands."""
    keys: dict[tuple[str, int], tuple[int, float, float]] = {}
    for page in pages:
        columns = _columns(page)
        top = min((c.y for c in columns), default=0.0)
        for f in page.frames:
            if f.kind != "figure":
                continue
            if columns and f.width > columns[0].width + _SLACK:
                column = -1.0 if f.y < top + _SLACK else float(len(columns))
                keys[("wide", f.index)] = (page.index, column, f.y)
            else:
                column = float(next((c.index for c in columns if _in_column(f.x, c)), 0))
            keys.setdefault(("float", f.index), (page.index, column, f.y))
        for ln in page.lines:
            if ln.role == "pullquote":
                keys.setdefault(("float", ln.block), (page.index, float(ln.column), ln.y))
            elif ln.role == "heading":
                keys.setdefault(("heading", ln.block), (page.index, float(ln.column), ln.y))
            if ln.role in TEXT_ROLES or ln.role == "heading":
                keys[("text", ln.block)] = (page.index, float(ln.column), ln.y)
    return keys


def float_order(pages: Sequence[Page]) -> list[Finding]:
    """Floats out of the article's order, or outside the section (between headings) they are in."""
    keys = _reading_keys(pages)
    floats = sorted((block, at) for (kind, block), at in keys.items() if kind == "float")
    headings = sorted((block, at) for (kind, block), at in keys.items() if kind == "heading")
    out = []
    for (a, at_a), (b, at_b) in zip(floats, floats[1:]):
        if at_b < at_a:
            out.append(Finding("float-order", at_b[0], int(at_b[1]),
                               f"float of block {b} stands before float of block {a}"))
    texts = sorted((block, at) for (kind, block), at in keys.items() if kind == "text")
    for block, at in floats:
        cited = [t for t in texts if t[0] < block]
        cite_page = cited[-1][1][0] if cited else 0
        if ("wide", block) in keys:
            if at[0] not in (cite_page, cite_page + 1):
                out.append(Finding("float-page", at[0], -1, f"page-wide float of block {block} is on "
                                   f"page index {at[0]}, cited on {cite_page}"))
            continue  # at the top or foot of a page, not in a section's run of text
        if at[0] < cite_page:
            out.append(Finding("float-page", at[0], int(at[1]), f"float of block {block} comes "
                               f"before the page (index {cite_page}) of the text that cites it"))
        before = [h for h in headings if h[0] < block]
        after = [h for h in headings if h[0] > block]
        if before and at < before[-1][1]:
            out.append(Finding("float-section", at[0], int(at[1]),
                               f"float of block {block} stands before the heading (block "
                               f"{before[-1][0]}) of its section"))
        if after and at > after[0][1]:
            out.append(Finding("float-section", at[0], int(at[1]),
                               f"float of block {block} stands after the heading (block "
                               f"{after[0][0]}) of the next section"))
    return out


def _ink_box(line: Line) -> tuple[float, float, float, float]:
    left = min((r.xs[0] for r in line.runs if r.xs), default=line.x)
    right = max(line.extent, left)
    return left, line.y - line.size * ASCENT, right, line.y + line.size * (1 - ASCENT)


def outside_frames(pages: Sequence[Page]) -> list[Finding]:
    """Set lines that lie inside none of their page's recorded frames."""
    out = []
    for page in pages:
        for ln in page.lines:
            if not ln.text.strip():
                continue
            x0, y0, x1, y1 = _ink_box(ln)
            inside = any(f.x - _SLACK <= x0 and x1 <= f.x + f.width + _SLACK
                         and f.y - _SLACK <= y0 and y1 <= f.y + f.height + _SLACK for f in page.frames)
            if not inside:
                out.append(Finding("outside-frame", page.index, ln.column,
                                   f"{ln.role} line '{ln.text[:12]}' is outside every frame"))
    return out


def makeup_findings(pages: Sequence[Page], widows: int = 2, orphans: int = 2,
                    min_lines: int = 3) -> list[Finding]:
    """Every make-up check over the pages of one article."""
    return [*holes(pages), *short_columns(pages, min_lines), *widows_orphans(pages, widows, orphans),
            *float_order(pages), *outside_frames(pages)]
