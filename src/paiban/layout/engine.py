"""The layout driver: article + style → LayoutDocument.

Stages, each testable alone: compose every block into lines (`paiban.compose`), distribute the
lines into the columns of successive pages on the baseline grid (`paiban.flow`), then dress each
page with its title block, running header and folio (`paiban.layout.furniture`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from paiban.compose.config import ParagraphConfig, Where
from paiban.compose.headings import compose_heading
from paiban.compose.paragraph import compose_paragraph
from paiban.errors import Diagnostic, Diagnostics
from paiban.compose.alternatives import ParagraphAlternatives
from paiban.flow.blocks import Blocks, FlowBlock, LazyBlocks, with_chosen
from paiban.flow.distribute import Placement, Rules
from paiban.flow.floats import FlowState, PageFill
from paiban.flow.lookahead import set_page
from paiban.layout.bands import header_band
from paiban.layout.configs import ConfigFactory
from paiban.layout.elements import (
    NoteMarkers,
    end_line_block,
    lead_frame,
    lead_lines,
    note_blocks,
    ornament_block,
    place_pullquote,
    pullquote_block,
)
from paiban.layout.links import set_links
from paiban.layout.marks import line_marks
from paiban.layout.furniture import page_furniture, shift_title, title_block
from paiban.layout.geometry import PageFrame, page_frame
from paiban.layout.result import Frame, Image, LayoutDocument, Line, OutlineEntry, Page, Rule
from paiban.layout.safezone import warn_unsafe_text
from paiban.model.article import (Article, BlockQuote, CodeBlock, EndLine, Figure, Heading, ListBlock, Paragraph,
                                  PullQuote, SectionBreak, Table)
from paiban.style.model import Style
from paiban.text.fonts import FontTable, style_font_table

if TYPE_CHECKING:
    from paiban.layout.figures import FigureBox
    from paiban.layout.tables import WideTable

# Figures, tables, lists and code blocks are set by modules imported where such a block is met,
# so that an article without them does not pay for loading them (tests/test_architecture.py).


@dataclass(eq=False)
class _Context:
    article: Article
    style: Style
    factory: ConfigFactory
    diagnostics: Diagnostics
    figures: dict[int, FigureBox | tuple[WideTable, ...]] = field(default_factory=dict)  # block index → figure
    # or the parts of a page-wide table
    fields: Mapping[str, str] = field(default_factory=dict)  # extra running-header fields
    title: tuple | None = None  # the title block (lines, rules, frame), set before the first page


def compose_blocks(ctx: _Context) -> list[FlowBlock]:
    """Compose every article block at the column width."""
    return list(iter_blocks(ctx))


@dataclass(frozen=True, eq=False)
class _Settings:
    """Composer settings every block of an article shares."""

    body: ParagraphConfig
    quote: ParagraphConfig
    markers: NoteMarkers


def iter_blocks(ctx: _Context) -> Iterator[FlowBlock]:
    """The article's flow blocks in reading order, each composed only when asked for.

    End notes go before the closing editor line(s). Those lines are composed before the notes,
    so that warnings come in the same order whether the blocks are composed up front or lazily.
    Blocks that came out empty (no lines, not a float) are left out.
    """
    style = ctx.style
    width = style.page.column_width
    settings = _Settings(ctx.factory.make(style.body, width), ctx.factory.make(style.quote, width),
                         NoteMarkers.of(ctx.article, style))
    blocks = ctx.article.blocks
    tail = _closing_editor_lines(blocks)
    for index in range(tail):
        yield from _kept(_compose_block(ctx, blocks[index], index, settings))
    closing = [b for index in range(tail, len(blocks)) for b in _compose_block(ctx, blocks[index], index, settings)]
    notes = note_blocks(ctx.article, style, ctx.factory, settings.markers, ctx.diagnostics, len(blocks))
    yield from _kept(notes + closing)


def _kept(blocks: list[FlowBlock]) -> list[FlowBlock]:
    return [b for b in blocks if b.lines or b.is_float]


def _closing_editor_lines(blocks: Sequence[object]) -> int:
    """Where the run of 责任编辑 lines closing the article starts (block quotes without
    paragraphs, which set nothing, do not break the run)."""
    at = len(blocks)
    while at > 0:
        block = blocks[at - 1]
        if isinstance(block, EndLine) and block.kind == "editor":
            at -= 1
        elif isinstance(block, BlockQuote) and not block.paragraphs:
            at -= 1
        else:
            break
    while at < len(blocks) and isinstance(blocks[at], BlockQuote):
        at += 1  # an empty quote before the run sets nothing: the run starts after it
    return at


def _compose_block(ctx: _Context, block: object, index: int, settings: _Settings) -> list[FlowBlock]:
    """The flow blocks of one article block (a block quote gives one per paragraph)."""
    style = ctx.style
    width = style.page.column_width
    where = Where(block.source, ctx.diagnostics)
    if isinstance(block, (Figure, PullQuote, EndLine)):
        return [_element_block(ctx, block, index)]
    if isinstance(block, SectionBreak):
        return [ornament_block(block, index, style, ctx.factory, ctx.diagnostics)]
    if isinstance(block, ListBlock):
        from paiban.layout.lists import list_blocks

        return list_blocks(block, index, style, ctx.factory, settings.markers, ctx.diagnostics)
    if isinstance(block, CodeBlock):
        from paiban.layout.code import code_blocks

        return code_blocks(block, index, style, ctx.factory, ctx.diagnostics)
    if isinstance(block, Table):
        from paiban.layout.tables import table_blocks, table_number

        number = table_number(ctx.article.blocks, index)
        flow, wide = table_blocks(block, index, number, style, ctx.factory, ctx.diagnostics)
        if wide is not None:
            ctx.figures[index] = wide  # its parts, placed with the page-wide floats
        return flow
    if isinstance(block, Paragraph):
        runs = settings.markers.apply(block.runs)
        lines = compose_paragraph(runs, settings.body, where)
        return [FlowBlock("body", tuple(lines), index, size=style.body.size,
                          alternatives=ParagraphAlternatives(runs, settings.body, block.source))]
    if isinstance(block, Heading):
        hs = style.headings.get(block.level) or style.headings[max(style.headings)]
        lines = compose_heading(block.runs, ctx.factory.make(hs, width), where)
        return [FlowBlock("heading", tuple(lines), index, hs.space_before, hs.space_after,
                          keep_together=True, keep_with_next=style.heading_keep, size=hs.size, level=block.level)]
    if isinstance(block, BlockQuote):
        out = []
        for k, para in enumerate(block.paragraphs):
            if isinstance(para, ListBlock):  # a quoted list: the style's markers, in the quote's type
                from paiban.layout.lists import list_blocks

                out.extend(list_blocks(para, index, style, ctx.factory, settings.markers, ctx.diagnostics,
                                       quoted=True))
                continue
            runs = settings.markers.apply(para.runs)
            lines = compose_paragraph(runs, settings.quote, Where(para.source or block.source, ctx.diagnostics))
            out.append(FlowBlock("quote", tuple(lines), index, inset=style.quote.left, size=style.quote.size,
                                 alternatives=ParagraphAlternatives(runs, settings.quote,
                                                                    para.source or block.source)))
        out = [dataclasses.replace(b, source_index=k) for k, b in enumerate(out)]
        if out:
            out[0] = dataclasses.replace(out[0], space_before=style.quote.space_before)
            out[-1] = dataclasses.replace(out[-1], space_after=style.quote.space_after)
        return out
    return []


def _element_block(ctx: _Context, block: Figure | PullQuote | EndLine, index: int) -> FlowBlock:
    """The flow block of a figure, pull quote or end line."""
    if isinstance(block, PullQuote):
        return pullquote_block(block, index, ctx.style, ctx.factory, ctx.diagnostics)
    if isinstance(block, EndLine):
        return end_line_block(block, index, ctx.style, ctx.factory, ctx.diagnostics)
    from paiban.layout.figures import FigureContext, compose_figure, figure_flow_block

    number = 1 + sum(isinstance(b, Figure) for b in ctx.article.blocks[:index])
    figure_ctx = FigureContext(ctx.article, ctx.style, ctx.factory, ctx.diagnostics)
    box = compose_figure(block, index, number, figure_ctx)
    ctx.figures[index] = box
    return figure_flow_block(block, box, ctx.style)


def _column_lines(blocks: Blocks, columns: list[list[Placement]], frame: PageFrame, offset: int) -> list[Line]:
    lines = []
    for c, placed in enumerate(columns):
        for p in placed:
            block = blocks[p.block]
            cl = block.lines[p.line] if p.line >= 0 else block.head[-1 - p.line]
            if not cl.runs:
                continue  # a slot kept free (a pull quote's rule)
            x = frame.column_xs[c] + block.inset
            label = p.line < 0 and -1 - p.line < block.head_label  # 续表N above a header set again
            size = block.label_size if label else block.size
            y = frame.baseline(p.slot + offset, size) + p.shift * frame.pitch
            runs = tuple(r.moved(x, y) for r in cl.runs)
            role = block.role if p.line >= 0 else "table-caption" if label else "table-head"
            lines.append(
                Line(role, runs, x, y, cl.width, c, block.block, cl.first, cl.last, cl.justified, cl.pushed,
                     size, x + cl.filled, tuple(x + d for d in cl.dots),
                     tuple((x + a, x + b) for a, b in cl.strikes), tuple((x + a, x + b, u) for a, b, u in cl.links))
            )
    return lines


def _heading_title(block: FlowBlock) -> tuple[int, str]:
    """A heading's level and its text, all its lines."""
    return block.level, "".join(ln.text for ln in block.lines)


