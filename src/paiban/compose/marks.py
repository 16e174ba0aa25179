"""Emphasis dots (着重号), strike-through rules and link boxes, found on lines already set.

clreq §3.2 puts an emphasis dot under each emphasised Han character and none under punctuation;
Latin text has no dots, so it is set as the style's emphasis there (bold: the bundled fonts
have no italic). The composer sets the glyphs as usual and this module then walks the set lines
beside the paragraph's characters to find each marked glyph: line breaking only drops spaces,
so the characters that are not spaces come out one for one and in order.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from paiban.compose.config import ParagraphConfig
from paiban.compose.line import ComposedLine
from paiban.model.article import Run
from paiban.text.fonts import FontMetrics


def takes_dot(char: str) -> bool:
    """Han characters (and kana) take a dot; punctuation, digits and Latin letters do not."""
    return unicodedata.category(char) == "Lo" and unicodedata.east_asian_width(char) in ("W", "F")


def with_emphasis(runs: tuple[Run, ...], cfg: ParagraphConfig) -> tuple[Run, ...]:
    """Runs as the style sets emphasis: bold when it says bold; with dots, the Latin letters and
    digits of an emphasised run bold (they take no dot); with 楷体, as they are."""
    if cfg.emphasis == "kai":
        return runs
    out: list[Run] = []
    for run in runs:
        if not run.emphasis or run.bold:
            out.append(run)
        elif cfg.emphasis == "bold":
            out.append(replace(run, bold=True))
        else:
            out.extend(_latin_bold(run))
    return tuple(out)


def _latin_bold(run: Run) -> list[Run]:
    """An emphasised run cut where Latin letters and digits start and end; those pieces bold."""
    pieces: list[Run] = []
    start = 0
    for k in range(1, len(run.text) + 1):
        if k == len(run.text) or _is_latin(run.text[k]) != _is_latin(run.text[start]):
            latin = _is_latin(run.text[start])
            pieces.append(replace(run, text=run.text[start:k], bold=latin))
            start = k
    return pieces


def _is_latin(char: str) -> bool:
    return unicodedata.category(char)[0] in "LN" and unicodedata.east_asian_width(char) not in ("W", "F")


def set_marks(lines: list[ComposedLine], runs: tuple[Run, ...], cfg: ParagraphConfig) -> list[ComposedLine]:
    """The lines with the x of their emphasis dots and struck stretches."""
    marks = [(run.link, run.emphasis and cfg.emphasis == "dots" and takes_dot(char), run.strike)
             for run in runs for char in run.text if not char.isspace()]
    faces = {face.name: face for chain in filter(None, (cfg.regular, cfg.bold, cfg.kai)) for face in chain.faces}
    at = 0
    out = []
    for line in lines:
        dots: list[float] = []
        strikes: list[tuple[float, float]] = []
        links: list[tuple[float, float, str]] = []
        struck_before = False  # whether the glyph before on this line was struck too
        link_before = ""  # the link of the glyph before on this line
        for glyph in line.runs:
            face = faces.get(glyph.font)
            for char, x in zip(glyph.text, glyph.xs):
                if char.isspace():
                    continue
                if at >= len(marks):
                    break
                link, dot, strike = marks[at]
                at += 1
                advance = _advance(face, char, cfg.size)
                if dot:
                    dots.append(x + advance / 2)
                if strike and struck_before:
                    strikes[-1] = (strikes[-1][0], x + advance)
                elif strike:
                    strikes.append((x, x + advance))
                struck_before = strike
                if link and link == link_before:
                    links[-1] = (links[-1][0], x + advance, link)
                elif link:
                    links.append((x, x + advance, link))
                link_before = link
        changed = dots or strikes or links
        out.append(replace(line, dots=tuple(dots), strikes=tuple(strikes), links=tuple(links)) if changed else line)
    return out


def _advance(face: FontMetrics | None, char: str, size: float) -> float:
    if face is not None and ord(char) in face.advances:
        return face.advance_em(char) * size
    return size if unicodedata.east_asian_width(char) in ("W", "F") else size / 2
