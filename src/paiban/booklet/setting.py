"""Setting short texts (cover lines, contents entries) with the body composer, and stacking them.

The front pages use the same composer as the articles, so their punctuation and line breaking
follow the same clreq rules as the body.
"""

from __future__ import annotations

from paiban.compose.config import Where
from paiban.compose.line import ComposedLine
from paiban.compose.paragraph import compose_paragraph
from paiban.errors import Diagnostics
from paiban.layout.configs import ConfigFactory
from paiban.layout.geometry import ASCENT
from paiban.layout.result import Line
from paiban.model.article import Run
from paiban.style.model import TextStyle


def set_text(text: str, ts: TextStyle, factory: ConfigFactory, width: float, diagnostics: Diagnostics,
             align: str | None = None) -> list[ComposedLine]:
    """Lines of `text` at measure `width`, without a first-line indent."""
    cfg = factory.make(ts, width, align=align or ts.align, indent=0.0)
    return compose_paragraph((Run(text),), cfg, Where(None, diagnostics))


def leading(ts: TextStyle) -> float:
    """Baseline-to-baseline distance of a text style's own lines."""
    return ts.leading or ts.size * 1.3


def stack(lines: list[ComposedLine], role: str, ts: TextStyle, x: float, top: float) -> tuple[list[Line], float]:
    """Place lines from `top` down; returns them and the y of the last line's em-box bottom."""
    out = []
    for k, cl in enumerate(lines):
        y = top + ts.size * ASCENT + k * leading(ts)
        out.append(Line(role, tuple(r.moved(x, y) for r in cl.runs), x, y, cl.width,
                        first=k == 0, last=k == len(lines) - 1, size=ts.size))
    return out, top + ts.size + (len(lines) - 1) * leading(ts) if lines else top


def height(lines: list[ComposedLine], ts: TextStyle) -> float:
    """Height `stack` gives these lines: first em-box top to last em-box bottom."""
    return ts.size + (len(lines) - 1) * leading(ts) if lines else 0.0
