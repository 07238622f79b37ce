"""A quotation reduced to what stays the same when it travels from article to article.

Two articles quoting the same words differ in marks (’ or '), case, spacing, punctuation,
editorial insertions (“it’s time [for the US] to leave”) and cuts (“I’m ready…”). The key
keeps the words only: case-folded, accents and apostrophe variants unified, bracketed
insertions dropped, and an ellipsis splitting the words into segments, since the words on
either side of a cut were not next to each other in the original.
"""
from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from .lexicon import KEEP_GIL

# An editor's words inside a quotation: “leave NATO [North Atlantic Treaty Organization]”,
# “[He] said”, “[sic]”. Square brackets only: parentheses are often the speaker's own.
EDITORIAL_INSERT = regex.compile(r"\s*\[[^\[\]]*\]")

# A cut: “I’m ready…”, “so . . . we left”, “we left... and”.
ELLIPSIS = regex.compile(r"…|\.\s?\.\s?\.")

# One word: letters and digits, with inner apostrophes kept (“it's”, “don't”).
WORD = regex.compile(r"\w+(?:'\w+)*")

# One word of a name, or a handle: "J", "O'Brien", "@GuntherEagleman".
NAME_WORD = regex.compile(r"@?\w+(?:'\w+)*")

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'"})


@dataclass(frozen=True, slots=True)
class QuoteKey:
    """The words of a quotation, one tuple per stretch between cuts."""

    segments: tuple[tuple[str, ...], ...]

    @property
    def tokens(self) -> int:
        return sum(len(segment) for segment in self.segments)

    @property
    def text(self) -> str:
        """'it's time to leave nato and the un'; cuts shown as ' … '."""
        return " … ".join(" ".join(segment) for segment in self.segments)

    @classmethod
    def parse(cls, text: str) -> "QuoteKey":
        """The key whose ``text`` this is (no word holds a space or '…')."""
        return cls(tuple(tuple(map(sys.intern, part.split(" "))) for part in text.split(" … ") if part))


def _fold(text: str) -> str:
    """Case, accents, compatibility forms and apostrophe variants folded away."""
    folded = text.translate(APOSTROPHES).casefold()
    if folded.isascii():  # most news text: nothing to decompose
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)  # the clustering and the canonical text both ask
def quote_key(quote: str) -> QuoteKey:
    """The comparable form of ``quote``: “It’s time [for the US] to leave NATO…” and
    "it's time to leave nato" have the same key."""
    stripped = EDITORIAL_INSERT.sub("", quote)
    # Interned: a corpus's quotations share most of their words, so keys held by the
    # cluster pass share one string per word.
    segments = (tuple(map(sys.intern, WORD.findall(_fold(part), 0, None, False, KEEP_GIL)))
                for part in ELLIPSIS.split(stripped))
    return QuoteKey(tuple(segment for segment in segments if segment))


def is_faithful(quote: str) -> bool:
    """True when the quotation shows no editorial insertion and no cut."""
    if "[" not in quote and "…" not in quote and quote.count(".") < 3:
        return True  # the quick test: an insertion needs "[", a cut "…" or three dots
    return not EDITORIAL_INSERT.search(quote) and not ELLIPSIS.search(quote)


def without_insertions(quote: str) -> str:
    """The quotation with editorial insertions removed and spacing tidied."""
    return " ".join((EDITORIAL_INSERT.sub("", quote) if "[" in quote else quote).split())


@lru_cache(maxsize=1 << 14)  # a corpus names the same speakers again and again
def name_tokens(name: str) -> tuple[str, ...]:
    """'Donald J. Trump' -> ('donald', 'j', 'trump'); '@GuntherEagleman' -> ('@gunthereagleman',)."""
    return tuple(NAME_WORD.findall(_fold(name), 0, None, False, KEEP_GIL))
