"""Linear time on long runs of capitalised words, shown without timing anything.

A regex scan (finditer, overlapped, a search, or one match per word) tries its pattern at
up to n positions; it is linear when each try reads a bounded stretch of text. With
``partial=True`` the `regex` package reports a partial match when a try reached the end
of the text it was given while a match was still possible; so a try that, cut off ``L``
characters after its start, gives no partial match read at most ``L`` characters, however
long the text. Unbounded, a name run read to the end of the run from every word start.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotekit.attribution import heads_before_names, names_then_descriptions
from quotekit.attribution_patterns import (DESCRIPTION_THEN_NAME, NAME_AFTER_COMMA, NAME_BEFORE_COMMA,
                                          NAME_THEN_DESCRIPTION, OWNER_OF, POSSESSIVE_CUE, ROLE_BEFORE_NAME,
                                          SPEAKER_BEFORE_CUE)
from quotekit.names import MAX_NAME_WORDS, NAME_RUN, names_in

WORDS = {
    "plain": "Alpha Bravo Charlie Delta",
    "all caps": "ALPHA BRAVO NATO CHARLIE",
    "hyphens and apostrophes": "O'Neill Mensah-Boateng D’Arcy Jean-Luc",
    "initials and titles": "J. R. U.S. Sen. Dr. Alpha",
    "particles": "Van der Meer van de",
    "of": "Ministry of Bank of the",
}


def run_of(words: str, count: int, tail: str = "") -> str:
    """``count`` repetitions of ``words``: one run of capitalised words."""
    return " ".join([words] * count) + tail


# Longer than any name may be: MAX_NAME_WORDS words of up to 12 characters, their
# separators ("of the", particles) and what the pattern reads after the name.
READ_LIMIT = MAX_NAME_WORDS * 30 + 300
# The patterns built on NAME_RUN that are tried at every position or word of an article.
PATTERNS = {NAME_RUN: "NAME_RUN", OWNER_OF: "OWNER_OF", POSSESSIVE_CUE: "POSSESSIVE_CUE",
            NAME_BEFORE_COMMA: "NAME_BEFORE_COMMA", NAME_AFTER_COMMA: "NAME_AFTER_COMMA",
            NAME_THEN_DESCRIPTION: "NAME_THEN_DESCRIPTION", DESCRIPTION_THEN_NAME: "DESCRIPTION_THEN_NAME",
            ROLE_BEFORE_NAME: "ROLE_BEFORE_NAME"}


@pytest.mark.parametrize("kind", WORDS)
@pytest.mark.parametrize("pattern", PATTERNS, ids=PATTERNS.get)
def test_a_try_at_any_position_reads_a_bounded_stretch(pattern, kind):
    words = WORDS[kind]
    text = run_of(words, 4 * READ_LIMIT // len(words))
    # The text repeats with the period of ``words``: the tries at its first two periods
    # stand for all (a try's window never reaches the end of the text).
    for position in range(2 * (len(words) + 1)):
        found = pattern.match(text, position, position + READ_LIMIT, partial=True)
        assert found is None or not found.partial, (kind, position)


def test_name_runs_hold_at_most_max_name_words():
    text = run_of("Alpha Bravo", 2 * MAX_NAME_WORDS)
    runs = [m.group().split() for m in NAME_RUN.finditer(text)]
    assert [len(words) for words in runs] == [MAX_NAME_WORDS] * 4
    # every try, from any word, stops after MAX_NAME_WORDS words
    starts = [i + 1 for i, c in enumerate(text) if c == " "]
    assert max(len(NAME_RUN.match(text, start).group().split()) for start in starts) == MAX_NAME_WORDS


def test_the_bound_leaves_every_real_name_whole():
    for name in ("Crown Prince Mohammed bin Salman bin Abdulaziz Al Saud",
                 "U.S. Senator Mike Lee", "Ursula van der Meer", "Bank of the West",
                 "One Tweet Sums Up The Absurd Double Standard Clinton And Trump Face",  # a headline
                 run_of("Alpha", MAX_NAME_WORDS)):
        assert NAME_RUN.fullmatch(name) is not None
    assert NAME_RUN.fullmatch(run_of("Alpha", MAX_NAME_WORDS + 1)) is None


@pytest.mark.parametrize("kind", WORDS)
def test_introductions_read_bounded_names(kind):
    """The article-wide scans for names and introductions yield at most one name per word
    (or per capital, comma), each of at most READ_LIMIT characters: their output, and the
    work of resolving it, is linear in the text. Unbounded, every word of a run began a
    name that ran to the end of the run."""
    text = run_of(WORDS[kind], 3 * MAX_NAME_WORDS, ", the minister. “Yes,” the minister said.")
    found = ([name for _, _, name in heads_before_names(text)]
             + [name for _, name, _ in names_then_descriptions(text)]
             + [text[n.start:n.end] for n in names_in(text)])
    assert found
    assert len(found) <= 3 * len(text.split())
    assert max(len(name) for name in found) <= READ_LIMIT


# The name runs that SPEAKER_BEFORE_CUE, POSSESSIVE_CUE and OWNER_OF hold are atomic (never
# given back word by word); the same patterns with plain name runs find the same matches.
PIECES = list("aAzZ- ,.'’\n()") + [
    "the ", "The", " and ", "Mr.", "J.", "U.S.", "van ", " of ", "Ministry", "Zoë", "Mike", "Lee", "O’Neill", "’s ",
    "'s ", "’ll ", "’d ", ", the ", ", who ", "Sen. ", "Bank of the West", "claim that ", "website ", "his ",
    "also ", "simply ", "has ", "(R-UT) ", "@lee ", "he ", "Jean-Luc", "’dx", "’stuff",
    "Lee’s claim that ", "Mike Lee’s website ", "NATO's view is "]


def _plain(pattern):
    import regex
    from quotekit.names import NAME_RUN_SCAN
    # an atomic name run, in either form (NAME_RUN_SCAN: the same first match, found faster)
    atomic_forms = ["(?>" + run.pattern + ")" for run in (NAME_RUN, NAME_RUN_SCAN)]
    assert any(atomic in pattern.pattern for atomic in atomic_forms)
    plain = pattern.pattern
    for atomic in atomic_forms:
        plain = plain.replace(atomic, NAME_RUN.pattern)
    return regex.compile(plain, pattern.flags)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_atomic_name_runs_find_the_same_matches(text):
    for pattern in (SPEAKER_BEFORE_CUE, POSSESSIVE_CUE, OWNER_OF):
        plain = _plain(pattern)
        found = [(m.span(), m.groupdict()) for m in pattern.finditer(text, overlapped=True)]
        assert found == [(m.span(), m.groupdict()) for m in plain.finditer(text, overlapped=True)]
        for end in range(len(text) + 1):  # searched on the text before a cue
            a, b = pattern.search(text, 0, end), plain.search(text, 0, end)
            assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict()))
