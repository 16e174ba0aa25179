"""Every key a style sheet may use, in one table: name, type, default and help.

The loader validates sheets against this table (so a key that is not here is a misspelling, not a
silently ignored setting), takes its defaults from it, and the documentation and the CLI can print
it with `reference()`. Defaults are written in the same form a sheet would use ("五号", "2字",
"auto"), so they go through exactly the conversions a user's value does.

Keys are dotted paths: ``page.margins.top``, ``headings.h2.size``. Text-style sections (``body``,
``quote``, ``headings.h2``, ``title_block.title``, ``header``…) share one set of keys, listed once
in `TEXT_STYLE_KEYS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Value types. The loader has one converter for each.
SECTION = "section"  # a mapping of further keys
TEXT_STYLE = "text style"  # a section holding the TEXT_STYLE_KEYS (and maybe a few more)
TEXT = "text"
INT = "int"
BOOL = "bool"
CHOICE = "choice"
LENGTH = "length"
FONT_SIZE = "font size"
OPTIONAL_LENGTH = "length or null"
MARGIN = "length or auto"
LINES_OR_AUTO = "int or auto"
PAGE_SIZE = "page size"
COLOR = "colour"
OPTIONAL_COLOR = "colour or null"
FAMILY = "font family"
WEIGHT = "font weight"
FAMILIES = "list of font families"
WORDS = "list of text"
TITLE_ORDER = "list of title elements"
LENGTHS = "list of lengths"
EM_LENGTH = "length in em"
TEMPLATE = "template"  # text with {field} placeholders from TEMPLATE_FIELDS

#: Hyphenation dictionaries a style may name (cjk.hyphenation): languages pyphen ships whose
#: words appear in Chinese magazine text, and "none".
HYPHENATION_LANGUAGES = ("en_US", "en_GB", "de_DE", "fr", "es", "it_IT", "nl_NL", "pt_PT", "ru_RU", "none")

# Floors of length keys, checked when the value is converted so the error points at it. Limits
# that depend on other values (an indent against the column measure, a header against the top
# margin) are checked by the resolver once the page is known.
NOT_NEGATIVE = "not negative"
POSITIVE = "positive"


class _Inherit:
    """Marks a text-style default that comes from ``body``."""

    def __repr__(self) -> str:
        return "inherit"


INHERIT: Any = _Inherit()

# Keys a text style takes from ``body`` when neither it nor its own default sets them. Alignment,
# indents and spacing are not inherited: a heading does not want the body's first-line indent
# just because it did not mention one.
INHERITED = ("font", "weight", "size", "color", "fallback")

TITLE_ELEMENTS = ("kicker", "title", "subtitle", "author")
TEMPLATE_FIELDS = ("publication", "issue", "title", "section", "page")
ALIGNMENTS = ("left", "right", "center", "justify")


@dataclass(frozen=True, slots=True, eq=False)
class Key:
    """One style key."""

    name: str  # dotted path, e.g. "page.margins.top"
    type: str  # one of the value types above
    default: Any  # as a sheet would write it; None: unset; INHERIT: from body
    help: str
    choices: tuple[str, ...] = ()  # allowed words, for CHOICE
    minimum: int | None = None  # smallest allowed value, for INT
    floor: str | None = None  # NOT_NEGATIVE or POSITIVE, for lengths

    @property
    def leaf(self) -> str:
        return self.name.rpartition(".")[2]

    @property
    def parent(self) -> str:
        return self.name.rpartition(".")[0]


@dataclass(frozen=True, slots=True, eq=False)
class _Leaf:
    """A text-style key before it is placed under a section."""

    name: str
    type: str
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    floor: str | None = None


TEXT_STYLE_KEYS: tuple[_Leaf, ...] = (
    _Leaf("font", FAMILY, INHERIT, "font family; must be listed in fonts/fonts.yaml"),
    _Leaf(
        "weight", WEIGHT, INHERIT,
        "font weight, as listed for the family in fonts/fonts.yaml (regular, bold)",
    ),
    _Leaf(
        "size", FONT_SIZE, INHERIT,
        "font size: a 号数 name (五号), a length (10.5pt) or em/字 of the body size",
    ),
    _Leaf(
        "leading", OPTIONAL_LENGTH, None,
        "distance between baselines of this text's own lines; null: the body grid pitch; em/字 are "
        "of this style's size",
        floor=POSITIVE,
    ),
    _Leaf(
        "color", COLOR, INHERIT,
        "colour: a CMYK preset (black, white, cyan, magenta, yellow, red, green, blue, gray, or "
        "黑 白 青 品红 黄 红 绿 蓝 灰), cmyk(c,m,y,k) or [c,m,y,k] in percent, #rrggbb or "
        "rgb(r,g,b) (0-255; screen only: a print build converts it to CMYK and warns)",
    ),
    _Leaf("align", CHOICE, "justify", "line alignment", ALIGNMENTS),
    _Leaf(
        "indent", LENGTH, 0,
        "first-line indent; em/字 are of this style's size (2字 is the usual Chinese paragraph "
        "indent); negative hangs the first line into the left inset, never further; with left and "
        "right it must leave room for a character in the column",
    ),
    _Leaf("left", LENGTH, 0, "extra inset of every line from the left edge of the column",
          floor=NOT_NEGATIVE),
    _Leaf("right", LENGTH, 0, "extra inset of every line from the right edge of the column",
          floor=NOT_NEGATIVE),
    _Leaf("space_before", INT, 0, "body grid lines left blank before the block", minimum=0),
    _Leaf("space_after", INT, 0, "body grid lines left blank after the block", minimum=0),
    _Leaf(
        "letter_spacing", LENGTH, 0,
        "space added after every character (short running heads, titles); at least -0.5em",
    ),
    _Leaf("fallback", FAMILIES, INHERIT, "families tried in order for characters the font lacks"),
)

# Text-style keys that some sections cannot use, with the reason: a sheet that sets one is
# refused at the key rather than left wondering why nothing changed. Their defaults stay in the
# table, since every text style carries every key.
NOT_USED: dict[str, str] = {
    "table.text.indent": "a cell has no first-line indent; table.padding sets the blank around cell text",
    "table.text.left": "the table spans the column; table.padding sets the blank around cell text",
    "table.text.right": "the table spans the column; table.padding sets the blank around cell text",
    "table.text.leading": "table rows stand on the body grid, one cell line a grid line",
    "code.align": "code lines are set as written, never justified or centred",
    "code.indent": "code keeps its own indentation; code.left insets the whole block",
    "code.leading": "code lines stand on the body grid, one source line a grid line",
}
"""Keys of a text style that the layout does not use in that section, and why."""

# Text-style sections and the defaults that differ from TEXT_STYLE_KEYS. They reproduce the
# built-in magazine style, so a sheet without `extends` still gets a sensible page.
TEXT_STYLE_SECTIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "body": (
        "body text; the other text styles take font, weight, size, colour and fallback from it",
        {"font": "Noto Serif SC", "weight": "regular", "size": "五号", "color": "black",
         "fallback": [], "indent": "2字"},
    ),
    "strong": ("bold runs inside body text; only font and weight are used", {"weight": "bold"}),
    "quote": (
        "block quotations",
        {"font": "LXGW WenKai", "indent": "2字", "left": "2字", "right": "2字"},
    ),
    "headings.h2": (
        "second-level headings (## in Markdown)",
        {"font": "Noto Sans SC", "weight": "bold", "align": "left", "indent": "2字",
         "space_before": 1, "space_after": 1},
    ),
    "headings.h3": (
        "third-level headings (### in Markdown)",
        {"font": "Noto Serif SC", "weight": "bold", "align": "left", "indent": "2字"},
    ),
    "headings.h4": (
        "fourth-level headings (#### in Markdown)",
        {"font": "LXGW WenKai", "align": "left", "indent": "2字"},
    ),
    "code": (
        "code: ``` fenced blocks (unjustified, lines kept) and the font of inline `code`",
        {"font": "JetBrains Mono", "size": "小五", "align": "left", "left": "2字",
         "fallback": ["Noto Sans SC"], "space_before": 1, "space_after": 1},
    ),
    "table.text": (
        "the text of table cells (the header row is set in the strong weight); align is that of "
        "text columns without a `:---:` marker (numbers stand right)",
        {"size": "小五", "align": "left", "space_before": 1, "space_after": 1},
    ),
    "table.caption": (
        "the caption line above a table (表1 …)",
        {"font": "Noto Sans SC", "size": "小五", "align": "center"},
    ),
    "ornament": (
        "the section ornament set for a thematic break (*** in Markdown); also takes text",
        {"font": "Noto Serif SC", "align": "center", "space_before": 1, "space_after": 1},
    ),
    "title_block.kicker": (
        "the kicker (栏目/引题) over the title",
        {"font": "LXGW WenKai", "size": "小四", "align": "left"},
    ),
    "title_block.title": (
        "the article title",
        {"font": "Noto Sans SC", "weight": "bold", "size": "二号", "leading": "30pt",
         "align": "center"},
    ),
    "title_block.subtitle": (
        "the subtitle (副题)",
        {"font": "Noto Sans SC", "size": "小三", "align": "center"},
    ),
    "title_block.author": (
        "the author line",
        {"font": "LXGW WenKai", "size": "小四", "align": "center"},
    ),
    "header": (
        "the running header; also takes verso, recto, offset, rule, rule_gap, first_page, "
        "verso_fallback and recto_fallback",
        {"font": "Noto Sans SC", "size": "小五", "align": "left"},
    ),
    "folio": (
        "the page number; also takes template, offset and position",
        {"font": "Noto Sans SC", "weight": "bold", "size": "小四", "align": "left"},
    ),
    "lead": (
        "the lead paragraph (导语), set across the columns under the title block",
        {"font": "LXGW WenKai", "size": "小四", "indent": "2字", "left": "2字", "right": "2字",
         "space_after": 1},
    ),
    "pullquote": (
        "pull quotes (```pullquote), set on the grid between rules; also takes rule",
        {"font": "LXGW WenKai", "size": "小四", "left": "1字", "right": "1字", "space_before": 1,
         "space_after": 1},
    ),
    "figure.caption": (
        "figure captions, on their own leading under the image",
        {"font": "LXGW WenKai", "size": "小五", "leading": "13pt", "align": "center"},
    ),
    "figure.credit": (
        "the photo credit (source: 摄影 张三), between the image and the caption",
        {"font": "Noto Sans SC", "size": "六号", "leading": "10pt", "align": "right"},
    ),
    "end_matter.affiliation": (
        "the author's affiliation after the last paragraph: （作者单位：…）",
        {"font": "LXGW WenKai", "align": "right"},
    ),
    "end_matter.editor": (
        "the editor line at the end of the article: 责任编辑：…",
        {"font": "Noto Sans SC", "size": "小五", "align": "right"},
    ),
    "notes": (
        "end notes ([^1] footnotes) after the article; also takes heading and marker",
        {"size": "小五", "space_before": 1},
    ),
    "booklet.cover.title": (
        "the booklet title on the cover",
        {"font": "Noto Sans SC", "weight": "bold", "size": "一号", "leading": "1.4em",
         "align": "center"},
    ),
    "booklet.cover.subtitle": (
        "the subtitle on the cover",
        {"font": "Noto Sans SC", "size": "三号", "align": "center"},
    ),
    "booklet.cover.organisation": (
        "the organisation at the foot of the cover",
        {"font": "Noto Sans SC", "size": "小三", "align": "center"},
    ),
    "booklet.cover.date": (
        "the date under the organisation",
        {"font": "Noto Sans SC", "size": "四号", "align": "center"},
    ),
    "booklet.contents.heading": (
        "the heading of the table of contents; also takes text and lines",
        {"font": "Noto Sans SC", "weight": "bold", "size": "小二", "align": "center"},
    ),
    "booklet.contents.entry": (
        "an entry of the table of contents: title, leader and page number",
        {"align": "left"},
    ),
}

#: Fields the booklet's running-header templates may use besides header.verso's.
BOOKLET_FIELDS = ("booklet", "subtitle", "organisation", "date")
HEADER_FIELDS = TEMPLATE_FIELDS


def _all_keys() -> list[Key]:
    """Every key, in the order the reference lists them."""
    ts = _text_style_keys
    return [
        Key(
            "extends", TEXT, None,
            "a built-in style name (magazine) or a path relative to this file (../base.yaml); this "
            "sheet's keys override it, mappings are merged key by key",
        ),
        Key(
            "name", TEXT, None,
            "the style's name; not inherited; default: the file name without .yaml",
        ),
        Key("description", TEXT, "", "one line saying what the style is for; not inherited"),
        Key(
            "fonts", TEXT, None,
            "a font table of your own (a YAML file: family → weight → .ttf file, like "
            "fonts/fonts.yaml) whose families are added to the bundled ones; a path relative to this "
            "sheet, and the font files are relative to the table",
        ),
        Key("page", SECTION, None, "trim size, margins and columns"),
        Key(
            "page.size", PAGE_SIZE, "A4",
            "trim size: A3, A4, A5, B5 (ISO), 16开 (185×260mm), 大16开 (210×285mm), 32开 (130×184mm), "
            "大32开 (140×203mm), or [width, height]",
        ),
        Key("page.margins", SECTION, None, "distances from the trim edges to the text block"),
        Key("page.margins.top", LENGTH, "24mm", "head margin (天头); em/字 are of the body size"),
        Key("page.margins.bottom", LENGTH, "26mm", "foot margin (地脚)"),
        Key(
            "page.margins.inner", MARGIN, "auto",
            "spine-side margin; auto: centre the text block when column_width is set, else mirror "
            "outer",
        ),
        Key(
            "page.margins.outer", MARGIN, "auto",
            "fore-edge margin; auto: centre the text block when column_width is set, else mirror "
            "inner; when both are auto and column_width is unset, columns take the most whole body "
            "characters that leave at least 20mm on each side",
        ),
        Key("page.columns", INT, 2, "number of text columns", minimum=1),
        Key(
            "page.column_width", OPTIONAL_LENGTH, None,
            "width of one column, best in whole characters (23字); null: whatever the margins leave",
            floor=POSITIVE,
        ),
        Key("page.gutter", LENGTH, "2字", "space between columns", floor=NOT_NEGATIVE),
        Key("grid", SECTION, None, "the body baseline grid (行格)"),
        Key(
            "grid.pitch", LENGTH, "17.5pt",
            "distance between body baselines; em/字 are of the body size",
            floor=POSITIVE,
        ),
        Key(
            "grid.lines", LINES_OR_AUTO, "auto",
            "grid lines in a full column; auto: as many as the text block height holds",
            minimum=1,
        ),
        *ts("body"),
        *ts("strong"),
        *ts("quote"),
        Key("headings", SECTION, None, "heading styles by level: h2, h3"),
        *ts("headings.h2"),
        *ts("headings.h3"),
        *ts("headings.h4"),
        Key(
            "heading_keep", INT, 2,
            "body lines kept in the same column as the heading before them",
            minimum=0,
        ),
        Key(
            "title_block", SECTION, None,
            "the title block over the columns on an article's first page",
        ),
        Key(
            "title_block.height", INT, 13,
            "body grid lines the block takes from every column",
            minimum=1,
        ),
        Key(
            "title_block.order", TITLE_ORDER, list(TITLE_ELEMENTS),
            "the elements from top to bottom; leave one out to drop it",
        ),
        Key(
            "title_block.gaps", LENGTHS, [],
            "space between consecutive elements of order (em/字 of the body size); missing gaps are "
            "half the size of the element below",
            floor=NOT_NEGATIVE,
        ),
        Key("title_block.author_prefix", TEXT, "■ ", "text set before the author's name"),
        Key("title_block.separator", TEXT, "\u3000",
            "what joins the lines of a multi-line title in running headers, the contents and the "
            "PDF outline (an ideographic space: run together, two lines read as one phrase)"),
        Key(
            "title_block.title_min_size", FONT_SIZE, "小二",
            "smallest size a title line too wide for the block may shrink to before it is wrapped "
            "instead (with a warning either way); em/字 are of the body size",
        ),
        *ts("title_block.kicker"),
        *ts("title_block.title"),
        *ts("title_block.subtitle"),
        *ts("title_block.author"),
        *ts("header"),
        Key(
            "header.verso", TEMPLATE, "{publication}  {issue}",
            "template of the header on even (left) pages; fields {publication} {issue} {title} "
            "{section} {page}; quote it in YAML",
        ),
        Key("header.recto", TEMPLATE, "{title}", "template of the header on odd (right) pages"),
        Key(
            "header.offset", LENGTH, "14pt",
            "from the header baseline down to the top of the text block; the header must stay on "
            "the page, inside the top margin",
            floor=NOT_NEGATIVE,
        ),
        Key("header.rule", LENGTH, "0.5pt", "width of the rule under the header; 0 for none",
            floor=NOT_NEGATIVE),
        Key("header.rule_gap", LENGTH, "4pt", "from the header baseline down to the rule",
            floor=NOT_NEGATIVE),
        Key("header.first_page", BOOL, False,
            "whether an article's first page carries the header (off: it would repeat the title "
            "right above the title block)"),
        Key("header.verso_fallback", TEMPLATE, "{title}",
            "header on even pages when a field of header.verso is empty (an article without "
            "publication:); when this is empty too, no header and no rule"),
        Key("header.recto_fallback", TEMPLATE, "{publication}",
            "header on odd pages when a field of header.recto is empty; when this is empty too, "
            "no header and no rule"),
        Key(
            "header.band", OPTIONAL_COLOR, None,
            "fill a band of this colour from the top trim edge down to the header rule, across the "
            "page and into the bleed (set header.color to white on a dark band); null: no band",
        ),
        *ts("folio"),
        Key("folio.template", TEMPLATE, "{page}", "text of the folio; {page} is the page number"),
        Key(
            "folio.offset", LENGTH, "24pt",
            "from the bottom of the text block down to the folio baseline; at most the bottom margin",
            floor=NOT_NEGATIVE,
        ),
        Key(
            "folio.position", CHOICE, "outer",
            "outer corner or centre of the foot",
            ("outer", "center"),
        ),
        Key("cjk", SECTION, None, "Chinese composition rules (W3C clreq)"),
        Key(
            "cjk.kinsoku", CHOICE, "strict",
            "line-start/-end prohibition level",
            ("none", "basic", "gb", "strict"),
        ),
        Key(
            "cjk.push", CHOICE, "in_first",
            "when a prohibited mark would start a line: push it into the line above first, or only "
            "push a character out",
            ("in_first", "out_only"),
        ),
        Key(
            "cjk.han_latin_space", EM_LENGTH, "0.25em",
            "space between Han characters and Latin letters or digits; a bare number is in em; "
            "0 to 1em",
        ),
        Key(
            "cjk.line_end_punct", CHOICE, "full",
            "width of a punctuation mark ending a justified line",
            ("full", "half"),
        ),
        Key(
            "cjk.line_start_opening", CHOICE, "full",
            "width of an opening bracket starting a line (other than a paragraph's first)",
            ("full", "half"),
        ),
        Key(
            "cjk.paragraph_start_opening", CHOICE, "full",
            "width of an opening bracket starting a paragraph: full sets （七） just after the "
            "indent, half lets the bracket's blank half into it",
            ("full", "half"),
        ),
        Key("cjk.unbreakable", WORDS, [], "words never split across lines (names such as 习近平)"),
        Key(
            "cjk.missing_glyph", CHOICE, "error",
            "a character no font draws: stop, or draw a placeholder box",
            ("error", "placeholder"),
        ),
        Key(
            "cjk.linebreak", CHOICE, "total-fit",
            "how a paragraph's line ends are chosen: total-fit weighs the whole paragraph (no lone "
            "last character, no number cut from its unit, even spacing); first-fit fills each line "
            "in turn, pushing in before pushing out",
            ("total-fit", "first-fit"),
        ),
        Key(
            "cjk.hyphenation", CHOICE, "en_US",
            "language whose hyphenation dictionary (pyphen's) breaks long Latin words at line ends; "
            "none: Latin words are never hyphenated",
            HYPHENATION_LANGUAGES,
        ),
        *_element_keys(ts),
        Key("widows", INT, 2, "fewest lines of a paragraph at the top of a column", minimum=1),
        Key("orphans", INT, 2, "fewest lines of a paragraph at the bottom of a column", minimum=1),
        Key("balance", BOOL, True, "balance the columns of an article's last page"),
        Key("balance_min_lines", INT, 3,
            "fewest lines a column of a balanced last page may hold; when balancing would leave "
            "fewer (or a widow or orphan), the text stays unbalanced in the first columns",
            minimum=1),
        Key(
            "print", SECTION, None,
            "bleed and crop marks of a print build (paiban build --print); a normal build writes "
            "the trimmed page only",
        ),
        Key(
            "print.bleed", LENGTH, "3mm",
            "how far artwork that runs off the page (header bands) extends past the trim edge; the "
            "BleedBox is the trim plus this on every side",
            floor=NOT_NEGATIVE,
        ),
        Key("print.crop_marks", BOOL, True, "draw crop marks (裁切线) at the corners of the trim"),
        Key(
            "print.safe_margin", LENGTH, "3mm",
            "text closer than this to the trim edge may be cut when the sheets are trimmed: every "
            "build warns about it (and preflight fails it); 0 turns the warning off",
            floor=NOT_NEGATIVE,
        ),
        Key(
            "print.mark_offset", MARGIN, "auto",
            "from the trim edge to the near end of each crop mark; at least the bleed, so marks "
            "never print on the bleed; auto: the bleed, or 3mm without bleed",
        ),
        Key("print.mark_length", LENGTH, "5mm", "length of each crop mark", floor=NOT_NEGATIVE),
        Key("print.mark_weight", LENGTH, "0.25pt", "line width of the crop marks", floor=POSITIVE),
        Key(
            "print.mark_color", CHOICE, "registration",
            "registration: 100% on every separation (/Separation /All), so every plate shows the "
            "marks; black: K only",
            ("registration", "black"),
        ),
        Key(
            "print.output_profile", TEXT, None,
            "the CMYK ICC profile of the press (an .icc file, relative to this sheet) that RGB and "
            "grey images are converted to and that the PDF/X OutputIntent names; null: the bundled "
            "Artifex CMYK SWOP profile (profiles/README.md)",
        ),
        Key(
            "print.intent", CHOICE, "perceptual",
            "rendering intent of image conversion: perceptual (photographs), relative "
            "(relative colorimetric), saturation, absolute (absolute colorimetric)",
            ("perceptual", "relative", "saturation", "absolute"),
        ),
        Key(
            "print.pdfx", CHOICE, "x4",
            "the PDF/X standard a print build declares: x4 (PDF/X-4), x1a (PDF/X-1a:2003, no "
            "transparency) or none",
            ("x4", "x1a", "none"),
        ),
        Key(
            "print.ink_limit", INT, 300,
            "total area coverage (C+M+Y+K, percent) preflight allows in colours and images; "
            "300 suits coated stock, 260-280 uncoated and newsprint",
            minimum=100,
        ),
        Key(
            "print.rich_black_min", OPTIONAL_LENGTH, None,
            "the smallest text preflight lets be rich black (C, M, Y under 100% K: large display "
            "type, where K alone looks grey); smaller black text must be K only; null: no black "
            "text may be rich black",
            floor=POSITIVE,
        ),
        Key(
            "print.jpeg_quality", INT, 92,
            "JPEG quality (1-95) at which converted JPEG photographs are encoded again",
            minimum=1,
        ),
        *_booklet_keys(),
    ]


def _booklet_keys() -> list[Key]:
    """Keys only `paiban booklet` reads: cover, contents, and its articles' running headers."""
    ts = _text_style_keys
    return [
        Key("booklet", SECTION, None, "cover, contents and running headers of booklets"),
        Key(
            "booklet.header_verso", TEXT, "{booklet}",
            "running header on even pages of a booklet's articles; fields of header.verso plus "
            "{booklet} {subtitle} {organisation} {date} from the manifest",
        ),
        Key(
            "booklet.header_recto", TEXT, "{title}",
            "running header on odd pages of a booklet's articles; {title} and {section} are the "
            "article's",
        ),
        Key("booklet.cover", SECTION, None, "the cover page"),
        Key("booklet.cover.top", LENGTH, "35mm", "from the top of the text block to the cover title",
            floor=NOT_NEGATIVE),
        Key("booklet.cover.rule", LENGTH, "1pt", "rule between title and subtitle; 0 for none",
            floor=NOT_NEGATIVE),
        *ts("booklet.cover.title"),
        *ts("booklet.cover.subtitle"),
        *ts("booklet.cover.organisation"),
        *ts("booklet.cover.date"),
        Key("booklet.contents", SECTION, None, "the table of contents"),
        *ts("booklet.contents.heading"),
        Key("booklet.contents.heading.text", TEXT, "目　录", "the heading's text"),
        Key("booklet.contents.heading.lines", INT, 3, "body grid lines the heading takes", minimum=1),
        *ts("booklet.contents.entry"),
        Key(
            "booklet.contents.leader", TEXT, "·",
            "character repeated between an entry's title and its page number; empty for none",
        ),
    ]


