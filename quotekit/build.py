"""Build a versioned release: read, extract, validate, split, write.

    dist/NAME/
        releases.json                  index of the releases below, rewritten by every build
        vX.Y.Z/                        one release, laid out as a Hugging Face dataset repository
            README.md                  dataset card (configs, features, split sizes, releases)
            quotes/{split}-{i:05d}-of-{n:05d}.parquet     bounded shards (rows and bytes), in id order
            articles/{split}-{i:05d}-of-{n:05d}.parquet
            schema/quote-1.0.0.json, schema/article-1.0.0.json
            release.json               manifest: version, schemas, input hash, counts, libraries
            CHANGELOG.md               what changed since the previous release, newest first
            croissant.json             Croissant 1.0 description
            SHA256SUMS                 checksum of every other file

The release is written to a temporary folder beside its final place and renamed into place
only when complete. An existing release is never overwritten: building it again succeeds
only when the result is the same release (see ``release.differing_files`` for the rule),
which makes the build command its own check.

The build streams: articles are read lazily, extracted in batches by an engine (this
process, a process pool or a Dask cluster; see ``engines.py``), sorted by id through runs
on disk (``runs.py``) and written shard by shard, so the release does not depend on the
engine, the number of workers or the input order. The cluster pass across articles works
on disk too (``cluster_pass.py``), and the split plan holds a few bytes an article.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import regex
from . import __version__
from .batches import ArticleRecords, Reject, extract_batch
from .card import CONFIGS, render_card
from .changelog import changelog_entry, diff_releases, render_changelog, summary
from .checksums import write_sums
from .cluster_pass import ClusterPass
from .croissant import croissant
from .engines import EngineError, run_ordered
from .errors import BuildError
from .progress import UPDATE_EVERY, Bars
from .readers import InputProblem, iter_batches, read_articles
from .release import MANIFEST, InputDigest, differing_files, digest_of_sorted, dumps, manifest, write_index
from .runs import ExternalSort
from .schema import load_schema, schema_version_of, validator
from .shards import SHARD_BYTES, SHARD_ROWS, ShardWriter
from .splits import SPLIT_NAMES, ComponentLimit, NumberedPlan, SplitRatios, plan_numbered, split_for
from .versions import VersionError, previous_version, resolve_version

CHANGELOG = "CHANGELOG.md"

NAME = regex.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
BATCH_SIZE = 500      # articles per task: large enough to amortise a task, small enough to balance
RUN_SIZE = 2_000      # articles (with their quotes) in memory before a sorted run is spilled
MAX_REJECTS_KEPT = 100


@dataclass
class BuildResult:
    release_dir: Path | None
    counts: dict[str, dict[str, int]]
    rejects: list[Reject] = field(default_factory=list)  # the first MAX_REJECTS_KEPT of them
    rejects_path: Path | None = None
    unchanged: bool = False  # the release existed already, identical to this build
    reject_count: int = 0


@dataclass(frozen=True)
class Scale:
    """How a build runs; none of it changes the release (same bytes for any of them)."""

    workers: int | None = None      # processes (local) or the cluster size (dask); None: every core
    engine: str = "local"           # "local" or "dask"
    scheduler: str | None = None    # a Dask scheduler address; None starts a local cluster
    batch_size: int = BATCH_SIZE    # articles per task
    run_size: int = RUN_SIZE        # articles held in memory before a sorted run goes to disk
    shard_rows: int = SHARD_ROWS
    shard_bytes: int = SHARD_BYTES


class _Rejects:
    """Rejects streamed to their file as they come; the first few kept for the message."""

    def __init__(self, path: Path):
        self.path, self.count, self.first = path, 0, []
        self._handle = None

    def add(self, reject: Reject) -> None:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # backslashreplace: a lone surrogate in a rejected record is written as its JSON escape
            self._handle = open(self.path, "w", encoding="utf-8", errors="backslashreplace")
        self._handle.write(json.dumps(reject.to_json(), ensure_ascii=False, default=str) + "\n")
        self.count += 1
        if len(self.first) < MAX_REJECTS_KEPT:
            self.first.append(reject)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


def build_release(source: str | Path, out: str | Path, name: str, version: str,
                  ratios: SplitRatios = SplitRatios(), progress: bool | None = None,
                  scale: Scale = Scale(), limit: ComponentLimit = ComponentLimit()) -> BuildResult:
    """Build ``out/name/v<version>`` from the articles at ``source``; ``version`` is X.Y.Z
    or patch/minor/major to bump the newest release in ``out/name``. ``limit`` bounds the
    groups of articles that share quotations (see ``splits.py``)."""
    if not NAME.fullmatch(name):
        raise BuildError(f"--name {name!r} must be letters, digits, '.', '_' or '-'")
    name_dir = Path(out) / name
    try:
        resolved = resolve_version(name_dir, version)
    except VersionError as error:
        raise BuildError(f"--version: {error}, or patch, minor or major") from None
    final = name_dir / resolved.folder

    rejects = _Rejects(name_dir / f"{resolved.folder}.rejects.jsonl")
    bars = Bars(progress)
    with tempfile.TemporaryDirectory(prefix="quotekit-build.") as work:
        try:
            # Across articles (issue 7): quote clusters and their speaker consensus, then
            # splits by connected components of articles sharing a cluster (bounded by
            # ``limit``), so no quotation is in two splits unless its cluster was cut. The
            # pass takes each article as the engine returns it, and numbers them in id
            # order, the order the records are read in to be written.
            with ClusterPass(Path(work)) as clusters:
                records, sizes = _extract(source, scale, ratios, bars, Path(work), rejects, clusters)
                if rejects.count:
                    return BuildResult(None, {"articles": sizes}, rejects.first, rejects.path,
                                       reject_count=rejects.count)
                clusters.run(bars)
                with bars.step("planning splits"):
                    plan = plan_numbered(clusters.article_ids, clusters.links(), ratios, limit)
                    spanning = plan.spanning(clusters.links())
                stream = _Stream(records, sum(sizes.values()), plan, limit, spanning, clusters, Path(work),
                                 scale.run_size, bars)
                return _release(name_dir, final, name, resolved, stream, scale)
        except sqlite3.Error as error:
            raise BuildError(f"the cluster pass failed on its SQLite file in {work} ({error}); it needs free disk "
                             f"space beside the build's sorted runs: free some there, or set TMPDIR to a larger "
                             f"disk") from None


def _extract(source: str | Path, scale: Scale, ratios: SplitRatios, bars: Bars, work: Path,
             rejects: _Rejects, clusters: ClusterPass) -> tuple[ExternalSort[ArticleRecords], dict[str, int]]:
    """Every article's records, sorted by id on disk, and how many articles each split
    has by the hash of their ids; each article is also given to the cluster pass."""
    records: ExternalSort[ArticleRecords] = ExternalSort(work, _by_id, scale.run_size)
    sizes = {split: 0 for split in SPLIT_NAMES}

    def keep_problem(problem: InputProblem) -> None:
        rejects.add(Reject(problem.where, None, [problem.reason], problem.record))

    try:
        batches = iter_batches(read_articles(source, on_problem=keep_problem), scale.batch_size)
        for batch in _with_progress(run_ordered(extract_batch, batches, scale.engine, scale.workers, scale.scheduler),
                                    bars):
            for reject in batch.rejects:
                rejects.add(reject)
            for article in batch.articles:
                records.add(article)
                clusters.add(article.id, article.article["published"], article.quotes)
                sizes[split_for(article.id, ratios)] += 1
    except EngineError as error:
        raise BuildError(str(error)) from None
    finally:
        rejects.close()
    return records, sizes


def _by_id(record: ArticleRecords) -> str:
    return record.id


@dataclass
class _Stream:
    """The records of a release in id order, with their splits, ready to write."""

    records: ExternalSort
    articles: int
    plan: NumberedPlan  # articles by number: their place in id order
    limit: ComponentLimit
    spanning: list[str]  # clusters cut by the plan whose articles are in more than one split
    clusters: ClusterPass
    work: Path  # where a sort may spill
    run_size: int
    bars: Bars  # shows how far ``quotes`` and ``cluster_rows`` have read
    input_sha256: str | None = None  # release.input_digest, known once ``quotes`` has given every record

    def quotes(self) -> Iterator[tuple[str, ArticleRecords, list[dict]]]:
        """(split, article, its quote records with their clusters) in id order."""
        annotations = self.clusters.annotations(by_article_id=True)
        digest = InputDigest()
        read = written = 0  # articles and quotes
        with self.bars("writing", " articles", self.articles) as bar:
            for number, record in enumerate(self.records):
                digest.add(record.digest_line)
                quotes = []
                for quote in record.quotes:
                    annotation = next(annotations, None)
                    if annotation is None or annotation.quote_id != quote["id"]:
                        raise BuildError(f"the cluster pass lost its place at quote {quote['id']}; this is a "
                                         f"quotekit bug")
                    quotes.append(annotation.apply(quote))
                read, written = read + 1, written + len(quotes)
                if read % UPDATE_EVERY == 0:
                    bar.update(UPDATE_EVERY)
                    bar.set_postfix(quotes=written, refresh=False)
                yield self.plan.split_at(number), record, quotes
            bar.update(read % UPDATE_EVERY)
        self.input_sha256 = digest.hexdigest() if digest.in_order else digest_of_sorted(self._sorted_lines())

    def _sorted_lines(self) -> ExternalSort[str]:
        lines: ExternalSort[str] = ExternalSort(self.work, str, self.run_size)
        for record in self.records:
            lines.add(record.digest_line)
        return lines

    def cluster_rows(self) -> Iterator[tuple[str, dict]]:
        """(split, row) of the clusters config, each validated as it is made, in its first
        article's split (the only one unless the cluster was cut)."""
        check = validator("cluster")
        with self.bars("writing clusters", " clusters", self.clusters.cluster_count) as bar:
            for number, (first_article, row) in enumerate(self.clusters.cluster_rows()):
                if check.errors(row):
                    raise BuildError(f"quote cluster {row['id']} broke the cluster schema; this is a quotekit bug")
                if number % UPDATE_EVERY == UPDATE_EVERY - 1:
                    bar.update(UPDATE_EVERY)
                yield self.plan.split_at(first_article), row

    def split_report(self) -> dict:
        """How the articles were grouped, for the manifest and the card."""
        return {"component_limit": {"articles": self.plan.limit, "share": self.limit.share, "floor": self.limit.floor},
                "clusters_cut": len(self.plan.cut), "clusters_across_splits": len(self.spanning)}


