"""`paiban compare`: one article in two styles, side by side, with what changed."""

from __future__ import annotations

import argparse
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    from paiban.errors import display_path
    from paiban.files import atomic_write, check_output
    from paiban.preview.compare import compare
    from paiban.preview.errors import PreviewError
    from paiban.preview.pages import parse_pages

    if not args.style or len(args.style) != 2:
        raise PreviewError("compare needs two styles: --style A.yaml --style B.yaml",
                           hint="a built-in name such as magazine counts as a style")
    output = Path(args.output)
    check_output(output, "the PNG")  # before the work: a bad -o is said at once
    result = compare(args.article, args.style[0], args.style[1], parse_pages(args.pages), args.dpi,
                     args.show_grid)
    atomic_write(output, result.png, "the PNG")
    print("\n".join(result.summary()))
    print(f"wrote {display_path(output)}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("compare", help="compare an article set in two styles (picture and summary)")
    p.add_argument("article", help="article file (Markdown with YAML front matter)")
    p.add_argument("--style", action="append", metavar="STYLE",
                   help="a style name or sheet; give exactly two (A, then B)")
    p.add_argument("--pages", help="pages to compare, counted from 1 (default: all)")
    p.add_argument("--dpi", type=float, default=96.0, help="resolution of the panels (default 96)")
    p.add_argument("--show-grid", action="store_true", help="draw the grid overlay on both styles")
    p.add_argument("-o", "--output", default="compare.png", help="the comparison PNG (default compare.png)")
    p.set_defaults(func=run)
