"""Importing scanned pages: clean-up, OCR through the PDF reader's rows, uncertain characters.

The OCR tests need Tesseract with its chi_sim model (`.ci/run` installs them); without them they
are skipped and say so. The rest — deskew, the install message, hOCR handling, the uncertain
characters and their marks — run everywhere.
"""

from __future__ import annotations

import difflib
import io
import os
import subprocess
import sys
from collections import Counter

import numpy as np
import pymupdf
import pytest
from PIL import Image, ImageDraw

from conftest import write
from paiban import build
from paiban.importers import import_pages, scan
from paiban.importers.ocr_words import line_sizes, parse_hocr
from paiban.importers.scanclean import clean_page, measure_skew, otsu, take_rules
from paiban.model.article import Heading, Paragraph

needs_ocr = pytest.mark.skipif(scan.missing_engine() is not None,
                               reason=f"{scan.missing_engine()}: {scan.INSTALL_HINT}")

PARAGRAPHS = (
    "机关党建工作要坚持围绕中心、建设队伍、服务群众，推动党建和业务深度融合，以高质量党建引领机关高质量发展。",
    "各级党组织要把学习贯彻条例作为重要政治任务，结合实际制定具体措施，确保各项要求落到实处、见到实效。",
)
HEADING = "一、总体要求"

ARTICLE = f"""---
title: 推进融合发展
author: 肖红梅
first_page: 14
---

## {HEADING}

{PARAGRAPHS[0]}

{PARAGRAPHS[1]}
"""


@pytest.fixture(scope="module")
def page_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scan")
    article = write(folder / "article.md", ARTICLE)
    build(article, style="magazine", output=folder / "page.pdf")
    return folder / "page.pdf"


