"""Text with per-character weight, and how lines of it are joined into paragraphs.

A paragraph is rebuilt from its lines, so the joins decide whether words survive: Chinese lines
join with nothing between them, Latin words broken at a line end get one space back. Spaces the
extraction put between two Chinese characters (letter-spaced titles, justified lines) are not
text and go.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from paiban.model.article import Run
from paiban.text.classes import is_wide

_WHITESPACE = re.compile(r"\s+")
"""A run of whitespace: `\\s` is what `str.isspace` calls whitespace."""


@dataclass(frozen=True, slots=True)
class Styled:
    """Text and, for each character, whether it is bold."""

    text: str
    bold: tuple[bool, ...]

    @classmethod
    def plain(cls, text: str) -> "Styled":
        return cls(text, (False,) * len(text))

    @classmethod
    def of(cls, text: str, bold: Sequence[bool]) -> "Styled":
        return cls(text, tuple(bold) if len(bold) == len(text) else (False,) * len(text))

    def __add__(self, other: "Styled") -> "Styled":
        return Styled(self.text + other.text, self.bold + other.bold)

    def map_text(self, text: str) -> "Styled":
        """The same weights over a same-length replacement text (punctuation repairs)."""
        assert len(text) == len(self.text)
        return Styled(text, self.bold)

    def runs(self) -> tuple[Run, ...]:
        """One run per stretch of equal weight (what `merge_runs` makes of one run per character)."""
        out: list[Run] = []
        start = 0
        for bold, same in groupby(self.bold):
            end = start + sum(1 for _ in same)
            out.append(Run(self.text[start:end], bold))
            start = end
        return tuple(out)


def tidy_spaces(text: str) -> str:
    """Whitespace between two Chinese characters removed, other runs of it made one space."""
    return tidy(Styled.plain(text)).text


def tidy(styled: Styled) -> Styled:
    """`tidy_spaces` keeping each character's weight.

    A run of whitespace is judged once, by the characters on either side of it, so a line of
    any length is tidied in one pass.
    """
    text, bold = styled.text, styled.bold
    texts: list[str] = []
    weights: list[bool] = []
    start = 0
    for gap in _WHITESPACE.finditer(text):
        texts.append(text[start : gap.start()])
        weights.extend(bold[start : gap.start()])
        left = text[gap.start() - 1] if gap.start() else ""
        right = text[gap.end()] if gap.end() < len(text) else ""
        if left and right and not (is_wide(left) and is_wide(right)):
            texts.append(" ")
            weights.append(bold[gap.start()])
        start = gap.end()
    texts.append(text[start:])
    weights.extend(bold[start:])
    return Styled("".join(texts), tuple(weights))


#: What paiban (and other typesetters that mark their hyphens) draws for a hyphen it added at a
#: line end: the reader rejoins the word and drops it.
SOFT_HYPHEN = "\u00ad"


def joiner(left: str, right: str) -> str:
    """What a line break between `left` and `right` becomes: a space only between Latin text."""
    if not left or not right:
        return ""
    a, b = left[-1], right[0]
    if is_wide(a) or is_wide(b) or a.isspace() or b.isspace():
        return ""
    if a == "-" and len(left) > 1 and left[-2].isalpha() and b.isalpha():
        return ""  # a hyphenated compound broken after its hyphen: the hyphen stays, no space
    return " "


def join_lines(lines: Sequence[Styled]) -> Styled:
    """The lines of one paragraph as one text (joined once, however many lines it has)."""
    texts: list[str] = []
    weights: list[bool] = []
    tail = ""  # the last two characters joined so far: all that `joiner` looks at on the left
    for line in lines:
        if tail.endswith(SOFT_HYPHEN) and texts:  # a hyphen the typesetter added: the word is whole
            texts[-1] = texts[-1][:-1]
            weights.pop()
            gap = ""
        else:
            gap = joiner(tail, line.text)
        texts += (gap, line.text)
        weights.extend((False,) * len(gap))
        weights.extend(line.bold)
        tail = (tail + gap + line.text)[-2:]
    return Styled("".join(texts), tuple(weights))
