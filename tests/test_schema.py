"""The JSON Schema is the source of truth: Arrow and HF types come from it, and every
record quotekit writes is valid under it."""
from __future__ import annotations

import pyarrow as pa

from quotekit.extract import extract_article
from quotekit.readers import read_articles
from quotekit.schema import SCHEMA_VERSIONS, arrow_schema, features, load_schema, validator

from .conftest import SEEDS


def test_arrow_schema_follows_json_schema():
    for kind, version in SCHEMA_VERSIONS.items():
        schema = load_schema(kind)
        assert schema["$id"] == f"https://quotekit.dev/schema/{kind}/{version}"
        assert schema["$schema"].endswith("2020-12/schema")
        assert arrow_schema(kind).names == list(schema["properties"])
        # A field a record may leave out (added in a minor version) is nullable.
        optional = set(features(kind)) - set(schema["required"])
        assert optional <= {"quote_cluster_id"}
        assert all("null" in schema["properties"][name]["type"] for name in optional)
    quote = arrow_schema("quote")
    assert quote.field("start").type == pa.int32()
    assert quote.field("confidence").type == pa.float64()
    assert quote.field("speaker_mention").type == pa.struct(
        [("text", pa.string()), ("start", pa.int32()), ("end", pa.int32())])


def test_every_seed_record_is_valid():
    check = validator("quote")
    records = [r.to_dict() for a in read_articles(SEEDS) for r in extract_article(a)]
    assert records and all(check.errors(r) == [] for r in records)


def test_invalid_record_errors_name_the_path():
    record = next(r.to_dict() for a in read_articles(SEEDS) for r in extract_article(a))
    record["speaker_mention"] = {"text": "Lee", "start": -1, "end": 3}
    record["kind"] = "quip"
    messages = [str(e) for e in validator("quote").errors(record)]
    assert "$.kind: 'quip' is not one of ['direct', 'partial', 'block', 'scare']" in messages
    assert "$.speaker_mention.start: -1 is less than the minimum of 0" in messages


def test_quote_record_to_dict_is_every_field_in_order():
    """to_dict is written out for speed: it must still be the dataclass, field for field."""
    from dataclasses import asdict, fields

    from quotekit.records import QuoteRecord, SpanRecord

    for mention, cue in ((SpanRecord("Lee", 0, 3), SpanRecord("said", 4, 8)), (None, None)):
        record = QuoteRecord("a:10-20", "a", "We stay.", 10, 20, "direct", "Mike Lee", "person", mention, cue,
                             "trailing_speaker_cue", 0.97, "qc-1")
        assert record.to_dict() == {"schema_version": SCHEMA_VERSIONS["quote"], **asdict(record)}
        assert list(record.to_dict()) == ["schema_version"] + [f.name for f in fields(QuoteRecord)]
