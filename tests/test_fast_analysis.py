"""Fast paths of the per-article analysis (quote finding, sentences, names) agree with the
plain code they stand for, which is kept here as the reference."""
from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from quotekit import sentences
from quotekit.masking import URL, SpanSet, _urls, positions_of
from quotekit.names import NAME_RUN, NAME_RUN_SCAN, TITLE_ABBREVIATION_WORDS, NameIndex, names_in, strip_titles
from quotekit.quotes import (AFTER_CLOSING, ALL_MARKS, BEFORE_OPENING, CLOSE, DOUBLE_MARKS, ELISION, FRENCH_SPACED, MARKS,
                             OPEN, OPENING_ONLY, SINGLE_MARKS, _direction, _is_apostrophe)
from quotekit.sentences import ABBREVIATION, SENTENCE_END, _sentence_ends, sentence_spans
from tests.test_linear import READ_LIMIT, WORDS, run_of

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


def _sentence_spans_reference(view: str) -> list[tuple[int, int]]:
    """sentence_spans line by line, as it was first written."""
    spans = []
    for line_start, line in _lines(view):
        if not line:
            continue
        start = line_start
        for end in SENTENCE_END.finditer(line):
            dot = line_start + end.start("end")
            if not (view[dot] == "." and len(end.group("end")) == 1 and
                    ABBREVIATION.search(view, max(line_start, dot - 12), dot + 1)):
                spans.append((start, line_start + end.end("end")))
                start = line_start + end.end()
        spans.append((start, line_start + len(line)))
    return spans


def _lines(text: str):
    position = 0
    for line in text.split("\n"):
        yield position, line
        position += len(line) + 1


SENTENCE_PIECES = list("aAzZ1 .!?…\n\t\xa0\u202f”\"’'»)]“‘«([·") + [
    "said. ", "Sen. Lee", "U.S. ", "J.D. Vance", "Mr. ", "vs. ", "(Dr. ", "a.m. ", " Jan. 5", "\n\n", "...", "?” ",
    "ablea. ", "abcdef. The", "ended.\nNext", "aBcde. ", "abcdé. ", "ßabcd. ", " vs. ", "Ⅷ", "٣", "ǅ", "?!", ".”’ "]
SENTENCE_TEXT = st.lists(st.sampled_from(SENTENCE_PIECES), max_size=50).map("".join)


@settings(max_examples=1500)
@given(SENTENCE_TEXT)
def test_sentence_spans_are_the_line_by_line_spans(view):
    assert sentence_spans(view) == _sentence_spans_reference(view)
    assert [m.span() for m in _sentence_ends(view)] == [m.span() for m in SENTENCE_END.finditer(view)]


URL_PIECES = ["http://", "HTTPS://", "httpſ://", "hTtP:/", "://", "www.", "WwW.", "ww.", "w.", "W", "wwww.", ".", " ", "\n",
              "<", ">", "x", "_", "é", "İ", "K", "s", "(", "\"", "a.b/c?d=\"e\""]


@settings(max_examples=1500)
@given(st.lists(st.sampled_from(URL_PIECES), max_size=16).map("".join))
def test_urls_are_the_url_matches(text):
    assert _urls(text) == [m.span() for m in URL.finditer(text)]


def test_only_w_and_capital_w_are_the_url_patterns_w():
    every_character = "".join(map(chr, range(0x110000)))
    assert regex.findall(r"(?i)w", every_character) == ["W", "w"]


MARK_PIECES = list(MARKS) + list("a \n1.") + ["don’t", "\U0001F600", "é"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(MARK_PIECES), max_size=30).map("".join))
def test_mark_positions_are_every_mark(text):
    assert positions_of(text, MARKS) == [m.start() for m in ALL_MARKS.finditer(text)]


def _direction_reference(text: str, i: int, glyph_direction: str) -> str:
    """quotes._direction as first written, with a call per neighbour test."""
    def is_space(ch: str) -> bool:
        return ch == "" or ch.isspace()
    if text[i] in OPENING_ONLY:
        return OPEN
    if text[i] in FRENCH_SPACED:
        padded_inside = is_space(text[i + 1:i + 2]) if FRENCH_SPACED[text[i]] == OPEN else is_space(text[i - 1:i])
        outside = text[i - 1:i] if FRENCH_SPACED[text[i]] == OPEN else text[i + 1:i + 2]
        if padded_inside and (is_space(outside) or (FRENCH_SPACED[text[i]] == CLOSE and outside in ".,;:!?")):
            return FRENCH_SPACED[text[i]]
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    opens_word = not is_space(after) and (is_space(before) or before in BEFORE_OPENING)
    closes_word = not is_space(before) and (is_space(after) or after in AFTER_CLOSING)
    if opens_word and not closes_word:
        return OPEN
    if closes_word and not opens_word:
        return CLOSE
    return glyph_direction


