"""The patterns of speaker attribution: reporting cues, speaker mentions and the ways news
writing ties them to a quotation. Each is compiled once, when this module is imported; the
comment above it shows the text it is for. The rules that use them are in attribution.py.
"""
from __future__ import annotations

import re
from typing import Iterator

import regex

from .lexicon import KEEP_GIL, ORGANIZATION_HEADS, PERSON_HEADS, reporting_phrases, reporting_verbs, trie_alternation
from .names import NAME_RUN, NAME_RUN_SCAN

_CUES = trie_alternation(sorted([regex.escape(v) for v in reporting_verbs()]
                               + [r"\s+".join(map(regex.escape, p.split())) for p in reporting_phrases()],
                               key=len, reverse=True))
# said / told / wrote / replied … (lower case: "Post" in "The Washington Post" is no cue)
CUE = regex.compile(rf"(?<![\p{{L}}-])(?P<cue>{_CUES})(?![\p{{L}}-])")
# Trying CUE's hundreds of alternatives at every position is slow; every cue starts with
# one of these words, and finding the start of a word is cheap (see ``find_cues``).
CUE_FIRST_WORDS = frozenset(cue.split()[0] for cue in (*reporting_verbs(), *reporting_phrases()))
WORD_START = regex.compile(r"(?<![\p{L}-])\p{L}+")
# Where one of those words starts, unless right after an ASCII letter or a hyphen (each a
# letter or hyphen to WORD_START): "said", "saidx", "3said", not "unsaid". The standard
# library's re finds these far faster than regex finds every word start.
# (The lookahead, a first letter, only lets re reject most places before the lookbehind.)
CUE_FIRST_LETTERS = re.compile(rf"(?=[{''.join(sorted({word[0] for word in CUE_FIRST_WORDS}))}])(?<![a-zA-Z-])"
                               rf"(?:{trie_alternation(sorted(CUE_FIRST_WORDS))})")
# A small letter that starts a word. re tries CUE_FIRST_LETTERS at every place, slowly over
# a long stretch with no small letter (a masked quotation, capitals); regex skips such a
# stretch fast, so it finds where the scan may start.
SMALL_WORD_START = regex.compile(r"[a-z](?<![\p{L}-].)")


def find_cues(view: str, start: int, end: int) -> Iterator[regex.Match]:
    """The matches of ``CUE.finditer(view, start, end)``, trying CUE only where a word that
    can begin a cue starts (a cue's first letters are a whole word of the text).

    Those word starts are among the starts of CUE_FIRST_LETTERS: the letters of such a
    word match there, and no earlier match of CUE_FIRST_LETTERS (all ASCII letters, see
    the test) runs across a word start, as a word start follows no letter. None of them
    comes before the first SMALL_WORD_START (the words are in small ASCII letters)."""
    first = SMALL_WORD_START.search(view, start, end, KEEP_GIL)
    if first is None:
        return
    position = start
    for letters in CUE_FIRST_LETTERS.finditer(view, first.start(), end):
        at = letters.start()
        if at < position:
            continue
        word = WORD_START.match(view, at, end, KEEP_GIL)
        if word is None or word.group() not in CUE_FIRST_WORDS:
            continue
        match = CUE.match(view, at, end, KEEP_GIL)
        if match:
            position = match.end()
            yield match


def first_cue(view: str, start: int, end: int) -> regex.Match | None:
    """``CUE.search(view, start, end)``, the fast way."""
    return next(find_cues(view, start, end), None)


