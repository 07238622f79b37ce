"""Semantic versions of releases: parse, order, bump, and find the ones already released.

A release lives in ``OUT/NAME/vX.Y.Z/``; versions are plain ``MAJOR.MINOR.PATCH`` (no
pre-release or build suffix), ordered by number, so 0.10.0 comes after 0.9.0.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import regex

SEMVER = regex.compile(r"""
    ^(?P<major>0|[1-9]\d*)      # 1.2.3 -> 1
    \.(?P<minor>0|[1-9]\d*)     #       -> 2
    \.(?P<patch>0|[1-9]\d*)$    #       -> 3 (no leading zeros, no suffix)
""", regex.VERBOSE)
BUMPS = ("patch", "minor", "major")


class VersionError(ValueError):
    """A version that is not a semantic version, or a bump with nothing to bump."""


class Version(NamedTuple):
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> "Version":
        match = SEMVER.match(text)
        if not match:
            raise VersionError(f"{text!r} is not a semantic version like 1.0.0")
        return cls(int(match["major"]), int(match["minor"]), int(match["patch"]))

    def bump(self, part: str) -> "Version":
        if part == "major":
            return Version(self.major + 1, 0, 0)
        if part == "minor":
            return Version(self.major, self.minor + 1, 0)
        return Version(self.major, self.minor, self.patch + 1)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    @property
    def folder(self) -> str:
        return f"v{self}"


def released_versions(name_dir: Path) -> list[Version]:
    """The versions with a release folder in ``name_dir`` (``OUT/NAME``), oldest first.
    Staging folders (``.vX.Y.Z.*``) and rejects files are not releases."""
    if not name_dir.is_dir():
        return []
    found = []
    for child in name_dir.iterdir():
        if child.is_dir() and child.name.startswith("v") and SEMVER.match(child.name[1:]):
            found.append(Version.parse(child.name[1:]))
    return sorted(found)


def resolve_version(name_dir: Path, spec: str) -> Version:
    """``spec`` is X.Y.Z, or patch/minor/major to bump the newest release in ``name_dir``
    (from 0.0.0 when there is none, so ``minor`` starts at 0.1.0)."""
    if spec in BUMPS:
        existing = released_versions(name_dir)
        return (existing[-1] if existing else Version(0, 0, 0)).bump(spec)
    return Version.parse(spec)


def previous_version(name_dir: Path, version: Version) -> Version | None:
    """The newest release older than ``version``: what its changelog compares with."""
    older = [v for v in released_versions(name_dir) if v < version]
    return older[-1] if older else None
