"""SHA256SUMS: the list of every file in a release with its SHA-256, in the format of
coreutils ``sha256sum`` (``<hex>  <path>``, one line a file, sorted by path), so that
``sha256sum -c SHA256SUMS`` inside a release checks it without quotekit.

It is the release's table of contents too: a download fetches exactly the files it lists.
"""
from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

import regex

SUMS_FILE = "SHA256SUMS"
CHUNK = 1 << 20

# 9f86d0...0a08  quotes/train-00000-of-00001.parquet
SUMS_LINE = regex.compile(r"^(?P<digest>[0-9a-f]{64})  (?P<path>[^\r\n]+)$")


class ChecksumError(Exception):
    """A file whose content does not match its checksum, or a SHA256SUMS that cannot be
    trusted; the message names the file."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def release_files(folder: Path) -> list[str]:
    """Every file of a release folder as a relative POSIX path, sorted, except SHA256SUMS."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.relative_to(folder).as_posix() != SUMS_FILE)


def render_sums(digests: dict[str, str]) -> str:
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(digests.items()))


def write_sums(folder: Path) -> dict[str, str]:
    """Hash every file in ``folder`` and write ``folder/SHA256SUMS``."""
    digests = {path: sha256_file(folder / path) for path in release_files(folder)}
    (folder / SUMS_FILE).write_text(render_sums(digests), encoding="utf-8")
    return digests


def parse_sums(text: str, source: str) -> dict[str, str]:
    """{path: digest} from a SHA256SUMS text. Paths must stay inside the release (no
    absolute paths, no '..'), since a download writes each one below its destination."""
    digests: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = SUMS_LINE.match(line)
        if not match:
            raise ChecksumError(f"{source}, line {number}: not a '<sha256>  <path>' line: {line[:80]!r}")
        path = match["path"]
        parts = PurePosixPath(path).parts
        if path.startswith("/") or "\\" in path or not parts or any(p in ("..", ".") for p in parts) \
                or path == SUMS_FILE or path in digests:
            raise ChecksumError(f"{source}, line {number}: {path!r} is not a file path inside the release")
        digests[path] = match["digest"]
    if not digests:
        raise ChecksumError(f"{source}: lists no files")
    return digests


def verify_folder(folder: Path) -> None:
    """Check every file of a release folder against its SHA256SUMS, and that the folder
    holds no file the list does not name. Raises ChecksumError naming the first bad file."""
    sums = folder / SUMS_FILE
    if not sums.is_file():
        raise ChecksumError(f"{sums}: missing; the release cannot be verified")
    expected = parse_sums(sums.read_text(encoding="utf-8"), str(sums))
    present = release_files(folder)
    for path in sorted(set(expected) | set(present)):
        if path not in expected:
            raise ChecksumError(f"{folder / path}: not listed in {SUMS_FILE}")
        if path not in present:
            raise ChecksumError(f"{folder / path}: listed in {SUMS_FILE} but missing")
        actual = sha256_file(folder / path)
        if actual != expected[path]:
            raise ChecksumError(f"{folder / path}: content does not match {SUMS_FILE} "
                                f"(expected sha256 {expected[path][:12]}…, got {actual[:12]}…)")
