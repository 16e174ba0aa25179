"""Page geometry derived from the style: where the text block, columns and grid lines are."""

from __future__ import annotations

from dataclasses import dataclass

from paiban.style.model import Style

#: Where the baseline sits in an em box of the bundled CJK fonts (ideographic em box −0.12…0.88 em).
ASCENT = 0.88


@dataclass(frozen=True, slots=True, eq=False)
class PageFrame:
    """The text block of one page (verso or recto) and its columns."""

    left: float  # x of the text block
    top: float
    width: float
    height: float
    column_xs: tuple[float, ...]
    column_width: float
    pitch: float
    lines: int

    def slot_top(self, slot: int) -> float:
        return self.top + slot * self.pitch

    def baseline(self, slot: int, size: float) -> float:
        """Baseline of text of `size` centred in grid slot `slot`."""
        return self.slot_top(slot) + (self.pitch - size) / 2 + size * ASCENT

    @property
    def right(self) -> float:
        return self.left + self.width


def page_frame(style: Style, verso: bool) -> PageFrame:
    """The text block of a verso (even, spine on the right) or recto page."""
    g = style.page
    left = g.outer if verso else g.inner
    xs = tuple(left + i * (g.column_width + g.gutter) for i in range(g.columns))
    return PageFrame(left, g.top, g.text_width, g.text_height, xs, g.column_width, style.grid.pitch, style.grid.lines)
