"""Line composer: tiny paragraphs with exact expected breaks and positions (1 em = 10 pt)."""

from __future__ import annotations

from conftest import compose, xs_em


def texts(lines):
    return [ln.text for ln in lines]


def test_fills_full_lines_and_indents_first_line():
    lines, diag = compose("一二三四五六七八九十", 4, indent_em=2)
    assert texts(lines) == ["一二", "三四五六", "七八九十"]
    assert xs_em(lines[0]) == [2.0, 3.0]
    assert not diag.items


def test_push_in_compresses_the_line_end_mark():
    lines, _ = compose("甲乙、丙丁，戊", 5, linebreak="first-fit")  # total-fit would not leave 戊 alone
    assert texts(lines) == ["甲乙、丙丁，", "戊"]
    assert lines[0].pushed == "in"
    # the line-end comma loses its blank half first, then the pause mark inside the line
    assert xs_em(lines[0]) == [0, 1, 2, 2.5, 3.5, 4.5]
    assert round(lines[0].filled / 10, 3) == 5.0


def test_one_mark_alone_cannot_push_in_a_full_line():
    lines, _ = compose("甲乙丙丁，戊", 4)
    assert texts(lines) == ["甲乙丙", "丁，戊"]
    assert lines[0].pushed == "out"


def test_push_in_squeezes_adjacent_marks_first():
    lines, _ = compose("甲“乙”，丙", 4)
    assert texts(lines) == ["甲“乙”，", "丙"]
    assert xs_em(lines[0]) == [0, 1, 2, 3, 3.5]


def test_push_out_when_squeezing_cannot_make_room():
    lines, _ = compose("一二三，四五", 3)
    assert texts(lines) == ["一二", "三，四", "五"]
    assert lines[0].pushed == "out"
    assert xs_em(lines[0]) == [0, 2]  # two characters spread over three ems


def test_opening_quote_never_ends_a_line():
    lines, _ = compose("甲乙丙“丁”", 4)
    assert texts(lines) == ["甲乙丙", "“丁”"]
    assert xs_em(lines[0]) == [0, 1.5, 3]


def test_last_line_keeps_natural_width_and_pairs_are_squeezed():
    lines, _ = compose("甲乙”，丙", 10)
    assert texts(lines) == ["甲乙”，丙"]
    assert xs_em(lines[0]) == [0, 1, 2, 2.5, 3.5]
    assert not lines[0].justified


def test_unbreakable_word_moves_whole():
    lines, _ = compose("甲乙习近平丙", 4, unbreakable=("习近平",))
    assert texts(lines) == ["甲乙", "习近平丙"]
    assert xs_em(lines[0]) == [0, 3]


def test_double_dash_is_never_split_nor_starts_a_line():
    lines, _ = compose("甲乙丙——丁", 4)
    assert texts(lines) == ["甲乙", "丙——丁"]
    # the dash pair takes 1 em per dash (its glyphs are widened to join: tests/test_glyphs_dash.py)
    xs = xs_em(lines[1])
    assert (xs[0], xs[3]) == (0, 3) and 1 - 0.1 < xs[1] < xs[2] < 2


def test_han_latin_gap_is_a_quarter_em():
    lines, _ = compose("中文ABC中", 20)
    xs = xs_em(lines[0])
    assert xs[:3] == [0, 1, 2.25]
    width_abc = xs[5] - xs[2] - 0.25
    assert 1.5 < width_abc < 2.5  # three proportional capitals


def test_latin_words_keep_their_space_and_break_between_words():
    lines, _ = compose("中文 hello world 文字", 6)
    joined = "".join(texts(lines)).replace(" ", "")
    assert joined == "中文helloworld文字"
    assert all("hel" not in t or "hello" in t for t in texts(lines))


def test_overlong_word_is_broken_with_a_warning():
    # (not hyphenated: a word with digits has no hyphenation points)
    url = "Pneumonoultramicroscopicsilicovolcanoconiosis1"
    lines, diag = compose(url, 8)
    assert "".join(texts(lines)) == url
    assert all(ln.filled <= 80.001 for ln in lines)
    assert any("wider than the column" in d.message for d in diag)


def test_justified_lines_are_flush_and_last_is_not():
    text = "机关党建工作只有紧紧围绕中心、服务大局，才能大有可为、大有作为。始终坚持把机关党建工作与政法业务工作目标同向。"
    lines, _ = compose(text, 23, indent_em=2)
    for ln in lines[:-1]:
        assert abs(ln.filled - 230) < 0.01
    assert lines[-1].filled < 230


def test_urls_break_after_slashes_without_spreading_inside():
    lines, diag = compose("访问https://example.org/path/to/page?x=1查看", 12)
    assert "".join(texts(lines)) == "访问https://example.org/path/to/page?x=1查看"
    assert not diag.items  # broken at URL break points, not forced between characters
    first = lines[0]
    assert first.text.endswith("/")
    # inside the URL the glyphs stay at their natural spacing: justification goes to other gaps
    assert abs(first.filled - 120) < 0.01


def test_centred_and_right_aligned_lines_report_where_their_content_ends():
    (centred,), _ = compose("甲乙", 10, align="center")
    assert xs_em(centred) == [4, 5]
    assert round(centred.filled / 10, 3) == 6.0
    (right,), _ = compose("甲乙", 10, align="right")
    assert xs_em(right) == [8, 9]
    assert round(right.filled / 10, 3) == 10.0


def test_solo_run_pattern_agrees_with_the_class_of_every_code_point():
    from paiban.compose.units import _SOLO_RUN, SOLO_CLASSES
    from paiban.text.classes import CLASS_TABLE, CharClass, is_wide

    def class_of(ch):  # char_class without its memo, which would grow by every code point
        cls = CLASS_TABLE.get(ch)
        return cls if cls is not None else CharClass.HAN if is_wide(ch) else CharClass.LATIN

    chars = (chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)
    assert [ch for ch in chars if bool(_SOLO_RUN.fullmatch(ch)) != (class_of(ch) in SOLO_CLASSES)] == []


def test_split_words_runs_han_and_marks_together_up_to_words_and_spaces():
    from conftest import make_config
    from paiban.compose.units import _split_words
    from paiban.text.classes import CharClass

    cfg = make_config(4, unbreakable=("习近平", "近平"))
    spans = _split_words("甲乙习近平丙丁，近平 ab“甲”——", cfg)
    assert spans == [(0, 2, None), (2, 5, CharClass.HAN), (5, 8, None), (8, 10, CharClass.HAN),
                     (11, 13, CharClass.LATIN), (13, 16, None), (16, 18, CharClass.DASH)]


def test_glue_before_runs_of_han_and_marks_as_before_each_character():
    # a word space before a mark (not the Han–Latin gap), none between a Latin word and a mark,
    # the Han–Latin gap on both sides of a Latin word between Han characters
    lines, _ = compose("ab “甲” cd，乙abc丙 “乙", 20, align="left")
    assert texts(lines) == ["ab “甲” cd，乙abc丙 “乙"]
    # (c–d is kerned by 0.001 em in Noto Serif SC's kern pairs, b–c opened by as much)
    assert xs_em(lines[0]) == [0.0, 0.557, 1.195, 1.451, 2.451, 3.451, 4.451, 4.707, 5.244, 5.873, 6.873, 8.123,
                               8.68, 9.319, 10.107, 11.107, 11.363, 12.363]
