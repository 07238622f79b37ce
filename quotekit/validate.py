"""Check quote and article records, from files or from Python, against the published JSON
Schema (the version each record names, else the newest) and against what a schema cannot
say: spans that slice their article, ids that are unique and well formed, article ids that
exist, and every quote in its article's split.

Records stream through a batch at a time; what is remembered is what the checks need: the
ids seen (on disk past ``id_index.MEMORY_IDS``), the split of each article, and the
reference articles' texts (on disk past ``article_texts.MEMORY_TEXT_BYTES``). A valid
quote record passes a flat fast path (the compiled schema gate, then cheap comparisons);
only the records it refuses get the detailed checks, which say what is wrong.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from .article_texts import ArticleRef, ArticleTexts
from .id_index import DiskIds, bounded
from .readers import Article, InputError, InputProblem, input_files, read_articles
from .record_checks import Finding, quote_findings, quote_passes
from .record_files import Batch, Entry, FileProblem, RecordFile, split_from_name
from .schema import RECORD_KINDS, RecordValidator, load_schema, schema_versions, validator

SOURCE_BITS = 40  # where a record is, packed in one int: source index above, number below


class ValidationUsageError(Exception):
    """Validation cannot start: a path or an option is wrong."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem, with everything a reader needs to find it."""

    file: str  # "" for records given as Python objects
    location: str  # "line 12", "row 3", "item 4 (line 9)", "record 7"; "" for a whole file
    record_id: str | None
    path: str  # JSON path inside the record; "$" is the whole record
    check: str  # which check found it: 'schema.minimum', 'span_text', 'not_json', ...
    message: str
    number: int | None = None  # the line, row, item or record number of location

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.file, self.location) if part)
        if self.record_id is not None:
            where += f", id {self.record_id}"
        return f"{where}, {self.path}: {self.message}" if self.location else f"{where}: {self.message}"

    def to_json(self) -> dict:
        return {"file": self.file, "location": self.location, "id": self.record_id, "path": self.path,
                "check": self.check, "message": self.message}


@dataclass(slots=True)
class Summary:
    files: int = 0
    records: int = 0
    invalid: int = 0
    by_check: Counter = field(default_factory=Counter)
    articles_checked: bool = False  # whether quotes were checked against article texts

    @property
    def valid(self) -> int:
        return self.records - self.invalid

    @property
    def ok(self) -> bool:
        return not self.by_check

    def add(self, is_record: bool, problems: list[Problem]) -> None:
        self.records += is_record
        self.invalid += bool(is_record and problems)
        for problem in problems:
            self.by_check[problem.check] += 1

    def to_json(self) -> dict:
        return {"files": self.files, "records": self.records, "valid": self.valid, "invalid": self.invalid,
                "problems": sum(self.by_check.values()), "by_check": dict(sorted(self.by_check.items())),
                "articles_checked": self.articles_checked}

    def lines(self) -> list[str]:
        files = f"{self.files} file{'s' * (self.files != 1)}, " if self.files else ""
        problems = sum(self.by_check.values())
        lines = [f"checked {files}{self.records} record{'s' * (self.records != 1)}: {self.valid} valid, "
                 f"{self.invalid} invalid, {problems} problem{'s' * (problems != 1)}"]
        width = max(map(len, self.by_check), default=0)
        lines += [f"  {check:<{width}}  {count}" for check, count in sorted(self.by_check.items())]
        if not self.articles_checked:
            lines.append("quotes were not checked against article texts: no articles given (--articles)")
        return lines


@dataclass
class ValidationReport:
    """What :func:`validate_records` found: every problem, and the counts."""

    problems: list[Problem]
    summary: Summary

    @property
    def ok(self) -> bool:
        return self.summary.ok

    def __str__(self) -> str:
        return "\n".join([*map(str, self.problems), *self.summary.lines()])


