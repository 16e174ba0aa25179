"""Which of markdown-it's tokens an article can hold, and the refusal for each one it cannot.

An editor who writes a table or a formula and gets back a page with raw pipes and dollar signs
has been let down worse than by an error, because the page goes to the printer. So every token
type the parser can produce is listed here, either as set by the reader or with a refusal that
names the construct and says what to write instead; a token of any other type is refused too
(tests/test_markdown_tokens.py walks the parser's rules to keep the two lists complete).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from paiban.errors import ArticleError
from paiban.model.markdown_checks import Locate, inline_span, marker_end

SET: frozenset[str] = frozenset({
    "paragraph_open", "paragraph_close", "heading_open", "heading_close", "inline",
    "blockquote_open", "blockquote_close",
    "bullet_list_open", "bullet_list_close", "ordered_list_open", "ordered_list_close",
    "list_item_open", "list_item_close",
    "code_block", "fence", "hr", "html_block",
    "footnote_block_open", "footnote_block_close", "footnote_open", "footnote_close",
    "footnote_anchor", "footnote_ref",
    "text", "text_special", "softbreak", "hardbreak", "strong_open", "strong_close",
    "link_open", "link_close", "image", "html_inline", "code_inline",
    "em_open", "em_close", "s_open", "s_close",
    "table_open", "table_close", "thead_open", "thead_close", "tbody_open", "tbody_close",
    "tr_open", "tr_close", "th_open", "th_close", "td_open", "td_close",
})
"""Token types the reader turns into the article model (some only in the forms `refusal` lets
through: HTML only as comments, an image only alone in its paragraph)."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """What an unsupported construct is called in the message, and what to write instead."""

    what: str
    hint: str
    marker: str = ""  # source text that starts the construct, to find its column


REFUSED: dict[str, Refusal] = {
    "html_block": Refusal(
        "HTML cannot be set in an article",
        "write plain text; use ** for bold and > for quotes; an HTML comment <!-- … --> may stay",
        "<"),
    "html_inline": Refusal(
        "HTML cannot be set in an article",
        "write plain text; use ** for bold; an HTML comment <!-- … --> may stay", "<"),
    "image": Refusal(
        "an image must stand alone in its paragraph to be set as a figure",
        "put a blank line before and after `![说明](file.jpg)`", "!["),
}
"""Refusals of token types that are set only in some forms, or not at all."""


def refusal(token: Token, siblings: Sequence[Token] = ()) -> Refusal | None:
    """The refusal for `token`, or None when the reader sets it; `siblings` are the inline
    tokens it stands among (an image is set only when it stands alone)."""
    kind = token.type
    if kind in ("html_block", "html_inline"):
        text = token.content.strip()
        return None if text.startswith("<!--") and text.endswith("-->") else REFUSED[kind]
    if kind == "image":
        alone = [t for t in siblings if not (t.type == "text" and not t.content.strip())
                 and t.type != "softbreak"]
        return None if alone == [token] else REFUSED[kind]
    if kind in SET:
        return None
    return REFUSED.get(kind) or Refusal(
        f"the Markdown construct '{kind}' cannot be set in an article",
        "write it as plain paragraphs")


_TASK_BOX = '<input class="task-list-item-checkbox"'


def is_task_box(html: str) -> bool:
    """Whether inline HTML is the box the task-list plugin puts at the start of `- [ ]` items."""
    return html.startswith(_TASK_BOX)


_IN_CELL = Refusal("an image cannot be set in a table cell",
                   "put the image after the table as a figure of its own, and refer to it in the cell",
                   "![")


def check_supported(tokens: Sequence[Token], lines: Sequence[str], locate: Locate) -> None:
    """Raise `ArticleError` at the first token the article model has no place for."""
    in_table = False
    task = False  # a task item has begun and its box is still to come
    for token in tokens:
        found = refusal(token)
        if found is not None:
            raise ArticleError(found.what, _block_span(token, lines, locate, found.marker),
                               hint=found.hint)
        in_table = token.type != "table_close" and (in_table or token.type == "table_open")
        if token.type == "list_item_open":
            task = token.attrs.get("class") == "task-list-item"
        if token.type == "inline" and token.children:
            _check_inline(token, lines, locate, in_table, task)
            task = False


def _check_inline(inline: Token, lines: Sequence[str], locate: Locate, in_table: bool = False,
                  task: bool = False) -> None:
    children = inline.children or []
    for index, child in enumerate(children):
        if task and index == 0 and child.type == "html_inline" and is_task_box(child.content):
            continue  # the box the task-list plugin puts first in a `- [ ]` item
        found = _IN_CELL if in_table and child.type == "image" else refusal(child, children)
        if found is not None:
            raise ArticleError(found.what, _inline_place(inline, children, index, lines, locate, found),
                               hint=found.hint)


def _block_span(token: Token, lines: Sequence[str], locate: Locate, marker: str):
    """A block's first line and the column of its first character after any container marker."""
    line = token.map[0] if token.map else 0
    if not 0 <= line < len(lines):
        return locate(line, 0)
    text = lines[line]
    start = marker_end(text)
    start += len(text[start:]) - len(text[start:].lstrip())
    if marker and not text.startswith(marker, start):
        at = text.find(marker)
        start = at if at >= 0 else start
    return locate(line, start + 1)


def _inline_place(inline: Token, children: Sequence[Token], index: int, lines: Sequence[str],
                  locate: Locate, found: Refusal):
    """The place of an inline construct: counted from the tokens before it, or else the first
    place on its line where its marker is written."""
    span = inline_span(inline, list(children), index, lines, locate)
    marker = children[index].markup or found.marker
    if span.column or not marker:
        return span
    line = span.line - locate(0, 0).line
    if 0 <= line < len(lines):
        at = lines[line].find(marker)
        if at >= 0:
            return locate(line, at + 1)
    return span
