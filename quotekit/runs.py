"""Sorting more records than fit in memory: sorted runs spilled to disk, then merged.

A build writes its records in id order whatever the order of its input; with millions of
articles that order comes from here, with at most ``run_size`` items in memory at a time.
"""
from __future__ import annotations

import heapq
import pickle
import tempfile
from pathlib import Path
from typing import Callable, Generic, Iterator, TypeVar

T = TypeVar("T")


def _fan_in() -> int:
    """Runs merged at once, one open file each: half the files this process may open, so
    that at the usual limit of 1024 a million articles merge in one pass."""
    try:
        import resource
    except ImportError:  # no resource module on Windows, whose C runtime opens 512 files by default
        return 128
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return 1024
    return max(16, min(1024, soft // 2))


FAN_IN = _fan_in()  # more runs than this are merged in rounds


class ExternalSort(Generic[T]):
    """Add items in any order, then iterate them sorted by ``key`` (keys are unique)."""

    def __init__(self, folder: Path, key: Callable[[T], object], run_size: int):
        self._folder = Path(tempfile.mkdtemp(prefix="runs.", dir=folder))
        self._key = key
        self._run_size = run_size
        self._buffer: list[T] = []
        self._runs: list[tuple[Path, int]] = []  # (file, items)
        self._written = 0
        self.merged = 0  # items written again by merge rounds: the price of more runs than FAN_IN

    def add(self, item: T) -> None:
        self._buffer.append(item)
        if len(self._buffer) >= self._run_size:
            self._spill()

    def _spill(self) -> None:
        self._buffer.sort(key=self._key)
        self._runs.append(self._write(self._buffer))
        self._buffer = []

    def _write(self, items) -> tuple[Path, int]:
        path = self._folder / f"run-{self._written:06d}.pickle"
        self._written += 1
        count = 0
        with open(path, "wb") as handle:
            for count, item in enumerate(items, 1):
                pickle.dump(item, handle, protocol=pickle.HIGHEST_PROTOCOL)
        return path, count

    def __iter__(self) -> Iterator[T]:
        if not self._runs:  # everything fits in memory: no file at all
            yield from sorted(self._buffer, key=self._key)
            return
        if self._buffer:
            self._spill()
        while len(self._runs) > FAN_IN:
            # The smallest runs, and only as many as bring the rest down to FAN_IN when the
            # first round can: each round writes its items again.
            self._runs.sort(key=lambda run: run[1])
            size = min(FAN_IN, len(self._runs) - FAN_IN + 1)
            group, self._runs = self._runs[:size], self._runs[size:]
            merged = self._write(heapq.merge(*(_read(path) for path, _ in group), key=self._key))
            self._runs.append(merged)
            self.merged += merged[1]
            for path, _ in group:
                path.unlink()
        yield from heapq.merge(*(_read(path) for path, _ in self._runs), key=self._key)


def _read(path: Path) -> Iterator:
    with open(path, "rb") as handle:
        while True:
            try:
                yield pickle.load(handle)
            except EOFError:
                return
