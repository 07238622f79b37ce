"""The record ids a validation has seen, each with where it was first seen: a dict while
there are few, an SQLite table on disk once there are ``MEMORY_IDS`` of them, so memory
stays bounded however large the input. Both give the same answers, so the report does not
depend on which one held the ids."""
from __future__ import annotations

import sqlite3
import tempfile
import weakref
from pathlib import Path
from typing import Mapping

MEMORY_IDS = 1_000_000  # ids kept in a dict (about 170 MB) before they move to disk


def scratch_database(owner: object, name: str, schema: str) -> sqlite3.Connection:
    """A new SQLite database with the table ``schema``, in a temporary folder that is
    removed when ``owner`` is, its writes in one transaction that is never committed."""
    folder = tempfile.TemporaryDirectory(prefix=f"quotekit-{name}.")
    db = connect_scratch(Path(folder.name) / f"{name}.sqlite")
    db.execute(schema)
    db.execute("BEGIN")
    weakref.finalize(owner, _remove, db, folder)
    return db


def connect_scratch(path: Path, *pragmas: str) -> sqlite3.Connection:
    """An SQLite file for scratch tables, in autocommit mode (the caller begins), with
    ``pragmas`` besides journal and sync off: nothing in it has to survive a crash."""
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = OFF", "synchronous = OFF", *pragmas):
        db.execute(f"PRAGMA {pragma}")
    return db


def _remove(db: sqlite3.Connection, folder: tempfile.TemporaryDirectory) -> None:
    db.close()
    folder.cleanup()


def sqlite_key(text: str) -> str | bytes:
    """``text`` as an SQLite key that gives it back whole. An id may hold a lone surrogate
    (from a \\ud800 escape in JSON), which an SQLite text cannot: every id that is not
    ASCII is kept as its UTF-8 bytes with surrogates passed through, a BLOB, which never
    equals a text; an ASCII id stays a text, which binds faster."""
    return text if text.isascii() else text.encode("utf-8", "surrogatepass")


class DiskIds:
    """{id: place} in an SQLite file in a temporary folder, removed when this is. With
    ``labelled``, a value is (label, place) instead: the split an article's quotes are first
    seen in, and where."""

    def __init__(self, ids: Mapping[str, int | tuple[str, int]], labelled: bool = False):
        self._labelled = labelled
        columns = "label NOT NULL, place INTEGER NOT NULL" if labelled else "place INTEGER NOT NULL"
        self._db = scratch_database(self, "ids", f"CREATE TABLE ids (id PRIMARY KEY, {columns}) WITHOUT ROWID")
        self._insert = f"INSERT OR IGNORE INTO ids VALUES (?, ?{', ?' if labelled else ''})"
        self._select = f"SELECT {'label, ' if labelled else ''}place FROM ids WHERE id = ?"
        self._db.executemany(self._insert, (self._row(key, value) for key, value in ids.items()))

    def _row(self, record_id: str, value: int | tuple[str, int]) -> tuple:
        if self._labelled:
            label, place = value
            return sqlite_key(record_id), sqlite_key(label), place
        return sqlite_key(record_id), value

    def setdefault(self, record_id: str, value: int | tuple[str, int]) -> int | tuple[str, int]:
        """The value ``record_id`` was first given; ``value`` when this is the first time."""
        row = self._row(record_id, value)
        if self._db.execute(self._insert, row).rowcount:
            return value
        found = self._db.execute(self._select, row[:1]).fetchone()
        if not self._labelled:
            return found[0]
        label, place = found
        return (label if type(label) is str else label.decode("utf-8", "surrogatepass")), place

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM ids").fetchone()[0]


def bounded(ids: dict | DiskIds, limit: int | None = None, labelled: bool = False) -> dict | DiskIds:
    """``ids``, moved to disk when a dict has reached the limit (``MEMORY_IDS`` by default);
    ``labelled`` when its values are (label, place)."""
    if type(ids) is dict and len(ids) >= (MEMORY_IDS if limit is None else limit):
        return DiskIds(ids, labelled)
    return ids
