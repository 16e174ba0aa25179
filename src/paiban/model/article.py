"""The article model: what an author wrote, independent of any style.

Readers (Markdown, page text, PDF) produce it; the layout consumes it. It is frozen so that one
article can be laid out in several styles (previews, comparisons) without being changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from paiban.errors import Span


HARD_BREAK = "\n"
"""A hard line break inside a paragraph's run text (two trailing spaces or a backslash)."""


class _RunText:
    """Blocks made of runs read as the runs' text joined."""

    __slots__ = ()

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one set of inline marks."""

    text: str
    bold: bool = False
    note: bool = False  # a footnote reference `[^text]`; the layout sets its marker (①) instead
    emphasis: bool = False  # *…* or _…_: set as the style says (emphasis dots, 楷体 or bold)
    strike: bool = False  # ~~…~~: struck through with a rule
    link: str = ""  # the URL of a link's text; the style says where the URL is printed
    code: bool = False  # `…`: set in the code font, with no Han–Latin gap inside

    def same_marks(self, other: "Run") -> bool:
        """Whether two runs are set alike, so that their text may be one run."""
        return (self.bold, self.emphasis, self.strike, self.link, self.code) == \
            (other.bold, other.emphasis, other.strike, other.link, other.code) and not (self.note or other.note)


@dataclass(frozen=True, slots=True)
class Paragraph(_RunText):
    """A body paragraph: runs of text, set with the body style."""

    runs: tuple[Run, ...]
    source: Span | None = None


@dataclass(frozen=True, slots=True)
class Heading(_RunText):
    """A section heading; level 2 for ``##``, 3 for ``###``, 4 for ``####``."""

    level: int
    runs: tuple[Run, ...]
    source: Span | None = None


@dataclass(frozen=True, slots=True)
class BlockQuote:
    """A quoted passage: paragraphs set with the quote style, and the lists quoted with them
    (whose markers come from the style, as in any list)."""

    paragraphs: tuple[Union[Paragraph, "ListBlock"], ...]
    source: Span | None = None

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class Figure:
    """An image with its caption: `![图1 说明](photo.jpg)` or a fenced ``figure`` block.

    `path` is kept as written (relative to the article file) so the article can be written back;
    `Article.base` says where it resolves. The caption is plain text because importers and editors
    write it as one line; the style decides whether a number such as 图1 is added.
    """

    path: str
    caption: str = ""
    width: str = "column"  # "column" | "page"
    place: str = "here"  # "here" | "top" | "bottom"
    credit: str = ""  # photo credit (`source: 摄影 张三`)
    source: Span | None = None

    @property
    def text(self) -> str:
        return self.caption


@dataclass(frozen=True, slots=True)
class PullQuote(_RunText):
    """A passage repeated in display type between rules (a fenced ``pullquote`` block)."""

    runs: tuple[Run, ...]
    source: Span | None = None


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a list: its paragraphs, the lists nested in it and any quoted passages."""

    blocks: tuple[Union[Paragraph, "ListBlock", BlockQuote], ...]
    task: str = ""  # "" for an ordinary item; "open" or "done" for a task item (- [ ] / - [x])
    source: Span | None = None

    @property
    def text(self) -> str:
        return "".join(b.text for b in self.blocks)


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bullet or numbered list. The markers are the style's; the model keeps only whether the
    list is numbered and from which number, so that numbering continues as the author wrote it."""

    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1
    loose: bool = False  # items separated by blank lines in the source: set apart on the page
    source: Span | None = None

    @property
    def text(self) -> str:
        return "".join(item.text for item in self.items)


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A fenced code block: its lines as written, set in the code font without justification."""

    text: str
    info: str = ""  # what follows the opening fence (a language name), kept for writing back
    source: Span | None = None


Cell = tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A GFM pipe table: a header row, body rows of the same width, and column alignments.

    `label` is the number the author wrote in the caption line above the table (表3), or "" for
    the style to number it like figures; `caption` is the rest of that line.
    """

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    aligns: tuple[str, ...]  # per column: "left" | "center" | "right" | "" (not given)
    caption: str = ""
    label: str = ""
    source: Span | None = None

    @property
    def text(self) -> str:
        cells = [*self.header, *(cell for row in self.rows for cell in row)]
        return "".join(run.text for cell in cells for run in cell)


@dataclass(frozen=True, slots=True)
class SectionBreak:
    """A thematic break (`***`): the style sets its section ornament there."""

    source: Span | None = None

    @property
    def text(self) -> str:
        return ""


@dataclass(frozen=True, slots=True)
class EndLine(_RunText):
    """A line of end matter after the last paragraph: （作者单位：…） or 责任编辑：…."""

    kind: str  # "affiliation" | "editor"
    runs: tuple[Run, ...]
    source: Span | None = None


@dataclass(frozen=True, slots=True)
class Note(_RunText):
    """An end note: the definition of a `[^label]` footnote, set after the article."""

    label: str
    runs: tuple[Run, ...]
    source: Span | None = None


Block = Union[Paragraph, Heading, BlockQuote, Figure, PullQuote, EndLine, SectionBreak, ListBlock, CodeBlock,
              Table]


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
    lead: str | None = None  # the lead paragraph (导语), set across the columns under the title

    @property
    def title_text(self) -> str:
        """The title as one string, its lines joined by an ideographic space: run together,
        "推进融合发展" and "增强机关党建工作质效" would read as one phrase."""
        return self.joined_title("\u3000")

    def joined_title(self, separator: str) -> str:
        """The title's lines joined by `separator` (a style's `title_block.separator`)."""
        return separator.join(self.title)


@dataclass(frozen=True, slots=True)
class Article:
    """One article: its front matter and its body blocks in reading order."""

    meta: ArticleMeta
    blocks: tuple[Block, ...]
    source: str | None = None
    extras: dict = field(default_factory=dict, compare=False, hash=False)
    notes: tuple[Note, ...] = ()  # end notes in the order of their first reference
    base: str | None = field(default=None, compare=False)  # folder image paths resolve against

    def body_text(self) -> str:
        """All body text in reading order, without separators: what a reader must find in the PDF."""
        return "".join(b.text for b in self.blocks)
