"""`paiban build`: typeset an article into a PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paiban.commands.progress import progress_bar


def run(args: argparse.Namespace) -> int:
    from paiban.api import build
    from paiban.commands import pdf_output

    output = pdf_output(args.output, Path(args.article).with_suffix(".pdf"))
    if args.print_ready and args.show_grid:
        from paiban.errors import OutputError

        raise OutputError("--show-grid cannot be combined with --print", None,
                          hint="the grid is a proof aid drawn in screen colours over the page, not for "
                               "press: build it without --print")
    if args.print_ready:
        return run_print(args, output)
    with progress_bar() as progress:
        result = build(args.article, args.style, output, missing_glyph=args.missing_glyph,
                       missing_image=args.missing_image, show_grid=args.show_grid, keep_pages=False,
                       progress=progress, proof=not args.no_proof)
    for w in result.warnings:
        print(w, file=sys.stderr)
    _proof_warning(args, result.proof)
    pages = result.pages
    print(f"wrote {output} ({pages} page{'s' if pages != 1 else ''})")
    return 0


def _proof_warning(args: argparse.Namespace, report) -> None:
    """One line with the counts of what `paiban proof` would list, when it found anything."""
    from paiban.proof import summary_line

    counts = summary_line(report.counts()) if report is not None else ""
    if counts:
        style = f" --style {args.style}" if args.style != "magazine" else ""
        print(f"{args.article}: warning: proof: {counts} (`paiban proof {args.article}{style}` lists them)",
              file=sys.stderr)


def run_print(args: argparse.Namespace, output: Path) -> int:
    """A print build: the preflight table is shown whether it passes or not."""
    from paiban.api import build
    from paiban.preflight import PreflightFailure, format_report

    try:
        with progress_bar() as progress:
            result = build(args.article, args.style, output, missing_glyph=args.missing_glyph,
                           missing_image=args.missing_image, print_ready=True, keep_pages=False,
                           progress=progress)
    except PreflightFailure as failure:
        for w in failure.warnings:
            print(w, file=sys.stderr)
        print(format_report(failure.report))
        raise
    for w in result.warnings:
        print(w, file=sys.stderr)
    print(format_report(result.preflight))
    pages = result.pages
    print(f"wrote {output} ({pages} page{'s' if pages != 1 else ''}, print-ready)")
    return 0


def register(sub) -> None:
    p = sub.add_parser("build", help="typeset an article into a PDF")
    p.add_argument("article", help="article file (Markdown with YAML front matter)")
    p.add_argument("--style", default="magazine", help="built-in style name or path to a YAML style sheet")
    p.add_argument("-o", "--output", help="output PDF (default: the article's name with .pdf)")
    p.add_argument("--missing-glyph", choices=["error", "placeholder"], default=None,
                   help="what to do with a character no font can draw (default: the style's setting, error)")
    p.add_argument("--missing-image", choices=["error", "placeholder"], default=None,
                   help="what to do with a figure whose image file is missing: stop, or draw a grey "
                   "box with its name (default: the style's setting, error)")
    p.add_argument("--print", dest="print_ready", action="store_true",
                   help="print-ready PDF: bleed and crop marks from the style's print section, "
                        "CMYK only; runs preflight and writes nothing if a check fails")
    p.add_argument("--show-grid", action="store_true",
                   help="draw frames, columns, baseline grid and line boxes (a proof aid, not for press)")
    p.add_argument("--no-proof", action="store_true",
                   help="do not proofread the pages (saves the time of `paiban proof`'s checks, about a "
                        "fifth of a long build)")
    p.set_defaults(func=run)
