"""Figures on the page: size, place, captions, the grid around them, and what reaches the PDF."""

from __future__ import annotations

import subprocess
import sys

import pymupdf
import pytest
from PIL import Image

from conftest import SEED
from paiban import build
from paiban.errors import ArticleError

PITCH = 17.5
BODY = 10.5
COLUMN = 241.5
TEXT_WIDTH = 504.0
LEFT = 45.63779527559058  # text block left edge (both margins are equal on the magazine page)
EM_TOP = (PITCH - BODY) / 2  # from a slot top to the em box of body text in it

FRONT = "---\ntitle: 图文测试\nauthor: 作者\nfirst_page: 14\n---\n\n"


def seed_paragraphs() -> list[str]:
    body = (SEED / "article.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    return [b.strip() for b in body.split("\n\n") if b.strip() and not b.startswith("#")]


def jpeg(path, size=(1200, 800), color=(180, 60, 40)):
    Image.new("RGB", size, color).save(path, quality=90)
    return path


def write(tmp_path, body: str, name: str = "article.md"):
    path = tmp_path / name
    path.write_text(FRONT + body, encoding="utf-8")
    return path


def columns_of(page):
    out = {}
    for line in page.lines:
        if line.column >= 0 and line.role in ("body", "heading"):
            out.setdefault(line.column, []).append(line)
    return out


def overlaps(line, image) -> bool:
    """Whether a line's em box meets the image box."""
    top, bottom = line.y - line.size * 0.88, line.y + line.size * 0.12
    inside_x = line.x < image.x + image.width and image.x < line.x + line.width
    return inside_x and top < image.y + image.height and image.y < bottom


@pytest.fixture(scope="module")
def flowing(tmp_path_factory):
    """Two figures in the text: one fits where it stands, one must wait for the next column."""
    tmp = tmp_path_factory.mktemp("flowing")
    jpeg(tmp / "a.jpg")
    jpeg(tmp / "b.jpg", (1000, 1000), (40, 90, 160))
    p = seed_paragraphs()
    body = f"{p[0]}\n\n![图1 第一幅](a.jpg)\n\n{p[1]}\n\n![第二幅](b.jpg)\n\n{p[2]}\n\n{p[0]}\n"
    path = write(tmp, body)
    return build(path, "magazine", tmp / "out.pdf")


def test_column_figure_fills_the_column_width_at_its_aspect_ratio(flowing):
    page = flowing.document.pages[0]
    first = page.images[0]
    assert (first.width, first.height) == (COLUMN, COLUMN * 800 / 1200)
    assert min(abs(first.x - LEFT), abs(first.x - (LEFT + COLUMN + 21))) < 1e-9
    assert first.dpi == pytest.approx(1200 / COLUMN * 72)


def test_figure_top_lines_up_with_the_em_box_of_a_grid_slot(flowing):
    for page in flowing.document.pages:
        column_top = [f for f in page.frames if f.kind == "column"][0].y
        for image in page.images:
            slots = (image.y - EM_TOP - column_top) / PITCH
            assert slots == pytest.approx(round(slots), abs=1e-6)


def test_text_around_figures_stays_on_one_grid_without_overlap_loss_or_doubling(flowing):
    pages = flowing.document.pages
    grid = {round(y, 3) for y in pages[0].grid}
    texts = []
    for page in pages:
        for column in columns_of(page).values():
            for line in column:
                assert round(line.y, 3) in grid
                assert not any(overlaps(line, image) for image in page.images), line.text
                texts.append(line.text)
    assert "".join(texts) == "".join(seed_paragraphs()[:3] + seed_paragraphs()[:1])


def test_figure_that_does_not_fit_opens_the_next_column_and_text_fills_the_first(flowing):
    page = flowing.document.pages[0]
    second = [i for p in flowing.document.pages for i in p.images if i.block == 3][0]
    frame = [f for p in flowing.document.pages for f in p.frames if f.kind == "figure" and f.index == 3][0]
    column_tops = {f.y for p in flowing.document.pages for f in p.frames if f.kind == "column"}
    assert frame.y in column_tops  # it opens a column
    left = columns_of(page)[0]
    assert left[-1].y == pytest.approx(page.grid[-1])  # the column before it is full to the foot
    assert second.height == pytest.approx(COLUMN)


def test_captions_follow_their_figure_on_the_same_page_and_are_numbered(flowing):
    for page in flowing.document.pages:
        for image in page.images:
            captions = [ln for ln in page.lines if ln.role == "caption" and ln.block == image.block]
            assert captions, f"no caption under figure {image.block}"
            gap = captions[0].y - 9.0 * 0.88 - (image.y + image.height)
            assert gap == pytest.approx(5.0)
    texts = [ln.text for p in flowing.document.pages for ln in p.lines if ln.role == "caption"]
    # The author's number is kept (its space set as Han–Latin spacing), the style adds one.
    assert texts == ["图1第一幅", "图2\u3000第二幅"]


def test_pdf_holds_each_image_where_the_layout_put_it(flowing):
    pdf = pymupdf.open(stream=flowing.pdf, filetype="pdf")
    for page, laid in zip(pdf, flowing.document.pages):
        infos = sorted(page.get_image_info(), key=lambda i: i["bbox"][1])
        images = sorted(laid.images, key=lambda i: i.y)
        assert len(infos) == len(images)
        for info, image in zip(infos, images):
            x0, y0, x1, y1 = info["bbox"]
            assert (x0, y0) == pytest.approx((image.x, image.y), abs=0.01)
            assert (x1 - x0, y1 - y0) == pytest.approx((image.width, image.height), abs=0.01)


def test_jpeg_is_embedded_byte_for_byte(tmp_path):
    data = jpeg(tmp_path / "photo.jpg").read_bytes()
    result = build(write(tmp_path, f"{seed_paragraphs()[0]}\n\n![图](photo.jpg)\n"), "magazine")
    pdf = pymupdf.open(stream=result.pdf, filetype="pdf")
    (xref, *_), = pdf[0].get_images(full=True)
    assert pdf.extract_image(xref)["image"] == data


def test_png_transparency_is_flattened_onto_white(tmp_path):
    image = Image.new("RGBA", (1000, 500), (0, 0, 0, 0))
    image.paste((20, 40, 200, 255), (500, 0, 1000, 500))
    image.save(tmp_path / "chart.png")
    result = build(write(tmp_path, f"{seed_paragraphs()[0]}\n\n![图](chart.png)\n"), "magazine")
    pdf = pymupdf.open(stream=result.pdf, filetype="pdf")
    (xref, smask, *_), = pdf[0].get_images(full=True)
    assert smask == 0
    pixels = pymupdf.Pixmap(pdf, xref)
    assert pixels.alpha == 0
    assert pixels.pixel(100, 250) == (255, 255, 255)  # transparent → paper white
    assert pixels.pixel(900, 250) == (20, 40, 200)


def test_page_wide_figure_spans_the_columns_at_the_top_of_the_page_that_cites_it(tmp_path):
    jpeg(tmp_path / "wide.jpg", (2100, 700))
    p = seed_paragraphs()
    fence = "```figure\n![图1 横跨两栏](wide.jpg)\nwidth: page\nplace: top\nsource: 摄影 张三\n```"
    body = f"{p[0]}\n\n{p[1]}\n\n{p[2]}\n\n{p[0]}\n\n{fence}\n\n{p[1]}\n\n{p[2]}\n"
    document = build(write(tmp_path, body), "magazine").document
    cited = [i for i, page in enumerate(document.pages) for ln in page.lines if ln.block == 3]
    (where,) = [i for i, page in enumerate(document.pages) if page.images]
    assert where == cited[-1]  # on the page where the citing paragraph ends, never earlier
    page = document.pages[where]
    (image,) = page.images
    assert (image.x, image.width, image.height) == pytest.approx((LEFT, TEXT_WIDTH, TEXT_WIDTH / 3))
    caption_bottom = max(ln.y for ln in page.lines if ln.block == 4)
    for column in columns_of(page).values():
        assert column[0].y > caption_bottom
    credit = [ln for ln in page.lines if ln.role == "credit"]
    last = credit[0].runs[-1]
    assert credit[0].text == "摄影 张三" and last.xs[-1] + 7.5 == pytest.approx(LEFT + TEXT_WIDTH)


def test_page_wide_figure_at_the_bottom_shortens_both_columns(tmp_path):
    jpeg(tmp_path / "wide.jpg", (2100, 700))
    p = seed_paragraphs()
    fence = "```figure\nimage: wide.jpg\nwidth: page\nplace: bottom\n```"
    document = build(write(tmp_path, f"{fence}\n\n{p[0]}\n\n{p[1]}\n\n{p[2]}\n"), "magazine").document
    page = document.pages[0]
    (image,) = page.images
    assert image.y + image.height <= page.grid[-1]
    for column in columns_of(page).values():
        assert column[-1].y < image.y
        assert len(column) == 40 - 13 - 12  # title block, and the figure's 11 slots + a blank


def test_figure_taller_than_a_column_is_scaled_to_fit_and_reported(tmp_path):
    jpeg(tmp_path / "tall.jpg", (400, 2000))
    body = f"{seed_paragraphs()[0]}\n\n![图1 很高的图](tall.jpg)\n\n{seed_paragraphs()[1]}\n"
    result = build(write(tmp_path, body), "magazine")
    (image,) = [i for p in result.document.pages for i in p.images]
    caption_room = 5.0 + 9.0
    assert image.height == pytest.approx(40 * PITCH - EM_TOP - caption_room)
    assert image.width == pytest.approx(image.height / 5)
    messages = [str(w) for w in result.warnings]
    assert any("tall.jpg is taller than a column; scaled to" in m for m in messages)
    assert any("article.md:9" in m for m in messages)


def test_low_resolution_image_is_reported(tmp_path):
    jpeg(tmp_path / "small.jpg", (400, 300))
    result = build(write(tmp_path, f"{seed_paragraphs()[0]}\n\n![图](small.jpg)\n"), "magazine")
    (warning,) = result.warnings
    assert "small.jpg has 119 dpi at its placed size, below 300 dpi" in warning.message
    assert warning.source.line == 9


def test_missing_image_is_an_error_naming_the_file_and_the_line(tmp_path):
    path = write(tmp_path, f"{seed_paragraphs()[0]}\n\n![图1 没有的图](photos/none.jpg)\n")
    with pytest.raises(ArticleError) as caught:
        build(path, "magazine")
    assert caught.value.message == "figure image not found: photos/none.jpg"
    assert caught.value.source.line == 9
    assert str(tmp_path / "photos" / "none.jpg") in caught.value.hint


def test_missing_image_on_the_command_line_exits_2_without_traceback(tmp_path):
    path = write(tmp_path, f"{seed_paragraphs()[0]}\n\n![图](none.jpg)\n")
    run = subprocess.run([sys.executable, "-m", "paiban", "build", str(path), "-o", str(tmp_path / "o.pdf")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.startswith("article.md:9:6: error: figure image not found: none.jpg")
    assert "Traceback" not in run.stderr


def test_missing_image_placeholder_draws_a_grey_box_with_the_name_and_warns(tmp_path):
    path = write(tmp_path, f"{seed_paragraphs()[0]}\n\n![图1 占位](none.jpg)\n")
    result = build(path, "magazine", missing_image="placeholder")
    (image,) = result.document.pages[0].images
    assert image.path == "" and image.label == "none.jpg"
    assert (image.width, image.height) == (COLUMN, COLUMN * 0.75)
    (warning,) = result.warnings
    assert warning.message == "figure image not found: none.jpg; a grey box stands in"
    pdf = pymupdf.open(stream=result.pdf, filetype="pdf")
    assert pdf[0].get_image_info() == []
    boxes = [d for d in pdf[0].get_drawings() if d["fill"] and d["rect"].width == pytest.approx(COLUMN)]
    assert len(boxes) == 1
    name = [ln for ln in result.document.pages[0].lines if ln.role == "placeholder"]
    assert name[0].text == "none.jpg"
    assert "none.jpg" in pdf[0].get_text()
