"""Where an import's article and images are written, and what may be replaced on the way.

`paiban import -o ARTICLE.md` writes the images beside the article (``ARTICLE-1.jpg`` …) and
then the article, each atomically (`paiban.files.atomic_write`): a full disk or a kill leaves the
previous article whole. Files are only replaced when they are the import's own output: the
article named by ``-o``, and images of that name the previous article referred to (an import
run again) or that hold the same bytes. Any other file in the way stops the import before
anything is written: it may be the user's own picture that happens to be called ``ARTICLE-1.jpg``.

Without ``-o`` the article goes to standard output; its images cannot go beside a file that does
not exist, and writing them into the working folder would overwrite whatever has their names, so
they go to the cache (``imports/`` in `paiban.cache.cache_dir`, as a booklet's do), one folder
per version of the sources, and the Markdown refers to them there.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from paiban.errors import OutputError, Span, display_path
from paiban.files import atomic_write, check_output

IMPORT_CACHE_VERSION = 1
"""Bump when imported images are named differently, so old cache folders are not reused."""


def write_article(markdown: str, images: Iterable, output: Path) -> list[Path]:
    """Write `images` beside `output`, then the Markdown to `output`; returns the image paths.

    Everything is checked before the first byte is written, so a refusal leaves the folder as
    it was; images go first so the article never names an image that is not there yet.
    """
    target = check_output(output, "the article")
    images = list(images)
    previous = _previous_text(target)
    folder = output.parent
    for image in images:
        _check_image(folder / image.name, image.data, previous, output)
    written = write_images(images, folder)
    atomic_write(output, markdown.encode("utf-8"), "the article")
    return written


def write_images(images: Iterable, folder: Path, follow_symlinks: bool = True) -> list[Path]:
    """Write each image (``.name``, ``.data``) into `folder`, atomically; returns the paths."""
    written = []
    for image in images:
        path = folder / image.name
        atomic_write(path, image.data, "the image", follow_symlinks=follow_symlinks)
        written.append(path)
    return written


def cache_folder(sources: Sequence[str | Path]) -> Path | None:
    """The cache folder for the images imported from `sources` (this content of each file), or
    None when the cache folder is off or not safe to use (`paiban.cache.usable_dir`)."""
    from paiban import cache

    folder = cache.usable_dir()
    if folder is None:
        return None
    keys = "|".join(cache.content_key(Path(p), IMPORT_CACHE_VERSION) for p in sources)
    key = keys if len(sources) == 1 else hashlib.sha256(keys.encode()).hexdigest()
    return folder / "imports" / key


def _previous_text(target: Path) -> str:
    try:
        return target.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _refers_to(markdown: str, name: str) -> bool:
    """Whether an article's Markdown names the image file `name` (``![…](name)`` or ``path: name``)."""
    return re.search(rf'(?:^|[\s(:]){re.escape(name)}(?:$|[\s)"])', markdown, re.MULTILINE) is not None


def _check_image(path: Path, data: bytes, previous: str, article: Path) -> None:
    """Refuse to replace a file that is not an image of this article."""
    target = check_output(path, "the image")
    if not target.exists() or _refers_to(previous, path.name):
        return
    try:
        if target.read_bytes() == data:
            return
    except OSError:
        pass
    shown = display_path(path)
    raise OutputError(f"cannot write the image {shown}: a different file of that name is there, and "
                      f"{display_path(article)} does not refer to it", Span(shown),
                      hint="images are named after the article: move that file away, or give -o another name")
