"""Composing a paragraph: itemise, break into lines, commit each line (the composer's entry)."""

from __future__ import annotations

from bisect import bisect_left

from paiban.compose.config import ParagraphConfig, Where
from paiban.compose.line import ComposedLine, commit
from paiban.compose.linebreak import break_lines
from paiban.compose.units import Unit, itemize, split_overlong
from paiban.model.article import Run
from paiban.text.classes import CharClass


def compose_paragraph(runs: tuple[Run, ...], cfg: ParagraphConfig, where: Where) -> list[ComposedLine]:
    """Set a paragraph's runs into lines of `cfg.width`."""
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
        for line, brk in zip(lines[:-1], breaks):
            if not line.justified and not _latin_only(units[brk.start : brk.end]):
                where.diagnostics.warn(f"the line '{line.text}' could not be justified: it holds one unbreakable "
                                       "run and what follows cannot join it", where.source)
    return lines


def _latin_only(line: list[Unit]) -> bool:
    """Whether a line holds Latin text only (a URL, a word): set flush left when it cannot be
    justified, as proofreaders accept, rather than letter-spaced; no warning is due."""
    return all(u.cls is CharClass.LATIN for u in line)


def _fancy_positions(units: list[Unit]) -> list[int]:
    """Indices, ascending, of the units that are not a plain single character (a word, a tight
    piece, one followed by a word space, one justification may open inside); a line holding
    none of them is simple. Shared units (one per Han character) are plain by construction and
    are not looked into, and a sorted list of the few others is cheaper than a prefix count."""
    return [k for k, u in enumerate(units)
            if not u.shared and (len(u.text) != 1 or u.tight or u.stretch_inside or u.glue_kind == "space")]
