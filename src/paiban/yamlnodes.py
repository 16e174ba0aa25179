"""YAML read as node trees, which keep the line and column of every value for error messages.

Style sheets, front matter and booklet manifests are read through `compose_with` (font tables can
be, through `compose_yaml`), so they share one nesting limit of paiban's own, `MAX_DEPTH`. It exists
because the parsers disagree: libyaml in PyYAML 6.0.4 refuses 1,000 levels with a message that
names no file, older libyaml reads any depth, and PyYAML's own composer recurses once per level
until Python's recursion limit. None of paiban's files needs more than a handful of levels, so a
low limit checked the same way on every path gives one message, with a line, whatever is installed.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

import yaml

#: Lists and mappings inside each other, the document's top level counting as one. A style sheet
#: needs five at most (booklet → contents → heading → color → [c, m, y, k]); libyaml's own limit
#: (1,000 in PyYAML 6.0.4) and Python's recursion limit are far above it.
MAX_DEPTH = 50

#: The hint given with `NestedTooDeep` by every reader.
DEPTH_HINT = f"paiban reads at most {MAX_DEPTH} levels of lists and mappings inside each other"

T = TypeVar("T")

_COLLECTION_NODES = (yaml.SequenceNode, yaml.MappingNode)
_COLLECTION_STARTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)


class NestedTooDeep(yaml.MarkedYAMLError):
    """A list or mapping deeper than `MAX_DEPTH`; `problem_mark` is where that level opens.

    A `MarkedYAMLError`, so a reader that words YAML errors generically still gives the place;
    readers that know their file say what was nested ("the style sheet is nested deeper …").
    """

    def __init__(self, mark: yaml.Mark):
        super().__init__(problem=f"nested deeper than {MAX_DEPTH} levels", problem_mark=mark)


class _DepthLimitedLoader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, stopping at `MAX_DEPTH` before its composer, which
    recurses once per level, can reach Python's recursion limit."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        if not self.check_event(*_COLLECTION_STARTS):
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise NestedTooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _check_depth(root: yaml.Node) -> None:
    """Refuse a composed tree deeper than `MAX_DEPTH`, without recursing.

    Nodes are visited once each, in document order: an anchored value is first met where it is
    written, so its depth is the one the text shows, and aliases (even one inside its own anchor)
    cannot make the walk loop or multiply.
    """
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or not isinstance(node, _COLLECTION_NODES):
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise NestedTooDeep(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            children = list(node.value)
        stack.extend((child, depth + 1) for child in reversed(children))


#: What `compose_with` hands the node tree to: the open loader and the root node (None: empty).
Use = Callable[[yaml.SafeLoader, "yaml.Node | None"], T]


def _with_loader(loader_class: type, text: str, use: Use[T]) -> T:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_depth(node)
        return use(loader, node)
    finally:
        loader.dispose()


def compose_with(text: str, use: Use[T]) -> T:
    """Compose a YAML text and hand its node tree (None when empty) to `use`, with the loader
    still open so that `use` can construct values with its safe constructor.

    libyaml's parser when PyYAML has it, which is several times faster; on any YAML error the text
    is parsed again by PyYAML's own parser, whose messages name the problem better, and its error
    is the one raised. Either way a tree deeper than `MAX_DEPTH` raises `NestedTooDeep`.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return _with_loader(fast, text, use)
        except NestedTooDeep:
            raise
        except yaml.YAMLError:
            pass
    return _with_loader(_DepthLimitedLoader, text, use)


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree of a YAML text (None when it is empty); see `compose_with`."""
    return compose_with(text, lambda _loader, node: node)
