"""`quotekit validate`: a corpus of bad inputs with the exact problems expected, the real
CLI's output and exit codes, --valid/--rejects losing nothing, release folders and their
splits, the Python API, and that every record quotekit writes passes."""
from __future__ import annotations

import gzip
import io
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings

import quotekit
from quotekit.article_texts import ArticleRef
from quotekit.extract import extract_article
from quotekit.readers import Article
from quotekit.record_files import BATCH_SIZE, record_files
from quotekit.schema import schema_versions
from quotekit.shards import write_shard
from quotekit.validate import RELEASE_MANIFESTS, Checker, check_files, file_kinds, reference_articles
from quotekit.validate_output import run_validation

from .conftest import DIST, ROOT
from .test_gates import GOLDEN, ODD_VALUES, TEXTS, _changed
from .test_properties import ARTICLE_TEXT

CORPUS = ROOT / "tests" / "data" / "validate"
SUMMARY_PREFIXES = ("checked ", "  ", "quotes were not checked")

# (file in the corpus, options, every problem `quotekit validate FILE` prints, in order)
CASES = [
    ("valid.jsonl", {"articles": "articles.jsonl"}, []),
    # JSON Lines allows CRLF (white space around a value is ignored), so it is no problem.
    ("crlf.jsonl", {"articles": "articles.jsonl"}, []),
    ("truncated.jsonl", {}, [
        "truncated.jsonl, line 2, $: is not valid JSON (Unterminated string starting at column 60)"]),
    ("bom.jsonl", {}, [
        "bom.jsonl, line 1, id a1:11-23, $: starts with a byte order mark (U+FEFF), which JSON does not allow"]),
    ("binary.jsonl", {}, ["binary.jsonl, line 2, $: is not valid UTF-8 (byte 0x89 at column 1)"]),
    ("empty.jsonl", {}, ["empty.jsonl: is empty: it holds no records"]),
    ("blank.jsonl", {}, ["blank.jsonl: holds only blank lines: no records"]),
    ("nan.jsonl", {}, ["nan.jsonl, line 1, $: is not valid JSON (NaN is not allowed in JSON)"]),
    ("schema.jsonl", {}, [
        "schema.jsonl, line 1, id a1:11-23, $.speaker_mention.start: -1 is less than the minimum of 0",
        "schema.jsonl, line 2, id s2:11-23, $.kind: 'quip' is not one of ['direct', 'partial', 'block', 'scare']",
        "schema.jsonl, line 3, id s3:11-23, $: 'cue' is a required property",
        "schema.jsonl, line 4, id s4:11-23, $: Additional properties are not allowed ('speaker_gender' was unexpected)",
        "schema.jsonl, line 5, id s5:11-23, $.start: '11' is not of type 'integer'",
        "schema.jsonl, line 6, $: [1, 2] is not of type 'object'"]),
    ("versions.jsonl", {}, [
        "versions.jsonl, line 1, id a1:11-23, $.schema_version: '9.9.9' is not a published quote schema version "
        f"({', '.join(schema_versions('quote'))}); checked against {schema_versions('quote')[-1]}",
        "versions.jsonl, line 2, id v2:11-23, $: 'schema_version' is a required property"]),
    ("offsets.jsonl", {}, [
        "offsets.jsonl, line 1, id o1:11-11, $.end: 11 is not greater than start 11",
        "offsets.jsonl, line 2, id o2:11-23, $.quote: has 11 characters but end - start is 12",
        "offsets.jsonl, line 3, id o3:11-24, $.id: 'o3:11-24' is not <article_id>:<start>-<end> ('o3:11-23')",
        "offsets.jsonl, line 4, id o4:11-23, $.start: 11.0 is not an integer offset; write 11",
        "offsets.jsonl, line 5, id o5:11-23, $.cue.end: 4 is not greater than start 8"]),
    ("against_articles.jsonl", {"articles": "articles.jsonl"}, [
        "against_articles.jsonl, line 1, id zz:11-23, $.article_id: 'zz' is not the id of any article given",
        "against_articles.jsonl, line 2, id a4:1-7, $.quote: 'Mayb!,' is not the article's text[1:7] 'Maybe,'",
        "against_articles.jsonl, line 3, id a2:1-999, $.end: 999 is past the end of article 'a2' (33 characters)",
        "against_articles.jsonl, line 4, id a1:11-23, $.speaker_mention.text: 'Lea' is not the article's text[0:3] 'Lee'",
        "against_articles.jsonl, line 5, id a3:21-32, $.cue.end: 504 is past the end of article 'a3' (33 characters)"]),
    ("duplicates.jsonl", {}, [
        "duplicates.jsonl, line 3, id a1:11-23, $.id: 'a1:11-23' is already used (first at line 1)"]),
    ("splits.jsonl", {}, [
        "splits.jsonl, line 2, id a1:41-46, $.split: quote is in split 'test' but other quotes of article 'a1' are "
        "in 'train' (first at line 1)",
        "splits.jsonl, line 3, id a2:1-12, $.split: 5 is not a split name"]),
    ("array.json", {}, [
        "array.json, item 2 (line 4), id a3:21-32, $.kind: 'quip' is not one of ['direct', 'partial', 'block', 'scare']"]),
    ("single.json", {"articles": "articles.jsonl"}, []),  # a .json file may hold one record
    ("lines.json", {}, [
        "lines.json, item 0 (line 1), $: is not valid JSON (extra data at line 2); a .json file holds one JSON value, "
        "an array of records or one record (JSON Lines go in .jsonl)"]),
    ("surrogate.jsonl", {}, [
        "surrogate.jsonl, line 1, id a1:11-23, $: holds a lone surrogate escape (such as \\ud800), "
        "which is no Unicode character"]),
    ("array_truncated.json", {}, [
        "array_truncated.json, item 1 (line 3), $: is not valid JSON (Invalid control character at line 3); "
        "the rest of the file is not read"]),
    ("articles_bad.jsonl", {"kind": "article"}, [
        "articles_bad.jsonl, line 2, id a2, $: 'text' is a required property",
        "articles_bad.jsonl, line 2, id a2, $.title: 5 is not of type 'string', 'null'"]),
]


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if not line.startswith(SUMMARY_PREFIXES)]


