"""The total-fit breaker: each of its costs on a paragraph made to hit it (1 em = 10 pt)."""

from __future__ import annotations

from conftest import compose, xs_em

from paiban.text.classes import NO_LINE_END, NO_LINE_START

H = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


def texts(lines):
    return [ln.text for ln in lines]


def test_no_lone_character_on_the_last_line():
    text = H[:18] + H[:20] + "止。"
    first_fit, _ = compose(text, 20, 2, linebreak="first-fit")
    assert texts(first_fit)[-1] == "止。"
    lines, diag = compose(text, 20, 2)
    assert "".join(texts(lines)) == text
    assert len(lines) == 3 and len(lines[-1].text.rstrip("。")) >= 3
    assert all(ln.justified for ln in lines[:-1]) and not diag.items
    # the characters pushed down open the lines above evenly, by a twentieth of an em or so
    gaps = [b - a for a, b in zip(xs_em(lines[1]), xs_em(lines[1])[1:])]
    assert max(gaps) - min(gaps) < 0.01 and 1.0 < gaps[0] < 1.06


def test_a_number_is_not_cut_from_its_unit():
    text = H[:17] + "2019年印发通知" + H[:19] + "国发〔2018〕123号印发" + H
    first_fit, _ = compose(text, 20, linebreak="first-fit")
    assert texts(first_fit)[0].endswith("2019") and texts(first_fit)[1].startswith("年")
    lines, _ = compose(text, 20)
    assert "".join(texts(lines)) == text
    for above, below in zip(texts(lines), texts(lines)[1:]):
        assert not (above[-1].isdigit() and not below[0].isdigit()), (above, below)
        assert not (above.endswith("〕") and below[0].isdigit()), (above, below)


def test_a_lone_mark_is_not_squeezed_beside_a_full_one():
    text = H[:8] + "、" + H[:8] + "。" + "甲乙" + "，" + H + H[:10] + "。"
    first_fit, _ = compose(text, 20, linebreak="first-fit")
    assert xs_em(first_fit[0])[8:10] == [8.0, 8.5]  # 、 set at half an em, 。 left full
    lines, _ = compose(text, 20)
    xs = xs_em(lines[0])
    steps = [round(b - a, 3) for a, b in zip(xs, xs[1:])]
    assert min(steps) > 1.0  # pushed out instead: every gap opened a little, no mark squeezed
    assert max(steps) - min(steps) < 0.01


def test_marks_of_a_pushed_in_line_are_squeezed_evenly():
    # brackets and pause marks share the squeeze: 《 》 and the comma each lose a sixth of an em
    text = H[:3] + "《" + H[:5] + "》" + H[:4] + "，" + H[:5] + "，" + H
    lines, _ = compose(text, 20, linebreak="first-fit")
    assert lines[0].pushed == "in" and lines[0].text.endswith("，")
    xs = xs_em(lines[0])
    widths = [round(b - a, 3) for a, b in zip(xs, xs[1:])]
    squeezed = [w for w in widths if w < 0.999]
    assert len(squeezed) == 3 and max(squeezed) - min(squeezed) < 0.002, widths  # one common width


def test_kinsoku_is_never_broken_and_nothing_is_lost():
    text = ("“不忘初心、牢记使命”主题教育，2019年12月（第3期）于《人民日报》刊登——见附件……"
            "各地要在6个月内完成，涉及资金1,234.56元。") * 3
    for width in (9, 11, 13, 17, 20, 23):
        lines, _ = compose(text, width, 2)
        assert "".join(texts(lines)) == text
        for ln in lines[:-1]:
            assert ln.text[-1] not in NO_LINE_END["strict"] and ln.text[0] not in NO_LINE_START["strict"]
        assert lines[-1].text[0] not in NO_LINE_START["strict"]


def test_first_fit_is_kept_as_a_style_option():
    text = H[:18] + H[:20] + "止。"
    lines, _ = compose(text, 20, 2, linebreak="first-fit")
    assert texts(lines) == [H[:18], H[:20], "止。"]


def _variants(text, width, indent):
    from conftest import make_config

    from paiban.compose.config import Where
    from paiban.compose.paragraph import paragraph_variants
    from paiban.errors import Diagnostics
    from paiban.model.article import Run

    return paragraph_variants((Run(text),), make_config(width, indent), Where(None, Diagnostics()))


