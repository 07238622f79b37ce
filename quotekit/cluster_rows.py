"""The rows of the ``clusters`` config: one per quote cluster, made from its occurrences
and their speaker consensus (``cluster_pass.py`` gathers them)."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Iterable, Mapping

from .consensus import Candidate, Consensus
from .normalize import is_faithful, quote_key, without_insertions
from .schema import SCHEMA_VERSIONS
from .splits import ClusterLink


@dataclass(frozen=True, slots=True)
class ClusterRecord:
    id: str
    canonical_quote: str
    occurrences: int
    articles: int
    article_ids: list[str]
    quote_ids: list[str]
    first_seen: str | None
    last_seen: str | None
    speaker: str | None
    speaker_type: str
    speaker_share: float | None
    candidates: list[Candidate]

    def __reduce__(self):  # pickled as its fields: the dataclass default asks fields() each time
        return ClusterRecord, tuple(getattr(self, name) for name in _FIELDS)

    def to_dict(self) -> dict:
        # Not dataclasses.asdict, whose recursive deep copy is slow at a corpus's scale.
        row = {"schema_version": SCHEMA_VERSIONS["cluster"], **{name: getattr(self, name) for name in _FIELDS}}
        row["candidates"] = [{"speaker": c.speaker, "speaker_type": c.speaker_type, "votes": c.votes, "share": c.share}
                             for c in self.candidates]
        return row


_FIELDS = tuple(f.name for f in fields(ClusterRecord))


def canonical_quote(quotes: Iterable[str]) -> str:
    """The longest version by words with editorial insertions removed; among equals one
    that had none (and no cut), then the longest text. A trailing comma, which belongs to
    the writer's sentence ("“Get us out,” Lee said"), is dropped."""
    ranked = max(((quote_key(q).tokens, is_faithful(q), len(without_insertions(q)), without_insertions(q))
                  for q in quotes))
    text = ranked[-1]
    return text.rstrip(",;:").rstrip() or text


def _dates(article_ids: list[str], published: Mapping[str, str | None]) -> tuple[str | None, str | None]:
    known = sorted(d for d in (published.get(a) for a in article_ids) if d)
    return (known[0], known[-1]) if known else (None, None)


def cluster_record(cid: str, occurrences: list[Mapping], agreed: Consensus,
                   published: Mapping[str, str | None]) -> ClusterRecord:
    article_ids = sorted({r["article_id"] for r in occurrences})
    first, last = _dates(article_ids, published)
    top = agreed.top
    return ClusterRecord(
        id=cid, canonical_quote=canonical_quote(r["quote"] for r in occurrences), occurrences=len(occurrences),
        articles=len(article_ids), article_ids=article_ids, quote_ids=sorted(r["id"] for r in occurrences),
        first_seen=first, last_seen=last, speaker=top.speaker if top else None,
        speaker_type=top.speaker_type if top else "unknown", speaker_share=top.share if top else None,
        candidates=list(agreed.candidates))


def link_strength(cluster: ClusterRecord) -> int:
    """How strongly a cluster links its articles for the split planner: the words of its
    canonical quotation."""
    return len(cluster.canonical_quote.split())


def cluster_links(clusters: Iterable[ClusterRecord]) -> list[ClusterLink]:
    """The clusters that join articles, as the split planner sees them."""
    return [ClusterLink(c.id, link_strength(c), c.article_ids) for c in clusters if len(c.article_ids) > 1]
