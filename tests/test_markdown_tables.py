"""Pipe tables set as 三线表: caption above, rules, widths from content, wrapping, repeated header."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from paiban import layout, load_style
from paiban.errors import ArticleError, StyleError
from paiban.model.article import Run, Table
from paiban.model.markdown import parse_article
from paiban.model.writer import write_article

FRONT = "---\ntitle: 标题\n---\n\n"  # body line 1 is file line 5
TABLE = ("前文。\n\n"
         "表1 改革前后主要指标对比\n"
         "| 指标 | 改革前 | 改革后 | 备注 |\n"
         "| --- | --- | --- | :---: |\n"
         "| 审批流转时间（天） | 15 | 5 | 甲 |\n"
         "| 需要提交的材料数量，包括身份证明、营业执照副本和其他证明文件 | 12 | 4 | 乙 |\n\n"
         "后文。\n")


def _table(doc_or_article):
    return next(b for b in doc_or_article.blocks if isinstance(b, Table))


# --------------------------------------------------------------------------- reading and writing


def test_a_table_is_read_with_its_caption_line_and_alignments():
    table = _table(parse_article(FRONT + TABLE))
    assert [c[0].text for c in table.header] == ["指标", "改革前", "改革后", "备注"]
    assert table.rows[0][1] == (Run("15"),)
    assert table.aligns == ("", "", "", "center")
    assert (table.label, table.caption, table.source.line) == ("表1", "改革前后主要指标对比", 7)


@pytest.mark.parametrize(("line", "label", "caption"), [
    ("表：指标", "", "指标"), ("表 3　指标", "表3", "指标"), ("表2", "表2", "")])
def test_caption_line_forms(line, label, caption):
    table = _table(parse_article(FRONT + f"正文。\n\n{line}\n| a | b |\n| - | - |\n| 1 | 2 |\n"))
    assert (table.label, table.caption) == (label, caption)


def test_a_paragraph_that_is_not_a_caption_stays_a_paragraph():
    article = parse_article(FRONT + "表明如下：\n| a | b |\n| - | - |\n| 1 | 2 |\n")
    assert article.blocks[0].text == "表明如下：" and _table(article).caption == ""


def test_tables_are_written_back_and_read_the_same():
    article = parse_article(FRONT + TABLE + "\n| 居中 | 右 |\n|:-:|--:|\n| a\\|b | 1 |\n")
    text = write_article(article)
    assert "表1 改革前后主要指标对比\n| 指标 | 改革前 |" in text and "| :---: | ---: |" in text
    again = parse_article(text)
    for new, old in zip(again.blocks, article.blocks):
        if isinstance(old, Table):
            assert (new.header, new.rows, new.aligns, new.caption, new.label) == \
                (old.header, old.rows, old.aligns, old.caption, old.label)


# --------------------------------------------------------------------------- setting


LONG_AFTER = "\n" + "接着是一段很长的正文，用来把表格留在第一栏。" * 40 + "\n"


def _slot(page, y):
    return min(range(len(page.grid)), key=lambda k: abs(page.grid[k] - y))


@pytest.mark.parametrize("style_name", ["magazine", "handout"])
def test_three_rules_caption_above_and_cells_wrapping_in_their_columns(style_name):
    style = load_style(style_name)
    doc = layout(parse_article(FRONT + TABLE + LONG_AFTER), style)
    page = doc.pages[0]
    caption = page.lines_of("table-caption")[0]
    head = page.lines_of("table-head")
    rows = page.lines_of("table")
    assert caption.text == "表1\u3000改革前后主要指标对比" and caption.y < head[0].y
    assert head[0].text == "指标改革前改革后备注"
    assert len(rows) >= 3 and rows[1].first and not rows[2].first  # the long cell wraps
    frame = next(f for f in page.frames if f.kind == "column" and f.index == head[0].column)
    table_rules = sorted((r for r in page.rules if r.x0 == pytest.approx(frame.x) and r.y0 > caption.y),
                         key=lambda r: r.y0)
    assert [r.width for r in table_rules] == [style.table.frame, style.table.rule, style.table.frame]
    assert all(r.x1 == pytest.approx(frame.x + style.page.column_width) for r in table_rules)
    pitch = page.grid[1] - page.grid[0]
    top, thin, bottom = (r.y0 for r in table_rules)
    assert head[0].y - size_up(head[0]) > top and thin == pytest.approx(top - style.table.frame / 2 + pitch)
    assert rows[0].y - size_up(rows[0]) > thin > head[0].y
    assert bottom > rows[-1].y
    # the wrapped cell stays within its column: left of where the numbers of the next column start
    first_cell = [ln.runs[0] for ln in rows[1:]]
    assert all(run.xs[0] == pytest.approx(rows[1].runs[0].xs[0]) for run in first_cell)  # one left edge
    numbers = [run for ln in rows for run in ln.runs if run.text.isdigit()]
    assert max(r.xs[-1] + r.size for r in first_cell) < min(r.xs[0] for r in numbers)
    # numbers right-aligned: the two rows' numbers in a column end at the same x
    ends = {}
    for run in numbers:
        ends.setdefault(round(run.xs[0] / 40), []).append(run.xs[-1] + 0.55 * run.size)
    for column_ends in ends.values():
        assert max(column_ends) - min(column_ends) < 0.6
    # the text after the table is back on the grid, one blank slot below it
    after = next(ln for ln in page.lines_of("body") if ln.text == "后文。")
    assert after.y == pytest.approx(page.grid[_slot(page, after.y)], abs=0.01)


def size_up(line):
    """How far a line's em box reaches above its baseline."""
    return 0.88 * line.size


