"""`quotekit releases` and `quotekit download` against a real HTTP server on 127.0.0.1
serving a published `dist/`, the real CLI in a subprocess, and the real `datasets` on what
was downloaded: good downloads, and every way a download must refuse."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import datasets
import pyarrow.parquet as pq
import pytest

from quotekit import __version__
from quotekit.checksums import write_sums
from quotekit.release import write_index
from .conftest import QuietHandler, cli_env, run_on_a_terminal, serve

SPLITS = ["train", "validation", "test"]
SHARD = "quotes/train-00000-of-00001.parquet"


@pytest.fixture(scope="module")
def source(published):
    """The base URL of the published releases, served while the module's tests run."""
    with serve(published.parent) as base:
        yield base + "seedset/"


def _rows(folder: Path, cache: str) -> dict[str, list[dict]]:
    loaded = datasets.load_dataset(str(folder), cache_dir=cache)
    return {split: loaded[split].to_list() for split in loaded}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_releases_lists_the_versions(source, published, cli):
    quotes = {v: sum(json.loads((published / f"v{v}/release.json").read_text())["counts"]["quotes"].values())
              for v in ("1.0.0", "1.1.0")}
    result = cli("releases", source)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"seedset at {source}",
        "version     articles    quotes  quotekit",
        f"1.1.0              5{quotes['1.1.0']:>10}  {__version__}  latest",
        f"1.0.0              5{quotes['1.0.0']:>10}  {__version__}",
    ]
    as_json = cli("releases", source.rstrip("/"), "--json")
    assert json.loads(as_json.stdout) == json.loads((published / "releases.json").read_text())


def test_download_latest_then_load_it_offline(source, published, cli, tmp_path, hf_cache):
    dest = tmp_path / "got" / "seedset-latest"
    result = cli("download", source, "--version", "latest", "--dest", dest)
    assert result.returncode == 0, result.stderr
    served = published / "v1.1.0"
    size = sum(len(data) for data in _files(served).values())
    sums = hashlib.sha256((served / "SHA256SUMS").read_bytes()).hexdigest()
    assert result.stdout == (f"downloaded seedset 1.1.0 to {dest}: 17 files, {size} bytes, "
                             f"every checksum verified (SHA256SUMS sha256 {sums})\n")
    assert _files(dest) == _files(served)
    assert os.listdir(dest.parent) == ["seedset-latest"]  # no temporary folder left behind
    assert _rows(dest, hf_cache) == _rows(served, hf_cache + "-served")
    articles = datasets.load_dataset(str(dest), "articles", cache_dir=hf_cache)
    assert sum(articles.num_rows.values()) == 5


def test_download_from_a_file_url_and_a_local_folder(published, cli, tmp_path):
    for source in (published.as_uri(), str(published)):
        dest = tmp_path / hashlib.sha256(source.encode()).hexdigest()[:8]
        result = cli("download", source, "--version", "1.0.0", "--dest", dest, "--quiet")
        assert result.returncode == 0, result.stderr
        assert _files(dest) == _files(published / "v1.0.0")


def test_parquet_files_load_from_the_served_urls(source, published, tmp_path):
    """`load_dataset("parquet", data_files=<http URLs>)`. datasets 5.2 refuses any URL when
    HF_DATASETS_OFFLINE=1 (OfflineModeIsEnabled, even on 127.0.0.1), so this one subprocess
    runs with HF_DATASETS_OFFLINE=0; HF_HUB_OFFLINE=1 still keeps the Hub client offline and
    HF_ENDPOINT points at a closed loopback port, so nothing can leave the machine."""
    script = (
        "import json, sys, datasets\n"
        "from quotekit.schema import features\n"
        "files = {s: sys.argv[1] + f'v1.1.0/quotes/{s}-00000-of-00001.parquet' for s in sys.argv[3:]}\n"
        "loaded = datasets.load_dataset('parquet', data_files=files, cache_dir=sys.argv[2])\n"
        "print(json.dumps({s: list(loaded[s]['id']) for s in loaded}))\n"
        "print(loaded['train'].features == features('quote'))\n"
    )

    def load(cache: str, env: dict[str, str]) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", script, source, cache, *SPLITS], env=cli_env(env),
                              capture_output=True, text=True, timeout=300)

    result = load(str(tmp_path / "cache"),
                  {"HF_DATASETS_OFFLINE": "0", "HF_HUB_OFFLINE": "1", "HF_ENDPOINT": "http://127.0.0.1:9"})
    assert result.returncode == 0, result.stderr
    ids, same_types = result.stdout.splitlines()
    assert json.loads(ids) == {split: pq.read_table(published / f"v1.1.0/quotes/{split}-00000-of-00001.parquet",
                                                    columns=["id"])["id"].to_pylist() for split in SPLITS}
    assert same_types == "True"

    offline = load(str(tmp_path / "fresh-cache"), {"HF_DATASETS_OFFLINE": "1"})
    assert offline.returncode != 0 and "Offline mode is enabled" in offline.stderr


