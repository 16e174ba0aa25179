"""The `--show-grid` debug overlay: frames, columns, baseline grid and line boxes.

A designer who changes a style wants to see *why* a line fell where it did: which grid slot it
sits on, where its column ends, how far its measure reaches. The overlay draws that from the
layout data alone (`Page.frames`, `Page.grid`, each `Line`'s measure and size), so it shows what
the layout decided rather than a guess made afterwards. It is drawn under the text in light RGB
colours: it is a proof aid, never meant for the press, and would stand out in any print preflight.

This module only writes PDF operators (plain strings); the PDF writer decides where they go.
"""

from __future__ import annotations

from dataclasses import dataclass

from paiban.layout.geometry import ASCENT
from paiban.layout.result import Frame, Line, Page


@dataclass(frozen=True, slots=True)
class OverlayPen:
    """How one kind of overlay mark is stroked: RGB colour (0..1), width in pt, dash in pt."""

    rgb: tuple[float, float, float]
    width: float
    dash: tuple[float, ...] = ()


#: Light colours, distinct enough to tell apart on a white page and faint enough to read through.
FRAME_PEN = OverlayPen((0.45, 0.7, 1.0), 0.6)
FURNITURE_PEN = OverlayPen((0.55, 0.85, 0.55), 0.6, (3.0, 2.0))
GRID_PEN = OverlayPen((0.55, 0.85, 0.95), 0.25)
LINE_PEN = OverlayPen((1.0, 0.65, 0.5), 0.3)


def _n(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _pen_ops(pen: OverlayPen) -> str:
    r, g, b = pen.rgb
    dash = " ".join(_n(d) for d in pen.dash)
    return f"{_n(r)} {_n(g)} {_n(b)} RG {_n(pen.width)} w [{dash}] 0 d"


def _rect(x: float, top: float, width: float, height: float, page_height: float) -> str:
    """A PDF `re` path for a box given from the top-left, as layout coordinates are."""
    return f"{_n(x)} {_n(page_height - top - height)} {_n(width)} {_n(height)} re"


def _boxes_ops(frames: list[Frame], pen: OverlayPen, page_height: float) -> list[str]:
    if not frames:
        return []
    return [_pen_ops(pen), *(_rect(f.x, f.y, f.width, f.height, page_height) for f in frames), "S"]


def _frame_ops(frames: tuple[Frame, ...], page_height: float) -> list[str]:
    """Columns in solid blue; the title block, header and footer frames dashed green."""
    columns = [f for f in frames if f.kind == "column"]
    others = [f for f in frames if f.kind != "column"]
    return _boxes_ops(columns, FRAME_PEN, page_height) + _boxes_ops(others, FURNITURE_PEN, page_height)


def _grid_ops(page: Page) -> list[str]:
    """One hairline per baseline of the body grid, across every column's measure."""
    columns = [f for f in page.frames if f.kind == "column"]
    if not page.grid or not columns:
        return []
    out = [_pen_ops(GRID_PEN)]
    for y in page.grid:
        py = _n(page.height - y)
        out.extend(f"{_n(c.x)} {py} m {_n(c.x + c.width)} {py} l" for c in columns)
    out.append("S")
    return out


def line_box(line: Line) -> tuple[float, float, float, float]:
    """(x, top, width, height) of a line's em box over its measure, in layout coordinates."""
    size = line.size or max((r.size for r in line.runs), default=0.0)
    return line.x, line.y - size * ASCENT, line.width, size


def _line_ops(lines: tuple[Line, ...], page_height: float) -> list[str]:
    boxes = [line_box(ln) for ln in lines if ln.runs]
    if not boxes:
        return []
    return [_pen_ops(LINE_PEN), *(_rect(*box, page_height) for box in boxes), "S"]


def overlay_ops(page: Page) -> str:
    """PDF operators drawing the overlay of one page, in a saved graphics state."""
    ops = ["q"]
    ops += _grid_ops(page)
    ops += _frame_ops(page.frames, page.height)
    ops += _line_ops(page.lines, page.height)
    ops.append("Q")
    return "\n".join(ops)
