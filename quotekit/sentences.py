"""Sentence spans of an article, with quotations kept whole.

Works on a *view* of the article in which the inside of every quotation is masked, so that
the full stops inside a quotation never end the writer's sentence. The view has the same
length as the article: offsets stay true.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Iterable

import regex

from .lexicon import KEEP_GIL
from .masking import positions_of

MASK = "·"

# A sentence ends at . ! ? or … (after closing marks and brackets), before white space and
# a capital, a digit or an opening mark: "... in 1991. Finland ...", "... “Yes.” The ..."
SENTENCE_END = regex.compile(r"""
    (?P<end>[.!?…]+[”"’'»)\]]*)
    [ \t\u00a0\u202f]+
    (?=[\p{Lu}\p{N}“"‘'«(\[])
""", regex.VERBOSE)

END_GROUP = SENTENCE_END.groupindex["end"]  # regex reads a group by number faster than by name
SENTENCE_MARKS = ".!?…"  # what SENTENCE_END starts with

# Words whose full stop does not end a sentence: "Sen. Lee", "U.S. Senator", "J.D. Vance".
ABBREVIATION = regex.compile(r"""
    (?:^|[\s(])
    (?:
        \p{Lu}                    # an initial: A. / G.
      | (?:\p{L}\.)+\p{L}         # U.S / D.C / J.D / a.m
      | Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Adm|Lt|Col|Capt|Sgt|Maj|Cmdr|Rev|St|Jr|Sr|Mt|Ft
      | Inc|Co|Corp|Ltd|vs|No|Nos|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Pres|Gens|Reps|Sens
    )
    \.$
""", regex.VERBOSE)


def masked_view(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each span's inside replaced by MASK, except a final . ! ? which
    still ends the sentence the quotation closes."""
    parts, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue
        keep_last = end > start and text[end - 1] in ".!?…"
        masked_end = end - 1 if keep_last else end
        parts.append(text[position:start])
        parts.append(MASK * (masked_end - start))
        position = masked_end
    parts.append(text[position:])
    return "".join(parts)


def _plain_word_before(view: str, dot: int) -> bool:
    """The quick test for ABBREVIATION before the full stop at ``dot``: five lower-case
    ASCII letters just before it ("said.") rule it out. Each of its words ends at the stop
    and starts after white space, "(" or the start of the search (which, with these five
    letters, is not within them: they hold no line break); none is five lower-case letters
    long or a tail of such letters (an initial is a capital, a dotted form holds a ".", and
    the listed words have at most four letters and, but for "vs", open with a capital)."""
    letters = view[dot - 5:dot]
    return dot >= 5 and letters.isascii() and letters.isalpha() and letters.islower()


def sentence_spans(view: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence in ``view``; lines are never joined."""
    spans: list[tuple[int, int]] = []
    # One scan for the whole view: a sentence end never spans a line ("\n" is neither a
    # mark nor a space to it, nor the letter after), so it finds what a scan of each line
    # would; the lines between two sentence ends are each a sentence of their own.
    start = 0  # of the sentence in hand
    for end in _sentence_ends(view):
        dot = end.start()
        if view[dot] == "." and end.end(END_GROUP) == dot + 1 and _abbreviation_before(view, dot):
            continue
        start = _whole_lines(view, start, dot, spans)
        spans.append((start, end.end(END_GROUP)))
        start = end.end()  # before a letter or mark of the same line: never an empty sentence
    start = _whole_lines(view, start, len(view), spans)
    if start < len(view):
        spans.append((start, len(view)))
    return spans


def _sentence_ends(view: str) -> list[regex.Match]:
    """SENTENCE_END's matches, tried only at the marks a match starts with: a search for
    each of the four is quicker than the pattern's scan of the view. Only the first mark
    of a run is tried: from a later one the match would end alike, and fail alike (trying
    each mark of a run of dots read the rest of the run each time: quadratic time)."""
    ends: list[regex.Match] = []
    last = len(view) - 1
    for position in positions_of(view, SENTENCE_MARKS):
        if position and view[position - 1] in SENTENCE_MARKS:
            continue  # inside a run of marks, tried from its first
        if position == last or view[position + 1] == "\n":
            continue  # the mark ends its line, as most paragraphs end: a match needs a space after it
        if not ends or position >= ends[-1].end():
            end = SENTENCE_END.match(view, position, None, KEEP_GIL)
            if end is not None:
                ends.append(end)
    return ends


def _whole_lines(view: str, start: int, limit: int, spans: list[tuple[int, int]]) -> int:
    """Add each non-empty line (or line's rest) that ends between ``start`` and ``limit``
    as a sentence; return the start of the line that holds ``limit``."""
    newline = view.find("\n", start, limit)
    while newline >= 0:
        if newline > start:
            spans.append((start, newline))
        start = newline + 1
        newline = view.find("\n", start, limit)
    return start


def _abbreviation_before(view: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation ("Sen.", "U.S."): ABBREVIATION
    searched from 12 characters back, or from the start of the line if that is nearer."""
    if _plain_word_before(view, dot):
        return False
    since = max(0, dot - 12)
    newline = view.rfind("\n", since, dot)
    return ABBREVIATION.search(view, since if newline < 0 else newline + 1, dot + 1, KEEP_GIL) is not None


class Sentences:
    """Find the sentence around an offset in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self._starts = [s for s, _ in spans]

    def index_at(self, position: int) -> int:
        after = bisect_right(self._starts, position)  # every rule asks, for every quote
        return after - 1 if after else 0

    def __getitem__(self, index: int) -> tuple[int, int]:
        return self.spans[index]
