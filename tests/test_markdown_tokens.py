"""Every construct markdown-it reads is either set or refused with its place and a hint.

The samples are keyed by the parser's own rule names, so enabling another rule (or a plugin
adding one) fails `test_every_parser_rule_has_a_sample` until it is given a sample here and the
reader sets or refuses what it makes.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT
from paiban.errors import ArticleError
from paiban.model.markdown import _parser, parse_article
from paiban.model.markdown_support import REFUSED, SET, refusal

FRONT = "---\ntitle: 标题\n---\n\n"  # the body starts on file line 5

# rule name → (body, what must be in the model's text) for constructs that are set,
# or (body, (message start, line, column)) for those refused.
SAMPLES: dict[str, tuple[str, object]] = {
    # core
    "normalize": ("正文\r\n续行。\n", "正文续行。"),
    "block": ("正文。\n", "正文。"),
    "inline": ("正文**粗**。\n", "正文粗。"),
    "footnote_tail": ("正文[^1]。\n\n[^1]: 注释。\n", "正文"),
    "github-tasklists": ("- [ ] 待办\n- [x] 已办\n", "待办"),
    # block
    "table": ("前文。\n\n| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |\n", "甲乙12"),
    "code": ("    缩进的段落\n", "缩进的段落"),
    "fence": ("正文。\n\n```python\nprint(1)\n```\n", "print(1)"),
    "blockquote": ("> 引文。\n", "引文。"),
    "hr": ("正文。\n\n***\n\n再写。\n", "再写。"),
    "list": ("- 一项\n- 二项\n", "一项"),
    "footnote_def": ("正文[^a]。\n\n[^a]: 注。\n", "正文"),
    "reference": ("[文][r]。\n\n[r]: http://example.com\n", "文"),
    "html_block": ("正文。\n\n<div>块</div>\n", ("HTML cannot be set in an article", 7, 1)),
    "heading": ("## 小标题\n\n正文。\n", "小标题"),
    "lheading": ("小标题\n---\n\n正文。\n", "小标题"),
    "paragraph": ("正文。\n", "正文。"),
    # inline
    "text": ("正文。\n", "正文。"),
    "newline": ("正文\n续行。\n", "正文续行。"),
    "escape": ("五\\*星。\n", "五*星。"),
    "backticks": ("正文\n调用 `f()` 即可。\n", "f()"),
    "strikethrough": ("正文\n删去~~这段~~。\n", "这段"),
    "emphasis": ("正文\n这是*强调*。\n", "强调"),
    "link": ("见[网站](http://example.com)。\n", "网站"),
    "image": ("第一行\n看图![图](a.png)\n", ("an image must stand alone", 6, 3)),
    "footnote_inline": ("正文^[行内注]。\n", "正文"),
    "footnote_ref": ("正文[^1]。\n\n[^1]: 注。\n", "正文"),
    "autolink": ("见 <http://example.com>。\n", "http://example.com"),
    "html_inline": ("正文\n一段<b>粗</b>字。\n", ("HTML cannot be set in an article", 6, 3)),
    "entity": ("甲&amp;乙。\n", "甲&乙。"),
    # inline, second pass
    "balance_pairs": ("正文**粗**。\n", "正文粗。"),
    "fragments_join": ("正文**粗**。\n", "正文粗。"),
}


def _rules() -> set[str]:
    return {rule for rules in _parser().get_active_rules().values() for rule in rules}


def test_every_parser_rule_has_a_sample():
    assert _rules() <= set(SAMPLES)


def _model_text(article) -> str:
    parts = [article.meta.lead or ""]
    for block in article.blocks:
        parts.append(block.text)
    parts.extend(note.text for note in article.notes)
    return "".join(parts)


@pytest.mark.parametrize("rule", sorted(SAMPLES))
def test_each_construct_is_set_or_refused_at_its_place(rule):
    body, expected = SAMPLES[rule]
    if isinstance(expected, str):
        assert expected in _model_text(parse_article(FRONT + body, source="a.md"))
        return
    message, line, column = expected
    with pytest.raises(ArticleError) as caught:
        parse_article(FRONT + body, source="a.md")
    error = caught.value
    assert error.message.startswith(message)
    assert (error.source.file, error.source.line, error.source.column) == ("a.md", line, column)
    assert error.hint


def _token_types(body: str) -> set[str]:
    pending = list(_parser().parse(body, {}))
    seen: set[str] = set()
    while pending:
        token = pending.pop()
        seen.add(token.type)
        pending.extend(token.children or [])
    return seen


def test_every_token_type_the_samples_make_is_set_or_refused():
    """Walk every token of every sample: a sample that is set makes only token types the reader
    sets; a sample that is refused makes a token type with a refusal of its own."""
    reached: set[str] = set()
    for rule, (body, expected) in SAMPLES.items():
        types = _token_types(body)
        if isinstance(expected, str):
            assert types <= SET, (rule, types - SET)
        else:
            assert types & set(REFUSED), rule
            reached |= types & set(REFUSED)
    assert reached == set(REFUSED)  # every refusal is reached by a sample: none is a dead entry


def test_an_unknown_token_type_is_refused():
    from markdown_it.token import Token

    found = refusal(Token("math_inline", "math", 0))
    assert found is not None and "math_inline" in found.what


def test_html_comments_and_lone_images_are_let_through():
    from markdown_it.token import Token

    comment = Token("html_inline", "", 0, content="<!-- 注 -->")
    assert refusal(comment) is None


def test_the_command_line_prints_the_place_and_the_hint(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(FRONT + "前文。\n\n  <table><tr><td>甲</td></tr></table>\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "paiban", "build", "a.md", "-o", "a.pdf"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("a.md:7:3: error: HTML cannot be set in an article\n")
    assert "hint:" in done.stderr
    assert not (tmp_path / "a.pdf").exists()


def test_a_body_without_a_task_box_parses_the_same_without_the_task_list_rule():
    """The reader leaves the task-list plugin out where no `[ ]` or `[x]` could begin an item;
    every sample and example body without one gives the same tokens either way, and a body with
    one gets the plugin."""
    from paiban.model.markdown import _parser_for

    bodies = [body for body, _ in SAMPLES.values()]
    bodies += [path.read_text(encoding="utf-8") for path in (ROOT / "examples").rglob("*.md")]
    bodies += ["- [ ]\n- [y] 不是任务\n", "正文 [x]号位\n", "1. [ ]待办\n"]  # no white space after the box
    checked = 0
    for body in bodies:
        if _parser_for(body) is _parser(True):
            continue
        assert _parser(True).parse(body, {}) == _parser(False).parse(body, {}), body
        checked += 1
    assert checked >= len(SAMPLES) - 1
    assert _parser_for("- [ ] 待办\n") is _parser(True)
    assert _parser_for("- [X]\t已办\n") is _parser(True)