def test_a_centred_column_is_centred_and_text_left():
    doc = layout(parse_article(FRONT + TABLE), "handout")
    page = doc.pages[0]
    rows = page.lines_of("table")
    jia = next(run for run in rows[0].runs if run.text == "甲")
    head = page.lines_of("table-head")[0]
    bei = next(run for run in head.runs if run.text == "备注")
    assert jia.xs[0] + jia.size / 2 == pytest.approx(bei.xs[0] + bei.size, abs=0.01)  # same centre


def test_a_long_table_repeats_its_header_at_each_column_top_with_its_rules():
    rows = "\n".join(f"| 第{k}项工作 | {k * 3} |" for k in range(1, 90))
    doc = layout(parse_article(FRONT + f"前文。\n\n| 项目 | 数量 |\n| --- | --- |\n{rows}\n\n后文。\n"), "magazine")
    seen = []
    for page in doc.pages:
        for column in range(2):
            lines = [ln for ln in page.lines if ln.column == column and ln.role in ("table-head", "table")]
            if not lines:
                continue
            seen.append(lines)
            assert lines[0].text == "项目数量" and lines[0].role == "table-head"
            assert sum(1 for ln in lines if ln.role == "table-head") == 1
            heavy = [r for r in page.rules if r.width == 1.0 and r.x0 == pytest.approx(lines[0].x)]
            assert len(heavy) == 2
    assert len(seen) >= 3
    texts = [ln.text for lines in seen for ln in lines if ln.role == "table"]
    assert texts == [f"第{k}项工作{k * 3}" for k in range(1, 90)]
    # every stretch after the first is labelled 续表1 right above its header row, outside the rules
    labels = []
    for page in doc.pages:
        for column in range(2):
            lines = [ln for ln in page.lines if ln.column == column and ln.role.startswith("table")]
            if lines:
                labels.append(lines[0].text)
                if lines[0].text == "续表1":
                    head = lines[1]
                    assert head.role == "table-head" and head.y > lines[0].y
                    top = min(r.y0 for r in page.rules if r.width == 1.0 and r.x0 == pytest.approx(head.x))
                    assert lines[0].y < top < head.y
    assert labels == ["表1"] + ["续表1"] * (len(seen) - 1)


