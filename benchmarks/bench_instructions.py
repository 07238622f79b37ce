"""Instructions that one extraction pass executes (valgrind's callgrind), a figure that the
load of a shared machine does not move: compare two commits by it when timings are noisy.

    python benchmarks/bench_instructions.py [--articles 300] [--real]

It runs the pass under callgrind twice, once with no extraction, and prints the difference
(start-up, imports and reading the corpus left out). Needs valgrind (apt install valgrind);
about two minutes for the default corpus.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

from bench_extract import REAL_NEWS

COLLECTED = re.compile(r"Collected : (\d+)")


def extract(articles: int, real: bool, passes: int) -> None:
    """The pass measured: extraction of every article, ``passes`` times (0: none)."""
    from corpus import articles as news_articles

    from quotekit.extract import extract_article
    from quotekit.readers import Article

    if real:
        with open(REAL_NEWS, encoding="utf-8") as lines:
            rows = [json.loads(line) for line in lines]
    else:
        rows = list(news_articles(articles, style="news"))
    texts = [Article(row["id"], row["text"]) for row in rows]
    for _ in range(passes):
        for article in texts:
            extract_article(article)


def instructions(articles: int, real: bool, passes: int) -> int:
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
               "--articles", str(articles), "--passes", str(passes)] + (["--real"] if real else [])
    # One hash seed: set and dict orders, and with them the work, are then the same each run.
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if done.returncode != 0:
        sys.exit(f"valgrind failed:\n{done.stderr[-2000:]}")
    return int(COLLECTED.search(done.stderr).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="synthetic news articles (ignored with --real)")
    parser.add_argument("--real", action="store_true", help=f"the real news sample instead ({REAL_NEWS.name})")
    parser.add_argument("--passes", type=int, help=argparse.SUPPRESS)  # the child run under valgrind
    args = parser.parse_args()
    if args.passes is not None:
        extract(args.articles, args.real, args.passes)
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed: apt install valgrind")
    if args.real and not REAL_NEWS.is_file():
        sys.exit(f"{REAL_NEWS} is not there")
    corpus = REAL_NEWS.name if args.real else f"{args.articles} synthetic news articles"
    per_pass = instructions(args.articles, args.real, 1) - instructions(args.articles, args.real, 0)
    print(f"{corpus}: {per_pass / 1e9:.3f} G instructions per extraction pass")


if __name__ == "__main__":
    main()
