"""Whole builds of small articles: missing glyphs, bold runs, quotes, mixed Han–Latin text."""

from __future__ import annotations

import os
import subprocess
import sys

import pymupdf
import pytest

from conftest import SEED
from paiban import build
from paiban.errors import FontError

ARTICLE = SEED / "article.md"
FRONT = "---\ntitle: 测试\nauthor: 作者\npublication: 测试刊\nissue: 2026年1期\nfirst_page: 3\n---\n\n"


def write(tmp_path, body: str, name: str = "a.md"):
    path = tmp_path / name
    path.write_text(FRONT + body, encoding="utf-8")
    return path


def test_missing_glyph_is_an_error_naming_character_code_point_and_line(tmp_path):
    path = write(tmp_path, "第一段。\n\n第二段有一个字符😀在这里。\n")
    with pytest.raises(FontError) as err:
        build(path, "magazine")
    message = str(err.value)
    assert "'😀' (U+1F600)" in message
    assert f"{path.name}:11" in message or "a.md:11" in message
    assert "placeholder" in err.value.hint


def test_missing_glyph_cli_exit_status_and_placeholder_option(tmp_path):
    path = write(tmp_path, "第二段有一个字符😀在这里。\n")
    run = [sys.executable, "-m", "paiban", "build", str(path), "-o", str(tmp_path / "o.pdf")]
    failed = subprocess.run(run, capture_output=True, text=True)
    assert failed.returncode == 2
    assert "error: no font can draw '😀' (U+1F600)" in failed.stderr
    assert "Traceback" not in failed.stderr
    ok = subprocess.run([*run, "--missing-glyph", "placeholder"], capture_output=True, text=True)
    assert ok.returncode == 0
    assert "warning: no font can draw '😀'" in ok.stderr
    text = pymupdf.open(tmp_path / "o.pdf")[0].get_text()
    assert "□" in text


def test_bold_runs_use_the_bold_face(tmp_path):
    path = write(tmp_path, "正文里有**加粗的文字**和普通文字。\n")
    result = build(path, "magazine", tmp_path / "b.pdf")
    runs = [r for p in result.document.pages for ln in p.lines if ln.role == "body" for r in ln.runs]
    bold = [r for r in runs if "Bold" in r.font]
    assert [r.text for r in bold] == ["加粗的文字"]
    fonts = {f[3].split("+")[1] for f in pymupdf.open(tmp_path / "b.pdf")[0].get_fonts()}
    assert "NotoSerifSC-Bold" in fonts


def test_block_quote_is_inset_and_set_in_kai(tmp_path):
    path = write(tmp_path, "前面的段落。\n\n> 引用的文字，比较长一些，需要折行才能看出左右两边都缩进了两个字的位置，这样读者能够分辨。\n\n后面的段落。\n")
    result = build(path, "magazine")
    page = result.document.pages[0]
    quote = page.lines_of("quote")
    body = page.lines_of("body")
    assert quote and all(ln.x == pytest.approx(body[0].x + 21) for ln in quote)
    assert all(ln.width == pytest.approx(241.5 - 42) for ln in quote)
    assert all(r.font.startswith("LXGWWenKai") for ln in quote for r in ln.runs)


def test_han_latin_text_keeps_every_character(tmp_path):
    text = "2020年GDP增长5.2%，网址https://example.org/a?b=1可以访问，Python 3.11 与 ReportLab 一起使用。"
    path = write(tmp_path, text * 3 + "\n")
    result = build(path, "magazine", tmp_path / "c.pdf")
    got = "".join(pymupdf.open(tmp_path / "c.pdf")[0].get_text().split())
    assert "".join((text * 3).split()) in got


def _cli(args, **kw):
    return subprocess.run([sys.executable, "-m", "paiban", *args], capture_output=True, text=True, **kw)


def test_the_command_flushes_its_output_and_runs_exit_handlers_before_its_quick_exit(tmp_path):
    # `python -m paiban` ends with os._exit after flushing and running the atexit handlers;
    # a handler registered by a plugin-like sitecustomize must still run, and the output arrive.
    marker = tmp_path / "handler-ran"
    (tmp_path / "sitecustomize.py").write_text(
        f"import atexit, pathlib\natexit.register(lambda: pathlib.Path({str(marker)!r}).write_text('yes'))\n",
        encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    out = tmp_path / "seed.pdf"
    done = _cli(["build", str(ARTICLE), "-o", str(out)], env=env)
    assert done.returncode == 0 and done.stdout.startswith(f"wrote {out}")
    assert marker.read_text() == "yes" and pymupdf.open(out).page_count == 1


def test_output_read_by_nobody_is_not_called_a_bug(tmp_path):
    read, write = os.pipe()
    os.close(read)  # as `paiban … | head -0` leaves it
    try:
        done = subprocess.run([sys.executable, "-m", "paiban", "build", str(ARTICLE), "-o", str(tmp_path / "s.pdf")],
                              stdout=write, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write)
    assert done.returncode == 1 and "internal error" not in done.stderr and "Traceback" not in done.stderr
