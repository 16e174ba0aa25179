"""The cover: title (and a rule, and the subtitle) from `booklet.cover.top` down, organisation
and date standing on the foot of the text block. No running header and no folio."""

from __future__ import annotations

from paiban.booklet.setting import height, set_text, stack
from paiban.errors import Diagnostics
from paiban.layout.configs import ConfigFactory
from paiban.layout.geometry import PageFrame
from paiban.layout.result import Line, Page, Rule
from paiban.style.model import Style, TextStyle


def cover_page(info: dict[str, str], style: Style, factory: ConfigFactory, frame: PageFrame,
               diagnostics: Diagnostics) -> Page:
    """Page 1 of the booklet; `info` holds booklet, subtitle, organisation and date (may be empty)."""
    cover = style.booklet.cover
    lines: list[Line] = []
    rules: list[Rule] = []
    title = set_text(info["booklet"], cover.title, factory, frame.width, diagnostics)
    placed, y = stack(title, "cover-title", cover.title, frame.left, frame.top + cover.top)
    lines += placed
    if cover.rule > 0:
        y += cover.title.size * 0.6
        rules.append(Rule(frame.left, y, frame.right, y, cover.rule, cover.title.color))
    if info.get("subtitle"):
        sub = set_text(info["subtitle"], cover.subtitle, factory, frame.width, diagnostics)
        placed, y = stack(sub, "cover-subtitle", cover.subtitle, frame.left, y + cover.subtitle.size * 0.8)
        lines += placed
    foot = _foot(info, style, factory, frame, diagnostics)
    if foot and foot[0].y - foot[0].size < y:
        diagnostics.warn("the cover's title and its organisation and date overlap; "
                         "lower booklet.cover.top or shorten the title")
    lines += foot
    return Page(0, 1, style.page.width, style.page.height, tuple(lines), tuple(rules))


def _foot(info: dict[str, str], style: Style, factory: ConfigFactory, frame: PageFrame,
          diagnostics: Diagnostics) -> list[Line]:
    """Organisation over date, the last line's em box resting on the text block's foot."""
    cover = style.booklet.cover
    blocks = []
    for key, ts in (("organisation", cover.organisation), ("date", cover.date)):
        if info.get(key):
            blocks.append((key, ts, set_text(info[key], ts, factory, frame.width, diagnostics)))
    total = sum(height(cl, ts) for _, ts, cl in blocks) + sum(_gap(ts) for _, ts, _ in blocks[1:])
    y = frame.top + frame.height - total
    out: list[Line] = []
    for k, (key, ts, composed) in enumerate(blocks):
        if k:
            y += _gap(ts)
        placed, y = stack(composed, f"cover-{key}", ts, frame.left, y)
        out += placed
    return out


def _gap(ts: TextStyle) -> float:
    """Space above the date, in proportion to its size."""
    return ts.size * 0.6
