"""Crop and fold marks as plain line segments on a sheet (points, y downwards).

Crop marks extend the trim lines outside the page, starting `offset` away from the trim corner
so that they stay clear of a 3 mm bleed, and are `length` long. A saddle-stitched pair is not cut
at the spine, so its spine corners get no crop marks; a fold mark above and below the spine shows
where the sheet is folded instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from paiban.units import mm

MARK_OFFSET = mm(3)  # gap between the trim corner and the mark: the usual bleed
MARK_LENGTH = mm(5)
MARK_WIDTH = 0.25  # pt: a hairline, as printers expect
#: Room a marked page needs around its trim on every marked edge.
MARK_ROOM = MARK_OFFSET + MARK_LENGTH


@dataclass(frozen=True, slots=True)
class Box:
    """A trimmed page's place on the sheet."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True, slots=True)
class Segment:
    """A straight mark from (x0, y0) to (x1, y1)."""

    x0: float
    y0: float
    x1: float
    y1: float


def crop_marks(trim: Box, uncut: frozenset[str] = frozenset()) -> list[Segment]:
    """Two marks at each corner of `trim`, except at corners on an uncut edge ("left", "right").

    A horizontal mark prolongs the top or bottom trim line sideways; a vertical one prolongs the
    left or right trim line up or down. At an uncut (folded) edge neither is wanted, since a mark
    there would print on the facing page.
    """
    out: list[Segment] = []
    near, far = MARK_OFFSET, MARK_OFFSET + MARK_LENGTH
    for x, side in ((trim.x0, "left"), (trim.x1, "right")):
        if side in uncut:
            continue
        out_dir = -1 if side == "left" else 1
        for y, up in ((trim.y0, -1), (trim.y1, 1)):
            out.append(Segment(x + out_dir * near, y, x + out_dir * far, y))
            out.append(Segment(x, y + up * near, x, y + up * far))
    return out


def fold_marks(x: float, top: float, bottom: float) -> list[Segment]:
    """Marks above and below a fold line at `x`, between trim edges `top` and `bottom`."""
    near, far = MARK_OFFSET, MARK_OFFSET + MARK_LENGTH
    return [Segment(x, top - far, x, top - near), Segment(x, bottom + near, x, bottom + far)]
