"""The proofreader: reads laid-out pages one at a time and marks what a proofreader would.

It works page by page so that `paiban build`, which writes each page and lets it go, can read
its pages on the way (it is a `keep` sink for the page writer: it has `append`). What spans
pages is carried over: a paragraph's lines until its last line, and the holes of a page until
the next page shows it was not the last (the last page's short columns are the balanced end of
the article, not holes).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence

from paiban.layout.result import Line, Page
from paiban.proof.glyphs import Advances, FontResolver, page_glyphs
from paiban.proof.lines import Place, check_lines
from paiban.proof.report import KINDS, Finding

#: Roles whose lines are running text, made into paragraphs by the composer.
TEXT_ROLES = frozenset(("body", "quote", "lead", "note", "pullquote"))
#: Roles of page furniture: not proofread here (no paragraphs, one short line each).
FURNITURE = frozenset(("header", "folio"))
_HYPHENS = ("-", "\u2010", "\u00ad")
_DIGIT = re.compile(r"[0-9０-９]")
_LATIN_TAIL = re.compile(r"([A-Za-z]+)[-\u2010\u00ad]$")
_LATIN_HEAD = re.compile(r"[A-Za-z]+")


class Proofreader:
    """Collects findings from pages given in order; `finish()` returns them all."""

    def __init__(self, fonts: FontResolver, source_text: str = "", title_lines: Sequence[str] = (),
                 end_half: bool = False) -> None:
        self._advances = Advances(fonts)
        self._source = source_text  # the article's own text: tells the author's hyphens from the engine's
        self._title_breaks = _cumulative(title_lines)  # breaks the author chose between title lines
        self._end_half = end_half
        self._findings: list[Finding] = []
        self._open: dict[tuple[str, int], list[tuple[Line, Place]]] = {}
        self._headings: dict[int, list[tuple[Line, Place]]] = {}
        self._pending_holes: list[Finding] = []
        self.pages = 0

    def append(self, page: Page) -> None:
        """`add_page`, under the name a page writer's `keep` list uses."""
        self.add_page(page)

    def add_page(self, page: Page) -> None:
        self._findings.extend(self._pending_holes)  # a page follows: the previous was not the last
        self._pending_holes = []
        self.pages += 1
        titles: list[tuple[Line, Place]] = []
        ordered = _in_reading_order(page, self.pages)
        lines = [line for line, _ in ordered]
        glyphs = page_glyphs(lines, self._advances)
        self._findings.extend(check_lines(lines, [place for _, place in ordered], glyphs, self._end_half))
        for line, place in ordered:
            if line.role in TEXT_ROLES:
                self._text_line(line, place)
            elif line.role == "heading":
                self._heading_line(line, place)
            elif line.role == "title":
                titles.append((line, place))
        if len(titles) > 1:
            self._findings.extend(_heading_breaks(titles, self._title_breaks))
        self._pending_holes = _holes(page, self.pages)

    def finish(self) -> tuple[Finding, ...]:
        """All findings, in page order (the last page's short columns are not holes)."""
        for lines in self._open.values():  # a paragraph the pages ended inside of
            self._paragraph(lines)
        self._open.clear()
        order = {kind: i for i, kind in enumerate(KINDS)}
        return tuple(sorted(self._findings, key=lambda f: (f.page, f.column, f.line, order.get(f.kind, 99))))

    def _text_line(self, line: Line, place: Place) -> None:
        key = (line.role, line.block)
        if line.first or key not in self._open:
            if key in self._open:
                self._paragraph(self._open.pop(key))
            self._open[key] = []
        self._open[key].append((line, place))
        if line.last:
            self._paragraph(self._open.pop(key))

    def _heading_line(self, line: Line, place: Place) -> None:
        lines = self._headings.setdefault(line.block, [])
        lines.append((line, place))
        if line.last:
            del self._headings[line.block]
            if len(lines) > 1:
                self._findings.extend(_heading_breaks(lines, frozenset()))

    def _paragraph(self, lines: list[tuple[Line, Place]]) -> None:
        texts = [ln.text for ln, _ in lines]
        if len(lines) > 1 and lines[-1][0].last:
            count = _characters(texts[-1])
            if count in (1, 2):
                kind = "lone_last_line" if count == 1 else "short_last_line"
                self._findings.append(lines[-1][1].finding(kind, texts[-1], count, "char",
                                                           "characters on the paragraph's last line"))
        joined = "".join(texts)
        numbers = _DIGIT.search(joined) is not None  # most paragraphs of most articles have none
        if numbers:  # the number rules (and their patterns) are loaded for the first paragraph with one
            from paiban.proof.numbers import number_break
        hyphens = any(h in joined for h in _HYPHENS)
        k = 0
        for i in range(len(lines) - 1):
            k += len(texts[i])
            reason = number_break(joined, k) if numbers else ""
            if reason:
                shown = f"{texts[i][-8:]} / {texts[i + 1][:8]}"
                self._findings.append(lines[i][1].finding("number_unit_break", shown, k, "char",
                                                          f"{reason}, after character {k}"))
            if hyphens and self._engine_hyphen(texts[i], texts[i + 1]):
                self._findings.append(lines[i][1].finding("hyphenation", texts[i], 1, "char",
                                                          "hyphen added at the line end"))
        self._findings.extend(_widow_orphan(lines))

    def _engine_hyphen(self, line: str, following: str) -> bool:
        """A line that ends in a hyphen between letters the article itself does not hyphenate."""
        tail = _LATIN_TAIL.search(line.rstrip())
        head = _LATIN_HEAD.match(following)
        if tail is None or head is None:
            return False
        written = f"{tail.group(1)}{line.rstrip()[-1]}{head.group(0)}"
        return written not in self._source


