"""Style sheets: YAML files → a validated `Style` in points.

A sheet is read into a small tree that remembers, for every key and value, the file, line and
column it came from. That is why the YAML is composed to nodes (`yaml.compose` with the safe
loader) instead of loaded to plain dicts: after ``extends`` chains are merged, an error about a
value still points at the sheet that set it, which may not be the one the user asked for. Scalars
are constructed by the safe constructor only, so a sheet can never build arbitrary objects.

Loading happens in three steps, each of which can stop with a `StyleError`:

1. read each sheet of the ``extends`` chain and check its shape (known keys, sections are mappings);
2. merge the chain, parent first, the child winning key by key;
3. convert every value with `schema.KEYS` and `paiban.units`, then check that the geometry can
   exist (margins, columns, grid, title block).
"""

from __future__ import annotations

import math
import re
import string
from difflib import get_close_matches
from pathlib import Path
from string import Formatter
from typing import Any

import yaml

from paiban.errors import Span, StyleError, did_you_mean, display_path
from paiban.style import schema
from paiban.style.colors import preset
from paiban.style.ranges import Setting, blame, check_ranges
from paiban.style.model import (
    BookletContents,
    BookletCover,
    BookletStyle,
    CJKOptions,
    Color,
    EndMatterStyle,
    FigureStyle,
    Folio,
    NotesStyle,
    PullQuoteStyle,
    Grid,
    PageGeometry,
    PrintOptions,
    RunningHeader,
    Style,
    TextStyle,
    TitleBlock,
)
from paiban.text.fonts import style_font_table
from paiban.units import ZIHAO, UnitError, format_pt, mm, parse_em, parse_length, parse_page_size
from paiban.values import dataclass
from paiban.yamlnodes import DEPTH_HINT, NestedTooDeep, compose_with

# Smallest side margin when the columns are sized from the margins rather than given.
MIN_AUTO_SIDE_MARGIN = mm(20)
# Lengths closer than this are equal; well below anything a printer can show.
_EPSILON = 0.01

__all__ = ["builtin_styles_dir", "fonts_table_path", "list_styles", "load_style"]


# --- where the bundled styles and fonts live ---------------------------------------------------


def _package_dir() -> Path:
    import paiban

    package_file = getattr(paiban, "__file__", None)  # None while paiban is a namespace package
    return Path(package_file).parent if package_file else Path(__file__).resolve().parents[1]


def _data_dir(name: str) -> Path:
    """A folder shipped with the package: inside the wheel, or at the top of a source checkout."""
    installed = _package_dir() / "_data" / name
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[3] / name


def builtin_styles_dir() -> Path:
    """The folder holding the built-in style sheets."""
    return _data_dir("styles")


def fonts_table_path() -> Path:
    """The font table that style sheets' families are checked against."""
    return _data_dir("fonts") / "fonts.yaml"


def _builtin_styles() -> dict[str, Path]:
    folder = builtin_styles_dir()
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))}


def list_styles() -> list[tuple[str, str]]:
    """Built-in styles as (name, one-line description), sorted by name."""
    out = []
    for name, path in _builtin_styles().items():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            data = None
        description = data.get("description", "") if isinstance(data, dict) else ""
        out.append((name, str(description or "")))
    return out


def _builtin_hint(prefix: str | None = None) -> str:
    names = ", ".join(_builtin_styles()) or "(none found)"
    text = f"built-in styles: {names}"
    return f"{prefix} {text}" if prefix else text


# --- the source tree ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Item:
    """A value from a sheet: a scalar, a list of _Item, or a dict of _Entry, with its place."""

    value: Any
    span: Span
    text: str | None = None  # the scalar as written, so text keys keep "2024" or "on" verbatim


@dataclass(frozen=True, slots=True)
class _Entry:
    """A key of a mapping: where the key was written, and its value."""

    key: Span
    item: _Item


_Tree = dict[str, _Entry]

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _Builder:
    """Turns composed YAML nodes into _Items, constructing scalars with the safe constructor."""

    def __init__(self, loader: yaml.SafeLoader, file: str):
        self.loader = loader
        self.file = file
        self.done: dict[int, _Item] = {}  # aliased nodes are built once
        self.open: set[int] = set()  # nodes being built, to catch an alias inside its own anchor

    def span(self, node: yaml.Node) -> Span:
        mark = node.start_mark
        return Span(self.file, mark.line + 1, mark.column + 1)

    def item(self, node: yaml.Node) -> _Item:
        if id(node) in self.done:
            return self.done[id(node)]
        if id(node) in self.open:
            raise StyleError("a YAML alias refers to the value that contains it", self.span(node))
        if isinstance(node, yaml.ScalarNode):
            return _Item(self.loader.construct_object(node), self.span(node), node.value)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                self.check_tag(node, _SEQ_TAG)
                built = _Item([self.item(child) for child in node.value], self.span(node))
            else:
                self.check_tag(node, _MAP_TAG)
                built = _Item(self.mapping(node), self.span(node))
        finally:
            self.open.discard(id(node))
        self.done[id(node)] = built
        return built

    def check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            raise StyleError(f"unsupported YAML tag '{node.tag}'", self.span(node),
                             "style sheets hold plain mappings, lists and values")

    def key_name(self, node: yaml.Node) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise StyleError("a key must be a plain name", self.span(node))
        return node.value

    def mapping(self, node: yaml.MappingNode) -> _Tree:
        first: dict[str, Span] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            name, span = self.key_name(key_node), self.span(key_node)
            if name in first:
                raise StyleError(f"key '{name}' appears twice in the same mapping", span,
                                 f"the first one is on line {first[name].line}")
            first[name] = span
        self.loader.flatten_mapping(node)  # YAML merge keys (<<: *base); explicit keys win
        return {self.key_name(k): _Entry(self.span(k), self.item(v)) for k, v in node.value}


