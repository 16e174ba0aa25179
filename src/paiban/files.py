"""Writing output files safely."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from paiban.errors import OutputError, Span, display_path


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and a rename, so that a failed or interrupted
    build never leaves a truncated PDF where the last good one was (a rename within one file
    system is atomic). The temporary file is removed whatever happens.
    """
    shown = display_path(path)
    if path.is_dir():
        raise OutputError(f"cannot write the PDF: {shown} is a folder", Span(shown),
                          hint="give a file name, e.g. -o out.pdf")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write the PDF: {exc.strerror}", Span(shown)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write the PDF: {exc.strerror}", Span(shown)) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _mode_for(path: Path) -> int:
    """Permissions for the new file: the old file's, else what the umask gives a new file."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
