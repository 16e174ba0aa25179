"""`paiban booklet`: typeset the articles of a manifest into one booklet PDF."""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from paiban.commands import pdf_output
from paiban.errors import BookletError


@contextmanager
def _progress_bar(enabled: bool) -> Iterator:
    """A callback drawing a progress bar on the terminal, or None when output is not a terminal."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("composing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    # Redrawn on each update rather than by a refresh thread, so the build may fork its workers.
    with Progress(*columns, transient=True, auto_refresh=False, console=_stderr_console()) as bar:
        task = None

        def update(done: int, total: int, title: str) -> None:
            nonlocal task
            if task is None:
                task = bar.add_task("", total=total)
            bar.update(task, completed=done, description=title[:24])
            bar.refresh()

        yield update


def _stderr_console():
    from rich.console import Console

    return Console(file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from paiban.booklet.build import build_booklet

    if args.jobs is not None and args.jobs < 1:
        raise BookletError(f"--jobs: expected at least 1, got {args.jobs}")
    output = pdf_output(args.output, Path(args.manifest).with_suffix(".pdf"))
    show = sys.stderr.isatty() and not args.quiet
    with _progress_bar(show) as progress:
        result = build_booklet(args.manifest, output, jobs=args.jobs, progress=progress)
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
                   help="processes reading, composing and placing articles in parallel (default: one per core for larger booklets; 1: none)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)
