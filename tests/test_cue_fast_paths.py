"""Fast paths of the cue-finding rules agree with the plain code they stand for, which is
kept here as the reference."""
from __future__ import annotations

import string
import sys

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from quotekit.attribution import HEADLINE_CUE, _is_headline, _verbs
from quotekit.attribution_patterns import CUE, cues_of_any_case, NAME_BEFORE_CUE

EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))


def test_lowered_characters_match_as_the_case_insensitive_cue_does():
    """cues_of_any_case relies on it: but for "İ" and "ſ", a character lowers to one
    character, and CUE ignoring case takes it for an ASCII letter (the only letters of a
    cue) exactly when its lower case is that letter."""
    odd = {"İ", "ſ"}
    lowered = {c: c.lower() for c in EVERY_CHARACTER if c not in odd}
    assert all(len(low) == 1 for low in lowered.values())
    assert len("İ".lower()) == 2 and cues_of_any_case("ſaid", 0, 4) is None and cues_of_any_case("İ", 0, 1) is None
    for letter in string.ascii_lowercase:
        ignoring_case = {m.group() for m in regex.finditer(letter, EVERY_CHARACTER, regex.IGNORECASE)}
        assert ignoring_case - odd == {c for c, low in lowered.items() if low == letter}, letter
    assert "ſ" in {m.group() for m in regex.finditer("s", EVERY_CHARACTER, regex.IGNORECASE)}


def test_lowered_characters_keep_what_cue_looks_at_around_a_cue():
    """A letter or hyphen (CUE's lookarounds) and white space (between a phrase's words)
    stay so when lowered; "Σ" lowers to "σ" or "ς", as the letters around it say."""
    for pattern in (regex.compile(r"[\p{L}-]"), regex.compile(r"\s")):
        kept = {m.group() for m in pattern.finditer(EVERY_CHARACTER)}
        lowered = {c for c in EVERY_CHARACTER if c != "İ" and c.lower() in kept}
        assert kept - {"İ"} == lowered
        assert all((c in kept) == ("ς" in kept) for c in "Σσ")


CASE_PIECES = list("aAsS- ,.'’\n\xa0é3·“") + [
    "Said ", "SAID", "sAid", "said", "ſaid", "İ", "ı", "K", "Σ", "Told", "told ", "Put", " It", "put it", "PUT  it",
    "Shot Back", "shot back", "Post", "posts", "Washington ", "The ", "Elon Musk ", "Describes ", "describes",
    "Claims ", "claim", "Adds", "adding", "According To ", "x", "un", "re", " ", "\n"]
CASE_TEXT = st.lists(st.sampled_from(CASE_PIECES), max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(CASE_TEXT, st.data())
def test_cues_of_any_case_are_the_case_insensitive_search(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    found = cues_of_any_case(text, start, end)
    if found is None:
        assert "ſ" in text[max(start - 1, 0):end] or "İ" in text[max(start - 1, 0):end]
        return
    assert found == [(m.start(), m.group("cue").lower()) for m in HEADLINE_CUE.finditer(text, start, end)]


def _verbs_reference(view: str, start: int, end: int) -> list[regex.Match]:
    if _is_headline(view[start:end]):
        return list(HEADLINE_CUE.finditer(view, start, end))
    return list(CUE.finditer(view, start, end))


def _described(matches: list[regex.Match]) -> list:
    return [(m.span(), m.group(), m.span("cue"), m.group("cue")) for m in matches]


@settings(max_examples=1500, deadline=None)
@given(CASE_TEXT, st.data())
def test_verbs_are_the_headline_or_small_letter_cues(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = _described(_verbs_reference(text, start, end))
    assert _described(_verbs(text, start, end)) == expected


def test_verbs_of_a_headline_and_of_a_sentence():
    headline = "Elon Musk Describes DOGE As A Success"
    assert [m.group() for m in _verbs(headline, 0, len(headline))] == ["Describes"]
    sentence = "The Washington Post said that Musk describes it"
    assert [m.group() for m in _verbs(sentence, 0, len(sentence))] == \
        ["said", "describes"]
    assert cues_of_any_case(headline, 0, len(headline)) == [(10, "describes")]
    # "Post" is a cue of any case: the small-letter cues are looked for again
    assert cues_of_any_case(sentence, 4, len(sentence)) == [(15, "post"), (20, "said"), (35, "describes")]
    assert cues_of_any_case(sentence, 21, len(sentence)) == [(35, "describes")]  # "aid" follows a letter


NAME_CUE_PIECES = CASE_PIECES + ["Lee ", "Trump", " has ", " also ", "  quickly ", "\n", " said", ".Lee", "éLee", "LEE ",
                                 "Ǆ", "ǅ", "Ω ", "Ωmega", "\xa0", "\u2003", "\u0301"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(NAME_CUE_PIECES), max_size=30).map("".join))
def test_name_before_cue_quick_lookahead_finds_the_same(text):
    plain = regex.compile(NAME_BEFORE_CUE.pattern[NAME_BEFORE_CUE.pattern.index("(?<!"):])  # less the lookahead
    assert plain.pattern.startswith(r"(?<![\p{L}.])(?P<speaker>")
    assert [(m.span(), m.group("speaker")) for m in NAME_BEFORE_CUE.finditer(text)] == \
        [(m.span(), m.group("speaker")) for m in plain.finditer(text)]


def test_name_before_cue_finds_speakers():
    text = "Lee said so. Then Trump has also told them; Vance has also quickly said. Ortega’s aide said"
    assert [m.group("speaker") for m in NAME_BEFORE_CUE.finditer(text)] == ["Lee", "Trump"]  # two words between at most
