"""Page furniture: the title block on an article's first page, running header, folio.

These are set with the same composer as the body (so a kicker gets the same punctuation rules),
then placed relative to the text block.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from string import Formatter

from paiban.compose.config import Where
from paiban.compose.headings import balance_lines, compose_heading, warn_unbalanced
from paiban.compose.line import ComposedLine
from paiban.compose.paragraph import compose_paragraph
from paiban.errors import Diagnostics, LayoutError, Span
from paiban.layout.configs import ConfigFactory
from paiban.layout.geometry import ASCENT, PageFrame
from paiban.layout.result import Frame, Line, Rule
from paiban.model.article import Article, Run
from paiban.style.model import Style, TextStyle
from paiban.style.schema import BOOKLET_FIELDS
from paiban.units import format_pt


def _set(text: str, ts: TextStyle, factory: ConfigFactory, width: float, diagnostics: Diagnostics,
         align: str | None = None, source: Span | None = None) -> list[ComposedLine]:
    cfg = factory.make(ts, width, align=align or ts.align, indent=0.0 if ts.align != "justify" else None)
    return compose_paragraph((Run(text),), cfg, Where(source, diagnostics))


def _set_display(text: str, ts: TextStyle, factory: ConfigFactory, width: float, diagnostics: Diagnostics,
                 role: str, source: Span | None) -> list[ComposedLine]:
    """A kicker, subtitle or author line: like `_set`, but broken and balanced as a heading
    when it must wrap (`paiban.compose.headings`)."""
    cfg = factory.make(ts, width, align=ts.align, indent=0.0 if ts.align != "justify" else None)
    return compose_heading((Run(text),), cfg, Where(source, diagnostics), what=role)


def _place(lines: list[ComposedLine], role: str, x: float, y: float, size: float) -> Line:
    line = lines[0]
    runs = tuple(r.moved(x, y) for r in line.runs)
    return Line(role, runs, x, y, line.width, first=True, last=True, size=size)


def fill_template(template: str, values: dict[str, str]) -> str:
    """A header or folio template with its {fields} replaced.

    Only plain field names are looked up, never attributes or indexes (``{title.__class__}``
    would read Python internals through `str.format`): a style sheet is data. The style loader
    refuses unknown fields; any that reach here from a hand-built Style are kept as written.
    """
    try:
        parts = list(Formatter().parse(template))
    except ValueError:  # an unmatched brace, which the loader would have refused
        return template
    out: list[str] = []
    for literal, field, _spec, _conversion in parts:
        out.append(literal)
        if field is not None:
            out.append(values.get(field, "{" + field + "}"))
    return "".join(out)


def _values(article: Article, number: int, fields: Mapping[str, str] | None,
            separator: str) -> dict[str, str]:
    meta = article.meta
    return {
        **dict.fromkeys(BOOKLET_FIELDS, ""),  # outside a booklet its fields are simply empty
        **(fields or {}),
        "publication": meta.publication or "",
        "issue": meta.issue or "",
        "title": meta.joined_title(separator),
        "section": meta.section or meta.kicker or "",
        "page": str(number),
    }


def _fill(template: str, article: Article, number: int, fields: Mapping[str, str] | None = None,
          separator: str = "\u3000") -> str:
    return fill_template(template, _values(article, number, fields, separator)).strip()


def _fields_of(template: str) -> list[str]:
    try:
        return [field for _, field, _, _ in Formatter().parse(template) if field is not None]
    except ValueError:
        return []


def header_text(template: str, fallback: str, article: Article, number: int,
                fields: Mapping[str, str] | None, separator: str) -> str:
    """The running header of a page: its template, or the fallback when a field of the template
    is empty (a verso of "{publication}　{issue}" without a publication would show a lone issue,
    or nothing over a bare rule). An empty result means no header and no rule."""
    values = _values(article, number, fields, separator)
    if all(values.get(field, "x").strip() for field in _fields_of(template)):
        return fill_template(template, values).strip()
    return fill_template(fallback, values).strip() or fill_template(template, values).strip()


#: What ends a running header or folio cut short to fit on its one line.
ELLIPSIS = "……"


def _one_line(text: str, ts: TextStyle, factory: ConfigFactory, width: float, diagnostics: Diagnostics,
              align: str, source: Span | None, role: str) -> list[ComposedLine]:
    """A header or folio on one line; text too long for the text block is cut, with a warning.

    A running header wrapped onto a second line would collide with the rule and the text, and
    it repeats the title (which the title block prints whole), so cutting it loses nothing.
    """
    set_ = _set(text, ts, factory, width, diagnostics, align, source)
    if len(set_) <= 1:
        return set_
    lo, hi = 0, len(text)  # the longest prefix that fits with the ellipsis is text[:lo]
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(_set(text[:mid].rstrip() + ELLIPSIS, ts, factory, width, Diagnostics(), align, source)) == 1:
            lo = mid
        else:
            hi = mid - 1
    cut = text[:lo].rstrip() + ELLIPSIS
    diagnostics.warn(f"the {role} '{text}' is too wide for the text block and was cut to '{cut}'", source)
    return _set(cut, ts, factory, width, Diagnostics(), align, source)


def page_furniture(article: Article, style: Style, factory: ConfigFactory, frame: PageFrame, number: int,
                   index: int, fields: Mapping[str, str] | None = None,
                   diagnostics: Diagnostics | None = None) -> tuple[list[Line], list[Rule], list[Frame]]:
    """Running header (with its rule) and folio of one page; `fields` adds template fields."""
    lines: list[Line] = []
    rules: list[Rule] = []
    verso = number % 2 == 0
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    source = Span(article.source) if article.source else None
    header = style.header
    if index > 0 or header.first_page:
        template, fallback = ((header.verso, header.verso_fallback) if verso
                              else (header.recto, header.recto_fallback))
        text = header_text(template, fallback, article, number, fields, style.title_block.separator)
        y = frame.top - header.offset
        if text:
            align = "left" if verso else "right"
            set_ = _one_line(text, header.style, factory, frame.width, diagnostics, align, source, "running header")
            if set_:
                lines.append(_place(set_, "header", frame.left, y, header.style.size))
        if header.rule > 0 and text:  # a rule under no header reads as a printing fault
            ry = y + header.rule_gap
            rules.append(Rule(frame.left, ry, frame.right, ry, header.rule, header.style.color))
    folio = style.folio
    y = frame.top + frame.height + folio.offset
    text = _fill(folio.template, article, number, fields)
    align = "center" if folio.position == "center" else ("left" if verso else "right")
    set_ = _one_line(text, folio.style, factory, frame.width, diagnostics, align, source, "folio") if text else []
    if set_:
        lines.append(_place(set_, "folio", frame.left, y, folio.style.size))
    # The header frame holds the whole em box of its line (the descent too), as the footer's does.
    frames = [Frame("header", frame.left, frame.top - header.offset - header.style.size, frame.width,
                    header.style.size * 1.2),
              Frame("footer", frame.left, y - folio.style.size, frame.width, folio.style.size * 1.2)]
    return lines, rules, frames


@dataclass(frozen=True, slots=True, eq=False)
class _Element:
    """One element of the title block (kicker, title…): its set lines and the size of each."""

    role: str
    lines: tuple[tuple[ComposedLine, TextStyle], ...]

    @property
    def extent(self) -> float:
        """Height from the top of the first line's em box to the bottom of the last one's."""
        first, last = self.lines[0][1], self.lines[-1][1]
        between = sum(_leading(ts) for _, ts in self.lines[1:])
        return first.size * ASCENT + between + last.size * (1 - ASCENT)


def _leading(ts: TextStyle) -> float:
    return ts.leading or ts.size * 1.3


def title_block(article: Article, style: Style, factory: ConfigFactory, frame: PageFrame,
                diagnostics: Diagnostics) -> tuple[list[Line], list[Rule], Frame]:
    """The title block over the columns: kicker pinned to the top, the rest centred below it.

    The block is `title_block.height` grid lines tall unless its content needs more: then it
    takes whole grid lines more from the first page's columns, with a warning, so that a long
    title never runs into the text. A title line wider than the block is first shrunk (down to
    `title_block.title_min_size`), and only wrapped when that is not enough.
    """
    tb = style.title_block
    source = Span(article.source) if article.source else None
    elements = _title_elements(article, style, factory, frame.width, diagnostics, source)
    pinned = elements[0] if elements and elements[0].role == "kicker" else None
    rest = elements[1:] if pinned else elements
    first_gap = 1 if pinned else 0

    def gap(i: int) -> float:
        return tb.gaps[i] if i < len(tb.gaps) else frame.pitch

    head = pinned.extent + gap(0) if pinned else 0.0
    body = sum(e.extent for e in rest) + sum(gap(i + first_gap) for i in range(len(rest) - 1))
    slots = _title_slots(head + body, tb.height, frame, diagnostics, source)
    box = Frame("title", frame.left, frame.top, frame.width, slots * frame.pitch)
    lines: list[Line] = []
    y = frame.top
    if pinned:
        y = _stack(lines, pinned, frame.left, y) + gap(0)
    y += max((box.y + box.height - y - body) / 2, 0.0)
    for i, element in enumerate(rest):
        y = _stack(lines, element, frame.left, y) + gap(i + first_gap)
    return lines, [], box


def shift_title(title: tuple[list[Line], list[Rule], Frame], dx: float) -> tuple[list[Line], list[Rule], Frame]:
    """A set title block moved right by dx: the same block on a page of the other side.

    Verso and recto text blocks differ only in where they start (mirrored margins), and the block
    is set from its frame's width, top and pitch alone, so moving it is setting it again, minus
    the composing.
    """
    lines, rules, box = title
    if not dx:
        return title
    moved = [replace(ln, x=ln.x + dx, extent=ln.extent + dx, runs=tuple(r.moved(dx, r.y) for r in ln.runs))
             for ln in lines]
    return moved, [replace(r, x0=r.x0 + dx, x1=r.x1 + dx) for r in rules], replace(box, x=box.x + dx)


def _title_elements(article: Article, style: Style, factory: ConfigFactory, width: float,
                    diagnostics: Diagnostics, source: Span | None) -> list[_Element]:
    """The title block's elements in the style's order, each set to the block's width."""
    tb = style.title_block
    meta = article.meta
    texts: dict[str, list[str]] = {
        "kicker": [meta.kicker] if meta.kicker else [],
        "title": list(meta.title),
        "subtitle": [meta.subtitle] if meta.subtitle else [],
        "author": [tb.author_prefix + meta.author] if meta.author else [],
    }
    styles = {"kicker": tb.kicker, "title": tb.title, "subtitle": tb.subtitle, "author": tb.author}
    elements = []
    for role in tb.order:
        ts = styles[role]
        set_lines: list[tuple[ComposedLine, TextStyle]] = []
        for text in texts.get(role, []):
            if role == "title":
                set_lines.extend(_title_line(text, ts, tb.title_min_size, factory, width, diagnostics, source))
            else:
                set_lines.extend((cl, ts) for cl in _set_display(text, ts, factory, width, diagnostics, role, source))
        if set_lines:
            elements.append(_Element(role, tuple(set_lines)))
    return elements


