"""What a release carries so that it can be trusted: versions, SHA256SUMS, release.json,
the changelog, the card's Releases section, Croissant metadata, the index; and that a
rebuild gives the same release."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import datasets
import pyarrow
import pyarrow.parquet as pq
import pytest

from quotekit import __version__
from quotekit.build import Scale, build_release
from quotekit.checksums import ChecksumError, parse_sums, write_sums
from quotekit.release import input_digest
from quotekit.versions import Version, VersionError, resolve_version

from .conftest import ADDED_ARTICLE, CHANGED_ARTICLE, REMOVED_ARTICLE, SEEDS

SPLITS = ["train", "validation", "test"]
SHARDS = [f"{config}/{split}-00000-of-00001.parquet" for config in ("articles", "clusters", "quotes")
          for split in SPLITS]


# --- versions -------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["1.0", "1.0.0.0", "01.0.0", "1.0.0-rc1", "v1.0.0", "latest", ""])
def test_not_a_semantic_version(text):
    with pytest.raises(VersionError):
        Version.parse(text)


@pytest.mark.parametrize("existing, spec, expected", [
    ([], "patch", "0.0.1"),
    ([], "minor", "0.1.0"),
    ([], "major", "1.0.0"),
    (["v0.9.0", "v0.10.0"], "patch", "0.10.1"),  # by number: 0.10.0 is newer than 0.9.0
    (["v0.9.0", "v0.10.0"], "minor", "0.11.0"),
    (["v0.9.0", "v0.10.0"], "major", "1.0.0"),
    (["v1.2.3"], "2.0.0", "2.0.0"),
])
def test_resolve_version(tmp_path, existing, spec, expected):
    for folder in existing:
        (tmp_path / folder).mkdir()
    # Neither a staging folder nor a rejects file is a release.
    (tmp_path / ".v9.0.0.abc123").mkdir()
    (tmp_path / "v8.0.0.rejects.jsonl").write_text("")
    assert str(resolve_version(tmp_path, spec)) == expected


# --- SHA256SUMS -----------------------------------------------------------------------

def test_sha256sums_lists_every_other_file_and_sha256sum_accepts_it(published):
    release = published / "v1.0.0"
    listed = parse_sums((release / "SHA256SUMS").read_text(), "SHA256SUMS")
    files = sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file())
    assert sorted(listed) == [f for f in files if f != "SHA256SUMS"]
    assert sorted(listed) == sorted(["CHANGELOG.md", "README.md", "croissant.json", "release.json",
                                     "schema/article-1.0.0.json", "schema/cluster-1.0.0.json", "schema/quote-1.1.0.json",
                                     *SHARDS])
    # The standard tool checks it without quotekit.
    check = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=release,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count(": OK") == len(listed)


@pytest.mark.parametrize("line", [
    "0" * 64 + "  ../outside.txt",
    "0" * 64 + "  /etc/passwd",
    "0" * 64 + "  quotes/../../x",
    "0" * 64 + "  SHA256SUMS",
    "0" * 63 + "  short-digest.txt",
    "0" * 64 + " one-space.txt",
])
def test_sha256sums_paths_stay_inside_the_release(line):
    with pytest.raises(ChecksumError, match="SHA256SUMS, line 1"):
        parse_sums(line + "\n", "SHA256SUMS")


# --- release.json, index, changelog, card -------------------------------------------------

def _article_lines(folder):
    return sorted(json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8"), "title": None, "url": None,
                              "source": None, "published": None}, sort_keys=True, ensure_ascii=False,
                             separators=(",", ":")) for p in folder.glob("*.txt"))


def test_release_json(published):
    for version, previous in (("1.0.0", None), ("1.1.0", "1.0.0")):
        release = published / f"v{version}"
        manifest = json.loads((release / "release.json").read_text())
        quotes = {split: pq.read_metadata(release / f"quotes/{split}-00000-of-00001.parquet").num_rows
                  for split in SPLITS}
        assert (manifest["name"], manifest["version"], manifest["previous_version"]) == ("seedset", version, previous)
        assert manifest["quotekit_version"] == __version__
        assert manifest["schemas"] == {"quote": "https://quotekit.dev/schema/quote/1.1.0",
                                       "article": "https://quotekit.dev/schema/article/1.0.0",
                                       "cluster": "https://quotekit.dev/schema/cluster/1.0.0"}
        assert manifest["counts"]["quotes"] == quotes
        assert sum(manifest["kinds"].values()) == sum(manifest["rules"].values()) == sum(quotes.values())
        assert manifest["built_with"]["pyarrow"] == pyarrow.__version__
        assert manifest["built_with"]["datasets"] == datasets.__version__
    manifest = json.loads((published / "v1.0.0/release.json").read_text())
    # 001-004 share quote clusters, so they are one group in one split (validation stays empty).
    assert manifest["counts"]["articles"] == {"train": 1, "validation": 0, "test": 4}
    # The input hash, as documented: each article as canonical JSON, one line each, in id order.
    lines = "".join(line + "\n" for line in _article_lines(SEEDS))
    assert manifest["input"] == {"articles": 5, "sha256": hashlib.sha256(lines.encode("utf-8")).hexdigest()}


def test_input_hash_when_id_order_is_not_line_order(tmp_path):
    """The build hashes the lines as it writes the articles, in id order, and sorts them
    itself only when that order is not theirs: "a b" comes after "a" but its line first."""
    articles = [{"id": article_id, "text": f'"We will stay," said Ana Ruiz. {n}'}
                for n, article_id in enumerate(["a", "a b", "a!", 'a"', "a\\", "b"])]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(article) + "\n" for article in articles), encoding="utf-8")
    result = build_release(source, tmp_path / "out", "odd", "1.0.0", progress=False, scale=Scale(workers=1))
    manifest = json.loads((result.release_dir / "release.json").read_text())
    assert manifest["input"]["sha256"] == input_digest(articles)


def test_index_lists_releases_newest_first(published):
    index = json.loads((published / "releases.json").read_text())
    expected = []
    for version in ("1.1.0", "1.0.0"):
        counts = json.loads((published / f"v{version}/release.json").read_text())["counts"]
        expected.append({"version": version, "quotekit_version": __version__,
                         "sha256sums": hashlib.sha256((published / f"v{version}/SHA256SUMS").read_bytes()).hexdigest(),
                         "articles": 5, "quotes": sum(counts["quotes"].values()),
                         "clusters": sum(counts["clusters"].values())})
    assert index == {"format": "quotekit-releases/1", "name": "seedset", "latest": "1.1.0", "releases": expected}


def _quote_ids(release, hf_cache):
    quotes = datasets.load_dataset(str(release), cache_dir=hf_cache)
    return {row["id"]: row for split in quotes for row in quotes[split]}


def test_changelog_reports_what_changed(published, hf_cache):
    old, new = _quote_ids(published / "v1.0.0", hf_cache), _quote_ids(published / "v1.1.0", hf_cache)
    added, removed = sorted(set(new) - set(old)), sorted(set(old) - set(new))
    changed = sorted(i for i in set(old) & set(new) if old[i] != new[i])
    # What the edits imply: every quote of the removed article went, the added article's came.
    assert {old[i]["article_id"] for i in removed} == {REMOVED_ARTICLE}
    assert {new[i]["article_id"] for i in added} == {ADDED_ARTICLE, CHANGED_ARTICLE}

    log = (published / "v1.1.0/CHANGELOG.md").read_text(encoding="utf-8")
    entry, older = log.split("\n## seedset 1.0.0\n")
    assert entry.startswith("# Changelog\n\n## seedset 1.1.0\n\nCompared with 1.0.0: 5 articles, "
                            f"{len(new)} quotes.\n")
    assert "| articles | 1 | 1 | 1 | 0 |" in entry
    assert f"| quotes | {len(added)} | {len(removed)} | {len(changed)} | 0 |" in entry
    assert f"- Articles added: `{ADDED_ARTICLE}`\n" in entry
    assert f"- Articles removed: `{REMOVED_ARTICLE}`\n" in entry
    assert f"- Articles changed (text 1): `{CHANGED_ARTICLE}`\n" in entry
    assert "- Quotes added: " + ", ".join(f"`{i}`" for i in added) + "\n" in entry
    assert "- Quotes removed: " + ", ".join(f"`{i}`" for i in removed) + "\n" in entry
    # The history of earlier releases follows, as their own changelog has it.
    assert older == f"\nFirst release: 5 articles, {len(old)} quotes.\n"
    assert (published / "v1.0.0/CHANGELOG.md").read_text() == \
        f"# Changelog\n\n## seedset 1.0.0\n\nFirst release: 5 articles, {len(old)} quotes.\n"

    card = (published / "v1.1.0/README.md").read_text(encoding="utf-8")
    counted = ", ".join(f"{n} {what}" for n, what in ((len(added), "added"), (len(removed), "removed"),
                                                       (len(changed), "changed")) if n)
    sentence = " ".join(card.split())
    assert ("This is release 1.1.0 of seedset (changes since 1.0.0: articles: 1 added, 1 removed, 1 changed; "
            "clusters: ") in sentence  # the removed article took its clusters with it
    assert f"; quotes: {counted})." in sentence
    assert 'load_dataset("ORG/seedset", revision="v1.1.0")' in card


# mlcroissant's own dependencies (rdflib, pandas) warn about their deprecations.
@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")
def test_croissant_is_valid_and_reads_the_records(published):
    import mlcroissant  # MLCommons' reference implementation (test extra); slow to import

    release = published / "v1.1.0"
    dataset = mlcroissant.Dataset(jsonld=str(release / "croissant.json"))
    assert dataset.metadata.name == "seedset" and dataset.metadata.version == "1.1.0"
    for config in ("quotes", "articles"):
        expected = {row["id"]: split for split in SPLITS
                    for row in pq.read_table(release / f"{config}/{split}-00000-of-00001.parquet").to_pylist()}
        records = list(dataset.records(config))
        got = {r[f"{config}/id"].decode(): r[f"{config}/split"].decode() for r in records}
        assert got == expected
    spans = [r for r in dataset.records("quotes") if r["quotes/cue"]["quotes/cue/text"] is not None]
    assert spans and all(isinstance(r["quotes/cue"]["quotes/cue/start"], int) for r in spans)


# --- rebuilding ---------------------------------------------------------------------------

def test_rebuild_anywhere_gives_the_same_files(published, changed_seeds, cli, tmp_path):
    """Same input and quotekit version: every file the same, Parquet included, checked by
    comparing SHA256SUMS. The first build reads the articles as JSONL in reverse order from
    another working folder: the release depends on the articles, not on how they are given."""
    source = tmp_path / "articles.jsonl"
    source.write_text("".join(line + "\n" for line in reversed(_article_lines(SEEDS))), encoding="utf-8")
    work = tmp_path / "elsewhere"
    work.mkdir()
    for input_path, version in ((source, "1.0.0"), (changed_seeds, "1.1.0")):
        result = cli("build", input_path, "--out", "out", "--name", "seedset", "--version", version, "--quiet",
                     cwd=work)
        assert result.returncode == 0, result.stderr
        assert (work / f"out/seedset/v{version}/SHA256SUMS").read_text() == \
            (published / f"v{version}/SHA256SUMS").read_text()
    assert (work / "out/seedset/releases.json").read_bytes() == (published / "releases.json").read_bytes()


def test_rebuild_accepts_a_release_built_with_other_libraries(published, cli, tmp_path):
    """The README's build command must still pass on a machine with a newer pyarrow, whose
    Parquet bytes differ: the data, the card and release.json (but its built_with) decide."""
    copy = tmp_path / "seedset"
    shutil.copytree(published, copy)
    release = copy / "v1.0.0"
    for shard in SHARDS:  # other bytes, same data: as another pyarrow version would write them
        pq.write_table(pq.read_table(release / shard), release / shard, compression="snappy")
    manifest = json.loads((release / "release.json").read_text())
    manifest["built_with"]["pyarrow"] = "0.0.1"
    (release / "release.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    write_sums(release)
    before = (release / "SHA256SUMS").read_text()
    assert before != (published / "v1.0.0/SHA256SUMS").read_text()

    same = cli("build", SEEDS, "--out", tmp_path, "--name", "seedset", "--version", "1.0.0", "--quiet")
    assert same.returncode == 0, same.stderr
    assert "is already released and this build is identical to it" in same.stdout
    assert (release / "SHA256SUMS").read_text() == before  # the existing release is left as it is

    # A damaged existing release is named, not taken for the same one.
    shard = release / "quotes/train-00000-of-00001.parquet"
    shard.write_bytes(shard.read_bytes()[:-9] + b"corrupted")
    damaged = cli("build", SEEDS, "--out", tmp_path, "--name", "seedset", "--version", "1.0.0", "--quiet")
    assert damaged.returncode == 1
    assert f"{shard}: content does not match SHA256SUMS" in damaged.stderr
    assert "Traceback" not in damaged.stderr


def test_bad_version_is_a_usage_error(cli, tmp_path):
    result = cli("build", SEEDS, "--out", tmp_path, "--name", "x", "--version", "1.0")
    assert result.returncode == 2
    assert "--version: '1.0' is not a semantic version like 1.0.0, or patch, minor or major" in result.stderr
    assert not (tmp_path / "x").exists()