def _element_keys(ts) -> list[Key]:
    """Keys of the magazine elements beyond body text: lead, pull quote, figures, end matter."""
    return [
        *ts("lead"),
        *ts("pullquote"),
        Key("pullquote.rule", LENGTH, "0.75pt", "width of the rules above and below; 0 for none",
            floor=NOT_NEGATIVE),
        Key("figure", SECTION, None, "figures: images with their captions"),
        *ts("figure.caption"),
        *ts("figure.credit"),
        Key("figure.numbering", BOOL, True,
            "number captions that do not start with a number already (图1, 图2 …)"),
        Key("figure.label", TEXT, "图{n}", "the number set before a caption; {n} is the number"),
        Key("figure.caption_gap", LENGTH, "5pt", "from the image bottom to the caption's em box",
            floor=NOT_NEGATIVE),
        Key("figure.space_before", INT, 1,
            "body grid lines left blank between text and a figure", minimum=0),
        Key("figure.space_after", INT, 1,
            "body grid lines left blank between a figure and text", minimum=0),
        Key("figure.missing", CHOICE, "error",
            "an image file that does not exist: stop, or draw a grey box with its name",
            ("error", "placeholder")),
        Key("figure.min_dpi", INT, 300,
            "images with fewer pixels per inch at their placed size are reported", minimum=1),
        Key("end_matter", SECTION, None, "lines after the last paragraph"),
        *ts("end_matter.affiliation"),
        *ts("end_matter.editor"),
        *ts("notes"),
        Key("notes.heading", TEXT, "注释：", "a line set before the notes; empty for none"),
        Key("notes.marker", CHOICE, "circled",
            "how references and notes are numbered: ① ② … or [1] [2] …",
            ("circled", "bracket")),
        Key("table", SECTION, None,
            "pipe tables, set as 三线表: a heavier rule above and below, a thin one under the header"),
        *ts("table.text"),
        *ts("table.caption"),
        Key("table.frame", LENGTH, "1pt", "the rules above and below the table", floor=POSITIVE),
        Key("table.rule", LENGTH, "0.5pt", "the rule under the header row", floor=POSITIVE),
        Key("table.padding", LENGTH, "0.5字", "blank on each side of a cell's text", floor=NOT_NEGATIVE),
        Key("table.label", TEXT, "表{n}",
            "the number set before a caption whose line gives none; {n} counts the tables"),
        Key("table.continued", TEXT, "续表{n}",
            "the line set above the header row where a table goes on in the next column or page, "
            "in the caption's type; {n} is the table's number, {caption} its caption; empty for none"),
        *ts("code"),
        *ts("ornament"),
        Key("ornament.text", TEXT, "＊　＊　＊", "what a thematic break (***) sets, centred"),
        Key("lists", SECTION, None, "bullet and numbered lists (- and 1. in Markdown)"),
        Key("lists.indent", LENGTH, "2字",
            "where the first level's markers stand, from the column edge; a nested list's markers "
            "stand where the text of the item holding it starts", floor=NOT_NEGATIVE),
        Key("lists.gap", LENGTH, "0.5字", "from the widest marker of a list to its text",
            floor=NOT_NEGATIVE),
        Key("lists.bullets", WORDS, ["●", "○", "■"],
            "bullet markers by level; deeper levels repeat the last"),
        Key("lists.numbers", WORDS, ["1.", "（一）", "1）"],
            "number styles by level, each written as its first number: 1. 1） （1） （一） 一、 ① "
            "a. A.; deeper levels repeat the last"),
        Key("lists.tasks", WORDS, ["□", "▣"],
            "markers of open and done task items (- [ ] / - [x]); the bundled fonts have no ☐ ☑"),
        Key("emphasis", CHOICE, "dots",
            "how *…* is set: emphasis dots (着重号) under each Han character (Latin in italic "
            "when the font has one, else unchanged), 楷体 (the kai family), or bold",
            ("dots", "kai", "bold")),
        Key("emphasis_font", FAMILY, "LXGW WenKai", "the 楷体 family of emphasis: kai"),
        Key("links", CHOICE, "endnote",
            "where a link's URL is printed: as an end note after the link text, in parentheses "
            "after it, or not at all; screen PDFs also get a link over the text",
            ("endnote", "inline", "none")),
    ]