def _first_needed(state: FlowState) -> int:
    """The first flow block the flow can still read after a page: the one it stands in, or the
    oldest float still waiting."""
    return min((state.cursor.block, *state.pending, *state.pending_page))


def _page_outline(page: Page, titles: Mapping[int, tuple[int, str]],
                  seen: Mapping[int, object]) -> list[OutlineEntry]:
    """Outline entries of the headings that start on this page (`seen`: headings met on earlier
    pages)."""
    entries = []
    met: set[int] = set()
    for line in page.lines:
        if line.role == "heading" and line.block not in seen and line.block not in met:
            met.add(line.block)
            level, title = titles[line.block]
            entries.append(OutlineEntry(level, title, page.index, line.y))
    return entries


#: The pages' fills of one composed article in one style, by where each page's flow starts (flow
#: state, column capacities): a booklet counts an article's pages, then places them on folios it
#: planned from the counts, and the second flow meets the first's pages again. A page's fill
#: depends on nothing else, so a page of the other parity with the same capacities fills alike.
FlowMemo = dict


def _flow(ctx: _Context, blocks: Blocks, memo: FlowMemo | None = None):
    """The pages' flow, one page at a time: (where it starts, lead lines, what fills it).

    Separate from dressing the pages, so that counting an article's pages (a booklet plans its
    folios from the counts) costs only the flow; `memo` keeps the fills for the placing.
    """
    style = ctx.style
    rules = Rules(style.widows, style.orphans, style.balance_min_lines)
    state = FlowState()
    meta = ctx.article.meta
    first_frame = page_frame(style, verso=meta.first_page % 2 == 0)
    if ctx.title is None:  # set once: a long title may take more grid lines than the style gives it
        ctx.title = title_block(ctx.article, style, ctx.factory, first_frame, ctx.diagnostics)
    title_slots = round(ctx.title[2].height / first_frame.pitch)
    index = 0
    while True:
        number = meta.first_page + index
        frame = page_frame(style, verso=number % 2 == 0)
        lead: list[Line] = []
        top = 0
        if index == 0:
            lead, lead_slots = lead_lines(ctx.article, style, ctx.factory, frame, title_slots, ctx.diagnostics)
            top = min(title_slots + lead_slots, frame.lines)
        capacity = [frame.lines - top] * style.page.columns
        following = [page_frame(style, verso=(number + 1) % 2 == 0).lines] * style.page.columns
        key = (state, tuple(capacity), tuple(following))
        fill = memo.get(key) if memo is not None else None
        if fill is None:
            fill = set_page(blocks, state, capacity, rules, style.balance, following)
            if memo is not None:
                memo[key] = fill
        if not (any(fill.columns) or fill.spots or fill.page_spots) and not fill.state.done(blocks) and top == 0:
            # the flow always places something at the top of an empty column: a bug, not bad input,
            # and looping on would never end
            raise RuntimeError(f"nothing could be placed on page {number}, which has room for {frame.lines} lines")
        state = fill.state
        yield _Slots(frame, index, number, top), lead, fill
        if state.done(blocks):
            return
        index += 1


