"""Importing existing magazine pages — extracted page text or PDFs — into the article format.

Reprints start from pages that already exist. `import_pages` reads them (`pagetext`, `pdf`),
drops page furniture (`furniture`), finds the columns (`columns`) and the title block
(`titleblock`), rebuilds paragraphs and headings (`paragraphs`, `headings`), repairs punctuation
(`punctuation`) and checks that every character is accounted for (`ledger`). The result is an
`Article` and its Markdown, ready to be laid out again in any style.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from paiban.errors import Diagnostic, Diagnostics, SourceImportError, Span, display_path
from paiban.importers.assemble import assemble, check_ledger
from paiban.importers.columns import ColumnLine
from paiban.importers.figures import take_figures
from paiban.importers.floats import figure_float, insert_floats, pullquote_float, table_float
from paiban.importers.pagetext import read_page_text
from paiban.importers.pdf import PdfImage, parse_page_range, read_pdf
from paiban.importers.pullquotes import take_pullquotes
from paiban.importers.scan import Uncertain, is_image, open_image_pages, pdf_page_reader, read_images, source_page
from paiban.importers.tables import join_tables, take_tables
from paiban.importers.source import Dropped, SourcePage
from paiban.model.article import Article, Block, Heading, Paragraph, Run
from paiban.model.writer import join_article, write_article, write_block

__all__ = ["ImportResult", "ImportedImage", "Progress", "import_pages"]

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: `done` of `total` steps (pages, blocks) of a long stage are
done. The command draws it as a bar on a terminal (`paiban.commands.progress`)."""

REPORTS = 100
"""Reports per stage at most, so that drawing a bar costs nothing next to the work it shows."""


@dataclass(frozen=True)
class ImportedImage:
    """An image taken from a PDF page, to be written next to the article, which shows it as a
    figure."""

    name: str  # file name, e.g. ``article-1.png``; the figure's path
    data: bytes
    page: int  # 1-based page of the PDF
    block: int  # index of its `Figure` in the article's blocks


@dataclass(frozen=True)
class ImportResult:
    """An imported article, its Markdown, and everything a user should check."""

    article: Article
    markdown: str
    dropped: tuple[Dropped, ...]
    warnings: tuple[Diagnostic, ...]
    images: tuple[ImportedImage, ...] = ()
    uncertain: tuple[Uncertain, ...] = ()  # characters OCR was unsure of (scanned pages)

    def write(self, output: str | Path) -> list[Path]:
        """Write the images beside `output`, then the Markdown to `output`, each atomically;
        returns the image paths. A file in the way that is not this import's is never replaced
        (see `paiban.importers.writing`)."""
        from paiban.importers.writing import write_article

        return write_article(self.markdown, self.images, Path(output))

    def write_images(self, folder: str | Path, follow_symlinks: bool = True) -> list[Path]:
        """Write the images into `folder` (atomically, replacing files of their names)."""
        from paiban.importers.writing import write_images

        return write_images(self.images, Path(folder), follow_symlinks)

    def with_images_in(self, folder: str | Path) -> ImportResult:
        """The result with its figures referring to their images in `folder` (an absolute path),
        for an article that is not written beside its images."""
        folder = Path(folder).absolute()
        blocks = list(self.article.blocks)
        for image in self.images:
            blocks[image.block] = dataclasses.replace(blocks[image.block], path=str(folder / image.name))
        article = dataclasses.replace(self.article, blocks=tuple(blocks))
        return dataclasses.replace(self, article=article, markdown=write_article(article))


@dataclass
class _Read:
    pages: list[SourcePage]
    characters: list[str]
    dropped: list[Dropped]
    images: list[PdfImage]
    hints: list[str]  # metadata that may name the publication and issue
    uncertain: list[Uncertain] = dataclasses.field(default_factory=list)


SPECK = "OCR mark in a column gutter"


