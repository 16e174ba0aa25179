"""Style sheets: units, the built-in styles, extends chains, and every error a user can make."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paiban.errors import Span, StyleError
from paiban.style import schema
from paiban.style.loader import builtin_styles_dir, list_styles, load_style
from paiban.style.model import Color
from paiban.units import (
    PT_PER_MM,
    UnitError,
    format_pt,
    parse_em,
    parse_length,
    parse_page_size,
)


@pytest.fixture
def sheets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write sheets into a temporary folder that is also the working folder.

    Error spans show paths relative to the working folder, so messages can be compared whole.
    """
    monkeypatch.chdir(tmp_path)

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def error_of(target: str | Path) -> StyleError:
    with pytest.raises(StyleError) as caught:
        load_style(target)
    return caught.value


# --- units ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "em", "points"),
    [
        (12, None, 12.0),
        (10.5, None, 10.5),
        ("12pt", None, 12.0),
        ("12", None, 12.0),
        ("-3pt", None, -3.0),
        ("10mm", None, 10 * 72 / 25.4),
        (" 2.5 cm ", None, 25 * 72 / 25.4),
        ("1in", None, 72.0),
        ("96px", None, 72.0),
        ("2字", 10.5, 21.0),
        ("23字", 10.5, 241.5),
        ("2 字", 12.0, 24.0),
        ("1.5em", 12.0, 18.0),
        ("五号", None, 10.5),
        ("小四", None, 12.0),
        ("初号", None, 42.0),
        ("小五", None, 9.0),
        ("八号", None, 5.0),
    ],
)
def test_parse_length(text: object, em: float | None, points: float) -> None:
    assert parse_length(text, em) == pytest.approx(points, abs=1e-9)


@given(st.decimals(min_value=-1000, max_value=1000, places=3), st.sampled_from([9.0, 10.5, 12.0]))
def test_units_scale_linearly(number, em: float) -> None:
    value = float(number)
    assert parse_length(f"{number}mm") == pytest.approx(value * 72 / 25.4)
    assert parse_length(f"{number}字", em) == pytest.approx(value * em)
    assert parse_length(f"{number}em", em) == parse_length(f"{number}字", em)


def test_bad_unit_message() -> None:
    with pytest.raises(UnitError) as caught:
        parse_length("12 furlongs")
    assert str(caught.value) == (
        "unknown unit 'furlongs' in '12 furlongs' "
        "(use pt, mm, cm, in, px, em, 字 or a 号数 name such as 五号)"
    )


def test_relative_length_needs_a_size() -> None:
    with pytest.raises(UnitError, match="relative to a font size"):
        parse_length("2字")


@pytest.mark.parametrize("value", ["big", "", True, None, [1, 2], float("nan")])
def test_not_a_length(value: object) -> None:
    with pytest.raises(ValueError) as caught:
        parse_length(value, 10.5)
    assert not isinstance(caught.value, UnitError)


@pytest.mark.parametrize(
    ("value", "size_mm"),
    [
        ("A4", (210, 297)),
        ("a5", (148, 210)),
        ("B5", (176, 250)),
        ("16开", (185, 260)),
        ("大16开", (210, 285)),
        ("32开", (130, 184)),
        ("大32开", (140, 203)),
        (["187mm", "262mm"], (187, 262)),
    ],
)
def test_paper_sizes(value: object, size_mm: tuple[float, float]) -> None:
    width, height = parse_page_size(value)
    assert (width / PT_PER_MM, height / PT_PER_MM) == pytest.approx(size_mm)


def test_unknown_paper_size() -> None:
    with pytest.raises(UnitError, match="^unknown paper size 'A6' "):
        parse_page_size("A6")


def test_parse_em_keeps_em_and_converts_absolute() -> None:
    assert parse_em("0.25em", 10.5) == 0.25
    assert parse_em(0.25, 10.5) == 0.25
    assert parse_em("1字", 12) == 1.0
    assert parse_em("3pt", 12) == 0.25


def test_format_pt() -> None:
    assert [format_pt(v) for v in (21.0, 241.5, 595.2755905, -0.001)] == [
        "21pt", "241.5pt", "595.28pt", "0pt"]


# --- the built-in styles ---------------------------------------------------------------------


