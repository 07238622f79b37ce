"""The split planner at scale: groups of articles that share quotations are bounded, the
weakest links are cut first, the ratios hold, and only cut clusters can span two splits."""
from __future__ import annotations

import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from quotekit.splits import SPLIT_NAMES, ClusterLink, ComponentLimit, SplitRatios, plan_splits, split_for

IDS = [f"art{i:05d}" for i in range(2000)]


def chain(cluster: str, strength: int, articles: list[str]) -> list[ClusterLink]:
    """Links joining ``articles`` in a chain, each pair by its own cluster."""
    return [ClusterLink(f"{cluster}{i:04d}", strength, articles[i:i + 2]) for i in range(len(articles) - 1)]


def spanning_clusters(plan, links) -> set[str]:
    return {link.cluster_id for link in links if len({plan.assignment[a] for a in link.article_ids}) > 1}


def test_a_chain_through_the_corpus_is_cut_into_groups_no_larger_than_the_limit():
    links = chain("q", 10, IDS)  # one story quoting the next: without a limit, one group of 2000
    plan = plan_splits(IDS, links, limit=ComponentLimit(share=0.01, floor=5))
    assert plan.limit == 20
    # 1999 links: 100 groups of 20, each held by 19 links, and the 99 links between them cut.
    assert len(plan.cut) == 99 and plan.cut[:2] == ["q0019", "q0039"]
    shares = Counter(plan.assignment.values())
    assert abs(shares["train"] / len(IDS) - 0.8) < 0.02
    assert abs(shares["validation"] / len(IDS) - 0.1) < 0.02
    assert spanning_clusters(plan, links) <= set(plan.cut)
    assert plan.spanning(links) == sorted(spanning_clusters(plan, links))


def test_without_a_limit_the_chain_is_one_group_in_one_split():
    links = chain("q", 10, IDS)
    plan = plan_splits(IDS, links, limit=ComponentLimit(share=1.0, floor=0))
    assert plan.cut == [] and len(set(plan.assignment.values())) == 1


def test_the_longest_quotation_keeps_its_articles_together_and_the_shortest_is_cut():
    ids = IDS[:100]
    long_quote = ClusterLink("long", 30, ids[:30])     # a 30-word quotation in 30 articles
    short_quote = ClusterLink("short", 2, ids[20:50])  # "I agree" in 30 articles, 10 of them shared
    plan = plan_splits(ids, [short_quote, long_quote], limit=ComponentLimit(share=0.0, floor=40))
    assert plan.cut == ["short"]
    assert len({plan.assignment[a] for a in ids[:30]}) == 1


def test_small_corpus_stays_strictly_leak_free_under_the_floor():
    ids = IDS[:5]
    links = [ClusterLink("nato", 8, ids[1:]), ClusterLink("agree", 2, [ids[1], ids[4]])]
    plan = plan_splits(ids, links)  # the default limit: 1%, never fewer than 50 articles
    assert plan.cut == [] and plan.spanning(links) == []
    assert len({plan.assignment[a] for a in ids[1:]}) == 1


def test_single_articles_keep_the_split_of_their_own_id():
    links = chain("q", 10, IDS[:600])
    plan = plan_splits(IDS, links, limit=ComponentLimit(share=0.01, floor=5))
    assert all(plan.assignment[a] == split_for(a) for a in IDS[600:])


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=30),
       st.sampled_from([(0.8, 0.1, 0.1), (0.5, 0.25, 0.25), (0.9, 0.0, 0.1)]))
def test_plans_are_bounded_deterministic_and_leak_only_through_cut_clusters(seed, floor, ratios):
    rng = random.Random(seed)
    ids = IDS[:rng.randint(1, 300)]
    links = [ClusterLink(f"c{n:04d}", rng.randint(1, 12), rng.sample(ids, min(len(ids), rng.randint(2, 5))))
             for n in range(rng.randint(0, 400))]
    limit, split_ratios = ComponentLimit(share=0.05, floor=floor), SplitRatios(*ratios)
    plan = plan_splits(ids, links, split_ratios, limit)
    assert set(plan.assignment) == set(ids) and set(plan.assignment.values()) <= set(SPLIT_NAMES)
    assert spanning_clusters(plan, links) <= set(plan.cut)
    # Groups (joined by the links not cut) are within the limit.
    kept = [link for link in links if link.cluster_id not in set(plan.cut)]
    group = {a: a for a in ids}

    def root(a: str) -> str:
        while group[a] != a:
            a = group[a]
        return a

    for link in kept:
        roots = {root(a) for a in link.article_ids}
        for other in roots - {min(roots)}:
            group[other] = min(roots)
    assert max(Counter(root(a) for a in ids).values()) <= plan.limit or not kept
    # The same plan whatever the order of the articles and the links.
    shuffled = plan_splits(list(reversed(ids)), list(reversed(links)), split_ratios, limit)
    assert shuffled == plan
