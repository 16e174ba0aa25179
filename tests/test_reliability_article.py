"""The article reader reads everything or says why not, through the real CLI.

Each bad input must exit 2 with `a.md:LINE:COL: error: …` (or `a.md:LINE: error: …` where no
column is known), show no traceback and leave no output file or anything else in the folder.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import write
from paiban.errors import ArticleError, Span
from paiban.model.markdown import parse_article
from paiban.model.markdown_checks import MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH, check_coverage

FRONT = "---\ntitle: 标题\n---\n\n"  # the body starts on file line 5
BODY = "正文第一段。\n\n正文第二段。\n"
BLOCK_LIMIT = "lists and block quotes are nested 9 deep here; paiban reads at most 8 levels"
INLINE_LIMIT = "emphasis, bold and links are nested 17 deep here; paiban reads at most 16 levels"


def nested_list(levels: int) -> str:
    return "".join(f"{'  ' * level}- 第{level}层\n" for level in range(levels))


def build_fails(tmp_path: Path, article: str) -> str:
    """Build a.md in an empty folder; it must fail cleanly. Returns stderr."""
    write(tmp_path / "a.md", article)
    done = subprocess.run([sys.executable, "-m", "paiban", "build", "a.md", "-o", "out.pdf"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]
    return done.stderr


def test_limits_are_below_markdown_its_own():
    """markdown-it's CommonMark preset gives up at 20 token levels; a list level takes two."""
    assert MarkdownIt("commonmark").options.maxNesting == 20
    assert 2 * MAX_BLOCK_DEPTH < 20
    assert MAX_INLINE_DEPTH == 16


# --------------------------------------------------------------------------- block nesting


def test_list_ten_deep_followed_by_text_is_an_error(tmp_path):
    """The issue's case: a 10-level list and a body after it built 'fine' without the body."""
    stderr = build_fails(tmp_path, FRONT + nested_list(10) + "\n" + BODY)
    # the ninth level is file line 5 + 8, its `-` after 16 spaces
    assert stderr.startswith(f"a.md:13:17: error: {BLOCK_LIMIT}\n  hint: ")


def test_list_nine_deep_is_an_error_at_the_ninth_level(tmp_path):
    stderr = build_fails(tmp_path, FRONT + "引言。\n\n" + nested_list(9) + "\n" + BODY)
    assert stderr.startswith(f"a.md:15:17: error: {BLOCK_LIMIT}\n")


def test_quotes_twenty_deep_are_an_error_at_the_ninth_marker(tmp_path):
    stderr = build_fails(tmp_path, FRONT + "正文。\n\n" + ">" * 20 + " 引文\n\n" + BODY)
    assert stderr.startswith(f"a.md:7:9: error: {BLOCK_LIMIT}\n")


def test_quotes_and_lists_count_together(tmp_path):
    stderr = build_fails(tmp_path, FRONT + "正文。\n\n" + "> - " * 4 + "> 深\n\n" + BODY)
    assert stderr.startswith(f"a.md:7:17: error: {BLOCK_LIMIT}\n")


def test_quote_level_opened_on_a_later_line(tmp_path):
    """Quotes opened earlier repeat their `>` on the line where the level too many starts."""
    article = FRONT + "正文。\n\n" + ">" * 8 + " 第八层\n" + ">" * 8 + "\n" + ">" * 9 + " 第九层\n\n" + BODY
    stderr = build_fails(tmp_path, article)
    assert stderr.startswith(f"a.md:9:9: error: {BLOCK_LIMIT}\n")


# --------------------------------------------------------------------------- inline nesting


@pytest.mark.parametrize("marker, count", [("*", 400), ("**", 300), ("**", 500)])
def test_deep_emphasis_is_an_error_not_a_recursion_error(tmp_path, marker, count):
    stderr = build_fails(tmp_path, FRONT + marker * count + "字" + marker * count + "\n")
    # the 17th opener: after 16 two-character openers (`**`, or `*` paired as bold)
    assert stderr.startswith(f"a.md:5:33: error: {INLINE_LIMIT}\n  hint: ")


def test_deep_emphasis_on_a_later_line_of_the_paragraph(tmp_path):
    article = FRONT + "第一行\n" + "*甲 **乙 " * 9 + "丙" + " 乙** 甲*" * 9 + "\n"
    stderr = build_fails(tmp_path, article)
    # the 17th opener is the 9th `*`: 8 repeats of "*甲 **乙 " (7 characters) before it
    assert stderr.startswith(f"a.md:6:57: error: {INLINE_LIMIT}\n")


def test_deep_emphasis_in_an_image_caption_names_the_line(tmp_path):
    """Alt text has no columns of its own in the token stream, so only the line is named."""
    article = FRONT + "正文。\n\n第一行\n![" + "**" * 20 + "说明" + "**" * 20 + "](a.png)\n\n正文。\n"
    stderr = build_fails(tmp_path, article)
    assert stderr.startswith(f"a.md:8: error: {INLINE_LIMIT}\n")


