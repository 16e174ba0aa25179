"""The seed page rebuilt with the magazine style: line breaks, geometry, rules, PDF as a reader sees it."""

from __future__ import annotations

import pymupdf
import pytest

from conftest import SEED
from paiban import build
from paiban.text.classes import NO_LINE_END, NO_LINE_START


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "seed.pdf"
    return build(SEED / "article.md", "magazine", out)


def column_texts(page, column):
    return [ln.text for ln in page.lines if ln.column == column and ln.role in ("body", "heading")]


def test_all_fifty_reference_lines_in_their_columns(seed, seed_reference):
    page = seed.document.pages[0]
    assert len(seed.document.pages) == 1
    left, right = column_texts(page, 0), column_texts(page, 1)
    assert left == seed_reference[: len(left)]
    assert right == seed_reference[len(left) :]
    assert len(left) + len(right) == 50


def test_each_column_holds_27_slots_below_the_title_block(seed):
    page = seed.document.pages[0]
    pitch = 17.5
    for column in (0, 1):
        ys = [ln.y for ln in page.lines if ln.column == column]
        slots = round((max(ys) - min(ys)) / pitch) + 1
        assert slots == 27


def test_columns_share_one_baseline_grid(seed):
    page = seed.document.pages[0]
    grid = {round(y, 3) for y in page.grid}
    for ln in page.lines:
        if ln.role == "body":
            assert round(ln.y, 3) in grid


def test_no_prohibited_line_starts_or_ends(seed):
    for ln in seed.document.pages[0].lines:
        if ln.role != "body":
            continue
        assert ln.text[0] not in NO_LINE_START["strict"], ln.text
        assert ln.text[-1] not in NO_LINE_END["strict"], ln.text


def test_justified_lines_are_flush_with_both_column_edges(seed):
    page = seed.document.pages[0]
    columns = [f for f in page.frames if f.kind == "column"]
    for ln in page.lines:
        if ln.role != "body":
            continue
        frame = columns[ln.column]
        indent = 21.0 if ln.first else 0.0
        assert abs(ln.ink_left - (frame.x + indent)) < 0.1, ln.text
        if not ln.last:
            assert abs(ln.extent - (frame.x + frame.width)) < 0.1, ln.text


def test_paragraphs_are_indented_two_em(seed):
    firsts = [ln for ln in seed.document.pages[0].lines if ln.role == "body" and ln.first]
    assert len(firsts) == 3
    for ln in firsts:
        assert abs(ln.ink_left - ln.x - 21.0) < 0.01


def test_pdf_text_is_the_article_text_in_reading_order(seed):
    from paiban.model.markdown import read_article

    article = read_article(SEED / "article.md")
    doc = pymupdf.open(stream=seed.pdf, filetype="pdf")
    text = "".join(doc[0].get_text().split())
    body = "".join(article.body_text().split())
    assert body in text
    assert text.count(body[:20]) == 1
    assert text.index("推进融合发展") < text.index(body[:10])


def test_fonts_are_embedded_and_folio_is_present_but_no_header_over_the_title(seed):
    doc = pymupdf.open(stream=seed.pdf, filetype="pdf")
    page = doc[0]
    fonts = page.get_fonts()
    assert fonts and all(f[1] == "ttf" for f in fonts)
    words = page.get_text("words")
    folio = [w for w in words if w[4] == "14"]
    assert folio and folio[0][0] < page.rect.width / 2  # even page: outer corner is the left
    assert folio[0][1] > page.rect.height * 0.9
    assert "湖北机关党建" not in page.get_text()  # an opening page has no running header


def test_glyph_origins_match_the_layout(seed):
    doc = pymupdf.open(stream=seed.pdf, filetype="pdf")
    raw = doc[0].get_text("rawdict")
    origins = [(c["c"], c["origin"]) for b in raw["blocks"] for ln in b.get("lines", []) for s in ln["spans"] for c in s["chars"]]
    lookup = {}
    for ln in seed.document.pages[0].lines:
        for run in ln.runs:
            for ch, x in zip(run.text, run.xs):
                lookup.setdefault((ch, round(run.y)), []).append(x)
    checked = 0
    for ch, (x, y) in origins:
        xs = lookup.get((ch, round(y)))
        if xs:
            assert min(abs(x - lx) for lx in xs) < 0.05
            checked += 1
    assert checked > 1000


def test_metadata_and_outline(seed):
    doc = pymupdf.open(stream=seed.pdf, filetype="pdf")
    assert doc.metadata["title"] == "推进融合发展　增强机关党建工作质效"
    assert doc.metadata["author"] == "肖红梅"
    toc = doc.get_toc()
    assert [t[1] for t in toc] == [
        "推进融合发展　增强机关党建工作质效",
        "一、以忠诚为魂，强化政治建设促融合",
        "二、以担当为要，围绕服务大局促融合",
    ]


def test_output_is_deterministic(seed, tmp_path):
    again = build(SEED / "article.md", "magazine", tmp_path / "again.pdf")
    assert again.pdf == seed.pdf
