"""Figures on PDF pages: an image, the credit and caption set under it.

A magazine sets a figure as a unit: the image, a photo credit flush with the image's right edge
just under it (摄影 张三, 资料来源：…), then a caption centred under both in a caption type
(smaller, or another face), often opening with its number (图1). That text belongs to the figure,
not to the column it stands in, so it is taken off the page here — before columns and paragraphs
are looked for — and kept with the image. Text drawn inside the image's box (a chart's labels, a
placeholder's file name) is part of the picture and is dropped, and reported.

Only what is recognised is taken: a line under an image that is set in the body type and does
not start with a figure number stays body text, so that a figure without a caption never swallows
the first line of the text after it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from paiban.importers.pdf import PdfImage
from paiban.importers.punctuation import normalise_punctuation
from paiban.importers.source import Dropped, Segment, SourcePage
from paiban.importers.text import Styled, join_lines

FIRST_LINE_GAP = 3.0
"""Body em from an image's bottom edge to the baseline of its credit or caption, at most."""

CENTRED = 1.0
"""Em by which a caption line's centre may miss the image's centre."""

CAPTION_LINES = 3
"""Lines a caption may run to; a longer centred passage is not a caption."""

_NUMBER = re.compile(r"^(?P<label>(?:图|表|圖)\s*\d+(?:[-.．]\d+)?)\s*(?=\S)")


@dataclass(frozen=True, slots=True)
class PageFigure:
    """An image on a page with the text recognised as its credit and caption."""

    page: int  # index of the page in the import
    image: int  # index into the import's images
    bbox: tuple[float, float, float, float]  # the image
    caption: str
    credit: str
    bottom: float  # the last baseline of its credit or caption; the image bottom without them


@dataclass(frozen=True, slots=True)
class BodyType:
    """The body type of a page: its size and commonest font."""

    size: float
    font: str

    @staticmethod
    def of(page: SourcePage) -> "BodyType":
        fonts: Counter[str] = Counter()
        for row in page.rows:
            for seg in row.segments:
                if abs(seg.size - page.em) <= 0.05 * page.em:
                    fonts[seg.font] += len(seg.text)
        return BodyType(page.em, fonts.most_common(1)[0][0] if fonts else "")

    def differs(self, seg: Segment) -> bool:
        return abs(seg.size - self.size) > 0.05 * self.size or seg.font != self.font


def take_figures(pages: Sequence[SourcePage], images: Sequence[PdfImage]
                 ) -> tuple[list[SourcePage], list[PageFigure], list[Dropped]]:
    """The pages without their figures' text, the figures in image order, and the text that
    stood on the images (dropped)."""
    index_of = {(p.name, p.number): k for k, p in enumerate(pages)}
    out = list(pages)
    figures: list[PageFigure] = []
    dropped: list[Dropped] = []
    for number, image in enumerate(images):
        index = index_of.get((image.name, image.page))
        if index is None:
            continue
        page, figure, on_image = _take_one(out[index], index, number, image)
        out[index] = page
        figures.append(figure)
        dropped.extend(on_image)
    return out, figures, dropped


def _take_one(page: SourcePage, index: int, number: int, image: PdfImage
              ) -> tuple[SourcePage, PageFigure, list[Dropped]]:
    x0, y0, x1, y1 = image.bbox
    taken: set[tuple[int, int]] = set()  # (row, segment)
    dropped = []
    for r, row in enumerate(page.rows):
        for s, seg in enumerate(row.segments):
            if y0 <= row.y <= y1 and seg.x0 >= x0 - 0.5 and seg.x1 <= x1 + 0.5:
                taken.add((r, s))
                dropped.append(Dropped("text on an image", seg.text, seg.source, index, row.y))
    credit, caption, bottom = _under(page, image.bbox, taken)
    rows = []
    for r, row in enumerate(page.rows):
        kept = tuple(seg for s, seg in enumerate(row.segments) if (r, s) not in taken)
        if kept:
            rows.append(replace(row, segments=kept) if len(kept) != len(row.segments) else row)
    figure = PageFigure(index, number, image.bbox, caption, credit, bottom)
    return page.with_rows(tuple(rows)), figure, dropped


def _under(page: SourcePage, bbox: tuple[float, float, float, float],
           taken: set[tuple[int, int]]) -> tuple[str, str, float]:
    """The credit and caption under an image (either may be ""), and where they end; the
    (row, segment) pairs they use are added to `taken`."""
    x0, _, x1, y1 = bbox
    body = BodyType.of(page)
    em = body.size or 10.0
    centre = (x0 + x1) / 2
    below = [(r, row) for r, row in enumerate(page.rows) if row.y > y1]
    credit, caption_lines = "", []
    last_y = y1
    for r, row in below:
        found = [(s, seg) for s, seg in enumerate(row.segments)
                 if (r, s) not in taken and seg.x0 >= x0 - 0.5 * em and seg.x1 <= x1 + 0.5 * em]
        if row.y - last_y > FIRST_LINE_GAP * em or len(found) > 1:
            break
        if not found:
            continue  # a line of the column beside the figure
        s, seg = found[0]
        if not credit and not caption_lines and _is_credit(seg, x0, x1, em):
            credit = seg.text.strip()
        elif _is_caption_line(seg, caption_lines, centre, x1 - x0, body):
            caption_lines.append(seg)
        else:
            break
        taken.add((r, s))
        last_y = row.y
        if len(caption_lines) == CAPTION_LINES:
            break
    return credit, _caption(caption_lines), last_y


def _is_credit(seg: Segment, x0: float, x1: float, em: float) -> bool:
    """A short line flush with the image's right edge, in type smaller than the body's."""
    flush = abs(seg.x1 - x1) <= 0.5 * em
    return flush and seg.x0 > (x0 + x1) / 2 and 0 < seg.size < em


def _is_caption_line(seg: Segment, before: list[Segment], centre: float, width: float,
                     body: BodyType) -> bool:
    """Centred under the image, and either set in a caption type (not the body's) or opening
    with a figure number; later lines keep the first line's type."""
    size = seg.size or body.size
    if abs((seg.x0 + seg.x1) / 2 - centre) > CENTRED * size:
        return False
    if before:
        first = before[0]
        return seg.font == first.font and abs(seg.size - first.size) < 0.05 * size
    numbered = bool(_NUMBER.match(seg.text)) and seg.x1 - seg.x0 < width - size
    return body.differs(seg) or numbered


def _caption(lines: list[Segment]) -> str:
    """The caption's lines as one text; a figure number is set off from the words by a space,
    as captions are written (图1 说明), since the gap after it was drawn rather than typed."""
    if not lines:
        return ""
    text = join_lines([Styled.plain(seg.text.strip()) for seg in lines]).text
    text = normalise_punctuation(text)
    return _NUMBER.sub(lambda m: m.group("label") + " ", text, count=1)