def count_pages(composed: "ComposedArticle", style: Style, fonts: FontTable | None = None,
                flows: FlowMemo | None = None) -> int:
    """How many pages a composed article takes (no folio changes that), without dressing them;
    the fills are kept in `flows` for placing the article in the same style afterwards."""
    factory = ConfigFactory.of(style, fonts or style_font_table(style.fonts))
    ctx = _Context(composed.article, style, factory, Diagnostics(), dict(composed.figures), title=composed.title)
    return sum(1 for _ in _flow(ctx, list(composed.blocks), flows))


@dataclass(frozen=True, slots=True, eq=False)
class _Slots:
    """Where a page's flow starts: its frame, its place in the document, the slots above it."""

    frame: PageFrame
    index: int
    number: int
    top: int  # grid slots taken by the title block and lead (first page only)


def _make_page(ctx: _Context, blocks: Blocks, fill: PageFill, at: _Slots,
               lead: list[Line]) -> Page:
    """Dress one page of flow: column lines, figures, pull-quote rules, furniture."""
    style, frame, top, index = ctx.style, at.frame, at.top, at.index
    blocks = with_chosen(blocks, fill.chosen)  # paragraphs make-up set a line shorter or longer
    offset = top + fill.top
    lines = _column_lines(blocks, fill.columns, frame, offset)
    drawn = _floats(ctx, blocks, fill, frame, (top, offset))
    figure_lines, images, figure_frames, float_rules = drawn
    frames = [Frame("column", x, frame.slot_top(top), frame.column_width, (frame.lines - top) * frame.pitch, c)
              for c, x in enumerate(frame.column_xs)]
    extra_lines, rules_, extra_frames = page_furniture(ctx.article, style, ctx.factory, frame, at.number, index,
                                                       ctx.fields, ctx.diagnostics)
    if index == 0:
        t_lines, t_rules, t_frame = ctx.title  # set on the first page's frame, which is this one
        extra_lines = t_lines + extra_lines
        rules_ = t_rules + rules_
        extra_frames = [t_frame, *extra_frames]
        if lead:
            extra_frames.append(lead_frame(lead, frame, round(t_frame.height / frame.pitch)))
    rules_ = rules_ + float_rules + _table_rules(blocks, fill.columns, frame, offset, style)
    grid = tuple(frame.baseline(s, style.body.size) for s in range(frame.lines))
    body = _reading_order(lead, lines, figure_lines, frame.slot_top(offset))
    dots, strikes, links = line_marks(lines + figure_lines)
    return Page(index, at.number, style.page.width, style.page.height, tuple(_order(extra_lines, body)),
                tuple(rules_ + strikes), tuple(extra_frames + frames + figure_frames), grid, tuple(images),
                header_band(style, frame, index), dots, links)


