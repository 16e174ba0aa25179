"""Command line: thin subcommands over the public API.

User errors are printed as ``file:line:col: error: message`` with a hint, exit status 2; no
traceback unless ``--debug``.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from paiban.errors import PaibanError


def _cmd_build(args: argparse.Namespace) -> int:
    from paiban.api import build

    output = Path(args.output) if args.output else Path(args.article).with_suffix(".pdf")
    result = build(args.article, args.style, output, missing_glyph=args.missing_glyph)
    for w in result.warnings:
        print(w, file=sys.stderr)
    pages = len(result.document.pages)
    print(f"wrote {output} ({pages} page{'s' if pages != 1 else ''})")
    return 0


def _cmd_styles(args: argparse.Namespace) -> int:
    from paiban.style.loader import list_styles

    for name, description in list_styles():
        print(f"{name:12} {description}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="paiban", description="Typeset Chinese magazine pages.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="typeset an article into a PDF")
    p.add_argument("article", help="article file (Markdown with YAML front matter)")
    p.add_argument("--style", default="magazine", help="built-in style name or path to a YAML style sheet")
    p.add_argument("-o", "--output", help="output PDF (default: the article's name with .pdf)")
    p.add_argument("--missing-glyph", choices=["error", "placeholder"], default=None,
                   help="what to do with a character no font can draw (default: the style's setting, error)")
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("styles", help="list the built-in styles")
    p.set_defaults(func=_cmd_styles)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except PaibanError as exc:
        if args.debug:
            traceback.print_exc()
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
