"""Score ``paiban import`` on the scan corpus ``make.py`` built, per resolution and producer.

    python benchmarks/scan_corpus/score.py [--out DIR] [--jobs N] [--json FILE] [--hocr-cache DIR]

Every image-only PDF is imported as ``paiban import`` does (OCR page by page) and scored with
the page-import corpus's measures (``benchmarks/import_corpus/score.py``, imported, not
copied): character agreement, paragraph and heading F1, title and byline. The CPU time of each
import — paiban's process and the Tesseract processes it runs — is divided by its pages to give
seconds per page. ``--jobs`` scores documents in parallel processes (the CPU times stay each
import's own).

``--hocr-cache DIR`` keeps Tesseract's reading of every page image in DIR, keyed by the image's
content (``hocr_cache.py``), so that scoring a change to the layout rules again does not run
the OCR again. It is off by default; with it, s/page does not measure Tesseract.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "import_corpus"))

from documents import Document  # noqa: E402
from score import COLUMNS, Score, score_one  # noqa: E402

DEFAULT_OUT = HERE / "out"


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _one(job: tuple[str, str]) -> tuple[Score, float, int]:
    """Score one PDF against its truth; (score, CPU seconds, pages)."""
    import pymupdf

    pdf, truth = Path(job[0]), Document.from_json(job[1])
    with pymupdf.open(pdf) as doc:
        pages = doc.page_count
    started = _cpu()
    result = score_one(pdf, truth)
    return result, _cpu() - started, pages


@dataclass
class Row:
    dpi: str
    producer: str
    scores: list[Score] = field(default_factory=list)
    pdfs: list[str] = field(default_factory=list)  # the documents scored, relative to the corpus
    seconds: list[float] = field(default_factory=list)  # CPU seconds per page, one per document

    def mean(self, name: str) -> float:
        return sum(float(getattr(s, name)) for s in self.scores) / max(1, len(self.scores))


def score(out: Path, jobs: int = 1) -> list[Row]:
    truths = {p.stem: p.read_text(encoding="utf-8") for p in sorted((out / "truth").glob("*.json"))}
    plan: list[tuple[Row, tuple[str, str]]] = []
    rows: list[Row] = []
    for dpi in sorted((p.name for p in out.iterdir() if p.is_dir() and p.name.isdigit()), key=int, reverse=True):
        for producer in sorted(p.name for p in (out / dpi).iterdir() if p.is_dir()):
            row = Row(dpi, producer)
            rows.append(row)
            for pdf in sorted((out / dpi / producer).glob("*/*.pdf")):
                plan.append((row, (str(pdf), truths[pdf.stem])))
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        for (row, job), (result, seconds, pages) in zip(plan, pool.map(_one, [job for _, job in plan])):
            row.scores.append(result)
            row.pdfs.append(str(Path(job[0]).relative_to(out)))
            row.seconds.append(seconds / max(1, pages))
    return [row for row in rows if row.scores]


def table(rows: list[Row]) -> str:
    head = (f"{'dpi':>4} {'producer':<11} {'docs':>5} {'failed':>6} "
            + " ".join(f"{label:>8}" for _, label in COLUMNS) + f" {'s/page':>7}")
    lines = [head, "-" * len(head)]
    for row in rows:
        failed = sum(1 for s in row.scores if s.error)
        lines.append(f"{row.dpi:>4} {row.producer:<11} {len(row.scores):>5} {failed:>6} "
                     + " ".join(f"{row.mean(name):>8.3f}" for name, _ in COLUMNS)
                     + f" {statistics.median(row.seconds):>7.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--jobs", type=int, default=1, help="documents scored at once")
    parser.add_argument("--json", type=Path, help="also write the per-document scores here")
    parser.add_argument("--hocr-cache", type=Path,
                        help="keep Tesseract's readings here, keyed by page image (off by default)")
    args = parser.parse_args()
    if args.hocr_cache:
        from hocr_cache import install

        os.environ.update(install(args.hocr_cache))  # inherited by the scoring processes
    rows = score(args.out, args.jobs)
    print(table(rows))
    print("s/page: median CPU seconds per page (paiban and Tesseract processes) over the documents"
          + (" (Tesseract's readings from the cache: not its cost)" if args.hocr_cache else ""))
    for row in rows:
        for s in row.scores:
            if s.error:
                print(f"{row.dpi}/{row.producer}: {s.error}")
    if args.json:
        data = [{"dpi": r.dpi, "producer": r.producer, "seconds": r.seconds, "documents": r.pdfs,
                 "scores": [vars(s) for s in r.scores]}
                for r in rows]
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