def detect_kind(record: Any) -> str:
    """The kind of record (one of RECORD_KINDS) whose newest schema names most of the
    record's fields and leaves out fewest; a quote when nothing tells."""
    fields = set(record) if isinstance(record, dict) else set()

    def fit(kind: str) -> tuple[int, bool]:
        known = _schema_fields(kind)
        return len(fields & known) - len(fields - known), kind == "quote"

    return max(RECORD_KINDS, key=fit)


@cache
def _schema_fields(kind: str) -> frozenset[str]:
    return frozenset(load_schema(kind, schema_versions(kind)[-1])["properties"])


def _record_id(record: Any) -> str | None:
    value = record.get("id") if isinstance(record, dict) else None
    return value if isinstance(value, str) else None


class Checker:
    """Checks records one at a time, remembering the ids seen and the split of each article.

    ``articles`` are the texts quotes are checked against; without them, the checks that
    need a text are left out. With ``collect_articles`` the article records it checks
    become such texts (for a release folder, whose articles are read before its quotes).
    """

    def __init__(self, articles: ArticleTexts | None = None, collect_articles: bool = False):
        self.articles = ArticleTexts() if collect_articles and articles is None else articles
        self.collect_articles = collect_articles
        self._validators: dict[str, dict[Any, RecordValidator]] = {
            kind: {version: validator(kind, version) for version in schema_versions(kind)} for kind in RECORD_KINDS}
        self._gates = {kind: {version: schema.gate for version, schema in by_version.items()}
                       for kind, by_version in self._validators.items()}
        self._ids: dict[str, dict[str, int] | DiskIds] = {kind: {} for kind in RECORD_KINDS}
        # article id -> (split, where) of its first quote, for quotes whose article is not given
        self._quote_splits: dict[str, tuple[str, int]] | DiskIds = {}
        self._sources: list[tuple[str, str]] = []

    def source(self, label: str, unit: str) -> int:
        """Register a file (or a stream of Python records); records name it by its index."""
        self._sources.append((label, unit))
        return len(self._sources) - 1

    def check_batch(self, kind: str, batch: Batch, source: int,
                    file_split: str | None = None) -> list[tuple[int, list[Finding]]]:
        """The problems of the entries of ``batch``, as (index, findings) for each entry
        that has any, in order. Every valid quote record of a file comes through here: it
        passes the fast path, flat in one loop, which remembers its id and split as
        :meth:`check` would; an entry the fast path refuses goes to :meth:`check` at once,
        before the next one, and that finds why."""
        failures: list[tuple[int, list[Finding]]] = []
        records, numbers, odd = batch.records, batch.numbers, batch.odd
        base = source << SOURCE_BITS
        fast = kind == "quote"
        ids = self._ids[kind] = bounded(self._ids[kind])
        quote_splits = self._quote_splits = bounded(self._quote_splits, labelled=True)
        gates, articles = self._gates[kind], self.articles
        for index, record in enumerate(records):
            if fast and index not in odd:
                where = base | numbers[index]
                try:
                    # The conditions under which check() finds nothing, cheapest first; a value
                    # of the wrong type or shape raises, and the record goes to check().
                    if (type(record) is dict and "split" not in record
                            and (gate := gates.get(record["schema_version"])) is not None and gate(record)
                            and type(record_id := record["id"]) is str
                            and type(article_id := record["article_id"]) is str
                            and ids.setdefault(record_id, where) == where):
                        article = None if articles is None else articles.get(article_id)
                        if (articles is None or article is not None) and quote_passes(record, article and article.text):
                            if file_split is None:
                                continue
                            if article is not None and article.split is not None:
                                if article.split == file_split:
                                    continue
                            elif quote_splits.setdefault(article_id, (file_split, where))[0] == file_split:
                                continue
                except (KeyError, TypeError, ValueError, OverflowError):
                    pass
            findings = self._entry_findings(kind, batch, index, source, file_split)
            if findings:
                failures.append((index, findings))
        return failures

    def _entry_findings(self, kind: str, batch: Batch, index: int, source: int,
                        file_split: str | None) -> list[Finding]:
        """What :meth:`check` finds in one entry of ``batch``, after the problems of its text."""
        entry = batch.odd.get(index)
        if entry is None:
            return self.check(kind, batch.records[index], source, batch.numbers[index], file_split)
        findings = [Finding("$", check, message) for check, message in entry.problems]
        if entry.readable:
            findings += self.check(kind, entry.record, source, entry.number, file_split)
        return findings

    def check(self, kind: str, record: Any, source: int, number: int, file_split: str | None = None) -> list[Finding]:
        """Every problem of one record; ``source`` and ``number`` say where it is."""
        if type(record) is not dict:
            return self._schema_findings(kind, record)
        findings: list[Finding] = []
        split, from_field = file_split, False
        if "split" in record:  # the one field allowed beyond the schema: it names the record's split
            split, from_field = self._split_field(record["split"], file_split, findings)
            record = {key: value for key, value in record.items() if key != "split"}
        version = record.get("schema_version")
        schema = self._validators[kind].get(version) if type(version) is str else None
        if schema is not None and not schema.passes(record):
            # Off the fast path: a column a later minor version added, null here, is absent.
            record = _without_later_nulls(record, schema.schema["properties"])
        if schema is None or not schema.passes(record):
            findings += self._schema_findings(kind, record)
        where = (source << SOURCE_BITS) | number
        record_id = record.get("id")
        if type(record_id) is str:
            ids = self._ids[kind] = bounded(self._ids[kind])
            first = ids.setdefault(record_id, where)
            if first != where:
                findings.append(Finding("$.id", "duplicate_id",
                                        f"{record_id!r} is already used ({self._first_at(first, where)})"))
            elif kind == "article" and self.collect_articles and type(record.get("text")) is str:
                self.articles.setdefault(record_id, ArticleRef(record["text"], split, self._place(where)))
        if kind == "quote":
            self._check_quote(findings, record, split, from_field, where)
        return findings

    def _schema_findings(self, kind: str, record: Any) -> list[Finding]:
        versions = self._validators[kind]
        version = record.get("schema_version") if isinstance(record, dict) else None
        if isinstance(version, str) and version in versions:  # (a list or an object there is no key)
            record = _without_later_nulls(record, versions[version].schema["properties"])
        newest = list(versions)[-1]
        schema = versions.get(version, versions[newest]) if isinstance(version, str) else versions[newest]
        findings = [Finding(e.path, f"schema.{e.rule}", e.message) for e in schema.errors(record)]
        if not isinstance(version, str) or version in versions:
            return findings
        # A version never published: say so once, then check the rest against the newest.
        return [Finding("$.schema_version", "unknown_version",
                        f"{version!r} is not a published {kind} schema version ({', '.join(versions)}); "
                        f"checked against {newest}")] + [f for f in findings if f.path != "$.schema_version"]

    def _split_field(self, value: Any, file_split: str | None, findings: list[Finding]) -> tuple[str | None, bool]:
        if not isinstance(value, str) or not value:
            findings.append(Finding("$.split", "split", f"{value!r} is not a split name"))
            return file_split, False
        if file_split is not None and value != file_split:
            findings.append(Finding("$.split", "split", f"{value!r} but the file is a {file_split!r} shard"))
        return value, True

    def _check_quote(self, findings: list[Finding], record: dict, split: str | None, from_field: bool,
                     where: int) -> None:
        article_id = record.get("article_id")
        if type(article_id) is not str:
            findings += quote_findings(record)  # the gate needs an article id; this is a failing record anyway
            return
        article = None
        if self.articles is not None:
            article = self.articles.get(article_id)
            if article is None:
                findings.append(Finding("$.article_id", "unknown_article",
                                        f"{article_id!r} is not the id of any article given"))
        text = article and article.text
        if not quote_passes(record, text):
            findings += quote_findings(record, text, article_id)
        if split is not None:
            findings += self._split_findings(article_id, article, split, "$.split" if from_field else "$.article_id",
                                             where)

    def _split_findings(self, article_id: str, article: ArticleRef | None, split: str, path: str,
                        where: int) -> list[Finding]:
        if article is not None and article.split is not None:
            if article.split == split:
                return []
            return [Finding(path, "split",
                            f"quote is in split {split!r} but article {article_id!r} is in {article.split!r} "
                            f"({article.where})")]
        self._quote_splits = bounded(self._quote_splits, labelled=True)
        first_split, first_where = self._quote_splits.setdefault(article_id, (split, where))
        if first_split == split:
            return []
        return [Finding(path, "split", f"quote is in split {split!r} but other quotes of article {article_id!r} "
                                       f"are in {first_split!r} ({self._first_at(first_where, where)})")]

    def _place(self, where: int) -> str:
        """'other.jsonl, line 3': where a record was read."""
        source, number = divmod(where, 1 << SOURCE_BITS)
        label, unit = self._sources[source]
        return f"{label}, {unit} {number}" if label else f"{unit} {number}"

    def _first_at(self, first: int, current: int) -> str:
        """'first at line 3' in the same file, else 'first at other.jsonl, line 3'."""
        if first >> SOURCE_BITS == current >> SOURCE_BITS:
            return f"first at {self._sources[first >> SOURCE_BITS][1]} {first & ((1 << SOURCE_BITS) - 1)}"
        return f"first at {self._place(first)}"


