"""Reading what the layout needs from an image file: pixel size, format and transparency.

Each image is decoded once here, before layout, so that a file that cannot be printed is an error
at the figure's line rather than a failure (or a broken PDF) when the PDF is written: a JPEG is
embedded in the PDF byte for byte, so one cut short would otherwise reach the printer as is. A JPEG
is decoded at an eighth of its size (the DCT scaling of libjpeg), which still reads every byte of
its compressed data; other formats are decoded in full. Images are limited to `MAX_IMAGE_PIXELS`,
checked from the header before any pixel is decoded, so a decompression bomb costs nothing.
"""

from __future__ import annotations

import errno
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

#: Pixels an image may have: 89,478,485 (89.5 megapixels), Pillow's own threshold for a suspected
#: decompression bomb. A photo filling an A3 spread at 300 ppi has 35 megapixels.
MAX_IMAGE_PIXELS = 89_478_485
_SCALE_DOWN = "scale the image down: 300 pixels per inch at its printed size is enough for print"


@dataclass(frozen=True, slots=True)
class ImageFile:
    """An image file as found on disk."""

    path: str  # absolute path
    width: int  # pixels
    height: int
    format: str  # "JPEG", "PNG", …
    has_alpha: bool


class UnreadableImage(Exception):
    """The file exists but is not an image Pillow can read in full; `hint` says what to do."""

    def __init__(self, message: str, hint: str = "use a JPEG or PNG file"):
        super().__init__(message)
        self.hint = hint


def probe_image(path: Path) -> ImageFile:
    """Facts of an image that decodes in full; raises FileNotFoundError or UnreadableImage."""
    from PIL import Image, UnidentifiedImageError

    try:
        os.stat(path)
    except FileNotFoundError:
        raise FileNotFoundError(str(path)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnreadableImage("its path is a loop of symbolic links",
                                  "point the path at the image file itself") from None
        raise UnreadableImage(exc.strerror or str(exc)) from None
    if not path.is_file():
        raise FileNotFoundError(str(path))
    # Pillow warns (and past twice the threshold refuses) by its own global limit; this module
    # states its own, so Pillow's warning is silenced and its refusal reported in the same words.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as image:
                _check_pixels(image.width, image.height)
                facts = ImageFile(str(path.resolve()), image.width, image.height, image.format or "",
                                  image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info)
                if image.format == "JPEG":
                    image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
        except UnreadableImage:
            raise
        except Image.DecompressionBombError as exc:
            found = re.search(r"\((\d+) pixels\)", str(exc))
            raise UnreadableImage(_too_many(int(found.group(1))) if found else str(exc), _SCALE_DOWN) from None
        except UnidentifiedImageError as exc:
            raise UnreadableImage(str(exc)) from None
        except Exception as exc:  # Pillow's decoders raise many types for damaged data
            raise _damaged(exc) from None
    return facts


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_IMAGE_PIXELS:
        raise UnreadableImage(f"it is {width:,} × {height:,} pixels; " + _too_many(width * height), _SCALE_DOWN)


def _too_many(pixels: int) -> str:
    return (f"{pixels / 1e6:,.1f} megapixels is more than the {MAX_IMAGE_PIXELS / 1e6:.1f} "
            f"megapixels ({MAX_IMAGE_PIXELS:,} pixels) paiban reads")


def _damaged(exc: Exception) -> UnreadableImage:
    text = str(exc) or type(exc).__name__
    if "truncated" in text:
        return UnreadableImage(f"the file is cut short ({text})",
                               "copy the image again (an interrupted copy or download leaves it cut short)")
    return UnreadableImage(f"its data is damaged ({text})", "export the image again as JPEG or PNG")
