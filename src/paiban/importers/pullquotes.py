"""Pull quotes on PDF pages: display type between two rules of one measure.

A pull quote repeats a sentence of the article, larger or in another face, between a rule above
and a rule below that run the width of its column. Read as body text it would splice that sentence
into whatever paragraph runs beside it, so the rows between such a pair of rules are taken off the
page before paragraphs are rebuilt, and become a `PullQuote` of their own.

A pair of rules only frames a pull quote when everything between them in their measure is set in
a type other than the body's: a table or a boxed note set in body type stays text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from paiban.importers.figures import BodyType
from paiban.importers.punctuation import normalise_punctuation
from paiban.importers.source import Segment, SourcePage
from paiban.importers.text import Styled, join_lines, tidy

MAX_LINES = 8
"""Rules further apart than this many body lines (taken as two em each) frame no pull quote."""


@dataclass(frozen=True, slots=True)
class PagePullQuote:
    """A pull quote found on a page."""

    page: int  # index of the page in the import
    bbox: tuple[float, float, float, float]  # from the rule above to the rule below
    text: str


def take_pullquotes(pages: Sequence[SourcePage]) -> tuple[list[SourcePage], list[PagePullQuote]]:
    """The pages without their pull quotes, and the pull quotes in page order, top-down."""
    out: list[SourcePage] = []
    quotes: list[PagePullQuote] = []
    for index, page in enumerate(pages):
        for above, below in _pairs(page):
            page, quote = _take(page, index, above, below)
            if quote is not None:
                quotes.append(quote)
        out.append(page)
    return out, quotes


def _pairs(page: SourcePage) -> list[tuple[tuple[float, float, float], tuple[float, float, float]]]:
    """Rules of one measure, narrower than the page, that follow each other within a few lines."""
    em = page.em or 10.0
    strokes = [s for s in page.strokes if s[2] - s[1] < 0.8 * (page.width or 1e9)]
    pairs = []
    used: set[int] = set()
    for i, above in enumerate(strokes):
        if i in used:
            continue
        for j in range(i + 1, len(strokes)):
            below = strokes[j]
            same = abs(below[1] - above[1]) < 1.0 and abs(below[2] - above[2]) < 1.0
            if same and j not in used and 0 < below[0] - above[0] <= MAX_LINES * 2 * em:
                pairs.append((above, below))
                used.update((i, j))
                break
    return pairs


def _take(page: SourcePage, index: int, above: tuple[float, float, float],
          below: tuple[float, float, float]) -> tuple[SourcePage, PagePullQuote | None]:
    y0, x0, x1 = above
    y1 = below[0]
    inside: list[Segment] = []
    rows = []
    for row in page.rows:
        between = y0 < row.y < y1
        keep = tuple(s for s in row.segments if not (between and s.x0 >= x0 - 1 and s.x1 <= x1 + 1))
        inside.extend(s for s in row.segments if s not in keep)
        if keep:
            rows.append(replace(row, segments=keep))
    body = BodyType.of(page)
    if not inside or not all(body.differs(s) for s in inside):
        return page, None
    joined = tidy(join_lines([Styled.plain(s.text) for s in inside])).text
    quote = PagePullQuote(index, (x0, y0, x1, y1), normalise_punctuation(joined))
    return page.with_rows(tuple(rows)), quote