@pytest.mark.parametrize("style_name", ["magazine", "handout"])
def test_the_continued_label_takes_the_written_number_and_follows_the_style(style_name):
    rows = "\n".join(f"| 第{k}项工作 | {k * 3} |" for k in range(1, 60))
    text = FRONT + f"前文。\n\n表4 工作量\n| 项目 | 数量 |\n| --- | --- |\n{rows}\n\n后文。\n"
    doc = layout(parse_article(text), style_name)
    labels = [ln.text for page in doc.pages for ln in page.lines_of("table-caption")]
    assert labels[0] == "表4\u3000工作量" and set(labels[1:]) == {"续表4"}
    sheet = load_style(style_name)
    none = dataclasses.replace(sheet, table=dataclasses.replace(sheet.table, continued=""))
    assert [ln.text for page in layout(parse_article(text), none).pages
            for ln in page.lines_of("table-caption")] == ["表4\u3000工作量"]
    full = dataclasses.replace(sheet, table=dataclasses.replace(sheet.table, continued="续表{n}　{caption}"))
    assert {ln.text for page in layout(parse_article(text), full).pages
            for ln in page.lines_of("table-caption")} == {"表4\u3000工作量", "续表4\u3000工作量"}


def test_a_table_wider_than_a_column_spans_the_page_above_the_columns():
    rows = "\n".join(f"| 第{k}季度 | Internationalisation{k} | Standardisation{k} | {k * 100} |" for k in range(1, 5))
    body = ("前文。" * 40 + "\n\n| 季度 | 项目甲 | 项目乙 | 数量 |\n| --- | --- | --- | --- |\n" + rows + "\n\n"
            + "后文。" * 300 + "\n")
    doc = layout(parse_article(FRONT + body), "magazine")
    page = doc.pages[0]
    frame = next(f for f in page.frames if f.kind == "column" and f.index == 1)
    head = page.lines_of("table-head")
    rows_ = page.lines_of("table")
    assert [ln.text[:4] for ln in rows_] == ["第1季度", "第2季度", "第3季度", "第4季度"]
    left = next(f.x for f in page.frames if f.kind == "column" and f.index == 0)
    assert head[0].x == pytest.approx(left) and head[0].column == -1
    assert max(r.xs[-1] for ln in rows_ for r in ln.runs) > frame.x  # it reaches into the second column
    caption = page.lines_of("table-caption")[0]
    heavy = sorted((r for r in page.rules if r.width == 1.0 and r.y0 > caption.y), key=lambda r: r.y0)
    assert len(heavy) == 2 and heavy[0].x1 - heavy[0].x0 == pytest.approx(frame.x + frame.width - left)
    first_body = min(ln.y for ln in page.lines_of("body"))
    assert first_body > rows_[-1].y  # set above the columns, at the top of the page that cites it


def test_a_table_too_wide_for_the_page_is_an_error_naming_its_line(tmp_path):
    words = " | ".join(f"Internationalisation{k}" for k in range(6))
    text = FRONT + f"正文。\n\n| {words} |\n|" + "---|" * 6 + "\n| " + " | ".join("1" * 6) + " |\n"
    with pytest.raises(ArticleError) as caught:
        layout(parse_article(text, source="a.md"), "magazine")
    assert caught.value.message.startswith("the table is too wide even for the page")
    assert caught.value.source.line == 7
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "paiban", "build", "a.md", "-o", "a.pdf"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("a.md:7: error: the table is too wide even")
    assert "split the table" in done.stderr


def test_tables_are_numbered_in_order():
    body = "正文。\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n中间。\n\n| c | d |\n| - | - |\n| 3 | 4 |\n"
    doc = layout(parse_article(FRONT + body), "handout")
    assert [ln.text for page in doc.pages for ln in page.lines_of("table-caption")] == ["表1", "表2"]


