"""Checks on markdown-it's token stream before the article is built from it.

markdown-it protects itself against deep nesting by giving up quietly: past its `maxNesting`
(20 token levels in the CommonMark preset; a list level takes two, a quote one) it skips the rest
of the document, so a list nested ten deep lost every paragraph after it and the build still
printed "wrote …". Emphasis is not bounded at all: 400 nested `**` make a token tree that
markdown-it's own `SyntaxTreeNode` (and paiban's walk over it) can only follow by recursing
400 × 3 frames deep. So paiban sets limits of its own that fire before either happens, and then
checks that every non-blank source line ended up in some token, so that any other early stop is
an error rather than a shorter article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from paiban.errors import ArticleError, Span

MAX_BLOCK_DEPTH = 8
"""Lists and block quotes inside one another. markdown-it (CommonMark preset, maxNesting 20)
reads 9 list levels or 19 quote levels; 8 containers of any kind take at most 16 of its levels,
so paiban's message always comes before markdown-it would drop text."""

MAX_INLINE_DEPTH = 16
"""Emphasis, bold and links inside one another. Real text needs three or four (`***…***` is two);
16 keeps the token tree a few dozen frames deep, far from Python's recursion limit."""

Locate = Callable[[int, int], Span]
"""(body line index, 1-based column or 0) → the place in the user's file."""

_CONTAINERS = {"blockquote_open", "bullet_list_open", "ordered_list_open"}
_CONTAINER_CLOSES = {"blockquote_close", "bullet_list_close", "ordered_list_close"}
_LEAVES = {"paragraph_open", "heading_open", "code_block", "fence", "html_block", "hr", "table_open"}
_MARKER = re.compile(r"(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")


def check_tokens(tokens: Sequence[Token], lines: Sequence[str], md: MarkdownIt, env: dict,
                 locate: Locate) -> None:
    """Raise `ArticleError` when the body nests deeper than paiban reads or was not read whole;
    `env` is the one markdown-it filled while making `tokens`."""
    check_block_depth(tokens, lines, locate)
    check_inline_depth(tokens, lines, locate)
    check_coverage(tokens, lines, md, env, locate)


# --------------------------------------------------------------------------- block nesting


def check_block_depth(tokens: Sequence[Token], lines: Sequence[str], locate: Locate) -> None:
    """Lists and quotes deeper than MAX_BLOCK_DEPTH; the span is where the level too many starts."""
    stack: list[Token] = []
    for token in tokens:
        if token.type in _CONTAINER_CLOSES and stack:
            stack.pop()
        elif token.type in _CONTAINERS:
            stack.append(token)
            if len(stack) > MAX_BLOCK_DEPTH:
                line = token.map[0] if token.map else 0
                raise ArticleError(
                    f"lists and block quotes are nested {len(stack)} deep here; "
                    f"paiban reads at most {MAX_BLOCK_DEPTH} levels",
                    locate(line, _marker_column(stack, lines, line)),
                    hint="lists read well to three levels, past which markers repeat: "
                    "write the deeper items as ordinary paragraphs",
                )


def _marker_column(stack: list[Token], lines: Sequence[str], line: int) -> int:
    """Column of the marker (`>`, `-`, `1.`) that opens the innermost container, or 0 when the
    line cannot be read back that far. Quotes opened on earlier lines repeat their `>` on this
    one; lists opened earlier show only indentation."""
    if not 0 <= line < len(lines):
        return 0
    earlier = [t for t in stack if t.map and t.map[0] < line]
    here = len(stack) - len(earlier)
    index = sum(1 for t in earlier if t.type == "blockquote_open") + here - 1
    positions = _marker_positions(lines[line])
    if index >= len(positions):
        return 0
    column = positions[index]
    first = lines[line][column]
    wanted = {"blockquote_open": ">", "bullet_list_open": stack[-1].markup}.get(stack[-1].type)
    ok = first == wanted if wanted is not None else first.isdigit()
    return column + 1 if ok else 0


def _marker_positions(line: str) -> list[int]:
    """Offsets of the container markers at the start of a line."""
    positions: list[int] = []
    index = 0
    while True:
        while index < len(line) and line[index] in " \t":
            index += 1
        match = _MARKER.match(line, index)
        if not match:
            return positions
        positions.append(index)
        index = match.end()


# --------------------------------------------------------------------------- inline nesting


def check_inline_depth(tokens: Sequence[Token], lines: Sequence[str], locate: Locate) -> None:
    """Emphasis, bold and links deeper than MAX_INLINE_DEPTH, found without recursing."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        # (tokens, depth they start at, the line of the image whose alt text they are)
        pending: list[tuple[list[Token], int, int | None]] = [(token.children, 0, None)]
        while pending:
            children, base, image_line = pending.pop()
            depth = base
            for index, child in enumerate(children):
                depth += child.nesting
                if child.nesting == 1 and depth > MAX_INLINE_DEPTH:
                    raise ArticleError(
                        f"emphasis, bold and links are nested {depth} deep here; "
                        f"paiban reads at most {MAX_INLINE_DEPTH} levels",
                        locate(image_line, 0) if image_line is not None
                        else inline_span(token, children, index, lines, locate),
                        hint="close the `*` and `**` you opened; write \\* for an asterisk",
                    )
                if child.children:  # an image's alt text: no columns of its own
                    line = image_line if image_line is not None else _line_of(token, children, index)
                    pending.append((child.children, depth + 1, line))


def _line_of(inline: Token, children: list[Token], index: int) -> int:
    """The body line of children[index]: the paragraph's first line plus the breaks before it."""
    first = inline.map[0] if inline.map else 0
    return first + sum(1 for child in children[:index] if child.type in ("softbreak", "hardbreak"))


