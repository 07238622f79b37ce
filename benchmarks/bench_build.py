"""End-to-end `quotekit build` on a large synthetic corpus: wall time and peak memory with
one worker and with every core, and the speed-up.

    python benchmarks/bench_build.py [--articles 100000] [--workers 1 2] [--style news|dense]

Peak memory is the largest resident set of any one process of the build (the main process
or a worker), from getrusage of a fresh wrapper process.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import STYLES, write_corpus

MEASURE = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""


def build(corpus: Path, out: Path, workers: int) -> tuple[float, float]:
    command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "quotekit", "build", str(corpus), "--out",
               str(out), "--name", "bench", "--version", "1.0.0", "--workers", str(workers), "--quiet"]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    return seconds, int(done.stdout.strip().splitlines()[-1]) / 1024


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--style", choices=sorted(STYLES), default="news", help="see benchmarks/corpus.py")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        corpus = write_corpus(Path(work) / "corpus.jsonl", args.articles, style=args.style)
        megabytes = corpus.stat().st_size / 1e6
        print(f"corpus: {args.articles} synthetic articles ({args.style} style), {megabytes:.0f} MB of JSONL")
        times = {}
        for workers in args.workers:
            out = Path(work) / f"out-{workers}"
            seconds, peak = build(corpus, out, workers)
            times[workers] = seconds
            counts = json.loads((out / "bench/v1.0.0/release.json").read_text())["counts"]["quotes"]
            print(f"--workers {workers}: {seconds:.0f} s end to end, {args.articles / seconds:.0f} articles/s, "
                  f"peak memory {peak:.0f} MiB per process, {sum(counts.values())} quotes")
        if 1 in times:
            for workers, seconds in times.items():
                if workers != 1:
                    print(f"speed-up of --workers {workers} over 1: {times[1] / seconds:.2f}x")
