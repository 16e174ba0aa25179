"""Benchmark harness: paiban against Typst (and XeLaTeX when installed) on the same inputs.

Builds, as whole processes, in one run on one machine: the seed page (also with --print, and as
the first build after installing, with an empty cache folder); a 30-article booklet (paiban
with one and with two processes); a ~30-page and a ~300-page single article (their difference
gives the marginal cost per page). Runs alternate between tools (paiban, Typst, paiban, …), 10
runs each after a warm-up, and the table gives median wall time, the median of per-pair ratios
to Typst, ms per page and peak memory (RSS); below it, paired ratios between paiban's own
variants with their spread; then rebuilds after a style edit in one process, import times as
the input grows (benchmarks/import_speed.py) and seconds a page to import scanned pages by OCR
(benchmarks/scan_speed.py). `--quick` runs once each on small inputs, for CI,
so the harness cannot rot.

`--linebreak` measures instead what whole-paragraph breaking and the build's proof check cost:
the seed page and the ~300-page article built with total-fit (`--no-proof`), with first-fit
(`cjk.linebreak: first-fit`, `--no-proof`) and with total-fit and the proof check, the three
alternating, CPU time of each build process (its rusage), medians, ranges and paired ratios.

    python benchmarks/run.py            # full run, for the README table
    python benchmarks/run.py --quick    # smoke run
    python benchmarks/run.py --linebreak [--runs 10]   # the README's line-breaking figures
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import latex_source  # noqa: E402
import typst_source  # noqa: E402
import workloads  # noqa: E402

ROOT = workloads.ROOT
TYPST = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]])"


@dataclass
class Sample:
    wall: float
    rss_mb: float
    cpu: float = 0.0  # user + system time of the process, s


@dataclass
class Case:
    """One workload built by one tool."""

    workload: str
    tool: str
    command: list[str]
    output: Path
    samples: list[Sample] = field(default_factory=list)
    pages: int = 0
    error: str = ""


def measure(command: list[str]) -> tuple[Sample, str]:
    """Run a command as its own process: wall time and that process's peak RSS."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    # Measure as users run it: with compiled bytecode cached (the warm-up run writes it).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    sample = Sample(wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)
    return sample, (err.strip().splitlines() or [""])[-1] if proc.returncode else ""


def page_count(path: Path) -> int:
    """Pages of a PDF, counted in a child process so the harness itself stays small: a forked
    child's peak RSS includes the parent's resident pages until it execs."""
    code = "import sys, pymupdf; print(pymupdf.open(sys.argv[1]).page_count)"
    return int(subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True).stdout)


def has_typst() -> bool:
    try:
        import typst  # noqa: F401
    except ImportError:
        return False
    return True


def has_booklet() -> bool:
    code = "from paiban.cli import COMMANDS; print('booklet' in COMMANDS)"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env).stdout.strip() == "True"


