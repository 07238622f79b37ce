"""Regions of an article that are not prose: markup, URLs, data URIs.

Quote characters inside them (``<img alt="">``, ``href="..."``) are never quotation marks.
The article is never edited: these functions return spans to skip.
"""
from __future__ import annotations

import bisect

import regex

# <img alt="" src="...">, </image>, <a href="https://...">: a tag on one line.
MARKUP_TAG = regex.compile(r"""
    <
    /?[A-Za-z][\w:-]*          # tag name
    (?:\s[^<>\n]{0,4000})?     # attributes, quotes and all
    /?>
""", regex.VERBOSE)

# https://t.co/112IBoPCT5, www.example.com/a?b="c"
URL = regex.compile(r"""
    \b(?:https?://|www\.)      # scheme or bare www.
    [^\s<>]+                   # up to white space or markup
""", regex.VERBOSE | regex.IGNORECASE)

# data:image/png;base64,iVBOR... (often with quotes inside when pasted from HTML)
DATA_URI = regex.compile(r"""
    \bdata:[\w.+-]+/[\w.+-]+   # media type
    [^\s<>]*                   # parameters and payload
""", regex.VERBOSE | regex.IGNORECASE)

# alt="" or href='x' outside a well-formed tag (scraped pages often break tags apart).
ATTRIBUTE = regex.compile(r"""
    (?<![\w"'“”])[A-Za-z][\w:-]*   # attribute name
    =(?:"[^"\n]{0,2000}"|'[^'\n]{0,2000}')  # ="value" or ='value'
""", regex.VERBOSE)

NON_PROSE = (MARKUP_TAG, URL, DATA_URI, ATTRIBUTE)


def non_prose_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) spans of markup, URLs and data URIs in ``text``."""
    found = sorted((m.start(), m.end()) for pattern in NON_PROSE for m in pattern.finditer(text))
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class SpanSet:
    """Membership test for a sorted list of non-overlapping spans, in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self._starts = [s for s, _ in spans]

    def __contains__(self, position: int) -> bool:
        i = bisect.bisect_right(self._starts, position) - 1
        return i >= 0 and position < self.spans[i][1]
