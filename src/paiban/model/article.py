"""The article model: what an author wrote, independent of any style.

Readers (Markdown, page text, PDF) produce it; the layout consumes it. It is frozen so that one
article can be laid out in several styles (previews, comparisons) without being changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from paiban.errors import Span


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one set of inline marks."""

    text: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph: runs of text, set with the body style."""

    runs: tuple[Run, ...]
    source: Span | None = None

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading; level 2 for ``##``, 3 for ``###``."""

    level: int
    runs: tuple[Run, ...]
    source: Span | None = None

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True, slots=True)
class BlockQuote:
    """A quoted passage: paragraphs set with the quote style."""

    paragraphs: tuple[Paragraph, ...]
    source: Span | None = None

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.paragraphs)


Block = Union[Paragraph, Heading, BlockQuote]


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """Front matter: what the title block, running header and folio are made of."""

    title: tuple[str, ...] = ()
    kicker: str | None = None
    author: str | None = None
    publication: str | None = None
    issue: str | None = None
    first_page: int = 1
    subtitle: str | None = None
    section: str | None = None

    @property
    def title_text(self) -> str:
        """The title as one string (lines joined without a separator, as Chinese reads)."""
        return "".join(self.title)


@dataclass(frozen=True, slots=True)
class Article:
    """One article: its front matter and its body blocks in reading order."""

    meta: ArticleMeta
    blocks: tuple[Block, ...]
    source: str | None = None
    extras: dict = field(default_factory=dict, compare=False, hash=False)

    def body_text(self) -> str:
        """All body text in reading order, without separators: what a reader must find in the PDF."""
        return "".join(b.text for b in self.blocks)
