"""Text with per-character weight, and how lines of it are joined into paragraphs.

A paragraph is rebuilt from its lines, so the joins decide whether words survive: Chinese lines
join with nothing between them, Latin words broken at a line end get one space back. Spaces the
extraction put between two Chinese characters (letter-spaced titles, justified lines) are not
text and go.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from paiban.model.article import Run
from paiban.model.markdown import merge_runs
from paiban.text.classes import is_wide


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
        return merge_runs(Run(ch, b) for ch, b in zip(self.text, self.bold))


def tidy_spaces(text: str) -> str:
    """Whitespace between two Chinese characters removed, other runs of it made one space."""
    return tidy(Styled.plain(text)).text


def tidy(styled: Styled) -> Styled:
    """`tidy_spaces` keeping each character's weight."""
    keep: list[int] = []
    text = styled.text
    for index, ch in enumerate(text):
        if not ch.isspace():
            keep.append(index)
            continue
        before = next((text[k] for k in range(index - 1, -1, -1) if not text[k].isspace()), "")
        after = next((text[k] for k in range(index + 1, len(text)) if not text[k].isspace()), "")
        if not before or not after or (is_wide(before) and is_wide(after)):
            continue
        if keep and text[keep[-1]].isspace():
            continue
        keep.append(index)
    return Styled("".join(" " if text[k].isspace() else text[k] for k in keep), tuple(styled.bold[k] for k in keep))


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
    """The lines of one paragraph as one text."""
    out = Styled("", ())
    for line in lines:
        gap = joiner(out.text, line.text)
        out = out + Styled.plain(gap) + line
    return out
