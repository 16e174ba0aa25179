"""Resolving text styles into composer settings, once per build."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from paiban.compose.config import FontChain, ParagraphConfig
from paiban.style.model import CJKOptions, Style, TextStyle
from paiban.text.fonts import FontMetrics, FontTable, load_metrics


@dataclass(eq=False)
class ConfigFactory:
    """Builds `ParagraphConfig`s from text styles, remembering every font it hands out."""

    fonts: FontTable
    cjk: CJKOptions
    strong: TextStyle | None = None
    emphasis: str = "dots"  # how *…* is set: "dots" | "kai" | "bold"
    emphasis_font: str = "LXGW WenKai"  # the family of emphasis set in 楷体
    code: TextStyle | None = None  # the code style: its family and fallbacks set inline code
    used: dict[str, FontMetrics] = field(default_factory=dict)
    _chains: dict[tuple, FontChain] = field(default_factory=dict)
    _configs: dict[tuple, ParagraphConfig] = field(default_factory=dict)
    by_path: dict[str, FontMetrics] = field(default_factory=dict)

    @classmethod
    def of(cls, style: Style, fonts: FontTable) -> ConfigFactory:
        """The factory of a style's text, with its fonts from `fonts`."""
        return cls(fonts, style.cjk, style.strong, style.emphasis, style.emphasis_font, style.code)

    def adopt(self, fonts: dict[str, str]) -> None:
        """Take over the font keys of an earlier stage (key → file), so that a page's furniture,
        placed later, draws with the same key for the same file as the composed text."""
        for name, path in fonts.items():
            face = load_metrics(path)
            if face.name != name:
                face = replace(face, name=name)
            self.by_path[face.path] = self.used[name] = face

    def chain(self, family: str, weight: str, fallback: tuple[str, ...]) -> FontChain:
        """The font chain for a family, weight and fallbacks; built once per build."""
        key = (family, weight, fallback)
        if key not in self._chains:
            self._chains[key] = self._build_chain(family, weight, fallback)
        return self._chains[key]

    def _build_chain(self, family: str, weight: str, fallback: tuple[str, ...]) -> FontChain:
        faces = [self.fonts.metrics(family, weight)]
        for name in fallback:
            weights = self.fonts.families.get(name, {})
            faces.append(self.fonts.metrics(name, weight if weight in weights else "regular"))
        return FontChain(tuple(self._unique(face) for face in faces))

    def _unique(self, face: FontMetrics) -> FontMetrics:
        """The face under a key no other file of this build has.

        Fonts are keyed by PostScript name, but two files may share one (two versions of a
        font, a subset and the full font); drawing one's characters with the other's glyphs
        would lose text, so the second file gets a suffixed key.
        """
        known = self.by_path.get(face.path)
        if known is not None:
            return known
        name, k = face.name, 2
        while name in self.used:
            name, k = f"{face.name}-{k}", k + 1
        if name != face.name:
            face = replace(face, name=name)
        self.by_path[face.path] = self.used[name] = face
        return face

    def make(self, ts: TextStyle, width: float, align: str | None = None, indent: float | None = None) -> ParagraphConfig:
        """Composer settings for text in style `ts` on a measure of `width` (memoised: furniture asks
        for the same few on every page)."""
        key = (ts, width, align, indent)
        if key not in self._configs:
            self._configs[key] = self._build_config(ts, width, align, indent)
        return self._configs[key]

    def _build_config(self, ts: TextStyle, width: float, align: str | None, indent: float | None) -> ParagraphConfig:
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
            emphasis=self.emphasis,
            kai=self.chain(self.emphasis_font, "regular", ts.fallback) if self.emphasis == "kai" else None,
            code=self.chain(self.code.family, "regular", self.code.fallback) if self.code else None,
        )
