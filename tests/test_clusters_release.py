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


# --- a quotation in more articles than a group may hold -------------------------------

VIRAL = "We will never leave the alliance while I am in office, whatever they say."


@pytest.fixture(scope="module")
def viral_corpus(tmp_path_factory):
    """Sixty articles that all quote one sentence, each with a quotation of its own."""
    path = tmp_path_factory.mktemp("viral") / "articles.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for n in range(60):
            text = (f"“{VIRAL}” the minister said on day {n}. Critics disagreed. "
                    f"“Project {n} goes ahead with full funding from the ministry,” Smith said.")
            out.write(json.dumps({"id": f"viral{n:03d}", "text": text}) + "\n")
    return path


def clusters_across_splits(release) -> dict[str, set[str]]:
    splits_of: dict[str, set[str]] = {}
    for shard in (release / "quotes").glob("*.parquet"):
        split = shard.name.split("-")[0]
        for cid in pq.read_table(shard, columns=["quote_cluster_id"]).column(0).to_pylist():
            splits_of.setdefault(cid, set()).add(split)
    return {cid: splits for cid, splits in splits_of.items() if len(splits) > 1}


@pytest.mark.parametrize("share, cut", [("0.01", 1), ("1", 0)])
def test_a_group_past_the_limit_is_cut_and_reported(viral_corpus, cli, tmp_path, share, cut):
    result = cli("build", viral_corpus, "--out", tmp_path, "--name", "v", "--version", "1.0.0", "--quiet",
                 "--max-group-share", share)
    assert result.returncode == 0, result.stderr
    release = tmp_path / "v" / "v1.0.0"
    report = json.loads((release / "release.json").read_text())["splits"]
    assert report["component_limit"] == {"articles": 50 if cut else 60, "share": float(share), "floor": 50}
    assert report["clusters_cut"] == cut
    spanning = clusters_across_splits(release)
    assert report["clusters_across_splits"] == len(spanning) == (1 if cut else 0)
    card = (release / "README.md").read_text()
    assert f"Clusters cut in this release: {cut}; clusters with occurrences in more\nthan one split: {cut} " in card


def test_max_group_share_out_of_range_is_a_usage_error(viral_corpus, cli, tmp_path):
    result = cli("build", viral_corpus, "--out", tmp_path, "--name", "v", "--version", "1.0.0", "--max-group-share", "0")
    assert result.returncode == 2 and "--max-group-share must be more than 0 and at most 1, got 0.0" in result.stderr
    assert "Traceback" not in result.stderr
