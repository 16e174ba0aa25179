"""Figures: an image, its credit and caption, sized to whole grid slots.

The image fills the measure (a column, or the text block for page-wide figures) at its own aspect
ratio. Its top is aligned with the em box of the body text in its first slot, so that it lines up
with the first line of the column beside it; the credit and caption follow at their own leading,
and the whole is rounded up to whole body grid slots so the text after it stays on the grid.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from paiban.compose.config import Where
from paiban.compose.line import ComposedLine
from paiban.compose.paragraph import compose_paragraph
from paiban.errors import ArticleError, Diagnostics
from paiban.flow.blocks import FlowBlock
from paiban.layout.configs import ConfigFactory
from paiban.layout.geometry import ASCENT
from paiban.layout.imagefiles import ImageFile, UnreadableImage, probe_image
from paiban.layout.result import Image, Line
from paiban.model.article import Article, Figure, Run
from paiban.style.model import Style, TextStyle

#: Aspect ratio (height / width) of the grey box that stands in for a missing image.
PLACEHOLDER_RATIO = 0.75
#: Space between the image and the credit line under it, pt.
CREDIT_GAP = 2.0


@dataclass(frozen=True, slots=True)
class _Text:
    """Caption or credit lines and the style they were set in."""

    style: TextStyle
    lines: tuple[ComposedLine, ...]

    @property
    def leading(self) -> float:
        return self.style.leading or self.style.size * 1.3

    @property
    def height(self) -> float:
        """From the em top of the first line to the em bottom of the last."""
        return (len(self.lines) - 1) * self.leading + self.style.size if self.lines else 0.0


@dataclass(frozen=True, slots=True)
class FigureBox:
    """A composed figure, positions relative to the top-left corner of its first slot."""

    block: int  # article block index
    width: float  # the measure
    image: ImageFile | None  # None: a placeholder for a missing file
    label: str  # the path as the article wrote it
    image_width: float
    image_height: float
    top: float  # from the slot top to the image top
    credit: _Text
    caption: _Text
    caption_gap: float
    slots: int
    name: _Text  # the file name, printed inside a placeholder box

    @property
    def dpi(self) -> float:
        if self.image is None:
            return 0.0
        return min(self.image.width / self.image_width, self.image.height / self.image_height) * 72


@dataclass(frozen=True, slots=True)
class FigureContext:
    """What sizing a figure needs from the build."""

    article: Article
    style: Style
    factory: ConfigFactory
    diagnostics: Diagnostics


def caption_text(figure: Figure, number: int, style: Style) -> str:
    """The caption as printed: numbered by the style unless the author numbered it already."""
    fs = style.figure
    caption = figure.caption.strip()
    if not fs.numbering:
        return caption
    prefix = fs.label.split("{n}")[0].strip()
    if prefix and re.match(rf"^{re.escape(prefix)}\s*\d+", caption):
        return caption
    label = fs.label.format(n=number)
    return f"{label}\u3000{caption}" if caption else label


def _load(figure: Figure, ctx: FigureContext) -> ImageFile | None:
    """The image file, or None (a placeholder) when it is missing and the style allows that."""
    base = Path(ctx.article.base) if ctx.article.base else Path.cwd()
    path = base / figure.path
    try:
        return probe_image(path)
    except UnreadableImage as exc:
        raise ArticleError(f"the figure image {figure.path} cannot be read: {exc}", figure.source,
                           hint=exc.hint) from None
    except FileNotFoundError:
        if ctx.style.figure.missing == "placeholder":
            ctx.diagnostics.warn(f"figure image not found: {figure.path}; a grey box stands in",
                                 figure.source)
            return None
        raise ArticleError(
            f"figure image not found: {figure.path}",
            figure.source,
            hint=f"looked for {os.path.abspath(path)}; image paths are relative to the article file "
            "(or build with --missing-image placeholder)",
        ) from None


def _set(text: str, ts: TextStyle, width: float, ctx: FigureContext, figure: Figure) -> _Text:
    if not text:
        return _Text(ts, ())
    cfg = ctx.factory.make(ts, width, indent=0.0)
    lines = compose_paragraph((Run(text),), cfg, Where(figure.source, ctx.diagnostics))
    return _Text(ts, tuple(lines))


def compose_figure(figure: Figure, index: int, number: int, ctx: FigureContext) -> FigureBox:
    """Size one figure to its measure, scaled down when it would be taller than a column."""
    style = ctx.style
    width = style.page.text_width if figure.width == "page" else style.page.column_width
    image = _load(figure, ctx)
    ratio = image.height / image.width if image else PLACEHOLDER_RATIO
    credit = _set(figure.credit, style.figure.credit, width, ctx, figure)
    caption = _set(caption_text(figure, number, style), style.figure.caption, width, ctx, figure)
    top = (style.grid.pitch - style.body.size) / 2
    below = _below_image(credit, caption, style.figure.caption_gap)
    room = style.grid.lines * style.grid.pitch - top - below
    image_width, image_height = width, width * ratio
    if image_height > room:
        scale = max(room, style.grid.pitch) / image_height
        image_width, image_height = width * scale, image_height * scale
        ctx.diagnostics.warn(
            f"figure {figure.path} is taller than a column; scaled to {scale:.0%} to fit",
            figure.source)
    slots = math.ceil((top + image_height + below) / style.grid.pitch - 1e-6)
    _check_resolution(figure, image, image_width, ctx)
    name = _Text(style.figure.caption, ())
    if image is None:
        centred = replace(style.figure.caption, align="center")
        name = _set(figure.path, centred, width, ctx, figure)
    return FigureBox(index, width, image, figure.path, image_width, image_height, top, credit,
                     caption, style.figure.caption_gap, slots, name)


def _check_resolution(figure: Figure, image: ImageFile | None, width: float,
                      ctx: FigureContext) -> None:
    """Report an image with fewer pixels per inch than print needs at the size it is placed."""
    if image is None:
        return
    dpi = image.width / width * 72
    if dpi + 0.5 < ctx.style.figure.min_dpi:
        ctx.diagnostics.warn(
            f"figure image {figure.path} has {dpi:.0f} dpi at its placed size, below "
            f"{ctx.style.figure.min_dpi} dpi; it may print blurred",
            figure.source)


def _below_image(credit: _Text, caption: _Text, caption_gap: float) -> float:
    height = (CREDIT_GAP + credit.height) if credit.lines else 0.0
    if caption.lines:
        height += caption_gap + caption.height
    return height


def figure_flow_block(figure: Figure, box: FigureBox, style: Style) -> FlowBlock:
    """The float the flow places: whole slots, with the style's space around it."""
    return FlowBlock("figure", (), box.block, style.figure.space_before, style.figure.space_after,
                     keep_together=True, float_place=figure.place, spans=figure.width == "page",
                     slots=box.slots)


