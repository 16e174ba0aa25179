"""`paiban proof` on the command line (table, --json, exit statuses, errors at file:line:col) and
the counts line `paiban build` prints."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import write

from paiban.proof import KINDS

# first-fit still leaves the lone last character that total-fit avoids
NARROW = ("extends: magazine\npage: {columns: 1, column_width: 10字}\ntitle_block: {height: 2}\n"
          "cjk: {linebreak: first-fit}\n")


def _paiban(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "paiban", *args], capture_output=True, text=True, cwd=cwd)


def _article(tmp_path, body: str = "一二三四五六七八九。") -> None:
    write(tmp_path / "a.md", f"---\ntitle: 测试\n---\n\n{body}\n")
    write(tmp_path / "narrow.yaml", NARROW)


def test_the_report_is_a_table_and_exits_0_with_findings(tmp_path):
    _article(tmp_path)
    done = _paiban("proof", "a.md", "--style", "narrow.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "a.md in narrow: 1 page, 1 finding"
    assert lines[2].split() == ["kind", "page", "col", "line", "value", "text"]
    assert lines[3].split()[:7] == ["lone_last_line", "1", "1", "2", "1", "char", "九。"]
    assert lines[-1] == "counts: 1 lone_last_line"


def test_json_gives_every_count_and_each_finding(tmp_path):
    _article(tmp_path)
    done = _paiban("proof", "a.md", "--style", "narrow.yaml", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["article"], report["style"], report["pages"]) == ("a.md", "narrow", 1)
    assert list(report["counts"]) == list(KINDS)
    assert report["counts"]["lone_last_line"] == 1 and sum(report["counts"].values()) == 1
    assert report["findings"] == [{"kind": "lone_last_line", "page": 1, "column": 1, "line": 2, "text": "九。",
                                   "value": 1, "unit": "char", "note": "characters on the paragraph's last line"}]


def test_a_clean_article_reports_nothing(tmp_path):
    _article(tmp_path, "一二三四五六七八九十一二三四。")
    done = _paiban("proof", "a.md", "--style", "narrow.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "a.md in narrow: 1 page, 0 findings\n")


def test_a_missing_article_is_bad_input(tmp_path):
    done = _paiban("proof", "missing.md", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("missing.md: error: article file not found: missing.md")


def test_bad_front_matter_is_reported_at_its_line_and_column(tmp_path):
    write(tmp_path / "bad.md", "---\ntitle: 测试\nfirst_page: abc\n---\n\n正文。\n")
    done = _paiban("proof", "bad.md", "--json", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("bad.md:3:13: error: front-matter key 'first_page' must be a page number")


def test_a_misspelt_style_key_is_reported_at_its_line_and_column(tmp_path):
    _article(tmp_path)
    write(tmp_path / "bad.yaml", "extends: magazine\npage: {colums: 3}\n")
    done = _paiban("proof", "a.md", "--style", "bad.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("bad.yaml:2:8: error: unknown style key 'page.colums'")


def test_build_prints_the_counts_as_one_warning_line(tmp_path):
    _article(tmp_path)
    done = _paiban("build", "a.md", "--style", "narrow.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ("a.md: warning: proof: 1 lone_last_line "
                           "(`paiban proof a.md --style narrow.yaml` lists them)\n")
    assert (tmp_path / "a.pdf").exists()


def test_build_says_nothing_of_a_clean_article(tmp_path):
    _article(tmp_path, "一二三四五六七八九十一二三四。")
    done = _paiban("build", "a.md", "--style", "narrow.yaml", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")


def test_build_without_proof_says_nothing(tmp_path):
    _article(tmp_path)
    done = _paiban("build", "a.md", "--style", "narrow.yaml", "--no-proof", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
