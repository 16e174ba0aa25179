"""Columns of page text from the gutters the rows agree on (paiban.importers.gutters)."""

from __future__ import annotations

import pagetext_sample as sample
from paiban.errors import Diagnostics
from paiban.importers import import_pages
from paiban.importers.gutters import RowInk, find_bands
from paiban.importers.pagetext import read_page_text

LEFT = ["甲" * 12, "乙" * 12, "丙" * 12, "丁" * 12, "戊" * 12]
RIGHT = ["子" * 12, "丑" * 12, "寅" * 12, "卯" * 12, "辰" * 12]


def _ink(line: str) -> RowInk:
    return RowInk(line, tuple(range(len(line))), tuple(range(1, len(line) + 1)))


def _rows(text: str):
    page = read_page_text(text.encode("utf-8"), "p.txt", Diagnostics())[0]
    return page, [[(s.column, s.text) for s in row.segments] for row in page.rows]


def test_a_gutter_is_where_the_rows_gaps_agree_though_each_row_moves():
    lines = [left + " " * gap + right for left, right, gap in zip(LEFT, RIGHT, (4, 6, 3, 5, 4))]
    bands = find_bands([_ink(line) for line in lines])
    assert len(bands) == 1 and 12 <= bands[0].centre <= 18


def test_each_row_is_cut_at_its_own_gap_and_the_columns_read_in_order():
    text = "\n".join(left + " " * gap + right for left, right, gap in zip(LEFT, RIGHT, (4, 6, 3, 5, 4))) + "\n"
    page, rows = _rows(text)
    assert [r[1] for r in rows] == [(1, right) for right in RIGHT]
    assert len(page.gutters) == 1


def test_a_left_line_running_into_the_gutter_with_no_space_is_cut_like_its_neighbours():
    lines = [left + "    " + right for left, right in zip(LEFT, RIGHT)]
    lines[2] = LEFT[2] + "己己己己" + RIGHT[2]  # runs on to where the right column starts
    _, rows = _rows("\n".join(lines) + "\n")
    assert rows[2] == [(0, LEFT[2] + "己己己己"), (1, RIGHT[2])]


def test_a_single_space_before_the_next_column_is_enough_when_the_rows_agree():
    lines = [left + "    " + right for left, right in zip(LEFT, RIGHT)]
    lines[3] = LEFT[3] + "午 " + RIGHT[3]
    _, rows = _rows("\n".join(lines) + "\n")
    assert rows[3] == [(0, LEFT[3] + "午"), (1, RIGHT[3])]


def test_three_columns_and_a_row_holding_only_a_later_column():
    mids = ["一" * 12, "二" * 12, "三" * 12, "四" * 12, "五" * 12]
    lines = [f"{a}    {b}    {c}" for a, b, c in zip(LEFT, mids, RIGHT)]
    lines.append(" " * 32 + "六" * 5)  # only the third column goes on
    page, rows = _rows("\n".join(lines) + "\n")
    assert len(page.gutters) == 2
    assert rows[0] == [(0, LEFT[0]), (1, mids[0]), (2, RIGHT[0])]
    assert rows[-1] == [(2, "六" * 5)]


def test_a_title_across_the_columns_is_not_cut():
    lines = ["        标题横跨两栏而不被切开的一行文字", ""] + [left + "    " + right for left, right in zip(LEFT, RIGHT)]
    _, rows = _rows("\n".join(lines) + "\n")
    assert rows[0] == [(0, "标题横跨两栏而不被切开的一行文字")]


def test_positions_per_em_come_from_the_paragraph_indent():
    one = "  " + "甲" * 10 + "\n" + "乙" * 12 + "\n" + "丙" * 12 + "\n  " + "丁" * 10 + "\n" + "戊" * 12 + "\n"
    assert read_page_text(one.encode(), "p.txt", Diagnostics())[0].em == 1.0  # pdftotext: a position a character
    two = "    " + "甲" * 10 + "\n" + "乙" * 12 + "\n" + "丙" * 12 + "\n    " + "丁" * 10 + "\n" + "戊" * 12 + "\n"
    assert read_page_text(two.encode(), "p.txt", Diagnostics())[0].em == 2.0  # a flipbook's half-em cells


def test_pdftotext_rows_with_a_drifting_right_column_import_in_reading_order(tmp_path):
    # the right column starts at 26; a full left line pushes it on by a position (pdftotext)
    right = [line.lstrip() for line in sample.RIGHT]
    starts = [28, 27, 26, 28, 27, 26]  # 28: a paragraph's first line, indented by two
    rows = [a + " " * (at - len(a)) + b for a, b, at in zip(sample.LEFT, right, starts)]
    path = tmp_path / "page.txt"
    path.write_text("\n".join([*sample.HEAD, *rows, ""]), encoding="utf-8")
    article = import_pages([path]).article
    assert article.meta.title == ("上海市档案条例",) and article.meta.author == "本刊编辑部"
    assert [b.text for b in article.blocks] == sample.WANT
