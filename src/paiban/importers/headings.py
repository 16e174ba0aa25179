"""Telling section headings from paragraphs, and giving them a level.

A heading is short, ends without a sentence mark, and shows itself by one of: a different type
(bold, another face, larger — when the source has fonts), a numbering that Chinese documents use
for sections (一、 （一） 1.), or space around it. A line with only the last of these might as
well be a short paragraph, so that decision is reported as a warning with the line.

Levels follow the numbering hierarchy present in the article (一、 above （一） above 1.); an
unnumbered heading takes the level of numbered headings set in the same type, or else ranks by
size.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from paiban.importers.columns import ColumnLine

NUMBERING: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("第一章", re.compile(r"^第[一二三四五六七八九十百零〇\d]+[章节部分篇]")),
    ("一、", re.compile(r"^[一二三四五六七八九十百零〇]+[、．.]")),
    ("（一）", re.compile(r"^[（(][一二三四五六七八九十百零〇]+[）)]")),
    ("1.", re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))")),
    ("（1）", re.compile(r"^[（(]\d{1,2}[）)]")),
)
"""Section numberings, outermost first."""

_CLOSERS = "”’）》」』】)\"'"
_SENTENCE_END = "。！？；…!?;."
_FRAGMENT_END = "，、,"

StyleKey = tuple[str, float, bool]
"""(font, size, all bold): the type a line is set in; ('', 0, False) for page text."""


def numbering(text: str) -> str | None:
    """The kind of section numbering `text` opens with, if any."""
    for kind, pattern in NUMBERING:
        if pattern.match(text):
            return kind
    return None


def ends_sentence(text: str) -> bool:
    """Whether `text` ends like a sentence or a clause, which no heading does."""
    core = text.rstrip().rstrip(_CLOSERS)
    return bool(core) and core[-1] in _SENTENCE_END + _FRAGMENT_END


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a group of lines is a heading, and the warning if that was a judgement call."""

    heading: bool
    warning: str | None = None


def _isolated(lines: Sequence[ColumnLine]) -> bool:
    above, below = lines[0].gap_before, lines[-1].gap_after
    return (above is None or above >= 0.5) and (below is None or below >= 0.5)


def judge(text: str, lines: Sequence[ColumnLine], styled: bool, next_opens: bool = False) -> Verdict:
    """Heading or paragraph, for a group of lines that the paragraph rules kept together.

    `next_opens` says that the line after the group opens a paragraph by its indent, so the
    group stands between paragraphs as a heading does.
    """
    if ends_sentence(text) or len(lines) > 3 or not text.strip():
        return Verdict(False)
    if styled:
        return Verdict(True)
    numbered = numbering(text) is not None
    single = len(lines) == 1
    short = lines[-1].shortfall >= 1.0
    if numbered and len(lines) <= 2 and _isolated(lines):
        return Verdict(True)
    if numbered and single and short:
        if next_opens:
            return Verdict(True)
        return Verdict(True, "a numbered short line without space around it was taken as a heading")
    if single and short and _isolated(lines):
        return Verdict(True, "a short line standing alone was taken as a heading; if it is a paragraph, remove the ##")
    if single and short:
        return Verdict(False, "a short line without an end mark was kept as a paragraph; if it is a heading, put ## before it")
    return Verdict(False)


def assign_levels(headings: Sequence[tuple[str, StyleKey]]) -> tuple[list[int], list[str]]:
    """A level (2 or 3) for each heading, and warnings for hierarchies deeper than Markdown's two."""
    order = [kind for kind, _ in NUMBERING]
    kinds = [numbering(text) for text, _ in headings]
    present = sorted({k for k in kinds if k}, key=order.index)
    by_kind = {kind: min(2 + rank, 3) for rank, kind in enumerate(present)}
    warnings = [
        f"headings numbered like '{kind}' are a third level; they were written as ###" for kind in present[2:]
    ]
    by_style: dict[StyleKey, int] = {}
    for kind, (_, style) in zip(kinds, headings):
        if kind:
            by_style.setdefault(style, by_kind[kind])
    unranked = [style for kind, (_, style) in zip(kinds, headings) if not kind and style not in by_style]
    numbered_size = max((style[1] for style in by_style), default=None)
    for rank, style in enumerate(sorted(dict.fromkeys(unranked), key=lambda s: -s[1])):
        if numbered_size is None:
            by_style[style] = min(2 + rank, 3)
        else:  # below the numbered sections unless set larger than they are
            by_style[style] = 2 if style[1] > numbered_size else 3
    levels = [by_kind[kind] if kind else by_style[style] for kind, (_, style) in zip(kinds, headings)]
    return levels, warnings
