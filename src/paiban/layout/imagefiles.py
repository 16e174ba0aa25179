"""Reading what the layout needs from an image file: pixel size, format and transparency.

Only the header is read (Pillow opens files lazily), so laying out an article with large photos
stays fast; the pixels are read once, by the PDF writer.
"""

from __future__ import annotations

from pathlib import Path

from paiban.values import dataclass


@dataclass(frozen=True, slots=True)
class ImageFile:
    """An image file as found on disk."""

    path: str  # absolute path
    width: int  # pixels
    height: int
    format: str  # "JPEG", "PNG", …
    has_alpha: bool


class UnreadableImage(Exception):
    """The file exists but is not an image Pillow can read."""


def probe_image(path: Path) -> ImageFile:
    """Header facts of an image; raises FileNotFoundError or UnreadableImage."""
    from PIL import Image, UnidentifiedImageError

    if not path.is_file():
        raise FileNotFoundError(str(path))
    try:
        with Image.open(path) as image:
            alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            return ImageFile(str(path.resolve()), image.width, image.height,
                             image.format or "", alpha)
    except (UnidentifiedImageError, OSError) as exc:
        raise UnreadableImage(str(exc)) from None
