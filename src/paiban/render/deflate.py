"""Compressing the PDF's streams on a helper thread, with the bytes ReportLab's Flate filter gives.

ReportLab compresses every stream while it saves the document, one after another on the one
thread that also formats every object. zlib lets go of the interpreter while it works, so a
stream whose content is final can be compressed on another thread meanwhile: a page as soon as it
is drawn, a font subset as soon as it is cut. The same `zlib.compress` call gives the same bytes.

The interpreter's switch interval is left as it is: shortening it is a process-wide change (it
would touch every thread of `paiban serve`) and measured no gain on whole builds.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager


@contextmanager
def deflating() -> Iterator[Executor]:
    """The helper thread, for the time the writer runs."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="paiban-deflate") as deflater:
        yield deflater


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
