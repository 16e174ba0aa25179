"""Comparing one article set in two styles: what changed, in words and in pixels.

The words come from the layout data, not from the images: page count, lines in each column, and
which paragraphs broke into different lines (`Line.block` names the article block a line belongs
to). That is what a designer asks after changing a gutter or a size ("did 三是扎实推进 still end
the column?"), and it is exact where a pixel difference is only a hint. The picture, built by
`diffimage`, shows the same pages in both styles and where their pixels differ.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from paiban.errors import display_path
from paiban.layout.result import LayoutDocument
from paiban.preview.pages import PageSelection

#: Roles of lines that flow in the columns.
_FLOWING = ("body", "quote", "heading")
_EXCERPT = 12  # characters of a paragraph quoted to name it


@dataclass(frozen=True, slots=True)
class ParagraphChange:
    """A paragraph (article block) whose line breaks differ between the two styles."""

    block: int  # index of the block in the article
    role: str
    excerpt: str  # its first characters, to recognise it by
    lines_a: int
    lines_b: int


@dataclass(frozen=True, slots=True)
class LayoutComparison:
    """The difference between two layouts of one article, from their layout data."""

    columns_a: tuple[tuple[int, ...], ...]  # per page: lines set in each column
    columns_b: tuple[tuple[int, ...], ...]
    rebroken: tuple[ParagraphChange, ...]
    moved: tuple[int, ...]  # blocks with the same breaks whose lines now sit in other columns/pages
    paragraphs: int  # blocks in the article that were set

    @property
    def pages_a(self) -> int:
        return len(self.columns_a)

    @property
    def pages_b(self) -> int:
        return len(self.columns_b)

    @property
    def identical(self) -> bool:
        return self.columns_a == self.columns_b and not self.rebroken and not self.moved

    def summary(self) -> list[str]:
        """The text summary, one line per fact; columns as 'left + right'."""
        out = [f"pages: {self.pages_a} → {self.pages_b}" if self.pages_a != self.pages_b
               else f"pages: {self.pages_a} (same)"]
        for n in range(max(self.pages_a, self.pages_b)):
            a, b = _at(self.columns_a, n), _at(self.columns_b, n)
            change = "(same)" if a == b else f"→ {_columns(b)}"
            out.append(f"page {n + 1} lines per column: {_columns(a)} {change}")
        out.append(f"paragraphs re-broken: {len(self.rebroken)} of {self.paragraphs}")
        out += [f"  ¶{c.block + 1} {c.excerpt}…  {c.lines_a} → {c.lines_b} lines" for c in self.rebroken]
        if self.moved:
            out.append("same breaks, lines moved to other columns or pages: "
                       + ", ".join(f"¶{b + 1}" for b in self.moved))
        return out


def _at(pages: tuple[tuple[int, ...], ...], n: int) -> tuple[int, ...] | None:
    return pages[n] if n < len(pages) else None


def _columns(counts: tuple[int, ...] | None) -> str:
    return "—" if counts is None else " + ".join(str(c) for c in counts)


def lines_per_column(document: LayoutDocument) -> tuple[tuple[int, ...], ...]:
    """Per page, how many lines of text each column holds (every column listed, empty ones 0)."""
    out = []
    for page in document.pages:
        count = max(sum(1 for f in page.frames if f.kind == "column"),
                    max((ln.column + 1 for ln in page.lines), default=0))
        per = [0] * count
        for ln in page.lines:
            if ln.column >= 0 and ln.role in _FLOWING:
                per[ln.column] += 1
        out.append(tuple(per))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Setting:
    """How one block was set: its line texts and the (page index, column) of each line."""

    role: str
    texts: tuple[str, ...]
    places: tuple[tuple[int, int], ...]


def _settings(document: LayoutDocument) -> dict[int, _Setting]:
    lines: dict[int, list] = defaultdict(list)
    for page in document.pages:
        for ln in page.lines:
            if ln.block >= 0 and ln.role in _FLOWING:
                lines[ln.block].append((ln, (page.index, ln.column)))
    return {b: _Setting(ls[0][0].role, tuple(ln.text for ln, _ in ls), tuple(p for _, p in ls))
            for b, ls in lines.items()}


def compare_layouts(a: LayoutDocument, b: LayoutDocument) -> LayoutComparison:
    """What differs between two layouts of the same article."""
    sa, sb = _settings(a), _settings(b)
    rebroken, moved = [], []
    for block in sorted(sa.keys() | sb.keys()):
        one, two = sa.get(block), sb.get(block)
        if one is None or two is None or one.texts != two.texts:
            ref = one or two
            rebroken.append(ParagraphChange(block, ref.role, "".join(ref.texts)[:_EXCERPT],
                                            len(one.texts) if one else 0, len(two.texts) if two else 0))
        elif one.places != two.places:
            moved.append(block)
    return LayoutComparison(lines_per_column(a), lines_per_column(b), tuple(rebroken), tuple(moved),
                            len(sa.keys() | sb.keys()))


def style_label(style: str | Path, name: str) -> str:
    """How a style is named in the summary and the picture: its path when it is a file."""
    return display_path(style) if Path(style).is_file() else name


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything `paiban compare` reports."""

    labels: tuple[str, str]
    layout: LayoutComparison
    changed_pixels: tuple[int, ...]  # per compared page
    total_pixels: tuple[int, ...]
    png: bytes

    def summary(self) -> list[str]:
        a, b = self.labels
        out = [f"A: {a}", f"B: {b}", *self.layout.summary()]
        changed, total = sum(self.changed_pixels), sum(self.total_pixels)
        share = 100.0 * changed / total if total else 0.0
        out.append(f"pixels differing: {changed} of {total} ({share:.2f}%)" if changed
                   else "pixels differing: none")
        return out


def compare(article: str | Path, style_a: str | Path, style_b: str | Path,
            pages: PageSelection | None = None, dpi: float = 96.0, show_grid: bool = False) -> Comparison:
    """Set `article` in two styles and compare the results (both PDFs are made by `build`)."""
    from paiban.api import build, load_article, load_style
    from paiban.preview.diffimage import compare_sheet
    from paiban.preview.raster import check_dpi

    check_dpi(dpi)
    text = load_article(article)
    styles = [load_style(style_a), load_style(style_b)]
    results = [build(text, s, show_grid=show_grid) for s in styles]
    layout = compare_layouts(results[0].document, results[1].document)
    count = max(len(r.document.pages) for r in results)
    indices = (pages or PageSelection()).indices(count)
    labels = (style_label(style_a, styles[0].name), style_label(style_b, styles[1].name))
    sheet = compare_sheet(results[0].pdf, results[1].pdf, indices, dpi, labels)
    return Comparison(labels, layout, sheet.changed, sheet.total, sheet.png)
