"""How fast `quotekit validate` checks valid quote records, on one core, and what it keeps
in memory.

    .venv/bin/python benchmarks/bench_validate.py [--records 200000] [--repeat 3] [--text-budget BYTES]

The acceptance figure (issue #4: at least 100,000 valid quote records per second on one
core) is the last rate printed, "ACCEPTANCE": the real command as a user runs it,

    quotekit validate quotes.jsonl --articles articles.jsonl

in a new process, in records per second of that process's CPU time (user + system, so
other jobs on the machine do not count), reading the articles included, the start-up
(imports: a fixed cost, whatever the file's size) excluded: the same command on a file of
one record is timed and subtracted. The rate with the start-up included is printed beside
it, and the same run in this process ("whole validation") should agree with it.

The records are the seeds' real quote records, copied under new article ids so that every
id is unique; the articles are the seed texts under the same ids. Figures are records per
second, the best of --repeat runs, by the wall clock and by CPU time, printed per stage:
reading and parsing alone, the schema gate alone, the checks alone on parsed records, the
whole validation in this process, and the CLI in a new process; then peak memory.

--text-budget sets article_texts.MEMORY_TEXT_BYTES, here and in the CLI's processes: 0
keeps every article text on disk, which is what spilling costs.
"""
from __future__ import annotations

import argparse
import gc
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jsonschema
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotekit.extract import extract_article  # noqa: E402
from quotekit.readers import read_articles  # noqa: E402
from quotekit.record_files import FileProblem, record_files  # noqa: E402
from quotekit.schema import arrow_schema, load_schema, validator  # noqa: E402
import quotekit.article_texts  # noqa: E402
from quotekit.article_texts import ArticleRef, ArticleTexts  # noqa: E402
from quotekit.validate import Checker, reference_articles  # noqa: E402
from quotekit.validate_output import run_validation  # noqa: E402


