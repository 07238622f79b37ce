"""The dataset card (README.md) of a release: YAML front matter that `datasets` reads
(configs, data files, features, split sizes) and prose for people."""
from __future__ import annotations

from .schema import features, load_schema
from .splits import SPLIT_NAMES

CONFIGS = {"quotes": "quote", "articles": "article", "clusters": "cluster"}  # config name -> record kind
DEFAULT_CONFIG = "quotes"


def _front_matter(name: str, counts: dict[str, dict[str, int]], sizes: dict[str, dict[str, int]]) -> str:
    # Imported here: `datasets` takes half a second to import, and only a build writes a card.
    from datasets.info import DatasetInfo, DatasetInfosDict
    from datasets.splits import SplitDict, SplitInfo
    from huggingface_hub import DatasetCardData

    infos = {}
    for config, kind in CONFIGS.items():
        splits = SplitDict(dataset_name=name)
        for split in _loadable(counts):
            splits.add(SplitInfo(name=split, num_examples=counts[config][split], num_bytes=sizes[config][split]))
        infos[config] = DatasetInfo(features=features(kind), splits=splits, config_name=config)
    card = DatasetCardData(
        pretty_name=name,
        license="other",
        language=["en"],
        task_categories=["token-classification", "text-classification"],
        tags=["quotation-extraction", "quote-attribution", "news", "speaker-attribution"],
        size_categories=[_size_category(sum(counts[DEFAULT_CONFIG].values()))],
    )
    DatasetInfosDict(infos).to_dataset_card_data(card)
    card["configs"] = [
        {"config_name": config, **({"default": True} if config == DEFAULT_CONFIG else {}),
         "data_files": [{"split": split, "path": f"{config}/{split}-*.parquet"} for split in _loadable(counts)]}
        for config in CONFIGS
    ]
    return card.to_yaml()


def _loadable(counts: dict[str, dict[str, int]]) -> list[str]:
    """Splits the card lists: `datasets` cannot load a split with no rows, so a split that
    got no article (a corpus of one or two articles, or a zero ratio) is left out of the
    card; its zero-row shard is still written, with the full schema."""
    return [split for split in SPLIT_NAMES if counts[DEFAULT_CONFIG][split] or counts["articles"][split]]


