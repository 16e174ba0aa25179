"""Figure captions in page text: lines that belong to a figure, not to the column they stand in.

Page text has no images: where a figure stood there is only a gap, with its caption (图1 说明)
and perhaps a credit (摄影 张三, 资料来源：…) beside it. Read as body text, a caption becomes a
short paragraph, or runs into the paragraph it interrupts. A caption line is recognised by its
number at the start (图1, 表2-1), and by being a line on its own: not a full line, not ending
like a sentence. A credit is recognised by its label, right above or below a caption. Both are
taken out of the body and reported, so that a user can put the figure back with its caption.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from paiban.importers.columns import INDENT_MAX, ColumnLine
from paiban.importers.headings import ends_sentence
from paiban.importers.source import Dropped

_CAPTION = re.compile(r"^\s*(?:图|表|圖)\s*\d+(?:[-.．]\d+)?(?:\s+|[　:：.．、]\s*)\S")
_CREDIT = re.compile(r"^\s*(?:摄影|图片来源|资料来源|数据来源|来源|供图|制图|图|摄)\s*[/／:：\s]\s*\S")

NEAR = 1.5
"""Line slots from a caption to its credit at most (above or below it)."""


def is_caption(line: ColumnLine) -> bool:
    """A line that opens with a figure or table number and stands on its own: short of its
    column's edge, or centred across the columns (a page-wide figure's) — not a paragraph's
    full line, which may open with 图1 too."""
    alone = line.shortfall >= 1.0 or (line.shortfall < -1.0 and line.indent > INDENT_MAX)
    return bool(_CAPTION.match(line.text)) and alone and not ends_sentence(line.text)


def take_captions(lines: Sequence[ColumnLine], pages: set[int]) -> tuple[list[ColumnLine], list[Dropped]]:
    """The body lines without the figure captions and credits on `pages` (the page-text ones:
    a PDF's figures are taken with their images), and what was taken."""
    captions = {k for k, line in enumerate(lines) if line.page in pages and is_caption(line)}
    credits = {j for k in captions for j, line in enumerate(lines) if j not in captions and _credit_of(line, lines[k])}
    kept, dropped = [], []
    for k, line in enumerate(lines):
        if k in captions or k in credits:
            kind = "figure caption" if k in captions else "figure credit"
            dropped.append(Dropped(kind, line.text.strip(), line.segment.source, line.page, line.y))
        else:
            kept.append(line)
    return kept, dropped


def _credit_of(line: ColumnLine, caption: ColumnLine) -> bool:
    """A credit stands right above or below its caption, flush with the figure's right edge,
    which may lie in another column than the caption's start."""
    near = line.page == caption.page and abs(line.y - caption.y) <= NEAR
    return near and bool(_CREDIT.match(line.text)) and not ends_sentence(line.text)
