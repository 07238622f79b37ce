"""List and fetch published releases, and verify every byte before a release appears.

SOURCE is where one dataset's releases are published, laid out like ``dist/NAME/``: a base
URL (``http://``, ``https://``, ``file://``) or a local path. Plain HTTP servers have no
directory listing to rely on, so two files say what is there:

- ``releases.json``: the versions, newest first, each with the SHA-256 of its SHA256SUMS;
- ``vX.Y.Z/SHA256SUMS``: every file of that release with its SHA-256.

A download checks SHA256SUMS against the index, fetches each file it lists into a
temporary folder beside DEST while hashing it, checks that ``release.json`` names the
dataset and version asked for, and only then renames the folder to DEST. On any failure
the temporary folder is removed and DEST is left as it was.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import regex
from tqdm import tqdm

from .checksums import SUMS_FILE, ChecksumError, parse_sums
from .release import INDEX, INDEX_FORMAT, MANIFEST
from .versions import Version, VersionError

CHUNK = 1 << 16
TIMEOUT = 30  # seconds without a byte before a transfer counts as broken
PROGRESS_FROM = 1 << 20  # bytes: smaller files download without a progress bar
URL = regex.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://")
SCHEMES = ("http", "https", "file")


class DownloadError(Exception):
    """The source cannot be read, or the request cannot be met (exit 2)."""


class BadRelease(Exception):
    """The source answered, but with something that cannot be trusted (exit 1)."""


@dataclass(frozen=True)
class Downloaded:
    folder: Path
    name: str
    version: str
    files: int
    size: int
    sums_sha256: str


def source_url(source: str) -> str:
    """The base URL (ending in '/') of SOURCE: a URL as given, or a local folder."""
    match = URL.match(source)
    if match:
        if match["scheme"].lower() not in SCHEMES:
            raise DownloadError(f"{source}: use an http://, https:// or file:// URL, or a local folder")
        return source if source.endswith("/") else source + "/"
    folder = Path(source)
    if not folder.is_dir():
        raise DownloadError(f"{source}: no such folder")
    return folder.resolve().as_uri() + "/"


def _open(url: str) -> BinaryIO:
    try:
        return urllib.request.urlopen(url, timeout=TIMEOUT)
    except urllib.error.HTTPError as error:
        raise DownloadError(f"{url}: HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, FileNotFoundError):
            raise DownloadError(f"{url}: no such file") from None
        raise DownloadError(f"{url}: cannot be reached ({error.reason})") from None
    except (OSError, http.client.HTTPException) as error:
        raise DownloadError(f"{url}: cannot be reached ({error})") from None


def _copy(url: str, out: BinaryIO, progress: bool | None, label: str) -> tuple[int, str]:
    """Stream ``url`` into ``out``; returns (bytes, sha256). A transfer that ends before the
    length the server announced is an error, not a short file."""
    digest = hashlib.sha256()
    received = 0
    with _open(url) as response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        show = (total is None or total >= PROGRESS_FROM) and progress is not False
        # disable=None: a bar on a terminal, nothing in logs and CI.
        with tqdm(total=total, desc=label, unit="B", unit_scale=True, unit_divisor=1024, leave=False,
                  disable=None if show else True) as bar:
            try:
                while chunk := response.read(CHUNK):
                    out.write(chunk)
                    digest.update(chunk)
                    received += len(chunk)
                    bar.update(len(chunk))
            except (OSError, http.client.HTTPException) as error:
                raise DownloadError(f"{url}: the transfer broke off after {received} bytes "
                                    f"({type(error).__name__}: {error})") from None
    if total is not None and received < total:
        raise DownloadError(f"{url}: the connection closed after {received} of {total} bytes")
    return received, digest.hexdigest()


def _fetch_small(url: str) -> bytes:
    with tempfile.TemporaryFile() as buffer:
        _copy(url, buffer, False, url)
        buffer.seek(0)
        return buffer.read()


def read_index(source: str) -> tuple[str, dict]:
    """(base URL, the parsed releases.json) of SOURCE."""
    base = source_url(source)
    url = base + INDEX
    try:
        raw = _fetch_small(url)
    except DownloadError as error:
        raise DownloadError(f"{error}; is {source} a folder of releases like dist/NAME/, built by quotekit?") from None
    try:
        index = json.loads(raw.decode("utf-8"))
        if index.get("format") != INDEX_FORMAT or not isinstance(index.get("releases"), list):
            raise ValueError(f"not a {INDEX_FORMAT} index")
        for entry in index["releases"]:
            Version.parse(entry["version"])
            if not regex.fullmatch(r"[0-9a-f]{64}", entry["sha256sums"]):
                raise ValueError(f"release {entry['version']}: 'sha256sums' is not a SHA-256")
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BadRelease(f"{url}: not a quotekit release index ({error})") from None
    return base, index


def pick(index: dict, version: str, source: str) -> dict:
    """The index entry of ``version`` (X.Y.Z or 'latest')."""
    released = [entry["version"] for entry in index["releases"]]
    if version == "latest":
        if not released:
            raise DownloadError(f"{source}: has no releases yet")
        version = index.get("latest") or released[0]
    else:
        try:
            version = str(Version.parse(version))
        except VersionError as error:
            raise DownloadError(f"--version: {error}, or latest") from None
    for entry in index["releases"]:
        if entry["version"] == version:
            return entry
    raise DownloadError(f"version {version} of {index.get('name')} is not released at {source} "
                        f"(released: {', '.join(released) or 'none'})")


def download(source: str, version: str, dest: str | Path, progress: bool | None = None) -> Downloaded:
    """Fetch one release from SOURCE into ``dest`` (the release folder itself)."""
    base, index = read_index(source)
    entry = pick(index, version, source)
    dest = Path(dest)
    if dest.exists() and not (dest.is_dir() and not any(dest.iterdir())):
        raise DownloadError(f"{dest}: already exists; choose another --dest or remove it")
    folder = Version.parse(entry["version"]).folder
    sums_url = base + urllib.parse.quote(f"{folder}/{SUMS_FILE}")
    sums = _fetch_small(sums_url)
    sums_sha256 = hashlib.sha256(sums).hexdigest()
    if sums_sha256 != entry["sha256sums"]:
        raise ChecksumError(f"{sums_url}: does not match the checksum {INDEX} gives for it "
                            f"(expected sha256 {entry['sha256sums'][:12]}…, got {sums_sha256[:12]}…); "
                            f"{dest} was not written")
    digests = parse_sums(sums.decode("utf-8", errors="replace"), sums_url)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.partial-", dir=dest.parent))
    try:
        size = len(sums)
        for path, expected in digests.items():
            url = base + urllib.parse.quote(f"{folder}/{path}")
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as out:
                received, actual = _copy(url, out, progress, path)
            if actual != expected:
                raise ChecksumError(f"{url}: content does not match {SUMS_FILE} (expected sha256 {expected[:12]}…, "
                                    f"got {actual[:12]}… in {received} bytes): the file was changed or cut short")
            size += received
        (staging / SUMS_FILE).write_bytes(sums)
        _check_manifest(staging / MANIFEST, base + f"{folder}/{MANIFEST}", index.get("name"), entry["version"])
        os.chmod(staging, 0o755)  # mkdtemp makes it private
        if dest.is_dir():
            dest.rmdir()  # an empty folder made for it
        os.rename(staging, dest)
    except (DownloadError, ChecksumError, BadRelease) as error:
        raise type(error)(f"{error}; {dest} was not written") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Downloaded(dest, index.get("name"), entry["version"], len(digests) + 1, size, sums_sha256)


def _check_manifest(path: Path, url: str, name: str | None, version: str) -> None:
    """The release must be the one asked for, not another one served under its name."""
    if not path.is_file():
        raise BadRelease(f"{url}: missing from {SUMS_FILE}, so the release cannot be identified")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        found = (meta["name"], meta["version"])
    except (ValueError, KeyError, TypeError) as error:
        raise BadRelease(f"{url}: not a release manifest ({error})") from None
    if found != (name, version):
        raise BadRelease(f"{url}: is {found[0]} {found[1]}, not {name} {version} as {INDEX} says")
