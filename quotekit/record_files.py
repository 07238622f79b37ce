"""Read files of quote or article records one record at a time: JSON Lines (.jsonl, also
gzipped), JSON (.json: an array of records, or one record) or Parquet. Each record comes with
where it stands (line, item or row), and a line that is not a record says plainly why; the
rest of the file is still read.

Records come in batches (:class:`Batch`, a few thousand records as parallel lists), so that
the checks can take many records per Python call; :meth:`RecordFile.entries` gives them one
at a time. Memory stays constant in the size of a file: JSON Lines and Parquet are read a
batch at a time, and a JSON array one item at a time.
"""
from __future__ import annotations

import codecs
import gzip
import json
import zlib
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, Sequence

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import regex

from .readers import format_by_suffix

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
JSON_SUFFIXES = (".json",)  # one JSON document: an array of records, or a single record
PARQUET_SUFFIXES = (".parquet",)
RECORD_SUFFIXES = JSONL_SUFFIXES + JSON_SUFFIXES + PARQUET_SUFFIXES
RECORD_FORMATS = (("jsonl", JSONL_SUFFIXES), ("json", JSON_SUFFIXES), ("parquet", PARQUET_SUFFIXES))

BOM = codecs.BOM_UTF8
# A shard named as in a release and as `datasets` reads it: train-00000-of-00003.parquet.
SHARD_NAME = regex.compile(r"^(?P<split>\w+)-\d{5}-of-\d{5}\.")
WHITESPACE = regex.compile(r"[ \t\r\n]*")
BATCH_SIZE = 200  # records per batch: see _jsonl_batches


def split_from_name(path: Path) -> str | None:
    """The split a shard's name gives, as in a release: 'train' for train-00000-of-00001.parquet."""
    match = SHARD_NAME.match(path.name)
    return match["split"] if match else None


class RecordFileError(Exception):
    """A path that cannot be read as records at all (missing, unknown format)."""


@dataclass(slots=True)  # not frozen: one is made for every record, and frozen ones are slower to make
class Entry:
    """One record as read, or a line that could not be read as one."""

    number: int  # line (from 1) in JSON Lines, item (from 0) in a JSON array, row (from 0) in Parquet
    record: Any = None
    raw: bytes | None = None  # the line as stored (JSON Lines only)
    problems: tuple[tuple[str, str], ...] = ()  # (check, message) about the entry as text
    readable: bool = True  # False when no record could be parsed from it
    line: int | None = None  # the line a JSON array item starts on


@dataclass(slots=True)
class Batch:
    """Consecutive entries of one file as parallel lists. Most entries are just a record;
    those with problems as text, or with no record at all, are kept whole in ``odd``."""

    numbers: Sequence[int]  # each entry's Entry.number
    records: list[Any]  # each entry's record (None when unreadable)
    raws: list[bytes] | None = None  # JSON Lines: each line as stored
    lines: list[int] | None = None  # JSON arrays: the line each item starts on
    odd: dict[int, Entry] = field(default_factory=dict)  # index -> the entry, for entries with problems

    def __len__(self) -> int:
        return len(self.records)

    def entry(self, index: int) -> Entry:
        odd = self.odd.get(index)
        if odd is not None:
            return odd
        return Entry(self.numbers[index], self.records[index], None if self.raws is None else self.raws[index],
                     line=None if self.lines is None else self.lines[index])


def _batched(items: Iterable[Entry | FileProblem]) -> Iterator[Batch | FileProblem]:
    """Entries read one at a time, in batches; a file's problem ends the batch before it."""
    batch = Batch([], [], lines=[])
    for item in items:
        if type(item) is FileProblem:
            if batch.records:
                yield batch
                batch = Batch([], [], lines=[])
            yield item
            continue
        if item.problems or not item.readable:
            batch.odd[len(batch.records)] = item
        batch.numbers.append(item.number)
        batch.records.append(item.record)
        batch.lines.append(item.line)
        if len(batch.records) == BATCH_SIZE:
            yield batch
            batch = Batch([], [], lines=[])
    if batch.records:
        yield batch


def _unbatched(batches: Iterable[Batch | FileProblem]) -> Iterator[Entry | FileProblem]:
    for batch in batches:
        if type(batch) is FileProblem:
            yield batch
        else:
            yield from map(batch.entry, range(len(batch)))


@dataclass(frozen=True, slots=True)
class FileProblem:
    """Something wrong with a whole file (empty, unreadable) rather than one record."""

    check: str
    message: str


