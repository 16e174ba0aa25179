"""Writing an article back to Markdown with a YAML front matter.

Importers (page text, PDF) produce an `Article`; writing it out gives the editor a file to correct
by hand and to build from again. The output is the same plain format `read_article` reads, kept
as close as possible to what a person would type: values quoted only when YAML would misread them,
one paragraph per line, Markdown escapes only where CommonMark would see markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import yaml

from paiban.errors import ArticleError
from paiban.model.article import (
    HARD_BREAK,
    Article,
    ArticleMeta,
    Block,
    BlockQuote,
    CodeBlock,
    EndLine,
    Figure,
    Heading,
    ListBlock,
    Note,
    Paragraph,
    PullQuote,
    Run,
    SectionBreak,
    Table,
)
from paiban.model.figures import figure_options
from paiban.model.markdown import FRONT_MATTER_KEYS, merge_runs, parse_article

_ALWAYS_ESCAPED = re.compile(r"([\\`*_\[\]<~|])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"^(#{1,6}(?=[ \t]|$)|>|[-+](?=[ \t]|$)|-{3,}|~{3,})")
_NUMBERED = re.compile(r"^(\d{1,9})([.)])(?=[ \t]|$)")


def write_article(article: Article) -> str:
    """The Markdown file for `article`; reading it back gives the same meta and blocks."""
    return join_article(article, [write_block(block) for block in article.blocks])


def join_article(article: Article, blocks: Sequence[str]) -> str:
    """The Markdown file for `article` from its blocks already written by `write_block`.

    An importer writes its blocks one at a time, to deal with any that cannot be written; this
    puts them together without writing (and checking) each of them again.
    """
    body = "\n\n".join([*blocks, *(_note(note) for note in article.notes)])
    return f"---\n{_front_matter(article.meta)}---\n\n{body}\n"


# --------------------------------------------------------------------------- front matter


def _front_matter(meta: ArticleMeta) -> str:
    lines = []
    for key in FRONT_MATTER_KEYS:
        value = getattr(meta, key)
        if key == "title":
            if value:
                lines.append(f"title: {_title(value)}")
        elif key == "first_page":
            lines.append(f"first_page: {value}")
        elif value is not None:
            lines.append(f"{key}: {_yaml_scalar(value)}")
    return "".join(line + "\n" for line in lines)


def _title(lines: tuple[str, ...]) -> str:
    """One line as a plain string, several as a flow list, as an editor would write them."""
    if len(lines) == 1:
        return _yaml_scalar(lines[0])
    return "[" + ", ".join(_yaml_item(line) for line in lines) + "]"


def _yaml_scalar(text: str) -> str:
    """Plain when YAML reads it back as the same string (so `issue: 10` gets quotes)."""
    if text and _loads_as(f"k: {text}", {"k": text}):
        return text
    return _quoted(text)


def _yaml_item(text: str) -> str:
    if text and _loads_as(f"[{text}]", [text]):
        return text
    return _quoted(text)


def _quoted(text: str) -> str:
    """JSON string syntax is valid YAML double-quoted syntax and escapes what YAML needs."""
    return json.dumps(text, ensure_ascii=False)


def _loads_as(document: str, expected: object) -> bool:
    try:
        return yaml.safe_load(document) == expected
    except yaml.YAMLError:
        return False


# --------------------------------------------------------------------------- body


def write_block(block: Block) -> str:
    """One block's Markdown; a ValueError when Markdown cannot say it so that it reads back the same."""
    if isinstance(block, Heading):
        if block.level not in (2, 3, 4):
            raise ValueError(f"heading level {block.level} cannot be written, only 2 to 4")
        return "#" * block.level + " " + _checked(block.runs, heading=True)
    if isinstance(block, BlockQuote):
        if not block.paragraphs:
            raise ValueError("an empty block quote cannot be written")
        return "\n>\n".join(_in_quote(_list(p)) if isinstance(p, ListBlock) else "> " + _checked(p.runs)
                             for p in block.paragraphs)
    if isinstance(block, (Paragraph, EndLine)):
        return _checked(block.runs)
    if isinstance(block, Figure):
        return _figure(block)
    if isinstance(block, SectionBreak):
        return "***"
    if isinstance(block, ListBlock):
        return _list(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, CodeBlock):
        fence = "`" * max(3, _longest_backticks(block.text) + 1)
        return f"{fence}{block.info}\n{block.text}\n{fence}"
    if isinstance(block, PullQuote):
        return "```pullquote\n" + "".join(r.text for r in block.runs) + "\n```"
    raise TypeError(f"cannot write block {block!r}")


def _in_quote(text: str) -> str:
    """Lines of Markdown inside a block quote."""
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


_ALIGN_MARKS = {"left": ":---", "center": ":---:", "right": "---:", "": "---"}


