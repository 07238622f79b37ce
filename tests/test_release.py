"""Build a release with the real CLI, then load it with the real `datasets` library."""
from __future__ import annotations

import json
import shutil

import datasets
import pyarrow.parquet as pq
import pytest

from quotekit.schema import arrow_schema, features

from .conftest import DIST, ROOT, SEEDS

SPLITS = ["train", "validation", "test"]


@pytest.fixture(scope="module")
def release(published):
    return published / "v1.0.0"


def test_load_dataset_gives_the_splits_with_true_offsets(release, hf_cache):
    quotes = datasets.load_dataset(str(release), cache_dir=hf_cache)
    articles = datasets.load_dataset(str(release), "articles", cache_dir=hf_cache)
    # Four of the five seeds quote "It's time to leave NATO and the UN": they are one group
    # and go to one split, so the seeds fill two splits; the empty one is not in the card.
    assert list(quotes) == list(articles) == ["train", "test"]
    texts = {row["id"]: row["text"] for split in articles for row in articles[split]}
    assert sorted(texts) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    rows = [row for split in quotes for row in quotes[split]]
    assert len(rows) == sum(quotes.num_rows.values()) > 40
    for row in rows:
        assert texts[row["article_id"]][row["start"]:row["end"]] == row["quote"]
    assert quotes["train"].features == features("quote")


def test_whole_article_in_one_split(release, hf_cache):
    quotes = datasets.load_dataset(str(release), cache_dir=hf_cache)
    articles = datasets.load_dataset(str(release), "articles", cache_dir=hf_cache)
    for split in quotes:
        assert set(quotes[split]["article_id"]) <= set(articles[split]["id"])


def test_parquet_route_gets_the_same_types(release, hf_cache):
    files = {split: str(release / "quotes" / f"{split}-00000-of-00001.parquet") for split in ("train", "test")}
    direct = datasets.load_dataset("parquet", data_files=files, cache_dir=hf_cache)
    assert direct["train"].features == features("quote")
    assert direct["train"].features["start"].dtype == "int32"
    assert direct["train"].features["confidence"].dtype == "float64"
    for split in SPLITS:
        assert pq.read_schema(release / "quotes" / f"{split}-00000-of-00001.parquet").equals(
            arrow_schema("quote"), check_metadata=True)


def test_card_and_manifest(release):
    card = (release / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n") and "configs:" in card and "dataset_info:" in card
    assert "## Fields" in card and "## Known limits" in card
    manifest = json.loads((release / "release.json").read_text())
    assert manifest["schemas"] == {"quote": "https://quotekit.dev/schema/quote/1.1.0",
                                   "article": "https://quotekit.dev/schema/article/1.0.0",
                                   "cluster": "https://quotekit.dev/schema/cluster/1.0.0"}
    assert sum(manifest["counts"]["articles"].values()) == 5
    assert (release / "schema" / "quote-1.1.0.json").is_file() and (release / "schema" / "cluster-1.0.0.json").is_file()
    assert "## Quote clusters" in card and "### `clusters` (https://quotekit.dev/schema/cluster/1.0.0)" in card
    assert not (release / "manifest.json").exists()  # one manifest: release.json


def test_rebuild_is_identical_and_releases_are_immutable(release, cli, tmp_path):
    out = release.parent.parent
    same = cli("build", SEEDS, "--out", out, "--name", "seedset", "--version", "1.0.0")
    assert same.returncode == 0 and "identical" in same.stdout
    other_seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, other_seeds)
    next(other_seeds.glob("*.txt")).unlink()
    changed = cli("build", other_seeds, "--out", out, "--name", "seedset", "--version", "1.0.0")
    assert changed.returncode == 2
    assert "releases are immutable" in changed.stderr and "Traceback" not in changed.stderr


def test_bad_input_releases_nothing(cli, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "“Yes,” Lee said."}\n{"id": 7, "text": "x"}\n', encoding="utf-8")
    result = cli("build", source, "--out", tmp_path / "dist", "--name", "x", "--version", "1.0.0")
    assert result.returncode == 1
    assert "in.jsonl, line 2: field 'id': must be a string, not int" in result.stderr
    assert not (tmp_path / "dist/x/v1.0.0").exists()
    rejects = (tmp_path / "dist/x/v1.0.0.rejects.jsonl").read_text().splitlines()
    assert len(rejects) == 1 and json.loads(rejects[0])["record"] == {"id": 7, "text": "x"}


def test_committed_release_is_what_the_readme_builds(cli, tmp_path):
    """The README's first command rebuilds the newest committed release; it must match."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    releases = sorted(DIST.glob("*/v*"), key=lambda p: tuple(int(x) for x in p.name[1:].split(".")))
    newest = releases[-1]
    command = f"quotekit build seeds --out dist --name {newest.parent.name} --version {newest.name[1:]}"
    assert command in readme
    copy = tmp_path / "dist"
    shutil.copytree(DIST, copy)
    result = cli("build", SEEDS, "--out", copy, "--name", newest.parent.name, "--version", newest.name[1:])
    assert result.returncode == 0 and "identical" in result.stdout, result.stderr


@pytest.mark.xfail(strict=True, raises=ValueError,
                   reason="datasets cannot load a split with no rows: 'Instruction \"validation\" corresponds to no "
                   "data!' (open upstream as huggingface/datasets PR #8401). When this passes, list empty splits "
                   "in the card (card._loadable) so a small corpus loads all three splits.")
def test_datasets_loads_a_zero_row_split(release, hf_cache):
    """A canary on the library: the seeds' empty split is a real zero-row shard with the full schema."""
    shards = {split: str(release / "quotes" / f"{split}-00000-of-00001.parquet") for split in SPLITS}
    assert pq.read_metadata(shards["validation"]).num_rows == 0
    loaded = datasets.load_dataset("parquet", data_files=shards, cache_dir=hf_cache)
    assert list(loaded) == SPLITS and loaded["validation"].num_rows == 0
