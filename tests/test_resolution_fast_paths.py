"""Speaker resolution's fast paths agree with the plain code they replaced, kept here as
the reference: whole articles are attributed both ways and must give the same records."""
from __future__ import annotations

import bisect
from itertools import islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotekit import attribution
from quotekit.attribution import (CONTEXT, LOOK_BACK, ArticleContext, Introductions, _person_candidates,
                                  _previous_sentence, _speaker_in, _speakers_in, _subject_of,
                                  attribute_in, heads_before_names, names_then_descriptions,
                                  owner_matches)
from quotekit.attribution_patterns import DESCRIPTION_WORD, OWNER_OF
from quotekit.lexicon import PRONOUN_GENDERS, PRONOUNS
from quotekit.quotes import find_quotes


def reference_person_names_before(ctx, start, end):
    last = bisect.bisect_left(ctx.name_starts, end) - 1
    for k in range(last, max(-1, last - LOOK_BACK), -1):
        name = ctx.names[k]
        if name.start < start:
            break
        if name.end <= end and not name.is_organization and ctx.is_person(ctx.index.canonical(name.text)):
            yield ctx.index.canonical(name.text)


def reference_resolve_pronoun(ctx, mention):
    word = mention.text.lower()
    wanted = PRONOUNS.get(word, "unknown")
    sentence = ctx.sentences[ctx.sentences.index_at(mention.start)]
    previous = _previous_sentence(ctx, mention.start)
    if wanted == "person":
        gender = PRONOUN_GENDERS.get(word)
        candidates = list(islice(dict.fromkeys(
            c for c in _person_candidates(ctx, mention, sentence, previous) if c and ctx.is_person(c)), LOOK_BACK))
        if not candidates:
            return None, "unknown"
        index = ctx.sentences.index_at(mention.start)
        since = max(ctx.sentences[max(0, index - 2)][0], mention.start - 3 * CONTEXT)
        recent = set(reference_person_names_before(ctx, since, mention.start)) | \
            {a.speaker for a in _speakers_in(ctx, since, mention.start, "person")}
        agreeing = [c for c in candidates if c in recent and ctx.gender_agrees(c, gender)]
        return (agreeing or candidates)[0], "person"
    if word in ("it", "they"):
        if previous:
            subject = _subject_of(ctx, previous)
            if subject and subject[1] == "organization":
                return subject
        spoke = _speaker_in(ctx, 0, mention.start, "organization")
        if spoke:
            return spoke.speaker, "organization"
    return None, "unknown"


def reference_agreeing_in_play(ctx, start, end, gender):
    in_play = set(reference_person_names_before(ctx, start, end)) | \
        {a.speaker for a in _speakers_in(ctx, start, end, "person")}
    return {person for person in in_play if ctx.gender_agrees(person, gender)}


def whole_head(text, head_start, head_end, head):
    """[the head word's start] when the whole word, lowered, is ``head``; else []."""
    return [head_start] if text[head_start:head_end].lower() == head else []


def reference_find(self, head):
    places = []
    for start, name, description in names_then_descriptions(self.view):
        matching = sum(word.lower() == head for word in DESCRIPTION_WORD.findall(description))
        speaker = matching and self.person(name)
        if speaker:
            places.extend([(start, speaker)] * matching)
    for head_start, head_end, name in heads_before_names(self.view):
        starts = whole_head(self.view, head_start, head_end, head)
        speaker = starts and self.person(name)
        if speaker:
            places.extend((start, speaker) for start in starts)
    places.sort()
    return places


# What a fast path replaced -> (where it lives, its name, the reference)
REFERENCES = {
    "pronouns": (attribution, "_resolve_pronoun", reference_resolve_pronoun),
    "names before": (attribution, "_person_names_before", reference_person_names_before),
    "agreeing in play": (attribution, "_agreeing_in_play", reference_agreeing_in_play),
    "introductions": (Introductions, "_find", reference_find),
}

# Pieces of news prose: people (full names, surnames, titles, honorifics), organisations,
# pronouns, descriptions, cues, quotations, sentence and paragraph ends.
PIECES = [
    "Maria Delgado", "Delgado", "Ms. Delgado", "Tom Reyes", "Reyes", "Mr. Reyes", "Sen. Dana Whitlow", "Whitlow",
    "Mike", "Lee", "NATO", "the Ministry of Transport", "Police Commissioner Aldo Ferri", "Ferri", "Trump",
    " he", " she", " they", " it", "He", "She", "They", "It", " his", " her",
    " the commissioner", " the owner", " the minister", "The club's owner, Desmond Achter,", " the website",
    "NATO’s website", " the ministry's spokesman", ", the head of DOGE,", " a spokesman",
    " said", " told reporters", " added", " wrote", " and said", ", saying",
    " “We will win,”", " “It went well.”", " “No deal,”", " \"Fine,\"", ": “We disagree.”",
    " met", " on Monday", ".", ". ", ",", "\n", "\n\n", " ", " and ",
]
NOISE = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
# Sentences as news writes them, so that pronouns and descriptions have people in play.
PEOPLE = ["Maria Delgado", "Delgado", "Ms. Delgado", "Tom Reyes", "Reyes", "Mr. Reyes", "Dana Whitlow", "Whitlow",
          "Police Commissioner Aldo Ferri", "Ferri", "Trump", "Lee", "NATO", "the Ministry of Transport",
          "Desmond Achter, the club's owner,", "The club's owner, Desmond Achter,", "Elon Musk, the head of DOGE,"]
