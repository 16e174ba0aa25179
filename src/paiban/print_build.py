"""The print build behind ``paiban build --print``: bleed, marks, CMYK only, and a passing preflight.

A print shop gets a PDF it can use without questions, or none: the PDF is made in memory,
preflighted, and written only when no check fails. RGB colours of a screen style are converted to
CMYK with a warning each (see `paiban.style.colors`), so a screen style still prints. Images are
converted to the press's CMYK through the style's output profile (`paiban.render.print_colour`),
black text overprints, and the PDF declares PDF/X-4 (or X-1a) with that profile as its output
intent (`paiban.print_pdfx`); preflight then checks ink, overprint and PDF/X too.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from paiban.build_result import BuildResult, PageProgress
from paiban.errors import display_path
from paiban.layout.engine import PageStream
from paiban.layout.result import Page
from paiban.model.article import Article
from paiban.preflight import PreflightFailure, PreflightOptions, preflight
from paiban.files import atomic_write
from paiban.print_pdfx import Intent, declare_pdfx
from paiban.render.pdf import render_stream
from paiban.render.print_colour import ImageConverter, load_output_profile
from paiban.style.colors import colors_for_print
from paiban.style.model import Style


def build_for_print(article: Article, style: Style, output: str | Path | None = None,
                    options: PreflightOptions | None = None, keep_pages: bool = True,
                    progress: PageProgress | None = None) -> BuildResult:
    """Lay out, render with bleed and marks, preflight; write `output` only if preflight passes.

    Pages are written as they are made (see `paiban.api.build`); with `keep_pages=False` none is
    kept, so memory stays flat. Raises PreflightFailure, carrying the report, when a check fails.
    """
    style, colour_warnings = colors_for_print(style)
    press = load_output_profile(style.print)
    images = ImageConverter(press, style.print.intent, style.print.jpeg_quality)
    stream = PageStream.composing(article, style)
    kept: list[Page] | None = [] if keep_pages else None
    pdf = render_stream(stream, None, keep=kept, print_options=style.print, progress=progress,
                        images=images)
    if style.print.pdfx != "none":
        pdf = declare_pdfx(pdf, style.print.pdfx, Intent(press.description, press.data))
    document = stream.document(tuple(kept or ()))
    document = dataclasses.replace(document, warnings=colour_warnings + document.warnings)
    target = Path(output) if output is not None else None
    options = dataclasses.replace(options or PreflightOptions(), ink_limit=style.print.ink_limit,
                                  rich_black_min=style.print.rich_black_min, pdfx=style.print.pdfx)
    report = preflight(pdf, options, name=display_path(target) if target else "PDF")
    if not report.passed:
        raise PreflightFailure(report, target, document.warnings)
    if target is not None:
        atomic_write(target, pdf)
    return BuildResult(document, pdf, target, report, None if keep_pages else stream.page_count)
