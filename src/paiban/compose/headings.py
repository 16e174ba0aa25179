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

from dataclasses import dataclass, replace

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
SHORT_WORD = 2.0
#: Cost per em that a line after the first runs past the mean: for two lines that cannot be
#: equal, the first is the longer one.
LONGER_LATER = 1.0


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A place a line may end (before unit `at`) and what ending there costs."""

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
    """Balanced lines broken at punctuation or word boundaries, on `fewest` lines (as many as
    the paragraph composer needs) or one more; None when no such setting fits."""
    units = split_overlong(itemize(runs, cfg, where), cfg, where)
    candidates = _candidates(units, cfg)
    measure = _Measure(units, cfg)
    for count in (fewest, fewest + 1):
        ends = _best_ends(units, candidates, measure, cfg, count)
        if ends is not None:
            return _commit(units, ends, measure, cfg)
    return None


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
    """Where a line may end: kinsoku allowing, at punctuation, a word space or a word boundary."""
    level = cfg.cjk.kinsoku
    text, starts = _unit_text(units)
    words: frozenset[int] | None = None
    out: list[_Candidate] = []
    for b in range(1, len(units)):
        if not _allowed(units, b, level):
            continue
        left, right = units[b - 1], units[b]
        if left.cls in (CharClass.PAUSE, CharClass.CLOSING) or right.cls is CharClass.OPENING:
            out.append(_Candidate(b, 0.0))
            continue
        if words is None:
            from paiban.text.segment import word_boundaries  # loads a dictionary: only here

            words = word_boundaries(text)
        at = starts[b] - (1 if left.glue_kind == "space" else 0)
        if left.glue_kind == "space" or at in words:
            out.append(_Candidate(b, WORD_BREAK + _short_word(text, words, at)))
    return out


def _short_word(text: str, words: frozenset[int], at: int) -> float:
    """SHORT_WORD when the word just before or just after text index `at` is one character."""
    before = max((i for i in words if i < at), default=0)
    after = min((i for i in words if i > at), default=len(text))
    return SHORT_WORD if at - before == 1 or after - at == 1 else 0.0


def _best_ends(units: list[Unit], candidates: list[_Candidate], m: _Measure, cfg: ParagraphConfig,
               count: int) -> list[int] | None:
    """The line ends (unit indices, the last being len(units)) of the cheapest setting on
    `count` lines, or None when no setting on that many lines fits.

    Dynamic programming over (lines set, where the last one ended); a line's cost is its squared
    distance from the mean extent in ems, a charge when a later line passes the mean, and the
    cost of the break that ends it.
    """
    n = len(units)
    em = cfg.size
    mean = (cfg.indent + m.natural(0, n)) / count
    ends = [c.at for c in candidates] + [n]
    charge = {c.at: c.cost for c in candidates}
    charge[n] = 0.0
    best: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, -1)}
    for line in range(count):
        indent = cfg.indent if line == 0 else 0.0
        for (done, s), (cost, _) in [item for item in best.items() if item[0][0] == line]:
            for b in ends:
                if b <= s:
                    continue
                extent = _extent(units, m, s, b)
                if extent > cfg.width - indent + EPS:
                    break  # ends are ascending: every later one is longer still
                if (b == n) != (line == count - 1) or _lone_character(units[s:b]):
                    continue
                extent += indent
                total = cost + ((extent - mean) / em) ** 2 + charge[b]
                if line > 0:
                    total += LONGER_LATER * max(extent - mean, 0.0) / em
                key = (line + 1, b)
                if key not in best or total < best[key][0] - EPS:
                    best[key] = (total, s)
    if (count, n) not in best:
        return None
    out, line, b = [], count, n
    while line > 0:
        out.append(b)
        b = best[(line, b)][1]
        line -= 1
    return out[::-1]


def _extent(units: list[Unit], m: _Measure, s: int, b: int) -> float:
    """How far the line of units [s, b) reaches: its natural width less a closing mark's blank,
    which the line may give up at its end (the first thing squeezed from a full line)."""
    return m.natural(s, b) - units[b - 1].shrink_right


def _lone_character(line: list[Unit]) -> bool:
    """Whether a line holds one character, give or take punctuation marks (…定。)."""
    return sum(len(u.text) for u in line if u.cls not in MARK_CLASSES) <= 1


def _commit(units: list[Unit], ends: list[int], m: _Measure, cfg: ParagraphConfig) -> list[ComposedLine]:
    """The chosen lines, committed as the paragraph composer commits its own. A justified
    heading's lines are set flush left: spreading a line shortened for balance across the
    measure would undo the balance with wide gaps."""
    if cfg.align == "justify":
        cfg = replace(cfg, align="left")
    lines = []
    s = 0
    for k, b in enumerate(ends):
        avail = cfg.width - (cfg.indent if k == 0 else 0.0)
        pushed = "in" if m.natural(s, b) > avail + EPS else ""
        lines.append(commit(units, Break(s, b, pushed), cfg, first=k == 0, last=k == len(ends) - 1))
        s = b
    return lines