# -- records given as Python objects ---------------------------------------------------------

def article_refs(articles: Mapping[str, str] | Iterable[Article | dict]) -> ArticleTexts:
    """Reference texts from {id: text}, or from Article objects or dicts with 'id', 'text'
    and optionally 'split'."""
    refs = ArticleTexts()
    if isinstance(articles, Mapping):
        for key, text in articles.items():
            refs.setdefault(key, ArticleRef(text, None, "articles"))
        return refs
    for index, article in enumerate(articles):
        row = article if isinstance(article, dict) else {"id": article.id, "text": article.text}
        refs.setdefault(row["id"], ArticleRef(row["text"], row.get("split"), f"article {index}"))
    return refs


def validate_records(records: Iterable[Any], articles: Mapping[str, str] | Iterable[Article | dict] | None = None,
                     *, kind: str | None = None) -> ValidationReport:
    """Check records (dicts, or QuoteRecord objects) with the same checks as ``quotekit
    validate``; with ``articles``, also against their texts. ``kind`` ('quote' or 'article')
    is detected per record when not given. Problems are numbered by position ('record 3')."""
    checker = Checker(None if articles is None else article_refs(articles))
    source = checker.source("", "record")
    summary = Summary(articles_checked=articles is not None)
    problems: list[Problem] = []
    for number, record in enumerate(records):
        if hasattr(record, "to_dict"):
            record = record.to_dict()
        findings = checker.check(kind or detect_kind(record), record, source, number)
        found = [Problem("", f"record {number}", _record_id(record), f.path, f.check, f.message, number)
                 for f in findings]
        summary.add(True, found)
        problems += found
    return ValidationReport(problems, summary)


