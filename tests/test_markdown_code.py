"""Inline code and fenced code blocks, in the bundled monospaced font."""

from __future__ import annotations

import pytest

from paiban import layout, load_style
from paiban.errors import ArticleError
from paiban.model.article import CodeBlock, Run
from paiban.model.markdown import parse_article
from paiban.model.writer import write_article

FRONT = "---\ntitle: 标题\n---\n\n"  # body line 1 is file line 5
BLOCK = ("前文。\n\n```python\ndef greet(name):\n    # 注释 and English\n\n"
         "    print(f\"你好，{name}\")   # x\n```\n\n后文。\n")


def test_a_fence_is_a_code_block_and_backticks_make_a_code_run():
    article = parse_article(FRONT + BLOCK)
    code = article.blocks[1]
    assert code == CodeBlock('def greet(name):\n    # 注释 and English\n\n    print(f"你好，{name}")   # x',
                             "python", code.source)
    assert code.source.line == 7
    runs = parse_article(FRONT + "调用`print(\"你好\")`即可。\n").blocks[0].runs
    assert runs == (Run("调用"), Run('print("你好")', code=True), Run("即可。"))


def test_code_is_written_back_and_read_the_same():
    article = parse_article(FRONT + BLOCK + "\n用 `` a`b `` 和 `x`。\n")
    text = write_article(article)
    assert "```python\ndef greet(name):\n" in text and "``a`b``" in text
    again = parse_article(text)
    assert again.blocks[1] == article.blocks[1].__class__(article.blocks[1].text, "python", again.blocks[1].source)
    assert again.blocks[3].runs == article.blocks[3].runs


@pytest.mark.parametrize(("text", "message", "line"), [
    ("- 甲\n\n  ```\n  x\n  ```\n\n正文。\n", "a code block cannot be set inside a list item", 7),
    ("正文。\n\n> 引\n>\n> ```\n> x\n> ```\n", "a code block cannot be set inside a block quote", 9),
])
def test_code_where_it_cannot_be_set_is_refused_at_its_line(text, message, line):
    with pytest.raises(ArticleError) as caught:
        parse_article(FRONT + text, source="a.md")
    assert caught.value.message == message
    assert caught.value.source.line == line


def _glyphs(line):
    return [(ch, x, run.font) for run in line.runs for ch, x in zip(run.text, run.xs)]


def test_inline_code_is_monospaced_with_no_han_latin_gap_inside():
    doc = layout(parse_article(FRONT + "调用`print(\"你好\") a`即可。\n"), "magazine")
    (line,) = doc.pages[0].lines_of("body")
    glyphs = _glyphs(line)
    fonts = {ch: font for ch, _, font in glyphs}
    assert "JetBrains" in fonts["p"] and "JetBrains" not in fonts["调"]
    chars = [ch for ch, _, _ in glyphs]
    xs = [x for _, x, _ in glyphs]
    size = line.size
    at = chars.index("你")
    assert chars[at - 1] == '"' and xs[at] - xs[at - 1] == pytest.approx(0.6 * size)  # no gap added
    at = chars.index("a")
    assert chars[at - 2:at] == [")", " "] and xs[at] - xs[at - 2] == pytest.approx(2 * 0.6 * size)


@pytest.mark.parametrize("style_name", ["magazine", "handout"])
def test_a_code_block_keeps_lines_indentation_and_spaces_unjustified(style_name):
    style = load_style(style_name)
    doc = layout(parse_article(FRONT + BLOCK), style)
    page = doc.pages[0]
    code = page.lines_of("code")
    assert [ln.text for ln in code] == ["def greet(name):", "# 注释 and English",
                                        'print(f"你好，{name}")   # x']
    assert not any(ln.justified for ln in code)
    edge = next(f.x for f in page.frames if f.kind == "column" and f.index == code[0].column)
    size = style.code.size
    advance = 0.6 * size
    assert code[0].ink_left == pytest.approx(edge + style.code.left)
    assert code[1].ink_left == pytest.approx(edge + style.code.left + 4 * advance)
    slots = [min(range(len(page.grid)), key=lambda k: abs(page.grid[k] - ln.y)) for ln in code]
    if code[1].column == code[2].column:
        assert slots[2] - slots[1] == 2  # the blank source line keeps its slot
    xs = {(ch, k): x for k, (ch, x, _) in enumerate(_glyphs(code[2]))}
    hash_x = next(x for (ch, _), x in xs.items() if ch == "#")
    paren_x = max(x for (ch, _), x in xs.items() if ch == ")")
    assert hash_x - paren_x == pytest.approx(4 * advance)  # ) and three spaces
    body = page.lines_of("body")
    assert all(ln.x == pytest.approx(edge) for ln in body if ln.column == code[0].column)


def test_a_long_code_line_wraps_after_a_space_and_hangs_at_its_indentation():
    long = "    return " + " ".join(f"word{k}" for k in range(20))
    doc = layout(parse_article(FRONT + f"前文。\n\n```\n{long}\n```\n"), "handout")
    code = doc.pages[0].lines_of("code")
    assert len(code) > 1
    assert "".join(ln.text for ln in code).replace(" ", "") == long.replace(" ", "")
    assert all(ln.ink_left == pytest.approx(code[0].ink_left) for ln in code)
    assert all(ln.runs[-1].xs[-1] <= ln.x + ln.width for ln in code)


def test_a_long_code_block_breaks_across_columns_and_pages():
    lines = "\n".join(f"line_{k} = {k}" for k in range(120))
    doc = layout(parse_article(FRONT + f"前文。\n\n```\n{lines}\n```\n\n后文。\n"), "magazine")
    placed = [(page.index, ln.column, ln.text) for page in doc.pages for ln in page.lines if ln.role == "code"]
    assert [text for _, _, text in placed] == [f"line_{k} = {k}" for k in range(120)]
    assert len({(p, c) for p, c, _ in placed}) >= 3


@pytest.mark.parametrize("style_name", ["magazine", "handout"])
def test_an_indented_block_is_set_like_a_fenced_one(style_name):
    fenced = layout(parse_article(FRONT + BLOCK), style_name).pages[0].lines_of("code")
    source = BLOCK.split("```")[1].split("\n", 1)[1]  # the fenced lines, without the fences
    indented = "前文。\n\n" + "".join(f"    {ln}\n" if ln else "\n" for ln in source.rstrip("\n").split("\n"))
    code = layout(parse_article(FRONT + indented), style_name).pages[0].lines_of("code")
    assert [(ln.text, ln.ink_left - ln.x) for ln in code] == [(ln.text, ln.ink_left - ln.x) for ln in fenced]
