"""Stage 3a of loading a style: looking keys up in the merged tree and converting their values.

`Values` finds where each key was set (or its default, or for text styles the body's value) and
converts it with one converter per `schema` type, checking each length against its key's floor.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter
from typing import Any

from paiban.errors import Span, StyleError, did_you_mean, display_path
from paiban.style import schema
from paiban.style.colors import preset
from paiban.style.model import Color
from paiban.style.ranges import Setting, blame
from paiban.style.sources import builtin_styles_dir
from paiban.style.tree import Item, Tree, describe
from paiban.text.fonts import style_font_table
from paiban.units import ZIHAO, UnitError, format_pt, parse_em, parse_length, parse_page_size


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_LENGTH = "a length such as 12pt, 5mm or 2字"
_FONT_SIZE = "a font size such as 五号, 小四 or 10.5pt"
_ZIHAO_HINT = "号数 sizes: " + ", ".join(f"{name} {format_pt(pt)}" for name, pt in ZIHAO.items())
_COLOR = ("a colour: black, white, cmyk(c,m,y,k) or [c,m,y,k] in percent, a CMYK preset (red, "
          "blue, gray…), #rrggbb or rgb(r,g,b)")
_CMYK_CALL = re.compile(r"^cmyk\((.*)\)$")
_RGB_CALL = re.compile(r"^rgb\((.*)\)$")
_HEX = re.compile(r"^#([0-9a-f]{3}|[0-9a-f]{6})$")


class Values:
    """Looks keys up in a merged tree and converts their values with `schema.KEYS`.

    Every failure names the key and points at the sheet that set the value.
    """

    def __init__(self, tree: Tree, sheet: Path, files: list[Path]):
        self.tree = tree
        self.sheet = sheet
        self.files = files
        self.top = Span(display_path(sheet))  # blamed for defaults, which no line set
        table = self.explicit("fonts")
        self.own_fonts: str | None = table.value if table is not None else None
        self.font_table = style_font_table(self.own_fonts)
        self.fonts = {family: tuple(weights) for family, weights in self.font_table.families.items()}
        self.body_size = 0.0
        builtin = builtin_styles_dir().resolve()
        #: shown names of the built-in sheets in the chain: errors prefer to blame the user's own
        self.built_in = frozenset(display_path(p) for p in files if p.parent == builtin)

    # lookup

    def explicit(self, path: str) -> Item | None:
        level: Tree = self.tree
        *sections, leaf = path.split(".")
        for name in sections:
            entry = level.get(name)
            if entry is None or not isinstance(entry.item.value, dict):
                return None
            level = entry.item.value
        entry = level.get(leaf)
        return entry.item if entry is not None else None

    def default(self, value: Any) -> Item:
        if isinstance(value, list):
            return Item([self.default(v) for v in value], self.top)
        return Item(value, self.top, None if value is None else str(value))

    def item(self, path: str) -> Item:
        found = self.explicit(path)
        return found if found is not None else self.default(schema.KEYS[path].default)

    def get(self, path: str, em: float | None = None) -> Any:
        return self.convert(path, self.item(path), em)

    def convert(self, path: str, item: Item, em: float | None) -> Any:
        key = schema.KEYS[path]
        value = self._converters[key.type](self, key, item, em)
        if key.floor is not None:
            parts = zip(item.value, value) if isinstance(value, tuple) else [(item, value)]
            for part, number in parts:
                _check_floor(key, part, number)
        return value

    def style_item(self, section: str, leaf: str) -> tuple[str, Item]:
        """Where a text style's value comes from: the style, its own default, or body."""
        path = f"{section}.{leaf}"
        found = self.explicit(path)
        if found is not None:
            return path, found
        default = schema.KEYS[path].default
        if default is not schema.INHERIT:
            return path, self.default(default)
        return self.style_item("body", leaf)

    def blame(self, *paths: str) -> tuple[str, Span]:
        """Of the keys a geometry error depends on, the one the user most likely got wrong."""
        found = blame(self.setting, self.built_in, paths)
        return found.path, found.span

    def setting(self, path: str) -> Setting:
        """Where the value of `path` was set; text-style keys follow inheritance from body."""
        section, _, leaf = path.rpartition(".")
        _, item = self.style_item(section, leaf)
        return Setting(path, item.span, item.text)

    # errors

    def expected(self, key: schema.Key, item: Item, what: str,
                 hint: str | None = None) -> StyleError:
        return StyleError(f"{key.name}: expected {what}, got {describe(item)}", item.span, hint)

    def length_error(self, key: schema.Key, item: Item, exc: ValueError, what: str,
                     hint: str | None = None) -> StyleError:
        if isinstance(exc, UnitError):
            return StyleError(f"{key.name}: {exc}", item.span)
        return self.expected(key, item, what, hint)

    # converters, one per schema type

    def _text(self, key: schema.Key, item: Item, em: float | None) -> str:
        if item.value is None or isinstance(item.value, (dict, list)):
            hint = None
            if isinstance(item.value, dict):
                hint = "YAML reads a value starting with { as a mapping: put the text in quotes"
            raise self.expected(key, item, "text", hint)
        return item.text if item.text is not None else str(item.value)

    def _int(self, key: schema.Key, item: Item, em: float | None) -> int:
        if not isinstance(item.value, int) or isinstance(item.value, bool):
            raise self.expected(key, item, "a whole number")
        if key.minimum is not None and item.value < key.minimum:
            raise StyleError(f"{key.name}: must be at least {key.minimum}, got {item.value}",
                             item.span)
        return item.value

    def _bool(self, key: schema.Key, item: Item, em: float | None) -> bool:
        if not isinstance(item.value, bool):
            raise self.expected(key, item, "true or false")
        return item.value

    def _choice(self, key: schema.Key, item: Item, em: float | None) -> str:
        word = item.text.strip() if item.text is not None and item.value is not None else None
        if word not in key.choices:
            raise self.expected(key, item, "one of " + ", ".join(key.choices),
                                did_you_mean(word, key.choices) if word else None)
        return word

    def _length(self, key: schema.Key, item: Item, em: float | None) -> float:
        return self.length(key, item, em, _LENGTH)

    def length(self, key: schema.Key, item: Item, em: float | None, what: str,
               hint: str | None = None) -> float:
        if not (_is_number(item.value) or isinstance(item.value, str)):
            raise self.expected(key, item, what, hint)
        try:
            return parse_length(item.value, em)
        except ValueError as exc:
            raise self.length_error(key, item, exc, what, hint) from None

    def _font_size(self, key: schema.Key, item: Item, em: float | None) -> float:
        size = self.length(key, item, em, _FONT_SIZE, _ZIHAO_HINT)
        if size <= 0:
            raise StyleError(
                f"{key.name}: a font size must be greater than 0, got {format_pt(size)}", item.span)
        return size

    def _optional_length(self, key: schema.Key, item: Item, em: float | None) -> float | None:
        if item.value is None:
            return None
        return self.length(key, item, em, _LENGTH + ", or null")

    def _margin(self, key: schema.Key, item: Item, em: float | None) -> float | None:
        if isinstance(item.value, str) and item.value.strip() == "auto":
            return None
        return self.length(key, item, em, "a length such as 20mm, or auto")

    def _lines_or_auto(self, key: schema.Key, item: Item, em: float | None) -> int | None:
        if isinstance(item.value, str) and item.value.strip() == "auto":
            return None
        if not isinstance(item.value, int) or isinstance(item.value, bool):
            raise self.expected(key, item, "a whole number of lines, or auto")
        return self._int(key, item, em)

    def _page_size(self, key: schema.Key, item: Item, em: float | None) -> tuple[float, float]:
        what = "a paper size (A4, A5, B5, 16开, 大16开…) or [width, height]"
        if isinstance(item.value, list) and len(item.value) == 2:
            side = schema.Key(key.name, schema.LENGTH, None, "")
            width, height = (self.length(side, part, em, _LENGTH) for part in item.value)
            for part, value in zip(item.value, (width, height)):
                if value <= 0:
                    raise StyleError(f"{key.name}: a page side must be greater than 0, "
                                     f"got {format_pt(value)}", part.span)
            return width, height
        if not isinstance(item.value, str):
            raise self.expected(key, item, what)
        try:
            return parse_page_size(item.value, em)
        except ValueError as exc:
            raise StyleError(f"{key.name}: {exc}", item.span) from None

    def _color(self, key: schema.Key, item: Item, em: float | None) -> Color:
        color = _parse_color(item)
        if color is None:
            hint = None
            if item.value is None:
                hint = "an unquoted # starts a YAML comment: write '#1a1a1a' in quotes"
            raise self.expected(key, item, _COLOR, hint)
        return color

    def _optional_color(self, key: schema.Key, item: Item, em: float | None) -> Color | None:
        if item.value is None:
            return None
        return self._color(key, item, em)

    def _family(self, key: schema.Key, item: Item, em: float | None) -> str:
        name = self._text(key, item, em).strip()
        if name not in self.fonts:
            known = ", ".join(self.fonts)
            close = did_you_mean(name, list(self.fonts))
            hint = f"{close} known families: {known}" if close else f"known families: {known}"
            raise StyleError(f"{key.name}: unknown font family '{name}'", item.span,
                             hint + " (fonts/fonts.yaml)")
        return name

    def _weight(self, key: schema.Key, item: Item, em: float | None) -> str:
        return self._text(key, item, em).strip()

    def _families(self, key: schema.Key, item: Item, em: float | None) -> tuple[str, ...]:
        if not isinstance(item.value, list):
            raise self.expected(key, item, "a list of font family names")
        return tuple(self._family(key, part, em) for part in item.value)

    def _words(self, key: schema.Key, item: Item, em: float | None) -> tuple[str, ...]:
        if not isinstance(item.value, list):
            raise self.expected(key, item, "a list of words")
        words = tuple(self._text(key, part, em) for part in item.value)
        for part, word in zip(item.value, words):
            if not word.strip():
                raise StyleError(f"{key.name}: an empty word", part.span)
        return words

    def _title_order(self, key: schema.Key, item: Item, em: float | None) -> tuple[str, ...]:
        what = "a list of " + ", ".join(schema.TITLE_ELEMENTS)
        if not isinstance(item.value, list):
            raise self.expected(key, item, what)
        seen: list[str] = []
        for part in item.value:
            word = part.text.strip() if part.text is not None and part.value is not None else None
            if word not in schema.TITLE_ELEMENTS:
                raise StyleError(f"{key.name}: unknown title element {describe(part)}", part.span,
                                 did_you_mean(word, schema.TITLE_ELEMENTS) if word else what)
            if word in seen:
                raise StyleError(f"{key.name}: '{word}' is listed twice", part.span)
            seen.append(word)
        return tuple(seen)

    def _lengths(self, key: schema.Key, item: Item, em: float | None) -> tuple[float, ...]:
        if not isinstance(item.value, list):
            raise self.expected(key, item, "a list of lengths")
        return tuple(self.length(key, part, em, _LENGTH) for part in item.value)

    def _em_length(self, key: schema.Key, item: Item, em: float | None) -> float:
        what = "a length such as 0.25em or 3pt"
        if not (_is_number(item.value) or isinstance(item.value, str)):
            raise self.expected(key, item, what)
        try:
            return parse_em(item.value, em or self.body_size)
        except ValueError as exc:
            raise self.length_error(key, item, exc, what) from None

    def _template(self, key: schema.Key, item: Item, em: float | None) -> str:
        """Header and folio text: only the documented {fields}, never format specs or attributes."""
        text = self._text(key, item, em)
        fields = "fields: " + " ".join(f"{{{name}}}" for name in schema.TEMPLATE_FIELDS)
        try:
            parts = list(Formatter().parse(text))
        except ValueError:
            raise StyleError(f"{key.name}: an unmatched brace in '{text}'", item.span,
                             f"write {{{{ and }}}} for literal braces; {fields}") from None
        for _literal, field, spec, conversion in parts:
            if field is None:
                continue
            if field not in schema.TEMPLATE_FIELDS:
                shown = "{" + field + "}"
                hint = did_you_mean(field, schema.TEMPLATE_FIELDS)
                raise StyleError(f"{key.name}: unknown field '{shown}' in '{text}'", item.span,
                                 f"{hint} {fields}" if hint else fields)
            if spec or conversion:
                raise StyleError(f"{key.name}: '{{{field}}}' cannot take a format (':' or '!') in '{text}'",
                                 item.span, fields)
        return text

    _converters = {
        schema.TEXT: _text,
        schema.INT: _int,
        schema.BOOL: _bool,
        schema.CHOICE: _choice,
        schema.LENGTH: _length,
        schema.FONT_SIZE: _font_size,
        schema.OPTIONAL_LENGTH: _optional_length,
        schema.MARGIN: _margin,
        schema.LINES_OR_AUTO: _lines_or_auto,
        schema.PAGE_SIZE: _page_size,
        schema.COLOR: _color,
        schema.OPTIONAL_COLOR: _optional_color,
        schema.FAMILY: _family,
        schema.WEIGHT: _weight,
        schema.FAMILIES: _families,
        schema.WORDS: _words,
        schema.TITLE_ORDER: _title_order,
        schema.LENGTHS: _lengths,
        schema.EM_LENGTH: _em_length,
        schema.TEMPLATE: _template,
    }


