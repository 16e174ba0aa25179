"""Putting a booklet together: plan the pages, set the cover and contents, place the articles
at their folios, and join everything into one LayoutDocument.

The contents list page numbers that depend on how long the contents are, so they are set until
their page count stops growing (in practice once or twice). Should they come out shorter than
planned, the spare contents page stays blank rather than shifting every folio again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Protocol

from paiban.booklet.contents import Entry, contents_pages
from paiban.booklet.cover import cover_page
from paiban.booklet.manifest import Manifest
from paiban.booklet.parallel import Counted
from paiban.booklet.plan import ARTICLE, BLANK, CONTENTS, COVER, Part, Plan, plan_booklet
from paiban.errors import Diagnostics
from paiban.layout.concat import concatenate
from paiban.layout.configs import ConfigFactory
from paiban.layout.furniture import page_furniture
from paiban.layout.geometry import page_frame
from paiban.layout.result import LayoutDocument, Line, OutlineEntry, Page
from paiban.model.article import Article, ArticleMeta
from paiban.style.model import Style
from paiban.text.fonts import FontTable, font_table


def article_style(style: Style) -> Style:
    """The style with the booklet's running-header templates in place of the magazine's."""
    header = dataclasses.replace(style.header, verso=style.booklet.header_verso,
                                 recto=style.booklet.header_recto)
    return dataclasses.replace(style, header=header)


class ArticlePages(Protocol):
    """A booklet's articles, counted and ready to be placed (`paiban.booklet.parallel.Articles`)."""

    counted: list[Counted]

    def place(self, firsts: Sequence[int]) -> list[LayoutDocument]: ...


def assemble(manifest: Manifest, style: Style, articles: ArticlePages,
             fonts: FontTable | None = None) -> tuple[LayoutDocument, Plan]:
    """The whole booklet as one document, and the plan its pages follow."""
    fonts = fonts or font_table()
    styled = article_style(style)
    factory = ConfigFactory.of(style, fonts)
    diagnostics = Diagnostics()
    counted = articles.counted
    plan, contents = _plan_with_contents(manifest, styled, factory, [c.pages for c in counted],
                                         [c.title for c in counted])
    placed = articles.place(plan.article_starts())
    parts: list[LayoutDocument] = []
    for part in plan.parts:
        if part.kind == ARTICLE:
            parts.append(placed[part.article])
            continue
        pages = _front_pages(part, manifest, styled, factory, contents, diagnostics)
        outline = (OutlineEntry(1, style.booklet.contents.heading_text.replace("\u3000", ""), 0, 0.0),) \
            if part.kind == CONTENTS else ()
        parts.append(LayoutDocument(tuple(pages), {}, {}, outline=outline))
    # The fonts of the cover and contents, and their warnings, travel in a part without pages.
    used = factory.used
    parts.insert(0, LayoutDocument(
        (), {name: m.path for name, m in used.items()},
        {name: dict(m.substitutions) for name, m in used.items() if m.substitutions},
        warnings=tuple(diagnostics)))
    document = concatenate(parts, manifest.title, manifest.organisation, manifest.subtitle)
    return document, plan


def _plan_with_contents(manifest: Manifest, style: Style, factory: ConfigFactory, counts: list[int],
                        titles: list[str]) -> tuple[Plan, list[tuple[Line, ...]]]:
    """The plan, and the contents set with the page numbers that plan gives."""
    planned = 1 if manifest.contents else 0
    while True:
        plan = plan_booklet(counts, planned, manifest.cover, manifest.start, manifest.pad_to)
        if not manifest.contents:
            return plan, []
        first = next(p.first for p in plan.parts if p.kind == CONTENTS)
        entries = [Entry(t, n) for t, n in zip(titles, plan.article_starts())]
        pages = contents_pages(entries, style, factory, first, Diagnostics())
        if len(pages) <= planned:
            return plan, pages + [()] * (planned - len(pages))
        planned = len(pages)


def _front_pages(part: Part, manifest: Manifest, style: Style, factory: ConfigFactory,
                 contents: list[tuple[Line, ...]], diagnostics: Diagnostics) -> list[Page]:
    """The pages of a cover, blank or contents part."""
    width, height = style.page.width, style.page.height
    if part.kind == COVER:
        frame = page_frame(style, verso=False)
        return [cover_page(manifest.fields, style, factory, frame, diagnostics)]
    if part.kind == BLANK:
        return [Page(0, part.first + k, width, height, ()) for k in range(part.pages)]
    assert part.kind == CONTENTS
    heading = style.booklet.contents.heading_text.replace("\u3000", "").strip()
    pseudo = Article(ArticleMeta(title=(heading,)), ())
    pages = []
    for k, lines in enumerate(contents):
        number = part.first + k
        frame = page_frame(style, verso=number % 2 == 0)
        extra, rules, frames = page_furniture(pseudo, style, factory, frame, number, k, manifest.fields)
        head = [ln for ln in extra if ln.role == "header"]
        foot = [ln for ln in extra if ln.role == "folio"]
        pages.append(Page(0, number, width, height, tuple(head + list(lines) + foot), tuple(rules),
                          tuple(frames), tuple(frame.baseline(s, style.body.size) for s in range(frame.lines))))
    return pages