# -- records in files ------------------------------------------------------------------------

def reference_articles(path: str | Path) -> tuple[ArticleTexts, list[Problem]]:
    """The articles at ``path`` (any input quotekit reads: .txt, JSONL, Parquet) as texts to
    check quotes against, and the problems met reading them. An article's split is the one
    its file name gives, as in a release."""
    try:
        files = input_files(Path(path))
    except InputError as error:
        raise ValidationUsageError(f"--articles {error}") from None
    refs = ArticleTexts()
    problems: list[Problem] = []

    def keep(problem: InputProblem) -> None:
        path = f"$.{problem.field}" if problem.field else "$"
        problems.append(Problem(problem.file, problem.location, None, path, "article_input", problem.message))

    for file in files:
        split, label = split_from_name(file), str(file)
        for article in read_articles(file, on_problem=keep):
            ref = ArticleRef(article.text, split, label)
            first = refs.setdefault(article.id, ref)
            if first is not ref:
                problems.append(Problem(label, "", article.id, "$.id", "duplicate_id",
                                        f"article id {article.id!r} is already used ({first.where})"))
    return refs, problems


def file_kind(file: RecordFile) -> str:
    """Whether a file holds quote or article records, from its columns or first record."""
    columns = file.columns()
    if columns is not None:
        return detect_kind(dict.fromkeys(columns))
    entries = file.entries()
    try:
        first = next((e for e in entries if isinstance(e, Entry) and e.readable), None)
    finally:
        entries.close()
    return detect_kind(first.record if first else None)


