"""Total ink (TAC): colours and images above the style's limit fail a print build, named."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy
import pytest
from PIL import Image, ImageCms
from print_x_support import PRESS, article, smooth_rgb

from paiban import build
from paiban.preflight import PreflightFailure


def _failure(source, style) -> PreflightFailure:
    with pytest.raises(PreflightFailure) as info:
        build(source, style, None, print_ready=True)
    return info.value


def test_a_saturated_cmyk_image_over_the_limit_fails_with_page_and_image_named(tmp_path) -> None:
    flood = Image.new("CMYK", (1200, 600), (255, 255, 255, 255))  # 400 %: taken as it is
    source = article(tmp_path, {"flood.tif": flood})
    failure = _failure(source, "magazine")
    result = failure.report.result("ink")
    assert result.status == "FAIL"
    assert result.summary == "total ink above 300 %"
    (finding,) = result.findings
    assert str(finding).startswith("p.1: image 1 (1200 × 600 px, top-left at ")
    assert str(finding).endswith(" mm) reaches 400 % ink")
    assert "print.ink_limit" in failure.hint


def test_converted_photographs_stay_under_the_default_limit(tmp_path) -> None:
    # a near-black brown: the press profile builds it from all four inks, under its 300 % limit
    dark = Image.new("RGB", (1200, 600), (20, 10, 5))
    result = build(article(tmp_path, {"dark.png": dark}), "magazine", None, print_ready=True)
    assert result.preflight.result("ink").summary == "at most 294 % (limit 300 %)"


def test_the_limit_comes_from_the_style(tmp_path) -> None:
    style = tmp_path / "news.yaml"
    style.write_text("extends: magazine\nprint: {ink_limit: 200}\n", encoding="utf-8")
    source = article(tmp_path / "a", {"field.png": smooth_rgb()})
    result = _failure(source, style).report.result("ink")
    assert result.summary == "total ink above 200 %"
    # the darkest 4 × 4 pixel area of the field as littleCMS converts it, computed here
    cmyk = numpy.asarray(ImageCms.applyTransform(smooth_rgb(), ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(PRESS)), "RGB", "CMYK")), dtype=float)
    blocks = cmyk.reshape(150, 4, 300, 4, 4).mean(axis=(1, 3)).sum(axis=2) * 100 / 255
    reported = re.fullmatch(r"image 1 \(1200 × 600 px, top-left at \d+, \d+ mm\) reaches (\d+) % ink",
                            result.findings[0].message)
    assert reported and abs(int(reported.group(1)) - blocks.max()) <= 1  # MuPDF's averaging rounds
    (finding,) = result.findings
    assert finding.pages == (1,) and "image 1 (1200 × 600 px" in finding.message


def test_a_vector_colour_over_the_limit_fails(tmp_path) -> None:
    style = tmp_path / "heavy.yaml"
    style.write_text("extends: magazine\ntitle_block:\n  title: {color: 'cmyk(100,100,100,50)'}\n",
                     encoding="utf-8")
    result = _failure(article(tmp_path / "a", {}), style).report.result("ink")
    assert [str(f) for f in result.findings] == ["p.1: text in cmyk(100,100,100,50) = 350 % ink"]


def test_registration_marks_are_not_counted(tmp_path) -> None:
    result = build(article(tmp_path, {}), "magazine", None, print_ready=True)
    assert result.preflight.result("colour").summary.endswith("registration (All) ×1")
    assert result.preflight.result("ink").summary == "at most 100 % (limit 300 %)"


def test_the_command_line_shows_what_to_do(tmp_path) -> None:
    source = article(tmp_path, {"flood.tif": Image.new("CMYK", (1200, 600), (255, 255, 255, 255))})
    done = subprocess.run([sys.executable, "-m", "paiban", "build", str(source), "--print",
                           "-o", str(tmp_path / "out.pdf")], capture_output=True, text=True)
    assert done.returncode == 2
    assert "ink         FAIL    total ink above 300 %" in done.stdout
    assert "→ lower the ink: convert images with a profile whose total ink stays under the limit" in done.stdout
    assert "error: preflight failed (ink: total ink above 300 %)" in done.stderr
    assert not (tmp_path / "out.pdf").exists()


def test_preflight_takes_an_ink_limit(tmp_path) -> None:
    pdf = tmp_path / "in.pdf"
    pdf.write_bytes(build(article(tmp_path, {"field.png": smooth_rgb()}), "magazine", None,
                          print_ready=True).pdf)
    run = [sys.executable, "-m", "paiban", "preflight", str(pdf)]
    assert subprocess.run(run, capture_output=True).returncode == 0
    low = subprocess.run(run + ["--ink-limit", "200"], capture_output=True, text=True)
    assert low.returncode == 1 and "ink         FAIL    total ink above 200 %" in low.stdout
    bad = subprocess.run(run + ["--ink-limit", "lots"], capture_output=True, text=True)
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: --ink-limit: expected a whole percentage such as 300, got 'lots'")
