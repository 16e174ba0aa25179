"""Balancing an article's last page: never a widow or orphan, never a column under min_lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from paiban.api import layout, load_style
from paiban.compose.line import ComposedLine
from paiban.flow.blocks import FlowBlock
from paiban.flow.distribute import Cursor, Rules, balance_page
from paiban.layout.makeup_checks import short_columns, widows_orphans

ROOT = Path(__file__).resolve().parent.parent


def _lines(n: int) -> tuple[ComposedLine, ...]:
    return tuple(ComposedLine((), 10, 10, 10, i == 0, i == n - 1, i < n - 1, "") for i in range(n))


def text(n: int, index: int) -> FlowBlock:
    return FlowBlock("body", _lines(n), index)


def lines_per_column(columns) -> list[list[tuple[int, int]]]:
    return [[(p.block, p.line) for p in column] for column in columns]


def test_a_two_line_remainder_stays_in_the_first_column():
    blocks = [text(10, 0)]  # lines 8 and 9 are left for the last page
    columns = balance_page(blocks, Cursor(0, 8), [30, 30, 30], Rules())
    assert lines_per_column(columns) == [[(0, 8), (0, 9)], [], []]


def test_balancing_never_leaves_a_column_under_min_lines():
    blocks = [text(7, 0)]
    columns = balance_page(blocks, Cursor(), [30, 30, 30], Rules())
    # 3 | 3 | 1 would strand the last line; 4 | 3 is the most level page that keeps 3 lines a column
    assert [len(c) for c in columns] == [4, 3, 0]
    assert [p.line for p in columns[1]] == [4, 5, 6]


def test_min_lines_is_a_rule_setting():
    blocks = [text(4, 0)]
    assert [len(c) for c in balance_page(blocks, Cursor(), [30, 30], Rules())] == [4, 0]
    assert [len(c) for c in balance_page(blocks, Cursor(), [30, 30], Rules(min_lines=2))] == [2, 2]


def test_balancing_does_not_make_a_widow_even_when_min_lines_allows_it():
    blocks = [text(5, 0)]
    # three continuing lines: 1 | 1 | 1 would end the paragraph with a one-line widow
    columns = balance_page(blocks, Cursor(0, 2), [30, 30, 30], Rules(min_lines=1))
    assert lines_per_column(columns) == [[(0, 2)], [(0, 3), (0, 4)], []]


THREE_COLUMNS = "extends: magazine\nbody: {size: 小四}\npage: {columns: 3, column_width: 15字}\n"


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    sheet = tmp_path_factory.mktemp("style") / "three.yaml"
    sheet.write_text(THREE_COLUMNS, encoding="utf-8")
    return load_style(sheet)


def test_the_seed_article_in_three_columns_pulls_its_stranded_lines_back(three):
    doc = layout(ROOT / "examples/seed/article.md", three)
    # set as composed, it ended on a second page holding its last two lines (…紧紧围绕 |
    # 抓党建促脱贫); page make-up sets two paragraphs a line shorter and it ends on the first
    assert len(doc.pages) == 1
    body = [ln for ln in doc.pages[0].lines if ln.column >= 0]
    assert body[-1].column == 2 and body[-1].text.endswith("促脱贫")
    assert short_columns(doc.pages) == [] and widows_orphans(doc.pages) == []