def _cumulative(parts: Sequence[str]) -> frozenset[int]:
    offsets, k = set(), 0
    for part in parts[:-1]:
        k += len(part)
        offsets.add(k)
    return frozenset(offsets)


def _characters(text: str) -> int:
    """Characters of a line that are not punctuation or space: "识。" has one."""
    return sum(1 for ch in text if not unicodedata.category(ch).startswith(("P", "Z")) and not ch.isspace())


def _heading_breaks(lines: list[tuple[Line, Place]], chosen: frozenset[int]) -> list[Finding]:
    """Breaks of a heading or title that fall neither after punctuation nor between words.

    The word segmenter is imported only here, when a heading actually wraps: most articles
    never pay for loading its dictionary.
    """
    texts = [ln.text for ln, _ in lines]
    joined = "".join(texts)
    boundaries: frozenset[int] | None = None
    out = []
    k = 0
    for i in range(len(lines) - 1):
        k += len(texts[i])
        if k in chosen or not texts[i] or not texts[i + 1]:
            continue
        before = joined[k - 1]
        if unicodedata.category(before).startswith("P") or before.isspace() or joined[k].isspace():
            continue
        if boundaries is None:
            from paiban.text.segment import word_boundaries

            boundaries = word_boundaries(joined)
        if k not in boundaries:
            out.append(lines[i][1].finding("heading_broken_in_word", f"{texts[i]} / {texts[i + 1]}", k, "char",
                                           f"break after character {k} is inside a word"))
    return out


def _widow_orphan(lines: list[tuple[Line, Place]]) -> list[Finding]:
    """A paragraph's first line alone at a column foot (orphan), its last alone at a column top
    (widow)."""
    if len(lines) < 2 or lines[0][1].column == 0:
        return []
    head, tail = lines[0][1], lines[-1][1]
    if (head.page, head.column) == (tail.page, tail.column):  # all in one column
        return []
    segments: list[list[tuple[Line, Place]]] = []
    for line, place in lines:
        if segments and (segments[-1][0][1].page, segments[-1][0][1].column) == (place.page, place.column):
            segments[-1].append((line, place))
        else:
            segments.append([(line, place)])
    if len(segments) < 2:
        return []
    out = []
    first, last = segments[0], segments[-1]
    if len(first) == 1 and first[0][0].first:
        out.append(first[0][1].finding("orphan", first[0][0].text, 1, "line", "first line alone at a column foot"))
    if len(last) == 1 and last[0][0].last:
        out.append(last[0][1].finding("widow", last[0][0].text, 1, "line", "last line alone at a column top"))
    return out


def _in_reading_order(page: Page, number: int) -> list[tuple[Line, Place]]:
    """The page's lines (furniture left out) with their places: the lines outside the columns
    first, top to bottom, then each column top to bottom."""
    by_column: dict[int, list[Line]] = defaultdict(list)
    for line in page.lines:
        if line.role not in FURNITURE:
            by_column[line.column].append(line)
    out = []
    for column in sorted(by_column):
        ordered = sorted(by_column[column], key=lambda ln: (ln.y, ln.x))
        for k, line in enumerate(ordered):
            out.append((line, Place(number, column + 1 if column >= 0 else 0, k + 1)))
    return out


def _holes(page: Page, number: int) -> list[Finding]:
    """Empty grid lines at the foot of each column (counted from the last thing in it)."""
    grid = page.grid
    if len(grid) < 2:
        return []
    pitch = grid[1] - grid[0]
    covers = [f for f in page.frames if f.kind == "figure"] + list(page.images)
    used: dict[int, set[int]] = defaultdict(set)  # column → grid slots holding a line or a rule
    for line in page.lines:
        if line.column >= 0:
            used[line.column].add(_slot(grid, line.y, pitch))
    out = []
    for frame in page.frames:
        if frame.kind != "column":
            continue
        x0, x1 = frame.x, frame.x + frame.width
        slots = [k for k, b in enumerate(grid) if frame.y < b <= frame.y + frame.height + 0.5]
        if not slots:
            continue
        taken = set(used.get(frame.index, ()))
        taken.update(_slot(grid, r.y0 + pitch / 2, pitch) for r in page.rules if r.x0 < x1 and r.x1 > x0)
        for c in covers:
            if c.x < x1 and c.x + c.width > x0:
                taken.update(k for k in slots if c.y - pitch / 2 < grid[k] <= c.y + c.height + pitch / 2)
        last = max((i for i, k in enumerate(slots) if k in taken), default=-1)
        empty = len(slots) - 1 - last
        if empty > 0:
            place = Place(number, frame.index + 1, last + 2)
            out.append(place.finding("hole", "", empty, "line", "empty grid lines at the column foot"))
    return out


def _slot(grid: tuple[float, ...], y: float, pitch: float) -> int:
    """The grid slot whose baseline is nearest to y (-1 when none is within half a pitch)."""
    k = bisect_left(grid, y - pitch / 2)
    return k if k < len(grid) and abs(grid[k] - y) < pitch / 2 else -1
