"""The public API: load an article and a style, lay out, write the PDF. The CLI only wraps this."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from paiban.build_result import BuildResult, PageProgress
from paiban.layout.result import LayoutDocument, Page
from paiban.model.article import Article
from paiban.style.model import Style

__all__ = ["BuildResult", "build", "build_booklet", "impose", "layout", "load_article", "load_style"]


def load_article(article: str | Path | Article) -> Article:
    """An article from a Markdown file (or the article itself)."""
    if isinstance(article, Article):
        return article
    from paiban.model.markdown import read_article

    return read_article(article)


def load_style(style: str | Path | Style = "magazine", missing_glyph: str | None = None,
               missing_image: str | None = None) -> Style:
    """A style by built-in name or path (or the style itself), optionally overriding the
    missing-glyph and missing-image policies."""
    if not isinstance(style, Style):
        from paiban.style.loader import load_style as _load

        style = _load(style)
    if missing_glyph:
        style = dataclasses.replace(style, cjk=dataclasses.replace(style.cjk, missing_glyph=missing_glyph))
    if missing_image:
        figure = dataclasses.replace(style.figure, missing=missing_image)
        style = dataclasses.replace(style, figure=figure)
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
    missing_image: str | None = None,
    print_ready: bool = False,
    show_grid: bool = False,
    keep_pages: bool = True,
    progress: PageProgress | None = None,
    proof: bool = False,
) -> BuildResult:
    """Typeset an article into a PDF; writes it to `output` when given (atomically).

    `print_ready` makes the print-shop PDF: bleed and crop marks from the style's ``print``
    section, RGB converted to CMYK, and a preflight that must pass before anything is written
    (see `paiban.print_build`). `show_grid` adds the debug overlay of frames, columns, baselines
    and line boxes.

    With `keep_pages=False` each page is written as soon as it is laid out and then let go, so
    memory stays flat however long the article is (`paiban build` does this); the PDF is the same,
    and `result.document` then has no pages (`result.pages` counts them). `progress(phase, done,
    total)` is told of each page written and of the final save.

    With `proof=True` the pages are also proofread as they are written (`paiban.proof`); the
    report is `result.proof`.
    """
    from paiban.files import check_output
    from paiban.layout.engine import PageStream
    from paiban.render.pdf import render_stream

    if output is not None:
        check_output(Path(output))  # a device, FIFO or folder is said at once, not after the build
        _check_output(Path(output), article, style)
    if print_ready:
        from paiban.print_build import build_for_print

        return build_for_print(load_article(article), load_style(style, missing_glyph, missing_image), output,
                               keep_pages=keep_pages, progress=progress)
    chosen = load_style(style, missing_glyph, missing_image)
    loaded = load_article(article)
    stream = PageStream.composing(loaded, chosen)
    kept: list[Page] | None = [] if keep_pages else None
    reader = None
    if proof:
        from paiban.proof.run import proofreader

        reader = proofreader(loaded, chosen)
    pdf = render_stream(stream, output, show_grid=show_grid, keep=kept if reader is None or kept is not None else reader,
                        progress=progress)
    if reader is not None and kept is not None:
        for page in kept:
            reader.add_page(page)
    document = stream.document(tuple(kept or ()))
    report = None
    if reader is not None:
        from paiban.proof.report import ProofReport

        name = str(article) if isinstance(article, (str, Path)) else loaded.meta.title_text
        report = ProofReport(name, chosen.name, reader.pages, reader.finish())
    return BuildResult(document, pdf, Path(output) if output else None,
                       page_count=None if keep_pages else stream.page_count, proof=report)


def _check_output(output: Path, *inputs: object) -> None:
    """Refuse to write the PDF over one of the build's own input files."""
    from paiban.errors import OutputError, Span, display_path

    target = output.resolve()
    for source in inputs:
        if isinstance(source, (str, Path)) and Path(source).is_file() and Path(source).resolve() == target:
            shown = display_path(output)
            raise OutputError(f"the output {shown} is an input of this build and would be overwritten", Span(shown),
                              hint="give another output file with -o")


def build_booklet(manifest: str | Path, output: str | Path | None = None, jobs: int | None = None,
                  progress=None, pages: PageProgress | None = None):
    """Typeset the articles a booklet manifest lists, behind a cover and contents, into one PDF.

    `jobs` processes compose the articles (default: 1; the PDF is the same for any
    number); `progress(done, total, title)` is called after each article, `pages(phase, done,
    total)` after each page written and before the final save. Returns a
    `paiban.booklet.build.BookletResult`.
    """
    from paiban.booklet.build import build_booklet as _build

    return _build(manifest, output, jobs, progress, pages)


def impose(pdf: str | Path, output: str | Path | None = None, layout: str = "saddle", sheet: str = "A4",
           caliper_mm: float = 0.0, marks: bool = False):
    """Put a PDF's pages on sheets (saddle-stitched booklet, 2up or 4up); returns (bytes, summary)."""
    from paiban.impose.sheets import ImposeOptions, impose as _impose, parse_sheet
    from paiban.units import PT_PER_MM

    return _impose(pdf, output, ImposeOptions(layout, parse_sheet(sheet), caliper_mm * PT_PER_MM, marks))
