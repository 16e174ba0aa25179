"""Tables read from a font file once and kept as data: the bundled fonts' inside the package, a
user's font's in the cache folder.

Parsing a 15 MB CJK font (cmap, hmtx, glyph offsets of some 30,000 glyphs) takes 0.1–0.2 s per
font with fontTools and as long again with ReportLab; a build would pay that for each of its
fonts. The results are a few scalars and a few number arrays, stored here in a format that holds
nothing but data: a magic line, a JSON header (format, kind, the font's key, the scalars, the
name, type and length of each array and a SHA-256 of their bytes), then the arrays' bytes. A reader checks all of it and
treats anything unexpected as absent; nothing in a tables file is ever executed.

A font is known by `font_key`: a hash of its size, its table directory (every table's tag,
offset, length and checksum, which font tools rewrite whenever a table changes) and its `head`
table. That is a key of the font's content that costs one small read; hashing the whole file
would cost 12 ms per font, a quarter of a one-page build for its four fonts. A replaced font,
whatever its size or modification time, gets another key, so its old tables are never used.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import sys
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from paiban import cache

MAGIC = b"paiban font tables\n"
FORMAT = 1
#: Larger entries are not read (the largest real one, a CJK font's, is about 0.5 MB).
MAX_SIZE = 16 << 20
_MAX_HEADER = 1 << 20
_TYPECODES = frozenset("bBhHiIlLqQfd")


@dataclass(frozen=True, eq=False)
class Tables:
    """One kind of tables of one font: scalars (JSON values) and named number arrays."""

    values: dict[str, Any]
    arrays: dict[str, array]


def font_key(path: str | os.PathLike[str]) -> str:
    """The font's content key (see the module's docstring); for a file that is not an sfnt font,
    a hash of all its bytes."""
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        head = fh.read(12)
        digest = hashlib.sha256(b"%d|" % size)
        if len(head) == 12 and head[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
            count = struct.unpack(">H", head[4:6])[0]
            directory = fh.read(16 * count)
            digest.update(head + directory)
            for i in range(0, len(directory) - 15, 16):
                tag, _, offset, length = struct.unpack(">4sIII", directory[i:i + 16])
                if tag == b"head" and length <= 256:
                    fh.seek(offset)
                    digest.update(fh.read(length))
            return "f" + digest.hexdigest()
    return "c" + cache.content_key(Path(path), FORMAT)


def encode(kind: str, key: str, values: dict[str, Any], arrays: dict[str, array]) -> bytes:
    """The bytes of a tables file (arrays stored little-endian)."""
    layout = []
    blobs = []
    for name, arr in arrays.items():
        if sys.byteorder != "little":
            arr = array(arr.typecode, arr)
            arr.byteswap()
        layout.append([name, arr.typecode, len(arr)])
        blobs.append(arr.tobytes())
    header = json.dumps({"format": FORMAT, "kind": kind, "key": key, "values": _to_json(values),
                         "arrays": layout, "sha256": hashlib.sha256(b"".join(blobs)).hexdigest()}, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    head = header.encode("ascii")
    return b"".join([MAGIC, struct.pack("<I", len(head)), head, *blobs])


def decode(data: bytes, kind: str, key: str) -> Tables | None:
    """The tables in `data` when they are exactly what `encode` writes for this kind and key,
    else None: a damaged, truncated, foreign or swapped entry is never used."""
    try:
        if not data.startswith(MAGIC):
            return None
        pos = len(MAGIC)
        (size,) = struct.unpack_from("<I", data, pos)
        pos += 4
        if size > _MAX_HEADER:
            return None
        header = json.loads(data[pos:pos + size].decode("ascii"))
        pos += size
        start = pos
        if (not isinstance(header, dict) or header.get("format") != FORMAT or header.get("kind") != kind
                or header.get("key") != key or not isinstance(header.get("values"), dict)):
            return None
        arrays = {}
        for item in header.get("arrays", ()):
            name, typecode, count = item
            if not (isinstance(name, str) and typecode in _TYPECODES and isinstance(count, int) and count >= 0):
                return None
            arr = array(typecode)
            end = pos + count * arr.itemsize
            if end > len(data):
                return None
            arr.frombytes(data[pos:end])
            if sys.byteorder != "little":
                arr.byteswap()
            arrays[name] = arr
            pos = end
        if pos != len(data) or hashlib.sha256(data[start:]).hexdigest() != header.get("sha256"):
            return None
        return Tables(_from_json(header["values"]), arrays)
    except (ValueError, TypeError, KeyError, struct.error, UnicodeDecodeError, RecursionError):
        return None


def _to_json(value: Any) -> Any:
    """JSON for scalars, lists, str-keyed dicts, tuples and bytes (tagged so they come back)."""
    if isinstance(value, bytes):
        return {"$bytes": value.hex()}
    if isinstance(value, tuple):
        return {"$tuple": [_to_json(v) for v in value]}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _to_json(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"not storable in font tables: {type(value).__name__}")


def _from_json(value: Any) -> Any:
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"$bytes"}:
            return bytes.fromhex(value["$bytes"])
        if set(value) == {"$tuple"}:
            return tuple(_from_json(v) for v in value["$tuple"])
        return {k: _from_json(v) for k, v in value.items()}
    return value


@lru_cache(maxsize=1)
def fonts_dir() -> Path:
    """The bundled fonts folder: inside an installed wheel, or at the top of a source checkout."""
    here = Path(__file__).resolve()
    packaged = here.parent / "_data" / "fonts"
    return packaged if packaged.is_dir() else here.parents[2] / "fonts"


def bundled_folder() -> Path:
    """Where the bundled fonts' tables are shipped: `tables/` beside the fonts."""
    return fonts_dir() / "tables"


def bundled_name(font: str | os.PathLike[str], kind: str) -> str:
    return f"{Path(font).stem}.{kind}"


def load(font: str | os.PathLike[str], kind: str, key: str) -> Tables | None:
    """The font's tables of this kind: shipped with paiban for a bundled font, else from the
    user's cache; None when neither holds them for this exact font, or when PAIBAN_NO_CACHE=1
    asks for a build from the font files alone."""
    if not cache.enabled():
        return None
    shipped = bundled_folder() / bundled_name(font, kind)
    try:
        with open(shipped, "rb") as fh:
            found = decode(fh.read(MAX_SIZE + 1), kind, key)
        if found is not None:
            return found
    except OSError:
        pass
    data = cache.read(cache_name(kind, key), MAX_SIZE)
    return None if data is None else decode(data, kind, key)


def enabled() -> bool:
    """Whether stored tables are used at all (PAIBAN_NO_CACHE=1 builds from the font files)."""
    return cache.enabled()


def store(kind: str, key: str, values: dict[str, Any], arrays: dict[str, array]) -> None:
    """Keep a font's tables in the user's cache."""
    if cache.enabled():
        cache.write(cache_name(kind, key), encode(kind, key, values, arrays))


def cache_name(kind: str, key: str) -> str:
    return f"fonts/{key}.{kind}"
