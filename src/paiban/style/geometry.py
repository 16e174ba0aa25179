"""Stage 3b of loading a style: the page, its columns and the baseline grid, checked to exist."""

from __future__ import annotations

import math
from dataclasses import dataclass

from paiban.errors import StyleError
from paiban.style.convert import Values
from paiban.style.model import Grid, PageGeometry, TextStyle
from paiban.units import format_pt, mm

# Smallest side margin when the columns are sized from the margins rather than given.
MIN_AUTO_SIDE_MARGIN = mm(20)
# Lengths closer than this are equal; well below anything a printer can show.
_EPSILON = 0.01


class Geometry(Values):
    """Page geometry and grid from the merged tree: margins, columns, gutter, pitch, lines."""

    def page(self, em: float) -> PageGeometry:
        width, height = self.get("page.size", em)
        top = self.margin("page.margins.top", em)
        bottom = self.margin("page.margins.bottom", em)
        inner = self.margin("page.margins.inner", em)
        outer = self.margin("page.margins.outer", em)
        columns = self.get("page.columns")
        gutter = self.get("page.gutter", em)
        column_width = self.get("page.column_width", em)
        frame = _Frame(width, columns, gutter, em)
        if column_width is not None:
            inner, outer = self.fit_columns(frame, column_width, inner, outer)
        else:
            inner, outer = self.fill_columns(frame, inner, outer)
        return PageGeometry(width=width, height=height, top=top, bottom=bottom, inner=inner,
                            outer=outer, columns=columns, gutter=gutter)

    def margin(self, path: str, em: float) -> float | None:
        value = self.get(path, em)
        if value is not None and value < 0:
            item = self.item(path)
            raise StyleError(f"{path}: a margin cannot be negative, got {item.text} "
                             f"({format_pt(value)})", item.span)
        return value

    def fit_columns(self, frame: _Frame, column_width: float, inner: float | None,
                    outer: float | None) -> tuple[float, float]:
        """Margins around columns of a given width; auto margins take what is left."""
        block = frame.block_width(column_width)
        path, span = self.blame("page.column_width", "page.columns", "page.gutter", "page.margins.inner",
                                "page.margins.outer", "page.size", "body.size")
        fixed = (inner or 0.0) + (outer or 0.0)
        room = frame.width - fixed
        if block > room + _EPSILON:
            where = f"the {format_pt(frame.width)} page" if inner is None and outer is None \
                else f"the {format_pt(room)} between the margins"
            raise StyleError(f"{path}: the text block ({frame.describe(column_width)}) "
                             f"is {format_pt(block)} wide, wider than {where}", span,
                             "use fewer or narrower columns, a narrower gutter or smaller margins")
        if inner is None and outer is None:
            inner = (frame.width - block) / 2
            return inner, _exact_outer(frame.width, inner, block)
        if inner is None:
            return frame.width - block - outer, outer
        if outer is None:
            return inner, _exact_outer(frame.width, inner, block)
        if abs(room - block) > _EPSILON:
            raise StyleError(f"{path}: the text block ({frame.describe(column_width)}) "
                             f"is {format_pt(block)} wide, but the margins leave {format_pt(room)}",
                             span, "set page.margins.inner or page.margins.outer to auto")
        return inner, outer

    def fill_columns(self, frame: _Frame, inner: float | None,
                     outer: float | None) -> tuple[float, float]:
        """Columns sized by the margins; both margins auto → whole characters, centred."""
        if inner is None and outer is None:
            room = (frame.width - 2 * MIN_AUTO_SIDE_MARGIN - frame.gutters) / frame.columns
            characters = math.floor(room / frame.em + 1e-9)
            if characters >= 1:
                return self.fit_columns(frame, characters * frame.em, None, None)
            inner = outer = MIN_AUTO_SIDE_MARGIN
        inner = outer if inner is None else inner
        outer = inner if outer is None else outer
        column = (frame.width - inner - outer - frame.gutters) / frame.columns
        if column <= 0:
            path, span = self.blame("page.columns", "page.gutter", "page.margins.inner",
                                    "page.margins.outer", "page.size", "body.size")
            raise StyleError(
                f"{path}: {frame.columns} columns with {format_pt(frame.gutter)} gutters "
                f"do not fit between the margins ({format_pt(frame.width - inner - outer)} of "
                f"{format_pt(frame.width)})", span,
                "use fewer columns, a narrower gutter or smaller margins")
        return inner, outer

    def grid(self, page: PageGeometry, em: float) -> Grid:
        pitch = self.get("grid.pitch", em)
        height = page.text_height
        if height < pitch - _EPSILON:
            raise StyleError(
                f"no room for a single grid line: the margins leave a text block "
                f"{format_pt(height)} tall, less than the grid pitch of {format_pt(pitch)}",
                self.blame("page.margins.top", "page.margins.bottom", "grid.pitch", "page.size",
                           "body.size")[1],
                f"the page is {format_pt(page.height)} tall; reduce page.margins.top "
                f"({format_pt(page.top)}), page.margins.bottom ({format_pt(page.bottom)}) "
                f"or grid.pitch")
        fits = math.floor(height / pitch + 1e-9)
        lines = self.get("grid.lines")
        if lines is None:
            return Grid(pitch=pitch, lines=fits)
        if lines > fits:
            path, span = self.blame("grid.lines", "grid.pitch", "page.margins.top", "page.margins.bottom",
                                    "page.size", "body.size")
            raise StyleError(
                f"{path}: {lines} lines of {format_pt(pitch)} need {format_pt(lines * pitch)}, "
                f"but the text block is {format_pt(height)} tall ({fits} lines)",
                span, "use auto, or smaller margins or pitch")
        return Grid(pitch=pitch, lines=lines)

    def check_fits_grid(self, grid: Grid, styles: dict[str, TextStyle]) -> None:
        """Text set on the grid must fit a grid line, or consecutive lines print over each other.

        The error points at whichever of the two values the user's own sheet set, the size first.
        """
        pitch = self.item("grid.pitch")
        for section, ts in styles.items():
            if ts.size <= grid.pitch + _EPSILON:
                continue
            path, size = self.style_item(section, "size")
            if size.span.file == self.top.file or pitch.span.file != self.top.file:
                raise StyleError(
                    f"{path}: {format_pt(ts.size)} is more than the grid pitch ({format_pt(grid.pitch)}); "
                    f"lines of {section} text would print over each other", size.span,
                    f"use at most {format_pt(grid.pitch)}, or a larger grid.pitch")
            raise StyleError(
                f"grid.pitch: {format_pt(grid.pitch)} is less than the {format_pt(ts.size)} of {section} "
                "text, whose lines would print over each other", pitch.span,
                f"make grid.pitch at least {format_pt(ts.size)}, or {path} smaller")



@dataclass(frozen=True, slots=True, eq=False)
class _Frame:
    """The across-the-page facts that column fitting needs."""

    width: float
    columns: int
    gutter: float
    em: float

    @property
    def gutters(self) -> float:
        return self.gutter * (self.columns - 1)

    def block_width(self, column_width: float) -> float:
        return column_width * self.columns + self.gutters

    def describe(self, column_width: float) -> str:
        if self.columns == 1:
            return f"1 column of {format_pt(column_width)}"
        gutters = "a" if self.columns == 2 else str(self.columns - 1)
        plural = "" if self.columns == 2 else "s"
        return (f"{self.columns} columns of {format_pt(column_width)} and {gutters} "
                f"{format_pt(self.gutter)} gutter{plural}")


def _exact_outer(width: float, inner: float, block: float) -> float:
    """The outer margin that makes width − inner − outer come out as `block` in floating point.

    Layout code derives the column width from the margins; without this, 23字 columns could come
    back as 241.49999999999997 and a line of exactly 23 characters would no longer fit.
    """
    outer = width - inner - block
    for _ in range(4):
        error = (width - inner - outer) - block
        if error == 0:
            break
        outer = math.nextafter(outer, math.inf if error > 0 else -math.inf)
    return outer
