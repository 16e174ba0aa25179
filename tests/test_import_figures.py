"""Figures imported from PDFs: the images of a page build back into a page with the figures.

Two sources: the elements example as paiban sets it (column figures, a page-wide figure, credits,
numbered captions, a pull quote), and a page drawn independently with ReportLab.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from conftest import ROOT
from pagegen import FONTS, Grid, Item, grid_pages
from paiban import build
from paiban.importers import import_pages
from paiban.model.article import Figure, Heading, Paragraph, PullQuote
from paiban.model.markdown import read_article
from paiban.text.fonts import fonts_dir

ELEMENTS = ROOT / "examples" / "elements" / "article.md"


def images_by_page(pdf: Path) -> list[list[tuple]]:
    """Each page's images: pixel size and placed box (pt, to 0.1)."""
    with pymupdf.open(pdf) as doc:
        return [[(i["width"], i["height"], tuple(round(v, 1) for v in i["bbox"])) for i in page.get_image_info()]
                for page in doc]


def printed(block) -> str:
    """A paragraph's text as printed: note references as their circled markers."""
    return "".join(chr(0x2460 + int(r.text) - 1) if r.note else r.text for r in block.runs)


@pytest.fixture(scope="module")
def elements(tmp_path_factory):
    folder = tmp_path_factory.mktemp("elements")
    original = folder / "elements.pdf"
    first = build(ELEMENTS, "magazine", original)
    result = import_pages([original], image_stem="elements")
    article = folder / "imported" / "elements.md"
    result.write(article)
    again = folder / "again.pdf"
    second = build(article, "magazine", again)
    _LINES[original] = [[(ln.role, ln.text) for ln in page.lines] for page in first.document.pages]
    _LINES[again] = [[(ln.role, ln.text) for ln in page.lines] for page in second.document.pages]
    return read_article(ELEMENTS), result, original, again


_LINES: dict[Path, list] = {}


def test_the_figures_are_built_back_on_the_same_pages_at_the_same_sizes(elements):
    _, _, original, again = elements
    first = images_by_page(original)
    assert [len(page) for page in first] == [1, 2, 0]
    assert images_by_page(again) == first


def test_the_import_builds_back_line_for_line(elements):
    """Lead, figures, pull quote, end notes and end matter all come back: every line of every page
    is set again, with its role, except the editor's name, whose ideographic space the importer
    cannot tell from justification."""
    _, _, original, again = elements
    expected = [[(role, text.replace("周\u3000航", "周航")) for role, text in page] for page in _LINES[original]]
    assert _LINES[again] == expected
    roles = {role for page in expected for role, _ in page}
    assert {"lead", "caption", "credit", "pullquote", "note", "affiliation", "editor"} <= roles


def test_figures_keep_their_captions_credits_and_widths(elements):
    source, result, _, _ = elements
    figures = [(b.caption, b.credit, b.width, b.place) for b in result.article.blocks if isinstance(b, Figure)]
    assert figures == [(b.caption, b.credit, b.width, b.place) for b in source.blocks if isinstance(b, Figure)]
    assert [b.path for b in result.article.blocks if isinstance(b, Figure)] == [
        "elements-1.jpg", "elements-2.png", "elements-3.jpg"]
    assert [i.name for i in result.images] == ["elements-1.jpg", "elements-2.png", "elements-3.jpg"]
    assert result.images[0].data == (ELEMENTS.parent / "reading-room.jpg").read_bytes()  # JPEG as it was


def test_figures_and_the_pull_quote_stand_where_the_layout_put_them(elements):
    """Each float follows the last block that ends before it in reading order, or the paragraph
    its heading introduces."""
    _, result, _, _ = elements
    kinds = [type(b).__name__ for b in result.article.blocks]
    assert kinds[:8] == ["Paragraph", "Heading", "Paragraph", "Paragraph", "Figure", "PullQuote", "Paragraph", "Heading"]
    # heading 二 and two lines of its first paragraph end page 1; 图2 opens page 2 across the
    # columns: it follows that paragraph, never standing between a heading and its text
    assert kinds[7:12] == ["Heading", "Paragraph", "Figure", "Paragraph", "Paragraph"]
    assert kinds[13:15] == ["Figure", "Heading"]  # 图3 stays in its section, before 三、


def test_caption_and_credit_text_is_not_also_body_text(elements):
    source, result, _, _ = elements
    body = "".join(b.text for b in result.article.blocks if isinstance(b, (Paragraph, Heading)))
    texts = [t for b in source.blocks if isinstance(b, Figure) for t in (b.caption, b.credit) if t]
    assert len(texts) == 5
    for text in texts:
        assert "".join(text.split()) not in body and text.split()[-1] not in body


