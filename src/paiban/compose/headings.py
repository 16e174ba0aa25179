"""Breaking headings and title lines that must wrap: at punctuation or between words, balanced.

A paragraph is filled line by line to the measure; a heading is read at a glance, so when it
must wrap it is broken where the sense breaks (after a pause mark or closing bracket, before an
opening one, else between two words) and its lines are made about equally long, the first the
longer when they cannot be equal, as magazines set them. A heading that fits on one line is set
exactly as a paragraph would set it: only a wrapping heading asks for word boundaries, so an
article whose headings all fit never loads the segmenter.

The lines come out as the paragraph composer's `ComposedLine`s (committed by the same code), so
the flow and the renderer see no difference but where the lines end.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from itertools import accumulate
from typing import NamedTuple

from paiban.compose.config import ParagraphConfig, Where
from paiban.compose.line import ComposedLine, commit
from paiban.compose.linebreak import EPS, Break, _allowed, _Measure
from paiban.compose.paragraph import compose_paragraph
from paiban.compose.units import MARK_CLASSES, Unit, itemize, split_overlong
from paiban.errors import Diagnostics
from paiban.model.article import Run
from paiban.text.classes import CharClass

#: Cost of a break between two words, against none for a break at punctuation; in the units of
#: the balance cost (squared ems of a line's distance from the mean): of two lines, a break at
#: punctuation wins unless its lines differ by some three or four ems more than a word break's.
WORD_BREAK = 6.0
#: Further cost of a break next to a one-character word (…建设促 / 融合): longer words part better.
SHORT_WORD = 1.5
#: Cost per em that a line after the first runs past the mean: for two lines that cannot be
#: equal, the first is the longer one.
LONGER_LATER = 2.0


#: Units and counters that stay with the number before them (2019年, 6个月, 3项, 10余人).
UNITS = frozenset("年月日时分秒号个万亿元角条款项期次位名人家件台倍度届批章节页岁天周余多")


class _Candidate(NamedTuple):
    """A place a line may end (before unit `at`) and what ending there costs. (A named tuple:
    a frozen dataclass costs some milliseconds to make at import, which every build pays.)"""

    at: int
    cost: float


def compose_heading(runs: tuple[Run, ...], cfg: ParagraphConfig, where: Where, what: str = "heading") -> list[ComposedLine]:
    """Set a heading (or a title line, `what` says which for messages) on as few lines as it needs.

    One line: exactly the paragraph composer's line and warnings. More: balanced lines broken at
    punctuation or word boundaries; when no such break fits, the paragraph composer's lines with
    a warning naming the heading.
    """
    trial = Diagnostics()
    lines = compose_paragraph(runs, cfg, Where(where.source, trial))
    if len(lines) > 1:
        balanced = balance_lines(runs, cfg, where, len(lines))
        if balanced is not None:
            return balanced
    where.diagnostics.items.extend(trial.items)
    if len(lines) > 1:
        warn_unbalanced(runs, where, what)
    return lines


def warn_unbalanced(runs: tuple[Run, ...], where: Where, what: str) -> None:
    """Say that a heading or title line was broken where its line was full."""
    text = "".join(r.text for r in runs)
    where.diagnostics.warn(f"the {what} '{text}' has no break at punctuation or between words that fits "
                           "the measure: it was broken where its line was full", where.source)


def balance_lines(runs: tuple[Run, ...], cfg: ParagraphConfig, where: Where, fewest: int) -> list[ComposedLine] | None:
    """Balanced lines broken at punctuation or word boundaries, or None when there are none.

    `fewest` is how many lines the paragraph composer needs. Breaking only where the sense
    allows may need more: one more, or one more for every four lines of a long heading, and
    no more than that. The composer's warnings (a missing glyph…) are given only with lines.
    """
    said = Where(where.source, Diagnostics())
    units = split_overlong(itemize(runs, cfg, said), cfg, said)
    setting = _Setting(units, cfg)
    candidates = _candidates(units, cfg)
    count = setting.fewest_lines([c.at for c in candidates])
    if count is None or count > fewest + 1 + fewest // 4:
        return None
    chosen = setting.best_ends(candidates, count)
    if chosen is None:
        return None
    where.diagnostics.items.extend(said.diagnostics.items)
    return setting.commit(chosen)


class _Setting:
    """The units of one heading and what a line of them measures, asked in O(1)."""

    def __init__(self, units: list[Unit], cfg: ParagraphConfig):
        self.units = units
        self.cfg = cfg
        self.measure = _Measure(units, cfg)
        # letters[b]: characters of units [0, b) that are not punctuation marks
        self.letters = [0, *accumulate(0 if u.cls in MARK_CLASSES else len(u.text) for u in units)]

    def extent(self, s: int, b: int) -> float:
        """How far the line of units [s, b) reaches from its start: its natural width less a
        closing mark's blank, which a full line gives up first."""
        return self.measure.natural(s, b) - self.units[b - 1].shrink_right

    def fits(self, s: int, b: int) -> bool | None:
        """Whether units [s, b) make a line: within the measure and more than one character, give
        or take marks (…定。). None when too long, and so is every longer line from s."""
        if self.extent(s, b) > self.cfg.width - (self.cfg.indent if s == 0 else 0.0) + EPS:
            return None
        return self.letters[b] - self.letters[s] > 1

    def fewest_lines(self, breaks: list[int]) -> int | None:
        """The fewest lines the heading can be set on, ending lines only before the units in
        `breaks` (ascending); None when it cannot be."""
        n = len(self.units)
        ends = [*breaks, n]
        lines = {0: 0}
        for s in [0, *breaks]:
            if s not in lines:
                continue
            for b in ends[bisect_right(ends, s):]:
                fits = self.fits(s, b)
                if fits is None:
                    break
                if fits and lines.get(b, n + 1) > lines[s] + 1:
                    lines[b] = lines[s] + 1
        return lines.get(n)

    def best_ends(self, candidates: list[_Candidate], count: int) -> list[int] | None:
        """The line ends (unit indices, the last being len(units)) of the cheapest setting on
        `count` lines, or None when no setting on that many lines fits.

        Dynamic programming over (lines set, where the last one ended); a line's cost is its
        squared distance from the mean extent in ems, a charge when a later line passes the
        mean, and the cost of the break that ends it.
        """
        n = len(self.units)
        cfg = self.cfg
        mean = (cfg.indent + self.measure.natural(0, n)) / count
        ends = [c.at for c in candidates] + [n]
        charge = {c.at: c.cost for c in candidates}
        charge[n] = 0.0
        # layers[j][b]: (cost, start of the last line) of the cheapest j lines ending before unit b
        layers: list[dict[int, tuple[float, int]]] = [{0: (0.0, -1)}]
        for line in range(count):
            indent = cfg.indent if line == 0 else 0.0
            layer: dict[int, tuple[float, int]] = {}
            for s, (cost, _) in layers[-1].items():
                for b in ends[bisect_right(ends, s):]:
                    fits = self.fits(s, b)
                    if fits is None:
                        break  # ends are ascending: every later line is longer still
                    if not fits or (b == n) != (line == count - 1):
                        continue
                    over = (self.extent(s, b) + indent - mean) / cfg.size
                    total = cost + over * over + charge[b] + (LONGER_LATER * max(over, 0.0) if line else 0.0)
                    if b not in layer or total < layer[b][0] - EPS:
                        layer[b] = (total, s)
            layers.append(layer)
        if n not in layers[-1]:
            return None
        out, b = [], n
        for layer in reversed(layers[1:]):
            out.append(b)
            b = layer[b][1]
        return out[::-1]

    def commit(self, ends: list[int]) -> list[ComposedLine]:
        """The chosen lines, committed as the paragraph composer commits its own. A justified
        heading's lines are set flush left: spreading a line shortened for balance across the
        measure would undo the balance with wide gaps."""
        cfg = replace(self.cfg, align="left") if self.cfg.align == "justify" else self.cfg
        lines = []
        s = 0
        for k, b in enumerate(ends):
            avail = cfg.width - (cfg.indent if k == 0 else 0.0)
            pushed = "in" if self.measure.natural(s, b) > avail + EPS else ""
            lines.append(commit(self.units, Break(s, b, pushed), cfg, first=k == 0, last=k == len(ends) - 1))
            s = b
        return lines


