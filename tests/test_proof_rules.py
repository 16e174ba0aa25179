"""The text rules behind `number_unit_break`, and the word boundaries headings are checked with."""

from __future__ import annotations

import pytest

from paiban.proof.numbers import number_break
from paiban.text.segment import word_boundaries


def at_bar(text: str) -> str:
    """number_break for the break marked | in text."""
    k = text.index("|")
    return number_break(text.replace("|", ""), k)


@pytest.mark.parametrize("text, reason", [
    ("于2019|年12月", "number and unit 年"),
    ("共6|个月", "number and unit 个"),
    ("占42|%，", "number and unit %"),
    ("约10.92|平方公里", "number and unit 平方公里"),
    ("每日8|小时", "number and unit 小时"),
    ("国办发〔2018〕|123号", "inside a document number"),
    ("国办发〔20|18〕123号", "inside a number"),
    ("国办发〔2018〕12|3号", "inside a number"),
    ("符合（GB|1234）的", "inside a standard number"),
    ("依据GB/T|7714—2015", "inside a standard number"),
    ("合计1,234.|56元", "inside a number"),
    ("合计1,|234.56元", "inside a number"),
])
def test_breaks_that_cut_a_number(text, reason):
    assert at_bar(text) == reason


@pytest.mark.parametrize("text", [
    "二〇一九年|十二月",   # no digits: not this rule's business
    "2019年|12月",          # after the unit
    "国办发|〔2018〕123号",  # before the bracket: the number stays whole
    "第7240号建议|的答复",
    "IPv6|（互联网协议）",
    "GB 1234|规定",
])
def test_breaks_that_keep_numbers_whole(text):
    assert at_bar(text) == ""


def test_word_boundaries_fall_between_words_only():
    text = "强化政治建设促融合发展"
    bounds = word_boundaries(text)
    assert {2, 4, 6} <= bounds  # 强化|政治|建设|促…
    assert 8 not in bounds and 5 not in bounds  # 融|合, 建|设: inside a word
    assert all(0 < i < len(text) for i in bounds)
    assert word_boundaries("") == frozenset()
