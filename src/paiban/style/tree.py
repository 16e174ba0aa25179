"""Stage 1 of loading a style: one sheet's YAML nodes → a tree of `Item`s.

A sheet is read into a small tree that remembers, for every key and value, the file, line and
column it came from. That is why the YAML is composed to nodes (through `paiban.yamlnodes`, which
also caps the nesting) instead of loaded to plain dicts: after ``extends`` chains are merged, an
error about a value still points at the sheet that set it. Scalars are constructed by the safe
constructor only, so a sheet can never build arbitrary objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from paiban.errors import Span, StyleError, display_path
from paiban.yamlnodes import DEPTH_HINT, NestedTooDeep, compose_with


@dataclass(frozen=True, slots=True, eq=False)
class Item:
    """A value from a sheet: a scalar, a list of Item, or a dict of Entry, with its place."""

    value: Any
    span: Span
    text: str | None = None  # the scalar as written, so text keys keep "2024" or "on" verbatim


@dataclass(frozen=True, slots=True, eq=False)
class Entry:
    """A key of a mapping: where the key was written, and its value."""

    key: Span
    item: Item


Tree = dict[str, Entry]

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _Builder:
    """Turns composed YAML nodes into _Items, constructing scalars with the safe constructor."""

    def __init__(self, loader: yaml.SafeLoader, file: str):
        self.loader = loader
        self.file = file
        self.done: dict[int, Item] = {}  # aliased nodes are built once
        self.open: set[int] = set()  # nodes being built, to catch an alias inside its own anchor

    def span(self, node: yaml.Node) -> Span:
        mark = node.start_mark
        return Span(self.file, mark.line + 1, mark.column + 1)

    def item(self, node: yaml.Node) -> Item:
        if id(node) in self.done:
            return self.done[id(node)]
        if id(node) in self.open:
            raise StyleError("a YAML alias refers to the value that contains it", self.span(node))
        if isinstance(node, yaml.ScalarNode):
            return Item(self.loader.construct_object(node), self.span(node), node.value)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                self.check_tag(node, _SEQ_TAG)
                built = Item([self.item(child) for child in node.value], self.span(node))
            else:
                self.check_tag(node, _MAP_TAG)
                built = Item(self.mapping(node), self.span(node))
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

    def mapping(self, node: yaml.MappingNode) -> Tree:
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
        return {self.key_name(k): Entry(self.span(k), self.item(v)) for k, v in node.value}


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


def _compose(text: str, shown: str) -> Item | None:
    return compose_with(text, lambda loader, node: (
        _Builder(loader, shown).item(node) if node is not None else None))


#: Sheets parsed in this process, by path and shown name, with the text they were parsed from.
#: Watch mode reloads a whole extends chain after every edit; with this, only the edited sheet is
#: parsed again (the text is compared, not the mtime, which can miss two quick saves).
_parsed: dict[tuple[Path, str], tuple[str, Tree]] = {}


def _copy_tree(tree: Tree) -> Tree:
    """A copy of a tree's mappings (the only part `_check_shape` rewrites); items are frozen."""
    return {name: Entry(e.key, Item(_copy_tree(e.item.value), e.item.span, e.item.text))
            if isinstance(e.item.value, dict) else e for name, e in tree.items()}


def parse_sheet(path: Path) -> Tree:
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


def _parse_text(text: str, shown: str) -> Tree:
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


def describe(item: Item) -> str:
    if item.value is None:
        return "nothing"
    if isinstance(item.value, dict):
        return "a mapping"
    if isinstance(item.value, list):
        return "a list"
    return f"'{item.text if item.text is not None else item.value}'"
