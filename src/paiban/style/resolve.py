"""Stage 3c of loading a style: the merged tree → a resolved, validated `Style`.

Text styles take what they do not set from their defaults and from body; the page and grid come
from `Geometry`; the ranges that depend on several values are checked last (`ranges`).
"""

from __future__ import annotations

import string
from typing import Any

from paiban.errors import StyleError, did_you_mean
from paiban.style import schema
from paiban.style.geometry import Geometry
from paiban.style.model import (
    BookletContents,
    BookletCover,
    BookletStyle,
    CJKOptions,
    EndMatterStyle,
    FigureStyle,
    Folio,
    Grid,
    ListStyle,
    NotesStyle,
    OrnamentStyle,
    TableStyle,
    PrintOptions,
    PullQuoteStyle,
    RunningHeader,
    Style,
    TextStyle,
    TitleBlock,
)
from paiban.style.numbering import parse_format
from paiban.style.ranges import check_ranges
from paiban.style.tree import Item
from paiban.units import format_pt, mm

# Lengths closer than this are equal; well below anything a printer can show.
_EPSILON = 0.01


class Resolver(Geometry):
    """Converts a merged tree to a `Style`."""

    # text styles

    def inherited(self, section: str, leaf: str) -> tuple[str, Item, Any]:
        path, item = self.style_item(section, leaf)
        return path, item, self.convert(path, item, None)

    def text_style(self, section: str) -> TextStyle:
        size_path, size_item = self.style_item(section, "size")
        # em/字 in a size are of the body size; the body's own size has nothing to refer to
        size_em = None if size_path == "body.size" else self.body_size
        size = self.convert(size_path, size_item, size_em)
        family_path, family_item, family = self.inherited(section, "font")
        weight_path, weight_item, weight = self.inherited(section, "weight")
        if weight not in self.fonts[family]:
            self.missing_weight(section, family, weight, (family_path, family_item),
                                (weight_path, weight_item))
        leading = self.get(f"{section}.leading", size)
        return TextStyle(
            family=family,
            weight=weight,
            size=size,
            leading=leading,
            color=self.inherited(section, "color")[2],
            align=self.get(f"{section}.align"),
            indent=self.get(f"{section}.indent", size),
            left=self.get(f"{section}.left", size),
            right=self.get(f"{section}.right", size),
            space_before=self.get(f"{section}.space_before"),
            space_after=self.get(f"{section}.space_after"),
            letter_spacing=self.get(f"{section}.letter_spacing", size),
            fallback=self.inherited(section, "fallback")[2],
        )

    def missing_weight(self, section: str, family: str, weight: str,
                       font: tuple[str, Item], wanted: tuple[str, Item]) -> None:
        """Blame the setting the user most likely got wrong.

        That is one written in this style, then one written anywhere (such as body.weight), and
        the font only when both came from defaults.
        """
        own = section + "."
        ranked = [c for c in (wanted, font) if self.explicit(c[0]) is not None]
        candidates = [c for c in ranked if c[0].startswith(own)] + ranked + [font]
        path, item = candidates[0]
        weights = self.fonts[family]
        close = did_you_mean(weight, weights)
        hint = f"{family} comes in: {', '.join(weights)}"
        if path.startswith(own):
            message = f"{path}: font '{family}' has no weight '{weight}'"
        else:
            message = f"{path}: {section} uses font '{family}', which has no weight '{weight}'"
        raise StyleError(message, item.span, f"{close} {hint}" if close else hint)

    # the whole style

    def style(self) -> Style:
        body = self.text_style("body")
        self.body_size = body.size
        page = self.page(body.size)
        grid = self.grid(page, body.size)
        strong, quote = self.text_style("strong"), self.text_style("quote")
        headings = {2: self.text_style("headings.h2"), 3: self.text_style("headings.h3"),
                    4: self.text_style("headings.h4")}
        self.check_fits_grid(grid, {"body": body, "quote": quote, "headings.h2": headings[2],
                                    "headings.h3": headings[3], "headings.h4": headings[4]})
        title_block = self.title_block(grid, body.size)
        style = Style(
            name=self.name(),
            description=self.get("description"),
            page=page,
            grid=grid,
            body=body,
            strong=strong,
            quote=quote,
            headings=headings,
            heading_keep=self.get("heading_keep"),
            title_block=title_block,
            header=self.header(),
            folio=self.folio(),
            cjk=self.cjk(body.size),
            widows=self.get("widows"),
            orphans=self.get("orphans"),
            balance=self.get("balance"),
            balance_min_lines=self.get("balance_min_lines"),
            booklet=self.booklet(grid),
            source=str(self.sheet),
            files=tuple(str(p) for p in self.files),
            print=self.print_options(),
            fonts=self.own_fonts,
            **self.elements(),
        )
        check_ranges(style, self.setting, self.built_in)
        return style

    def elements(self) -> dict[str, Any]:
        """The styles of lead, pull quote, figures, end matter and notes, as Style fields."""
        pullquote = self.text_style("pullquote")
        rule = self.get("pullquote.rule", pullquote.size)
        notes = self.text_style("notes")
        return {
            "lead": self.text_style("lead"),
            "pullquote": PullQuoteStyle(pullquote, rule),
            "figure": self.figure(),
            "end_matter": EndMatterStyle(self.text_style("end_matter.affiliation"),
                                         self.text_style("end_matter.editor")),
            "notes": NotesStyle(notes, self.get("notes.heading"), self.get("notes.marker")),
            "ornament": OrnamentStyle(self.text_style("ornament"), self.get("ornament.text")),
            "lists": self.lists(),
            "emphasis": self.get("emphasis"),
            "emphasis_font": self.get("emphasis_font"),
            "links": self.get("links"),
            "code": self.text_style("code"),
            "table": self.table(),
        }

    def table(self) -> TableStyle:
        label = self.get("table.label")
        if "{n}" not in label:
            raise StyleError("table.label: must contain {n}, where the number goes",
                             self.item("table.label").span, 'for example "表{n}"')
        continued = self.get("table.continued")
        for _, name, _, _ in string.Formatter().parse(continued):
            if name is not None and name not in ("n", "caption"):
                raise StyleError(f"table.continued: unknown field {{{name}}}", self.item("table.continued").span,
                                 "the fields are {n} (the table's number) and {caption}")
        return TableStyle(self.text_style("table.text"), self.text_style("table.caption"),
                          self.get("table.frame", self.body_size), self.get("table.rule", self.body_size),
                          self.get("table.padding", self.body_size), label, continued)

    def lists(self) -> ListStyle:
        numbers = self.get("lists.numbers")
        for index, written in enumerate(numbers):
            if parse_format(written) is None:
                raise StyleError(f"lists.numbers: '{written}' holds no first number",
                                 self.item("lists.numbers").span,
                                 "write each level's first marker, with 1, 一, ①, a or A for the "
                                 "number: 1. （一） 1） ①")
        return ListStyle(self.get("lists.indent", self.body_size), self.get("lists.gap", self.body_size),
                         self.get("lists.bullets"), numbers, self.get("lists.tasks"))

    def figure(self) -> FigureStyle:
        label = self.get("figure.label")
        if "{n}" not in label:
            raise StyleError("figure.label: must contain {n}, where the number goes",
                             self.item("figure.label").span, 'for example "图{n}"')
        return FigureStyle(
            caption=self.text_style("figure.caption"),
            credit=self.text_style("figure.credit"),
            numbering=self.get("figure.numbering"),
            label=label,
            caption_gap=self.get("figure.caption_gap", self.body_size),
            space_before=self.get("figure.space_before"),
            space_after=self.get("figure.space_after"),
            missing=self.get("figure.missing"),
            min_dpi=self.get("figure.min_dpi"),
        )

    def name(self) -> str:
        item = self.explicit("name")
        return self.convert("name", item, None) if item is not None else self.sheet.stem
    def title_block(self, grid: Grid, em: float) -> TitleBlock:
        height = self.get("title_block.height")
        if height > grid.lines:
            path, span = self.blame("title_block.height", "grid.pitch", "page.margins.top",
                                    "page.margins.bottom", "page.size", "body.size")
            raise StyleError(
                f"{path}: the title block is {height} grid lines tall, "
                f"but a column holds only {grid.lines}", span)
        order = self.get("title_block.order")
        gaps = self.get("title_block.gaps", em)
        if len(gaps) > max(len(order) - 1, 0):
            raise StyleError(f"title_block.gaps: {len(gaps)} gaps for {len(order)} elements "
                             f"(at most {max(len(order) - 1, 0)})",
                             self.item("title_block.gaps").span)
        return TitleBlock(
            height=height,
            kicker=self.text_style("title_block.kicker"),
            title=self.text_style("title_block.title"),
            subtitle=self.text_style("title_block.subtitle"),
            author=self.text_style("title_block.author"),
            author_prefix=self.get("title_block.author_prefix"),
            separator=self.get("title_block.separator"),
            title_min_size=self.get("title_block.title_min_size", em),
            order=order,
            gaps=gaps,
        )

    def header(self) -> RunningHeader:
        style = self.text_style("header")
        rule = self.get("header.rule", style.size)
        return RunningHeader(
            style=style,
            verso=self.get("header.verso"),
            recto=self.get("header.recto"),
            offset=self.get("header.offset", style.size),
            rule=rule,
            rule_gap=self.get("header.rule_gap", style.size),
            first_page=self.get("header.first_page"),
            verso_fallback=self.get("header.verso_fallback"),
            recto_fallback=self.get("header.recto_fallback"),
            band=self.get("header.band"),
        )

    def folio(self) -> Folio:
        style = self.text_style("folio")
        return Folio(
            style=style,
            template=self.get("folio.template"),
            offset=self.get("folio.offset", style.size),
            position=self.get("folio.position"),
        )

    def booklet(self, grid: Grid) -> BookletStyle:
        heading = self.text_style("booklet.contents.heading")
        lines = self.get("booklet.contents.heading.lines")
        if lines > grid.lines:
            path, span = self.blame("booklet.contents.heading.lines", "grid.pitch", "page.margins.top",
                                    "page.margins.bottom", "page.size", "body.size")
            raise StyleError(f"{path}: {lines} grid lines, but a column "
                             f"holds only {grid.lines}", span)
        cover = BookletCover(
            title=self.text_style("booklet.cover.title"),
            subtitle=self.text_style("booklet.cover.subtitle"),
            organisation=self.text_style("booklet.cover.organisation"),
            date=self.text_style("booklet.cover.date"),
            top=self.get("booklet.cover.top", self.body_size),
            rule=self.get("booklet.cover.rule"),
        )
        contents = BookletContents(
            heading=heading,
            entry=self.text_style("booklet.contents.entry"),
            heading_text=self.get("booklet.contents.heading.text"),
            heading_lines=lines,
            leader=self.get("booklet.contents.leader"),
        )
        fields = schema.HEADER_FIELDS + schema.BOOKLET_FIELDS
        return BookletStyle(cover, contents, self.template("booklet.header_verso", fields),
                            self.template("booklet.header_recto", fields))

    def template(self, path: str, fields: tuple[str, ...]) -> str:
        """A header template whose {fields} are all known, so a typo fails here, not mid-build."""
        text = self.get(path)
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
        except ValueError as exc:
            raise StyleError(f"{path}: {exc}", self.item(path).span,
                             "write a literal brace as {{ or }}") from None
        for name in names:
            if name not in fields:
                close = did_you_mean(name, fields)
                hint = f"fields: {', '.join('{' + f + '}' for f in fields)}"
                raise StyleError(f"{path}: unknown field {{{name}}}", self.item(path).span,
                                 f"{close} {hint}" if close else hint)
        return text

    def print_options(self) -> PrintOptions:
        """Bleed and marks; the marks must stay clear of the bleed, or they would print on it."""
        em = self.body_size
        bleed = self.get("print.bleed", em)
        length = self.get("print.mark_length", em)
        weight = self.get("print.mark_weight", em)
        offset = self.get("print.mark_offset", em)
        if offset is None:
            offset = bleed if bleed > 0 else mm(3)
        elif offset < bleed - _EPSILON:
            raise StyleError(
                f"print.mark_offset: {format_pt(offset)} puts the crop marks inside the "
                f"{format_pt(bleed)} bleed, where they would print on the artwork",
                self.item("print.mark_offset").span,
                "make the offset at least print.bleed, or use auto")
        quality = self.get("print.jpeg_quality")
        if quality > 95:
            raise StyleError(f"print.jpeg_quality: must be at most 95, got {quality}",
                             self.item("print.jpeg_quality").span,
                             "above 95 a JPEG grows much larger and looks no better; 85-92 is usual")
        profile = self.explicit("print.output_profile")
        return PrintOptions(bleed=bleed, crop_marks=self.get("print.crop_marks"),
                            mark_offset=offset, mark_length=length, mark_weight=weight,
                            mark_color=self.get("print.mark_color"),
                            safe_margin=self.get("print.safe_margin", em),
                            output_profile=profile.value if profile is not None else None,
                            profile_at=profile.span if profile is not None else None,
                            intent=self.get("print.intent"), pdfx=self.get("print.pdfx"),
                            ink_limit=self.get("print.ink_limit"), jpeg_quality=quality,
                            rich_black_min=self.get("print.rich_black_min", em))

    def cjk(self, em: float) -> CJKOptions:
        return CJKOptions(
            kinsoku=self.get("cjk.kinsoku"),
            push=self.get("cjk.push"),
            han_latin_space=self.get("cjk.han_latin_space", em),
            line_end_punct=self.get("cjk.line_end_punct"),
            line_start_opening=self.get("cjk.line_start_opening"),
            paragraph_start_opening=self.get("cjk.paragraph_start_opening"),
            unbreakable=self.get("cjk.unbreakable"),
            missing_glyph=self.get("cjk.missing_glyph"),
            linebreak=self.get("cjk.linebreak"),
            hyphenation=self.get("cjk.hyphenation"),
        )
