"""Distributing flow blocks into columns on the baseline grid.

A column is a number of grid slots. Lines take one slot each; blank slots come from a block's
space before/after. The rules (clreq §3.6 and ordinary book practice):
- a heading is never split and keeps `keep_with_next` lines of what follows in its column;
- no paragraph leaves fewer than `orphans` lines at a column foot or `widows` lines at a column
  head (a two-line paragraph moves whole);
- a block's space before is dropped at the top of a column, space after at its foot, so every
  column starts and ends on text;
- a heading that does not fit at a column foot with its full space around it (and the lines it
  keeps) may take one grid line less space, split into half lines above and below it: the
  heading sits off the grid by half a line, the text after it is back on the grid. A hole of as
  many lines as the heading needs is worse than a heading set a little tighter.
"""

from __future__ import annotations

from dataclasses import dataclass

from paiban.flow.blocks import FlowBlock, past_end


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where the flow stands: the next block, and the next line inside it."""

    block: int = 0
    line: int = 0


@dataclass(frozen=True, slots=True)
class Placement:
    """A line of a block put into a grid slot of a column."""

    block: int  # index into the flow blocks
    line: int  # index into that block's lines
    slot: int  # grid slot within the column, 0 at the column top
    shift: float = 0.0  # slots the line is set below its slot (a heading with half-line space)


@dataclass(frozen=True, slots=True)
class Rules:
    """Keep rules from the style."""

    widows: int = 2
    orphans: int = 2
    min_lines: int = 3  # fewest lines a column of a balanced last page may hold


def _lines_to_place(blocks: list[FlowBlock], cur: Cursor, room: int, rules: Rules, at_top: bool) -> int:
    """How many lines of the current block go in a column with `room` slots left (0: none)."""
    block = blocks[cur.block]
    left = len(block.lines) - cur.line
    if block.keep_together:
        need = left + _kept_following(blocks, cur.block, rules)
        if need <= room:
            return left
        # At the top of an empty column there is nowhere better to go: a heading taller than
        # the column is split rather than set below the column's foot.
        return min(left, room) if at_top else 0
    if left <= room:
        return left
    take = room
    if cur.line == 0 and take < rules.orphans:
        take = 0
    if left - take < rules.widows:
        take = left - rules.widows
        if cur.line == 0 and take < rules.orphans:
            take = 0
    if take <= 0 and at_top:
        return min(room, left)  # a column too short for the rules: fill it rather than loop
    return max(take, 0)


def _kept_following(blocks: list[FlowBlock], index: int, rules: Rules) -> int:
    """Slots a heading needs after itself: its space after plus the lines it keeps with it."""
    block = blocks[index]
    if past_end(blocks, index + 1):
        return block.space_after
    following = blocks[index + 1]
    keep = min(block.keep_with_next, len(following.lines))
    if not following.keep_together and keep < len(following.lines):
        keep = max(keep, min(rules.orphans, len(following.lines)))
        if len(following.lines) - keep < rules.widows:
            keep = len(following.lines)  # the rest would be a widow: the paragraph goes whole
    return block.space_after + keep


@dataclass(frozen=True, slots=True)
class _Space:
    """The blank slots around a block as set in this column, and how far its lines move down."""

    before: int
    after: int
    shift: float = 0.0


def _tight_heading(blocks: list[FlowBlock], index: int, rules: Rules, room: int,
                   before: int) -> _Space | None:
    """The space of a heading set one grid line tighter, when that makes it fit in `room` slots
    (with the lines it keeps) and its full space does not; else None.

    The space left (one slot less than before + after) is split evenly above and below, in half
    slots, so the heading sits between the text before and after it as it would with full space.
    """
    block = blocks[index]
    space = before + block.space_after
    if block.role != "heading" or space < 2:
        return None
    kept = _kept_following(blocks, index, rules) - block.space_after
    if space + len(block.lines) + kept <= room:
        return None  # it fits as it is
    tight = space - 1
    if tight + len(block.lines) + kept > room:
        return None
    above = tight // 2
    return _Space(above, tight - above, 0.5 * (tight % 2))


def fill_column(blocks: list[FlowBlock], cur: Cursor, capacity: int, rules: Rules,
                start: int = 0, blank: int = 0,
                stop_before_heading: bool = False) -> tuple[list[Placement], Cursor]:
    """Fill one column of `capacity` slots from the cursor; returns placements and the new cursor.

    Filling starts at slot `start` and stops before a float, which `paiban.flow.floats` places.
    `blank` slots above `start` are already empty (the space after a float): the first block's
    space before shares them rather than adding to them. With `stop_before_heading` (a float
    waits for the next column) the column ends before a heading unless nothing is set in it yet.
    """
    placed: list[Placement] = []
    slot = start
    while not past_end(blocks, cur.block):
        block = blocks[cur.block]
        if block.is_float:
            break
        at_top = slot == 0
        if stop_before_heading and block.role == "heading" and cur.line == 0 and (placed or not at_top):
            break
        space = _Space(block.space_before, block.space_after)
        if cur.line == 0 and not at_top:
            before = max(block.space_before - (blank if not placed else 0), 0)
            space = (_tight_heading(blocks, cur.block, rules, capacity - slot, before)
                     or _Space(before, block.space_after))
            if slot + space.before >= capacity:
                break
            slot += space.before
        repeat = at_top and not placed and cur.line == 0 and len(block.head) < capacity
        if repeat and block.head:  # a table row opening a column: its header row again first
            placed.extend(Placement(cur.block, -1 - k, slot + k) for k in range(len(block.head)))
            slot += len(block.head)
        room = capacity - slot
        take = _lines_to_place(blocks, cur, room + block.space_after - space.after, rules,
                               repeat or (at_top and not placed))
        if take == 0:
            break
        placed.extend(Placement(cur.block, cur.line + k, slot + k, space.shift) for k in range(take))
        slot += take
        if cur.line + take < len(block.lines):
            cur = Cursor(cur.block, cur.line + take)
            break
        cur = Cursor(cur.block + 1, 0)
        slot += space.after
        if slot >= capacity:
            break
    return placed, cur


def fill_page(blocks: list[FlowBlock], cur: Cursor, capacities: list[int], rules: Rules) -> tuple[list[list[Placement]], Cursor]:
    """Fill the columns of one page in order."""
    columns = []
    for capacity in capacities:
        placed, cur = fill_column(blocks, cur, capacity, rules)
        columns.append(placed)
    return columns, cur


def balance_page(blocks: list[FlowBlock], cur: Cursor, capacities: list[int], rules: Rules) -> list[list[Placement]]:
    """Fill a last page so its columns end level (heights differ by at most one line).

    Tries the shortest column height that still takes everything left, from the even share up,
    so keep rules are honoured by the same code that fills ordinary pages.
    """
    columns, end = fill_page(blocks, cur, capacities, rules)
    used = sum(_height(c) for c in columns)
    if not past_end(blocks, end.block) or len(capacities) < 2:
        return columns
    for height in range(-(-used // len(capacities)), max(capacities) + 1):
        trial, end = fill_page(blocks, cur, [min(height, c) for c in capacities], rules)
        if past_end(blocks, end.block) and balance_keeps_rules(blocks, trial, rules):
            return trial
    return columns


def balance_keeps_rules(blocks: list[FlowBlock], columns: list[list[Placement]], rules: Rules,
                        extra: list[int] | None = None) -> bool:
    """Whether balanced columns keep the rules a shorter column could break: every column that
    holds anything holds at least `rules.min_lines` lines (plus `extra` slots of floats), and no
    paragraph is split into a part shorter than the orphans at a foot or the widows at a head.

    A column too short for the rules is filled anyway when nothing else fits (`fill_column`);
    balancing must not choose such a height, where a page of three one-line columns reads as one
    broken line.
    """
    extra = extra or [0] * len(columns)
    for placed, slots in zip(columns, extra):
        if (placed or slots) and len(placed) + slots < rules.min_lines:
            return False
    parts: dict[int, list[tuple[int, int, int]]] = {}  # block → its part in each column
    for placed in columns:
        here: dict[int, tuple[int, int, int]] = {}  # block → (first line, last line, lines)
        for p in placed:
            first, _, count = here.get(p.block, (p.line, p.line, 0))
            here[p.block] = (first, p.line, count + 1)
        for block, part in here.items():
            parts.setdefault(block, []).append(part)
    for block, runs in parts.items():
        if len(runs) < 2 or blocks[block].keep_together:
            continue
        first, last = runs[0], runs[-1]
        if first[0] == 0 and first[2] < rules.orphans:
            return False
        if last[1] == len(blocks[block].lines) - 1 and last[2] < rules.widows:
            return False
    return True


def _height(column: list[Placement]) -> int:
    return column[-1].slot + 1 if column else 0