def _with_progress(batches, bars: Bars):
    """The batches, shown on a bar (articles/s, quotes found)."""
    quotes = 0
    with bars("articles", " articles") as bar:
        for batch in batches:
            quotes += sum(len(article.quotes) for article in batch.articles)
            bar.set_postfix(quotes=quotes, refresh=False)  # drawn by the update
            bar.update(batch.read)
            yield batch


def _release(name_dir: Path, final: Path, name: str, resolved, stream: _Stream, scale: Scale) -> BuildResult:
    name_dir.mkdir(parents=True, exist_ok=True)
    previous = previous_version(name_dir, resolved)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=name_dir))
    try:
        counts = _write_release(staging, name, str(resolved), stream, scale,
                                name_dir / previous.folder if previous else None)
        unchanged = final.exists()
        if unchanged:
            # Releases are immutable: building one again only confirms it.
            changed = differing_files(final, staging)
            if changed:
                raise BuildError(f"{final} already exists and this build differs from it "
                                 f"({', '.join(changed[:5])}); releases are immutable: choose a new --version")
        else:
            os.chmod(staging, 0o755)  # mkdtemp makes it private; a release is for everyone to read
            os.rename(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    write_index(name_dir)
    return BuildResult(final, counts, unchanged=unchanged)


def _write_release(folder: Path, name: str, version: str, stream: _Stream, scale: Scale,
                   previous: Path | None) -> dict[str, dict[str, int]]:
    """Write a whole release into ``folder``; ``previous`` is the release it follows.
    Returns the number of records of each config and split."""
    counts, sizes, kinds, rules = _write_data(folder, stream, scale)
    diff = diff_releases(previous, previous.name[1:] if previous else None, folder)
    (folder / "README.md").write_text(
        render_card(name, version, counts, sizes, kinds, rules, __version__, summary(diff),
                    stream.split_report()), encoding="utf-8")
    older = previous / CHANGELOG if previous else None
    older_text = older.read_text(encoding="utf-8") if older and older.is_file() else None
    (folder / CHANGELOG).write_text(render_changelog(changelog_entry(name, version, diff), older_text),
                                    encoding="utf-8")
    (folder / MANIFEST).write_text(dumps(manifest(name, version, diff.previous, stream.input_sha256, counts, kinds,
                                                     rules, stream.split_report())),
                                   encoding="utf-8")
    description = (f"Quotations in English news articles, each with its speaker, found by quotekit {__version__} "
                   f"with rule-based parsers; release {version}.")
    (folder / "croissant.json").write_text(dumps(croissant(name, version, description)), encoding="utf-8")
    write_sums(folder)  # last: it hashes every other file
    return counts


def _write_data(folder: Path, stream: _Stream, scale: Scale) -> tuple[dict, dict, Counter, Counter]:
    """The Parquet shards, in id order, and the JSON Schemas they follow. Returns the rows
    and Arrow bytes of each config and split, and the quotes of each kind and rule."""
    writers = {config: {split: ShardWriter(folder / config, kind, split, scale.shard_rows, scale.shard_bytes)
                        for split in SPLIT_NAMES} for config, kind in CONFIGS.items()}
    kinds: Counter = Counter()
    rules: Counter = Counter()
    for split, record, quotes in stream.quotes():
        writers["articles"][split].add(record.article)
        for quote in quotes:
            writers["quotes"][split].add(quote)
            kinds[quote["kind"]] += 1
            rules[quote["rule"]] += 1
    for split, cluster in stream.cluster_rows():
        writers["clusters"][split].add(cluster)
    for by_split in writers.values():
        for writer in by_split.values():
            writer.close()
    counts = {config: {split: w.rows for split, w in by_split.items()} for config, by_split in writers.items()}
    sizes = {config: {split: w.nbytes for split, w in by_split.items()} for config, by_split in writers.items()}
    schema_dir = folder / "schema"
    schema_dir.mkdir()
    for kind in CONFIGS.values():
        schema = load_schema(kind)
        version_tag = schema_version_of(schema)
        (schema_dir / f"{kind}-{version_tag}.json").write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n",
                                                               encoding="utf-8")
    return counts, sizes, dict(kinds), dict(rules)
