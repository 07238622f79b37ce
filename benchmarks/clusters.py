"""How quote clustering, consensus and component splits scale. Prints figures; asserts nothing.

    python benchmarks/clusters.py                      # synthetic corpora of 10k, 50k, 200k quotes
    python benchmarks/clusters.py --input CORPUS       # the quotes quotekit extracts from CORPUS

The synthetic corpus draws words from a Zipf-like vocabulary (so common shingles are
common, as in news) and makes a quotation travel: a share of quotes reappear in other
articles with other marks and case, with an editorial insertion, cut by an ellipsis, or
as a fragment; short replies ("I agree") recur everywhere. By default a travelling quote
comes from any article, a random graph and the worst case for splits; with --stories, news
is grouped in stories (one to twenty articles) and a quote travels within its story, and
only a --cross share of them across stories.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quotekit.cluster_pass import cluster_corpus  # noqa: E402
from quotekit.cluster_rows import cluster_links  # noqa: E402
from quotekit.splits import ComponentLimit, plan_splits  # noqa: E402

SHORT = ["I agree", "Yes.", "No.", "Thank you", "We will see", "Absolutely"]
SPEAKERS = [f"Speaker {i}" for i in range(2000)]


def synthetic(quotes: int, seed: int = 7, cross: float | None = None) -> list[dict]:
    """``cross`` None: a travelling quote comes from any article; otherwise from the same
    story, or with probability ``cross`` from any."""
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(20_000)]
    weights = [1 / (i + 1) for i in range(len(vocabulary))]
    articles = max(1, quotes // 10)
    story_of = _stories(articles, rng)
    originals: list[str] = []
    story_originals: dict[int, list[str]] = {}
    records = []
    for n in range(quotes):
        index = rng.randrange(articles)
        article = f"a{index:07d}"
        own = story_originals.setdefault(story_of[index], [])
        roll = rng.random()
        if roll < 0.05:
            text = rng.choice(SHORT)
        elif roll < 0.25 and originals:  # a quotation that travels
            pool = originals if cross is None or not own or rng.random() < cross else own
            words = rng.choice(pool).split()
            variant = rng.random()
            if variant < 0.3:
                text = " ".join(words).upper()
            elif variant < 0.5:
                text = " ".join(words[:2] + ["[for the US]"] + words[2:])
            elif variant < 0.7 and len(words) > 8:
                text = " ".join(words[:3]) + " … " + " ".join(words[-4:])
            elif len(words) > 8:
                start = rng.randrange(len(words) - 6)
                text = " ".join(words[start:start + 6])
            else:
                text = " ".join(words)
        else:
            text = " ".join(rng.choices(vocabulary, weights, k=rng.randint(3, 30)))
            originals.append(text)
            own.append(text)
        speaker = rng.choice(SPEAKERS) if rng.random() < 0.7 else None
        records.append({"id": f"{article}:{n}-{n + len(text)}", "article_id": article, "quote": text, "kind": "direct",
                        "speaker": speaker, "speaker_type": "person" if speaker else "unknown",
                        "rule": "trailing_speaker_cue" if speaker else "none", "confidence": 0.9})
    return records


def _stories(articles: int, rng: random.Random) -> list[int]:
    """The story of each article: runs of one to twenty consecutive articles."""
    story_of, story = [], 0
    while len(story_of) < articles:
        story_of.extend([story] * rng.randint(1, 20))
        story += 1
    return story_of[:articles]


def extracted(path: str) -> list[dict]:
    from quotekit.extract import extract_article
    from quotekit.readers import read_articles

    return [r.to_dict() for a in read_articles(path) for r in extract_article(a)]


def measure(label: str, records: list[dict]) -> None:
    started = time.perf_counter()
    clustered = cluster_corpus(records, {})
    clustering = time.perf_counter() - started
    articles = sorted({r["article_id"] for r in records})
    sizes = Counter(c.articles for c in clustered.clusters)
    filled = clustered.filled
    print(f"{label}: {len(records)} quotes, {len(articles)} articles")
    print(f"  clustering + consensus: {clustering:.2f} s ({len(records) / clustering:,.0f} quotes/s)")
    print(f"  {len(clustered.clusters)} clusters, {sum(n for k, n in sizes.items() if k > 1)} across articles, "
          f"largest {max(c.articles for c in clustered.clusters)} articles; {filled} speakers filled")
    links = cluster_links(clustered.clusters)
    for label_limit, limit in (("no limit", ComponentLimit(share=1.0, floor=0)), ("default limit", ComponentLimit())):
        started = time.perf_counter()
        plan = plan_splits(articles, links, limit=limit)
        splitting = time.perf_counter() - started
        shares = Counter(plan.assignment.values())
        print(f"  splits, {label_limit} ({plan.limit} articles a group), in {splitting:.2f} s: "
              + ", ".join(f"{s} {shares[s] / len(articles):.1%}" for s in ("train", "validation", "test"))
              + f"; {len(plan.cut)} of {len(links)} cross-article clusters cut, "
              f"{len(plan.spanning(links))} in more than one split")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", help="a corpus quotekit can read; default: synthetic corpora")
    parser.add_argument("--sizes", default="10000,50000,200000", help="synthetic corpus sizes, in quotes")
    parser.add_argument("--stories", action="store_true", help="quotes travel within stories (see above)")
    parser.add_argument("--cross", type=float, default=0.05, help="with --stories: the share that crosses stories")
    args = parser.parse_args()
    if args.input:
        measure(args.input, extracted(args.input))
        return
    for size in (int(s) for s in args.sizes.split(",")):
        cross = args.cross if args.stories else None
        label = f"synthetic {size:,}" + (f", stories ({cross:.0%} cross)" if args.stories else ", random graph")
        measure(label, synthetic(size, cross=cross))


if __name__ == "__main__":
    main()