def prepare(folder: Path, quick: bool) -> dict[str, dict[str, list[str] | Path]]:
    """Write every input; returns workload → tool → command (and output path)."""
    py = sys.executable
    art = workloads.seed()
    sizes = {"seed": 1, "doc-small": 3 if quick else 42, "doc-large": 12 if quick else 420}
    booklet_n = 3 if quick else 30
    cases: dict[str, dict[str, tuple[list[str], Path]]] = {}
    for name, copies in sizes.items():
        body = art.body if copies == 1 else workloads.long_body(copies)
        md = workloads.write_markdown(folder / f"{name}.md", art.meta, body)
        typ = folder / f"{name}.typ"
        typ.write_text(typst_source.document([typst_source.article(body)]), encoding="utf-8")
        cases[name] = {
            "paiban": ([py, "-m", "paiban", "build", str(md), "-o", str(folder / f"{name}.paiban.pdf")], folder / f"{name}.paiban.pdf"),
            "typst": ([py, "-c", TYPST, str(typ), str(folder / f"{name}.typst.pdf"), str(workloads.FONTS)], folder / f"{name}.typst.pdf"),
        }
        if name == "seed":
            out = folder / "seed.print.pdf"
            cases[name]["paiban --print"] = ([py, "-m", "paiban", "build", str(md), "--print", "-o", str(out)], out)
            out = folder / "seed.first.pdf"
            cases[name]["paiban first run"] = (_with_empty_cache([py, "-m", "paiban", "build", str(md), "-o", str(out)]), out)
        if shutil.which("xelatex"):
            cases[name]["xelatex"] = _latex_case(folder, name, [latex_source.article(body)])
    sub = folder / "booklet"
    sub.mkdir(exist_ok=True)
    manifest = workloads.write_booklet(sub, booklet_n)
    typ = folder / "booklet.typ"
    bodies = [workloads.variant(art.body, i) for i in range(booklet_n)]
    typ.write_text(typst_source.document([typst_source.article(b) for b in bodies]), encoding="utf-8")
    out = folder / "booklet.paiban.pdf"
    cases["booklet"] = {"typst": ([py, "-c", TYPST, str(typ), str(folder / "booklet.typst.pdf"), str(workloads.FONTS)], folder / "booklet.typst.pdf")}
    if shutil.which("xelatex"):
        cases["booklet"]["xelatex"] = _latex_case(folder, "booklet", [latex_source.article(b) for b in bodies])
    if has_booklet():
        for jobs in (1, 2):
            out = folder / f"booklet.paiban.j{jobs}.pdf"
            cases["booklet"][f"paiban -j{jobs}"] = ([py, "-m", "paiban", "booklet", str(manifest), "-o", str(out), "--jobs", str(jobs)], out)
    return cases


def _with_empty_cache(command: list[str]) -> list[str]:
    """The command run as the first build after installing: with a new, empty cache folder."""
    script = 'd=$(mktemp -d); PAIBAN_CACHE_DIR="$d" "$@"; s=$?; rm -rf "$d"; exit $s'
    return ["sh", "-c", script, "sh", *command]


def _latex_case(folder: Path, name: str, articles: list[str]) -> tuple[list[str], Path]:
    """XeLaTeX on the same document (ctex), run in its own folder so auxiliary files stay there."""
    sub = folder / f"{name}-latex"
    sub.mkdir(exist_ok=True)
    (sub / "doc.tex").write_text(latex_source.document(articles, str(workloads.FONTS)), encoding="utf-8")
    command = ["xelatex", "-interaction=batchmode", "-halt-on-error", f"-output-directory={sub}", str(sub / "doc.tex")]
    return command, sub / "doc.pdf"


def run_cases(cases, runs: int, warmup: bool) -> list[Case]:
    results: list[Case] = []
    for workload, tools in cases.items():
        group = [Case(workload, tool, cmd, out) for tool, (cmd, out) in tools.items()
                 if tool != "typst" or has_typst()]
        if warmup:
            for case in group:
                measure(case.command)
        for _ in range(runs):  # alternate: each round runs every tool once
            for case in group:
                sample, err = measure(case.command)
                if err:
                    case.error = err
                case.samples.append(sample)
        for case in group:
            if not case.error and case.output.exists():
                case.pages = page_count(case.output)
        results.extend(group)
    return results


def _median(case: Case) -> float:
    return statistics.median(s.wall for s in case.samples)


def _table(columns: list[str], results: list[Case], cells: Callable[[Case], list[str]],
           blank_before_error: int = 0) -> list[str]:
    """A Markdown table with a row for each case: its workload, its tool, then `cells(case)`;
    a failed case shows its error instead, after `blank_before_error` cells of "–"."""
    rows = ["| " + " | ".join(columns) + " |", "| --- | --- |" + " ---: |" * (len(columns) - 2)]
    for c in results:
        if c.error:
            rest = ["–"] * blank_before_error + [f"failed: {c.error}"]
            rest += [""] * (len(columns) - 2 - len(rest))
        else:
            rest = cells(c)
        rows.append("| " + " | ".join([c.workload, c.tool, *rest]) + " |")
    return rows


