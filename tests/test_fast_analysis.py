"""Fast paths of the per-article analysis (quote finding, sentences, names) agree with the
plain code they stand for, which is kept here as the reference."""
from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from quotekit.names import NAME_RUN, NAME_RUN_SCAN, TITLE_ABBREVIATION_WORDS, names_in, strip_titles

NAME_PIECES = list("aAzZsS- ,.'’\n\xa0·“”1") + [
    "the ", "The", " and ", "Mr.", "Mr. ", "J.", "J.D.", "U.S.", "A. ", "van ", "de la ", "y ", " of ", " of the ",
    "Ministry", "Bank", "Zoë", "e\u0301", "\u0301", "İ", "Σ", "ǅ", "Mike", "Lee", "O'Neill", "Mensah-Boateng", "McC",
    "Sen. ", "Supt. ", "Del.", "St. ", "Gov.", "Reps. ", "Trump's ", "’s ", "'s", "-s", "Aldo Ferri"]
NAME_TEXT = st.lists(st.sampled_from(NAME_PIECES), max_size=40).map("".join)


def test_titles_fit_the_scan_guard():
    # NAME_RUN_SCAN tries a title only after a capital, at most three lower-case letters and "."
    assert all(regex.fullmatch(r"[A-Z][a-z]{0,3}", word) for word in TITLE_ABBREVIATION_WORDS)


@settings(max_examples=1500)
@given(NAME_TEXT, st.integers(0, 8), st.integers(0, 8))
def test_name_run_scan_finds_name_runs_matches(text, skip, cut):
    start, end = min(skip, len(text)), max(0, len(text) - cut)
    expected = [m.span() for m in NAME_RUN.finditer(text, start, end)]
    assert [m.span() for m in NAME_RUN_SCAN.finditer(text, start, end)] == expected


def _names_in_reference(text: str, start: int = 0, end: int | None = None) -> list:
    found = []
    for run in NAME_RUN.finditer(text, start, len(text) if end is None else end):
        name = strip_titles(run.group(), run.start())
        if name is not None:
            found.append(name)
    return found


@settings(max_examples=500)
@given(NAME_TEXT, st.integers(0, 8))
def test_names_in_is_the_plain_scan(text, skip):
    start = min(skip, len(text))
    assert names_in(text, start) == _names_in_reference(text, start)
    assert names_in(text) == _names_in_reference(text)

