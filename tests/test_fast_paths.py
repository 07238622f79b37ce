"""Fast paths of the extraction agree with the plain, slower code they stand for."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from quotekit.attribution import heads_before_names, names_then_descriptions
from quotekit.attribution_patterns import DESCRIPTION_THEN_NAME, NAME_THEN_DESCRIPTION, ROLE_BEFORE_NAME
from quotekit.masking import NON_PROSE

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
        if pattern.search(text):
            assert any(part in text.lower() for part in needs)
