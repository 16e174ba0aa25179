"""The resolved style: every value a layout needs, in points, validated.

A `Style` is what the style-sheet loader produces after following ``extends`` and converting units;
the layout stages read it and never see YAML. Lengths are in PostScript points (1/72 in); a
``lines`` field counts body grid lines (the 行格 the page is built on).

`Color` and `TextStyle` compare and hash by value: they key the caches of glyph settings and
colour operators. The other sections are never compared, so they are declared `eq=False` (two
sections are equal only when they are the same object): that spares generating and compiling
their `__eq__` and `__hash__` at every start of paiban (README, "Speed").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from paiban.errors import Span
from paiban.units import PT_PER_MM


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


@dataclass(frozen=True, slots=True, eq=False)
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


@dataclass(frozen=True, slots=True, eq=False)
class Grid:
    """The body baseline grid: every body line of a page sits on one of its lines."""

    pitch: float  # pt from baseline to baseline
    lines: int  # line slots in a full column


@dataclass(frozen=True, slots=True, eq=False)
class TitleBlock:
    """The title block over the columns on an article's first page."""

    height: int  # body grid lines the block takes from every column
    kicker: TextStyle
    title: TextStyle
    subtitle: TextStyle
    author: TextStyle
    author_prefix: str = "■ "
    separator: str = "\u3000"  # between a multi-line title's lines in headers, contents, outline
    order: tuple[str, ...] = ("kicker", "title", "subtitle", "author")
    gaps: tuple[float, ...] = ()  # pt between consecutive elements of `order`; missing → 0.5 × size
    title_min_size: float = 18.0  # smallest size a title line too wide for the block may shrink to


@dataclass(frozen=True, slots=True, eq=False)
class RunningHeader:
    """Running header over the text block; templates take {publication} {issue} {title} {section} {page}."""

    style: TextStyle
    verso: str = "{publication}\u3000{issue}"
    recto: str = "{title}"
    offset: float = 14.0  # pt from the header baseline down to the top of the text block
    rule: float = 0.5  # rule width under the header, pt; 0 for none
    rule_gap: float = 4.0  # pt from the header baseline down to the rule
    first_page: bool = False  # whether an article's first page carries the header
    verso_fallback: str = "{title}"  # shown when a field of `verso` is empty
    recto_fallback: str = "{publication}"  # shown when a field of `recto` is empty
    band: Color | None = None  # fill from the top edge down to the rule, running into the bleed


@dataclass(frozen=True, slots=True, eq=False)
class Folio:
    """The printed page number, at the outer bottom corner."""

    style: TextStyle
    template: str = "{page}"
    offset: float = 24.0  # pt from the bottom of the text block down to the folio baseline
    position: str = "outer"  # "outer" | "center"


@dataclass(frozen=True, slots=True, eq=False)
class CJKOptions:
    """Chinese composition rules (W3C clreq)."""

    kinsoku: str = "strict"  # "none" | "basic" | "gb" | "strict": line-start/-end prohibition level
    push: str = "in_first"  # "in_first" | "out_only": what to do when a prohibited mark would start a line
    han_latin_space: float = 0.25  # em between Han and Latin letters/digits
    line_end_punct: str = "full"  # "full" | "half": width of a mark at the end of a justified line
    line_start_opening: str = "full"  # "full" | "half": width of an opening bracket starting a line
    paragraph_start_opening: str = "full"  # "full" | "half": the same at a paragraph's start (after its indent)
    unbreakable: tuple[str, ...] = ()  # words never split across lines (e.g. 习近平)
    missing_glyph: str = "error"  # "error" | "placeholder"
    linebreak: str = "total-fit"  # "total-fit" | "first-fit": how a paragraph's line ends are chosen
    hyphenation: str = "en_US"  # pyphen dictionary for Latin words (paiban.compose.latin); "none": off


def _style(family: str, size: float, **kw) -> TextStyle:
    return TextStyle(family=family, size=size, **kw)


