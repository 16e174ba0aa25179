"""The proof corpus: its article files are what make_corpus.py makes from the stored raw texts,
and each is a readable article of the kind the corpus promises (a document number, a URL)."""

from __future__ import annotations

import importlib.util

import pytest
from conftest import ROOT

from paiban.model.markdown import read_article

CORPUS = ROOT / "benchmarks" / "corpus"


def _make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_article_files_are_made_from_the_raw_texts():
    made = _make_corpus().outputs()
    assert len(made) >= 15
    for path, text in made.items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run make_corpus.py"


def test_section_heads_become_headings_and_sentences_do_not():
    module = _make_corpus()
    fields = {"title": "标题", "number": "国办发〔2018〕123号", "issuer": "国务院办公厅", "date": "2018年12月7日",
              "url": "http://www.gov.cn/x.htm"}
    text = module.article_markdown(fields, ["一、总体要求", "一、关于大连双岛湾工业区石化项目问题。大连市请求，……"])
    assert "\n## 一、总体要求\n" in text
    assert "\n一、关于大连双岛湾工业区石化项目问题。" in text
    assert text.endswith("\n原文：http://www.gov.cn/x.htm\n")
    assert 'kicker: "国办发〔2018〕123号"' in text


@pytest.mark.parametrize("path", sorted(CORPUS.glob("[0-9][0-9]-*.md")), ids=lambda p: p.stem)
def test_each_document_reads_as_an_article_with_a_number_and_a_url(path):
    article = read_article(path)
    assert article.meta.kicker and article.meta.title
    assert "http://" in article.blocks[-1].text
    assert (CORPUS / "SOURCES.md").read_text(encoding="utf-8").count(path.stem) >= 1
