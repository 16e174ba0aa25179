"""The corpus documents: real texts (``texts/*.md``) dressed as magazine articles.

Each text is a public regulation (see SOURCES.md): its name, its chapter headings and its
articles. What a magazine adds around such a text — a kicker, a title broken over one to three
lines, a subtitle, a byline with or without ■ — is chosen here by the document's number, so that
every shape of title block occurs on every producer. The `Document` is the ground truth the
import of its pages is scored against.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

TEXTS = Path(__file__).with_name("texts")
HELD_OUT = TEXTS / "held-out"
"""Texts added after the importer was tuned on the others, and not looked at while tuning it:
their scores are reported as a group of their own (`Document.group`)."""

PUBLICATION = "地方立法研究"
ISSUE = "2024年第3期"
FIRST_FOLIO = 23

KICKERS = ("法规选登", "地方立法", "制度建设")
BYLINES = ("上海市人大常委会办公厅", "本刊编辑部", "上海市司法局法规处", "本刊评论员")
SUBTITLE = "——上海市地方性法规文本选读"

NUMBERINGS = ("第一章", "一、", "（一）", "1.", "（1）")
"""How a document numbers its headings: the regulation's own chapters, or renumbered in the
sequence Chinese documents use for sections (一、 （一） 1. （1）), which the importer must tell
from the list items of the same form that the articles hold (（一）…；)."""

_DIGITS = "一二三四五六七八九"


@dataclass(frozen=True)
class Document:
    """One article: its title block, its body blocks in order, and how it is dressed."""

    key: str
    title: tuple[str, ...]
    kicker: str | None
    subtitle: str | None
    author: str | None
    author_mark: bool  # the byline is printed with ■ before the name
    blocks: tuple[tuple[str, str], ...]  # ("p" | "h", text)
    heading_align: str = "center"  # center | indent
    numbering: str = "第一章"  # one of NUMBERINGS
    group: str = "tuning"  # "tuning", or "held-out" for the texts in HELD_OUT
    justify: bool = True
    folio: int = FIRST_FOLIO
    publication: str = PUBLICATION
    issue: str = ISSUE
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @staticmethod
    def from_json(text: str) -> Document:
        data = json.loads(text)
        data["title"] = tuple(data["title"])
        data["blocks"] = tuple(tuple(b) for b in data["blocks"])
        return Document(**data)

    @property
    def markdown(self) -> str:
        """The article in paiban's format (front matter and body)."""
        front = [f"title: [{', '.join(self.title)}]"]
        for key in ("kicker", "subtitle", "author"):
            value = getattr(self, key)
            if value:
                front.append(f"{key}: {value}")
        front += [f"publication: {self.publication}", f"issue: {self.issue}", f"first_page: {self.folio}"]
        body = [("## " + text) if kind == "h" else text for kind, text in self.blocks]
        return "---\n" + "\n".join(front) + "\n---\n\n" + "\n\n".join(body) + "\n"


def _split_title(name: str, lines: int) -> tuple[str, ...]:
    """A regulation's name over `lines` lines: 上海市 / the subject / 条例, as magazines break it."""
    if lines == 1 or len(name) < 8:
        return (name,)
    head, rest = name[:3], name[3:]
    if lines == 2:
        return (head, rest)
    cut = len(rest) // 2
    return (head, rest[:cut], rest[cut:])


def _chinese_number(text: str) -> int:
    """一 … 九十九 as a number."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_DIGITS.index(tens) + 1 if tens else 1) * 10 + (_DIGITS.index(ones) + 1 if ones else 0)
    return _DIGITS.index(text) + 1


def renumber(heading: str, numbering: str) -> str:
    """A chapter heading (第二章  总则) numbered the way `numbering` shows (二、总则, （2）总则 …);
    the chapter's number is kept, so an abridged text keeps its gaps."""
    match = re.match(r"^第([一二三四五六七八九十]+)章\s*(.*)$", heading)
    if numbering == "第一章" or not match:
        return heading
    cn, name = match.group(1), match.group(2)
    n = _chinese_number(cn)
    mark = {"一、": f"{cn}、", "（一）": f"（{cn}）", "1.": f"{n}.", "（1）": f"（{n}）"}[numbering]
    return mark + name


def read_text(path: Path) -> tuple[str, list[tuple[str, str]]]:
    """The name and the blocks of one stored text (``# name``, ``## heading``, paragraphs)."""
    name = ""
    blocks: list[tuple[str, str]] = []
    for chunk in path.read_text(encoding="utf-8").split("\n\n"):
        chunk = chunk.strip()
        if chunk.startswith("# "):
            name = chunk[2:].strip()
        elif chunk.startswith("## "):
            blocks.append(("h", " ".join(chunk[3:].split())))
        elif chunk:
            blocks.append(("p", chunk))
    return name, blocks


def documents(limit: int | None = None) -> list[Document]:
    """The corpus documents, in the order of their texts; shapes rotate with the number."""
    out = []
    headed = 0  # documents with headings so far: each numbering comes round on two of them
    paths = sorted(TEXTS.glob("[0-9]*.md")) + sorted(HELD_OUT.glob("[0-9]*.md"))
    for number, path in enumerate(paths):
        if limit is not None and number >= limit:
            break
        name, blocks = read_text(path)
        shape = number % 4
        lines = (1, 2, 2, 3)[shape]
        kicker = KICKERS[number % len(KICKERS)] if shape in (0, 2) else None
        subtitle = SUBTITLE if shape in (2, 3) else None
        author = BYLINES[number % len(BYLINES)]
        scheme = NUMBERINGS[headed % len(NUMBERINGS)]
        headed += any(kind == "h" for kind, _ in blocks)
        blocks = [(kind, renumber(text, scheme) if kind == "h" else text) for kind, text in blocks]
        out.append(Document(
            key=path.stem,
            title=_split_title(name, lines),
            kicker=kicker,
            subtitle=subtitle,
            author=author,
            author_mark=shape != 2,
            blocks=tuple(blocks),
            heading_align="center" if number % 2 == 0 else "indent",
            justify=number % 3 != 2,
            numbering=scheme,
            folio=FIRST_FOLIO + 2 * number,
            group="held-out" if path.parent == HELD_OUT else "tuning",
        ))
    return out
