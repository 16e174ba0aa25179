"""Limits on PDFs that paiban reads (`preflight`, `impose`, `import`), checked before any work.

A PDF from outside can be made to hang MuPDF or eat all memory while still opening: a page tree
that loops or claims two billion pages, an image declared 100000 × 100000 pixels, a few kilobytes
of Flate data that inflate to gigabytes, a content stream of arrays nested 100,000 deep. MuPDF
notices some of these only after seconds of work and gigabytes of memory, others not at all. So
the document's structure is checked once, up front, against stated limits, each a clear error:

- at most `MAX_PAGES` pages, in a page tree without cycles;
- images of at most `MAX_IMAGE_PIXELS` pixels, by their declared size;
- streams that inflate to at most `MAX_STREAM_BYTES` each and `MAX_TOTAL_BYTES` together, found
  by inflating them in bounded chunks that are counted and dropped (Flate only: the filter such
  bombs are made of);
- page contents and form XObjects nesting arrays and dictionaries at most `MAX_NESTING` deep.

MuPDF errors raised later, while pages are read, are caught by the callers as `mupdf_errors()`.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from paiban.errors import PaibanError, Span

if TYPE_CHECKING:
    import pymupdf

#: Pages a PDF may have.
MAX_PAGES = 10_000
#: Pixels an image in a PDF may declare (width × height): 300 megapixels, an A3 page of line art
#: at 1200 ppi (278 MP) and more than any photo sent to print.
MAX_IMAGE_PIXELS = 300_000_000
#: Bytes a stream (page contents, fonts, forms…) may inflate to: 128 MiB.
MAX_STREAM_BYTES = 128 * 1024 * 1024
#: Bytes all streams together may inflate to: 1 GiB (a 10,000-page magazine holds far less).
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
#: How deep arrays and dictionaries may nest in page contents (real pages nest two or three deep).
MAX_NESTING = 100


_DAMAGED = "the file is damaged, or made to hang or exhaust memory; export it again"
_CHUNK = 1 << 20  # bytes inflated at a time
_SLICE = 1 << 14  # compressed bytes fed at a time
_REF = re.compile(r"(\d+)\s+\d+\s+R")
_FLATE = {"FlateDecode", "Fl"}
_SUBTYPE = re.compile(r"/Subtype\s*/(\w+)")
_FILTER = re.compile(r"/Filter\s*(/[^\s/\[\]<>()]+|\[[^\]]*\])")
_NAME = re.compile(r"/([^\s/\[\]<>()]+)")


def _unhex(data: bytes) -> bytes:
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", data.split(b">")[0])
    return binascii.unhexlify(digits + b"0" * (len(digits) % 2))


def _un85(data: bytes) -> bytes:
    return base64.a85decode(re.sub(rb"\s", b"", data.split(b"~>")[0]))


_ASCII = {"ASCIIHexDecode": _unhex, "AHx": _unhex, "ASCII85Decode": _un85, "A85": _un85}
#: Brackets a content stream may hold (kept while measuring its nesting): past 16 Mi of them it is
#: refused as too deep, without measuring.
_MAX_BRACKETS = 16 * 1024 * 1024
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]<>")


@cache
def mupdf_errors() -> tuple[type[BaseException], ...]:
    """What MuPDF raises for a damaged file: PyMuPDF's own errors are RuntimeError or ValueError;
    those of the MuPDF library itself (FzErrorFormat, FzErrorLimit…) derive from FzErrorBase.
    (A function so that importing this module does not import PyMuPDF.)"""
    import pymupdf

    base = getattr(getattr(pymupdf, "mupdf", None), "FzErrorBase", None)
    return (RuntimeError, ValueError) + ((base,) if isinstance(base, type) else ())


def check_limits(doc: pymupdf.Document, shown: str, error: type[PaibanError]) -> None:
    """Raise `error` (the command's own error class) naming the first limit `doc` exceeds."""
    where = Span(shown)
    contents: set[int] = set()
    _page_contents(doc, where, error, contents)
    budget = [MAX_TOTAL_BYTES]
    for xref in range(1, doc.xref_length()):
        try:
            # One call per object, its dictionary as text: PyMuPDF's calls cost more than reading
            # their answer. It fails on an object MuPDF cannot hold (nested too deep, say).
            text = doc.xref_object(xref, compressed=True)
            if text.startswith("<<") and "/Length" in text:  # a stream's dictionary has a /Length
                _check_stream(doc, xref, text, xref in contents, budget, where, error)
        except mupdf_errors() as exc:
            if not _past_a_limit(exc):
                continue  # plain damage (a missing object): MuPDF copes, or says so when reading pages
            why = "arrays or dictionaries nested too deep: " if "stack overflow" in str(exc) else ""
            raise error(f"object {xref} of the PDF cannot be read ({why}{exc})", where, _DAMAGED) from None


def _past_a_limit(exc: BaseException) -> bool:
    """Whether MuPDF refused an object for passing one of its own limits (FZ_ERROR_LIMIT, code 5),
    rather than for being damaged."""
    import pymupdf

    limit = getattr(getattr(pymupdf, "mupdf", None), "FzErrorLimit", None)
    return (isinstance(limit, type) and isinstance(exc, limit)) or str(exc).startswith("code=5:")


def _value(doc: pymupdf.Document, xref: int, key: str) -> tuple[str, str]:
    return doc.xref_get_key(xref, key)


def _number(doc: pymupdf.Document, text: str, key: str) -> int:
    """A whole number in a dictionary's text (following one indirect reference); 0 when absent."""
    found = re.search(rf"/{key}\s*(\d+)(?:\s+\d+\s+R)?", text)
    if found is None:
        return 0
    if found.group(0).endswith("R"):
        return _int_text(doc.xref_object(int(found.group(1))))
    return int(found.group(1)) if len(found.group(1)) <= 18 else 0


def _int_text(text: str) -> int:
    try:
        return int(float(text.strip()))
    except (ValueError, OverflowError):
        return 0


def _int(doc: pymupdf.Document, xref: int, key: str) -> int | None:
    kind, value = _value(doc, xref, key)
    if kind == "xref":  # an indirect number: one step is all a number needs
        target = _REF.fullmatch(value.strip())
        if target is None:
            return None
        value = doc.xref_object(int(target.group(1))).strip()
    try:
        return int(float(value))
    except (ValueError, OverflowError):
        return None


def _page_contents(doc: pymupdf.Document, where: Span, error: type[PaibanError], contents: set[int]) -> None:
    """Walk the page tree (no cycles, at most MAX_PAGES leaves), adding the xrefs of the pages'
    contents to `contents`. A tree too damaged to walk is left to MuPDF, which repairs what it
    can and reports the rest when the pages are read."""
    try:
        _walk(doc, where, error, contents)
    except mupdf_errors():
        return


def _walk(doc: pymupdf.Document, where: Span, error: type[PaibanError], contents: set[int]) -> None:
    kind, root = _value(doc, doc.pdf_catalog(), "Pages")
    match = _REF.fullmatch(root.strip()) if kind == "xref" else None
    if match is None:
        return  # no page tree: MuPDF reports that (or finds the pages by repair)
    top = int(match.group(1))
    declared = _int(doc, top, "Count")
    if declared is not None and declared > MAX_PAGES:
        raise error(f"the page tree declares {declared:,} pages; paiban reads at most {MAX_PAGES:,} pages",
                    where, "split the PDF into parts of fewer pages")
    seen: set[int] = set()
    pages = 0
    stack = [top]
    while stack:
        node = stack.pop()
        if node in seen:
            raise error(f"the page tree has a cycle: object {node} is reached twice", where,
                        _DAMAGED)
        seen.add(node)
        kind, kids = _value(doc, node, "Kids")
        if kind == "array":
            stack.extend(int(m.group(1)) for m in reversed(list(_REF.finditer(kids))))
            continue
        pages += 1
        if pages > MAX_PAGES:
            raise error(f"the PDF has more than {MAX_PAGES:,} pages; paiban reads at most {MAX_PAGES:,}",
                        where, "split the PDF into parts of fewer pages")
        kind, value = _value(doc, node, "Contents")
        contents.update(int(m.group(1)) for m in _REF.finditer(value) if kind in ("xref", "array"))


def _check_stream(doc: pymupdf.Document, xref: int, text: str, is_contents: bool, budget: list[int],
                  where: Span, error: type[PaibanError]) -> None:
    """Raise `error` when the stream `xref` (its dictionary `text`) exceeds a limit; `budget` holds
    the bytes that all streams still to be checked may inflate to."""
    found = _SUBTYPE.search(text)
    subtype = found.group(1) if found else ""
    if subtype == "Image":
        width, height = _number(doc, text, "Width"), _number(doc, text, "Height")
        if width * height > MAX_IMAGE_PIXELS:
            raise error(f"image object {xref} is declared {width:,} × {height:,} pixels "
                        f"({width * height / 1e6:,.0f} megapixels); paiban reads images of at most "
                        f"{MAX_IMAGE_PIXELS / 1e6:,.0f} megapixels", where,
                        _DAMAGED)
        return  # MuPDF decodes an image only to its declared size
    found = _FILTER.search(text)
    filters = _NAME.findall(found.group(1)) if found else []
    if not (is_contents or subtype == "Form") and not _FLATE.intersection(filters):
        return
    raw = doc.xref_stream_raw(xref)
    if not raw:
        return  # not a stream after all
    chunks, complete = _decoded(raw, filters, budget)
    try:
        if complete and (is_contents or subtype == "Form"):
            depth = _nesting(chunks)
            if depth > MAX_NESTING:
                raise error(f"the page contents in object {xref} nest arrays or dictionaries more than "
                            f"{MAX_NESTING} deep", where, _DAMAGED)
        else:
            for _ in chunks:
                pass
    except TotalTooLarge:
        raise error(f"the PDF's streams inflate to more than {MAX_TOTAL_BYTES >> 30} GiB in all; paiban "
                    f"reads at most {MAX_TOTAL_BYTES >> 30} GiB", where, _DAMAGED) from None
    except StreamTooLarge:
        raise error(f"stream object {xref} inflates to more than {MAX_STREAM_BYTES >> 20} MiB; paiban "
                    f"reads streams of at most {MAX_STREAM_BYTES >> 20} MiB", where,
                    _DAMAGED) from None


def _decoded(raw: bytes, filters: list[str], budget: list[int]) -> tuple[Iterator[bytes], bool]:
    """The stream's bytes after its leading ASCII and Flate filters, in chunks of at most _CHUNK;
    raises StreamTooLarge past MAX_STREAM_BYTES, TotalTooLarge when `budget` runs out. Other
    filters are left undone (what they hold is small, or an image, whose size is checked as
    declared).
    The flag tells whether every filter was undone."""
    data = raw
    steps = list(filters)
    while steps and steps[0] in _ASCII:
        try:
            data = _ASCII[steps.pop(0)](data)
        except (ValueError, binascii.Error):
            return iter(()), False  # broken: MuPDF reports it, or reads what it can
    layers = 0
    while steps and steps[0] in _FLATE:
        steps.pop(0)
        layers += 1
    stream: Iterator[bytes] = iter((data,))
    for _ in range(layers):
        stream = _inflate(stream)
    return _counted(stream, budget), not steps


class StreamTooLarge(Exception):
    """A stream inflates to more than MAX_STREAM_BYTES."""


class TotalTooLarge(Exception):
    """The streams together inflate to more than MAX_TOTAL_BYTES."""


def _inflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """One Flate layer, inflated at most _CHUNK bytes at a time; stops at the end of its data or
    at the first error (MuPDF reads a broken stream as far as it goes, and so does this)."""
    inflater = zlib.decompressobj()
    for chunk in _sliced(chunks):
        data = chunk
        while data and not inflater.eof:
            try:
                out = inflater.decompress(data, _CHUNK)
            except zlib.error:
                return
            data = inflater.unconsumed_tail
            if out:
                yield out
        if inflater.eof:
            return


def _sliced(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Input in small slices, so that the unconsumed rest copied by each inflate call stays small."""
    for chunk in chunks:
        for start in range(0, len(chunk), _SLICE):
            yield chunk[start:start + _SLICE]


def _counted(chunks: Iterator[bytes], budget: list[int]) -> Iterator[bytes]:
    total = 0
    for chunk in chunks:
        total += len(chunk)
        budget[0] -= len(chunk)
        if total > MAX_STREAM_BYTES:
            raise StreamTooLarge
        if budget[0] < 0:
            raise TotalTooLarge
        yield chunk


def _nesting(chunks: Iterator[bytes]) -> int:
    """How deep `[` and `<<` nest in content-stream bytes (brackets in strings count too: a page
    needs a hundred unbalanced ones in its text to be refused, which no real page has).

    The bytes are reduced to their brackets, then innermost pairs are removed a level at a time,
    each level one pass at C speed: no Python loop over characters."""
    kept = []
    size = 0
    for chunk in chunks:
        brackets = chunk.translate(None, _NOT_BRACKETS)
        size += len(brackets)
        if size > _MAX_BRACKETS:
            return MAX_NESTING + 1
        kept.append(brackets)
    text = b"".join(kept).replace(b"<<", b"{").replace(b">>", b"}").replace(b"<", b"").replace(b">", b"")
    depth = 0
    while depth <= MAX_NESTING:
        shorter = text.replace(b"[]", b"").replace(b"{}", b"")
        if len(shorter) == len(text):
            return depth
        text = shorter
        depth += 1
    return depth
