"""Bands: filled areas of the page furniture that run off the trim into the bleed.

A band is what makes bleed visible on a text page: a coloured strip behind the running header,
reaching the top and both side edges. It is laid out to the trim edge and flagged with the edges it
runs off; the print writer carries it into the bleed.
"""

from __future__ import annotations

from paiban.layout.geometry import PageFrame
from paiban.layout.result import Fill
from paiban.style.model import Style


def header_band(style: Style, frame: PageFrame, index: int) -> tuple[Fill, ...]:
    """The header band of one page: from the top edge down to the header rule, edge to edge.

    Only pages that carry a running header get the band, so it never stands alone over a title
    page that has no header.
    """
    header = style.header
    if header.band is None or (index == 0 and not header.first_page):
        return ()
    bottom = frame.top - header.offset + header.rule_gap
    if bottom <= 0:
        return ()
    return (Fill(0.0, 0.0, style.page.width, bottom, header.band, ("top", "left", "right")),)
