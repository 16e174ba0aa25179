"""Shared by the tests/test_print_x_*.py files: small articles with images, and colour arithmetic."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import ROOT
from PIL import Image, ImageCms

PRESS = ROOT / "profiles" / "artifex-cmyk-swop.icc"
ADOBE_RGB = ROOT / "tests" / "data" / "print" / "compatibleWithAdobeRGB1998.icc"


def smooth_rgb(width: int = 1200, height: int = 600) -> Image.Image:
    """A smooth field of many colours (red rises to the right, blue downwards, green across)."""
    red = Image.linear_gradient("L").rotate(90).resize((width, height))
    blue = Image.linear_gradient("L").resize((width, height))
    green = Image.radial_gradient("L").resize((width, height))
    return Image.merge("RGB", (red, green, blue))


def article(folder: Path, images: dict[str, Image.Image | bytes], extra: str = "") -> Path:
    """An article in `folder` showing each image (written there under its name) as a figure."""
    folder.mkdir(parents=True, exist_ok=True)
    figures = []
    for n, (name, image) in enumerate(images.items(), 1):
        if isinstance(image, bytes):
            (folder / name).write_bytes(image)
        else:
            image.save(folder / name)
        figures.append(f"![图{n} 测试图]({name})")
    text = ("---\ntitle: 色彩测试\nauthor: 测试\n---\n\n"
            "社区书屋是公共文化服务体系的末梢。它离居民最近，开门的时间最长。\n\n"
            + "\n\n".join(figures) + "\n\n" + extra + "\n")
    path = folder / "article.md"
    path.write_text(text, encoding="utf-8")
    return path


def jpeg_bytes(image: Image.Image, profile: bytes | None = None, quality: int = 95) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, **({"icc_profile": profile} if profile else {}))
    return out.getvalue()


def to_lab(cmyk: Image.Image) -> list[tuple[float, float, float]]:
    """CIE L*a*b* of each CMYK pixel as the press prints it (its profile, relative colorimetric)."""
    transform = ImageCms.buildTransform(ImageCms.getOpenProfile(str(PRESS)), ImageCms.createProfile("LAB"),
                                        "CMYK", "LAB", renderingIntent=1)
    lab = ImageCms.applyTransform(cmyk, transform)
    # Pillow's LAB (littleCMS TYPE_Lab_8): L 0-255 for 0-100, a and b offset by 128
    return [(l * 100 / 255, a - 128, b - 128)
            for l, a, b in zip(*(lab.getchannel(c).tobytes() for c in "LAB"))]


def delta_e(first: Image.Image, second: Image.Image) -> tuple[float, float]:
    """Mean and 99th-percentile CIE76 ΔE between two CMYK images of one size, on press."""
    pairs = zip(to_lab(first), to_lab(second))
    diffs = sorted(sum((x - y) ** 2 for x, y in zip(p, q)) ** 0.5 for p, q in pairs)
    return sum(diffs) / len(diffs), diffs[int(len(diffs) * 0.99)]
