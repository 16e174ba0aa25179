"""What an importer reads off a page before interpreting it: rows of positioned text.

Page text (a flipbook site's extraction, ``pdftotext -layout``) and PDFs differ in what they know
— a text row has character offsets and no fonts, a PDF has points, sizes and weights — but the
questions asked of them afterwards are the same: where the columns are, which line is indented,
which is a heading. Both readers therefore produce `SourcePage`s in their own units and say how
wide a full-width character is (`em`) and how far apart body lines are (`pitch`), so that every
later stage measures in em and line slots and works for both.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from paiban.errors import Span


@dataclass(frozen=True, slots=True)
class Segment:
    """Text on one row with no wide gap inside it: one column's line, or one title-block line."""

    text: str
    x0: float  # left edge, in the page's x units
    x1: float  # right edge
    source: Span
    bold: tuple[bool, ...] = ()  # per character of `text`; empty when the source has no weights
    size: float = 0.0  # font size in pt; 0 when the source does not say (page text)
    font: str = ""
    column: int = -1  # the column a gutter cut put it in (page text); -1 when not known
    emphasis: tuple[bool, ...] = ()  # per character: an emphasis dot under it (PDF); empty when none is

    @property
    def styled(self) -> bool:
        return self.size > 0


@dataclass(frozen=True, slots=True)
class Row:
    """Segments sharing one baseline (PDF) or one text line (page text), left to right."""

    y: float
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)

    @property
    def source(self) -> Span:
        return self.segments[0].source


@dataclass(frozen=True, slots=True)
class SourcePage:
    """One page as read, in reading order of its rows (top to bottom)."""

    name: str  # the file, as shown in messages
    number: int  # 1-based page number inside the file
    rows: tuple[Row, ...]
    em: float  # x units per full-width character
    pitch: float  # y units per line slot; 0 when it has to be measured from the body lines
    width: float = 0.0
    height: float = 0.0
    rules: tuple[float, ...] = ()  # y of long horizontal rules (header rules), PDF only
    kind: str = "text"  # text | pdf
    strokes: tuple[tuple[float, float, float], ...] = ()  # every horizontal rule as (y, x0, x1), PDF only
    gutters: tuple[float, ...] = ()  # x of the gutters found between columns (page text)

    @property
    def label(self) -> str:
        """How messages name the page as a whole."""
        return f"{self.name} page {self.number}"

    def with_rows(self, rows: tuple[Row, ...]) -> "SourcePage":
        return replace(self, rows=rows)


@dataclass(frozen=True, slots=True)
class Dropped:
    """Something on a page that is not article text and was left out, with why."""

    kind: str  # viewer line | page navigation | folio | running header/footer | byline ornament/label
    text: str
    source: Span
    page: int = 0  # index of the page in the import, for listing in page order
    y: float = 0.0  # where on the page, for listing top to bottom

    def __str__(self) -> str:
        return f"{self.source}: {self.kind}: {self.text}"


@dataclass
class PageMeta:
    """What the furniture says about the article, gathered while it is dropped."""

    publication: str | None = None
    issue: str | None = None
    folios: dict[int, int] = field(default_factory=dict)  # page index → printed folio