#: Step in which a title line too wide for the block is shrunk, pt.
SHRINK_STEP = 0.5


def _title_line(text: str, ts: TextStyle, min_size: float, factory: ConfigFactory, width: float,
                diagnostics: Diagnostics, source: Span | None) -> list[tuple[ComposedLine, TextStyle]]:
    """One line of the title: at its size if it fits, else shrunk if the style allows, else wrapped."""
    set_ = _set(text, ts, factory, width, diagnostics, source=source)
    if len(set_) <= 1:
        return [(cl, ts) for cl in set_]
    floor = min(min_size, ts.size)
    natural = _set(text, ts, factory, math.inf, Diagnostics())[0].natural
    size = math.floor(min(ts.size * width / natural, ts.size - SHRINK_STEP) / SHRINK_STEP) * SHRINK_STEP
    while size >= floor - 1e-9:
        smaller = replace(ts, size=size)
        trial = _set(text, smaller, factory, width, Diagnostics(), source=source)
        if len(trial) == 1:
            diagnostics.warn(f"the title line '{text}' is too wide for the title block: set at "
                             f"{format_pt(size)} instead of {format_pt(ts.size)}", source)
            return [(trial[0], smaller)]
        size -= SHRINK_STEP
    # Balanced at punctuation or word boundaries; its composer warnings were given with set_'s.
    cfg = factory.make(ts, width, align=ts.align, indent=0.0 if ts.align != "justify" else None)
    wrapped = balance_lines((Run(text),), cfg, Where(source, Diagnostics()), len(set_))
    if wrapped is None:
        warn_unbalanced((Run(text),), Where(source, diagnostics), "title line")
    lines = wrapped or set_
    diagnostics.warn(f"the title line '{text}' is too wide for the title block even at "
                     f"{format_pt(floor)} (title_block.title_min_size): wrapped onto {len(lines)} lines", source)
    return [(cl, ts) for cl in lines]


def _title_slots(needed: float, height: int, frame: PageFrame, diagnostics: Diagnostics,
                 source: Span | None) -> int:
    """Grid lines the title block takes: the style's height, or more if its content needs it."""
    slots = max(height, math.ceil(needed / frame.pitch - 1e-6))
    if slots > frame.lines:
        raise LayoutError(
            f"the title block needs {slots} grid lines, but a column holds only {frame.lines}",
            source, hint="shorten the title, kicker or subtitle, or set them smaller in the style")
    if slots > height:
        diagnostics.warn(f"the title block needs {slots} grid lines, more than title_block.height "
                         f"({height}): the columns of the first page start {slots - height} lines lower",
                         source)
    return slots


def _stack(out: list[Line], element: _Element, x: float, top: float) -> float:
    """Append the lines of one element from `top` down; returns the y below the last em box."""
    y = top
    for k, (cl, ts) in enumerate(element.lines):
        y += ts.size * ASCENT if k == 0 else _leading(ts)
        runs = tuple(r.moved(x, y) for r in cl.runs)
        out.append(Line(element.role, runs, x, y, cl.width, first=k == 0, last=k == len(element.lines) - 1,
                        size=ts.size))
    return y + element.lines[-1][1].size * (1 - ASCENT)
