"""Rebuilding paragraphs and headings from column lines in reading order.

A paragraph starts where a line is indented by about two characters from its column's edge,
where the type changes after a line that ended short, and after a heading. Every other line
continues the paragraph before it — also across a column or page break, which is how a paragraph
that runs off the bottom of one page continues at the top of the next. A line that follows a
short line without being indented could be either, so it starts a new paragraph with a warning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from paiban.errors import Diagnostics
from paiban.importers.columns import INDENT_MIN, ColumnLine
from paiban.importers.headings import StyleKey, Verdict, assign_levels, ends_sentence, judge, numbering
from paiban.importers.lists import fold_lists, hangs, number_of, numbered_items, opens_item
from paiban.importers.pagetext import printed_cells
from paiban.importers.punctuation import normalise_punctuation
from paiban.importers.quotes import find_quotes
from paiban.importers.source import Dropped
from paiban.importers.text import Styled, join_lines, tidy
from paiban.model.article import Block, BlockQuote, Heading, Paragraph, Run

SHORT_LINE = 3.0
"""Em short of the column edge from which a line surely ends its paragraph."""

FULL_LINE = 0.3
"""Em short of the column edge within which a line is full (justified): a line under a list
item's text after a line that is not full opens the item's next paragraph."""


@dataclass
class Group:
    """Lines that belong together, and why the first of them opened a new block."""

    lines: list[ColumnLine]
    reason: str  # first | indent | item | style | gap | short | quote
    quote: float | None = None  # the inset of the block quote the lines belong to


def line_style(line: ColumnLine) -> StyleKey:
    """The type a line is set in: its segment's font and size, and whether all of it is bold."""
    seg = line.segment
    return seg.font, round(seg.size * 2) / 2, bool(seg.bold) and all(seg.bold)


def body_style(lines: Sequence[ColumnLine]) -> StyleKey:
    """The commonest type by number of characters: the body text's."""
    counts: Counter[StyleKey] = Counter()
    for line in lines:
        counts[line_style(line)] += len(line.text)
    return counts.most_common(1)[0][0] if counts else ("", 0.0, False)


def _opens(prev: ColumnLine, line: ColumnLine) -> str | None:
    """Why `line` opens a new block after `prev`, or None when it continues it."""
    if line.indent >= INDENT_MIN:
        return "indent"
    if not line.segment.styled and line.indent >= INDENT_MIN / 2 and number_of(line.text) is not None:
        # page text: a numbered line set in at all opens a block — its indent shrinks when the
        # producer kerns the opening bracket (（一）) into it and the extraction rounds positions
        return "indent"
    numbered = line.segment.styled and number_of(line.text) is not None  # (positions exact: a PDF)
    if opens_item(line) or (numbered and ((line.gap_before or 0.0) >= 0.5 or prev.shortfall >= 1.0)):
        return "item"  # a bullet, or a number after a blank line or a short line: a list item (maybe)
    if (line.page, line.column) != (prev.page, prev.column):
        if line_style(line) != line_style(prev) and prev.shortfall >= 1.0:
            return "style"
        # a column that opens with a line set in at all after one that ended short: the
        # indent of a column with few lines is measured coarsely
        if line.indent >= INDENT_MIN / 2 and prev.shortfall >= SHORT_LINE and not _pushed_down(prev, line):
            return "indent"
        return None
    gap = line.gap_before or 0.0
    if line_style(line) != line_style(prev) and (prev.shortfall >= 1.0 or gap >= 0.5):
        return "style"
    if gap >= 0.5 and (prev.shortfall >= 1.5 or numbering(line.text)):
        return "gap"  # (a numbered heading as wide as the column after a full last line)
    if prev.shortfall >= SHORT_LINE and not _pushed_down(prev, line) and not _wrapped_heading(prev, line):
        return "short"
    return None


def _wrapped_heading(prev: ColumnLine, line: ColumnLine) -> bool:
    """Whether `prev` and `line` are one heading broken over two lines: space above the first
    and below the second, the first ending without a mark (a paragraph's short line ends its
    sentence), the second not indented. Headings are often broken into balanced short lines."""
    above = prev.gap_before is None or prev.gap_before >= 0.5
    below = line.gap_after is None or line.gap_after >= 0.5
    return above and below and (line.gap_before or 0.0) < 0.5 and not ends_sentence(prev.text) \
        and not ends_sentence(line.text) and line.shortfall >= 1.0


_LATIN_RUN = re.compile(
    r"[“‘（《「『【〈〔［｛\"'(\[]*"  # opening marks
    r"(?:[A-Za-z0-9][A-Za-z0-9.,:;%/+\-_'’]*|.)"  # a Latin word or number, or one character
    r"[”’）》」』】〉〕］｝\"')\]，。、；：？！．,.;:?!%]*"  # closing and pause marks
)
"""What a line starts with that cannot be broken: a Latin word or number, or one character,
with the opening marks before it and the closing and pause marks after it (which may not
start a line)."""


def _pushed_down(prev: ColumnLine, line: ColumnLine) -> bool:
    """Whether `line`'s first unbreakable piece would not have fitted in what `prev` left
    blank: then `prev` ended short because the piece was carried over, not because its
    paragraph ended (a ragged or loosely set line before a number or a Latin word)."""
    match = _LATIN_RUN.match(line.text.lstrip())
    if not match:
        return False
    return printed_cells(match.group()) / 2 > prev.shortfall


def _opens_quoted(group: Group, line: ColumnLine, inset: float | None) -> str | None:
    """Why `line` opens a new block where a block quote begins, continues or ends."""
    if inset != group.quote:
        return "quote"
    if inset is not None:
        return "indent" if line.indent >= inset + INDENT_MIN else None
    return _opens(group.lines[-1], line)


