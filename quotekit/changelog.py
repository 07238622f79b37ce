"""What changed between two releases: articles and quotes added, removed, changed (same id,
other values) and moved to another split, and the CHANGELOG.md entry that says so.

Both sides are read back from their Parquet shards, so the comparison sees exactly what a
user of either release gets. Records are matched by id: a quote's id is its article and
span, so a quote whose span moved counts as one removed and one added.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from .card import CONFIGS
from .splits import SPLIT_NAMES

TITLE = "# Changelog"
LISTED = 20  # ids listed per kind of change; the rest are counted


@dataclass(frozen=True)
class Changes:
    """How the records of one config differ between two releases (sorted ids)."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # same id, other split
    fields: dict[str, int] = field(default_factory=dict)  # field -> changed records that differ in it

    def by_kind(self) -> list[tuple[str, list[str]]]:
        """(kind of change, ids) for the kinds that happened, in the order the changelog uses."""
        return [(what, ids) for what, ids in (("added", self.added), ("removed", self.removed),
                                              ("changed", self.changed), ("moved to another split", self.moved)) if ids]


@dataclass(frozen=True)
class ReleaseDiff:
    previous: str | None  # the version compared with; None for a first release
    changes: dict[str, Changes]  # config -> changes
    counts: dict[str, int]  # config -> records in the new release


def read_records(folder: Path) -> dict[str, dict[str, tuple[str, dict]]]:
    """{config: {id: (split, row)}} for every record of a release folder."""
    records: dict[str, dict[str, tuple[str, dict]]] = {}
    for config in CONFIGS:
        records[config] = {}
        for split in SPLIT_NAMES:
            for shard in sorted((folder / config).glob(f"{split}-*.parquet")):
                for row in pq.read_table(shard).to_pylist():
                    records[config][row["id"]] = (split, row)
    return records


def _compare(old: dict[str, tuple[str, dict]], new: dict[str, tuple[str, dict]]) -> Changes:
    both = sorted(set(old) & set(new))
    changed = [i for i in both if old[i][1] != new[i][1]]
    fields = Counter(name for i in changed for name in new[i][1] if old[i][1].get(name) != new[i][1][name])
    return Changes(added=sorted(set(new) - set(old)), removed=sorted(set(old) - set(new)), changed=changed,
                   moved=[i for i in both if old[i][0] != new[i][0]], fields=dict(sorted(fields.items())))


def diff_releases(previous: Path | None, previous_version: str | None, current: Path) -> ReleaseDiff:
    counts = {config: sum(pq.ParquetFile(shard).metadata.num_rows for shard in (current / config).glob("*.parquet"))
              for config in CONFIGS}
    if previous is None:  # a first release: counted from the shards' footers, nothing read
        return ReleaseDiff(None, {}, counts)
    new = read_records(current)
    old = read_records(previous)
    # Articles first: a reader wants to know what went in before what came out of it.
    return ReleaseDiff(previous_version, {config: _compare(old[config], new[config]) for config in sorted(CONFIGS)},
                       counts)


def summary(diff: ReleaseDiff) -> str:
    """One clause for the card: 'first release: …', 'no change to the data since 1.0.0' or
    'changes since 1.0.0: articles: 1 added; quotes: 3 added, 1 changed'."""
    if diff.previous is None:
        return f"first release: {diff.counts['articles']} articles, {diff.counts['quotes']} quotes"
    parts = []
    for config, changes in diff.changes.items():
        counted = [f"{len(ids)} {what}" for what, ids in changes.by_kind()]
        if counted:
            parts.append(f"{config}: " + ", ".join(counted))
    if not parts:
        return f"no change to the data since {diff.previous}"
    return f"changes since {diff.previous}: " + "; ".join(parts)


def _id_list(ids: list[str]) -> str:
    shown = ", ".join(f"`{i}`" for i in ids[:LISTED])
    return shown + (f" and {len(ids) - LISTED} more" if len(ids) > LISTED else "")


def changelog_entry(name: str, version: str, diff: ReleaseDiff) -> str:
    lines = [f"## {name} {version}", ""]
    if diff.previous is None:
        return "\n".join(lines + [f"First release: {diff.counts['articles']} articles, "
                                  f"{diff.counts['quotes']} quotes.", ""])
    lines += [f"Compared with {diff.previous}: {diff.counts['articles']} articles, {diff.counts['quotes']} quotes.",
              "", "| records | added | removed | changed | moved to another split |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {config} | {len(c.added)} | {len(c.removed)} | {len(c.changed)} | {len(c.moved)} |"
              for config, c in diff.changes.items()]
    details = []
    for config, c in diff.changes.items():
        for what, ids in c.by_kind():
            fields = " (" + ", ".join(f"{f} {n}" for f, n in c.fields.items()) + ")" if what == "changed" else ""
            details.append(f"- {config.capitalize()} {what}{fields}: {_id_list(ids)}")
    return "\n".join(lines + ([""] + details if details else []) + [""])


def render_changelog(entry: str, previous_changelog: str | None) -> str:
    """The new entry on top of the previous release's entries, newest first."""
    older = ""
    if previous_changelog:
        older = previous_changelog.split("\n", 1)[1].lstrip("\n") if previous_changelog.startswith(TITLE) \
            else previous_changelog
    return f"{TITLE}\n\n{entry}" + (f"\n{older}" if older else "")
