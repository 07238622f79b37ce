"""The dataset card (README.md) of a release: YAML front matter that `datasets` reads
(configs, data files, features, split sizes) and prose for people."""
from __future__ import annotations

from datasets.info import DatasetInfo, DatasetInfosDict
from datasets.splits import SplitDict, SplitInfo
from huggingface_hub import DatasetCardData

from .schema import features, load_schema
from .splits import SPLIT_NAMES

CONFIGS = {"quotes": "quote", "articles": "article"}  # config name -> record kind
DEFAULT_CONFIG = "quotes"


def _front_matter(name: str, counts: dict[str, dict[str, int]], sizes: dict[str, dict[str, int]]) -> str:
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
                kinds: dict[str, int], rules: dict[str, int], quotekit_version: str, changes: str) -> str:
    """The dataset card; ``changes`` is a clause about the previous release, such as
    'first release: 5 articles, 51 quotes'."""
    quote_schema, article_schema = load_schema("quote"), load_schema("article")
    split_rows = "\n".join(
        f"| {split} | {counts['articles'][split]} | {counts['quotes'][split]} |" for split in SPLIT_NAMES)
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
```

## Contents

| split | articles | quotes |
| --- | --- | --- |
{split_rows}

A whole article is in one split, chosen from a hash of its id (80/10/10 by default), so the
same article always lands in the same split. With few articles a split may be empty; it is
still present as a zero-row shard with the full schema.

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
