"""The layout result: pages → lines → glyph runs with absolute positions, as plain frozen data.

This is the contract between the layout stages and the writers. The PDF writer draws exactly what
is here and makes no layout decision of its own; tests inspect it without rendering. Coordinates
are in points from the top-left corner of the trimmed page, y growing downwards; a line's `y` is
its baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from paiban.errors import Diagnostic
from paiban.style.model import Color


@dataclass(frozen=True, slots=True)
class GlyphRun:
    """Characters of one font, size and colour, each at its own x, on one baseline."""

    font: str  # key into LayoutDocument.fonts
    size: float
    text: str
    xs: tuple[float, ...]  # left edge of each character's glyph
    y: float = 0.0
    color: Color = field(default_factory=Color.black)
    scale: float = 1.0  # horizontal scale of every glyph (a dash widened to join its neighbour)

    def moved(self, dx: float, y: float) -> "GlyphRun":
        """The same run shifted right by dx and put on baseline y."""
        return GlyphRun(self.font, self.size, self.text, tuple([x + dx for x in self.xs]), y, self.color, self.scale)


@dataclass(frozen=True, slots=True)
class Line:
    """One set line: its measure (x, width), baseline y, and its glyph runs."""

    role: str  # body | quote | heading | kicker | title | subtitle | author | header | folio
    runs: tuple[GlyphRun, ...]
    x: float  # left edge of the measure
    y: float  # baseline
    width: float  # width of the measure
    column: int = -1  # column index on the page, -1 for lines outside the columns
    block: int = -1  # index of the article block it belongs to, -1 for page furniture
    first: bool = False  # first line of its paragraph
    last: bool = False  # last line of its paragraph (set at natural width)
    justified: bool = False  # whether it was stretched or squeezed to fill the measure
    pushed: str = ""  # "in" | "out" when a prohibited mark forced an adjustment
    size: float = 0.0  # nominal text size
    extent: float = 0.0  # x of the right edge of the set content (== x + width when flush)
    dots: tuple[float, ...] = ()  # x of the centre of each character with an emphasis dot
    strikes: tuple[tuple[float, float], ...] = ()  # (x0, x1) of each struck-through stretch
    links: tuple[tuple[float, float, str], ...] = ()  # (x0, x1, URL) of each stretch of link text

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def ink_left(self) -> float:
        return min(r.xs[0] for r in self.runs if r.xs)


@dataclass(frozen=True, slots=True)
class Rule:
    """A straight line (header rule, title rules)."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5
    color: Color = field(default_factory=Color.black)


@dataclass(frozen=True, slots=True)
class Dot:
    """A filled round dot: an emphasis dot (着重号) under a character."""

    x: float  # centre
    y: float
    radius: float
    color: Color = field(default_factory=Color.black)


@dataclass(frozen=True, slots=True)
class Link:
    """The box of a link's text on the page and its URL (an annotation in screen PDFs)."""

    x0: float
    y0: float  # top
    x1: float
    y1: float  # bottom
    url: str


@dataclass(frozen=True, slots=True)
class Fill:
    """A filled rectangle, such as the band behind a running header.

    `bleeds` names the trim edges the fill runs off ("top", "bottom", "left", "right"). The
    rectangle itself ends at the trim, so the layout describes the finished page; a print build
    extends it past those edges by the bleed, so that trimming a little off never leaves a white
    sliver.
    """

    x: float
    y: float
    width: float
    height: float
    color: Color
    bleeds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Frame:
    """A region of the page: the title block, a column; for tests, overlays and preflight."""

    kind: str  # title | lead | column | figure | header | footer
    x: float
    y: float
    width: float
    height: float
    index: int = 0


@dataclass(frozen=True, slots=True)
class Image:
    """A placed image (its box on the page) or, when `path` is empty, a placeholder box."""

    x: float  # left edge
    y: float  # top edge
    width: float
    height: float
    path: str  # absolute path of the image file; "" for a placeholder of a missing image
    label: str = ""  # the file name as the article gives it (printed in a placeholder)
    block: int = -1  # index of the article block (the figure)
    dpi: float = 0.0  # effective resolution at the placed size, pixels per inch (lower axis)


@dataclass(frozen=True, slots=True)
class Page:
    """One trimmed page."""

    index: int  # 0-based position in the document
    number: int  # printed folio
    width: float
    height: float
    lines: tuple[Line, ...]
    rules: tuple[Rule, ...] = ()
    frames: tuple[Frame, ...] = ()
    grid: tuple[float, ...] = ()  # baselines of the body grid on this page
    images: tuple[Image, ...] = ()
    fills: tuple[Fill, ...] = ()  # filled areas, drawn under rules and text
    dots: tuple[Dot, ...] = ()  # emphasis dots, drawn with the text
    links: tuple[Link, ...] = ()  # link boxes, annotations of screen PDFs

    @property
    def is_verso(self) -> bool:
        return self.number % 2 == 0

    def lines_of(self, role: str) -> list[Line]:
        return [ln for ln in self.lines if ln.role == role]


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """A bookmark: a heading (or article title) and where it is."""

    level: int
    title: str
    page: int  # page index
    y: float


@dataclass(frozen=True, slots=True)
class LayoutDocument:
    """A laid-out document, ready for a writer."""

    pages: tuple[Page, ...]
    fonts: dict[str, str]  # font key → font file path
    substitutions: dict[str, dict[int, int]]  # font key → code point → glyph id to draw
    title: str = ""
    author: str = ""
    subject: str = ""
    outline: tuple[OutlineEntry, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()
