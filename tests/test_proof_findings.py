"""`paiban proof` on tiny articles made to hit one rule each, positions asserted exactly.

The articles are set in a one-column style of ten 五号 characters (the first line of a
paragraph holds eight, after the 2-character indent) or a two-column one with a short grid, so
that where each line falls is known; the report's page, column and line are 1-based.
"""

from __future__ import annotations

import pytest
from conftest import write

from paiban.proof import proof_article

# First-fit line breaking, which still makes the faults that total-fit avoids: the proofreader
# is tested on them.
NARROW = """extends: magazine
page: {columns: 1, column_width: 10字}
title_block: {height: 2}
cjk: {linebreak: first-fit}
"""
# Two columns of six grid lines on the first page (eight lines a page, two for the title), and
# widows and orphans allowed, so that the flow leaves them where they fall.
SHORT_GRID = """extends: magazine
page: {columns: 2, column_width: 10字, gutter: 2字}
grid: {pitch: 17.5pt, lines: 8}
title_block: {height: 2}
widows: 1
orphans: 1
cjk: {linebreak: first-fit}
"""
TEN = "一二三四五六七八九十"


def proof(tmp_path, body: str, style: str = NARROW):
    article = write(tmp_path / "a.md", f"---\ntitle: 测试\n---\n\n{body}\n")
    return proof_article(article, write(tmp_path / "s.yaml", style))


def where(report, kind):
    return [(f.page, f.column, f.line, f.text, f.value) for f in report.of_kind(kind)]


def test_a_clean_paragraph_is_not_marked(tmp_path):
    report = proof(tmp_path, "一二三四五六七八九十一二三四。")  # 8 characters, then 6 and a stop
    assert report.findings == ()
    assert report.pages == 1 and set(report.counts().values()) == {0}


def test_one_character_and_its_stop_on_the_last_line_is_a_lone_last_line(tmp_path):
    report = proof(tmp_path, "一二三四五六七八九。")
    assert where(report, "lone_last_line") == [(1, 1, 2, "九。", 1)]
    assert report.counts()["short_last_line"] == 0


def test_two_characters_on_the_last_line_are_a_short_last_line(tmp_path):
    report = proof(tmp_path, "一二三四五六七八九十。")
    assert where(report, "short_last_line") == [(1, 1, 2, "九十。", 2)]
    assert report.counts()["lone_last_line"] == 0


def test_a_number_cut_from_its_unit(tmp_path):
    # 五 Han characters and 2019 fill the first line; 年 goes to the next.
    report = proof(tmp_path, "一二三四五2019年七八九十。")
    [finding] = report.of_kind("number_unit_break")
    assert (finding.page, finding.column, finding.line) == (1, 1, 1)
    assert finding.text == "二三四五2019 / 年七八九十。" and finding.value == 9
    assert finding.note.startswith("number and unit 年")


def test_a_heading_broken_inside_a_word(tmp_path, monkeypatch):
    # headings break between words now; set this one as a plain paragraph to make the fault
    import importlib

    from paiban.compose.paragraph import compose_paragraph

    monkeypatch.setattr(importlib.import_module("paiban.layout.engine"), "compose_heading", compose_paragraph)
    report = proof(tmp_path, f"## 强化政治建设促融合发展\n\n{TEN}一二三四。")
    assert where(report, "heading_broken_in_word") == [(1, 1, 1, "强化政治建设促融 / 合发展", 8)]


def test_a_heading_broken_between_words_is_not_marked(tmp_path):
    report = proof(tmp_path, f"## 关于我国地震重点监视防御\n\n{TEN}一二三四。")  # 关于我国地震 / 重点…
    assert report.of_kind("heading_broken_in_word") == []


def test_a_line_stretched_before_an_unbreakable_word_is_loose(tmp_path):
    report = proof(tmp_path, "一二三四五ABCDEFGHIJ七八")  # five Han characters spread over eight ems
    [finding] = report.of_kind("loose_line")
    assert (finding.page, finding.column, finding.line, finding.text) == (1, 1, 1, "一二三四五")
    assert finding.value == pytest.approx(0.75, abs=0.005)  # three ems over four gaps


def test_a_mark_squeezed_alone_by_push_in(tmp_path):
    # 。 cannot start a line, so it is pulled in: the line is one em too long, the 。 gives its
    # blank half and the ， in the middle the other half.
    report = proof(tmp_path, "一二，三四五六七。八")
    assert where(report, "squeezed_lone_mark") == [(1, 1, 1, "一二，三四五", 0.5)]


def test_a_url_alone_on_its_lines_is_not_letter_spaced(tmp_path):
    # the engine sets URL lines flush left; the rule itself is tested on a hand-made page
    # (test_proof_layout.py)
    report = proof(tmp_path, "网址：http://www.gov.cn/zhengce/content/2018-12/27/content_5352666.htm")
    assert report.of_kind("letter_spaced_latin") == []


def test_a_widow_at_a_column_top(tmp_path):
    report = proof(tmp_path, f"{TEN * 5}。\n\n{TEN * 2}。", SHORT_GRID)
    assert where(report, "widow") == [(1, 2, 1, "九十。", 1)]


def test_an_orphan_at_a_column_foot(tmp_path):
    first = f"{TEN * 4}一二三四五六七。"  # five lines of the six
    report = proof(tmp_path, f"{first}\n\n{TEN * 18}。", SHORT_GRID)
    assert where(report, "orphan") == [(1, 1, 6, "一二三四五六七八", 1)]


def test_a_hole_left_by_a_heading_moved_to_the_next_column(tmp_path):
    # four lines; the heading with its space and two lines does not fit, and page make-up cannot
    # help: the paragraph does not fit in three lines, and in five they would be far too loose
    first = f"{TEN * 2}一二三四五六七八九。"
    report = proof(tmp_path, f"{first}\n\n## 小标题\n\n{TEN * 12}。", SHORT_GRID)
    assert report.pages == 2
    assert where(report, "hole") == [(1, 1, 5, "", 2)]


def test_the_last_pages_short_columns_are_not_holes(tmp_path):
    report = proof(tmp_path, f"{TEN * 3}一二三四五六七。\n\n{TEN * 3}。", SHORT_GRID)
    assert report.pages == 1 and report.of_kind("hole") == []
