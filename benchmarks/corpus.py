"""A synthetic news corpus for benchmarks: articles built from templates of news sentences
with quotations, names, titles, apostrophes, markup and URLs. Deterministic (seeded), so
every run measures the same text. Nothing here is copied from the evaluation files.

Two styles:
- ``news`` (the default) has the shape of real news, measured on our seed articles: about
  4,600 characters an article, a quotation every 450 characters, sentences of about 110
  characters, paragraphs of one or two sentences, quotations of about 70 characters, and
  the ways news attributes them (before, after, "he said", a description, a paragraph that
  continues the last speaker, scare quotes).
- ``dense`` is the corpus of earlier landings: short articles (1,300 characters) with a
  short quotation every 156 characters, a stress test for the per-quote work.

    python benchmarks/corpus.py OUT.jsonl --articles 100000 [--style news|dense]
"""
from __future__ import annotations

import argparse
import itertools
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


def dense_article(rng: random.Random, number: int) -> dict:
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


# -- the news style -------------------------------------------------------------------------

PLACES = ("Brussels", "the capital", "Geneva", "the port city", "Lisbon", "the northern provinces", "Ottawa",
          "the state legislature", "Nairobi", "the border region")
# Sentences without a quotation, of the length and name density of news prose.
NEWS_FILLER = (
    "{Person}, who has led {org} since 2019, met with officials in {place} on {day} to discuss {t}.",
    "The talks on {t} stalled last month after {org} refused to publish the figures it had promised.",
    "{Last}'s office did not respond to several requests for comment on {day} about {t}.",
    "According to figures released by {org} on {day}, spending on {t} rose {n}% in the first quarter.",
    "Critics say the plan, which {org} first floated in 2021, does little to address {t} in {place}.",
    "In a letter sent to members of {org} on {day}, {Title} {Person} outlined a timetable for {t}.",
    "The dispute over {t} has divided the coalition since the spring, when {org} pulled out of the talks.",
    "{Person} and {Person2} are expected to meet in {place} next week, their offices said.",
    "Opposition lawmakers have called for an inquiry into {t}, citing a report that {org} kept private.",
    "The measure passed by {n} votes to {n2} after a debate that ran late into the night in {place}.",
    "Last year, {org} spent about ${n} million on {t}, nearly twice what it had budgeted.",
    "It was not clear on {day} whether the agreement would survive the vote in {place}.",
    "Some residents have described the changes as a \"betrayal\" of promises made during the campaign.",
    "<p class=\"note\">This story has been updated with a statement from {org}.</p>",
    "More details are available at https://example.org/news/{number}?ref=\"feed\".",
    "{Last}, a former {role} at {org}, has argued for years that {t} needs a national plan.",
    "The committee's report, published in March, runs to {n2}0 pages and makes {n} recommendations.",
    "{Title} {Person} of {org} and {Person2}, the {role}, sat on the panel with {Last} in {place}.",
    "{Person} told The New York Times in January that {org} would not back {t} without changes.",
    "Both {Last} and {Person2} voted against the bill in {place} on {day}, breaking with {org}.",
)
# Quotations are built from parts, so that nearly every one is new, as in real news; a
# share of them travel: they come back, in later articles, from a pool of recent ones.
OPENERS = ("", "", "", "Frankly, ", "Let me be clear: ", "To be honest, ", "At the end of the day, ", "Look, ",
           "As I said before, ")
SUBJECTS = ("we", "the government", "our members", "this city", "nobody in {place}", "families in {place}",
            "the council", "I", "they", "the people of {place}", "every one of us", "{org}")
CLAIM_VERBS = ("will not accept", "have been asking for", "cannot afford", "need to see", "are still waiting for",
               "were promised", "will keep fighting for", "never agreed to", "deserve", "won't support",
               "are worried about", "have done everything to avoid")
OBJECTS = ("{t}", "another delay on {t}", "a real plan for {t}", "the figures on {t}",
           "a deal that leaves workers behind", "more studies and more meetings", "answers about {t}",
           "a vote before the summer", "the cuts in this budget", "a fair share of the money")
TAILS = ("", "", " this year", " before the vote", " any time soon", ", and everyone knows it",
         ", whatever {org} says", " until the job is done", " in {place} or anywhere else", ", full stop",
         " for the next ten years")
# What makes one quotation unlike another, as real ones are: words drawn from a vocabulary
# of invented words with Zipf frequencies (a few common, most rare), in every new clause.
SPECIFICS = (" at the {w} {w2} site", " for the {w} programme", ", as the {w} {w2} report showed",
             " in {W} and {W2}", " after what happened to the {w} {w2}", " on the {w} {w2} and the {w3}",
             ", says {W} {W2}")
