"""quotekit: rule-based quotation extraction and speaker attribution for news text."""
__version__ = "0.1.0"
