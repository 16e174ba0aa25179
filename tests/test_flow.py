"""Page flow: long articles across many pages keep the widow, orphan, heading and balance rules."""

from __future__ import annotations

import pytest

from conftest import SEED
from paiban import build
from paiban.flow.blocks import FlowBlock
from paiban.flow.distribute import Cursor, Rules, balance_page, fill_column


def long_article(tmp_path, copies: int = 14):
    text = (SEED / "article.md").read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    parts = [body.replace("## 一、", f"## {i}一、").replace("## 二、", f"## {i}二、") for i in range(copies)]
    path = tmp_path / "long.md"
    path.write_text(head + "\n---\n" + "\n".join(parts), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def long_doc(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("long")
    return build(long_article(tmp), "magazine", tmp / "long.pdf").document


def _columns(page):
    cols = {}
    for ln in page.lines:
        if ln.column >= 0:
            cols.setdefault(ln.column, []).append(ln)
    return [cols[k] for k in sorted(cols)]


def test_long_article_runs_to_ten_pages_with_consecutive_folios(long_doc):
    assert len(long_doc.pages) >= 10
    assert [p.number for p in long_doc.pages] == list(range(14, 14 + len(long_doc.pages)))
    for page in long_doc.pages:
        assert page.lines_of("folio") and page.lines_of("folio")[0].text == str(page.number)
        assert bool(page.lines_of("header")) == (page.index > 0)  # none over the title block


def test_no_widow_orphan_or_stranded_heading(long_doc):
    for page in long_doc.pages:
        for col in _columns(page):
            top, bottom = col[0], col[-1]
            assert not (top.role == "body" and top.last and not top.first), f"widow on page {page.number}"
            assert not (bottom.role == "body" and bottom.first and not bottom.last), f"orphan on page {page.number}"
            assert bottom.role != "heading", f"heading stranded at a column foot on page {page.number}"
            for i, ln in enumerate(col):
                if ln.role == "heading":
                    assert len([x for x in col[i + 1 :] if x.role == "body"]) >= 2


def test_full_pages_have_forty_line_columns_and_last_page_is_balanced(long_doc):
    pitch = 17.5
    for page in long_doc.pages[1:-1]:
        for col in _columns(page):
            assert round((col[-1].y - col[0].y) / pitch) + 1 <= 40
    last = _columns(long_doc.pages[-1])
    heights = [round((c[-1].y - c[0].y) / pitch) + 1 for c in last]
    assert max(heights) - min(heights) <= 1


def test_article_text_is_never_lost_or_doubled(long_doc):
    lines = [ln for p in long_doc.pages for ln in p.lines if ln.role in ("body", "heading")]
    keys = [(ln.block, ln.text) for ln in lines]
    assert len(keys) == len(set(keys))


def _blocks(sizes, heading_at=()):
    from paiban.compose.line import ComposedLine

    def lines(n):
        return tuple(ComposedLine((), 10, 10, 10, i == 0, i == n - 1, i < n - 1, "") for i in range(n))

    out = []
    for i, n in enumerate(sizes):
        if i in heading_at:
            out.append(FlowBlock("heading", lines(n), i, 1, 1, keep_together=True, keep_with_next=2))
        else:
            out.append(FlowBlock("body", lines(n), i))
    return out


def test_orphan_moves_the_paragraph_start_to_the_next_column():
    blocks = _blocks([4, 5])
    placed, cur = fill_column(blocks, Cursor(), 5, Rules())
    assert [p.block for p in placed] == [0, 0, 0, 0]  # one line of block 1 would be an orphan
    assert cur == Cursor(1, 0)


def test_widow_pulls_a_line_over():
    blocks = _blocks([6])
    placed, cur = fill_column(blocks, Cursor(), 5, Rules())
    assert len(placed) == 4 and cur == Cursor(0, 4)


def test_heading_keeps_two_lines_with_it_and_drops_space_at_column_top():
    blocks = _blocks([3, 1, 5], heading_at=(1,))
    placed, cur = fill_column(blocks, Cursor(), 6, Rules())
    # 3 lines + blank + heading + blank leaves no room for 2 following lines: heading moves on
    assert [p.block for p in placed] == [0, 0, 0]
    placed, _ = fill_column(blocks, cur, 6, Rules())
    assert placed[0].block == 1 and placed[0].slot == 0  # no blank above a heading at the top


def test_balance_splits_the_last_page_evenly():
    blocks = _blocks([7, 6])
    cols = balance_page(blocks, Cursor(), [20, 20], Rules())
    heights = [c[-1].slot + 1 for c in cols]
    assert heights == [7, 6] or abs(heights[0] - heights[1]) <= 1
