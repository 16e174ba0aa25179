"""Reading an article from Markdown with a YAML front matter.

The file format is deliberately plain so that editors can write it by hand: a front matter
between two ``---`` lines (title, kicker, author, …) and a CommonMark body of paragraphs,
``##``–``####`` headings, ``**bold**``, ``*emphasis*``, ``~~strike~~``, links, code, ``>``
quotes, lists, GFM tables, hard line breaks and ``***`` breaks. Whatever else markdown-it reads
is refused (`paiban.model.markdown_support`), and anything wrong is reported as an
`ArticleError` pointing at the line in the user's file, because the user has to fix it there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.footnote import footnote_plugin

from paiban.errors import ArticleError, Span, did_you_mean, display_path
from paiban.model.article import (
    HARD_BREAK,
    Article,
    ArticleMeta,
    Block,
    BlockQuote,
    CodeBlock,
    Figure,
    Heading,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    PullQuote,
    Run,
    SectionBreak,
    Table,
)
from paiban.model.endmatter import mark_end_lines, take_lead
from paiban.model.figures import figure_from_fence, make_figure
from paiban.model.markdown_checks import check_tokens
from paiban.model.markdown_support import check_supported, is_task_box
from paiban.yamlnodes import DEPTH_HINT, NestedTooDeep, compose_with

FRONT_MATTER_KEYS: tuple[str, ...] = (
    "title",
    "kicker",
    "author",
    "publication",
    "issue",
    "first_page",
    "subtitle",
    "section",
    "lead",
)
"""The front-matter keys, in the order the writer puts them."""

_FENCE = "---"
_BOM = "\ufeff"


# --------------------------------------------------------------------------- entry points


def read_article(path: str | Path) -> Article:
    """Read an article file; every problem becomes an `ArticleError` located in that file."""
    path = Path(path)
    shown = display_path(path)
    if not path.is_file():
        what = "is a folder, not an article file" if path.is_dir() else "not found"
        raise ArticleError(f"article file {what}: {shown}", Span(shown))
    article = parse_article(_decode(path.read_bytes(), shown), source=shown)
    return replace(article, base=str(path.resolve().parent))


def parse_article(text: str, source: str = "<string>") -> Article:
    """Parse article text; `source` names the file in spans and error messages."""
    if not text.strip(" \t\r\n\ufeff"):
        raise ArticleError("the article is empty", Span(source),
                           hint="an article starts with a front matter (`---`, `title: …`, `---`) and then its text")
    lines = _normalise(text).split("\n")
    close = _front_matter_end(lines, source)
    meta = _parse_meta("\n".join(lines[1:close]), source)
    reader = _BodyReader(source, fence_line=close + 1)
    blocks = mark_end_lines(reader.read(lines[close + 1 :]))
    meta, blocks = take_lead(meta, blocks)
    return Article(meta=meta, blocks=blocks, source=source, notes=reader.notes)


# --------------------------------------------------------------------------- bytes and lines


def _decode(data: bytes, shown: str) -> str:
    """Only UTF-8 is accepted, so that a GBK file fails loudly instead of printing as mojibake."""
    bom = len(b"\xef\xbb\xbf") if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start
        start, end = _line_bounds(data, offset)
        line = data.count(b"\n", 0, offset) + 1
        column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
        raise ArticleError(
            f"the article is not UTF-8: byte 0x{data[offset]:02X} at byte offset {offset} "
            f"(line {line}) cannot be decoded",
            Span(shown, line, column),
            hint=_encoding_hint(data[start:end]),
        ) from None


def _line_bounds(data: bytes, offset: int) -> tuple[int, int]:
    """Byte range of the line holding `offset`, without its line break."""
    start = data.rfind(b"\n", 0, offset) + 1
    end = data.find(b"\n", offset)
    return start, len(data) if end < 0 else end


def _encoding_hint(line: bytes) -> str:
    """Chinese text that is not UTF-8 is nearly always GBK/GB18030, so say how to convert it."""
    advice = "save the file as UTF-8"
    try:
        line.decode("gb18030")
    except UnicodeDecodeError:
        return advice
    convert = "iconv -f GB18030 -t UTF-8"
    return f"{advice}; this line looks like GBK/GB18030 text (convert with `{convert}`)"


def _normalise(text: str) -> str:
    """Windows editors add a BOM and CRLF; line numbers must still match what the user sees."""
    if text.startswith(_BOM):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _front_matter_end(lines: list[str], source: str) -> int:
    """Index of the closing ``---`` line; front matter is mandatory because the title is there."""
    if not lines or lines[0].rstrip() != _FENCE:
        raise ArticleError(
            "the article has no front matter",
            Span(source, 1, 1),
            hint="start the file with a `---` line, then `title:`, `author:` … "
            "and a closing `---` line",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() == _FENCE:
            return index
    raise ArticleError(
        "the front matter is not closed",
        Span(source, 1, 1),
        hint="add a `---` line after the last front-matter key, before the body text",
    )


# --------------------------------------------------------------------------- front matter


@dataclass(frozen=True)
class _Entry:
    """One front-matter key: the loaded value and the YAML nodes that say where it was written."""

    key: str
    value: Any
    key_node: yaml.Node
    value_node: yaml.Node


def _parse_meta(yaml_text: str, source: str) -> ArticleMeta:
    """Front matter → ArticleMeta; YAML line 1 is file line 2 because of the opening ``---``."""
    data, root = _load_yaml(yaml_text, source)
    if data is None:
        return ArticleMeta()
    if not isinstance(data, dict):
        raise ArticleError(
            f"the front matter must be a list of `key: value` lines, not {_yaml_kind(data)}",
            _node_span(root, source),
            hint=_mapping_hint(yaml_text),
        )
    fields: dict[str, Any] = {}
    for entry in _entries(data, root, source):
        fields[entry.key] = _convert(entry, source)
    return ArticleMeta(**{k: v for k, v in fields.items() if v is not None})


def _load_yaml(yaml_text: str, source: str) -> tuple[Any, yaml.Node | None]:
    """Values come from the safe constructor; the node tree only gives positions and raw text."""
    try:
        return compose_with(yaml_text, _construct)
    except NestedTooDeep as exc:
        mark = exc.problem_mark
        span = Span(source, mark.line + 2, mark.column + 1)
        raise ArticleError(f"the front matter is {exc.problem}", span, hint=DEPTH_HINT) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        span = Span(source, mark.line + 2, mark.column + 1) if mark else Span(source, 2)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ArticleError(
            f"the front matter is not valid YAML: {problem}",
            span,
            hint=_yaml_hint(problem),
        ) from None


def _construct(loader: yaml.SafeLoader, node: yaml.Node | None) -> tuple[Any, yaml.Node | None]:
    """The values and the node tree they were built from, from one parse (what `yaml.load` does,
    keeping the nodes); long numbers are kept as text first."""
    if node is None:
        return None, None
    _long_numbers_as_text(node)
    return loader.construct_document(node), node


_INT_TAG = "tag:yaml.org,2002:int"
_STR_TAG = "tag:yaml.org,2002:str"
_LONGEST_NUMBER = 20
"""Digits beyond which a front-matter number is kept as the text it was written as."""


def _long_numbers_as_text(root: yaml.Node) -> None:
    """Python refuses to turn a string of more than 4,300 digits into an int (a ValueError from
    inside the YAML constructor, not a YAMLError). No front-matter key wants such a number, and
    the text keys read what was typed anyway, so a long number is built as a string and the
    key's own check (`first_page` takes 1–99999) reports it at its line."""
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:  # aliases share nodes
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _INT_TAG and len(node.value) > _LONGEST_NUMBER:
                node.tag = _STR_TAG
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                pending.extend((key, value))


