"""The state behind the browser viewer: a watched session, its page images, and change signals.

The viewer asks for pages at the resolution its zoom needs, with or without the grid overlay, so
images are rendered on request (from the PDF of the current build, or from a PDF written with the
overlay) and kept until the next build. Every rebuild, good or failed, bumps a generation number;
viewers wait on it (server-sent events) and fetch the new state when it moves.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from paiban.errors import display_path
from paiban.preview.raster import rasterize
from paiban.preview.session import PreviewSession, Snapshot
from paiban.preview.watch import Outcome, describe, watch_session

#: Resolutions the viewer may ask for: a multiple of this step, within the bounds.
DPI_STEP = 12
DPI_MIN, DPI_MAX = 24, 600


def snap_dpi(dpi: float) -> int:
    """The allowed resolution nearest to `dpi`, so zooming does not fill the cache with near-twins."""
    stepped = round(dpi / DPI_STEP) * DPI_STEP
    return int(min(max(stepped, DPI_MIN), DPI_MAX))


class Signal:
    """A generation counter that threads can wait on; closing it wakes every waiter for good."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.generation = 0
        self.closed = False

    def publish(self) -> None:
        with self._cond:
            self.generation += 1
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """The generation once it differs from `seen`, or after `timeout` seconds, or on close."""
        with self._cond:
            self._cond.wait_for(lambda: self.generation != seen or self.closed, timeout)
            return self.generation


@dataclass(frozen=True, slots=True)
class ImageKey:
    version: int
    index: int
    grid: bool
    dpi: int


class LivePreview:
    """A session kept up to date by a watch thread, with page images made on request."""

    def __init__(self, session: PreviewSession, log: Callable[[str], None] = print):
        self.session = session
        self.signal = Signal()
        self.log = log
        self._images: dict[ImageKey, bytes] = {}
        self._grid_pdf: tuple[int, bytes] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.built_at = 0.0

    def start(self) -> None:
        """Build once now (so the first page view has something to show), then watch."""
        self._report(self.session.rebuild(), [])
        self._thread = threading.Thread(target=watch_session, name="paiban-watch", daemon=True,
                                        args=(self.session, self._report, self._stop, False))
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.signal.close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _report(self, outcome: Outcome, changed: Sequence[Path]) -> None:
        self.built_at = time.time()
        with self._lock:
            current = self.session.snapshot.version if self.session.snapshot else 0
            self._images = {k: v for k, v in self._images.items() if k.version == current}
        self.log(describe(outcome, self.session, changed))
        self.signal.publish()

    def state(self) -> dict:
        """What the viewer shows around the page: pages, version, error, timing; JSON-ready."""
        snapshot, error = self.session.snapshot, self.session.error
        pages = [] if snapshot is None else [
            {"number": p.number, "width": round(p.width, 3), "height": round(p.height, 3)}
            for p in snapshot.document.pages]
        return {
            "generation": self.signal.generation,
            "version": snapshot.version if snapshot else 0,
            "pages": pages,
            "error": str(error) if error else None,
            "warnings": [str(w) for w in snapshot.document.warnings] if snapshot else [],
            "article": display_path(self.session.article),
            "style": str(self.session.style),
            "built_ms": round(snapshot.timings.total * 1000) if snapshot else None,
            "built_at": time.strftime("%H:%M:%S", time.localtime(self.built_at)) if self.built_at else None,
        }

    def page_png(self, index: int, grid: bool, dpi: float) -> bytes | None:
        """PNG of page `index` (0-based) of the current build; None when there is no such page."""
        snapshot = self.session.snapshot
        if snapshot is None or not 0 <= index < len(snapshot.document.pages):
            return None
        key = ImageKey(snapshot.version, index, grid, snap_dpi(dpi))
        with self._lock:
            cached = self._images.get(key)
        if cached is not None:
            return cached
        png = rasterize(self._pdf(snapshot, grid), [index], key.dpi)[0].png
        with self._lock:
            self._images[key] = png
        return png

    def _pdf(self, snapshot: Snapshot, grid: bool) -> bytes:
        """The build's PDF, or the same layout written again with the overlay (made once)."""
        if not grid:
            return snapshot.pdf
        with self._lock:
            if self._grid_pdf and self._grid_pdf[0] == snapshot.version:
                return self._grid_pdf[1]
        from paiban.render.pdf import render_pdf

        with self.session.lock:  # ReportLab's font state is shared with the rebuilding thread
            pdf = render_pdf(snapshot.document, show_grid=True)
        with self._lock:
            self._grid_pdf = (snapshot.version, pdf)
        return pdf