def validate_text(paths: list, **options) -> str:
    out = io.StringIO()
    run_validation([str(p) for p in paths], out=out, **options)
    return out.getvalue()


@pytest.mark.parametrize("name, options, expected", CASES, ids=[case[0] for case in CASES])
def test_corpus_case_gives_exactly_the_expected_problems(monkeypatch, name, options, expected):
    monkeypatch.chdir(CORPUS)
    assert problem_lines(validate_text([name], **options)) == expected


def test_the_rest_of_a_file_is_still_checked_after_a_bad_line(tmp_path):
    valid, rejects = tmp_path / "valid.jsonl", tmp_path / "rejects.jsonl"
    for name in ("truncated.jsonl", "binary.jsonl", "nan.jsonl"):
        run_validation([str(CORPUS / name)], out=io.StringIO(), valid=str(valid), rejects=str(rejects))
        source_lines = (CORPUS / name).read_bytes().splitlines(keepends=True)
        rejected = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
        kept = valid.read_bytes().splitlines(keepends=True)
        # Every line is in exactly one of the two files; the valid ones byte for byte.
        assert len(kept) + len(rejected) == len(source_lines)
        assert kept == [line for number, line in enumerate(source_lines, 1)
                        if f"line {number}" not in {r["location"] for r in rejected}]


# -- the real CLI ----------------------------------------------------------------------------

def test_cli_prints_every_problem_and_a_summary_and_exits_1(cli):
    result = cli("validate", "schema.jsonl", "offsets.jsonl", cwd=CORPUS)
    assert result.returncode == 1 and result.stderr == ""
    expected = dict((name, lines) for name, _, lines in CASES)
    assert result.stdout.splitlines() == expected["schema.jsonl"] + expected["offsets.jsonl"] + [
        "checked 2 files, 11 records: 0 valid, 11 invalid, 11 problems",
        "  id_format                    1",
        "  offset_type                  1",
        "  schema.additionalProperties  1",
        "  schema.enum                  1",
        "  schema.minimum               1",
        "  schema.required              1",
        "  schema.type                  2",
        "  span_length                  1",
        "  span_order                   2",
        "quotes were not checked against article texts: no articles given (--articles)",
    ]


def test_cli_exits_0_when_all_records_are_valid(cli):
    result = cli("validate", "valid.jsonl", "--articles", "articles.jsonl", cwd=CORPUS)
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "checked 1 file, 5 records: 5 valid, 0 invalid, 0 problems\n", "")


