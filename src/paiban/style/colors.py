"""Colours for print: named CMYK presets, and turning a screen style's RGB into CMYK for a print build.

A press prints cyan, magenta, yellow and black inks; an RGB value in a print PDF is converted by
whoever rasterises it, with results nobody chose. Style sheets therefore write CMYK (or one of the
presets below). RGB stays allowed for screen PDFs; a print build converts each RGB value with the
plain formula (greys become K only, so an RGB black is printed as 0/0/0/100, never rich black) and
warns, naming every key that used it, so that the user can pick the ink values deliberately.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from paiban.errors import Diagnostic, Span, display_path
from paiban.style.model import Color, Style

#: Named spot-free CMYK colours (percent), under their English and Chinese names. Process blue is
#: C+M, the way print shops mix it; "gray" is a K-only 50% tint.
PRESETS: dict[str, tuple[float, float, float, float]] = {
    "black": (0, 0, 0, 100), "黑": (0, 0, 0, 100),
    "white": (0, 0, 0, 0), "白": (0, 0, 0, 0),
    "cyan": (100, 0, 0, 0), "青": (100, 0, 0, 0),
    "magenta": (0, 100, 0, 0), "品红": (0, 100, 0, 0),
    "yellow": (0, 0, 100, 0), "黄": (0, 0, 100, 0),
    "red": (0, 100, 100, 0), "红": (0, 100, 100, 0),
    "green": (100, 0, 100, 0), "绿": (100, 0, 100, 0),
    "blue": (100, 100, 0, 0), "蓝": (100, 100, 0, 0),
    "gray": (0, 0, 0, 50), "灰": (0, 0, 0, 50),
}


def preset(name: str) -> Color | None:
    """The CMYK colour a preset name stands for, or None."""
    values = PRESETS.get(name)
    return Color("cmyk", tuple(v / 100 for v in values)) if values is not None else None


def describe(color: Color) -> str:
    """A colour the way a style sheet writes it: cmyk(c,m,y,k) in percent, or #rrggbb."""
    if color.space == "cmyk":
        return "cmyk(" + ",".join(_percent(v) for v in color.values) + ")"
    return "#" + "".join(f"{round(v * 255):02x}" for v in color.values)


def _percent(value: float) -> str:
    text = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def rgb_to_cmyk(color: Color) -> Color:
    """The uncalibrated conversion: black generation from the lightest channel, whole percents.

    Whole percents because that is how ink values are specified and proofed; neutral greys come
    out with K only.
    """
    if color.space != "rgb":
        return color
    r, g, b = color.values
    k = 1.0 - max(r, g, b)
    if k >= 1.0:
        return Color("cmyk", (0.0, 0.0, 0.0, 1.0))
    c, m, y = ((1.0 - v - k) / (1.0 - k) for v in (r, g, b))
    return Color("cmyk", tuple(round(v * 100) / 100 for v in (c, m, y, k)))


def colors_for_print(style: Style) -> tuple[Style, tuple[Diagnostic, ...]]:
    """The style with every RGB colour converted to CMYK, and one warning per distinct RGB value."""
    found: dict[Color, list[str]] = {}
    converted = _convert(style, (), found)
    where = Span(display_path(style.source)) if style.source else None
    warnings = tuple(
        Diagnostic(
            f"{', '.join(keys)}: RGB colour {describe(color)} is for screen PDFs; printed as "
            f"{describe(rgb_to_cmyk(color))} (write a cmyk(c,m,y,k) value to choose the inks)",
            where,
        )
        for color, keys in found.items()
    )
    return converted, warnings


def _convert(value: Any, path: tuple[str, ...], found: dict[Color, list[str]]) -> Any:
    if isinstance(value, Color):
        if value.space != "rgb":
            return value
        found.setdefault(value, []).append(_key(path))
        return rgb_to_cmyk(value)
    if isinstance(value, dict):
        new = {k: _convert(v, (*path, _segment(k)), found) for k, v in value.items()}
        return value if all(new[k] is v for k, v in value.items()) else new
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = _convert(old, (*path, f.name), found)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def _segment(key: Any) -> str:
    """Heading levels are keyed 2, 3 in the model and written h2, h3 in sheets."""
    return f"h{key}" if isinstance(key, int) else str(key)


def _key(path: tuple[str, ...]) -> str:
    """The style-sheet key of a model path: header.style.color is written header.color."""
    return ".".join(part for part in path if part != "style")