def cues_of_any_case(text: str, start: int, end: int) -> list[tuple[int, str]] | None:
    """(start, text lowered) of each match of CUE ignoring case in ``text[start:end]``
    (``HEADLINE_CUE.finditer``), found by the small-letter CUE in that stretch lowered; or
    None when lowering cannot serve.

    It can when each character lowers to one, in its place, and none is "ſ". "İ" lowers
    to two characters. "ſ" lowers to itself, yet CUE ignoring case takes it for an "s".
    Every other character's lower case is an ASCII letter exactly when CUE ignoring case
    takes the character for that letter (the only characters of a cue but white space),
    and is a letter, a hyphen or white space exactly when the character is (see the test).
    The stretch lowered starts a character early, for CUE's lookbehind."""
    before = max(start - 1, 0)
    lowered = text[before:end].lower()
    if len(lowered) != end - before or "ſ" in lowered:
        return None
    return [(before + cue.start(), cue.group()) for cue in find_cues(lowered, start - before, len(lowered))]


# Nouns of saying after a possessive name: "Donald Trump’s claim that “…”"
SAYING_NOUNS = ("claim claims statement statements comment comments remark remarks words tweet tweets post posts "
                "assertion assertions description promise pledge warning message response reply answer argument "
                "suggestion accusation accusations charge view belief stance insistence characterization "
                "declaration vow call calls quip view views belief beliefs position argument").split()
# The noun must introduce what was said ("Trump’s claim that …", "his view that …", "Musk's
# stance is …"), not a topic ("Musk’s comment on X about US “leaving the NATO”").
POSSESSIVE_CUE = regex.compile(rf"""
    (?:(?P<name>(?>{NAME_RUN_SCAN.pattern}))[’']s|(?P<pronoun>\b(?:[Hh]is|[Hh]er|[Tt]heir)))\s+
    (?:[\p{{Ll}}-]+\s+){{0,2}}?
    (?P<cue>{trie_alternation(SAYING_NOUNS)})\b
    (?=\s+(?:that|is|was|are|were|has|had)\b)
""", regex.VERBOSE)


def possessive_cues(view: str, start: int, end: int) -> list[regex.Match]:
    """``POSSESSIVE_CUE`` in ``view[start:end]``; most sentences hold no noun of saying
    before "that" (or "is", …) and no possessive, and quick tests say so much faster than
    the pattern."""
    if POSSESSIVE_MARK.search(view, start, end) is None or \
            SAYING_NOUN_BEFORE_CONTENT.search(view, start, end) is None:
        return []  # the cheaper test first
    return list(POSSESSIVE_CUE.finditer(view, start, end))


# The quick tests: the parts of POSSESSIVE_CUE that any match has, less its word
# boundaries. "claim that" / "’s " or "his ". They are the standard library's re, which
# scans faster than regex; its \s takes every character that regex's \s takes (see the test).
SAYING_NOUN_BEFORE_CONTENT = re.compile(rf"(?:{trie_alternation(SAYING_NOUNS)})(?=\s+(?:that|is|was|are|were|has|had))")
# (Its lookahead, the first characters, lets re reject most places before the alternation.)
POSSESSIVE_MARK = re.compile(r"(?=[’'HhTt])(?:[’']s|[Hh](?:is|er)|[Tt]heir)\s")

# Words that may stand between a speaker and the verb: "Musk simply replied",
# "Hegseth had recently said", "Zelensky later said", "Lee has also said".
_BETWEEN_WORDS = ("has have had will would could can may might must shall should did does do is was were also then "
                  "later again once previously recently long further often since first never not still already").split()
_BETWEEN = rf"(?:(?:{trie_alternation(_BETWEEN_WORDS)}|\p{{Ll}}+ly)\s+)"

_DESCRIPTION_HEADS = trie_alternation(sorted(PERSON_HEADS | ORGANIZATION_HEADS, key=len, reverse=True))
# the website / a former US government official / The head of the Department of X (X)
# Words that never head a description ("the announcer on Tuesday" ends at "announcer").
_FUNCTION_WORDS = "(?:" + trie_alternation((
    "on in at of for to from with by about after before during outside inside through over "
    "under into onto across against among between within without as than and or but so "
    "who whom whose which what that this these those he she they it we i you him her them us "
    "its his their our my your "
    "was were is are be been has have had will would can could said says told also then later").split()) + ")"

