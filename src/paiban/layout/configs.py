"""Resolving text styles into composer settings, once per build."""

from __future__ import annotations

from dataclasses import dataclass, field

from paiban.compose.config import FontChain, ParagraphConfig
from paiban.style.model import CJKOptions, TextStyle
from paiban.text.fonts import FontMetrics, FontTable


@dataclass
class ConfigFactory:
    """Builds `ParagraphConfig`s from text styles, remembering every font it hands out."""

    fonts: FontTable
    cjk: CJKOptions
    strong: TextStyle | None = None
    used: dict[str, FontMetrics] = field(default_factory=dict)

    def chain(self, family: str, weight: str, fallback: tuple[str, ...]) -> FontChain:
        faces = [self.fonts.metrics(family, weight)]
        for name in fallback:
            weights = self.fonts.families.get(name, {})
            faces.append(self.fonts.metrics(name, weight if weight in weights else "regular"))
        for face in faces:
            self.used.setdefault(face.name, face)
        return FontChain(tuple(faces))

    def make(self, ts: TextStyle, width: float, align: str | None = None, indent: float | None = None) -> ParagraphConfig:
        regular = self.chain(ts.family, ts.weight, ts.fallback)
        if self.strong is not None and ts.weight != "bold":
            bold = self.chain(self.strong.family, self.strong.weight, ts.fallback)
        else:
            bold = regular
        return ParagraphConfig(
            regular=regular,
            bold=bold,
            size=ts.size,
            width=width - ts.left - ts.right,
            cjk=self.cjk,
            indent=ts.indent if indent is None else indent,
            align=align or ts.align,
            color=ts.color,
            letter_spacing=ts.letter_spacing,
        )
