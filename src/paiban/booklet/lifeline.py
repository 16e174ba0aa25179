"""Tying a booklet worker's life to its parent's.

A worker forked from `paiban booklet` inherits the caller's standard output and error: a `$(…)`,
a CI log or `subprocess.run` reading them waits until every holder has closed them. A worker left
alone by a killed parent (`kill -9`, an out-of-memory kill) would wait on its pipe forever and
so hang its caller with it. So a worker first lets go of the caller's streams (it reports
everything, errors included, through its pipe), then arranges to die with its parent twice over:
the kernel's parent-death signal where Linux offers it, and a watchdog thread for everywhere
else and for the moment before the signal was armed.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from multiprocessing.connection import wait

#: prctl(2) option: the signal a process gets when the thread that created it ends.
PR_SET_PDEATHSIG = 1
#: Exit status of a worker that found its parent gone (its result has no one to go to).
ORPHANED = 1
#: Seconds between the watchdog's looks at the parent.
WATCH_INTERVAL = 0.25


def bind_to_parent() -> None:
    """Called first in a worker: signals as a worker wants them, the caller's streams let go,
    and death with the parent arranged."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler is for the parent only
    # Ctrl-C reaches the parent too, which ends its workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent_pid = os.getppid()
    detach_streams()
    set_parent_death_signal()
    sentinel = _parent_sentinel()
    if _parent_gone(sentinel, parent_pid, 0):  # it died before the signal was armed
        os._exit(ORPHANED)
    threading.Thread(target=_watch, args=(sentinel, parent_pid), name="paiban-parent-watch",
                     daemon=True).start()


def detach_streams() -> None:
    """Point standard input, output and error, and any other descriptor open on the same pipes
    or files as output and error, at the null device.

    Nothing the worker has to say goes there (results and errors go through its pipe), and what
    sits unflushed in the buffers it copied from its parent was the parent's to write, not a
    second time by the worker.
    """
    try:
        null = os.open(os.devnull, os.O_RDWR)
    except OSError:
        return
    held = set()
    for fd in (1, 2):
        try:
            info = os.fstat(fd)
            held.add((info.st_dev, info.st_ino))
        except OSError:
            pass
    for fd in _open_descriptors():
        if fd in (0, 1, 2) or fd == null:
            continue
        try:
            info = os.fstat(fd)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in held:  # a copy of the caller's stream, kept by the parent
            os.dup2(null, fd)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _open_descriptors() -> list[int]:
    try:
        return [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:  # not Linux: the standard streams are the ones that matter
        return []


def set_parent_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent ends; False where that is not offered."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _parent_sentinel() -> int | None:
    """A descriptor that becomes readable when the parent process ends (multiprocessing's)."""
    parent = multiprocessing.parent_process()
    try:
        return parent.sentinel if parent is not None else None
    except ValueError:
        return None


def _parent_gone(sentinel: int | None, parent_pid: int, timeout: float) -> bool:
    if os.getppid() != parent_pid:  # adopted by init or a subreaper: the parent has ended
        return True
    return sentinel is not None and bool(wait([sentinel], timeout))


def _watch(sentinel: int | None, parent_pid: int) -> None:
    """The watchdog: end this process as soon as its parent is gone."""
    while not _parent_gone(sentinel, parent_pid, WATCH_INTERVAL):
        if sentinel is None:  # nothing to wait on: look again after a while
            time.sleep(WATCH_INTERVAL)
    os._exit(ORPHANED)
