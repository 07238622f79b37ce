"""Build a versioned release: read, extract, validate, split, write.

    dist/NAME/vX.Y.Z/
        README.md                      dataset card (configs, features, split sizes)
        quotes/{split}-00000-of-00001.parquet
        articles/{split}-00000-of-00001.parquet
        schema/quote-1.0.0.json, schema/article-1.0.0.json
        manifest.json                  counts per config, split, kind and rule

The release is written to a temporary folder beside its final place and renamed into place
only when complete. An existing release is never overwritten: building it again succeeds
only when the result is identical, which makes the build command its own check.
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

import pyarrow.parquet as pq
import regex
from tqdm import tqdm

from . import __version__
from .card import CONFIGS, render_card
from .extract import extract_article
from .readers import InputProblem, read_articles
from .records import article_dict
from .schema import load_schema, validator
from .shards import shard_name, write_shard
from .splits import SPLIT_NAMES, SplitRatios, fill_empty_splits, split_for

VERSION = regex.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


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


def check_version(version: str) -> str:
    if not VERSION.match(version):
        raise BuildError(f"--version {version!r} is not a semantic version like 1.0.0")
    return version


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
    """Build ``out/name/v<version>`` from the articles at ``source``."""
    check_version(version)
    if not regex.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
        raise BuildError(f"--name {name!r} must be letters, digits, '.', '_' or '-'")
    final = Path(out) / name / f"v{version}"

    rejects: list[Reject] = []

    def keep_problem(problem: InputProblem) -> None:
        rejects.append(Reject(problem.file + (f", {problem.location}" if problem.location else ""),
                              None, [str(problem)], problem.record))

    per_article: dict[str, tuple[dict, list[dict]]] = {}
    assignment: dict[str, str] = {}
    articles = read_articles(source, on_problem=keep_problem)
    # tqdm shows a bar on a terminal and stays quiet in logs and CI (disable=None).
    for article in tqdm(articles, desc="articles", unit=" articles", leave=False,
                        disable=None if progress is None else not progress):
        assignment[article.id] = split_for(article.id, ratios)
        quotes = [record.to_dict() for record in extract_article(article)]
        article_rows = _validated("article", [article_dict(article)], rejects)
        if article_rows:
            per_article[article.id] = (article_rows[0], _validated("quote", quotes, rejects))
    assignment.update(fill_empty_splits(assignment, ratios))

    rows: dict[str, dict[str, list[dict]]] = {config: {s: [] for s in SPLIT_NAMES} for config in CONFIGS}
    for article_id, (article_row, quote_rows) in per_article.items():
        rows["articles"][assignment[article_id]].append(article_row)
        rows["quotes"][assignment[article_id]].extend(quote_rows)

    counts = {config: {split: len(rows[config][split]) for split in SPLIT_NAMES} for config in CONFIGS}
    if rejects:
        rejects_path = Path(out) / name / f"v{version}.rejects.jsonl"
        rejects_path.parent.mkdir(parents=True, exist_ok=True)
        with open(rejects_path, "w", encoding="utf-8") as handle:
            for reject in rejects:
                handle.write(json.dumps(reject.to_json(), ensure_ascii=False, default=str) + "\n")
        return BuildResult(None, counts, rejects, rejects_path)

    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".v{version}.", dir=final.parent))
    try:
        _write_release(staging, name, version, rows, counts)
        if final.exists():
            # Releases are immutable: building one again only confirms it.
            changed = differing_files(final, staging)
            if changed:
                raise BuildError(f"{final} already exists and this build differs from it "
                                 f"({', '.join(changed[:5])}); releases are immutable: choose a new --version")
            return BuildResult(final, counts, unchanged=True)
        os.rename(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(final, counts)


def differing_files(a: Path, b: Path) -> list[str]:
    """Files whose content differs between two release folders. Parquet files are compared
    by their data and schema (their bytes also record the pyarrow version that wrote them)."""
    names = sorted({p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
                   | {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()})
    changed = []
    for name in names:
        left, right = a / name, b / name
        if not (left.is_file() and right.is_file()):
            changed.append(name)
        elif name.endswith(".parquet"):
            if not pq.read_table(left).equals(pq.read_table(right), check_metadata=True):
                changed.append(name)
        elif left.read_bytes() != right.read_bytes():
            changed.append(name)
    return changed


def _write_release(folder: Path, name: str, version: str, rows: dict, counts: dict) -> None:
    sizes: dict[str, dict[str, int]] = {config: {} for config in CONFIGS}
    for config, kind in CONFIGS.items():
        for split in SPLIT_NAMES:
            table = write_shard(folder / config / shard_name(split, 0, 1), kind, rows[config][split])
            sizes[config][split] = table.nbytes
    all_quotes = [q for split in SPLIT_NAMES for q in rows["quotes"][split]]
    kinds = Counter(q["kind"] for q in all_quotes)
    rules = Counter(q["rule"] for q in all_quotes)
    (folder / "README.md").write_text(
        render_card(name, version, counts, sizes, dict(kinds), dict(rules), __version__), encoding="utf-8")
    schema_dir = folder / "schema"
    schema_dir.mkdir()
    for kind in CONFIGS.values():
        schema = load_schema(kind)
        version_tag = schema["properties"]["schema_version"]["const"]
        (schema_dir / f"{kind}-{version_tag}.json").write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n",
                                                               encoding="utf-8")
    manifest = {
        "name": name,
        "version": version,
        "quotekit_version": __version__,
        "schemas": {kind: load_schema(kind)["$id"] for kind in CONFIGS.values()},
        "counts": counts,
        "kinds": dict(sorted(kinds.items())),
        "rules": dict(sorted(rules.items())),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
