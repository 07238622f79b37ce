"""Shared test set-up: offline Hugging Face, the repo's paths, a CLI runner."""
from __future__ import annotations

import os

# No network beyond loopback: the real `datasets` library, offline.
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

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


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    """Run the real quotekit CLI in a subprocess."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "quotekit", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, input=input, timeout=600)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def hf_cache(tmp_path):
    """A fresh `datasets` cache: the cache is keyed by path and mtime."""
    return str(tmp_path / "hf-cache")
