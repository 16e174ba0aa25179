"""Lists as flow blocks: each paragraph of an item on the body grid with a hanging indent.

The marker of an item stands at its level's marker position and the item's text at the marker
position plus the widest marker of the list and the style's gap, so every line of the item,
not just the first, starts at the same x (the hanging indent a reader scans a list by). A
nested list puts its markers where the text of the item holding it starts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from paiban.compose.config import Where
from paiban.compose.line import ComposedLine
from paiban.compose.paragraph import compose_paragraph
from paiban.errors import Diagnostics
from paiban.flow.blocks import FlowBlock
from paiban.layout.configs import ConfigFactory
from paiban.layout.elements import NoteMarkers
from paiban.layout.result import GlyphRun
from paiban.model.article import BlockQuote, ListBlock, ListItem, Paragraph, Run
from paiban.style.model import ListStyle, Style, TextStyle
from paiban.style.numbering import parse_format


def marker_text(lists: ListStyle, block: ListBlock, level: int, number: int, item: ListItem) -> str:
    """The marker of an item: a task box, the level's bullet, or its number in the level's style.
    Levels deeper than the style names repeat its last entry."""
    if item.task:
        return lists.tasks[min(1 if item.task == "done" else 0, len(lists.tasks) - 1)]
    if not block.ordered:
        return lists.bullets[min(level, len(lists.bullets) - 1)]
    written = lists.numbers[min(level, len(lists.numbers) - 1)]
    found = parse_format(written)
    return found.marker(number) if found else f"{number}."


_BLANK_AFTER = frozenset("）〕】」』、。．，")
"""Full-width marks ending a marker whose right half is blank: the gap to the text starts
at the mark's ink, as 公文 set （一） and 一、 right against their text."""


@dataclass
class _Lists:
    """What setting one top-level list needs, and the flow blocks made so far."""

    style: Style
    factory: ConfigFactory
    markers: NoteMarkers
    diagnostics: Diagnostics
    index: int  # the article block index of the list
    out: list[FlowBlock]
    text: TextStyle  # the body's, or the quote's for a list quoted in a block quote
    role: str = "list"
    right: float = 0.0  # blank kept at the right of the column (a quote's right inset)

    def where(self, source) -> Where:
        return Where(source, self.diagnostics)

    def marker_runs(self, text: str, source) -> tuple[tuple[GlyphRun, ...], float]:
        """A marker set in the list's text style, and its width."""
        cfg = self.factory.make(self.text, self.style.page.column_width, align="left", indent=0.0)
        lines = compose_paragraph((Run(text),), cfg, self.where(source))
        if not lines:
            return (), 0.0
        width = lines[0].natural
        if text[-1] in _BLANK_AFTER:  # （一） 一、: the mark's blank half is the space before the text
            width -= self.text.size / 2
        return lines[0].runs, width


def list_blocks(block: ListBlock, index: int, style: Style, factory: ConfigFactory,
                markers: NoteMarkers, diagnostics: Diagnostics, quoted: bool = False) -> list[FlowBlock]:
    """The flow blocks of a list: one for each paragraph of each item, nested lists included.
    A `quoted` list (in a block quote) is set in the quote's type within its insets, its markers
    the style's as in any other list."""
    if quoted:
        ctx = _Lists(style, factory, markers, diagnostics, index, [], style.quote, "quote", style.quote.right)
        _set_list(ctx, block, 0, style.quote.left + style.lists.indent)
    else:
        ctx = _Lists(style, factory, markers, diagnostics, index, [], style.body)
        _set_list(ctx, block, 0, style.lists.indent)
    return ctx.out


def _set_list(ctx: _Lists, block: ListBlock, level: int, marker_x: float) -> None:
    lists = ctx.style.lists
    texts = [marker_text(lists, block, level, n, item) for n, item in enumerate(block.items, block.start)]
    set_markers = [ctx.marker_runs(text, item.source) for text, item in zip(texts, block.items)]
    widest = max((width for _, width in set_markers), default=0.0)
    text_x = marker_x + widest + lists.gap
    # Deep nesting stops indenting once the text would be narrower than half the column.
    text_x = min(text_x, (ctx.style.page.column_width - ctx.right) / 2)
    for k, (item, (runs, _)) in enumerate(zip(block.items, set_markers)):
        before = 1 if block.loose and k > 0 else 0
        _set_item(ctx, item, level, min(marker_x, text_x), text_x, runs, before)


def _set_item(ctx: _Lists, item: ListItem, level: int, marker_x: float, text_x: float,
              marker: tuple[GlyphRun, ...], before: int) -> None:
    style = ctx.style
    width = style.page.column_width - ctx.right
    for k, child in enumerate(item.blocks):
        if isinstance(child, ListBlock):
            _set_list(ctx, child, level + 1, text_x)
            continue
        if isinstance(child, BlockQuote):
            inner = replace(ctx, text=style.quote, role="quote")
            for para in child.paragraphs:
                if isinstance(para, ListBlock):  # a list quoted inside an item: under the quote's inset
                    _set_list(inner, para, level + 1, text_x + style.quote.left + style.lists.indent)
                    continue
                _add(ctx, para, "quote", ctx.factory.make(style.quote, width - text_x), text_x + style.quote.left, 0)
            continue
        cfg = ctx.factory.make(ctx.text, width - text_x, indent=0.0)
        lines = _add(ctx, child, ctx.role, cfg, text_x, before if k == 0 else 0)
        if k == 0 and lines:
            moved = tuple(r.moved(marker_x - text_x, 0.0) for r in marker)
            ctx.out[-lines] = _with_marker(ctx.out[-lines], moved)


def _add(ctx: _Lists, para: Paragraph, role: str, cfg, inset: float, before: int) -> int:
    """Set one paragraph as a flow block; returns 1 when it set any line, else 0."""
    lines = compose_paragraph(ctx.markers.apply(para.runs), cfg, ctx.where(para.source))
    if not lines:
        return 0
    size = ctx.style.quote.size if role == "quote" else ctx.text.size
    ctx.out.append(FlowBlock(role, tuple(lines), ctx.index, before, 0, inset=inset, size=size,
                             source_index=len(ctx.out)))
    return 1


def _with_marker(block: FlowBlock, marker: tuple[GlyphRun, ...]) -> FlowBlock:
    first: ComposedLine = block.lines[0]
    lines = (replace(first, runs=marker + first.runs), *block.lines[1:])
    return replace(block, lines=lines)