def _yaml_error(exc: yaml.YAMLError, file: str) -> StyleError:
    if not isinstance(exc, yaml.MarkedYAMLError):
        return StyleError(f"YAML error: {exc}", Span(file))
    mark = exc.problem_mark or exc.context_mark
    span = Span(file, mark.line + 1, mark.column + 1) if mark else Span(file)
    problem = exc.problem or exc.context or "malformed YAML"
    if isinstance(exc, yaml.constructor.ConstructorError):
        return StyleError(f"unsupported YAML value: {problem}", span,
                          "style sheets hold plain mappings, lists and values")
    hint = None
    if "'\\t'" in problem:  # PyYAML names the tab as '\t'
        hint = "indent with spaces; YAML does not allow tabs"
    elif exc.context and exc.context_mark and exc.problem:
        context = exc.context_mark
        hint = f"{exc.context} at line {context.line + 1}, column {context.column + 1}"
    return StyleError(f"YAML syntax error: {problem}", span, hint)


def _compose(text: str, shown: str) -> _Item | None:
    return compose_with(text, lambda loader, node: _Builder(loader, shown).item(node) if node is not None else None)


#: Sheets parsed in this process, by path and shown name, with the text they were parsed from.
#: Watch mode reloads a whole extends chain after every edit; with this, only the edited sheet is
#: parsed again (the text is compared, not the mtime, which can miss two quick saves).
_parsed: dict[tuple[Path, str], tuple[str, _Tree]] = {}


def _copy_tree(tree: _Tree) -> _Tree:
    """A copy of a tree's mappings (the only part `_check_shape` rewrites); items are frozen."""
    return {name: _Entry(e.key, _Item(_copy_tree(e.item.value), e.item.span, e.item.text))
            if isinstance(e.item.value, dict) else e for name, e in tree.items()}


def _parse_sheet(path: Path) -> _Tree:
    """Read one sheet into a tree, checking only that it is well-formed YAML and a mapping."""
    shown = display_path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise StyleError(f"cannot read style file: {exc.strerror}", Span(shown)) from None
    except UnicodeDecodeError as exc:
        raise StyleError(f"style file is not UTF-8 (byte {exc.start})", Span(shown),
                         "save the sheet as UTF-8") from None
    cached = _parsed.get((path, shown))
    if cached is not None and cached[0] == text:
        return _copy_tree(cached[1])
    tree = _parse_text(text, shown)
    _parsed[(path, shown)] = (text, _copy_tree(tree))
    return tree


def _parse_text(text: str, shown: str) -> _Tree:
    try:
        root = _compose(text, shown)
    except NestedTooDeep as exc:
        mark = exc.problem_mark
        raise StyleError(f"the style sheet is {exc.problem}", Span(shown, mark.line + 1, mark.column + 1),
                         DEPTH_HINT) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, shown) from None
    if root is None:
        return {}
    if not isinstance(root.value, dict):
        raise StyleError("a style sheet must be a mapping of keys (name: …, page: …)", root.span)
    return root.value


# --- step 1: shape ----------------------------------------------------------------------------


def _check_shape(tree: _Tree, section: str = "") -> None:
    """Refuse unknown keys and sections that are not mappings, before any merging hides them."""
    allowed = schema.children(section)
    for name, entry in list(tree.items()):
        path = f"{section}.{name}" if section else name
        if name not in allowed:
            raise _unknown_key(name, path, section, entry.key)
        if not schema.is_section(path):
            continue
        value = entry.item.value
        if value is None:  # `quote:` with nothing under it
            tree[name] = _Entry(entry.key, _Item({}, entry.item.span))
            continue
        if not isinstance(value, dict):
            raise StyleError(
                f"{path}: expected a mapping of keys ({', '.join(schema.children(path))}), "
                f"got {_describe(entry.item)}",
                entry.item.span,
            )
        _check_shape(value, path)


def _unknown_key(name: str, path: str, section: str, span: Span) -> StyleError:
    """The error for a key the schema lacks, with the likeliest intended key as hint.

    A misspelling of a sibling is the commonest case; next, a key written in the wrong section
    (``columns`` at the top level instead of under ``page``), spelt right or nearly so.
    """
    allowed = schema.children(section)
    hint = did_you_mean(name, allowed)
    if hint is None:
        hint = _hint_elsewhere(name, section)
    if hint is None:
        where = f"in {section}" if section else "at the top level"
        hint = f"keys allowed {where}: {', '.join(allowed)}"
    return StyleError(f"unknown style key '{path}'", span, hint)


