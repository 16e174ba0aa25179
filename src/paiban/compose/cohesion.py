"""Breaks that kinsoku allows but a proofreader marks: a number cut from what it counts.

clreq's prohibitions say which marks may not start or end a line; they say nothing of "2019 / 年",
"6 / 个月" or "〔2018〕 / 123号", which every Chinese proofreader marks. The general rule behind
them: a number and the unit, counter or measure word set directly after it read as one word
(GB/T 15835 treats "2019年", "6个月" and "123号" as single expressions), and so does a document
number's year in 〔〕 with the serial after it. These breaks are not forbidden (a paragraph must
still break somewhere), only made very expensive for the total-fit breaker, which then finds
another place; the first-fit breaker does not look at them.
"""

from __future__ import annotations

from paiban.compose.units import Unit
from paiban.text.classes import CharClass

_DIGITS = frozenset("0123456789")


def ends_number(unit: Unit) -> bool:
    """Whether a unit ends in a digit: a number, a date part, a serial ("2019", "1,234.56", "B2")."""
    return unit.cls is CharClass.LATIN and unit.text[-1] in _DIGITS


def cuts_number(units: list[Unit], b: int) -> bool:
    """Whether a break before unit b would cut a number from the Han unit or counter after it,
    or a document number's 〔year〕 from its serial."""
    if b <= 0 or b >= len(units):
        return False
    left, right = units[b - 1], units[b]
    if right.cls is CharClass.HAN and ends_number(left):
        return True  # 2019 / 年, 6 / 个月, 1,234.56 / 元
    return left.text[-1] == "〕" and right.text[0] in _DIGITS  # 〔2018〕 / 123号
