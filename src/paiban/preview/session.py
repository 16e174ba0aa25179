"""A preview session: one article in one style, rebuilt on demand, keeping the last good result.

`watch` and `serve` both drive a session. A rebuild reads the style and the article again, runs
`paiban.build` (so the PDF is the print PDF), and rasterises the selected pages. What a rebuild
costs after a small style edit is what a designer waits for, so the session avoids repeating
work it can prove unchanged: fonts and metrics stay loaded in the process (the font modules keep
them), and a page whose layout data and fonts equal the previous build's keeps its image instead
of being rasterised and written again. A failed rebuild changes nothing on disk: the last good
PNGs and PDF stay, and the error is kept for the caller to show.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from paiban.errors import PaibanError
from paiban.files import atomic_write
from paiban.layout.result import LayoutDocument
from paiban.preview.errors import PreviewError
from paiban.preview.pages import PageSelection
from paiban.preview.raster import PageImage, rasterize, write_images


@dataclass(frozen=True, slots=True)
class PreviewOptions:
    """What a session makes: resolution and pages of the images, overlay, where files go."""

    dpi: float = 110.0
    pages: PageSelection = field(default_factory=PageSelection)
    show_grid: bool = False
    output: Path | None = None  # folder for page-N.png (and the PDF when write_pdf)
    write_pdf: bool = False
    render_images: bool = True  # False: build the PDF only (the viewer renders on request)


@dataclass(frozen=True, slots=True)
class Timings:
    """Seconds spent in each step of one rebuild."""

    load: float  # reading the style chain and the article
    build: float  # layout and PDF writing
    raster: float  # rasterising and writing the changed pages

    @property
    def total(self) -> float:
        return self.load + self.build + self.raster


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One good build: the layout, the PDF, the page images and the files it was made from."""

    version: int  # 1 for the first good build, +1 for each later one
    document: LayoutDocument
    pdf: bytes
    files: tuple[Path, ...]  # the article, then every sheet of the style's extends chain
    images: tuple[PageImage, ...]  # the selected pages, in order
    rendered: int  # how many of `images` were rasterised afresh (the others were unchanged)
    timings: Timings


def _page_unchanged(old: LayoutDocument, new: LayoutDocument, index: int) -> bool:
    """Whether page `index` would rasterise to the same pixels as in the previous build."""
    return (
        index < len(old.pages)
        and old.pages[index] == new.pages[index]
        and old.fonts == new.fonts
        and old.substitutions == new.substitutions
    )


class PreviewSession:
    """An article and a style (name or path), rebuilt by `rebuild()`; thread-safe.

    `snapshot` is the last good build (None before the first), `error` the error of the last
    rebuild when it failed (None after a good one). `generation` counts rebuilds of either kind,
    so a viewer can tell that something new happened even when it was a failure.
    """

    def __init__(self, article: str | Path, style: str | Path = "magazine",
                 options: PreviewOptions | None = None):
        self.article = Path(article)
        self.style = style
        self.options = options or PreviewOptions()
        self.snapshot: Snapshot | None = None
        self.error: PaibanError | None = None
        self.generation = 0
        self.lock = threading.RLock()
        self._files = self._initial_files()

    def _initial_files(self) -> frozenset[Path]:
        files = {self.article.resolve()}
        if Path(self.style).is_file():
            files.add(Path(self.style).resolve())
        return frozenset(files)

    @property
    def output_pdf(self) -> Path | None:
        folder = self.options.output
        return folder / f"{self.article.stem}.pdf" if folder and self.options.write_pdf else None

    def watched_files(self) -> frozenset[Path]:
        """Every file whose change should trigger a rebuild.

        After a good build: the article and the style's extends chain. After a failure the last
        good chain is kept and the file named by the error is added, so that fixing a newly
        extended sheet that was broken is noticed too.
        """
        return self._files

    def rebuild(self) -> Snapshot | PaibanError:
        """Build again from the files on disk; returns the new snapshot or the error."""
        with self.lock:
            self.generation += 1
            try:
                snapshot = self._build()
            except PaibanError as exc:
                self.error = exc
                if exc.source and exc.source.file:
                    self._files = self._files | {Path(exc.source.file).resolve()}
                return exc
            self.snapshot, self.error = snapshot, None
            self._files = frozenset(snapshot.files)
            return snapshot

    def _build(self) -> Snapshot:
        from paiban.api import build, load_article, load_style

        t0 = time.perf_counter()
        style = load_style(self.style)
        article = load_article(self.article)
        t1 = time.perf_counter()
        result = build(article, style, show_grid=self.options.show_grid)
        t2 = time.perf_counter()
        images, rendered = self._images(result.document, result.pdf)
        if self.output_pdf is not None:
            self._write(self.output_pdf, result.pdf)
        t3 = time.perf_counter()
        files = (self.article.resolve(), *(Path(f).resolve() for f in style.files))
        version = self.snapshot.version + 1 if self.snapshot else 1
        return Snapshot(version, result.document, result.pdf, files, images, rendered,
                        Timings(t1 - t0, t2 - t1, t3 - t2))

    def _images(self, document: LayoutDocument, pdf: bytes) -> tuple[tuple[PageImage, ...], int]:
        """Images of the selected pages: unchanged ones carried over, the others rasterised."""
        if not self.options.render_images:
            return (), 0
        indices = self.options.pages.indices(len(document.pages))
        previous = {im.index: im for im in self.snapshot.images} if self.snapshot else {}
        old = self.snapshot.document if self.snapshot else None
        folder = self.options.output
        kept = {i: previous[i] for i in indices
                if i in previous and old is not None and _page_unchanged(old, document, i)
                and (folder is None or (folder / previous[i].name).is_file())}
        fresh = rasterize(pdf, [i for i in indices if i not in kept], self.options.dpi)
        if self.options.output is not None:
            write_images(fresh, self.options.output, keep=kept)
        by_index = {**kept, **{im.index: im for im in fresh}}
        return tuple(by_index[i] for i in indices), len(fresh)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        atomic_write(path, data)  # an OutputError naming the path when it cannot be written