def _both_cases(words: list[str]) -> list[str]:
    """Each word capitalised, then as written: the alternatives of ``[Tt]he|[Aa]n?|…``."""
    return [form for word in words for form in (word.capitalize(), word)]


# Groups that speak but are never one named speaker: "Protesters chanted".
_PLURAL_WORDS = ("protesters officials critics lawmakers residents supporters opponents analysts experts democrats "
                 "republicans voters witnesses sources leaders activists workers parents students police prosecutors "
                 "aides").split()
_PLURAL_SPEAKERS = trie_alternation(_both_cases(_PLURAL_WORDS))

# The determiner of a description: "the", "a", "one", "his", or a possessive name ("the
# ad’s", "Delgado's"); a whole word ("Russia official" has none, not "a official").
_DETERMINERS = "the an a one this that his her their its".split()
_DETERMINER_WORDS = "(?:" + trie_alternation(_both_cases(_DETERMINERS)) + ")"
def _description(name: str) -> str:
    return rf"""(?P<determiner>(?<![\p{{L}}\p{{N}}’'-]){_DETERMINER_WORDS}|(?:{name})[’']s)\s+
    (?:(?!{_FUNCTION_WORDS}\b)[\p{{L}}\p{{N}}.’'-]+\s+){{0,4}}
    (?P<head>{_DESCRIPTION_HEADS}|(?!{_FUNCTION_WORDS}\b)[\p{{Ll}}\p{{N}}][\p{{L}}\p{{N}}-]+)\b
    (?:\s+(?:of|for|at|to|in)\s+(?:the\s+)?[\p{{Lu}}@][^\s,.;:“”"]*(?:\s+(?:of\s+|and\s+|the\s+)?[\p{{Lu}}(][^\s,.;:“”"]*){{0,6}})?"""


DESCRIPTION = _description(NAME_RUN.pattern)
_NAME = NAME_RUN.pattern
# A speaker mention: a handle, a pronoun, a name (titles included, stripped later) or a
# description.
def _mention(name: str) -> str:
    return rf"""(?:
      (?P<handle>@(?:\w|\.(?=\w)){{1,30}})
    | (?P<pronoun>\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\b)
    | (?P<description>{_description(name)}|(?P<plural>\b(?:{_PLURAL_SPEAKERS})))\b
    | (?P<name>{name})(?![’']s\b)   # not "Hargrove's" (her chief of staff speaks)
)"""


MENTION = _mention(_NAME)
# SPEAKER_BEFORE_CUE is searched from every position of a sentence (all of it, for a quote
# "introduced" by the line before), and a name run tried in a long run of capitalised
# words reads up to MAX_NAME_WORDS words; atomic, it is not then given back word by word.
# The same matches: a name run cut short ends before a letter, ".", a space or "of", where
# nothing that may follow a name in these patterns ("’s ", ",", "(", a cue) can start.
# NAME_RUN_SCAN is NAME_RUN written to cost less at each capital, with the same first match
# at every position: the only match an atomic group keeps.
_ATOMIC_NAME = rf"(?>{NAME_RUN_SCAN.pattern})"

MENTION_AT = regex.compile(MENTION, regex.VERBOSE)

# "…," Lee said / "…," he told The Washington Post / "…" — Rutte told the BBC
# Its name runs are atomic too (see _ATOMIC_NAME; backtracking through each shorter name cost
# a third of its time): after a run cut short come a space and a capital, a name particle
# or "of", none of which is a cue or a word that may stand before one (see the test).
SPEAKER_THEN_CUE = regex.compile(rf"""
    ^[\s,—–-]*
    (?:(?:\p{{Ll}}[\p{{L}}-]*\s+){{1,3}}(?=[\p{{Lu}}@]))?   # airport director Hana Lee
    {_mention(_ATOMIC_NAME)}
    (?:\s*\([^()\n]{{1,40}}\))?          # (R-UT)
    (?:,\s+(?:the\s+)?(?P<appositive>{_NAME}),|(?:,[^,\n“”"]{{1,80}}){{1,2}},)?   # , Jean-Baptiste Moreau,
    \s+{_BETWEEN}{{0,3}}
    (?P<cue>{CUE.pattern})
""", regex.VERBOSE)

