"""The article texts quotes are checked against, by id, each with its split and where it
was read: in a dict until the texts take ``MEMORY_TEXT_BYTES``, the rest in an SQLite table
on disk, so memory stays bounded however many articles there are. Both give the same
answers, so the report does not depend on where a text was held."""
from __future__ import annotations

import marshal
import sys
from dataclasses import dataclass
from typing import Callable

from .id_index import scratch_database, sqlite_key

MEMORY_TEXT_BYTES = 256 * 1024 * 1024  # of texts (as Python holds them) kept in a dict
ARTICLE_BYTES = 300  # what an article held costs beside its text (id, place, dict slot), about


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article quotes are checked against."""

    text: str
    split: str | None
    where: str


class DiskTexts:
    """{article id: ArticleRef} in an SQLite file in a temporary folder, removed when this is."""

    def __init__(self) -> None:
        # (text, split, where) marshalled: marshal gives back any str, and a text or a file
        # name may hold a lone surrogate, which an SQLite text cannot (see sqlite_key).
        self._db = scratch_database(self, "texts", "CREATE TABLE texts (id PRIMARY KEY, article BLOB NOT NULL)")
        # The quotes of an article usually come together: the last article read serves them all.
        self._last: tuple[str | None, ArticleRef | None] = (None, None)

    def setdefault(self, article_id: str, ref: ArticleRef) -> ArticleRef:
        """The article first given for ``article_id``; ``ref`` when this is the first time."""
        self._last = (None, None)
        if self._db.execute("INSERT OR IGNORE INTO texts VALUES (?, ?)",
                            (sqlite_key(article_id), marshal.dumps((ref.text, ref.split, ref.where)))).rowcount:
            return ref
        return self.get(article_id)

    def get(self, article_id: str) -> ArticleRef | None:
        last_id, last = self._last
        if article_id != last_id:
            row = self._db.execute("SELECT article FROM texts WHERE id = ?", (sqlite_key(article_id),)).fetchone()
            last = None if row is None else ArticleRef(*marshal.loads(row[0]))
            self._last = (article_id, last)
        return last


class ArticleTexts:
    """{article id: ArticleRef}: in a dict while the texts fit in ``MEMORY_TEXT_BYTES``,
    then, for the articles that come after, in a :class:`DiskTexts`."""

    get: Callable[[str], ArticleRef | None]  # the article of an id; None for an id never given

    def __init__(self) -> None:
        self._memory: dict[str, ArticleRef] = {}
        self._bytes = 0
        self._disk: DiskTexts | None = None
        # Every quote checked looks its article up: while all are in memory, that is the
        # dict's own get, with no Python call around it.
        self.get = self._memory.get

    def setdefault(self, article_id: str, ref: ArticleRef) -> ArticleRef:
        """The article first given for ``article_id``; ``ref`` when this is the first time."""
        first = self._memory.get(article_id)
        if first is not None:
            return first
        if self._disk is None:
            size = sys.getsizeof(ref.text) + ARTICLE_BYTES
            if self._bytes + size <= MEMORY_TEXT_BYTES:
                self._bytes += size
                self._memory[article_id] = ref
                return ref
            self._disk = DiskTexts()
            in_memory, on_disk = self._memory.get, self._disk.get
            # A closure, not a method of self: a bound method kept on self would be a cycle,
            # and the texts would wait for the cycle collector to be freed.
            self.get = lambda article_id: in_memory(article_id) or on_disk(article_id)
        return self._disk.setdefault(article_id, ref)