@dataclass(frozen=True, slots=True, eq=False)
class FigureStyle:
    """How figures are sized, captioned and checked."""

    caption: TextStyle = field(default_factory=lambda: _style("LXGW WenKai", 9.0, leading=13.0,
                                                              align="center"))
    credit: TextStyle = field(default_factory=lambda: _style("Noto Sans SC", 7.5, leading=10.0,
                                                             align="right"))
    numbering: bool = True  # add the label to captions that carry no number of their own
    label: str = "图{n}"
    caption_gap: float = 5.0  # pt from the image bottom to the caption's em box
    space_before: int = 1  # grid lines between text and the figure
    space_after: int = 1
    missing: str = "error"  # "error" | "placeholder"
    min_dpi: int = 300


@dataclass(frozen=True, slots=True, eq=False)
class PullQuoteStyle:
    """A pull quote: its text style and the rules that frame it."""

    text: TextStyle = field(default_factory=lambda: _style("LXGW WenKai", 12.0, left=12.0,
                                                           right=12.0, space_before=1,
                                                           space_after=1))
    rule: float = 0.75


@dataclass(frozen=True, slots=True, eq=False)
class EndMatterStyle:
    """The lines after the last paragraph."""

    affiliation: TextStyle = field(default_factory=lambda: _style("LXGW WenKai", 10.5,
                                                                  align="right"))
    editor: TextStyle = field(default_factory=lambda: _style("Noto Sans SC", 9.0, align="right"))


@dataclass(frozen=True, slots=True, eq=False)
class NotesStyle:
    """End notes: their text style, the line before them and the numbering of markers."""

    text: TextStyle = field(default_factory=lambda: _style("Noto Serif SC", 9.0, space_before=1))
    heading: str = "注释："
    marker: str = "circled"  # "circled" (①) | "bracket" ([1])


@dataclass(frozen=True, slots=True, eq=False)
class TableStyle:
    """Tables as 三线表: cell text, caption above, the rules and the cell padding."""

    text: TextStyle = field(default_factory=lambda: _style("Noto Serif SC", 9.0, align="left",
                                                           space_before=1, space_after=1))
    caption: TextStyle = field(default_factory=lambda: _style("Noto Sans SC", 9.0, align="center"))
    frame: float = 1.0  # the rules above and below, pt
    rule: float = 0.5  # the rule under the header row, pt
    padding: float = 5.25  # blank on each side of a cell's text, pt
    label: str = "表{n}"
    continued: str = "续表{n}"  # the label above the header row set again after a break; "" for none


@dataclass(frozen=True, slots=True, eq=False)
class OrnamentStyle:
    """The section ornament a thematic break (***) sets: its text and how it is set."""

    text: TextStyle = field(default_factory=lambda: _style("Noto Serif SC", 10.5, align="center",
                                                           space_before=1, space_after=1))
    mark: str = "＊　＊　＊"


@dataclass(frozen=True, slots=True, eq=False)
class ListStyle:
    """Bullet and numbered lists: markers by level and the hanging indent."""

    indent: float = 21.0  # the first level's markers from the column edge, pt (deeper: under the text)
    gap: float = 5.25  # from the widest marker of a list to its text, pt
    bullets: tuple[str, ...] = ("●", "○", "■")
    numbers: tuple[str, ...] = ("1.", "（一）", "1）")
    tasks: tuple[str, ...] = ("□", "▣")


@dataclass(frozen=True, slots=True, eq=False)
class BookletCover:
    """The cover of a booklet: title block from `top` down, organisation and date at the foot."""

    title: TextStyle
    subtitle: TextStyle
    organisation: TextStyle
    date: TextStyle
    top: float = 99.21  # pt from the top of the text block to the top of the title (35 mm)
    rule: float = 1.0  # width of the rule between title and subtitle, pt; 0 for none


@dataclass(frozen=True, slots=True, eq=False)
class BookletContents:
    """The table of contents of a booklet."""

    heading: TextStyle
    entry: TextStyle
    heading_text: str = "目\u3000录"
    heading_lines: int = 3  # body grid lines the heading takes
    leader: str = "·"  # repeated between an entry's title and its page number; "" for none


@dataclass(frozen=True, slots=True, eq=False)
class BookletStyle:
    """What only booklets use: cover, contents, and the running headers of their articles."""

    cover: BookletCover
    contents: BookletContents
    header_verso: str = "{booklet}"
    header_recto: str = "{title}"


