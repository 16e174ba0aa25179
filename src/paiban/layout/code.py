"""Code blocks: each source line set as written, in the code font, one line per grid slot.

Code is read by its characters and its indentation, so none of what the composer does for prose
applies: no justification, no Han–Latin gap, no collapsing of spaces, no line-start rules. Each
glyph is placed at the natural advance after the one before; a line wider than the measure is
broken after its last space that fits (or, in a long word, before the character that does not
fit), and what follows hangs at the line's own indentation. Each source line is a flow block of
its own, so a long block breaks across columns between any two lines.
"""

from __future__ import annotations

from paiban.compose.config import FontChain
from paiban.compose.line import ComposedLine
from paiban.errors import Diagnostics, FontError
from paiban.flow.blocks import FlowBlock
from paiban.layout.configs import ConfigFactory
from paiban.layout.result import GlyphRun
from paiban.model.article import CodeBlock
from paiban.style.model import Style, TextStyle

TAB = 4
"""Columns a tab advances to the next multiple of."""


def code_blocks(block: CodeBlock, index: int, style: Style, factory: ConfigFactory,
                diagnostics: Diagnostics) -> list[FlowBlock]:
    """The flow blocks of a code block: one per source line (a blank line keeps its slot)."""
    ts = style.code
    chain = factory.chain(ts.family, ts.weight, ts.fallback)
    width = style.page.column_width - ts.left - ts.right
    lines = block.text.split("\n")
    out: list[FlowBlock] = []
    for k, raw in enumerate(lines):
        text = raw.expandtabs(TAB).rstrip()
        depth = len(text) - len(text.lstrip(" "))
        indent = depth * _advance(chain, " ", ts, block, k)
        if indent > width / 2:  # deep indentation is kept only up to half the measure
            indent = 0.0
        body = text.lstrip(" ") if indent else text
        set_lines = _set(body, chain, ts, width - indent, block, k) if body else [_blank(width)]
        before = ts.space_before if k == 0 else 0
        after = ts.space_after if k == len(lines) - 1 else 0
        out.append(FlowBlock("code", tuple(set_lines), index, before, after, inset=ts.left + indent,
                             size=ts.size, source_index=k))
    return out


def _blank(width: float) -> ComposedLine:
    """An empty source line: a slot with nothing drawn."""
    return ComposedLine((), width, 0.0, 0.0, True, True, False, "")


def _face(chain: FontChain, char: str, block: CodeBlock, line: int):
    face = chain.pick(char)
    if face is None:
        source = block.source
        where = None if source is None else type(source)(source.file, source.line + 1 + line)
        names = ", ".join(f.name for f in chain.faces)
        raise FontError(f"no font can draw {char!r} (U+{ord(char):04X}) in this code block", where,
                        hint=f"fonts tried: {names}; add a fallback font to the style's code section")
    return face


def _advance(chain: FontChain, char: str, ts: TextStyle, block: CodeBlock, line: int) -> float:
    return _face(chain, char, block, line).advance_em(char) * ts.size


def _set(text: str, chain: FontChain, ts: TextStyle, width: float, block: CodeBlock,
         line: int) -> list[ComposedLine]:
    """One source line as one or more set lines of at most `width`."""
    placed: list[tuple[str, str, float]] = []  # (char, font, advance)
    for char in text:
        face = _face(chain, char, block, line)
        placed.append((char, face.name, face.advance_em(char) * ts.size))
    rows: list[list[tuple[str, str, float]]] = []
    start = 0
    while start < len(placed):
        end, x = start, 0.0
        while end < len(placed) and x + placed[end][2] <= width + 1e-6:
            x += placed[end][2]
            end += 1
        if end < len(placed):
            spaces = [k for k in range(start + 1, end) if placed[k][0] == " "]
            if spaces:
                end = spaces[-1] + 1  # the space stays at the end of the row, where it is not seen
            end = max(end, start + 1)
        rows.append(placed[start:end])
        start = end
    return [_line(row, ts, width, k == 0, k == len(rows) - 1) for k, row in enumerate(rows)]


def _line(row: list[tuple[str, str, float]], ts: TextStyle, width: float, first: bool,
          last: bool) -> ComposedLine:
    runs: list[GlyphRun] = []
    x = 0.0
    chars: list[str] = []
    xs: list[float] = []
    font = row[0][1]
    for char, face, advance in row:
        if face != font and chars:
            runs.append(GlyphRun(font, ts.size, "".join(chars), tuple(xs), 0.0, ts.color))
            chars, xs = [], []
        font = face
        chars.append(char)
        xs.append(x)
        x += advance
    runs.append(GlyphRun(font, ts.size, "".join(chars), tuple(xs), 0.0, ts.color))
    return ComposedLine(tuple(runs), width, x, x, first, last, False, "")
