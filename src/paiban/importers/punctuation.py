"""Repairing punctuation that text extraction made half-width.

Extraction often turns the full-width ，；：？！（） of a Chinese page into their ASCII look-alikes.
Set as they are, they would be narrow marks with a Latin font's spacing. A mark is Chinese when
it touches Chinese text on either side; a mark between Latin letters or digits (``1,000``,
``https://a.b/c?d=1``, ``3:30``) is Latin and stays. Quotation marks and brackets are looked
through, since “，” after a closing quote belongs to the Chinese sentence it ends. Brackets are
repaired in pairs, so that ``(GDP)`` in a Chinese sentence becomes ``（GDP）`` and not half of it.
"""

from __future__ import annotations

import bisect
import re

from paiban.text.classes import is_wide

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
"""ASCII marks and the full-width forms they stand for in Chinese text."""

_SEE_THROUGH = frozenset("“”‘’\"'《》〈〉「」『』【】()（）")
"""Marks that say nothing about the script of the text around them."""


_MARKS = re.compile("[" + re.escape("".join(FULL_WIDTH)) + "]")
_BRACKETS = re.compile(r"[()]")
_SEE_THROUGH_RUN = re.compile("[" + re.escape("".join(sorted(_SEE_THROUGH))) + "]+")


class _Context:
    """Which side of a mark in one text is Chinese: the nearest telling character, found past
    a whole run of see-through marks at once (a long run would otherwise be walked for every
    mark in it)."""

    def __init__(self, text: str):
        self.text = text
        runs = [run.span() for run in _SEE_THROUGH_RUN.finditer(text)]
        self.starts = [start for start, _ in runs]
        self.ends = [end for _, end in runs]

    def _side(self, index: int, step: int) -> bool:
        k = index + step
        run = bisect.bisect_right(self.starts, k) - 1
        if run >= 0 and k < self.ends[run]:
            k = self.starts[run] - 1 if step < 0 else self.ends[run]
        if not 0 <= k < len(self.text):
            return False
        ch = self.text[k]
        return not ch.isspace() and is_wide(ch)

    def chinese(self, index: int) -> bool:
        return self._side(index, -1) or self._side(index, 1)


def _bracket_pairs(text: str) -> dict[int, int]:
    """Index of each ASCII bracket → index of its partner, for brackets that pair up."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for bracket in _BRACKETS.finditer(text):
        index = bracket.start()
        if bracket.group() == "(":
            stack.append(index)
        elif stack:
            opening = stack.pop()
            pairs[opening], pairs[index] = index, opening
    return pairs


def normalise_punctuation(text: str) -> str:
    """`text` with ASCII marks in Chinese context made full-width; the length never changes."""
    if not _MARKS.search(text):
        return text
    pairs = _bracket_pairs(text)
    context = _Context(text)
    out = list(text)
    for mark in _MARKS.finditer(text):
        index, ch = mark.start(), mark.group()
        chinese = context.chinese(index)
        partner = pairs.get(index)
        if partner is not None:
            chinese = chinese or context.chinese(partner)
        if chinese:
            out[index] = FULL_WIDTH[ch]
    return "".join(out)


def fold(text: str) -> str:
    """Full-width marks back to ASCII: how the character ledger compares source and result."""
    for ascii_mark, full in FULL_WIDTH.items():  # seven passes in C beat one per-character mapping
        text = text.replace(full, ascii_mark)
    return text
