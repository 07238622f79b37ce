"""Fast paths of the extraction agree with the plain, slower code they stand for."""
from __future__ import annotations

import re
import sys

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from quotekit.attribution import CAPITAL_CUE_FIRST, CAPITAL_CUE_WORD, heads_before_names, names_then_descriptions
from quotekit.attribution_patterns import (_ATOMIC_NAME, _BETWEEN, _mention, according_to, ACCORDING_TO, CUE,
                                          CUE_FIRST_WORDS,
                                          DESCRIPTION_THEN_NAME, find_cues, first_cue, MENTION_BREAK,
                                          NAME_THEN_DESCRIPTION, NOUN_USE, NOUN_USE_WITH_MODIFIERS, POSSESSIVE_CUE,
                                          POSSESSIVE_MARK, ROLE_BEFORE_NAME,
                                          SAYING_NOUN_BEFORE_CONTENT, SPEAKER_BEFORE_CUE, SPEAKER_THEN_CUE,
                                          speaker_before_cue, SUBJECT_ELSEWHERE)
from quotekit.lexicon import NAME_PARTICLES, reporting_phrases, reporting_verbs
from quotekit.masking import NON_PROSE, _holds_in_any_case

from .test_linear import _plain  # the same pattern with plain (not atomic) name runs

PIECES = list("aAzZ- ,.'’\n\t\xa0·“”1") + [
    "the ", "The", " and ", "Mr.", "J.", "U.S.", "van ", " of ", "Ministry", "Zoë", "e\u0301", "İ", "Σ", "Mike", "Lee",
    ", the ", ", a ", ", an ", "Trump's ", "Sen. ", "Bank of the West", "Police", "Commissioner", "Aldo Ferri", "’s", "'s"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=500)
@given(TEXT)
def test_heads_before_names_are_the_overlapped_matches(text):
    expected = sorted((m.start(), m.group("head"), m.group("name"))
                      for pattern in (DESCRIPTION_THEN_NAME, ROLE_BEFORE_NAME)
                      for m in pattern.finditer(text, overlapped=True))
    found = sorted((start, text[start:end], name)
                   for head_start, end, name in heads_before_names(text) for start in range(head_start, end))
    assert found == expected


@settings(max_examples=500)
@given(TEXT)
def test_names_then_descriptions_are_the_overlapped_matches(text):
    expected = [(m.start(), m.group("name"), m.group("description"))
                for m in NAME_THEN_DESCRIPTION.finditer(text, overlapped=True)]
    assert list(names_then_descriptions(text)) == expected


MARKUP_PIECES = ["WWW.", "wWw.", "HTTP://", "://", "Data:image/png;x", "uRl(", "<script>", "</script >", "<a href=\"x\">",
                 "ſ", "K", "İ", " ", "\n", "x", "\"", ")"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(MARKUP_PIECES), max_size=12).map("".join))
def test_non_prose_quick_tests_never_skip_a_match(text):
    for pattern, needs in NON_PROSE:
        assert _holds_in_any_case(text, needs) == (needs in text.lower())
        if pattern.search(text):
            assert needs in text.lower()


def test_only_ascii_characters_lower_to_those_of_the_quick_tests():
    # _holds_in_any_case lowers only the stretches that end with the needle's last
    # character: exact, as no other character lowers to any of the needles' characters.
    needles = "".join(needs for _, needs in NON_PROSE) + "www."
    lowering_to_them = [hex(code) for code in range(0x80, 0x110000)
                        if set(chr(code).lower()) & set(needles) and not 0xD800 <= code < 0xE000]
    assert lowering_to_them == []


# Speaker attribution: the left side of a cue, searched for the speaker before it.
SPEAKER_PIECES = list("aAzZ- ,.;:'’\n()@“”\"1") + [
    "the ", "The ", "a ", "an ", "his ", "Russia ", " and ", "Mr. ", "J. ", "U.S. ", "van ", " of ", "Ministry",
    "Zoë", "Mike ", "Lee ", "O’Neill", "’s ", "'s ", "’ll ", "’d ", ", the ", ", who ", ", which ", "who in 2010 ",
    "Sen. ", "Bank of the West ", "official ", "spokesman ", "website ", "he ", "she ", "they ", "it ", "It ",
    "protesters ", "Officials ", "also ", "simply ", "has ", "had ", "later ", "(R-UT) ", "@lee ", "@x.y ",
    "Jean-Luc ", "the head of the Department of State ", "Trump's nominee for X, ", "Elon Musk, ", "\xa0",
    "THE ", "Its ", "thiſ ", "whose ", "social ", "media ", "and ", "but ", "to ", "while ", "quickly ", "\n"]
SPEAKER_TEXT = st.lists(st.sampled_from(SPEAKER_PIECES), max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(SPEAKER_TEXT)
def test_speaker_before_cue_is_the_search(text):
    for end in range(len(text) + 1):  # each prefix, as the left side of a cue
        left = text[:end]
        a, b = SPEAKER_BEFORE_CUE.search(left), speaker_before_cue(left)
        assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict()))


