"""Reading a booklet manifest (BOOKLET.yaml) into a checked `Manifest`.

Checked the way style sheets are: the YAML is composed to nodes so that every key and value keeps
its line; unknown keys get a did-you-mean; paths are relative to the manifest's folder, and a
missing file is named with the manifest line that asked for it. Nothing is read from the listed
files here; that is `paiban.booklet.sources`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from paiban.errors import BookletError, Span, did_you_mean, display_path
from paiban.yamlnodes import DEPTH_HINT, NestedTooDeep, compose_yaml

#: Top-level keys: (required, what it is).
KEYS: dict[str, tuple[bool, str]] = {
    "title": (True, "the booklet title, on the cover and in running headers ({booklet})"),
    "subtitle": (False, "a line under the title on the cover"),
    "organisation": (False, "who issues the booklet, at the foot of the cover"),
    "date": (False, "under the organisation, as written (2026年11月)"),
    "style": (False, "a built-in style name or a path to a style sheet; default handout"),
    "articles": (True, "the articles, in order: paths, or mappings with file and overrides"),
    "start": (False, "where an article starts: page (the next page) or recto (the next odd page)"),
    "cover": (False, "whether the booklet has a cover page (true)"),
    "contents": (False, "whether the booklet has a table of contents (true)"),
    "pad_to": (False, "add blank pages at the end to make the page count a multiple of this (4)"),
}
#: Keys of an article given as a mapping.
ARTICLE_KEYS = ("file", "format", "title", "subtitle", "author", "kicker", "section")
#: File suffix → format; anything else needs `format:`.
FORMATS = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".pdf": "pdf"}
STARTS = ("page", "recto")


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """One listed article: its file, how to read it, and front-matter values that override it."""

    path: Path
    format: str  # markdown | text | pdf
    source: Span  # the manifest line listing it
    overrides: tuple[tuple[str, Any], ...] = ()  # (front-matter key, value)


@dataclass(frozen=True, slots=True)
class Manifest:
    """A checked booklet manifest; paths are absolute."""

    path: Path
    title: str
    articles: tuple[ArticleEntry, ...]
    subtitle: str = ""
    organisation: str = ""
    date: str = ""
    style: str = "handout"  # built-in name or absolute path of a sheet
    style_source: Span | None = None
    start: str = "page"
    cover: bool = True
    contents: bool = True
    pad_to: int = 1

    @property
    def fields(self) -> dict[str, str]:
        """Running-header fields the manifest supplies."""
        return {"booklet": self.title, "subtitle": self.subtitle, "organisation": self.organisation,
                "date": self.date}


def read_manifest(path: str | Path) -> Manifest:
    """Read and check a manifest; every problem is a BookletError at its line."""
    path = Path(path)
    shown = display_path(path)
    if not path.is_file():
        raise BookletError(f"booklet manifest not found: {shown}", Span(shown))
    root = _compose(path, shown)
    reader = _Reader(shown, path.parent.resolve())
    return reader.manifest(root, path.resolve())


def _compose(path: Path, shown: str) -> yaml.MappingNode:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BookletError(f"the manifest is not UTF-8 (byte {exc.start})", Span(shown)) from None
    try:
        node = compose_yaml(text)
    except NestedTooDeep as exc:
        mark = exc.problem_mark
        span = Span(shown, mark.line + 1, mark.column + 1)
        raise BookletError(f"the manifest is {exc.problem}", span, DEPTH_HINT) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        span = Span(shown, mark.line + 1, mark.column + 1) if mark else Span(shown)
        raise BookletError(f"YAML syntax error: {exc.problem or exc.context}", span) from None
    except yaml.YAMLError as exc:
        raise BookletError(f"YAML error: {exc}", Span(shown)) from None
    if not isinstance(node, yaml.MappingNode):
        span = _span(node, shown) if node is not None else Span(shown)
        raise BookletError("a manifest must be a mapping (title: …, articles: …)", span)
    return node


def _span(node: yaml.Node, file: str) -> Span:
    return Span(file, node.start_mark.line + 1, node.start_mark.column + 1)


class _Reader:
    """Walks the composed manifest, converting values and blaming the node that is wrong."""

    def __init__(self, file: str, folder: Path):
        self.file = file
        self.folder = folder

    def span(self, node: yaml.Node) -> Span:
        return _span(node, self.file)

    def mapping(self, node: yaml.MappingNode, allowed: tuple[str, ...], where: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Key → (key node, value node), refusing unknown and repeated keys."""
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise BookletError("a key must be a plain name", self.span(key))
            name = key.value
            if name not in allowed:
                hint = did_you_mean(name, allowed) or f"keys allowed {where}: {', '.join(allowed)}"
                raise BookletError(f"unknown manifest key '{name}'", self.span(key), hint)
            if name in out:
                raise BookletError(f"key '{name}' appears twice", self.span(key),
                                   f"the first one is on line {self.span(out[name][0]).line}")
            out[name] = (key, value)
        return out

    def text(self, name: str, node: yaml.Node) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            raise BookletError(f"{name}: expected text, got {_kind(node)}", self.span(node))
        return node.value.strip()

    def value(self, node: yaml.Node) -> Any:
        return yaml.SafeLoader("").construct_object(node) if isinstance(node, yaml.ScalarNode) else None

    def flag(self, name: str, node: yaml.Node) -> bool:
        value = self.value(node)
        if not isinstance(value, bool):
            raise BookletError(f"{name}: expected true or false, got {_kind(node)}", self.span(node))
        return value

    def manifest(self, root: yaml.MappingNode, path: Path) -> Manifest:
        keys = self.mapping(root, tuple(KEYS), "at the top level")
        for name, (required, _) in KEYS.items():
            if required and name not in keys:
                raise BookletError(f"the manifest has no '{name}'", Span(self.file, 1),
                                   f"{name}: {KEYS[name][1]}")
        values: dict[str, Any] = {}
        for name in ("title", "subtitle", "organisation", "date"):
            if name in keys:
                values[name] = self.text(name, keys[name][1])
        if not values["title"]:
            raise BookletError("title: the booklet needs a title", self.span(keys["title"][1]))
        if "style" in keys:
            values["style"], values["style_source"] = self.style(keys["style"][1])
        if "start" in keys:
            values["start"] = self.choice("start", keys["start"][1], STARTS)
        for name in ("cover", "contents"):
            if name in keys:
                values[name] = self.flag(name, keys[name][1])
        if "pad_to" in keys:
            values["pad_to"] = self.pad_to(keys["pad_to"][1])
        articles = self.articles(keys["articles"][1])
        return Manifest(path=path, articles=articles, **values)

    def choice(self, name: str, node: yaml.Node, choices: tuple[str, ...]) -> str:
        word = self.text(name, node)
        if word not in choices:
            raise BookletError(f"{name}: expected one of {', '.join(choices)}, got '{word}'",
                               self.span(node), did_you_mean(word, choices))
        return word

    def pad_to(self, node: yaml.Node) -> int:
        value = self.value(node)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise BookletError(f"pad_to: expected a whole number of at least 1, got {_kind(node)}",
                               self.span(node), "4 for a saddle-stitched booklet")
        return value

    def style(self, node: yaml.Node) -> tuple[str, Span]:
        """A built-in style name as it is, a sheet path made absolute and checked."""
        text = self.text("style", node)
        if not (text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text):
            return text, self.span(node)
        sheet = self.folder / text
        if not sheet.is_file():
            raise BookletError(f"style sheet not found: {text}", self.span(node),
                               f"paths are relative to the manifest's folder; looked for {sheet}")
        return str(sheet), self.span(node)

    def articles(self, node: yaml.Node) -> tuple[ArticleEntry, ...]:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            raise BookletError(f"articles: expected a list of article files, got {_kind(node)}",
                               self.span(node), "write one '- path/to/article.md' per line")
        return tuple(self.article(item) for item in node.value)

    def article(self, node: yaml.Node) -> ArticleEntry:
        if isinstance(node, yaml.ScalarNode):
            return self.entry(self.text("article", node), node, None, ())
        if not isinstance(node, yaml.MappingNode):
            raise BookletError(f"an article is a path or a mapping with file, got {_kind(node)}",
                               self.span(node))
        keys = self.mapping(node, ARTICLE_KEYS, "in an article")
        if "file" not in keys:
            raise BookletError("this article has no 'file'", self.span(node),
                               "file: the article's path, relative to the manifest")
        overrides = tuple((name, self.override(name, keys[name][1]))
                          for name in ARTICLE_KEYS[2:] if name in keys)
        fmt = self.choice("format", keys["format"][1], tuple(sorted(set(FORMATS.values())))) \
            if "format" in keys else None
        file_node = keys["file"][1]
        return self.entry(self.text("file", file_node), file_node, fmt, overrides)

    def override(self, name: str, node: yaml.Node) -> Any:
        if name == "title" and isinstance(node, yaml.SequenceNode):
            return tuple(self.text("title", part) for part in node.value)
        return self.text(name, node)

    def entry(self, text: str, node: yaml.Node, fmt: str | None, overrides: tuple) -> ArticleEntry:
        span = self.span(node)
        path = self.folder / text
        if not path.is_file():
            what = "is a folder, not a file" if path.is_dir() else "not found"
            raise BookletError(f"article file {what}: {text}", span,
                               f"paths are relative to the manifest's folder; looked for {path}")
        fmt = fmt or FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise BookletError(f"cannot tell the format of '{text}' from its name", span,
                               "name it .md, .txt or .pdf, or give format: markdown, text or pdf")
        return ArticleEntry(path, fmt, span, overrides)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list" if node.value else "an empty list"
    if node.tag == "tag:yaml.org,2002:null":
        return "nothing"
    return f"'{node.value}'"
