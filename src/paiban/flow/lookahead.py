"""Page make-up with look-ahead: paragraphs set a line shorter or longer (缩行/伸行) so that a
column ends on its last grid line and the article does not end on a stranded page.

This is what a typesetter does by hand in 方正飞腾 or InDesign, and what TeX's `\\looseness` does:
the lines of a page are first placed as composed (`fill_page_floats`). Only when that leaves

- a *hole*: empty grid lines at the foot of a column that is not the article's last (a heading
  and the lines it keeps that do not fit, a paragraph that widow/orphan control moves on, a
  figure that waits for the next column), or
- a *stranded last page*: the article would end on a page holding `STRANDED` lines of text or
  fewer (besides its end matter),

does make-up ask the composer for the settings one line off of the paragraphs that start in
that column, then in the columns of the page up to it (or, for a stranded page, on that page),
`FlowBlock.alternatives`, and fill the page again with some of them; the page's own column is
asked first, and the wider pool only when that leaves the hole open. For a hole of h lines it
tries the 1…h cheapest longer settings (the hole filled by the column's own text) and the
1…`SHORTER_MAX` cheapest shorter ones (what follows brought up into the column), and keeps the
page with the fewest empty lines, then the fewest demerits; for a stranded page, the fewest
cheapest shorter settings that end the article on the page before. A paragraph changes by one
line at most, and only in lines no page has placed yet: a paragraph that began on the page
before keeps its lines there and is set again after the page break, and one that runs on to
the next page goes on there in its new setting (`FlowState.carried`). The page is filled by the
same code as any page, so the keep rules, widows and orphans, the baseline grid and the order
and section rules of floats hold as they always do; a trial that would move any text to a later
page than the plain fill did is not taken, so no page is added.

Bound: a page with no hole and no stranded page after it costs one scan of its columns. A
holed column costs at most 2 × (`LONGER_MAX` + `SHORTER_MAX`) fills of its page and the
settings of at most `LONGER_MAX` + `SHORTER_MAX` + 2 paragraphs of each pool (`_options`), the
last lines of each, and of at most `LONGER_MAX` + 1 of them the last eight lines too; a
stranded page at most `SHORTER_MAX` + 1 fills. The cost stays linear in pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from paiban.compose.line import ComposedLine
from paiban.flow.blocks import Blocks, past_end, with_chosen
from paiban.flow.distribute import Cursor, Placement, Rules
from paiban.flow.floats import FlowState, PageFill, balance_page_floats, fill_page_floats

LONGER_MAX = 5  # lines the paragraphs of a column may grow by, one each, to fill its hole
SHORTER_MAX = 3  # lines they may give up, one each, to bring what follows into the column
STRANDED = 2  # a last page holding this many text lines or fewer (and end matter) is pulled back
END_MATTER = frozenset({"note", "affiliation", "editor"})  # roles of what may follow the text there


@dataclass(frozen=True, slots=True)
class _Option:
    """A paragraph's setting one line off: what it costs, which block, its lines."""

    cost: float
    block: int
    lines: tuple[ComposedLine, ...]


def set_page(blocks: Blocks, state: FlowState, capacities: list[int], rules: Rules, balance: bool,
             following: list[int] | None = None) -> PageFill:
    """Fill one page, with make-up: its holes closed where paragraph settings allow, and, when
    the article would end on the page after it with a stranded line or two (`following`: that
    page's column capacities), those lines pulled back onto it. A last page is balanced when
    `balance` is set."""
    fill = _plain(blocks, state, capacities, rules, balance)
    if fill.state.done(blocks):
        return fill
    # Pulling the last lines back comes first: closing a hole by longer settings would take the
    # room they need.
    for made_up in (False, True):
        if made_up:
            fill = close_holes(blocks, state, capacities, rules, fill)
        left = _left(blocks, fill.state) if following is not None else None
        if left is not None:
            after = _plain(with_chosen(blocks, fill.chosen), fill.state, following, rules, balance)
            pulled = pull_back(blocks, state, capacities, rules, balance, fill, after, left)
            if pulled is not None:
                return pulled
    return fill


def _plain(blocks: Blocks, state: FlowState, capacities: list[int], rules: Rules,
           balance: bool, chosen: dict[int, tuple[ComposedLine, ...]] | None = None) -> PageFill:
    """The page filled with the paragraphs in `chosen` settings (and the one the page starts in
    as the page before set it), balanced if it is the last. When the page ends inside a
    paragraph set another way, the page after is told to go on in that setting."""
    chosen = {**({state.cursor.block: state.carried} if state.carried else {}), **(chosen or {})}
    view = with_chosen(blocks, chosen)
    fill = fill_page_floats(view, state, capacities, rules)
    if fill.state.done(view) and balance:
        fill = balance_page_floats(view, state, capacities, rules)
    fill.chosen = chosen
    cursor = fill.state.cursor
    carried = chosen.get(cursor.block, ()) if cursor.line else ()
    if carried != fill.state.carried:
        fill.state = replace(fill.state, carried=carried)
    return fill