def _unit_text(units: list[Unit]) -> tuple[str, list[int]]:
    """The text the units set (a word space where one is drawn), and where each unit starts in it."""
    parts: list[str] = []
    starts: list[int] = []
    at = 0
    for u in units:
        starts.append(at)
        parts.append(u.text)
        at += len(u.text)
        if u.glue_kind == "space":
            parts.append(" ")
            at += 1
    return "".join(parts), starts


def _candidates(units: list[Unit], cfg: ParagraphConfig) -> list[_Candidate]:
    """Where a line may end: kinsoku allowing, at punctuation, a word space or a word boundary,
    but not inside a number with its unit or a code with its number."""
    level = cfg.cjk.kinsoku
    text, starts = _unit_text(units)
    words: list[int] | None = None
    out: list[_Candidate] = []
    for b in range(1, len(units)):
        if not _allowed(units, b, level):
            continue
        left, right = units[b - 1], units[b]
        if left.cls in (CharClass.PAUSE, CharClass.CLOSING) or right.cls is CharClass.OPENING:
            out.append(_Candidate(b, 0.0))
            continue
        if _bound(units, b):
            continue
        if words is None:
            from paiban.text.segment import word_boundaries  # loads a dictionary: only here

            words = sorted(word_boundaries(text))
        at = starts[b] - (1 if left.glue_kind == "space" else 0)
        k = bisect_left(words, at)
        if left.glue_kind == "space" or (k < len(words) and words[k] == at):
            out.append(_Candidate(b, WORD_BREAK + _short_word(len(text), words, at)))
    return out


def _bound(units: list[Unit], b: int) -> bool:
    """Whether units b - 1 and b are read as one: pieces of one Latin word or path (GB/T), a
    number and the units or counters after it (2019年, 12个月, 3万元), or a code and its number
    across a space (GB 1234). A segmenter parts them (jieba reads 12/个/月)."""
    left, right = units[b - 1], units[b]
    if left.cls is CharClass.LATIN and (left.tight or (left.glue_kind == "space" and left.text[-1].isalpha()
                                                      and right.text[0].isdigit())):
        return True
    if right.text not in UNITS:
        return False
    k = b - 1
    while k > 0 and units[k].text in UNITS:
        k -= 1
    return units[k].cls is CharClass.LATIN and units[k].text[-1].isdigit()


def _short_word(length: int, words: list[int], at: int) -> float:
    """SHORT_WORD when the word just before or just after text index `at` is one character
    (`words`: the text's word boundaries, ascending; `length`: the text's)."""
    k = bisect_left(words, at)
    before = words[k - 1] if k > 0 else 0
    k = bisect_right(words, at)
    after = words[k] if k < len(words) else length
    return SHORT_WORD if at - before == 1 or after - at == 1 else 0.0
