"""Killing paiban mid-run: `kill -9` and SIGTERM at seeded random moments during `build` (a
30-page article), `booklet -j2` and `import` of a PDF.

After each kill: the caller waiting on the command's output gets it back (no process keeps the
pipes open), the previous output is intact byte for byte, and no process of the killed command
is left. After the next successful run in the folder, no temporary file of paiban's is left.
Each command runs a few times; the whole file takes about half a minute on the reference machine.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import SEED

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="processes are found through /proc")

#: Seconds a killed command's caller may wait for its output before it counts as hung.
HANG = 10.0
#: Seconds SIGTERM may take to end a booklet job, workers included.
TERM_WITHIN = 1.0
#: The moments are drawn from this seed: the same moments on every run.
SEED_VALUE = 18
#: What the output file holds before the killed runs: any change to it is the kill's doing.
PREVIOUS = b"the previous output, to be kept whole\n"


@dataclass
class Trial:
    """One killed run."""

    signum: int
    moment: float  # seconds after the start (or after the workers appeared, for a booklet)
    returncode: int | None = None
    ended_after: float = 0.0  # seconds from the signal to the caller having all the output
    hung: bool = False
    workers_at_kill: list[int] = field(default_factory=list)
    left: list[str] = field(default_factory=list)  # processes of the command still alive
    output_after: bytes = b""


@dataclass
class Scenario:
    """A command, the folder it works in, its output, and what the kills did to them."""

    name: str
    folder: Path
    command: list[str]
    output: Path
    previous: bytes = b""
    trials: list[Trial] = field(default_factory=list)
    temps_after_sigterm: list[str] = field(default_factory=list)
    files_after_next_run: list[str] = field(default_factory=list)
    files_before: list[str] = field(default_factory=list)


def _paiban(*args: str) -> list[str]:
    return [sys.executable, "-m", "paiban", *args]


def _long_article(path: Path, repeats: int) -> Path:
    """The seed article with its body repeated: about two pages for every three repeats."""
    _, front, body = SEED.joinpath("article.md").read_text(encoding="utf-8").split("---\n", 2)
    path.write_text(f"---\n{front}---\n" + body * repeats, encoding="utf-8")
    return path


def _processes(parent: int, folder: Path | None = None) -> list[str]:
    """Live processes (zombies are dead) that are children of `parent`, or work in `folder` or
    name it on their command line (once orphaned, a child has another parent), as "pid cmdline"."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # ended meanwhile
            continue
        try:
            cwd = os.readlink(entry / "cwd")
        except OSError:  # not ours to look into
            cwd = ""
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        ours = folder is not None and (cwd == str(folder.resolve()) or str(folder) in cmdline)
        if state != "Z" and (int(ppid) == parent or ours):
            found.append(f"{entry.name} {cmdline.strip()}")
    return found


def _children(parent: int) -> list[int]:
    return [int(line.split()[0]) for line in _processes(parent)]