def test_magazine_geometry() -> None:
    style = load_style("magazine")
    page = style.page
    assert page.columns == 2
    assert (page.column_width, page.gutter, page.text_width) == (241.5, 21.0, 504.0)
    assert page.inner == pytest.approx(page.outer)  # centred
    assert (page.width, page.height) == pytest.approx((210 * PT_PER_MM, 297 * PT_PER_MM))
    assert (page.top, page.bottom) == pytest.approx((24 * PT_PER_MM, 26 * PT_PER_MM))
    assert (style.grid.pitch, style.grid.lines) == (17.5, 40)
    assert style.body.size == 10.5
    assert style.cjk.unbreakable == ("习近平",)
    assert style.title_block.height == 13
    assert style.name == "magazine"
    assert style.files == (str((builtin_styles_dir() / "magazine.yaml").resolve()),)
    assert style.source == style.files[0]


def test_magazine_text_styles() -> None:
    style = load_style("magazine")
    body = style.body
    assert (body.family, body.weight, body.indent) == ("Noto Serif SC", "regular", 21.0)
    assert style.body.fallback == ("Noto Sans SC",)
    assert style.body.color == Color("cmyk", (0.0, 0.0, 0.0, 1.0))
    assert (style.strong.family, style.strong.weight) == ("Noto Serif SC", "bold")
    assert (style.quote.family, style.quote.left, style.quote.right) == ("LXGW WenKai", 21.0, 21.0)
    assert style.quote.fallback == ("Noto Sans SC",)  # inherited from body
    h2 = style.headings[2]
    assert (h2.family, h2.weight, h2.align, h2.space_before, h2.space_after) == (
        "Noto Sans SC", "bold", "left", 1, 1)
    assert h2.indent == 21.0
    title = style.title_block.title
    assert (title.size, title.leading, title.align) == (22.0, 30.0, "center")
    assert style.title_block.order == ("kicker", "title", "subtitle", "author")
    assert style.title_block.author_prefix == "■ "
    assert (style.header.verso, style.header.recto) == ("{publication}\u3000{issue}", "{title}")
    assert (style.header.style.size, style.header.offset, style.header.rule) == (9.0, 14.0, 0.5)
    folio = style.folio
    assert (folio.style.weight, folio.style.size, folio.position) == ("bold", 12.0, "outer")
    assert style.cjk.han_latin_space == 0.25


def test_handout() -> None:
    style = load_style("handout")
    page = style.page
    assert page.width == pytest.approx(419.53, abs=0.01)
    assert page.height == pytest.approx(595.28, abs=0.01)
    assert page.columns == 1
    assert page.column_width == 312.0  # 26 小四 characters
    assert page.inner == pytest.approx(page.outer)
    assert 17 * PT_PER_MM < page.inner < 20 * PT_PER_MM
    assert (style.body.size, style.grid.pitch, style.grid.lines) == (12.0, 21.0, 23)
    assert style.title_block.height <= style.grid.lines // 2
    assert style.name == "handout"
    assert style.description.startswith("A5 one-column style for booklets")
    assert [Path(f).name for f in style.files] == ["handout.yaml", "magazine.yaml"]
    # unchanged keys come from the magazine
    assert style.cjk.unbreakable == ("习近平",)
    assert style.headings[2].family == "Noto Sans SC"
    assert style.header.style.size < load_style("magazine").header.style.size


def test_list_styles() -> None:
    styles = dict(list_styles())
    assert set(styles) >= {"magazine", "handout"}
    assert styles["magazine"] == "A4 two-column magazine page (《湖北机关党建》 reprints)"
    assert "A5" in styles["handout"]


def test_every_key_is_documented() -> None:
    for key in schema.KEYS.values():
        assert key.help, key.name
        if key.type == schema.CHOICE:
            assert key.default in key.choices, key.name


def test_empty_sheet_gets_the_defaults(sheets) -> None:
    style = load_style(sheets("plain.yaml", ""))
    assert style.name == "plain"
    assert style.page.columns == 2
    assert style.body.size == 10.5
    # no column width: whole body characters, at least 20mm each side, centred
    assert style.page.column_width / 10.5 == int(style.page.column_width / 10.5)
    assert style.page.inner == pytest.approx(style.page.outer)
    assert style.page.inner >= 20 * PT_PER_MM


# --- extends ---------------------------------------------------------------------------------


