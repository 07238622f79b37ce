"""Each fast gate in `quotekit validate` must agree with the detailed checks behind it: a
record the gate passes gets no detailed check at all, so a disagreement would let a bad
record through (or report a good one with no reason)."""
from __future__ import annotations

import copy
import json

import jsonschema
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from quotekit.readers import read_articles
from quotekit.record_checks import quote_findings, quote_passes
from quotekit.schema import load_schema, validator

from .conftest import ROOT, SEEDS

GOLDEN = [json.loads(line) for line in (ROOT / "tests" / "golden" / "seeds.quotes.jsonl").read_text().splitlines()]
TEXTS = {article.id: article.text for article in read_articles(SEEDS)}
DELETE = object()

# Values that sit on the edges of JSON Schema's types and of the published bounds.
ODD_VALUES = [None, True, False, 0, -1, 1, 2**31 - 1, 2**31, 2**70, 1.0, 0.5, 1.5, -0.0, float("inf"), "", "x",
              "direct", "person", "1.0.0", [], {}, {"text": "x", "start": 0, "end": 1}, {"text": "x"}, DELETE]
FIELDS = [(name,) for name in load_schema("quote")["properties"]] + [("extra",)] + [
    (span, key) for span in ("speaker_mention", "cue") for key in ("text", "start", "end", "extra")]


def _changed(record: dict, changes: list[tuple[tuple[str, ...], object]]) -> dict:
    record = copy.deepcopy(record)
    for path, value in changes:
        parent = record
        for key in path[:-1]:
            parent = parent.get(key)
        if not isinstance(parent, dict):
            continue
        if value is DELETE:
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = copy.deepcopy(value)
    return record


@settings(max_examples=600)
@given(st.sampled_from(GOLDEN), st.lists(st.tuples(st.sampled_from(FIELDS), st.sampled_from(ODD_VALUES)), max_size=3))
def test_schema_gate_agrees_with_jsonschema(record, changes):
    record = _changed(record, changes)
    detailed = jsonschema.Draft202012Validator(load_schema("quote"))
    assert validator("quote").passes(record) == detailed.is_valid(record)
    assert (validator("quote").errors(record) == []) == detailed.is_valid(record)


def test_schema_gate_refuses_nan_that_jsonschema_lets_through():
    record = {**GOLDEN[0], "confidence": float("nan")}
    assert jsonschema.Draft202012Validator(load_schema("quote")).is_valid(record)
    assert [str(e) for e in validator("quote").errors(record)] == ["$.confidence: nan is not a JSON number"]


OFFSETS = [("start",), ("end",), ("speaker_mention", "start"), ("speaker_mention", "end"), ("cue", "start"),
           ("cue", "end")]
TEXT_FIELDS = [("quote",), ("speaker_mention", "text"), ("cue", "text")]


@st.composite
def nudged_records(draw) -> dict:
    """A real record whose offsets, words, spans or id are moved a little."""
    record = copy.deepcopy(draw(st.sampled_from(GOLDEN)))
    for path in draw(st.lists(st.sampled_from(OFFSETS), max_size=3)):
        parent = record if len(path) == 1 else record.get(path[0])
        if parent:
            parent[path[-1]] = max(parent[path[-1]] + draw(st.integers(-3, 3)), 0)
    for path in draw(st.lists(st.sampled_from(TEXT_FIELDS), max_size=2)):
        parent = record if len(path) == 1 else record.get(path[0])
        if parent:
            words = parent[path[-1]]
            parent[path[-1]] = draw(st.sampled_from([words[:-1] or "x", words.upper(), words + " ", "x"]))
    if draw(st.booleans()):
        record[draw(st.sampled_from(["speaker_mention", "cue"]))] = None
    if draw(st.integers(0, 4)) == 0:
        record["start"] = float(record["start"])
    if draw(st.integers(0, 4)) == 0:
        record["id"] = record["id"] + "0"
    return record


@settings(max_examples=800)
@given(nudged_records())
def test_quote_gate_agrees_with_the_detailed_checks(record):
    assume(validator("quote").passes(record))  # types are the schema's; these checks start from valid ones
    text = TEXTS[record["article_id"]]
    assert quote_passes(record, text) == (quote_findings(record, text, record["article_id"]) == [])
    assert quote_passes(record) == (quote_findings(record) == [])