@pytest.mark.parametrize("style_name", ["magazine"])  # the handout has one column: nothing is page-wide
def test_a_page_wide_table_too_long_for_a_page_goes_on_at_the_top_of_the_next(style_name):
    rows = "\n".join(f"| Internationalisation{k} | Standardisation{k} | Harmonisation{k} |" for k in range(90))
    text = FRONT + f"正文。\n\n表2 术语\n| 甲 | 乙 | 丙 |\n| - | - | - |\n{rows}\n\n" + "后文。" * 1500 + "\n"
    doc = layout(parse_article(text, source="a.md"), style_name)
    style = load_style(style_name)
    parts = []
    for page in doc.pages:
        lines = [ln for ln in page.lines if ln.role.startswith("table")]
        if not lines:
            continue
        assert all(ln.column == -1 for ln in lines)
        parts.append(lines)
        head = [ln for ln in lines if ln.role == "table-head"]
        assert [ln.text for ln in head] == ["甲乙丙"] and lines[1] is head[0]
        assert lines[0].role == "table-caption" and lines[0].y < head[0].y
        heavy = sorted(r.y0 for r in page.rules if r.width == style.table.frame)
        assert len(heavy) == 2
        thin = [r.y0 for r in page.rules if r.width == style.table.rule and heavy[0] < r.y0 < heavy[1]]
        assert len(thin) == 1 and heavy[0] < head[0].y < thin[0]
        assert all(ln.y < heavy[1] for ln in lines)
        body = page.lines_of("body")
        assert body and min(ln.y for ln in body) > heavy[1]  # text below it on every page
    assert len(parts) >= 2
    assert [p[0].text for p in parts] == ["表2\u3000术语"] + ["续表2"] * (len(parts) - 1)
    rows_set = [ln.text for p in parts for ln in p if ln.role == "table"]
    assert [t[:len(f"Internationalisation{k}")] for k, t in enumerate(rows_set)] == \
        [f"Internationalisation{k}" for k in range(90)]


def test_an_image_in_a_cell_is_refused_at_its_place():
    with pytest.raises(ArticleError) as caught:
        parse_article(FRONT + "正文。\n\n| a | b |\n| - | - |\n| ![x](a.png) | 2 |\n", source="a.md")
    assert caught.value.message == "an image cannot be set in a table cell"
    assert (caught.value.source.line, caught.value.source.column) == (9, 3)


@pytest.mark.parametrize(("key", "line"), [
    ("table.text.leading", "table:\n  text: {leading: 14pt}\n"), ("table.text.indent", "table:\n  text:\n    indent: 2字\n"),
    ("table.text.left", "table:\n  text: {left: 1字}\n"), ("code.align", "code: {align: center}\n"),
    ("code.indent", "code: {indent: 2字}\n"), ("code.leading", "code:\n  leading: 12pt\n")])
def test_text_style_keys_a_table_or_code_block_cannot_use_are_refused_at_the_key(tmp_path, key, line):
    sheet = tmp_path / "s.yaml"
    sheet.write_text("extends: magazine\n" + line, encoding="utf-8")
    with pytest.raises(StyleError) as caught:
        load_style(sheet)
    assert caught.value.message == f"'{key}' cannot be set" and caught.value.source.line == line.count("\n") + 1
    assert caught.value.source.column > 1 and caught.value.hint


def test_table_text_align_sets_the_text_columns_without_a_marker():
    sheet = load_style("magazine")
    centred = dataclasses.replace(sheet, table=dataclasses.replace(
        sheet.table, text=dataclasses.replace(sheet.table.text, align="center")))
    rows = layout(parse_article(FRONT + TABLE), centred).pages[0].lines_of("table")
    left = layout(parse_article(FRONT + TABLE), sheet).pages[0].lines_of("table")
    assert rows[0].runs[0].xs[0] > left[0].runs[0].xs[0] + 1  # 审批流转… centred, not at the left
    assert [r.xs[-1] for r in rows[0].runs[1:3]] == pytest.approx([r.xs[-1] for r in left[0].runs[1:3]])  # numbers


def test_an_unknown_field_in_the_continued_label_is_refused_at_the_key(tmp_path):
    sheet = tmp_path / "s.yaml"
    sheet.write_text('extends: magazine\ntable:\n  continued: "续表{number}"\n', encoding="utf-8")
    with pytest.raises(StyleError) as caught:
        load_style(sheet)
    assert caught.value.message == "table.continued: unknown field {number}" and caught.value.source.line == 3