def test_cli_json_format_is_one_document(cli):
    result = cli("validate", "duplicates.jsonl", "--format", "json", cwd=CORPUS)
    assert result.returncode == 1
    assert json.loads(result.stdout) == {
        "problems": [{"file": "duplicates.jsonl", "location": "line 3", "id": "a1:11-23", "path": "$.id",
                      "check": "duplicate_id", "message": "'a1:11-23' is already used (first at line 1)"}],
        "summary": {"files": 1, "records": 3, "valid": 2, "invalid": 1, "problems": 1,
                    "by_check": {"duplicate_id": 1}, "articles_checked": False},
    }


def test_cli_rejects_and_valid_files_keep_every_record(cli, tmp_path):
    result = cli("validate", "binary.jsonl", "against_articles.jsonl", "--articles", "articles.jsonl",
                 "--valid", tmp_path / "ok.jsonl", "--rejects", tmp_path / "bad.jsonl", cwd=CORPUS)
    assert result.returncode == 1
    rejects = [json.loads(line) for line in (tmp_path / "bad.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["file"], r["location"], r["id"], [reason["check"] for reason in r["reasons"]]) for r in rejects] == [
        ("binary.jsonl", "line 2", None, ["not_utf8"]),
        ("against_articles.jsonl", "line 1", "zz:11-23", ["unknown_article"]),
        ("against_articles.jsonl", "line 2", "a4:1-7", ["span_text"]),
        ("against_articles.jsonl", "line 3", "a2:1-999", ["span_bounds"]),
        ("against_articles.jsonl", "line 4", "a1:11-23", ["duplicate_id", "span_text"]),  # as binary.jsonl line 1
        ("against_articles.jsonl", "line 5", "a3:21-32", ["span_bounds"]),
    ]
    assert rejects[0]["record"] is None and rejects[0]["raw"] == "\\x89PNG\u0000\u001a\\xff\\xfe\u0000"
    assert rejects[1]["record"] == json.loads((CORPUS / "against_articles.jsonl").read_text().splitlines()[0])
    binary = (CORPUS / "binary.jsonl").read_bytes().splitlines(keepends=True)
    assert (tmp_path / "ok.jsonl").read_bytes().splitlines(keepends=True) == [binary[0], binary[2]]


@pytest.mark.parametrize("args, message", [
    (["nope.jsonl"], "quotekit: error: nope.jsonl: no such file or folder"),
    (["articles.csv"], "quotekit: error: articles.csv: unknown format; expected one of .jsonl, .ndjson, "
                       ".jsonl.gz, .ndjson.gz, .json, .parquet"),
    (["valid.jsonl", "--articles", "nope"], "quotekit: error: --articles nope: no such file or folder"),
    (["valid.jsonl", "--valid", "valid.jsonl"], "is one of the files being checked"),
    (["valid.jsonl", "--schema", "speech"], "argument --schema: invalid choice: 'speech'"),
])
def test_cli_usage_errors_exit_2_without_a_trace(cli, tmp_path, args, message):
    shutil.copytree(CORPUS, tmp_path / "corpus")
    (tmp_path / "corpus" / "articles.csv").write_text("id,text\n")
    result = cli("validate", *args, cwd=tmp_path / "corpus")
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "corpus" / "valid.jsonl").read_bytes() == (CORPUS / "valid.jsonl").read_bytes()


def test_cli_writes_what_utf8_cannot_hold_as_escapes(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # A file name that is not UTF-8, and a record with a lone surrogate: printed and kept
    # as escapes, never a crash.
    (folder / os.fsdecode(b"caf\xe9.jsonl")).write_bytes((CORPUS / "surrogate.jsonl").read_bytes())
    result = cli("validate", folder, "--rejects", tmp_path / "bad.jsonl", "--valid", tmp_path / "ok.jsonl")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0] == (f"{folder}/caf\\udce9.jsonl, line 1, id a1:11-23, $: holds a lone "
                                             "surrogate escape (such as \\ud800), which is no Unicode character")
    [reject] = [json.loads(line) for line in (tmp_path / "bad.jsonl").read_text(encoding="utf-8").splitlines()]
    assert reject["record"]["speaker"] == "Lee \ud800"
    assert (tmp_path / "ok.jsonl").read_bytes() == (CORPUS / "surrogate.jsonl").read_bytes().splitlines(True)[1]


