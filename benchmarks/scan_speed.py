"""How long `paiban import` takes to read scanned pages: CPU and wall seconds a page.

    python benchmarks/scan_speed.py [--pages 4] [--runs 10] [-j 2] [--base OTHER/src]

A long article (the seed article's body repeated) is built with paiban, its first `--pages`
pages are rendered at 300 dpi and roughened as the scan corpus's are
(`benchmarks/scan_corpus/make.py`: lid, skew, gutter shadow, light, blur, noise, JPEG 60), and
written as an image-only PDF. That PDF is imported by ``python -m paiban import SCAN.pdf -j J``
as a whole process; its CPU time (its own and that of the Tesseract processes it waited for, from
`os.wait4`) and its wall time are divided by the pages.

With ``--base``, another tree's ``src`` (say main's) is run too: the two alternate run by run
(which goes first alternates as well), and the paired ratios of CPU time say whether a change
beats the noise of a shared machine. Each line gives the median and the range.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "scan_corpus"))

import workloads  # noqa: E402


def make_scan(folder: Path, pages: int) -> Path:
    """An image-only PDF of `pages` roughened 300-dpi scans of a built article."""
    import pymupdf
    from make import scan_pdf

    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    art = workloads.seed()
    md = workloads.write_markdown(folder / "article.md", art.meta, workloads.long_body(max(1, pages // 2 + 1)))
    built = folder / "article.pdf"
    subprocess.run([sys.executable, "-m", "paiban", "build", str(md), "-o", str(built)], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    first = folder / "first.pdf"
    with pymupdf.open(built) as doc, pymupdf.open() as out:
        out.insert_pdf(doc, to_page=min(pages, doc.page_count) - 1)
        out.save(first)
    scan = folder / "scan.pdf"
    scan_pdf(first, scan, 300, "scan_speed")
    return scan


def run_once(src: Path, scan: Path, jobs: int, out: Path) -> tuple[float, float]:
    """CPU and wall seconds of one import of `scan` by the paiban in `src`."""
    env = dict(os.environ, PYTHONPATH=str(src))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-m", "paiban", "import", str(scan), "-o", str(out), "-j", str(jobs)]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        err = proc.stderr.read().decode("utf-8", "replace").strip().splitlines() if proc.stderr else []
        raise SystemExit(f"import failed ({src}): {err[-1] if err else status}")
    return usage.ru_utime + usage.ru_stime, wall


def spread(values: list[float]) -> str:
    values = sorted(values)
    return f"{statistics.median(values):.2f} ({values[0]:.2f}–{values[-1]:.2f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--base", type=Path, help="another tree's src folder to compare with, run alternately")
    parser.add_argument("--keep", type=Path, help="keep the scan and the imports in this folder")
    args = parser.parse_args(argv)
    if not shutil.which("tesseract"):
        print("scan import speed: Tesseract is not installed; skipped")
        return 0
    folder = args.keep or Path(tempfile.mkdtemp(prefix="paiban-scan-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        scan = make_scan(folder, args.pages)
        import pymupdf

        with pymupdf.open(scan) as doc:
            pages = doc.page_count
        trees = {"this tree": ROOT / "src"}
        if args.base:
            trees["base"] = args.base.resolve()
        for name, src in trees.items():  # warm-up: compiled bytecode written, files cached
            run_once(src, scan, args.jobs, folder / "warm.md")
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        for k in range(args.runs):
            order = list(trees) if k % 2 == 0 else list(reversed(trees))
            for name in order:
                samples[name].append(run_once(trees[name], scan, args.jobs, folder / f"{k}.md"))
        print(f"scan import, {pages} page{'s' if pages != 1 else ''} of 300 dpi, -j {args.jobs}, {args.runs} runs "
              f"({os.cpu_count()} cores): median (range) per page")
        for name, runs in samples.items():
            print(f"  {name}: CPU {spread([c / pages for c, _ in runs])} s, wall {spread([w / pages for _, w in runs])} s")
        if args.base:
            ratios = [a[0] / b[0] for a, b in zip(samples["this tree"], samples["base"])]
            walls = [a[1] / b[1] for a, b in zip(samples["this tree"], samples["base"])]
            print(f"  this tree / base, paired: CPU {spread(ratios)}, wall {spread(walls)}")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
