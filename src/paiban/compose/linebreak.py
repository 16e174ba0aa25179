"""Line breaking: where each line of a paragraph ends (clreq §3.1.7, §3.8).

Lines are filled first-fit on natural widths (every mark a full em). When the natural break falls
where a prohibition forbids it (a mark that may not start a line would begin the next one, or one
that may not end a line would end this one), the composer first tries to *push in*: take the
prohibited characters onto this line and make room by compressing the marks in it, each by up to
half an em. Only when that cannot make room does it *push out*: end the line at the last allowed
break before, to be justified with wider spacing. This is clreq's and JLReq's order (reduction
before expansion) and what InDesign calls "push in first".
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate, islice
from operator import add

from paiban.compose.config import ParagraphConfig, Where
from paiban.compose.units import Unit, can_open, split_unit
from paiban.text.classes import NO_LINE_END, NO_LINE_START, OPENING, CharClass

EPS = 1e-6


@dataclass(frozen=True, slots=True)
class Break:
    """One line's span of units [start, end) and how its end was found."""

    start: int
    end: int
    pushed: str = ""  # "" | "in" | "out" | "forced"


#: Units past a push-in's line end whose squeezable widths are summed with it, for the next one.
_SQUEEZE_STEP = 128


class _Measure:
    """Prefix sums over a paragraph's units, so a line's width is O(1) to ask for."""

    def __init__(self, units: list[Unit], cfg: ParagraphConfig):
        self.units = units
        self.cfg = cfg
        # (list comprehensions: on slotted units they read attributes faster than attrgetter maps)
        self.width = [0.0, *accumulate([u.width for u in units])]
        self.glue = [0.0, *accumulate([u.glue for u in units])]
        # reach[b]: right edge of unit b-1 counted from the paragraph start, glue before it included
        self.reach = [0.0, *map(add, islice(self.width, 1, None), self.glue)]
        self.shrink: list[float] = [0.0]  # mark blanks, made as far as a push-in asks (see _squeezable)
        self.glue_shrink: list[float] = [0.0]  # how far the glue may shrink, likewise

    def _squeezable(self, b: int) -> None:
        """Extend the prefix sums of the squeezable widths to at least index b.

        Only a push-in asks for them, and only up to its line's end, so they are made in steps
        rather than for the whole paragraph up front. A step continues the running sum from the
        last one, so each sum is the same float a single pass would give.
        """
        done = len(self.shrink) - 1
        if b <= done:
            return
        more = self.units[done : b + _SQUEEZE_STEP]
        blanks = [u.shrink_left + u.shrink_right for u in more]
        glue = [u.glue_shrink for u in more]
        if done:
            self.shrink += islice(accumulate(blanks, initial=self.shrink[-1]), 1, None)
            self.glue_shrink += islice(accumulate(glue, initial=self.glue_shrink[-1]), 1, None)
        else:
            self.shrink += accumulate(blanks)
            self.glue_shrink += accumulate(glue)

    def last_fitting(self, s: int, avail: float) -> int:
        """The largest b > s such that units [s, b) fit in `avail` at natural width (at least s + 1)."""
        limit = avail + EPS + self.width[s] + self.glue[s] + self.start_trim(s)
        b = max(bisect_right(self.reach, limit, s + 1) - 1, s + 1)
        units = self.units
        while b > s + 1 and units[b - 1].hyphen and self.reach[b] + units[b - 1].hyphen > limit:
            b -= 1  # the hyphen a break there adds does not fit: the piece goes to the next line
        return b

    def natural(self, s: int, b: int) -> float:
        """Width of units [s, b) on one line at natural setting (trailing glue dropped, the hyphen
        a break after unit b - 1 adds counted)."""
        w = self.width[b] - self.width[s] + self.glue[b - 1] - self.glue[s]
        return w - self.start_trim(s) + self.units[b - 1].hyphen

    def start_trim(self, s: int) -> float:
        """The blank an opening bracket starting a line at unit s loses (see `start_blank`)."""
        cjk = self.cfg.cjk
        if (cjk.paragraph_start_opening if s == 0 else cjk.line_start_opening) != "half":
            return 0.0  # (the common case, asked for every line: no call)
        return start_blank(self.units[s])

    def minimum(self, s: int, b: int) -> float:
        """Width of units [s, b) with every mark and Han–Latin gap squeezed as far as allowed
        (an opening bracket starting the line keeps its blank half unless the style trims it)."""
        self._squeezable(b)
        squeeze = self.shrink[b] - self.shrink[s] + self.glue_shrink[b - 1] - self.glue_shrink[s]
        return self.natural(s, b) - (squeeze - start_blank(self.units[s]))


