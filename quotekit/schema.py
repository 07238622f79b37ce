"""The published JSON Schemas, and the Arrow / Hugging Face types derived from them.

The files in ``schema/`` are the one source of truth: every Parquet shard is written with
the Arrow schema derived here, and every record is checked by the validators built here.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

import jsonschema
import jsonschema_rs
import pyarrow as pa

if TYPE_CHECKING:
    import datasets  # imported where the features are made: it takes longer to import than the rest

# The version each kind of record is written in. A schema file never changes: a change is a
# new file with a new $id (quote 1.1.0 added quote_cluster_id; 1.0.0 records stay valid).
SCHEMA_VERSIONS = {"quote": "1.1.0", "article": "1.0.0", "cluster": "1.0.0"}
RECORD_KINDS = tuple(SCHEMA_VERSIONS)

# JSON Schema scalar types and the Hugging Face dtype each one is stored as. Offsets fit
# int32 (articles are far below 2**31 characters; the schema caps them); confidence is
# float64 because float32 reads back as 0.8999999761581421.
_SCALAR_DTYPES = {"string": "string", "integer": "int32", "number": "float64", "boolean": "bool"}


def _schema_files() -> Any:
    """The folder of published schemas: the top-level ``schema/`` in a source checkout,
    else the copy installed as ``quotekit.schemas``."""
    checkout = Path(__file__).resolve().parent.parent / "schema"
    if (checkout / f"quote-{SCHEMA_VERSIONS['quote']}.json").is_file():
        return checkout
    return resources.files("quotekit.schemas")


@cache
def load_schema(kind: str, version: str | None = None) -> dict[str, Any]:
    """The published JSON Schema for ``kind`` (one of RECORD_KINDS) at ``version``
    (default: the version quotekit writes)."""
    if kind not in RECORD_KINDS:
        raise ValueError(f"unknown record kind {kind!r}; expected one of {RECORD_KINDS}")
    version = version or SCHEMA_VERSIONS[kind]
    path = _schema_files() / f"{kind}-{version}.json"
    if not path.is_file():
        raise ValueError(f"no published {kind} schema for version {version!r}")
    return json.loads(path.read_text(encoding="utf-8"))


def schema_version_of(schema: dict[str, Any]) -> str:
    """'1.1.0' for the schema whose $id is https://quotekit.dev/schema/quote/1.1.0."""
    return schema["$id"].rsplit("/", 1)[1]


def schema_versions(kind: str) -> list[str]:
    """Every published version of the ``kind`` schema, oldest first."""
    names = [p.name for p in _schema_files().iterdir()]
    versions = [n[len(kind) + 1 : -len(".json")] for n in names if n.startswith(f"{kind}-") and n.endswith(".json")]
    return sorted(versions, key=lambda v: tuple(int(x) for x in v.split(".")))


def _non_null_type(node: dict[str, Any]) -> str:
    types = node["type"] if isinstance(node["type"], list) else [node["type"]]
    real = [t for t in types if t != "null"]
    if len(real) != 1:
        raise ValueError(f"cannot map JSON Schema type {node['type']!r} to one Arrow type")
    return real[0]


def _feature_for(node: dict[str, Any]) -> Any:
    import datasets

    json_type = _non_null_type(node)
    if json_type == "object":
        return {name: _feature_for(child) for name, child in node["properties"].items()}
    if json_type == "array":
        return datasets.List(_feature_for(node["items"]))
    return datasets.Value(_SCALAR_DTYPES[json_type])


@cache
def features(kind: str, version: str | None = None) -> datasets.Features:
    """Hugging Face features derived from the JSON Schema, fields in schema order."""
    import datasets

    schema = load_schema(kind, version)
    return datasets.Features({name: _feature_for(node) for name, node in schema["properties"].items()})


@cache
def arrow_schema(kind: str, version: str | None = None) -> pa.Schema:
    """The Arrow schema every shard is written with; it carries the HF features in its
    metadata so ``load_dataset("parquet", data_files=...)`` gets the same types."""
    return features(kind, version).arrow_schema


@dataclass(frozen=True, slots=True)
class SchemaError:
    """One way a record breaks the schema: where (a JSON path), why, and the schema keyword
    that says so ('required', 'minimum', ...)."""

    path: str
    message: str
    rule: str = "schema"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _json_path(parts: Iterable[str | int]) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _non_json_numbers(value: Any, parts: tuple = ()) -> Iterator[SchemaError]:
    """NaN and infinities: Python floats that JSON has no way to write (they can come from
    Parquet); jsonschema compares them as numbers and lets them through."""
    if isinstance(value, float) and not math.isfinite(value):
        yield SchemaError(_json_path(parts), f"{value} is not a JSON number", "number")
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _non_json_numbers(child, (*parts, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _non_json_numbers(child, (*parts, index))


class RecordValidator:
    """Checks records against one schema: a compiled validator (jsonschema-rs) as the fast
    gate, and jsonschema's detailed errors only for the records that fail it."""

    def __init__(self, kind: str, version: str | None = None):
        self.kind = kind
        self.schema = load_schema(kind, version)
        self.schema_id = self.schema["$id"]
        self._compiled = jsonschema_rs.Draft202012Validator(self.schema)
        # The compiled check alone, for loops over many records: it raises ValueError,
        # TypeError or OverflowError on a value JSON cannot hold, which passes() refuses.
        self.gate = self._compiled.is_valid
        self._detail = jsonschema.Draft202012Validator(self.schema)

    def passes(self, record: Any) -> bool:
        """Whether ``record`` is valid: the fast gate alone."""
        try:
            return self.gate(record)
        except (ValueError, TypeError, OverflowError):
            return False  # a value JSON cannot hold (a datetime, bytes): the detailed errors name it

    def errors(self, record: Any) -> list[SchemaError]:
        """Every schema error of ``record``; empty when it is valid."""
        return [] if self.passes(record) else self._detailed(record)

    def _detailed(self, record: Any) -> list[SchemaError]:
        found = sorted(self._detail.iter_errors(record), key=lambda e: (list(map(str, e.absolute_path)), e.message))
        errors = [SchemaError(_json_path(e.absolute_path), e.message, str(e.validator)) for e in found]
        errors += _non_json_numbers(record)
        # The gate refused the record, so it is never passed, even if jsonschema finds nothing.
        return errors or self._gate_errors(record)

    def _gate_errors(self, record: Any) -> list[SchemaError]:
        try:
            errors = [SchemaError(_json_path(e.instance_path), e.message) for e in self._compiled.iter_errors(record)]
        except (ValueError, TypeError, OverflowError) as error:
            errors = [SchemaError("$", f"holds a value JSON cannot: {error}")]
        return errors or [SchemaError("$", "is not valid under the schema")]


@cache
def validator(kind: str, version: str | None = None) -> RecordValidator:
    return RecordValidator(kind, version)
