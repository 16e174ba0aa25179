"""Import in linear time, and a progress bar on terminals only. (The page limit for PDFs is
`paiban.pdf_limits.MAX_PAGES`, tested with the other hostile-PDF limits.)

No test here times anything: the benchmark is run for its table, and scaling is checked by
counting the function calls an import makes (deterministic for a given input), which grow in
proportion to the input when every stage is linear and four-fold per doubling when one is not.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from paiban.importers import import_pages

SEED_PAGE = ROOT / "tests" / "data" / "seed_page.txt"


def paiban(*args, cwd: Path, stderr=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "paiban", *map(str, args)], stdout=subprocess.PIPE,
                          stderr=stderr, cwd=cwd, timeout=300)


def pages_text(folder: Path, copies: int) -> Path:
    page = SEED_PAGE.read_text(encoding="utf-8").rstrip("\n")
    path = folder / f"pages-{copies}.txt"
    path.write_text("\f".join([page] * copies) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- benchmark


def test_quick_import_benchmark_prints_its_table():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "import_speed.py"), "--quick"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "| input | size | seconds | CPU seconds | seconds per unit |" in run.stdout
    rows = [line for line in run.stdout.splitlines() if line.startswith("| ") and line[2:5] not in ("inp", "---")]
    assert [row.split(" | ")[:2] for row in rows] == [
        ["| page text", "500 lines"], ["| page text", "1,000 lines"], ["| one line", "0.05 MB"],
        ["| PDF", "5 pages"], ["| PDF", "10 pages"],
    ]
    for row in rows:
        cells = [cell.strip() for cell in row.strip("| ").split(" | ")]
        assert float(cells[2]) >= 0 and float(cells[3]) >= 0 and cells[4].split()[1] == "per"


# --------------------------------------------------------------------------- scaling


def _calls(path: Path) -> int:
    """Function calls (Python and C) one import of `path` makes."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        import_pages([path])
    finally:
        sys.setprofile(None)
    return count


def _growth(small: Path, large: Path) -> float:
    _calls(small)  # the first import also loads modules; count warm runs only
    return _calls(large) / _calls(small)


def test_doubling_the_pages_of_a_page_text_doubles_the_work(tmp_path):
    assert _growth(pages_text(tmp_path, 4), pages_text(tmp_path, 8)) < 2.3


def _long_line(folder: Path, length: int) -> Path:
    """One line of Chinese text holding a run of brackets as long as the rest: marks whose
    context the importer looks up (a scan from every mark through the run was quadratic)."""
    text = "题目甲乙丙丁戊己庚, 辛壬“癸” " * (length // 20)
    path = folder / f"line-{length}.txt"
    path.write_text("标题\n\n" + text + "(" * length + "丙" + text + "\n", encoding="utf-8")
    return path


def test_doubling_one_long_line_doubles_the_work(tmp_path):
    assert _growth(_long_line(tmp_path, 2000), _long_line(tmp_path, 4000)) < 2.3


# --------------------------------------------------------------------------- progress bar


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path, monkeypatch):
    source = pages_text(tmp_path, 60)
    run = paiban("import", source.name, "-o", "out.md", cwd=tmp_path)
    assert run.returncode == 0, run.stderr.decode()
    monkeypatch.chdir(tmp_path)
    warnings = import_pages([source.name]).warnings
    assert warnings  # stderr has the warnings, and nothing else
    assert run.stderr.decode() == "".join(f"{w}\n" for w in warnings)


def test_an_import_reports_its_pages_and_blocks_at_most_a_hundred_times_a_stage(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = pages_text(tmp_path, 250)
    seen: list[tuple[str, int, int]] = []
    result = import_pages([source.name], progress=lambda stage, done, total: seen.append((stage, done, total)))
    reading = [s for s in seen if s[0] == "reading pages-250.txt"]
    writing = [s for s in seen if s[0] == "writing Markdown"]
    assert seen == reading + writing
    assert [s[1] for s in reading] == [*range(3, 250, 3), 250]  # every third of 250 pages, and the last
    blocks = len(result.article.blocks)
    assert blocks > 200 and writing[-1] == ("writing Markdown", blocks, blocks)
    assert len(writing) <= 100 and [s[1] for s in writing] == sorted({s[1] for s in writing})


# Run the command with the bar's delay at 0, so that it shows however fast the import is.
_NO_DELAY = "import sys, paiban.commands.progress as p; p.DELAY = 0; from paiban.cli import main; sys.exit(main())"


def _stderr_on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run paiban with stderr on a pseudo-terminal; its exit status and what the terminal got."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("TTY_COMPATIBLE", "FORCE_COLOR", "NO_COLOR")}
    proc = subprocess.Popen([sys.executable, "-c", _NO_DELAY, *args], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=follower, stdin=subprocess.DEVNULL, env=env)
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 300)
        if not ready:
            proc.kill()
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return proc.wait(timeout=60), seen.decode("utf-8", "replace")


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")
def test_an_import_draws_a_progress_bar_on_a_terminal(tmp_path):
    source = pages_text(tmp_path, 60)
    status, seen = _stderr_on_a_terminal(["import", source.name, "-o", "out.md"], tmp_path)
    assert status == 0
    assert "reading pages-60.txt" in seen and "60/60" in seen
    assert "writing Markdown" in seen
