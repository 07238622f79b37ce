"""The published schemas are versioned and immutable: a change is a new file with a new
`$id`, and a new minor version accepts every record valid under the one before it.

Records valid under a version are drawn from the schema itself (a generator for the JSON
Schema words our schemas use) and taken from real data (the golden seeds output and the
committed releases); each is moved to the next version and checked against it.
"""
from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

import jsonschema
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from quotekit.schema import RECORD_KINDS, load_schema, schema_versions

from .conftest import DIST, ROOT

SCHEMA_DIR = ROOT / "schema"

# Every published schema file and its SHA-256. A published file never changes; a new
# version is a new file, added here when it is published.
PUBLISHED = {
    "article-1.0.0.json": "6693fdea983cca4fb708ebb444b4276bf82792adddaef0cfd0827feaf86eba4b",
    "cluster-1.0.0.json": "2bfffeeeb4c53b6994cbf7aa6b506c9718e966b85475a81f526c938f2b0548a4",
    "quote-1.0.0.json": "31bec45389d28f91483c92caaaa0f612b39960213dd42c237672e2f82dc3660e",
    "quote-1.1.0.json": "e24692d9575711d2ebe97d8d80fdaf9cde4bb8c8dd8ecfa1b60a5f11b34e7892",
}

# The JSON Schema words the generator below understands; a schema using another must
# teach it first, or records drawn from it would not be valid under it.
KNOWN_WORDS = {"$schema", "$id", "title", "description", "type", "properties", "required", "additionalProperties",
               "items", "const", "enum", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems"}


def records_valid_under(node: dict[str, Any]) -> st.SearchStrategy:
    """Values valid under a schema node, reaching its edges: every enum value, null where
    allowed, bounds, optional properties present and absent."""
    unknown = set(node) - KNOWN_WORDS
    if unknown:
        raise ValueError(f"records_valid_under does not know {sorted(unknown)}: teach it before publishing")
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    types = node["type"] if isinstance(node["type"], list) else [node["type"]]
    return st.one_of([_of_type(kind, node) for kind in types])


def _of_type(kind: str, node: dict[str, Any]) -> st.SearchStrategy:
    if kind == "null":
        return st.none()
    if kind == "string":
        return st.text(min_size=node.get("minLength", 0), max_size=node.get("maxLength", 12))
    if kind == "integer":
        return st.integers(node.get("minimum"), node.get("maximum"))
    if kind == "number":
        return st.floats(node.get("minimum"), node.get("maximum"), allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(records_valid_under(node["items"]), min_size=node.get("minItems", 0),
                        max_size=node.get("maxItems", 3))
    if kind == "object":
        properties = {name: records_valid_under(child) for name, child in node.get("properties", {}).items()}
        required = set(node.get("required", []))
        if node.get("additionalProperties", True) is not False:
            raise ValueError("records_valid_under only knows closed objects (additionalProperties: false)")
        return st.fixed_dictionaries({k: v for k, v in properties.items() if k in required},
                                     optional={k: v for k, v in properties.items() if k not in required})
    raise ValueError(f"records_valid_under does not know the type {kind!r}")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def next_minor_pairs(kind: str) -> list[tuple[str, str]]:
    """(previous, next) for consecutive published versions with the same major version."""
    versions = schema_versions(kind)
    return [(old, new) for old, new in zip(versions, versions[1:]) if _version_key(old)[0] == _version_key(new)[0]]


def version_of(schema: dict) -> str:
    """'1.1.0' for the schema whose $id is https://quotekit.dev/schema/quote/1.1.0."""
    return schema["$id"].rsplit("/", 1)[1]


def as_version(record: Any, schema: dict) -> Any:
    """The record as the next version names it: only its schema_version changes."""
    if isinstance(record, dict) and "schema_version" in record:
        return {**record, "schema_version": version_of(schema)}
    return record


def breaking_record(old: dict, new: dict) -> Any | None:
    """A record valid under ``old`` that ``new`` refuses, or None when none is found."""
    new_check = jsonschema.Draft202012Validator(new)
    try:
        return find(records_valid_under(old), lambda record: not new_check.is_valid(as_version(record, new)),
                    settings=settings(max_examples=300, derandomize=True, database=None,
                                      phases=[Phase.generate],  # any counterexample will do: no shrinking
                                      suppress_health_check=list(HealthCheck)))
    except NoSuchExample:
        return None


def real_records(kind: str) -> list[dict]:
    """Records quotekit made: the golden seeds output and every committed release."""
    config = {"quote": "quotes", "article": "articles"}[kind]
    rows = [row for shard in sorted(DIST.glob(f"*/v*/{config}/*.parquet")) for row in pq.read_table(shard).to_pylist()]
    if kind == "quote":
        golden = ROOT / "tests" / "golden" / "seeds.quotes.jsonl"
        rows += [json.loads(line) for line in golden.read_text(encoding="utf-8").splitlines()]
    return rows


def test_published_schema_files_never_change():
    published = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(SCHEMA_DIR.glob("*.json"))}
    assert published == PUBLISHED, "a published schema changed, or a new one is not registered in PUBLISHED: " \
                                   "a change to a schema is a new file with a new version"


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_each_version_names_itself(kind):
    versions = schema_versions(kind)
    assert versions and versions == sorted(versions, key=_version_key)
    ids = [load_schema(kind, version)["$id"] for version in versions]
    assert ids == [f"https://quotekit.dev/schema/{kind}/{version}" for version in versions]
    for version in versions:  # a record may say so: the version is a valid schema_version
        assert jsonschema.Draft202012Validator(load_schema(kind, version)["properties"]["schema_version"]).is_valid(
            version)


@pytest.mark.parametrize("kind, version", [(k, v) for k in RECORD_KINDS for v in schema_versions(k)])
def test_records_drawn_from_a_version_are_valid_under_it(kind, version):
    """The generator is sound: what it draws from a schema, that schema accepts."""
    schema = load_schema(kind, version)
    check = jsonschema.Draft202012Validator(schema)

    @settings(max_examples=300)
    @given(records_valid_under(schema))
    def drawn_records_are_valid(record):
        assert check.is_valid(record), list(check.iter_errors(record))

    drawn_records_are_valid()


PAIRS = [(kind, old, new) for kind in RECORD_KINDS for old, new in next_minor_pairs(kind)]


@pytest.mark.parametrize("kind, old, new", PAIRS or [pytest.param(
    None, None, None, marks=pytest.mark.skip(reason="one published version of each schema (1.0.0): no pair yet"))])
def test_next_minor_version_accepts_every_record_of_the_previous(kind, old, new):
    old_schema, new_schema = load_schema(kind, old), load_schema(kind, new)
    assert breaking_record(old_schema, new_schema) is None
    old_check, new_check = (jsonschema.Draft202012Validator(s) for s in (old_schema, new_schema))
    for record in real_records(kind):
        if old_check.is_valid(record):
            assert new_check.is_valid(as_version(record, new_schema)), record["id"]


def _next_version(schema: dict, change) -> dict:
    """A would-be next minor version of ``schema`` with one change."""
    new = copy.deepcopy(schema)
    new["$id"] = new["$id"].rsplit("/", 1)[0] + "/1.99.0"
    new["properties"]["schema_version"] = {"type": "string", "const": "1.99.0"}
    change(new)
    return new


BREAKING = {
    "a new required field": lambda s: (s["properties"].update(lang={"type": "string"}), s["required"].append("lang")),
    "a narrower enum": lambda s: s["properties"]["kind"]["enum"].remove("scare"),
    "a higher minimum": lambda s: s["properties"]["start"].update(minimum=1),
    "null no longer allowed": lambda s: s["properties"]["speaker"].update(type="string"),
    "a shorter maximum length": lambda s: s["properties"]["rule"].update(maxLength=3),
}
COMPATIBLE = {
    "a new optional field": lambda s: s["properties"].update(lang={"type": ["string", "null"]}),
    "a wider enum": lambda s: s["properties"]["kind"]["enum"].append("indirect"),
    "a lower minimum": lambda s: s["properties"]["end"].update(minimum=0),
}


@pytest.mark.parametrize("change", list(BREAKING), ids=list(BREAKING))
def test_the_compatibility_check_finds_a_breaking_change(change):
    schema = load_schema("quote", schema_versions("quote")[-1])
    assert breaking_record(schema, _next_version(schema, BREAKING[change])) is not None


@pytest.mark.parametrize("change", list(COMPATIBLE), ids=list(COMPATIBLE))
def test_the_compatibility_check_passes_a_compatible_change(change):
    schema = load_schema("quote", schema_versions("quote")[-1])
    assert breaking_record(schema, _next_version(schema, COMPATIBLE[change])) is None