def _is_pdf(path: Path, data: bytes) -> bool:
    return data.lstrip()[:5] == b"%PDF-" or path.suffix.lower() == ".pdf"


def _read(paths: Sequence[str | Path], pages: str | None, diagnostics: Diagnostics,
          progress: Progress | None, mark_uncertain: bool = False, jobs: int = 1) -> _Read:
    read = _Read([], [], [], [], [])
    for path in map(Path, paths):
        shown = display_path(path)
        on_page = _stage(progress, f"reading {shown}")
        if not path.is_file():
            what = "is a folder, not a page file" if path.is_dir() else "not found"
            raise SourceImportError(f"page file {what}: {shown}", Span(shown))
        data = path.read_bytes()
        if is_image(path, data):
            _read_scans(read, data, shown, pages, mark_uncertain, jobs, on_page)
            continue
        if _is_pdf(path, data):
            specks: list[tuple[int, str, float]] = []
            scanned = pdf_page_reader(shown, mark_uncertain, read.uncertain, specks, jobs, pages)
            try:
                pdf = read_pdf(data, shown, pages, diagnostics, on_page, scanned)
            finally:
                scanned.close()
            at = {page.number - 1: k + len(read.pages) for k, page in enumerate(pdf.pages)}
            read.dropped.extend(Dropped(SPECK, c, Span(f"{shown} page {index + 1}"), at[index], y)
                                for index, c, y in specks)
            read.characters.extend(c for _, c, _ in specks)
            read.dropped.extend(dataclasses.replace(d, page=d.page + len(read.pages)) for d in pdf.dropped)
            read.pages.extend(pdf.pages)
            read.characters.append(pdf.characters)
            read.hints.append(pdf.subject)
            read.images.extend(pdf.images)
            continue
        text_pages = read_page_text(data, shown, diagnostics, on_page)
        chosen = parse_page_range(pages, len(text_pages), shown) if pages else range(len(text_pages))
        for index in chosen:
            page = text_pages[index]
            read.pages.append(page)
            read.characters.extend(row.text for row in page.rows)
    return read


def _read_scans(read: _Read, data: bytes, shown: str, pages: str | None, mark_uncertain: bool, jobs: int,
                on_page: Callable[[int, int], None] | None) -> None:
    """The pages of an image file, read by OCR (`paiban.importers.scan`)."""
    images = open_image_pages(data, shown)
    chosen = parse_page_range(pages, len(images), shown) if pages else range(len(images))
    scanned = read_images([images[k] for k in chosen], shown, mark_uncertain, jobs, on_page)
    for index, page in zip(chosen, scanned):
        read.dropped.extend(Dropped(SPECK, c, Span(f"{shown} page {index + 1}"), len(read.pages), y)
                            for c, y in page.specks)
        read.characters.extend(c for c, _ in page.specks)
        read.pages.append(source_page(page, shown, index + 1))
        read.characters.append("".join(c.c for c in page.chars))
        read.uncertain.extend(page.uncertain)