def _yaml_hint(problem: str) -> str | None:
    """The two YAML mistakes editors make most, with the fix spelt out."""
    if "mapping values are not allowed" in problem:
        return 'a value containing ": " must be quoted, e.g. title: "甲: 乙"'
    if "'\\t'" in problem:
        return "indent with spaces, not tabs"
    return None


def _mapping_hint(yaml_text: str) -> str:
    if "：" in yaml_text:
        return "write keys with an ASCII colon and a space, `title: …`, not the full-width `：`"
    return "write one `key: value` per line, with a space after the colon, e.g. `title: 标题`"


def _yaml_kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return "a single string"
    return f"a single value ({type(value).__name__})"


def _node_span(node: yaml.Node | None, source: str) -> Span:
    if node is None:
        return Span(source, 2, 1)
    return Span(source, node.start_mark.line + 2, node.start_mark.column + 1)


def _entries(data: dict, root: yaml.Node, source: str) -> Iterator[_Entry]:
    """Pair loaded values with their nodes, rejecting unknown and repeated keys."""
    seen: set[str] = set()
    for key_node, value_node in root.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
        span = _node_span(key_node, source)
        if key not in FRONT_MATTER_KEYS:
            known = ", ".join(FRONT_MATTER_KEYS)
            raise ArticleError(
                f"unknown front-matter key '{key}'",
                span,
                hint=did_you_mean(key, FRONT_MATTER_KEYS) or f"the known keys are {known}",
            )
        if key in seen:
            raise ArticleError(f"front-matter key '{key}' is given twice", span)
        seen.add(key)
        yield _Entry(key, data.get(key), key_node, value_node)