def holes(fill: PageFill, blocks: Blocks) -> list[int]:
    """Empty grid slots at the foot of each column of a filled page."""
    view = with_chosen(blocks, fill.chosen)
    return [max(fill.rows - fill.height(c, view), 0) for c in range(len(fill.columns))]


def close_holes(blocks: Blocks, state: FlowState, capacities: list[int], rules: Rules,
                fill: PageFill) -> PageFill:
    """The page with the hole at each column foot, left to right, closed or made smaller by
    setting paragraphs of that column or the columns before it on the page a line longer or
    shorter (a line gained in an earlier column moves the lines after it on); `fill` when none
    helps."""
    for column in range(len(fill.columns)):
        hole = holes(fill, blocks)[column]
        if not hole:
            continue
        best, best_key = fill, _key(fill, blocks, column, 0.0)
        tried: set[frozenset[tuple[int, int]]] = set()  # (block, lines) of each trial
        for pool in _pools(fill, column):
            for change in (1, -1):
                if best_key[0] == 0:
                    break  # closed: no more paragraphs are asked (the costly part)
                for picks in _trials(blocks, fill, state.cursor, pool, hole, change):
                    settings = frozenset((o.block, len(o.lines)) for o in picks)
                    if settings in tried:
                        continue
                    tried.add(settings)
                    trial = _plain(blocks, state, capacities, rules, False,
                                   {**fill.chosen, **{o.block: o.lines for o in picks}})
                    if not _keeps(trial, fill, blocks, state.cursor):
                        continue
                    key = _key(trial, blocks, column, sum(o.cost for o in picks))
                    if key < best_key:
                        best, best_key = trial, key
        fill = best
    return fill


def _pools(fill: PageFill, column: int) -> Iterator[list[Placement]]:
    """Where make-up looks for paragraphs to set again for a hole in `column`: that column, then
    the page's columns up to it (a line gained or given up in an earlier column moves the lines
    after it)."""
    yield fill.columns[column]
    if column:
        yield [p for placed in fill.columns[: column + 1] for p in placed]


def _trials(blocks: Blocks, fill: PageFill, start: Cursor, placed: list[Placement], hole: int,
            change: int) -> Iterator[list[_Option]]:
    """The cheapest 1…hole longer settings (`change` 1), or the cheapest 1…SHORTER_MAX shorter
    ones (-1), of the paragraphs that start among `placed`."""
    if change > 0:
        _, options = _options(blocks, fill, start, placed, min(hole, LONGER_MAX), 0)
    else:
        options, _ = _options(blocks, fill, start, placed, 0, SHORTER_MAX)
    for count in range(1, len(options) + 1):
        yield options[:count]


def _key(fill: PageFill, blocks: Blocks, column: int, cost: float) -> tuple[int, int, float]:
    """How a page filled for `column`'s sake ranks (lower is better): empty slots up to and in
    that column, then on the whole page, then the demerits the changed settings add."""
    sizes = holes(fill, blocks)
    return sum(sizes[: column + 1]), sum(sizes), cost


def _keeps(trial: PageFill, plain: PageFill, blocks: Blocks, start: Cursor) -> bool:
    """Whether a trial page keeps what make-up must keep: every paragraph set another way has
    its lines from the page's `start` on there, up to its end or to the page's end (the page
    after goes on in the same setting), and the page reaches no less far into the article than
    `plain` did (text never moves to a later page, so the page count cannot grow)."""
    placed: dict[int, int] = {}
    for column in trial.columns:
        for p in column:
            if p.block in trial.chosen:
                placed[p.block] = placed.get(p.block, 0) + 1
    end = trial.state.cursor
    for index, lines in trial.chosen.items():
        until = end.line if index == end.block and end.line else len(lines)
        if placed.get(index, 0) != until - _fixed(index, start):
            return False
    if _reach(trial, blocks) < _reach(plain, blocks):
        return False
    return len(trial.state.pending) + len(trial.state.pending_page) <= \
        len(plain.state.pending) + len(plain.state.pending_page)


def _reach(fill: PageFill, blocks: Blocks) -> tuple[int, int]:
    """How far into the article a filled page reaches: the block the page after starts in, and
    how many of its lines (as this page set it) are left, negated (fewer left is further)."""
    cursor = fill.state.cursor
    view = with_chosen(blocks, fill.chosen)
    if past_end(view, cursor.block):
        return cursor.block, 0
    return cursor.block, cursor.line - len(view[cursor.block].lines)