def import_pages(paths: Sequence[str | Path], pages: str | None = None, image_stem: str = "image",
                 progress: Progress | None = None, mark_uncertain: bool = False, jobs: int = 1) -> ImportResult:
    """Import page files (text, PDF or page images, in reading order) as one article.

    `pages` selects pages (``3-5``) of each file; images found in PDFs become figures whose
    files are named ``{image_stem}-{n}.{ext}`` in reading order. `progress` is told how far the
    long stages (reading pages, writing blocks) have come. Page images and PDF pages without a
    text layer are read by OCR (`paiban.importers.scan`), `jobs` pages at a time; with
    `mark_uncertain` the characters it is unsure of are wrapped in 〔？…〕.
    """
    if not paths:
        raise SourceImportError("no page files were given")
    diagnostics = Diagnostics()
    read = _read(paths, pages, diagnostics, progress, mark_uncertain, jobs)
    source_pages, figures, on_images = take_figures(read.pages, read.images)
    source_pages, parts = take_tables(source_pages)  # before pull quotes: a table's rules frame its rows too
    tables, on_tables = join_tables(parts)
    source_pages, quotes = take_pullquotes(source_pages)
    done = assemble(source_pages, [*read.dropped, *on_images, *on_tables], read.hints, diagnostics)
    on_page = _lines_by_page(done.lines)  # a float looks only at its own page's lines
    floats = [figure_float(f, k, "", done.pages[f.page], on_page.get(f.page, [])) for k, f in enumerate(figures)]
    floats += [pullquote_float(q, k, done.pages[q.page], on_page.get(q.page, [])) for k, q in enumerate(quotes)]
    floats += [table_float(part, table, k, done.pages[part.page], on_page.get(part.page, []))
               for k, (part, table) in enumerate(tables)]
    blocks, placed = insert_floats(done.article.blocks, done.lines, done.block_of_line, floats)
    images = _name_images(blocks, placed[: len(figures)], [read.images[f.image] for f in figures], image_stem)
    article = dataclasses.replace(done.article, blocks=tuple(blocks))
    check_ledger("".join(read.characters), done.dropped, article, diagnostics)
    article, markdown = _markdown(article, diagnostics, _stage(progress, "writing Markdown"))
    return ImportResult(article, markdown, done.dropped, tuple(diagnostics), images, tuple(read.uncertain))


def _lines_by_page(lines: Sequence[ColumnLine]) -> dict[int, list[ColumnLine]]:
    out: dict[int, list[ColumnLine]] = {}
    for line in lines:
        out.setdefault(line.page, []).append(line)
    return out


def _name_images(blocks: list[Block], placed: Sequence[int], images: Sequence[PdfImage],
                 stem: str) -> tuple[ImportedImage, ...]:
    """Name the figures' image files in the order the figures stand in the article, and point
    the figures at them (in `blocks`)."""
    out = []
    for number, k in enumerate(sorted(range(len(placed)), key=lambda k: placed[k]), start=1):
        image = images[k]
        ext = "jpg" if image.ext == "jpeg" else image.ext
        name = f"{stem}-{number}.{ext}"
        blocks[placed[k]] = dataclasses.replace(blocks[placed[k]], path=name)
        out.append(ImportedImage(name, image.data, image.page, placed[k]))
    return tuple(out)


def _stage(progress: Progress | None, stage: str) -> Callable[[int, int], None] | None:
    """`progress` for one stage, as ``(done, total)``, told about every hundredth of it."""
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        if done == total or done % max(1, -(-total // REPORTS)) == 0:
            progress(stage, done, total)

    return report


def _markdown(article: Article, diagnostics: Diagnostics,
              on_block: Callable[[int, int], None] | None = None) -> tuple[Article, str]:
    """The Markdown of `article`; bold CommonMark cannot express is written as plain text.

    Each block is written (and read back) once, on its own, so that one that cannot be written
    with its bold can be written without it.
    """
    blocks: list[Block] = []
    texts: list[str] = []
    try:
        for block in article.blocks:
            try:
                text = write_block(block)
            except ValueError:
                plain = Run(block.text)
                kind = "heading" if isinstance(block, Heading) else "paragraph"
                diagnostics.warn(
                    f"the bold in this {kind} cannot be written as Markdown that reads back the same; it was written without bold",
                    block.source,
                )
                block = dataclasses.replace(block, runs=(plain,)) if isinstance(block, (Heading, Paragraph)) else block
                text = write_block(block)
            blocks.append(block)
            texts.append(text)
            if on_block:
                on_block(len(blocks), len(article.blocks))
        article = dataclasses.replace(article, blocks=tuple(blocks))
        return article, join_article(article, texts)
    except ValueError as exc:
        raise SourceImportError(f"the imported article cannot be written as Markdown: {exc}") from None