@dataclass(frozen=True, slots=True)
class RecordFile:
    path: Path
    format: str  # "jsonl" (JSON Lines), "json" (one JSON document: an array of records, or one) or "parquet"

    @property
    def split(self) -> str | None:
        return split_from_name(self.path)

    @property
    def unit(self) -> str:
        return {"jsonl": "line", "json": "item", "parquet": "row"}[self.format]

    def location(self, entry: Entry) -> str:
        where = f"{self.unit} {entry.number}"
        return f"{where} (line {entry.line})" if entry.line is not None else where

    def entries(self) -> Iterator[Entry | FileProblem]:
        """Every entry, one at a time, and every problem with the whole file where it arises."""
        if self.format == "json":
            return _json_entries(self.path)
        return _unbatched(self.batches())

    def batches(self) -> Iterator[Batch | FileProblem]:
        """The same entries and problems, in batches of up to BATCH_SIZE entries."""
        if self.format == "json":
            return _batched(_json_entries(self.path))
        return {"jsonl": _jsonl_batches, "parquet": _parquet_batches}[self.format](self.path)

    def columns(self) -> list[str] | None:
        """The column names of a Parquet file (None for JSON, or when it cannot be read)."""
        if self.format != "parquet":
            return None
        try:
            return pq.ParquetFile(self.path).schema_arrow.names
        except (OSError, pa.ArrowException):
            return None


def _suffix_format(path: Path) -> str | None:
    return format_by_suffix(path, RECORD_FORMATS)


def _record_file(path: Path, in_folder: bool) -> RecordFile | None:
    """How to read ``path``. In a folder, a .json file that is no array (a release's
    release.json, a schema) holds no records and is passed over."""
    format = _suffix_format(path)
    if in_folder and format == "json" and not _starts_an_array(path):
        return None
    return RecordFile(path, format)


def record_files(paths: Sequence[str | Path]) -> list[RecordFile]:
    """The record files at ``paths`` (files, or folders searched recursively and sorted),
    each once, in the order given."""
    found: dict[Path, RecordFile] = {}
    for given in map(Path, paths):
        if not given.exists():
            raise RecordFileError(f"{given}: no such file or folder")
        if given.is_file():
            if _suffix_format(given) is None:
                raise RecordFileError(f"{given}: unknown format; expected one of {', '.join(RECORD_SUFFIXES)}")
            files = [_record_file(given, in_folder=False)]
        else:
            candidates = sorted(p for p in given.rglob("*") if p.is_file() and _suffix_format(p) is not None)
            files = [f for f in (_record_file(p, in_folder=True) for p in candidates) if f is not None]
            if not files:
                raise RecordFileError(f"{given}: folder holds no record files ({', '.join(RECORD_SUFFIXES)})")
        for file in files:
            found.setdefault(file.path.resolve(), file)
    return list(found.values())


def _open_bytes(path: Path) -> BinaryIO:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def _starts_an_array(path: Path) -> bool:
    """True when the first character (after a BOM and blanks) is '[': a JSON array."""
    with _open_bytes(path) as handle:
        try:
            head = handle.read(4096).removeprefix(BOM)
        except (OSError, EOFError, zlib.error):
            return False  # the JSON Lines reader reports the damage
    return head.lstrip(b" \t\r\n")[:1] == b"["


LONE_SURROGATE = regex.compile(r"[\ud800-\udfff]")
NOT_UNICODE = ("not_unicode", "holds a lone surrogate escape (such as \\ud800), which is no Unicode character")


def _has_lone_surrogate(value: Any) -> bool:
    """Whether a value the standard library parsed holds half a UTF-16 pair: JSON can
    escape one (\\ud800), but it is no character and cannot be written as UTF-8."""
    if isinstance(value, str):
        return LONE_SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(map(_has_lone_surrogate, value))
    return False


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _reason(error: json.JSONDecodeError) -> str:
    return error.msg.removesuffix(" at")  # 'Invalid control character at'


