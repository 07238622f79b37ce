"""Progress bars for long work: shown on a terminal, quiet in logs and CI."""
from __future__ import annotations

from typing import Iterable, Iterator

from tqdm import tqdm


class Bars:
    """Makes the progress bars of one command, one step at a time. ``shown``: None shows
    them only when stderr is a terminal (tqdm's ``disable=None``); True or False, always or
    never. A bar disappears when its step ends."""

    def __init__(self, shown: bool | None = None):
        self._disable = None if shown is None else not shown

    def __call__(self, description: str, unit: str, total: int | None = None) -> tqdm:
        """A bar that counts ``unit``s, of ``total`` when it is known."""
        return tqdm(desc=description, unit=unit, total=total, leave=False, disable=self._disable)

    def step(self, description: str) -> tqdm:
        """A bar for a step with nothing to count (one SQL statement): its name and when it began."""
        return tqdm(desc=description, bar_format="{desc} [{elapsed}]", leave=False, disable=self._disable)


NO_BARS = Bars(shown=False)

# How many items a loop counts before it updates its bar: a bar's update costs a call, and
# the loops of a build run millions of times.
UPDATE_EVERY = 1_000


def counted(items: Iterable, bar: tqdm) -> Iterator:
    """``items``, counted on ``bar`` as they are read (every UPDATE_EVERY items)."""
    for done, item in enumerate(items, 1):
        if done % UPDATE_EVERY == 0:
            bar.update(UPDATE_EVERY)
        yield item
