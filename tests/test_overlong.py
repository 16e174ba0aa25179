"""Content too big for its place: words and URLs wider than a column, lines that one unbreakable
run would leave gaping. Nothing may be lost, set beyond an edge, or compromised without a
warning that says so."""

from __future__ import annotations

from conftest import compose


def texts(lines) -> list[str]:
    return [ln.text for ln in lines]


def messages(diagnostics) -> list[str]:
    return [d.message for d in diagnostics]


# --------------------------------------------------------------------------- words and URLs


def test_url_wider_than_the_column_is_broken_and_stays_inside():
    url = "https://example.org/a/very/long/path/that/cannot/fit/in/one/column"
    lines, diag = compose("见" + url + "。", 10)
    assert "".join(texts(lines)) == "见" + url + "。"
    for ln in lines:
        assert ln.runs[-1].xs[-1] < 100.0
        assert ln.filled <= 100.0 + 1e-6
    assert messages(diag) == [f"'{url}' is wider than the column and was broken between characters"]


def test_a_word_alone_on_its_line_is_letter_spaced_to_both_edges():
    # 甲乙 and the long word cannot share a line; the word then fills its own line alone
    word = "internationalisation"
    lines, diag = compose(f"甲乙 {word} 丙丁", 10)
    assert texts(lines)[1] == word
    line = lines[1]
    assert line.justified and abs(line.filled - 100.0) < 1e-6
    xs = line.runs[0].xs
    gaps = {round(b - a, 6) for a, b in zip(xs, xs[1:])}
    assert len(gaps) > 1  # letters keep their own widths, the slack is spread between them


def test_a_han_character_is_not_left_alone_before_a_long_word():
    lines, diag = compose("甲 supercalifragilistic", 10)
    assert texts(lines) == ["甲supercalifragilist", "ic"]
    assert lines[0].justified and abs(lines[0].filled - 100.0) < 1e-6
    assert messages(diag) == ["'supercalifragilistic' was broken between characters to fill the line before it"]


def test_an_opening_quote_before_a_long_url_takes_the_url_head_along():
    # The URL (20.9 em) fits a 21-em line only alone, and “ may not end a line: pushing the
    # quote out would leave 一 alone on a gaping line.
    url = "https://example.org/abcdefghijklmnopqrst"
    lines, diag = compose(f"一“{url}”", 21)
    assert texts(lines) == ["一“https://example.org/abcdefghijklmnop", "qrst”"]
    assert lines[0].justified and abs(lines[0].filled - 210.0) < 1e-6
    assert messages(diag) == [f"'{url}' was broken between characters to fill the line before it"]


def test_a_prohibited_break_is_preferred_to_a_line_of_one_character():
    # The only allowed break leaves 一 alone on an indented 6-em line; a dash pair starting the
    # next line (prohibited at the strict level) is the lesser evil, and is reported.
    lines, diag = compose("一“一————", 8, indent_em=2)
    assert texts(lines) == ["一“一", "————"]
    assert lines[0].pushed == "forced" and lines[0].justified
    assert messages(diag) == ["no allowed line break near '一“一————': a prohibited mark starts or ends a line"]


def test_a_line_that_cannot_be_justified_says_so():
    # 9 dashes cannot share an 10-em line with anything and are never opened up or split
    lines, diag = compose("——————————甲乙", 10)
    assert texts(lines)[0] == "——————————"
    assert not lines[0].justified
    assert any("'——————————' could not be justified" in m for m in messages(diag))
