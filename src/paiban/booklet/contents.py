"""The table of contents: a heading, then one entry per article on the body grid.

An entry is the article's title set at a measure that leaves room for the widest page number,
a leader running from the end of the title to the number, and the number flush right. Leader
dots sit on positions counted from the number column, so the dots of all entries line up. An
entry is never split across pages; the heading takes `heading.lines` grid lines on the first
page only.
"""

from __future__ import annotations

from dataclasses import dataclass

from paiban.booklet.setting import set_text
from paiban.compose.line import ComposedLine
from paiban.errors import Diagnostics
from paiban.layout.configs import ConfigFactory
from paiban.layout.geometry import ASCENT, PageFrame, page_frame
from paiban.layout.result import GlyphRun, Line
from paiban.style.model import Style


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the contents: what it lists and the folio it starts on."""

    title: str  # lines of a multi-line title joined with an ideographic space
    page: int


@dataclass(frozen=True, slots=True)
class _Set:
    """An entry set at the measure, positioned relative to the measure's left edge and baseline."""

    lines: tuple[tuple[GlyphRun, ...], ...]


def contents_pages(entries: list[Entry], style: Style, factory: ConfigFactory, first_folio: int,
                   diagnostics: Diagnostics) -> list[tuple[Line, ...]]:
    """The lines of each contents page, placed on pages starting at folio `first_folio`."""
    set_entries = _set_entries(entries, style, factory, diagnostics)
    pages = _paginate([len(e.lines) for e in set_entries], style)
    out = []
    for number, page in enumerate(pages):
        frame = page_frame(style, verso=(first_folio + number) % 2 == 0)
        lines: list[Line] = _heading(style, factory, frame, diagnostics) if number == 0 else []
        for index, slot in page:
            for k, runs in enumerate(set_entries[index].lines):
                y = frame.baseline(slot + k, style.booklet.contents.entry.size)
                lines.append(Line("contents", tuple(r.moved(frame.left, y) for r in runs), frame.left, y,
                                  frame.width, first=k == 0, last=k == len(set_entries[index].lines) - 1,
                                  size=style.booklet.contents.entry.size))
        out.append(tuple(lines))
    return out


def _paginate(heights: list[int], style: Style) -> list[list[tuple[int, int]]]:
    """(entry index, first grid slot) per page; entries move whole to the next page."""
    capacity = style.grid.lines
    pages: list[list[tuple[int, int]]] = [[]]
    slot = style.booklet.contents.heading_lines
    for index, lines in enumerate(heights):
        if slot + lines > capacity and (pages[-1] or slot > 0):
            pages.append([])
            slot = 0
        pages[-1].append((index, slot))
        slot += lines
    return pages


def _heading(style: Style, factory: ConfigFactory, frame: PageFrame, diagnostics: Diagnostics) -> list[Line]:
    """The heading, centred in height in the grid lines it takes."""
    cs = style.booklet.contents
    ts = cs.heading
    composed = set_text(cs.heading_text, ts, factory, frame.width, diagnostics)
    if not composed:
        return []
    room = cs.heading_lines * frame.pitch
    y = frame.top + (room - ts.size) / 2 + ts.size * ASCENT
    line = composed[0]
    return [Line("contents-heading", tuple(r.moved(frame.left, y) for r in line.runs), frame.left, y,
                 frame.width, first=True, last=True, size=ts.size)]


def _set_entries(entries: list[Entry], style: Style, factory: ConfigFactory,
                 diagnostics: Diagnostics) -> list[_Set]:
    ts = style.booklet.contents.entry
    width = style.page.text_width
    numbers = [_natural(set_text(str(e.page), ts, factory, width, diagnostics, "left")) for e in entries]
    widest = max((n.natural for n in numbers if n is not None), default=0.0)
    gap = ts.size / 2
    measure = width - widest - 2 * gap
    leader = _Leader(style, factory)
    out = []
    for entry, number in zip(entries, numbers):
        title = set_text(entry.title, ts, factory, measure, diagnostics)
        lines = [tuple(cl.runs) for cl in title[:-1]]
        last = title[-1] if title else None
        runs = list(last.runs) if last else []
        runs += leader.runs(last.filled if last else 0.0, width - widest - gap, gap)
        if number is not None:
            runs += [r.moved(width - number.natural, 0.0) for r in number.runs]
        lines.append(tuple(runs))
        out.append(_Set(tuple(lines)))
    return out


def _natural(lines: list[ComposedLine]) -> ComposedLine | None:
    return lines[0] if lines else None


class _Leader:
    """Leader dots between a title and its number, on positions shared by every entry."""

    def __init__(self, style: Style, factory: ConfigFactory):
        ts = style.booklet.contents.entry
        self.char = style.booklet.contents.leader[:1]
        self.size = ts.size
        self.color = ts.color
        self.face = factory.chain(ts.family, ts.weight, ts.fallback).pick(self.char) if self.char else None
        advance = self.face.advance_em(self.char) if self.face else 0.0
        self.step = max(advance, 0.5) * ts.size

    def runs(self, start: float, end: float, gap: float) -> list[GlyphRun]:
        """Dots whose glyphs lie between `start + gap` and `end`, counted back from `end`."""
        if self.face is None:
            return []
        xs = []
        x = end - self.step
        while x >= start + gap - 1e-6:
            xs.append(x)
            x -= self.step
        if not xs:
            return []
        xs.reverse()
        return [GlyphRun(self.face.name, self.size, self.char * len(xs), tuple(xs), 0.0, self.color)]