# --------------------------------------------------------------------------- coverage


def test_unreferenced_footnote_is_an_error_not_dropped(tmp_path):
    stderr = build_fails(tmp_path, FRONT + "正文。\n\n[^注]: 没有被引用的注释。\n")
    assert stderr.startswith(
        "a.md:7: error: the footnote [^注] is defined but never referenced, so it would not be printed\n"
        "  hint: put [^注] in the text where the note belongs, or delete the definition\n")


def test_referenced_footnotes_pass_even_with_text_on_the_next_line():
    """`[^1]:` alone on its line makes no token of its own; its text below it does."""
    article = parse_article(FRONT + "正文[^1]。\n\n[^1]:\n    注释的内容。\n")
    assert [note.text for note in article.notes] == ["注释的内容。"]


def test_unreferenced_footnote_among_referenced_ones_is_named(tmp_path):
    article = FRONT + "正文[^甲]。\n\n[^甲]: 甲注。\n[^乙]: 乙注。\n"
    stderr = build_fails(tmp_path, article)
    assert stderr.startswith("a.md:8: error: the footnote [^乙] is defined but never referenced")


def test_footnote_defined_twice_is_an_error_not_half_dropped(tmp_path):
    """The footnote plugin keeps only the last definition of a label."""
    article = FRONT + "正文[^甲]。\n\n[^甲]: 第一个注。\n\n[^甲]: 第二个注。\n"
    stderr = build_fails(tmp_path, article)
    assert stderr.startswith(
        "a.md:7: error: the footnote [^甲] is defined twice; only the last definition would be printed\n"
        "  hint: give each note its own label, or join the two definitions\n")


def test_a_parser_that_stops_early_is_caught_by_the_line_count():
    """The line count does not rely on paiban's limits: a parser allowed only 4 levels stops
    inside the quote, and the first line it did not read is named."""
    parser = MarkdownIt("commonmark")
    parser.options["maxNesting"] = 4
    lines = ["正文。", "", "> > > > > 深", "", "后文。"]
    with pytest.raises(ArticleError) as caught:
        check_coverage(parser.parse("\n".join(lines), {}), lines, parser, {}, lambda i, c: Span("a.md", i + 5, c))
    assert str(caught.value).startswith(
        "a.md:7: error: the Markdown reader stopped before this line, so the text from here on would be lost")


def test_lines_without_tokens_that_are_not_text_pass_the_line_count():
    """Link reference definitions and bare list/quote markers make no block token."""
    parser = MarkdownIt("commonmark")
    lines = ["正文[链接][甲]。", "", "[甲]: /url", '  "标题"', "", "-", "> ", "> [乙]: /u", "", "后文。"]
    check_coverage(parser.parse("\n".join(lines), {}), lines, parser, {}, lambda i, c: Span("a.md", i, c))


# --------------------------------------------------------------------------- front matter


@pytest.mark.parametrize("value, shown", [
    ("9" * 5000, "a number of 5000 digits"),
    ("'" + "9" * 5000 + "'", "a number of 5000 digits"),
    ("-" + "9" * 5000, "a number of 5000 digits"),
    ("100000", "100000"),
    ("-3", "-3"),
    ("0", "0"),
])
def test_first_page_out_of_range(tmp_path, value, shown):
    stderr = build_fails(tmp_path, f"---\ntitle: 标题\nfirst_page: {value}\n---\n\n正文。\n")
    assert stderr == f"a.md:3:13: error: front-matter key 'first_page' must be from 1 to 99999, not {shown}\n"


def test_first_page_with_a_digit_int_cannot_read(tmp_path):
    stderr = build_fails(tmp_path, "---\ntitle: 标题\nfirst_page: '²'\n---\n\n正文。\n")
    assert stderr == ("a.md:3:13: error: front-matter key 'first_page' must be a page number "
                      "(a whole number from 1 to 99999), not '²'\n")


def test_wrong_value_is_quoted_shortly(tmp_path):
    stderr = build_fails(tmp_path, "---\ntitle: 标题\nfirst_page: " + "x" * 5000 + "\n---\n\n正文。\n")
    assert stderr == ("a.md:3:13: error: front-matter key 'first_page' must be a page number "
                      f"(a whole number from 1 to 99999), not '{'x' * 40}…'\n")


def test_first_page_limits_and_long_numbers_as_text():
    meta = parse_article("---\ntitle: 标题\nfirst_page: 99999\nissue: " + "1" * 5000 + "\n---\n\n正文。\n").meta
    assert (meta.first_page, meta.issue) == (99999, "1" * 5000)


def test_a_paragraph_of_ten_thousand_lines_reads_in_linear_time():
    """Line breaks were resolved by joining all the text before and after each one: 5,000 lines
    took 10 s, 10,000 about 40 s. Now it is markdown-it's own time, about 1 s."""
    started = time.perf_counter()
    article = parse_article(FRONT + "字\nab\n" * 5000)
    assert time.perf_counter() - started < 20
    assert article.blocks[0].text == "字ab" * 5000