# "…," said Lee / "…," said a former official Michèle A. Flournoy / "…," says the ministry
CUE_THEN_SPEAKER = regex.compile(rf"""
    ^[\s,—–-]*
    (?:{_BETWEEN})?
    (?P<cue>{CUE.pattern})
    \s+
    (?:(?:[Tt]he|[Aa]n?)\s+(?:\p{{Ll}}[\p{{L}}.’'-]*\s+){{1,6}}?(?=\p{{Lu}})  # a former US official Jane Roe
      |(?:[\p{{Ll}}\p{{N}}][\p{{L}}\p{{N}}/-]*\s+){{1,3}}(?=\p{{Lu}})    # union leader Katrin Vogel, 9/11 widow …
      |the\s+(?=\p{{Lu}}))?                                      # the Alpine Trade Federation
    {MENTION}
    (?:,\s+(?:the\s+)?(?P<appositive>{_NAME})(?=[,.;]|\s*$))?       # the defence lawyer, Henrik Dahl,
""", regex.VERBOSE)

# Any short noun phrase between a quote and its verb, searched for a name afterwards:
#   "…" White House press secretary Josh Earnest said / "…" a narrator in the ad asks
TRAILING_NOUN_PHRASE = regex.compile(rf"""
    ^[\s,—–-]*
    (?P<phrase>(?:(?!{CUE.pattern})[^“”"\n;:!?]){{1,120}}?)
    (?:[’'](?:s|re|ve|d|ll))?
    \s+{_BETWEEN}{{0,3}}
    (?P<cue>{CUE.pattern})
""", regex.VERBOSE)
# TRAILING_NOUN_PHRASE less the look-ahead for a cue at each character of its phrase,
# which costs most of a match: see ``trailing_noun_phrase``.
_TRAILING_NOUN_PHRASE_UNCHECKED = regex.compile(rf"""
    ^[\s,—–-]*
    (?P<phrase>[^“”"\n;:!?]{{1,120}}?)
    (?:[’'](?:s|re|ve|d|ll))?
    \s+{_BETWEEN}{{0,3}}
    (?P<cue>{CUE.pattern})
""", regex.VERBOSE)


def trailing_noun_phrase(after: str, cue_start: int) -> regex.Match | None:
    """``TRAILING_NOUN_PHRASE.match(after)``, given ``cue_start``, where CUE first matches
    in ``after``.

    Why it is the same match: CUE starts with a letter, never with one of the characters
    the pattern skips first (white space, commas, dashes), so no phrase, which holds no
    place where CUE matches, runs past ``cue_start``; before it, the look-ahead always
    passes. Both patterns try the same (skipped part, phrase end) pairs in the same order,
    and the same rest after each phrase; so when the first match of the pattern without
    the look-ahead ends its phrase by ``cue_start``, it is the full pattern's first match.
    When it ends the phrase later, the full pattern decides."""
    match = _TRAILING_NOUN_PHRASE_UNCHECKED.match(after)
    if match is None or match.end("phrase") <= cue_start:
        return match
    return TRAILING_NOUN_PHRASE.match(after)


# A full stop that ends a sentence inside such a phrase (not "Mr." or "B.")
PHRASE_SENTENCE_END = regex.compile(r"(?<!\b(?:\p{Lu}|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Del|Gen|Lt|St|Jr|Sr))\.\s")

# A quotation signed with a dash at the end of its line: `“…” ― Pamela Padilla`
DASH_SIGNATURE = regex.compile(rf"""
    ^[ \t\xa0]*(?P<cue>[—―–]|--?)[ \t\xa0]*
    (?:(?P<handle>@\w{{1,30}})|(?P<name>{_NAME}))
    [ \t\xa0.]*$
""", regex.VERBOSE)

