"""Page furniture: what is on a page but not in the article, dropped and reported.

Three kinds reach an importer. A viewer adds its own lines (``Page 16 - 《刊名》2020年10期``,
``P. 16``, a row of page-navigation numbers). The print has a folio and running headers or
footers. Both say something the article needs — the publication, the issue, the printed page
number — so that is kept in `PageMeta` before the row is dropped. Everything dropped is returned
as `Dropped` records, which ``paiban import --report`` prints, so that a user can check that no
article text went with it.

Furniture sits at the top and bottom of a page, so only rows there are examined: from each edge
inwards while rows keep being furniture. A row counts as a running header when it names the
publication and issue, when it sits just above a header rule (PDF), or when the same text (digits
aside) stands at an edge of several pages.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from paiban.errors import Diagnostics
from paiban.importers.source import Dropped, PageMeta, Row, SourcePage

_ISSUE = (
    r"\d{4}\s*年\s*(?:第\s*)?\d{1,3}\s*期"
    r"|第\s*\d{1,3}\s*期"
    r"|\d{4}\s*年\s*\d{1,2}\s*月(?:[上中下]半月)?"
    r"|\d{4}\s*[./-]\s*\d{1,2}"
)
_PUBLICATION = r"《[^》]{1,30}》|[^\s\d《》]{2,20}?"
_HEADER = re.compile(
    rf"^\s*(?:(?P<pub>{_PUBLICATION})\s*(?P<issue>{_ISSUE})|(?P<issue2>{_ISSUE})\s*(?P<pub2>{_PUBLICATION}))\s*$"
)
_VIEWER_PAGE = re.compile(r"^\s*Page\s+\d+\s*[-–—]\s*(?P<what>.+?)\s*$", re.IGNORECASE)
_VIEWER_SHORT = re.compile(r"^\s*P\.\s*\d+\s*$")
_FOLIO = re.compile(r"^[\s\-—–·•|]*(?:第\s*)?(?P<n>\d{1,4})(?:\s*页)?[\s\-—–·•|]*$")

EDGE_BAND = 0.12
"""Fraction of a PDF page's height at the top and bottom where furniture may stand."""


@dataclass(frozen=True, slots=True)
class Publication:
    """A publication name and issue read from a header or viewer line."""

    publication: str
    issue: str


RULE_ENDS = " -_—–~|"
"""What may stand before and after a header's text without being part of it: the pieces of a
rule under or beside it as OCR reads them (``- 刊名 2024年第3期 - -``)."""

_SEPARATOR_ENDS = " _-—–~.·|\"'“”‘’"
"""Marks between a publication's name and the issue that are no part of the name (a separator
dot or bar, read by OCR as a quote or an underscore)."""


def parse_header(text: str) -> Publication | None:
    """`《湖北机关党建》2020年10期`, `湖北机关党建　2020年第10期`, `2020.10 湖北机关党建` …"""
    match = _HEADER.match(text.replace("\u3000", " ").strip(RULE_ENDS))
    if not match:
        return None
    pub = (match.group("pub") or match.group("pub2")).strip(_SEPARATOR_ENDS)
    issue = re.sub(r"\s+", "", match.group("issue") or match.group("issue2"))
    if pub.startswith("《") and pub.endswith("》"):
        pub = pub[1:-1].strip()
    return Publication(pub, issue) if pub else None


def folio_number(text: str) -> int | None:
    """The page number a folio row shows (`14`, `- 14 -`, `第14页`), or None."""
    match = _FOLIO.match(text)
    return int(match.group("n")) if match else None


def is_page_navigation(text: str) -> bool:
    """A viewer's row of page links: three or more consecutive numbers and nothing else."""
    tokens = text.split()
    if len(tokens) < 3 or not all(t.isdigit() for t in tokens):
        return False
    numbers = [int(t) for t in tokens]
    return all(b - a == 1 for a, b in zip(numbers, numbers[1:]))


def _repeat_key(row: Row) -> str:
    return re.sub(r"\d+", "#", "".join(row.text.split()))


