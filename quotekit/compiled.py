"""Which modules run compiled (see setup.py), and a guard: a module whose source changed
after it was compiled (an edit in an editable install) runs from its source, as does every
module when QUOTEKIT_PURE_PYTHON=1. Python itself would import the older compiled module."""
from __future__ import annotations

import hashlib
import importlib.abc
import importlib.util
import json
import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
MANIFEST = PACKAGE / "_compiled.json"  # written by setup.py: module -> SHA-256 of the source compiled
PURE_PYTHON = "QUOTEKIT_PURE_PYTHON"


def _compiled_sources() -> dict[str, str]:
    try:
        return json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _source_digest(module: str) -> str | None:
    try:
        return hashlib.sha256((PACKAGE / f"{module}.py").read_bytes()).hexdigest()
    except OSError:
        return None


class _FromSource(importlib.abc.MetaPathFinder):
    """Finds the named quotekit modules in their ``.py`` files, not their compiled ones."""

    def __init__(self, modules: set[str]):
        self.modules = modules

    def find_spec(self, fullname, path=None, target=None):
        package, _, module = fullname.rpartition(".")
        if package != __package__ or module not in self.modules:
            return None
        return importlib.util.spec_from_file_location(fullname, PACKAGE / f"{module}.py")


def _guard() -> frozenset[str]:
    """Installs the finder where it is needed; returns the modules that run compiled. A
    compiled module that ``_compiled.json`` does not vouch for (one left by an older build
    that failed) runs from its source too."""
    recorded = _compiled_sources()
    built = {path.name.split(".")[0] for pattern in ("*.so", "*.pyd") for path in PACKAGE.glob(pattern)}
    pure = os.environ.get(PURE_PYTHON) == "1"
    from_source = {module for module in built
                   if (pure or recorded.get(module) != _source_digest(module)) and (PACKAGE / f"{module}.py").is_file()}
    if from_source:
        sys.meta_path.insert(0, _FromSource(from_source))
    return frozenset(built - from_source)


COMPILED = _guard()
