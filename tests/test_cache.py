"""Caches change speed, never output: builds with caches off, cold and warm are byte-identical."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import SEED
from test_flow import long_article


def _build(article, out, cache_dir, **env) -> bytes:
    environ = dict(os.environ, PAIBAN_CACHE_DIR=str(cache_dir), **env)
    run = subprocess.run([sys.executable, "-m", "paiban", "build", str(article), "-o", str(out)],
                         capture_output=True, text=True, env=environ)
    assert run.returncode == 0, run.stderr
    return out.read_bytes()


def test_seed_and_ten_page_article_match_a_reference_build_without_caches(tmp_path):
    long = long_article(tmp_path)
    for n, article in enumerate((SEED / "article.md", long)):
        cache = tmp_path / f"cache{n}"
        # reference: ReportLab parses the fonts itself, fontTools reads the metrics afresh
        reference = _build(article, tmp_path / "ref.pdf", cache, PAIBAN_NO_CACHE="1")
        assert not cache.exists() or not any(cache.iterdir())
        cold = _build(article, tmp_path / "cold.pdf", cache)  # empty cache: tables built and stored
        assert any(cache.iterdir())
        warm = _build(article, tmp_path / "warm.pdf", cache)  # compact tables read back
        assert reference == cold == warm


def test_a_damaged_cache_entry_is_rebuilt(tmp_path):
    cache = tmp_path / "cache"
    first = _build(SEED / "article.md", tmp_path / "a.pdf", cache)
    for entry in cache.rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"not a pickle")
    assert _build(SEED / "article.md", tmp_path / "b.pdf", cache) == first