def _served_copy(published: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "served" / "seedset"
    shutil.copytree(published, copy)
    return copy


def _tamper(copy: Path) -> None:
    shard = copy / "v1.1.0" / SHARD
    data = bytearray(shard.read_bytes())
    data[len(data) // 2] ^= 0xFF
    shard.write_bytes(bytes(data))


def _truncate(copy: Path) -> None:
    shard = copy / "v1.1.0" / SHARD
    shard.write_bytes(shard.read_bytes()[: shard.stat().st_size // 2])


def _drop_a_file_from_the_list(copy: Path) -> None:
    sums = copy / "v1.1.0" / "SHA256SUMS"
    sums.write_text("".join(line for line in sums.read_text().splitlines(keepends=True) if SHARD not in line))


def _delete(copy: Path) -> None:
    (copy / "v1.1.0" / SHARD).unlink()


def _serve_another_version_under_this_name(copy: Path) -> None:
    shutil.rmtree(copy / "v1.1.0")
    shutil.copytree(copy / "v1.0.0", copy / "v1.1.0")
    write_index(copy)  # the index now vouches for the copied file list


@pytest.mark.parametrize("damage, exit_code, message", [
    (_tamper, 1, "{url}v1.1.0/" + SHARD + ": content does not match SHA256SUMS (expected sha256 "),
    (_truncate, 1, "{url}v1.1.0/" + SHARD + ": content does not match SHA256SUMS (expected sha256 "),
    (_drop_a_file_from_the_list, 1, "{url}v1.1.0/SHA256SUMS: does not match the checksum releases.json gives for it"),
    (_delete, 2, "{url}v1.1.0/" + SHARD + ": HTTP 404 File not found"),
    (_serve_another_version_under_this_name, 1,
     "{url}v1.1.0/release.json: is seedset 1.0.0, not seedset 1.1.0 as releases.json says"),
], ids=["tampered", "truncated", "file-list-truncated", "missing-file", "wrong-version"])
def test_a_damaged_release_is_refused_and_nothing_appears(published, cli, tmp_path, damage, exit_code, message):
    copy = _served_copy(published, tmp_path)
    damage(copy)
    dest = tmp_path / "downloads" / "seedset"
    with serve(copy.parent) as base:
        url = base + "seedset/"
        result = cli("download", url, "--version", "1.1.0", "--dest", dest)
    assert result.returncode == exit_code
    assert result.stderr.startswith("quotekit: error: " + message.format(url=url)), result.stderr
    assert result.stderr.rstrip().endswith(f"{dest} was not written")
    assert "Traceback" not in result.stderr
    assert not dest.exists() and (not dest.parent.exists() or not list(dest.parent.iterdir()))


def test_missing_version_and_existing_destination(source, cli, tmp_path):
    missing = cli("download", source, "--version", "9.9.9", "--dest", tmp_path / "x")
    assert missing.returncode == 2
    assert missing.stderr == (f"quotekit: error: version 9.9.9 of seedset is not released at {source} "
                              "(released: 1.1.0, 1.0.0)\n")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    taken = cli("download", source, "--version", "latest", "--dest", tmp_path / "full")
    assert taken.returncode == 2 and "full: already exists; choose another --dest" in taken.stderr
    assert os.listdir(tmp_path / "full") == ["keep.txt"]
    nowhere = cli("releases", "http://127.0.0.1:9/seedset/")
    assert nowhere.returncode == 2
    assert nowhere.stderr.startswith("quotekit: error: http://127.0.0.1:9/seedset/releases.json: cannot be reached")


class GoesAwayMidTransfer(QuietHandler):
    """Announces the whole shard, sends half of it, then closes the connection."""

    def do_GET(self) -> None:
        if not self.path.endswith(SHARD):
            return super().do_GET()
        data = Path(self.directory, self.path.lstrip("/")).read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)


def test_server_goes_away_mid_transfer(published, cli, tmp_path):
    size = (published / "v1.1.0" / SHARD).stat().st_size
    dest = tmp_path / "downloads" / "seedset"
    with serve(published.parent, GoesAwayMidTransfer) as base:
        url = base + "seedset/"
        result = cli("download", url, "--version", "1.1.0", "--dest", dest)
    assert result.returncode == 2
    assert result.stderr == (f"quotekit: error: {url}v1.1.0/{SHARD}: the connection closed after "
                             f"{size // 2} of {size} bytes; {dest} was not written\n")
    assert not dest.exists() and not list(dest.parent.iterdir())


def test_progress_shows_on_a_terminal_for_large_files(published, cli, tmp_path):
    copy = _served_copy(published, tmp_path)
    (copy / "v1.1.0" / "big.bin").write_bytes(bytes(range(256)) * 8192)  # 2 MiB
    write_sums(copy / "v1.1.0")
    write_index(copy)
    with serve(copy.parent) as base:
        args = ["download", base + "seedset/", "--version", "1.1.0"]
        quiet = cli(*args, "--dest", tmp_path / "logged")  # stderr is a pipe, as in CI logs
        terminal = run_on_a_terminal([sys.executable, "-m", "quotekit", *args, "--dest", str(tmp_path / "tty")])
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert "big.bin:" in terminal and "2.00M" in terminal and "%|" in terminal
    assert "README.md:" not in terminal  # small files download without a bar
    assert (tmp_path / "tty" / "big.bin").stat().st_size == 2 << 20