CheckedItem = tuple[RecordFile, Entry | None, list[Problem]]
# A checked batch, with the problems of its entries that have any, by index; a problem with
# a whole file comes with no batch, as {0: [problem]}.
CheckedBatch = tuple[RecordFile, Batch | None, dict[int, list[Problem]]]
NO_PROBLEMS: list[Problem] = []  # shared by every valid record; never changed


def file_kinds(files: list[RecordFile], kind: str | None = None) -> dict[Path, str]:
    """The kind of records each file holds: ``kind`` when given, else detected per file."""
    return {file.path: kind or file_kind(file) for file in files}


RELEASE_MANIFESTS = ("release.json", "manifest.json")  # the file that marks a release folder, new and old


def _release_of(file: RecordFile) -> Path | None:
    """The release a shard belongs to (NAME/vX.Y.Z/quotes/train-00000-of-00001.parquet)."""
    folder = file.path.parent.parent
    return folder if any((folder / name).is_file() for name in RELEASE_MANIFESTS) else None


def check_files(files: list[RecordFile], kinds: dict[Path, str],
                articles: ArticleTexts | None = None) -> Iterator[CheckedItem]:
    """Check every record of ``files``; yield each (file, entry, problems), and each
    problem with a whole file as (file, None, [problem]). As :func:`check_batches`, a
    record at a time."""
    for file, batch, problems in check_batches(files, kinds, articles):
        if batch is None:
            yield file, None, problems[0]
        else:
            for index in range(len(batch)):
                yield file, batch.entry(index), problems.get(index, NO_PROBLEMS)


def check_batches(files: list[RecordFile], kinds: dict[Path, str],
                  articles: ArticleTexts | None = None) -> Iterator[CheckedBatch]:
    """Check every record of ``files``, a batch at a time; yield each (file, batch, problems
    by index) and each problem with a whole file. Article files come first, and without
    ``articles`` their records are the texts the quotes are checked against. Each release
    among the files is checked on its own (its ids need only be unique in it)."""
    groups: dict[Path | None, list[RecordFile]] = {}
    for file in files:
        groups.setdefault(_release_of(file), []).append(file)
    for group in groups.values():
        ordered = sorted(group, key=lambda f: kinds[f.path] != "article")
        has_articles = any(kinds[f.path] == "article" for f in group)
        checker = Checker(articles, collect_articles=articles is None and has_articles)
        for file in ordered:
            yield from _check_file(checker, file, kinds[file.path])


def _check_file(checker: Checker, file: RecordFile, kind: str) -> Iterator[CheckedBatch]:
    label, split = str(file.path), file.split
    source = checker.source(label, file.unit)
    for batch in file.batches():
        if type(batch) is FileProblem:
            yield file, None, {0: [Problem(label, "", None, "$", batch.check, batch.message)]}
            continue
        problems: dict[int, list[Problem]] = {}
        for index, findings in checker.check_batch(kind, batch, source, split):
            entry = batch.entry(index)
            location, record_id = file.location(entry), _record_id(entry.record)
            problems[index] = [Problem(label, location, record_id, f.path, f.check, f.message, entry.number)
                               for f in findings]
        yield file, batch, problems


def _without_later_nulls(record: dict, properties: dict) -> dict:
    """A field a later minor version added, null in a record of an earlier version, is
    absent: a Parquet shard written with the newer columns gives every row every column."""
    if all(key in properties for key in record):
        return record
    return {key: value for key, value in record.items() if key in properties or value is not None}
