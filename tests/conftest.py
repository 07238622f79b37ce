"""Shared test set-up: offline Hugging Face, the repo's paths, a CLI runner."""
from __future__ import annotations

import os

# No network beyond loopback: the real `datasets` library, offline.
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import contextlib  # noqa: E402
import fcntl  # noqa: E402
import functools  # noqa: E402
import http.server  # noqa: E402
import pty  # noqa: E402
import shutil  # noqa: E402
import struct  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import termios  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Iterator  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Property tests explore a fixed sequence of examples, so a run is reproducible and CI
# never fails by chance; QUOTEKIT_HYPOTHESIS=explore draws new examples locally.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None, max_examples=5000)
settings.load_profile(os.environ.get("QUOTEKIT_HYPOTHESIS", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"
DIST = ROOT / "dist"


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the real quotekit CLI in a subprocess (``env`` adds to the test environment)."""
    return subprocess.run([sys.executable, "-m", "quotekit", *map(str, args)], cwd=cwd, env=cli_env(env),
                          capture_output=True, text=True, input=input, timeout=600)


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **(extra or {})}


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def hf_cache(tmp_path):
    """A fresh `datasets` cache: the cache is keyed by path and mtime."""
    return str(tmp_path / "hf-cache")


# Changes between the two releases of the `published` fixture, each of a kind the
# changelog must report: an article removed, one added, and one whose text grew.
REMOVED_ARTICLE = "004_4a79529b7dcd58db"
ADDED_ARTICLE = "005_rutte"
CHANGED_ARTICLE = "000_6fb086e7ab1d499d"


@pytest.fixture(scope="session")
def changed_seeds(tmp_path_factory) -> Path:
    """The seeds with one article removed, one added and one whose text grew."""
    changed = tmp_path_factory.mktemp("seeds-1.1") / "seeds"
    shutil.copytree(SEEDS, changed)
    (changed / f"{REMOVED_ARTICLE}.txt").unlink()
    (changed / f"{ADDED_ARTICLE}.txt").write_text("“We will stay,” Rutte said on Monday.\n", encoding="utf-8")
    with open(changed / f"{CHANGED_ARTICLE}.txt", "a", encoding="utf-8") as handle:
        handle.write("\n“Nothing changes,” Lee said.\n")
    return changed


@pytest.fixture(scope="session")
def published(tmp_path_factory, changed_seeds) -> Path:
    """``OUT/seedset`` as the CLI publishes it: v1.0.0 built from the seeds, then
    ``--version minor`` (v1.1.0) from ``changed_seeds``. Tests that alter it work on a copy."""
    out = tmp_path_factory.mktemp("dist")
    for source, version in ((SEEDS, "1.0.0"), (changed_seeds, "minor")):
        result = run_cli("build", source, "--out", out, "--name", "seedset", "--version", version, "--quiet")
        assert result.returncode == 0, result.stderr
    return out / "seedset"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path, handler: type[http.server.BaseHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 (a free port) while the block runs; yields
    its base URL. Loopback only: tests never reach the network."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def run_on_a_terminal(command: list[str], env: dict[str, str] | None = None) -> str:
    """Run ``command`` with stderr on a pseudo-terminal; return what it wrote there
    (``env`` adds to the test environment)."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 24 rows, 100 columns
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=child, env=cli_env(env))
    os.close(child)
    output = b""
    while True:
        try:
            data = os.read(main, 1 << 16)
        except OSError:  # EIO: the child has closed the terminal
            break
        if not data:
            break
        output += data
    os.close(main)
    assert process.wait(timeout=300) == 0, output.decode(errors="replace")
    return output.decode("utf-8", errors="replace")