def make_corpus(folder: Path, records: int) -> tuple[Path, Path, Path]:
    """quotes.jsonl, quotes.parquet and articles.jsonl with about ``records`` quotes."""
    seeds = [(article, [r.to_dict() for r in extract_article(article)]) for article in read_articles(ROOT / "seeds")]
    per_copy = sum(len(quotes) for _, quotes in seeds)
    quotes_path, articles_path = folder / "quotes.jsonl", folder / "articles.jsonl"
    rows = []
    with open(quotes_path, "w", encoding="utf-8") as quotes_out, open(articles_path, "w", encoding="utf-8") as arts:
        for copy in range(-(-records // per_copy)):
            for article, quotes in seeds:
                article_id = f"{article.id}~{copy}"
                arts.write(json.dumps({"id": article_id, "text": article.text}, ensure_ascii=False) + "\n")
                for quote in quotes:
                    row = {**quote, "article_id": article_id, "id": f"{article_id}:{quote['start']}-{quote['end']}"}
                    quotes_out.write(json.dumps(row, ensure_ascii=False) + "\n")
                    rows.append(row)
    parquet_path = folder / "quotes.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=arrow_schema("quote")), parquet_path)
    return quotes_path, parquet_path, articles_path


def best_rate(count: int, run, repeat: int) -> tuple[float, float]:
    """Records per second of the fastest of ``repeat`` runs: by the wall clock, and by the
    CPU time of this process (what one core did, whatever else the machine was running)."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        run()
        wall = min(wall, time.perf_counter() - wall_start)
        cpu = min(cpu, time.process_time() - cpu_start)
    return count / wall, count / cpu


def report(label: str, rates: tuple[float, float]) -> None:
    print(f"  {label:<56} {rates[0]:>9,.0f} /s wall {rates[1]:>9,.0f} /s CPU")


def peak_memory_mb(quotes: Path, records: int, articles: Path | None = None, text_budget: int | None = None) -> float:
    """Peak resident memory (VmHWM) of a fresh process validating the first ``records``
    lines of ``quotes``, against ``articles`` when given, with MEMORY_TEXT_BYTES ``text_budget``."""
    code = f"""
import io, itertools, sys
sys.path.insert(0, {str(ROOT)!r})
with open({str(quotes)!r}, "rb") as src, open(sys.argv[1], "wb") as out:
    out.writelines(itertools.islice(src, {records}))
import quotekit.article_texts
if {text_budget!r} is not None:
    quotekit.article_texts.MEMORY_TEXT_BYTES = {text_budget!r}
from quotekit.validate_output import run_validation
run_validation([sys.argv[1]], out=io.StringIO(), articles={articles and str(articles)!r})
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")))
"""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", code, str(Path(tmp) / "head.jsonl")],
                             capture_output=True, text=True, check=True).stdout
    return int(out) / 1024


def cli_seconds(*args: str | Path, text_budget: int | None = None) -> float:
    """CPU seconds (user + system) of `quotekit ARGS` in a new process, as a user runs it;
    with ``text_budget``, that process's MEMORY_TEXT_BYTES."""
    command = [sys.executable, "-m", "quotekit"] if text_budget is None else [
        sys.executable, "-c", "import sys, quotekit.article_texts as texts, quotekit.cli as cli; "
        "texts.MEMORY_TEXT_BYTES = int(sys.argv.pop(1)); sys.exit(cli.main())", str(text_budget)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([*command, *map(str, args)], cwd=ROOT, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"quotekit {' '.join(map(str, args))} exited {result.returncode}: {result.stdout}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--text-budget", type=int, help="article_texts.MEMORY_TEXT_BYTES (default: as it is)")
    args = parser.parse_args()
    if args.text_budget is not None:
        quotekit.article_texts.MEMORY_TEXT_BYTES = args.text_budget
    with tempfile.TemporaryDirectory() as tmp:
        quotes, parquet, articles = make_corpus(Path(tmp), args.records)
        [jsonl_file] = record_files([quotes])
        [parquet_file] = record_files([parquet])
        batches = [batch for batch in jsonl_file.batches() if type(batch) is not FileProblem]
        parsed = [record for batch in batches for record in batch.records]
        count = len(parsed)
        texts = {row["id"]: row["text"] for row in map(json.loads, open(articles, encoding="utf-8"))}
        print(f"{count:,} valid quote records ({quotes.stat().st_size / count:.0f} bytes each as JSON), "
              f"{len(texts):,} articles ({sum(map(len, texts.values())) / 1e6:.0f} M characters), "
              f"text budget {quotekit.article_texts.MEMORY_TEXT_BYTES:,} bytes; Python {sys.version.split()[0]}, "
              f"one process, best of {args.repeat}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

        refs = ArticleTexts()
        for key, text in texts.items():
            refs.setdefault(key, ArticleRef(text, None, ""))
        # The command holds one batch at a time; this stage holds them all, so keep the
        # garbage collector from walking them over and over (an artefact of the stage).
        gc.freeze()

        def checks(with_articles: bool) -> None:
            checker = Checker(refs if with_articles else None)
            source = checker.source("bench", "line")
            for batch in batches:
                if checker.check_batch("quote", batch, source):
                    raise SystemExit("a record is not valid")

        def whole(path: Path, **options) -> None:
            summary = run_validation([str(path)], out=io.StringIO(), **options)
            if not summary.ok or summary.records != count:
                raise SystemExit(f"unexpected result: {summary.to_json()}")

        def count_records(file) -> int:
            return sum(len(batch) for batch in file.batches() if type(batch) is not FileProblem)

        print("stages")
        report("read + parse JSON Lines (orjson)", best_rate(count, lambda: count_records(jsonl_file), args.repeat))
        report("read Parquet rows", best_rate(count, lambda: count_records(parquet_file), args.repeat))
        gate = validator("quote").gate
        report("compiled schema gate alone (jsonschema-rs)", best_rate(count, lambda: all(map(gate, parsed)),
                                                                       args.repeat))
        report("checks on parsed records (gate included)", best_rate(count, lambda: checks(False), args.repeat))
        report("checks on parsed records, against article texts", best_rate(count, lambda: checks(True), args.repeat))
        gc.unfreeze()
        batches.clear()  # the stage is over: let its records go (the closures above keep the names)
        parsed.clear()
        gc.collect()

        print("whole validation in this process (what `quotekit validate` runs, after start-up)")
        report("JSON Lines", best_rate(count, lambda: whole(quotes), args.repeat))
        report("JSON Lines --articles (reading the articles included)",
               best_rate(count, lambda: whole(quotes, articles=str(articles)), args.repeat))
        started = time.process_time()
        reference_articles(articles)
        print(f"  (reading the {len(texts):,} articles of --articles alone: {time.process_time() - started:.2f} s CPU)")
        report("Parquet", best_rate(count, lambda: whole(parquet), args.repeat))

        sample = [json.loads(line) for line in open(quotes, encoding="utf-8").readlines()[:5000]]
        detailed = jsonschema.Draft202012Validator(load_schema("quote"))
        report("jsonschema, detailed (used only for failing records)",
               best_rate(len(sample), lambda: [detailed.is_valid(r) for r in sample], 1))

        one_quote, one_article = Path(tmp) / "one.jsonl", Path(tmp) / "one_article.jsonl"
        with open(quotes, "rb") as src:
            one_quote.write_bytes(src.readline())
        with open(articles, "rb") as src:
            one_article.write_bytes(src.readline())
        startup = min(cli_seconds("validate", one_quote, "--articles", one_article, text_budget=args.text_budget)
                      for _ in range(args.repeat))
        run = min(cli_seconds("validate", quotes, "--articles", articles, text_budget=args.text_budget)
                  for _ in range(args.repeat))
        print(f"the CLI in a new process: `quotekit validate quotes.jsonl --articles articles.jsonl`, "
              f"{run:.2f} s CPU, of which start-up {startup:.2f} s (the same command on one record)")
        print(f"  start-up included   {count / run:>9,.0f} /s CPU")
        print(f"  ACCEPTANCE: start-up excluded, >= 100,000 required   {count / (run - startup):>9,.0f} /s CPU")

        small, large = count // 4, count
        low, high = peak_memory_mb(quotes, small), peak_memory_mb(quotes, large)
        print(f"peak memory: {low:.0f} MB for {small:,} records, {high:.0f} MB for {large:,} "
              f"({(high - low) * 1024 * 1024 / (large - small):.0f} bytes per extra record: the index of ids seen)")
        print(f"peak memory with --articles: {peak_memory_mb(quotes, large, articles, args.text_budget):.0f} MB "
              f"for {large:,} records")


if __name__ == "__main__":
    main()