def group_lines(lines: Sequence[ColumnLine], insets: Sequence[float | None] | None = None) -> list[Group]:
    """Lines grouped into blocks by indentation, type changes, short lines and quotes."""
    insets = insets or [None] * len(lines)
    groups: list[Group] = []
    item: ColumnLine | None = None  # the first line of the list item the lines may stand under
    for line, inset in zip(lines, insets):
        reason = _opens_quoted(groups[-1], line, inset) if groups else "first"
        under = item is not None and inset is None and groups[-1].quote is None and hangs(item, line)
        if reason == "indent" and under and groups[-1].lines[-1].shortfall < FULL_LINE:
            reason = None  # a list item's later line, under the item's text
        # (after a short line, a line under the item's text opens the item's next paragraph)
        if reason:
            groups.append(Group([line], reason, inset))
            if not under:
                item = line if inset is None else None
        else:
            groups[-1].lines.append(line)
    return groups


def group_text(group: Group) -> Styled:
    """The group's lines joined, spaces tidied, punctuation repaired."""
    joined = tidy(join_lines([Styled.of(ln.text, ln.segment.bold, ln.segment.emphasis) for ln in group.lines]))
    return joined.map_text(normalise_punctuation(joined.text))


def build_blocks(lines: Sequence[ColumnLine], diagnostics: Diagnostics) -> tuple[list[Block], list[int], list[Dropped]]:
    """The article body from its column lines in reading order, each line's block index, and the
    list bullets taken off list items."""
    body = body_style(lines)
    groups = group_lines(lines, find_quotes(lines, body, line_style))
    texts = [group_text(g) for g in groups]
    numbered = numbered_items([g.lines if g.quote is None else [] for g in groups])
    verdicts = [
        Verdict(False) if g.quote is not None or opens_item(g.lines[0]) or k in numbered
        else judge(t.text, g.lines, _styled(g, body), _next_opens(groups, k))
        for k, (g, t) in enumerate(zip(groups, texts))
    ]
    for group, verdict in zip(groups, verdicts):
        if verdict.warning:
            diagnostics.warn(f"{verdict.warning}: '{group.lines[0].text.strip()}'", group.lines[0].segment.source)
    heads = [(t.text, line_style(g.lines[0])) for g, t, v in zip(groups, texts, verdicts) if v.heading]
    levels, level_warnings = assign_levels(heads)
    for warning in level_warnings:
        diagnostics.warn(warning)
    levels_left = iter(levels)
    blocks: list[Block] = []
    for k, (group, text, verdict) in enumerate(zip(groups, texts, verdicts)):
        source = group.lines[0].segment.source
        if verdict.heading:
            blocks.append(Heading(next(levels_left), (Run(text.text),), source))
            continue
        after_heading = k > 0 and verdicts[k - 1].heading
        if group.reason == "short" and not after_heading:
            diagnostics.warn(
                f"a line after a short line is not indented; it was taken to start a paragraph: '{group.lines[0].text.strip()}'",
                source,
            )
        _warn_hyphens(group, diagnostics)
        blocks.append(Paragraph(text.runs(), source))
    merged, block_of_line = _merge_quotes(groups, blocks)
    firsts: list[ColumnLine | None] = [None] * len(merged)
    for line, index in zip((ln for g in groups for ln in g.lines), block_of_line):
        if firsts[index] is None:
            firsts[index] = line
    first_lines = [g.lines[0] for g in groups]
    numbered_blocks = frozenset(k for k, line in enumerate(firsts)
                                if line is not None and any(line is first_lines[g] for g in numbered))
    folded, where, markers = fold_lists(merged, firsts, numbered_blocks)
    return folded, [where[index] for index in block_of_line], markers


def _merge_quotes(groups: list[Group], blocks: list[Block]) -> tuple[list[Block], list[int]]:
    """Paragraphs of one block quote become one `BlockQuote`; returns each line's block index."""
    merged: list[Block] = []
    block_of_line: list[int] = []
    for k, (group, block) in enumerate(zip(groups, blocks)):
        continues = k > 0 and group.quote is not None and group.reason == "indent"
        if group.quote is None or not isinstance(block, Paragraph):
            merged.append(block)
        elif continues and isinstance(merged[-1], BlockQuote):
            last = merged[-1]
            merged[-1] = BlockQuote((*last.paragraphs, block), last.source)
        else:
            merged.append(BlockQuote((block,), block.source))
        block_of_line.extend([len(merged) - 1] * len(group.lines))
    return merged, block_of_line


def _next_opens(groups: list[Group], index: int) -> bool:
    """Whether the block after group `index` opens with an indented line (or there is none)."""
    return index + 1 == len(groups) or groups[index + 1].lines[0].indent >= INDENT_MIN


def _styled(group: Group, body: StyleKey) -> bool:
    """Whether every line of the group is set in a type that differs from the body's."""
    if not body[0]:
        return False
    for line in group.lines:
        font, size, bold = line_style(line)
        if not (bold and not body[2]) and font == body[0] and size <= body[1] + 0.5:
            return False
    return True


def _warn_hyphens(group: Group, diagnostics: Diagnostics) -> None:
    """A hyphen at a line end may be a hyphenation or part of a compound; it is kept either way."""
    for line, after in zip(group.lines, group.lines[1:]):
        text = line.text.rstrip()
        if len(text) > 1 and text[-1] == "-" and text[-2].isalpha() and after.text[:1].isalpha():
            diagnostics.warn(
                f"the line ends with a hyphen, kept as part of the word: '{text.split()[-1]}{after.text.split()[0]}'",
                line.segment.source,
            )