def _hint_elsewhere(name: str, section: str) -> str | None:
    elsewhere = [key for key in schema.KEYS.values() if key.parent and key.parent != section]
    homes = [key.parent for key in elsewhere if key.leaf == name]
    if len(homes) == 1:
        return f"'{name}' belongs under {homes[0]}"
    if homes:
        more = ", …" if len(homes) > 4 else ""
        return f"'{name}' belongs under a section such as {', '.join(homes[:4])}{more}"
    close = get_close_matches(name, sorted({key.leaf for key in elsewhere}), n=1, cutoff=0.6)
    homes = [key.name for key in elsewhere if close and key.leaf == close[0]]
    return f"did you mean '{homes[0]}'?" if len(homes) == 1 else None


# --- step 2: extends ---------------------------------------------------------------------------


_NOT_INHERITED = ("extends", "name", "description")


def _looks_like_path(text: str) -> bool:
    return text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text or text.startswith(".")


def _locate(name_or_path: str | Path) -> Path:
    """The sheet a load_style argument names: a path, or else a built-in style."""
    if isinstance(name_or_path, str) and not _looks_like_path(name_or_path):
        builtin = _builtin_styles().get(name_or_path)
        if builtin is not None:
            return builtin.resolve()
        if not Path(name_or_path).is_file():
            raise StyleError(f"unknown style '{name_or_path}'", None,
                             _builtin_hint(did_you_mean(name_or_path, list(_builtin_styles()))))
    path = Path(name_or_path)
    if not path.is_file():
        raise StyleError(f"style file not found: {name_or_path}", Span(display_path(path)),
                         _builtin_hint("give a path to a .yaml file, or one of the"))
    return path.resolve()


def _extends_target(item: _Item, sheet: Path) -> Path:
    """The sheet named by an `extends:` value, relative to the sheet that names it."""
    if not isinstance(item.value, str) or not item.value.strip():
        raise StyleError(
            "extends: expected a built-in style name or a path to a .yaml file, "
            f"got {_describe(item)}",
            item.span, _builtin_hint())
    text = item.value.strip()
    candidate = sheet.parent / text
    if not _looks_like_path(text):
        builtin = _builtin_styles().get(text)
        if builtin is not None:
            return builtin.resolve()
        if not candidate.is_file():
            raise StyleError(f"unknown style '{text}'", item.span,
                             _builtin_hint(did_you_mean(text, list(_builtin_styles()))))
    if not candidate.is_file():
        raise StyleError(f"style file not found: {text}", item.span,
                         f"looked for {candidate.resolve()}; " + _builtin_hint())
    return candidate.resolve()


def _load_chain(sheet: Path, above: tuple[Path, ...] = ()) -> tuple[_Tree, list[Path]]:
    """The merged tree of a sheet and everything it extends, and the files involved."""
    tree = _parse_sheet(sheet)
    _check_shape(tree)
    _resolve_font_table(tree, sheet)
    entry = tree.get("extends")
    if entry is None:
        return tree, [sheet]
    target = _extends_target(entry.item, sheet)
    chain = (*above, sheet)
    if target in chain:
        names = " → ".join(display_path(p) for p in (*chain[chain.index(target):], target))
        raise StyleError(f"extends cycle: {names}", entry.item.span,
                         "a style cannot extend itself, directly or through others")
    parent, files = _load_chain(target, chain)
    parent = {k: v for k, v in parent.items() if k not in _NOT_INHERITED}
    return _merge(parent, tree), [sheet, *files]


def _resolve_font_table(tree: _Tree, sheet: Path) -> None:
    """Make a sheet's `fonts:` path absolute, relative to that sheet, before merging hides whose it was."""
    entry = tree.get("fonts")
    if entry is None or entry.item.value is None:
        return
    item = entry.item
    if not isinstance(item.value, str) or not item.value.strip():
        raise StyleError(f"fonts: expected a path to a font table (.yaml), got {_describe(item)}", item.span)
    target = sheet.parent / item.value.strip()
    if not target.is_file():
        raise StyleError(f"fonts: font table not found: {item.value.strip()}", item.span,
                         f"looked for {target.resolve()}; the path is relative to the style sheet's folder")
    resolved = str(target.resolve())
    tree["fonts"] = _Entry(entry.key, _Item(resolved, item.span, resolved))


def _merge(base: _Tree, over: _Tree, section: str = "") -> _Tree:
    """Deep merge of two sheets: sections merge key by key, any other value is replaced whole."""
    out = dict(base)
    for name, entry in over.items():
        path = f"{section}.{name}" if section else name
        old = out.get(name)
        if old is not None and schema.is_section(path) and isinstance(old.item.value, dict):
            merged = _merge(old.item.value, entry.item.value, path)
            out[name] = _Entry(entry.key, _Item(merged, entry.item.span))
        else:
            out[name] = entry
    return out


# --- step 3: values ----------------------------------------------------------------------------


def _describe(item: _Item) -> str:
    if item.value is None:
        return "nothing"
    if isinstance(item.value, dict):
        return "a mapping"
    if isinstance(item.value, list):
        return "a list"
    return f"'{item.text if item.text is not None else item.value}'"


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