def _paiban_temps(folder: Path) -> list[str]:
    """Files of the temporary pattern the atomic writer uses (`.name.XXXX.tmp`)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp"))


def _kill_during(scenario: Scenario, trial: Trial, after_workers: bool) -> None:
    """Start the command as `subprocess.run(..., capture_output=True)` would, send the signal at
    the trial's moment, and see what is left."""
    process = subprocess.Popen(scenario.command, cwd=scenario.folder, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    try:
        start = time.monotonic()
        if after_workers:  # the moment counts from the workers' start: that is when they could stay
            while not _children(process.pid) and process.poll() is None and time.monotonic() - start < HANG:
                time.sleep(0.01)
            start = time.monotonic()
        time.sleep(max(trial.moment - (time.monotonic() - start), 0))
        trial.workers_at_kill = _children(process.pid)
        process.send_signal(trial.signum)
        signalled = time.monotonic()
        try:
            process.communicate(timeout=HANG)
        except subprocess.TimeoutExpired:
            trial.hung = True
        trial.ended_after = time.monotonic() - signalled
        trial.returncode = process.poll()
        deadline = time.monotonic() + 2
        while (left := _processes(process.pid, scenario.folder)) and time.monotonic() < deadline:
            time.sleep(0.02)
        trial.left = left
        trial.output_after = scenario.output.read_bytes()
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        for line in _processes(process.pid, scenario.folder):  # never leave them to the next test
            os.kill(int(line.split()[0]), signal.SIGKILL)


def _run(scenario: Scenario) -> float:
    """A successful run of the command; its duration in seconds."""
    start = time.monotonic()
    done = subprocess.run(scenario.command, cwd=scenario.folder, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    return time.monotonic() - start


def _play(scenario: Scenario, signals: list[int], window: float | None = None,
          after_workers: bool = False) -> Scenario:
    """The previous output, then the kills at moments within `window` seconds (by default,
    within the first 60 % of a run timed first), SIGTERM first so that what they leave is seen
    apart from what `kill -9` may; then the next successful run."""
    rng = random.Random(f"{SEED_VALUE}-{scenario.name}")
    if window is None:
        window = _run(scenario) * 0.6
    scenario.output.write_bytes(PREVIOUS)
    scenario.previous = PREVIOUS
    scenario.files_before = sorted(p.name for p in scenario.folder.iterdir())
    for signum in sorted(signals, key=lambda s: s != signal.SIGTERM):
        trial = Trial(signum, rng.uniform(0.1, 1.0) * window)
        for _ in range(8):  # a run that ended before its moment killed nothing: an earlier moment
            scenario.output.write_bytes(PREVIOUS)
            _kill_during(scenario, trial, after_workers)
            if trial.returncode != 0:
                break
            trial.moment /= 2
        scenario.trials.append(trial)
        if signum == signal.SIGTERM:
            scenario.temps_after_sigterm += _paiban_temps(scenario.folder)
    _run(scenario)
    scenario.files_after_next_run = sorted(p.name for p in scenario.folder.iterdir())
    return scenario


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Scenario:
    folder = tmp_path_factory.mktemp("build")
    _long_article(folder / "long.md", 45)  # 31 pages
    return _play(Scenario("build", folder, _paiban("build", "long.md", "-o", "long.pdf"), folder / "long.pdf"),
                 [signal.SIGKILL, signal.SIGTERM])


@pytest.fixture(scope="module")
def booklet(tmp_path_factory) -> Scenario:
    folder = tmp_path_factory.mktemp("booklet")
    shutil.copytree(SEED.parent / "booklet" / "articles", folder / "articles")
    names = sorted(p.name for p in (folder / "articles").iterdir())
    # 200 articles: the workers compose for well over the 0.6 s window even on a quiet machine
    entries = "".join(f"  - articles/{name}\n" for _ in range(40) for name in names)
    (folder / "booklet.yaml").write_text(f"title: 汇编\narticles:\n{entries}", encoding="utf-8")
    command = _paiban("booklet", "booklet.yaml", "-j2", "-q", "-o", "booklet.pdf")
    # The workers compose for a second or more after they start; the moments fall in that time.
    return _play(Scenario("booklet", folder, command, folder / "booklet.pdf"), [signal.SIGKILL, signal.SIGTERM],
                 window=0.6, after_workers=True)


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Scenario:
    folder = tmp_path_factory.mktemp("import")
    made = subprocess.run(_paiban("build", str(_long_article(folder / "source.md", 6)), "-o", "pages.pdf"),
                          cwd=folder, capture_output=True, timeout=120)
    assert made.returncode == 0, made.stderr.decode()
    (folder / "source.md").unlink()
    return _play(Scenario("import", folder, _paiban("import", "pages.pdf", "-o", "article.md"),
                          folder / "article.md"),
                 [signal.SIGKILL, signal.SIGTERM])


@pytest.fixture(params=["build", "booklet", "imported"])
def scenario(request) -> Scenario:
    return request.getfixturevalue(request.param)


def test_every_kill_landed_while_the_command_ran(scenario):
    """Else the test below would prove nothing: each command was killed, not finished."""
    for trial in scenario.trials:
        assert trial.returncode not in (0, None), (scenario.name, trial)


def test_the_caller_gets_the_output_back_at_once(scenario):
    for trial in scenario.trials:
        assert not trial.hung, (scenario.name, trial)
        assert trial.ended_after < HANG


def test_the_previous_output_is_intact(scenario):
    assert scenario.previous
    for trial in scenario.trials:
        assert trial.output_after == scenario.previous, (scenario.name, trial.signum, trial.moment)


def test_no_process_is_left(scenario):
    for trial in scenario.trials:
        assert trial.left == [], (scenario.name, trial)


def test_booklet_kills_caught_its_workers_at_work(booklet):
    """The moments fell while the workers were running, which is when they could be left."""
    assert all(len(trial.workers_at_kill) == 1 for trial in booklet.trials), booklet.trials


def test_sigterm_ends_the_booklet_job_within_a_second(booklet):
    terms = [t for t in booklet.trials if t.signum == signal.SIGTERM]
    assert terms
    for trial in terms:
        assert trial.returncode == 143, trial
        assert trial.ended_after < TERM_WITHIN, trial
        assert trial.left == []


def test_sigterm_of_a_booklet_leaves_no_temporary_file(booklet):
    assert booklet.temps_after_sigterm == []


def test_no_temporary_file_is_left_after_the_next_run(scenario):
    """A `kill -9` in the instant between writing the temporary file and renaming it leaves the
    file; the next run in the folder is to sweep it."""
    assert _paiban_temps(scenario.folder) == []
    assert scenario.files_after_next_run == scenario.files_before
