"""The unit of parallel work: a batch of articles in, their validated records out.

``extract_batch`` is pure (no files, no shared state) so that any engine can run it: the
calling process, a process pool or a Dask cluster give the same result for the same batch.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .extract import extract_article
from .readers import Article
from .records import article_dict
from .release import digest_line
from .schema import validator


@dataclass
class Reject:
    """A record that could not be used, kept with its reasons."""

    source: str
    record_id: str | None
    reasons: list[str]
    record: object

    def to_json(self) -> dict:
        return {"source": self.source, "id": self.record_id, "reasons": self.reasons, "record": self.record}


@dataclass
class ArticleRecords:
    """One article that passed validation, with its valid quote records (offset order)
    and its line of the input digest (made here, in the workers)."""

    article: dict
    quotes: list[dict]
    digest_line: str | None = None  # release.digest_line

    @property
    def id(self) -> str:
        return self.article["id"]


@dataclass
class Batch:
    articles: list[ArticleRecords] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    read: int = 0  # articles in the batch, valid or not


def _valid(kind: str, row: dict, rejects: list[Reject]) -> bool:
    errors = validator(kind).errors(row)
    if errors:
        rejects.append(Reject(f"{kind} record", row.get("id"), [str(e) for e in errors], row))
    return not errors


def extract_batch(articles: list[Article]) -> Batch:
    """Extract and validate every article of the batch, in the order given."""
    batch = Batch(read=len(articles))
    for article in articles:
        quotes = [q for q in (record.to_dict() for record in extract_article(article))
                  if _valid("quote", q, batch.rejects)]
        row = article_dict(article)
        if _valid("article", row, batch.rejects):
            batch.articles.append(ArticleRecords(row, quotes, digest_line(row)))
    return batch