class _Resolver:
    """Converts a merged tree to a `Style`.

    Every failure names the key and points at the sheet that set the value.
    """

    def __init__(self, tree: _Tree, sheet: Path, files: list[Path]):
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

    def explicit(self, path: str) -> _Item | None:
        level: _Tree = self.tree
        *sections, leaf = path.split(".")
        for name in sections:
            entry = level.get(name)
            if entry is None or not isinstance(entry.item.value, dict):
                return None
            level = entry.item.value
        entry = level.get(leaf)
        return entry.item if entry is not None else None

    def default(self, value: Any) -> _Item:
        if isinstance(value, list):
            return _Item([self.default(v) for v in value], self.top)
        return _Item(value, self.top, None if value is None else str(value))

    def item(self, path: str) -> _Item:
        found = self.explicit(path)
        return found if found is not None else self.default(schema.KEYS[path].default)

    def get(self, path: str, em: float | None = None) -> Any:
        return self.convert(path, self.item(path), em)

    def convert(self, path: str, item: _Item, em: float | None) -> Any:
        key = schema.KEYS[path]
        value = self._converters[key.type](self, key, item, em)
        if key.floor is not None:
            parts = zip(item.value, value) if isinstance(value, tuple) else [(item, value)]
            for part, number in parts:
                _check_floor(key, part, number)
        return value

    # errors

    def expected(self, key: schema.Key, item: _Item, what: str,
                 hint: str | None = None) -> StyleError:
        return StyleError(f"{key.name}: expected {what}, got {_describe(item)}", item.span, hint)

    def length_error(self, key: schema.Key, item: _Item, exc: ValueError, what: str,
                     hint: str | None = None) -> StyleError:
        if isinstance(exc, UnitError):
            return StyleError(f"{key.name}: {exc}", item.span)
        return self.expected(key, item, what, hint)

    # converters, one per schema type

    def _text(self, key: schema.Key, item: _Item, em: float | None) -> str:
        if item.value is None or isinstance(item.value, (dict, list)):
            hint = None
            if isinstance(item.value, dict):
                hint = "YAML reads a value starting with { as a mapping: put the text in quotes"
            raise self.expected(key, item, "text", hint)
        return item.text if item.text is not None else str(item.value)

    def _int(self, key: schema.Key, item: _Item, em: float | None) -> int:
        if not isinstance(item.value, int) or isinstance(item.value, bool):
            raise self.expected(key, item, "a whole number")
        if key.minimum is not None and item.value < key.minimum:
            raise StyleError(f"{key.name}: must be at least {key.minimum}, got {item.value}",
                             item.span)
        return item.value

    def _bool(self, key: schema.Key, item: _Item, em: float | None) -> bool:
        if not isinstance(item.value, bool):
            raise self.expected(key, item, "true or false")
        return item.value

    def _choice(self, key: schema.Key, item: _Item, em: float | None) -> str:
        word = item.text.strip() if item.text is not None and item.value is not None else None
        if word not in key.choices:
            raise self.expected(key, item, "one of " + ", ".join(key.choices),
                                did_you_mean(word, key.choices) if word else None)
        return word

    def _length(self, key: schema.Key, item: _Item, em: float | None) -> float:
        return self.length(key, item, em, _LENGTH)

    def length(self, key: schema.Key, item: _Item, em: float | None, what: str,
               hint: str | None = None) -> float:
        if not (_is_number(item.value) or isinstance(item.value, str)):
            raise self.expected(key, item, what, hint)
        try:
            return parse_length(item.value, em)
        except ValueError as exc:
            raise self.length_error(key, item, exc, what, hint) from None

    def _font_size(self, key: schema.Key, item: _Item, em: float | None) -> float:
        size = self.length(key, item, em, _FONT_SIZE, _ZIHAO_HINT)
        if size <= 0:
            raise StyleError(
                f"{key.name}: a font size must be greater than 0, got {format_pt(size)}", item.span)
        return size

    def _optional_length(self, key: schema.Key, item: _Item, em: float | None) -> float | None:
        if item.value is None:
            return None
        return self.length(key, item, em, _LENGTH + ", or null")

    def _margin(self, key: schema.Key, item: _Item, em: float | None) -> float | None:
        if isinstance(item.value, str) and item.value.strip() == "auto":
            return None
        return self.length(key, item, em, "a length such as 20mm, or auto")

    def _lines_or_auto(self, key: schema.Key, item: _Item, em: float | None) -> int | None:
        if isinstance(item.value, str) and item.value.strip() == "auto":
            return None
        if not isinstance(item.value, int) or isinstance(item.value, bool):
            raise self.expected(key, item, "a whole number of lines, or auto")
        return self._int(key, item, em)

    def _page_size(self, key: schema.Key, item: _Item, em: float | None) -> tuple[float, float]:
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

    def _color(self, key: schema.Key, item: _Item, em: float | None) -> Color:
        color = _parse_color(item)
        if color is None:
            hint = None
            if item.value is None:
                hint = "an unquoted # starts a YAML comment: write '#1a1a1a' in quotes"
            raise self.expected(key, item, _COLOR, hint)
        return color

    def _optional_color(self, key: schema.Key, item: _Item, em: float | None) -> Color | None:
        if item.value is None:
            return None
        return self._color(key, item, em)

    def _family(self, key: schema.Key, item: _Item, em: float | None) -> str:
        name = self._text(key, item, em).strip()
        if name not in self.fonts:
            known = ", ".join(self.fonts)
            close = did_you_mean(name, list(self.fonts))
            hint = f"{close} known families: {known}" if close else f"known families: {known}"
            raise StyleError(f"{key.name}: unknown font family '{name}'", item.span,
                             hint + " (fonts/fonts.yaml)")
        return name

    def _weight(self, key: schema.Key, item: _Item, em: float | None) -> str:
        return self._text(key, item, em).strip()

    def _families(self, key: schema.Key, item: _Item, em: float | None) -> tuple[str, ...]:
        if not isinstance(item.value, list):
            raise self.expected(key, item, "a list of font family names")
        return tuple(self._family(key, part, em) for part in item.value)

    def _words(self, key: schema.Key, item: _Item, em: float | None) -> tuple[str, ...]:
        if not isinstance(item.value, list):
            raise self.expected(key, item, "a list of words")
        words = tuple(self._text(key, part, em) for part in item.value)
        for part, word in zip(item.value, words):
            if not word.strip():
                raise StyleError(f"{key.name}: an empty word", part.span)
        return words

    def _title_order(self, key: schema.Key, item: _Item, em: float | None) -> tuple[str, ...]:
        what = "a list of " + ", ".join(schema.TITLE_ELEMENTS)
        if not isinstance(item.value, list):
            raise self.expected(key, item, what)
        seen: list[str] = []
        for part in item.value:
            word = part.text.strip() if part.text is not None and part.value is not None else None
            if word not in schema.TITLE_ELEMENTS:
                raise StyleError(f"{key.name}: unknown title element {_describe(part)}", part.span,
                                 did_you_mean(word, schema.TITLE_ELEMENTS) if word else what)
            if word in seen:
                raise StyleError(f"{key.name}: '{word}' is listed twice", part.span)
            seen.append(word)
        return tuple(seen)

    def _lengths(self, key: schema.Key, item: _Item, em: float | None) -> tuple[float, ...]:
        if not isinstance(item.value, list):
            raise self.expected(key, item, "a list of lengths")
        return tuple(self.length(key, part, em, _LENGTH) for part in item.value)

    def _em_length(self, key: schema.Key, item: _Item, em: float | None) -> float:
        what = "a length such as 0.25em or 3pt"
        if not (_is_number(item.value) or isinstance(item.value, str)):
            raise self.expected(key, item, what)
        try:
            return parse_em(item.value, em or self.body_size)
        except ValueError as exc:
            raise self.length_error(key, item, exc, what) from None

    def _template(self, key: schema.Key, item: _Item, em: float | None) -> str:
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

    # text styles

    def style_item(self, section: str, leaf: str) -> tuple[str, _Item]:
        """Where a text style's value comes from: the style, its own default, or body."""
        path = f"{section}.{leaf}"
        found = self.explicit(path)
        if found is not None:
            return path, found
        default = schema.KEYS[path].default
        if default is not schema.INHERIT:
            return path, self.default(default)
        return self.style_item("body", leaf)

    def inherited(self, section: str, leaf: str) -> tuple[str, _Item, Any]:
        path, item = self.style_item(section, leaf)
        return path, item, self.convert(path, item, None)

    def text_style(self, section: str) -> TextStyle:
        size_path, size_item = self.style_item(section, "size")
        # em/字 in a size are of the body size; the body's own size has nothing to refer to
        size_em = None if size_path == "body.size" else self.body_size
        size = self.convert(size_path, size_item, size_em)
        family_path, family_item, family = self.inherited(section, "font")
        weight_path, weight_item, weight = self.inherited(section, "weight")
        if weight not in self.fonts[family]:
            self.missing_weight(section, family, weight, (family_path, family_item),
                                (weight_path, weight_item))
        leading = self.get(f"{section}.leading", size)
        return TextStyle(
            family=family,
            weight=weight,
            size=size,
            leading=leading,
            color=self.inherited(section, "color")[2],
            align=self.get(f"{section}.align"),
            indent=self.get(f"{section}.indent", size),
            left=self.get(f"{section}.left", size),
            right=self.get(f"{section}.right", size),
            space_before=self.get(f"{section}.space_before"),
            space_after=self.get(f"{section}.space_after"),
            letter_spacing=self.get(f"{section}.letter_spacing", size),
            fallback=self.inherited(section, "fallback")[2],
        )

    def missing_weight(self, section: str, family: str, weight: str,
                       font: tuple[str, _Item], wanted: tuple[str, _Item]) -> None:
        """Blame the setting the user most likely got wrong.

        That is one written in this style, then one written anywhere (such as body.weight), and
        the font only when both came from defaults.
        """
        own = section + "."
        ranked = [c for c in (wanted, font) if self.explicit(c[0]) is not None]
        candidates = [c for c in ranked if c[0].startswith(own)] + ranked + [font]
        path, item = candidates[0]
        weights = self.fonts[family]
        close = did_you_mean(weight, weights)
        hint = f"{family} comes in: {', '.join(weights)}"
        if path.startswith(own):
            message = f"{path}: font '{family}' has no weight '{weight}'"
        else:
            message = f"{path}: {section} uses font '{family}', which has no weight '{weight}'"
        raise StyleError(message, item.span, f"{close} {hint}" if close else hint)

    # the whole style

    def style(self) -> Style:
        body = self.text_style("body")
        self.body_size = body.size
        page = self.page(body.size)
        grid = self.grid(page, body.size)
        strong, quote = self.text_style("strong"), self.text_style("quote")
        headings = {2: self.text_style("headings.h2"), 3: self.text_style("headings.h3")}
        self.check_fits_grid(grid, {"body": body, "quote": quote, "headings.h2": headings[2],
                                    "headings.h3": headings[3]})
        title_block = self.title_block(grid, body.size)
        style = Style(
            name=self.name(),
            description=self.get("description"),
            page=page,
            grid=grid,
            body=body,
            strong=strong,
            quote=quote,
            headings=headings,
            heading_keep=self.get("heading_keep"),
            title_block=title_block,
            header=self.header(),
            folio=self.folio(),
            cjk=self.cjk(body.size),
            widows=self.get("widows"),
            orphans=self.get("orphans"),
            balance=self.get("balance"),
            booklet=self.booklet(grid),
            source=str(self.sheet),
            files=tuple(str(p) for p in self.files),
            print=self.print_options(),
            fonts=self.own_fonts,
            **self.elements(),
        )
        check_ranges(style, self.setting, self.built_in)
        return style

    def blame(self, *paths: str) -> tuple[str, Span]:
        """Of the keys a geometry error depends on, the one the user most likely got wrong."""
        found = blame(self.setting, self.built_in, paths)
        return found.path, found.span

    def setting(self, path: str) -> Setting:
        """Where the value of `path` was set; text-style keys follow inheritance from body."""
        section, _, leaf = path.rpartition(".")
        _, item = self.style_item(section, leaf)
        return Setting(path, item.span, item.text)

    def elements(self) -> dict[str, Any]:
        """The styles of lead, pull quote, figures, end matter and notes, as Style fields."""
        pullquote = self.text_style("pullquote")
        rule = self.get("pullquote.rule", pullquote.size)
        notes = self.text_style("notes")
        return {
            "lead": self.text_style("lead"),
            "pullquote": PullQuoteStyle(pullquote, rule),
            "figure": self.figure(),
            "end_matter": EndMatterStyle(self.text_style("end_matter.affiliation"),
                                         self.text_style("end_matter.editor")),
            "notes": NotesStyle(notes, self.get("notes.heading"), self.get("notes.marker")),
        }

    def figure(self) -> FigureStyle:
        label = self.get("figure.label")
        if "{n}" not in label:
            raise StyleError("figure.label: must contain {n}, where the number goes",
                             self.item("figure.label").span, 'for example "图{n}"')
        return FigureStyle(
            caption=self.text_style("figure.caption"),
            credit=self.text_style("figure.credit"),
            numbering=self.get("figure.numbering"),
            label=label,
            caption_gap=self.get("figure.caption_gap", self.body_size),
            space_before=self.get("figure.space_before"),
            space_after=self.get("figure.space_after"),
            missing=self.get("figure.missing"),
            min_dpi=self.get("figure.min_dpi"),
        )

    def name(self) -> str:
        item = self.explicit("name")
        return self.convert("name", item, None) if item is not None else self.sheet.stem

    def page(self, em: float) -> PageGeometry:
        width, height = self.get("page.size", em)
        top = self.margin("page.margins.top", em)
        bottom = self.margin("page.margins.bottom", em)
        inner = self.margin("page.margins.inner", em)
        outer = self.margin("page.margins.outer", em)
        columns = self.get("page.columns")
        gutter = self.get("page.gutter", em)
        column_width = self.get("page.column_width", em)
        frame = _Frame(width, columns, gutter, em)
        if column_width is not None:
            inner, outer = self.fit_columns(frame, column_width, inner, outer)
        else:
            inner, outer = self.fill_columns(frame, inner, outer)
        return PageGeometry(width=width, height=height, top=top, bottom=bottom, inner=inner,
                            outer=outer, columns=columns, gutter=gutter)

    def margin(self, path: str, em: float) -> float | None:
        value = self.get(path, em)
        if value is not None and value < 0:
            item = self.item(path)
            raise StyleError(f"{path}: a margin cannot be negative, got {item.text} "
                             f"({format_pt(value)})", item.span)
        return value

    def fit_columns(self, frame: _Frame, column_width: float, inner: float | None,
                    outer: float | None) -> tuple[float, float]:
        """Margins around columns of a given width; auto margins take what is left."""
        block = frame.block_width(column_width)
        path, span = self.blame("page.column_width", "page.columns", "page.gutter", "page.margins.inner",
                                "page.margins.outer", "page.size", "body.size")
        fixed = (inner or 0.0) + (outer or 0.0)
        room = frame.width - fixed
        if block > room + _EPSILON:
            where = f"the {format_pt(frame.width)} page" if inner is None and outer is None \
                else f"the {format_pt(room)} between the margins"
            raise StyleError(f"{path}: the text block ({frame.describe(column_width)}) "
                             f"is {format_pt(block)} wide, wider than {where}", span,
                             "use fewer or narrower columns, a narrower gutter or smaller margins")
        if inner is None and outer is None:
            inner = (frame.width - block) / 2
            return inner, _exact_outer(frame.width, inner, block)
        if inner is None:
            return frame.width - block - outer, outer
        if outer is None:
            return inner, _exact_outer(frame.width, inner, block)
        if abs(room - block) > _EPSILON:
            raise StyleError(f"{path}: the text block ({frame.describe(column_width)}) "
                             f"is {format_pt(block)} wide, but the margins leave {format_pt(room)}",
                             span, "set page.margins.inner or page.margins.outer to auto")
        return inner, outer

    def fill_columns(self, frame: _Frame, inner: float | None,
                     outer: float | None) -> tuple[float, float]:
        """Columns sized by the margins; both margins auto → whole characters, centred."""
        if inner is None and outer is None:
            room = (frame.width - 2 * MIN_AUTO_SIDE_MARGIN - frame.gutters) / frame.columns
            characters = math.floor(room / frame.em + 1e-9)
            if characters >= 1:
                return self.fit_columns(frame, characters * frame.em, None, None)
            inner = outer = MIN_AUTO_SIDE_MARGIN
        inner = outer if inner is None else inner
        outer = inner if outer is None else outer
        column = (frame.width - inner - outer - frame.gutters) / frame.columns
        if column <= 0:
            path, span = self.blame("page.columns", "page.gutter", "page.margins.inner",
                                    "page.margins.outer", "page.size", "body.size")
            raise StyleError(
                f"{path}: {frame.columns} columns with {format_pt(frame.gutter)} gutters "
                f"do not fit between the margins ({format_pt(frame.width - inner - outer)} of "
                f"{format_pt(frame.width)})", span,
                "use fewer columns, a narrower gutter or smaller margins")
        return inner, outer

    def grid(self, page: PageGeometry, em: float) -> Grid:
        pitch = self.get("grid.pitch", em)
        height = page.text_height
        if height < pitch - _EPSILON:
            raise StyleError(
                f"no room for a single grid line: the margins leave a text block "
                f"{format_pt(height)} tall, less than the grid pitch of {format_pt(pitch)}",
                self.blame("page.margins.top", "page.margins.bottom", "grid.pitch", "page.size",
                           "body.size")[1],
                f"the page is {format_pt(page.height)} tall; reduce page.margins.top "
                f"({format_pt(page.top)}), page.margins.bottom ({format_pt(page.bottom)}) "
                f"or grid.pitch")
        fits = math.floor(height / pitch + 1e-9)
        lines = self.get("grid.lines")
        if lines is None:
            return Grid(pitch=pitch, lines=fits)
        if lines > fits:
            path, span = self.blame("grid.lines", "grid.pitch", "page.margins.top", "page.margins.bottom",
                                    "page.size", "body.size")
            raise StyleError(
                f"{path}: {lines} lines of {format_pt(pitch)} need {format_pt(lines * pitch)}, "
                f"but the text block is {format_pt(height)} tall ({fits} lines)",
                span, "use auto, or smaller margins or pitch")
        return Grid(pitch=pitch, lines=lines)

    def check_fits_grid(self, grid: Grid, styles: dict[str, TextStyle]) -> None:
        """Text set on the grid must fit a grid line, or consecutive lines print over each other.

        The error points at whichever of the two values the user's own sheet set, the size first.
        """
        pitch = self.item("grid.pitch")
        for section, ts in styles.items():
            if ts.size <= grid.pitch + _EPSILON:
                continue
            path, size = self.style_item(section, "size")
            if size.span.file == self.top.file or pitch.span.file != self.top.file:
                raise StyleError(
                    f"{path}: {format_pt(ts.size)} is more than the grid pitch ({format_pt(grid.pitch)}); "
                    f"lines of {section} text would print over each other", size.span,
                    f"use at most {format_pt(grid.pitch)}, or a larger grid.pitch")
            raise StyleError(
                f"grid.pitch: {format_pt(grid.pitch)} is less than the {format_pt(ts.size)} of {section} "
                "text, whose lines would print over each other", pitch.span,
                f"make grid.pitch at least {format_pt(ts.size)}, or {path} smaller")

    def title_block(self, grid: Grid, em: float) -> TitleBlock:
        height = self.get("title_block.height")
        if height > grid.lines:
            path, span = self.blame("title_block.height", "grid.pitch", "page.margins.top",
                                    "page.margins.bottom", "page.size", "body.size")
            raise StyleError(
                f"{path}: the title block is {height} grid lines tall, "
                f"but a column holds only {grid.lines}", span)
        order = self.get("title_block.order")
        gaps = self.get("title_block.gaps", em)
        if len(gaps) > max(len(order) - 1, 0):
            raise StyleError(f"title_block.gaps: {len(gaps)} gaps for {len(order)} elements "
                             f"(at most {max(len(order) - 1, 0)})",
                             self.item("title_block.gaps").span)
        return TitleBlock(
            height=height,
            kicker=self.text_style("title_block.kicker"),
            title=self.text_style("title_block.title"),
            subtitle=self.text_style("title_block.subtitle"),
            author=self.text_style("title_block.author"),
            author_prefix=self.get("title_block.author_prefix"),
            title_min_size=self.get("title_block.title_min_size", em),
            order=order,
            gaps=gaps,
        )

    def header(self) -> RunningHeader:
        style = self.text_style("header")
        rule = self.get("header.rule", style.size)
        return RunningHeader(
            style=style,
            verso=self.get("header.verso"),
            recto=self.get("header.recto"),
            offset=self.get("header.offset", style.size),
            rule=rule,
            rule_gap=self.get("header.rule_gap", style.size),
            first_page=self.get("header.first_page"),
            band=self.get("header.band"),
        )

    def folio(self) -> Folio:
        style = self.text_style("folio")
        return Folio(
            style=style,
            template=self.get("folio.template"),
            offset=self.get("folio.offset", style.size),
            position=self.get("folio.position"),
        )

    def booklet(self, grid: Grid) -> BookletStyle:
        heading = self.text_style("booklet.contents.heading")
        lines = self.get("booklet.contents.heading.lines")
        if lines > grid.lines:
            path, span = self.blame("booklet.contents.heading.lines", "grid.pitch", "page.margins.top",
                                    "page.margins.bottom", "page.size", "body.size")
            raise StyleError(f"{path}: {lines} grid lines, but a column "
                             f"holds only {grid.lines}", span)
        cover = BookletCover(
            title=self.text_style("booklet.cover.title"),
            subtitle=self.text_style("booklet.cover.subtitle"),
            organisation=self.text_style("booklet.cover.organisation"),
            date=self.text_style("booklet.cover.date"),
            top=self.get("booklet.cover.top", self.body_size),
            rule=self.get("booklet.cover.rule"),
        )
        contents = BookletContents(
            heading=heading,
            entry=self.text_style("booklet.contents.entry"),
            heading_text=self.get("booklet.contents.heading.text"),
            heading_lines=lines,
            leader=self.get("booklet.contents.leader"),
        )
        fields = schema.HEADER_FIELDS + schema.BOOKLET_FIELDS
        return BookletStyle(cover, contents, self.template("booklet.header_verso", fields),
                            self.template("booklet.header_recto", fields))

    def template(self, path: str, fields: tuple[str, ...]) -> str:
        """A header template whose {fields} are all known, so a typo fails here, not mid-build."""
        text = self.get(path)
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
        except ValueError as exc:
            raise StyleError(f"{path}: {exc}", self.item(path).span,
                             "write a literal brace as {{ or }}") from None
        for name in names:
            if name not in fields:
                close = did_you_mean(name, fields)
                hint = f"fields: {', '.join('{' + f + '}' for f in fields)}"
                raise StyleError(f"{path}: unknown field {{{name}}}", self.item(path).span,
                                 f"{close} {hint}" if close else hint)
        return text

    def print_options(self) -> PrintOptions:
        """Bleed and marks; the marks must stay clear of the bleed, or they would print on it."""
        em = self.body_size
        bleed = self.get("print.bleed", em)
        length = self.get("print.mark_length", em)
        weight = self.get("print.mark_weight", em)
        offset = self.get("print.mark_offset", em)
        if offset is None:
            offset = bleed if bleed > 0 else mm(3)
        elif offset < bleed - _EPSILON:
            raise StyleError(
                f"print.mark_offset: {format_pt(offset)} puts the crop marks inside the "
                f"{format_pt(bleed)} bleed, where they would print on the artwork",
                self.item("print.mark_offset").span,
                "make the offset at least print.bleed, or use auto")
        return PrintOptions(bleed=bleed, crop_marks=self.get("print.crop_marks"),
                            mark_offset=offset, mark_length=length, mark_weight=weight,
                            mark_color=self.get("print.mark_color"))

    def cjk(self, em: float) -> CJKOptions:
        return CJKOptions(
            kinsoku=self.get("cjk.kinsoku"),
            push=self.get("cjk.push"),
            han_latin_space=self.get("cjk.han_latin_space", em),
            line_end_punct=self.get("cjk.line_end_punct"),
            line_start_opening=self.get("cjk.line_start_opening"),
            unbreakable=self.get("cjk.unbreakable"),
            missing_glyph=self.get("cjk.missing_glyph"),
        )


