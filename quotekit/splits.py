"""Deterministic train/validation/test assignment: a whole article goes to one split,
decided by a hash of its id (the same id always lands in the same split).

Articles that quote the same quotation (one quote cluster) go to the same split, so no
quotation is in two splits: the unit of assignment is a connected component of the graph
of articles and clusters, placed by the hash of its smallest article id. An article that
shares no quotation is its own component and keeps its per-article split.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Mapping

SPLIT_NAMES = ("train", "validation", "test")


@dataclass(frozen=True, slots=True)
class SplitRatios:
    train: float = 0.8
    validation: float = 0.1
    test: float = 0.1

    def __post_init__(self) -> None:
        values = (self.train, self.validation, self.test)
        if any(v < 0 for v in values) or abs(sum(values) - 1.0) > 1e-9:
            raise ValueError(f"split ratios must be non-negative and sum to 1, got {values}")

    @classmethod
    def parse(cls, text: str) -> "SplitRatios":
        """'80/10/10' or '0.8,0.1,0.1'."""
        parts = [p for p in text.replace(",", "/").split("/") if p.strip()]
        if len(parts) != 3:
            raise ValueError(f"expected three ratios like 80/10/10, got {text!r}")
        try:
            values = [float(p) for p in parts]
        except ValueError:
            raise ValueError(f"expected three numbers like 80/10/10, got {text!r}") from None
        total = sum(values)
        if total <= 0:
            raise ValueError(f"split ratios must not all be zero: {text!r}")
        return cls(*(v / total for v in values))


def hash_fraction(key: str) -> float:
    """A stable number in [0, 1) for ``key``."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split_for(article_id: str, ratios: SplitRatios = SplitRatios()) -> str:
    fraction = hash_fraction(article_id)
    if fraction < ratios.train:
        return "train"
    if fraction < ratios.train + ratios.validation:
        return "validation"
    return "test"


def _interval(split: str, ratios: SplitRatios) -> tuple[float, float]:
    low = {"train": 0.0, "validation": ratios.train, "test": ratios.train + ratios.validation}[split]
    return low, low + getattr(ratios, split)


def fill_empty_splits(assignment: dict[str, str], ratios: SplitRatios = SplitRatios()) -> dict[str, str]:
    """``moves_to_fill`` for an assignment held in memory."""
    sizes = {s: list(assignment.values()).count(s) for s in SPLIT_NAMES}
    return moves_to_fill(lambda: iter(assignment.items()), sizes, ratios)


def moves_to_fill(assigned: Callable[[], Iterator[tuple[str, str]]], sizes: dict[str, int],
                  ratios: SplitRatios = SplitRatios()) -> dict[str, str]:
    """Moves that leave no wanted split empty, for corpora too small for the hash alone.

    `datasets` cannot load a split with zero examples, so when a split with a positive
    ratio got no article, the article whose hash lies nearest to that split's interval
    moves into it (taken from a split that keeps at least one). Large corpora never need
    this, so an article's split stays stable as a corpus grows. Returns {article_id: split}.

    ``assigned`` gives (article_id, split) pairs afresh at each call: the search reads them
    once per empty split, so the ids need not fit in memory; ``sizes`` counts each split.
    """
    moves: dict[str, str] = {}
    sizes = dict(sizes)
    for split in SPLIT_NAMES:
        if getattr(ratios, split) <= 0 or sizes[split]:
            continue
        low, high = _interval(split, ratios)

        def distance(article_id: str) -> tuple[float, str]:
            f = hash_fraction(article_id)
            return (min(abs(f - low), abs(f - high)), article_id)

        donors = ((a, s) for a, s in assigned() if a not in moves and sizes[s] > 1)
        chosen = min(donors, key=lambda pair: distance(pair[0]), default=None)
        if chosen is None:
            continue
        sizes[chosen[1]] -= 1
        sizes[split] += 1
        moves[chosen[0]] = split
    return moves


def components(article_ids: Iterable[str], article_clusters: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """{article id: smallest article id of its component}, articles joined by shared clusters
    (union-find, linear in the number of article-cluster links)."""
    parent = {article_id: article_id for article_id in article_ids}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    first_article: dict[str, str] = {}
    for article_id, clusters in article_clusters.items():
        for cluster in clusters:
            other = first_article.setdefault(cluster, article_id)
            low, high = sorted((root(article_id), root(other)))
            parent[high] = low  # the smaller id stays the root
    return {article_id: root(article_id) for article_id in parent}


def component_splits(article_ids: Iterable[str], article_clusters: Mapping[str, Iterable[str]],
                     ratios: SplitRatios = SplitRatios()) -> dict[str, str]:
    """{article id: split}: each component where the hash of its smallest article id puts it,
    then whole components moved so no wanted split is empty (``fill_empty_splits``)."""
    component_of = components(article_ids, article_clusters)
    placed = {smallest: split_for(smallest, ratios) for smallest in set(component_of.values())}
    placed.update(fill_empty_splits(placed, ratios))
    return {article_id: placed[smallest] for article_id, smallest in component_of.items()}