def _convert(entry: _Entry, source: str) -> Any:
    """Turn one loaded value into the type ArticleMeta holds; an empty value counts as absent."""
    if entry.value is None:
        return None
    if entry.key == "title":
        return _title(entry, source)
    if entry.key == "first_page":
        return _first_page(entry, source)
    text = _scalar_text(entry.value, entry.value_node)
    if text is None:
        raise _type_error(entry, "a string", source)
    return text.strip() or None


def _scalar_text(value: Any, node: yaml.Node) -> str | None:
    """A scalar as the user typed it, so `issue: 010` stays "010" and `author: yes` stays "yes"."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, (list, dict)) or not isinstance(node, yaml.ScalarNode):
        return None
    return node.value


def _title(entry: _Entry, source: str) -> tuple[str, ...] | None:
    """A title is one string or a list of lines; a YAML block string splits at its line breaks."""
    if isinstance(entry.value, list):
        items = zip(entry.value, entry.value_node.value)
        lines = [_scalar_text(v, n) for v, n in items]
        if any(line is None for line in lines):
            raise _type_error(entry, "a string or a list of strings", source)
    else:
        text = _scalar_text(entry.value, entry.value_node)
        if text is None:
            raise _type_error(entry, "a string or a list of strings", source)
        lines = text.split("\n")
    kept = tuple(line.strip() for line in lines if line.strip())
    return kept or None


MAX_FIRST_PAGE = 99999
"""The largest `first_page`; page numbers are drawn in the folio, so five digits at most."""


def _first_page(entry: _Entry, source: str) -> int:
    value = entry.value
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text.startswith(("+", "-")) else text
        if digits.isdecimal() and len(digits) > _LONGEST_NUMBER:  # int() would refuse it anyway
            raise _page_range_error(entry, f"a number of {len(digits)} digits", source)
        if digits.isdecimal():
            value = int(text)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _type_error(entry, f"a page number (a whole number from 1 to {MAX_FIRST_PAGE})", source)
    if not 1 <= value <= MAX_FIRST_PAGE:
        raise _page_range_error(entry, str(value), source)
    return value


def _page_range_error(entry: _Entry, shown: str, source: str) -> ArticleError:
    return ArticleError(
        f"front-matter key 'first_page' must be from 1 to {MAX_FIRST_PAGE}, not {shown}",
        _node_span(entry.value_node, source),
    )


_LONGEST_SHOWN = 40
"""A wrong value is quoted in the message up to this many characters."""


def _type_error(entry: _Entry, wanted: str, source: str) -> ArticleError:
    shown = _scalar_text(entry.value, entry.value_node)
    if shown is not None and len(shown) > _LONGEST_SHOWN:
        shown = shown[:_LONGEST_SHOWN] + "…"
    got = f"'{shown}'" if shown is not None else _yaml_kind(entry.value)
    return ArticleError(
        f"front-matter key '{entry.key}' must be {wanted}, not {got}",
        _node_span(entry.value_node, source),
    )


# --------------------------------------------------------------------------- body


_PLAIN = Run("")
"""The marks of text outside bold, emphasis and strike."""


class _Break:
    """A line break inside a paragraph, resolved to '' or ' ' once both neighbours are known."""


_BREAK = _Break()
_Piece = Run | _Break


#: What a task item's text begins with (`[ ]`, `[x]` or `[X]` and white space); a body without
#: it anywhere has no task item, whatever its lists.
_TASK_BOX_TEXT = re.compile(r"\[[ xX]\]\s")


def _parser_for(body: str) -> MarkdownIt:
    """The parser for a body: with the task-list rule only where a task item could begin, since
    that plugin's module loads `uuid` and `platform` (about 2 % of a one-page build) and its rule
    changes nothing in a body without `[ ]` or `[x]`."""
    return _parser(_TASK_BOX_TEXT.search(body) is not None)


@lru_cache(maxsize=3)
def _parser(tasks: bool = True) -> MarkdownIt:
    """The CommonMark parser with every rule the reader knows (without the task-list rule when
    `tasks` is false), made once: building its rule chains costs more than parsing a short
    article, and a booklet reads dozens. Parsing keeps its state in the `env` argument, so one
    parser serves every article."""
    # Tables and ~~strike~~ are GitHub's, and editors write them: they are parsed so that the
    # reader sets them or refuses them, rather than printing their pipes and tildes.
    md = MarkdownIt("commonmark").use(footnote_plugin).enable(["table", "strikethrough"])
    if tasks:
        from mdit_py_plugins.tasklists import tasklists_plugin

        md.use(tasklists_plugin)
    # Escapes must stay separate tokens so that literal `**` can be told from an escaped one.
    md.disable("text_join")
    return md


class _BodyReader:
    """Turns the CommonMark tree of the body into blocks, keeping file line numbers."""

    def __init__(self, source: str, fence_line: int):
        self.source = source
        # The closing `---` is on file line `fence_line`; body line 0 is the file line after it.
        self.fence_line = fence_line
        self.notes: tuple[Note, ...] = ()
        self.lines: list[str] = []

    def read(self, body_lines: list[str]) -> tuple[Block, ...]:
        self.lines = body_lines
        body = "\n".join(body_lines)
        if not body.strip():
            raise ArticleError(
                "the article has no body text",
                Span(self.source, self.fence_line),
                hint="write the paragraphs after the closing `---` line of the front matter",
            )
        env: dict = {}
        md = _parser_for(body)
        tokens = md.parse(body, env)
        check_tokens(tokens, body_lines, md, env, self._body_span)
        check_supported(tokens, body_lines, self._body_span)
        tree = SyntaxTreeNode(tokens)
        blocks = _with_captions(tuple(self._blocks(tree.children)))
        self._check_paragraphs(blocks)
        return blocks

    def _check_paragraphs(self, blocks: tuple[Block, ...]) -> None:
        """A body of headings alone is almost always a paste that lost its text."""
        if not blocks:
            raise ArticleError("the article has no body text", Span(self.source, self.fence_line))
        if all(isinstance(b, Heading) for b in blocks):
            raise ArticleError(
                "the article has no paragraphs, only headings",
                blocks[0].source,
                hint="the body text goes below the headings, separated by blank lines",
            )

    def _body_span(self, index: int, column: int = 0) -> Span:
        """The place of body line `index` (0-based) in the file."""
        return Span(self.source, self.fence_line + index + 1, column)

    def _span(self, node: SyntaxTreeNode, extra: int = 0) -> Span:
        start = node.map[0] if node.map else 0
        return Span(self.source, self.fence_line + start + extra + 1)

    # ----------------------------------------------------------------------- blocks

    def _blocks(self, nodes: list[SyntaxTreeNode]) -> Iterator[Block]:
        for node in nodes:
            yield from self._block(node)

    def _block(self, node: SyntaxTreeNode) -> Iterator[Block]:
        kind = node.type
        if kind == "paragraph":
            yield self._figure(node) or Paragraph(self._inline(node), self._span(node))
        elif kind == "heading":
            yield Heading(self._heading_level(node), self._inline(node), self._span(node))
        elif kind == "blockquote":
            yield from self._quote(node)
        elif kind in ("bullet_list", "ordered_list"):
            yield from self._list(node)
        elif kind == "fence" and node.info.strip() == "figure":
            yield figure_from_fence(node.content, self._span(node))
        elif kind == "fence" and node.info.strip() == "pullquote":
            yield from self._pullquote(node)
        elif kind == "table":
            yield self._table(node)
        elif kind == "fence":
            yield CodeBlock(node.content.rstrip("\n"), node.info.strip(), self._span(node))
        elif kind == "code_block":  # indented by four spaces: code, as CommonMark reads it
            yield CodeBlock(node.content.rstrip("\n"), "", self._span(node))
        elif kind == "footnote_block":
            self.notes = tuple(self._notes(node))
        elif kind == "html_block":
            self._html(node.content, self._span(node))
        elif kind == "hr":
            yield SectionBreak(self._span(node))
        else:
            raise ArticleError(f"unsupported Markdown element '{kind}'", self._span(node))

    def _heading_level(self, node: SyntaxTreeNode) -> int:
        level = int(node.tag[1:])
        if level == 1:
            raise ArticleError(
                "a level-1 heading (`#`) in the body",
                self._span(node),
                hint="the title belongs in the front matter `title:`; "
                "use `##` for section headings",
            )
        if level > 4:
            raise ArticleError(
                f"a level-{level} heading (`{'#' * level}`) cannot be set",
                self._span(node),
                hint="use `##` for section headings, `###` and `####` for subheadings",
            )
        return level

    def _quote(self, node: SyntaxTreeNode) -> Iterator[BlockQuote]:
        """A quote holds only paragraphs, so headings and nested quotes inside it are flattened."""
        paragraphs = tuple(_as_paragraphs(self._blocks(node.children)))
        if paragraphs:
            yield BlockQuote(paragraphs, self._span(node))

    def _figure(self, node: SyntaxTreeNode) -> Figure | None:
        """A paragraph holding only an image is a figure; its alt text is the caption."""
        inline = node.children[0] if node.children else None
        parts = [c for c in inline.children if not (c.type == "text" and not c.content.strip())] \
            if inline is not None else []
        if len(parts) != 1 or parts[0].type != "image":
            return None
        image = parts[0]
        caption = "".join(c.content for c in image.children if c.type in ("text", "text_special"))
        options = {"image": str(image.attrs.get("src", "")), "caption": caption.strip(),
                   "source": str(image.attrs.get("title") or "").strip()}
        return make_figure(options, self._span(node), self._path_span(node, options["image"]))

    def _path_span(self, node: SyntaxTreeNode, path: str) -> Span:
        """The figure's line, and the column where its image path starts (where an error about
        the image file points); the line's first character when the path is written otherwise."""
        span = self._span(node)
        start = node.map[0] if node.map else 0
        line = self.lines[start] if start < len(self.lines) else ""
        at = line.find("](" + path)
        column = at + 3 if at >= 0 else len(line) - len(line.lstrip()) + 1
        return Span(span.file, span.line, column)

    def _pullquote(self, node: SyntaxTreeNode) -> Iterator[PullQuote]:
        lines = [line.strip() for line in node.content.split("\n") if line.strip()]
        if not lines:
            raise ArticleError("the pull quote is empty", self._span(node),
                               hint="write the quoted sentence between the fence lines")
        yield PullQuote((Run(_join_lines(lines)),), self._span(node))

    def _notes(self, block: SyntaxTreeNode) -> Iterator[Note]:
        """Footnote definitions, in the order of their first reference, as end notes."""
        for note in block.children:
            paragraphs = [c for c in note.children if c.type == "paragraph"]
            if not paragraphs:
                continue
            runs: list[Run] = []
            for paragraph in paragraphs:
                runs.extend(self._inline(paragraph))
            label = str(note.meta.get("label", ""))
            yield Note(label, merge_runs(runs), self._span(paragraphs[0]))

    def _list(self, node: SyntaxTreeNode) -> Iterator[ListBlock]:
        """A list and the lists nested in its items; the style gives the markers."""
        ordered = node.type == "ordered_list"
        start = int(node.attrs.get("start", 1)) if ordered else 1
        items = tuple(self._item(item) for item in node.children)
        # markdown-it hides the paragraphs of a tight list (no blank lines between its items)
        loose = any(child.type == "paragraph" and not child.hidden
                    for item in node.children for child in item.children)
        yield ListBlock(ordered, items, start, loose, self._span(node))

    def _table(self, node: SyntaxTreeNode) -> Table:
        """A pipe table; a caption line right above it is taken in `_with_captions`."""
        head, body = node.children[0], (node.children[1] if len(node.children) > 1 else None)
        header_cells = head.children[0].children
        aligns = tuple(str(c.attrs.get("style", "")).removeprefix("text-align:") for c in header_cells)
        header = tuple(self._inline(c, self._span(head.children[0])) for c in header_cells)
        rows = tuple(tuple(self._inline(c, self._span(row)) for c in row.children)
                     for row in (body.children if body else ()))
        return Table(header, rows, aligns, source=self._span(node))

    def _item(self, item: SyntaxTreeNode) -> ListItem:
        blocks: list[Paragraph | ListBlock | BlockQuote] = []
        for block in self._blocks(item.children):
            if not isinstance(block, (Paragraph, ListBlock, BlockQuote)):
                raise ArticleError(f"{_block_name(block)} cannot be set inside a list item",
                                   block.source or self._span(item),
                                   hint="end the list before it with a blank line and an unindented line")
            blocks.append(block)
        task = ""
        if item.attrs.get("class") == "task-list-item":
            task = "done" if self._checked(item) else "open"
            first = blocks[0]
            blocks[0] = Paragraph(_lstripped(first.runs), first.source)
        return ListItem(tuple(blocks), task, self._span(item))

    @staticmethod
    def _checked(item: SyntaxTreeNode) -> bool:
        inline = item.children[0].children[0]
        box = inline.children[0]
        return 'checked="checked"' in box.content

    def _html(self, html: str, span: Span) -> None:
        """Comments are editors' notes and may stay; any other HTML would be printed or lost."""
        stripped = html.strip()
        if stripped.startswith("<!--") and stripped.endswith("-->"):
            return
        raise ArticleError(
            "HTML cannot be set in an article",
            span,
            hint="write plain text; use ** for bold and > for quotes",
        )

    # ----------------------------------------------------------------------- inline

    def _inline(self, block: SyntaxTreeNode, span: Span | None = None) -> tuple[Run, ...]:
        span = span or self._span(block)
        pieces: list[_Piece] = []
        for inline in block.children:
            self._pieces(inline.children, _PLAIN, pieces, span)
        return merge_runs(_trim_link_spaces(_resolve_breaks(pieces)))

    def _pieces(
        self, nodes: list[SyntaxTreeNode], marks: Run, out: list[_Piece], span: Span
    ) -> None:
        """The pieces of inline nodes; `marks` is an empty run with the marks they are set in."""
        for node in nodes:
            kind = node.type
            if kind == "text":
                if any(marker in node.content for marker in ("*", "[^", "~~", "_")):
                    _check_delimiters(node.content, _here(span, out))
                out.append(replace(marks, text=node.content))
            elif kind == "text_special":
                out.append(replace(marks, text=node.content))
            elif kind == "code_inline":
                out.append(replace(marks, text=node.content, code=True))
            elif kind == "softbreak":
                out.append(_BREAK)
            elif kind == "hardbreak":
                out.append(replace(marks, text=HARD_BREAK))
            elif kind == "strong":
                self._pieces(node.children, replace(marks, bold=True), out, span)
            elif kind == "em":
                self._pieces(node.children, replace(marks, emphasis=True), out, span)
            elif kind == "s":
                self._pieces(node.children, replace(marks, strike=True), out, span)
            elif kind == "footnote_ref":
                out.append(Run(str(node.meta.get("label", "")), marks.bold, note=True))
            elif kind == "footnote_anchor":
                continue
            elif kind == "link":
                href = str(node.attrs.get("href", ""))
                self._pieces(node.children, replace(marks, link=href), out, span)
            elif kind == "html_inline" and is_task_box(node.content) and not out and marks == _PLAIN:
                continue  # a task item's box (checked first): the item is marked as a task instead
            elif kind == "html_inline":
                self._html(node.content, _here(span, out))
            elif kind == "image":
                raise ArticleError(
                    "an image must stand alone in its paragraph to be set as a figure",
                    _here(span, out),
                    hint="put a blank line before and after `![说明](file.jpg)`",
                )
            else:
                raise ArticleError(f"unsupported Markdown element '{kind}'", _here(span, out))


