"""quotekit: rule-based quotation extraction and speaker attribution for news text."""
__version__ = "0.3.0"

__all__ = ["validate_records"]


def __getattr__(name: str):
    # Imported on first use, so that `import quotekit` (and the CLI) stay quick to start.
    if name == "validate_records":
        from .validate import validate_records
        return validate_records
    raise AttributeError(f"module 'quotekit' has no attribute {name!r}")