def _table(table: Table) -> str:
    """A pipe table, after its caption line when it has one (表3 说明, or 表：说明 unnumbered)."""
    lines = []
    if table.label:
        lines.append(f"{table.label} {table.caption}".rstrip())
    elif table.caption:
        lines.append(f"表：{table.caption}")

    def row(cells) -> str:
        return "| " + " | ".join(_checked(cell) if cell else "" for cell in cells) + " |"

    lines.append(row(table.header))
    lines.append("| " + " | ".join(_ALIGN_MARKS[a] for a in table.aligns) + " |")
    lines.extend(row(cells) for cells in table.rows)
    return "\n".join(lines)


def _list(block: ListBlock) -> str:
    """A list in the markers it was read from: `-` or numbers from its start, `[ ]`/`[x]` for
    tasks, blank lines between items of a loose list, nested blocks indented under the text."""
    items = []
    for number, item in enumerate(block.items, block.start):
        marker = f"{number}." if block.ordered else "-"
        pad = " " * (len(marker) + 1)
        if item.task:
            marker += " [x]" if item.task == "done" else " [ ]"
        parts = []
        for child in item.blocks:
            if isinstance(child, ListBlock):
                parts.append(_list(child))
            elif isinstance(child, BlockQuote):
                parts.append(write_block(child))
            else:
                parts.append(_checked(child.runs))
        text = ("\n\n" if block.loose else "\n").join(parts)
        lines = text.split("\n")
        indented = [lines[0]] + [pad + line if line else "" for line in lines[1:]]
        items.append(f"{marker} " + "\n".join(indented))
    return ("\n\n" if block.loose else "\n").join(items)


_PLAIN_CAPTION = re.compile(r'^[^\[\]\\`*_<>&"!]*$')


def _figure(figure: Figure) -> str:
    """The short image form when it says everything, else a fenced block with options."""
    simple = (figure.width, figure.place) == ("column", "here")
    plain = _PLAIN_CAPTION.match(figure.caption) and _PLAIN_CAPTION.match(figure.credit)
    if simple and plain and re.fullmatch(r"[^\s()<>]+", figure.path):
        title = f' "{figure.credit}"' if figure.credit else ""
        return f"![{figure.caption}]({figure.path}{title})"
    return "```figure\n" + "\n".join(figure_options(figure)) + "\n```"


def _note(note: Note) -> str:
    if not re.fullmatch(r"[^\s\]^]+", note.label):
        raise ValueError(f"note label {note.label!r} cannot be written as [^label]")
    return f"[^{note.label}]: " + _checked(note.runs)


def _checked(runs: tuple[Run, ...], heading: bool = False) -> str:
    """Inline Markdown for `runs`, verified by reading it back.

    CommonMark cannot express every run sequence (bold that starts with “ right after a Chinese
    character is not bold to it), and a file that silently reads back differently is worse than a
    clear error at write time.
    """
    runs = merge_runs(runs)
    text = _inline(runs, heading)
    try:
        same = _read_back(text, heading) == runs
    except ArticleError:
        same = False
    if not same:
        raise ValueError(f"cannot write {runs!r} as Markdown that reads back the same")
    return text


def _inline(runs: tuple[Run, ...], heading: bool) -> str:
    parts = []
    for run in runs:
        if run.note:
            parts.append(f"[^{run.text}]")
            continue
        if run.code:
            ticks = "`" * (_longest_backticks(run.text) + 1)
            pad = " " if run.text.startswith("`") or run.text.endswith("`") else ""
            code = f"{ticks}{pad}{run.text}{pad}{ticks}"
            parts.append(f"**{code}**" if run.bold else code)
            continue
        text = "\\\n".join(_escape(part) for part in run.text.split(HARD_BREAK))
        if run.strike:
            text = f"~~{text}~~"
        if run.emphasis:
            text = f"*{text}*"
        if run.bold:
            text = f"**{text}**"
        if run.link:
            text = f"<{run.link}>" if run.link == run.text else f"[{text}]({run.link})"
        parts.append(text)
    return _escape_line_start("".join(parts), heading)


def _longest_backticks(text: str) -> int:
    return max((len(m) for m in re.findall(r"`+", text)), default=0)


def _escape(text: str) -> str:
    return _ENTITY.sub("\\&", _ALWAYS_ESCAPED.sub(r"\\\1", text))


def _escape_line_start(text: str, heading: bool) -> str:
    """Characters that would start a heading, quote, list or rule only matter at the line start."""
    if heading:
        return re.sub(r"(#+)$", lambda m: "\\#" * len(m.group(1)), text)
    numbered = _NUMBERED.match(text)
    if numbered:
        return f"{numbered.group(1)}\\{numbered.group(2)}{text[numbered.end():]}"
    if _LINE_START.match(text):
        return "\\" + text
    return text


def _read_back(text: str, heading: bool) -> tuple[Run, ...]:
    body = f"## {text}" if heading else text
    labels = re.findall(r"(?<!\\)\[\^([^\]\s]+)\]", text)
    notes = "".join(f"\n\n[^{label}]: x" for label in labels)
    blocks = parse_article(f"---\n---\n\n{body}\n\nx{notes}\n").blocks
    first = blocks[0]
    return first.runs if isinstance(first, (Paragraph, Heading)) else ()
