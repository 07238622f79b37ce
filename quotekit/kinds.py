"""What kind of quotation a span is: a full utterance, a fragment, a post, a scare quote."""
from __future__ import annotations

import regex

from .attribution import Attribution
from .lexicon import KEEP_GIL
from .quotes import QuoteSpan

# Marks the writer keeps a distance from the words: the so-called “peace dividend”.
DISTANCING = regex.compile(r"(?i)\b(?:so-called|so called|dubbed|termed|known as|billed as|self-styled)\s*$")

# The words before a quote introduce a full utterance: `replied: “…”`, `told BBC, “…”`.
INTRODUCES_UTTERANCE = regex.compile(r"[:,—–]\s*$")

# Both patterns match only the last word or mark before the white space that ends a string,
# so they are searched from there: the white space, read backwards, and the longest word.
TRAILING_SPACE = regex.compile(r"(?r)\s*")
LONGEST_BEFORE_SPACE = len("self-styled")


def quote_kind(text: str, quote: QuoteSpan, sentence_start: int, attribution: Attribution) -> str:
    if quote.marks == "block":
        return "block"
    opening = quote.open_mark if quote.open_mark is not None else quote.start
    before = text[sentence_start:opening]
    last_words = max(0, TRAILING_SPACE.match(before, 0, None, KEEP_GIL).start() - LONGEST_BEFORE_SPACE)
    if DISTANCING.search(before, last_words, None, KEEP_GIL):
        return "scare"
    starts_sentence = not before or before.isspace() or quote.open_mark is None
    first = text[quote.start]  # a quote is never empty
    capitalised = first.isupper() or first.isdigit()
    utterance = starts_sentence or (capitalised and INTRODUCES_UTTERANCE.search(before, last_words, None, KEEP_GIL) is not None) \
        or (capitalised and _has_words(text, quote, 4) and before.rstrip().endswith(("that", ":")))
    if attribution.speaker is None and attribution.cue is None:
        return "direct" if utterance and _has_words(text, quote, 3) else "scare"
    return "direct" if utterance else "partial"


def _has_words(text: str, quote: QuoteSpan, count: int) -> bool:
    """``len(content.split()) >= count`` for the quote's content, without splitting all of
    a long quote: split at most count - 1 times, it gives count parts only if the first
    count - 1 words have a rest, which starts with the next word."""
    return len(text[quote.start:quote.end].split(None, count - 1)) >= count
