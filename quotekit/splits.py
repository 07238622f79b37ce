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
from array import array
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence

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


@dataclass(frozen=True, slots=True)
class NumberedLink:
    """A ``ClusterLink`` with its articles by number (their place in id order)."""

    cluster_id: str
    strength: int
    articles: Sequence[int]


@dataclass
class SplitPlan:
    assignment: dict[str, str]                    # article id -> split
    cut: list[str] = field(default_factory=list)  # clusters not followed (sorted): they may span splits
    limit: int = 0                                # the component limit applied, in articles

    def spanning(self, links: Iterable[ClusterLink]) -> list[str]:
        """The clusters whose articles ended up in more than one split (only cut ones can)."""
        return sorted(link.cluster_id for link in links
                      if len({self.assignment[a] for a in link.article_ids}) > 1)


@dataclass
class NumberedPlan:
    """A split plan over articles by number: a byte per article, so a corpus of millions
    fits in a few megabytes."""

    splits: bytearray                             # per article, its split's index in SPLIT_NAMES
    cut: list[str] = field(default_factory=list)  # as in SplitPlan
    limit: int = 0

    def split_at(self, number: int) -> str:
        return SPLIT_NAMES[self.splits[number]]

    def spanning(self, links: Iterable[NumberedLink]) -> list[str]:
        return sorted(link.cluster_id for link in links if len({self.splits[a] for a in link.articles}) > 1)


class _Components:
    """Union-find over article numbers, with component sizes. The smallest number stays
    the root, so every article's parent is at or before it."""

    def __init__(self, count: int):
        self.parent = array("i", range(count))
        self.size = array("i", [1]) * count

    def root(self, node: int) -> int:
        parent = self.parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(self, roots: set[int]) -> None:
        low = min(roots)
        for other in roots - {low}:
            self.parent[other] = low
            self.size[low] += self.size[other]

    def flatten(self) -> None:
        """Every parent made its root: in number order, a parent is already flat."""
        parent = self.parent
        for node in range(len(parent)):
            parent[node] = parent[parent[node]]


def plan_splits(article_ids: Iterable[str], links: Iterable[ClusterLink], ratios: SplitRatios = SplitRatios(),
                limit: ComponentLimit = ComponentLimit()) -> SplitPlan:
    """``plan_numbered`` for articles and links held in memory, by id; the plan does not
    depend on the order of either."""
    ids = sorted(set(article_ids))
    number = {article_id: n for n, article_id in enumerate(ids)}
    numbered = sorted((NumberedLink(link.cluster_id, link.strength, [number[a] for a in link.article_ids])
                       for link in links), key=lambda link: (-link.strength, link.cluster_id))
    plan = plan_numbered(lambda: iter(ids), numbered, ratios, limit)
    return SplitPlan({article_id: plan.split_at(n) for n, article_id in enumerate(ids)}, plan.cut, plan.limit)


def plan_numbered(article_ids: Callable[[], Iterator[str]], links: Iterable[NumberedLink],
                  ratios: SplitRatios = SplitRatios(), limit: ComponentLimit = ComponentLimit()) -> NumberedPlan:
    """The split of every article. ``article_ids`` gives the ids in sorted order afresh at
    each call (they are read once, and again only to fill an empty split); ``links`` come
    strongest first, ties by cluster id.

    Clusters join their articles into groups in that order, and one whose articles'
    groups would together pass the limit is cut; then each group is placed (``_place``),
    and whole groups move so no wanted split is empty (``moves_to_fill``). Linear in the
    links; memory is 9 bytes an article."""
    splits = bytearray(SPLIT_NAMES.index(split_for(article_id, ratios)) for article_id in article_ids())
    found = _Components(len(splits))
    most = limit.articles(len(splits))
    cut = []
    for link in links:
        roots = {found.root(a) for a in link.articles}
        if len(roots) < 2:
            continue
        if sum(found.size[r] for r in roots) > most:
            cut.append(link.cluster_id)
            continue
        found.join(roots)
    found.flatten()
    placed = _place(found, splits, ratios, large=max(2, most // 10))
    placed.update(_moves(article_ids, found, splits, placed, ratios))
    parent = found.parent
    for number in range(len(splits)):  # a root comes before its members: its split is final
        root = parent[number]
        splits[number] = placed[root] if root in placed else splits[root]
    return NumberedPlan(splits, sorted(cut), most)


def _place(found: _Components, hashed: bytearray, ratios: SplitRatios, large: int) -> dict[int, int]:
    """{root: split index} for the groups that do not stay where their hash put them. A
    group smaller than ``large`` stays at the split of the hash of its smallest article id
    (``hashed`` of its root), so most articles keep their split as a corpus grows; the
    large ones, few but heavy enough to tip the ratios, then go largest first to the split
    furthest below its share."""
    filled = [0] * len(SPLIT_NAMES)
    heavy = []
    for root, parent in enumerate(found.parent):
        if root != parent:
            continue
        size = found.size[root]
        if size < large:
            filled[hashed[root]] += size
        else:
            heavy.append((-size, root))
    total = len(hashed)
    placed = {}
    for minus_size, root in sorted(heavy):
        split = max(range(len(SPLIT_NAMES)), key=lambda s: getattr(ratios, SPLIT_NAMES[s]) * total - filled[s])
        placed[root] = split
        filled[split] -= minus_size
    return placed


def _moves(article_ids: Callable[[], Iterator[str]], found: _Components, hashed: bytearray,
           placed: dict[int, int], ratios: SplitRatios) -> dict[int, int]:
    """``moves_to_fill`` for whole groups (by their roots), when a wanted split is empty."""
    parent = found.parent
    sizes = dict.fromkeys(SPLIT_NAMES, 0)
    for root in range(len(parent)):
        if parent[root] == root:
            sizes[SPLIT_NAMES[placed.get(root, hashed[root])]] += 1
    if all(sizes[s] or getattr(ratios, s) <= 0 for s in SPLIT_NAMES):
        return {}

    def groups() -> Iterator[tuple[str, str]]:
        for root, article_id in enumerate(article_ids()):
            if parent[root] == root:
                yield article_id, SPLIT_NAMES[placed.get(root, hashed[root])]

    moves = moves_to_fill(groups, sizes, ratios)
    return {root: SPLIT_NAMES.index(moves[article_id])
            for root, article_id in enumerate(article_ids()) if article_id in moves}
