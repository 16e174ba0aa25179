"""The resolved style: every value a layout needs, in points, validated.

A `Style` is what the style-sheet loader produces after following ``extends`` and converting units;
the layout stages read it and never see YAML. Lengths are in PostScript points (1/72 in); a
``lines`` field counts body grid lines (the 行格 the page is built on).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Color:
    """A colour as the PDF will hold it: CMYK for print, RGB only for screen builds."""

    space: str  # "cmyk" | "rgb"
    values: tuple[float, ...]  # components 0..1

    @staticmethod
    def black() -> "Color":
        return Color("cmyk", (0.0, 0.0, 0.0, 1.0))


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How one kind of text is set: font, size, colour, alignment, spacing."""

    family: str
    weight: str = "regular"  # "regular" | "bold"
    size: float = 10.5
    leading: float | None = None  # pt between baselines of this text's own lines; None: the grid
    color: Color = field(default_factory=Color.black)
    align: str = "justify"  # "left" | "right" | "center" | "justify"
    indent: float = 0.0  # first-line indent, pt
    left: float = 0.0  # extra left inset of every line, pt
    right: float = 0.0  # extra right inset of every line, pt
    space_before: int = 0  # body grid lines left blank before the block
    space_after: int = 0  # body grid lines left blank after the block
    letter_spacing: float = 0.0  # pt added after every character (headers, short titles)
    fallback: tuple[str, ...] = ()  # families tried, in order, for characters the family lacks


@dataclass(frozen=True, slots=True)
class PageGeometry:
    """Trim size, margins and columns.

    `inner`/`outer` are the margins at the spine and at the fore-edge: on a verso (even) page the
    outer margin is on the left.
    """

    width: float
    height: float
    top: float
    bottom: float
    inner: float
    outer: float
    columns: int = 2
    gutter: float = 21.0

    @property
    def text_width(self) -> float:
        return self.width - self.inner - self.outer

    @property
    def column_width(self) -> float:
        return (self.text_width - self.gutter * (self.columns - 1)) / self.columns

    @property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom


@dataclass(frozen=True, slots=True)
class Grid:
    """The body baseline grid: every body line of a page sits on one of its lines."""

    pitch: float  # pt from baseline to baseline
    lines: int  # line slots in a full column


@dataclass(frozen=True, slots=True)
class TitleBlock:
    """The title block over the columns on an article's first page."""

    height: int  # body grid lines the block takes from every column
    kicker: TextStyle
    title: TextStyle
    subtitle: TextStyle
    author: TextStyle
    author_prefix: str = "■ "
    order: tuple[str, ...] = ("kicker", "title", "subtitle", "author")
    gaps: tuple[float, ...] = ()  # pt between consecutive elements of `order`; missing → 0.5 × size
    title_min_size: float = 18.0  # smallest size a title line too wide for the block may shrink to


@dataclass(frozen=True, slots=True)
class RunningHeader:
    """Running header over the text block; templates take {publication} {issue} {title} {section} {page}."""

    style: TextStyle
    verso: str = "{publication}\u3000{issue}"
    recto: str = "{title}"
    offset: float = 14.0  # pt from the header baseline down to the top of the text block
    rule: float = 0.5  # rule width under the header, pt; 0 for none
    rule_gap: float = 4.0  # pt from the header baseline down to the rule
    first_page: bool = True  # whether an article's first page carries the header


@dataclass(frozen=True, slots=True)
class Folio:
    """The printed page number, at the outer bottom corner."""

    style: TextStyle
    template: str = "{page}"
    offset: float = 24.0  # pt from the bottom of the text block down to the folio baseline
    position: str = "outer"  # "outer" | "center"


@dataclass(frozen=True, slots=True)
class CJKOptions:
    """Chinese composition rules (W3C clreq)."""

    kinsoku: str = "strict"  # "none" | "basic" | "gb" | "strict": line-start/-end prohibition level
    push: str = "in_first"  # "in_first" | "out_only": what to do when a prohibited mark would start a line
    han_latin_space: float = 0.25  # em between Han and Latin letters/digits
    line_end_punct: str = "full"  # "full" | "half": width of a mark at the end of a justified line
    line_start_opening: str = "full"  # "full" | "half": width of an opening bracket starting a line
    unbreakable: tuple[str, ...] = ()  # words never split across lines (e.g. 习近平)
    missing_glyph: str = "error"  # "error" | "placeholder"


@dataclass(frozen=True, slots=True)
class Style:
    """A complete, resolved style sheet."""

    name: str
    description: str
    page: PageGeometry
    grid: Grid
    body: TextStyle
    strong: TextStyle  # bold runs in the body: only family/weight are used
    quote: TextStyle
    headings: dict[int, TextStyle]  # level → style (2 and 3)
    heading_keep: int  # body lines kept with a heading in the same column
    title_block: TitleBlock
    header: RunningHeader
    folio: Folio
    cjk: CJKOptions
    widows: int = 2  # fewest lines of a paragraph at the top of a column
    orphans: int = 2  # fewest lines of a paragraph at the bottom of a column
    balance: bool = True  # balance the columns of an article's last page
    source: str | None = None  # path of the sheet it came from
    files: tuple[str, ...] = ()  # every sheet of the extends chain, itself first (for watch mode)
    fonts: str | None = None  # absolute path of the sheet's own font table, added to the bundled one
