"""The seed page: its extracted text imports to the reference article, which rebuilds the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from paiban import build
from paiban.importers import import_pages
from paiban.importers.ledger import balance
from paiban.model.markdown import parse_article

DATA = ROOT / "tests" / "data"
SEED_PAGE = DATA / "seed_page.txt"
SEED_ARTICLE = DATA / "seed_article.md"


@pytest.fixture(scope="module")
def imported():
    return import_pages([SEED_PAGE])


def test_seed_page_imports_to_the_reference_article_byte_for_byte(imported):
    assert imported.markdown == SEED_ARTICLE.read_text(encoding="utf-8")


def test_seed_page_imports_without_warnings(imported):
    assert [str(w) for w in imported.warnings] == []


def test_seed_furniture_is_reported_in_page_order(imported):
    shown = [(d.kind, " ".join(d.text.split()), d.source.line) for d in imported.dropped]
    assert shown == [
        ("viewer line", "Page 16 - 《湖北机关党建》2020年10期", 1),
        ("viewer line", "P. 16", 2),
        ("byline ornament", "■", 27),
        ("folio", "14", 62),
        ("page navigation", "11 12 13 14 15 16 17 18 19 20 21", 63),
    ]


def test_every_character_of_the_page_is_in_the_article_or_reported(imported):
    page = SEED_PAGE.read_text(encoding="utf-8")
    ledger = balance([page], [d.text for d in imported.dropped], imported.article)
    assert ledger.balanced, ledger.describe()


def test_imported_seed_rebuilds_the_fifty_reference_lines(imported, seed_reference, tmp_path):
    article = parse_article(imported.markdown, "imported.md")
    page = build(article, "magazine").document.pages[0]
    left = [ln.text for ln in page.lines if ln.column == 0 and ln.role in ("body", "heading")]
    right = [ln.text for ln in page.lines if ln.column == 1 and ln.role in ("body", "heading")]
    assert left + right == seed_reference
    assert len(left + right) == 50


def test_seed_pdf_imports_back_to_the_article_and_rebuilds_the_same_lines(tmp_path):
    # the running header, off on an opening page by default, is turned on to be dropped again
    sheet = tmp_path / "headed.yaml"
    sheet.write_text("extends: magazine\nheader: {first_page: true}\n", encoding="utf-8")
    first = build(SEED_ARTICLE, sheet, tmp_path / "seed.pdf")
    back = import_pages([tmp_path / "seed.pdf"])
    assert back.markdown == SEED_ARTICLE.read_text(encoding="utf-8")
    assert [w for w in back.warnings] == []
    assert [(d.kind, d.text) for d in back.dropped] == [
        ("running header", "湖北机关党建 2020年10期"),
        ("byline ornament", "■"),
        ("folio", "14"),
    ]
    again = build(back.article, sheet)
    assert [ln.text for ln in again.document.pages[0].lines] == [ln.text for ln in first.document.pages[0].lines]


def test_reference_article_copy_matches_the_example():
    example = Path(ROOT / "examples" / "seed" / "article.md").read_text(encoding="utf-8")
    assert SEED_ARTICLE.read_text(encoding="utf-8") == example
