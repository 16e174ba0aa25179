"""A progress bar for long commands, on a terminal only.

Shown on standard error when it is a terminal, and only once a command has run for a moment (a
one-page build should not flash a bar); silent when output goes to a file, a pipe or CI. It is
redrawn on each report rather than by rich's refresh thread, so a booklet may still fork its
workers while it shows, and it disappears when the command ends, leaving the command's own lines.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

#: Seconds a command runs before its bar appears.
DELAY = 1.0


class Report(Protocol):
    def __call__(self, phase: str, done: int, total: int | None = None, detail: str = "") -> None: ...


@contextmanager
def progress_bar(enabled: bool | None = None, delay: float | None = None) -> Iterator[Report | None]:
    """A `report(phase, done, total, detail)` callback drawing the bar, or None when standard error
    is not a terminal (or `enabled` is False). `delay`: seconds before it appears (`DELAY`)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield None
        return
    bar = _Bar(DELAY if delay is None else delay)
    try:
        yield bar
    finally:
        bar.close()


class _Bar:
    def __init__(self, delay: float) -> None:
        self._start = time.monotonic()
        self._delay = delay
        self._progress = None
        self._task = None

    def __call__(self, phase: str, done: int, total: int | None = None, detail: str = "") -> None:
        if self._progress is None:
            if time.monotonic() - self._start < self._delay:
                return
            self._open()
        self._progress.update(self._task, description=phase, completed=done, total=total,
                              detail=detail[:24])
        self._progress.refresh()

    def _open(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                  TimeElapsedColumn(), TextColumn("{task.fields[detail]}"), transient=True,
                                  auto_refresh=False, console=Console(file=sys.stderr))
        self._progress.start()
        self._task = self._progress.add_task("", total=None, detail="")

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