def report(results: list[Case]) -> str:
    by = {(c.workload, c.tool): c for c in results}

    def cells(c: Case) -> list[str]:
        typ = by.get((c.workload, "typst"))
        ratio = ""
        if typ and c.tool != "typst" and not typ.error:
            ratio = f"{statistics.median(a.wall / b.wall for a, b in zip(c.samples, typ.samples)):.2f}"
        per_page = _median(c) * 1000 / c.pages if c.pages else 0
        rss = max(s.rss_mb for s in c.samples)
        return [str(c.pages), f"{_median(c):.3f}", ratio, f"{per_page:.1f}", f"{rss:.0f}"]

    rows = _table(["workload", "tool", "pages", "median wall (s)", "ratio to Typst (median of pairs)", "ms/page",
                   "peak RSS (MB)"], results, cells, blank_before_error=1)
    rows.append("")
    for tool in ("paiban", "typst"):
        small, large = by.get(("doc-small", tool)), by.get(("doc-large", tool))
        if small and large and large.pages > small.pages and not (small.error or large.error):
            marginal = (_median(large) - _median(small)) * 1000 / (large.pages - small.pages)
            rows.append(f"marginal cost per added page, {tool}: {marginal:.1f} ms "
                        f"({large.pages} − {small.pages} pages)")
    for workload, variant, base in (("seed", "paiban --print", "paiban"), ("seed", "paiban first run", "paiban"),
                                    ("booklet", "paiban -j2", "paiban -j1")):
        a, b = by.get((workload, variant)), by.get((workload, base))
        if a and b and not (a.error or b.error):
            rows.append(f"{workload}: {variant} / {base}, paired runs: {_paired(a, b)}")
    return "\n".join(rows)


def _paired(a: Case, b: Case) -> str:
    """The median of per-pair ratios of two cases run alternately, with their range."""
    ratios = sorted(x.wall / y.wall for x, y in zip(a.samples, b.samples))
    return f"median {statistics.median(ratios):.2f} (range {ratios[0]:.2f}–{ratios[-1]:.2f}, {len(ratios)} pairs)"


#: The line-breaking variants `--linebreak` compares: extra `paiban build` arguments, and whether
#: the style is switched to first-fit.
LINEBREAK_VARIANTS = {
    "total-fit": (["--no-proof"], False),
    "first-fit": (["--no-proof"], True),
    "total-fit + proof": ([], False),
}


def prepare_linebreak(folder: Path, quick: bool) -> dict[str, dict[str, tuple[list[str], Path]]]:
    """The seed page and the long article, each built in the three `LINEBREAK_VARIANTS`."""
    art = workloads.seed()
    first_fit = folder / "first-fit.yaml"
    first_fit.write_text("extends: magazine\ncjk: {linebreak: first-fit}\n", encoding="utf-8")
    cases: dict[str, dict[str, tuple[list[str], Path]]] = {}
    for name, copies in {"seed": 1, "doc-large": 12 if quick else 420}.items():
        body = art.body if copies == 1 else workloads.long_body(copies)
        md = workloads.write_markdown(folder / f"{name}.md", art.meta, body)
        cases[name] = {}
        for variant, (extra, ff) in LINEBREAK_VARIANTS.items():
            out = folder / f"{name}.{variant.replace(' ', '').replace('+', '-')}.pdf"
            style = ["--style", str(first_fit)] if ff else []
            cases[name][variant] = ([sys.executable, "-m", "paiban", "build", str(md), *style, *extra, "-o", str(out)],
                                    out)
    return cases


