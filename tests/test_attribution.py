"""Speaker attribution, one phenomenon per case: (article text, quoted words, speaker, rule).
Sentences are written for these tests; names are invented."""
from __future__ import annotations

import pytest

from quotekit.extract import extract_article
from quotekit.readers import Article

CASES = [
    # Reporting verb after the quote, plain and inverted, titles stripped.
    ("“We will win,” Sen. Dana Whitlow said.", "We will win,", "Dana Whitlow", "trailing_speaker_cue"),
    ("“We will win,” said Gov. Ray Ortega, a Democrat.", "We will win,", "Ray Ortega", "trailing_cue_speaker"),
    ("“Prices fall,” finance chief Ana Brandt told reporters.", "Prices fall,", "Ana Brandt", "trailing_speaker_cue"),
    ("“No deal,” said a former trade official, Piet de Vries.", "No deal,", "Piet de Vries", "trailing_cue_speaker"),
    # Reporting verb before the quote.
    ("Mayor Lin Okafor replied: “The bridge stays open.”", "The bridge stays open.", "Lin Okafor", "leading_cue"),
    ("Olu Adeyemi, the union’s negotiator, told the BBC, “We are far apart.”", "We are far apart.",
     "Olu Adeyemi", "leading_cue"),
    ("Senator Kay Moss said on X that the bill was a “total mess.”", "total mess.", "Kay Moss", "leading_cue"),
    # A verb that shares the sentence's subject.
    ("Tom Reyes called the plan a “gift to donors” and said it was “dead on arrival.”", "dead on arrival.",
     "Tom Reyes", "shared_subject"),
    # Pronouns: the last person in play whose name agrees.
    ("Maria Delgado met Tom Reyes on Monday. “It went well,” she said. “We disagree,” he said.",
     "We disagree,", "Tom Reyes", "trailing_speaker_cue"),
    # A description the article itself introduced.
    ("The club's owner, Desmond Achter, spoke first. “We will not sell,” the owner said.", "We will not sell,",
     "Desmond Achter", "trailing_speaker_cue"),
    # Surname resolved to the fullest name given earlier.
    ("Rep. Gwen Hartley voted no. Later, Hartley said: “It was the right call.”", "It was the right call.",
     "Gwen Hartley", "leading_cue"),
    # Organisations speak; "according to".
    ("According to the Ministry of Transport, fares will “rise slightly.”", "rise slightly.",
     "Ministry of Transport", "according_to"),
    # Accounts.
    ("He shared a post by X user @harbour_watch, who wrote: “The ferry is late again.”",
     "The ferry is late again.", "@harbour_watch", "leading_cue"),
    # A quote signed with a dash.
    ("“This city deserves better.” ― Lena Marsh", "This city deserves better.", "Lena Marsh", "dash_signature"),
    # A quote introduced by a colon line in the paragraph before.
    ("The Daily Ledger reports:\n\n“Turnout was the lowest in decades.”", "Turnout was the lowest in decades.",
     "Daily Ledger", "introduced"),
    # Continuation: a quote paragraph with no attribution goes on with the last speaker.
    ("“We opened with two nurses,” Dr. Ama Owusu said.\n“Now we have forty.”", "Now we have forty.",
     "Ama Owusu", "continuation"),
    # Two quotes run together take the attribution that follows them.
    ("“I’m ready…”I can sign it,” coach Ivo Petrak said.", "I’m ready…", "Ivo Petrak", "adjacent_quote"),
    # A headline in title case.
    ("Mayor Jan Kovac Calls Budget 'A Disgrace'", "A Disgrace", "Jan Kovac", "leading_cue"),
    # Possessive nouns of saying, only before what was said.
    ("Nadia Farouk’s view is that the deal was “a mistake.”", "a mistake.", "Nadia Farouk", "possessive_cue"),
]


@pytest.mark.parametrize("text, quote, speaker, rule", CASES, ids=[c[1][:24] for c in CASES])
def test_speaker(text, quote, speaker, rule):
    records = {r.quote: r for r in extract_article(Article("a", text))}
    assert quote in records, f"quote not found; found {list(records)}"
    record = records[quote]
    assert (record.speaker, record.rule) == (speaker, rule)


@pytest.mark.parametrize("text, quote", [
    ("Critics say the so-called “peace dividend” was spent twice.", "peace dividend"),
    ("What US ‘leaving’ the treaty could mean", "leaving"),
    ("The president rebuked his rival during a “shouting match” at the summit.", "shouting match"),
])
def test_scare_quotes_have_no_speaker(text, quote):
    record = {r.quote: r for r in extract_article(Article("a", text))}[quote]
    assert (record.kind, record.speaker, record.speaker_type) == ("scare", None, "unknown")


def test_a_post_that_names_nobody_keeps_its_mention_and_no_speaker():
    text = "The minister took to X to write “I agree” to a post stating “It is time to go.”"
    record = {r.quote: r for r in extract_article(Article("a", text))}["It is time to go."]
    assert record.speaker is None and record.speaker_mention.text == "a post"


def test_a_determiner_starts_a_word():
    """"an" at the end of "Libertarian" is no determiner: the description is the one the
    words give, "Dana Roe’s doctor", not "an presidential candidate Dana Roe’s doctor"."""
    text = "Libertarian presidential candidate Dana Roe’s doctor said he was “extremely fit.”"
    record = {r.quote: r for r in extract_article(Article("a", text))}["extremely fit."]
    assert record.speaker_mention.text == "Dana Roe’s doctor"


def test_an_introduction_is_filed_under_its_whole_head_word():
    """"Police Commissioner Aldo Ferri" introduces "the commissioner", never "the ice"."""
    from quotekit.attribution import ArticleContext
    from quotekit.quotes import find_quotes

    text = "Police Commissioner Aldo Ferri arrived late. “We are ready,” the commissioner said."
    context = ArticleContext(text, find_quotes(text))
    assert [speaker for _, speaker in context.introductions.of("commissioner")] == ["Aldo Ferri"]
    assert context.introductions.of("ice") == [] and context.introductions.of("olice") == []
