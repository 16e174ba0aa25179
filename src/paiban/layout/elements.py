"""Magazine elements beyond body text, as flow blocks: pull quotes, end matter, end notes, lead.

All of them sit on the body grid, one line per slot, so the columns beside them keep their
baselines. The lead spans the columns under the title block; the others flow in the columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from paiban.compose.config import Where
from paiban.compose.line import ComposedLine
from paiban.compose.paragraph import compose_paragraph
from paiban.errors import Diagnostics
from paiban.flow.blocks import FlowBlock
from paiban.layout.configs import ConfigFactory
from paiban.layout.geometry import PageFrame
from paiban.layout.result import Frame, Line, Rule
from paiban.model.article import Article, EndLine, PullQuote, Run, SectionBreak
from paiban.style.model import Style, TextStyle


@dataclass(frozen=True, slots=True, eq=False)
class NoteMarkers:
    """Footnote labels → the markers printed for them, numbered in order of first reference."""

    numbers: dict[str, int]
    kind: str  # "circled" | "bracket"

    @staticmethod
    def of(article: Article, style: Style) -> NoteMarkers:
        numbers = {note.label: i + 1 for i, note in enumerate(article.notes)}
        return NoteMarkers(numbers, style.notes.marker)

    def marker(self, number: int) -> str:
        if self.kind == "circled" and number <= 20:
            return chr(0x2460 + number - 1)  # ① … ⑳
        return f"[{number}]"

    def apply(self, runs: tuple[Run, ...]) -> tuple[Run, ...]:
        """Runs with each `[^label]` reference replaced by its printed marker."""
        if not any(r.note for r in runs):
            return runs
        return tuple(Run(self.marker(self.numbers.get(r.text, 0)), r.bold) if r.note else r
                     for r in runs)


def _lines(runs: tuple[Run, ...], ts: TextStyle, width: float, factory: ConfigFactory,
           where: Where, indent: float | None = None) -> tuple[ComposedLine, ...]:
    return tuple(compose_paragraph(runs, factory.make(ts, width, indent=indent), where))


def pullquote_block(quote: PullQuote, index: int, style: Style, factory: ConfigFactory,
                    diagnostics: Diagnostics) -> FlowBlock:
    """A pull quote: a float of a rule slot, its lines, and a rule slot.

    It floats like a column figure: a pull quote repeats the text rather than continuing it, so
    when it does not fit where it stands the text goes on and the quote opens the next column,
    instead of leaving the rest of the column empty.
    """
    ts = style.pullquote.text
    lines = _lines(quote.runs, ts, style.page.column_width, factory,
                   Where(quote.source, diagnostics))
    return FlowBlock("pullquote", lines, index, ts.space_before, ts.space_after,
                     keep_together=True, inset=ts.left, size=ts.size, float_place="here",
                     slots=len(lines) + 2)


def place_pullquote(block: FlowBlock, frame: PageFrame, column: int, slot: int,
                    style: Style) -> tuple[list[Line], list[Rule]]:
    """Lines and rules of a pull quote whose rule slot above is grid slot `slot` of the page."""
    x = frame.column_xs[column] + block.inset
    lines = []
    for k, cl in enumerate(block.lines):
        y = frame.baseline(slot + 1 + k, block.size)
        lines.append(Line("pullquote", tuple(r.moved(x, y) for r in cl.runs), x, y, cl.width,
                          column, block.block, cl.first, cl.last, cl.justified, cl.pushed,
                          block.size, x + cl.filled, tuple(x + d for d in cl.dots),
                          tuple((x + a, x + b) for a, b in cl.strikes),
                          tuple((x + a, x + b, u) for a, b, u in cl.links)))
    rules = []
    if style.pullquote.rule > 0:
        x0 = frame.column_xs[column]
        for rule_slot in (slot, slot + block.slots - 1):
            y = frame.slot_top(rule_slot) + frame.pitch / 2
            rules.append(Rule(x0, y, x0 + frame.column_width, y, style.pullquote.rule,
                              style.pullquote.text.color))
    return lines, rules


def ornament_block(mark: SectionBreak, index: int, style: Style, factory: ConfigFactory,
                   diagnostics: Diagnostics) -> FlowBlock:
    """The section ornament of a thematic break, on the grid with blank lines around it."""
    ts = style.ornament.text
    lines = _lines((Run(style.ornament.mark),), ts, style.page.column_width, factory,
                   Where(mark.source, diagnostics))
    return FlowBlock("ornament", lines, index, ts.space_before, ts.space_after,
                     keep_together=True, inset=ts.left, size=ts.size)


def end_line_block(line: EndLine, index: int, style: Style, factory: ConfigFactory,
                   diagnostics: Diagnostics) -> FlowBlock:
    """（作者单位：…） or 责任编辑：… in its style, kept whole; the role is the line's kind."""
    ts = style.end_matter.affiliation if line.kind == "affiliation" else style.end_matter.editor
    lines = _lines(line.runs, ts, style.page.column_width, factory,
                   Where(line.source, diagnostics))
    return FlowBlock(line.kind, lines, index, ts.space_before, ts.space_after,
                     keep_together=True, inset=ts.left, size=ts.size)


def note_blocks(article: Article, style: Style, factory: ConfigFactory, markers: NoteMarkers,
                diagnostics: Diagnostics, first_index: int) -> list[FlowBlock]:
    """The end notes: an optional heading line, then one block per note, marker first.

    Their block indices continue after the article's blocks, so every flow block has its own.
    """
    if not article.notes:
        return []
    ns = style.notes
    ts, width = ns.text, style.page.column_width
    out = []
    if ns.heading:
        lines = _lines((Run(ns.heading),), ts, width, factory, Where(None, diagnostics), 0.0)
        out.append(FlowBlock("note", lines, first_index, ts.space_before, 0, keep_together=True,
                             keep_with_next=2, inset=ts.left, size=ts.size))
    for n, note in enumerate(article.notes):
        runs = (Run(markers.marker(n + 1)), *markers.apply(note.runs))
        lines = _lines(runs, ts, width, factory, Where(note.source, diagnostics))
        before = ts.space_before if not out else 0
        out.append(FlowBlock("note", lines, first_index + len(out), before, 0, inset=ts.left,
                             size=ts.size))
    return out


def lead_lines(article: Article, style: Style, factory: ConfigFactory, frame: PageFrame,
               first_slot: int, diagnostics: Diagnostics) -> tuple[list[Line], int]:
    """The lead across the columns from grid slot `first_slot`; returns its lines and the slots
    it takes, including the blank slots after it."""
    if not article.meta.lead:
        return [], 0
    ts = style.lead
    out: list[Line] = []
    for paragraph in article.meta.lead.split("\n"):
        for cl in _lines((Run(paragraph),), ts, frame.width, factory, Where(None, diagnostics)):
            x = frame.left + ts.left
            y = frame.baseline(first_slot + len(out), ts.size)
            out.append(Line("lead", tuple(r.moved(x, y) for r in cl.runs), x, y, cl.width,
                            first=cl.first, last=cl.last, justified=cl.justified,
                            pushed=cl.pushed, size=ts.size, extent=x + cl.filled))
    return out, len(out) + ts.space_after


def lead_frame(lines: list[Line], frame: PageFrame, first_slot: int) -> Frame:
    """The frame the lead's lines are set in: across the text block, from grid slot
    `first_slot` (under the title block) for as many slots as it has lines, so that preflight's
    overset check finds the lead inside a frame like every other text."""
    return Frame("lead", frame.left, frame.slot_top(first_slot), frame.width, len(lines) * frame.pitch)
