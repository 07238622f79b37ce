"""Compiles the modules that extraction spends its time in with Cython: the same Python
source, run as C, 7 to 8% faster (benchmarks/bench_extract.py). Everything else is in
pyproject.toml. Where a module cannot be compiled (no C compiler), quotekit installs it as
Python, with the same results.

Next to the compiled modules goes ``_compiled.json``, the SHA-256 of each source compiled:
``quotekit/compiled.py`` runs a module as Python when its source has changed since (an
editable install), so an edit is never hidden behind an older build.
"""
import hashlib
import json
import os
import sys
from pathlib import Path

from Cython.Build import cythonize
from setuptools import setup
from setuptools.command.build_ext import build_ext

COMPILED = ["attribution", "confidence", "extract", "kinds", "masking", "names", "normalize", "quotes", "records",
            "sentences"]
# annotation_typing off: an annotation stays a hint, as in Python, never a type check that
# Python would not make.
DIRECTIVES = {"language_level": 3, "annotation_typing": False}


class OptionalBuildExt(build_ext):
    """Builds what it can; a module that fails to compile stays Python."""

    def finalize_options(self):
        super().finalize_options()
        if self.parallel is None:
            self.parallel = os.cpu_count()  # a module on each core

    def run(self):
        self.built = {}
        super().run()
        folder = Path(self.get_ext_fullpath("quotekit.extract")).parent
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_compiled.json").write_text(json.dumps(self.built, indent=1, sort_keys=True) + "\n",
                                               encoding="utf-8")

    def build_extensions(self):
        super().build_extensions()
        # What was not built is neither copied nor installed.
        self.extensions = [extension for extension in self.extensions if extension.name.rsplit(".", 1)[1] in self.built]

    def build_extension(self, extension):
        try:
            super().build_extension(extension)
        except Exception as error:  # no C compiler, no Python headers
            print(f"quotekit: {extension.name} stays Python: {error}", file=sys.stderr)
            return
        name = extension.name.rsplit(".", 1)[1]
        self.built[name] = hashlib.sha256(Path("quotekit", f"{name}.py").read_bytes()).hexdigest()


setup(ext_modules=cythonize([f"quotekit/{name}.py" for name in COMPILED], compiler_directives=DIRECTIVES,
                            quiet=True),
      cmdclass={"build_ext": OptionalBuildExt})
