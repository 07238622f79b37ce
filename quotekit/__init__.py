"""quotekit: rule-based quotation extraction and speaker attribution for news text."""
__version__ = "0.3.0"

__all__ = ["validate_records"]

from . import compiled  # noqa: E402,F401  before any compiled module is imported


def __getattr__(name: str):
    # Imported on first use, so that `import quotekit` (and the CLI) stay quick to start.
    if name == "validate_records":
        from .validate import validate_records
        return validate_records
    raise AttributeError(f"module 'quotekit' has no attribute {name!r}")
