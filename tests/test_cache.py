"""Caches change speed, never output: cold-cache and warm-cache builds are byte-identical."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import SEED
from test_flow import long_article


def _build(article, out, cache_dir) -> bytes:
    env = dict(os.environ, PAIBAN_CACHE_DIR=str(cache_dir))
    run = subprocess.run([sys.executable, "-m", "paiban", "build", str(article), "-o", str(out)],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    return out.read_bytes()


def test_seed_and_ten_page_article_are_identical_with_and_without_caches(tmp_path):
    cache = tmp_path / "cache"
    long = long_article(tmp_path)
    for article in (SEED / "article.md", long):
        cold = _build(article, tmp_path / "cold.pdf", cache)  # empty cache: fonts parsed afresh
        assert any(cache.iterdir())
        warm = _build(article, tmp_path / "warm.pdf", cache)
        assert cold == warm


def test_a_damaged_cache_entry_is_rebuilt(tmp_path):
    cache = tmp_path / "cache"
    first = _build(SEED / "article.md", tmp_path / "a.pdf", cache)
    for entry in cache.iterdir():
        entry.write_bytes(b"not a pickle")
    assert _build(SEED / "article.md", tmp_path / "b.pdf", cache) == first
