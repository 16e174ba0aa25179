"""`paiban preview`: PNG images of the pages, rasterised from the PDF that `build` makes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_render_options(p: argparse.ArgumentParser, dpi: float = 110.0) -> None:
    """Options shared by the preview commands: style, resolution, overlay."""
    p.add_argument("article", help="article file (Markdown with YAML front matter)")
    p.add_argument("--style", default="magazine", help="built-in style name or path to a YAML style sheet")
    p.add_argument("--dpi", type=float, default=dpi, help=f"resolution of the images (default {dpi:g})")
    p.add_argument("--show-grid", action="store_true",
                   help="draw frames, columns, baseline grid and line boxes over the pages")


def run(args: argparse.Namespace) -> int:
    from paiban.errors import PaibanError, display_path
    from paiban.preview.pages import parse_pages
    from paiban.preview.session import PreviewOptions, PreviewSession

    options = PreviewOptions(args.dpi, parse_pages(args.pages), args.show_grid, Path(args.output))
    outcome = PreviewSession(args.article, args.style, options).rebuild()
    if isinstance(outcome, PaibanError):
        raise outcome
    for w in outcome.document.warnings:
        print(w, file=sys.stderr)
    for image in outcome.images:
        print(f"wrote {display_path(Path(args.output) / image.name)} ({image.width}×{image.height} px)")
    return 0


def register(sub) -> None:
    p = sub.add_parser("preview", help="PNG images of the pages, rendered from the print PDF")
    add_render_options(p)
    p.add_argument("--pages", help="pages to render, counted from 1: 1, 1-2, 2- or 1,3 (default: all)")
    p.add_argument("-o", "--output", required=True, metavar="DIR",
                   help="folder for page-1.png, page-2.png, … (old page images there are replaced)")
    p.set_defaults(func=run)
