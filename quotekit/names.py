"""Names of people and organisations: recognising a name run, stripping titles, and
resolving every mention to one canonical name per article ("Lee", "Sen. Lee" and
"Mike Lee" are one speaker; so are "Zelensky" and "Zelenskyy")."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import NamedTuple

import regex

from .lexicon import KEEP_GIL, NAME_PARTICLES, ORGANIZATION_WORDS, titles, trie_alternation

# One word of a name: Mike, McConnell, O'Neill, Mensah-Boateng, Zoë, NATO; never the
# possessive ending (Lee’s -> Lee).
NAME_WORD = r"\p{Lu}(?:[\p{L}\p{M}]|[-'’](?!s\b)(?=\p{L}))*"
# Initials and dotted abbreviations: A., J.D., U.S.
INITIALS = r"(?:\p{Lu}\.){1,3}(?!\p{L})"
# Abbreviated titles that keep their full stop inside a name run: "Rep. Tomás Villanueva".
TITLE_ABBREVIATION_WORDS = tuple(
    "Del Sen Rep Reps Sens Gov Lt Dr Mr Mrs Ms Prof Gen Adm Col Capt Sgt Maj Cmdr Rev Amb Gov Atty Supt Insp Det "
    "Cpl Pvt Hon Pres St".split())
TITLE_ABBREVIATIONS = "(?:" + trie_alternation(TITLE_ABBREVIATION_WORDS) + r")\.(?=[ \xa0]\p{Lu})"
PARTICLE = "(?:" + trie_alternation(NAME_PARTICLES) + ")"

# "of" inside an organisation's name: Ministry of Finance, Bank of the West.
ORGANIZATION_OF = (r"(?=[ ]of[ ])"  # the quick test, before the words behind
                   r"(?<=\b(?:Ministry|Department|Bureau|Office|Bank|University|College|Institute|Council|"
                   r"Commission|Committee|Agency|Board|Court|Chamber|League|Union|Federation|Association|"
                   r"Society|Academy|Secretary|Minister|House|Museum|Church|Party|Republic|Kingdom))"
                   r"[ ]of[ ](?:the[ ])?")

# The most words (titles, initials and name words; particles and "of" not counted) one name
# run may hold. Patterns try a name run at every word start (finditer, overlapped, search),
# and each try reads to the end of the run: unbounded, a long run of capitalised words
# costs quadratic time. With the bound each try reads at most this many words, so any scan
# is linear. No name comes near it: the longest runs of real text are title-case headlines
# of about a dozen words; a longer run is split into runs of this many words.
MAX_NAME_WORDS = 100

# A run of capitalised words, initials and name particles on one line:
#   "U.S. Senator Mike Lee", "Michèle A. Flournoy", "Ursula van der Meer"
NAME_RUN = regex.compile(rf"""
    (?=\p{{Lu}})                 # the quick test: every name run starts with a capital
    (?<![\p{{L}}\p{{M}}'’.-])
    (?:{TITLE_ABBREVIATIONS}|{INITIALS}|{NAME_WORD})
    (?:(?:[ \xa0](?:{PARTICLE}[ ])*|{ORGANIZATION_OF})(?:{TITLE_ABBREVIATIONS}|{INITIALS}|{NAME_WORD})){{0,{MAX_NAME_WORDS - 1}}}
""", regex.VERBOSE)

# NAME_RUN again, for the scan of a whole article (names_in): the same matches, written so
# that the engine does less at each of the many capitals it meets.
#  - A word is a capital and its letters, then each hyphened or apostrophed part (Mensah-
#    Boateng, O'Neill): the words NAME_WORD takes one character at a time, and it stops
#    at the same place, the first character that is neither a letter nor a joining mark.
#  - Titles and initials are tried only where one can start: a capital, at most three
#    lower-case letters and a full stop (Supt., J.); every TITLE_ABBREVIATION_WORDS is so.
# The alternatives keep their order, and each word is followed by a bounded repetition that
# can always stop, so the engine never backtracks into a word it has matched: each word's
# first, greedy match is the one kept, and both forms give the same first match.
# Each alternative opens with a capital, so no look-ahead for one: the look-behind alone is
# cheaper at each place tried. tests/test_fast_analysis.py checks these claims.
_SCAN_NAME_WORD = r"\p{Lu}[\p{L}\p{M}]*(?:[-'’](?!s\b)(?=\p{L})[\p{L}\p{M}]*)*"
_SCAN_WORD = rf"(?:(?=\p{{Lu}}[a-z]{{0,3}}\.)(?:{TITLE_ABBREVIATIONS}|{INITIALS})|{_SCAN_NAME_WORD})"
NAME_RUN_SCAN = regex.compile(rf"""
    (?<![\p{{L}}\p{{M}}'’.-])
    {_SCAN_WORD}
    (?:(?:[ \xa0](?:{PARTICLE}[ ])*|{ORGANIZATION_OF}){_SCAN_WORD}){{0,{MAX_NAME_WORDS - 1}}}
""", regex.VERBOSE)


# Capitalised words that open a sentence or clause but are not names.
NOT_NAMES = frozenset("""
    The A An But And Or So Yet In On At As When While If Then Even After Before Since
    Meanwhile However Also Still This That These Those Last Next Just Although Though Because
    During Despite With Without For From To Of By About Under Over Into Until Unlike Like
    Here There What Why How Who Where Which Whether It Its He She They We I You His Her Their
    Our My Your Besides Moreover Furthermore Indeed Instead Only Now Today Yesterday Tomorrow
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mr Mrs Ms Many Most Some Several
    Both Each Every All Any No Not According Asked Speaking Writing Read Watch Related
""".split())

WORD = regex.compile(r"\S+")
ACRONYM = regex.compile(r"\p{Lu}{2,}|(?:\p{Lu}\.){2,}")   # NATO, U.N.

MONTHS = frozenset("January February March April May June July August September October November December".split())


class Name(NamedTuple):  # a tuple: an article makes thousands, at half a frozen dataclass's cost
    text: str      # the name without titles, as written
    start: int
    end: int
    is_organization: bool


def _is_title(word: str) -> bool:
    return word in titles() or word.rstrip(".") in titles() or "-" in word and word.split("-")[0] in titles()


def strip_titles(run: str, start: int) -> Name | None:
    """The name inside a capitalised run: the words after its last title or opener word.
    "Ukrainian President Volodymyr Zelensky" -> "Volodymyr Zelensky"."""
    name = _stripped(run)
    if name is None or not start:
        return name
    return Name(name.text, name.start + start, name.end + start, name.is_organization)


@lru_cache(maxsize=65536)
def _stripped(run: str) -> Name | None:
    """``strip_titles`` at offset 0; an article repeats its names, a corpus its titles."""
    start = 0
    words = [(m.group(), m.start()) for m in WORD.finditer(run, 0, None, False, KEEP_GIL)]
    is_org_run = any(w.strip(".") in ORGANIZATION_WORDS for w, _ in words)
    keep = 0
    for index, (word, _) in enumerate(words):
        # An organisation keeps its whole name ("Global Health Network"); a person loses
        # every title before the name ("Ukrainian President Volodymyr Zelensky"), but a
        # title word that ends the run is a surname ("Charlie King", "Judge" alone aside).
        is_title = not is_org_run and _is_title(word) and (index < len(words) - 1 or index == 0)
        if word in NOT_NAMES or word in MONTHS or is_title:
            keep = index + 1
    words = words[keep:]
    while words and words[-1][0].lower() in NAME_PARTICLES:
        words.pop()
    if not words:
        return None
    first, last = words[0], words[-1]
    text = run[first[1] : last[1] + len(last[0])]
    is_org = any(w.strip(".") in ORGANIZATION_WORDS for w, _ in words) or (
        len(words) == 1 and ACRONYM.fullmatch(first[0]) is not None)
    return Name(text, start + first[1], start + last[1] + len(last[0]), is_org)


_new_tuple = tuple.__new__


def names_in(text: str, start: int = 0, end: int | None = None) -> list[Name]:
    """Every name in ``text[start:end]``, titles stripped."""
    found = []
    for run in NAME_RUN_SCAN.finditer(text, start, len(text) if end is None else end, False, KEEP_GIL):
        name = _stripped(run.group())  # strip_titles, written out: it runs at every capital
        if name is not None:
            offset = run.start()
            text, first, last, is_organization = name
            # Name(...) less its Python-level __new__, which costs as much again
            found.append(_new_tuple(Name, (text, first + offset, last + offset, is_organization)))
    return found


class NameIndex:
    """The names an article uses, to resolve a mention to its fullest form."""

    def __init__(self, names: list[Name]):
        self._people = Counter(n.text for n in names if not n.is_organization)
        self._names = names  # read again only to break a tie (_first_seen)
        self._first_seen_at: dict[str, int] | None = None
        self.organizations = Counter(n.text for n in names if n.is_organization)
        self._canonical: dict[str, str] = {}
        # People by surname, and by surname less its last letter (Zelenskyy under Zelensky).
        self._by_surname: dict[str, list[str]] = {}
        self._by_surname_stem: dict[str, list[str]] = {}
        for name in self._people:
            surname = name.split()[-1]
            self._by_surname.setdefault(surname, []).append(name)
            if len(surname) >= 6:
                self._by_surname_stem.setdefault(surname[:-1], []).append(name)

    def canonical(self, mention: str) -> str:
        """The fullest form of ``mention`` in the article: "Lee" -> "Mike Lee"."""
        if mention not in self._canonical:
            self._canonical[mention] = self._fullest(mention)
        return self._canonical[mention]

    def _fullest(self, mention: str) -> str:
        words = mention.replace("’s", "").replace("'s", "").split()
        if not words:
            return mention
        candidates = self._same_surname(words[-1])
        if len(words) > 1:  # the same first word, or the mention ends the name
            first, ending = words[0].rstrip("."), " " + " ".join(words).casefold()
            candidates = [name for name in candidates  # "Van der Meer" -> "Ursula van der Meer"
                          if name.split()[0].rstrip(".") == first or name.casefold().endswith(ending)]
        if not candidates:
            return " ".join(words)
        sizes = [len(c.split()) for c in candidates]
        most_words = max(sizes)
        fullest = [c for c, size in zip(candidates, sizes) if size == most_words]
        if len(fullest) == 1:
            return fullest[0]
        return min(fullest, key=lambda c: (-self._people[c], self._first_seen(c)))

    def _first_seen(self, name: str) -> int:
        """Where ``name`` is first written in the article."""
        if self._first_seen_at is None:
            self._first_seen_at = {}
            for n in self._names:
                self._first_seen_at.setdefault(n.text, n.start)
        return self._first_seen_at[name]

    def _same_surname(self, surname: str) -> list[str]:
        """The people with the same surname, allowing one trailing letter of transliteration
        when the shorter form has five letters or more (Zelensky/Zelenskyy)."""
        found = list(self._by_surname.get(surname, ()))
        if len(surname) >= 6:
            found += self._by_surname.get(surname[:-1], ())
        if len(surname) >= 5:
            found += self._by_surname_stem.get(surname, ())
        return found

    def is_person(self, mention: str) -> bool:
        """A person is named with two or more words somewhere in the article."""
        return len(self.canonical(mention).split()) >= 2
