"""Compressing the PDF's streams on a helper thread, with the bytes ReportLab's Flate filter gives.

ReportLab compresses every stream while it saves the document, one after another on the one
thread that also formats every object. zlib lets go of the interpreter while it works, so a
stream whose content is final can be compressed on another thread meanwhile: a page as soon as it
is drawn, a font subset as soon as it is cut. The same `zlib.compress` call gives the same bytes.

The helper is one thread taking jobs in the order they are handed over, built from `threading`
alone: `concurrent.futures` would bring `logging`, `queue` and `heapq` into every build for
nothing more (about 2 % of a one-page build's instructions).

The interpreter's switch interval is left as it is: shortening it is a process-wide change (it
would touch every thread of `paiban serve`) and measured no gain on whole builds.
"""

from __future__ import annotations

import threading
import zlib
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager


class Deflated:
    """A Flate filter whose work is handed to the helper thread: `encode` gives back the
    compressed bytes, waiting for them if need be (it ignores what it is given)."""

    pdfname = "FlateDecode"

    def __init__(self, data: bytes) -> None:
        self._data: bytes | None = data
        self._result: bytes | None = None
        self._error: BaseException | None = None
        self._done = threading.Lock()
        self._done.acquire()  # released by the helper thread once the bytes are there

    def run(self) -> None:
        """Compress, on the helper thread."""
        try:
            self._result = zlib.compress(self._data)
        except BaseException as error:  # handed to the writer, which raises it where it waits
            self._error = error
        finally:
            self._data = None
            self._done.release()

    def encode(self, text: object) -> bytes:
        with self._done:
            pass
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


class Deflater:
    """One helper thread that compresses the streams handed to it, first come, first done."""

    def __init__(self) -> None:
        self._jobs: deque[Deflated | None] = deque()
        self._waiting = threading.Semaphore(0)
        self._thread = threading.Thread(target=self._work, name="paiban-deflate", daemon=True)
        self._thread.start()

    def submit(self, data: bytes) -> Deflated:
        job = Deflated(data)
        self._jobs.append(job)
        self._waiting.release()
        return job

    def close(self) -> None:
        """Let the jobs handed over so far finish, then end the thread."""
        self._jobs.append(None)
        self._waiting.release()
        self._thread.join()

    def _work(self) -> None:
        while True:
            self._waiting.acquire()
            job = self._jobs.popleft()
            if job is None:
                return
            job.run()


@contextmanager
def deflating() -> Iterator[Deflater]:
    """The helper thread, for the time the writer runs."""
    deflater = Deflater()
    try:
        yield deflater
    finally:
        deflater.close()


def deflate_soon(content: str | bytes, deflater: Deflater) -> Deflated:
    """The filter for a stream holding `content`, its compression started now."""
    return deflater.submit(content.encode("utf8") if isinstance(content, str) else content)


def deflater_of(doc) -> Deflater | None:
    """The helper thread the writer attached to a ReportLab document while it writes it."""
    return doc.__dict__.get("_paiban_deflater")


def attach_deflater(doc, deflater: Deflater | None) -> None:
    if deflater is None:
        doc.__dict__.pop("_paiban_deflater", None)
    else:
        doc._paiban_deflater = deflater
