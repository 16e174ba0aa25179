"""Limits a style value has only against other values: insets against the measure they sit in,
the running header and folio against the margins that hold them.

A value that passes its own key's floor (`schema.NOT_NEGATIVE`, `schema.POSITIVE`) can still put
text outside its frame: a 23字 indent in a 23字 column, a header offset larger than the top margin.
These checks run once the page is resolved, and blame the setting the user most likely got wrong:
one written in their own sheets, rather than one in a built-in sheet they extend.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from paiban.errors import Span, StyleError
from paiban.style.model import Style, TextStyle
from paiban.units import format_pt

# Lengths closer than this are equal; well below anything a printer can show.
_EPSILON = 0.01
#: Widest space between Han and Latin text, in em of the text size.
MAX_HAN_LATIN_SPACE = 1.0


@dataclass(frozen=True, slots=True, eq=False)
class Setting:
    """Where a key's value was set, and how it was written (None for a default)."""

    path: str
    span: Span
    text: str | None


#: A dotted key → the setting its resolved value came from (text styles follow inheritance).
Locate = Callable[[str], Setting]

# Text styles set in one column, and those set across the text block.
_IN_COLUMN = ("body", "quote", "headings.h2", "headings.h3", "pullquote", "notes",
              "end_matter.affiliation", "end_matter.editor", "figure.caption", "figure.credit")
_ACROSS = ("lead", "title_block.kicker", "title_block.title", "title_block.subtitle",
           "title_block.author", "header", "folio", "booklet.cover.title", "booklet.cover.subtitle",
           "booklet.cover.organisation", "booklet.cover.date", "booklet.contents.heading",
           "booklet.contents.entry")


def check_ranges(style: Style, locate: Locate, built_in: frozenset[str]) -> None:
    """Raise a StyleError for the first value that would put text outside its frame or page;
    `built_in` holds the shown names of the built-in sheets in the extends chain."""
    checker = _Checker(locate, built_in)
    for section in _IN_COLUMN + _ACROSS:
        measure, what = ((style.page.column_width, "column") if section in _IN_COLUMN
                         else (style.page.text_width, "text block"))
        checker.text_style(section, _text_style(style, section), measure, what)
    checker.furniture(style)
    checker.han_latin_space(style)


def _text_style(style: Style, section: str) -> TextStyle:
    path = section.split(".")
    found = {
        "body": style.body, "quote": style.quote, "lead": style.lead, "notes": style.notes.text,
        "pullquote": style.pullquote.text, "header": style.header.style, "folio": style.folio.style,
    }.get(section)
    if found is not None:
        return found
    if path[0] == "headings":
        return style.headings[int(path[1][1:])]
    if path[0] == "booklet":
        return getattr(getattr(style.booklet, path[1]), path[2])
    return getattr(getattr(style, path[0]), path[1])


def _shown(setting: Setting, value: float) -> str:
    """A value as written, with its points when the sheet wrote it in other units."""
    points = format_pt(value)
    if setting.text is None or setting.text.strip() in (points, str(value)):
        return points
    return f"{setting.text.strip()} ({points})"


def blame(locate: Locate, built_in: frozenset[str], paths: Sequence[str]) -> Setting:
    """Of the settings an error depends on (most direct first), the first written in one of the
    user's sheets, else the first written in a built-in sheet, else the first: defaults have no
    line to point at."""
    settings = [locate(path) for path in paths]
    written = [s for s in settings if s.span.line is not None]
    own = [s for s in written if s.span.file not in built_in]
    return (own or written or settings)[0]


