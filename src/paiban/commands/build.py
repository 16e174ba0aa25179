"""`paiban build`: typeset an article into a PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    from paiban.api import build

    output = Path(args.output) if args.output else Path(args.article).with_suffix(".pdf")
    result = build(args.article, args.style, output, missing_glyph=args.missing_glyph,
                   show_grid=args.show_grid)
    for w in result.warnings:
        print(w, file=sys.stderr)
    pages = len(result.document.pages)
    print(f"wrote {output} ({pages} page{'s' if pages != 1 else ''})")
    return 0


def register(sub) -> None:
    p = sub.add_parser("build", help="typeset an article into a PDF")
    p.add_argument("article", help="article file (Markdown with YAML front matter)")
    p.add_argument("--style", default="magazine", help="built-in style name or path to a YAML style sheet")
    p.add_argument("-o", "--output", help="output PDF (default: the article's name with .pdf)")
    p.add_argument("--missing-glyph", choices=["error", "placeholder"], default=None,
                   help="what to do with a character no font can draw (default: the style's setting, error)")
    p.add_argument("--show-grid", action="store_true",
                   help="draw frames, columns, baseline grid and line boxes (a proof aid, not for press)")
    p.set_defaults(func=run)
