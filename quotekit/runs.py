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
FAN_IN = 128  # runs merged at once; more are merged in rounds (open files stay few)


class ExternalSort(Generic[T]):
    """Add items in any order, then iterate them sorted by ``key`` (keys are unique)."""

    def __init__(self, folder: Path, key: Callable[[T], object], run_size: int):
        self._folder = Path(tempfile.mkdtemp(prefix="runs.", dir=folder))
        self._key = key
        self._run_size = run_size
        self._buffer: list[T] = []
        self._runs: list[Path] = []
        self._written = 0

    def add(self, item: T) -> None:
        self._buffer.append(item)
        if len(self._buffer) >= self._run_size:
            self._spill()

    def _spill(self) -> None:
        self._buffer.sort(key=self._key)
        self._runs.append(self._write(self._buffer))
        self._buffer = []

    def _write(self, items) -> Path:
        path = self._folder / f"run-{self._written:06d}.pickle"
        self._written += 1
        with open(path, "wb") as handle:
            for item in items:
                pickle.dump(item, handle, protocol=pickle.HIGHEST_PROTOCOL)
        return path

    def __iter__(self) -> Iterator[T]:
        if not self._runs:  # everything fits in memory: no file at all
            yield from sorted(self._buffer, key=self._key)
            return
        if self._buffer:
            self._spill()
        while len(self._runs) > FAN_IN:
            group, self._runs = self._runs[:FAN_IN], self._runs[FAN_IN:]
            self._runs.append(self._write(heapq.merge(*map(_read, group), key=self._key)))
            for path in group:
                path.unlink()
        yield from heapq.merge(*map(_read, self._runs), key=self._key)


def _read(path: Path) -> Iterator:
    with open(path, "rb") as handle:
        while True:
            try:
                yield pickle.load(handle)
            except EOFError:
                return
