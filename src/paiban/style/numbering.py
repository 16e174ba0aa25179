"""Number styles of list markers, written in a style sheet as their first number: ``1.``,
``（一）``, ``1）``, ``①``, ``a.``.

Writing the first marker itself is what an editor knows from printed matter (公文 number their
levels 一、（一） 1. （1）), so the sheet needs no vocabulary of format names.
"""

from __future__ import annotations

from dataclasses import dataclass

_DIGITS = "一二三四五六七八九"
_FIRSTS = "1一①aA"
"""The characters that stand for the number in a written format: 1, 一, ①, a, A."""


@dataclass(frozen=True, slots=True, eq=False)
class NumberFormat:
    """A marker format: text before the number, the number's kind, text after it."""

    prefix: str
    kind: str  # one of _FIRSTS
    suffix: str

    def marker(self, number: int) -> str:
        return f"{self.prefix}{_number(self.kind, number)}{self.suffix}"


def parse_format(text: str) -> NumberFormat | None:
    """The format written as its first marker, or None when `text` holds no first number."""
    for at, char in enumerate(text):
        if char in _FIRSTS:
            rest = text[at + 1:]
            if any(c in _FIRSTS or c.isdigit() for c in rest):
                return None
            return NumberFormat(text[:at], char, rest)
    return None


def _number(kind: str, number: int) -> str:
    if kind == "一":
        return chinese_number(number)
    if kind == "①":
        return chr(0x2460 + number - 1) if 1 <= number <= 20 else f"({number})"
    if kind in "aA" and 1 <= number <= 26:
        return chr(ord(kind) + number - 1)
    return str(number)


def chinese_number(number: int) -> str:
    """一 … 九十九 as Chinese documents number their parts; larger numbers in digits."""
    if not 1 <= number <= 99:
        return str(number)
    tens, ones = divmod(number, 10)
    text = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens - 1] + "十")
    return text + (_DIGITS[ones - 1] if ones else "")
