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

Scale: keys are grouped by hashing; fragments are found through an index of word
``SHINGLE``-grams, looking only at the quotations that hold the fragment's rarest shingle.
No pair of quotations is compared unless they share that shingle.
"""
from __future__ import annotations

import hashlib
from typing import Iterable, Mapping

from .normalize import QuoteKey, name_tokens, quote_key

MIN_TOKENS = 5  # words a quotation needs to be recognised across articles by its words alone
SHINGLE = 4  # words per index entry; a fragment needs one stretch this long to be found
CLUSTER_PREFIX = "qc-"


def cluster_id(*parts: str) -> str:
    """A stable id from what defines the cluster (its longest key, or key and speaker)."""
    return CLUSTER_PREFIX + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def speaker_key(speaker: str) -> str:
    """What two articles' names for one speaker share: the surname, or the handle."""
    tokens = name_tokens(speaker)
    return tokens[-1] if tokens else speaker.casefold()


def given_name(speaker: str) -> str | None:
    """The first word of a name of two words or more ("donald" for "Donald J. Trump")."""
    tokens = name_tokens(speaker)
    return tokens[0] if len(tokens) > 1 else None


def _apart_namesakes(group: tuple[str, ...], quote_ids: list[str],
                     given: Mapping[str, str | None]) -> dict[tuple[str, ...], list[str]]:
    """One short-quotation group by surname, split by given name when it names more than one
    person; the group keeps its id when it names one (so most cluster ids never change)."""
    if len({name for name in given.values() if name}) <= 1:
        return {group: quote_ids}
    apart: dict[tuple[str, ...], list[str]] = {}
    for quote_id in quote_ids:
        name = given[quote_id]
        apart.setdefault(group + (f"given:{name}",) if name else group, []).append(quote_id)
    return apart


def _group(record: Mapping, key: QuoteKey) -> tuple[str, ...]:
    if key.tokens == 0:
        return ("alone", record["id"])
    if key.tokens >= MIN_TOKENS:
        return ("words", key.text)
    speaker = record.get("speaker")
    who = f"speaker:{speaker_key(speaker)}" if speaker else f"article:{record['article_id']}"
    return ("short", key.text, who)


def _shingles(key: QuoteKey) -> set[tuple[str, ...]]:
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


def _roots(keys: list[QuoteKey]) -> list[int]:
    """For each key (longest first), the index of the key whose cluster it joins (itself
    when none or several).

    The index maps the hash of a shingle to the keys that hold it: one key as a bare int
    (most shingles occur once), several as a list. A hash collision only adds candidates,
    which ``contains`` then rejects, so the result does not depend on the hash; the index
    is the largest structure of the cluster pass, and this keeps it small."""
    index: dict[int, int | list[int]] = {}
    roots: list[int] = []
    for i, key in enumerate(keys):
        shingles = {hash(s) for s in _shingles(key)}
        found: set[int] = set()
        if shingles:
            rarest = min((_postings(index, s) for s in shingles), key=len)
            found = {roots[j] for j in rarest if contains(keys[j], key)}
        roots.append(found.pop() if len(found) == 1 else i)
        for shingle in shingles:
            held = index.get(shingle)
            if held is None:
                index[shingle] = i
            elif isinstance(held, int):
                index[shingle] = [held, i]
            else:
                held.append(i)
    return roots


def _postings(index: Mapping[int, int | list[int]], shingle: int) -> list[int] | tuple[int, ...]:
    held = index.get(shingle, ())
    return (held,) if isinstance(held, int) else held


def _longest_first(key: QuoteKey) -> tuple:
    # Fewer cuts first among equal lengths: "a b … c d e" lies inside "a b c d e".
    return (-key.tokens, len(key.segments), key.text)


def cluster_quotes(records: Iterable[Mapping]) -> dict[str, str]:
    """{quote id: cluster id} for quote records (dicts with id, article_id, quote, speaker).

    Deterministic: the same records, in any order, give the same ids."""
    groups: dict[tuple[str, ...], list[str]] = {}
    keys: dict[tuple[str, ...], QuoteKey] = {}
    given_names: dict[tuple[str, ...], dict[str, str | None]] = {}
    for record in records:
        key = quote_key(record["quote"])
        group = _group(record, key)
        groups.setdefault(group, []).append(record["id"])
        keys[group] = key
        if group[0] == "short" and record.get("speaker"):
            given_names.setdefault(group, {})[record["id"]] = given_name(record["speaker"])
    for group, given in given_names.items():
        groups.update(_apart_namesakes(group, groups.pop(group), given))
    long_keys = sorted((keys[g] for g in groups if g[0] == "words"), key=_longest_first)
    roots = _roots(long_keys)
    word_ids = {key.text: cluster_id("words", long_keys[root].text) for key, root in zip(long_keys, roots)}
    assignments: dict[str, str] = {}
    for group, quote_ids in groups.items():
        cid = word_ids[group[1]] if group[0] == "words" else cluster_id(*group)
        assignments.update((quote_id, cid) for quote_id in quote_ids)
    return assignments


def members(assignments: Mapping[str, str]) -> dict[str, list[str]]:
    """{cluster id: its quote ids, sorted}."""
    grouped: dict[str, list[str]] = {}
    for quote_id, cid in sorted(assignments.items()):
        grouped.setdefault(cid, []).append(quote_id)
    return grouped


def article_clusters(records: Iterable[Mapping], assignments: Mapping[str, str]) -> dict[str, set[str]]:
    """{article id: the clusters its quotations are in}."""
    found: dict[str, set[str]] = {}
    for record in records:
        found.setdefault(record["article_id"], set()).add(assignments[record["id"]])
    return found

