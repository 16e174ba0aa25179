"""Importing existing magazine pages — extracted page text or PDFs — into the article format.

Reprints start from pages that already exist. `import_pages` reads them (`pagetext`, `pdf`),
drops page furniture (`furniture`), finds the columns (`columns`) and the title block
(`titleblock`), rebuilds paragraphs and headings (`paragraphs`, `headings`), repairs punctuation
(`punctuation`) and checks that every character is accounted for (`ledger`). The result is an
`Article` and its Markdown, ready to be laid out again in any style.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from paiban.errors import Diagnostic, Diagnostics, SourceImportError, Span, display_path
from paiban.importers.assemble import Assembled, assemble
from paiban.importers.pagetext import read_page_text
from paiban.importers.pdf import PdfImage, parse_page_range, read_pdf
from paiban.importers.source import Dropped, SourcePage
from paiban.model.article import Article, Block, Heading, Paragraph, Run
from paiban.model.writer import write_article

__all__ = ["ImportResult", "ImportedImage", "import_pages"]


@dataclass(frozen=True)
class ImportedImage:
    """An image taken from a PDF page, to be written next to the article."""

    name: str  # file name, e.g. ``article-1.png``
    data: bytes
    page: int  # 1-based page of the PDF
    after_block: int  # the article block it follows in reading order; -1 before the first


@dataclass(frozen=True)
class ImportResult:
    """An imported article, its Markdown, and everything a user should check."""

    article: Article
    markdown: str
    dropped: tuple[Dropped, ...]
    warnings: tuple[Diagnostic, ...]
    images: tuple[ImportedImage, ...] = ()

    def write(self, output: str | Path) -> list[Path]:
        """Write the Markdown to `output` and the images beside it; returns the image paths."""
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(self.markdown, encoding="utf-8")
        return self.write_images(output.parent)

    def write_images(self, folder: str | Path) -> list[Path]:
        written = []
        for image in self.images:
            path = Path(folder) / image.name
            path.write_bytes(image.data)
            written.append(path)
        return written


@dataclass
class _Read:
    pages: list[SourcePage]
    characters: list[str]
    dropped: list[Dropped]
    images: list[PdfImage]
    hints: list[str]  # metadata that may name the publication and issue


def _is_pdf(path: Path, data: bytes) -> bool:
    return data.lstrip()[:5] == b"%PDF-" or path.suffix.lower() == ".pdf"


def _read(paths: Sequence[str | Path], pages: str | None, diagnostics: Diagnostics) -> _Read:
    read = _Read([], [], [], [], [])
    for path in map(Path, paths):
        shown = display_path(path)
        if not path.is_file():
            what = "is a folder, not a page file" if path.is_dir() else "not found"
            raise SourceImportError(f"page file {what}: {shown}", Span(shown))
        data = path.read_bytes()
        if _is_pdf(path, data):
            pdf = read_pdf(data, shown, pages, diagnostics)
            read.dropped.extend(dataclasses.replace(d, page=d.page + len(read.pages)) for d in pdf.dropped)
            read.pages.extend(pdf.pages)
            read.characters.append(pdf.characters)
            read.hints.append(pdf.subject)
            read.images.extend(pdf.images)
            continue
        text_pages = read_page_text(data, shown, diagnostics)
        chosen = parse_page_range(pages, len(text_pages), shown) if pages else range(len(text_pages))
        for index in chosen:
            page = text_pages[index]
            read.pages.append(page)
            read.characters.extend(row.text for row in page.rows)
    return read


def import_pages(paths: Sequence[str | Path], pages: str | None = None, image_stem: str = "image") -> ImportResult:
    """Import page files (text or PDF, in reading order) as one article.

    `pages` selects pages (``3-5``) of each file; images found in PDFs are named
    ``{image_stem}-{n}.{ext}`` in reading order.
    """
    if not paths:
        raise SourceImportError("no page files were given")
    diagnostics = Diagnostics()
    read = _read(paths, pages, diagnostics)
    done = assemble(read.pages, "".join(read.characters), read.dropped, read.hints, diagnostics)
    article, markdown = _markdown(done.article, diagnostics)
    images = _place_images(read, done, image_stem)
    return ImportResult(article, markdown, done.dropped, tuple(diagnostics), images)


def _markdown(article: Article, diagnostics: Diagnostics) -> tuple[Article, str]:
    """The Markdown of `article`; bold CommonMark cannot express is written as plain text."""
    blocks: list[Block] = []
    for block in article.blocks:
        try:
            write_article(dataclasses.replace(article, blocks=(block,)))
        except ValueError:
            plain = Run(block.text)
            kind = "heading" if isinstance(block, Heading) else "paragraph"
            diagnostics.warn(
                f"the bold in this {kind} cannot be written as Markdown that reads back the same; it was written without bold",
                block.source,
            )
            block = dataclasses.replace(block, runs=(plain,)) if isinstance(block, (Heading, Paragraph)) else block
        blocks.append(block)
    article = dataclasses.replace(article, blocks=tuple(blocks))
    try:
        return article, write_article(article)
    except ValueError as exc:
        raise SourceImportError(f"the imported article cannot be written as Markdown: {exc}") from None


def _place_images(read: _Read, done: Assembled, stem: str) -> tuple[ImportedImage, ...]:
    """Name each image and find the block it follows: the last body line above it on its page."""
    page_index = {(p.name, p.number): k for k, p in enumerate(read.pages)}
    out = []
    for number, image in enumerate(read.images, start=1):
        index = page_index.get((image.name, image.page), -1)
        x0, top, x1, _ = image.bbox
        after = -1
        for line, block in zip(done.lines, done.block_of_line):
            beside = line.segment.x0 < x1 and line.segment.x1 > x0
            if line.page < index or (line.page == index and line.y < top and beside):
                after = block
        ext = "jpg" if image.ext == "jpeg" else image.ext
        out.append(ImportedImage(f"{stem}-{number}.{ext}", image.data, image.page, after))
    return tuple(out)
