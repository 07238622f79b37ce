"""Invariants of the whole extraction over any text: it never crashes, every span slices
the article to its stored string, and every record it writes is schema-valid."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from quotekit.extract import extract_article
from quotekit.readers import Article
from quotekit.schema import validator

PIECES = list("ab .,:;\n“”\"'‘’«»„—@()") + [
    "said", " he said", "Lee", "Mike Lee", " told the BBC, ", "According to the ministry, ", "<img alt=\"\">",
    "https://t.co/x", "\n— Mike Lee (@BasedMikeLee) March 3, 2025\n", "Sen. ", "The head of DOGE", " and said ",
    "🎙️", "Zoë", "…", "'90s", "don't",
]
ARTICLE_TEXT = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=400)
@given(ARTICLE_TEXT)
def test_records_slice_true_and_validate(text):
    check = validator("quote")
    for record in extract_article(Article("a1", text)):
        row = record.to_dict()
        assert text[row["start"]:row["end"]] == row["quote"]
        for span in (row["speaker_mention"], row["cue"]):
            if span:
                assert text[span["start"]:span["end"]] == span["text"]
        assert check.errors(row) == []
        assert (row["speaker"] is None) == (row["speaker_type"] == "unknown")
