"""Repairing punctuation that text extraction made half-width.

Extraction often turns the full-width ，；：？！（） of a Chinese page into their ASCII look-alikes.
Set as they are, they would be narrow marks with a Latin font's spacing. A mark is Chinese when
it touches Chinese text on either side; a mark between Latin letters or digits (``1,000``,
``https://a.b/c?d=1``, ``3:30``) is Latin and stays. Quotation marks and brackets are looked
through, since “，” after a closing quote belongs to the Chinese sentence it ends. Brackets are
repaired in pairs, so that ``(GDP)`` in a Chinese sentence becomes ``（GDP）`` and not half of it.
"""

from __future__ import annotations

from paiban.text.classes import is_wide

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
"""ASCII marks and the full-width forms they stand for in Chinese text."""

_SEE_THROUGH = frozenset("“”‘’\"'《》〈〉「」『』【】()（）")
"""Marks that say nothing about the script of the text around them."""


def _side_is_chinese(text: str, index: int, step: int) -> bool:
    """Whether the nearest telling character from `index` in direction `step` is Chinese."""
    k = index + step
    while 0 <= k < len(text):
        ch = text[k]
        if ch.isspace():
            return False
        if ch not in _SEE_THROUGH:
            return is_wide(ch)
        k += step
    return False


def _is_chinese_context(text: str, index: int) -> bool:
    return _side_is_chinese(text, index, -1) or _side_is_chinese(text, index, 1)


def _bracket_pairs(text: str) -> dict[int, int]:
    """Index of each ASCII bracket → index of its partner, for brackets that pair up."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for index, ch in enumerate(text):
        if ch == "(":
            stack.append(index)
        elif ch == ")" and stack:
            opening = stack.pop()
            pairs[opening], pairs[index] = index, opening
    return pairs


def normalise_punctuation(text: str) -> str:
    """`text` with ASCII marks in Chinese context made full-width; the length never changes."""
    if not any(ch in FULL_WIDTH for ch in text):
        return text
    pairs = _bracket_pairs(text)
    out = list(text)
    for index, ch in enumerate(text):
        if ch not in FULL_WIDTH:
            continue
        chinese = _is_chinese_context(text, index)
        partner = pairs.get(index)
        if partner is not None:
            chinese = chinese or _is_chinese_context(text, partner)
        if chinese:
            out[index] = FULL_WIDTH[ch]
    return "".join(out)


def fold(text: str) -> str:
    """Full-width marks back to ASCII: how the character ledger compares source and result."""
    back = {v: k for k, v in FULL_WIDTH.items()}
    return "".join(back.get(ch, ch) for ch in text)
