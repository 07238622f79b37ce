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


def _votes(occurrences: list[Mapping]) -> list[Mapping]:
    return [r for r in occurrences if r.get("speaker") and r.get("rule") != CONSENSUS_RULE]


def cluster_consensus(occurrences: list[Mapping]) -> Consensus:
    """The consensus of one cluster's quote records."""
    voters = _votes(occurrences)
    fuller = _fuller_names({r["speaker"] for r in voters})
    canonical = {r["id"]: fuller.get(r["speaker"], r["speaker"]) for r in voters}
    ballots = {(r["article_id"], canonical[r["id"]]) for r in voters}
    votes = Counter(speaker for _, speaker in ballots)
    total = sum(votes.values())
    types = {speaker: Counter(r["speaker_type"] for r in voters if canonical[r["id"]] == speaker)
             for speaker in votes}
    candidates = tuple(
        Candidate(speaker, min(types[speaker], key=lambda t: (-types[speaker][t], t)), n, round(n / total, 6))
        for speaker, n in sorted(votes.items(), key=lambda item: (-item[1], item[0])))
    if not candidates or (len(candidates) > 1 and candidates[1].votes == candidates[0].votes):
        return Consensus(candidates, None, None)
    top = candidates[0]
    lowest = min(r["confidence"] for r in voters if canonical[r["id"]] == top.speaker)
    return Consensus(candidates, top, round(lowest * top.votes / total, 6))


def consensus(records: Iterable[Mapping], assignments: Mapping[str, str]) -> dict[str, Consensus]:
    """{cluster id: its consensus} for every cluster of ``assignments``."""
    by_cluster: dict[str, list[Mapping]] = {}
    for record in records:
        by_cluster.setdefault(assignments[record["id"]], []).append(record)
    return {cid: cluster_consensus(occurrences) for cid, occurrences in sorted(by_cluster.items())}


def consensus_fill(record: Mapping, agreed: Consensus) -> dict | None:
    """The speaker fields ``record`` takes from its cluster when no rule named a speaker;
    None when it keeps its own."""
    if record.get("speaker") or record["kind"] in NOT_SPEECH or agreed.top is None:
        return None
    return {"speaker": agreed.top.speaker, "speaker_type": agreed.top.speaker_type,
            "rule": CONSENSUS_RULE, "confidence": agreed.fill_confidence}


def fill_from_consensus(record: Mapping, agreed: Consensus) -> dict:
    """``record`` with the cluster's speaker when no rule named one; otherwise unchanged."""
    return {**record, **(consensus_fill(record, agreed) or {})}