def _table_rules(blocks: Blocks, columns: list[list[Placement]], frame: PageFrame, offset: int,
                 style: Style) -> list[Rule]:
    """The rules of the tables set in this page's columns; none (and no table module) without one."""
    if not any(blocks[p.block].role.startswith("table") for placed in columns for p in placed):
        return []
    from paiban.layout.tables import table_rules

    return table_rules(blocks, columns, frame, offset, style)


def _floats(ctx: _Context, blocks: Blocks, fill: PageFill, frame: PageFrame,
            tops: tuple[int, int]) -> tuple[list[Line], list[Image], list[Frame], list[Rule]]:
    """What the floats the flow put on this page draw: figures (images, credit and caption
    lines, frames) and pull quotes (lines and rules).

    `tops` are the slots above the text area (title block, lead) and above the columns."""
    top, offset = tops
    lines: list[Line] = []
    images: list[Image] = []
    frames: list[Frame] = []
    rules: list[Rule] = []
    for spot in fill.page_spots + fill.spots:
        block = blocks[spot.block]
        if block.role == "pullquote":
            slot = offset + spot.slot
            quote_lines, quote_rules = place_pullquote(block, frame, spot.column, slot, ctx.style)
            lines.extend(quote_lines)
            rules.extend(quote_rules)
            continue
        if block.role == "table-wide":
            from paiban.layout.tables import place_wide_table

            part = ctx.figures[block.block][block.source_index]
            table_lines, table_rules_ = place_wide_table(block, part, frame, top + spot.slot, ctx.style)
            lines.extend(table_lines)
            rules.extend(table_rules_)
            continue
        box = ctx.figures[block.block]
        if spot.column < 0:
            x, y = frame.left, frame.slot_top(top + spot.slot)
        else:
            x, y = frame.column_xs[spot.column], frame.slot_top(offset + spot.slot)
        from paiban.layout.figures import place_figure

        image, placed = place_figure(box, x, y, spot.column)
        images.append(image)
        lines.extend(placed)
        frames.append(Frame("figure", x, y, box.width, box.slots * frame.pitch, box.block))
    return lines, images, frames, rules


