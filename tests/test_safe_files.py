"""Safe handling of files: inputs are data, never code; relative paths follow the file that
names them; the output appears whole or not at all; the same inputs give the same bytes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from conftest import SEED, write
from paiban import build
from paiban.errors import ArticleError, FontError, OutputError, StyleError
from paiban.layout.furniture import fill_template
from paiban.model.markdown import read_article
from paiban.style.loader import load_style

ARTICLE = "---\ntitle: 标题\n---\n\n正文。\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


# --------------------------------------------------------------------------- data, never code


def test_a_style_cannot_run_python(here: Path):
    sheet = write(here / "evil.yaml", 'extends: magazine\nbody: !!python/object/apply:os.system ["touch pwned"]\n')
    with pytest.raises(StyleError) as caught:
        load_style(sheet)
    assert caught.value.message == "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'"
    assert not (here / "pwned").exists()


def test_front_matter_cannot_run_python(here: Path):
    article = write(here / "evil.md", '---\ntitle: !!python/object/apply:os.system ["touch pwned"]\n---\n\n正文\n')
    with pytest.raises(ArticleError) as caught:
        read_article(article)
    assert "could not determine a constructor for the tag" in caught.value.message
    assert not (here / "pwned").exists()


def test_a_font_table_cannot_run_python(here: Path):
    write(here / "fonts.yaml", 'X: !!python/object/apply:os.system ["touch pwned"]\n')
    sheet = write(here / "s.yaml", "extends: magazine\nfonts: fonts.yaml\n")
    with pytest.raises(FontError):
        load_style(sheet)
    assert not (here / "pwned").exists()


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{title.__class__}", "header.recto: unknown field '{title.__class__}' in '{title.__class__}'"),
        ("{title[0]}", "header.recto: unknown field '{title[0]}' in '{title[0]}'"),
        ("{title!r}", "header.recto: '{title}' cannot take a format (':' or '!') in '{title!r}'"),
        ("{page:>{title}}", "header.recto: '{page}' cannot take a format (':' or '!') in '{page:>{title}}'"),
        ("{titel}", "header.recto: unknown field '{titel}' in '{titel}'"),
        ("{}", "header.recto: unknown field '{}' in '{}'"),
        ("第{page页", "header.recto: an unmatched brace in '第{page页'"),
    ],
)
def test_header_templates_take_only_plain_fields(here: Path, template: str, message: str):
    sheet = write(here / "t.yaml", f"extends: magazine\nheader: {{recto: '{template}'}}\n")
    with pytest.raises(StyleError) as caught:
        load_style(sheet)
    assert caught.value.message == message
    assert caught.value.source.line == 2


def test_templates_are_filled_without_evaluating_anything():
    values = {"title": "标题", "page": "3"}
    assert fill_template("{title}·{page}", values) == "标题·3"
    assert fill_template("{title.__class__}", values) == "{title.__class__}"  # kept, never looked up
    assert fill_template("{{page}}", values) == "{page}"
    assert fill_template("第{page页", values) == "第{page页"  # malformed: kept as written, no crash


def test_literal_braces_are_written_doubled(here: Path):
    sheet = write(here / "t.yaml", "extends: magazine\nfolio: {template: '{{{page}}}'}\n")
    assert load_style(sheet).folio.template == "{{{page}}}"


# --------------------------------------------------------------------------- relative paths


def test_extends_follows_the_sheet_not_the_working_folder(here: Path, monkeypatch: pytest.MonkeyPatch):
    write(here / "house" / "base.yaml", "extends: magazine\npage: {columns: 3, column_width: 14字}\n")
    child = write(here / "house" / "issues" / "may.yaml", "extends: ../base.yaml\nbody: {size: 小四}\n")
    (here / "other").mkdir()
    monkeypatch.chdir(here / "other")
    style = load_style(child)
    assert style.page.columns == 3 and style.body.size == 12.0


# --------------------------------------------------------------------------- output


def test_a_failed_build_leaves_the_last_good_pdf_in_place(here: Path):
    out = here / "a.pdf"
    good = build(here / "a.md", output=out).pdf
    write(here / "a.md", "---\ntitle: 标题\n---\n\n正文\U0001F600\n")  # a character no font draws
    with pytest.raises(FontError):
        build(here / "a.md", output=out)
    assert out.read_bytes() == good
    assert sorted(p.name for p in here.iterdir()) == ["a.md", "a.pdf"]


def test_a_write_that_fails_midway_leaves_the_last_good_pdf_and_no_temporary_file(
        here: Path, monkeypatch: pytest.MonkeyPatch):
    out = here / "a.pdf"
    good = build(here / "a.md", output=out).pdf
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    with pytest.raises(OutputError) as caught:
        build(here / "a.md", output=out)
    assert str(caught.value) == "a.pdf: error: cannot write the PDF: No space left on device"
    assert out.read_bytes() == good
    assert sorted(p.name for p in here.iterdir()) == ["a.md", "a.pdf"]


def test_a_new_pdf_gets_the_usual_permissions(here: Path):
    mask = os.umask(0o022)
    try:
        build(here / "a.md", output=here / "a.pdf")
    finally:
        os.umask(mask)
    assert (here / "a.pdf").stat().st_mode & 0o777 == 0o644


def test_the_output_may_not_be_an_input(here: Path):
    with pytest.raises(OutputError) as caught:
        build(here / "a.md", output=here / "a.md")
    assert caught.value.message == "the output a.md is an input of this build and would be overwritten"
    assert (here / "a.md").read_text(encoding="utf-8") == ARTICLE


def test_the_output_may_not_be_a_folder(here: Path):
    (here / "out").mkdir()
    with pytest.raises(OutputError) as caught:
        build(here / "a.md", output=here / "out")
    assert caught.value.message == "cannot write the PDF: out is a folder"


# --------------------------------------------------------------------------- determinism


def test_separate_runs_give_identical_bytes(tmp_path: Path):
    """Two processes, each with its own font cache state: the PDFs must be byte-identical."""
    outputs = []
    for run in ("cold", "warm"):
        out = tmp_path / f"{run}.pdf"
        env = {**os.environ, "PAIBAN_CACHE_DIR": str(tmp_path / "cache")}
        subprocess.run([sys.executable, "-m", "paiban", "build", str(SEED / "article.md"), "-o", str(out)],
                       check=True, capture_output=True, env=env)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] == build(SEED / "article.md").pdf  # and the same as a build in this process


# --------------------------------------------------------------------------- text in the PDF


def test_characters_beyond_the_basic_plane_are_extractable(here: Path):
    """ReportLab writes 5 hex digits for code points above U+FFFF in a font's ToUnicode map, so
    readers extracted 🄀 (U+1F100) as ἐ (U+1F10): searchable text lost though the glyph showed."""
    write(here / "a.md", "---\ntitle: 标题\n---\n\n正文\U0001F100\U0001F101文字。\n\n> 引文\U00011FB0。\n")
    pdf = build(here / "a.md").pdf
    text = pymupdf.open(stream=pdf, filetype="pdf")[0].get_text()
    assert "正文\U0001F100\U0001F101文字。" in text
    assert "引文\U00011FB0。" in text


# --------------------------------------------------------------------------- hostile YAML


DEEP = "[" * 5000 + "]" * 5000


def test_deeply_nested_front_matter_is_an_error_not_a_crash(here: Path):
    write(here / "a.md", f"---\ntitle: {DEEP}\n---\n\n正文\n")
    with pytest.raises(ArticleError) as caught:
        read_article(here / "a.md")
    # the 51st level opens at column 57, whichever YAML parser read it
    assert str(caught.value) == (
        "a.md:2:57: error: the front matter is nested deeper than 50 levels\n"
        "  hint: paiban reads at most 50 levels of lists and mappings inside each other")


def test_deeply_nested_style_is_an_error_not_a_crash(here: Path):
    sheet = write(here / "s.yaml", f"extends: magazine\nbody: {DEEP}\n")
    with pytest.raises(StyleError) as caught:
        load_style(sheet)
    assert str(caught.value) == (
        "s.yaml:2:56: error: the style sheet is nested deeper than 50 levels\n"
        "  hint: paiban reads at most 50 levels of lists and mappings inside each other")


def test_deeply_nested_font_table_is_an_error_not_a_crash(here: Path):
    write(here / "fonts.yaml", f"X: {DEEP}\n")
    sheet = write(here / "s.yaml", "extends: magazine\nfonts: fonts.yaml\n")
    with pytest.raises(FontError) as caught:
        load_style(sheet)
    assert str(caught.value).startswith("fonts.yaml:1:")
    assert "error: the font table is nested deeper than 50 levels" in str(caught.value)


def test_an_alias_bomb_in_a_style_is_read_once(here: Path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    sheet = write(here / "s.yaml", "extends: magazine\n" + bomb)
    with pytest.raises(StyleError) as caught:
        load_style(sheet)
    assert caught.value.message == "unknown style key 'a'"
