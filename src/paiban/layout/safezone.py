"""The safe margin: text closer to the trim than this may be cut when the sheets are trimmed.

A print build's preflight fails such a page; a normal build only warns, once per trim edge, and
names the style keys that move the text away from that edge, so the problem is seen while the
style is being written rather than at the print shop.
"""

from __future__ import annotations

from collections.abc import Iterable

from paiban.errors import Diagnostics
from paiban.layout.geometry import ASCENT
from paiban.layout.result import Line, Page
from paiban.units import PT_PER_MM

#: What to change in the style to move text away from each trim edge.
_REMEDY = {
    "left": "widen page.margins.inner/outer, or narrow page.column_width, page.gutter or page.columns",
    "right": "widen page.margins.inner/outer, or narrow page.column_width, page.gutter or page.columns",
    "top": "raise page.margins.top, or lower header.offset",
    "bottom": "raise page.margins.bottom, or lower folio.offset",
}


def _distances(line: Line, page: Page) -> list[tuple[float, str]]:
    """How far a line's em box is from each trim edge."""
    left = min((r.xs[0] for r in line.runs if r.xs), default=line.x)
    right = max(line.extent, left)
    top, bottom = line.y - line.size * ASCENT, line.y + line.size * (1 - ASCENT)
    return [(left, "left"), (page.width - right, "right"), (top, "top"), (page.height - bottom, "bottom")]


def warn_unsafe_text(page: Page, margin: float, warned: set[str], diagnostics: Diagnostics) -> None:
    """Warn about text of `page` within `margin` of the trim, once per edge (`warned` keeps which)."""
    if margin <= 0:
        return
    closest: dict[str, tuple[float, Line]] = {}
    for line in _set_lines(page.lines):
        for distance, edge in _distances(line, page):
            if distance < margin - 0.05 and edge not in warned and (
                    edge not in closest or distance < closest[edge][0]):
                closest[edge] = (distance, line)
    for edge, (distance, line) in closest.items():
        warned.add(edge)
        sample = line.text.strip()[:12]
        diagnostics.warn(
            f"text '{sample}' on page {page.number} comes {distance / PT_PER_MM:.1f} mm from the "
            f"{edge} trim edge, inside the safe margin of {margin / PT_PER_MM:.1f} mm "
            f"(print.safe_margin), where trimming may cut it: {_REMEDY[edge]}")


def _set_lines(lines: Iterable[Line]) -> Iterable[Line]:
    return (ln for ln in lines if ln.text.strip())