def _reading_order(lead: list[Line], columns: list[Line], figures: list[Line],
                   column_top: float) -> list[Line]:
    """Lead, captions of page-wide figures above the columns, the columns left to right (with
    their figures' captions where they stand), then captions of page-wide figures below."""
    above = [ln for ln in figures if ln.column < 0 and ln.y < column_top]
    below = [ln for ln in figures if ln.column < 0 and ln.y >= column_top]
    inside = columns + [ln for ln in figures if ln.column >= 0]
    inside.sort(key=lambda ln: (ln.column, ln.y))
    return lead + above + inside + below


def _note_heading_columns(page: Page, columns: dict[int, set[tuple[int, int]]]) -> None:
    """Record the (page, column) places of each heading's lines, to find split headings."""
    for line in page.lines:
        if line.role == "heading":
            columns.setdefault(line.block, set()).add((page.index, line.column))


def _warn_split_headings(columns: Mapping[int, set[tuple[int, int]]], article: Article,
                         diagnostics: Diagnostics) -> None:
    """A heading is kept whole unless it is taller than a column; say when it was not."""
    for index, where in columns.items():
        if len(where) > 1:
            heading = article.blocks[index]
            diagnostics.warn(f"the heading '{heading.text}' is taller than the room in a column and was split "
                             "across columns", heading.source)


def _order(furniture: list[Line], body: list[Line]) -> list[Line]:
    """Reading order on the page: header, title block, columns left to right, folio."""
    head = [ln for ln in furniture if ln.role == "header"]
    title = [ln for ln in furniture if ln.role in ("kicker", "title", "subtitle", "author")]
    foot = [ln for ln in furniture if ln.role == "folio"]
    return head + title + body + foot


@dataclass(frozen=True, eq=False)
class ComposedArticle:
    """An article set into lines at the column width, not yet placed on pages.

    Composition is the costly half of a layout and does not depend on page numbers, so a booklet
    composes its articles in worker processes and places them once their folios are known. It is
    plain frozen data, so it crosses a process boundary by pickling.
    """

    article: Article
    blocks: tuple[FlowBlock, ...]
    figures: dict[int, FigureBox | tuple[WideTable, ...]]  # article block index → composed figure
    fonts: dict[str, str]  # font key → file, of every font composition used
    substitutions: dict[str, dict[int, int]]
    warnings: tuple[Diagnostic, ...]
    title: tuple | None = None  # the title block (lines, rules, frame) set on a page of this parity
    title_verso: bool = True  # the parity it was set for: its x positions hold for that side only


