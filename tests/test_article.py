"""Reading and writing articles (Markdown + YAML front matter)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paiban.errors import ArticleError, display_path
from paiban.model.article import Article, ArticleMeta, BlockQuote, CodeBlock, Heading, Paragraph, Run
from paiban.model.markdown import parse_article, read_article
from paiban.model.writer import write_article

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed" / "article.md"
SHARED_SEED = Path("/work/shared/seed/article.md")

FRONT = "---\ntitle: 标题\n---\n\n"


def body(text: str) -> Article:
    """An article with a minimal front matter; body line 1 is file line 5."""
    return parse_article(FRONT + text, source="t.md")


def put(tmp_path: Path, text: str | bytes, name: str = "a.md") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def read_error(path: Path) -> ArticleError:
    with pytest.raises(ArticleError) as info:
        read_article(path)
    return info.value


def parse_error(text: str) -> ArticleError:
    with pytest.raises(ArticleError) as info:
        parse_article(text, source="t.md")
    return info.value


def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


# --------------------------------------------------------------------------- the seed article


def test_example_seed_is_the_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip("shared seed not present")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_meta():
    meta = read_article(SEED).meta
    assert meta.title == ("推进融合发展", "增强机关党建工作质效")
    assert meta.kicker == "学习贯彻《中国共产党党和国家机关基层组织工作条例》"
    assert meta.author == "肖红梅"
    assert meta.publication == "湖北机关党建"
    assert meta.issue == "2020年10期"
    assert meta.first_page == 14
    assert meta.subtitle is None and meta.section is None


def test_seed_blocks():
    blocks = read_article(SEED).blocks
    assert [type(b) for b in blocks] == [Paragraph, Heading, Paragraph, Heading, Paragraph]
    headings = [b for b in blocks if isinstance(b, Heading)]
    assert [h.level for h in headings] == [2, 2]
    assert [h.text for h in headings] == [
        "一、以忠诚为魂，强化政治建设促融合",
        "二、以担当为要，围绕服务大局促融合",
    ]
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    assert len(paragraphs) == 3
    assert paragraphs[0].text.startswith("习近平总书记强调，只有围绕中心")
    assert paragraphs[2].text.endswith("紧紧围绕抓党建促脱贫")
    assert all(not r.bold for b in blocks for r in b.runs)


def test_seed_spans_match_the_file():
    article = read_article(SEED)
    lines = seed_lines()
    heading_lines = [i + 1 for i, line in enumerate(lines) if line.startswith("## ")]
    assert heading_lines == [12, 16]
    headings = [b for b in article.blocks if isinstance(b, Heading)]
    assert [h.source.line for h in headings] == heading_lines
    for block in article.blocks:
        assert block.source.file == display_path(SEED)
        assert block.text[:10] in lines[block.source.line - 1]


def test_seed_round_trip_is_byte_for_byte():
    original = SEED.read_bytes().decode("utf-8")
    assert write_article(read_article(SEED)) == original
    assert original.endswith("\n") and not original.endswith("\n\n")


def test_read_article_names_the_file(tmp_path):
    path = put(tmp_path, FRONT + "正文。\n")
    article = read_article(path)
    assert article.source == display_path(path)
    assert article.blocks[0].source.file == display_path(path)


# --------------------------------------------------------------------------- front matter


def test_front_matter_types():
    article = parse_article(
        "---\ntitle: 单行标题\nissue: 10\nauthor: yes\nkicker: 010\nsubtitle: 副题\nsection: 专栏\n"
        "---\n\n正文。\n"
    )
    meta = article.meta
    assert meta.title == ("单行标题",)
    assert meta.issue == "10"
    assert meta.author == "yes"
    assert meta.kicker == "010"
    assert meta.subtitle == "副题" and meta.section == "专栏"
    assert meta.first_page == 1
    assert article.source == "<string>"


def test_title_as_block_string_gives_lines():
    meta = parse_article("---\ntitle: |\n  第一行\n  第二行\n---\n\n正文。\n").meta
    assert meta.title == ("第一行", "第二行")


def test_title_list_with_number_item_keeps_text():
    meta = parse_article("---\ntitle: [2020, 年鉴]\nfirst_page: '7'\n---\n\n正文。\n").meta
    assert meta.title == ("2020", "年鉴")
    assert meta.first_page == 7


def test_bom_and_crlf_are_accepted(tmp_path):
    text = "---\r\ntitle: 标题\r\n---\r\n\r\n第一段。\r\n\r\n## 小标题\r\n"
    path = put(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8"))
    article = read_article(path)
    assert article.meta.title == ("标题",)
    assert [b.text for b in article.blocks] == ["第一段。", "小标题"]
    assert [b.source.line for b in article.blocks] == [5, 7]


# --------------------------------------------------------------------------- body


def test_soft_breaks_join_cjk_without_space():
    article = body("中国共产党\n党和国家机关\n基层组织。\n")
    assert article.blocks[0].text == "中国共产党党和国家机关基层组织。"


def test_soft_breaks_join_latin_with_one_space():
    article = body("typesetting\nis an\nart\n")
    assert article.blocks[0].text == "typesetting is an art"


def test_soft_breaks_between_scripts_and_punctuation():
    article = body("使用\nPython\n排版，\n“做忠诚卫士”\n“以案为戒”\nsaid “hi”\n“there”\n")
    assert article.blocks[0].text == "使用Python排版，“做忠诚卫士”“以案为戒”said “hi” “there”"


def test_hard_breaks_are_kept_as_line_breaks():
    article = body("第一行  \n第二行\\\nthird  \nline\n")
    assert article.blocks[0].text == "第一行\n第二行\nthird\nline"


def test_bold_runs():
    article = body("坚持**党的绝对领导**，深入开展**政治轮训**。\n")
    assert article.blocks[0].runs == (
        Run("坚持"),
        Run("党的绝对领导", bold=True),
        Run("，深入开展"),
        Run("政治轮训", bold=True),
        Run("。"),
    )


def test_bold_across_a_line_break():
    article = body("**粗体\n文字**之后\n")
    assert article.blocks[0].runs == (Run("粗体文字", bold=True), Run("之后"))


def test_emphasis_and_links_keep_their_text():
    article = body("一个*强调*以及[链接](http://example.com)。\n")
    assert article.blocks[0].text.startswith("一个强调以及链接")
    assert article.blocks[0].runs[1] == Run("强调", emphasis=True)


def test_escaped_asterisks_are_text():
    assert body("五\\*\\*星\n").blocks[0].text == "五**星"


def test_headings_levels_and_lines():
    article = body("## 二级\n\n### 三级\n\n正文。\n")
    assert [(b.level, b.text, b.source.line) for b in article.blocks[:2]] == [
        (2, "二级", 5),
        (3, "三级", 7),
    ]


def test_block_quote():
    article = body("前文。\n\n> 引文第一段\n> 续行。\n>\n> 第二段**重点**。\n\n后文。\n")
    quote = article.blocks[1]
    assert isinstance(quote, BlockQuote)
    assert quote.source.line == 7
    assert [p.text for p in quote.paragraphs] == ["引文第一段续行。", "第二段重点。"]
    assert [p.source.line for p in quote.paragraphs] == [7, 10]
    assert quote.paragraphs[1].runs[1] == Run("重点", bold=True)
    assert [b.source.line for b in article.blocks] == [5, 7, 12]


def test_list_items_are_read_as_lists():
    article = body("1. 第一条\n2. second item\n\n- 无序项\n  续行\n")
    assert [[i.text for i in b.items] for b in article.blocks] == [["第一条", "second item"], ["无序项续行"]]
    assert [b.ordered for b in article.blocks] == [True, False]
    assert [i.source.line for b in article.blocks for i in b.items] == [5, 6, 8]


def test_indented_lines_are_a_code_block_like_a_fence():
    article = body("正文。\n\n    for row in rows:\n        print(row)\n\n    done()\n\n正文。\n")
    code = article.blocks[1]
    assert isinstance(code, CodeBlock) and code.info == ""
    assert code.text == "for row in rows:\n    print(row)\n\ndone()"  # indentation and blank line kept
    assert code.source.line == 7


def test_html_comments_are_ignored():
    article = body("<!-- 编辑备注 -->\n\n正文<!-- 行内 -->。\n")
    assert [b.text for b in article.blocks] == ["正文。"]


# --------------------------------------------------------------------------- errors


def test_error_file_not_found(tmp_path):
    path = tmp_path / "missing.md"
    err = read_error(path)
    assert "article file not found" in err.message
    assert err.source.file == display_path(path)


def test_error_folder_instead_of_file(tmp_path):
    err = read_error(tmp_path)
    assert "is a folder" in err.message


def test_error_not_utf8(tmp_path):
    good = FRONT.encode("utf-8") + "第一段。\n".encode("utf-8") + "第二".encode("utf-8")
    path = put(tmp_path, good + "段落".encode("gb18030") + b"\n")
    err = read_error(path)
    assert "the article is not UTF-8" in err.message
    assert f"byte offset {len(good)}" in err.message
    assert "(line 6)" in err.message
    assert (err.source.file, err.source.line, err.source.column) == (display_path(path), 6, 3)


def test_error_gbk_file_gets_a_conversion_hint(tmp_path):
    path = put(tmp_path, (FRONT + "正文。\n").encode("gb18030"))
    err = read_error(path)
    assert "not UTF-8" in err.message
    assert err.source.line == 2
    assert "GB18030" in err.hint and "iconv" in err.hint


def test_error_no_front_matter(tmp_path):
    err = read_error(put(tmp_path, "正文。\n"))
    assert err.message == "the article has no front matter"
    assert err.source.line == 1


def test_error_unclosed_front_matter(tmp_path):
    err = read_error(put(tmp_path, "---\ntitle: 标题\n\n正文。\n"))
    assert err.message == "the front matter is not closed"
    assert err.source.line == 1


def test_error_yaml_syntax_is_located_in_the_article(tmp_path):
    path = put(tmp_path, "---\ntitle: 标题\nauthor: 甲: 乙\n---\n\n正文。\n")
    err = read_error(path)
    assert err.message.startswith("the front matter is not valid YAML")
    assert (err.source.file, err.source.line, err.source.column) == (display_path(path), 3, 10)
    assert "quoted" in err.hint


def test_error_front_matter_not_a_mapping(tmp_path):
    err = read_error(put(tmp_path, "---\n- 标题\n- 作者\n---\n\n正文。\n"))
    assert "must be a list of `key: value` lines, not a list" in err.message
    assert err.source.line == 2


def test_error_full_width_colon_hint(tmp_path):
    err = read_error(put(tmp_path, "---\ntitle：标题\n---\n\n正文。\n"))
    assert "not a single string" in err.message
    assert "full-width" in err.hint


def test_error_unknown_key_did_you_mean(tmp_path):
    path = put(tmp_path, "---\nauthor: 甲\ntittle: 标题\n---\n\n正文。\n")
    err = read_error(path)
    assert err.message == "unknown front-matter key 'tittle'"
    assert err.hint == "did you mean 'title'?"
    assert (err.source.file, err.source.line, err.source.column) == (display_path(path), 3, 1)


def test_error_repeated_key(tmp_path):
    err = read_error(put(tmp_path, "---\ntitle: 甲\ntitle: 乙\n---\n\n正文。\n"))
    assert err.message == "front-matter key 'title' is given twice"
    assert err.source.line == 3


def test_error_first_page_not_a_number(tmp_path):
    path = put(tmp_path, "---\ntitle: 标题\nfirst_page: abc\n---\n\n正文。\n")
    err = read_error(path)
    assert "'first_page' must be a page number" in err.message
    assert "not 'abc'" in err.message
    assert (err.source.line, err.source.column) == (3, 13)


def test_error_first_page_zero(tmp_path):
    err = read_error(put(tmp_path, "---\nfirst_page: 0\n---\n\n正文。\n"))
    assert err.message == "front-matter key 'first_page' must be from 1 to 99999, not 0"
    assert err.source.line == 2


def test_error_title_mapping(tmp_path):
    err = read_error(put(tmp_path, "---\ntitle: {a: 1}\n---\n\n正文。\n"))
    assert err.message == (
        "front-matter key 'title' must be a string or a list of strings, not a mapping"
    )
    assert err.source.line == 2


def test_error_author_list(tmp_path):
    err = read_error(put(tmp_path, "---\nauthor: [甲, 乙]\n---\n\n正文。\n"))
    assert err.message == "front-matter key 'author' must be a string, not a list"


def test_error_empty_body(tmp_path):
    path = put(tmp_path, "---\ntitle: 标题\n---\n\n  \n")
    err = read_error(path)
    assert err.message == "the article has no body text"
    assert (err.source.file, err.source.line) == (display_path(path), 3)


def test_error_only_headings(tmp_path):
    err = read_error(put(tmp_path, FRONT + "## 一\n\n## 二\n"))
    assert err.message == "the article has no paragraphs, only headings"
    assert err.source.line == 5


def test_error_level_one_heading(tmp_path):
    err = read_error(put(tmp_path, FRONT + "正文。\n\n# 大标题\n"))
    assert "level-1 heading" in err.message
    assert "front matter `title:`" in err.hint
    assert err.source.line == 7


def test_error_level_five_heading(tmp_path):
    err = read_error(put(tmp_path, FRONT + "##### 五级\n\n正文。\n"))
    assert "level-5 heading" in err.message
    assert err.source.line == 5


def test_error_thematic_break_in_a_quote(tmp_path):
    err = read_error(put(tmp_path, FRONT + "正文。\n\n> 引文\n>\n> ***\n\n再写。\n"))
    assert "thematic break" in err.message
    assert err.source.line == 9


def test_error_html(tmp_path):
    err = read_error(put(tmp_path, FRONT + "正文。\n\n<div>块</div>\n"))
    assert err.message == "HTML cannot be set in an article"
    assert err.source.line == 7


def test_error_image(tmp_path):
    err = read_error(put(tmp_path, FRONT + "第一行\n看图![图](a.png)\n"))
    assert err.message == "an image must stand alone in its paragraph to be set as a figure"
    assert err.source.line == 6


def test_error_unmatched_bold_marker(tmp_path):
    err = read_error(put(tmp_path, FRONT + "第一行\n把做到**“两个维护”**作为准则。\n"))
    assert "`**` here does not start or end bold text" in err.message
    assert err.source.line == 6
    assert "“**两个维护**”" in err.hint


def test_error_message_format(tmp_path):
    path = put(tmp_path, "---\ntittle: 标题\n---\n\n正文。\n")
    text = str(read_error(path))
    assert text.startswith(f"{display_path(path)}:2:1: error: unknown front-matter key")
    assert "hint: did you mean 'title'?" in text


# --------------------------------------------------------------------------- writer


def article_of(*blocks, **meta) -> Article:
    return Article(ArticleMeta(**meta), tuple(blocks))


def without_spans(article: Article):
    def strip(block):
        if isinstance(block, BlockQuote):
            return BlockQuote(tuple(strip(p) for p in block.paragraphs))
        if isinstance(block, Heading):
            return Heading(block.level, block.runs)
        return Paragraph(block.runs)

    return article.meta, tuple(strip(b) for b in article.blocks)


def test_writer_front_matter_order_and_quoting():
    article = article_of(
        Paragraph((Run("正文。"),)),
        title=("甲: 乙", "十"),
        section="专栏",
        issue="10",
        author="yes",
        first_page=3,
    )
    text = write_article(article)
    assert text.startswith(
        '---\ntitle: ["甲: 乙", 十]\nauthor: "yes"\nissue: "10"\nfirst_page: 3\nsection: 专栏\n---\n\n'
    )
    assert parse_article(text).meta == article.meta


def test_writer_single_line_title_is_plain():
    text = write_article(article_of(Paragraph((Run("正文。"),)), title=("标题",)))
    assert text == "---\ntitle: 标题\nfirst_page: 1\n---\n\n正文。\n"


def test_writer_body_format():
    article = article_of(
        Paragraph((Run("坚持"), Run("党的领导", bold=True), Run("。"))),
        Heading(2, (Run("一、标题"),)),
        Heading(3, (Run("小标题"),)),
        BlockQuote((Paragraph((Run("引文一"),)), Paragraph((Run("引文二"),)))),
        title=("标题",),
    )
    text = write_article(article)
    assert text.endswith(
        "---\n\n坚持**党的领导**。\n\n## 一、标题\n\n### 小标题\n\n> 引文一\n>\n> 引文二\n"
    )
    assert without_spans(parse_article(text)) == without_spans(article)


def test_writer_escapes_markdown_characters():
    texts = ["- 不是列表", "1. 不是编号", "# 不是标题", "> 不是引文", "---", "a*b*c [x] <y> &amp; `z`"]
    article = article_of(*(Paragraph((Run(t),)) for t in texts), Heading(2, (Run("C#"),)))
    back = parse_article(write_article(article))
    assert [b.text for b in back.blocks] == texts + ["C#"]


def test_writer_refuses_bold_commonmark_cannot_express():
    article = article_of(Paragraph((Run("做到"), Run("“两个维护”", bold=True), Run("作为"))))
    with pytest.raises(ValueError, match="reads back the same"):
        write_article(article)


def test_writer_refuses_blocks_the_reader_would_reject():
    with pytest.raises(ValueError, match="heading level 5"):
        write_article(article_of(Heading(5, (Run("五级"),)), Paragraph((Run("正文"),))))
    with pytest.raises(ValueError, match="empty block quote"):
        write_article(article_of(BlockQuote(()), Paragraph((Run("正文"),))))


def test_writer_merges_adjacent_runs():
    article = article_of(Paragraph((Run("甲", True), Run("乙", True), Run(""), Run("丙"))))
    assert write_article(article).endswith("\n\n**甲乙**丙\n")


_CHARS = "中文排版，。“”《》abcXYZ019 .,*_#>-+[]<>&;`\\!~=|:"
_TEXT = st.text(alphabet=_CHARS, min_size=1, max_size=12).filter(lambda t: t == t.strip())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_TEXT, st.booleans()), min_size=1, max_size=4))
def test_writer_output_reads_back_or_is_refused(pieces):
    paragraph = Paragraph(tuple(Run(t, b) for t, b in pieces))
    article = article_of(paragraph, title=("标题",))
    try:
        text = write_article(article)
    except ValueError:
        assert any(b for _, b in pieces), "plain text must always be writable"
        return
    assert parse_article(text).blocks[0].runs == merged(paragraph.runs)


def merged(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    out: list[Run] = []
    for run in runs:
        if out and out[-1].bold == run.bold:
            out[-1] = Run(out[-1].text + run.text, run.bold)
        else:
            out.append(run)
    return tuple(out)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_plain_paragraph_round_trips(text):
    article = article_of(Paragraph((Run(text),)), title=("标题",))
    back = parse_article(write_article(article))
    assert back.blocks[0].runs == (Run(text),)