def start_blank(unit: Unit) -> float:
    """The blank left half of an opening bracket, which decides its width at a line start."""
    return unit.shrink_left if unit.text[0] in OPENING else 0.0


def start_width(cfg: ParagraphConfig, paragraph_start: bool) -> str:
    """How an opening bracket starting a line is set: "full" keeps its blank half, which then
    is not squeezed either (the bracket stays where a Han character would start, on a paragraph's
    first line just after the indent); "half" trims it. A paragraph's first line follows
    `cjk.paragraph_start_opening`, every other line `cjk.line_start_opening`."""
    return cfg.cjk.paragraph_start_opening if paragraph_start else cfg.cjk.line_start_opening


def _allowed(units: list[Unit], b: int, level: str) -> bool:
    """Whether a line may end before unit b: no prohibited mark at either side, and not at a
    space that must not break (GB 1234, U+00A0: see paiban.compose.latin)."""
    if b >= len(units):
        return True
    left = units[b - 1]
    return units[b].text[0] not in NO_LINE_START[level] and left.text[-1] not in NO_LINE_END[level] and not left.nobreak


def break_lines(units: list[Unit], cfg: ParagraphConfig, where: Where, measure: _Measure | None = None) -> list[Break]:
    """Choose line ends greedily, with push-in before push-out (`measure`: one already made of
    these units, which the total-fit breaker shares)."""
    m = measure or _Measure(units, cfg)
    level = cfg.cjk.kinsoku
    n = len(units)
    breaks: list[Break] = []
    s = 0
    while s < n:
        avail = cfg.width - (cfg.indent if not breaks else 0.0)
        b = m.last_fitting(s, avail)
        brk = Break(s, b) if b == n or _allowed(units, b, level) else _resolve_prohibited(units, m, s, b, avail)
        if _is_lone(units, brk, cfg):
            end = _fill_lone_line(units, m, s, b, avail, where)
            if end is not None:
                m, n = _Measure(units, cfg), len(units)
                brk = Break(s, end)
            elif b - s > 1:
                brk = Break(s, b, "forced")  # a prohibited mark at a line edge beats a gaping line
        if brk.pushed == "forced":
            text = "".join(u.text for u in units[s : b + 1])
            where.diagnostics.warn(f"no allowed line break near '{text}': a prohibited mark starts or ends a line",
                                   where.source)
        breaks.append(brk)
        s = brk.end
    return breaks


def _is_lone(units: list[Unit], brk: Break, cfg: ParagraphConfig) -> bool:
    """Whether a line of a justified paragraph holds one unit that justification cannot open
    and that may not stand flush left either: a Latin word or URL alone on its line is set flush
    left, as proofreaders accept; a lone Han character or dash run would leave a gaping line."""
    u = units[brk.start]
    return (cfg.align == "justify" and brk.end - brk.start == 1 and brk.end < len(units)
            and not can_open(u) and u.cls is not CharClass.LATIN)


def _fill_lone_line(units: list[Unit], m: _Measure, s: int, b: int, avail: float, where: Where) -> int | None:
    """Cut a Latin word so that its head fills the line from s; the line's new end, or None.

    A line left holding one character or one dash run, because a word or URL after it is too
    long to join it (or was pushed out with a mark that may not start a line), could be neither
    justified nor kept from a gaping hole. Breaking the word between characters is the lesser
    evil (a warning says so). The candidates are the units up to b, the one that did not fit,
    latest first, so as much as possible stays whole; `units` is changed in place.
    """
    for k in range(b, s, -1):
        word = units[k]
        if word.cls is not CharClass.LATIN or len(word.text) < 2:
            continue
        room = avail - m.natural(s, k) - units[k - 1].glue
        keep = 2 if len(word.text) >= 4 else 1  # no lone letter at either side of the cut
        at = min(bisect_right(word.offsets, room + EPS, 1) - 1, len(word.text) - keep)
        if at >= keep:
            units[k : k + 1] = split_unit(word, at)
            where.diagnostics.warn(f"'{word.text}' was broken between characters to fill the line before it",
                                   where.source)
            return k + 1
    return None


def _resolve_prohibited(units: list[Unit], m: _Measure, s: int, b: int, avail: float) -> Break:
    """The break when the natural one (before b) is prohibited: push in, else push out, else force."""
    level = m.cfg.cjk.kinsoku
    if m.cfg.cjk.push == "in_first":
        c = b + 1
        while c < len(units) and not _allowed(units, c, level):
            c += 1
        if m.minimum(s, c) <= avail + EPS:
            return Break(s, c, "in")
    for c in range(b - 1, s, -1):
        if _allowed(units, c, level):
            return Break(s, c, "out")
    return Break(s, b, "forced")
