"""A stand-in ``tesseract`` for the scan benchmark that keeps each page's hOCR on disk.

Running Tesseract is most of the time a scan import takes (seconds a page), while changes to
the layout rules (columns, paragraphs, headings) do not change what Tesseract is given or what
it answers. ``score.py --hocr-cache DIR`` puts this program first on the ``PATH`` of the
imports it runs (as ``tesseract``, through a small shell script in a temporary folder), so that
paiban runs it exactly as it runs Tesseract, unchanged:

- a reading from standard input (``tesseract stdin stdout ...``, how paiban reads a page) is
  looked up in DIR by a SHA-256 of the image's bytes together with the arguments and the real
  Tesseract's version; found, its stored output is written out; not found, the real Tesseract
  runs and its output is stored (only when it succeeded);
- anything else (``--list-langs``, ``--version``, a file argument) goes to the real Tesseract.

A change to the image clean-up, the arguments or the engine changes the key, so a stale reading
is never used; the folder can be deleted at any time. CPU times measured with the cache say
nothing about Tesseract's cost (a hit costs a Python start-up instead).

    python hocr_cache.py ARGS...      (run as tesseract; needs PAIBAN_HOCR_CACHE and
                                       PAIBAN_REAL_TESSERACT in the environment)
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

CACHE_ENV = "PAIBAN_HOCR_CACHE"
REAL_ENV = "PAIBAN_REAL_TESSERACT"
VERSION_ENV = "PAIBAN_TESSERACT_VERSION"


def key(image: bytes, args: list[str], version: str) -> str:
    """The name a reading is stored under: the image's bytes, the arguments and the engine."""
    digest = hashlib.sha256()
    digest.update(hashlib.sha256(image).digest())
    digest.update("\0".join([version, *args]).encode())
    return digest.hexdigest()


def tesseract_version(real: str) -> str:
    done = subprocess.run([real, "--version"], capture_output=True, text=True, timeout=60)
    lines = (done.stdout + done.stderr).splitlines()
    return lines[0].strip() if lines else ""


def install(cache: Path) -> dict[str, str]:
    """The environment under which ``tesseract`` is this program, storing its readings in
    `cache`; empty when no real Tesseract is installed (the imports then say so themselves)."""
    real = shutil.which("tesseract")
    if real is None:
        return {}
    cache.mkdir(parents=True, exist_ok=True)
    shim = cache / "bin"  # beside the readings, so that a run leaves nothing behind elsewhere
    shim.mkdir(exist_ok=True)
    script = shim / "tesseract"
    script.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} {shlex.quote(str(Path(__file__).resolve()))} \"$@\"\n")
    script.chmod(0o755)
    return {
        "PATH": f"{shim}{os.pathsep}{os.environ.get('PATH', '')}",
        CACHE_ENV: str(cache.resolve()),
        REAL_ENV: real,
        VERSION_ENV: tesseract_version(real),
    }


def main(args: list[str]) -> int:
    real = os.environ[REAL_ENV]
    if len(args) < 2 or args[:2] != ["stdin", "stdout"]:
        os.execv(real, [real, *args])
    image = sys.stdin.buffer.read()
    stored = Path(os.environ[CACHE_ENV]) / f"{key(image, args, os.environ.get(VERSION_ENV, ''))}.hocr"
    if stored.is_file():
        sys.stdout.buffer.write(stored.read_bytes())
        return 0
    done = subprocess.run([real, *args], input=image, capture_output=True)
    sys.stderr.buffer.write(done.stderr)
    if done.returncode == 0:
        partial = stored.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(done.stdout)
        partial.replace(stored)  # whole or not at all, even with imports running side by side
    sys.stdout.buffer.write(done.stdout)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
