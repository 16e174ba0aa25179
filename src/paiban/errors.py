"""Errors and warnings that reach the user.

Every problem the user can fix (a bad style key, a malformed article, a character no font draws)
is a `PaibanError` carrying where it happened (`Span`) and, where useful, a hint. The CLI prints
them as ``file:line:col: error: message`` and exits with status 2; no traceback reaches the user
unless asked for with ``--debug``.

Problems that do not stop a build (a line that had to break a prohibition, a title that was
shrunk) are `Diagnostic` records collected in a `Diagnostics` list and returned with the result,
so that library callers decide how to show them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Span:
    """A place in an input file: 1-based line and column (0 when unknown)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        out = self.file
        if self.line:
            out += f":{self.line}"
            if self.column:
                out += f":{self.column}"
        return out


class PaibanError(Exception):
    """A problem with the user's input that stops the build."""

    kind = "error"

    def __init__(self, message: str, source: Span | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        self.hint = hint

    def __str__(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        text = f"{prefix}error: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def __reduce__(self):
        # Rebuilt with its place and hint when it crosses a process boundary (parallel builds).
        return (self.__class__, (self.message, self.source, self.hint))


class ArticleError(PaibanError):
    """The article (Markdown + front matter) cannot be read."""


class StyleError(PaibanError):
    """A style sheet is malformed, names an unknown key or holds a bad value."""


class FontError(PaibanError):
    """A font is missing, unusable, or cannot draw a character of the text."""


class LayoutError(PaibanError):
    """The content cannot be laid out in the geometry the style asks for."""


class OutputError(PaibanError):
    """The output file cannot be written (a folder in the way, no permission, disk full)."""


class SourceImportError(PaibanError):
    """An existing page (text or PDF) cannot be imported."""


class BookletError(PaibanError):
    """A booklet manifest is malformed or names something that cannot be used."""


class ImpositionError(PaibanError):
    """A PDF cannot be imposed as asked (unreadable file, unknown sheet, no room for marks)."""
class PreflightError(PaibanError):
    """A PDF cannot be preflighted, or a print build failed its preflight."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A warning that did not stop the build."""

    message: str
    source: Span | None = None

    def __str__(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        return f"{prefix}warning: {self.message}"


@dataclass(eq=False)
class Diagnostics:
    """Warnings collected during one build, in the order they were found."""

    items: list[Diagnostic] = field(default_factory=list)

    def warn(self, message: str, source: Span | None = None) -> None:
        self.items.append(Diagnostic(message, source))

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """A 'did you mean …?' hint for a misspelt key, or None when nothing is close."""
    from difflib import get_close_matches  # only when a key is wrong: no cost to a good build

    close = get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def display_path(path: str | Path) -> str:
    """A path as the user would like to read it: relative to the working folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(_resolved(os.getcwd())))
    except (ValueError, OSError, RuntimeError):  # outside the folder, or a link loop
        return str(p)


@lru_cache(maxsize=8)
def _resolved(folder: str) -> Path:
    """The working folder with its links resolved, asked of the file system once per folder (every
    article, style and span of a booklet shows its path)."""
    return Path(folder).resolve()