def _size_category(rows: int) -> str:
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                         (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M")):
        if rows < limit:
            return label
    return "10M<n<100M"


def _field_table(kind: str) -> str:
    schema = load_schema(kind)
    lines = ["| field | type | meaning |", "| --- | --- | --- |"]
    for field, node in schema["properties"].items():
        json_type = node["type"] if isinstance(node["type"], str) else " or ".join(node["type"])
        description = node.get("description", "")
        if "enum" in node:
            description += " One of: " + ", ".join(f"`{v}`" for v in node["enum"]) + "."
        lines.append(f"| `{field}` | {json_type} | {description.strip()} |")
    return "\n".join(lines)


def _releases_section(name: str, version: str, changes: str) -> str:
    return f"""## Releases

This is release {version} of {name} ({changes}). Releases are immutable: any change
to the data is a new version. Beside this card:

- `SHA256SUMS`: the SHA-256 of every file (`sha256sum -c SHA256SUMS` checks them);
- `release.json`: the version, schema ids, quotekit version, a hash of the input
  articles, counts per config and split, and the library versions that built it;
- `CHANGELOG.md`: the articles and quotes added, removed and changed in each release;
- `croissant.json`: this dataset described in Croissant 1.0.

Download a release and verify every checksum before it appears, then load it offline:

```bash
quotekit releases BASE_URL/{name}
quotekit download BASE_URL/{name} --version {version} --dest {name}-{version}
```

On the Hugging Face Hub each release is tagged `v{version}`:
`load_dataset("ORG/{name}", revision="v{version}")`.
"""


def render_card(name: str, version: str, counts: dict[str, dict[str, int]], sizes: dict[str, dict[str, int]],
                kinds: dict[str, int], rules: dict[str, int], quotekit_version: str, changes: str,
                splits: dict) -> str:
    """The dataset card; ``changes`` is a clause about the previous release, such as
    'first release: 5 articles, 51 quotes'; ``splits`` is the build's split report
    (component limit, clusters cut and clusters across splits)."""
    quote_schema, article_schema, cluster_schema = load_schema("quote"), load_schema("article"), load_schema("cluster")
    split_rows = "\n".join(
        f"| {split} | {counts['articles'][split]} | {counts['quotes'][split]} | {counts['clusters'][split]} |"
        for split in SPLIT_NAMES)
    limit = splits["component_limit"]
    kind_rows = "\n".join(f"| `{k}` | {n} |" for k, n in sorted(kinds.items()))
    rule_rows = "\n".join(f"| `{r}` | {n} |" for r, n in sorted(rules.items()))
    return f"""---
{_front_matter(name, counts, sizes).rstrip()}
---

# {name} v{version}

Quotations in English news articles, each with its speaker, found by
[quotekit](https://github.com/quotekit/quotekit) {quotekit_version} with rule-based parsers
(no machine-learned model). Every quotation is a character span into the article text:
`article.text[start:end] == quote`.

## Loading

```python
from datasets import load_dataset

quotes = load_dataset("path/to/{name}/v{version}")              # default config: quotes
articles = load_dataset("path/to/{name}/v{version}", "articles")
clusters = load_dataset("path/to/{name}/v{version}", "clusters")  # one row per quotation across articles
```

## Contents

| split | articles | quotes | quote clusters |
| --- | --- | --- | --- |
{split_rows}

A whole article is in one split, and so is every quotation: articles that quote the same
words (one quote cluster) form a group, and each group of connected articles goes to the
split chosen from a hash of its smallest article id (80/10/10 by default). An article that
shares no quotation with another keeps the split of its own id. With few articles a split
may be empty; its zero-row shard is still written with the full schema, but the card does
not list it, because `datasets` cannot load a split with no rows.

In a large corpus, quotations that travel would chain almost every article into one group
and so into one split. A group therefore holds at most {limit['articles']} articles ({limit['share'] * 100:g}% of the
corpus, and never fewer than {limit['floor']}): clusters join their articles longest quotation first,
and a cluster that would pass the limit is cut; a cut cluster's row is in the split of its
first article. Clusters cut in this release: {splits['clusters_cut']}; clusters with occurrences in more
than one split: {splits['clusters_across_splits']} (`release.json` records both under `splits`).

## Quote clusters

The same quotation travels from article to article, with other marks, editorial
insertions (`[for the US]`), cuts (`…`), or in part. A quote cluster gathers its
occurrences: quotations of five words or more join when their words are the same after
folding case, marks, spacing, insertions and cuts, and a fragment of five words or more
joins the one longer quotation it lies in. Shorter quotations ("Yes.", "I agree") join
only with the same speaker. Each quote's `quote_cluster_id` names its cluster; the
`clusters` config gives the canonical text, the articles, and the speaker the articles
agree on, with every candidate and its share of the votes (one vote per article). A
quotation that no rule attributed takes the cluster's top speaker, with rule
`cluster_consensus` and a lower confidence.

| kind | quotes |
| --- | --- |
{kind_rows}

| rule that attributed the speaker | quotes |
| --- | --- |
{rule_rows}

## How it was made

1. Articles were read as UTF-8 text, unchanged.
2. Quotation marks (“ ” " ‘ ’ ' « » „ and others) were paired per paragraph, skipping
   apostrophes, inch marks and quote characters inside markup or URLs; embedded social posts
   signed `— Name (@handle) Date` became `block` quotes.
3. Speakers were attributed by an ordered sieve of named rules (reporting verb after or
   before the quote, shared subject, "according to", continuation of the previous quote),
   and each mention (name, pronoun, description, handle) was resolved to the fullest name
   the article gives.
4. Every record was validated against the published JSON Schema before it was written.

## Fields

### `quotes` ({quote_schema["$id"]})

{_field_table("quote")}

### `articles` ({article_schema["$id"]})

{_field_table("article")}

### `clusters` ({cluster_schema["$id"]})

{_field_table("cluster")}

The JSON Schemas are in `schema/` beside this card; `quotekit validate` checks new
annotations against them.

{_releases_section(name, version, changes)}
## Known limits

- Rules, not a model: quotes without a reporting verb nearby (opinions paraphrased around a
  fragment, headlines in title case) often get no speaker.
- Pronouns are resolved to the nearest plausible person; in articles that quote several
  people in a row this can pick the wrong one.
- `confidence` is the precision of the attributing rule on quotekit's gold files, not a
  per-quote probability.
- Article texts remain the copyright of their publishers (`license: other`); the annotations
  may be used freely with attribution to quotekit.
"""
