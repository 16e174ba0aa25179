"""`build --print`: RGB styles converted with warnings, preflight failures write nothing."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from conftest import SEED
from paiban import build
from paiban.preflight import PreflightFailure


@pytest.fixture
def sheet(tmp_path: Path) -> Callable:
    def write(text: str) -> Path:
        path = tmp_path / "style.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_rgb_style_prints_in_cmyk_with_warnings(sheet, tmp_path) -> None:
    style = sheet("extends: magazine\nbody: {color: '#000000'}\ntitle_block:\n  title: {color: '#cc0000'}\n")
    result = build(SEED / "article.md", style, tmp_path / "out.pdf", print_ready=True)
    warnings = [str(w) for w in result.warnings]
    assert any("title_block.title.color: RGB colour #cc0000 is for screen PDFs; printed as "
               "cmyk(0,100,100,20)" in w for w in warnings)
    assert any(w.split(": warning: ")[1].startswith("body.color, strong.color") for w in warnings)
    stream = pymupdf.open(tmp_path / "out.pdf")[0].read_contents().decode("latin-1")
    assert not re.search(r"\b(rg|RG)\b", stream)
    assert "0 1 1 0.2 k" in stream
    assert result.preflight.passed


def test_screen_build_keeps_rgb(sheet, tmp_path) -> None:
    style = sheet("extends: magazine\ntitle_block:\n  title: {color: '#cc0000'}\n")
    result = build(SEED / "article.md", style, tmp_path / "out.pdf")
    assert result.warnings == ()
    assert "0.8 0 0 rg" in pymupdf.open(tmp_path / "out.pdf")[0].read_contents().decode("latin-1")


def test_failing_preflight_writes_nothing(sheet, tmp_path) -> None:
    style = sheet("extends: magazine\npage: {margins: {top: 9mm}}\nheader: {first_page: true}\n")
    out = tmp_path / "out.pdf"
    with pytest.raises(PreflightFailure) as info:
        build(SEED / "article.md", style, out, print_ready=True)
    assert not out.exists()
    failure = info.value
    assert failure.message == f"preflight failed (safe zone: text within 3 mm of the trim edge); {out} was not written"
    assert failure.hint == "move the text further from the trim: larger page margins in the style"
    (finding,) = failure.report.result("safe zone").findings
    assert str(finding).startswith("p.1: text '湖北机关党建") and "the top trim edge" in str(finding)


def test_cli_print_build(tmp_path, capsys) -> None:
    from paiban.cli import main

    out = tmp_path / "seed.pdf"
    assert main(["build", str(SEED / "article.md"), "--print", "-o", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"preflight {out} (1 page)"
    assert "passed: 0 errors, 0 warnings" in lines
    assert lines[-1] == f"wrote {out} (1 page, print-ready)"


def test_cli_failing_print_build(sheet, tmp_path) -> None:
    bad = sheet("extends: magazine\npage: {margins: {top: 9mm}}\nheader: {first_page: true}\n")
    failed = subprocess.run([sys.executable, "-m", "paiban", "build", str(SEED / "article.md"),
                             "--style", str(bad), "--print", "-o", str(tmp_path / "bad.pdf")],
                            capture_output=True, text=True)
    assert failed.returncode == 2
    assert "safe zone   FAIL    text within 3 mm of the trim edge" in failed.stdout
    assert "error: preflight failed (safe zone: text within 3 mm of the trim edge)" in failed.stderr
    assert "hint: move the text further from the trim: larger page margins in the style" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert not (tmp_path / "bad.pdf").exists()
