"""What makes a release trustworthy beyond its data: the ``release.json`` manifest, the
``releases.json`` index of a dataset's releases, and the rule that decides whether a new
build is the same release as one already published.

Nothing here may vary between two builds of the same input by the same quotekit version:
no timestamps, no absolute paths, and every list sorted.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import tempfile
from importlib.metadata import PackageNotFoundError, version as installed_version
from pathlib import Path
from typing import Iterable

import pyarrow.parquet as pq

from . import __version__
from .card import CONFIGS
from .checksums import SUMS_FILE, sha256_file, verify_folder
from .schema import load_schema
from .versions import released_versions

MANIFEST = "release.json"
INDEX = "releases.json"
INDEX_FORMAT = "quotekit-releases/1"
# The part of release.json that records the build machine rather than the data.
BUILT_WITH = "built_with"
LIBRARIES = ("pyarrow", "datasets", "huggingface_hub", "regex", "jsonschema", "jsonschema-rs", "orjson")
ARTICLE_FIELDS = ("id", "text", "title", "url", "source", "published")


def dumps(value: object) -> str:
    """The one JSON layout of every metadata file quotekit writes."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def input_digest(articles: Iterable[dict]) -> str:
    """SHA-256 of the input articles, independent of their files and order: each article's
    fields as canonical JSON (sorted keys, UTF-8), one line each, in id order."""
    return digest_of_sorted(sorted(digest_line(a) for a in articles))


def digest_line(article: dict) -> str:
    """An article's line in ``input_digest``."""
    return json.dumps({k: article.get(k) for k in ARTICLE_FIELDS}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def digest_of_sorted(lines: Iterable[str]) -> str:
    """``input_digest`` from its lines, already sorted (streamed: they need not fit in memory)."""
    digest = InputDigest()
    for line in lines:
        digest.add(line)
    return digest.hexdigest()


class InputDigest:
    """``input_digest`` made line by line. A build gives the lines in id order, which is
    their sorted order unless an id holds a character that JSON escapes or that sorts
    before '"' ("a" and "a b"); ``in_order`` says whether they came sorted."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        self._last = ""
        self.in_order = True

    def add(self, line: str) -> None:
        if line <= self._last:
            self.in_order = False
        self._last = line
        self._digest.update((line + "\n").encode("utf-8"))

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def built_with() -> dict[str, str]:
    libraries = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            libraries[name] = installed_version(name)
        except PackageNotFoundError:
            libraries[name] = "not installed"
    return libraries


def manifest(name: str, version: str, previous: str | None, input_sha256: str, counts: dict[str, dict[str, int]],
             kinds: dict[str, int], rules: dict[str, int], splits: dict) -> dict:
    return {
        "name": name,
        "version": version,
        "previous_version": previous,
        "quotekit_version": __version__,
        "schemas": {kind: load_schema(kind)["$id"] for kind in CONFIGS.values()},
        "input": {"articles": sum(counts["articles"].values()), "sha256": input_sha256},
        "counts": counts,
        "splits": splits,
        "kinds": dict(sorted(kinds.items())),
        "rules": dict(sorted(rules.items())),
        BUILT_WITH: built_with(),
    }


def differing_files(existing: Path, staged: Path) -> list[str]:
    """Files of a new build that differ from the release already at ``existing``.

    The rule: the same release means the same data and the same metadata, whatever machine
    built it. So Parquet files are compared by their data and schema (their bytes also
    record the pyarrow version that wrote them), ``release.json`` is compared without its
    ``built_with`` library versions, and SHA256SUMS is not compared (it hashes those Parquet
    bytes) but the existing release must still match its own SHA256SUMS (ChecksumError).
    Every other file must be byte for byte the same.
    """
    if (existing / SUMS_FILE).is_file():
        verify_folder(existing)
    names = sorted({p.relative_to(existing).as_posix() for p in existing.rglob("*") if p.is_file()}
                   | {p.relative_to(staged).as_posix() for p in staged.rglob("*") if p.is_file()})
    changed = []
    for name in names:
        left, right = existing / name, staged / name
        if not (left.is_file() and right.is_file()):
            changed.append(name)
        elif name == SUMS_FILE:
            continue
        elif name.endswith(".parquet"):
            if not pq.read_table(left).equals(pq.read_table(right), check_metadata=True):
                changed.append(name)
        elif name == MANIFEST:
            if _without_machine(left) != _without_machine(right):
                changed.append(name)
        elif left.read_bytes() != right.read_bytes():
            changed.append(name)
    return changed


def _without_machine(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop(BUILT_WITH, None)
    return data


def index(name_dir: Path) -> dict:
    """The ``releases.json`` of ``OUT/NAME``: every release that has a SHA256SUMS, newest
    first, with the SHA-256 of that SHA256SUMS, so a download can trust the file list."""
    releases = []
    for version in reversed(released_versions(name_dir)):
        folder = name_dir / version.folder
        if not (folder / SUMS_FILE).is_file():
            continue  # built before releases carried checksums: it cannot be verified
        meta = json.loads((folder / MANIFEST).read_text(encoding="utf-8")) if (folder / MANIFEST).is_file() else {}
        counts = meta.get("counts", {})
        releases.append({
            "version": str(version),
            "sha256sums": sha256_file(folder / SUMS_FILE),
            "quotekit_version": meta.get("quotekit_version"),
            **{config: sum(counts.get(config, {}).values()) for config in CONFIGS},
        })
    return {"format": INDEX_FORMAT, "name": name_dir.name,
            "latest": releases[0]["version"] if releases else None, "releases": releases}


def write_index(name_dir: Path) -> Path:
    """Rewrite ``OUT/NAME/releases.json`` atomically (a reader never sees half of it)."""
    target = name_dir / INDEX
    handle, temporary = tempfile.mkstemp(prefix=f".{INDEX}.", dir=name_dir)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(dumps(index(name_dir)))
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the index is for everyone to read
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target
