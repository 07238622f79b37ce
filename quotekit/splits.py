"""Deterministic train/validation/test assignment: a whole article goes to one split,
decided by a hash of its id (the same id always lands in the same split).

Articles that quote the same quotation (one quote cluster) go to the same split, so no
quotation is in two splits: the unit of assignment is a connected component of the graph
of articles and clusters, placed by the hash of its smallest article id. An article that
shares no quotation is its own component and keeps its per-article split.

At scale, quotations that travel chain almost every article into one component (a random
graph past its percolation threshold), which would put nearly the whole corpus in one
split. So a component may not grow past a limit (``ComponentLimit``): clusters join their
articles strongest first (the longest quotations, whose leak would matter most), and a
cluster that would make a component too large is cut: its articles keep the splits of
their own components, and the plan reports it. Small corpora stay below the limit's floor
and are strictly leak-free. The few large groups are then placed where they keep the
ratios; the rest stay where the hash puts them.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Mapping, Sequence

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


@dataclass(frozen=True, slots=True)
class ComponentLimit:
    """The most articles one component may hold: ``share`` of the corpus, but never fewer
    than ``floor``. A component of 1% keeps the splits within a few points of their ratios;
    the floor keeps a small corpus whole (and strictly leak-free)."""

    share: float = 0.01
    floor: int = 50

    def articles(self, total: int) -> int:
        return max(self.floor, math.ceil(self.share * total))


@dataclass(frozen=True, slots=True)
class ClusterLink:
    """A quote cluster as the split planner sees it: the articles it links, and its
    strength (here the words of its canonical quotation: a longer shared quotation is
    the more harmful leak, and the surer match)."""

    cluster_id: str
    strength: int
    article_ids: Sequence[str]


@dataclass
class SplitPlan:
    assignment: dict[str, str]                    # article id -> split
    cut: list[str] = field(default_factory=list)  # clusters not followed (sorted): they may span splits
    limit: int = 0                                # the component limit applied, in articles

    def spanning(self, links: Iterable[ClusterLink]) -> list[str]:
        """The clusters whose articles ended up in more than one split (only cut ones can)."""
        return sorted(link.cluster_id for link in links
                      if len({self.assignment[a] for a in link.article_ids}) > 1)


class _Components:
    """Union-find over article ids, with component sizes; the smaller id stays the root."""

    def __init__(self, article_ids: Iterable[str]):
        self.parent = {article_id: article_id for article_id in article_ids}
        self.size = dict.fromkeys(self.parent, 1)

    def root(self, node: str) -> str:
        parent = self.parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(self, roots: set[str]) -> None:
        low = min(roots)
        for other in roots - {low}:
            self.parent[other] = low
            self.size[low] += self.size.pop(other)


def plan_splits(article_ids: Iterable[str], links: Iterable[ClusterLink], ratios: SplitRatios = SplitRatios(),
                limit: ComponentLimit = ComponentLimit()) -> SplitPlan:
    """The split of every article: clusters join their articles into groups strongest first
    (ties by id, so the plan does not depend on input order), and one whose articles'
    groups would together pass the limit is cut; then each group is placed (``_place``),
    and whole groups move so no wanted split is empty (``fill_empty_splits``). Linear in
    the links after sorting them."""
    found = _Components(article_ids)
    most = limit.articles(len(found.parent))
    cut = []
    for link in sorted(links, key=lambda link: (-link.strength, link.cluster_id)):
        roots = {found.root(a) for a in link.article_ids}
        if len(roots) < 2:
            continue
        if sum(found.size[r] for r in roots) > most:
            cut.append(link.cluster_id)
            continue
        found.join(roots)
    component_of = {article_id: found.root(article_id) for article_id in found.parent}
    placed = _place(found.size, ratios, large=max(2, most // 10))
    placed.update(fill_empty_splits(placed, ratios))
    return SplitPlan({article_id: placed[smallest] for article_id, smallest in component_of.items()},
                     sorted(cut), most)


def _place(sizes: Mapping[str, int], ratios: SplitRatios, large: int) -> dict[str, str]:
    """{component root: split}. A component smaller than ``large`` goes where the hash of
    its smallest article id puts it, so most articles keep their split as a corpus grows;
    the large ones, few but heavy enough to tip the ratios, then go largest first to the
    split furthest below its share."""
    placed = {root: split_for(root, ratios) for root, size in sizes.items() if size < large}
    filled = dict.fromkeys(SPLIT_NAMES, 0)
    for root, split in placed.items():
        filled[split] += sizes[root]
    total = sum(sizes.values())
    for root in sorted((r for r in sizes if r not in placed), key=lambda r: (-sizes[r], r)):
        split = max(SPLIT_NAMES, key=lambda s: getattr(ratios, s) * total - filled[s])
        placed[root] = split
        filled[split] += sizes[root]
    return placed
