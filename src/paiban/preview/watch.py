"""Watch mode: rebuild a preview session whenever one of its files changes.

The files are the article and every sheet of the style's ``extends`` chain (`Style.files`), so an
edit to a base sheet two levels up is seen like an edit to the sheet named on the command line.
Folders, not files, are watched (without recursion): editors that save by writing a new file and
renaming it over the old one replace the file, and a watch on the old file would go deaf. After a
rebuild the set of files may differ (a sheet gained or lost an ``extends``); the watcher then
starts again on the new set.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from paiban.errors import PaibanError, display_path
from paiban.preview.session import PreviewSession, Snapshot

Outcome = Snapshot | PaibanError


def _folders(files: Iterable[Path]) -> list[str]:
    return sorted({str(f.parent) for f in files if f.parent.is_dir()})


def _only(files: frozenset[Path]) -> Callable[[object, str], bool]:
    """A watchfiles filter passing changes to the watched files and nothing else in their folders."""

    def accept(_change: object, path: str) -> bool:
        p = Path(path)
        return p in files or p.resolve() in files

    return accept


def watch_session(session: PreviewSession, on_rebuild: Callable[[Outcome, list[Path]], None],
                  stop: threading.Event, first_build: bool = True) -> None:
    """Rebuild `session` on every change until `stop` is set (or Ctrl-C), reporting each outcome.

    `on_rebuild` receives the new snapshot or the error, and the changed files (empty for the
    first build). Changes arriving within watchfiles' step (50 ms) are taken as one edit.
    """
    import watchfiles

    if first_build:
        on_rebuild(session.rebuild(), [])
    while not stop.is_set():
        files = session.watched_files()
        restart = False
        for changes in watchfiles.watch(*_folders(files), watch_filter=_only(files), stop_event=stop,
                                        recursive=False, raise_interrupt=False, yield_on_timeout=False):
            changed = sorted({Path(path) for _, path in changes})
            on_rebuild(session.rebuild(), changed)
            if session.watched_files() != files:
                restart = True
                break
        if not restart:
            return


def describe(outcome: Outcome, session: PreviewSession, changed: Sequence[Path] = ()) -> str:
    """What the terminal shows after a rebuild: a one-line success, or the error as an editor
    reads it (``file:line:col: error: …``) and a note that the old preview is kept."""
    cause = ", ".join(display_path(p) for p in changed)
    lead = f"changed: {cause}\n" if cause else ""
    if isinstance(outcome, PaibanError):
        kept = " (keeping the last good preview)" if session.snapshot else ""
        return f"{lead}{outcome}\n  build failed{kept}"
    pages = len(outcome.document.pages)
    where = f" → {display_path(session.options.output)}" if session.options.output else ""
    fresh = f", {outcome.rendered} of {len(outcome.images)} images redrawn" if outcome.images else ""
    return (f"{lead}rebuilt in {outcome.timings.total * 1000:.0f} ms: {pages} page"
            f"{'s' if pages != 1 else ''}{fresh}{where} [{time.strftime('%H:%M:%S')}]")
