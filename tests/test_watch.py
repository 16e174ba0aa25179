"""Watch mode: rebuilds on edits anywhere in the extends chain, and keeps the last good preview."""

from __future__ import annotations

import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, SEED
from paiban.errors import PaibanError, StyleError
from paiban.preview.session import PreviewOptions, PreviewSession, Snapshot
from paiban.preview.watch import describe, watch_session

WAIT = 20.0  # seconds at most for a rebuild to be reported; a passing run takes well under one


@pytest.fixture
def chain(tmp_path):
    """top.yaml → mid.yaml → base/base.yaml → magazine, and a copy of the seed article."""
    (tmp_path / "base").mkdir()
    base = tmp_path / "base" / "base.yaml"
    base.write_text("extends: magazine\nbody: {size: 五号}\n", encoding="utf-8")
    mid = tmp_path / "mid.yaml"
    mid.write_text("extends: base/base.yaml\n", encoding="utf-8")
    top = tmp_path / "top.yaml"
    top.write_text("extends: mid.yaml\nname: top\n", encoding="utf-8")
    article = tmp_path / "article.md"
    shutil.copy(SEED / "article.md", article)
    return article, top, mid, base


class Watcher:
    """watch_session in a thread, its reports in a queue."""

    def __init__(self, session: PreviewSession):
        self.session = session
        self.reports: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=watch_session, daemon=True,
                                       args=(session, lambda o, c: self.reports.put((o, c)), self.stop))

    def __enter__(self) -> "Watcher":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(timeout=10)
        assert not self.thread.is_alive()

    def next(self, timeout: float = WAIT):
        return self.reports.get(timeout=timeout)

    def edit(self, path: Path, text: str, wanted) -> tuple[object, list[Path]]:
        """Write `text` to `path` until a report satisfying `wanted` arrives.

        The write is repeated every second because the watcher may still be arming itself when
        the first write lands; a repeated identical write only causes an identical rebuild.
        """
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            path.write_text(text, encoding="utf-8")
            try:
                while True:
                    outcome, changed = self.reports.get(timeout=1.0)
                    if wanted(outcome):
                        return outcome, changed
            except queue.Empty:
                continue
        raise AssertionError(f"no rebuild reported within {WAIT} s after editing {path.name}")


def _files(out: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.iterdir())}


def test_edit_two_levels_up_rebuilds_and_a_broken_sheet_keeps_the_last_preview(chain, tmp_path):
    article, top, mid, base = chain
    out = tmp_path / "out"
    session = PreviewSession(article, top, PreviewOptions(40, output=out, write_pdf=True))
    with Watcher(session) as watcher:
        first, changed = watcher.next()
        assert isinstance(first, Snapshot) and changed == []
        assert session.watched_files() == {article, top, mid, base, ROOT / "styles" / "magazine.yaml"}
        before = _files(out)
        assert sorted(before) == ["article.pdf", "page-1.png"]

        narrower, changed = watcher.edit(base, "extends: magazine\npage: {column_width: 22字}\n",
                                         lambda o: isinstance(o, Snapshot) and o.version == 2)
        assert changed == [base]
        assert [f.width for f in narrower.document.pages[0].frames if f.kind == "column"] == [231.0, 231.0]
        good = _files(out)
        assert good["page-1.png"][0] != before["page-1.png"][0]
        assert len(narrower.document.pages) == 2 and "page-2.png" in good

        error, changed = watcher.edit(base, "extends: magazine\nbody: {sise: 小四}\n",
                                      lambda o: isinstance(o, PaibanError))
        assert isinstance(error, StyleError)
        assert str(error).startswith(f"{base}:2:8: error: unknown style key 'body.sise'")
        assert session.snapshot is narrower and session.error is error
        assert _files(out) == good  # same bytes, not even rewritten

        fixed, _ = watcher.edit(base, "extends: magazine\nbody: {size: 五号}\n",
                                lambda o: isinstance(o, Snapshot))
        assert fixed.version == 3 and session.error is None
        assert _files(out)["page-1.png"][0] == before["page-1.png"][0]
        assert "page-2.png" not in _files(out)


def test_a_newly_extended_sheet_is_watched_too(chain, tmp_path):
    article, top, mid, base = chain
    other = tmp_path / "elsewhere" / "other.yaml"
    other.parent.mkdir()
    other.write_text("extends: magazine\n", encoding="utf-8")
    session = PreviewSession(article, top, PreviewOptions(render_images=False))
    with Watcher(session) as watcher:
        watcher.next()
        watcher.edit(top, "extends: elsewhere/other.yaml\n", lambda o: isinstance(o, Snapshot) and o.version == 2)
        assert other in session.watched_files() and base not in session.watched_files()
        wider, changed = watcher.edit(other, "extends: magazine\npage: {gutter: 3字}\n",
                                      lambda o: isinstance(o, Snapshot) and o.version == 3)
        assert changed == [other]
        assert wider.document.pages[0].frames[-1].x > session.snapshot.document.pages[0].frames[0].x


def test_article_edits_are_watched(chain, tmp_path):
    article, top, _, _ = chain
    session = PreviewSession(article, top, PreviewOptions(render_images=False))
    text = article.read_text(encoding="utf-8")
    with Watcher(session) as watcher:
        watcher.next()
        longer, changed = watcher.edit(article, text + "\n新的一段。\n",
                                       lambda o: isinstance(o, Snapshot) and o.version == 2)
        assert changed == [article]
        assert longer.document.pages[-1].lines_of("body")[-1].text == "新的一段。"


def test_describe_a_failure_as_an_editor_reads_it(chain):
    article, top, _, base = chain
    session = PreviewSession(article, top, PreviewOptions(render_images=False))
    session.rebuild()
    base.write_text("extends: magazine\nbody: {sise: 1}\n", encoding="utf-8")
    error = session.rebuild()
    assert describe(error, session, [base]).splitlines() == [
        f"changed: {base}",
        f"{base}:2:8: error: unknown style key 'body.sise'",
        "  hint: did you mean 'size'?",
        "  build failed (keeping the last good preview)",
    ]


def test_watch_command(chain, tmp_path):
    article, top, _, base = chain
    out = tmp_path / "preview"
    proc = subprocess.Popen([sys.executable, "-m", "paiban", "watch", str(article), "--style", str(top),
                             "--dpi", "30", "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(ln) for ln in proc.stdout], daemon=True).start()

    def until(fragment: str, rewrite: tuple[Path, str] | None = None) -> str:
        """The first printed line holding `fragment`; `rewrite` is written every second meanwhile
        (the watcher may still be arming itself when the first write lands)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if rewrite:
                rewrite[0].write_text(rewrite[1], encoding="utf-8")
            try:
                while True:
                    line = lines.get(timeout=1.0)
                    if fragment in line:
                        return line
            except queue.Empty:
                continue
        raise AssertionError(f"'{fragment}' not printed within {WAIT} s")

    try:
        assert "1 page" in until("rebuilt in")
        assert "top.yaml" in until("watching")
        error = until("error:", (base, "extends: magazine\nbody: {sise: 12pt}\n"))
        assert error.startswith(f"{base}:2:8: error: unknown style key 'body.sise'")
        assert "keeping the last good preview" in until("build failed")
        assert sorted(p.name for p in out.iterdir()) == ["article.pdf", "page-1.png"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
