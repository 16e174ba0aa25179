"""`build --print` converts images to the press's CMYK through littleCMS: checked pixel by pixel
against a transform the test makes itself, in ΔE on press."""

from __future__ import annotations

import io

import pymupdf
import pytest
from PIL import Image, ImageCms
from print_x_support import ADOBE_RGB, PRESS, article, delta_e, jpeg_bytes, smooth_rgb

from paiban import build


def _press_transform(source: ImageCms.ImageCmsProfile | None):
    return ImageCms.buildTransform(source or ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(PRESS)),
                                   "RGB", "CMYK", renderingIntent=0)


def _pdf_images(pdf: bytes) -> list[tuple[str, Image.Image, str]]:
    """Each image object of the PDF: its /Filter, its pixels as PyMuPDF decodes them, its colour space."""
    out = []
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        seen = set()
        for page in doc:
            for xref, *_rest in page.get_images(full=True):
                if xref in seen:
                    continue
                seen.add(xref)
                pix = pymupdf.Pixmap(doc, xref)
                mode = {4: "CMYK", 1: "L", 3: "RGB"}[pix.colorspace.n]
                image = Image.frombytes(mode, (pix.width, pix.height), pix.samples)
                out.append((doc.xref_get_key(xref, "Filter")[1], image, doc.xref_get_key(xref, "ColorSpace")[1]))
    return out


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """One print build of an sRGB PNG (no profile) and a JPEG carrying an Adobe RGB profile."""
    folder = tmp_path_factory.mktemp("colour")
    png = smooth_rgb()
    photo = smooth_rgb().transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    source = article(folder, {"field.png": png, "photo.jpg": jpeg_bytes(photo, ADOBE_RGB.read_bytes())})
    result = build(source, "magazine", folder / "out.pdf", print_ready=True)
    return folder, result


def test_only_cmyk_images_remain(converted) -> None:
    _, result = converted
    images = _pdf_images(result.pdf)
    assert len(images) == 2
    assert [space for _, _, space in images] == ["/DeviceCMYK", "/DeviceCMYK"]
    assert result.preflight.result("colour").status == "pass"


def test_png_pixels_are_the_littlecms_transform_from_srgb(converted) -> None:
    folder, result = converted
    (png_filter, pixels, _), = [i for i in _pdf_images(result.pdf) if "DCT" not in i[0]]
    assert png_filter == "[/FlateDecode]"  # lossless stays lossless
    expected = ImageCms.applyTransform(Image.open(folder / "field.png").convert("RGB"), _press_transform(None))
    mean, p99 = delta_e(pixels, expected)
    assert mean < 0.01 and p99 < 0.01, (mean, p99)  # the same transform: the same pixels


def test_jpeg_stays_jpeg_and_its_own_profile_is_used(converted) -> None:
    folder, result = converted
    (jpeg_filter, pixels, _), = [i for i in _pdf_images(result.pdf) if "DCT" in i[0]]
    assert jpeg_filter == "[/DCTDecode]"
    original = Image.open(folder / "photo.jpg")
    adobe = ImageCms.getOpenProfile(str(ADOBE_RGB))
    expected = ImageCms.applyTransform(original.convert("RGB"), _press_transform(adobe))
    mean, p99 = delta_e(pixels, expected)
    assert mean < 1.5 and p99 < 4.0, (mean, p99)  # the re-encoding at quality 92, nothing more
    # had the embedded profile been ignored (sRGB assumed), the colours would be far off
    wrong_mean, _ = delta_e(pixels, ImageCms.applyTransform(original.convert("RGB"), _press_transform(None)))
    assert wrong_mean > 3 * mean + 2, (wrong_mean, mean)


def test_grey_images_print_in_black_ink_alone(tmp_path) -> None:
    grey = Image.linear_gradient("L").rotate(90).resize((1200, 600))
    grey_as_rgb = grey.convert("RGB")
    source = article(tmp_path, {"grey.png": grey, "grey-rgb.jpg": jpeg_bytes(grey_as_rgb)})
    result = build(source, "magazine", tmp_path / "out.pdf", print_ready=True)
    images = _pdf_images(result.pdf)
    assert len(images) == 2
    for _, pixels, space in images:
        assert space == "/DeviceCMYK"
        c, m, y, k = (pixels.getchannel(n) for n in "CMYK")
        assert [ch.getextrema() for ch in (c, m, y)] == [(0, 0)] * 3
        low, high = k.getextrema()
        assert low <= 3 and high >= 250  # white paper to full black, in K
    # the tone follows the press: mid grey (sRGB 128, L* 54) prints at the K giving the same
    # relative lightness, which is more than half of 100 % K on a press whose K-black is L* 35
    _, flat, _ = next(i for i in images if "Flate" in i[0])
    k_mid = flat.getchannel("K").getpixel((600, 300))
    assert 120 < k_mid < 200, k_mid


def test_jpeg_quality_comes_from_the_style(tmp_path) -> None:
    photo = jpeg_bytes(smooth_rgb())
    small = tmp_path / "small.yaml"
    small.write_text("extends: magazine\nprint: {jpeg_quality: 40}\n", encoding="utf-8")
    sizes = []
    for style in ("magazine", small):
        source = article(tmp_path / str(len(sizes)), {"photo.jpg": photo})
        pdf = build(source, style, None, print_ready=True).pdf
        with pymupdf.open(stream=pdf, filetype="pdf") as doc:
            xref = doc[0].get_images()[0][0]
            sizes.append(len(doc.xref_stream_raw(xref)))
    assert sizes[1] < sizes[0] * 0.7, sizes


def test_a_screen_build_keeps_images_as_they_are(tmp_path) -> None:
    source = article(tmp_path, {"field.png": smooth_rgb(200, 100)})
    images = _pdf_images(build(source, "magazine", None).pdf)
    assert [space for _, _, space in images] == ["/DeviceRGB"]


def test_a_cmyk_jpeg_is_embedded_as_it_is(tmp_path) -> None:
    cmyk = ImageCms.applyTransform(smooth_rgb(), _press_transform(None))
    data = io.BytesIO()
    cmyk.save(data, "JPEG", quality=90)
    source = article(tmp_path, {"press.jpg": data.getvalue()})
    pdf = build(source, "magazine", None, print_ready=True).pdf
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        xref = doc[0].get_images()[0][0]
        assert doc.xref_stream_raw(xref) == data.getvalue()  # not decoded, not compressed again
