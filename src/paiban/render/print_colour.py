"""Colour-managed conversion of placed images to the press's CMYK, for print builds.

A print shop's RIP would convert RGB photographs with whatever profile it happens to use, or refuse
them; paiban converts them itself, through littleCMS (Pillow's ImageCms), from the profile
embedded in the image (sRGB when there is none) to the style's output profile, the same profile
the PDF/X OutputIntent names. Grey images, and RGB images whose pixels are all grey, are printed
with black ink alone: a grey converted through a CMYK profile becomes four inks, which shift
colour on press when the plates do not register exactly.

JPEG photographs stay JPEG, encoded once more at the style's `jpeg_quality`; every other image is
written losslessly (Flate). CMYK images are taken as they are.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageChops, ImageCms

from paiban.errors import Span, StyleError
from paiban.style.model import PrintOptions
from paiban.style.sources import bundled_profile_path

#: littleCMS rendering intents by the style's names (ICC numbering).
INTENTS = {"perceptual": 0, "relative": 1, "saturation": 2, "absolute": 3}

#: RGB channels further apart than this (of 255) make a pixel coloured; JPEG noise stays below it.
_GREY_TOLERANCE = 3


@dataclass(frozen=True, slots=True)
class OutputProfile:
    """The press's CMYK profile: its bytes (embedded in the PDF/X OutputIntent) and its name."""

    path: str
    data: bytes
    description: str


def load_output_profile(options: PrintOptions) -> OutputProfile:
    """Read and check the style's output profile, or the bundled one.

    A profile that is not a CMYK output profile is refused with the place the style named it,
    since converting to it would give the press colours it cannot print.
    """
    path = options.output_profile or str(bundled_profile_path())
    where = options.profile_at or Span(path)
    data = Path(path).read_bytes()
    try:
        core = ImageCms.ImageCmsProfile(io.BytesIO(data)).profile
    except (OSError, ImageCms.PyCMSError) as exc:
        raise StyleError(f"print.output_profile: {Path(path).name} is not an ICC profile ({exc})", where,
                         "name the .icc file the print shop gave you (e.g. Japan Color 2001 Coated)") from None
    space, device = core.xcolor_space.strip(), core.device_class.strip()
    if space != "CMYK" or device != "prtr":
        raise StyleError(f"print.output_profile: {Path(path).name} is a profile for {space} (device class "
                         f"'{device}'), not a CMYK output profile",
                         where, "images are converted to the press's inks: name the printer's CMYK "
                                "profile (device class 'prtr', colour space CMYK)")
    return OutputProfile(path, data, core.profile_description.strip() or Path(path).stem)


def _flattened(image: PILImage.Image) -> PILImage.Image:
    """The image as RGB or L on white paper: print has no alpha, and PDF/X-1a no soft masks."""
    if image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
        flat = PILImage.alpha_composite(paper, rgba)
        return flat.convert("L" if image.mode in ("LA", "La") else "RGB")
    if image.mode in ("1", "L", "I", "I;16", "F"):
        return image.convert("L")
    return image if image.mode == "RGB" else image.convert("RGB")


def _all_grey(rgb: PILImage.Image) -> bool:
    r, g, b = rgb.split()
    return all(ImageChops.difference(x, y).getextrema()[1] <= _GREY_TOLERANCE for x, y in ((r, g), (g, b)))


def _embedded(image: PILImage.Image, space: str) -> ImageCms.ImageCmsProfile | None:
    """The image's own ICC profile when it describes the image's colour space."""
    data = image.info.get("icc_profile")
    if not data:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, ImageCms.PyCMSError):
        return None  # a broken embedded profile: treat the image as sRGB, as browsers do
    return profile if profile.profile.xcolor_space.strip() == space else None


