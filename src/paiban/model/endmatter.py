"""Recognising the lead paragraph and the end matter of an article.

Chinese magazine articles close with fixed formulas rather than markup: the author's affiliation in
brackets, （作者单位：湖北省委组织部） or （作者系……）, and the editor line 责任编辑：…. Authors and
importers write them as ordinary last paragraphs, so they are recognised by their wording, and
only at the very end of the article, where a sentence that merely starts with those words in the
body can never be mistaken for them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from paiban.model.article import ArticleMeta, Block, BlockQuote, EndLine, Paragraph

_AFFILIATION = re.compile(r"^[（(]\s*(作者单位|作者系|作者为|作者简介)[\s\S]*[）)]$")
_EDITOR = re.compile(r"^(责任编辑|责编)\s*[：:]")


def end_line_kind(text: str) -> str | None:
    """"affiliation", "editor", or None for text that is not an end-matter formula."""
    text = text.strip()
    if _AFFILIATION.match(text):
        return "affiliation"
    if _EDITOR.match(text):
        return "editor"
    return None


def mark_end_lines(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Turn the trailing paragraphs that are end-matter formulas into `EndLine`s."""
    out = list(blocks)
    index = len(out) - 1
    while index > 0 and isinstance(out[index], Paragraph):
        paragraph = out[index]
        kind = end_line_kind(paragraph.text)
        if kind is None:
            break
        out[index] = EndLine(kind, paragraph.runs, paragraph.source)
        index -= 1
    return tuple(out)


def take_lead(meta: ArticleMeta,
              blocks: tuple[Block, ...]) -> tuple[ArticleMeta, tuple[Block, ...]]:
    """A block quote opening the body is the lead (导语), unless the front matter has `lead:`.

    Only the very first block counts: a quotation after the opening paragraphs is a quotation.
    Paragraphs of the quote are kept apart by line breaks, which is how `lead:` writes them too.
    """
    if meta.lead or not blocks or not isinstance(blocks[0], BlockQuote) or len(blocks) < 2:
        return meta, blocks
    if not all(isinstance(p, Paragraph) for p in blocks[0].paragraphs):
        return meta, blocks  # a quoted list keeps its markers only as a quote
    text = "\n".join(p.text.strip() for p in blocks[0].paragraphs if p.text.strip())
    if not text:
        return meta, blocks
    return replace(meta, lead=text), blocks[1:]