class _Checker:
    def __init__(self, locate: Locate, built_in: frozenset[str]):
        self.locate = locate
        self.built_in = built_in

    def blame(self, paths: Sequence[str]) -> Setting:
        return blame(self.locate, self.built_in, paths)

    def text_style(self, section: str, ts: TextStyle, measure: float, what: str) -> None:
        """Every line of `section` text holds at least one character inside its measure."""
        if ts.indent < -ts.left - _EPSILON:
            setting = self.locate(f"{section}.indent")
            raise StyleError(
                f"{section}.indent: {_shown(setting, ts.indent)} starts the first line "
                f"{format_pt(-ts.indent - ts.left)} outside the {what}", setting.span,
                f"a negative indent may hang the first line into {section}.left "
                f"({format_pt(ts.left)}), no further")
        if ts.letter_spacing < -ts.size / 2 - _EPSILON:
            setting = self.locate(f"{section}.letter_spacing")
            raise StyleError(
                f"{section}.letter_spacing: {_shown(setting, ts.letter_spacing)} is tighter than half "
                f"the {format_pt(ts.size)} type; characters would print over each other and past "
                f"the start of the line", setting.span, "use at least -0.5em")
        glyph = ts.size + max(ts.letter_spacing, 0.0)
        used = ts.left + ts.right + max(ts.indent, 0.0)
        if measure - used >= glyph - _EPSILON:
            return
        named = [(leaf, value) for leaf, value in (("indent", ts.indent), ("left", ts.left),
                                                   ("right", ts.right),
                                                   ("letter_spacing", ts.letter_spacing))
                 if value > 0]
        setting = self.blame([f"{section}.{leaf}" for leaf, _ in named] + [f"{section}.size"])
        leaf = setting.path.rpartition(".")[2]
        value = dict(named).get(leaf, ts.size)
        raise StyleError(
            f"{setting.path}: {_shown(setting, value)} leaves {format_pt(max(measure - used, 0.0))} "
            f"of the {format_pt(measure)} {what} for {section} text, less than one "
            f"{format_pt(glyph)} character", setting.span,
            f"keep {section}.indent, {section}.left and {section}.right together at most "
            f"{format_pt(max(measure - glyph, 0.0))}")

    def furniture(self, style: Style) -> None:
        """The running header, its rule and the folio stay on the page, out of the text block."""
        page, header, folio = style.page, style.header, style.folio
        above = header.offset + header.style.size - page.top
        if above > _EPSILON:
            setting = self.blame(["header.offset", "page.margins.top", "header.size"])
            raise StyleError(
                f"{setting.path}: the {format_pt(header.style.size)} running header "
                f"{format_pt(header.offset)} above the text block starts {format_pt(above)} "
                f"above the top edge of the page", setting.span,
                f"keep header.offset at most {format_pt(max(page.top - header.style.size, 0.0))}: "
                f"page.margins.top ({format_pt(page.top)}) less the header size")
        if header.rule > 0 and header.rule_gap > header.offset + _EPSILON:
            setting = self.locate("header.rule_gap")
            raise StyleError(
                f"header.rule_gap: {_shown(setting, header.rule_gap)} puts the header rule "
                f"{format_pt(header.rule_gap - header.offset)} inside the text block", setting.span,
                f"keep header.rule_gap at most header.offset ({format_pt(header.offset)})")
        if folio.offset > page.bottom + _EPSILON:
            setting = self.blame(["folio.offset", "page.margins.bottom"])
            raise StyleError(
                f"{setting.path}: the folio {format_pt(folio.offset)} below the text block falls "
                f"{format_pt(folio.offset - page.bottom)} below the bottom edge of the page",
                setting.span,
                f"keep folio.offset at most page.margins.bottom ({format_pt(page.bottom)})")
        cover = style.booklet.cover
        if cover.top + cover.title.size > page.text_height + _EPSILON:
            setting = self.locate("booklet.cover.top")
            raise StyleError(
                f"booklet.cover.top: {_shown(setting, cover.top)} puts the cover title below the "
                f"{format_pt(page.text_height)} text block", setting.span,
                f"keep it at most {format_pt(max(page.text_height - cover.title.size, 0.0))}")

    def han_latin_space(self, style: Style) -> None:
        space = style.cjk.han_latin_space
        if not 0 <= space <= MAX_HAN_LATIN_SPACE:
            setting = self.locate("cjk.han_latin_space")
            written = setting.text.strip() if setting.text else f"{space:g}em"
            raise StyleError(f"cjk.han_latin_space: must be between 0 and {MAX_HAN_LATIN_SPACE:g}em, "
                             f"got {written}", setting.span)
