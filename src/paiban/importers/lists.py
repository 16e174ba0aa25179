"""Lists in imported pages: items opened by a bullet or a number, their later lines hanging.

A line that starts with a bullet (● ○ ■, or the task boxes □ ▣ paiban sets) opens a list item,
and the lines after it that stand further in than its bullet, under the item's text, continue
it rather than opening paragraphs of their own. A line at that place after a line that ended
short opens a later paragraph of the same item. Consecutive items become one list, nested by how
far their markers stand in.

A number (1. （一） 1） ① 一、 a. （1）) opens a list item only on evidence, since in Chinese
documents （一） and 1. open ordinary paragraphs and headings far more often than list items:
something stands under the item's text (see `numbered_items`). The numbers are the style's to
set again, so the list keeps only its first number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from paiban.importers.columns import ColumnLine
from paiban.importers.source import Dropped
from paiban.model.article import Block, ListBlock, ListItem, Paragraph

BULLETS = "●○■•◆◇▪"
TASKS = {"□": "open", "▣": "done", "☐": "open", "☑": "done"}
HANG_MIN = 0.9
"""Em further in than the marker from which a line hangs under an item's text."""
HANG_MAX = 3.5
"""Em further in than the marker up to which a line hangs (beyond it, something else)."""
LEVEL_STEP = 0.9
"""Em by which a marker must stand further in than the one before to open a nested list."""
SAME_PLACE = 0.6
"""Em by which two markers of one list may differ in where they stand (a column's edge is
found from its lines, to about half an em)."""

_HAN_NUMBER = "一二三四五六七八九十"
_NUMBERS = re.compile(
    r"(?P<dot>\d{1,3})[.．](?!\d)"
    r"|（(?P<paren>\d{1,3})）|\((?P<ascii_paren>\d{1,3})\)"
    r"|(?P<close>\d{1,3})[）)]"
    r"|（(?P<han_paren>[一二三四五六七八九十]{1,3})）"
    r"|(?P<han>[一二三四五六七八九十]{1,3})、"
    r"|(?P<circled>[\u2460-\u2473])"
    r"|(?P<lower>[a-z])[.．](?![a-z])|(?P<upper>[A-Z])[.．](?![A-Za-z])"
)
"""The number forms a list item may open with, each a named group holding the number."""


@dataclass(frozen=True, slots=True)
class Number:
    """A number opening a line: its form, its value and the marker as printed."""

    form: str
    value: int
    marker: str


def number_of(text: str) -> Number | None:
    """The number a line of text opens with, if it has the form of a list marker and text follows."""
    found = _NUMBERS.match(text.lstrip())
    if not found or found.end() >= len(text.lstrip()):
        return None
    form = found.lastgroup or ""
    value = _value(form, found.group(form))
    return Number(form, value, found.group()) if value else None


def _value(form: str, written: str) -> int:
    if form in ("han", "han_paren"):
        return _han_value(written)
    if form == "circled":
        return ord(written) - 0x2460 + 1
    if form == "lower":
        return ord(written) - ord("a") + 1
    if form == "upper":
        return ord(written) - ord("A") + 1
    return int(written)


def _han_value(written: str) -> int:
    """一 … 九十九 (as `paiban.style.numbering.chinese_number` writes them); 0 when not one."""
    digits = [_HAN_NUMBER.index(c) + 1 for c in written]
    if written == "十":
        return 10
    if len(digits) == 1:
        return digits[0]
    if len(digits) == 2 and written[0] == "十":
        return 10 + digits[1]
    if len(digits) == 2 and written[1] == "十":
        return digits[0] * 10 if digits[0] < 10 else 0
    if len(digits) == 3 and written[1] == "十" and digits[0] < 10 and digits[2] < 10:
        return digits[0] * 10 + digits[2]
    return 0


def opens_item(line: ColumnLine) -> bool:
    """Whether the line opens with a bullet or a task box."""
    text = line.text.lstrip()
    return bool(text) and (text[0] in BULLETS or text[0] in TASKS)