def test_extends_chain_of_three(sheets) -> None:
    sheets("base.yaml", "name: base\ndescription: the base\n"
                        "page: {size: B5, columns: 1, column_width: 30字}\n"
                        "body: {size: 小四, fallback: [Noto Sans SC]}\n"
                        "cjk: {unbreakable: [习近平, 马克思]}\n")
    sheets("sub/mid.yaml", "extends: ../base.yaml\n"
                           "page: {margins: {top: 20mm}}\n"
                           "grid: {pitch: 20pt}\n")
    top = sheets("sub/top.yaml", "extends: mid.yaml\ngrid: {pitch: 21pt}\n")
    style = load_style(top)
    assert style.grid.pitch == 21.0  # the one key the child changes
    assert style.page.top == pytest.approx(20 * PT_PER_MM)  # from mid
    assert style.page.bottom == pytest.approx(26 * PT_PER_MM)  # schema default
    assert style.page.column_width == 360.0  # from base, 字 of base's body size
    assert style.body.size == 12.0
    assert style.body.fallback == ("Noto Sans SC",)
    assert style.cjk.unbreakable == ("习近平", "马克思")
    assert (style.name, style.description) == ("top", "")  # neither is inherited
    assert [Path(f).name for f in style.files] == ["top.yaml", "mid.yaml", "base.yaml"]


def test_extends_builtin_by_name_and_lists_replace(sheets) -> None:
    path = sheets("mine.yaml", "extends: magazine\ncjk: {unbreakable: [马克思]}\n"
                               "page: {margins: {inner: 30mm}}\n")
    style = load_style(path)
    assert style.cjk.unbreakable == ("马克思",)
    assert style.page.inner == pytest.approx(30 * PT_PER_MM)
    assert style.page.text_width == 504.0  # the outer margin took the rest
    assert style.cjk.kinsoku == "strict"


def test_null_unsets_an_inherited_value(sheets) -> None:
    path = sheets("wide.yaml", "extends: magazine\n"
                               "page: {column_width: null, margins: {inner: 20mm, outer: 20mm}}\n")
    style = load_style(path)
    assert style.page.text_width == pytest.approx(210 * PT_PER_MM - 40 * PT_PER_MM)


def test_colours(sheets) -> None:
    path = sheets("c.yaml", "body: {color: 'cmyk(0, 100, 100, 0)'}\n"
                            "quote: {color: [10, 0, 0, 90]}\n"
                            "strong: {color: '#ff8000'}\n"
                            "header: {color: 'rgb(0, 0, 255)'}\n")
    style = load_style(path)
    assert style.body.color == Color("cmyk", (0.0, 1.0, 1.0, 0.0))
    assert style.quote.color == Color("cmyk", (0.1, 0.0, 0.0, 0.9))
    assert style.strong.color == Color("rgb", (1.0, 128 / 255, 0.0))
    assert style.header.style.color == Color("rgb", (0.0, 0.0, 1.0))
    assert style.folio.style.color == style.body.color  # inherited


# --- errors: one test per mistake, with the exact message and place ---------------------------


def test_yaml_syntax_error(sheets) -> None:
    error = error_of(sheets("bad.yaml", "name: x\npage:\n  columns: 2\n gutter: 2字\n"))
    assert error.message == (
        "YAML syntax error: expected <block end>, but found '<block mapping start>'")
    assert error.source == Span("bad.yaml", 4, 2)


def test_tabs_get_a_hint(sheets) -> None:
    error = error_of(sheets("tab.yaml", "page:\n\tcolumns: 3\n"))
    assert error.source == Span("tab.yaml", 2, 1)
    assert error.hint == "indent with spaces; YAML does not allow tabs"


def test_unknown_key_did_you_mean(sheets) -> None:
    error = error_of(sheets("typo.yaml", "name: x\npage:\n  colums: 2\n"))
    assert error.message == "unknown style key 'page.colums'"
    assert error.hint == "did you mean 'columns'?"
    assert error.source == Span("typo.yaml", 3, 3)


def test_key_in_the_wrong_section(sheets) -> None:
    error = error_of(sheets("flat.yaml", "page:\n  inner: 10mm\n"))
    assert error.message == "unknown style key 'page.inner'"
    assert error.hint == "'inner' belongs under page.margins"
    assert error.source == Span("flat.yaml", 2, 3)


def test_wrong_type(sheets) -> None:
    error = error_of(sheets("type.yaml", "body:\n  size: big\n"))
    assert error.message == "body.size: expected a font size such as 五号, 小四 or 10.5pt, got 'big'"
    assert error.source == Span("type.yaml", 2, 9)
    assert "五号 10.5pt" in error.hint


def test_section_must_be_a_mapping(sheets) -> None:
    error = error_of(sheets("sec.yaml", "grid: 17.5pt\n"))
    assert error.message == "grid: expected a mapping of keys (pitch, lines), got '17.5pt'"
    assert error.source == Span("sec.yaml", 1, 7)


def test_unquoted_template(sheets) -> None:
    error = error_of(sheets("h.yaml", "header:\n  recto: {title}\n"))
    assert error.message == "header.recto: expected text, got a mapping"
    assert error.source == Span("h.yaml", 2, 10)
    assert "quotes" in error.hint


