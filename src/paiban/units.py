"""Lengths and paper sizes, converted to PostScript points at one boundary.

Style sheets are written the way Chinese typesetters talk: body text in 五号, indents and gutters in
字 (one body character), margins in millimetres, trim sizes by name (A4, 大16开). Everything after
the loader works in points, so the conversions live here and nowhere else.

Errors are plain `ValueError`s whose message the style loader prefixes with the key and wraps in a
`StyleError` carrying file, line and column; this module knows nothing about files.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

PT_PER_INCH = 72.0
PT_PER_MM = PT_PER_INCH / 25.4

# Font sizes by 号数 name, in points (PDF big points). These are the "word" values of GB/T
# 40070—2021 as ctex uses them by default (ctex.dtx, zihao option); the older letterpress values
# (e.g. 一号 28, 二号 21) are deliberately not used, see /work/shared/TYPOGRAPHY.md §3.1.
ZIHAO: dict[str, float] = {
    "初号": 42.0,
    "小初": 36.0,
    "一号": 26.0,
    "小一": 24.0,
    "二号": 22.0,
    "小二": 18.0,
    "三号": 16.0,
    "小三": 15.0,
    "四号": 14.0,
    "小四": 12.0,
    "五号": 10.5,
    "小五": 9.0,
    "六号": 7.5,
    "小六": 6.5,
    "七号": 5.5,
    "八号": 5.0,
}

# Trim sizes in millimetres, width × height (portrait).
# - A3, A4, A5 and B5 are ISO 216 sizes (B5 is the ISO 176 × 250 mm, not JIS B5 182 × 257 mm).
# - The 开 sizes are the trade trim sizes of the traditional Chinese sheets named in GB/T 788
#   (图书和杂志开本及其幅面尺寸): 16开 and 32开 from the 正度 787 × 1092 mm sheet, 大16开 and
#   大32开 from the 大度 889 × 1194 mm sheet. Sources disagree on 大16开 (magazines use 210 × 285,
#   some book printers 187 × 262, see TYPOGRAPHY.md §3.2); the magazine value is used here, and
#   a sheet that needs the other one writes `size: [187mm, 262mm]`.
PAPER_SIZES_MM: dict[str, tuple[float, float]] = {
    "A3": (297.0, 420.0),
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "B5": (176.0, 250.0),
    "16开": (185.0, 260.0),
    "大16开": (210.0, 285.0),
    "32开": (130.0, 184.0),
    "大32开": (140.0, 203.0),
}

# Absolute units, in points per unit.
_ABSOLUTE: dict[str, float] = {
    "pt": 1.0,
    "mm": PT_PER_MM,
    "cm": 10 * PT_PER_MM,
    "in": PT_PER_INCH,
    "px": PT_PER_INCH / 96,  # CSS pixel
}
# Units relative to a font size: 字 is the Chinese name for one full-width character, i.e. 1 em.
_RELATIVE = ("em", "字")

_UNIT_LIST = "pt, mm, cm, in, px, em, 字 or a 号数 name such as 五号"
_NUMBER_WITH_UNIT = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(.*)$")


class UnitError(ValueError):
    """A number was given with a unit that cannot be used.

    Kept apart from other `ValueError`s so that callers can tell "12 furlongs" (a length with a
    bad unit, whose message is already precise) from "big" (not a length at all, where the caller
    knows best what was expected).
    """


def parse_length(value: object, em: float | None = None) -> float:
    """Convert a length as written in a style sheet to points.

    Bare numbers are points. `em` is the font size that ``em`` and ``字`` are relative to; when it
    is None such lengths are refused, because silently picking a size would hide a mistake.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{value!r} is not a length")
    if isinstance(value, (int, float)):
        return _finite(float(value), value)
    text = value.strip()
    if text in ZIHAO:
        return ZIHAO[text]
    match = _NUMBER_WITH_UNIT.match(text)
    if match is None:
        raise ValueError(
            f"'{text}' is not a length (write a number with a unit, such as 12pt, 5mm or 2字, "
            f"or a 号数 name such as 五号)"
        )
    number = float(match.group(1))
    unit = match.group(2).strip()
    if unit == "":
        return number
    if unit.lower() in _ABSOLUTE:
        return number * _ABSOLUTE[unit.lower()]
    if unit.lower() in _RELATIVE:
        if em is None:
            raise UnitError(
                f"'{text}' is relative to a font size, and there is none to refer to here")
        return number * em
    raise UnitError(f"unknown unit '{unit}' in '{text}' (use {_UNIT_LIST})")


def parse_em(value: object, em: float) -> float:
    """Convert a length to a count of ems of size `em`.

    Used for settings the composer applies per font size (Han–Latin spacing): a bare number is
    already in ems there, since that is how such spacing is always specified (clreq: ¼ em).
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _finite(float(value), value)
    if isinstance(value, str):
        match = _NUMBER_WITH_UNIT.match(value.strip())
        if match and match.group(2).strip().lower() in _RELATIVE:
            return float(match.group(1))
    return parse_length(value, em) / em


def parse_page_size(value: object, em: float | None = None) -> tuple[float, float]:
    """Trim width and height in points, from a paper name (A4, 大16开…) or a [width, height] pair."""
    if isinstance(value, str):
        name = value.strip()
        size = PAPER_SIZES_MM.get(name) or PAPER_SIZES_MM.get(name.upper())
        if size is None:
            raise UnitError(
                f"unknown paper size '{name}' (use {', '.join(PAPER_SIZES_MM)} or [width, height])"
            )
        return size[0] * PT_PER_MM, size[1] * PT_PER_MM
    if isinstance(value, Sequence) and len(value) == 2:
        return parse_length(value[0], em), parse_length(value[1], em)
    raise ValueError(f"{value!r} is not a paper size")


def mm(value: float) -> float:
    """Millimetres to points, for code that states a fixed physical distance."""
    return value * PT_PER_MM


def format_pt(value: float) -> str:
    """A length for a message: points, at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return ("0" if text == "-0" else text) + "pt"


def _finite(number: float, original: object) -> float:
    if not math.isfinite(number):
        raise ValueError(f"{original!r} is not a finite length")
    return number
