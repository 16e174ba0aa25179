"""Block quotes: passages set narrower than the column on both sides.

A quote's lines are inset from the left edge by the same amount as their right ends are from the
right edge, its paragraphs open with an indent beyond that inset, and its last line ends short.
That shape — not a single indented line, which is only a paragraph opening or a heading — is
what marks a quote: at least two lines, the inset measured from the second. A source that knows
fonts adds another sign: lines set, indented, in a regular face other than the body's.
"""

from __future__ import annotations

from collections.abc import Sequence

from paiban.importers.columns import INDENT_MAX, INDENT_MIN, ColumnLine
from paiban.importers.headings import StyleKey, ends_sentence, numbering
from paiban.importers.lists import hangs, number_of, opens_item

FULL_TOLERANCE = 1.0
"""Em by which a quote line's right end may miss the mirrored inset and still count as full."""


def _full(line: ColumnLine, inset: float) -> bool:
    """A full line of a quote: it ends as far in from the right edge as the quote is inset on
    the left — and visibly in, for a line ending at the edge is a body line however its start
    was measured."""
    return abs(line.shortfall - inset) <= FULL_TOLERANCE and line.shortfall >= INDENT_MIN


def _run_by_shape(lines: Sequence[ColumnLine], start: int) -> tuple[int, float] | None:
    """(end, inset) of a quote starting at `start`, judged by its shape alone."""
    if start + 1 >= len(lines) or lines[start + 1].indent < INDENT_MIN:
        return None
    if start > 0 and hangs(lines[start - 1], lines[start]):
        return None  # the later line of a list item, under the item's text
    if numbering(lines[start].text) and not ends_sentence(lines[start].text):
        return None  # a numbered heading, centred or indented, above a paragraph
    inset = min(lines[start].indent, lines[start + 1].indent)
    if lines[start].indent - inset > INDENT_MAX:
        return None  # a centred line (a heading) above an indented one: no common inset

    def inside(line: ColumnLine) -> bool:
        return line.indent >= INDENT_MIN and line.shortfall >= inset - FULL_TOLERANCE and not opens_item(line) \
            and number_of(line.text) is None

    if not inside(lines[start]):
        return None
    end = start
    fulls = 0
    while end + 1 < len(lines) and inside(lines[end + 1]):
        if _full(lines[end], inset):
            fulls += 1
        elif lines[end + 1].indent < inset + INDENT_MIN:
            break  # a short line not followed by a new quote paragraph: the quote's last line
        end += 1
    if end == start or not fulls:
        return None
    if _full(lines[end], inset) and end + 1 < len(lines) and lines[end + 1].indent < INDENT_MIN:
        return None  # the last line is full and its text runs on at the column edge: no quote
    if fulls == 1 and _full(lines[start], inset) and lines[start].indent - lines[start + 1].indent < INDENT_MIN:
        return None  # only the first line is full, and it is no quote paragraph's opening: a
        # centred line (a heading, mirrored by its nature) above a paragraph's opening line
    return end + 1, inset


def _run_by_face(lines: Sequence[ColumnLine], start: int, body: StyleKey, style_of) -> tuple[int, float] | None:
    """(end, inset) of consecutive indented lines in a regular face that is not the body's."""

    def quoted(line: ColumnLine) -> bool:
        font, _, bold = style_of(line)
        return bool(body[0]) and font != body[0] and not bold and line.indent >= INDENT_MIN

    end = start
    while end < len(lines) and quoted(lines[end]):
        end += 1
    if end == start:
        return None
    rest = [ln.indent for ln in lines[start + 1 : end]]
    inset = min(rest) if rest else lines[start].indent - 2.0
    return end, max(inset, 0.0)


def find_quotes(lines: Sequence[ColumnLine], body: StyleKey, style_of) -> list[float | None]:
    """For each line, the inset of the quote it belongs to (in em), or None for other text."""
    out: list[float | None] = [None] * len(lines)
    index = 0
    while index < len(lines):
        run = _run_by_face(lines, index, body, style_of) or _run_by_shape(lines, index)
        if run is None:
            index += 1
            continue
        end, inset = run
        for k in range(index, end):
            out[k] = inset
        index = end
    return out
