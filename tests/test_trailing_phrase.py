"""trailing_noun_phrase: TRAILING_NOUN_PHRASE's match, found without its look-ahead for a
cue at every character of the phrase, when where the first cue starts is known."""
from hypothesis import given, settings
from hypothesis import strategies as st

from quotekit.attribution_patterns import (_TRAILING_NOUN_PHRASE_UNCHECKED, TRAILING_NOUN_PHRASE, first_cue,
                                           trailing_noun_phrase)
from quotekit.lexicon import reporting_phrases, reporting_verbs

PIECES = [" ", "  ", ",", ", ", "—", "–", "-", "\n", "’s", "'re", "’d", "“", "\"", ";", ".", "?",
          "said", "says", "told", "wrote", "added", "asked", "according to", "said in a statement", "unsaid",
          "has", "had", "also", "later", "simply", "quickly", "a", "the", "police", "spokesman", "Chief",
          "Chuck Jordan", "White House", "press secretary", "Josh Earnest", "Mr.", "B.", "in the ad", "x" * 30]


def _same(found, expected) -> bool:
    if found is None or expected is None:
        return found is expected
    return found.span() == expected.span() and found.groupdict() == expected.groupdict() and \
        found.span("phrase") == expected.span("phrase") and found.span("cue") == expected.span("cue")


def _check(after: str) -> None:
    cue = first_cue(after, 0, len(after))
    if cue is None:  # the caller's quick test: no match without a cue
        assert TRAILING_NOUN_PHRASE.match(after) is None
        return
    assert _same(trailing_noun_phrase(after, cue.start()), TRAILING_NOUN_PHRASE.match(after)), after


def test_every_cue_starts_with_a_letter():
    # so that no cue starts among the characters the pattern skips before its phrase
    assert all(cue[0].isalpha() for cue in (*reporting_verbs(), *reporting_phrases()))


@settings(max_examples=2000)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_the_same_match_as_the_pattern_with_its_look_ahead(after):
    _check(after)


def test_examples_of_both_ways():
    quick = " Tulsa police Chief Chuck Jordan said on Monday."
    _check(quick)
    match = trailing_noun_phrase(quick, first_cue(quick, 0, len(quick)).start())
    assert match.group("phrase") == "Tulsa police Chief Chuck Jordan" and match.group("cue") == "said"
    # The first cue is not the match's: the phrase without the look-ahead would run past
    # it, and the full pattern decides (here: the phrase is the comma alone).
    decided = ", said in a statement that the mayor said"
    cue = first_cue(decided, 0, len(decided))
    unchecked = _TRAILING_NOUN_PHRASE_UNCHECKED.match(decided)
    assert unchecked.end("phrase") > cue.start()
    _check(decided)
    assert trailing_noun_phrase(decided, cue.start()).group("phrase") == ","
