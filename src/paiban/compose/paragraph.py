"""Composing a paragraph: itemise, break into lines, commit each line (the composer's entry)."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace

from paiban.compose.config import ParagraphConfig, Where
from paiban.compose.line import ComposedLine, commit
from paiban.compose.linebreak import Break, break_lines
from paiban.compose.marks import set_marks, with_emphasis
from paiban.compose.totalfit import break_total_fit, break_variants
from paiban.compose.units import Unit, itemize, latin_only, split_overlong
from paiban.model.article import HARD_BREAK, Run
from paiban.text.classes import CharClass


def compose_paragraph(runs: tuple[Run, ...], cfg: ParagraphConfig, where: Where) -> list[ComposedLine]:
    """Set a paragraph's runs into lines of `cfg.width`.

    A hard line break (an address, a verse) ends a line where the author put it: the line before
    it is set like a paragraph's last line, at its natural width, and the text after it starts
    a new line at the first line's indent, so the lines of an address or a verse stand aligned. Emphasis and struck-through text are set in the
    style's way, their dots and rules found once the lines are set (`paiban.compose.marks`)."""
    if any(r.emphasis or r.strike or r.link for r in runs):
        runs = with_emphasis(runs, cfg)
        return set_marks(_compose_lines(runs, cfg, where), runs, cfg)
    return _compose_lines(runs, cfg, where)


def _compose_lines(runs: tuple[Run, ...], cfg: ParagraphConfig, where: Where) -> list[ComposedLine]:
    if not any(HARD_BREAK in r.text for r in runs):
        return _compose(runs, cfg, where)
    lines: list[ComposedLine] = []
    for k, part in enumerate(_split_at_breaks(runs)):
        set_lines = _compose(part, cfg, where)
        if k and set_lines:
            set_lines[0] = replace(set_lines[0], first=False)
        lines.extend(set_lines)
    return lines


def _split_at_breaks(runs: tuple[Run, ...]) -> list[tuple[Run, ...]]:
    """The runs between hard breaks (an empty part for two breaks in a row sets no line)."""
    parts: list[list[Run]] = [[]]
    for run in runs:
        pieces = run.text.split(HARD_BREAK)
        for k, piece in enumerate(pieces):
            if k:
                parts.append([])
            if piece:
                parts[-1].append(replace(run, text=piece))
    return [tuple(part) for part in parts]


def _compose(runs: tuple[Run, ...], cfg: ParagraphConfig, where: Where) -> list[ComposedLine]:
    units: list[Unit] = itemize(runs, cfg, where)
    if not units:
        return []
    units = split_overlong(units, cfg, where)
    if cfg.cjk.linebreak == "total-fit":
        units, breaks = break_total_fit(units, cfg, where)
    else:
        breaks = break_lines(units, cfg, where)
    lines = _commit_all(units, breaks, cfg)
    if cfg.align == "justify":
        for line, brk in zip(lines[:-1], breaks):
            if not line.justified and not latin_only(units[brk.start : brk.end]):
                where.diagnostics.warn(f"the line '{line.text}' could not be justified: it holds one unbreakable "
                                       "run and what follows cannot join it", where.source)
    return lines


@dataclass(frozen=True, slots=True, eq=False)
class Variant:
    """One way of setting a paragraph, and what it costs the reader (total-fit demerits)."""

    lines: list[ComposedLine]
    demerits: float


def paragraph_variants(runs: tuple[Run, ...], cfg: ParagraphConfig, where: Where,
                       spread: int = 1) -> dict[int, Variant]:
    """The paragraph set with each line count within `spread` of its best setting that it can take
    decently (see `totalfit.break_variants`), by line count: what page make-up may choose from to
    avoid a hole or a stranded line (缩行, 伸行). Empty for a paragraph that is not justified."""
    units: list[Unit] = itemize(runs, cfg, where)
    if not units:
        return {}
    units = split_overlong(units, cfg, where)
    return {count: Variant(_commit_all(units, breaks, cfg), demerits)
            for count, (demerits, breaks) in break_variants(units, cfg, spread).items()}


def _commit_all(units: list[Unit], breaks: list[Break], cfg: ParagraphConfig) -> list[ComposedLine]:
    last = len(breaks) - 1
    fancy = _fancy_positions(units)
    return [commit(units, brk, cfg, first=i == 0, last=i == last,
                   simple=not fancy or bisect_left(fancy, brk.start) == bisect_left(fancy, brk.end))
            for i, brk in enumerate(breaks)]


def _fancy_positions(units: list[Unit]) -> list[int]:
    """Indices, ascending, of the units that are not a plain single character (a word, a tight
    piece, one followed by a word space, one justification may open inside, a dash, which is set
    joined); a line holding none of them is simple. Shared units (one per Han character) are
    plain by construction and are not looked into, and a sorted list of the few others is cheaper
    than a prefix count."""
    return [k for k, u in enumerate(units)
            if not u.shared and (len(u.text) != 1 or u.tight or u.stretch_inside or u.glue_kind == "space"
                                 or u.cls is CharClass.DASH)]
