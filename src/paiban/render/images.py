"""Drawing placed images with ReportLab, prepared for print.

JPEG files are embedded as they are (DCTDecode, no second lossy compression). Images with
transparency are flattened onto white paper first: a soft mask in a print PDF can trigger
transparency flattening in the RIP, with stitching lines and colour shifts, and paper has no alpha.
A missing image (a placeholder) is drawn as a light grey box with a thin frame; its file name is
a text line of the layout, drawn with the other lines.
"""

from __future__ import annotations

from typing import Protocol

from paiban.layout.result import Image

#: Fill and frame of a placeholder box, CMYK: 15 % and 50 % black.
_PLACEHOLDER_FILL = (0.0, 0.0, 0.0, 0.15)
_PLACEHOLDER_STROKE = (0.0, 0.0, 0.0, 0.5)


def _source(path: str):
    """What to hand ReportLab: the file itself for JPEG, else a flattened Pillow image."""
    from PIL import Image as PILImage
    from reportlab.lib.utils import ImageReader

    with PILImage.open(path) as image:
        if image.format == "JPEG":
            return path
        image.load()
        if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
            rgba = image.convert("RGBA")
            paper = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
            flat = PILImage.alpha_composite(paper, rgba).convert("RGB")
            return ImageReader(flat)
        if image.mode not in ("RGB", "L", "CMYK"):
            return ImageReader(image.convert("RGB"))
        return ImageReader(image.copy())


class ImageSource(Protocol):
    """Turns an image file into what ReportLab draws (a print build's colour conversion)."""

    def source(self, path: str): ...


def draw_image(canv, image: Image, page_height: float, images: ImageSource | None = None) -> None:
    """Draw one image (or placeholder box) at its layout position; y grows downwards there.

    `images` prepares the file (a print build converts it to the press's CMYK); without it the
    file is embedded as described above.
    """
    bottom = page_height - image.y - image.height
    if not image.path:
        canv.saveState()
        canv.setFillColorCMYK(*_PLACEHOLDER_FILL)
        canv.setStrokeColorCMYK(*_PLACEHOLDER_STROKE)
        canv.setLineWidth(0.5)
        canv.rect(image.x, bottom, image.width, image.height, stroke=1, fill=1)
        canv.restoreState()
        return
    # render_pdf turns ReportLab's ASCII85 wrapping off for the whole document, images included.
    source = images.source(image.path) if images is not None else _source(image.path)
    canv.drawImage(source, image.x, bottom, image.width, image.height, mask=None)
