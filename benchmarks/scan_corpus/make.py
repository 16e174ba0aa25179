"""Build the scan corpus: the page-import corpus's PDFs rendered as roughened scans.

    python benchmarks/scan_corpus/make.py [--source DIR] [--out DIR] [--dpi 300,200]
        [--producers paiban,typst] [--layouts a4-2col] [--docs N]

``benchmarks/import_corpus/make.py`` must have built its corpus first (``--source``, default
that script's ``out``). Every page of every producer's PDF is rendered at each resolution and
roughened the way a flatbed or book scan is, with a fixed seed per page so that a rebuild makes
the same pixels:

- set on a dark scanner lid with a margin of 1-3 % and turned by 0.3-1.5° either way;
- a gutter shadow darkening towards the spine (left or right edge) and uneven light across
  the page (a tilted plane times a broad bright spot);
- a slight blur (0.4-0.9 px at 300 dpi, scaled with the resolution), Gaussian noise and JPEG at
  quality 60.

Each document becomes ``OUT/<dpi>/<producer>/<layout>/<doc>.pdf``, an image-only PDF of its
pages (the pages' physical size kept, so that a reader renders them at the scan's resolution),
with the page JPEGs beside it (``<doc>-<n>.jpg``); ``OUT/truth`` holds the true articles
(copied from the source corpus). ``score.py`` imports the PDFs and compares.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import shutil
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

HERE = Path(__file__).parent
DEFAULT_SOURCE = HERE.parent / "import_corpus" / "out"
DEFAULT_OUT = HERE / "out"
JPEG_QUALITY = 60


def _seed(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256("/".join(map(str, parts)).encode()).digest()[:8], "little")


def roughen(page: Image.Image, dpi: int, rng: np.random.Generator) -> Image.Image:
    """A clean rendering of a page as a scanner would deliver it (see the module's doc)."""
    width, height = page.size
    margin = int(rng.uniform(0.01, 0.03) * width)
    lid = int(rng.uniform(35, 80))
    canvas = Image.new("L", (width + 2 * margin, height + 2 * margin), lid)
    canvas.paste(page.convert("L"), (margin, margin))
    angle = float(rng.uniform(0.3, 1.5) * rng.choice((-1, 1)))
    canvas = canvas.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=lid)
    pixels = np.asarray(canvas, dtype=np.float32) / 255.0
    h, w = pixels.shape
    x = np.linspace(0.0, 1.0, w, dtype=np.float32)[None, :]
    y = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None]
    spine_left = bool(rng.integers(2))
    depth = float(rng.uniform(0.35, 0.6))
    reach = float(rng.uniform(0.04, 0.09))
    from_spine = x if spine_left else 1.0 - x
    light = 1.0 - depth * np.exp(-from_spine / reach)
    tilt = rng.uniform(-0.12, 0.12, size=2).astype(np.float32)
    light = light * (0.92 + tilt[0] * (x - 0.5) + tilt[1] * (y - 0.5))
    cx, cy = rng.uniform(0.2, 0.8, size=2)
    light = light * (0.9 + 0.1 * np.exp(-(((x - cx) ** 2) + (y - cy) ** 2) / 0.15))
    pixels = pixels * light
    picture = Image.fromarray((pixels.clip(0, 1) * 255).astype(np.uint8))
    radius = float(rng.uniform(0.4, 0.9)) * dpi / 300
    picture = picture.filter(ImageFilter.GaussianBlur(radius))
    noisy = np.asarray(picture, dtype=np.float32) + rng.normal(0.0, 6.0, size=(h, w)).astype(np.float32)
    return Image.fromarray(noisy.clip(0, 255).astype(np.uint8))


def scan_pdf(pdf: Path, target: Path, dpi: int, key: str) -> int:
    """Render `pdf` at `dpi`, roughen each page, write the JPEGs and the image-only PDF; returns
    the number of pages."""
    import pymupdf

    target.parent.mkdir(parents=True, exist_ok=True)
    source = pymupdf.open(pdf)
    scan = pymupdf.open()
    for number, page in enumerate(source, start=1):
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
        clean = Image.frombytes("L", (pix.width, pix.height), pix.samples)
        rough = roughen(clean, dpi, np.random.default_rng(_seed(key, dpi, number)))
        buffer = io.BytesIO()
        rough.save(buffer, "JPEG", quality=JPEG_QUALITY, dpi=(dpi, dpi))
        data = buffer.getvalue()
        (target.parent / f"{target.stem}-{number}.jpg").write_bytes(data)
        width, height = rough.size[0] * 72 / dpi, rough.size[1] * 72 / dpi
        out = scan.new_page(width=width, height=height)
        out.insert_image(out.rect, stream=data)
    scan.save(target, garbage=3, deflate=True)
    return len(source)


def make(source: Path, out: Path, dpis: list[int], producers: list[str] | None, layouts: list[str] | None,
         docs: int | None) -> None:
    truth = source / "truth"
    if not truth.is_dir():
        sys.exit(f"{source} holds no corpus; run benchmarks/import_corpus/make.py first")
    keys = sorted(p.stem for p in truth.glob("*.json"))[:docs]
    (out / "truth").mkdir(parents=True, exist_ok=True)
    for key in keys:
        shutil.copy(truth / f"{key}.json", out / "truth" / f"{key}.json")
    for dpi in dpis:
        for producer in sorted(p.name for p in source.iterdir() if p.is_dir() and p.name != "truth"):
            if producers and producer not in producers:
                continue
            for layout in sorted(p.name for p in (source / producer).iterdir() if p.is_dir()):
                if layouts and layout not in layouts:
                    continue
                pages = 0
                for key in keys:
                    pdf = source / producer / layout / f"{key}.pdf"
                    if pdf.is_file():
                        pages += scan_pdf(pdf, out / str(dpi) / producer / layout / f"{key}.pdf", dpi,
                                          f"{producer}/{layout}/{key}")
                print(f"{dpi} dpi {producer} {layout}: {pages} pages")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--dpi", default="300,200", help="comma-separated resolutions")
    parser.add_argument("--producers", default="", help="comma-separated producer names (default: all built)")
    parser.add_argument("--layouts", default="", help="comma-separated layout names (default: all)")
    parser.add_argument("--docs", type=int, default=None, help="only the first N documents")
    args = parser.parse_args()
    make(args.source, args.out, [int(d) for d in args.dpi.split(",") if d],
         [p for p in args.producers.split(",") if p] or None, [p for p in args.layouts.split(",") if p] or None,
         args.docs)


if __name__ == "__main__":
    main()
