"""Build a versioned release: read, extract, validate, split, write.

    dist/NAME/
        releases.json                  index of the releases below, rewritten by every build
        vX.Y.Z/                        one release, laid out as a Hugging Face dataset repository
            README.md                  dataset card (configs, features, split sizes, releases)
            quotes/{split}-00000-of-00001.parquet
            articles/{split}-00000-of-00001.parquet
            clusters/{split}-00000-of-00001.parquet   one row per quote cluster (cluster_rows.py)
            schema/quote-1.1.0.json, schema/article-1.0.0.json, schema/cluster-1.0.0.json
            release.json               manifest: version, schemas, input hash, counts, libraries
            CHANGELOG.md               what changed since the previous release, newest first
            croissant.json             Croissant 1.0 description
            SHA256SUMS                 checksum of every other file

The release is written to a temporary folder beside its final place and renamed into place
only when complete. An existing release is never overwritten: building it again succeeds
only when the result is the same release (see ``release.differing_files`` for the rule),
which makes the build command its own check.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import regex
from tqdm import tqdm

from . import __version__
from .card import CONFIGS, render_card
from .cluster_rows import cluster_corpus
from .changelog import changelog_entry, diff_releases, render_changelog, summary
from .checksums import write_sums
from .croissant import croissant
from .extract import extract_article
from .readers import InputProblem, read_articles
from .records import article_dict
from .schema import load_schema, schema_version_of, validator
from .release import MANIFEST, differing_files, dumps, input_digest, manifest, write_index
from .shards import shard_name, write_shard
from .splits import SPLIT_NAMES, SplitRatios, component_splits
from .versions import VersionError, previous_version, resolve_version

CHANGELOG = "CHANGELOG.md"

NAME = regex.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class BuildError(Exception):
    """A build that cannot go on; the message tells the user what to do."""


@dataclass
class Reject:
    """A record that could not be used, kept with its reasons."""

    source: str
    record_id: str | None
    reasons: list[str]
    record: object

    def to_json(self) -> dict:
        return {"source": self.source, "id": self.record_id, "reasons": self.reasons, "record": self.record}


@dataclass
class BuildResult:
    release_dir: Path | None
    counts: dict[str, dict[str, int]]
    rejects: list[Reject] = field(default_factory=list)
    rejects_path: Path | None = None
    unchanged: bool = False  # the release existed already, identical to this build


def _validated(kind: str, rows: Iterable[dict], rejects: list[Reject]) -> list[dict]:
    check = validator(kind)
    kept = []
    for row in rows:
        errors = check.errors(row)
        if errors:
            rejects.append(Reject(f"{kind} record", row.get("id"), [str(e) for e in errors], row))
        else:
            kept.append(row)
    return kept


def build_release(source: str | Path, out: str | Path, name: str, version: str,
                  ratios: SplitRatios = SplitRatios(), progress: bool | None = None) -> BuildResult:
    """Build ``out/name/v<version>`` from the articles at ``source``; ``version`` is X.Y.Z
    or patch/minor/major to bump the newest release in ``out/name``."""
    if not NAME.fullmatch(name):
        raise BuildError(f"--name {name!r} must be letters, digits, '.', '_' or '-'")
    name_dir = Path(out) / name
    try:
        resolved = resolve_version(name_dir, version)
    except VersionError as error:
        raise BuildError(f"--version: {error}, or patch, minor or major") from None
    final = name_dir / resolved.folder

    rejects: list[Reject] = []

    def keep_problem(problem: InputProblem) -> None:
        rejects.append(Reject(problem.file + (f", {problem.location}" if problem.location else ""),
                              None, [str(problem)], problem.record))

    per_article: dict[str, tuple[dict, list[dict]]] = {}
    articles = read_articles(source, on_problem=keep_problem)
    # tqdm shows a bar on a terminal and stays quiet in logs and CI (disable=None).
    for article in tqdm(articles, desc="articles", unit=" articles", leave=False,
                        disable=None if progress is None else not progress):
        quotes = [record.to_dict() for record in extract_article(article)]
        article_rows = _validated("article", [article_dict(article)], rejects)
        if article_rows:
            per_article[article.id] = (article_rows[0], _validated("quote", quotes, rejects))

    # Across articles (issue 7): quote clusters and their speaker consensus, then splits by
    # connected components of articles sharing a cluster, so no quotation is in two splits.
    clustered = cluster_corpus((q for _, quotes in per_article.values() for q in quotes),
                               {article_id: row["published"] for article_id, (row, _) in per_article.items()})
    assignment = component_splits(per_article, clustered.article_clusters, ratios)
    quotes_of: dict[str, list[dict]] = {}
    for quote in clustered.quotes:
        quotes_of.setdefault(quote["article_id"], []).append(quote)
    cluster_rows = _validated("cluster", (c.to_dict() for c in clustered.clusters), rejects)

    rows: dict[str, dict[str, list[dict]]] = {config: {s: [] for s in SPLIT_NAMES} for config in CONFIGS}
    # In id order, so the release does not depend on the order or format of the input files.
    for article_id, (article_row, _) in sorted(per_article.items()):
        rows["articles"][assignment[article_id]].append(article_row)
        rows["quotes"][assignment[article_id]].extend(quotes_of.get(article_id, []))
    for cluster in cluster_rows:  # every article of a cluster is in the same split
        rows["clusters"][assignment[cluster["article_ids"][0]]].append(cluster)

    counts = {config: {split: len(rows[config][split]) for split in SPLIT_NAMES} for config in CONFIGS}
    if rejects:
        rejects_path = name_dir / f"{resolved.folder}.rejects.jsonl"
        rejects_path.parent.mkdir(parents=True, exist_ok=True)
        with open(rejects_path, "w", encoding="utf-8") as handle:
            for reject in rejects:
                handle.write(json.dumps(reject.to_json(), ensure_ascii=False, default=str) + "\n")
        return BuildResult(None, counts, rejects, rejects_path)

    name_dir.mkdir(parents=True, exist_ok=True)
    previous = previous_version(name_dir, resolved)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=name_dir))
    try:
        _write_release(staging, name, str(resolved), rows, counts, name_dir / previous.folder if previous else None)
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


def _write_release(folder: Path, name: str, version: str, rows: dict, counts: dict, previous: Path | None) -> None:
    """Write a whole release into ``folder``; ``previous`` is the release it follows."""
    sizes = _write_data(folder, rows)
    diff = diff_releases(previous, previous.name[1:] if previous else None, folder)
    all_quotes = [q for split in SPLIT_NAMES for q in rows["quotes"][split]]
    kinds = dict(Counter(q["kind"] for q in all_quotes))
    rules = dict(Counter(q["rule"] for q in all_quotes))
    (folder / "README.md").write_text(
        render_card(name, version, counts, sizes, kinds, rules, __version__, summary(diff)), encoding="utf-8")
    older = previous / CHANGELOG if previous else None
    older_text = older.read_text(encoding="utf-8") if older and older.is_file() else None
    (folder / CHANGELOG).write_text(render_changelog(changelog_entry(name, version, diff), older_text),
                                    encoding="utf-8")
    articles = [a for split in SPLIT_NAMES for a in rows["articles"][split]]
    (folder / MANIFEST).write_text(dumps(manifest(name, version, diff.previous, input_digest(articles), counts,
                                                  kinds, rules)), encoding="utf-8")
    description = (f"Quotations in English news articles, each with its speaker, found by quotekit {__version__} "
                   f"with rule-based parsers; release {version}.")
    (folder / "croissant.json").write_text(dumps(croissant(name, version, description)), encoding="utf-8")
    write_sums(folder)  # last: it hashes every other file


def _write_data(folder: Path, rows: dict) -> dict[str, dict[str, int]]:
    """The Parquet shards and the JSON Schemas they follow; returns each shard's size in bytes."""
    sizes: dict[str, dict[str, int]] = {config: {} for config in CONFIGS}
    for config, kind in CONFIGS.items():
        for split in SPLIT_NAMES:
            table = write_shard(folder / config / shard_name(split, 0, 1), kind, rows[config][split])
            sizes[config][split] = table.nbytes
    schema_dir = folder / "schema"
    schema_dir.mkdir()
    for kind in CONFIGS.values():
        schema = load_schema(kind)
        version_tag = schema_version_of(schema)
        (schema_dir / f"{kind}-{version_tag}.json").write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n",
                                                               encoding="utf-8")
    return sizes
