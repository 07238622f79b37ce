"""The clusters config and leak-free splits in a release built by the real CLI and read
back with the real `datasets` library (offline, fresh cache)."""
from __future__ import annotations

import json

import datasets
import pyarrow.parquet as pq
import pytest

from quotekit.schema import features, validator

from .conftest import ROOT, SEEDS

NATO = "It's time to leave NATO and the UN."
UNNAMED_ARTICLE = "001_978b31233d52987e"  # "a post stating “It’s time to leave NATO and the UN”"


@pytest.fixture(scope="module")
def loaded(published, tmp_path_factory):
    cache = str(tmp_path_factory.mktemp("hf-cache"))
    release = str(published / "v1.0.0")
    return {config: datasets.load_dataset(release, config, cache_dir=cache)
            for config in ("quotes", "articles", "clusters")}


def rows(dataset) -> list[dict]:
    return [row for split in dataset for row in dataset[split]]


def test_clusters_config_loads_with_its_schema_types(loaded):
    clusters = loaded["clusters"]
    assert list(clusters) == list(loaded["quotes"])
    assert all(clusters[split].features == features("cluster") for split in clusters)
    check = validator("cluster")
    assert all(check.errors(row) == [] for row in rows(clusters))


def test_leave_nato_cluster(loaded):
    nato = [row for row in rows(loaded["clusters"]) if row["canonical_quote"] == NATO]
    assert len(nato) == 1
    row = nato[0]
    assert (row["occurrences"], row["articles"]) == (4, 4)
    assert row["article_ids"] == ["001_978b31233d52987e", "002_72598765d6d80d76", "003_bebdf6c75bba4755",
                                  "004_4a79529b7dcd58db"]
    assert (row["speaker"], row["speaker_type"]) == ("@GuntherEagleman", "account")
    assert row["candidates"] == [
        {"speaker": "@GuntherEagleman", "speaker_type": "account", "votes": 2, "share": 0.666667},
        {"speaker": "Elon Musk", "speaker_type": "person", "votes": 1, "share": 0.333333}]
    assert row["first_seen"] is None and row["last_seen"] is None  # .txt seeds carry no dates
    quotes = {q["id"]: q for q in rows(loaded["quotes"])}
    assert sorted(q["id"] for q in quotes.values() if q["quote_cluster_id"] == row["id"]) == row["quote_ids"]
    filled = [quotes[i] for i in row["quote_ids"] if quotes[i]["rule"] == "cluster_consensus"]
    assert [q["article_id"] for q in filled] == [UNNAMED_ARTICLE]
    assert filled[0]["speaker"] == "@GuntherEagleman"
    assert filled[0]["confidence"] < min(quotes[i]["confidence"] for i in row["quote_ids"] if quotes[i] != filled[0])


def test_no_cluster_spans_two_splits(loaded):
    quotes, clusters = loaded["quotes"], loaded["clusters"]
    split_of_cluster = {}
    for split in quotes:
        for cid in quotes[split]["quote_cluster_id"]:
            assert split_of_cluster.setdefault(cid, split) == split
    for split in clusters:
        for row in clusters[split]:
            assert set(row["quote_ids"]) <= set(quotes[split]["id"])
    assert sorted(split_of_cluster) == sorted(r["id"] for r in rows(clusters))


def test_every_quote_is_clustered_and_valid(loaded):
    check = validator("quote")
    quotes = rows(loaded["quotes"])
    assert quotes and all(q["quote_cluster_id"].startswith("qc-") for q in quotes)
    assert all(check.errors(q) == [] for q in quotes)


def test_quote_records_of_schema_1_0_0_stay_valid_under_1_1_0():
    golden = ROOT / "tests" / "golden" / "seeds.quotes.jsonl"
    for line in golden.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        old = {**{k: v for k, v in record.items() if k != "quote_cluster_id"}, "schema_version": "1.0.0"}
        if old["rule"] == "cluster_consensus":
            continue  # not a rule 1.0.0 knew
        assert validator("quote", "1.0.0").errors(old) == []
        assert validator("quote", "1.1.0").errors(old) == []


def test_cluster_ids_are_the_same_in_a_rebuild(published, cli, tmp_path):
    out = tmp_path / "again.jsonl"
    assert cli("extract", SEEDS, "-o", out).returncode == 0
    again = {json.loads(line)["id"]: json.loads(line)["quote_cluster_id"] for line in out.read_text().splitlines()}
    built = {}
    for shard in (published / "v1.0.0" / "quotes").glob("*.parquet"):
        built.update(zip(*pq.read_table(shard, columns=["id", "quote_cluster_id"]).to_pydict().values()))
    assert again == built
