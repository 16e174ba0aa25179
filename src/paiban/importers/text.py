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
    """Text and, for each character, whether it is bold and whether it is emphasised (set with
    emphasis dots under it); `emphasis` is empty when no character is."""

    text: str
    bold: tuple[bool, ...]
    emphasis: tuple[bool, ...] = ()

    @classmethod
    def plain(cls, text: str) -> "Styled":
        return cls(text, (False,) * len(text))

    @classmethod
    def of(cls, text: str, bold: Sequence[bool], emphasis: Sequence[bool] = ()) -> "Styled":
        weights = tuple(bold) if len(bold) == len(text) else (False,) * len(text)
        return cls(text, weights, tuple(emphasis) if len(emphasis) == len(text) and any(emphasis) else ())

    def marks(self) -> tuple[bool, ...]:
        """`emphasis` for every character, empty or not."""
        return self.emphasis or (False,) * len(self.text)

    def __add__(self, other: "Styled") -> "Styled":
        emphasis = self.marks() + other.marks() if self.emphasis or other.emphasis else ()
        return Styled(self.text + other.text, self.bold + other.bold, emphasis)

    def map_text(self, text: str) -> "Styled":
        """The same weights over a same-length replacement text (punctuation repairs)."""
        assert len(text) == len(self.text)
        return Styled(text, self.bold, self.emphasis)

    def runs(self) -> tuple[Run, ...]:
        """One run per stretch of equal weight and emphasis (what `merge_runs` makes of one run
        per character). Punctuation between two emphasised stretches is emphasised with them:
        it carries no dot, but the author marked the phrase (“*好用、常用*”) as a whole."""
        emphasis = _bridged(self.text, self.marks())
        out: list[Run] = []
        start = 0
        for (bold, emphasised), same in groupby(zip(self.bold, emphasis)):
            end = start + sum(1 for _ in same)
            out.append(Run(self.text[start:end], bold, emphasis=emphasised))
            start = end
        return tuple(out)


def _bridged(text: str, emphasis: tuple[bool, ...]) -> tuple[bool, ...]:
    """`emphasis` with gaps of punctuation (nothing that takes a dot) between two emphasised
    characters filled in."""
    out = list(emphasis)
    last = -1  # the last emphasised character seen
    for k, (char, marked) in enumerate(zip(text, emphasis)):
        if marked:
            if last >= 0 and k - last > 1 and all(_undotted(c) for c in text[last + 1 : k]):
                out[last + 1 : k] = [True] * (k - last - 1)
            last = k
        elif not _undotted(char):
            last = -1
    return tuple(out)


def _undotted(char: str) -> bool:
    """Punctuation a run of emphasis dots passes over (paiban sets dots under Han characters only)."""
    return not char.isalnum() and not char.isspace()


def tidy_spaces(text: str) -> str:
    """Whitespace between two Chinese characters removed, other runs of it made one space."""
    return tidy(Styled.plain(text)).text


def tidy(styled: Styled) -> Styled:
    """`tidy_spaces` keeping each character's weight.

    A run of whitespace is judged once, by the characters on either side of it, so a line of
    any length is tidied in one pass.
    """
    text, bold, marks = styled.text, styled.bold, styled.marks()
    texts: list[str] = []
    weights: list[bool] = []
    emphasis: list[bool] = []
    start = 0
    for gap in _WHITESPACE.finditer(text):
        texts.append(text[start : gap.start()])
        weights.extend(bold[start : gap.start()])
        emphasis.extend(marks[start : gap.start()])
        left = text[gap.start() - 1] if gap.start() else ""
        right = text[gap.end()] if gap.end() < len(text) else ""
        if left and right and not (is_wide(left) and is_wide(right)):
            texts.append(" ")
            weights.append(bold[gap.start()])
            emphasis.append(marks[gap.start()])
        start = gap.end()
    texts.append(text[start:])
    weights.extend(bold[start:])
    emphasis.extend(marks[start:])
    return Styled("".join(texts), tuple(weights), tuple(emphasis) if styled.emphasis else ())


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
    emphasis: list[bool] = []
    tail = ""  # the last two characters joined so far: all that `joiner` looks at on the left
    for line in lines:
        if tail.endswith(SOFT_HYPHEN) and texts:  # a hyphen the typesetter added: the word is whole
            texts[-1] = texts[-1][:-1]
            weights.pop()
            emphasis.pop()
            gap = ""
        else:
            gap = joiner(tail, line.text)
        texts += (gap, line.text)
        weights.extend((False,) * len(gap))
        weights.extend(line.bold)
        emphasis.extend((False,) * len(gap))
        emphasis.extend(line.marks())
        tail = (tail + gap + line.text)[-2:]
    marked = any(line.emphasis for line in lines)
    return Styled("".join(texts), tuple(weights), tuple(emphasis) if marked else ())
