"""Pages the tests make themselves import back to the articles they were made from.

Two sources: paiban's own layouts (one, two and three columns; a paragraph running over a page
break), written as PDF and as pdftotext-style page text; and pages set independently by a plain
fixed-grid setter and drawn with ReportLab at chosen positions.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import ROOT, SEED
from pagegen import Grid, Item, document_items, draw_pdf, grid_pages, page_text
from paiban import build
from paiban.importers import import_pages
from paiban.importers.ledger import balance
from paiban.model.article import Article, BlockQuote
from paiban.model.markdown import read_article
from paiban.text.classes import is_wide

RICH = ROOT / "tests" / "data" / "import_rich.md"
THREE_COLUMNS = "extends: magazine\nname: three\npage: {columns: 3, column_width: 15字}\n"
#: The importer reads publication and issue back from running headers, which an article's
#: opening page carries only on request: these pages are built with it.
HEADED = "header: {first_page: true}\n"


def unspaced(text: str) -> str:
    """`text` without spaces beside Chinese characters: the composer sets the Han–Latin gap
    whether or not the source had a space there, so a PDF cannot tell."""
    kept = [ch for k, ch in enumerate(text) if not (
        ch == " " and ((k and is_wide(text[k - 1])) or (k + 1 < len(text) and is_wide(text[k + 1]))))]
    return "".join(kept)


def signature(article: Article, weights: bool = True) -> list[tuple]:
    """Blocks as comparable data; spaces beside Chinese are layout, so they are not compared."""
    out = []
    for block in article.blocks:
        paragraphs = block.paragraphs if isinstance(block, BlockQuote) else (block,)
        runs = tuple(
            tuple((unspaced(r.text), r.bold and weights) for r in p.runs) if weights else (unspaced(p.text),)
            for p in paragraphs
        )
        out.append((type(block).__name__, getattr(block, "level", None), runs))
    return out


def long_article(folder: Path) -> Path:
    """The seed article three times over (with its own section numbers): three magazine pages."""
    head, body = (SEED / "article.md").read_text(encoding="utf-8").split("\n---\n", 1)
    numbers = "一二三四五六"
    parts = [body.replace("## 一、", f"## {numbers[2 * i]}、").replace("## 二、", f"## {numbers[2 * i + 1]}、") for i in range(3)]
    path = folder / "long.md"
    path.write_text(head + "\n---\n" + "".join(parts), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    (folder / "three.yaml").write_text(THREE_COLUMNS + HEADED, encoding="utf-8")
    for name in ("magazine", "handout"):
        (folder / f"{name}.yaml").write_text(f"extends: {name}\n{HEADED}", encoding="utf-8")
    return folder


_BUILDS: dict[tuple[str, str], object] = {}


def built(folder: Path, name: str, style: str):
    """(article, build result) for one of the test articles in one style, built once."""
    key = (name, style)
    if key not in _BUILDS:
        source = RICH if name == "rich" else long_article(folder)
        style_ref = folder / f"{style}.yaml"
        pdf = folder / f"{name}-{style}.pdf"
        _BUILDS[key] = (read_article(source), build(source, style_ref, pdf), pdf)
    return _BUILDS[key]


CASES = [("rich", "magazine"), ("rich", "three"), ("rich", "handout"), ("long", "magazine")]


# --------------------------------------------------------------------------- paiban → PDF → article


@pytest.mark.parametrize(("name", "style"), CASES)
def test_paiban_pdf_imports_back_to_its_article(folder, name, style):
    article, result, pdf = built(folder, name, style)
    back = import_pages([pdf])
    assert back.article.meta == article.meta
    assert signature(back.article) == signature(article)
    assert [str(w) for w in back.warnings] == []


def test_the_long_article_runs_a_paragraph_over_a_page_break(folder):
    """What makes the long article's imports a test of continued pages."""
    _, result, _ = built(folder, "long", "magazine")
    pages = result.document.pages
    assert len(pages) == 3
    continued = []
    for before, after in zip(pages, pages[1:]):
        last = [ln for ln in before.lines if ln.role == "body"][-1]
        first = min((ln for ln in after.lines if ln.role == "body" and ln.column == 0), key=lambda ln: ln.y)
        continued.append(last.block == first.block and not first.first)
    assert continued == [False, True]


@pytest.mark.parametrize(("name", "style"), CASES)
def test_build_import_build_keeps_every_line(folder, name, style):
    _, result, pdf = built(folder, name, style)
    again = build(import_pages([pdf]).article, folder / f"{style}.yaml")
    lines = [[ln.text for ln in p.lines] for p in result.document.pages]
    assert [[ln.text for ln in p.lines] for p in again.document.pages] == lines


