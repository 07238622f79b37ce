"""Quotation spans: a linguist's table of cases, and properties over any text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotekit.quotes import find_quotes


def spans(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotes(text)]


@pytest.mark.parametrize("text, expected", [
    # Marks of every common kind.
    ("“Yes,” she said.", ["Yes,"]),
    ('"Yes," she said.', ["Yes,"]),
    ("He called it ‘a dark day’.", ["a dark day"]),
    ("He called it 'a dark day'.", ["a dark day"]),
    ("«Nous partons», dit-il.", ["Nous partons"]),
    ("„Wir gehen“, sagte er.", ["Wir gehen"]),
    # Nested quotes: the outer one only.
    ("“He told me ‘never’ twice,” she said.", ["He told me ‘never’ twice,"]),
    # Run-together marks recover locally.
    ("“I’m ready…”I can trade it,” he said.", ["I’m ready…", "I can trade it,"]),
    # A missing closing mark ends at the paragraph, not the article.
    ("“We will fight on.\nThe vote is Monday. “No,” he said.", ["We will fight on.", "No,"]),
])
def test_marked_quotes(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text", [
    "Trump's plan and Lee’s bill don't add up.",
    "It was the '90s, rock 'n' roll and the Joneses' car.",
    "He is 6' 2\" tall.",
    '<img alt="" src="x.png"> and <a href="https://example.com/?q=\'a\'">link</a>',
    'data:image/png;base64,iVBOR"w0KGgo" and https://t.co/x"y"z',
])
def test_not_quotes(text):
    assert spans(text) == []


def test_embedded_post_is_a_block_quote():
    text = ("The senator took to social media, posting the following:\n"
            "We should leave\nNow https://t.co/abc\n"
            "— Jane Roe (@JaneRoe) March 3, 2025\nMore text.")
    quotes = find_quotes(text)
    assert [(q.marks, text[q.start:q.end]) for q in quotes] == [("block", "We should leave\nNow https://t.co/abc")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab .,\n“”\"'‘’«»„<>=@—:…") + ["said", "Lee", "x=", "https://t.co/", " he said."]),
                max_size=80).map("".join))
def test_spans_are_true_offsets_and_never_overlap(text):
    quotes = find_quotes(text)
    previous_end = -1
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert q.start >= previous_end
        assert text[q.start:q.end] == text[q.start:q.end].strip()
        previous_end = q.end
