"""Which page each part of a booklet starts on: pure arithmetic over page counts.

Folios count every physical page from the cover (page 1), so a folio's parity is the page's side:
odd folios are rectos. The cover and blank pages carry no printed folio but are counted, which
keeps the folios continuous through the booklet and lets `start: recto` work by parity alone.
"""

from __future__ import annotations

from dataclasses import dataclass

COVER, CONTENTS, ARTICLE, BLANK = "cover", "contents", "article", "blank"


@dataclass(frozen=True, slots=True)
class Part:
    """A run of pages of one kind: the cover, blank pages, the contents or one article."""

    kind: str
    first: int  # folio of its first page
    pages: int
    article: int = -1  # index of the article, for ARTICLE parts


@dataclass(frozen=True, slots=True)
class Plan:
    """The booklet's parts in page order."""

    parts: tuple[Part, ...]

    @property
    def total(self) -> int:
        return sum(p.pages for p in self.parts)

    def article_starts(self) -> list[int]:
        """The first folio of each article, in manifest order."""
        found = sorted((p.article, p.first) for p in self.parts if p.kind == ARTICLE)
        return [first for _, first in found]


def plan_booklet(article_pages: list[int], contents_pages: int, cover: bool = True,
                 start: str = "page", pad_to: int = 1) -> Plan:
    """Lay the parts out: cover, contents, articles, each starting on a new page or a recto.

    A blank page goes before a part that must start on a recto but would fall on a verso; blank
    pages at the end make the total a multiple of `pad_to` (4 for a saddle-stitched booklet).
    """
    if start not in ("page", "recto"):
        raise ValueError(f"start must be 'page' or 'recto', not {start!r}")
    parts: list[Part] = []
    folio = 1

    def add(kind: str, pages: int, article: int = -1) -> None:
        nonlocal folio
        if parts and start == "recto" and folio % 2 == 0:
            parts.append(Part(BLANK, folio, 1))
            folio += 1
        parts.append(Part(kind, folio, pages, article))
        folio += pages

    if cover:
        add(COVER, 1)
    if contents_pages:
        add(CONTENTS, contents_pages)
    for index, pages in enumerate(article_pages):
        add(ARTICLE, pages, index)
    remainder = (folio - 1) % pad_to
    if remainder:
        parts.append(Part(BLANK, folio, pad_to - remainder))
    return Plan(tuple(parts))
