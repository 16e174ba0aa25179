"""Breaks that cut a number from what belongs with it, found in a paragraph's text.

A break is an offset into the paragraph's text: the line before it ends at text[k-1] and the
next begins at text[k]. These are pure functions of the text, so the rules are tested on strings.
"""

from __future__ import annotations

import re

#: Units and counters read as one with the number before them (2019 / 年 is a bad break).
#: Longer units first, so that 平方公里 is named rather than 平.
UNITS = tuple(sorted((
    "年", "月", "日", "号", "个", "万", "亿", "元", "%", "％", "‰", "条", "款", "项", "期", "次",
    "名", "人", "家", "岁", "倍", "天", "小时", "分钟", "秒", "公里", "米", "吨", "亩", "级", "户",
    "台", "根", "时", "分", "克", "千克", "公斤", "公顷", "平方公里", "平方米", "立方米", "千瓦时",
    "周年", "周岁", "届", "位", "辆", "艘", "座", "所",
), key=len, reverse=True))

_DIGITS = frozenset("0123456789０１２３４５６７８９")
_ANY_DIGIT = re.compile(r"[0-9０-９]")
#: 〔2018〕123号: from the opening bracket to 号 is one unit.
_DOCUMENT_NUMBER = re.compile(r"[〔\[［(（]\d{4}[〕\]］)）]\d+号")
#: GB 1234, GB/T 1234.1-2008: the code and its number are one name.
_STANDARD = re.compile(r"(?:GB|GB/T|GB/Z|JJF|JJG|ISO|IEC)\s*\d+(?:\.\d+)*(?:\s*[-—]\s*\d{4})?")


def number_break(text: str, k: int) -> str:
    """Why the break before text[k] cuts a number off ("" when it does not)."""
    if not 0 < k < len(text):
        return ""
    before, after = text[k - 1], text[k]
    lo, hi = max(0, k - 40), min(len(text), k + 40)
    if _ANY_DIGIT.search(text, lo, hi) is None:  # most breaks: no number anywhere near
        return ""
    if before in _DIGITS:
        for unit in UNITS:
            if text.startswith(unit, k):
                return f"number and unit {unit}"
    if _inside_number(text, k):
        return "inside a number"
    for pattern, what in ((_DOCUMENT_NUMBER, "inside a document number"), (_STANDARD, "inside a standard number")):
        for m in pattern.finditer(text, lo, hi):
            if m.start() < k < m.end():
                return what
    return ""


def _inside_number(text: str, k: int) -> bool:
    """1,234.56 cut anywhere: a digit (or a separator between digits) on both sides."""
    before, after = text[k - 1], text[k]
    if before in _DIGITS and after in _DIGITS:
        return True
    if before in ",." and k >= 2 and text[k - 2] in _DIGITS and after in _DIGITS:
        return True
    return before in _DIGITS and after in ",." and k + 1 < len(text) and text[k + 1] in _DIGITS