def test_publication_and_issue_come_from_the_pdf_metadata_when_no_header_names_them(folder):
    article = read_article(RICH)
    recto = dataclasses.replace(article, meta=dataclasses.replace(article.meta, first_page=7))
    build(recto, folder / "magazine.yaml", folder / "recto.pdf")  # a recto's header is the title
    back = import_pages([folder / "recto.pdf"])
    assert (back.article.meta.publication, back.article.meta.issue) == ("经济观察", "2021年第3期")
    assert [(d.kind, d.text) for d in back.dropped][0] == ("running header", "数字经济的新引擎")


# --------------------------------------------------------------------------- paiban → page text → article


@pytest.mark.parametrize("count", ["chars", "cells"])
@pytest.mark.parametrize(("name", "style"), CASES)
def test_paiban_page_text_imports_back_to_its_article(folder, name, style, count):
    article, result, _ = built(folder, name, style)
    em, pitch = (12.0, 21.0) if style == "handout" else (10.5, 17.5)
    files = []
    for k, items in enumerate(document_items(result.document)):
        path = folder / f"{name}-{style}-{count}-{k}.txt"
        path.write_text(page_text(items, em, pitch, count), encoding="utf-8")
        files.append(path)
    back = import_pages(files)
    assert back.article.meta == article.meta
    assert signature(back.article, weights=False) == signature(article, weights=False)
    assert [str(w) for w in back.warnings] == []
    source = "".join(p.read_text(encoding="utf-8") for p in files)
    assert balance([source], [d.text for d in back.dropped], back.article).balanced


# --------------------------------------------------------------------------- independent pages


P1 = ("长江经济带发展战略实施以来，沿线各地坚持生态优先、绿色发展，把修复长江生态环境摆在压倒性位置，"
      "共抓大保护、不搞大开发，推动经济社会发展全面绿色转型，取得了显著成效。")
P2 = ("一是加强顶层设计。出台了一系列规划和政策文件，建立健全了流域协调机制；二是狠抓问题整改，"
      "对突出生态环境问题实行清单管理，逐项销号；三是推动产业转型升级，培育壮大新兴产业。")
P3 = "实践证明，只有把生态保护放在首位，才能实现高质量发展。下一步，我们将继续深化改革，完善制度体系，让母亲河永葆生机活力。"
BLOCKS = [("p", P1), ("h", "一、主要做法"), ("p", P2), ("p", P3), ("h", "二、经验启示"), ("p", P1 + P3), ("p", P2)]
TITLE = [
    Item("《经济观察》2021年第3期", 60, 50, 9, "serif"),
    Item("专题·高质量发展", 60, 80, 12, "kai"),
    Item("奋力谱写长江大保护新篇章", 170, 130, 22, "sans-bold"),
    Item("■ 王小明", 270, 170, 12, "kai"),
]
GRIDS = {
    "two columns, two pages": Grid(columns=2, width=20, lines=14),
    "three columns": Grid(columns=3, width=14, lines=20),
    "one column": Grid(columns=1, width=30, lines=30),
}


def expected_markdown() -> str:
    body = "\n\n".join(f"## {text}" if kind == "h" else text for kind, text in BLOCKS)
    return (
        "---\ntitle: 奋力谱写长江大保护新篇章\nkicker: 专题·高质量发展\nauthor: 王小明\npublication: 经济观察\n"
        f"issue: 2021年第3期\nfirst_page: 8\n---\n\n{body}\n"
    )


@pytest.fixture(scope="module", params=list(GRIDS))
def independent(request):
    grid = GRIDS[request.param]
    return request.param, grid_pages(BLOCKS, grid, TITLE, title_lines=6, folio=8)


def test_the_two_page_grid_runs_a_paragraph_over_the_page_break():
    grid = GRIDS["two columns, two pages"]
    pages = grid_pages(BLOCKS, grid, TITLE, title_lines=6, folio=8)
    body = [[i for i in items if i.font == "serif" and i.size == grid.size] for items in pages]
    assert len(pages) == 2
    assert not body[0][-1].text.endswith("。") and body[1][0].x == grid.left  # not indented: continued


def test_reportlab_pages_import_to_the_article_set_on_them(independent, folder):
    name, pages = independent
    pdf = draw_pdf(folder / f"{name}.pdf", pages, rules=[[56]] + [[]] * (len(pages) - 1))
    back = import_pages([pdf])
    assert back.markdown == expected_markdown()
    assert [str(w) for w in back.warnings] == []
    assert [d.kind for d in back.dropped] == ["running header", "byline ornament", "folio"] + ["folio"] * (len(pages) - 1)


@pytest.mark.parametrize("count", ["chars", "cells"])
def test_independent_page_text_imports_to_the_article_set_on_it(independent, folder, count):
    name, pages = independent
    files = []
    for k, items in enumerate(pages):
        path = folder / f"{name}-{count}-{k}.txt"
        path.write_text(page_text(items, 10.0, 16.0, count), encoding="utf-8")
        files.append(path)
    back = import_pages(files)
    assert back.markdown == expected_markdown()
    assert [str(w) for w in back.warnings] == []
