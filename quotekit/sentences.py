"""Sentence spans of an article, with quotations kept whole.

Works on a *view* of the article in which the inside of every quotation is masked, so that
the full stops inside a quotation never end the writer's sentence. The view has the same
length as the article: offsets stay true.
"""
from __future__ import annotations

import bisect
from typing import Iterable

import regex

MASK = "·"

# A sentence ends at . ! ? or … (after closing marks and brackets), before white space and
# a capital, a digit or an opening mark: "... in 1991. Finland ...", "... “Yes.” The ..."
SENTENCE_END = regex.compile(r"""
    (?P<end>[.!?…]+[”"’'»)\]]*)
    [ \t\u00a0\u202f]+
    (?=[\p{Lu}\p{N}“"‘'«(\[])
""", regex.VERBOSE)

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


_LOWER_ASCII = frozenset("abcdefghijklmnopqrstuvwxyz")


def _plain_word_before(view: str, dot: int) -> bool:
    """The quick test for ABBREVIATION before the full stop at ``dot``: five lower-case
    ASCII letters just before it ("said.") rule it out. Each of its words ends at the stop
    and starts after white space, "(" or the start of the search (which, with these five
    letters, is not within them: they hold no line break); none is five lower-case letters
    long or a tail of such letters (an initial is a capital, a dotted form holds a ".", and
    the listed words have at most four letters and, but for "vs", open with a capital)."""
    return dot >= 5 and all(ch in _LOWER_ASCII for ch in view[dot - 5:dot])


def sentence_spans(view: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence in ``view``; lines are never joined."""
    spans = []
    # One scan for the whole view: a sentence end never spans a line ("\n" is neither a
    # mark nor a space to it), so it finds what a scan of each line would.
    ends = SENTENCE_END.finditer(view)
    end = next(ends, None)
    line_end = -1
    for line in view.split("\n"):
        line_start, line_end = line_end + 1, line_end + 1 + len(line)
        if not line:
            continue
        start = line_start
        while end is not None and end.start() < line_end:
            dot = end.start("end")
            if not (view[dot] == "." and len(end.group("end")) == 1 and not _plain_word_before(view, dot) and
                    ABBREVIATION.search(view, max(line_start, dot - 12), dot + 1)):
                spans.append((start, end.end("end")))
                start = end.end()
            end = next(ends, None)
        spans.append((start, line_end))
    return spans


class Sentences:
    """Find the sentence around an offset in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self._starts = [s for s, _ in spans]

    def index_at(self, position: int) -> int:
        return max(0, bisect.bisect_right(self._starts, position) - 1)

    def __getitem__(self, index: int) -> tuple[int, int]:
        return self.spans[index]
