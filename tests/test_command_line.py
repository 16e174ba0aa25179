"""The command line's own behaviour: version, --debug anywhere, refused combinations, and an exit
that still lets a profiler write its results."""

from __future__ import annotations

import subprocess
import sys

from conftest import SEED

import paiban


def _paiban(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "paiban", *args], capture_output=True, text=True, cwd=cwd)


def test_version():
    done = _paiban("--version")
    assert (done.returncode, done.stdout) == (0, f"paiban {paiban.__version__}\n")


def test_the_help_and_a_misspelt_command_list_every_subcommand_though_a_command_registers_only_itself():
    from paiban.cli import COMMANDS

    listed = "{" + ",".join(COMMANDS) + "}"
    for args in (["--help"], ["-h", "build"], ["--debug", "--help", "build"]):
        done = _paiban(*args)
        assert done.returncode == 0 and listed in done.stdout
    done = _paiban("buld", "a.md")
    assert done.returncode == 2 and "invalid choice: 'buld'" in done.stderr and listed in done.stderr
    done = _paiban("--debug", "build", "--help")
    assert done.returncode == 0 and done.stdout.startswith("usage: paiban build ")


def test_debug_is_accepted_after_the_command_and_shows_the_traceback(tmp_path):
    done = _paiban("build", "missing.md", "--debug", cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" in done.stderr and done.stderr.endswith("missing.md: error: article file not found: missing.md\n")


def test_show_grid_is_refused_with_print(tmp_path):
    done = _paiban("build", str(SEED / "article.md"), "--print", "--show-grid", "-o", str(tmp_path / "a.pdf"))
    assert done.returncode == 2
    assert done.stderr.startswith("error: --show-grid cannot be combined with --print\n  hint: the grid is a proof aid")
    assert list(tmp_path.iterdir()) == []


def test_a_profiler_run_writes_its_profile(tmp_path):
    """The quick exit steps aside for a profiler, so cProfile writes what it measured."""
    profile = tmp_path / "build.prof"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "paiban", "build",
                           str(SEED / "article.md"), "-o", str(tmp_path / "a.pdf")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert profile.stat().st_size > 0


def test_the_installed_command_takes_a_normal_exit_under_a_profiler():
    """`paiban.cli.run` skips tearing the interpreter down, but not while a profiler is attached:
    it then raises SystemExit like any program, so the profiler gets to write its results."""
    import pytest

    from paiban import cli

    sys.setprofile(lambda *args: None)
    try:
        with pytest.raises(SystemExit) as ended:
            cli._exit_now(0)
    finally:
        sys.setprofile(None)
    assert ended.value.code == 0
