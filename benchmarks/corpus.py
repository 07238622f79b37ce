"""A synthetic news corpus for benchmarks: articles built from templates of news sentences
with quotations, names, titles, apostrophes, markup and URLs. Deterministic (seeded), so
every run measures the same text. Nothing here is copied from the evaluation files.

    python benchmarks/corpus.py OUT.jsonl --articles 100000
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Iterator

FIRST = ("Mara Ellison Tomás Reyes Ingrid Solberg Kwame Mensah Priya Natarajan Oleksandr Hrytsenko Aiko Tanaka "
         "Desmond Achterberg Lucía Ferrer Henrik Dahl Nadia Karimi Samuel O'Connell Fiona McAllister Jean-Luc Moreau "
         "Grace Whitfield Yusuf Demir Hana Lee Rafael Ortega Beatrix Klein Cormac Doyle").split()
TITLES = ("Sen.", "Rep.", "Gov.", "Mayor", "Minister", "President", "Dr.", "Chancellor", "Commissioner", "Judge")
ROLES = ("analyst", "economist", "official", "adviser", "organiser", "engineer")
ORGS = ("the Ministry of Finance", "the Alpine Trade Federation", "Global Health Network", "the city council",
        "NATO", "the European Commission", "the Harbour Authority", "Northwind Energy")
VERBS = ("said", "told reporters", "added", "wrote", "argued", "warned", "insisted", "explained", "said on Tuesday")
TOPICS = ("the budget", "the new tariffs", "the port expansion", "the ceasefire talks", "rail strikes",
          "housing prices", "the election", "the drought", "the vaccine rollout", "the merger")
CLAIMS = ("We're not going to back down on {t}", "This is the worst decision I've seen in 20 years",
          "Nobody's talking about {t}, and that's the problem", "It's a good day for the workers of this city",
          "We'll keep fighting until {t} is fixed", "I don't think the '90s playbook works any more",
          "Frankly, {t} was never on the table", "They told us it wouldn't cost a cent. It did",
          "Our members can't wait another year for {t}", "If you ask me, it's rock 'n' roll politics")
FILLER = ("Officials met on {d} to discuss {t}, according to documents seen by reporters.",
          "The proposal, first floated in 2019, drew criticism from both parties.",
          "Prices rose 4.2% in the quarter, the highest since the Joneses' era of the '80s.",
          "Critics have called the plan a so-called \"quick fix\" that ignores {t}.",
          "More details are available at https://example.org/news/{n}?ref=\"feed\".",
          "<p class=\"note\">Updated at 10:45 with comment from {o}.</p>",
          "{o} did not respond to a request for comment on {t}.",
          "The committee's report, published in March, runs to 212 pages.")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _person(rng: random.Random) -> tuple[str, str]:
    i = rng.randrange(len(FIRST) // 2)
    first, last = FIRST[2 * i], FIRST[2 * i + 1]
    return f"{first} {last}", last


def _quote_sentence(rng: random.Random, topic: str) -> str:
    full, last = _person(rng)
    claim = rng.choice(CLAIMS).format(t=topic)
    shape = rng.randrange(6)
    if shape == 0:
        return f"“{claim},” {full} {rng.choice(VERBS)}."
    if shape == 1:
        return f"{rng.choice(TITLES)} {full} {rng.choice(VERBS)}: “{claim}.”"
    if shape == 2:
        return f"\"{claim},\" said {last}, an {rng.choice(ROLES)} at {rng.choice(ORGS)}."
    if shape == 3:
        return f"{full}, the {rng.choice(ROLES)}, called it “{rng.choice(('reckless', 'overdue', 'a gamble'))}” and said {topic} needed work."
    if shape == 4:
        return f"‘{claim},’ {last} told the BBC."
    return f"According to {rng.choice(ORGS)}, “{claim}.”"


def article(rng: random.Random, number: int) -> dict:
    topic = rng.choice(TOPICS)
    paragraphs = []
    for _ in range(rng.randint(4, 9)):
        sentences = []
        for _ in range(rng.randint(1, 4)):
            if rng.random() < 0.45:
                sentences.append(_quote_sentence(rng, topic))
            else:
                filler = rng.choice(FILLER).format(t=topic, d=rng.choice(DAYS), n=number, o=rng.choice(ORGS))
                sentences.append(filler[0].upper() + filler[1:])
        paragraphs.append(" ".join(sentences))
    return {"id": f"bench-{number:07d}", "text": "\n\n".join(paragraphs),
            "title": f"Row over {topic} deepens", "source": "synthetic"}


def articles(count: int, seed: int = 6) -> Iterator[dict]:
    rng = random.Random(seed)
    for number in range(count):
        yield article(rng, number)


def write_corpus(path: Path, count: int, seed: int = 6) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for row in articles(count, seed):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    write_corpus(args.out, args.articles, args.seed)
    print(f"wrote {args.articles} articles to {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
