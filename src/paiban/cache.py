"""The user's cache folder: pickled results that are slow to compute and keyed by their inputs.

Entries are written to a temporary file and renamed, so a concurrent build never reads half an
entry; an unreadable entry is treated as missing and rebuilt, never trusted; an unwritable cache
folder only costs time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any


def enabled() -> bool:
    """Whether the speed-ups are on: PAIBAN_NO_CACHE=1 turns them off, so a reference build can
    check that they never change a byte of the output."""
    return os.environ.get("PAIBAN_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    """The cache folder: $PAIBAN_CACHE_DIR, else $XDG_CACHE_HOME/paiban, else ~/.cache/paiban."""
    explicit = os.environ.get("PAIBAN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "paiban"


def file_stamp(path: Path, version: int) -> str:
    """A key that changes whenever the file changes: its path, size and modification time."""
    st = path.stat()
    raw = f"{version}|{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"
    return hashlib.sha1(raw.encode()).hexdigest()


def read(name: str) -> Any | None:
    """The cached object called `name`, or None when absent or unreadable."""
    entry = cache_dir() / name
    if not enabled() or not entry.is_file():
        return None
    try:
        with entry.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # a damaged entry is rebuilt, never trusted
        return None


def write(name: str, value: Any) -> None:
    """Store `value` under `name` atomically."""
    if not enabled():
        return
    entry = cache_dir() / name
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(entry)
    except OSError:
        pass