@settings(max_examples=500, deadline=None)
@given(SPEAKER_TEXT)
def test_no_mention_holds_a_mention_break(text):
    mention = regex.compile(_mention(_ATOMIC_NAME), regex.VERBOSE)
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            if MENTION_BREAK.search(text, start, end) and mention.fullmatch(text, start, end):
                raise AssertionError((text, start, end))


CUE_PIECES = list("aAsS- ,.'’\n\xa0é3_²·“") + ["··········", "ÉCRIT ", "Said ", 
    "said", "Said", "says", "told", "tell", "put", " it", "put it", "puts  it", "chimed", " in", "chimed\nin",
    "added", "add", "adds", "wrote", "writes", "noted", "note", "according", " to ", "shot back", "post", "posts",
    "claimed", "claim", "saying", "asked", "asks", "replied", "x", "un", "re"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(CUE_PIECES), max_size=30).map("".join), st.data())
def test_find_cues_is_the_cue_search(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = [(m.span(), m.group("cue")) for m in CUE.finditer(text, start, end)]
    assert [(m.span(), m.group("cue")) for m in find_cues(text, start, end)] == expected
    first = CUE.search(text, start, end)
    assert (first and first.span()) == ((first_cue(text, start, end) or None) and first_cue(text, start, end).span())


def test_cue_first_words_are_ascii_letters():
    """find_cues relies on it: a match of CUE_FIRST_LETTERS never runs across a word start."""
    assert all(word.isascii() and word.isalpha() and word.islower() for word in CUE_FIRST_WORDS)


@settings(max_examples=1000, deadline=None)
@given(SPEAKER_TEXT.map(lambda text: text + " "),
       st.sampled_from([NOUN_USE, NOUN_USE_WITH_MODIFIERS, SUBJECT_ELSEWHERE]))
def test_patterns_read_backwards_match_where_a_search_finds(text, pattern):
    forwards = regex.compile(pattern.pattern.replace("(?r)", "", 1), pattern.flags & ~regex.REVERSE)
    for end in range(len(text) + 1):
        assert (pattern.match(text[:end]) is None) == (forwards.search(text[:end]) is None)


def test_re_white_space_holds_regex_white_space():
    """Quick tests written for the standard library's re rely on it."""
    standard, white_space = re.compile(r"\s"), regex.compile(r"\s")
    assert all(standard.match(chr(code)) for code in range(sys.maxunicode + 1) if white_space.match(chr(code)))


POSSESSIVE_PIECES = SPEAKER_PIECES + ["claim ", "claims", "stance ", "view ", "words ", "that", "is ", "were ",
                                      "His ", "her ", "Their ", "’s", "'s", "\u2003", "\x85", "Said ", "Says ",
                                      "Asked "]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(POSSESSIVE_PIECES), max_size=30).map("".join))
def test_quick_tests_never_skip_a_match(text):
    for end in range(len(text) + 1):
        if POSSESSIVE_CUE.search(text, 0, end):
            assert POSSESSIVE_MARK.search(text, 0, end) and SAYING_NOUN_BEFORE_CONTENT.search(text, 0, end)
        if CAPITAL_CUE_FIRST.search(text, 0, end):
            assert CAPITAL_CUE_WORD.search(text, 0, end)


TRAILING_PIECES = SPEAKER_PIECES + ["said", " said ", "told ", "—", "–", "-", ", ", "  ", "asked", "wrote", "de ",
                                    "la ", "van der ", "Bank of ", "Meer ", "O’s ", "O’sullivan", "Sen.", "J.D. "]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(TRAILING_PIECES), max_size=24).map("".join))
def test_speaker_then_cue_with_atomic_names_is_the_same(text):
    a, b = SPEAKER_THEN_CUE.match(text), _plain(SPEAKER_THEN_CUE).match(text)
    assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict()))


def test_what_follows_a_name_cut_short_is_no_cue():
    """SPEAKER_THEN_CUE's atomic names rely on it: a particle or "of" is no cue nor a word
    that may stand before one, and every cue starts with a small letter."""
    between = regex.compile(_BETWEEN)
    for word in (*NAME_PARTICLES, "of"):
        assert word not in CUE_FIRST_WORDS and between.match(word + " ") is None
    assert all(cue[0].islower() for cue in (*reporting_verbs(), *reporting_phrases()))


ACCORDING_PIECES = list("aAsSx ,.\n\t\xa0“”") + [
    "according to ", "According  to ", "accordingly ", "ccording", "as per ", "As\tper ", "per ", "paper ", "super",
    "the ", "The ", "Lee", "Reuters ", "the website", "he ", "Sen. Mike Lee", "@lee ", "as ", "according\nto "]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(ACCORDING_PIECES), max_size=14).map("".join), st.data())
def test_according_to_is_the_search(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    a, b = ACCORDING_TO.search(text, start, end), according_to(text, start, end)
    assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict()))


def test_according_to_finds_an_as_per_before_the_first_according():
    for text in ("As per Lee, the plan, according to Reuters, works", "as per the website, and according to Lee"):
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                a, b = ACCORDING_TO.search(text, start, end), according_to(text, start, end)
                assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict()))
