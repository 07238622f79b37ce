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


def write_shard(path: Path, kind: str, rows: list[dict]) -> pa.Table:
    """Write ``rows`` (dicts valid under the ``kind`` schema) to one Parquet file."""
    schema = arrow_schema(kind)
    table = pa.Table.from_pylist(rows, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    if table.num_rows:
        pq.write_table(table, path, **PARQUET_OPTIONS)
    else:
        # No row group at all: `datasets` reads a zero-row row group with batch size 0
        # and fails, while a file with the schema and no row groups loads as an empty split.
        pq.ParquetWriter(path, schema, **PARQUET_OPTIONS).close()
    return table
