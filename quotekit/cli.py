"""The quotekit command line: a thin layer over the library.

Exit codes: 0 success, 1 bad or rejected data, 2 usage or I/O errors.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import shutil
import sys
import tempfile
from pathlib import Path

from . import __version__
from .checksums import ChecksumError
from .download import BadRelease, DownloadError, download, read_index
from .engines import ENGINES
from .errors import BuildError
from .readers import InputError, InputProblem, read_articles
from .schema import RECORD_KINDS, validator
from .splits import ComponentLimit, SplitRatios

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def _error(message: str) -> None:
    print(f"quotekit: error: {message}", file=sys.stderr)


def cmd_extract(args: argparse.Namespace) -> int:
    # Imported by the commands that extract: the rules take a quarter of a second to compile.
    from .cluster_pass import ClusterPass
    from .extract import extract_article
    from .progress import Bars, counted

    bars = Bars(False if args.quiet else None)
    problems = rejected = 0
    check = validator("quote")
    out = Path(args.output)
    kept = 0
    # The whole records wait in a spool file while the cluster pass, on disk, reads them;
    # what is rejected (input records, quote records) waits in another, in input order, so
    # that neither grows in memory. Input problems are reported as they are met.
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool, \
            tempfile.TemporaryFile("w+", encoding="utf-8", errors="backslashreplace") as rejects_spool, \
            ClusterPass() as clusters:

        def keep_problem(problem: InputProblem) -> None:
            nonlocal problems
            rejects_spool.write(json.dumps(problem.to_json(), ensure_ascii=False, default=str) + "\n")
            _error(str(problem))
            problems += 1

        with bars("articles", " articles") as bar:
            for number, article in enumerate(read_articles(args.input, on_problem=keep_problem)):
                valid = []
                for record in extract_article(article):
                    row = record.to_dict()
                    errors = check.errors(row)
                    if errors:
                        reject = {"id": row["id"], "reasons": [str(e) for e in errors], "record": row}
                        rejects_spool.write(json.dumps(reject, ensure_ascii=False) + "\n")
                        rejected += 1
                    else:
                        spool.write(json.dumps(row, ensure_ascii=False) + "\n")
                        valid.append(row)
                clusters.add(article.id, article.published, valid)
                kept += len(valid)
                if number % 100 == 0:  # formatting it costs more than the update
                    bar.set_postfix(quotes=kept, refresh=False)  # drawn by the update
                bar.update()
        clusters.run(bars)
        spool.seek(0)
        with open(out, "w", encoding="utf-8") as handle, bars("writing", " quotes", kept) as bar:
            for line, annotation in counted(zip(spool, clusters.annotations()), bar):
                # with quote_cluster_id, and consensus speakers
                handle.write(json.dumps(annotation.apply(json.loads(line)), ensure_ascii=False) + "\n")
        print(f"wrote {kept} quote records to {out}", file=sys.stderr)
        if not problems and not rejected:
            return EXIT_OK
        rejects = out.with_name(out.stem + ".rejects.jsonl")
        with open(rejects, "w", encoding="utf-8", errors="backslashreplace") as handle:  # as in build
            rejects_spool.seek(0)
            shutil.copyfileobj(rejects_spool, handle)
    _error(f"{problems} input records and {rejected} quote records rejected; kept with their reasons in {rejects}")
    return EXIT_DATA


def cmd_build(args: argparse.Namespace) -> int:
    from .build import Scale, build_release

    try:
        ratios = SplitRatios.parse(args.splits)
    except ValueError as error:
        _error(f"--splits: {error}")
        return EXIT_USAGE
    if args.workers is not None and args.workers < 1:
        _error("--workers must be at least 1")
        return EXIT_USAGE
    if not 0 < args.max_group_share <= 1:
        _error(f"--max-group-share must be more than 0 and at most 1, got {args.max_group_share}")
        return EXIT_USAGE
    scale = Scale(workers=args.workers, engine=args.engine, scheduler=args.scheduler)
    result = build_release(args.input, args.out, args.name, args.version, ratios,
                           progress=None if not args.quiet else False, scale=scale,
                           limit=ComponentLimit(share=args.max_group_share))
    if result.rejects:
        for reject in result.rejects[:20]:
            _error(f"{reject.source}{' id ' + reject.record_id if reject.record_id else ''}: {'; '.join(reject.reasons)}")
        _error(f"{result.reject_count} records rejected; nothing was released. "
               f"The rejects and their reasons are in {result.rejects_path}")
        return EXIT_DATA
    counts = result.counts
    summary = ", ".join(f"{split} {counts['articles'][split]} articles / {counts['quotes'][split]} quotes"
                        for split in counts["quotes"])
    if result.unchanged:
        print(f"{result.release_dir} is already released and this build is identical to it ({summary})")
    else:
        print(f"released {result.release_dir} ({summary})")
    return EXIT_OK


def cmd_releases(args: argparse.Namespace) -> int:
    base, index = read_index(args.source)
    if args.json:
        print(json.dumps(index, indent=2, sort_keys=True))
        return EXIT_OK
    print(f"{index['name']} at {base}")
    print(f"{'version':<10}{'articles':>10}{'quotes':>10}  quotekit")
    for entry in index["releases"]:
        latest = "  latest" if entry["version"] == index["latest"] else ""
        print(f"{entry['version']:<10}{entry.get('articles', '?'):>10}{entry.get('quotes', '?'):>10}  "
              f"{entry.get('quotekit_version') or '?'}{latest}")
    return EXIT_OK


def cmd_download(args: argparse.Namespace) -> int:
    got = download(args.source, args.version, args.dest, progress=False if args.quiet else None)
    print(f"downloaded {got.name} {got.version} to {got.folder}: {got.files} files, {got.size} bytes, "
          f"every checksum verified (SHA256SUMS sha256 {got.sums_sha256})")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, load_gold, load_predictions

    try:
        gold = [article for path in args.gold for article in load_gold(path)]
        predictions = load_predictions(args.pred) if args.pred else None
    except ValueError as error:
        _error(str(error))
        return EXIT_DATA
    report = evaluate(gold, predictions)
    result = report.as_dict()
    if args.format == "json":
        print(json.dumps({**result, "errors": report.errors[: args.errors]}, indent=2, ensure_ascii=False))
    else:
        print(_format_report(result, report.errors[: args.errors]))
    if args.min_f1 is not None and result["e2e_f1"] < args.min_f1:
        _error(f"end-to-end F1 {result['e2e_f1']:.4f} is below --min-f1 {args.min_f1}")
        return EXIT_DATA
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import ValidationUsageError
    from .validate_output import run_validation

    try:
        summary = run_validation(args.paths, out=sys.stdout, kind=args.schema, articles=args.articles,
                                 format=args.format, valid=args.valid, rejects=args.rejects)
    except ValidationUsageError as error:
        _error(str(error))
        return EXIT_USAGE
    return EXIT_OK if summary.ok else EXIT_DATA


def _format_report(result: dict, errors: list[dict]) -> str:
    lines = [
        f"quotes: gold {result['gold']}, predicted {result['predicted']}, matched {result['matched']}"
        + (f" (and {result['out_of_scope']} single-quoted, outside the gold's scope)" if result["out_of_scope"] else ""),
        f"span      P {result['span_precision']:.4f}  R {result['span_recall']:.4f}  F1 {result['span_f1']:.4f}",
        f"speaker   accuracy on matched {result['speaker_accuracy']:.4f}",
        f"end-to-end P {result['e2e_precision']:.4f}  R {result['e2e_recall']:.4f}  F1 {result['e2e_f1']:.4f}",
        "", "by rule (precision = speaker right / predicted):",
    ]
    for rule, row in result["by_rule"].items():
        lines.append(f"  {rule:<24} predicted {row['predicted']:>5}  right {row['speaker_right']:>5}  "
                     f"precision {row['precision']:.3f}")
    lines += ["", "by gold kind (recall of span, and of span + speaker):"]
    for kind, row in result["by_kind"].items():
        lines.append(f"  {kind:<10} gold {row['gold']:>5}  found {row['recall']:.3f}  right {row['e2e_recall']:.3f}")
    if errors:
        lines += ["", "errors:"]
        for e in errors:
            detail = f"predicted {e.get('speaker')!r} gold {e.get('gold_speaker')!r}" if e["error"] == "wrong_speaker" \
                else f"speaker {e.get('speaker', e.get('gold_speaker'))!r}"
            lines.append(f"  {e['error']:<13} {e['article']}:{e['start']}-{e['end']} {e['quote'][:60]!r} {detail}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quotekit", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"quotekit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="find quotations and their speakers; write JSONL")
    extract.add_argument("input", help="a folder of .txt files, a JSONL file or a Parquet file (or a folder of them)")
    extract.add_argument("-o", "--output", required=True, help="the JSONL file to write")
    extract.add_argument("--quiet", action="store_true", help="no progress bars")
    extract.set_defaults(run=cmd_extract)

    build = commands.add_parser("build", help="build a versioned dataset release")
    build.add_argument("input", help="articles: a folder of .txt, JSONL or Parquet files")
    build.add_argument("--out", default="dist", help="folder that holds releases (default: dist)")
    build.add_argument("--name", required=True, help="dataset name: the release goes to OUT/NAME/vVERSION")
    build.add_argument("--version", required=True, dest="version",
                       help="semantic version X.Y.Z, or patch, minor or major to bump the newest release in OUT/NAME")
    build.add_argument("--splits", default="80/10/10", help="train/validation/test ratios (default 80/10/10)")
    build.add_argument("--max-group-share", type=float, default=ComponentLimit().share,
                       help="the largest share of the corpus that one group of articles sharing quotations may "
                       "hold before its weakest link is cut (default 0.01; 1: never cut, strictly leak-free)")
    build.add_argument("--quiet", action="store_true", help="no progress bars")
    build.add_argument("--workers", type=int, help="processes that extract (default: every core); "
                       "the release is the same for any number")
    build.add_argument("--engine", choices=ENGINES, default="local",
                       help="local: a process pool on this machine; dask: a Dask cluster (pip install 'quotekit[dask]')")
    build.add_argument("--scheduler", help="with --engine dask: the scheduler address, e.g. tcp://10.0.0.5:8786 "
                       "(default: start a local cluster of --workers processes)")
    build.set_defaults(run=cmd_build)

    releases = commands.add_parser("releases", help="list the versions published at SOURCE")
    releases.add_argument("source", help="URL (http://, https://, file://) or folder laid out like dist/NAME/")
    releases.add_argument("--json", action="store_true", help="print the releases.json index")
    releases.set_defaults(run=cmd_releases)

    fetch = commands.add_parser("download", help="download one release and verify every checksum")
    fetch.add_argument("source", help="URL (http://, https://, file://) or folder laid out like dist/NAME/")
    fetch.add_argument("--version", required=True, dest="version", help="X.Y.Z, or latest")
    fetch.add_argument("--dest", required=True, help="folder to create for the release (absent or empty)")
    fetch.add_argument("--quiet", action="store_true", help="no progress bar")
    fetch.set_defaults(run=cmd_download)

    evaluation = commands.add_parser("eval", help="score extraction against gold annotations")
    evaluation.add_argument("gold", nargs="+", help="gold JSONL: one article per line with its quotes")
    evaluation.add_argument("--pred", help="score this JSONL of quote records instead of running extraction")
    evaluation.add_argument("--min-f1", type=float, help="exit 1 when end-to-end F1 is below this")
    evaluation.add_argument("--format", choices=("text", "json"), default="text")
    evaluation.add_argument("--errors", type=int, default=50, help="how many errors to list (default 50)")
    evaluation.set_defaults(run=cmd_eval)

    validate = commands.add_parser("validate", help="check quote or article records against the published schema")
    validate.add_argument("paths", nargs="+", metavar="PATH",
                          help="JSONL, JSON array or Parquet files of records, or folders of them (a release too)")
    validate.add_argument("--schema", choices=RECORD_KINDS, help="the kind of record (default: detected per file)")
    validate.add_argument("--articles", metavar="PATH",
                          help="check quotes against these articles' texts (.txt folder, JSONL or Parquet)")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.add_argument("--valid", metavar="FILE", help="write the valid records to this JSONL file")
    validate.add_argument("--rejects", metavar="FILE", help="write each invalid record with its reasons to this JSONL file")
    validate.set_defaults(run=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except InputError as error:
        _error(str(error))
        return EXIT_DATA
    except BuildError as error:
        _error(str(error))
        return EXIT_USAGE
    except (ChecksumError, BadRelease) as error:
        _error(str(error))
        return EXIT_DATA
    except DownloadError as error:
        _error(str(error))
        return EXIT_USAGE
    except OSError as error:
        _error(f"{error.filename or ''}: {error.strerror or error}")
        return EXIT_USAGE
    except sqlite3.Error as error:  # the scratch files that keep validation and extraction bounded
        _error(f"a scratch SQLite file in {tempfile.gettempdir()} failed ({error}); free disk space there, "
               f"or set TMPDIR to a larger disk")
        return EXIT_USAGE
