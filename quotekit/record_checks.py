"""What a JSON Schema cannot say about a quote record: its spans are Python string indices
with 0 <= start < end <= len(text), they slice the article to the words the record
stores, and its id is '<article_id>:<start>-<end>'.

Each check looks only at values of the right type; wrong types are the schema's to report.
"""
from __future__ import annotations

from dataclasses import dataclass

# The nested {text, start, end} spans of a quote record, with their JSON paths.
SPANS = (("speaker_mention", "$.speaker_mention"), ("cue", "$.cue"))


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one record: where in it (a JSON path), which check, and why."""

    path: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def quote_passes(record: dict, article: str | None = None) -> bool:
    """The fast gate for :func:`quote_findings`: True exactly when it would find nothing.
    Every record comes through here, so it is kept flat; only the records it refuses go on
    to the detailed checks, as with the schema's gate."""
    try:
        start, end = record["start"], record["end"]
        if record["id"] != f"{record['article_id']}:{start}-{end}" or not _span_passes(record["quote"], start, end,
                                                                                        article):
            return False
        span = record["speaker_mention"]
        if span is not None and not _span_passes(span["text"], span["start"], span["end"], article):
            return False
        span = record["cue"]
        return span is None or _span_passes(span["text"], span["start"], span["end"], article)
    except (KeyError, TypeError):
        return False


def _span_passes(words: str, start: int, end: int, article: str | None) -> bool:
    """Integer offsets with 0 <= start < end that slice the article to ``words`` (without
    the article: as many characters as ``words`` has)."""
    if type(start) is not int or type(end) is not int or not 0 <= start < end:
        return False
    if article is None:
        return len(words) == end - start
    return end <= len(article) and article[start:end] == words


def quote_findings(record: dict, article: str | None = None, article_id: str | None = None) -> list[Finding]:
    """The problems of a quote record beyond its schema; with the article's text, also
    whether every span lies inside it and slices it to the stored words."""
    findings: list[Finding] = []
    if _check_span(findings, record, "quote", "$", article, article_id):
        _check_id(findings, record)
    for name, prefix in SPANS:
        span = record.get(name)
        if type(span) is dict:
            _check_span(findings, span, "text", prefix, article, article_id)
    return findings


def _check_span(findings: list[Finding], span: dict, text_key: str, prefix: str, article: str | None,
                article_id: str | None) -> bool:
    """Add the span's problems to ``findings``; True when its offsets are usable indices."""
    start, end = span.get("start"), span.get("end")
    if type(start) is not int or type(end) is not int:
        for key, value in (("start", start), ("end", end)):
            if type(value) is float and value.is_integer():
                # JSON Schema counts 12.0 as an integer, but it is no string index.
                findings.append(Finding(f"{prefix}.{key}", "offset_type",
                                        f"{value!r} is not an integer offset; write {int(value)}"))
        return False
    if start < 0:
        return False  # the schema's minimum says so
    if end <= start:
        findings.append(Finding(f"{prefix}.end", "span_order", f"{end} is not greater than start {start}"))
        return True
    words = span.get(text_key)
    if article is None:
        if type(words) is str and len(words) != end - start:
            findings.append(Finding(f"{prefix}.{text_key}", "span_length",
                                    f"has {len(words)} characters but end - start is {end - start}"))
    elif end > len(article):
        findings.append(Finding(f"{prefix}.end", "span_bounds",
                                f"{end} is past the end of article {article_id!r} ({len(article)} characters)"))
    elif type(words) is str and article[start:end] != words:
        findings.append(Finding(f"{prefix}.{text_key}", "span_text",
                                f"{_short(words)} is not the article's text[{start}:{end}] {_short(article[start:end])}"))
    return True


def _check_id(findings: list[Finding], record: dict) -> None:
    record_id, article_id = record.get("id"), record.get("article_id")
    if type(record_id) is str and type(article_id) is str:
        expected = f"{article_id}:{record['start']}-{record['end']}"
        if record_id != expected:
            findings.append(Finding("$.id", "id_format", f"{record_id!r} is not <article_id>:<start>-<end> ({expected!r})"))
