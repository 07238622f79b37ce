"""Write records as Parquet shards with one explicit schema (the one derived from the
JSON Schema, carrying the Hugging Face features), so every route to the data gets the
same types, and an empty split is still a loadable zero-row shard."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .schema import arrow_schema

# Fixed writer settings: the same records give the same bytes with the same pyarrow.
PARQUET_OPTIONS = {"compression": "zstd", "use_dictionary": True, "write_statistics": True}


def shard_name(split: str, index: int, count: int) -> str:
    return f"{split}-{index:05d}-of-{count:05d}.parquet"


def write_shard(path: Path, kind: str, rows: list[dict] | pa.Table) -> pa.Table:
    """Write ``rows`` (dicts valid under the ``kind`` schema, or their table) to one Parquet file."""
    schema = arrow_schema(kind)
    table = rows if isinstance(rows, pa.Table) else pa.Table.from_pylist(rows, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    if table.num_rows:
        pq.write_table(table, path, **PARQUET_OPTIONS)
    else:
        # No row group at all: `datasets` reads a zero-row row group with batch size 0
        # and fails, while a file with the schema and no row groups loads as an empty split.
        pq.ParquetWriter(path, schema, **PARQUET_OPTIONS).close()
    return table


# A shard ends when it holds this many rows or about this many bytes of text, whichever
# comes first. Within a shard, rows go to the file a row group at a time, so the memory
# that writes a shard is one row group, not the shard; a row group is bounded the same
# way (a cluster row lists every occurrence of its quotation, so a few can be large).
SHARD_ROWS = 100_000
SHARD_BYTES = 64 * 2**20
CHUNK_ROWS = 1_000        # rows turned into Arrow at a time (a row group holds a whole number of them)
ROW_GROUP_ROWS = 5_000    # rows per Parquet row group (the last of a shard may hold fewer)
ROW_GROUP_BYTES = 16 * 2**20


def _row_bytes(row: dict) -> int:
    """A cheap estimate of a row's size: its text, that of its lists, and some room for the rest."""
    size = 64
    for value in row.values():
        if isinstance(value, str):
            size += len(value)
        elif isinstance(value, list):
            size += sum(len(item) if isinstance(item, str) else 32 for item in value)
    return size


class ShardWriter:
    """Writes the rows of one config and split, in order, as bounded shards. Shards are
    written under temporary names and take their ``{split}-{i}-of-{n}`` names on ``close``,
    when ``n`` is known. A split with no rows gets one zero-row shard."""

    def __init__(self, folder: Path, kind: str, split: str, max_rows: int = SHARD_ROWS,
                 max_bytes: int = SHARD_BYTES):
        self.folder, self.kind, self.split = folder, kind, split
        self.max_rows, self.max_bytes = max_rows, max_bytes
        self.rows = 0
        self.nbytes = 0  # Arrow bytes of every shard: the split size the card reports
        self._schema = arrow_schema(kind)
        self._chunks: list[pa.Table] = []
        self._chunk_rows = 0
        self._group_bytes = 0  # estimated bytes of the row group being gathered
        self._pending: list[dict] = []
        self._shard_rows = self._shard_bytes = 0
        self._file: pq.ParquetWriter | None = None
        self._written: list[Path] = []

    def add(self, row: dict) -> None:
        size = _row_bytes(row)
        self._pending.append(row)
        self._shard_rows += 1
        self._shard_bytes += size
        self._group_bytes += size
        self.rows += 1
        full = self._group_bytes >= ROW_GROUP_BYTES
        if len(self._pending) >= CHUNK_ROWS or full:
            self._to_arrow()
            if self._chunk_rows >= ROW_GROUP_ROWS or full:
                self._write_row_group()
        if self._shard_rows >= self.max_rows or self._shard_bytes >= self.max_bytes:
            self._end_shard()

    def _to_arrow(self) -> None:
        if self._pending:
            self._chunks.append(pa.Table.from_pylist(self._pending, schema=self._schema))
            self._chunk_rows += len(self._pending)
            self._pending = []

    def _write_row_group(self) -> None:
        self._to_arrow()
        if not self._chunks:
            return
        table = pa.concat_tables(self._chunks).combine_chunks()
        self._chunks, self._chunk_rows, self._group_bytes = [], 0, 0
        if self._file is None:
            path = self.folder / f".{self.split}-{len(self._written):05d}.parquet.part"
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file = pq.ParquetWriter(path, self._schema, **PARQUET_OPTIONS)
            self._written.append(path)
        self._file.write_table(table, row_group_size=table.num_rows)
        self.nbytes += table.nbytes

    def _end_shard(self) -> None:
        self._write_row_group()
        if self._file is not None:
            self._file.close()
            self._file = None
        self._shard_rows = self._shard_bytes = 0

    def close(self) -> list[Path]:
        self._end_shard()
        if not self._written:
            path = self.folder / f".{self.split}-00000.parquet.part"
            write_shard(path, self.kind, [])
            self._written.append(path)
        names = [self.folder / shard_name(self.split, i, len(self._written)) for i in range(len(self._written))]
        for part, name in zip(self._written, names):
            part.rename(name)
        return names
