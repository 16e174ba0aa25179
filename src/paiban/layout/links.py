"""Where a link's URL is printed, as the style says: an end note, in parentheses, or nowhere.

A printed page cannot be clicked, so the URL has to be on paper for the reader to type; the
article model keeps it on the link's runs and this module turns it into text before composing.
The runs keep their URL either way, so a screen PDF can put a link over the text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from paiban.model.article import (Article, BlockQuote, EndLine, Heading, ListBlock, ListItem, Note, Paragraph,
                                  PullQuote, Run)

_LINK_LABEL = " link {n}"
"""The label of a link's end note: with spaces, which no `[^label]` footnote label can hold."""


def set_links(article: Article, mode: str) -> Article:
    """The article with its links' URLs printed as `mode` says ("endnote" | "inline" | "none")."""
    if mode == "none" or not _has_links(article):
        return article
    if mode == "inline":
        return replace(article, blocks=tuple(_map_block(b, _inline) for b in article.blocks),
                       notes=tuple(replace(n, runs=_inline(n.runs)) for n in article.notes))
    return _as_notes(article)


def _has_links(article: Article) -> bool:
    found = False

    def look(runs: tuple[Run, ...]) -> tuple[Run, ...]:
        nonlocal found
        found = found or any(r.link for r in runs)
        return runs

    for block in article.blocks:
        _map_block(block, look)
    return found or any(r.link for n in article.notes for r in n.runs)


def _groups(runs: tuple[Run, ...]) -> list[tuple[Run, ...]]:
    """Runs cut where the link changes: each piece is one link's text, or text outside links."""
    out: list[list[Run]] = []
    for run in runs:
        if out and out[-1][-1].link == run.link and not run.note and not out[-1][-1].note:
            out[-1].append(run)
        else:
            out.append([run])
    return [tuple(group) for group in out]


def _shown(group: tuple[Run, ...]) -> bool:
    """Whether a link's text is its URL already (an autolink), so the URL need not follow."""
    url = group[0].link
    text = "".join(r.text for r in group)
    return text in (url, url.removeprefix("mailto:"))


def _inline(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    out: list[Run] = []
    for group in _groups(runs):
        out.extend(group)
        url = group[0].link
        if url and not _shown(group):
            out.append(Run(f"（{url}）", link=url))
    return tuple(out)


def _as_notes(article: Article) -> Article:
    """Each link gets an end note holding its URL; notes are renumbered in reading order, so the
    link notes fall in among the footnotes where their links stand."""
    order: list[str] = []
    urls: dict[str, Note] = {}

    def note_links(runs: tuple[Run, ...]) -> tuple[Run, ...]:
        out: list[Run] = []
        for group in _groups(runs):
            out.extend(group)
            if group[0].note and group[0].text not in order:
                order.append(group[0].text)
            url = group[0].link
            if url and not _shown(group):
                label = _LINK_LABEL.format(n=len(urls) + 1)
                urls[label] = Note(label, (Run(url),), None)
                order.append(label)
                out.append(Run(label, note=True))
        return tuple(out)

    blocks = tuple(_map_block(b, note_links) for b in article.blocks)
    known = {n.label: n for n in article.notes}
    known.update(urls)
    notes = [known[label] for label in order if label in known]
    notes += [n for n in article.notes if n.label not in order]
    notes = [replace(n, runs=_inline(n.runs)) for n in notes]  # a link inside a note: in parentheses
    return replace(article, blocks=blocks, notes=tuple(notes))


Runs = Callable[[tuple[Run, ...]], tuple[Run, ...]]


def _map_block(block, change: Runs):
    """The block with `change` applied to the runs of every paragraph in it, in reading order."""
    if isinstance(block, (Paragraph, Heading, EndLine, PullQuote)):
        return replace(block, runs=change(block.runs))
    if isinstance(block, BlockQuote):
        return replace(block, paragraphs=tuple(_map_block(p, change) for p in block.paragraphs))
    if isinstance(block, ListBlock):
        return replace(block, items=tuple(_map_item(i, change) for i in block.items))
    return block


def _map_item(item: ListItem, change: Runs) -> ListItem:
    return replace(item, blocks=tuple(_map_block(b, change) for b in item.blocks))
