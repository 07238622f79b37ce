"""A corpus's quote records clustered: each record with its ``quote_cluster_id`` (and the
cluster's speaker where no rule found one), and the rows of the ``clusters`` config.

Pure functions over plain record dicts, so a build that streams its articles in batches
only has to hand the quote records of the whole corpus over once, at the end.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields
from typing import Iterable, Mapping

from .clusters import article_clusters, cluster_quotes, members
from .consensus import Candidate, Consensus, consensus, consensus_fill
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

    def to_dict(self) -> dict:
        # Not dataclasses.asdict, whose recursive deep copy is slow at a corpus's scale.
        row = {"schema_version": SCHEMA_VERSIONS["cluster"], **{name: getattr(self, name) for name in _FIELDS}}
        row["candidates"] = [{"speaker": c.speaker, "speaker_type": c.speaker_type, "votes": c.votes, "share": c.share}
                             for c in self.candidates]
        return row


_FIELDS = tuple(f.name for f in fields(ClusterRecord))


@dataclass(frozen=True)
class Clustered:
    """What the cluster pass adds to a corpus. Only what changes is kept per quote (its
    cluster id, and the speaker fields of the few filled from consensus), not a copy of
    every record: at a corpus's scale that copy was the pass's largest cost."""

    cluster_of: dict[str, str]  # quote id -> its cluster id
    filled: dict[str, dict]  # quote id -> speaker fields taken from its cluster's consensus
    clusters: list[ClusterRecord]  # sorted by id
    article_clusters: dict[str, set[str]] = field(default_factory=dict)  # article id -> its clusters

    def apply(self, record: Mapping) -> dict:
        """``record`` with its ``quote_cluster_id`` and, where consensus filled it, its speaker."""
        return {**record, **self.filled.get(record["id"], {}), "quote_cluster_id": self.cluster_of[record["id"]]}


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


# What the cluster pass reads of a quote record; a caller can keep the rest elsewhere.
CLUSTERING_FIELDS = ("id", "article_id", "quote", "kind", "speaker", "speaker_type", "rule", "confidence")
# Values that repeat from quote to quote; records read back from disk hold a copy of each,
# which the pass would hold for every quote unless they are interned.
REPEATED_FIELDS = ("article_id", "kind", "speaker", "speaker_type", "rule")


def slim_record(quote: Mapping) -> dict:
    """The fields of ``quote`` the cluster pass reads, with repeated values shared."""
    slim = {name: quote[name] for name in CLUSTERING_FIELDS}
    for name in REPEATED_FIELDS:
        if slim[name] is not None:
            slim[name] = sys.intern(slim[name])
    return slim


def cluster_corpus(quotes: Iterable[Mapping], published: Mapping[str, str | None]) -> Clustered:
    """Cluster the quote records of a whole corpus; ``published`` maps article id to its date."""
    records = list(quotes)
    assignments = cluster_quotes(records)
    agreed = consensus(records, assignments)
    filled = {r["id"]: fill for r in records if (fill := consensus_fill(r, agreed[assignments[r["id"]]]))}
    by_id = {r["id"]: r for r in records}
    rows = [cluster_record(cid, [by_id[q] for q in quote_ids], agreed[cid], published)
            for cid, quote_ids in sorted(members(assignments).items())]
    return Clustered(assignments, filled, rows, article_clusters(records, assignments))


def cluster_links(clusters: Iterable[ClusterRecord]) -> list[ClusterLink]:
    """The clusters that join articles, as the split planner sees them; a link's strength
    is the number of words of its canonical quotation."""
    return [ClusterLink(c.id, len(c.canonical_quote.split()), c.article_ids) for c in clusters if len(c.article_ids) > 1]