NEAR_CUE_WORDS = 8  # a cue this close before a quote outranks one after it
TRAILING_WINDOW = 240  # characters after a closing mark where its attribution may stand

# The speaker just before a cue, the cue's left side ending here:
#   "Musk simply " / "X user @GuntherEagleman, who " / "Elon Musk, the billionaire…, "
# What follows the mention, up to the end of the left side:
_AFTER_SPEAKER = rf"""
    (?:\s*\([^()\n]{{1,40}}\))?                      # (R-UT) / (DOGE)
    (?:,\s+(?:the\s+)?(?P<appositive>{_NAME}),)?    # The auditor, Felix Brandt,
    (?P<apposition>,\s+                            # , the billionaire who heads DOGE,
        (?:who\s|the\s|an?\s|\p{{Ll}}|\p{{Lu}}\p{{L}}*[’']s\s)  # , Trump's nominee for …,
        [^,\n]{{0,160}}?,)?
    (?P<relative>,?\s+(?:who|which|that)(?:\s+(?:in|on|at|last|this)\s+[\w-]+(?:\s+\d{{4}})?)?)?  # , who in 2010
    (?:[’'](?:s|re|ve|d|ll))?                       # He’s claiming
    \s+{_BETWEEN}{{0,3}}$
"""
SPEAKER_BEFORE_CUE = regex.compile(_mention(_ATOMIC_NAME) + _AFTER_SPEAKER, regex.VERBOSE)

# SPEAKER_BEFORE_CUE is searched on the left side of every cue near a quote, and trying it
# at each letter is slow (a capital starts a name run, a description, a possessive). Two
# exact shortcuts (see ``speaker_before_cue``):
# 1. The first character of every kind of mention (an "@", a capital, a lower-case pronoun,
#    plural or determiner), checked before the mention is tried. (The mention also needs a
#    determiner to start a word; this test need not.)
MENTION_START = rf"""(?=@|\p{{Lu}}
    |\b(?:{trie_alternation(["he", "she", "they", "it", *_PLURAL_WORDS])})
    |(?:{trie_alternation(_DETERMINERS)})\s)"""
SPEAKER_BEFORE_CUE_AT_MENTION = regex.compile(MENTION_START + SPEAKER_BEFORE_CUE.pattern, regex.VERBOSE)
# 2. What follows the mention starts with "(", ",", an apostrophe or a space; before a space
#    comes "(", "who", "which", "that", a word that may stand before a verb, or the end.
AFTER_SPEAKER = regex.compile(rf"(?=\s*\(|,|[’']|\s+(?:who|which|that|$|{_BETWEEN})){_AFTER_SPEAKER}",
                              regex.VERBOSE)
# No mention holds one of these (a name, a handle, a description: see the test), so a
# mention that ends where AFTER_SPEAKER starts starts after the last of them before it.
MENTION_BREAK = regex.compile(r'(?r)[,;:“”"]')


def speaker_before_cue(left: str) -> regex.Match | None:
    """``SPEAKER_BEFORE_CUE.search(left)``, trying fewer starts.

    Why it is the same match: a match is a mention followed by a match of _AFTER_SPEAKER
    that ends where ``left`` ends. What may follow a mention depends only on where the
    mention ends, so no match ends its mention before the first place where AFTER_SPEAKER
    matches (its lookahead only restates how _AFTER_SPEAKER starts); as no mention holds a
    MENTION_BREAK, no match starts at or before the last break before that place. From
    there on, the search tries every start as SPEAKER_BEFORE_CUE does (lookbehinds still
    see the text before ``pos``), skipping only the starts where MENTION_START, which each
    kind of mention begins with, fails. With no break at all, no start is ruled out."""
    if MENTION_BREAK.search(left, 0, None, KEEP_GIL) is None:
        return SPEAKER_BEFORE_CUE_AT_MENTION.search(left, 0, None, KEEP_GIL)
    after = AFTER_SPEAKER.search(left, 0, None, KEEP_GIL)
    if after is None:
        return None
    mention_break = MENTION_BREAK.search(left, 0, after.start(), KEEP_GIL)
    return SPEAKER_BEFORE_CUE_AT_MENTION.search(left, mention_break.end() if mention_break else 0, None, KEEP_GIL)


