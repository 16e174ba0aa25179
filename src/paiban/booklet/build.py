"""A booklet from its manifest: read, compose (in parallel), assemble, write the PDF."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from paiban.booklet.assemble import article_style, assemble
from paiban.booklet.manifest import Manifest, read_manifest
from paiban.booklet.parallel import Articles, Progress
from paiban.booklet.plan import Plan
from paiban.booklet.warm import warm_fonts
from paiban.build_result import PageProgress
from paiban.errors import Diagnostic, StyleError
from paiban.layout.result import LayoutDocument
from paiban.style.model import Style
from paiban.text.fonts import font_table


@dataclass(frozen=True)
class BookletResult:
    """What a booklet build made: the layout, the page plan, the PDF bytes and warnings."""

    document: LayoutDocument
    plan: Plan
    pdf: bytes
    output: Path | None

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return self.document.warnings


def booklet_style(manifest: Manifest) -> Style:
    """The manifest's style; an unknown built-in name is blamed on the manifest's line."""
    from paiban.style.loader import load_style

    try:
        return load_style(manifest.style)
    except StyleError as exc:
        if exc.source is None:
            raise StyleError(exc.message, manifest.style_source, exc.hint) from None
        raise


def _load_writer() -> None:
    from paiban.render.pdf import load_writer

    load_writer()


def layout_booklet(manifest: str | Path, jobs: int | None = None,
                   progress: Progress | None = None) -> tuple[LayoutDocument, Plan]:
    """Lay out a booklet without writing it; `jobs` processes read, compose and place the articles."""
    checked = read_manifest(manifest)
    style = booklet_style(checked)
    warm_fonts(style)  # before workers fork, so they share the metrics instead of loading them
    fonts = font_table()
    with Articles(checked.articles, article_style(style), checked.fields, fonts, jobs, progress,
                  idle=_load_writer) as articles:
        document, plan = assemble(checked, style, articles, fonts)
    imported = tuple(w for item in articles.counted for w in item.warnings)
    if imported:  # what the importer judged about page texts and PDFs comes first, as they were read first
        document = replace(document, warnings=(*imported, *document.warnings))
    return document, plan


def build_booklet(manifest: str | Path, output: str | Path | None = None, jobs: int | None = None,
                  progress: Progress | None = None, pages: PageProgress | None = None) -> BookletResult:
    """Typeset a booklet into a PDF; writes it to `output` when given (atomically). `progress` is
    told of each article composed, `pages` of each page written and of the final save."""
    from paiban.files import check_output
    from paiban.render.pdf import render_pdf

    if output is not None:
        check_output(output)  # a device, FIFO or folder is said before the articles are set
    document, plan = layout_booklet(manifest, jobs, progress)
    pdf = render_pdf(document, output, progress=pages)
    return BookletResult(document, plan, pdf, Path(output) if output else None)
