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
        return cluster_row(self.values())

    def values(self) -> tuple:
        """Its fields in order, the candidates as plain tuples: what ``from_values`` and
        ``cluster_row`` take, and cheap to pickle."""
        return (*(getattr(self, name) for name in _FIELDS[:-1]),
                [(c.speaker, c.speaker_type, c.votes, c.share) for c in self.candidates])

    @classmethod
    def from_values(cls, values: tuple) -> "ClusterRecord":
        return cls(*values[:-1], [Candidate(*candidate) for candidate in values[-1]])


def cluster_row(values: tuple) -> dict:
    """The row of the clusters config of a cluster's ``ClusterRecord.values``."""
    # Not dataclasses.asdict, whose recursive deep copy is slow at a corpus's scale.
    row = {"schema_version": SCHEMA_VERSIONS["cluster"], **dict(zip(_FIELDS, values))}
    row["candidates"] = [{"speaker": speaker, "speaker_type": speaker_type, "votes": votes, "share": share}
                         for speaker, speaker_type, votes, share in row["candidates"]]
    return row


_FIELDS = tuple(f.name for f in fields(ClusterRecord))
# Where ``ClusterRecord.values`` holds the fields the cluster pass reads.
CANONICAL_AT, ARTICLES_AT = _FIELDS.index("canonical_quote"), _FIELDS.index("articles")


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
        return ClusterRecord.from_values(self.values(cid, agreed))

    def values(self, cid: str, agreed: Consensus) -> tuple:
        """``ClusterRecord.values`` of the cluster's record."""
        article_ids = sorted(set(self._articles.values()))
        top = agreed.top
        return (cid, _canonical_text(self._best), len(self.quote_ids), len(article_ids), article_ids,
                sorted(self.quote_ids), self._first, self._last, top.speaker if top else None,
                top.speaker_type if top else "unknown", top.share if top else None,
                [(c.speaker, c.speaker_type, c.votes, c.share) for c in agreed.candidates])


def link_strength(cluster: ClusterRecord) -> int:
    """How strongly a cluster links its articles for the split planner: the words of its
    canonical quotation."""
    return canonical_strength(cluster.canonical_quote)


def canonical_strength(canonical_quote: str) -> int:
    """``link_strength`` of the cluster whose canonical quotation this is."""
    return len(canonical_quote.split())


def cluster_links(clusters: Iterable[ClusterRecord]) -> list[ClusterLink]:
    """The clusters that join articles, as the split planner sees them."""
    return [ClusterLink(c.id, link_strength(c), c.article_ids) for c in clusters if len(c.article_ids) > 1]
