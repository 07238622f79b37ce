"""The extraction modules compiled with Cython (setup.py) give the same records as their
Python source, and an edit to a source after it was compiled is never hidden by the older
compiled module."""
from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from quotekit.compiled import COMPILED, MANIFEST, PURE_PYTHON

from .conftest import ROOT, run_cli
from .test_scale import write_corpus

# The modules setup.py compiles, read from it (importing it would run setup()).
SETUP = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
TO_COMPILE = next(ast.literal_eval(node.value) for node in SETUP.body
                  if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "COMPILED")
needs_compiled = pytest.mark.skipif(not COMPILED, reason="nothing is compiled here (no C compiler at install)")


def _has_compiler() -> bool:
    command = (sysconfig.get_config_var("CC") or "").split()
    return bool(command) and shutil.which(command[0]) is not None


@pytest.mark.skipif(not _has_compiler(), reason="no C compiler: the install keeps every module in Python")
def test_the_install_compiled_every_module_it_names():
    assert sorted(json.loads(MANIFEST.read_text(encoding="utf-8"))) == sorted(TO_COMPILE)


@needs_compiled
def test_compiled_and_pure_python_extract_the_same_records(tmp_path):
    corpus = write_corpus(tmp_path / "articles.jsonl")  # every article of the gold files
    compiled = run_cli("extract", corpus, "-o", tmp_path / "compiled.jsonl")
    pure = run_cli("extract", corpus, "-o", tmp_path / "pure.jsonl", env={PURE_PYTHON: "1"})
    assert compiled.returncode == pure.returncode == 0, compiled.stderr + pure.stderr
    records = (tmp_path / "compiled.jsonl").read_text(encoding="utf-8")
    assert records.count("\n") > 100
    assert records == (tmp_path / "pure.jsonl").read_text(encoding="utf-8")


def _files_of(package: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """The file each extraction module was imported from, with ``package`` first on the path."""
    program = ("import json, sys, quotekit.attribution, quotekit.extract, quotekit.quotes; "
               "modules = ['attribution', 'extract', 'quotes']; "
               "print(json.dumps({m: sys.modules[f'quotekit.{m}'].__file__ for m in modules}))")
    # -S: without site's .pth files, whose editable-install finder would find the checkout's quotekit.
    path = os.pathsep.join([str(package), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    done = subprocess.run([sys.executable, "-S", "-c", program], capture_output=True, text=True, check=True,
                          cwd=package, env={"PYTHONPATH": path, **(env or {})})  # cwd: first on the path of -c
    files = {module: Path(path) for module, path in json.loads(done.stdout).items()}
    assert all(path.parent == package / "quotekit" for path in files.values()), (files, package)
    return {module: path.suffix for module, path in files.items()}


@pytest.fixture
def package_copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "quotekit", tmp_path / "quotekit", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


@needs_compiled
def test_a_module_edited_after_it_was_compiled_runs_from_its_source(package_copy):
    assert _files_of(package_copy) == {"attribution": ".so", "extract": ".so", "quotes": ".so"}
    with open(package_copy / "quotekit" / "attribution.py", "a", encoding="utf-8") as source:
        source.write("\n# an edit\n")
    assert _files_of(package_copy) == {"attribution": ".py", "extract": ".so", "quotes": ".so"}
    assert _files_of(package_copy, {PURE_PYTHON: "1"}) == {"attribution": ".py", "extract": ".py", "quotes": ".py"}


@needs_compiled
def test_compiled_modules_that_no_build_vouches_for_run_from_their_source(package_copy):
    """A build that failed to compile leaves the older compiled files and an empty manifest."""
    (package_copy / "quotekit" / MANIFEST.name).write_text("{}\n", encoding="utf-8")
    assert _files_of(package_copy) == {"attribution": ".py", "extract": ".py", "quotes": ".py"}
    (package_copy / "quotekit" / MANIFEST.name).unlink()
    assert _files_of(package_copy) == {"attribution": ".py", "extract": ".py", "quotes": ".py"}