class ImageConverter:
    """Converts the images of one print build; transforms are built once per source profile."""

    def __init__(self, profile: OutputProfile, intent: str = "perceptual", jpeg_quality: int = 92):
        self.profile = profile
        self.intent = INTENTS[intent]
        self.jpeg_quality = jpeg_quality
        self._press = ImageCms.ImageCmsProfile(io.BytesIO(profile.data))
        self._lab = ImageCms.createProfile("LAB")
        self._transforms: dict[bytes | None, ImageCms.ImageCmsTransform] = {}
        self._k_light: list[float] | None = None

    def transform(self, source: ImageCms.ImageCmsProfile | None) -> ImageCms.ImageCmsTransform:
        """RGB (the given profile, or sRGB) → the press's CMYK, with the style's intent."""
        key = source.tobytes() if source is not None else None
        found = self._transforms.get(key)
        if found is None:
            found = self._transforms[key] = ImageCms.buildTransform(
                source or ImageCms.createProfile("sRGB"), self._press, "RGB", "CMYK",
                renderingIntent=self.intent)
        return found

    def to_cmyk(self, image: PILImage.Image) -> PILImage.Image:
        """The image in the press's CMYK; grey ones in black ink alone."""
        if image.mode == "CMYK":
            return image
        flat = _flattened(image)
        if flat.mode == "L":
            return self.grey_to_k(flat, _embedded(image, "GRAY"))
        if _all_grey(flat):
            return self.grey_to_k(flat.convert("L"), _embedded(image, "RGB"))
        return ImageCms.applyTransform(flat, self.transform(_embedded(image, "RGB")))

    def grey_to_k(self, image: PILImage.Image, source: ImageCms.ImageCmsProfile | None) -> PILImage.Image:
        """Black ink only, each grey level at the K that prints the same relative lightness.

        The lightness (L*) of each grey level comes from its profile (sRGB's tone curve when it has
        none); the press profile says how light each amount of K alone prints. Paper white and
        100 % K stand for the source's white and black, as a perceptual rendering would map them.
        `image` is an L image; `source` a grey or RGB profile.
        """
        mode = "L" if source is not None and source.profile.xcolor_space.strip() == "GRAY" else "RGB"
        levels = PILImage.new(mode, (256, 1))
        levels.putdata([(g, g, g) if mode == "RGB" else g for g in range(256)])
        lab = ImageCms.applyTransform(levels, ImageCms.buildTransform(
            source or ImageCms.createProfile("sRGB"), self._lab, mode, "LAB",
            renderingIntent=INTENTS["relative"]))
        source_l = [v * 100 / 255 for v in lab.getchannel("L").tobytes()]
        k_light = self._k_lightness()
        paper, black = k_light[0], k_light[-1]
        low, high = min(source_l), max(source_l)
        span = (high - low) or 1.0
        curve = []
        for light in source_l:
            target = black + (light - low) / span * (paper - black)
            curve.append(min(range(256), key=lambda k: abs(k_light[k] - target)))
        zero = PILImage.new("L", image.size, 0)
        return PILImage.merge("CMYK", (zero, zero, zero, image.point(curve)))

    def _k_lightness(self) -> list[float]:
        """L* of 0…100 % K alone on this press (relative colorimetric: paper white is white)."""
        if self._k_light is not None:
            return self._k_light
        steps = PILImage.new("CMYK", (256, 1))
        steps.putdata([(0, 0, 0, k) for k in range(256)])
        lab = ImageCms.applyTransform(steps, ImageCms.buildTransform(
            self._press, self._lab, "CMYK", "LAB", renderingIntent=INTENTS["relative"]))
        self._k_light = [v * 100 / 255 for v in lab.getchannel("L").tobytes()]
        return self._k_light

    def source(self, path: str):
        """What to hand ReportLab for the image file at `path`: CMYK, JPEG kept JPEG."""
        from reportlab.lib.utils import ImageReader

        with PILImage.open(path) as image:
            if image.mode == "CMYK" and image.format == "JPEG":
                return path  # already for press: embedded as it is, not compressed twice
            was_jpeg = image.format == "JPEG"
            image.load()
            cmyk = self.to_cmyk(image)
        if was_jpeg:
            encoded = io.BytesIO()
            cmyk.save(encoded, "JPEG", quality=self.jpeg_quality, optimize=False)
            encoded.seek(0)
            return ImageReader(encoded)
        return ImageReader(cmyk if cmyk is not image else cmyk.copy())