def _default_booklet() -> BookletStyle:
    """The built-in booklet settings, for styles made in code rather than loaded from a sheet."""
    sans = "Noto Sans SC"
    cover = BookletCover(
        title=TextStyle(sans, "bold", 26.0, leading=36.4, align="center"),
        subtitle=TextStyle(sans, size=16.0, align="center"),
        organisation=TextStyle(sans, size=15.0, align="center"),
        date=TextStyle(sans, size=14.0, align="center"),
    )
    contents = BookletContents(
        heading=TextStyle(sans, "bold", 18.0, align="center"),
        entry=TextStyle("Noto Serif SC", align="left"),
    )
    return BookletStyle(cover, contents)


@dataclass(frozen=True, slots=True, eq=False)
class PrintOptions:
    """Bleed and crop marks of a print build (``paiban build --print``); a normal build ignores them.

    Defaults follow what Chinese print shops ask for: 3 mm bleed (出血), crop marks starting at the
    bleed edge so that no mark ever lies on artwork that will be kept, in registration colour so
    that every plate carries them.
    """

    bleed: float = 3 * PT_PER_MM  # pt added beyond the trim on every side
    crop_marks: bool = True
    mark_offset: float = 3 * PT_PER_MM  # pt from the trim edge to the near end of a mark; >= bleed
    mark_length: float = 5 * PT_PER_MM
    mark_weight: float = 0.25  # line width of the marks, pt
    mark_color: str = "registration"  # "registration" (every separation) | "black" (K only)
    safe_margin: float = 3 * PT_PER_MM  # text closer than this to the trim is warned about; 0: off
    output_profile: str | None = None  # absolute path of the press's CMYK profile; None: bundled
    profile_at: Span | None = field(default=None, compare=False)  # where the style named it
    intent: str = "perceptual"  # rendering intent of image conversion
    pdfx: str = "x4"  # x4 | x1a | none
    ink_limit: int = 300  # total area coverage allowed, percent
    rich_black_min: float | None = None  # pt; smallest text allowed in rich black; None: none is
    jpeg_quality: int = 92  # quality of converted JPEG photographs

    @property
    def margin(self) -> float:
        """Room on each side of the trim: the bleed, or the marks when they reach further."""
        marks = self.mark_offset + self.mark_length if self.crop_marks else 0.0
        return max(self.bleed, marks)


@dataclass(frozen=True, slots=True, eq=False)
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
    balance_min_lines: int = 3  # fewest lines a column of a balanced last page may hold
    booklet: BookletStyle = field(default_factory=_default_booklet)  # cover and contents of booklets
    source: str | None = None  # path of the sheet it came from
    files: tuple[str, ...] = ()  # every sheet of the extends chain, itself first (for watch mode)
    lead: TextStyle = field(default_factory=lambda: _style("LXGW WenKai", 12.0, indent=24.0,
                                                           left=24.0, right=24.0, space_after=1))
    pullquote: PullQuoteStyle = field(default_factory=PullQuoteStyle)
    figure: FigureStyle = field(default_factory=FigureStyle)
    end_matter: EndMatterStyle = field(default_factory=EndMatterStyle)
    notes: NotesStyle = field(default_factory=NotesStyle)
    print: PrintOptions = field(default_factory=PrintOptions)  # bleed and marks of print builds
    fonts: str | None = None  # absolute path of the sheet's own font table, added to the bundled one
    ornament: OrnamentStyle = field(default_factory=OrnamentStyle)
    table: TableStyle = field(default_factory=TableStyle)
    lists: ListStyle = field(default_factory=ListStyle)
    emphasis: str = "dots"  # how *…* is set: "dots" (着重号) | "kai" | "bold"
    emphasis_font: str = "LXGW WenKai"  # the 楷体 family of emphasis: kai
    links: str = "endnote"  # where a link's URL is printed: "endnote" | "inline" | "none"
    code: TextStyle = field(default_factory=lambda: _style("JetBrains Mono", 9.0, align="left", left=21.0,
                                                           space_before=1, space_after=1,
                                                           fallback=("Noto Sans SC",)))