def _text_style_keys(section: str) -> list[Key]:
    help_text, overrides = TEXT_STYLE_SECTIONS[section]
    keys = [Key(section, TEXT_STYLE, None, help_text)]
    for leaf in TEXT_STYLE_KEYS:
        default = overrides.get(leaf.name, leaf.default)
        if section == "body" and default is INHERIT:
            raise AssertionError(f"body.{leaf.name} needs a default")  # nothing to inherit from
        name = f"{section}.{leaf.name}"
        keys.append(Key(name, leaf.type, default, leaf.help, leaf.choices, leaf.minimum, leaf.floor))
    return keys


def _build() -> dict[str, Key]:
    keys = _all_keys()
    table: dict[str, Key] = {}
    for key in keys:
        if key.name in table:
            raise AssertionError(f"style key {key.name} declared twice")
        table[key.name] = key
    for section in TEXT_STYLE_SECTIONS:
        if section not in table:
            raise AssertionError(f"text style {section} is not placed in the key list")
    for key in table.values():
        if key.parent and key.parent not in table:
            raise AssertionError(f"style key {key.name} has no section {key.parent}")
    return table


KEYS: dict[str, Key] = _build()


def _children_table() -> dict[str, tuple[str, ...]]:
    children: dict[str, list[str]] = {}
    for key in KEYS.values():
        children.setdefault(key.parent, []).append(key.leaf)
    return {parent: tuple(names) for parent, names in children.items()}


_CHILDREN = _children_table()


def children(section: str) -> tuple[str, ...]:
    """Key names allowed directly inside `section` ("" for the top level)."""
    return _CHILDREN.get(section, ())


def is_section(name: str) -> bool:
    """Whether the key holds a mapping of further keys."""
    return KEYS[name].type in (SECTION, TEXT_STYLE)


def reference() -> str:
    """The table as plain text, one key a line, for documentation and ``paiban styles --keys``."""
    lines = []
    for key in KEYS.values():
        if key.name in NOT_USED:
            continue
        if is_section(key.name):
            lines.append(f"{key.name}: ({key.type}) {key.help}")
            continue
        default = "" if key.default is None else f" = {_show_default(key.default)}"
        choices = f" ({' | '.join(key.choices)})" if key.choices else ""
        lines.append(f"{key.name} [{key.type}{choices}]{default}  {key.help}")
    return "\n".join(lines)


def _show_default(value: Any) -> str:
    if value is INHERIT:
        return "from body"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, str) and (value == "" or value != value.strip() or "{" in value):
        return f'"{value}"'
    return str(value)
