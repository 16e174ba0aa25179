"""Progress of long commands: the phases reported follow the real work, and nothing is drawn
when standard error is not a terminal."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, SEED
from test_flow import long_article

import paiban
from paiban.commands import progress as progress_module


def test_a_build_reports_every_page_then_the_save(tmp_path):
    seen = []
    result = paiban.build(long_article(tmp_path, copies=3), output=tmp_path / "out.pdf", keep_pages=False,
                          progress=lambda phase, done, total: seen.append((phase, done, total)))
    pages = result.pages
    assert pages > 2
    assert seen == [("setting pages", n, None) for n in range(1, pages + 1)] + [("saving the PDF", pages, pages)]


def test_a_booklet_reports_its_articles_then_its_pages(tmp_path):
    from paiban.api import build_booklet

    articles, pages = [], []
    result = build_booklet(ROOT / "examples" / "booklet" / "booklet.yaml", tmp_path / "b.pdf", jobs=1,
                           progress=lambda done, total, title: articles.append((done, total)),
                           pages=lambda phase, done, total: pages.append((phase, done, total)))
    count = result.plan.total
    assert articles[-1][0] == articles[-1][1] == len(articles)
    assert pages[-1] == ("saving the PDF", count, count)
    assert [p[1] for p in pages[:-1]] == list(range(1, count + 1))


def test_no_bar_when_standard_error_is_not_a_terminal(tmp_path):
    run = subprocess.run([sys.executable, "-m", "paiban", "build", str(long_article(tmp_path, copies=3)),
                          "-o", str(tmp_path / "out.pdf")], capture_output=True, text=True, check=True)
    assert run.stderr == ""
    assert "\x1b" not in run.stdout


def test_the_bar_waits_before_it_appears(monkeypatch):
    monkeypatch.setattr(progress_module, "DELAY", 3600.0)
    with progress_module.progress_bar(True) as report:
        report("setting pages", 1, None)
        assert report._progress is None  # a quick command shows nothing
