"""End notes and end matter: what closes an article, read back into the article's own forms.

A magazine sets an article's notes after its text under a label (注释：), each opening with its
marker (①, or [1]), and marks the references in the text with the same markers. Read as body
text they would become a stray short paragraph and one paragraph per note, with the references
left as characters. Here the label's line and the note lines after it are taken out of the column
lines before paragraphs are rebuilt, and become `Note`s; the markers in the text become note
references, so that the style sets markers and notes again. The label and markers themselves
are the style's doing and are reported as dropped.

The formulas that close an article — （作者单位：…） and 责任编辑：… — are set apart (flush right,
another face) and so read as block quotes; the last blocks that are such formulas become
`EndLine`s, as the Markdown reader makes them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from paiban.importers.columns import ColumnLine
from paiban.importers.paragraphs import line_style
from paiban.importers.punctuation import normalise_punctuation
from paiban.importers.source import Dropped
from paiban.importers.text import Styled, join_lines, tidy
from paiban.model.article import Block, BlockQuote, EndLine, Heading, Note, Paragraph, Run
from paiban.model.endmatter import end_line_kind

_EDITOR_START = re.compile(r"(责任编辑|责编)\s*[：:]")
_LABEL = re.compile(r"^\s*(注释|注|附注)\s*[：:]\s*$")
_MARKER = re.compile(r"^\s*(?:(?P<circled>[\u2460-\u2473])|\[(?P<number>\d{1,3})\])\s*")


def _number(marker: re.Match) -> int:
    circled = marker.group("circled")
    return ord(circled) - 0x2460 + 1 if circled else int(marker.group("number"))


@dataclass(frozen=True)
class EndNotes:
    """The notes found, by number, and what was dropped with them."""

    notes: dict[int, tuple[Run, ...]]
    dropped: tuple[Dropped, ...]


def take_notes(lines: Sequence[ColumnLine]) -> tuple[list[ColumnLine], EndNotes]:
    """The column lines without the notes block, and the notes (none when there is no label
    line followed by a line opening with a marker)."""
    for k, line in enumerate(lines):
        if _LABEL.match(line.text) and k + 1 < len(lines) and _MARKER.match(lines[k + 1].text):
            end = _notes_end(lines, k + 1)
            notes, dropped = _read_notes(lines[k + 1 : end])
            label = Dropped("notes label", line.text.strip(), line.segment.source, line.page, line.y)
            return [*lines[:k], *lines[end:]], EndNotes(notes, (label, *dropped))
    return list(lines), EndNotes({}, ())


def _notes_end(lines: Sequence[ColumnLine], first: int) -> int:
    """The index after the last note line: notes run on while lines open with a marker or keep
    the notes' type."""
    style = line_style(lines[first])
    end = first + 1
    while end < len(lines) and (_MARKER.match(lines[end].text) or line_style(lines[end]) == style):
        end += 1
    return end


def _read_notes(lines: Sequence[ColumnLine]) -> tuple[dict[int, tuple[Run, ...]], list[Dropped]]:
    notes: dict[int, list[ColumnLine]] = {}
    dropped: list[Dropped] = []
    current = 0
    for line in lines:
        marker = _MARKER.match(line.text)
        if marker:
            current = _number(marker)
            dropped.append(Dropped("note marker", marker.group(0).strip(), line.segment.source, line.page, line.y))
            line = replace(line, segment=replace(line.segment, text=line.text[marker.end():],
                                                 bold=line.segment.bold[marker.end():]))
            notes[current] = []
        notes[current].append(line)
    out = {}
    for number, group in notes.items():
        text = tidy(join_lines([Styled.of(ln.text, ln.segment.bold) for ln in group]))
        out[number] = text.map_text(normalise_punctuation(text.text)).runs()
    return out, dropped


def attach_notes(blocks: Sequence[Block], found: EndNotes) -> tuple[list[Block], tuple[Note, ...], list[Dropped]]:
    """Markers in the text that have a note become references to it (the markers are reported
    as dropped: the style prints its own); the notes in order of first reference, a note that
    nothing refers to after the others."""
    if not found.notes:
        return list(blocks), (), []
    out: list[Block] = []
    order: list[int] = []
    dropped: list[Dropped] = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            runs, markers = _references(block.runs, found.notes, order)
            dropped.extend(Dropped("note reference", m, block.source) for m in markers)
            block = replace(block, runs=runs)
        out.append(block)
    order += [n for n in sorted(found.notes) if n not in order]
    notes = tuple(Note(str(n), found.notes[n]) for n in order)
    return out, notes, dropped


def _references(runs: tuple[Run, ...], notes: dict[int, tuple[Run, ...]],
                order: list[int]) -> tuple[tuple[Run, ...], list[str]]:
    """The runs with each marker of a known note made a reference, and the markers replaced."""
    out: list[Run] = []
    markers: list[str] = []
    for run in runs:
        if run.note:
            out.append(run)
            continue
        start = 0
        for match in re.finditer(r"[\u2460-\u2473]|\[\d{1,3}\]", run.text):
            marker = match.group()
            number = ord(marker) - 0x2460 + 1 if len(marker) == 1 else int(marker[1:-1])
            if number not in notes:
                continue
            if match.start() > start:
                out.append(replace(run, text=run.text[start : match.start()]))
            out.append(Run(str(number), note=True))
            markers.append(marker)
            if number not in order:
                order.append(number)
            start = match.end()
        if start < len(run.text):
            out.append(replace(run, text=run.text[start:]))
    return tuple(out), markers


def mark_end_matter(blocks: Sequence[Block]) -> list[Block]:
    """The last blocks that are end-matter formulas, as `EndLine`s.

    A flush-right formula reads as a one-paragraph block quote; an affiliation and an editor line
    that the notes stood between read as one, and are parted again.
    """
    out = list(blocks)
    index = len(out) - 1
    while index > 0:
        block = out[index]
        if isinstance(block, BlockQuote) and len(block.paragraphs) == 1:
            block = block.paragraphs[0]
        if not isinstance(block, Paragraph):
            break
        lines = _formulas(block)
        if not lines:
            break
        out[index : index + 1] = lines
        index -= 1
    return out


def _formulas(paragraph: Paragraph) -> list[EndLine]:
    """The paragraph as one end-matter line, or as an affiliation followed by an editor line;
    [] when it is neither."""
    text = paragraph.text
    kind = end_line_kind(text)
    if kind:
        return [EndLine(kind, paragraph.runs, paragraph.source)]
    editor = _EDITOR_START.search(text)
    if editor and end_line_kind(text[: editor.start()]) == "affiliation" and end_line_kind(text[editor.start():]):
        return [EndLine("affiliation", (Run(text[: editor.start()].strip()),), paragraph.source),
                EndLine("editor", (Run(text[editor.start():].strip()),), paragraph.source)]
    return []