# The standard library parser, for the lines orjson refuses: it says why in words we can
# pass on, parses integers of any size, and is told to refuse NaN and Infinity like orjson.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def _jsonl_batches(path: Path) -> Iterator[Batch | FileProblem]:
    lines = 0
    records = 0
    with _open_bytes(path) as handle:
        while True:
            raws: list[bytes] = []
            try:
                # extend() keeps the lines read before an error, which are checked as usual.
                raws.extend(islice(handle, BATCH_SIZE))
                error = None
            except (OSError, EOFError, zlib.error) as caught:
                error = caught
            if raws:
                batch = _jsonl_batch(raws, lines + 1)
                lines += len(raws)
                records += len(batch)
                if batch.records:
                    yield batch
            if error is not None:
                yield FileProblem("unreadable_file", f"cannot be read after line {lines} ({error})")
                return
            if len(raws) < BATCH_SIZE:
                break
    if lines == 0:
        yield FileProblem("empty_file", "is empty: it holds no records")
    elif records == 0:
        yield FileProblem("empty_file", "holds only blank lines: no records")


def _jsonl_batch(raws: list[bytes], first: int) -> Batch:
    """The lines ``raws``, the first of them line ``first``, parsed."""
    try:
        return Batch(range(first, first + len(raws)), list(map(orjson.loads, raws)), raws)  # the fast path: good lines
    except orjson.JSONDecodeError:
        pass
    batch = Batch([], [], [])
    for number, raw in enumerate(raws, start=first):
        try:
            record = orjson.loads(raw)
        except orjson.JSONDecodeError:
            entry = _line_entry(number, raw)
            if entry is None:
                continue  # a blank line holds no record
            batch.odd[len(batch.records)] = entry
            record = entry.record
        batch.numbers.append(number)
        batch.records.append(record)
        batch.raws.append(raw)
    return batch


def _line_entry(number: int, raw: bytes) -> Entry | None:
    """A line orjson refused: say why, or read it anyway (a BOM, a huge integer)."""
    problems: list[tuple[str, str]] = []
    body = raw
    if body.startswith(BOM):
        problems.append(("bom", "starts with a byte order mark (U+FEFF), which JSON does not allow"))
        body = body[len(BOM):]
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(("not_utf8", f"is not valid UTF-8 (byte 0x{body[error.start]:02x} at column {error.start + 1})"))
        return Entry(number, raw=raw, problems=tuple(problems), readable=False)
    text = text.rstrip("\r\n")
    if not text.strip():
        return Entry(number, raw=raw, problems=tuple(problems), readable=False) if problems else None
    try:
        record, end = _DECODER.raw_decode(text, len(text) - len(text.lstrip()))
        if text[end:].strip():
            raise json.JSONDecodeError("Extra data", text, end)
    except json.JSONDecodeError as error:
        problems.append(("not_json", f"is not valid JSON ({_reason(error)} at column {error.colno})"))
        return Entry(number, raw=raw, problems=tuple(problems), readable=False)
    except (ValueError, RecursionError) as error:
        problems.append(("not_json", f"is not valid JSON ({error or 'nested too deeply'})"))
        return Entry(number, raw=raw, problems=tuple(problems), readable=False)
    if _has_lone_surrogate(record):
        problems.append(NOT_UNICODE)
    return Entry(number, record, raw, tuple(problems))


class _TextWindow:
    """The part of a file not yet parsed, decoded from UTF-8 a chunk at a time, with the
    line number of every position in it."""

    CHUNK = 1 << 16

    def __init__(self, handle: BinaryIO):
        self.handle = handle
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.text = ""
        self.pos = 0
        self.eof = False
        self._line = 1  # line of self.text[self._counted]
        self._counted = 0

    def more(self, size: int = CHUNK) -> bool:
        """Read more of the file; False at its end. Raises UnicodeDecodeError."""
        if self.eof:
            return False
        data = self.handle.read(size)
        self.eof = not data
        self.line_at(self.pos)
        self.text, self._counted = self.text[self.pos:] + self.decoder.decode(data, final=self.eof), 0
        self.pos = 0
        return not self.eof

    def skip_blank(self) -> str | None:
        """Move past blanks; the next character, or None at the end of the file."""
        while True:
            self.pos = WHITESPACE.match(self.text, self.pos).end()
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return None

    def line_at(self, pos: int) -> int:
        self._line += self.text.count("\n", self._counted, pos)
        self._counted = pos
        return self._line


def _json_entries(path: Path) -> Iterator[Entry | FileProblem]:
    """The items of a JSON array, one at a time; or the one record a JSON document holds."""
    with _open_bytes(path) as handle:
        window = _TextWindow(handle)
        try:
            window.more()
            if window.text.startswith("\ufeff"):
                yield FileProblem("bom", "starts with a byte order mark (U+FEFF), which JSON does not allow")
                window.pos = 1
            if window.skip_blank() == "[":
                window.pos += 1
                yield from _array_items(window)
            else:
                yield from _single_record(window)
        except UnicodeDecodeError as error:
            yield FileProblem("not_utf8", f"is not valid UTF-8 (near line {window.line_at(window.pos)}, "
                                          f"byte 0x{error.object[error.start]:02x}); the rest of the file is not read")
        except (OSError, EOFError, zlib.error) as error:
            yield FileProblem("unreadable_file", f"cannot be read ({error})")


