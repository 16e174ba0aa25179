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
