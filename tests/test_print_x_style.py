"""The print production keys of a style: output profile, intent, PDF/X, ink limit, JPEG quality."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from print_x_support import PRESS

from paiban.errors import Span, StyleError
from paiban.style.loader import load_style


@pytest.fixture
def sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)

    def write(text: str, name: str = "s.yaml") -> Path:
        path = tmp_path / name
        path.write_text("extends: magazine\n" + text, encoding="utf-8")
        return path

    return write


def error_of(path: Path) -> StyleError:
    with pytest.raises(StyleError) as info:
        load_style(path)
    return info.value


def test_defaults() -> None:
    p = load_style("magazine").print
    assert (p.output_profile, p.intent, p.pdfx, p.ink_limit, p.jpeg_quality) == (None, "perceptual", "x4", 300, 92)


def test_the_output_profile_is_relative_to_the_sheet_that_names_it(sheet, tmp_path) -> None:
    (tmp_path / "shop").mkdir()
    shutil.copy(PRESS, tmp_path / "shop" / "press.icc")
    base = sheet("print:\n  output_profile: press.icc\n", "shop/base.yaml")
    child = tmp_path / "child.yaml"
    child.write_text("extends: shop/base.yaml\nprint: {pdfx: x1a, intent: relative}\n", encoding="utf-8")
    p = load_style(child).print
    assert p.output_profile == str((tmp_path / "shop" / "press.icc").resolve())
    assert p.profile_at == Span("shop/base.yaml", 3, 19)
    assert (p.pdfx, p.intent) == ("x1a", "relative")
    assert load_style(base).print.output_profile == p.output_profile


@pytest.mark.parametrize("text, message, column", [
    ("print: {pdfx: x5}\n", "print.pdfx: expected one of x4, x1a, none, got 'x5'", 15),
    ("print: {intent: perceptive}\n",
     ("print.intent: expected one of perceptual, relative, saturation, absolute, got "
      "'perceptive'"), 17),
    ("print: {ink_limit: 50}\n", "print.ink_limit: must be at least 100, got 50", 20),
    ("print: {jpeg_quality: 99}\n", "print.jpeg_quality: must be at most 95, got 99", 23),
    ("print: {output_profile: 3}\n",
     "print.output_profile: expected a path to an ICC profile (.icc), got '3'", 25),
])
def test_bad_values_are_refused_at_their_key(sheet, text, message, column) -> None:
    error = error_of(sheet(text))
    assert error.message == message
    assert error.source == Span("s.yaml", 2, column)


def test_rich_black_is_allowed_only_for_text_as_large_as_the_style_says(sheet) -> None:
    from conftest import SEED

    from paiban import build
    from paiban.preflight import PreflightFailure

    rich = "title_block:\n  title: {color: 'cmyk(40,30,30,100)'}\n"
    with pytest.raises(PreflightFailure) as info:
        build(SEED / "article.md", sheet(rich), None, print_ready=True)
    result = info.value.report.result("black text")
    assert [str(f) for f in result.findings] == [
        "p.1: 2 text runs in rich black cmyk(40,30,30,100): small type misregisters"]  # the title's two lines
    assert "print.rich_black_min" in info.value.hint
    title_size = load_style(sheet(rich)).title_block.title.size
    allowed = sheet(rich + f"print: {{rich_black_min: {title_size:g}pt}}\n")
    assert build(SEED / "article.md", allowed, None, print_ready=True).preflight.passed
    too_small = sheet(rich + f"print: {{rich_black_min: {title_size + 1:g}pt}}\n")
    with pytest.raises(PreflightFailure):
        build(SEED / "article.md", too_small, None, print_ready=True)
