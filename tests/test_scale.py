"""Scale: a streaming build gives the same release for any number of workers, any engine,
any batch or run size; shards are bounded and named with their count; memory does not grow
with the corpus. Real process pools, a real local Dask cluster, real Parquet and `datasets`."""
from __future__ import annotations

import json
import sys
import tracemalloc
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from datasets import load_dataset

from quotekit.build import Scale, build_release
from quotekit.engines import run_ordered
from quotekit.runs import ExternalSort

from .conftest import GOLD, ROOT, run_cli, run_on_a_terminal

# Real news-like text: every article of the gold files (about 260), with a few copies under
# new ids when a test needs a larger corpus.
GOLD_FILES = (GOLD / "patterns.jsonl", GOLD / "seeds.jsonl", ROOT.parent / "shared" / "eval" / "polnear-dev.jsonl")


def write_corpus(path: Path, copies: int = 1) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for copy in range(copies):
            for gold in GOLD_FILES:
                if not gold.is_file():
                    continue
                for line in gold.read_text(encoding="utf-8").splitlines():
                    row = json.loads(line)
                    out.write(json.dumps({"id": f"{row['id']}~{copy}", "text": row["text"]}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    # Without the PolNeAR sample beside the repository, copies of our own gold keep the
    # corpus many times larger than the batch, run and shard sizes.
    copies = 1 if GOLD_FILES[-1].is_file() else 4
    return write_corpus(tmp_path_factory.mktemp("corpus") / "articles.jsonl", copies=copies)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


SMALL = dict(batch_size=16, run_size=40, shard_rows=300, shard_bytes=200_000)


@pytest.fixture(scope="module")
def one_worker(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("one")
    result = build_release(corpus, out, "c", "1.0.0", progress=False, scale=Scale(workers=1, **SMALL))
    assert result.release_dir is not None, result.rejects
    return result.release_dir


def test_shards_are_bounded_and_named_with_their_count(one_worker, tmp_path):
    quotes = sorted(p.name for p in (one_worker / "quotes").glob("train-*.parquet"))
    assert len(quotes) > 1
    assert quotes == [f"train-{i:05d}-of-{len(quotes):05d}.parquet" for i in range(len(quotes))]
    rows = [pq.ParquetFile(one_worker / "quotes" / name).metadata.num_rows for name in quotes]
    assert max(rows) <= SMALL["shard_rows"]
    articles = sorted((one_worker / "articles").glob("train-*.parquet"))
    assert len(articles) > 1  # bounded by bytes: article texts are long
    # In id order across shards, and the card's counts are the rows in the shards.
    ids = [i for name in quotes for i in pq.read_table(one_worker / "quotes" / name, columns=["id"])["id"].to_pylist()]
    article_ids = [i.rsplit(":", 1)[0] for i in ids]
    assert article_ids == sorted(article_ids)
    manifest = json.loads((one_worker / "release.json").read_text())
    assert manifest["counts"]["quotes"]["train"] == len(ids)
    loaded = load_dataset(str(one_worker), cache_dir=str(tmp_path / "hf"))
    assert loaded["train"].num_rows == len(ids)
    assert loaded["train"]["id"] == ids


def test_workers_batches_and_runs_do_not_change_a_byte(corpus, one_worker, tmp_path):
    out = tmp_path / "two"
    other = Scale(workers=2, batch_size=7, run_size=25, shard_rows=300, shard_bytes=200_000)
    result = build_release(corpus, out, "c", "1.0.0", progress=False, scale=other)
    assert files(result.release_dir) == files(one_worker)


def test_all_in_memory_gives_the_same_release_as_spilled_runs(corpus, one_worker, tmp_path):
    whole = Scale(workers=1, batch_size=1000, run_size=10**6, shard_rows=300, shard_bytes=200_000)
    result = build_release(corpus, tmp_path, "c", "1.0.0", progress=False, scale=whole)
    assert files(result.release_dir) == files(one_worker)


def test_dask_cluster_gives_the_same_release(corpus, one_worker, tmp_path):
    """A real local Dask cluster with two worker processes, through the CLI."""
    pytest.importorskip("dask.distributed")
    # The CLI uses the default shard bounds: compare with a local CLI build of the same input.
    local = run_cli("build", corpus, "--out", tmp_path / "local", "--name", "c", "--version", "1.0.0",
                    "--workers", "2", "--quiet")
    assert local.returncode == 0, local.stderr
    dask = run_cli("build", corpus, "--out", tmp_path / "dask", "--name", "c", "--version", "1.0.0",
                   "--engine", "dask", "--workers", "2", "--quiet")
    assert dask.returncode == 0, dask.stderr
    assert files(tmp_path / "dask/c/v1.0.0") == files(tmp_path / "local/c/v1.0.0")
    assert dask.stdout.split(" (")[1] == local.stdout.split(" (")[1]  # the same counts


# Every step of a build after extraction, as its progress bar names it.
STEPS = ["clustering: numbering articles", "clustering: namesakes", "clustering: counting shingles",
         "clustering: choosing shingles", "clustering: fragments", "clustering: cluster ids", "clustering: consensus",
         "planning splits", "writing", "writing clusters"]


def test_progress_shows_every_step_on_a_terminal_and_nothing_in_logs(corpus, tmp_path):
    """At a million articles the steps after extraction take minutes: each shows a bar."""
    args = ["build", str(corpus), "--name", "c", "--version", "1.0.0", "--workers", "1"]
    # Redrawn at every update, not at most ten times a second, so that what shows does not
    # depend on the machine's speed.
    terminal = run_on_a_terminal([sys.executable, "-m", "quotekit", *args, "--out", str(tmp_path / "tty")],
                                 env={"TQDM_MININTERVAL": "0"})
    shown = terminal.split("\r")
    articles = [line for line in shown if line.startswith("articles: ")]
    assert articles and " articles/s" in articles[-1] and "quotes=" in articles[-1]
    for step in STEPS:
        assert any(line.startswith((f"{step}: ", f"{step} [")) for line in shown), step
    assert any(line.startswith("clustering: consensus:") and "/" in line and "quotes" in line for line in shown)
    logged = run_cli(*args, "--out", tmp_path / "logged")  # stderr is a pipe, as in CI logs
    assert logged.returncode == 0
    assert not any(step in logged.stderr for step in STEPS) and "articles/s" not in logged.stderr
    assert files(tmp_path / "tty" / "c" / "v1.0.0") == files(tmp_path / "logged" / "c" / "v1.0.0")


def test_extract_shows_its_steps_on_a_terminal_and_nothing_in_logs(corpus, tmp_path):
    terminal = run_on_a_terminal([sys.executable, "-m", "quotekit", "extract", str(corpus), "-o",
                                  str(tmp_path / "tty.jsonl")], env={"TQDM_MININTERVAL": "0"})
    shown = terminal.split("\r")
    articles = [line for line in shown if line.startswith("articles: ")]
    assert len(articles) > 2 and " articles/s" in articles[-1] and "quotes=" in articles[1]  # from the first
    for step in [*STEPS[:STEPS.index("planning splits")], "writing"]:
        assert any(line.startswith((f"{step}: ", f"{step} [")) for line in shown), step
    logged = run_cli("extract", corpus, "-o", tmp_path / "logged.jsonl")
    assert logged.returncode == 0
    assert logged.stderr.splitlines()[-1].startswith("wrote ") and "articles/s" not in logged.stderr
    assert (tmp_path / "tty.jsonl").read_bytes() == (tmp_path / "logged.jsonl").read_bytes()


def test_process_pool_keeps_batch_order():
    assert list(run_ordered(abs, range(-50, 0), workers=2)) == list(range(50, 0, -1))


def test_external_sort_merges_many_runs(tmp_path, monkeypatch):
    monkeypatch.setattr("quotekit.runs.FAN_IN", 3)  # merge in rounds, as with thousands of runs
    keys = [f"{(i * 7919) % 1000:04d}" for i in range(1000)]
    sorter = ExternalSort(tmp_path, str, run_size=37)
    for key in keys:
        sorter.add(key)
    assert list(sorter) == sorted(keys)
    assert list(sorter) == sorted(keys)  # read twice (the split fill reads the ids again)


def test_external_sort_writes_again_only_what_it_must(tmp_path, monkeypatch):
    """Five runs of ten with four merged at once: two runs merged first leave four, one
    round of 20 items; merging four first would write 40 again."""
    monkeypatch.setattr("quotekit.runs.FAN_IN", 4)
    sorter = ExternalSort(tmp_path, str, run_size=10)
    keys = [f"{(i * 31) % 50:02d}" for i in range(50)]
    for key in keys:
        sorter.add(key)
    assert list(sorter) == sorted(keys)
    assert sorter.merged == 20


def _peak_bytes(corpus: Path, out: Path) -> int:
    scale = Scale(workers=1, batch_size=20, run_size=60, shard_rows=200, shard_bytes=100_000)
    tracemalloc.start()
    try:
        result = build_release(corpus, out, "c", "1.0.0", progress=False, scale=scale)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert result.release_dir is not None


def test_memory_does_not_grow_with_the_corpus(tmp_path):
    """Six times the articles (many times the batch, run and shard sizes), about the same
    peak: memory is bounded by those sizes, not by the corpus. tracemalloc sees Python's
    allocations; SQLite's, in the cluster pass, are capped by ``cluster_pass.CACHE_KIB``."""
    base = 1 if GOLD_FILES[-1].is_file() else 4
    small = _peak_bytes(write_corpus(tmp_path / "small.jsonl", copies=base), tmp_path / "a")
    large = _peak_bytes(write_corpus(tmp_path / "large.jsonl", copies=6 * base), tmp_path / "b")
    assert large < 1.5 * small, (small, large)


def test_compressed_inputs_read_lazily_give_the_same_release(corpus, tmp_path):
    """A folder of plain, .gz and .zst JSONL files is the same corpus as one file."""
    import gzip

    import zstandard

    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    folder = tmp_path / "crawl"
    folder.mkdir()
    third = len(lines) // 3
    (folder / "a.jsonl").write_text("".join(lines[:third]), encoding="utf-8")
    with gzip.open(folder / "b.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("".join(lines[third:2 * third]))
    (folder / "c.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress("".join(lines[2 * third:]).encode()))
    scale = Scale(workers=1, batch_size=50)
    whole = build_release(corpus, tmp_path / "one", "c", "1.0.0", progress=False, scale=scale)
    parts = build_release(folder, tmp_path / "parts", "c", "1.0.0", progress=False, scale=scale)
    assert files(parts.release_dir) == files(whole.release_dir)


def test_a_shard_is_written_a_row_group_at_a_time(tmp_path):
    """Rows reach the file in row groups of ROW_GROUP_ROWS, so writing a shard holds one
    row group in memory; the shard reads back whole and in order."""
    from quotekit.shards import ROW_GROUP_ROWS, ShardWriter

    rows = [{"schema_version": "1.0.0", "id": f"a{n:06d}", "text": f"Article {n}.", "title": None, "url": None,
             "source": None, "published": None} for n in range(2 * ROW_GROUP_ROWS + 7)]
    writer = ShardWriter(tmp_path, "article", "train", max_rows=10 * ROW_GROUP_ROWS)
    for row in rows:
        writer.add(row)
    (shard,) = writer.close()
    assert shard.name == "train-00000-of-00001.parquet"
    metadata = pq.read_metadata(shard)
    assert [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [ROW_GROUP_ROWS] * 2 + [7]
    assert pq.read_table(shard).to_pylist() == rows


def test_large_rows_end_a_row_group_early(tmp_path, monkeypatch):
    """A row group also ends at about ROW_GROUP_BYTES, counting the lists of a row (a
    cluster row names every occurrence): a few large rows do not fill memory."""
    from quotekit.cluster_pass import cluster_corpus
    from quotekit.shards import ShardWriter, _row_bytes

    monkeypatch.setattr("quotekit.shards.ROW_GROUP_BYTES", 15_000)  # each row is about 9 kB
    quotes = [{"id": f"article-{a:04d}:0-40", "article_id": f"article-{a:04d}", "quote": f"words of quotation {q} here",
               "kind": "direct", "speaker": None, "speaker_type": "unknown", "rule": "none", "confidence": 0.0}
              for q in range(6) for a in range(q * 1000, q * 1000 + 300)]
    rows = [cluster.to_dict() for cluster in cluster_corpus(quotes).clusters]
    assert len(rows) == 6 and all(len(row["quote_ids"]) == 300 for row in rows)
    assert _row_bytes(rows[0]) > sum(map(len, rows[0]["quote_ids"] + rows[0]["article_ids"]))
    writer = ShardWriter(tmp_path, "cluster", "train")
    for row in rows:
        writer.add(row)
    (shard,) = writer.close()
    metadata = pq.read_metadata(shard)
    assert [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [2, 2, 2]
    assert pq.read_table(shard).to_pylist() == rows
