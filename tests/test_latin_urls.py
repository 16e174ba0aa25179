"""URLs, e-mail addresses and paths in Chinese paragraphs: broken only after / . - ? & = #, never
with a hyphen added, never letter-spaced; a line of URL only is set flush left. 1 em = 10 pt."""

from __future__ import annotations

import pytest

from conftest import compose
from paiban.compose.latin import URL_BREAKS, is_url
from paiban.text.fonts import font_table

SERIF = font_table().metrics("Noto Serif SC")
URL = "https://www.gov.cn/zhengce/content/2018-12/05/content_5346008.htm"
TEXT = f"国务院办公厅通知全文见{URL}，请查阅。"


def texts(lines) -> list[str]:
    return [ln.text for ln in lines]


def natural_steps(text: str, size: float = 10.0) -> list[float]:
    """The distance from each glyph to the next at natural setting: its advance plus the font's
    kerning, except after a break character, where a cut drops the kerning."""
    steps = []
    for a, b in zip(text, text[1:]):
        kern = 0 if a in URL_BREAKS and b not in URL_BREAKS else SERIF.kerning.get(a, b)
        steps.append((SERIF.advances[ord(a)] + kern) * size / SERIF.units_per_em)
    return steps


@pytest.mark.parametrize("width", range(9, 26))  # (at 8 em, "content_5346008." is wider than the column)
@pytest.mark.parametrize("mode", ["total-fit", "first-fit"])
def test_a_url_breaks_only_after_its_break_characters(width, mode):
    lines, diag = compose(TEXT, width, linebreak=mode)
    assert "".join(texts(lines)) == TEXT  # no hyphen added, nothing lost
    assert list(diag) == []
    start = TEXT.index(URL)
    end = 0
    for line in lines[:-1]:
        end += len(line.text)
        if start < end < start + len(URL):  # the line ends inside the URL
            assert TEXT[end - 1] in URL_BREAKS and TEXT[end] not in URL_BREAKS, line.text


@pytest.mark.parametrize("width", range(9, 26))  # (at 8 em, "content_5346008." is wider than the column)
@pytest.mark.parametrize("mode", ["total-fit", "first-fit"])
def test_a_url_is_never_letter_spaced(width, mode):
    lines, _ = compose(TEXT, width, linebreak=mode)
    for line in lines:
        xs = [x for run in line.runs for x in run.xs]
        inside = [k for k in range(len(line.text)) if _in_url(line, k)]
        if len(inside) < 2:
            continue
        first, last = inside[0], inside[-1]
        piece = line.text[first : last + 1]
        steps = [b - a for a, b in zip(xs[first:last + 1], xs[first + 1:last + 1])]
        assert steps == pytest.approx(natural_steps(piece), abs=1e-9), line.text


def _in_url(line, k: int) -> bool:
    """Whether character k of a line is a character of the URL (the line's Latin run)."""
    ch = line.text[k]
    return ord(ch) < 0x2E80 and ch not in "，。"


@pytest.mark.parametrize("mode", ["total-fit", "first-fit"])
def test_a_line_of_url_only_is_set_flush_left_without_a_warning(mode):
    lines, diag = compose(TEXT, 12, linebreak=mode)
    assert texts(lines) == ["国务院办公厅通知全文见", "https://www.gov.cn/", "zhengce/content/2018-",
                            "12/05/content_5346008.", "htm，请查阅。"]
    assert list(diag) == []
    for line in lines[1:4]:
        assert not line.justified and line.filled < 120.0
        assert line.runs[0].xs[0] == 0.0
    assert lines[0].justified  # the Han line before it is justified between its characters
    # the "-" that ends the third line is the URL's own: no hyphen was added after it
    assert "".join(texts(lines)).count("-") == URL.count("-")


@pytest.mark.parametrize("mode", ["total-fit", "first-fit"])
def test_a_line_ending_in_a_url_piece_is_justified_in_its_han_gaps_only(mode):
    lines, _ = compose("访问https://example.org/path/to/page?x=1查看", 12, linebreak=mode)
    first = lines[0]
    assert first.text == {"total-fit": "访问https://example.org/", "first-fit": "访问https://example."}[mode]
    assert first.justified and abs(first.filled - 120.0) < 1e-6
    xs = [x for run in first.runs for x in run.xs]
    url = first.text[2:]
    steps = [b - a for a, b in zip(xs[2:], xs[3:])]
    assert steps == pytest.approx(natural_steps(url), abs=1e-9)  # the slack went before the URL


@pytest.mark.parametrize(("run", "url"), [
    ("https://example.org", True), ("HTTP://EXAMPLE.ORG/A", True), ("ftp://host/file", True),
    ("www.gov.cn", True), ("name.surname@example-mail.org", True), ("/usr/local/bin", True),
    ("./build/out", True), ("docs/guide/index.md", True),
    ("GB/T", False), ("and/or", False), ("km/h", False), ("1,234.56", False), ("e.g.", False),
])
def test_what_counts_as_a_url_or_path(run, url):
    assert is_url(run) is url
