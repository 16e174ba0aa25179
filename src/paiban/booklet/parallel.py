"""Reading, composing and placing a booklet's articles, in several processes when cores allow.

Every process takes the next article not yet taken, in manifest order, from a counter they share;
it reads, composes and counts the pages of each article it takes (first pass) and keeps what it
composed. Once the main process has planned every folio from the counts, each process places the
articles it composed on their pages (second pass). Only page counts, titles and finished pages
cross between processes. The main process works alongside its workers rather than waiting, and
draws the whole PDF afterwards; what it must do anyway that needs no article (importing the PDF
writer) it does first, while the workers take the first articles, so that the first pass ends
evenly.

Which process takes which article depends on timing, but composition is deterministic and results
are gathered by manifest index, so any number of jobs gives the same booklet, byte for byte.
Workers are forked when this process runs no other thread (the progress bar redraws without one),
else started from a fork server. They let go of the caller's output streams and die with this
process (`paiban.booklet.lifeline`); when this process is interrupted or fails, it ends them at
once instead of waiting for the article they are on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from paiban.booklet.lifeline import bind_to_parent
from paiban.booklet.manifest import ArticleEntry
from paiban.booklet.sources import load_entry
from paiban.errors import BookletError, Diagnostic
from paiban.layout.engine import (
    ComposedArticle,
    FlowMemo,
    compose_article,
    count_pages,
    place_article,
)
from paiban.layout.result import LayoutDocument
from paiban.style.model import Style
from paiban.text.fonts import FontTable

#: Called after each article's first pass: (articles done, articles in all, its title).
Progress = Callable[[int, int, str], None]

#: Seconds a terminated worker is given to end before it is killed.
TERMINATE_WAIT = 0.5


#: Processes when the number of jobs is left to choose. One: on the 2-core reference machine,
#: under load, two processes were slower than one in every paired run (1.18–1.35x on 30 and 300
#: articles, with 15–30 % more CPU), since the PDF is written by one process and placed pages
#: cross between processes. `-j N` asks for more.
DEFAULT_JOBS = 1


@dataclass(frozen=True, slots=True)
class Counted:
    """What the first pass reports of one article: the main process plans folios from it."""

    title: str  # as the contents list it
    pages: int
    warnings: tuple[Diagnostic, ...] = ()  # the importer's judgements about a page text or PDF


class _Next:
    """The manifest index of the next article to take, shared by all processes (or not)."""

    def __init__(self, shared=None) -> None:
        self._shared = shared  # a multiprocessing Value, when several processes take articles
        self._local = 0

    def take(self) -> int:
        if self._shared is None:
            index, self._local = self._local, self._local + 1
            return index
        with self._shared.get_lock():
            index = self._shared.value
            self._shared.value = index + 1
        return index


@dataclass
class Share:
    """One process's part of the work: the articles it took, composed and kept for placing."""

    entries: tuple[ArticleEntry, ...]
    style: Style
    fields: dict[str, str]
    fonts: FontTable  # the table the pages' furniture is set from
    composed: dict[int, ComposedArticle] = field(default_factory=dict)
    flows: dict[int, FlowMemo] = field(default_factory=dict)  # each article's page fills, counted then placed
    current: int = -1  # manifest index of the article being worked on (to report an error's place)

    def count(self, next_index: _Next, tick: Callable[[int, str], None]) -> dict[int, Counted]:
        """First pass: take articles until none are left; read and compose each, count its
        pages; `tick(index, title)` after each one."""
        out: dict[int, Counted] = {}
        while (index := next_index.take()) < len(self.entries):
            self.current = index
            loaded = load_entry(self.entries[index])
            composed = compose_article(loaded.article, self.style)
            self.composed[index] = composed
            title = loaded.article.meta.joined_title(self.style.title_block.separator)
            flows = self.flows[index] = {}
            out[index] = Counted(title, count_pages(composed, self.style, flows=flows), loaded.warnings)
            tick(index, title)
        return out

    def place(self, firsts: Mapping[int, int]) -> dict[int, LayoutDocument]:
        """Second pass: each article this process composed, on its pages from its first folio."""
        placed = {}
        for index, composed in sorted(self.composed.items()):
            self.current = index
            placed[index] = place_article(composed, self.style, self.fonts, firsts[index], self.fields,
                                          self.flows.get(index))
        self.composed = {}
        self.flows = {}
        return placed


