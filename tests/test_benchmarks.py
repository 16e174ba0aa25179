"""The benchmark harness runs in its quick mode, so it cannot rot (figures are not asserted)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_quick_benchmark_run_builds_every_workload():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "| seed | paiban | 1 |" in run.stdout
    assert "marginal cost per added page, paiban" in run.stdout
    assert "| seed | paiban --print | 1 |" in run.stdout and "| seed | paiban first run | 1 |" in run.stdout
    assert "seed: paiban --print / paiban, paired runs: median" in run.stdout
    assert "paiban import as its input grows:" in run.stdout
    assert "scan import, 1 page of 300 dpi" in run.stdout or "Tesseract is not installed" in run.stdout


def test_quick_linebreak_run_pairs_total_fit_with_first_fit():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--linebreak", "--quick"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    for workload in ("seed", "doc-large"):
        assert f"| {workload} | first-fit |" in run.stdout
        assert f"| {workload} | total-fit | " in run.stdout and f"| {workload} | total-fit + proof | " in run.stdout
    assert "(median of pairs, range)" in run.stdout and "1 pairs)" in run.stdout


def test_latex_source_has_the_same_geometry_and_every_paragraph():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import latex_source
    import workloads

    body = workloads.seed().body
    tex = latex_source.document([latex_source.article(body)], "/fonts")
    assert "columnsep=21pt" in tex and "hmargin=45.64pt" in tex and "zihao=5" in tex
    assert tex.count(r"\section{") == 2
    assert "习近平总书记强调" in tex and tex.rstrip().endswith(r"\end{document}")
