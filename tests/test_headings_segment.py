"""Word boundaries (paiban.text.segment): what they are, their cache, and when the segmenter loads."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import SEED, write
from paiban.text.segment import word_boundaries


def marked(text: str) -> str:
    found = word_boundaries(text)
    return "".join(("|" if i in found else "") + c for i, c in enumerate(text))


def test_boundaries_of_the_default_reading():
    assert marked("国务院关于加强数字政府建设的指导意见") == "国务院|关于|加强|数字|政府|建设|的|指导|意见"
    assert marked("一、以忠诚为魂，强化政治建设促融合") == "一|、|以|忠诚|为魂|，|强化|政治|建设|促|融合"


def test_no_boundary_inside_a_set_phrase_the_reading_nearly_chose():
    # jieba reads 服务/大/局促; 服务大局 is a word of the dictionary starting where 服务 does.
    assert marked("围绕服务大局促融合") == "围绕|服务大局促|融合"
    # 性交易 straddles 制度性/交易成本 and starts and ends inside them: no reading, left alone.
    assert marked("降低制度性交易成本") == "降低|制度性|交易成本"


def test_no_boundary_inside_a_word_and_none_at_the_ends():
    found = word_boundaries("建设的确定性任务")
    assert found == {2, 3, 6}
    assert word_boundaries("") == frozenset() and word_boundaries("国") == frozenset()


def test_latin_numbers_and_spaces_keep_their_places():
    assert marked("2019年GB 1234标准") == "2019|年|GB| |1234|标准"


def _run(code: str, cache: str, **env) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PAIBAN_CACHE_DIR": cache, **env})
    return done.stdout.strip()


ASK = ("import sys; from paiban.text.segment import word_boundaries; "
       "print(sorted(word_boundaries('围绕服务大局促融合')), 'rjieba' in sys.modules)")


def test_an_answer_is_cached_as_text_and_then_needs_no_segmenter(tmp_path):
    cache = str(tmp_path / "cache")
    assert _run(ASK, cache) == "[2, 7] True"
    entries = list((tmp_path / "cache" / "words").iterdir())
    assert len(entries) == 1 and entries[0].read_bytes() == b"2,7"
    assert _run(ASK, cache) == "[2, 7] False"
    assert _run(ASK, cache, PAIBAN_NO_CACHE="1") == "[2, 7] True"


def test_a_damaged_entry_is_computed_again(tmp_path):
    cache = str(tmp_path / "cache")
    _run(ASK, cache)
    (entry,) = (tmp_path / "cache" / "words").iterdir()
    for damage in (b"2,x", b"2,99", b"\xff"):
        entry.write_bytes(damage)
        assert _run(ASK, cache) == "[2, 7] True"
        assert entry.read_bytes() == b"2,7"


def test_an_article_whose_headings_fit_never_loads_the_segmenter(tmp_path):
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "paiban", "build", str(SEED / "article.md"),
                           "-o", str(tmp_path / "out.pdf")], capture_output=True, text=True, check=True,
                          env={**os.environ, "PAIBAN_CACHE_DIR": str(tmp_path / "cache")})
    loaded = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "paiban.text.segment" not in loaded and "rjieba" not in loaded
    assert "paiban.compose.headings" in loaded  # (the check above looks at the right list)


def test_after_building_the_seed_no_segmenter_is_in_sys_modules(tmp_path):
    code = ("import sys; from paiban import build; "
            f"build({str(SEED / 'article.md')!r}, 'magazine', {str(tmp_path / 'out.pdf')!r}); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rjieba', 'jieba') "
            "or m == 'paiban.text.segment'), 'paiban.compose.headings' in sys.modules)")
    assert _run(code, str(tmp_path / "cache")) == "[] True"


def test_a_wrapping_heading_loads_it(tmp_path):
    style = write(tmp_path / "three.yaml", "extends: magazine\npage: {columns: 3, column_width: 15字}\n"
                                           "headings: {h2: {size: 小四}}\n")
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "paiban", "build", str(SEED / "article.md"),
                           "--style", str(style), "-o", str(tmp_path / "out.pdf")], capture_output=True,
                          text=True, check=True, env={**os.environ, "PAIBAN_CACHE_DIR": str(tmp_path / "cache")})
    loaded = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "rjieba" in loaded
