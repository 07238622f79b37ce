"""croissant.json: the release described in MLCommons Croissant 1.0 (JSON-LD), derived
from the same JSON Schemas as the Parquet types, written with the standard library alone.

Each config is a FileSet of its Parquet shards and a RecordSet whose fields read the
columns; a ``split`` field is taken from the shard's file name. The description holds no
checksums: SHA256SUMS does, and Parquet bytes depend on the pyarrow that wrote them, while
this file must be the same on every machine that builds the same release.
"""
from __future__ import annotations

from typing import Any

from .card import CONFIGS
from .schema import load_schema

CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
PARQUET = "application/x-parquet"
# The context every Croissant 1.0 file carries (as the specification gives it).
CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
DATA_TYPES = {"string": "sc:Text", "integer": "sc:Integer", "number": "sc:Float", "boolean": "sc:Boolean"}
# quotes/train-00000-of-00001.parquet -> train
SPLIT_FROM_FILE = r"^(train|validation|test)-\d{5}-of-\d{5}\.parquet$"


def _json_type(node: dict[str, Any]) -> str:
    types = node["type"] if isinstance(node["type"], list) else [node["type"]]
    return next(t for t in types if t != "null")


def _field(config: str, name: str, node: dict[str, Any], column: str, path: str | None = None) -> dict:
    """A Croissant field reading ``column`` (and, inside a struct, ``path`` within it)."""
    if _json_type(node) == "array":  # a list column: the field of one item, repeated
        item = _field(config, name, {**node["items"], "description": node.get("description", "")}, column, path)
        return {**item, "repeated": True}
    field_id = f"{config}/{column}" + (f"/{path}" if path else "")
    source: dict[str, Any] = {"fileSet": {"@id": f"{config}-parquet"}, "extract": {"column": column}}
    if path:
        source["transform"] = {"jsonPath": path}
    field: dict[str, Any] = {"@type": "cr:Field", "@id": field_id, "name": field_id,
                             "description": node.get("description", "")}
    if _json_type(node) == "object":
        field["dataType"] = "cr:RecordSet"
        field["subField"] = [_field(config, child, sub, column, child) for child, sub in node["properties"].items()]
    else:
        field["dataType"] = DATA_TYPES[_json_type(node)]
        field["source"] = source
    return field


def _record_set(config: str, kind: str) -> dict:
    schema = load_schema(kind)
    split = {"@type": "cr:Field", "@id": f"{config}/split", "name": f"{config}/split", "dataType": "sc:Text",
             "description": "The split the record is in: train, validation or test.",
             "source": {"fileSet": {"@id": f"{config}-parquet"}, "extract": {"fileProperty": "filename"},
                        "transform": {"regex": SPLIT_FROM_FILE}}}
    return {"@type": "cr:RecordSet", "@id": config, "name": config, "description": schema["description"],
            "key": {"@id": f"{config}/id"},
            "field": [split] + [_field(config, name, node, name) for name, node in schema["properties"].items()]}


def croissant(name: str, version: str, description: str) -> dict:
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": name,
        "description": description,
        "version": version,
        "license": "other: article texts remain the copyright of their publishers",
        "distribution": [
            {"@type": "cr:FileSet", "@id": f"{config}-parquet", "name": f"{config}-parquet",
             "description": f"The Parquet shards of the {config} config.",
             "encodingFormat": PARQUET, "includes": f"{config}/*.parquet"}
            for config in CONFIGS
        ],
        "recordSet": [_record_set(config, kind) for config, kind in CONFIGS.items()],
    }