class Articles:
    """The booklet's articles through both passes: `counted` after construction, `place(firsts)`
    for the pages. Use as a context manager so that worker processes are always ended."""

    def __init__(self, entries: Sequence[ArticleEntry], style: Style, fields: dict[str, str], fonts: FontTable,
                 jobs: int | None = None, progress: Progress | None = None,
                 idle: Callable[[], None] | None = None):
        if jobs is None:
            jobs = DEFAULT_JOBS
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        self._total = len(entries)
        self._done = 0
        self._progress = progress
        self._jobs = min(jobs, max(len(entries), 1))
        self._own = Share(tuple(entries), style, fields, fonts)
        self._workers: list[_Worker] = []
        self._idle = idle  # work for this process that needs no article: done while workers start
        self.counted: list[Counted] = []
        self._first_pass()

    def __enter__(self) -> "Articles":
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close(abort=kind is not None)

    def close(self, abort: bool = False) -> None:
        """End the workers: politely when the work is done, at once (`abort`) when it failed or
        this process was told to stop."""
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.stop(abort)

    def _tick(self, index: int, title: str) -> None:
        self._done += 1
        if self._progress is not None:
            self._progress(self._done, self._total, title)

    def _first_pass(self) -> None:
        own = self._own
        try:
            next_index = _Next()
            if self._jobs > 1:
                context = _context()
                next_index = _Next(context.Value("q", 0))
                _load_readers(own.entries)  # once, here, rather than in every worker
                self._workers = [_Worker.start(context, own, next_index) for _ in range(self._jobs - 1)]
                # Now, while the workers take the first articles. Done when this process would wait
                # on a worker instead, it kept a worker that had finished counting waiting for the
                # folios: ~20 ms of a 30-article booklet
                if self._idle is not None:
                    self._idle()
            failures: list[tuple[int, BaseException]] = []
            counted: dict[int, Counted] = {}
            try:
                counted.update(own.count(next_index, self._own_tick))
            except Exception as exc:  # reported after the workers', whichever article came first
                failures.append((own.current, exc))
            for worker in self._workers:
                result = worker.counted(self._tick)
                if isinstance(result, _Failure):
                    failures.append((result.index, result.error))
                else:
                    counted.update(result)
            if failures:
                raise min(failures, key=lambda f: f[0])[1]
            self.counted = [counted[k] for k in range(self._total)]
        except BaseException:
            self.close(abort=True)
            raise

    def _own_tick(self, index: int, title: str) -> None:
        """After each article of this process: report it, and what the workers finished since."""
        self._tick(index, title)
        for worker in self._workers:
            worker.drain(self._tick)

    def place(self, firsts: Sequence[int]) -> list[LayoutDocument]:
        """Every article placed from its first folio, in manifest order."""
        try:
            for worker in self._workers:
                worker.send_firsts({k: firsts[k] for k in worker.indices})
            placed = self._own.place({k: firsts[k] for k in self._own.composed})
            for worker in self._workers:
                placed.update(worker.placed())
        except BaseException:
            self.close(abort=True)
            raise
        self.close()
        return [placed[k] for k in range(self._total)]


def _load_readers(entries: Sequence[ArticleEntry]) -> None:
    """Import the Markdown reader before workers fork, so that they inherit it."""
    if any(entry.format == "markdown" for entry in entries):
        import paiban.model.markdown  # noqa: F401


@dataclass(frozen=True, slots=True)
class _Failure:
    """An error met by a worker, and the manifest index of the article it was working on."""

    index: int
    error: BaseException


class _Worker:
    """A process taking articles beside this one, talked to over a pipe:
    → ("tick", index, title)*, ("counted", {index: Counted}) | ("failed", index, error);
    ← {index: first folio} | None (stop); → ("placed", {index: LayoutDocument}) | ("failed", index, error)."""

    def __init__(self, process, conn) -> None:
        self._process = process
        self._conn = conn
        self._pending: list = []
        self.indices: list[int] = []  # the articles it composed, once counted

    @classmethod
    def start(cls, context, share: Share, next_index: _Next) -> "_Worker":
        ours, theirs = context.Pipe()
        process = context.Process(target=_work, args=(theirs, share, next_index), daemon=True)
        process.start()
        theirs.close()
        return cls(process, ours)

    def _recv(self):
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            raise self._ended() from None

    def _ended(self) -> BookletError:
        """The error for a worker that closed its end of the pipe: reaped, for its exit code."""
        self._process.join(timeout=5)
        return BookletError(f"a worker process ended unexpectedly (exit code {self._process.exitcode})",
                            hint="build with --jobs 1 to work in one process")

    def drain(self, tick: Callable[[int, str], None]) -> None:
        """Report the articles this worker has finished, without waiting."""
        while not self._pending and self._conn.poll():
            message = self._recv()
            if message[0] == "tick":
                tick(message[1], message[2])
            else:
                self._pending.append(message)

    def counted(self, tick: Callable[[int, str], None]) -> dict[int, Counted] | _Failure:
        while not self._pending:
            message = self._recv()
            if message[0] == "tick":
                tick(message[1], message[2])
            else:
                self._pending.append(message)
        message = self._pending.pop()
        if message[0] == "failed":
            return _Failure(message[1], message[2])
        self.indices = sorted(message[1])
        return message[1]

    def send_firsts(self, firsts: dict[int, int]) -> None:
        try:
            self._conn.send(firsts)
        except OSError:
            raise self._ended() from None

    def placed(self) -> dict[int, LayoutDocument]:
        message = self._recv()
        if message[0] == "failed":
            raise message[2]
        return message[1]

    def stop(self, abort: bool = False) -> None:
        """End the worker: tell it to stop if it still waits for folios, then reap it; with
        `abort`, terminate it without waiting for the article it is on."""
        if self._process.is_alive() and not abort:
            try:
                self._conn.send(None)
            except (OSError, ValueError):
                pass
            self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=TERMINATE_WAIT)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
        self._conn.close()


def _work(conn, share: Share, next_index: _Next) -> None:
    """A worker's life: the first pass, then the second when the folios come."""
    bind_to_parent()
    try:
        counted = share.count(next_index, lambda i, title: conn.send(("tick", i, title)))
        conn.send(("counted", counted))
        firsts = conn.recv()
        if firsts is None:
            return
        conn.send(("placed", share.place(firsts)))
    except Exception as exc:
        try:
            conn.send(("failed", share.current, exc))
        except Exception:  # an error that does not pickle is reported by its text
            conn.send(("failed", share.current, BookletError(f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def _context():
    """How to start workers: fork when it is safe, else from a fork server, else spawn.

    Forking copies this process with its imported modules and loaded fonts, so workers start at
    once; but forking a process that runs other threads can deadlock a child on a lock one of
    them held, so then a fork server (a clean process that has loaded the composer and fonts
    once) forks the workers instead.
    """
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__, "paiban.booklet.forkserver_preload"])
        return context
    return multiprocessing.get_context("spawn")
