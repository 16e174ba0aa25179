"""Committing a line: squeeze or stretch its units to the measure and place every glyph.

Adjustment follows clreq §3.8: adjacent marks are first set as a 1.5 em pair; a line that is too
long (pushed in) is squeezed tier by tier — the mark at the line end, then brackets, then pause
marks, then Han–Latin gaps, then full stops — each mark by at most its blank half; a line that is
too short is stretched by spreading the slack evenly over all gaps between characters (never
inside a Latin word). The last line of a paragraph keeps its natural width.
"""

from __future__ import annotations

from dataclasses import dataclass

from paiban.compose.config import ParagraphConfig
from paiban.compose.linebreak import EPS, Break
from paiban.compose.units import Unit, can_open
from paiban.layout.result import GlyphRun
from paiban.text.classes import CLOSING, OPENING, CharClass

_STOPS = frozenset("。？！．")


@dataclass(frozen=True, slots=True)
class ComposedLine:
    """A set line, positioned relative to the left edge of its measure."""

    runs: tuple[GlyphRun, ...]
    width: float  # the measure
    natural: float  # width the content takes at natural setting
    filled: float  # width the content takes as set (the measure, for a justified line)
    first: bool
    last: bool
    justified: bool
    pushed: str

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


class _Adjust:
    """Per-unit squeeze applied on each side, and per-gap extra space, for one line."""

    def __init__(self, units: list[Unit]):
        self.units = units
        self.left = [0.0] * len(units)
        self.right = [0.0] * len(units)
        self.glue = [0.0] * len(units)

    def room_left(self, i: int) -> float:
        return self.units[i].shrink_left - self.left[i]

    def room_right(self, i: int) -> float:
        return self.units[i].shrink_right - self.right[i]

    def squeeze_pairs(self) -> float:
        """Set adjacent marks as a 1.5 em pair (clreq §3.1.6.2); returns the width removed."""
        removed = 0.0
        for i in range(len(self.units) - 1):
            a, b = self.units[i], self.units[i + 1]
            if not (a.is_mark and b.is_mark) or a.glue:
                continue
            if self.room_right(i) > EPS:
                amount = self.room_right(i)
                self.right[i] += amount
            elif self.room_left(i + 1) > EPS:
                amount = self.room_left(i + 1)
                self.left[i + 1] += amount
            else:
                continue
            removed += amount
        return removed

    def squeeze(self, need: float) -> float:
        """Squeeze up to `need` pt, tier by tier; returns what could not be found."""
        last = len(self.units) - 1
        tiers = [
            [("r", last)],
            [(side, i) for i, u in enumerate(self.units) if u.first in OPENING or u.first in CLOSING for side in "lr"],
            [(side, i) for i, u in enumerate(self.units) if u.cls is CharClass.PAUSE and u.first not in _STOPS for side in "lr"],
            [("g", i) for i in range(last) if self.units[i].glue_shrink > 0],
            [(side, i) for i, u in enumerate(self.units) if u.first in _STOPS for side in "lr"],
        ]
        for tier in tiers:
            if need <= EPS:
                break
            need = self._fill(tier, need)
        return need

    def _room(self, side: str, i: int) -> float:
        if side == "l":
            return self.room_left(i)
        if side == "r":
            return self.room_right(i)
        return self.units[i].glue_shrink + self.glue[i]

    def _take(self, side: str, i: int, amount: float) -> None:
        if side == "l":
            self.left[i] += amount
        elif side == "r":
            self.right[i] += amount
        else:
            self.glue[i] -= amount

    def _fill(self, slots: list[tuple[str, int]], need: float) -> float:
        """Take `need` from the slots as evenly as their room allows (water filling)."""
        slots = [s for s in slots if self._room(*s) > EPS]
        while need > EPS and slots:
            share = need / len(slots)
            for s in list(slots):
                take = min(share, self._room(*s))
                self._take(*s, take)
                need -= take
                if self._room(*s) <= EPS:
                    slots.remove(s)
        return need


def commit(units: list[Unit], brk: Break, cfg: ParagraphConfig, first: bool, last: bool) -> ComposedLine:
    """Place the glyphs of units [brk.start, brk.end) on a line of the paragraph's measure."""
    line = units[brk.start : brk.end]
    indent = cfg.indent if first else 0.0
    target = cfg.width - indent
    adj = _Adjust(line)
    if cfg.cjk.line_start_opening == "half" and line[0].first in OPENING:
        adj.left[0] = line[0].shrink_left
    natural = sum(u.width for u in line) + sum(u.glue for u in line[:-1]) - adj.left[0]
    width = natural - adj.squeeze_pairs()
    justify = cfg.align == "justify" and not last
    gap = 0.0
    inside = [u.stretch_inside for u in line]
    if width > target + EPS:
        adj.squeeze(width - target)
        width = target
    elif justify:
        if cfg.cjk.line_end_punct == "half" and adj.room_right(len(line) - 1) > EPS:
            width -= adj.room_right(len(line) - 1)
            adj.right[-1] = line[-1].shrink_right
        inside = _stretchable(line)
        gaps = len(line) - 1 + sum(len(u.text) - 1 for u, ok in zip(line, inside) if ok)
        if gaps:
            gap = (target - width) / gaps
            width = target
        else:
            justify = False  # one unbreakable run (a dash pair): set flush left, honestly so
    runs = _place(line, adj, gap, inside, cfg, indent)
    if not justify and cfg.align in ("center", "right"):
        shift = (target - width) / (2 if cfg.align == "center" else 1)
        runs = tuple(r.moved(shift, 0.0) for r in runs)
    return ComposedLine(runs, cfg.width, natural, indent + width, first, last, justify, brk.pushed)


def _stretchable(line: list[Unit]) -> list[bool]:
    """Which units justification may open up inside.

    Normally only runs of Han characters (an unbreakable name); a Latin word is letter-spaced
    only when it is alone on its line, the one way left to keep the column edge straight.
    """
    inside = [u.stretch_inside for u in line]
    if len(line) == 1:
        inside[0] = can_open(line[0])
    return inside


def _place(line: list[Unit], adj: _Adjust, gap: float, inside: list[bool], cfg: ParagraphConfig,
           indent: float) -> tuple[GlyphRun, ...]:
    """Glyph positions for the adjusted line, grouped into runs of one font."""
    chars: list[str] = []
    fonts: list[str] = []
    xs: list[float] = []
    x = indent
    for i, u in enumerate(line):
        x -= adj.left[i]
        inner = gap if inside[i] else 0.0
        for k, ch in enumerate(u.text):
            chars.append(ch)
            fonts.append(u.fonts[k])
            xs.append(x + u.offsets[k] + k * inner)
        x += u.width + inner * (len(u.text) - 1) - adj.right[i]
        if i < len(line) - 1:
            if u.glue_kind == "space":
                chars.append(" ")
                fonts.append(u.fonts[-1])
                xs.append(x)
            x += u.glue + adj.glue[i] + gap
    return _group(chars, fonts, xs, cfg)


def _group(chars: list[str], fonts: list[str], xs: list[float], cfg: ParagraphConfig) -> tuple[GlyphRun, ...]:
    runs: list[GlyphRun] = []
    start = 0
    for k in range(1, len(chars) + 1):
        if k == len(chars) or fonts[k] != fonts[start]:
            runs.append(GlyphRun(fonts[start], cfg.size, "".join(chars[start:k]), tuple(xs[start:k]), 0.0, cfg.color))
            start = k
    return tuple(runs)
