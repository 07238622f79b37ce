"""The speed paths of speaker resolution give exactly the answers of the plain code."""
from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from quotekit import attribution
from quotekit.attribution import ArticleContext
from quotekit.attribution_patterns import DESCRIPTION_AFTER_NAME, DESCRIPTION_WORD, NAME_BEFORE_CUE
from quotekit.lexicon import reporting_phrases, reporting_verbs
from quotekit.quotes import find_quotes

SPEAKING_PIECES = [
    "Zelensky", "Zelenskyy", "Zelensk", "Volodymyr Zelensky", "Lee", "Leeds", "Mike Lee", "Reyes", "Tom Reyes",
    "Trump", "Trumps", "Delgado", "Maria Delgado", "NATO", "Sen. Whitlow", "Whitlow", "Van der Meer",
    "Ursula van der Meer", "O’Neill", "Ferri", "Ferri’s", "Smith-Jones", "İlker", "Straße",
    " said", " told reporters", " has said", " later also said", " quickly added", " put it", " wrote",
    " met", " and", ". ", ", ", "\n", " ", "  ", ".", "“No,” ", "\xa0",
]
ASKED = ["Zelensky", "Zelenskyy", "Zelensk", "Volodymyr Zelensky", "Lee", "Mike Lee", "Leeds", "Reyes", "Tom Reyes",
         "Trump", "Trumps", "Delgado", "Maria Delgado", "NATO", "Whitlow", "Van der Meer", "Ursula van der Meer",
         "Ferri", "Smith-Jones", "İlker", "Straße", "", " ", "said", "Mike", "Volodymyr"]


def reference_is_person(ctx, name):
    return ctx.index.is_person(name) or name in {
        ctx.index.canonical(m.group("speaker")) for m in NAME_BEFORE_CUE.finditer(ctx.view)}


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SPEAKING_PIECES), max_size=40).map("".join), st.lists(st.sampled_from(ASKED)))
def test_is_person_is_the_whole_view_answer(text, asked):
    ctx = ArticleContext(text, find_quotes(text))
    for name in asked + ASKED:
        assert ctx.is_person(name) == reference_is_person(ctx, name), name


def test_is_person_finds_speakers_by_a_variant_of_the_surname():
    # a single-word person, and a speaker word one letter shorter or longer that resolves to it
    for text in ("Zelensky met them. Zelensk said no.", "Zelensky met them. Zelenskyy said no.",
                 "Whitlow met them. Whitlows said no.", "Delgado met them. Delgad said no.", "Reyes met them. Reye said no."):
        ctx = ArticleContext(text, [])
        for name in ASKED:
            assert ctx.is_person(name) == reference_is_person(ctx, name), (text, name)
    assert ArticleContext("Zelensky met them. Zelensk said no.", []).is_person("Zelensky")
    assert ArticleContext("Whitlow met them. Whitlows said no.", []).is_person("Whitlow")
    assert ArticleContext("Delgado met them. Delgad said no.", []).is_person("Delgado")
    assert not ArticleContext("Reyes met them. Reye said no.", []).is_person("Reyes")  # five letters: no stem


def test_is_person_past_the_searches_reads_the_whole_view_set():
    names = [f"Name{letter}" for letter in "abcdefghijklmnopqrstuvwxyz"]
    text = " ".join(f"{name} said." for name in names[::2]) + " " + ", ".join(names)
    ctx = ArticleContext(text, [])
    assert [ctx.is_person(name) for name in names] == [i % 2 == 0 for i in range(len(names))]
    assert "speaking_names" in ctx.__dict__  # more names asked than searched one by one


def test_speaking_names_real_values():
    ctx = ArticleContext("Zelenskyy said no. Volodymyr Zelensky met Lee. Lee later told reporters it was over.", [])
    assert ctx.is_person("Volodymyr Zelensky")  # named in full
    assert ctx.is_person("Lee")  # the subject of "told reporters"
    assert not ctx.is_person("Leeds")
    assert ctx.is_person("Zelenskyy")  # resolves to the full name
    assert not ctx.is_person("Met")
    assert ctx.speaking_names == {"Volodymyr Zelensky", "Lee"}


def test_cues_hold_no_capital():
    """Why NAME_BEFORE_CUE's matches cannot overlap: past its first letter a match holds no capital."""
    assert not any(regex.search(r"\p{Lu}", cue) for cue in (*reporting_verbs(), *reporting_phrases()))
    assert not regex.search(r"\p{Lu}", attribution_patterns_between())


def attribution_patterns_between():
    from quotekit import attribution_patterns
    return " ".join(attribution_patterns._BETWEEN_WORDS)


DESCRIPTION_PIECES = list("aAzZkK- ,.'’\n\t\xa0·“”1") + [
    ", the ", ", a ", ", an ", ", Trump's ", ", NATO’s ", "the ", "The", " and ", "Mr.", "Zoë", "e\u0301", "\u212a",
    "Mike Lee", "owner", "Owner", "OWNER", "co-owner", "owners", "head", "Head", "head of DOGE", "minister", " ",
    "x" * 70, "commissioner,", ",,"]
DESCRIPTION_HEADS = ["owner", "co-owner", "head", "minister", "er", "k", "a", "", "oWner", "a a", "a,", "-", "’"]


def reference_descriptions_found(text, head):
    return [after.start() for after in DESCRIPTION_AFTER_NAME.finditer(text)
            for word in DESCRIPTION_WORD.findall(after.group("description")) if word.lower() == head]


@settings(max_examples=1500)
@given(st.lists(st.sampled_from(DESCRIPTION_PIECES), max_size=30).map("".join), st.lists(st.sampled_from(DESCRIPTION_HEADS)))
def test_descriptions_found_are_the_whole_view_words(text, heads):
    lowered = attribution._lowered_letterwise(text)
    if lowered is None:
        return
    memo = {}
    for head in heads + DESCRIPTION_HEADS:
        assert list(attribution.descriptions_found(text, lowered, head, memo)) == reference_descriptions_found(text, head)


def test_descriptions_found_real_values():
    text = "Desmond Achter, the club's owner and co-owner of the Owner stand, spoke. Lee, a owner owner, left."
    found = list(attribution.descriptions_found(text, text.lower(), "owner", {}))
    assert found == [text.index(","), text.index(","), text.index(", a"), text.index(", a")]
    assert list(attribution.descriptions_found(text, text.lower(), "co-owner", {})) == [text.index(",")]
    cut = "Lee, the " + "y" * 74 + " owners"  # the description ends after 80 characters, within a word
    assert list(attribution.descriptions_found(cut, cut, "owner", {})) == [3] == reference_descriptions_found(cut, "owner")
    spaced = "Lee, the a a owner"  # a word holds no space
    assert list(attribution.descriptions_found(spaced, spaced, "a a", {})) == [] == reference_descriptions_found(spaced, "a a")
    long_run = "minister " * 3000  # no comma: linear, and nothing found
    assert list(attribution.descriptions_found(long_run, long_run, "minister", {})) == []
