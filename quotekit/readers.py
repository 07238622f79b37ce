"""Read news articles from a folder of .txt files, JSONL or Parquet, lazily, file by file.

Text is kept exactly as stored (no newline translation, no stripping): every offset
quotekit writes indexes into it.
"""
from __future__ import annotations

import bisect
import gzip
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyarrow.parquet as pq

from . import id_index

METADATA_FIELDS = ("title", "url", "source", "published")
# Half of a UTF-16 pair on its own, as a JSON escape ("\ud800") can give: not Unicode text,
# and no UTF-8 file (Parquet, JSON Lines) can hold it.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson")
PARQUET_SUFFIXES = (".parquet",)
SUPPORTED = TEXT_SUFFIXES + JSONL_SUFFIXES + PARQUET_SUFFIXES
ARTICLE_FORMATS = (("txt", TEXT_SUFFIXES), ("jsonl", JSONL_SUFFIXES), ("parquet", PARQUET_SUFFIXES))


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class InputProblem:
    """Why one input record could not be used, and where it is."""

    file: str
    location: str  # "line 3", "row 7" or "" for a whole file
    field: str | None
    message: str
    record: object = None

    @property
    def where(self) -> str:
        return ", ".join(part for part in (self.file, self.location) if part)

    @property
    def reason(self) -> str:
        return f"field {self.field!r}: {self.message}" if self.field else self.message

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"

    def to_json(self) -> dict:
        return {"file": self.file, "location": self.location, "field": self.field,
                "reason": self.message, "record": self.record}


class InputError(Exception):
    """An input problem, raised when the caller asked to stop at the first one."""

    def __init__(self, problem: InputProblem):
        super().__init__(str(problem))
        self.problem = problem


def format_by_suffix(path: Path, formats: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    """The first of ``formats`` (name, suffixes) one of whose suffixes ends the file name,
    ignoring case; None when none does."""
    name = path.name.lower()
    return next((format for format, suffixes in formats if name.endswith(suffixes)), None)


def _suffix_kind(path: Path) -> str | None:
    return format_by_suffix(path, ARTICLE_FORMATS)


def input_files(path: Path) -> list[Path]:
    """The readable files at ``path`` (a file, or a folder searched recursively), sorted."""
    if not path.exists():
        raise InputError(InputProblem(str(path), "", None, "no such file or folder"))
    if path.is_file():
        if _suffix_kind(path) is None:
            raise InputError(InputProblem(str(path), "", None,
                                          f"unknown input format; expected one of {', '.join(SUPPORTED)}"))
        return [path]
    files = sorted(p for p in path.rglob("*") if p.is_file() and _suffix_kind(p) is not None)
    if not files:
        raise InputError(InputProblem(str(path), "", None,
                                      f"folder holds no input files ({', '.join(SUPPORTED)})"))
    return files


def _article_from_mapping(row: dict, file: str, location: str) -> Article | InputProblem:
    if not isinstance(row, dict):
        return InputProblem(file, location, None, "expected a JSON object", row)
    for field in ("id", "text"):
        if row.get(field) is None:
            return InputProblem(file, location, field, "missing required field", row)
        if not isinstance(row[field], str):
            return InputProblem(file, location, field, f"must be a string, not {type(row[field]).__name__}", row)
        if field == "id" and not row["id"].strip():
            return InputProblem(file, location, "id", "must not be empty", row)
    meta = {}
    for field in METADATA_FIELDS:
        value = row.get(field)
        if value is not None and not isinstance(value, str):
            value = str(value)
        meta[field] = value
    for field, value in (("id", row["id"]), ("text", row["text"]), *meta.items()):
        surrogate = None if value is None or value.isascii() else LONE_SURROGATE.search(value)
        if surrogate:
            return InputProblem(file, location, field, f"holds a lone surrogate (\\u{ord(surrogate.group()):04x} at "
                                f"character {surrogate.start()}), which is not Unicode text: fix that escape", row)
    return Article(row["id"], row["text"], **meta)


def _read_txt(path: Path) -> Iterator[Article | InputProblem]:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError as error:
        yield InputProblem(str(path), f"byte {error.start}", "text", "is not valid UTF-8")
        return
    yield Article(path.stem, text)


def _open_binary(path: Path):
    """The file's bytes, decompressed on the fly (.gz, or .zst with quotekit[zst])."""
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")
    if name.endswith(".zst"):
        try:
            import zstandard
        except ImportError:
            raise InputError(InputProblem(str(path), "", None,
                                          'reading .zst needs zstandard: pip install "quotekit[zst]"')) from None
        return io.BufferedReader(zstandard.open(path, "rb"))  # which iterates by line
    return open(path, "rb")


def _read_jsonl(path: Path) -> Iterator[Article | InputProblem]:
    with _open_binary(path) as handle:
        for number, raw in enumerate(handle, start=1):
            location = f"line {number}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield InputProblem(str(path), location, None, "is not valid UTF-8", raw.decode("utf-8", "replace"))
                continue
            if number == 1:
                line = line.removeprefix("\ufeff")
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                yield InputProblem(str(path), location, None, f"is not valid JSON ({error.msg})", line.rstrip("\r\n"))
                continue
            yield _article_from_mapping(row, str(path), location)


def _read_parquet(path: Path) -> Iterator[Article | InputProblem]:
    try:
        parquet = pq.ParquetFile(path)
    except Exception as error:  # pyarrow raises several types for a damaged file
        yield InputProblem(str(path), "", None, f"is not a readable Parquet file ({error})")
        return
    columns = [c for c in ("id", "text", *METADATA_FIELDS) if c in parquet.schema_arrow.names]
    for field in ("id", "text"):
        if field not in columns:
            yield InputProblem(str(path), "", field, "missing required column")
            return
    row_number = 0
    for batch in parquet.iter_batches(batch_size=1024, columns=columns):
        for row in batch.to_pylist():
            yield _article_from_mapping(row, str(path), f"row {row_number}")
            row_number += 1


_READERS: dict[str, Callable[[Path], Iterator[Article | InputProblem]]] = {
    "txt": _read_txt, "jsonl": _read_jsonl, "parquet": _read_parquet,
}


def read_articles(path: str | Path, on_problem: Callable[[InputProblem], None] | None = None) -> Iterator[Article]:
    """Yield every article under ``path``, in a stable order (files sorted, then file order).

    A record that cannot be used is passed to ``on_problem`` and skipped; without a
    callback the first problem raises :class:`InputError`. Duplicate ids are problems too.
    """
    # id -> the number of the article that first had it: a dict, moved to disk past
    # id_index.MEMORY_IDS ids, so memory stays bounded; a number says its file.
    seen: dict[str, int] | id_index.DiskIds = {}
    files: list[str] = []
    file_starts: list[int] = []  # the number of each file's first article
    number = 0
    for file in input_files(Path(path)):
        files.append(str(file))
        file_starts.append(number)
        for item in _READERS[_suffix_kind(file)](file):
            if isinstance(item, Article):
                seen = id_index.bounded(seen)
                first = seen.setdefault(item.id, number)
                if first != number:
                    first_file = files[bisect.bisect_right(file_starts, first) - 1]
                    item = InputProblem(str(file), "", "id", f"duplicate id {item.id!r} (first seen in {first_file})",
                                        {"id": item.id})
            if isinstance(item, InputProblem):
                if on_problem is None:
                    raise InputError(item)
                on_problem(item)
                continue
            number += 1
            yield item


def iter_batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