def _check_floor(key: schema.Key, item: Item, value: float | None) -> None:
    """A length below its key's floor, blamed on the value that set it."""
    if value is None:
        return
    if key.floor == schema.POSITIVE and value <= 0:
        raise StyleError(f"{key.name}: must be greater than 0, got {format_pt(value)}", item.span)
    if key.floor == schema.NOT_NEGATIVE and value < 0:
        raise StyleError(f"{key.name}: cannot be negative, got {format_pt(value)}", item.span)


def _parse_color(item: Item) -> Color | None:
    """A colour from a sheet value, or None when the value is not one."""
    value = item.value
    if isinstance(value, list):
        parts = [part.value for part in value]
        return _cmyk(parts)
    if not isinstance(value, str):
        return None
    text = value.strip().lower().replace(" ", "")
    if (named := preset(text)) is not None:
        return named
    if match := _CMYK_CALL.match(text):
        return _cmyk(_numbers(match.group(1)))
    if match := _RGB_CALL.match(text):
        parts = _numbers(match.group(1))
        if parts is None or len(parts) != 3 or not all(0 <= p <= 255 for p in parts):
            return None
        return Color("rgb", tuple(p / 255 for p in parts))
    if match := _HEX.match(text):
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return Color("rgb", tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)))
    return None


def _numbers(text: str) -> list[float] | None:
    try:
        return [float(part) for part in text.split(",")]
    except ValueError:
        return None


def _cmyk(parts: list[Any] | None) -> Color | None:
    if parts is None or len(parts) != 4:
        return None
    if not all(_is_number(p) and 0 <= p <= 100 for p in parts):
        return None
    return Color("cmyk", tuple(p / 100 for p in parts))
