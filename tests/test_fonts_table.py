"""A style's own font table (`fonts:`), and every way a font can be unusable."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from conftest import write
from paiban import build
from paiban.errors import FontError, StyleError
from paiban.style.loader import load_style
from synthetic_fonts import cff_font, truetype_font

ARTICLE = "---\ntitle: 标题\n---\n\n正文正文，文正。\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder, so that messages show short relative paths."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def box_style(root: Path, table: str = "Box Song:\n  regular: box.ttf\n") -> Path:
    """styles/box.yaml using a font table in styles/fonts/, both named relative to their files."""
    write(root / "styles" / "fonts" / "table.yaml", table)
    return write(root / "styles" / "box.yaml",
                 "extends: magazine\nfonts: fonts/table.yaml\nbody: {font: Box Song, fallback: [Noto Serif SC]}\n")


def test_a_style_adds_its_own_fonts_relative_to_itself(here: Path, monkeypatch: pytest.MonkeyPatch):
    truetype_font(here / "styles" / "fonts" / "box.ttf")
    sheet = box_style(here)
    (here / "elsewhere").mkdir()
    monkeypatch.chdir(here / "elsewhere")  # relative paths must not depend on the working folder
    result = build(here / "a.md", sheet, here / "a.pdf")
    runs = [r for ln in result.document.pages[0].lines if ln.role == "body" for r in ln.runs]
    assert {r.font for r in runs} == {"BoxSong-Regular", "NotoSerifSC-Regular"}
    assert "".join(r.text for r in runs if r.font == "BoxSong-Regular") == "正文正文文正"
    fonts = {f[3].split("+")[-1] for f in pymupdf.open(here / "a.pdf")[0].get_fonts()}
    assert "BoxSong-Regular" in fonts


def test_two_font_files_with_one_postscript_name_are_both_embedded(here: Path):
    truetype_font(here / "styles" / "fonts" / "box.ttf", chars="正")
    truetype_font(here / "styles" / "fonts" / "other.ttf", chars="文")  # same PostScript name
    write(here / "styles" / "fonts" / "table.yaml", "Box Song:\n  regular: box.ttf\nOther:\n  regular: other.ttf\n")
    sheet = write(here / "styles" / "two.yaml", "extends: magazine\nfonts: fonts/table.yaml\n"
                  "body: {font: Box Song, fallback: [Other, Noto Serif SC]}\n")
    doc = build(here / "a.md", sheet).document
    runs = [r for ln in doc.pages[0].lines if ln.role == "body" for r in ln.runs]
    assert "".join(r.text for r in runs if r.font == "BoxSong-Regular") == "正正正"
    assert "".join(r.text for r in runs if r.font == "BoxSong-Regular-2") == "文文文"
    assert doc.fonts["BoxSong-Regular"] != doc.fonts["BoxSong-Regular-2"]


def test_a_cff_font_is_refused_where_the_table_names_it(here: Path):
    cff_font(here / "styles" / "fonts" / "box.otf")
    sheet = box_style(here, "Box Song:\n  regular: box.otf\n")
    with pytest.raises(FontError) as caught:
        build(here / "a.md", sheet)
    assert str(caught.value) == (
        "styles/fonts/table.yaml:2:12: error: font 'Box Song' (regular): box.otf has PostScript (CFF) outlines; "
        "the PDF writer embeds TrueType-outline fonts only\n"
        "  hint: use a TrueType (.ttf, glyf outlines) version of this font")


def test_a_missing_font_file_is_reported_where_the_table_names_it(here: Path):
    sheet = box_style(here, "Box Song:\n  regular: gone.ttf\n")
    with pytest.raises(FontError) as caught:
        build(here / "a.md", sheet)
    assert str(caught.value) == ("styles/fonts/table.yaml:2:12: error: font 'Box Song' (regular): font file not found\n"
                                 "  hint: the file is styles/fonts/gone.ttf")


def test_a_file_that_is_not_a_font(here: Path):
    write(here / "styles" / "fonts" / "box.ttf", "not a font")
    sheet = box_style(here)
    with pytest.raises(FontError) as caught:
        build(here / "a.md", sheet)
    assert caught.value.message.startswith("font 'Box Song' (regular): cannot read font file box.ttf: ")


def test_a_font_table_that_is_not_a_mapping(here: Path):
    sheet = box_style(here, "- box.ttf\n")
    with pytest.raises(FontError) as caught:
        load_style(sheet)
    assert str(caught.value) == (
        "styles/fonts/table.yaml:1:1: error: the font table must map each family to its weights and files, "
        "e.g. 'My Serif: {regular: MySerif.ttf}'")


def test_the_style_may_use_only_families_its_tables_list(here: Path):
    truetype_font(here / "styles" / "fonts" / "box.ttf")
    write(here / "styles" / "fonts" / "table.yaml", "Box Song:\n  regular: box.ttf\n")
    sheet = write(here / "styles" / "bad.yaml", "extends: magazine\nfonts: fonts/table.yaml\nbody: {font: Box Sung}\n")
    with pytest.raises(StyleError) as caught:
        load_style(sheet)
    assert caught.value.message == "body.font: unknown font family 'Box Sung'"
    assert caught.value.hint.startswith("did you mean 'Box Song'? known families: Noto Serif SC, ")


def test_a_missing_font_table(here: Path):
    sheet = write(here / "styles" / "s.yaml", "extends: magazine\nfonts: nowhere.yaml\n")
    with pytest.raises(StyleError) as caught:
        load_style(sheet)
    assert str(caught.value) == (
        f"styles/s.yaml:2:8: error: fonts: font table not found: nowhere.yaml\n"
        f"  hint: looked for {here.resolve() / 'styles' / 'nowhere.yaml'}; the path is relative to the style "
        "sheet's folder")


def test_an_extending_sheet_keeps_the_font_table_of_the_sheet_it_extends(here: Path):
    truetype_font(here / "styles" / "fonts" / "box.ttf")
    box_style(here)
    child = write(here / "mine" / "child.yaml", "extends: ../styles/box.yaml\nbody: {size: 小四}\n")
    style = load_style(child)
    assert style.fonts == str((here / "styles" / "fonts" / "table.yaml").resolve())
    assert style.body.family == "Box Song"