ONE_VALUE = "a .json file holds one JSON value, an array of records or one record (JSON Lines go in .jsonl)"


def _single_record(window: _TextWindow) -> Iterator[Entry | FileProblem]:
    if window.skip_blank() is None:
        yield FileProblem("empty_file", "is empty: it holds no records")
        return
    line = window.line_at(window.pos)
    parsed = _next_value(window)
    if isinstance(parsed, tuple) and window.skip_blank() is not None:
        parsed = f"extra data at line {window.line_at(window.pos)}"
    if isinstance(parsed, str):
        yield Entry(0, problems=(("not_json", f"is not valid JSON ({parsed}); {ONE_VALUE}"),), readable=False, line=line)
    else:
        yield Entry(0, parsed[0], problems=(NOT_UNICODE,) if _has_lone_surrogate(parsed[0]) else (), line=line)


def _array_items(window: _TextWindow) -> Iterator[Entry | FileProblem]:
    number = 0
    while True:
        char = window.skip_blank()
        if char == "]" and number == 0:
            window.pos += 1
            break
        line = window.line_at(window.pos)
        parsed = _next_value(window)
        if isinstance(parsed, str):
            yield Entry(number, problems=(("not_json", f"is not valid JSON ({parsed}); the rest of the file "
                                                       "is not read"),), readable=False, line=line)
            return
        yield Entry(number, parsed[0], problems=(NOT_UNICODE,) if _has_lone_surrogate(parsed[0]) else (), line=line)
        number += 1
        char = window.skip_blank()
        if char == "]":
            window.pos += 1
            break
        if char != ",":
            found = "the end of the file" if char is None else repr(char)
            yield FileProblem("not_json", f"is not valid JSON (expected ',' or ']' after item {number - 1} at line "
                                          f"{window.line_at(window.pos)}, found {found}); the rest is not read")
            return
        window.pos += 1
    if window.skip_blank() is not None:
        yield FileProblem("not_json", f"is not valid JSON (extra data after the array at line "
                                      f"{window.line_at(window.pos)})")
    elif number == 0:
        yield FileProblem("empty_file", "is an empty array: it holds no records")


def _next_value(window: _TextWindow) -> tuple[Any] | str:
    """The JSON value at the window's position as a 1-tuple, or why there is none. Reads
    more of the file while the value may just be cut off by the end of the window."""
    size = _TextWindow.CHUNK
    while True:
        try:
            value, end = _DECODER.raw_decode(window.text, window.pos)
            if end < len(window.text) or window.eof:  # a number cut at the window's edge looks whole
                window.pos = end
                return (value,)
        except json.JSONDecodeError as error:
            cut_off = error.pos >= len(window.text) - 6 or error.msg.startswith("Unterminated string")
            if not cut_off or window.eof:
                return f"{_reason(error)} at line {window.line_at(error.pos)}"
        except (ValueError, RecursionError) as error:
            return str(error) or "nested too deeply"
        size *= 2
        window.more(size)


def _parquet_batches(path: Path) -> Iterator[Batch | FileProblem]:
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as error:
        yield FileProblem("unreadable_file", f"is not a readable Parquet file ({error})")
        return
    names = parquet.schema_arrow.names
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:  # a record is a dict: one of the columns would be lost
        yield FileProblem("unreadable_file", f"has more than one column named {', '.join(map(repr, repeated))}")
        return
    row = 0
    try:
        for read in parquet.iter_batches(batch_size=4096):
            names = read.schema.names
            for offset in range(0, read.num_rows, BATCH_SIZE):
                # Column by column is about twice as fast as to_pylist(), and every record
                # shares the same key objects.
                columns = (column.to_pylist() for column in read.slice(offset, BATCH_SIZE).columns)
                records = [dict(zip(names, values)) for values in zip(*columns)]
                yield Batch(range(row, row + len(records)), records)
                row += len(records)
    except (OSError, pa.ArrowException) as error:
        yield FileProblem("unreadable_file", f"cannot be read from row {row} on ({error})")
