"""Style values that would put text off the page or outside its frame are errors at the key that
set them, in the user's own sheet; any style the loader accepts sets the seed article inside its
frames."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEED, write
from paiban.api import build
from paiban.errors import StyleError
from paiban.preflight.facts import read_facts
from paiban.style.loader import load_style

ARTICLE = "---\ntitle: 标题\n---\n\n正文。\n"

# sheet lines after `extends: magazine`, and the exact message (magazine: 10.5pt body, 241.5pt
# columns, 68.03pt top and 73.7pt bottom margins, 9pt header)
CASES = [
    ("body: {indent: -5字}",
     "s.yaml:2:16: error: body.indent: -5字 (-52.5pt) starts the first line 52.5pt outside the column\n"
     "  hint: a negative indent may hang the first line into body.left (0pt), no further"),
    ("body: {indent: 23字}",
     "s.yaml:2:16: error: body.indent: 23字 (241.5pt) leaves 0pt of the 241.5pt column for body text, "
     "less than one 10.5pt character\n"
     "  hint: keep body.indent, body.left and body.right together at most 231pt"),
    ("body: {indent: 22.5字}",
     "s.yaml:2:16: error: body.indent: 22.5字 (236.25pt) leaves 5.25pt of the 241.5pt column for body "
     "text, less than one 10.5pt character\n"
     "  hint: keep body.indent, body.left and body.right together at most 231pt"),
    ("cjk: {han_latin_space: -100em}",
     "s.yaml:2:24: error: cjk.han_latin_space: must be between 0 and 1em, got -100em"),
    ("cjk: {han_latin_space: 3}",
     "s.yaml:2:24: error: cjk.han_latin_space: must be between 0 and 1em, got 3"),
    ("body: {left: -1字}", "s.yaml:2:14: error: body.left: cannot be negative, got -10.5pt"),
    ("quote: {right: -2mm}", "s.yaml:2:16: error: quote.right: cannot be negative, got -5.67pt"),
    ("title_block: {gaps: [1字, -2字]}", "s.yaml:2:26: error: title_block.gaps: cannot be negative, got -21pt"),
    ("figure: {caption_gap: -3pt}", "s.yaml:2:23: error: figure.caption_gap: cannot be negative, got -3pt"),
    ("header: {offset: -1pt}", "s.yaml:2:18: error: header.offset: cannot be negative, got -1pt"),
    ("folio: {offset: -1pt}", "s.yaml:2:17: error: folio.offset: cannot be negative, got -1pt"),
    ("booklet: {cover: {top: -1pt}}", "s.yaml:2:24: error: booklet.cover.top: cannot be negative, got -1pt"),
    ("headings: {h2: {leading: 0}}", "s.yaml:2:26: error: headings.h2.leading: must be greater than 0, got 0pt"),
    ("header: {offset: 80pt}",
     "s.yaml:2:18: error: header.offset: the 9pt running header 80pt above the text block starts "
     "20.97pt above the top edge of the page\n"
     "  hint: keep header.offset at most 59.03pt: page.margins.top (68.03pt) less the header size"),
    ("header: {rule_gap: 20pt}",
     "s.yaml:2:20: error: header.rule_gap: 20pt puts the header rule 6pt inside the text block\n"
     "  hint: keep header.rule_gap at most header.offset (14pt)"),
    ("folio: {offset: 100pt}",
     "s.yaml:2:17: error: folio.offset: the folio 100pt below the text block falls 26.3pt below the "
     "bottom edge of the page\n  hint: keep folio.offset at most page.margins.bottom (73.7pt)"),
    ("header: {letter_spacing: -1em}",
     "s.yaml:2:26: error: header.letter_spacing: -1em (-9pt) is tighter than half the 9pt type; "
     "characters would print over each other and past the start of the line\n  hint: use at least -0.5em"),
    ("quote: {left: 12字, right: 11字}",
     "s.yaml:2:15: error: quote.left: 12字 (126pt) leaves 0pt of the 241.5pt column for quote text, "
     "less than one 10.5pt character\n"
     "  hint: keep quote.indent, quote.left and quote.right together at most 231pt"),
]


@pytest.mark.parametrize(("line", "message"), CASES, ids=[c[0] for c in CASES])
def test_the_command_line_refuses_the_value_at_its_key(tmp_path: Path, line: str, message: str):
    write(tmp_path / "a.md", ARTICLE)
    write(tmp_path / "s.yaml", f"extends: magazine\n{line}\n")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    done = subprocess.run([sys.executable, "-m", "paiban", "build", "a.md", "--style", "s.yaml"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", message + "\n")
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_a_hanging_indent_into_the_left_inset_is_allowed(tmp_path: Path):
    style = load_style(write(tmp_path / "s.yaml", "extends: magazine\nquote: {indent: -2字, left: 2字}\n"))
    assert (style.quote.indent, style.quote.left) == (-21.0, 21.0)


def test_the_largest_indent_that_leaves_one_character_is_allowed(tmp_path: Path):
    style = load_style(write(tmp_path / "s.yaml", "extends: magazine\nbody: {indent: 22字}\n"))
    assert style.page.column_width - style.body.indent == style.body.size


def test_the_users_sheet_is_blamed_not_the_built_in_sheet_it_extends(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch):
    # magazine's quote has a 2字 indent and 2字 left inset; the user's 20字 right inset is the
    # line to change, though the indent comes first in the sum
    monkeypatch.chdir(tmp_path)
    sheet = write(tmp_path / "s.yaml", "extends: magazine\nquote: {right: 20字}\n")
    with pytest.raises(StyleError) as caught:
        load_style(sheet)
    assert str(caught.value) == (
        "s.yaml:2:16: error: quote.right: 20字 (210pt) leaves 0pt of the 241.5pt column for quote "
        "text, less than one 10.5pt character\n"
        "  hint: keep quote.indent, quote.left and quote.right together at most 231pt")


def test_a_larger_body_size_is_blamed_for_the_built_in_character_columns(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    sheet = write(tmp_path / "s.yaml", "extends: magazine\nbody: {size: 13pt}\n")
    with pytest.raises(StyleError) as caught:
        load_style(sheet)
    assert (caught.value.source.file, caught.value.source.line, caught.value.message) == (
        "s.yaml", 2, "body.size: the text block (2 columns of 299pt and a 26pt gutter) is 624pt wide, "
                     "wider than the 595.28pt page")


def test_the_extended_sheet_is_blamed_when_the_user_set_nothing_involved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "base.yaml", "extends: magazine\nbody: {indent: 30字}\n")
    sheet = write(tmp_path / "s.yaml", "extends: base.yaml\ndescription: mine\n")
    with pytest.raises(StyleError) as caught:
        load_style(sheet)
    assert (caught.value.source.file, caught.value.source.line) == ("base.yaml", 2)


def test_the_built_in_styles_pass():
    for name in ("magazine", "handout"):
        load_style(name)


# --------------------------------------------------------------------------- the property

# (key path, unit, lowest, highest): each range reaches well past the valid values both ways
LENGTH_KEYS = [
    ("body.indent", "字", -6, 26), ("body.left", "字", -3, 14), ("body.right", "字", -3, 14),
    ("body.letter_spacing", "em", -1.0, 1.5), ("body.size", "pt", 6, 24),
    ("quote.indent", "字", -6, 26), ("quote.left", "字", -3, 14), ("quote.right", "字", -3, 14),
    ("headings.h2.indent", "字", -4, 26), ("header.letter_spacing", "em", -1.0, 2.0),
    ("header.offset", "pt", -10, 90), ("header.rule_gap", "pt", -10, 30), ("header.size", "pt", 5, 40),
    ("folio.offset", "pt", -10, 100), ("cjk.han_latin_space", "em", -2.0, 3.0),
    ("page.margins.top", "mm", -5, 60), ("page.margins.bottom", "mm", -5, 60),
    ("page.margins.inner", "mm", -5, 60), ("page.gutter", "字", -2, 6),
    ("title_block.title.size", "pt", 8, 60),
]


@st.composite
def sheets(draw) -> dict[str, str]:
    chosen = draw(st.lists(st.sampled_from(LENGTH_KEYS), min_size=1, max_size=4, unique_by=lambda k: k[0]))
    values = {}
    for path, unit, low, high in chosen:
        number = draw(st.integers(low, high) if isinstance(low, int)
                      else st.floats(low, high, allow_nan=False).map(lambda x: round(x, 2)))
        values[path] = f"{number}{unit}"
    return values


def as_yaml(values: dict[str, str]) -> str:
    tree: dict = {"extends": "magazine"}
    for path, value in values.items():
        *sections, leaf = path.split(".")
        level = tree
        for section in sections:
            level = level.setdefault(section, {})
        level[leaf] = value
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)


SLACK = 1.0  # pt a glyph's centre may stand out, as preflight's overset check allows


def text_outside_frames(pdf: bytes) -> list[str]:
    """Characters whose centre lies outside every recorded frame, or off the page."""
    out = []
    for page in read_facts(pdf, "built.pdf").pages:
        assert page.frames is not None  # paiban records where text belongs
        page_box = page.trim or page.media
        for span in page.text:
            for char, box in span.chars:
                x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
                in_frame = any(f[0] - SLACK <= x <= f[2] + SLACK and f[1] - SLACK <= y <= f[3] + SLACK
                               for f in page.frames)
                on_page = (page_box[0] - SLACK <= x <= page_box[2] + SLACK
                           and page_box[1] - SLACK <= y <= page_box[3] + SLACK)
                if not (in_frame and on_page):
                    out.append(f"page {page.number}: {char!r} at ({x:.1f}, {y:.1f})")
    return out


@settings(max_examples=25, deadline=None)
@given(values=sheets())
def test_an_accepted_style_sets_the_seed_inside_its_frames(tmp_path_factory, values: dict[str, str]):
    sheet = write(tmp_path_factory.mktemp("style") / "s.yaml", as_yaml(values))
    try:
        style = load_style(sheet)
    except StyleError as refused:
        assert refused.source is not None and refused.source.line is not None, str(refused)
        assert refused.source.file.endswith("s.yaml")
        return
    result = build(SEED / "article.md", style)
    assert text_outside_frames(result.pdf) == [], as_yaml(values)


@pytest.mark.parametrize("values", [{"body.indent": "23字"}, {"body.indent": "-5字"},
                                    {"cjk.han_latin_space": "-100em"}, {"header.offset": "90pt"}],
                         ids=["indent 23字", "indent -5字", "han_latin_space -100em", "header offset 90pt"])
def test_the_frame_check_sees_what_the_ranges_refuse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    values: dict[str, str]):
    """Without the range checks these styles build, with text outside the frames or the page: the
    property above would catch a range check that let them through."""
    import paiban.style.resolve as resolve

    monkeypatch.setattr(resolve, "check_ranges", lambda *args: None)
    # the header (which these values push off its frame) is on the opening page only on request
    style = load_style(write(tmp_path / "s.yaml", as_yaml({**values, "header.first_page": True})))
    assert text_outside_frames(build(SEED / "article.md", style).pdf) != []
