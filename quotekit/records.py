"""Typed quote and article records, and their conversion to plain dicts at the edge."""
from __future__ import annotations

from dataclasses import dataclass

from .readers import Article
from .schema import SCHEMA_VERSIONS

KINDS = ("direct", "partial", "block", "scare")
SPEAKER_TYPES = ("person", "organization", "account", "unknown")


@dataclass(frozen=True, slots=True)
class SpanRecord:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    id: str
    article_id: str
    quote: str
    start: int
    end: int
    kind: str
    speaker: str | None
    speaker_type: str
    speaker_mention: SpanRecord | None
    cue: SpanRecord | None
    rule: str
    confidence: float
    quote_cluster_id: str | None = None  # set when the quotes of a whole corpus are clustered

    def to_dict(self) -> dict:
        # Written out: dataclasses.asdict deep-copies field by field, and took a fifth of
        # the extraction time.
        mention, cue = self.speaker_mention, self.cue
        return {"schema_version": SCHEMA_VERSIONS["quote"], "id": self.id, "article_id": self.article_id,
                "quote": self.quote, "start": self.start, "end": self.end, "kind": self.kind,
                "speaker": self.speaker, "speaker_type": self.speaker_type,
                "speaker_mention": mention.to_dict() if mention else None, "cue": cue.to_dict() if cue else None,
                "rule": self.rule, "confidence": self.confidence, "quote_cluster_id": self.quote_cluster_id}


def quote_id(article_id: str, start: int, end: int) -> str:
    """Stable id of a quotation: its article and its span."""
    return f"{article_id}:{start}-{end}"


def article_dict(article: Article) -> dict:
    return {"schema_version": SCHEMA_VERSIONS["article"], "id": article.id, "text": article.text, "title": article.title,
            "url": article.url, "source": article.source, "published": article.published}