def hangs(first: ColumnLine, line: ColumnLine) -> bool:
    """Whether `line` stands under the text of the item `first` opened (with a bullet or a
    number), not opening another."""
    opener = opens_item(first) or (first.segment.styled and number_of(first.text) is not None)
    return opener and not opens_item(line) and number_of(line.text) is None and \
        first.indent + HANG_MIN <= line.indent <= first.indent + HANG_MAX


def numbered_items(groups: Sequence[Sequence[ColumnLine]]) -> set[int]:
    """The groups of lines (paragraphs as found) that are numbered list items.

    An item shows itself by what stands under its text: its own later lines, hanging there (a
    numbered paragraph's go back to the column edge), a later paragraph, or a nested list. Its
    siblings — the groups that follow with the next numbers in the same form at the same place,
    with only such things between — are items with it, and so are the numbered groups nested
    between them. A run of one-line numbered paragraphs with nothing under them stays
    paragraphs: printed, it looks the same either way, and （一） paragraphs are far commoner."""
    # Only where positions are exact (a PDF): in page text a character's place is rounded to a
    # cell, and a hanging line cannot be told from a paragraph indent.
    numbers = [number_of(lines[0].text) if lines and lines[0].segment.styled else None for lines in groups]
    shown: set[int] = set()
    following: dict[int, int] = {}
    for k, (lines, number) in enumerate(zip(groups, numbers)):
        if number is None:
            continue
        if len(lines) > 1 and all(hangs(lines[0], ln) for ln in lines[1:]):
            shown.add(k)
        j = k + 1
        while j < len(groups) and groups[j] and (hangs(lines[0], groups[j][0]) or (
                (numbers[j] is not None or opens_item(groups[j][0]))
                and groups[j][0].indent >= lines[0].indent + LEVEL_STEP)):
            j += 1  # the item's later paragraphs, and lists nested in it
        if j > k + 1:
            shown.add(k)
        if j < len(groups) and _follows(number, numbers[j]) and abs(groups[j][0].indent - lines[0].indent) <= SAME_PLACE:
            following[k] = j
    out: set[int] = set()
    starts = set(following) - set(following.values())
    for k in sorted(starts | (shown - set(following) - set(following.values()))):
        chain = [k]
        while chain[-1] in following:
            chain.append(following[chain[-1]])
        if any(member in shown for member in chain):
            out.update(chain)
            out.update(n for n in range(chain[0], chain[-1] + 1) if numbers[n] is not None
                       and groups[n][0].indent >= groups[k][0].indent + LEVEL_STEP)
    # an item shown alone, with numbered items nested under it
    for k in sorted(out):
        j = k + 1
        while j < len(groups) and groups[j] and numbers[j] is not None \
                and groups[j][0].indent >= groups[k][0].indent + LEVEL_STEP:
            out.add(j)
            j += 1
    return out


def _follows(before: Number | None, after: Number | None) -> bool:
    """Whether `after` is the number next after `before`, in the same form."""
    return before is not None and after is not None and before.form == after.form \
        and after.value == before.value + 1


@dataclass
class _Level:
    """One list being built: where its markers stand, and its items so far."""

    indent: float
    ordered: bool
    start: int
    items: list[ListItem]
    first: ColumnLine  # the first line of its last item, under whose text later paragraphs hang
    loose: bool = False  # a blank line stands before one of its items after the first


