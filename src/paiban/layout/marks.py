"""The emphasis dots, strike-through rules and link boxes of set lines, as page elements.

The composer says where along a line they go; their height and size are decided here, from
the line's baseline and text size, so that the writer only draws what it is given.
"""

from __future__ import annotations

from collections.abc import Iterable

from paiban.layout.result import Dot, Line, Link, Rule

DOT_DROP = 0.3
"""Emphasis dot centre below the baseline, in em: under the em box (which ends 0.12 em below
the baseline) with a little air, clear of the line below on any grid paiban sets."""
DOT_RADIUS = 0.075
"""Emphasis dot radius, in em (a 1.6 pt dot under 五号 text)."""
STRIKE_RISE = 0.35
"""Strike-through height above the baseline, in em: the middle of a Han character's em box."""
STRIKE_WEIGHT = 0.05
"""Strike-through rule weight, in em."""


def line_marks(lines: Iterable[Line]) -> tuple[tuple[Dot, ...], list[Rule], tuple[Link, ...]]:
    """The dots, rules and link boxes of every line that has any, in the colour of its text."""
    dots: list[Dot] = []
    rules: list[Rule] = []
    links: list[Link] = []
    for line in lines:
        if not (line.dots or line.strikes or line.links):
            continue
        color = line.runs[0].color
        size = line.size or line.runs[0].size
        dots.extend(Dot(x, line.y + DOT_DROP * size, DOT_RADIUS * size, color) for x in line.dots)
        y = line.y - STRIKE_RISE * size
        rules.extend(Rule(x0, y, x1, y, STRIKE_WEIGHT * size, color) for x0, x1 in line.strikes)
        top, bottom = line.y - 0.88 * size, line.y + 0.12 * size  # the em box
        links.extend(Link(x0, top, x1, bottom, url) for x0, x1, url in line.links)
    return tuple(dots), rules, tuple(links)
