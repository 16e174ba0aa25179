"""`paiban watch`: rebuild the PDF and page images whenever the article or a style sheet changes."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from paiban.commands.preview import add_render_options


def run(args: argparse.Namespace) -> int:
    from paiban.errors import PaibanError, display_path
    from paiban.preview.pages import parse_pages
    from paiban.preview.session import PreviewOptions, PreviewSession
    from paiban.preview.watch import Outcome, describe, watch_session

    article = Path(args.article)
    output = Path(args.output) if args.output else article.with_name(f"{article.stem}-preview")
    options = PreviewOptions(args.dpi, parse_pages(args.pages), args.show_grid, output, write_pdf=True)
    session = PreviewSession(article, args.style, options)

    def report(outcome: Outcome, changed: Sequence[Path]) -> None:
        stream = sys.stderr if isinstance(outcome, PaibanError) else sys.stdout
        print(describe(outcome, session, changed), file=stream, flush=True)
        if not changed:
            files = ", ".join(display_path(f) for f in sorted(session.watched_files()))
            print(f"watching {files} (Ctrl-C to stop)", flush=True)

    watch_session(session, report, threading.Event())
    return 0


def register(sub) -> None:
    p = sub.add_parser("watch", help="rebuild the PDF and page images whenever a source file changes")
    add_render_options(p)
    p.add_argument("--pages", help="pages to render, counted from 1 (default: all)")
    p.add_argument("-o", "--output", metavar="DIR",
                   help="folder for the PDF and page images (default: ARTICLE-preview beside the article)")
    p.set_defaults(func=run)
