"""A booklet worker dies with its parent by either of two means, each enough on its own: the
kernel's parent-death signal and the watchdog thread. And it lets go of the caller's streams."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from paiban.booklet import lifeline

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl are Linux's")

#: A parent that forks a worker (as the booklet does), reports the worker's pid, and is then
#: killed. `{disable}` turns off one of the two means.
PARENT = textwrap.dedent("""
    import multiprocessing, os, signal, sys, time
    from paiban.booklet import lifeline
    {disable}

    def work(conn):
        lifeline.bind_to_parent()
        conn.send(os.getpid())
        conn.recv()  # blocks forever: the parent never sends

    if __name__ == "__main__":
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        context.Process(target=work, args=(theirs,), daemon=True).start()
        print(ours.recv(), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
""")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # an unreaped zombie has ended


@pytest.mark.parametrize(("means", "disable"), [
    ("parent-death signal", "lifeline._watch = lambda *args: None"),
    ("watchdog", "lifeline.set_parent_death_signal = lambda: False"),
    ("both", ""),
])
def test_a_worker_dies_with_its_killed_parent(means, disable):
    started = time.monotonic()
    done = _python(PARENT.format(disable=disable))
    # run() returned: the worker no longer held the output pipe the parent's caller reads
    assert done.returncode == -9, done.stderr
    worker = int(done.stdout.split()[0])
    deadline = time.monotonic() + 3
    while _alive(worker):
        if time.monotonic() > deadline:
            os.kill(worker, 9)
            pytest.fail(f"the worker outlived its parent ({means})")
        time.sleep(0.02)
    assert time.monotonic() - started < 30


def _python(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=30,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})


def test_the_parent_death_signal_is_armed_on_linux():
    script = textwrap.dedent("""
        import ctypes, signal
        from paiban.booklet import lifeline
        armed = lifeline.set_parent_death_signal()
        value = ctypes.c_int(0)
        ctypes.CDLL(None).prctl(2, ctypes.byref(value), 0, 0, 0)  # PR_GET_PDEATHSIG
        print(armed, value.value == signal.SIGKILL)
    """)
    done = _python(script)
    assert (done.returncode, done.stdout) == (0, "True True\n"), done.stderr


def test_detached_streams_point_at_the_null_device(tmp_path):
    """Standard streams, and a copy of standard output kept elsewhere, end on the null device;
    what the worker prints reaches no one."""
    script = textwrap.dedent("""
        import os, sys
        from paiban.booklet import lifeline
        copy = os.dup(1)
        lifeline.detach_streams()
        print("lost", flush=True)
        os.write(2, b"lost too")
        targets = [os.readlink(f"/proc/self/fd/{fd}") for fd in (0, 1, 2, copy)]
        open(sys.argv[1], "w").write(" ".join(targets))
    """)
    done = _python(script, str(tmp_path / "targets"))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert (tmp_path / "targets").read_text() == " ".join([os.devnull] * 4)
