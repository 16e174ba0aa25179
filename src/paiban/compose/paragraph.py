"""Composing a paragraph: itemise, break into lines, commit each line (the composer's entry)."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from paiban.compose.config import ParagraphConfig, Where
from paiban.compose.line import ComposedLine, commit
from paiban.compose.linebreak import break_lines
from paiban.compose.marks import set_marks, with_emphasis
from paiban.compose.units import Unit, itemize, split_overlong
from paiban.model.article import HARD_BREAK, Run


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
    breaks = break_lines(units, cfg, where)
    last = len(breaks) - 1
    fancy = _fancy_positions(units)
    lines = [commit(units, brk, cfg, first=i == 0, last=i == last,
                    simple=not fancy or bisect_left(fancy, brk.start) == bisect_left(fancy, brk.end))
             for i, brk in enumerate(breaks)]
    if cfg.align == "justify":
        for line in lines[:-1]:
            if not line.justified:
                where.diagnostics.warn(f"the line '{line.text}' could not be justified: it holds one unbreakable "
                                       "run and what follows cannot join it", where.source)
    return lines


def _fancy_positions(units: list[Unit]) -> list[int]:
    """Indices, ascending, of the units that are not a plain single character (a word, a tight
    piece, one followed by a word space, one justification may open inside); a line holding
    none of them is simple. Shared units (one per Han character) are plain by construction and
    are not looked into, and a sorted list of the few others is cheaper than a prefix count."""
    return [k for k, u in enumerate(units)
            if not u.shared and (len(u.text) != 1 or u.tight or u.stretch_inside or u.glue_kind == "space")]