def linebreak_report(results: list[Case]) -> str:
    """Median CPU time of each variant with its range, and paired ratios to first-fit."""
    by = {(c.workload, c.tool): c for c in results}

    def cells(c: Case) -> list[str]:
        cpu = sorted(s.cpu for s in c.samples)
        base = by.get((c.workload, "first-fit"))
        ratio = ""
        if base is not None and base is not c and not base.error:
            ratios = sorted(a.cpu / b.cpu for a, b in zip(c.samples, base.samples))
            ratio = f"{statistics.median(ratios):.2f} ({ratios[0]:.2f}–{ratios[-1]:.2f}, {len(ratios)} pairs)"
        rss = max(s.rss_mb for s in c.samples)
        return [f"{statistics.median(cpu):.3f}", f"{cpu[0]:.3f}–{cpu[-1]:.3f}", ratio, f"{rss:.0f}"]

    return "\n".join(_table(["workload", "variant", "median CPU (s)", "range",
                             "ratio to first-fit (median of pairs, range)", "peak RSS (MB)"], results, cells))


def rebuild_figures(edits: int) -> str:
    """The watch/serve path: rebuilds in one running process after style edits (benchmarks/rebuild.py)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    run = subprocess.run([sys.executable, str(Path(__file__).parent / "rebuild.py"), "-n", str(edits)],
                         capture_output=True, text=True, env=env)
    lines = [ln for ln in run.stdout.splitlines() if ln.strip()]
    if run.returncode:
        return "rebuild after a style edit: failed: " + (run.stderr.strip().splitlines() or ["?"])[-1]
    return "rebuild of the seed page in a running process after a style edit:\n" + "\n".join(lines)


def import_figures(quick: bool) -> str:
    """How import time grows with its input (benchmarks/import_speed.py; one run each here)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    args = ["--quick"] if quick else ["--runs", "1"]
    run = subprocess.run([sys.executable, str(Path(__file__).parent / "import_speed.py"), *args],
                         capture_output=True, text=True, env=env)
    if run.returncode:
        return "import speed: failed: " + (run.stderr.strip().splitlines() or ["?"])[-1]
    return "paiban import as its input grows:\n" + run.stdout.strip()


def scan_figures(quick: bool) -> str:
    """Seconds a page to import scanned pages by OCR (benchmarks/scan_speed.py; CPU includes
    Tesseract's)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    args = ["--pages", "1", "--runs", "1"] if quick else ["--pages", "4", "--runs", "3"]
    run = subprocess.run([sys.executable, str(Path(__file__).parent / "scan_speed.py"), *args],
                         capture_output=True, text=True, env=env)
    if run.returncode:
        return "scan import: failed: " + (run.stderr.strip().splitlines() or ["?"])[-1]
    return run.stdout.strip()


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run each on small inputs (CI smoke run)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--keep", help="keep inputs and outputs in this folder")
    parser.add_argument("--linebreak", action="store_true",
                        help="only the line-breaking figures: total-fit against first-fit, and the proof check")
    args = parser.parse_args(argv)
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="paiban-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if args.linebreak:
            results = run_cases(prepare_linebreak(folder, args.quick), 1 if args.quick else args.runs,
                                warmup=not args.quick)
            print(f"machine: {machine()}")
            print(linebreak_report(results))
            return 1 if any(c.error for c in results) else 0
        cases = prepare(folder, args.quick)
        results = run_cases(cases, 1 if args.quick else args.runs, warmup=not args.quick)
        print(f"machine: {machine()}")
        print(report(results))
        print(rebuild_figures(3 if args.quick else 30))
        print(import_figures(args.quick))
        print(scan_figures(args.quick))
        if not has_typst():
            print("Typst is not installed (pip install 'paiban[bench]'): its rows are missing.")
        if not shutil.which("xelatex"):
            print("xelatex is not installed: XeLaTeX rows are skipped.")
        return 1 if any(c.error for c in results if c.tool.startswith("paiban")) else 0
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
