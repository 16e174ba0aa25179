"""Page furniture: the title block on an article's first page, running header, folio.

These are set with the same composer as the body (so a kicker gets the same punctuation rules),
then placed relative to the text block.
"""

from __future__ import annotations

from collections.abc import Mapping

from paiban.compose.config import Where
from paiban.compose.line import ComposedLine
from paiban.compose.paragraph import compose_paragraph
from paiban.errors import Diagnostics
from paiban.layout.configs import ConfigFactory
from paiban.layout.geometry import ASCENT, PageFrame
from paiban.layout.result import Frame, Line, Rule
from paiban.model.article import Article, Run
from paiban.style.model import Style, TextStyle
from paiban.style.schema import BOOKLET_FIELDS


def _set(text: str, ts: TextStyle, factory: ConfigFactory, width: float, diagnostics: Diagnostics,
         align: str | None = None) -> list[ComposedLine]:
    cfg = factory.make(ts, width, align=align or ts.align, indent=0.0 if ts.align != "justify" else None)
    return compose_paragraph((Run(text),), cfg, Where(None, diagnostics))


def _place(lines: list[ComposedLine], role: str, x: float, y: float, size: float) -> Line:
    line = lines[0]
    runs = tuple(r.moved(x, y) for r in line.runs)
    return Line(role, runs, x, y, line.width, first=True, last=True, size=size)


def _fill(template: str, article: Article, number: int, fields: Mapping[str, str] | None = None) -> str:
    meta = article.meta
    values = {
        **dict.fromkeys(BOOKLET_FIELDS, ""),  # outside a booklet its fields are simply empty
        **(fields or {}),
        "publication": meta.publication or "",
        "issue": meta.issue or "",
        "title": meta.title_text,
        "section": meta.section or meta.kicker or "",
        "page": str(number),
    }
    return template.format(**values).strip()


def page_furniture(article: Article, style: Style, factory: ConfigFactory, frame: PageFrame, number: int,
                   index: int, fields: Mapping[str, str] | None = None) -> tuple[list[Line], list[Rule], list[Frame]]:
    """Running header (with its rule) and folio of one page; `fields` adds template fields."""
    lines: list[Line] = []
    rules: list[Rule] = []
    verso = number % 2 == 0
    diagnostics = Diagnostics()
    header = style.header
    if index > 0 or header.first_page:
        text = _fill(header.verso if verso else header.recto, article, number, fields)
        y = frame.top - header.offset
        if text:
            set_ = _set(text, header.style, factory, frame.width, diagnostics, "left" if verso else "right")
            if set_:
                lines.append(_place(set_, "header", frame.left, y, header.style.size))
        if header.rule > 0:
            ry = y + header.rule_gap
            rules.append(Rule(frame.left, ry, frame.right, ry, header.rule, header.style.color))
    folio = style.folio
    y = frame.top + frame.height + folio.offset
    text = _fill(folio.template, article, number, fields)
    align = "center" if folio.position == "center" else ("left" if verso else "right")
    set_ = _set(text, folio.style, factory, frame.width, diagnostics, align)
    if set_:
        lines.append(_place(set_, "folio", frame.left, y, folio.style.size))
    frames = [Frame("header", frame.left, frame.top - header.offset - header.style.size, frame.width, header.style.size),
              Frame("footer", frame.left, y - folio.style.size, frame.width, folio.style.size * 1.2)]
    return lines, rules, frames


def title_block(article: Article, style: Style, factory: ConfigFactory, frame: PageFrame,
                diagnostics: Diagnostics) -> tuple[list[Line], list[Rule], Frame]:
    """The title block over the columns: kicker pinned to the top, the rest centred below it."""
    tb = style.title_block
    meta = article.meta
    height = tb.height * frame.pitch
    box = Frame("title", frame.left, frame.top, frame.width, height)
    texts: dict[str, list[str]] = {
        "kicker": [meta.kicker] if meta.kicker else [],
        "title": list(meta.title),
        "subtitle": [meta.subtitle] if meta.subtitle else [],
        "author": [tb.author_prefix + meta.author] if meta.author else [],
    }
    styles = {"kicker": tb.kicker, "title": tb.title, "subtitle": tb.subtitle, "author": tb.author}
    # Each element: list of (composed line, leading) stacked top-down.
    stacks: list[tuple[str, TextStyle, list[ComposedLine]]] = []
    for role in tb.order:
        ts = styles[role]
        set_lines: list[ComposedLine] = []
        for text in texts.get(role, []):
            set_lines.extend(_set(text, ts, factory, frame.width, diagnostics))
        if set_lines:
            stacks.append((role, ts, set_lines))
    lines: list[Line] = []
    if not stacks:
        return lines, [], box

    def extent(ts: TextStyle, n: int) -> float:
        return ts.size + (n - 1) * (ts.leading or ts.size * 1.3)

    def gap(i: int) -> float:
        return tb.gaps[i] if i < len(tb.gaps) else frame.pitch

    pinned = stacks[0] if stacks[0][0] == "kicker" else None
    rest = stacks[1:] if pinned else stacks
    y = frame.top
    if pinned:
        role, ts, set_lines = pinned
        y = _stack(lines, role, ts, set_lines, frame.left, y)
        y += gap(0)
    total = sum(extent(ts, len(sl)) for _, ts, sl in rest) + sum(gap(i + (1 if pinned else 0)) for i in range(len(rest) - 1))
    room = frame.top + height - y
    if total > room:
        diagnostics.warn(f"the title block needs {total:.1f} pt but has {room:.1f} pt; it overlaps the text")
    y += max((room - total) / 2, 0.0)
    for i, (role, ts, set_lines) in enumerate(rest):
        y = _stack(lines, role, ts, set_lines, frame.left, y)
        y += gap(i + (1 if pinned else 0))
    return lines, [], box


def _stack(out: list[Line], role: str, ts: TextStyle, set_lines: list[ComposedLine], x: float, top: float) -> float:
    """Append lines of one element from `top` down; returns the y below the last line's em box."""
    leading = ts.leading or ts.size * 1.3
    for k, cl in enumerate(set_lines):
        y = top + ts.size * ASCENT + k * leading
        runs = tuple(r.moved(x, y) for r in cl.runs)
        out.append(Line(role, runs, x, y, cl.width, first=k == 0, last=k == len(set_lines) - 1, size=ts.size))
    return top + ts.size + (len(set_lines) - 1) * leading
