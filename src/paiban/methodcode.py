"""Compiled code of the methods `dataclasses` writes for paiban's value classes, kept across runs.

For each value class, `dataclasses` writes `__init__` (and a frozen class's `__setattr__` and
`__delattr__`) as source text and compiles it. A build imports about 90 such classes, and those
~240 compilations took 35–45 ms of every start-up: more than setting a page. The text is the same
in every run, so its code is kept the way Python keeps a module's `.pyc`: in the user's cache
folder, one file per bytecode version, a `marshal`led dict from source text to code object. The
text is the key, so a changed class simply compiles anew; the code is what `compile` returns for
that text, so a class made from the cache is the class made without it.

The cache is used while `paiban.values.dataclass` runs the standard decorator, by giving the
`dataclasses` module an `exec` that looks the text up first. Where a Python version's dataclasses
no longer calls `exec` by that name, nothing is looked up and classes are compiled as before.
PAIBAN_NO_CACHE=1 turns the cache off like the others.
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import marshal
import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.util import MAGIC_NUMBER
from types import CodeType
from typing import Any

from paiban import cache

# A file that outgrows this (source texts of classes since changed or removed) starts afresh.
MAX_ENTRIES = 2000

_codes: dict[str, CodeType] | None = None
_new = 0


@contextmanager
def cached_compilation() -> Iterator[None]:
    """While inside, the `dataclasses` module compiles through the cache."""
    own = vars(dataclasses)
    if not cache.enabled() or "exec" in own:  # disabled, or the name means something else there
        yield
        return
    own["exec"] = _exec
    try:
        yield
    finally:
        own.pop("exec", None)


def _exec(source: Any, globals: dict | None = None, locals: dict | None = None) -> None:
    """`exec`, with the compiled code of a source text taken from the cache when there."""
    if not isinstance(source, str):
        return builtins.exec(source, globals, locals)
    codes = _loaded()
    code = codes.get(source)
    if code is None:
        code = compile(source, "<string>", "exec")  # what exec(source) compiles
        codes[source] = code
        _note_new()
    return builtins.exec(code, globals, locals)


def _path() -> os.PathLike[str]:
    return cache.cache_dir() / "code" / f"dataclass-methods-{MAGIC_NUMBER.hex()}.marshal"


def _loaded() -> dict[str, CodeType]:
    global _codes
    if _codes is None:
        _codes = _read()
    return _codes


def _read() -> dict[str, CodeType]:
    try:
        with open(_path(), "rb") as fh:
            value = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):  # absent or damaged: compile afresh
        return {}
    if not isinstance(value, dict) or len(value) > MAX_ENTRIES:
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, CodeType)}


def _note_new() -> None:
    global _new
    if _new == 0:
        atexit.register(_save)
    _new += 1


def _save() -> None:
    """Write the texts compiled in this run beside those read, at exit, atomically: another
    process reads the old file or the new one, never half of one."""
    if not _codes:
        return
    path = _path()
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(marshal.dumps(_codes))
        os.replace(tmp, path)
    except OSError:  # an unwritable cache folder only costs time
        try:
            os.unlink(tmp)
        except OSError:
            pass
