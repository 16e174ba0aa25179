"""Loading font metrics ahead of parallel composition.

Workers forked from a process that has the metrics in memory share them instead of each reading
them again; the fork server, when one is used, imports this module to load every bundled font.
"""

from __future__ import annotations

from paiban.errors import PaibanError
from paiban.style.model import Style, TextStyle
from paiban.text.fonts import font_table


def _text_styles(style: Style) -> list[TextStyle]:
    b = style.booklet
    return [style.body, style.strong, style.quote, *style.headings.values(), style.title_block.kicker,
            style.title_block.title, style.title_block.subtitle, style.title_block.author,
            style.header.style, style.folio.style, b.cover.title, b.cover.subtitle,
            b.cover.organisation, b.cover.date, b.contents.heading, b.contents.entry]


def warm_fonts(style: Style) -> None:
    """Load the metrics of every font the style names; errors are left to the layout to report."""
    table = font_table()
    for ts in _text_styles(style):
        for family in (ts.family, *ts.fallback):
            weights = table.families.get(family, {})
            try:
                table.metrics(family, ts.weight if ts.weight in weights else "regular")
            except PaibanError:
                pass  # reported, with its place, by the composer that needs the font


def warm_all_fonts() -> None:
    """Load the metrics of every bundled font (for a fork server, which serves any style)."""
    table = font_table()
    for family, weights in table.families.items():
        for weight in weights:
            try:
                table.metrics(family, weight)
            except PaibanError:
                pass