def place_figure(box: FigureBox, x: float, y: float, column: int) -> tuple[Image, list[Line]]:
    """The image and the credit and caption lines of a figure whose first slot is at (x, y)."""
    left = x + (box.width - box.image_width) / 2
    top = y + box.top
    image = Image(left, top, box.image_width, box.image_height,
                  box.image.path if box.image else "", box.label, box.block, box.dpi)
    lines: list[Line] = []
    if box.name.lines:
        middle = top + (box.image_height - box.name.height) / 2
        _stack(lines, "placeholder", box.name, x, middle, column, box.block)
    em_top = top + box.image_height
    if box.credit.lines:
        # The credit is set flush right on the full measure; move it under the image's right edge.
        shift = left + box.image_width - (x + box.width)
        em_top = _stack(lines, "credit", box.credit, x + shift, em_top + CREDIT_GAP, column,
                        box.block)
    if box.caption.lines:
        _stack(lines, "caption", box.caption, x, em_top + box.caption_gap, column, box.block)
    return image, lines


def _stack(out: list[Line], role: str, text: _Text, x: float, em_top: float, column: int,
           block: int) -> float:
    """Append lines downwards from `em_top`; returns the em bottom of the last one."""
    size = text.style.size
    last = len(text.lines) - 1
    for k, cl in enumerate(text.lines):
        baseline = em_top + size * ASCENT + k * text.leading
        runs = tuple(r.moved(x, baseline) for r in cl.runs)
        out.append(Line(role, runs, x, baseline, cl.width, column, block, k == 0, k == last,
                        cl.justified, cl.pushed, size, x + cl.filled))
    return em_top + text.height