# A single name as the subject of a reporting verb: evidence that it names a person.
# It is searched through whole articles; the lookahead, what every match starts with (each
# word between and each cue starts with a small letter), turns most places down fast.
NAME_BEFORE_CUE = regex.compile(rf"(?=\p{{Lu}}\p{{Ll}}+\s+\p{{Ll}})"
                                rf"(?<![\p{{L}}.])(?P<speaker>\p{{Lu}}\p{{Ll}}+)\s+{_BETWEEN}{{0,2}}(?:{CUE.pattern})")

# The cue's subject is elsewhere in the sentence: "… and said", "…, saying", "… to write"
# This and the NOUN_USE patterns are asked only whether the left side of a cue ends with
# them: they are read backwards (?r), so that ``match`` tries its end alone, where a search
# tried every start. (A match that ends before a final line break, as "$" allows, is one
# that ends at the end, as white space ends each of them.)
SUBJECT_ELSEWHERE = regex.compile(rf"(?r)(?:\band|\bbut|,|\bto|\bwhile|\bbefore|\bafter)\s+{_BETWEEN}{{0,3}}$")

# "…, according to the website" / "According to BBC, …" / "As per the ministry, …"
ACCORDING_TO = regex.compile(rf"""
    (?P<cue>\b[Aa]ccording\s+to|\b[Aa]s\s+per)\s+
    (?:the\s+(?=\p{{Lu}}))?
    {MENTION}
""", regex.VERBOSE)

# The quick test for ACCORDING_TO: each match holds "ccording" or white space then "per".
# The standard library's \s takes every character that str.isspace() does, a superset
# of the regex package's \s (White_Space), so no match of ACCORDING_TO is missed.
ACCORDING_QUICK = re.compile(r"ccording|\sper")


def according_to(view: str, start: int, end: int) -> regex.Match | None:
    """``ACCORDING_TO.search(view, start, end)``, mostly without the search.

    Why it is the same match: every match holds "ccording" or a "per" after white space
    (the quick tests, str.find first, the faster). No match starts before the first
    "ccording" less one character, but for an "as per", whose "per" comes before that
    "ccording" (no "per" overlaps it); so with no "per" there, the search starts from there
    (its \b still sees the character before)."""
    according = view.find("ccording", start, end)
    if according < 0:
        if view.find("per", start, end) < 0 or ACCORDING_QUICK.search(view, start, end) is None:
            return None
    elif view.find("per", start, according) < 0:
        start = max(start, according - 1)
    return ACCORDING_TO.search(view, start, end, KEEP_GIL)


# The subject that opens a sentence, after an optional introductory phrase:
#   "Elise Stefanik, Trump's nominee…, has" / "During each of his bids, Trump has"
SENTENCE_SUBJECT = regex.compile(rf"\s*(?:[•*-]\s*)?{MENTION}(?:,\s+(?P<appositive>{_NAME}),)?", regex.VERBOSE)
INTRODUCTORY_PHRASE = regex.compile(r"\s*(?:[•*-]\s*)?\p{Lu}[^,“”\"\n]{0,60},\s+")

# Description heads that name an owner: "the organization’s website", "NATO's website"
OWNER_OF = regex.compile(rf"(?P<owner>(?>{NAME_RUN.pattern})|the\s+\p{{L}}+)[’']s\s+(?P<head>\p{{Ll}}+)\b", regex.VERBOSE)