def _here(span: Span, pieces: list[_Piece]) -> Span:
    """The line of the next piece: the paragraph's first line plus the breaks before it. Counted
    only for a message, since counting at every piece makes a long paragraph quadratic."""
    return Span(span.file, span.line + sum(1 for p in pieces if p is _BREAK))


def _check_delimiters(text: str, span: Span) -> None:
    """Unmatched `**` would be printed as asterisks. CommonMark leaves them when bold text starts
    or ends with punctuation next to a Chinese character, a rule authors cannot be expected to know.
    """
    if _FOOTNOTE_REF.search(text):
        label = _FOOTNOTE_REF.search(text).group(0)
        raise ArticleError(
            f"the footnote {label} has no definition",
            span,
            hint=f"add a line `{label}: 注释内容` after the last paragraph",
        )
    if "**" in text:
        raise ArticleError(
            "`**` here does not start or end bold text",
            span,
            hint="CommonMark does not open bold between a character and punctuation; "
            "move the punctuation outside: “**两个维护**”, or write \\*\\* for asterisks",
        )
    if "*" in text:
        raise ArticleError(
            "`*` here does not start or end emphasis",
            span,
            hint="CommonMark does not open emphasis between a character and punctuation; "
            "move the punctuation outside: “*重点*”, or write \\* for an asterisk",
        )
    if "~~" in text:
        raise ArticleError(
            "`~~` here does not start or end struck-through text",
            span,
            hint="move the punctuation outside the tildes, or write \\~\\~ for the tildes",
        )
    found = _cjk_underscores().search(text) if "_" in text else None
    if found:
        raise ArticleError(
            f"`_` around '{found.group(1) or found.group(2)}' does not make emphasis inside Chinese text",
            span,
            hint="use *…* for emphasis inside a sentence, or write \\_ for an underscore",
        )