def inline_span(inline: Token, children: list[Token], index: int, lines: Sequence[str],
                 locate: Locate) -> Span:
    """Where children[index] was written: its line from the breaks before it, its column by
    adding up the source text of the tokens before it on that line, kept only when the
    character found there is the token's own marker."""
    breaks = [i for i in range(index) if children[i].type in ("softbreak", "hardbreak")]
    line = _line_of(inline, children, index)
    if not 0 <= line < len(lines):
        return locate(line, 0)
    content_lines = inline.content.split("\n")
    if len(breaks) >= len(content_lines):
        return locate(line, 0)
    source = lines[line].rstrip()
    written = content_lines[len(breaks)].rstrip()
    start = source.rfind(written) if written else -1
    width = 0
    for child in children[(breaks[-1] + 1 if breaks else 0):index]:
        size = _source_width(child)
        if size is None:
            return locate(line, 0)
        width += size
    column = start + width
    marker = children[index].markup
    if start < 0 or not marker or source[column:column + len(marker)] != marker:
        return locate(line, 0)
    return locate(line, column + 1)


def _source_width(token: Token) -> int | None:
    """How many source characters a token stands for, or None when that is not known."""
    if token.type == "text":
        return len(token.content)
    if token.type == "text_special":
        return len(token.markup)
    if token.type in ("strong_open", "strong_close", "em_open", "em_close"):
        return len(token.markup)
    if token.type == "code_inline":
        return 2 * len(token.markup) + len(token.content)
    return None


# --------------------------------------------------------------------------- coverage


def check_coverage(tokens: Sequence[Token], lines: Sequence[str], md: MarkdownIt, env: dict,
                   locate: Locate) -> None:
    """Every non-blank line must be in a block's token, be only container markers, or be a link
    reference definition or the label line of a footnote the text refers to; anything else means
    the parser stopped before it (or dropped a note nobody refers to)."""
    covered = bytearray(len(lines))
    for token in tokens:
        if token.type in _LEAVES and token.map:
            start, end = token.map
            covered[start:end] = b"\x01" * (min(end, len(lines)) - start)
    index = 0
    while index < len(lines):
        if covered[index] or not _content(lines[index]):
            index += 1
            continue
        end = index
        while end < len(lines) and not covered[end] and _content(lines[end]):
            end += 1
        _check_gap(lines, index, end, md, env, locate)
        index = end


def _content(line: str) -> str:
    """The line without the quote and list markers before its text."""
    return line[marker_end(line):].strip()


def marker_end(line: str) -> int:
    positions = _marker_positions(line)
    if not positions:
        return 0
    match = _MARKER.match(line, positions[-1])
    return match.end() if match else 0


def _check_gap(lines: Sequence[str], start: int, end: int, md: MarkdownIt, env: dict,
               locate: Locate) -> None:
    """Lines no block token holds are fine only when they are definitions, which markdown-it
    reads without making a token: link references, and the label line of a footnote the text
    refers to when its text starts on the next line. A footnote nobody refers to, or the first
    of two with one label, is dropped by the footnote plugin: those are errors too."""
    text = "\n".join(_content(line) for line in lines[start:end])
    gap_env: dict = {}
    gap_tokens = md.parse(text, gap_env)
    referenced = env.get("footnotes", {}).get("refs", {})
    labels = [key[1:] for key in gap_env.get("footnotes", {}).get("refs", {})]
    for label in labels:
        if referenced.get(":" + label, -1) < 0:
            _note_error(label, "is defined but never referenced, so it would not be printed",
                        "put {0} in the text where the note belongs, or delete the definition",
                        lines, start, end, locate)
    if labels and _notes_have_text(text, labels, md):
        _note_error(labels[0], "is defined twice; only the last definition would be printed",
                    "give each note its own label, or join the two definitions",
                    lines, start, end, locate)
    if gap_tokens:
        raise ArticleError(
            "the Markdown reader stopped before this line, so the text from here on would be lost",
            locate(start, 0),
            hint="this is usually nesting too deep for the reader: lists or quotes inside one another",
        )


def _notes_have_text(text: str, labels: list[str], md: MarkdownIt) -> bool:
    """Whether the footnote definitions in `text` hold any text, asked by referring to them."""
    probe = md.parse(text + "\n\n" + "".join(f"[^{label}]" for label in labels), {})
    notes = False
    for token in probe:
        notes = notes or token.type == "footnote_block_open"
        if notes and token.type == "inline" and token.content.strip():
            return True
    return False


def _note_error(label: str, problem: str, hint: str, lines: Sequence[str], start: int, end: int,
                locate: Locate) -> None:
    written = f"[^{label}]"
    line = next((i for i in range(start, end) if _content(lines[i]).startswith(written + ":")), start)
    raise ArticleError(f"the footnote {written} {problem}", locate(line, 0), hint=hint.format(written))
