"""Word lists quotekit's rules rely on, loaded once from ``quotekit/data/``, and what the
patterns built from them share: ``trie_alternation`` and ``KEEP_GIL``."""
from __future__ import annotations

import re
from functools import cache
from importlib import resources


def _words(name: str) -> list[str]:
    text = (resources.files("quotekit") / "data" / name).read_text(encoding="utf-8")
    return [word for line in text.splitlines() if not line.startswith("#") for word in line.split()]


@cache
def reporting_verbs() -> frozenset[str]:
    """Every form of every reporting verb, lower case."""
    return frozenset(word.lower() for word in _words("reporting_verbs.txt"))


@cache
def reporting_phrases() -> tuple[str, ...]:
    """Multi-word reporting cues ("put it", "shot back"), lower case."""
    text = (resources.files("quotekit") / "data" / "reporting_phrases.txt").read_text(encoding="utf-8")
    return tuple(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def titles() -> frozenset[str]:
    """Titles and roles, as written (case matters: "Chief" before a name, not "chief")."""
    return frozenset(_words("titles.txt"))


# Nouns that head a description of a speaker ("the head of DOGE", "a former official",
# "the website"). Organisation heads make an organisation speaker.
PERSON_HEADS = frozenset("""
    head chief leader president minister secretary senator lawmaker congressman congresswoman
    official officer spokesman spokeswoman spokesperson representative billionaire businessman
    businesswoman mayor governor diplomat envoy ambassador general admiral commander director
    chairman chairwoman executive founder candidate nominee adviser advisor aide analyst expert
    researcher professor economist lawyer attorney judge justice prosecutor source sources
    officials lawmakers leaders critics experts analysts residents witnesses man woman
    activist author writer journalist reporter host anchor president-elect premier chancellor
    monarch king queen prince pope doctor scientist investor entrepreneur owner manager coach
    player star actor actress singer veteran survivor victim father mother son daughter
    wife husband brother sister colleague friend neighbour neighbor teacher student user
    striker goalkeeper defender midfielder captain deckhand sailor pilot driver manager owner
    referee umpire treasurer auditor regulator announcer narrator questioner lawyer mayor
    deputy chief-executive inspector detective sheriff trooper farmer resident worker nurse
    surgeon physician economist strategist pollster organizer organiser campaigner protester
""".split())

ORGANIZATION_HEADS = frozenset("""
    website site ministry agency department company firm government administration campaign
    committee commission council office organization organisation group party statement report
    union alliance bank court board authority authorities police military army newspaper
    paper outlet network station channel institute university school foundation charity
    association federation coalition team club embassy spokesperson's house senate congress
    parliament cabinet regime kremlin pentagon
""".split())

# Capitalised words that mark a name as an organisation ("Ministry of Finance",
# "The Washington Post").
ORGANIZATION_WORDS = frozenset("""
    Ministry Department Agency Commission Council Committee Office Bureau Service Authority
    Times Post Journal News Press Herald Tribune Telegraph Guardian Gazette Express Daily Weekly
    Network Media Broadcasting Radio Television TV Reuters Newsweek Associated
    Party Union Organization Organisation Association Federation Alliance Coalition League
    Institute University College School Foundation Fund Trust Center Centre Council Society
    Bank Group Company Corporation Corp Inc Ltd LLC Holdings Industries Airlines Motors
    Court Senate House Congress Parliament Assembly Government Administration Campaign
    Church Army Navy Police Force Forces Treaty Nations Kremlin Pentagon Ministry Embassy
    Club Team Board Reserve Exchange Agency Watch International Labs Hospital
""".split())

PRONOUNS = {"he": "person", "she": "person", "they": "unknown", "it": "organization", "his": "person",
            "him": "person", "her": "person"}

# Name particles that stay lower case inside a name: Ursula van der Meer, Omar bin Saleh.
NAME_PARTICLES = ("de", "da", "del", "della", "der", "den", "di", "du", "la", "le", "van",
                  "von", "bin", "ibn", "al", "el", "ben", "dos", "das", "ter", "ten", "y")


@cache
def given_name_genders() -> dict[str, str]:
    """Given name -> "female" or "male" (a name listed under both is left out)."""
    text = (resources.files("quotekit") / "data" / "first_names.txt").read_text(encoding="utf-8")
    genders: dict[str, str] = {}
    both: set[str] = set()
    for line in text.splitlines():
        if line.startswith("#") or ":" not in line:
            continue
        gender, names = line.split(":", 1)
        for name in names.split():
            if genders.get(name, gender.strip()) != gender.strip():
                both.add(name)
            genders[name] = gender.strip()
    return {name: gender for name, gender in genders.items() if name not in both}


PRONOUN_GENDERS = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}

# The ``concurrent`` argument of regex's match, search, finditer and findall, for the
# calls made most often. By default regex lets go of the GIL around every match on a str
# and takes it back after: 3 to 7% of extraction's time (timed in turns in one process,
# on a noisy machine). Extraction runs one thread in each process (and where it shares
# one, the Python between the matches holds the GIL most of the time anyway), so the hot
# calls keep it. It goes by position, fourth for match and search, fifth for finditer and
# findall: ``P.match(text, pos, endpos, KEEP_GIL)``. regex reads positional arguments
# directly, and parsing a keyword would cost more than the GIL saves
# (tests/test_keep_gil.py).
KEEP_GIL = False


# One token of an alternative: \s+ (between the words of a phrase), an escaped character
# or a plain one.
_TOKEN = re.compile(r"\\s\+|\\.|.", re.DOTALL)


def trie_alternation(alternatives: list[str]) -> str:
    """``"|".join(alternatives)``, rewritten as a trie on shared leading tokens:
    said|says|stated -> s(?:a(?:id|ys)|tated). The engine then tries a word's few
    alternatives instead of all of them. Matches, and the order in which alternatives are
    preferred, are unchanged: every alternative is literal tokens (letters, escaped
    characters, ``\\s+`` between words) whose first letters tell them apart, and the order
    within a branch is kept."""
    return _trie([_TOKEN.findall(alternative) for alternative in alternatives])


def _trie(alternatives: list[list[str]]) -> str:
    branches: list[str] = []
    run: dict[str, list[list[str]]] = {}  # first token -> the rests, in order
    for tokens in alternatives:
        if not tokens:  # the empty alternative matches anywhere: no branch moves across it
            branches.extend(_branches(run))
            branches.append("")
            run = {}
        else:
            run.setdefault(tokens[0], []).append(tokens[1:])
    branches.extend(_branches(run))
    return "|".join(branches)


def _branches(run: dict[str, list[list[str]]]) -> list[str]:
    return [first + ("".join(rests[0]) if len(rests) == 1 else f"(?:{_trie(rests)})") for first, rests in run.items()]