def fold_lists(blocks: Sequence[Block], firsts: Sequence[ColumnLine | None], numbered: frozenset[int] = frozenset()
               ) -> tuple[list[Block], list[int], list[Dropped]]:
    """Blocks with each run of item paragraphs made one list; `firsts` are the first lines of
    the blocks (None for a block that has none), `numbered` the blocks that are numbered items.
    Returns the blocks, for each block given the index of the block it became part of, and the
    markers taken off the items (the style sets them again; the ledger counts them as dropped)."""
    out: list[Block] = []
    where: list[int] = []
    markers: list[Dropped] = []
    stack: list[_Level] = []

    def flush() -> None:
        if stack:
            while len(stack) > 1:
                _close(stack)
            out.append(_block(stack[0]))
            stack.clear()

    for k, (block, first) in enumerate(zip(blocks, firsts)):
        marker = _marker(block, first, k in numbered)
        if marker is not None:
            _open_item(stack, block, first, marker, flush)
            where.append(len(out))
            markers.append(Dropped("list marker", marker[0], first.segment.source, first.page, first.y))
            continue
        level = _hanging_under(stack, block, first)
        if level is not None:
            while len(stack) - 1 > level:
                _close(stack)
            last = stack[-1].items[-1]
            stack[-1].items[-1] = ListItem((*last.blocks, block), last.task, last.source)
            where.append(len(out))
            continue
        flush()
        out.append(block)
        where.append(len(out) - 1)
    flush()
    return out, where, markers


def _marker(block: Block, first: ColumnLine | None, numbered: bool) -> tuple[str, bool, int] | None:
    """(the marker as printed, whether it is a number, the number) of a block opening an item."""
    if not isinstance(block, Paragraph) or first is None or not block.text:
        return None
    char = block.text[0]
    if opens_item(first) and (char in BULLETS or char in TASKS):
        return char, False, 1
    number = number_of(block.text) if numbered else None
    if number is not None and block.text.startswith(number.marker):
        return number.marker, True, number.value
    return None


def _open_item(stack: list[_Level], paragraph: Paragraph, first: ColumnLine, marker: tuple[str, bool, int],
               flush) -> None:
    text, ordered, value = marker
    item = _item(paragraph, text)
    while len(stack) > 1 and first.indent < stack[-1].indent - SAME_PLACE:
        _close(stack)
    if stack and first.indent < stack[-1].indent - SAME_PLACE:
        flush()  # further out than the list's own markers: another list
    if stack and abs(first.indent - stack[-1].indent) <= SAME_PLACE and stack[-1].ordered != ordered:
        flush()  # a numbered list right after a bullet list at the same place: two lists
    if not stack or first.indent >= stack[-1].indent + LEVEL_STEP:
        stack.append(_Level(first.indent, ordered, value, [], first))
    if stack[-1].items and (first.gap_before or 0.0) >= 0.5:
        stack[-1].loose = True
    stack[-1].items.append(item)
    stack[-1].first = first


def _hanging_under(stack: list[_Level], block: Block, first: ColumnLine | None) -> int | None:
    """The level of the open list whose last item a paragraph continues (it stands under that
    item's text), or None."""
    if not isinstance(block, Paragraph) or first is None:
        return None
    for level in range(len(stack) - 1, -1, -1):
        if hangs(stack[level].first, first):
            return level
    return None


def _item(paragraph: Paragraph, marker: str) -> ListItem:
    runs = list(paragraph.runs)
    runs[0] = replace(runs[0], text=runs[0].text[len(marker):].lstrip())
    kept = tuple(r for r in runs if r.text)
    return ListItem((Paragraph(kept, paragraph.source),), TASKS.get(marker, ""), paragraph.source)


def _block(level: _Level) -> ListBlock:
    """A list; loose when blank lines stand between its items, or when an item holds several
    paragraphs (which Markdown writes only in a loose list)."""
    loose = level.loose or any(sum(isinstance(b, Paragraph) for b in item.blocks) > 1 for item in level.items)
    return ListBlock(level.ordered, tuple(level.items), level.start, loose, level.items[0].source)


def _close(stack: list[_Level]) -> None:
    """Put the innermost list into the last item of the list holding it."""
    inner = stack.pop()
    parent = stack[-1].items
    last = parent[-1]
    parent[-1] = ListItem((*last.blocks, _block(inner)), last.task, last.source)