def _options(blocks: Blocks, fill: PageFill, start: Cursor, placed: list[Placement], longer_wanted: int,
             shorter_wanted: int, whole: bool = False) -> tuple[list[_Option], list[_Option]]:
    """Up to `shorter_wanted` shorter and `longer_wanted` longer settings of the paragraphs wholly
    among `placed` that no make-up has changed yet, each list cheapest first. A paragraph that
    began on the page before (at `start`) counts when the rest of it is among `placed`: only
    its lines after the page break are set again, so nothing already placed moves.

    Working out a paragraph's settings is the costly part of make-up, so the paragraphs are asked
    in the order a typesetter looks at them, and no more than one beyond the number wanted: for
    a line more, those whose last line is nearly full (the least room to spread over each line);
    for a line fewer, those whose last line is shortest for their length; each first in their
    last lines, then, while none is found, further up (`wider`)."""
    candidates = [index for index in _starting(blocks, placed, start)
                  if index not in fill.chosen and blocks[index].alternatives is not None]
    found: dict[tuple[int, int], _Option] = {}  # (block, change) → the cheapest setting seen
    asked: set[tuple[int, bool]] = set()
    passes = ((longer_wanted, 1, _room_to_spread, False), (longer_wanted, 1, _room_to_spread, True),
              (shorter_wanted, -1, _to_take_in, False))
    for wanted, sign, likely, wider in passes:
        walked = 0
        for index in sorted(candidates, key=lambda k: (likely(blocks[k].lines), k)):
            if sum(1 for _, change in found if change == sign) >= wanted or walked > wanted:
                break
            walked += 1
            if (index, wider) in asked or (wider and (index, sign) in found):
                continue
            asked.add((index, wider))
            block = blocks[index]
            fixed = _fixed(index, start)
            for change, alternative in block.alternatives.around(block.lines, whole, fixed, wider).items():
                if alternative.lines[:fixed] != block.lines[:fixed]:
                    continue  # (a setting that would move lines already placed)
                if (index, change) not in found or alternative.cost < found[(index, change)].cost:
                    found[(index, change)] = _Option(alternative.cost, index, alternative.lines)
    shorter = sorted((o for (_, change), o in found.items() if change < 0), key=lambda o: (o.cost, o.block))
    longer = sorted((o for (_, change), o in found.items() if change > 0), key=lambda o: (o.cost, o.block))
    return shorter[:max(shorter_wanted, 0)], longer[:max(longer_wanted, 0)]


def _room_to_spread(lines: tuple[ComposedLine, ...]) -> float:
    """What each line must give up for the paragraph to take a line more: the room left on its
    last line, spread over its lines."""
    last = lines[-1]
    return (last.width - last.natural) / len(lines)


def _to_take_in(lines: tuple[ComposedLine, ...]) -> float:
    """What each line must take in for the paragraph to take a line fewer: its last line's text
    spread over the lines before it."""
    return lines[-1].natural / max(len(lines) - 1, 1)


def _starting(blocks: Blocks, placed: list[Placement], start: Cursor) -> list[int]:
    """The blocks whose first line on the page is among `placed`: their lines from there on may
    be set again, since none of them is placed yet on any page but this (a paragraph that began
    on the page before, at `start`, keeps the lines it has there)."""
    return list(dict.fromkeys(p.block for p in placed if p.line == _fixed(p.block, start)))


def _fixed(index: int, start: Cursor) -> int:
    """Lines of block `index` set on the pages before one that starts at `start`."""
    return start.line if index == start.block else 0


def _left(blocks: Blocks, state: FlowState) -> tuple[int, int] | None:
    """What is left after a page when it is at most `STRANDED` lines of text, with nothing after
    them but end matter (notes, the author's unit, the editor's line): those lines and the index
    of the first end-matter block (past the end: none); None when more is left, or a float. Read
    only as far as that: a page with more after it costs one look at the next block."""
    if state.pending or state.pending_page:
        return None
    left = 0
    index, line = state.cursor.block, state.cursor.line
    while not past_end(blocks, index):
        block = blocks[index]
        if block.role in END_MATTER:
            break
        if block.is_float:
            return None
        left += len(block.lines) - line
        if left > STRANDED:
            return None
        index, line = index + 1, 0
    return (left, index) if left > 0 else None


def pull_back(blocks: Blocks, state: FlowState, capacities: list[int], rules: Rules, balance: bool,
              fill: PageFill, after: PageFill, left: tuple[int, int]) -> PageFill | None:
    """The page set so that the article's text ends on it, when the page `after` it would end the
    article with `STRANDED` lines of text or fewer (and end matter): the fewest, cheapest
    paragraphs of the page set a line shorter that bring those lines back (the end matter may
    follow on the next page). `left`: those lines, and where the end matter starts. None when
    no such setting does."""
    if not after.state.done(with_chosen(blocks, fill.chosen)) or after.spots or after.page_spots:
        return None
    stranded, end = left
    placed = [p for column in fill.columns for p in column]
    shorter, _ = _options(blocks, fill, state.cursor, placed, 0, stranded + SHORTER_MAX - 1, whole=True)
    for count in range(1, min(stranded + SHORTER_MAX - 1, len(shorter)) + 1):  # (a hole helps)
        chosen = {**fill.chosen, **{o.block: o.lines for o in shorter[:count]}}
        trial = _plain(blocks, state, capacities, rules, balance, chosen)
        cursor = trial.state.cursor
        ended = trial.state.done(with_chosen(blocks, chosen)) or (cursor.block >= end and cursor.line == 0)
        if ended and _keeps(trial, fill, blocks, state.cursor):
            return trial
    return None
