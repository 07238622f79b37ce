"""Extraction time of two checkouts of quotekit, side by side in one process, in turns on the
same articles: on a busy machine, load then slows both alike, where two runs of
bench_extract.py minutes apart can differ by more than the change measured.

    python benchmarks/bench_ab.py OLD_CHECKOUT NEW_CHECKOUT [--rounds 24] [--articles 600]

Each checkout's ``quotekit`` package is copied under another name (``quotekit_a``,
``quotekit_b``; the package imports itself relatively) into a temporary folder and
imported from there; its word lists (``quotekit/data``) are read from the installed
quotekit, so a change to them is not measured. Both run as Python, never compiled (setup.py),
so the figure is that of the source. Prints, for news-shaped synthetic articles and for real news (when
the PolNeAR sample is beside the repository), the best time of each and the median of the
paired ratios old/new: above 1, the new checkout is faster. Run it once with the same
checkout twice to see the noise of the machine.
"""
from __future__ import annotations

import argparse
import importlib
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_extract import REAL_NEWS
from corpus import articles

from quotekit.readers import Article


def load(checkout: Path, name: str, into: Path):
    """``extract_article`` of the quotekit package in ``checkout``, imported as ``name``."""
    # Compiled modules carry the name quotekit in them: each checkout runs as Python here.
    shutil.copytree(checkout / "quotekit", into / name,
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd", "*.c", "_compiled.json"))
    return importlib.import_module(f"{name}.extract").extract_article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="a checkout of quotekit (the folder that holds quotekit/)")
    parser.add_argument("new", type=Path)
    parser.add_argument("--rounds", type=int, default=24)
    parser.add_argument("--articles", type=int, default=600, help="news-shaped synthetic articles")
    args = parser.parse_args()

    corpora = {"news-shaped": [Article(row["id"], row["text"]) for row in articles(args.articles, style="news")]}
    if REAL_NEWS.is_file():
        with open(REAL_NEWS, encoding="utf-8") as lines:
            corpora["real news"] = [Article(row["id"], row["text"]) for row in map(json.loads, lines)] * 3
    with tempfile.TemporaryDirectory() as folder:
        sys.path.insert(0, folder)
        extract = {"old": load(args.old, "quotekit_a", Path(folder)), "new": load(args.new, "quotekit_b", Path(folder))}
        for corpus in corpora.values():  # warm both: caches, patterns, first imports
            for article in corpus[:30]:
                extract["old"](article)
                extract["new"](article)
        seconds: dict[tuple[str, str], list[float]] = {}
        for turn in range(args.rounds):
            order = ["old", "new"]
            random.Random(turn).shuffle(order)  # neither goes first every time
            for which in order:
                for name, corpus in corpora.items():
                    start = time.process_time()
                    for article in corpus:
                        extract[which](article)
                    seconds.setdefault((name, which), []).append(time.process_time() - start)
    for name in corpora:
        old, new = seconds[(name, "old")], seconds[(name, "new")]
        ratio = statistics.median(a / b for a, b in zip(old, new))
        print(f"{name}: best old {min(old):.3f} s, new {min(new):.3f} s; old/new best x{min(old) / min(new):.3f}, "
              f"median of paired ratios x{ratio:.3f} ({args.rounds} rounds)")


if __name__ == "__main__":
    main()
