"""Writing output files safely: every file paiban writes (PDFs, imported articles and their
images, preview and comparison PNGs, cache entries) goes through `atomic_write`.

The promise is that a reader of the output path sees either the previous file or the whole new
one, never part of one, whatever happens to the run (a full disk, a kill, a power cut):

- the data goes to a temporary file in the target's folder, is flushed to the disk (`fsync`) and
  only then renamed over the target; the folder is synced after the rename where the platform
  allows it, so the rename itself survives a power cut;
- the temporary file is removed on every failure path; one left by a run that was killed (no
  ``finally`` runs after SIGKILL) is named by one pattern, ``.NAME.paiban-PID-RANDOM.tmp``, so the
  next run writing into that folder can tell it is paiban's and that its writer is gone, and
  removes it (`sweep_leftovers`);
- the target must be a regular file or a new path. A rename would replace a device, a FIFO or a
  socket with a regular file (``-o /dev/null`` run as root turned the system's null device into
  a PDF), so these are refused before anything is opened, which also means a FIFO never blocks;
- a symbolic link is followed: the file it points to is replaced atomically and the link stays a
  link, which is what editors do and what a user who links ``latest.pdf`` to a dated file expects.
  A link to a special file is refused like the file itself; a dangling link creates its target.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from pathlib import Path

from paiban.errors import OutputError, Span, display_path

#: Temporary files of `atomic_write`: ``.NAME.paiban-PID-RANDOM.tmp`` (NAME shortened if long).
TEMP_NAME = re.compile(r"^\..*\.paiban-(?P<pid>[0-9]+)-[0-9a-f]{8}\.tmp$", re.DOTALL)

#: When this process started writing: a leftover of our own pid older than this is a previous
#: process's (pids are reused, in containers often), never one of ours in flight.
RUN_START = time.time()

_MAX_NAME_BYTES = 120  # of the target's name inside a temporary name (file names are ≤ 255 bytes)
_swept: set[str] = set()

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def check_output(path: str | Path, what: str = "the PDF", follow_symlinks: bool = True) -> Path:
    """The file to write for the output path `path`: `path` itself, or the file a symbolic link
    at `path` points to. Raises `OutputError` (the path as its place) when it is not a regular
    file or a new path. Only `lstat`/`stat` are used: nothing is opened, so a FIFO cannot block.

    Commands call it before their work, so a bad ``-o`` is reported at once rather than after a
    long build; `atomic_write` calls it again just before writing. With `follow_symlinks=False`
    (folders paiban owns, such as the cache) a link is not followed but replaced itself.
    """
    path = Path(path)
    shown = _shown(path)
    target = path
    if follow_symlinks and path.is_symlink():
        try:
            target = Path(os.path.realpath(path, strict=True))
        except FileNotFoundError:
            target = Path(os.path.realpath(path))  # a dangling link: its target is created
        except (OSError, RuntimeError) as exc:  # a loop: RuntimeError up to Python 3.12, ELOOP after
            if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
                raise OutputError(f"cannot write {what}: {shown} is a symbolic link that leads back to itself "
                                  "(a link loop)", Span(shown), hint="remove the link or give another file name") from None
            raise _failed(what, shown, exc) from None
    try:
        mode = (target.stat() if follow_symlinks else target.lstat()).st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise _failed(what, shown, exc) from None
    if stat.S_ISREG(mode) or stat.S_ISLNK(mode):  # a link only when it is not followed
        return target
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    via = f" (a link to {display_path(target)})" if target != path else ""
    if kind == "a folder":
        raise OutputError(f"cannot write {what}: {shown}{via} is a folder", Span(shown),
                          hint=f"give a file name, e.g. -o {_example(what)}")
    raise OutputError(f"cannot write {what}: {shown}{via} is {kind}, not a regular file", Span(shown),
                      hint="paiban replaces its output by renaming a finished file over it, which would "
                           "replace the special file; give a file name (to only check that it builds, "
                           "write to a temporary file)")


def atomic_write(path: str | Path, data: bytes, what: str = "the PDF", follow_symlinks: bool = True) -> Path:
    """Write `data` to `path` atomically (see the module's docstring); returns the file written
    (the target of a symbolic link at `path`, unless `follow_symlinks` is false). Missing parent
    folders are created. Errors are `OutputError`s naming `path` and what was being written
    (`what`: "the PDF", "the image"…).
    """
    path = Path(path)
    shown = _shown(path)
    target = check_output(path, what, follow_symlinks)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _failed(what, shown, exc) from None
    sweep_leftovers(folder)
    try:
        fd, tmp = _create_temp(target)
    except OSError as exc:
        raise _failed(what, shown, exc, folder) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except OSError as exc:
        raise _failed(what, shown, exc) from None
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)
    _sync_folder(folder)
    return target


def sweep_leftovers(folder: str | Path) -> list[Path]:
    """Remove the temporary files a killed paiban run left in `folder`; returns them.

    Only regular files named by `TEMP_NAME` are candidates, and only those whose writer is gone:
    its process no longer exists, or it is this process's pid but the file is older than this
    run (the pid was reused). A file of another live process may be a write in flight and is
    kept. Each folder is swept once per process; a failure to sweep never stops a write.
    """
    folder = Path(folder)
    key = os.path.abspath(folder)
    if key in _swept:
        return []
    _swept.add(key)
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        match = TEMP_NAME.match(entry.name)
        if not match:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or not _writer_gone(int(match["pid"]), info.st_mtime):
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def temp_name(name: str, pid: int | None = None) -> str:
    """The temporary name `atomic_write` uses for a file called `name`."""
    short = name.encode("utf-8")[:_MAX_NAME_BYTES].decode("utf-8", "ignore")
    return f".{short}.paiban-{os.getpid() if pid is None else pid}-{os.urandom(4).hex()}.tmp"


def _create_temp(target: Path) -> tuple[int, str]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        tmp = str(target.parent / temp_name(target.name))
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target.parent))


def _writer_gone(pid: int, mtime: float) -> bool:
    if pid == os.getpid():
        return mtime < RUN_START
    if os.name != "posix":
        return False  # no cheap way to ask; never remove what may be in flight
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # EPERM: it exists, under another user
        return False
    return False


def _sync_folder(folder: Path) -> None:
    """Make the rename durable: sync the folder's entry list (POSIX only; some file systems
    refuse, which loses nothing that was promised before)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _failed(what: str, shown: str, exc: OSError, folder: Path | None = None) -> OutputError:
    reason = exc.strerror or str(exc)
    if folder is not None and isinstance(exc, PermissionError):
        where = display_path(folder) if str(folder) not in ("", ".") else "the current folder"
        return OutputError(f"cannot write {what}: the folder {where} is not writable ({reason})", Span(shown),
                           hint="give an output in a folder you may write to")
    return OutputError(f"cannot write {what}: {reason}", Span(shown))


def _shown(path: Path) -> str:
    """`path` for messages: relative to the working folder, a link by its own name (not its
    target's)."""
    if not path.is_symlink():
        return display_path(path)
    folder = display_path(path.parent)
    return path.name if folder == "." else str(Path(folder) / path.name)


def _example(what: str) -> str:
    return {"the article": "article.md", "the PNG": "out.png", "the image": "image.png"}.get(what, "out.pdf")


def _mode_for(path: Path) -> int:
    """Permissions for the new file: the old file's, else what the umask gives a new file."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_UMASK


def _read_umask() -> int:
    """The process's umask. Reading it means setting it, which would briefly give files other
    threads create (the preview server writes from several) no protection at all; so it is read
    once, when this module is imported."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