def test_bad_unit(sheets) -> None:
    error = error_of(sheets("unit.yaml", "page:\n  gutter: 12 furlongs\n"))
    assert error.message == ("page.gutter: unknown unit 'furlongs' in '12 furlongs' "
                             "(use pt, mm, cm, in, px, em, 字 or a 号数 name such as 五号)")
    assert error.source == Span("unit.yaml", 2, 11)


def test_bad_choice(sheets) -> None:
    error = error_of(sheets("choice.yaml", "body: {align: centre}\n"))
    assert error.message == "body.align: expected one of left, right, center, justify, got 'centre'"
    assert error.hint == "did you mean 'center'?"
    assert error.source == Span("choice.yaml", 1, 15)


def test_unquoted_hex_colour(sheets) -> None:
    error = error_of(sheets("hex.yaml", "body:\n  color: #ff0000\n"))
    assert error.message.startswith("body.color: expected a colour: black, white, cmyk(c,m,y,k)")
    assert error.message.endswith(", got nothing")
    assert error.source.file == "hex.yaml" and error.source.line == 2
    assert "in quotes" in error.hint


def test_extends_cycle(sheets) -> None:
    sheets("a.yaml", "extends: b.yaml\n")
    sheets("b.yaml", "# b\nextends: c.yaml\n")
    sheets("c.yaml", "name: c\nextends: ./a.yaml\n")
    error = error_of("a.yaml")
    assert error.message == "extends cycle: a.yaml → b.yaml → c.yaml → a.yaml"
    assert error.source == Span("c.yaml", 2, 10)


def test_extends_itself(sheets) -> None:
    error = error_of(sheets("self.yaml", "extends: self.yaml\n"))
    assert error.message == "extends cycle: self.yaml → self.yaml"
    assert error.source == Span("self.yaml", 1, 10)


def test_extends_missing_file(sheets) -> None:
    error = error_of(sheets("child.yaml", "name: c\nextends: ../base.yaml\n"))
    assert error.message == "style file not found: ../base.yaml"
    assert error.source == Span("child.yaml", 2, 10)
    assert error.hint.endswith("built-in styles: handout, magazine")


def test_extends_unknown_builtin(sheets) -> None:
    error = error_of(sheets("child.yaml", "extends: magzine\n"))
    assert error.message == "unknown style 'magzine'"
    assert error.hint == "did you mean 'magazine'? built-in styles: handout, magazine"
    assert error.source == Span("child.yaml", 1, 10)


def test_missing_style_file(sheets) -> None:
    error = error_of("nowhere.yaml")
    assert error.message == "style file not found: nowhere.yaml"
    assert error.source == Span("nowhere.yaml")
    assert error.hint.endswith("built-in styles: handout, magazine")


def test_unknown_builtin_name() -> None:
    error = error_of("magzine")
    assert error.message == "unknown style 'magzine'"
    assert error.hint == "did you mean 'magazine'? built-in styles: handout, magazine"


def test_columns_wider_than_page(sheets) -> None:
    error = error_of(sheets("wide.yaml", "page:\n  size: A5\n  column_width: 20字\n"))
    assert error.message == ("page.column_width: the text block (2 columns of 210pt and a 21pt "
                             "gutter) is 441pt wide, wider than the 419.53pt page")
    assert error.source == Span("wide.yaml", 3, 17)


def test_columns_wider_than_fixed_margins(sheets) -> None:
    error = error_of(sheets("fixed.yaml", "page:\n  margins: {inner: 20mm, outer: 20mm}\n"
                                          "  column_width: 23字\n"))
    assert error.message == ("page.column_width: the text block (2 columns of 241.5pt and a 21pt "
                             "gutter) is 504pt wide, wider than the 481.89pt between the margins")
    assert error.source == Span("fixed.yaml", 3, 17)


def test_columns_do_not_match_fixed_margins(sheets) -> None:
    error = error_of(sheets("fixed.yaml", "page:\n  margins: {inner: 20mm, outer: 20mm}\n"
                                          "  column_width: 20字\n"))
    assert error.message == ("page.column_width: the text block (2 columns of 210pt and a 21pt "
                             "gutter) is 441pt wide, but the margins leave 481.89pt")
    assert error.hint == "set page.margins.inner or page.margins.outer to auto"
    assert error.source == Span("fixed.yaml", 3, 17)


