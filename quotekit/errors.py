"""Errors a user can cause and fix, shared by the library and the CLI (which maps each to
an exit code) without importing the modules that raise them."""
from __future__ import annotations


class BuildError(Exception):
    """A build that cannot go on; the message tells the user what to do."""
