"""`paiban booklet`: typeset the articles of a manifest into one booklet PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paiban.commands import pdf_output
from paiban.commands.progress import progress_bar
from paiban.errors import BookletError


def run(args: argparse.Namespace) -> int:
    from paiban.booklet.build import build_booklet

    if args.jobs is not None and args.jobs < 1:
        raise BookletError(f"--jobs: expected at least 1, got {args.jobs}")
    output = pdf_output(args.output, Path(args.manifest).with_suffix(".pdf"))
    with progress_bar(sys.stderr.isatty() and not args.quiet) as report:
        composing = None if report is None else (
            lambda done, total, title: report("composing articles", done, total, title))
        result = build_booklet(args.manifest, output, jobs=args.jobs, progress=composing, pages=report)
    for w in result.warnings:
        print(w, file=sys.stderr)
    articles = sum(1 for p in result.plan.parts if p.kind == "article")
    print(f"wrote {output} ({result.plan.total} pages, {articles} article{'s' if articles != 1 else ''})")
    return 0


def register(sub) -> None:
    p = sub.add_parser("booklet", help="typeset a manifest's articles into one booklet with cover and contents")
    p.add_argument("manifest", help="booklet manifest (YAML): title, cover lines, style, articles")
    p.add_argument("-o", "--output", help="output PDF (default: the manifest's name with .pdf)")
    p.add_argument("-j", "--jobs", type=int, default=None,
                   help="processes reading, composing and placing articles (default: 1, which measured fastest on two cores)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)