def render(pdf, dpi: int = 300) -> Image.Image:
    with pymupdf.open(pdf) as doc:
        pix = doc[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
        return Image.frombytes("L", (pix.width, pix.height), pix.samples)


@pytest.fixture(scope="module")
def page_png(page_pdf):
    path = page_pdf.with_name("page.png")
    render(page_pdf).save(path, dpi=(300, 300))
    return path


def agreement(found: str, want: str) -> float:
    fold = lambda s: "".join(s.split())  # noqa: E731
    return difflib.SequenceMatcher(None, fold(found), fold(want), autojunk=False).ratio()


def _lines_image(angle: float) -> Image.Image:
    """Character-like boxes with a cross in them, in the rhythm of text lines, turned by `angle`
    degrees."""
    image = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(image)
    for y in range(200, 1400, 60):
        for x in range(150, 1050, 48):
            draw.rectangle((x, y, x + 40, y + 40), outline=0, width=4)
            draw.line((x, y + 20, x + 40, y + 20), fill=0, width=4)
            draw.line((x + 20, y, x + 20, y + 40), fill=0, width=4)
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


@pytest.mark.parametrize("angle", [-1.4, -0.4, 0.0, 0.7, 1.23, 1.5])
def test_the_skew_is_measured_from_the_text_lines(angle):
    page = np.asarray(_lines_image(angle), dtype=np.float32) / 255.0
    assert measure_skew(page, 300) == pytest.approx(-angle, abs=0.06)


def test_cleaning_evens_a_gutter_shadow_and_clears_the_scanner_lid():
    image = _lines_image(0.0)
    pixels = np.asarray(image, dtype=np.float32)
    x = np.linspace(0, 1, pixels.shape[1])[None, :]
    shaded = pixels * (1 - 0.55 * np.exp(-x / 0.08))  # darker towards a spine on the left
    lid = np.full((pixels.shape[0] + 80, pixels.shape[1] + 80), 50.0)
    lid[40:-40, 40:-40] = shaded
    cleaned = clean_page(Image.fromarray(lid.astype(np.uint8)), 300)
    out = np.asarray(cleaned.image)
    assert set(np.unique(out)) <= {0, 255}
    assert out[:30].min() == 255 and out[:, :30].min() == 255  # the lid is gone
    assert out[60:180, 60:140].min() == 255  # the shadowed paper left of the text is white
    ink = (out[240:1440, 190:1090] == 0).mean()
    drawn = (pixels[200:1400, 150:1050] < 128).mean()
    assert drawn * 0.85 < ink < drawn * 1.15  # the characters are kept, in the shadow too


def test_otsu_splits_ink_from_paper():
    values = np.concatenate([np.full(900, 0.95), np.full(100, 0.15)])
    assert 0.15 < otsu(values) < 0.95


def test_without_tesseract_the_import_stops_and_says_what_to_install(tmp_path):
    image = tmp_path / "page.png"
    Image.new("L", (200, 300), 255).save(image)
    env = {**os.environ, "PATH": str(tmp_path / "empty")}  # no tesseract to find
    done = subprocess.run([sys.executable, "-m", "paiban", "import", str(image)], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 2
    assert "needs the OCR program Tesseract, which is not installed" in done.stderr
    assert "apt-get install tesseract-ocr tesseract-ocr-chi-sim" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_damaged_image_is_an_error_naming_it(tmp_path):
    image = tmp_path / "page.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n broken")
    done = subprocess.run([sys.executable, "-m", "paiban", "import", str(image)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert "page.png: error: the image cannot be read" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_text_pdf_never_asks_for_tesseract(page_pdf, monkeypatch):
    monkeypatch.setattr(scan, "tesseract_command", lambda: None)
    result = import_pages([page_pdf])
    assert any(isinstance(b, Heading) and b.text == HEADING for b in result.article.blocks)


def _hocr(chars: list[tuple[str, tuple[int, int, int, int], float]], size=(1000, 1400)) -> str:
    spans = "".join(
        f"<span class='ocrx_word' title='bbox {b[0]} {b[1]} {b[2]} {b[3]}; x_wconf 90'>"
        f"<span class='ocrx_cinfo' title='x_bboxes {b[0]} {b[1]} {b[2]} {b[3]}; x_conf {conf}'>{c}</span></span>"
        for c, b, conf in chars)
    x0, x1 = chars[0][1][0], chars[-1][1][2]
    return ("<?xml version='1.0' encoding='UTF-8'?><html xmlns='http://www.w3.org/1999/xhtml'><body>"
            f"<div class='ocr_page' title='bbox 0 0 {size[0]} {size[1]}'>"
            f"<span class='ocr_line' title='bbox {x0} 300 {x1} 340; baseline 0 -4'>{spans}</span>"
            "</div></body></html>")


def test_uncertain_characters_are_listed_with_line_and_position_and_marked_on_request():
    text = "机关党建工作要坚持围绕中心"
    chars = [(c, (100 + 42 * k, 300, 138 + 42 * k, 338), 30.0 if c == "坚" else 96.0) for k, c in enumerate(text)]
    page = parse_hocr(_hocr(chars))
    read = scan.to_points(page, 300, "scan.png page 1", mark_uncertain=False)
    [doubt] = read.uncertain
    assert (doubt.char, doubt.line, round(doubt.confidence)) == ("坚", 1, 30)
    assert doubt.x_mm == pytest.approx((100 + 42 * 7) / 300 * 25.4, abs=0.1)
    assert doubt.y_mm == pytest.approx(336 / 300 * 25.4, abs=0.1)
    assert "坚持" in doubt.context
    assert str(doubt).startswith("scan.png page 1 line 1 (33 mm from the left, 28 mm from the top): '坚' (confidence 30)")
    marked = scan.to_points(page, 300, "scan.png page 1", mark_uncertain=True)
    assert "".join(c.c for c in marked.chars) == "机关党建工作要〔？坚〕持围绕中心"


def test_spaces_between_han_characters_are_not_text():
    # chi_sim splits Han text into words; the gaps between them are not spaces.
    chars = [(c, (100 + 50 * k, 300, 140 + 50 * k, 338), 95.0) for k, c in enumerate("推进融合")]
    chars += [(c, (320 + 22 * k, 305, 338 + 22 * k, 338), 95.0) for k, c in enumerate("ab")]
    chars += [(c, (400 + 22 * k, 305, 418 + 22 * k, 338), 95.0) for k, c in enumerate("cd")]
    read = scan.to_points(parse_hocr(_hocr(chars)), 300, "p", False)
    from paiban.importers.pdf import rows_of
    from paiban.errors import Span

    [row] = rows_of(read.chars, Span("p"))
    assert row.text == "推进融合ab cd"


def test_report_lists_uncertain_characters(tmp_path, monkeypatch, capsys, page_png):
    from paiban.cli import main

    text = PARAGRAPHS[0][:20]
    chars = [(c, (300 + 50 * k, 300, 345 + 50 * k, 345), 40.0 if k == 3 else 97.0) for k, c in enumerate(text)]
    monkeypatch.setattr(scan, "missing_engine", lambda: None)
    monkeypatch.setattr(scan, "run_tesseract", lambda command, image, dpi: _hocr(chars, image.size))
    assert main(["import", str(page_png), "-o", str(tmp_path / "a.md"), "--report", "--mark-uncertain"]) == 0
    out = capsys.readouterr().out
    assert "characters the OCR is unsure of (1):" in out
    assert f"page.png page 1 line 1 " in out and f"'{text[3]}' (confidence 40)" in out
    assert f"{text[:3]}〔？{text[3]}〕{text[4:]}" in (tmp_path / "a.md").read_text(encoding="utf-8")


@needs_ocr
def test_a_page_image_is_read_into_title_heading_and_paragraphs(page_png):
    result = import_pages([page_png])
    article = result.article
    assert article.meta.title == ("推进融合发展",)
    assert [b.text for b in article.blocks if isinstance(b, Heading)] == [HEADING]
    paragraphs = [b.text for b in article.blocks if isinstance(b, Paragraph)]
    assert len(paragraphs) == 2
    for found, want in zip(paragraphs, PARAGRAPHS):
        assert agreement(found, want) >= 0.95, found
    assert "，" in paragraphs[0] and "," not in paragraphs[0]  # full-width again


@needs_ocr
def test_a_mixed_pdf_reads_its_text_page_and_ocrs_its_scanned_page(page_pdf, tmp_path):
    mixed = pymupdf.open(page_pdf)
    data = io.BytesIO()
    render(page_pdf).rotate(0.8, resample=Image.Resampling.BICUBIC, fillcolor=255).save(data, "JPEG", quality=60)
    width, height = mixed[0].rect.width, mixed[0].rect.height
    scanned = mixed.new_page(width=width, height=height)
    scanned.insert_image(scanned.rect, stream=data.getvalue())
    mixed.save(tmp_path / "mixed.pdf")
    result = import_pages([tmp_path / "mixed.pdf"])
    body = "".join(b.text for b in result.article.blocks if isinstance(b, (Heading, Paragraph)))
    assert not result.images  # the scan is the page, not a figure
    want = "".join((HEADING, *PARAGRAPHS))
    assert agreement(body[: len(body) // 2], want) >= 0.95  # the text layer
    # The OCR'd scan, turned by 0.8° and saved as JPEG: its characters are read. (Their order is
    # not checked here: on a page of five lines a speck read in the gutter can still join the
    # two columns' lines, see the README.)
    found = Counter(body[len(body) // 2:])
    assert sum((found & Counter(want)).values()) >= 0.9 * len(want)


def test_pages_read_in_parallel_keep_their_order(tmp_path, monkeypatch, page_png):
    first, second = PARAGRAPHS[0][:18], PARAGRAPHS[1][:18]
    pages = []
    for k, text in enumerate((first, second)):
        path = tmp_path / f"p{k}.png"
        Image.new("L", (1000 + k, 1400), 255).save(path, dpi=(300, 300))  # told apart by width
        pages.append(path)

    def fake(command, image, dpi):
        text = first if image.size[0] == 1000 else second
        return _hocr([(c, (200 + 50 * j, 300, 245 + 50 * j, 345), 97.0) for j, c in enumerate(text)], image.size)

    monkeypatch.setattr(scan, "missing_engine", lambda: None)
    monkeypatch.setattr(scan, "run_tesseract", fake)
    result = import_pages(pages, jobs=2)
    body = "".join(b.text for b in result.article.blocks if isinstance(b, Paragraph))
    assert body.index(first[:10]) < body.index(second[:10])


FONTS = os.path.join(os.path.dirname(__file__), os.pardir, "fonts")


def _line_image(text: str, font: str, px: int = 50) -> Image.Image:
    """One line of `text` in a bundled font, `px` pixels to the em (50 px is 12 pt at 300 dpi)."""
    from PIL import ImageFont

    image = Image.new("L", (20 * px, 6 * px), 255)
    face = ImageFont.truetype(os.path.join(FONTS, font), px)
    ImageDraw.Draw(image).text((6 * px // 5, 2 * px), text, font=face, fill=0)
    return image


def _read_line(image: Image.Image) -> str:
    [page] = scan.read_images([image], "line.png", mark_uncertain=False)
    return "".join(c.c for c in page.chars)


@needs_ocr
@pytest.mark.parametrize("font", ["NotoSerifSC-Regular.ttf", "NotoSansSC-Regular.ttf", "LXGWWenKai-Regular.ttf"])
def test_the_chinese_dash_is_read_as_a_dash_and_one_one_stays(font):
    # chi_sim reads the 2-em dash as 一-, -一, 一一 or a lone 一; the unbroken stroke makes it ——.
    assert _read_line(_line_image("学术——青年的路", font)) == "学术——青年的路"
    # Two 一 are two strokes with a gap between them: they stay.
    assert _read_line(_line_image("一一对应的关系", font)) == "一一对应的关系"


def _strokes(spans: list[tuple[int, int]]) -> Image.Image:
    image = Image.new("L", (1000, 400), 255)
    draw = ImageDraw.Draw(image)
    for x0, x1 in spans:
        draw.rectangle((x0, 318, x1, 321), fill=0)
    return image


def _dash_line(chars: list[tuple[str, tuple[int, int, int, int]]]) -> list:
    han = [(c, (100 + 50 * k, 300, 145 + 50 * k, 345), 95.0) for k, c in enumerate("学术")]
    return han + [(c, box, 60.0) for c, box in chars]


def test_an_unbroken_two_em_stroke_read_as_one_and_hyphen_is_the_dash():
    # The em is 50 px (Han ink 45 px high); one stroke from 200 to 290 px, read as 一 and -,
    # the boxes covering only part of it.
    page = parse_hocr(_hocr(_dash_line([("一", (205, 315, 250, 325)), ("-", (250, 300, 265, 345))]), (1000, 400)))
    fixed = scan.joined_dashes(page, _strokes([(200, 290)]))
    assert "".join(c.c for c in fixed.lines[0].chars) == "学术——"
    assert all(c.conf == 100.0 for c in fixed.lines[0].chars[2:])


def test_two_strokes_with_a_gap_stay_one_one_and_a_lone_stroke_stays_one():
    chars = [("一", (202, 315, 243, 325)), ("一", (252, 315, 293, 325))]
    page = parse_hocr(_hocr(_dash_line(chars), (1000, 400)))
    fixed = scan.joined_dashes(page, _strokes([(202, 243), (252, 293)]))
    assert "".join(c.c for c in fixed.lines[0].chars) == "学术一一"
    lone = parse_hocr(_hocr(_dash_line([("一", (202, 315, 243, 325))]), (1000, 400)))
    fixed = scan.joined_dashes(lone, _strokes([(202, 243)]))
    assert "".join(c.c for c in fixed.lines[0].chars) == "学术一"


def _hocr_lines(lines: list[tuple[str, list[tuple[str, tuple[int, int, int, int]]]]], size=(1400, 1000)) -> str:
    """hOCR of several lines: (the line's baseline field, its characters with boxes)."""
    out = []
    for baseline, chars in lines:
        x0, y0 = min(b[0] for _, b in chars), min(b[1] for _, b in chars)
        x1, y1 = max(b[2] for _, b in chars), max(b[3] for _, b in chars)
        spans = "".join(
            f"<span class='ocrx_word' title='bbox {b[0]} {b[1]} {b[2]} {b[3]}; x_wconf 90'>"
            f"<span class='ocrx_cinfo' title='x_bboxes {b[0]} {b[1]} {b[2]} {b[3]}; x_conf 95'>{c}</span></span>"
            for c, b in chars)
        out.append(f"<span class='ocr_line' title='bbox {x0} {y0} {x1} {y1}; baseline {baseline}'>{spans}</span>")
    return ("<?xml version='1.0' encoding='UTF-8'?><html xmlns='http://www.w3.org/1999/xhtml'><body>"
            f"<div class='ocr_page' title='bbox 0 0 {size[0]} {size[1]}'>{''.join(out)}</div></body></html>")


def _han_line(text: str, x: int, y: int, em: int = 50) -> list[tuple[str, tuple[int, int, int, int]]]:
    return [(c, (x + em * k, y, x + em * k + 45, y + 45)) for k, c in enumerate(text)]


def test_a_heading_read_with_small_marks_keeps_the_body_size():
    # 一、总则 read as 人、人总则: the two 人 have the small boxes of the marks they are.
    heading = [("人", (300, 105, 320, 125)), ("人", (340, 120, 352, 140)), ("总", (400, 100, 445, 145)),
               ("则", (450, 100, 495, 145))]
    body = [("0 0", _han_line("机关党建工作要坚持围绕中心", 100, 200 + 70 * k)) for k in range(4)]
    page = parse_hocr(_hocr_lines([("0 0", heading), *body]))
    sizes = line_sizes(page.lines)
    assert sizes[0] == sizes[1] == pytest.approx(50.0)


def test_a_line_gets_one_baseline_whatever_slope_the_ocr_fits_to_it():
    # A running header with digits: Tesseract tilts its baseline by 1/25, which puts its two
    # ends a quarter em apart, more than one row of a PDF may span.
    chars = _han_line("地方立法研究", 100, 100, 40) + [(c, (340 + 22 * k, 110, 360 + 22 * k, 140)) for k, c in enumerate("2024")]
    page = parse_hocr(_hocr_lines([("0.04 -5", chars)], (1000, 400)))
    read = scan.to_points(page, 300, "p", False)
    from paiban.errors import Span
    from paiban.importers.pdf import rows_of

    assert [row.text for row in rows_of(read.chars, Span("p"))] == ["地方立法研究2024"]


def test_the_rules_of_a_scanned_pdf_page_reach_the_page(tmp_path):
    # A scan's header rule is in its image: the OCR's reader hands it over with the characters,
    # so that the header above it is told by it as on a PDF with drawn rules.
    from paiban.errors import Diagnostics
    from paiban.importers.pdf import Char, read_pdf

    doc = pymupdf.open()
    page = doc.new_page(width=420, height=595)
    image = io.BytesIO()
    Image.new("L", (420, 595), 255).save(image, "PNG")
    page.insert_image(page.rect, stream=image.getvalue())
    data = doc.tobytes()
    chars = [Char(c, 60 + 10 * k, 70 + 10 * k, 40.0, 10.0, "", False) for k, c in enumerate("地方立法研究")]
    pdf = read_pdf(data, "scan.pdf", None, Diagnostics(), scanned=lambda p, index: (chars, ((45.0, 50.0, 370.0),)))
    [read] = pdf.pages
    assert [row.text for row in read.rows] == ["地方立法研究"]
    assert read.rules == (45.0,)
    assert read.strokes == ((45.0, 50.0, 370.0),)


def _ruled_page(climb: int) -> np.ndarray:
    """A boolean page (1200 × 600 px) with a 2-px rule from x 100 to 1100 at y 300 that climbs
    `climb` px over its length (as one left after turning back a skew measured a little off), a
    vertical stroke from y 250 down to the rule, and a box of text-like ink above it."""
    ink = np.zeros((600, 1200), dtype=bool)
    for x in range(100, 1100):
        y = 300 - round(climb * (x - 100) / 1000)
        ink[y : y + 2, x] = True
    ink[250:300, 500:504] = True  # a stroke of a character standing on the rule
    ink[200:240, 150:190] = True
    return ink


@pytest.mark.parametrize("climb", [0, 1, 2])
def test_a_thin_rule_is_taken_out_whole_even_when_it_climbs(climb):
    ink = _ruled_page(climb)
    stroke, box = ink[250:296, 500:504].copy(), ink[200:240, 150:190].copy()
    [(y, x0, x1)] = take_rules(ink, 300)
    assert (x0, x1) == (100.0, 1100.0)
    assert 297 <= y <= 303
    # Only the stroke's columns keep ink there (with the bit of rule it stands on).
    assert ink[280:320, 100:1100].sum() == ink[280:320, 500:504].sum() <= 4 * 22
    assert (ink[250:296, 500:504] == stroke).all() and (ink[200:240, 150:190] == box).all()


def test_a_thick_bar_and_a_short_line_are_not_rules():
    ink = np.zeros((600, 1200), dtype=bool)
    ink[100:130, 100:1100] = True  # a bar 30 px thick
    ink[400:402, 100:200] = True  # 100 px: shorter than 12 % of the width
    before = ink.copy()
    assert take_rules(ink, 300) == ()
    assert (ink == before).all()


def _image_pdf(path, widths: list[int]) -> None:
    """An image-only PDF whose pages are blank images told apart by their width in pixels."""
    doc = pymupdf.open()
    for width in widths:
        data = io.BytesIO()
        Image.new("L", (width, 1400), 255).save(data, "PNG")
        page = doc.new_page(width=width * 72 / 300, height=1400 * 72 / 300)
        page.insert_image(page.rect, stream=data.getvalue())
    doc.save(path)


@pytest.mark.parametrize("jobs", [1, 3])
def test_the_scanned_pages_of_a_pdf_are_read_jobs_at_a_time_in_order(tmp_path, monkeypatch, jobs):
    texts = [PARAGRAPHS[0][:16], PARAGRAPHS[1][:16], PARAGRAPHS[0][20:36], PARAGRAPHS[1][20:36], PARAGRAPHS[0][:10]]
    widths = [1000 + k for k in range(len(texts))]
    _image_pdf(tmp_path / "scan.pdf", widths)
    seen: list[int] = []

    def fake(command, image, dpi):
        seen.append(image.size[0])
        text = texts[widths.index(image.size[0])]
        return _hocr([(c, (200 + 50 * j, 300, 245 + 50 * j, 345), 97.0) for j, c in enumerate(text)], image.size)

    monkeypatch.setattr(scan, "missing_engine", lambda: None)
    monkeypatch.setattr(scan, "run_tesseract", fake)
    result = import_pages([tmp_path / "scan.pdf"], pages="2-4", jobs=jobs)
    body = "".join(b.text for b in result.article.blocks if isinstance(b, Paragraph))
    assert sorted(seen) == widths[1:4]  # each chosen page read once, the others never
    assert body.index(texts[1][:8]) < body.index(texts[2][:8]) < body.index(texts[3][:8])
    assert texts[0][:8] not in body and texts[4] not in body
