"""Compressing the PDF's streams on a helper thread, with the bytes ReportLab's Flate filter gives.

ReportLab compresses every stream while it saves the document, one after another on the one
thread that also formats every object. zlib lets go of the interpreter while it works, so a
stream whose content is final can be compressed on another thread meanwhile: a page as soon as it
is drawn, a font subset as soon as it is cut. The same `zlib.compress` call gives the same bytes.

The helper needs the interpreter lock for a moment before and after each stream, and a thread
asking for it waits until the one holding it has run for the switch interval (5 ms by default).
With the writer running Python all the while, that kept the helper behind: the save then waited
about 11 ms of a 30-article booklet's ~58 ms for streams not yet compressed. While the writer runs,
the interval is 0.2 ms, and nothing waits (1 ms still left 6 ms of waiting).
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager

#: The interpreter's switch interval while the helper thread works (seconds).
HANDOVER_INTERVAL = 0.0002


@contextmanager
def deflating() -> Iterator[Executor]:
    """The helper thread, for the time the writer runs; the switch interval is put back after."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, HANDOVER_INTERVAL))
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="paiban-deflate") as deflater:
            yield deflater
    finally:
        sys.setswitchinterval(before)


class Deflated:
    """A Flate filter whose work is already under way: `encode` hands back the bytes compressed
    on the helper thread, waiting for them if need be (it ignores what it is given)."""

    pdfname = "FlateDecode"

    def __init__(self, data: Future[bytes]) -> None:
        self.data = data

    def encode(self, text: object) -> bytes:
        return self.data.result()


def deflate_soon(content: str | bytes, deflater: Executor) -> Deflated:
    """The filter for a stream holding `content`, its compression started now."""
    data = content.encode("utf8") if isinstance(content, str) else content
    return Deflated(deflater.submit(zlib.compress, data))


def deflater_of(doc) -> Executor | None:
    """The helper thread the writer attached to a ReportLab document while it writes it."""
    return doc.__dict__.get("_paiban_deflater")


def attach_deflater(doc, deflater: Executor | None) -> None:
    if deflater is None:
        doc.__dict__.pop("_paiban_deflater", None)
    else:
        doc._paiban_deflater = deflater