def test_error_points_at_the_sheet_that_set_the_value(sheets) -> None:
    sheets("base.yaml", "page:\n  columns: 1\n  column_width: 30字\n")
    error = error_of(sheets("child.yaml", "extends: base.yaml\npage: {columns: 2}\n"))
    assert error.message.startswith("page.column_width: the text block (2 columns of 315pt")
    assert error.source == Span("base.yaml", 3, 17)


def test_negative_margin(sheets) -> None:
    error = error_of(sheets("neg.yaml", "page:\n  margins:\n    top: -5mm\n"))
    assert error.message == "page.margins.top: a margin cannot be negative, got -5mm (-14.17pt)"
    assert error.source == Span("neg.yaml", 3, 10)


def test_no_room_for_a_grid_line(sheets) -> None:
    error = error_of(sheets("short.yaml",
                            "page:\n  size: A5\n  margins: {top: 100mm, bottom: 105mm}\n"))
    assert error.message == ("no room for a single grid line: the margins leave a text block "
                             "14.17pt tall, less than the grid pitch of 17.5pt")
    assert error.source == Span("short.yaml", 3, 18)


def test_too_many_grid_lines(sheets) -> None:
    error = error_of(sheets("lines.yaml", "grid: {lines: 41}\n"))
    assert error.message == ("grid.lines: 41 lines of 17.5pt need 717.5pt, but the text block "
                             "is 700.16pt tall (40 lines)")
    assert error.source == Span("lines.yaml", 1, 15)


def test_title_block_taller_than_column(sheets) -> None:
    error = error_of(sheets("tall.yaml", "extends: handout\ntitle_block:\n  height: 24\n"))
    assert error.message == ("title_block.height: the title block is 24 grid lines tall, "
                             "but a column holds only 23")
    assert error.source == Span("tall.yaml", 3, 11)


def test_unknown_font_family(sheets) -> None:
    error = error_of(sheets("font.yaml", "body: {font: Noto Serif}\n"))
    assert error.message == "body.font: unknown font family 'Noto Serif'"
    assert error.hint.startswith("did you mean 'Noto Serif SC'? known families: ")
    assert "LXGW WenKai" in error.hint
    assert error.source == Span("font.yaml", 1, 14)


def test_unknown_fallback_family(sheets) -> None:
    error = error_of(sheets("fb.yaml", "body:\n  fallback: [Noto Sans SC, SimSun]\n"))
    assert error.message == "body.fallback: unknown font family 'SimSun'"
    assert error.source == Span("fb.yaml", 2, 28)


def test_unknown_weight(sheets) -> None:
    error = error_of(sheets("weight.yaml", "quote: {font: LXGW WenKai, weight: bold}\n"))
    assert error.message == "quote.weight: font 'LXGW WenKai' has no weight 'bold'"
    assert error.hint == "LXGW WenKai comes in: regular"
    assert error.source == Span("weight.yaml", 1, 36)


def test_own_font_is_blamed_before_inherited_weight(sheets) -> None:
    error = error_of(sheets("w.yaml", "body: {weight: bold}\nstrong: {font: LXGW WenKai}\n"))
    assert error.message == "strong.font: font 'LXGW WenKai' has no weight 'bold'"
    assert error.source == Span("w.yaml", 2, 16)


def test_inherited_weight_is_blamed_before_a_default_font(sheets) -> None:
    error = error_of(sheets("w.yaml", "body: {weight: bold}\n"))
    assert error.message == "body.weight: quote uses font 'LXGW WenKai', which has no weight 'bold'"
    assert error.source == Span("w.yaml", 1, 16)


def test_no_python_objects(sheets) -> None:
    error = error_of(sheets("evil.yaml", "name: !!python/object/apply:os.system [echo hi]\n"))
    assert error.message == "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'"
    assert error.source == Span("evil.yaml", 1, 7)
    error = error_of(sheets("evil2.yaml", "name: !!python/name:os.system ''\n"))
    assert error.message == ("unsupported YAML value: could not determine a constructor for the "
                             "tag 'tag:yaml.org,2002:python/name:os.system'")
    assert error.source == Span("evil2.yaml", 1, 7)


def test_duplicate_key(sheets) -> None:
    error = error_of(sheets("dup.yaml", "page:\n  size: A4\n  size: A5\n"))
    assert error.message == "key 'size' appears twice in the same mapping"
    assert error.source == Span("dup.yaml", 3, 3)


def test_str_includes_place_and_hint(sheets) -> None:
    error = error_of(sheets("typo.yaml", "colums: 2\n"))
    assert str(error) == ("typo.yaml:1:1: error: unknown style key 'colums'\n"
                          "  hint: did you mean 'page.columns'?")

