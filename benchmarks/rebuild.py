"""How long a designer waits after saving a style edit: rebuild time of the seed article.

Runs in one process, as `paiban watch` and `paiban serve` do, so fonts and metrics are loaded
once (the first build) and every later rebuild reuses them. Three figures, each the median and
90th percentile over N edits of a sheet that extends the magazine style:

- relayout: the edit changes the gutter, so every line re-breaks and the page is drawn anew;
  timed from reading the sheet to the PDF and PNGs written (PreviewSession.rebuild);
- cosmetic: the edit changes only the description, so the page image is reused;
- watch: from writing the sheet to watch mode's report, file-system events included.

    PYTHONPATH=src python3 benchmarks/rebuild.py [-n 30] [--dpi 110]
"""

from __future__ import annotations

import argparse
import queue
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from paiban.preview.session import PreviewOptions, PreviewSession, Snapshot
from paiban.preview.watch import watch_session

ROOT = Path(__file__).resolve().parents[1]
SHEETS = ("extends: magazine\npage: {gutter: 2字}\n", "extends: magazine\npage: {gutter: 3字}\n")


def _ms(values: list[float]) -> str:
    values = sorted(v * 1000 for v in values)
    p90 = values[min(len(values) - 1, round(0.9 * (len(values) - 1)))]
    return f"median {statistics.median(values):6.1f} ms   p90 {p90:6.1f} ms"


def _session(folder: Path, dpi: float) -> tuple[PreviewSession, Path]:
    style = folder / "style.yaml"
    style.write_text(SHEETS[0], encoding="utf-8")
    article = folder / "article.md"
    shutil.copy(ROOT / "examples" / "seed" / "article.md", article)
    options = PreviewOptions(dpi, output=folder / "out", write_pdf=True)
    return PreviewSession(article, style, options), style


def direct(folder: Path, n: int, dpi: float) -> None:
    session, style = _session(folder, dpi)
    t0 = time.perf_counter()
    session.rebuild()
    print(f"first build (fonts loaded): {(time.perf_counter() - t0) * 1000:.0f} ms")
    relayout, cosmetic, parts = [], [], []
    for k in range(n):
        style.write_text(SHEETS[(k + 1) % 2], encoding="utf-8")
        snap = session.rebuild()
        assert isinstance(snap, Snapshot) and snap.rendered == 1, snap
        relayout.append(snap.timings.total)
        parts.append(snap.timings)
        style.write_text(SHEETS[(k + 1) % 2] + f"description: edit {k}\n", encoding="utf-8")
        snap = session.rebuild()
        assert isinstance(snap, Snapshot) and snap.rendered == 0, snap
        cosmetic.append(snap.timings.total)
    print(f"relayout edit, {n} rebuilds:  {_ms(relayout)}")
    for name in ("load", "build", "raster"):
        print(f"    {name:7} {_ms([getattr(t, name) for t in parts])}")
    print(f"cosmetic edit, {n} rebuilds:  {_ms(cosmetic)}")


def watched(folder: Path, n: int, dpi: float) -> None:
    session, style = _session(folder, dpi)
    reports: queue.Queue = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(target=watch_session, args=(session, lambda o, c: reports.put(time.perf_counter()), stop))
    thread.start()
    reports.get(timeout=60)
    time.sleep(0.5)  # let the watcher arm itself
    latencies = []
    for k in range(n):
        start = time.perf_counter()
        style.write_text(SHEETS[(k + 1) % 2], encoding="utf-8")
        latencies.append(reports.get(timeout=30) - start)
        time.sleep(0.1)
    stop.set()
    thread.join()
    print(f"watch: save → report, {n} edits: {_ms(latencies)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30, help="edits to time (default 30)")
    parser.add_argument("--dpi", type=float, default=110.0, help="preview resolution (default 110)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a").mkdir()
        (Path(tmp) / "b").mkdir()
        direct(Path(tmp) / "a", args.n, args.dpi)
        watched(Path(tmp) / "b", args.n, args.dpi)


if __name__ == "__main__":
    main()
