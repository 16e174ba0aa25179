"""The layout driver: article + style → LayoutDocument.

Stages, each testable alone: compose every block into lines (`paiban.compose`), distribute the
lines into the columns of successive pages on the baseline grid (`paiban.flow`), then dress each
page with its title block, running header and folio (`paiban.layout.furniture`).
"""

from __future__ import annotations

from dataclasses import dataclass

from paiban.compose.config import Where
from paiban.compose.paragraph import compose_paragraph
from paiban.errors import Diagnostics
from paiban.flow.blocks import FlowBlock
from paiban.flow.distribute import Cursor, Placement, Rules, balance_page, fill_page
from paiban.layout.configs import ConfigFactory
from paiban.layout.furniture import page_furniture, title_block
from paiban.layout.geometry import PageFrame, page_frame
from paiban.layout.result import Frame, LayoutDocument, Line, OutlineEntry, Page
from paiban.model.article import Article, BlockQuote, Heading, Paragraph
from paiban.style.model import Style
from paiban.text.fonts import FontTable, style_font_table


@dataclass
class _Context:
    article: Article
    style: Style
    factory: ConfigFactory
    diagnostics: Diagnostics


def compose_blocks(ctx: _Context) -> list[FlowBlock]:
    """Compose every article block at the column width."""
    style = ctx.style
    width = style.page.column_width
    body = ctx.factory.make(style.body, width)
    quote = ctx.factory.make(style.quote, width)
    out: list[FlowBlock] = []
    for index, block in enumerate(ctx.article.blocks):
        where = Where(block.source, ctx.diagnostics)
        if isinstance(block, Paragraph):
            lines = compose_paragraph(block.runs, body, where)
            out.append(FlowBlock("body", tuple(lines), index, size=style.body.size))
        elif isinstance(block, Heading):
            hs = style.headings.get(block.level) or style.headings[max(style.headings)]
            lines = compose_paragraph(block.runs, ctx.factory.make(hs, width), where)
            out.append(
                FlowBlock(
                    "heading", tuple(lines), index, hs.space_before, hs.space_after,
                    keep_together=True, keep_with_next=style.heading_keep, size=hs.size, level=block.level,
                )
            )
        elif isinstance(block, BlockQuote):
            for k, para in enumerate(block.paragraphs):
                lines = compose_paragraph(para.runs, quote, Where(para.source or block.source, ctx.diagnostics))
                first, last = k == 0, k == len(block.paragraphs) - 1
                out.append(
                    FlowBlock(
                        "quote", tuple(lines), index,
                        style.quote.space_before if first else 0, style.quote.space_after if last else 0,
                        inset=style.quote.left, size=style.quote.size, source_index=k,
                    )
                )
    return [b for b in out if b.lines]


def _column_lines(blocks: list[FlowBlock], columns: list[list[Placement]], frame: PageFrame, offset: int) -> list[Line]:
    lines = []
    for c, placed in enumerate(columns):
        for p in placed:
            block = blocks[p.block]
            cl = block.lines[p.line]
            x = frame.column_xs[c] + block.inset
            y = frame.baseline(p.slot + offset, block.size)
            runs = tuple(r.moved(x, y) for r in cl.runs)
            lines.append(
                Line(block.role, runs, x, y, cl.width, c, block.block, cl.first, cl.last, cl.justified, cl.pushed,
                     block.size, x + cl.filled)
            )
    return lines


def _outline(article: Article, blocks: list[FlowBlock], pages: list[Page]) -> tuple[OutlineEntry, ...]:
    entries = []
    if article.meta.title and pages:
        entries.append(OutlineEntry(1, article.meta.title_text, 0, 0.0))
    headings = {b.block: b for b in blocks if b.role == "heading"}
    seen = set()
    for page in pages:
        for line in page.lines:
            if line.role == "heading" and line.block not in seen:
                seen.add(line.block)
                title = "".join(ln.text for b in [headings[line.block]] for ln in b.lines)
                entries.append(OutlineEntry(headings[line.block].level, title, page.index, line.y))
    return tuple(entries)


def _paginate(ctx: _Context, blocks: list[FlowBlock]) -> list[Page]:
    style = ctx.style
    rules = Rules(style.widows, style.orphans)
    cur = Cursor()
    pages: list[Page] = []
    meta = ctx.article.meta
    first_frame = page_frame(style, verso=meta.first_page % 2 == 0)
    title = title_block(ctx.article, style, ctx.factory, first_frame, ctx.diagnostics)
    title_slots = round(title[2].height / first_frame.pitch)
    while True:
        index = len(pages)
        number = meta.first_page + index
        frame = page_frame(style, verso=number % 2 == 0)
        top = title_slots if index == 0 else 0
        capacity = [frame.lines - top] * style.page.columns
        start = cur
        columns, cur = fill_page(blocks, cur, capacity, rules)
        done = cur.block >= len(blocks)
        if done and style.balance:
            columns = balance_page(blocks, start, capacity, rules)
        if not any(columns) and not done and top == 0:
            # fill_column always places a line at the top of an empty column: a bug, not bad input,
            # and looping on would never end
            raise RuntimeError(f"no line could be placed on page {number}, which has room for {frame.lines}")
        lines = _column_lines(blocks, columns, frame, top)
        frames = [Frame("column", x, frame.slot_top(top), frame.column_width, (frame.lines - top) * frame.pitch, c)
                  for c, x in enumerate(frame.column_xs)]
        extra_lines, rules_, extra_frames = page_furniture(ctx.article, style, ctx.factory, frame, number, index,
                                                            ctx.diagnostics)
        if index == 0:
            t_lines, t_rules, t_frame = title  # set on first_frame, which is this page's frame
            extra_lines = t_lines + extra_lines
            rules_ = t_rules + rules_
            extra_frames = [t_frame, *extra_frames]
        grid = tuple(frame.baseline(s, style.body.size) for s in range(frame.lines))
        pages.append(
            Page(index, number, style.page.width, style.page.height, tuple(_order(extra_lines, lines)),
                 tuple(rules_), tuple(extra_frames + frames), grid)
        )
        if done:
            return pages


def _warn_split_headings(pages: list[Page], article: Article, diagnostics: Diagnostics) -> None:
    """A heading is kept whole unless it is taller than a column; say when it was not."""
    columns: dict[int, set[tuple[int, int]]] = {}
    for page in pages:
        for line in page.lines:
            if line.role == "heading":
                columns.setdefault(line.block, set()).add((page.index, line.column))
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


def layout_article(article: Article, style: Style, fonts: FontTable | None = None) -> LayoutDocument:
    """Lay out one article in one style."""
    diagnostics = Diagnostics()
    factory = ConfigFactory(fonts or style_font_table(style.fonts), style.cjk, style.strong)
    ctx = _Context(article, style, factory, diagnostics)
    blocks = compose_blocks(ctx)
    pages = _paginate(ctx, blocks)
    _warn_split_headings(pages, article, diagnostics)
    used = factory.used
    return LayoutDocument(
        pages=tuple(pages),
        fonts={name: m.path for name, m in sorted(used.items())},
        substitutions={name: dict(m.substitutions) for name, m in sorted(used.items()) if m.substitutions},
        title=article.meta.title_text,
        author=article.meta.author or "",
        subject=" ".join(x for x in (article.meta.publication, article.meta.issue) if x),
        outline=_outline(article, blocks, pages),
        warnings=tuple(dict.fromkeys(diagnostics)),  # once each: headers repeat on every page
    )
