"""Confidence of a record: the precision its rule reached on the gold files.

The table is measured, not chosen: ``python -m quotekit.confidence`` re-scores the gold
files and rewrites ``quotekit/data/rule_precision.json``.
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources

UNMEASURED = 0.5  # a rule with no gold evidence yet


@cache
def _table() -> dict[str, float]:
    path = resources.files("quotekit") / "data" / "rule_precision.json"
    if not path.is_file():
        return {}
    return {rule: row["precision"] for rule, row in json.loads(path.read_text(encoding="utf-8")).items()}


def rule_confidence(rule: str) -> float:
    return _table().get(rule, UNMEASURED)
