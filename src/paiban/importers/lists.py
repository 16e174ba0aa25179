"""Bullet lists in imported pages: items opened by a bullet, their later lines hanging.

A line that starts with a bullet (● ○ ■, or the task boxes □ ▣ paiban sets) opens a list item,
and the lines after it that stand further in than its bullet, under the item's text, continue
it rather than opening paragraphs of their own. Consecutive items become one list, nested by how
far their bullets stand in. Numbered paragraphs are left as they are: in Chinese documents
（一） and 1. open ordinary paragraphs far more often than list items.
"""

from __future__ import annotations

from collections.abc import Sequence

from paiban.importers.columns import ColumnLine
from paiban.importers.source import Dropped
from paiban.model.article import Block, ListBlock, ListItem, Paragraph, Run

BULLETS = "●○■•◆◇▪"
TASKS = {"□": "open", "▣": "done", "☐": "open", "☑": "done"}
HANG_MIN = 0.9
"""Em further in than the bullet from which a line hangs under an item's text."""
HANG_MAX = 3.5
"""Em further in than the bullet up to which a line hangs (beyond it, something else)."""
LEVEL_STEP = 0.9
"""Em by which a bullet must stand further in than the one before to open a nested list."""


def opens_item(line: ColumnLine) -> bool:
    text = line.text.lstrip()
    return bool(text) and (text[0] in BULLETS or text[0] in TASKS)


def hangs(first: ColumnLine, line: ColumnLine) -> bool:
    """Whether `line` continues the item `first` opened: under its text, not opening another."""
    return opens_item(first) and not opens_item(line) and \
        first.indent + HANG_MIN <= line.indent <= first.indent + HANG_MAX


def fold_lists(blocks: Sequence[Block], firsts: Sequence[ColumnLine | None]
               ) -> tuple[list[Block], list[int], list[Dropped]]:
    """Blocks with each run of item paragraphs made one list; `firsts` are the first lines of
    the blocks (None for a block that has none). Returns the blocks, for each block given the
    index of the block it became part of, and the bullets taken off the items (the style sets
    them again; the ledger counts them as dropped)."""
    out: list[Block] = []
    where: list[int] = []
    markers: list[Dropped] = []
    run: list[tuple[Paragraph, ColumnLine]] = []

    def flush() -> None:
        if run:
            out.append(_list(run))
            run.clear()

    for block, first in zip(blocks, firsts):
        if isinstance(block, Paragraph) and first is not None and opens_item(first) \
                and block.text[:1] and (block.text[0] in BULLETS or block.text[0] in TASKS):
            run.append((block, first))
            where.append(len(out))
            markers.append(Dropped("list marker", block.text[0], first.segment.source, first.page, first.y))
            continue
        flush()
        out.append(block)
        where.append(len(out) - 1)
    flush()
    return out, where, markers


def _item(paragraph: Paragraph) -> ListItem:
    marker = paragraph.text[0]
    runs = list(paragraph.runs)
    runs[0] = Run(runs[0].text[1:].lstrip(), runs[0].bold)
    kept = tuple(r for r in runs if r.text)
    return ListItem((Paragraph(kept, paragraph.source),), TASKS.get(marker, ""), paragraph.source)


def _list(run: list[tuple[Paragraph, ColumnLine]]) -> ListBlock:
    """Items nested by indentation: an item further in than the one before opens a list in it."""
    loose = any((first.gap_before or 0.0) >= 0.5 for _, first in run[1:])
    # stack of (bullet indent, items of the list at that level)
    stack: list[tuple[float, list[ListItem]]] = [(run[0][1].indent, [])]
    for paragraph, first in run:
        item = _item(paragraph)
        while len(stack) > 1 and first.indent < stack[-1][0] - LEVEL_STEP / 2:
            _close(stack, loose)
        if first.indent >= stack[-1][0] + LEVEL_STEP and stack[-1][1]:
            stack.append((first.indent, []))
        stack[-1][1].append(item)
    while len(stack) > 1:
        _close(stack, loose)
    return ListBlock(False, tuple(stack[0][1]), 1, loose, run[0][0].source)


def _close(stack: list[tuple[float, list[ListItem]]], loose: bool) -> None:
    """Put the innermost list into the last item of the list holding it."""
    _, items = stack.pop()
    parent = stack[-1][1]
    last = parent[-1]
    parent[-1] = ListItem((*last.blocks, ListBlock(False, tuple(items), 1, False, items[0].source)),
                          last.task, last.source)
