"""The public API: load an article and a style, lay out, write the PDF. The CLI only wraps this."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from paiban.errors import Diagnostic
from paiban.layout.result import LayoutDocument
from paiban.model.article import Article
from paiban.style.model import Style


@dataclass(frozen=True)
class BuildResult:
    """What a build made: the layout (for inspection), the PDF bytes, and its warnings."""

    document: LayoutDocument
    pdf: bytes
    output: Path | None

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return self.document.warnings


def load_article(article: str | Path | Article) -> Article:
    """An article from a Markdown file (or the article itself)."""
    if isinstance(article, Article):
        return article
    from paiban.model.markdown import read_article

    return read_article(article)


def load_style(style: str | Path | Style = "magazine", missing_glyph: str | None = None) -> Style:
    """A style by built-in name or path (or the style itself), optionally overriding the missing-glyph policy."""
    if not isinstance(style, Style):
        from paiban.style.loader import load_style as _load

        style = _load(style)
    if missing_glyph:
        style = dataclasses.replace(style, cjk=dataclasses.replace(style.cjk, missing_glyph=missing_glyph))
    return style


def layout(article: str | Path | Article, style: str | Path | Style = "magazine") -> LayoutDocument:
    """Lay out an article without writing anything."""
    from paiban.layout.engine import layout_article

    return layout_article(load_article(article), load_style(style))


def build(
    article: str | Path | Article,
    style: str | Path | Style = "magazine",
    output: str | Path | None = None,
    missing_glyph: str | None = None,
) -> BuildResult:
    """Typeset an article into a PDF; writes it to `output` when given (atomically)."""
    from paiban.layout.engine import layout_article
    from paiban.render.pdf import render_pdf

    if output is not None:
        _check_output(Path(output), article, style)
    document = layout_article(load_article(article), load_style(style, missing_glyph))
    pdf = render_pdf(document, output)
    return BuildResult(document, pdf, Path(output) if output else None)


def _check_output(output: Path, *inputs: object) -> None:
    """Refuse to write the PDF over one of the build's own input files."""
    from paiban.errors import OutputError, Span, display_path

    target = output.resolve()
    for source in inputs:
        if isinstance(source, (str, Path)) and Path(source).is_file() and Path(source).resolve() == target:
            shown = display_path(output)
            raise OutputError(f"the output {shown} is an input of this build and would be overwritten", Span(shown),
                              hint="give another output file with -o")
