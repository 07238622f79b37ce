"""Speaker consensus: what the articles of a quote cluster say about who spoke.

Only attributed occurrences vote, one vote per article and speaker (an article that repeats
a quotation does not outvote the others). Names that are the same person in two articles'
styles ("Trump", "Donald Trump") count as one candidate, under the fuller name, when the
shorter one ends only one other name. A conflict stays visible: every candidate is kept
with its share of the votes; the top speaker is the one with most votes, and there is none
when the top is tied.

An occurrence that no rule attributed (“a post stating "…"”) takes the cluster's top
speaker, with rule ``cluster_consensus`` and a confidence below that of the rules that
voted for it: their lowest confidence times the top speaker's share of the votes.
Scare quotes are never filled: nobody is quoted.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

from .normalize import name_tokens

CONSENSUS_RULE = "cluster_consensus"
NOT_SPEECH = ("scare",)


@dataclass(frozen=True, slots=True)
class Candidate:
    speaker: str
    speaker_type: str
    votes: int
    share: float

    def __reduce__(self):  # pickled as its fields: the dataclass default asks fields() each time
        return Candidate, (self.speaker, self.speaker_type, self.votes, self.share)


@dataclass(frozen=True, slots=True)
class Consensus:
    """The candidates of one cluster, most votes first, and the speaker it agrees on."""

    candidates: tuple[Candidate, ...]
    top: Candidate | None
    fill_confidence: float | None  # confidence given to an occurrence filled with ``top``


def _fuller_names(names: Iterable[str]) -> dict[str, str]:
    """{name: the one fuller name it is the ending of}, e.g. {'Trump': 'Donald Trump'}."""
    tokens = {name: name_tokens(name) for name in names}
    fuller = {}
    for short, short_tokens in tokens.items():
        longer = [name for name, t in tokens.items()
                  if len(t) > len(short_tokens) and short_tokens and t[-len(short_tokens):] == short_tokens]
        if len(longer) == 1:
            fuller[short] = longer[0]
    return fuller


class Tally:
    """The votes of one cluster, counted one occurrence at a time: a quotation quoted by a
    million articles is never held whole, only who voted for whom."""

    def __init__(self) -> None:
        self._articles: dict[str, set] = {}  # a name as written -> the articles that name it
        self._types: dict[str, Counter] = {}  # a name as written -> its speaker types
        self._lowest: dict[str, float] = {}  # a name as written -> the lowest confidence of a vote for it

    def add(self, record: Mapping) -> None:
        speaker = record.get("speaker")
        if not speaker or record.get("rule") == CONSENSUS_RULE:
            return  # only attributed occurrences vote
        self._articles.setdefault(speaker, set()).add(record["article_id"])
        self._types.setdefault(speaker, Counter())[record["speaker_type"]] += 1
        self._lowest[speaker] = min(self._lowest.get(speaker, record["confidence"]), record["confidence"])

    def consensus(self) -> Consensus:
        if not self._articles:  # no occurrence named a speaker
            return Consensus((), None, None)
        # One name has no fuller one; most clusters are one quote, with one name at most.
        fuller = _fuller_names(self._articles) if len(self._articles) > 1 else {}
        articles: dict[str, set] = {}
        types: dict[str, Counter] = {}
        lowest: dict[str, float] = {}
        for written, voters in self._articles.items():
            name = fuller.get(written, written)
            articles.setdefault(name, set()).update(voters)
            types.setdefault(name, Counter()).update(self._types[written])
            lowest[name] = min(lowest.get(name, self._lowest[written]), self._lowest[written])
        votes = {name: len(voters) for name, voters in articles.items()}
        total = sum(votes.values())
        candidates = tuple(
            Candidate(name, min(types[name], key=lambda t: (-types[name][t], t)), n, round(n / total, 6))
            for name, n in sorted(votes.items(), key=lambda item: (-item[1], item[0])))
        if not candidates or (len(candidates) > 1 and candidates[1].votes == candidates[0].votes):
            return Consensus(candidates, None, None)
        top = candidates[0]
        return Consensus(candidates, top, round(lowest[top.speaker] * top.votes / total, 6))


def cluster_consensus(occurrences: Iterable[Mapping]) -> Consensus:
    """The consensus of one cluster's quote records."""
    tally = Tally()
    for record in occurrences:
        tally.add(record)
    return tally.consensus()


def consensus(records: Iterable[Mapping], assignments: Mapping[str, str]) -> dict[str, Consensus]:
    """{cluster id: its consensus} for every cluster of ``assignments``."""
    by_cluster: dict[str, list[Mapping]] = {}
    for record in records:
        by_cluster.setdefault(assignments[record["id"]], []).append(record)
    return {cid: cluster_consensus(occurrences) for cid, occurrences in sorted(by_cluster.items())}


def fillable(record: Mapping) -> bool:
    """Whether ``record`` would take its cluster's speaker: no rule named one, and it is speech."""
    return not record.get("speaker") and record["kind"] not in NOT_SPEECH


def fill_fields(agreed: Consensus) -> dict | None:
    """The speaker fields a fillable record of the cluster takes; None when there is no top speaker."""
    if agreed.top is None:
        return None
    return {"speaker": agreed.top.speaker, "speaker_type": agreed.top.speaker_type,
            "rule": CONSENSUS_RULE, "confidence": agreed.fill_confidence}


def consensus_fill(record: Mapping, agreed: Consensus) -> dict | None:
    """The speaker fields ``record`` takes from its cluster when no rule named a speaker;
    None when it keeps its own."""
    return fill_fields(agreed) if fillable(record) else None


def fill_from_consensus(record: Mapping, agreed: Consensus) -> dict:
    """``record`` with the cluster's speaker when no rule named one; otherwise unchanged."""
    return {**record, **(consensus_fill(record, agreed) or {})}
