"""Composing a booklet's articles, in worker processes when there are several cores to use.

Each worker composes one article and counts its pages; the main process places the articles
once the folios are known. Results are collected by article index, never by finishing order, and
composition is deterministic, so any number of jobs gives the same booklet, byte for byte.
Workers are forked from this process when it runs no other thread (the progress bar redraws
without one), otherwise from a fork server.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from paiban.layout.engine import ComposedArticle, compose_article, count_pages
from paiban.model.article import Article
from paiban.style.model import Style

#: Called after each article: (articles done, articles in all, title of the one just done).
Progress = Callable[[int, int, str], None]


#: Text (characters) from which composing in worker processes pays for starting them; measured on
#: the 2-core reference machine, where 30 one-page articles (~45,000 characters) gain nothing.
PARALLEL_CHARACTERS = 150_000


def default_jobs() -> int:
    """One job per core this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def compose_one(article: Article, style: Style) -> tuple[ComposedArticle, int]:
    """An article composed, and how many pages it takes (which no folio changes)."""
    composed = compose_article(article, style)
    return composed, count_pages(composed, style)


def compose_all(articles: list[Article], style: Style, jobs: int | None = None,
                progress: Progress | None = None) -> list[tuple[ComposedArticle, int]]:
    """`compose_one` for every article, in manifest order, with `jobs` processes (1: none).

    With `jobs` left to choose (None), a booklet with less text than `PARALLEL_CHARACTERS` is
    composed in this process: starting workers and sending their results back costs more than
    composing a few dozen pages takes. An explicit number of jobs is always honoured.
    """
    if jobs is None:
        text = sum(len(b.text) for article in articles for b in article.blocks)
        jobs = default_jobs() if text >= PARALLEL_CHARACTERS else 1
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    total = len(articles)
    if jobs == 1 or total < 2:
        results = []
        for done, article in enumerate(articles, 1):
            results.append(compose_one(article, style))
            _report(progress, done, total, article)
        return results
    return _in_workers(articles, style, min(jobs, total), progress)


def _in_workers(articles: list[Article], style: Style, jobs: int,
                progress: Progress | None) -> list[tuple[ComposedArticle, int]]:
    from concurrent.futures import ProcessPoolExecutor, as_completed  # only when workers are used

    context = _context()
    results: list[tuple[ComposedArticle, int] | None] = [None] * len(articles)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(compose_one, article, style): index for index, article in enumerate(articles)}
        try:
            for done, future in enumerate(as_completed(futures), 1):
                index = futures[future]
                results[index] = future.result()  # a worker's PaibanError is raised here, intact
                _report(progress, done, len(articles), articles[index])
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return [r for r in results if r is not None]


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


def _report(progress: Progress | None, done: int, total: int, article: Article) -> None:
    if progress is not None:
        progress(done, total, article.meta.title_text)
