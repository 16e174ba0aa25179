"""The user's cache folder: data that is slow to compute, kept as plain bytes, never as code.

Entries are bytes that their reader checks (the font tables in `paiban.fonttables` carry their
own key and sizes); nothing here is unpickled or executed. The folder is used only when it is a
real folder owned by the user and writable by nobody else: a cache in a shared place (`/tmp`, a
CI cache restored from another branch) could otherwise feed one user's build with another's
data. An unusable folder is reported once and the build goes on without it; an unwritable one
only costs time.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

_warned: set[str] = set()


def enabled() -> bool:
    """Whether the cache is on: PAIBAN_NO_CACHE=1 turns it off, so a reference build can check
    that it never changes a byte of the output."""
    return os.environ.get("PAIBAN_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    """The cache folder: $PAIBAN_CACHE_DIR, else $XDG_CACHE_HOME/paiban, else ~/.cache/paiban."""
    explicit = os.environ.get("PAIBAN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "paiban"


def usable_dir(create: bool = True) -> Path | None:
    """The cache folder when it is safe to use, else None (after one warning per folder).

    Safe means: a folder (not a link to one), owned by this user, not writable by group or
    others. A missing folder is made with mode 0700 when `create` is set.
    """
    if not enabled():
        return None
    folder = cache_dir()
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        if not create:
            return None
        try:
            folder.mkdir(parents=True, mode=0o700, exist_ok=True)
            st = os.lstat(folder)
        except OSError:
            return None  # cannot be made: builds only take longer
    except OSError:
        return None
    problem = _unsafe(st)
    if problem:
        _warn_once(folder, problem)
        return None
    return folder


def _unsafe(st: os.stat_result) -> str | None:
    if not stat.S_ISDIR(st.st_mode):
        return "is not a folder"
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return "is owned by another user"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "is writable by other users"
    return None


def _warn_once(folder: Path, problem: str) -> None:
    if str(folder) in _warned:
        return
    _warned.add(str(folder))
    print(f"warning: the cache folder {folder} {problem}; it is not used "
          "(set PAIBAN_CACHE_DIR to a folder of your own)", file=sys.stderr)


def read(name: str, max_size: int) -> bytes | None:
    """The bytes of entry `name` (a path relative to the cache folder), or None when the cache is
    off or unsafe, the entry is absent, not a regular file, or larger than `max_size`."""
    folder = usable_dir(create=False)
    if folder is None:
        return None
    path = folder / name
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > max_size:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(max_size + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def write(name: str, data: bytes) -> None:
    """Store `data` as entry `name` through the one atomic writer (`paiban.files.atomic_write`: a
    reader sees the old entry or the new one, never half of one; a link planted in the cache is
    replaced, not followed); any failure only means the entry is computed again next time."""
    from paiban.errors import OutputError
    from paiban.files import atomic_write

    folder = usable_dir()
    if folder is None:
        return
    try:
        atomic_write(folder / name, data, "a cache entry", follow_symlinks=False)
    except OutputError:
        pass


def content_key(path: Path, version: int) -> str:
    """A key that changes whenever the file's content changes: a SHA-256 of its bytes."""
    digest = hashlib.sha256(f"{version}|".encode())
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