@settings(max_examples=500)
@given(st.lists(st.sampled_from(MARK_PIECES + list(".(—/")), min_size=1, max_size=12).map("".join))
def test_direction_and_apostrophe_read_the_same_neighbours(text):
    for i in positions_of(text, MARKS):
        glyph = (DOUBLE_MARKS | SINGLE_MARKS)[text[i]]
        assert _direction(text, i, glyph) == _direction_reference(text, i, glyph)
        if text[i] in SINGLE_MARKS:
            before = text[i - 1] if i > 0 else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            expected = (before.isalnum() and after.isalnum() or (before == "" or before.isspace()) and after.isdigit()
                        or text[i] == "′" and before.isdigit() or not before.isalnum() and ELISION.match(text, i + 1))
            assert _is_apostrophe(text, i) == bool(expected)


@settings(max_examples=500)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda t: (t[0], t[0] + t[1])), max_size=8),
       st.lists(st.integers(0, 80), max_size=30).map(sorted))
def test_span_set_outside_is_the_membership_test(spans, positions):
    span_set = SpanSet(spans)
    assert span_set.outside(positions) == [p for p in positions if p not in span_set]



def _fullest_reference(index: NameIndex, mention: str) -> str:
    """NameIndex._fullest as first written."""
    words = mention.replace("’s", "").replace("'s", "").split()
    if not words:
        return mention
    wanted = " ".join(words).casefold()
    candidates = [name for name in index._same_surname(words[-1])
                  if (len(words) == 1 or name.split()[0].rstrip(".") == words[0].rstrip(".")
                      or name.casefold().endswith(" " + wanted))]
    if not candidates:
        return " ".join(words)
    most_words = max(len(c.split()) for c in candidates)
    fullest = [c for c in candidates if len(c.split()) == most_words]
    return min(fullest, key=lambda c: (-index._people[c], index._first_seen(c)))


PEOPLE = ["Mike Lee", "Lee", "Sen. Lee", "Ursula van der Meer", "Van der Meer", "Volodymyr Zelensky", "Zelenskyy",
          "Zelenskyyy", "Mike Pence", "M. Lee", "Anna Lee", "Lee’s", "Meer", "NATO", "Global Health Network", "J.D. Vance"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(PEOPLE), max_size=12), st.sampled_from(PEOPLE + ["", "’s", "van der meer", "Mike"]))
def test_fullest_is_the_plain_choice(people, mention):
    index = NameIndex(names_in("\n".join(people)))
    assert index._fullest(mention) == _fullest_reference(index, mention)


@pytest.mark.parametrize("kind", WORDS)
def test_name_run_scan_reads_a_bounded_stretch(kind):
    # As test_linear checks of NAME_RUN: a try of NAME_RUN_SCAN at any word of a long run of
    # capitalised words reads at most READ_LIMIT characters.
    words = WORDS[kind]
    text = run_of(words, 4 * READ_LIMIT // len(words))
    for position in range(2 * (len(words) + 1)):
        found = NAME_RUN_SCAN.match(text, position, position + READ_LIMIT, partial=True)
        assert found is None or not found.partial, (kind, position)


class _CountingPattern:
    def __init__(self, pattern):
        self.pattern, self.tries = pattern, 0

    def match(self, *args):
        self.tries += 1
        return self.pattern.match(*args)


@pytest.mark.parametrize("run", ["." * 2000, "?!" * 1000, "…." * 1000])
def test_a_run_of_marks_is_tried_once(run, monkeypatch):
    # Each try reads the rest of the run: one try a mark would take quadratic time.
    counting = _CountingPattern(SENTENCE_END)
    monkeypatch.setattr(sentences, "SENTENCE_END", counting)
    view = "It rose " + run + "x and fell. Then"
    assert [m.span() for m in _sentence_ends(view)] == [m.span() for m in SENTENCE_END.finditer(view)]
    assert counting.tries == 2


@pytest.mark.parametrize("mark", list(".!?…"))
@pytest.mark.parametrize("after", list("!”\"’'»)] \t\xa0\u202f"))
def test_every_character_that_may_follow_a_first_mark_is_tried(mark, after):
    # _sentence_ends tries a mark only when the character after it may continue a match.
    view = f"It rose{mark}{after} Then{mark}{after}\u202f1 fell"
    assert [m.span() for m in _sentence_ends(view)] == [m.span() for m in SENTENCE_END.finditer(view)] != []