SPEAKERS = PEOPLE + ["he", "she", "they", "it", "He", "She", "the commissioner", "the owner", "the head",
                     "the website", "the ministry's spokesman", "a spokesman", "NATO’s website"]
SENTENCES = [
    "{p} met {p} on Monday.", "“We will win,” {s} said.", "{s} said: “It went well.”", "“No deal,” said {s}.",
    "{s} told reporters “the plan is dead.”", "{p} and {p} spoke. {s} added, “Fine.”",
    "{s} wrote that {p} was “wrong.”", "“I am ready.”", "{s} met {p}, and {s} said “it is over.”",
    "Later, {s} said: “Again.”",
]
SENTENCE = st.builds(lambda form, people, speakers, end: form.format(p=_Cycle(people), s=_Cycle(speakers)) + end,
                     st.sampled_from(SENTENCES), st.lists(st.sampled_from(PEOPLE), min_size=3, max_size=3),
                     st.lists(st.sampled_from(SPEAKERS), min_size=3, max_size=3), st.sampled_from([" ", "\n", "\n\n"]))
ARTICLE = st.one_of(NOISE, st.lists(SENTENCE, max_size=12).map("".join))


class _Cycle:
    """Each use in a format string takes the next item: "{p} met {p}" names two people."""

    def __init__(self, items):
        self.items, self.next = items, 0

    def __format__(self, spec):
        item = self.items[self.next % len(self.items)]
        self.next += 1
        return item


def records(text):
    ctx = ArticleContext(text, find_quotes(text))
    return attribute_in(ctx)


@pytest.mark.parametrize("replaced", sorted(REFERENCES))
@settings(max_examples=300, deadline=None)
@given(ARTICLE)
def test_fast_resolution_gives_the_same_attributions(replaced, text):
    fast = records(text)
    owner, name, reference_code = REFERENCES[replaced]
    original = getattr(owner, name)
    setattr(owner, name, reference_code)
    try:
        reference = records(text)
    finally:
        setattr(owner, name, original)
    assert fast == reference


INTRODUCTION_PIECES = list("aAzZkK- ,.'’\n\t\xa0·“”1") + [
    "the ", "The", " and ", "Mr.", "J.", "U.S.", "van ", " of ", "Ministry", "Zoë", "e\u0301", "İ", "Σ", "\u212a",
    "Mike", "Lee", ", the ", "Trump's ", "Sen. ", "Police", "police", "POLICE", "Commissioner", "commissioner",
    "Aldo Ferri", "owner", "Owner", "’s", "'s", "co-owner", "Ferri,", " and Lee."]
HEADS = ["police", "commissioner", "owner", "co-owner", "er", "k", "z", "a", "i\u0307", "σ", "ς", "1", "", "oWner"]


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(INTRODUCTION_PIECES), max_size=30).map("".join), st.sampled_from(HEADS))
def test_heads_found_are_the_whole_heads_of_heads_before_names(text, head):
    expected = sorted((start, name) for head_start, head_end, name in heads_before_names(text)
                      for start in whole_head(text, head_start, head_end, head))
    lowered = attribution._lowered_letterwise(text)
    if lowered is None:
        assert "İ" in text or "Σ" in text
        return
    assert list(attribution.heads_found(text, lowered, head)) == expected


@settings(max_examples=300)
@given(st.text(alphabet="aAsSΣσςİi\u0307\u212a -", max_size=12))
def test_a_letterwise_lowered_text_lowers_every_slice(text):
    lowered = attribution._lowered_letterwise(text)
    if lowered is not None:
        assert all(text[i:j].lower() == lowered[i:j] for i in range(len(text) + 1) for j in range(i, len(text) + 1))


OWNER_PIECES = list("aAzZ- ,.'’\n\t\xa0·“”1s") + [
    "the ", "The", "the\n", "NATO", "’s ", "'s ", "’s", "’st", "s website", " website", " o’sullivan", "O’Neill",
    "Ministry of Transport", "Sen. ", "J. ", "van der ", "Zoë", "e\u0301", "İ", "bathe", " of ", "organization’s"]


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(OWNER_PIECES), max_size=30).map("".join))
def test_owner_matches_are_the_matches_of_owner_of(text):
    expected = [(m.span(), m.group("owner"), m.group("head")) for m in OWNER_OF.finditer(text)]
    assert [(m.span(), m.group("owner"), m.group("head")) for m in owner_matches(text)] == expected


def test_fast_paths_agree_on_long_runs():
    """The cases that would cost quadratic time, checked for the same results at scale
    (bench_extract.py's pathological section times them)."""
    run = "Alpha Bravo Charlie Delta " * 400
    for text in (run + " and Bravo’s website.", "the " * 2000 + "ministry’s website", run + "’s claim"):
        assert [m.span() for m in owner_matches(text)] == [m.span() for m in OWNER_OF.finditer(text)]
    for text, head in ((run + ", the minister.", "minister"), ("minister" * 2000 + " Aldo Ferri", "minister"),
                       ("a" * 5000 + " Aldo", "a"), ("g7 Aldo, g7, Aldo", "g7")):
        expected = sorted((start, name) for head_start, head_end, name in heads_before_names(text)
                          for start in whole_head(text, head_start, head_end, head))
        assert list(attribution.heads_found(text, text.lower(), head)) == expected