def test_cli_accepts_every_committed_release(cli):
    releases = sorted(DIST.glob("*/v*"))
    assert releases
    for release in releases:
        manifest = next(release / name for name in RELEASE_MANIFESTS if (release / name).is_file())
        counts = json.loads(manifest.read_text())["counts"]
        records = sum(sum(splits.values()) for splits in counts.values())
        result = cli("validate", release)
        assert result.returncode == 0, result.stdout
        shards = len(list(release.glob("*/*.parquet")))
        assert result.stdout == f"checked {shards} files, {records} records: {records} valid, 0 invalid, 0 problems\n"


def test_releases_in_one_folder_are_each_checked_on_their_own(tmp_path):
    release = sorted(DIST.glob("*/v*"))[0]
    shutil.copytree(release, tmp_path / "dist" / "v1.0.0")
    shutil.copytree(release, tmp_path / "dist" / "v1.0.1")  # the same ids again, in another release
    text = validate_text([tmp_path / "dist"])
    assert problem_lines(text) == [] and text.startswith(f"checked {2 * len(list(release.glob('*/*.parquet')))} files, ")


# -- release folders and splits --------------------------------------------------------------

def _corpus_records(name: str) -> list[dict]:
    return [json.loads(line) for line in (CORPUS / name).read_text(encoding="utf-8").splitlines()]


def _article_rows() -> list[dict]:
    return [{"schema_version": "1.0.0", **row, "title": None, "url": None, "source": None, "published": None}
            for row in _corpus_records("articles.jsonl")]


def test_release_folder_checks_quotes_against_its_articles_and_their_splits(tmp_path):
    articles, quotes = _article_rows(), _corpus_records("valid.jsonl")  # quotes of a1, a1, a2, a3, a4
    release = tmp_path / "v1.0.0"
    write_shard(release / "articles" / "train-00000-of-00001.parquet", "article", articles[:3])
    write_shard(release / "articles" / "test-00000-of-00001.parquet", "article", articles[3:])
    write_shard(release / "quotes" / "train-00000-of-00001.parquet", "quote", quotes[:3] + quotes[4:])
    write_shard(release / "quotes" / "test-00000-of-00001.parquet", "quote", [quotes[3]])
    write_shard(release / "quotes" / "validation-00000-of-00001.parquet", "quote", [])  # an empty split
    (release / "manifest.json").write_text("{}")
    text = validate_text([release])
    train_articles = release / "articles" / "train-00000-of-00001.parquet"
    assert problem_lines(text) == [
        f"{release}/quotes/test-00000-of-00001.parquet, row 0, id a3:21-32, $.article_id: quote is in split 'test' "
        f"but article 'a3' is in 'train' ({train_articles}, row 2)",
        f"{release}/quotes/train-00000-of-00001.parquet, row 3, id a4:1-7, $.article_id: quote is in split 'train' "
        f"but article 'a4' is in 'test' ({release}/articles/test-00000-of-00001.parquet, row 0)",
    ]
    assert text.splitlines()[2:] == ["checked 5 files, 9 records: 7 valid, 2 invalid, 2 problems",
                                     "  split  2"]


def test_parquet_values_json_cannot_hold_are_named(tmp_path):
    row = _corpus_records("valid.jsonl")[0]
    table = pa.Table.from_pylist([{**row, "confidence": float("nan")}, {**row, "id": "a1:41-46", "start": None}])
    pq.write_table(table, tmp_path / "quotes.parquet")
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
    pq.write_table(pa.table([pa.array(["a"]), pa.array(["b"])], names=["id", "id"]), tmp_path / "twice.parquet")
    files = [tmp_path / name for name in ("quotes.parquet", "twice.parquet", "broken.parquet")]
    lines = problem_lines(validate_text(files, kind="quote"))
    assert lines[:3] == [
        f"{tmp_path}/quotes.parquet, row 0, id a1:11-23, $.confidence: nan is not a JSON number",
        f"{tmp_path}/quotes.parquet, row 1, id a1:41-46, $.start: None is not of type 'integer'",
        f"{tmp_path}/twice.parquet: has more than one column named 'id'",
    ]
    assert len(lines) == 4 and lines[3].startswith(f"{tmp_path}/broken.parquet: is not a readable Parquet file (")


