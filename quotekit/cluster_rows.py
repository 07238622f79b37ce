"""The rows of the ``clusters`` config: one per quote cluster, made from its occurrences
and their speaker consensus (``cluster_pass.py`` gathers them)."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Iterable, Mapping

from .consensus import Candidate, Consensus, Tally
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


def _canonical_rank(quote: str, tokens: int | None = None) -> tuple:
    """The canonical quotation of a cluster is its highest-ranked version: the longest by
    words with editorial insertions removed; among equals one that had none (and no cut),
    then the longest text."""
    tidy = without_insertions(quote)
    words = quote_key(quote).tokens if tokens is None else tokens
    return words, is_faithful(quote), len(tidy), tidy


def _canonical_text(rank: tuple) -> str:
    # A trailing comma belongs to the writer's sentence ("“Get us out,” Lee said").
    text = rank[-1]
    return text.rstrip(",;:").rstrip() or text


class Occurrences:
    """One cluster's occurrences, added one at a time and kept only as its row needs them:
    its quote and article ids, a running canonical quotation and dates, and the votes
    (``Tally``). ``article`` is any key for an occurrence's article; ``tokens`` the words
    of its ``quote_key``, when the caller knows them."""

    def __init__(self) -> None:
        self.quote_ids: list[str] = []
        self.tally = Tally()
        self._articles: dict = {}  # article key -> article id
        self._best: tuple | None = None
        self._first: str | None = None
        self._last: str | None = None

    def add(self, record: Mapping, article, published: str | None, tokens: int | None = None) -> None:
        self.quote_ids.append(record["id"])
        self._articles.setdefault(article, record["article_id"])
        rank = _canonical_rank(record["quote"], tokens)
        if self._best is None or rank > self._best:
            self._best = rank
        if published:
            self._first = published if self._first is None else min(self._first, published)
            self._last = published if self._last is None else max(self._last, published)
        self.tally.add(record)

    def first_article(self):
        """The key of the article whose id comes first."""
        return min(self._articles, key=self._articles.__getitem__)

    def article_keys(self) -> Iterable:
        return self._articles.keys()

    def record(self, cid: str, agreed: Consensus) -> ClusterRecord:
        article_ids = sorted(set(self._articles.values()))
        top = agreed.top
        return ClusterRecord(
            id=cid, canonical_quote=_canonical_text(self._best), occurrences=len(self.quote_ids),
            articles=len(article_ids), article_ids=article_ids, quote_ids=sorted(self.quote_ids),
            first_seen=self._first, last_seen=self._last, speaker=top.speaker if top else None,
            speaker_type=top.speaker_type if top else "unknown", speaker_share=top.share if top else None,
            candidates=list(agreed.candidates))


def link_strength(cluster: ClusterRecord) -> int:
    """How strongly a cluster links its articles for the split planner: the words of its
    canonical quotation."""
    return len(cluster.canonical_quote.split())


def cluster_links(clusters: Iterable[ClusterRecord]) -> list[ClusterLink]:
    """The clusters that join articles, as the split planner sees them."""
    return [ClusterLink(c.id, link_strength(c), c.article_ids) for c in clusters if len(c.article_ids) > 1]
