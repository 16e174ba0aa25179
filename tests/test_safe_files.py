"""Safe handling of files: inputs are data, never code; relative paths follow the file that
names them."""

from __future__ import annotations

from pathlib import Path

import pytest

from paiban.errors import ArticleError, FontError, StyleError
from paiban.layout.furniture import fill_template
from paiban.model.markdown import read_article
from paiban.style.loader import load_style

ARTICLE = "---\ntitle: 标题\n---\n\n正文。\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


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