_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")


@lru_cache(maxsize=1)
def _cjk_underscores() -> re.Pattern[str]:
    """`_…_` touching a Chinese character, which CommonMark reads as a word's inner underscores.

    Compiled on first use, for text with an underscore: its two ranges of wide characters make it
    the costliest pattern of a build to compile (about 8 ms, 2 % of a one-page build)."""
    return re.compile(r"(?:(?<=[\u3000-\u9fff\uff00-\uffef])_([^_\s]+)_|_([^_\s]+)_(?=[\u3000-\u9fff\uff00-\uffef]))")


def _as_paragraphs(blocks: Iterator[Block]) -> Iterator[Paragraph | ListBlock]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, Heading):
            yield Paragraph(block.runs, block.source)
        elif isinstance(block, SectionBreak):
            raise ArticleError("a thematic break (`***`) cannot be set inside a block quote",
                               block.source, hint="end the quote before the break, or delete the line")
        elif isinstance(block, ListBlock):
            yield block
        elif isinstance(block, BlockQuote):
            yield from block.paragraphs
        else:
            raise ArticleError(f"{_block_name(block)} cannot be set inside a block quote", block.source,
                               hint="end the quote before it with a blank line and an unquoted line")


_TABLE_CAPTION = re.compile(r"^表\s*(\d*)\s*[：:　 ]\s*(\S.*)$|^表\s*(\d+)$")
"""A caption line above a table: 表1 说明, 表：说明, 表 说明, or 表2 alone."""