@dataclass(frozen=True, slots=True)
class _Frame:
    """The across-the-page facts that column fitting needs."""

    width: float
    columns: int
    gutter: float
    em: float

    @property
    def gutters(self) -> float:
        return self.gutter * (self.columns - 1)

    def block_width(self, column_width: float) -> float:
        return column_width * self.columns + self.gutters

    def describe(self, column_width: float) -> str:
        if self.columns == 1:
            return f"1 column of {format_pt(column_width)}"
        gutters = "a" if self.columns == 2 else str(self.columns - 1)
        plural = "" if self.columns == 2 else "s"
        return (f"{self.columns} columns of {format_pt(column_width)} and {gutters} "
                f"{format_pt(self.gutter)} gutter{plural}")


def _exact_outer(width: float, inner: float, block: float) -> float:
    """The outer margin that makes width − inner − outer come out as `block` in floating point.

    Layout code derives the column width from the margins; without this, 23字 columns could come
    back as 241.49999999999997 and a line of exactly 23 characters would no longer fit.
    """
    outer = width - inner - block
    for _ in range(4):
        error = (width - inner - outer) - block
        if error == 0:
            break
        outer = math.nextafter(outer, math.inf if error > 0 else -math.inf)
    return outer


def _check_floor(key: schema.Key, item: _Item, value: float | None) -> None:
    """A length below its key's floor, blamed on the value that set it."""
    if value is None:
        return
    if key.floor == schema.POSITIVE and value <= 0:
        raise StyleError(f"{key.name}: must be greater than 0, got {format_pt(value)}", item.span)
    if key.floor == schema.NOT_NEGATIVE and value < 0:
        raise StyleError(f"{key.name}: cannot be negative, got {format_pt(value)}", item.span)


def _parse_color(item: _Item) -> Color | None:
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


def load_style(name_or_path: str | Path) -> Style:
    """Load a built-in style by name (``magazine``) or a sheet by path, following ``extends``.

    Raises StyleError, with the file, line and column of the offending value, for anything that
    would otherwise surface later as a confusing layout failure.
    """
    sheet = _locate(name_or_path)
    tree, files = _load_chain(sheet)
    return _Resolver(tree, sheet, files).style()
