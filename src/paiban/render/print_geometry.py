"""Where a trimmed page sits on its PDF page in a print build: boxes, bleed and crop marks.

Pure geometry, no PDF writing, so that the numbers a print shop relies on are tested exactly. All
values are PDF points with the origin at the lower-left corner of the MediaBox, y up (PDF user
space); the layout's own coordinates (top-left of the trim, y down) are untouched, the writer only
shifts the page content by (`dx`, `dy`).

A trimmed build has MediaBox = TrimBox = BleedBox. A print build grows the MediaBox by the bleed,
or by the crop marks when they reach further: the TrimBox is the finished page, the BleedBox the
trim plus the bleed, and the marks sit outside the BleedBox, in line with the trim edges.
"""

from __future__ import annotations

from dataclasses import dataclass

from paiban.layout.result import Fill
from paiban.style.model import PrintOptions

#: A rectangle (x0, y0, x1, y1) or a line segment from (x0, y0) to (x1, y1), in PDF user space.
Quad = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True, eq=False)
class PrintSheet:
    """The PDF page around one trimmed page."""

    media_width: float
    media_height: float
    dx: float  # x of the trim's left edge on the PDF page
    dy: float  # y of the trim's bottom edge on the PDF page
    trim: Quad
    bleed: Quad
    marks: tuple[Quad, ...] = ()  # crop-mark segments
    bleed_width: float = 0.0  # how far fills that run off the page extend past the trim


def print_sheet(width: float, height: float, options: PrintOptions | None) -> PrintSheet:
    """The sheet for a `width` × `height` trim; `options` None gives the trimmed page alone."""
    if options is None:
        box = (0.0, 0.0, width, height)
        return PrintSheet(width, height, 0.0, 0.0, box, box)
    margin = options.margin
    trim = (margin, margin, margin + width, margin + height)
    b = options.bleed
    bleed = (trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b)
    marks = crop_marks(trim, options.mark_offset, options.mark_length) if options.crop_marks else ()
    return PrintSheet(width + 2 * margin, height + 2 * margin, margin, margin, trim, bleed, marks, b)


def crop_marks(trim: Quad, offset: float, length: float) -> tuple[Quad, ...]:
    """Eight marks, two per corner, each continuing a trim edge outwards from `offset` to `offset + length`.

    Order: lower-left, lower-right, upper-left, upper-right corner; horizontal mark first.
    """
    if length <= 0:
        return ()
    x0, y0, x1, y1 = trim
    out: list[Quad] = []
    for cy, sy in ((y0, -1.0), (y1, 1.0)):
        for cx, sx in ((x0, -1.0), (x1, 1.0)):
            out.append((cx + sx * offset, cy, cx + sx * (offset + length), cy))
            out.append((cx, cy + sy * offset, cx, cy + sy * (offset + length)))
    return tuple(out)


def bled_fill(fill: Fill, bleed: float) -> Quad:
    """A fill's rectangle in layout coordinates (x, y from the trim's top-left, y down; width, height),
    grown by `bleed` past each trim edge it runs off."""
    x, y, w, h = fill.x, fill.y, fill.width, fill.height
    if "left" in fill.bleeds:
        x, w = x - bleed, w + bleed
    if "right" in fill.bleeds:
        w += bleed
    if "top" in fill.bleeds:
        y, h = y - bleed, h + bleed
    if "bottom" in fill.bleeds:
        h += bleed
    return (x, y, w, h)