def _with_captions(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """A paragraph of one caption line right above a table becomes the table's caption."""
    out: list[Block] = []
    for block in blocks:
        before = out[-1] if out else None
        if isinstance(block, Table) and isinstance(before, Paragraph) and "\n" not in before.text:
            found = _TABLE_CAPTION.match(before.text.strip())
            if found and not any(r.bold or r.note or r.link or r.code for r in before.runs):
                number = found.group(1) or found.group(3) or ""
                out[-1] = replace(block, caption=(found.group(2) or "").strip(),
                                  label=f"表{number}" if number else "", source=before.source)
                continue
        out.append(block)
    return tuple(out)


def _block_name(block: Block) -> str:
    names = {Heading: "a heading", Figure: "a figure", PullQuote: "a pull quote", CodeBlock: "a code block",
             Table: "a table",
             SectionBreak: "a thematic break (`***`)"}
    return names.get(type(block), "this block")


def _lstripped(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """Runs without the space between a task item's box and its text."""
    if runs and not runs[0].note:
        runs = (replace(runs[0], text=runs[0].text.lstrip()), *runs[1:])
    return merge_runs(runs)


# --------------------------------------------------------------------------- line joining


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _is_neutral(char: str) -> bool:
    """Narrow punctuation and spaces (“ ” — … .) say nothing about the script around them."""
    return char == HARD_BREAK or (not _is_cjk(char) and unicodedata.category(char)[0] in ("P", "Z", "S"))


def _side_is_cjk(text: Iterable[str]) -> bool | None:
    """Whether the nearest telling character (scanning `text` in order) is CJK; None if none is."""
    for char in text:
        if not _is_neutral(char):
            return _is_cjk(char)
    return None


def _joiner(left: str, right: str) -> str:
    """What a source line break becomes: a Chinese paragraph wrapped in the file must not get
    spaces, while English words on either side of the break need one."""
    return _gap(_side_is_cjk(reversed(left)), _side_is_cjk(right))


def _gap(before: bool | None, after: bool | None) -> str:
    """A space only between two sides that are both non-CJK text."""
    return " " if before is False and after is False else ""


def _join_lines(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        text += _joiner(text, line) + line
    return text


def _resolve_breaks(pieces: list[_Piece]) -> list[Run]:
    """Replace each break by '' or ' ', appended to the run before it so runs stay aligned."""
    after = _sides_after(pieces)
    before: bool | None = None  # the side of all run text so far, read from its end
    runs: list[Run] = []
    for index, piece in enumerate(pieces):
        if isinstance(piece, Run):
            runs.append(piece)
            side = _side_is_cjk(reversed(piece.text))
            before = before if side is None else side
            continue
        gap = _gap(before, after[index])
        if gap and runs:
            if runs[-1].note:  # a note label takes no space; the space follows the marker
                runs.append(Run(gap, runs[-1].bold))
            else:
                runs[-1] = replace(runs[-1], text=runs[-1].text + gap)
    return runs


def _trim_link_spaces(runs: list[Run]) -> list[Run]:
    """Spaces typed between a link and Chinese text: the page sets no space there (the composer
    puts its own Han–Latin gap where one side is Latin), so they are dropped."""
    if not any(run.link for run in runs):
        return runs
    out = list(runs)
    for k in range(len(out) - 1):
        left, right = out[k], out[k + 1]
        if left.link == right.link or left.note or right.note:
            continue
        before = left.text.rstrip(" ")
        after = right.text.lstrip(" ")
        if not before or not after:
            continue
        if before != left.text and (_is_cjk(before[-1]) or _is_cjk(after[0])):
            out[k] = replace(left, text=before)
        if after != right.text and (_is_cjk(before[-1]) or _is_cjk(after[0])):
            out[k + 1] = replace(right, text=after)
    return out


def _sides_after(pieces: list[_Piece]) -> list[bool | None]:
    """For each piece, the side of the run text after it (as `_side_is_cjk` of all of it), found
    in one pass from the end so that a paragraph of thousands of lines stays linear."""
    sides: list[bool | None] = [None] * len(pieces)
    side: bool | None = None
    for index in range(len(pieces) - 1, -1, -1):
        sides[index] = side
        piece = pieces[index]
        if isinstance(piece, Run):
            found = _side_is_cjk(piece.text)
            side = side if found is None else found
    return sides


def merge_runs(runs: Iterable[Run]) -> tuple[Run, ...]:
    """Adjacent runs with the same marks become one, so equal text always has equal runs."""
    # Texts are gathered and joined once per merged run: adding them one by one would copy the
    # run's text again for every character of a paragraph read a character at a time.
    merged: list[Run] = []
    texts: list[list[str]] = []
    for run in runs:
        if not run.text:
            continue
        if merged and merged[-1].same_marks(run):
            texts[-1].append(run.text)
        else:
            merged.append(run)
            texts.append([run.text])
    return tuple(run if len(parts) == 1 else replace(run, text="".join(parts)) for run, parts in zip(merged, texts))