SYLLABLES = "ba ke lin dor sa mu ti ven ro cal pe nor fi gu les ma tor vi den ka".split()
VOCABULARY = [a + b + c + d for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES
              for d in ("", "n", "s", "ra", "lo")]  # 40,000 words
CUMULATIVE = list(itertools.accumulate(1 / rank for rank in range(1, len(VOCABULARY) + 1)))
TRAVELLING = 0.12  # the share of quotations that come back from the pool
POOL = 300  # recent quotations that may travel


def _clause(rng: random.Random, topic: str) -> str:
    if rng.random() < 0.2:  # the stock sentences, with their apostrophes
        text = rng.choice(CLAIMS)
    else:
        text = (rng.choice(OPENERS) + rng.choice(SUBJECTS) + " " + rng.choice(CLAIM_VERBS) + " "
                + rng.choice(OBJECTS) + rng.choice(SPECIFICS) + rng.choice(TAILS))
    w, w2, w3 = rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=3)
    text = text.format(t=topic, place=rng.choice(PLACES), org=rng.choice(ORGS), w=w, w2=w2, w3=w3,
                       W=w.capitalize(), W2=w2.capitalize())
    return text[0].upper() + text[1:]


def _claim(rng: random.Random, topic: str, pool: list[str]) -> str:
    if pool and rng.random() < TRAVELLING:
        return rng.choice(pool)
    claim = _clause(rng, topic)
    if rng.random() < 0.15:
        claim = f"{claim}. {_clause(rng, topic)}"
    pool.append(claim)
    del pool[:-POOL]
    return claim


def _news_quote_paragraph(rng: random.Random, topic: str, speaker: tuple[str, str], pool: list[str]) -> str:
    """A paragraph with a quotation, attributed as news writing does."""
    full, last = speaker
    claim = _claim(rng, topic, pool)
    verb = rng.choice(VERBS)
    shape = rng.randrange(10)
    if shape == 0:
        return f"“{claim},” {full} {verb}."
    if shape == 1:
        return f"{rng.choice(TITLES)} {full} {verb} on {rng.choice(DAYS)}: “{claim}.”"
    if shape == 2:
        return f"“{claim},” said {last}, an {rng.choice(ROLES)} at {rng.choice(ORGS)}."
    if shape == 3:
        return (f"{full}, the {rng.choice(ROLES)}, called the proposal “{rng.choice(('reckless', 'overdue', 'a gamble'))}” "
                f"and said {topic} needed more work before the vote in {rng.choice(PLACES)}.")
    if shape == 4:
        return f"“{claim},” he said. “{_claim(rng, topic, pool)}.”"
    if shape == 5:
        return f"“{claim}.”"  # continues the last speaker
    if shape == 6:
        return f"The {rng.choice(ROLES)} {verb} that “{claim.lower()}.”"
    if shape == 7:
        return f"In an interview with {rng.choice(ORGS)}, {last} {verb}, “{claim}.”"
    if shape == 8:
        return f"‘{claim},’ {last} told the BBC."
    return f"According to {rng.choice(ORGS)}, “{claim}.”"


def _filler(rng: random.Random, topic: str, number: int) -> str:
    (person, last), (person2, _) = _person(rng), _person(rng)
    return rng.choice(NEWS_FILLER).format(
        Person=person, Person2=person2, Last=last, org=rng.choice(ORGS), place=rng.choice(PLACES),
        day=rng.choice(DAYS), t=topic, n=rng.randint(2, 60), n2=rng.randint(2, 40), Title=rng.choice(TITLES),
        role=rng.choice(ROLES), number=number)


def news_article(rng: random.Random, number: int, pool: list[str]) -> dict:
    topic = rng.choice(TOPICS)
    paragraphs = []
    speaker = _person(rng)
    for _ in range(rng.randint(18, 34)):
        if rng.random() < 0.33:
            if rng.random() < 0.3:
                speaker = _person(rng)
            paragraphs.append(_news_quote_paragraph(rng, topic, speaker, pool))
        else:
            sentences = [_filler(rng, topic, number) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
            paragraphs.append(" ".join(s[0].upper() + s[1:] for s in sentences))
    return {"id": f"bench-{number:07d}", "text": "\n\n".join(paragraphs),
            "title": f"Row over {topic} deepens", "source": "synthetic"}


STYLES = ("news", "dense")


def articles(count: int, seed: int = 6, style: str = "news") -> Iterator[dict]:
    rng = random.Random(seed)
    pool: list[str] = []  # the quotations that may travel to later articles
    for number in range(count):
        yield news_article(rng, number, pool) if style == "news" else dense_article(rng, number)


def write_corpus(path: Path, count: int, seed: int = 6, style: str = "news") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for row in articles(count, seed, style):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--style", choices=sorted(STYLES), default="news")
    args = parser.parse_args()
    write_corpus(args.out, args.articles, args.seed, args.style)
    print(f"wrote {args.articles} articles to {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