def compose_article(article: Article, style: Style, fonts: FontTable | None = None) -> ComposedArticle:
    """Set every block of an article into lines (the page-independent half of `layout_article`)."""
    diagnostics = Diagnostics()
    factory = ConfigFactory.of(style, fonts or style_font_table(style.fonts))
    article = set_links(article, style.links)
    ctx = _Context(article, style, factory, diagnostics)
    blocks = compose_blocks(ctx)
    # The title block is set once here: counting pages needs its height, placing its lines
    # (moved sideways when the article lands on a page of the other side).
    verso = article.meta.first_page % 2 == 0
    title = title_block(article, style, factory, page_frame(style, verso=verso), diagnostics)
    used = factory.used
    return ComposedArticle(
        article, tuple(blocks), dict(ctx.figures),
        {name: m.path for name, m in used.items()},
        {name: dict(m.substitutions) for name, m in used.items() if m.substitutions},
        tuple(diagnostics), title, verso,
    )


class PageStream:
    """The pages of a composed article, dressed one at a time, with what a writer needs gathered
    along the way.

    A writer that draws each page as it comes and lets it go keeps memory flat however long the
    article is: only the composed article, the fonts and the finished PDF streams stay. Iterate
    once; after that `document()` gives the rest of the layout (fonts, outline, warnings).
    """

    def __init__(self, composed: ComposedArticle, style: Style, fonts: FontTable | None = None,
                 first_page: int | None = None, fields: Mapping[str, str] | None = None,
                 flows: FlowMemo | None = None) -> None:
        self._setup(composed.article, style, fonts, first_page, fields, composed)
        self._flows = flows
        self._blocks: list[FlowBlock] | LazyBlocks = list(composed.blocks)
        self._titles = {b.block: _heading_title(b) for b in composed.blocks if b.role == "heading"}

    @classmethod
    def composing(cls, article: Article, style: Style, fonts: FontTable | None = None) -> PageStream:
        """Pages of an article whose blocks are composed as the flow reaches them and let go
        once placed, so that neither the composed lines nor the pages pile up.

        The pages, and the warnings in their order, are those of composing up front."""
        stream = cls.__new__(cls)
        stream._setup(article, style, fonts, None, None, None)
        stream._flows = None
        # Composition warnings are kept apart: up front they all come before the pages' own.
        composing = dataclasses.replace(stream._ctx, diagnostics=stream._composing)
        stream._titles = {}
        stream._blocks = LazyBlocks(stream._noting_headings(iter_blocks(composing)))
        stream._blocks.reaches(0)  # the body fonts take their keys first, as when composing up front
        return stream

    def _setup(self, article: Article, style: Style, fonts: FontTable | None, first_page: int | None,
               fields: Mapping[str, str] | None, composed: ComposedArticle | None) -> None:
        if first_page is not None:
            article = dataclasses.replace(article, meta=dataclasses.replace(article.meta, first_page=first_page))
        if composed is None:  # (a composed article had its links set when it was composed)
            article = set_links(article, style.links)
        self.article = article
        self._composed_fonts = dict(composed.fonts) if composed else {}
        self._composed_substitutions = dict(composed.substitutions) if composed else {}
        self._composing = Diagnostics(list(composed.warnings) if composed else [])
        self._diagnostics = Diagnostics()
        factory = ConfigFactory.of(style, fonts or style_font_table(style.fonts))
        if composed is not None:
            factory.adopt(composed.fonts)
        figures = dict(composed.figures) if composed else {}
        self._ctx = _Context(article, style, factory, self._diagnostics, figures, dict(fields or {}))
        if composed is not None and composed.title is not None:  # set once, when composed
            verso = article.meta.first_page % 2 == 0
            dx = page_frame(style, verso).left - page_frame(style, composed.title_verso).left
            self._ctx.title = shift_title(composed.title, dx)
        self._heading_columns: dict[int, set[tuple[int, int]]] = {}
        self._outline: list[OutlineEntry] = []
        self._drawn: set[str] = set()
        self._unsafe_edges: set[str] = set()  # trim edges already warned about
        self.page_count = 0

    def _noting_headings(self, blocks: Iterator[FlowBlock]) -> Iterator[FlowBlock]:
        """Pass blocks through, keeping each heading's level and text for the outline."""
        for block in blocks:
            if block.role == "heading":
                self._titles[block.block] = _heading_title(block)
            yield block

    def __iter__(self) -> Iterator[Page]:
        for at, lead, fill in _flow(self._ctx, self._blocks, self._flows):
            page = _make_page(self._ctx, self._blocks, fill, at, lead)
            self._note(page)
            if isinstance(self._blocks, LazyBlocks):
                self._blocks.release_before(_first_needed(fill.state))
            yield page
        _warn_split_headings(self._heading_columns, self.article, self._diagnostics)

    def _note(self, page: Page) -> None:
        """Keep what the document needs of a page once it is gone: outline entries, the columns
        headings fell in, the fonts drawn."""
        if page.index == 0 and self.article.meta.title:
            title = self.article.meta.joined_title(self._ctx.style.title_block.separator)
            self._outline.append(OutlineEntry(1, title, 0, 0.0))
        self._outline.extend(_page_outline(page, self._titles, self._heading_columns))
        _note_heading_columns(page, self._heading_columns)
        self._drawn.update(run.font for line in page.lines for run in line.runs)
        warn_unsafe_text(page, self._ctx.style.print.safe_margin, self._unsafe_edges, self._diagnostics)
        self.page_count += 1

    def font_files(self) -> dict[str, str]:
        """Font key → file of every font used so far (composition and furniture)."""
        used = self._ctx.factory.used
        return {**self._composed_fonts, **{name: m.path for name, m in used.items()}}

    def substitutions(self) -> dict[str, dict[int, int]]:
        """Font key → glyph substitutions, of every font used so far."""
        used = self._ctx.factory.used
        return {**self._composed_substitutions,
                **{name: dict(m.substitutions) for name, m in used.items() if m.substitutions}}

    def outline_after(self, start: int) -> list[OutlineEntry]:
        """Outline entries from the `start`th on: a writer takes each page's as it draws it."""
        return self._outline[start:]

    def document(self, pages: tuple[Page, ...] = ()) -> LayoutDocument:
        """The layout document of the pages streamed (`pages` as kept by the caller, if any)."""
        article = self.article
        # Embed only the fonts something is drawn with (a fallback that was never needed stays out).
        drawn = self._drawn
        return LayoutDocument(
            pages=pages,
            fonts={name: path for name, path in sorted(self.font_files().items()) if name in drawn},
            substitutions={name: subs for name, subs in sorted(self.substitutions().items()) if name in drawn},
            title=article.meta.joined_title(self._ctx.style.title_block.separator),
            author=article.meta.author or "",
            subject=" ".join(x for x in (article.meta.publication, article.meta.issue) if x),
            outline=tuple(self._outline),
            # once each: headers repeat on every page
            warnings=tuple(dict.fromkeys([*self._composing, *self._diagnostics])),
        )


def place_article(composed: ComposedArticle, style: Style, fonts: FontTable | None = None,
                  first_page: int | None = None, fields: Mapping[str, str] | None = None,
                  flows: FlowMemo | None = None) -> LayoutDocument:
    """Put a composed article on pages, from folio `first_page` (default: its front matter's).

    `fields` adds fields to the running-header templates (a booklet's {booklet}, {date}…);
    `flows`, those `count_pages` kept of the same article in the same style.
    """
    stream = PageStream(composed, style, fonts, first_page, fields, flows)
    pages = tuple(stream)
    return stream.document(pages)


def layout_article(article: Article, style: Style, fonts: FontTable | None = None) -> LayoutDocument:
    """Lay out one article in one style."""
    return place_article(compose_article(article, style, fonts), style, fonts)