def test_gzipped_json_lines_and_a_json_array_read_across_chunks(tmp_path):
    records = _corpus_records("valid.jsonl")
    with gzip.open(tmp_path / "quotes.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in records)
    # An item far longer than the reader's 64 KiB window, of two-byte characters that the
    # window's edges cut in half, then more items after it.
    long_quote = {**records[0], "id": "big:0-100001", "article_id": "big", "quote": "é" * 100_001, "start": 0,
                  "end": 100_001, "speaker_mention": None, "cue": None}
    array = [records[0], long_quote] + records[1:] + [{**records[1], "kind": "quip"}]
    (tmp_path / "quotes.json").write_text("[" + ",\n ".join(json.dumps(r, ensure_ascii=False) for r in array) + "]",
                                          encoding="utf-8")
    assert problem_lines(validate_text([tmp_path / "quotes.jsonl.gz"])) == []
    assert problem_lines(validate_text([tmp_path / "quotes.json"])) == [
        f"{tmp_path}/quotes.json, item 6 (line 7), id a1:41-46, $.kind: 'quip' is not one of "
        "['direct', 'partial', 'block', 'scare']",
        f"{tmp_path}/quotes.json, item 6 (line 7), id a1:41-46, $.id: 'a1:41-46' is already used (first at item 2)",
    ]


# -- batches: the fast path finds what the record-by-record checks find -----------------------

def _record_by_record(files, kinds, articles) -> list[tuple[str, int | None, list[str]]]:
    """Every entry's problems from Checker.check alone, one record at a time (no batches,
    no fast path), for the entries that have any."""
    checker = Checker(articles)
    found = []
    for file in files:
        source = checker.source(str(file.path), file.unit)
        for entry in file.entries():
            if not hasattr(entry, "number"):  # a problem with the whole file
                found.append((str(file.path), None, [f"$: {entry.message}"]))
                continue
            findings = [f"$: {message}" for _, message in entry.problems]
            if entry.readable:
                findings += map(str, checker.check(kinds[file.path], entry.record, source, entry.number, file.split))
            if findings:
                found.append((str(file.path), entry.number, findings))
    return found


def _batched(files, kinds, articles) -> list[tuple[str, int | None, list[str]]]:
    return [(str(file.path), entry and entry.number, [f"{p.path}: {p.message}" for p in problems])
            for file, entry, problems in check_files(files, kinds, articles) if problems]


def test_batches_find_what_record_by_record_checks_find(tmp_path):
    # Every bad quote line of the corpus among good records, several times over, so that
    # duplicates and splits reach across batches; and golden records with odd values.
    corpus = b"".join((CORPUS / name).read_bytes() for name in (
        "valid.jsonl", "offsets.jsonl", "against_articles.jsonl", "duplicates.jsonl", "splits.jsonl", "schema.jsonl",
        "bom.jsonl",
        "surrogate.jsonl", "versions.jsonl", "truncated.jsonl", "nan.jsonl", "binary.jsonl", "crlf.jsonl"))
    rng = random.Random(7)
    changed = [_changed(rng.choice(GOLDEN), [(rng.choice([("start",), ("end",), ("id",), ("speaker_mention", "end"),
                                                          ("cue", "start"), ("quote",), ("schema_version",)]),
                                              rng.choice(ODD_VALUES))]) for _ in range(300)]
    lines = b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"
                     for r in GOLDEN[:400] + changed)
    (tmp_path / "quotes.jsonl").write_bytes(corpus * (BATCH_SIZE // 20) + b"\n\n" + lines + corpus)
    for split in ("train", "test"):  # splits from the file names
        (tmp_path / f"{split}-00000-of-00001.jsonl").write_bytes(corpus + lines[:20_000])
    articles, problems = reference_articles(CORPUS / "articles.jsonl")
    assert problems == []
    for key, text in TEXTS.items():
        articles.setdefault(key, ArticleRef(text, None, "seeds"))
    files = record_files([tmp_path / name for name in ("quotes.jsonl", "train-00000-of-00001.jsonl",
                                                       "test-00000-of-00001.jsonl")])
    kinds = file_kinds(files, "quote")
    for refs in (articles, None):
        expected = _record_by_record(files, kinds, refs)
        assert len(expected) > 2 * BATCH_SIZE // 20
        assert _batched(files, kinds, refs) == expected


# -- the Python API --------------------------------------------------------------------------

def test_validate_records_api_takes_quotekit_records_and_dicts():
    article = Article("n1", "“We stay,” Lee said. Later he said: “We go.”")
    records = extract_article(article)
    assert [r.quote for r in records] == ["We stay,", "We go."]
    report = quotekit.validate_records(records, articles={"n1": article.text})
    assert report.ok and report.problems == [] and report.summary.records == 2
    bad = {**records[1].to_dict(), "quote": "We went."}
    report = quotekit.validate_records([records[0], bad], articles=[article])
    assert [str(p) for p in report.problems] == [
        "record 1, id n1:37-43, $.quote: 'We went.' is not the article's text[37:43] 'We go.'"]
    assert [(p.number, p.check) for p in report.problems] == [(1, "span_text")]
    assert str(report).splitlines()[1:] == ["checked 2 records: 1 valid, 1 invalid, 1 problem",
                                            "  span_text  1"]


def test_validate_records_api_detects_article_records():
    articles = _article_rows()
    report = quotekit.validate_records(articles + [{**articles[0], "url": 7}])
    assert [str(p) for p in report.problems] == [
        "record 4, id a1, $.url: 7 is not of type 'string', 'null'",
        "record 4, id a1, $.id: 'a1' is already used (first at record 0)"]


# -- everything quotekit writes passes -------------------------------------------------------

@settings(max_examples=150)
@given(ARTICLE_TEXT)
def test_any_record_quotekit_writes_passes_validate(text):
    records = [r.to_dict() for r in extract_article(Article("p1", text))]
    if not records:
        return  # nothing is written (and validate would report an empty file)
    with tempfile.TemporaryDirectory() as tmp:
        quotes, articles = Path(tmp) / "quotes.jsonl", Path(tmp) / "articles.jsonl"
        # Written as `quotekit extract` writes them, checked as `quotekit validate` checks them.
        quotes.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        articles.write_text(json.dumps({"id": "p1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
        files = record_files([quotes])
        refs, problems = reference_articles(articles)
        found = [str(p) for _, _, ps in check_files(files, file_kinds(files), refs) for p in ps]
        assert problems == [] and found == []


def test_ids_moved_to_disk_give_the_same_report(tmp_path, monkeypatch):
    """Past MEMORY_IDS the ids seen go to an SQLite table, so memory stays bounded; the
    duplicates found, and where each was first seen, do not change."""
    import quotekit.id_index

    lines = [json.dumps(record) for record in _corpus_records("valid.jsonl")]
    files = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    files[0].write_text("\n".join(lines + lines[:2]) + "\n", encoding="utf-8")  # duplicates in one file
    files[1].write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")          # and across files
    in_memory = validate_text(files)
    assert in_memory.count("is already used (first at") == len(lines) + 1

    moved: list[int] = []

    class CountedDiskIds(quotekit.id_index.DiskIds):
        def __init__(self, ids, labelled=False):
            moved.append(len(ids))
            super().__init__(ids, labelled)

    monkeypatch.setattr(quotekit.id_index, "MEMORY_IDS", 3)
    monkeypatch.setattr(quotekit.id_index, "DiskIds", CountedDiskIds)
    assert validate_text(files) == in_memory
    assert moved and moved[0] >= 3


def test_quote_splits_moved_to_disk_give_the_same_report(tmp_path, monkeypatch):
    """Quotes that carry their split, with no articles given, remember each article's first
    split; past MEMORY_IDS articles that index goes to disk too, with the same conflicts
    found, the same first places, and names that SQLite text cannot hold (a lone surrogate)."""
    import quotekit.id_index

    record = _corpus_records("valid.jsonl")[0]  # article a1, quote 11-23
    articles = ["a1", "a2\ud800", "a3é", "a4"]
    lines = [json.dumps({**record, "id": f"{article}:{n}", "article_id": article, "split": split})
             for n, split in enumerate(["train", "test", "val\udce9"]) for article in articles]
    lines += [json.dumps({**record, "id": f"{article}:9", "article_id": article, "split": "test"})
              for article in articles]
    path = tmp_path / "quotes.jsonl"
    path.write_text("\n".join(lines) + "\n")
    in_memory = validate_text([path])
    conflicts = [line for line in in_memory.splitlines() if "other quotes of article" in line]
    assert len(conflicts) == 3 * len(articles)
    assert conflicts[0].endswith("quote is in split 'test' but other quotes of article 'a1' are in 'train' "
                                 "(first at line 1)")
    assert "other quotes of article 'a2\\ud800' are in 'train' (first at line 2)" in in_memory
    moved: list[bool] = []

    class CountedDiskIds(quotekit.id_index.DiskIds):
        def __init__(self, ids, labelled=False):
            moved.append(labelled)
            super().__init__(ids, labelled)

    monkeypatch.setattr(quotekit.id_index, "DiskIds", CountedDiskIds)
    for limit in (0, 2):
        monkeypatch.setattr(quotekit.id_index, "MEMORY_IDS", limit)
        assert validate_text([path]) == in_memory
    assert moved.count(True) == 2  # the split index went to disk, once per run


def test_an_id_with_a_lone_surrogate_is_found_again_on_disk(tmp_path, monkeypatch):
    """A record's id may hold a lone surrogate (a \\ud800 escape in its JSON), which an
    SQLite text cannot: on disk as in memory, it is reported when it comes again."""
    import quotekit.id_index

    record = _corpus_records("valid.jsonl")[0]
    lines = [json.dumps({**record, "id": record_id}) for record_id in ("a1:11-23\ud800", "a1:11-23", "a1:11-23é")]
    (tmp_path / "quotes.jsonl").write_text("\n".join(lines + lines) + "\n")
    in_memory = validate_text([tmp_path / "quotes.jsonl"])
    assert [line.split("$.id: ")[1] for line in in_memory.splitlines() if "already used" in line] == [
        "'a1:11-23\\ud800' is already used (first at line 1)", "'a1:11-23' is already used (first at line 2)",
        "'a1:11-23é' is already used (first at line 3)"]
    monkeypatch.setattr(quotekit.id_index, "MEMORY_IDS", 0)
    assert validate_text([tmp_path / "quotes.jsonl"]) == in_memory


def _every_output(paths: list[Path], out: Path, **options) -> tuple:
    """What `quotekit validate PATHS` writes: the text report, the JSON report, the --valid
    and --rejects files, and the summary (whose .ok gives the exit code)."""
    text, as_json = io.StringIO(), io.StringIO()
    summary = run_validation([str(p) for p in paths], out=text, valid=str(out / "valid.jsonl"),
                             rejects=str(out / "rejects.jsonl"), **options)
    run_validation([str(p) for p in paths], out=as_json, format="json", **options)
    return (text.getvalue(), as_json.getvalue(), (out / "valid.jsonl").read_bytes(),
            (out / "rejects.jsonl").read_bytes(), summary.to_json())


@pytest.mark.parametrize("kept", [0, 1], ids=["all-on-disk", "first-in-memory"])
def test_article_texts_moved_to_disk_give_the_same_report(tmp_path, monkeypatch, kept):
    """Past MEMORY_TEXT_BYTES the reference texts go to an SQLite table, so memory stays
    bounded; every problem, in the same order, the --valid and --rejects files and the
    summary stay the same, with --articles and for a release folder (articles read first)."""
    import quotekit.article_texts

    articles = _article_rows()  # a1, a2, a3 in train; a4 in test; a second a3 in validation
    again = {**articles[2], "text": "Not the same text at all."}
    quotes = _corpus_records("valid.jsonl") + _corpus_records("against_articles.jsonl")
    given, release, out = tmp_path / "given", tmp_path / "release" / "v1.0.0", tmp_path / "out"
    (given / "articles").mkdir(parents=True)
    for split, rows in (("train", articles[:3]), ("test", articles[3:]), ("validation", [again])):
        (given / "articles" / f"{split}-00000-of-00001.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
        write_shard(release / "articles" / f"{split}-00000-of-00001.parquet", "article", rows)
    (given / "train-00000-of-00001.jsonl").write_text("".join(json.dumps(q) + "\n" for q in quotes))
    write_shard(release / "quotes" / "train-00000-of-00001.parquet", "quote", quotes)
    (release / "release.json").write_text("{}")
    out.mkdir()
    runs = [([given / "train-00000-of-00001.jsonl"], {"articles": str(given / "articles")}), ([release], {})]
    in_memory = [_every_output(paths, out, **options) for paths, options in runs]
    quotes_file, shards = given / "train-00000-of-00001.jsonl", release / "articles"
    a4_in_test = "$.article_id: quote is in split 'train' but article 'a4' is in 'test'"
    assert problem_lines(in_memory[0][0]) == [
        f"{given}/articles/validation-00000-of-00001.jsonl, id a3: article id 'a3' is already used "
        f"({given}/articles/train-00000-of-00001.jsonl)",
        f"{quotes_file}, line 5, id a4:1-7, {a4_in_test} ({given}/articles/test-00000-of-00001.jsonl)",
        f"{quotes_file}, line 6, id zz:11-23, $.article_id: 'zz' is not the id of any article given",
        f"{quotes_file}, line 7, id a4:1-7, $.id: 'a4:1-7' is already used (first at line 5)",
        f"{quotes_file}, line 7, id a4:1-7, $.quote: 'Mayb!,' is not the article's text[1:7] 'Maybe,'",
        f"{quotes_file}, line 7, id a4:1-7, {a4_in_test} ({given}/articles/test-00000-of-00001.jsonl)",
        f"{quotes_file}, line 8, id a2:1-999, $.end: 999 is past the end of article 'a2' (33 characters)",
        f"{quotes_file}, line 9, id a1:11-23, $.id: 'a1:11-23' is already used (first at line 1)",
        f"{quotes_file}, line 9, id a1:11-23, $.speaker_mention.text: 'Lea' is not the article's text[0:3] 'Lee'",
        f"{quotes_file}, line 10, id a3:21-32, $.id: 'a3:21-32' is already used (first at line 4)",
        f"{quotes_file}, line 10, id a3:21-32, $.cue.end: 504 is past the end of article 'a3' (33 characters)"]
    in_release = problem_lines(in_memory[1][0])
    assert len(in_release) == 11 and in_release[0] == (
        f"{shards}/validation-00000-of-00001.parquet, row 0, id a3, $.id: 'a3' is already used "
        f"(first at {shards}/train-00000-of-00001.parquet, row 2)")
    assert [line for line in in_release if a4_in_test in line] == [
        f"{release}/quotes/train-00000-of-00001.parquet, row {row}, id a4:1-7, {a4_in_test} "
        f"({shards}/test-00000-of-00001.parquet, row 0)" for row in (4, 6)]

    stored: list[str] = []

    class SpiedDiskTexts(quotekit.article_texts.DiskTexts):
        def setdefault(self, article_id, ref):
            stored.append(article_id)
            return super().setdefault(article_id, ref)

    budget = max(sys.getsizeof(row["text"]) for row in articles) + quotekit.article_texts.ARTICLE_BYTES
    monkeypatch.setattr(quotekit.article_texts, "MEMORY_TEXT_BYTES", kept * budget)
    monkeypatch.setattr(quotekit.article_texts, "DiskTexts", SpiedDiskTexts)
    # --articles reads all five articles; in a release the second a3 is refused as a duplicate record.
    for (paths, options), expected, articles_read in zip(runs, in_memory, (5, 4)):
        stored.clear()
        assert _every_output(paths, out, **options) == expected
        assert len(stored) == 2 * (articles_read - kept)  # two runs: text and JSON


def test_article_texts_on_disk_give_back_every_text_whole(monkeypatch):
    """A text, an id or a file name may hold a lone surrogate or a NUL, which come back
    from disk as they went in; the first article given for an id stays."""
    import quotekit.article_texts

    monkeypatch.setattr(quotekit.article_texts, "MEMORY_TEXT_BYTES", 0)
    texts = quotekit.article_texts.ArticleTexts()
    odd, plain = ArticleRef("“A\ud800\x00b,” Lee said.", None, os.fsdecode(b"caf\xe9.jsonl")), ArticleRef("é", "train", "x")
    assert texts.setdefault("a\udc80", odd) is odd and texts.setdefault("é", plain) is plain
    assert texts.setdefault("é", ArticleRef("another", "test", "y")) == plain
    assert [texts.get(key) for key in ("a\udc80", "a\udc80", "é", "a", "é")] == [odd, odd, plain, None, plain]


def test_a_full_disk_under_the_scratch_files_is_a_clear_error(tmp_path):
    """Article texts spilled to a scratch SQLite file on a disk that takes no more (a file
    size limit of 64 kB): a message naming the folder and what to do, exit 2, no traceback."""
    import subprocess

    text = "The minister spoke at length. " * 4000  # 120 kB an article: past SQLite's page cache
    articles, quotes = tmp_path / "articles.jsonl", tmp_path / "quotes.jsonl"
    articles.write_text("".join(json.dumps({"id": f"a{i:03d}", "text": text}) + "\n" for i in range(50)))
    rows = [r.to_dict() for i in range(2) for r in extract_article(Article(f"a{i:03d}", 'He said "yes" twice.'))]
    quotes.write_text("".join(json.dumps(row) + "\n" for row in rows))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024)); "
            "import quotekit.article_texts as texts; texts.MEMORY_TEXT_BYTES = 0; "
            "from quotekit.cli import main; sys.exit(main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, "validate", str(quotes), "--articles", str(articles)],
                          capture_output=True, text=True, env={**os.environ, "TMPDIR": str(scratch)})
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"a scratch SQLite file in {scratch} failed" in done.stderr and "TMPDIR" in done.stderr
