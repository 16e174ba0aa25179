"""How long `paiban import` takes as its input grows: page text, one long line, PDF pages.

Inputs are written afresh into a temporary folder: page text made of the seed page's extracted
text repeated as pages (separated by form feeds, as pdftotext writes them), one line of the seed
page's body text repeated to a size, and PDFs of the seed article's page repeated. Each is
imported in this process (`import_pages`, as the command does), and the table gives the median
of the runs and the time per unit, which stays flat when the import is linear.

    python benchmarks/import_speed.py            # 5k/20k/100k lines, 1/5 MB, 100/400/1,000 pages, 3 runs
    python benchmarks/import_speed.py --quick    # small inputs, one run each (CI)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from paiban import build  # noqa: E402
from paiban.importers import import_pages  # noqa: E402

SEED_PAGE = ROOT / "tests" / "data" / "seed_page.txt"
SEED_ARTICLE = ROOT / "tests" / "data" / "seed_article.md"

FULL = {"lines": (5_000, 20_000, 100_000), "line_mb": (1, 5), "pdf_pages": (100, 400, 1_000)}
QUICK = {"lines": (500, 1_000), "line_mb": (0.05,), "pdf_pages": (5, 10)}


@dataclass(frozen=True)
class Input:
    kind: str  # page text | one line | PDF
    size: str  # as shown in the table
    units: float  # lines, MB or pages, for the time per unit
    unit: str
    path: Path


def page_text(folder: Path, lines: int) -> Input:
    """The seed page's text as many pages as make `lines` lines."""
    page = SEED_PAGE.read_text(encoding="utf-8").rstrip("\n")
    copies = -(-lines // len(page.split("\n")))
    path = folder / f"pages-{lines}.txt"
    path.write_text("\f".join([page] * copies) + "\n", encoding="utf-8")
    return Input("page text", f"{lines:,} lines", lines, "1k lines", path)


def one_line(folder: Path, megabytes: float) -> Input:
    """The seed page's body text, repeated on one line to `megabytes` of UTF-8."""
    rows = SEED_PAGE.read_text(encoding="utf-8").split("\n")
    body = "".join(row.strip() for row in rows[3:-3] if row.strip())
    size = int(megabytes * 1_000_000)
    text = body * (size // len(body.encode("utf-8")) + 1)
    data = text.encode("utf-8")[:size].decode("utf-8", "ignore")
    path = folder / f"line-{megabytes}mb.txt"
    path.write_text(data + "\n", encoding="utf-8")
    return Input("one line", f"{megabytes:g} MB", megabytes, "MB", path)


def pdf(folder: Path, seed: Path, pages: int) -> Input:
    """The seed article's page `pages` times over, in one PDF."""
    import pymupdf

    path = folder / f"pages-{pages}.pdf"
    with pymupdf.open(seed) as page, pymupdf.open() as out:
        for _ in range(pages):
            out.insert_pdf(page)
        out.save(path)
    return Input("PDF", f"{pages:,} pages", pages, "100 pages", path)


def measure(target: Input, runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of `runs` imports of `target` (CPU time says more than wall
    time on a machine that other work shares)."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        import_pages([target.path])
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def per_unit(seconds: float, target: Input) -> float:
    scale = {"1k lines": 1_000, "MB": 1, "100 pages": 100}[target.unit]
    return seconds / target.units * scale


def inputs(folder: Path, sizes: dict) -> list[Callable[[], Input]]:
    """Makers of every input, in table order (each written just before it is measured)."""
    seed = folder / "seed.pdf"
    makers: list[Callable[[], Input]] = [lambda n=n: page_text(folder, n) for n in sizes["lines"]]
    makers += [lambda mb=mb: one_line(folder, mb) for mb in sizes["line_mb"]]

    def seeded(pages: int) -> Input:
        if not seed.exists():
            build(SEED_ARTICLE, "magazine", seed)
        return pdf(folder, seed, pages)

    makers += [lambda p=p: seeded(p) for p in sizes["pdf_pages"]]
    return makers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small inputs, one run each")
    parser.add_argument("--runs", type=int, default=None, help="runs per input (default 3, 1 with --quick)")
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 3)
    sizes = QUICK if args.quick else FULL
    print(f"paiban import, in-process, median of {runs} run{'s' if runs != 1 else ''}")
    print()
    print("| input | size | seconds | CPU seconds | seconds per unit |")
    print("| --- | --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="paiban-import-speed-") as tmp:
        for make in inputs(Path(tmp), sizes):
            target = make()
            seconds, cpu = measure(target, runs)
            print(f"| {target.kind} | {target.size} | {seconds:.2f} | {cpu:.2f} "
                  f"| {per_unit(seconds, target):.3f} per {target.unit} |", flush=True)
            target.path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
