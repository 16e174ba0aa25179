"""SIGTERM as an orderly exit.

By default SIGTERM ends Python on the spot: no `finally` runs, so a command that has started
worker processes or a temporary output file leaves them behind. While `exit_on_sigterm()` is
active, SIGTERM instead raises `SystemExit(143)` (128 + the signal's number, what a shell reports
for a process it ended) in the main thread, so that the command unwinds as for any other error:
workers are ended and temporary files removed before the process exits. A second SIGTERM during
that unwinding ends the process at once, as it would have without the handler.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: The exit status after SIGTERM.
TERMINATED = 128 + signal.SIGTERM


@contextmanager
def exit_on_sigterm() -> Iterator[None]:
    """Within the block, SIGTERM unwinds the main thread with `SystemExit(143)`. Outside the main
    thread (where Python cannot handle signals) this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _terminate(signum: int, frame: object) -> None:
    # A second SIGTERM does not wait for the unwinding.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    raise SystemExit(TERMINATED)