def test_variants_offer_a_line_more_or_less_only_when_decent():
    # plain Han text with a short last line: one line more would need gaps of a third of an em,
    # one line fewer would need five characters squeezed into lines that have no marks
    plain = _variants(H[:18] + H[:20] + H[:20] + H[:5] + "。", 20, 2)
    assert sorted(plain) == [4]
    assert [len(ln.text) for ln in plain[4].lines] == [18, 20, 20, 6]
    # marks everywhere: a line fewer is possible by squeezing them, evenly
    marked = _variants("甲，乙，丙，" * 6 + "丁。", 20, 2)
    assert sorted(marked) == [2, 3]
    assert "".join(ln.text for ln in marked[2].lines) == "甲，乙，丙，" * 6 + "丁。"
    assert marked[2].demerits < marked[3].demerits


def test_a_variant_one_line_longer_spreads_its_slack_evenly():
    text = H[:18] + H[:20] + H[:20] + H[:19]  # a last line of 19: a fifth line takes a few characters
    v = _variants(text, 20, 2)
    assert sorted(v) == [4, 5]
    assert [len(ln.text) for ln in v[4].lines] == [18, 20, 20, 19]
    longer = v[5].lines
    assert "".join(ln.text for ln in longer) == text and len(longer[-1].text) >= 3
    for ln in longer[:-1]:
        xs = xs_em(ln)
        gaps = [b - a for a, b in zip(xs, xs[1:])]
        assert max(gaps) - min(gaps) < 0.01 and max(gaps) < 1.1  # even, and never loose


def test_a_number_moves_down_with_its_unit_even_at_the_cost_of_a_loose_line():
    # 年 does not fit after 2006 on the first line, which has no mark to squeeze: the year goes
    # down with its 年, and the first line opens (a proofreader's lesser evil)
    text = "中央政府门户网站于2006年1月1日正式开通。网站专门开设了栏目。"
    lines, _ = compose(text, 14, 2)
    assert lines[0].text == "中央政府门户网站于" and lines[1].text.startswith("2006年")


def _corpus_paragraphs(limit: int = 40) -> list[str]:
    """Plain paragraphs of the proof corpus (digits, document numbers, Latin, marks of every kind)."""
    from conftest import ROOT

    out = []
    for path in sorted((ROOT / "benchmarks" / "corpus").glob("[0-9][0-9]-*.md")):
        body = path.read_text(encoding="utf-8").split("---\n", 2)[-1]
        out += [p.strip() for p in body.split("\n\n") if len(p.strip()) > 60 and p.strip()[0] not in "#>|-*!["]
    return out[:: max(1, len(out) // limit)]


def _units(text, cfg):
    from paiban.compose.config import Where
    from paiban.compose.units import itemize, split_overlong
    from paiban.errors import Diagnostics
    from paiban.model.article import Run

    where = Where(None, Diagnostics())
    return split_overlong(itemize((Run(text),), cfg, where), cfg, where)


def test_the_first_narrow_search_is_kept_only_when_the_wider_one_agrees():
    # the first search tries lines at most an eighth of an em loose; its setting is kept when it
    # costs less than any line it left out would alone, and it must then be the quarter-em one
    from conftest import make_config

    from paiban.compose import totalfit as tf
    from paiban.compose.linebreak import _Measure

    kept = 0
    for width in (13, 20, 23):
        cfg = make_config(width, 2)
        for text in _corpus_paragraphs():
            units = _units(text, cfg)
            m, costs = _Measure(units, cfg), tf._prefix_costs(units, cfg.size)
            first = tf._search(units, m, costs, cfg, tf.FIRST_TOLERANCE)
            wide = tf._search(units, m, costs, cfg, tf.VARIANT_TOLERANCE)
            if first is not None and first[0] < tf._stretch_demerits(tf.FIRST_TOLERANCE):
                kept += 1
                assert first == wide, text
    assert kept >= 20  # the check saw real paragraphs take the short way


def test_squeezing_only_the_units_that_give_is_squeezing_the_whole_line():
    # the list of units that can give (marks, blanks, shrinkable glue) leaves out only units
    # that have nothing to give: squeezing over it sets every line as squeezing over all units
    from conftest import make_config

    from paiban.compose.line import start_adjusted
    from paiban.compose.linebreak import _Measure

    cfg = make_config(20, 2)
    compared = 0
    for text in _corpus_paragraphs():
        units = _units(text, cfg)
        m = _Measure(units, cfg)
        for s in range(0, len(units) - 3, 7):
            b = min(m.last_fitting(s, cfg.width) + 2, len(units))
            for need in (2.0, 5.0, 9.0, 14.0):
                results = []
                for give in (None, list(range(b - s))):
                    adj = start_adjusted(units[s:b], cfg, s == 0, give)
                    results.append((adj.squeeze_pairs(), adj.squeeze_cost(need), adj.left, adj.right, adj.glue))
                assert results[0] == results[1], (text[:20], s, b, need)
                compared += 1
    assert compared > 100
