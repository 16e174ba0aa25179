"""Total ink of an image's pixels as the PDF holds them (CMYK or grey), for the ink-limit check.

A press judges ink over an area, not a single pixel: one dark JPEG-ringing pixel next to black type
does not flood the paper. So the pixels are averaged over 4 × 4 blocks (about 0.3 mm at 300 ppi)
and the darkest block is the image's total area coverage. RGB and other spaces give None: the
colour check reports them, and their ink depends on a conversion not yet made.
"""

from __future__ import annotations

import pymupdf

#: Pixels averaged together, per side: MuPDF's shrink halves this many times.
_SHRINK = 2


def image_ink(doc: pymupdf.Document, xref: int) -> float | None:
    """The highest C+M+Y+K, in percent, over the image's 4 × 4 pixel areas; None for RGB and others."""
    import numpy

    try:
        pix = pymupdf.Pixmap(doc, xref)
    except (RuntimeError, ValueError):
        return None
    if pix.alpha:
        pix = pymupdf.Pixmap(pix, 0)  # the colour channels alone
    if pix.colorspace is None or pix.colorspace.n not in (1, 4):
        return None  # RGB, Lab, or a stencil mask
    if pix.width >= 4 << _SHRINK and pix.height >= 4 << _SHRINK:
        pix.shrink(_SHRINK)
    samples = numpy.frombuffer(pix.samples, dtype=numpy.uint8).reshape(pix.height, pix.width, pix.n)
    if pix.n == 1:
        ink = 255 - samples[..., 0].astype(numpy.int32)  # grey: white paper is 255
    else:
        ink = samples.astype(numpy.int32).sum(axis=2)
    return float(ink.max()) * 100 / 255
