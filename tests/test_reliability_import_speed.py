"""Import in linear time, a stated page limit for PDFs, and a progress bar on terminals only.

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

import pymupdf
import pytest

from conftest import ROOT
from paiban.importers import import_pages
from paiban.errors import SourceImportError
from paiban.importers.pdf import MAX_PAGES, parse_page_range

SEED_PAGE = ROOT / "tests" / "data" / "seed_page.txt"


def paiban(*args, cwd: Path, stderr=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "paiban", *map(str, args)], stdout=subprocess.PIPE,
                          stderr=stderr, cwd=cwd, timeout=300)


def pages_text(folder: Path, copies: int) -> Path:
    page = SEED_PAGE.read_text(encoding="utf-8").rstrip("\n")
    path = folder / f"pages-{copies}.txt"
    path.write_text("\f".join([page] * copies) + "\n", encoding="utf-8")
    return path


def blank_pdf(path: Path, pages: int) -> Path:
    with pymupdf.open() as doc:
        for _ in range(pages):
            doc.new_page(width=100, height=100)
        doc.save(path)
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


# --------------------------------------------------------------------------- page limit


@pytest.fixture(scope="module")
def big_pdf(tmp_path_factory) -> Path:
    """A PDF of one page more than an import reads (blank pages: the limit is checked first)."""
    return blank_pdf(tmp_path_factory.mktemp("big") / "big.pdf", MAX_PAGES + 1)


def _alone(folder: Path, pdf: Path) -> Path:
    (folder / pdf.name).symlink_to(pdf)
    return folder / pdf.name


def test_a_pdf_over_the_page_limit_is_an_error_with_a_hint(tmp_path, big_pdf):
    big = _alone(tmp_path, big_pdf)
    run = paiban("import", big.name, "-o", "out.md", cwd=tmp_path)
    assert run.returncode == 2
    stderr = run.stderr.decode()
    assert stderr.startswith("big.pdf: error: the PDF has 5,001 pages, more pages than one import reads (5,000)\n")
    assert "hint: import the article's pages in parts with --pages, e.g. --pages 1-5000" in stderr
    assert "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.pdf"]


def test_pages_chosen_over_the_limit_are_an_error(tmp_path, big_pdf):
    big = _alone(tmp_path, big_pdf)
    run = paiban("import", big.name, "--pages", "1-4000,4001-5001", "-o", "out.md", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.decode().startswith(
        "big.pdf: error: --pages '1-4000,4001-5001' chooses more pages than one import reads (5,000)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.pdf"]


def test_the_limit_is_five_thousand_pages_exactly():
    assert parse_page_range(None, 5000, "a.pdf", limit=MAX_PAGES) == list(range(5000))
    assert len(parse_page_range("2-5001", 6000, "a.pdf", limit=MAX_PAGES)) == 5000
    with pytest.raises(SourceImportError, match=r"the PDF has 5,001 pages"):
        parse_page_range(None, 5001, "a.pdf", limit=MAX_PAGES)
    with pytest.raises(SourceImportError, match=r"--pages '1-10,11-4999,5000-5001' chooses more pages"):
        parse_page_range("1-10,11-4999,5000-5001", 6000, "a.pdf", limit=MAX_PAGES)
    assert len(parse_page_range(None, 100_000, "a.txt")) == 100_000  # page text has no limit


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