def test_the_body_text_survives_every_character_once(elements):
    source, result, _, _ = elements
    wanted = [(type(b).__name__, printed(b)) for b in source.blocks if not isinstance(b, (Figure, PullQuote))]
    got = [(type(b).__name__, printed(b)) for b in result.article.blocks if not isinstance(b, (Figure, PullQuote))]
    assert [g if g[0] != "EndLine" else (g[0], g[1].replace("周航", "周\u3000航")) for g in got] == wanted
    assert [(n.label, n.runs) for n in result.article.notes] == [(n.label, n.runs) for n in source.notes]
    assert result.article.meta.lead == source.meta.lead
    assert [str(w) for w in result.warnings] == []
    quotes = [b.text for b in result.article.blocks if isinstance(b, PullQuote)]
    assert quotes == [b.text for b in source.blocks if isinstance(b, PullQuote)]


# --------------------------------------------------------------------------- drawn with ReportLab

BLOCKS = [
    ("p", "长江经济带发展战略实施以来，沿线各地坚持生态优先、绿色发展，把修复长江生态环境摆在压倒性位置，共抓大保护、不搞大开发。"),
    ("h", "一、主要做法"),
    ("p", "一是加强顶层设计，建立健全流域协调机制；二是狠抓问题整改，对突出生态环境问题实行清单管理，逐项销号。"),
    ("p", "实践证明，只有把生态保护放在首位，才能实现高质量发展。下一步，我们将继续深化改革，完善制度体系。"),
]
TITLE = [Item("奋力谱写长江大保护新篇章", 170, 100, 22, "sans-bold"), Item("■ 王小明", 270, 140, 12, "kai")]


def _draw(path: Path, items: list[Item], images: list[tuple[Path, tuple[float, float, float, float]]]) -> None:
    """Text at its positions and images in their boxes (x0, top, x1, bottom), with ReportLab."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    for key, file in FONTS.items():
        if f"gen-{key}" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(f"gen-{key}", str(fonts_dir() / file)))
    height = 842.0
    canvas = Canvas(str(path), pagesize=(595.0, height), invariant=1)
    for image, (x0, top, x1, bottom) in images:
        canvas.drawImage(str(image), x0, height - bottom, x1 - x0, bottom - top)
    for item in items:
        canvas.setFont(f"gen-{item.font}", item.size)
        canvas.drawString(item.x, height - item.y, item.text)
    canvas.save()


def _centred(text: str, centre: float, y: float, size: float, font: str) -> Item:
    from reportlab.pdfbase import pdfmetrics

    return Item(text, centre - pdfmetrics.stringWidth(text, f"gen-{font}", size) / 2, y, size, font)


def test_a_reportlab_page_imports_with_its_figures(tmp_path):
    photo = tmp_path / "photo.png"
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 40), False)
    pixmap.clear_with(120)
    pixmap.save(photo)
    grid = Grid(columns=2, width=20, lines=24)  # columns at x 60 and 280, 200 pt wide; slot 0 at y 120
    _draw(tmp_path / "probe.pdf", [], [])  # registers the fonts for measuring the captions
    items = grid_pages(BLOCKS, grid, TITLE, title_lines=15, folio=8)
    assert len(items) == 1
    items = items[0]
    column_two = [i for i in items if i.x >= 280 and i.y > 300]
    foot = max(i.y for i in column_two)
    wide = (60.0, 170.0, 480.0, 330.0)  # across both columns, under the title
    narrow = (280.0, foot + 20, 480.0, foot + 153)  # in column two, under its last line
    items += [
        _centred("图1 长江沿线的湿地", 270.0, 346.0, 9.0, "kai"),
        Item("资料来源：调查组", 480.0 - 8 * 7.5, narrow[3] + 10, 7.5, "serif"),
        _centred("图2 江边的护林员", 380.0, narrow[3] + 24, 9.0, "kai"),
    ]
    pdf = tmp_path / "drawn.pdf"
    _draw(pdf, items, [(photo, wide), (photo, narrow)])

    result = import_pages([pdf], image_stem="drawn")
    body = "\n\n".join(f"## {text}" if kind == "h" else text for kind, text in BLOCKS)
    assert result.markdown == (
        "---\ntitle: 奋力谱写长江大保护新篇章\nauthor: 王小明\nfirst_page: 8\n---\n\n"
        "```figure\nimage: drawn-1.png\ncaption: 图1 长江沿线的湿地\nwidth: page\n```\n\n"
        f"{body}\n\n"
        "![图2 江边的护林员](drawn-2.png \"资料来源：调查组\")\n"
    )
    assert [str(w) for w in result.warnings] == []
    assert images_by_page(pdf) == [[(60, 40, (60.0, 170.0, 480.0, 330.0)),
                                    (60, 40, (280.0, round(foot + 20, 1), 480.0, round(foot + 153, 1)))]]