# How an article introduces a person by a description, read once per article:
#   "Elon Musk, the head of DOGE," / "The club's owner, Desmond Achterberg," /
#   "Police Commissioner Aldo Ferri"
_DESCRIPTION_AFTER_NAME = r",\s+(?:the|a|an|\p{Lu}[\p{L}-]*[’']s)\s+(?P<description>[^,.\n]{0,80})"
NAME_THEN_DESCRIPTION = regex.compile(rf"(?P<name>{NAME_RUN.pattern}){_DESCRIPTION_AFTER_NAME}", regex.VERBOSE)
DESCRIPTION_THEN_NAME = regex.compile(
    rf"(?P<head>[\p{{L}}-]+),\s+(?:the\s+)?(?P<name>{NAME_RUN.pattern})(?=,|\s+and\b|\.)", regex.VERBOSE)
ROLE_BEFORE_NAME = regex.compile(rf"(?P<head>[\p{{L}}-]+)\s+(?P<name>{NAME_RUN.pattern})", regex.VERBOSE)
# These three say what an introduction is; searched with overlapped=True they try every
# letter of the article, so attribution.py finds the same matches from their rarer parts:
# a comma before a description or after a word, a space before a capital.
DESCRIPTION_AFTER_NAME = regex.compile(_DESCRIPTION_AFTER_NAME)
NAME_BEFORE_COMMA = regex.compile(rf"(?:{NAME_RUN.pattern})(?=,)", regex.VERBOSE)
CAPITAL = regex.compile(r"\p{Lu}")
COMMA_AFTER_WORD = regex.compile(r"(?<=[\p{L}-]),\s+")
NAME_AFTER_COMMA = regex.compile(rf"(?:the\s+)?(?P<name>{NAME_RUN.pattern})(?=,|\s+and\b|\.)", regex.VERBOSE)
SPACE_BEFORE_CAPITAL = regex.compile(r"(?<!\s)\s+(?=\p{Lu})")
HEAD_WORD_BEFORE = regex.compile(r"(?r)[\p{L}-]+")  # matched backwards from where the head word ends
HONORIFIC = regex.compile(r"\b(?P<honorific>Mrs|Ms|Miss|Mr)\.?\s+(?P<surname>\p{Lu}[\p{L}’'-]+)")

# A cue word used as a noun or adjective: "in a post on X", "one telling word".
_DETERMINER = r"\b(?:a|an|the|one|his|her|their|its|this|that|whose|my|our|your)\s+"
NOUN_USE = regex.compile(rf"(?r){_DETERMINER}$", regex.IGNORECASE)
# Cue words that are often nouns, after a determiner and up to two modifiers:
# "in a social media post", "the tweets", "a report".
NOUN_CAPABLE = frozenset("post posts tweet tweets report reports call calls claim claims note notes "
                         "answer answers reply replies question questions statement statements state states "
                         "charge charges demand demands promise promises pledge pledges vow vows estimate "
                         "estimates term terms voice echo praise warning remark remarks comment comments "
                         "label labels brand chant chants read".split())
NOUN_USE_WITH_MODIFIERS = regex.compile(rf"(?r)(?i:{_DETERMINER})(?:[\p{{Ll}}-]+\s+){{0,2}}$")

# Small patterns the rules use on short strings, compiled once.
CAPITALISED_WORD = regex.compile(r"\p{Lu}\p{Ll}")            # "Mike Lee" (a display name, not "@mlee")
# The words of four or more characters of a possible headline. The words are the runs of
# \p{L}[\p{L}’'-]*; this pattern finds just the long ones, as a run too short to match
# from its first letter is too short from any letter after it.
HEADLINE_LONG_WORD = regex.compile(r"\p{L}[\p{L}’'-]{3,}")
DOUBLE_MARK = regex.compile(r"[“”\"]")
LEADING_ARTICLE = regex.compile(r"^(?:[Tt]he|[Aa]n?)\s+")     # "the website" -> "website"
DESCRIPTION_WORD = regex.compile(r"[\p{L}-]+")

MAX_WORDS_CUE_TO_QUOTE = 25
CONTEXT = 600     # characters of a sentence either side of a quote that rules look at
LOOK_BACK = 12    # earlier quotes or names a resolution looks back over   # "Trump said the U.S. was protecting …, but they were “…”"
