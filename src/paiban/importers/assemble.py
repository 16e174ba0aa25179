"""From source pages to an article: the importer's stages in order.

furniture → column grid → title block (first page) → column lines → figure captions (page text)
→ paragraphs and headings → front matter → character ledger. Each stage lives in its own module;
this one only passes their results along and turns what is left over into warnings, so that no
decision is silent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from paiban.errors import Diagnostics, SourceImportError, Span
from paiban.importers.captions import take_captions
from paiban.importers.columns import (
    ColumnGrid,
    ColumnLine,
    body_start,
    like_grid,
    column_lines,
    find_grid,
    measure_pitch,
    rejoin_fragments,
)
from paiban.importers.endnotes import attach_notes, mark_end_matter, take_notes
from paiban.importers.furniture import parse_header, strip_furniture
from paiban.importers.ledger import balance
from paiban.importers.paragraphs import build_blocks
from paiban.importers.punctuation import normalise_punctuation
from paiban.importers.source import Dropped, PageMeta, Row, SourcePage
from paiban.importers.text import tidy_spaces
from paiban.importers.titleblock import TitleBlock, read_title_block
from paiban.model.article import Article, ArticleMeta, Paragraph


@dataclass(frozen=True)
class Assembled:
    """The article and what was left out on the way."""

    article: Article
    dropped: tuple[Dropped, ...]
    lines: tuple[ColumnLine, ...]  # the body lines in reading order (floats are placed by them)
    block_of_line: tuple[int, ...]  # index into article.blocks for each of `lines`
    pages: tuple[SourcePage, ...] = ()  # the pages as read, furniture dropped


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    return normalise_punctuation(tidy_spaces(text)) or None


def _page_size(page: SourcePage) -> float:
    """The body type size of a PDF page (its em); 0 for page text, which has no sizes."""
    return page.em if page.kind == "pdf" else 0.0


def _split_title(page: SourcePage, grid: ColumnGrid, diagnostics: Diagnostics) -> tuple[TitleBlock, tuple[Row, ...]]:
    """The first page's title block and its body rows."""
    start = body_start(page.rows, grid, _page_size(page))
    if start >= len(page.rows) and page.rows:
        diagnostics.warn(f"no run of lines in columns was found on page {page.number}; the whole page was read as body text",
                         Span(page.name))
        start = 0
    left = min(grid.edges)
    block = read_title_block(page.rows[:start], left, page.em, diagnostics)
    return block, page.rows[start:]


def _grid(page: SourcePage, diagnostics: Diagnostics) -> ColumnGrid:
    grid = find_grid(page.rows, page.em, page.gutters)
    if not grid.found and page.rows:
        diagnostics.warn(
            f"no columns could be recognised on page {page.number} (no two lines start at one place); "
            "it was imported as one column",
            page.rows[0].source,
        )
    return grid


def _drop_title_headers(index: int, page: SourcePage, title: str, dropped: list[Dropped]) -> SourcePage:
    """A continued page's running header often repeats the article title: that row goes."""
    rows = list(page.rows)
    if title and rows and "".join(rows[0].text.split()) == title:
        dropped.append(Dropped("running header", rows[0].text.strip(), rows[0].source, index, rows[0].y))
        rows.pop(0)
    return page.with_rows(tuple(rows))


def _first_page(meta: PageMeta, diagnostics: Diagnostics) -> int:
    """The printed folio of the first page, checked against the folios of the others."""
    if not meta.folios:
        diagnostics.warn("no printed page number (folio) was found; first_page is 1")
        return 1
    index, folio = min(meta.folios.items())
    first = folio - index
    if first < 1:
        diagnostics.warn(f"the folio {folio} on page {index + 1} cannot follow on; first_page is 1")
        return 1
    for other, number in sorted(meta.folios.items()):
        if number != first + other:
            diagnostics.warn(f"page {other + 1} has folio {number}, expected {first + other}: are the pages in reading order?")
    if index:
        diagnostics.warn(f"the first page has no folio; first_page {first} was counted back from page {index + 1}")
    return first


def _publication_from(hints: Sequence[str], meta: PageMeta) -> None:
    for hint in hints:
        found = parse_header(hint) if meta.publication is None else None
        if found:
            meta.publication, meta.issue = found.publication, found.issue


def _lead(rows: Sequence[Row]) -> str | None:
    """Rows between the byline and the columns: what a magazine sets there, across the columns
    under the title block, is the lead (导语)."""
    return _clean(" ".join(r.text for r in rows))


def assemble(pages: Sequence[SourcePage], extra_dropped: Sequence[Dropped],
             hints: Sequence[str], diagnostics: Diagnostics) -> Assembled:
    """The article on `pages`, without the floats taken off them; `hints` are document metadata
    that may name the publication and issue when no header does. The caller checks the ledger
    once the floats are in (`check_ledger`)."""
    kept, dropped, meta = strip_furniture(list(pages), diagnostics)
    for page in kept:
        if not page.rows:
            diagnostics.warn(f"page {page.number} holds only page furniture (see the report); none of it is article text",
                             Span(page.name))
    _publication_from(hints, meta)
    dropped = [*extra_dropped, *dropped]
    first_grid = _grid(kept[0], diagnostics)
    title, first_rows = _split_title(kept[0], first_grid, diagnostics)
    dropped.extend(title.dropped)
    title_text = "".join("".join(title.title).split())
    lines: list[ColumnLine] = []
    grid = first_grid
    for index, page in enumerate(kept):
        if index:
            page = _drop_title_headers(index, page, title_text, dropped)
            grid = like_grid(_grid(page, diagnostics), page.rows, grid)
            rows = page.rows
        else:
            grid, rows = first_grid, first_rows
        pitch = page.pitch or measure_pitch(rows, grid, page.em)
        lines.extend(column_lines(index, rows, grid, pitch))
    text_pages = {k for k, page in enumerate(kept) if page.kind != "pdf"}
    lines = rejoin_fragments(lines, text_pages)
    lines, captions = take_captions(lines, text_pages)
    dropped.extend(captions)
    lines, found = take_notes(lines)
    blocks, block_of_line, markers = build_blocks(lines, diagnostics)
    dropped.extend(markers)
    if not any(isinstance(b, Paragraph) for b in blocks):
        raise SourceImportError("no article text was found on the pages", Span(pages[0].label))
    blocks, notes, references = attach_notes(mark_end_matter(blocks), found)
    dropped.extend((*found.dropped, *references))
    article = Article(_meta(title, meta, diagnostics), tuple(blocks), source=pages[0].name, notes=notes)
    in_order = sorted(dropped, key=lambda d: (d.page, d.y))
    return Assembled(article, tuple(in_order), tuple(lines), tuple(block_of_line), tuple(kept))


def check_ledger(characters: str, dropped: Sequence[Dropped], article: Article, diagnostics: Diagnostics) -> None:
    """Warn when the characters read, less those dropped, are not the article's characters."""
    ledger = balance([characters], [d.text for d in dropped], article)
    if not ledger.balanced:
        diagnostics.warn(ledger.describe())


def _meta(title: TitleBlock, meta: PageMeta, diagnostics: Diagnostics) -> ArticleMeta:
    if not title.title:
        diagnostics.warn("no title block was found above the columns; the article has no title")
    return ArticleMeta(
        title=tuple(t for t in (_clean(x) for x in title.title) if t),
        kicker=_clean(title.kicker),
        author=_clean(title.author),
        publication=meta.publication,
        issue=meta.issue,
        first_page=_first_page(meta, diagnostics),
        subtitle=_clean(title.subtitle),
        lead=_lead(title.rest),
    )

