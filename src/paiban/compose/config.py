"""Per-paragraph composition settings, resolved once from the style (no parameter trains)."""

from __future__ import annotations

from dataclasses import dataclass

from paiban.errors import Diagnostics, Span
from paiban.style.model import CJKOptions, Color
from paiban.text.fonts import FontMetrics


@dataclass(frozen=True, slots=True, eq=False)
class FontChain:
    """A primary font and its fallbacks, tried in order for each character."""

    faces: tuple[FontMetrics, ...]

    def pick(self, ch: str) -> FontMetrics | None:
        cp = ord(ch)
        for face in self.faces:
            if cp in face.advances:
                return face
        return None


@dataclass(frozen=True, slots=True, eq=False)
class ParagraphConfig:
    """Everything the composer needs to set one paragraph."""

    regular: FontChain
    bold: FontChain
    size: float
    width: float  # the measure, pt
    cjk: CJKOptions
    indent: float = 0.0  # first-line indent, pt
    align: str = "justify"
    color: Color = Color("cmyk", (0.0, 0.0, 0.0, 1.0))
    letter_spacing: float = 0.0
    emphasis: str = "dots"  # how emphasised runs are set: "dots" | "kai" | "bold"
    kai: FontChain | None = None  # the chain of emphasised text when `emphasis` is "kai"
    code: FontChain | None = None  # the chain of inline code (a monospaced font, then Chinese)


@dataclass(frozen=True, slots=True, eq=False)
class Where:
    """Where a paragraph came from, for messages; and the sink its warnings go to."""

    source: Span | None
    diagnostics: Diagnostics
