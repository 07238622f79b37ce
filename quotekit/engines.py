"""Where batches run: in this process, in a local process pool, or on a Dask cluster.

Every engine yields the results in the order of the batches, and keeps only a few batches
in flight, so memory does not grow with the corpus and the output does not depend on the
engine or the number of workers.
"""
from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator, TypeVar

A = TypeVar("A")
R = TypeVar("R")

ENGINES = ("local", "dask")


class EngineError(Exception):
    """An engine that cannot start; the message says what to do."""


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_ordered(function: Callable[[A], R], items: Iterable[A], engine: str = "local", workers: int | None = None,
                scheduler: str | None = None) -> Iterator[R]:
    """``map(function, items)`` on ``engine``, in order, with a bounded number in flight."""
    workers = workers or default_workers()
    if engine == "dask":
        yield from _dask(function, items, workers, scheduler)
    elif engine != "local":
        raise EngineError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    elif workers == 1:
        yield from map(function, items)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield from _bounded(pool.submit, lambda future: future.result(), function, items, 2 * workers)


def _bounded(submit, result, function, items, in_flight: int) -> Iterator:
    pending: deque = deque()
    for item in items:
        pending.append(submit(function, item))
        if len(pending) >= in_flight:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def _dask(function, items, workers: int, scheduler: str | None) -> Iterator:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise EngineError('the Dask engine needs dask.distributed: pip install "quotekit[dask]"') from None
    if scheduler:
        client = Client(scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        # pure=False: every batch is its own task, even when two batches are equal.
        yield from _bounded(lambda f, item: client.submit(f, item, pure=False), lambda future: future.result(),
                            function, items, 2 * max(workers, len(client.scheduler_info()["workers"])))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