class _Stripper:
    """Drops the furniture of a run of pages, remembering what it said."""

    def __init__(self, pages: list[SourcePage], diagnostics: Diagnostics):
        self.pages = pages
        self.diagnostics = diagnostics
        self.dropped: list[Dropped] = []
        self.meta = PageMeta()
        self.index = 0
        self.repeated = self._repeated_edges()

    def _repeated_edges(self) -> set[str]:
        """Texts that stand at the top or bottom of more than one page, within its edge band."""
        if len(self.pages) < 2:
            return set()
        counts: Counter[str] = Counter()
        for page in self.pages:
            rows = [r for r in page.rows if not self._viewer_kind(r.text)]
            # (within the band only: a paragraph's short last line may end the text of two pages,
            # one full and one not, without being furniture on either)
            keys = {_repeat_key(r) for r in rows[:2] if not _outside_band(page, r, True)}
            keys |= {_repeat_key(r) for r in rows[-2:] if not _outside_band(page, r, False)}
            counts.update(keys)
        return {key for key, n in counts.items() if n > 1}

    def drop(self, kind: str, row: Row) -> None:
        self.dropped.append(Dropped(kind, row.text.strip(), row.source, self.index, row.y))

    def _viewer_kind(self, text: str) -> str | None:
        if _VIEWER_PAGE.match(text) or _VIEWER_SHORT.match(text):
            return "viewer line"
        if is_page_navigation(text):
            return "page navigation"
        return None

    def page(self, index: int, page: SourcePage) -> SourcePage:
        self.index = index
        kept: list[Row] = []
        for row in page.rows:
            kind = self._viewer_kind(row.text)
            if kind is None:
                kept.append(row)
                continue
            self.drop(kind, row)
            viewer = _VIEWER_PAGE.match(row.text)
            if viewer:
                self._learn(parse_header(viewer.group("what")))
        top = self._strip_edge(index, page, kept, from_top=True)
        bottom = self._strip_edge(index, page, kept[top:][::-1], from_top=False)
        return page.with_rows(tuple(kept[top : len(kept) - bottom]))

    def _strip_edge(self, index: int, page: SourcePage, rows: list[Row], from_top: bool) -> int:
        """How many rows from one edge are furniture; drops them."""
        count = 0
        for row in rows:
            kind = self._edge_kind(index, page, row, from_top)
            if kind is None:
                break
            self.drop(kind, row)
            count += 1
        return count

    def _edge_kind(self, index: int, page: SourcePage, row: Row, from_top: bool) -> str | None:
        if _outside_band(page, row, from_top):
            return None
        text = row.text
        header = "running header" if from_top else "running footer"
        folio = folio_number(text)
        if folio is not None:
            self.meta.folios.setdefault(index, folio)
            return "folio"
        parsed = parse_header(text)
        if parsed:
            self._learn(parsed)
            return header
        if from_top and _above_rule(page, row):
            return header
        if _repeat_key(row) in self.repeated:
            if index > 0 or not from_top:
                return header
            self.diagnostics.warn(
                f"'{text.strip()}' repeats at the top of later pages, where it is dropped as a running "
                "header; on the first page it was kept (as the kicker, if it is one)",
                row.source,
            )
        if self.meta.publication and "".join(text.split()) in (self.meta.publication, f"《{self.meta.publication}》"):
            return header
        return None

    def _learn(self, found: Publication | None) -> None:
        if found is None:
            return
        if self.meta.publication is None:
            self.meta.publication, self.meta.issue = found.publication, found.issue
        elif (found.publication, found.issue) != (self.meta.publication, self.meta.issue):
            self.diagnostics.warn(
                f"the pages name two publications or issues: '{self.meta.publication} {self.meta.issue}' "
                f"and '{found.publication} {found.issue}'; the first was kept"
            )


def _outside_band(page: SourcePage, row: Row, from_top: bool) -> bool:
    """For PDFs (which know the page height): furniture stands within the top or bottom band."""
    if page.kind != "pdf":
        return False
    band = page.height * EDGE_BAND
    return row.y > band if from_top else row.y < page.height - band


def _above_rule(page: SourcePage, row: Row) -> bool:
    size = max((s.size for s in row.segments), default=0.0)
    return size > 0 and any(0 < rule - row.y < 2.0 * size for rule in page.rules)


def strip_furniture(pages: list[SourcePage], diagnostics: Diagnostics) -> tuple[list[SourcePage], list[Dropped], PageMeta]:
    """The pages without their furniture, what was dropped, and what it said."""
    stripper = _Stripper(pages, diagnostics)
    kept = [stripper.page(i, p) for i, p in enumerate(pages)]
    return kept, stripper.dropped, stripper.meta
