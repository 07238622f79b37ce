"""Regions of an article that are not prose: markup, URLs, data URIs.

Quote characters inside them (``<img alt="">``, ``href="..."``) are never quotation marks.
The article is never edited: these functions return spans to skip.
"""
from __future__ import annotations

import bisect
from typing import Iterator

import regex

from .lexicon import KEEP_GIL

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

# <script>…</script> and <style>…</style>: code, whatever quotes it holds.
CODE_BLOCK = regex.compile(r"<(script|style)\b[^>]{0,2000}>.{0,200000}?</\1\s*>", regex.IGNORECASE | regex.DOTALL)

# CSS url("data:image/svg+xml;utf8,<svg …>")
CSS_URL = regex.compile(r"\burl\(\s*[\"']?[^)\n]{0,100000}\)", regex.IGNORECASE)

# Each pattern with a string that every match of it holds, in lower case (the patterns
# that ignore case match only ASCII letters there): the quick test that spares most
# articles the search (see _holds_in_any_case).
NON_PROSE = ((MARKUP_TAG, "<"), (DATA_URI, "data:"), (CODE_BLOCK, "<"),
             (CSS_URL, "url("))  # and URL and ATTRIBUTE, see _urls and _attributes

# The attribute name that ends just before an "=" (read backwards from it): `href` in `href="`.
NAME_BEFORE_EQUALS = regex.compile(r"(?r)[\w:-]*")
MAX_ATTRIBUTE_VALUE = 2003  # ="…" with its marks: the longest value ATTRIBUTE takes, from its "="


def non_prose_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) spans of markup, URLs and data URIs in ``text``."""
    spans = [(m.start(), m.end()) for pattern, needs in NON_PROSE if _holds_in_any_case(text, needs)
             for m in pattern.finditer(text)]
    spans.extend(_urls(text))
    spans.extend(_attributes(text))
    return merge_spans(spans)


def _holds_in_any_case(text: str, needle: str) -> bool:
    """``needle in text.lower()`` for a ``needle`` of small ASCII letters that ends with a
    character that is no letter, without lowering the whole text (slow, for most text is
    not ASCII: curly quotes): only the stretches that end with that character are lowered.
    No character but an ASCII one lowers to one of these (see the test), so the two agree."""
    if needle in text:
        return True
    width, last = len(needle), needle[-1]
    position = text.find(last, width - 1)
    while position >= 0:
        if text[position - width + 1:position + 1].lower() == needle:
            return True
        position = text.find(last, position + 1)
    return False


def _urls(text: str) -> list[tuple[int, int]]:
    """The spans of ``URL.finditer(text)``. Trying the pattern at every word is slow; each
    match starts with http:// or https:// in any case (4 or 5 characters before a "://")
    or with www. in any case (the only characters its "w" takes are w and W), so it is
    tried only there, in order."""
    starts = set()
    scheme_end = text.find("://") if "/" in text else -1  # one character: many times quicker
    while scheme_end >= 0:
        starts.update((scheme_end - 5, scheme_end - 4))
        scheme_end = text.find("://", scheme_end + 1)
    starts.update(_www_starts(text))
    spans: list[tuple[int, int]] = []
    for start in sorted(starts):
        if start >= 0 and (not spans or start >= spans[-1][1]):
            match = URL.match(text, start, None, KEEP_GIL)
            if match is not None:
                spans.append(match.span())
    return spans


def _www_starts(text: str) -> Iterator[int]:
    """The offset of every "www." in any case, found by its last letter and the stop."""
    for tail in ("w.", "W."):
        position = text.find(tail)
        while position >= 0:
            if position >= 2 and text[position - 2] in "wW" and text[position - 1] in "wW":
                yield position - 2
            position = text.find(tail, position + 1)


def _attributes(text: str) -> list[tuple[int, int]]:
    """The spans of ``ATTRIBUTE.finditer(text)``. Trying the pattern at every letter is
    slow; each match ends its name at an "=" before a quote mark, so it is tried only in
    the word before such an "=" (its name cannot start anywhere else)."""
    spans = []
    position = 0
    equals = text.find("=")
    while equals >= 0:
        if text[equals + 1:equals + 2] in ("\"", "'"):
            name_start = NAME_BEFORE_EQUALS.match(text, position, equals, KEEP_GIL).start()
            match = ATTRIBUTE.search(text, name_start, equals + MAX_ATTRIBUTE_VALUE, KEEP_GIL)
            if match is not None and match.start() < equals:
                spans.append(match.span())
                position = match.end()
                equals = text.find("=", position)
                continue
        equals = text.find("=", equals + 1)
    return spans


def positions_of(text: str, characters: str) -> list[int]:
    """The offsets of every one of ``characters`` in ``text``, sorted. A search for each
    character in turn is quicker than a pattern's scan for any of them, when they are few."""
    positions = []
    for character in characters:
        position = text.find(character)
        while position >= 0:
            positions.append(position)
            position = text.find(character, position + 1)
    positions.sort()
    return positions


def merge_spans(spans) -> list[tuple[int, int]]:
    """Sorted, with overlapping spans merged."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class SpanSet:
    """Membership test for a set of spans, in O(log n)."""

    def __init__(self, spans):
        self.spans = merge_spans(spans)
        self._starts = [s for s, _ in self.spans]

    def __contains__(self, position: int) -> bool:
        i = bisect.bisect_right(self._starts, position) - 1
        return i >= 0 and position < self.spans[i][1]

    def outside(self, positions: list[int]) -> list[int]:
        """The sorted ``positions`` in none of the spans (most articles have no spans at
        all): one walk along both, for they are both sorted."""
        if not self.spans:
            return positions
        kept, spans, k = [], self.spans, 0
        for position in positions:
            while k < len(spans) and spans[k][1] <= position:
                k += 1  # the spans before ``position``
            if k == len(spans) or position < spans[k][0]:
                kept.append(position)
        return kept
