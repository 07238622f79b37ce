"""Confidence of a record: the precision its rule reached on the gold files.

The table is measured, not chosen: ``python -m quotekit.confidence`` scores the gold files
(tests/gold/*.jsonl, and the PolNeAR sample beside the repository when it is there) and
rewrites ``quotekit/data/rule_precision.json``. A test fails when the table is stale.
"""
from __future__ import annotations

import json
import sys
from functools import cache
from importlib import resources
from pathlib import Path

UNMEASURED = 0.5  # a rule with no gold evidence yet
TABLE = "rule_precision.json"
ROOT = Path(__file__).resolve().parent.parent
GOLD_FILES = (ROOT / "tests" / "gold" / "seeds.jsonl", ROOT / "tests" / "gold" / "patterns.jsonl",
              ROOT.parent / "shared" / "eval" / "polnear-dev.jsonl")


@cache
def _table() -> dict[str, float]:
    path = resources.files("quotekit") / "data" / TABLE
    if not path.is_file():
        return {}
    return {rule: row["precision"] for rule, row in json.loads(path.read_text(encoding="utf-8"))["rules"].items()}


def rule_confidence(rule: str) -> float:
    return _table().get(rule, UNMEASURED)


def measure(paths=GOLD_FILES) -> dict:
    """Per-rule precision (speaker right / predicted) over the gold files that exist."""
    from .evaluate import evaluate, load_gold

    used = [p for p in paths if Path(p).is_file()]
    report = evaluate([article for path in used for article in load_gold(path)])
    rules = {rule: {"predicted": t.predicted, "right": t.speaker_right,
                    "precision": round(t.speaker_right / t.predicted, 4) if t.predicted else UNMEASURED}
             for rule, t in sorted(report.by_rule.items())}
    return {"measured_on": [Path(p).name for p in used], "rules": rules}


def main() -> int:
    table = measure()
    target = Path(__file__).resolve().parent / "data" / TABLE
    target.write_text(json.dumps(table, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {target} from {', '.join(table['measured_on'])}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
