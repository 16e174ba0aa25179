"""The Markdown example uses every construct and builds cleanly in every built-in style."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from paiban import build
from paiban.model.markdown import parse_article, read_article
from paiban.model.writer import write_article

EXAMPLE = ROOT / "examples" / "markdown" / "article.md"


def test_the_example_holds_every_construct():
    article = read_article(EXAMPLE)
    kinds = {type(b).__name__ for b in article.blocks}
    assert {"Paragraph", "Heading", "ListBlock", "Table", "CodeBlock", "SectionBreak"} <= kinds
    assert {b.level for b in article.blocks if type(b).__name__ == "Heading"} == {2, 3, 4}
    runs = [r for b in article.blocks for r in getattr(b, "runs", ())]
    assert any(r.emphasis for r in runs) and any(r.strike for r in runs)
    assert any(r.link for r in runs) and any(r.code for r in runs) and any("\n" in r.text for r in runs)


def test_the_example_is_written_back_to_markdown_that_reads_the_same():
    article = read_article(EXAMPLE)
    again = parse_article(write_article(article))
    assert [(type(b).__name__, b.text) for b in again.blocks] == [(type(b).__name__, b.text) for b in article.blocks]


@pytest.mark.parametrize("style", ["magazine", "handout"])
def test_the_example_builds_without_warnings_and_passes_preflight(tmp_path, style):
    result = build(EXAMPLE, style, tmp_path / "a.pdf")
    assert result.warnings == ()
    roles = {ln.role for page in result.document.pages for ln in page.lines}
    assert {"list", "table-head", "table", "table-caption", "code", "ornament", "note"} <= roles
    assert any(page.dots for page in result.document.pages)
    done = subprocess.run([sys.executable, "-m", "paiban", "preflight", str(tmp_path / "a.pdf")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors" in done.stdout


def test_the_example_builds_print_ready(tmp_path):
    done = subprocess.run([sys.executable, "-m", "paiban", "build", str(EXAMPLE), "--print", "-o",
                           str(tmp_path / "p.pdf")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "passed: 0 errors, 0 warnings" in done.stdout + done.stderr
