"""Properties of nesting: up to paiban's limit nothing is lost, beyond it the reader refuses.

markdown-it used to drop every block after a list nested ten deep and report nothing; these
properties build lists and quotes nested in any order and check the article model against the
text that was written.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paiban.errors import ArticleError
from paiban.model.markdown import parse_article
from paiban.model.markdown_checks import MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH

FRONT = "---\ntitle: 标题\n---\n\n"  # the body starts on file line 5
MARKERS = {"quote": ("> ", "> "), "bullet": ("- ", "  "), "ordered": ("1. ", "   ")}
"""Each container: the marker that opens it, and what its later lines are indented by."""

words = st.text(alphabet="中文字甲乙丙丁书屋社区abcXYZ0123，。", min_size=1, max_size=12)
kinds = st.sampled_from(sorted(MARKERS))


def nested(levels: list[str], texts: list[str]) -> str:
    """One line per level, each opening its container inside the ones above it."""
    lines = []
    for index, (kind, text) in enumerate(zip(levels, texts)):
        prefix = "".join(MARKERS[k][1] for k in levels[:index])
        lines.append(prefix + MARKERS[kind][0] + text)
    return "\n".join(lines) + "\n"


def model_texts(text: str) -> list[str]:
    article = parse_article(text)
    return [t for t in (article.meta.lead, *(b.text for b in article.blocks)) if t]


@given(st.data(), st.lists(words, min_size=1, max_size=4))
def test_nesting_up_to_the_limit_loses_no_text(data, after):
    depth = data.draw(st.integers(1, MAX_BLOCK_DEPTH))
    levels = data.draw(st.lists(kinds, min_size=depth, max_size=depth))
    texts = data.draw(st.lists(words, min_size=depth, max_size=depth))
    body = nested(levels, texts) + "\n" + "\n\n".join(after) + "\n"
    found = model_texts(FRONT + body)
    assert found[-len(after):] == after  # the paragraphs after the nesting, whole and in order
    joined = "".join(found)
    for text in texts:
        assert text in joined


@given(st.data(), st.lists(words, min_size=1, max_size=3))
def test_nesting_beyond_the_limit_is_an_error_at_the_level_too_many(data, after):
    depth = data.draw(st.integers(MAX_BLOCK_DEPTH + 1, 3 * MAX_BLOCK_DEPTH))
    levels = data.draw(st.lists(kinds, min_size=depth, max_size=depth))
    texts = data.draw(st.lists(words, min_size=depth, max_size=depth))
    body = nested(levels, texts) + "\n" + "\n\n".join(after) + "\n"
    with pytest.raises(ArticleError) as caught:
        parse_article(FRONT + body, source="a.md")
    span = caught.value.source
    assert caught.value.message.startswith(f"lists and block quotes are nested {MAX_BLOCK_DEPTH + 1} deep")
    assert span.line == 5 + MAX_BLOCK_DEPTH
    assert span.column == 1 + sum(len(MARKERS[k][1]) for k in levels[:MAX_BLOCK_DEPTH])


@given(st.lists(st.sampled_from(["*", "**"]), min_size=1, max_size=3 * MAX_INLINE_DEPTH), words)
def test_emphasis_is_read_whole_or_refused_where_it_gets_too_deep(markers, word):
    """Nested `*` and `**` keep every word up to the limit; past it the reader names the opener
    one too many, and never fails with a RecursionError."""
    opening = "".join(f"{m}x " for m in markers)
    closing = "".join(f" x{m}" for m in reversed(markers))
    text = FRONT + "前 " + opening + word + closing + "后\n"
    if len(markers) <= MAX_INLINE_DEPTH:
        assert model_texts(text) == ["前 " + "x " * len(markers) + word + " x" * len(markers) + "后"]
        return
    with pytest.raises(ArticleError) as caught:
        parse_article(text, source="a.md")
    assert caught.value.message.startswith(f"emphasis, bold and links are nested {MAX_INLINE_DEPTH + 1} deep")
    column = 1 + len("前 ") + sum(len(m) + 2 for m in markers[:MAX_INLINE_DEPTH])
    assert (caught.value.source.line, caught.value.source.column) == (5, column)
