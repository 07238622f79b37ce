"""Quote clusters: the occurrences of one quotation across articles.

The rules, in the order they apply (keys are ``normalize.quote_key``):

1. A quotation of at least ``MIN_TOKENS`` words joins every occurrence with the same key,
   whatever its marks, case, spacing, editorial insertions or punctuation.
2. A shorter one ("Yes.", "I agree", "not protecting us") is too common for its words alone
   to say it is the same quotation: it joins another occurrence only when the key and the
   speaker match (by the last word of the name, or the handle: "Trump" = "Donald Trump").
   Namesakes stay apart: when the occurrences name people of one surname with different
   given names ("Donald Trump", "Melania Trump"), each given name is its own speaker, and
   the bare surname, which could be either, is a third. Without a speaker it joins only
   the same words in the same article.
3. A fragment of at least ``MIN_TOKENS`` words that lies inside a longer quotation (each
   stretch between cuts contiguous and in order) joins that quotation's cluster. A fragment
   that lies inside quotations of several different clusters is ambiguous and stays alone,
   so a common phrase never chains unrelated quotations together.

This module holds the rules; ``cluster_pass.py`` applies them to a corpus on disk (groups
by sorting, fragments through an index of word ``SHINGLE``-grams), with bounded memory.
"""
from __future__ import annotations

import hashlib
from typing import Mapping

from .normalize import QuoteKey, name_tokens

MIN_TOKENS = 5  # words a quotation needs to be recognised across articles by its words alone
SHINGLE = 4  # words per index entry; a fragment needs one stretch this long to be found
CLUSTER_PREFIX = "qc-"
GROUP_SEPARATOR = "\x1f"  # what joins the parts of a group, and of what a cluster id hashes


def cluster_id(*parts: str) -> str:
    """A stable id from what defines the cluster (its longest key, or key and speaker)."""
    return CLUSTER_PREFIX + hashlib.sha256(GROUP_SEPARATOR.join(parts).encode("utf-8")).hexdigest()[:16]


def speaker_key(speaker: str) -> str:
    """What two articles' names for one speaker share: the surname, or the handle."""
    tokens = name_tokens(speaker)
    return tokens[-1] if tokens else speaker.casefold()


def given_name(speaker: str) -> str | None:
    """The first word of a name of two words or more ("donald" for "Donald J. Trump")."""
    tokens = name_tokens(speaker)
    return tokens[0] if len(tokens) > 1 else None


def namesake_group(group: str, given: str) -> str:
    """The group of a short quotation by one of several people of one surname (rule 2): a
    group that names one given name keeps its id, so most cluster ids never change."""
    return group + GROUP_SEPARATOR + f"given:{given}"


def group_of(record: Mapping, key: QuoteKey) -> str:
    """The group of a quote record (rules 1 and 2, before namesakes are parted), its parts
    joined by GROUP_SEPARATOR; a group that is not a long key's is its cluster's id source."""
    if key.tokens == 0:
        parts = ("alone", record["id"])
    elif key.tokens >= MIN_TOKENS:
        parts = ("words", key.text)
    else:
        speaker = record.get("speaker")
        parts = ("short", key.text, f"speaker:{speaker_key(speaker)}" if speaker else f"article:{record['article_id']}")
    return GROUP_SEPARATOR.join(parts)


def shingles(key: QuoteKey) -> set[tuple[str, ...]]:
    """The word ``SHINGLE``-grams of a key, within its stretches between cuts."""
    return {segment[i:i + SHINGLE] for segment in key.segments for i in range(len(segment) - SHINGLE + 1)}


def _find(haystack: tuple[str, ...], needle: tuple[str, ...], start: int) -> int:
    for i in range(start, len(haystack) - len(needle) + 1):
        if haystack[i:i + len(needle)] == needle:
            return i
    return -1


def contains(outer: QuoteKey, inner: QuoteKey) -> bool:
    """True when every stretch of ``inner`` lies, in order, inside a stretch of ``outer``."""
    segment, position = 0, 0
    for part in inner.segments:
        while segment < len(outer.segments):
            found = _find(outer.segments[segment], part, position)
            if found >= 0:
                position = found + len(part)
                break
            segment, position = segment + 1, 0
        else:
            return False
    return True
