"""Speaker attribution as an ordered sieve of named rules (Muzny et al. 2017's design).

Each rule looks at one quotation in its sentence and either names a speaker mention and a
cue, or passes. Rules run highest precision first; the first that fires wins, and its name
is kept in the record. Mentions (a name, a pronoun, a description, a handle) are then
resolved to one canonical speaker per article.

All matching runs on the article's *view*: the article with the inside of every quotation
masked, so words inside a quotation are never taken for its attribution.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import bisect
import re
import weakref
from functools import cached_property
from itertools import islice
from typing import Callable, Iterator, NamedTuple

import regex

from .attribution_patterns import (according_to, CAPITAL, CAPITALISED_WORD, COMMA_AFTER_WORD, CONTEXT, CUE,
                                  cues_of_any_case, CUE_THEN_SPEAKER, DASH_SIGNATURE, DESCRIPTION_AFTER_NAME,
                                  DESCRIPTION_WORD,
                                  DOUBLE_MARK, find_cues, first_cue, HEAD_WORD_BEFORE, HEADLINE_LONG_WORD, HONORIFIC,
                                  INTRODUCTORY_PHRASE, LEADING_ARTICLE, LOOK_BACK, MAX_WORDS_CUE_TO_QUOTE,
                                  MENTION, MENTION_AT, NAME_AFTER_COMMA, NAME_BEFORE_COMMA, NAME_BEFORE_CUE,
                                  NEAR_CUE_WORDS, NOUN_CAPABLE, NOUN_USE, NOUN_USE_WITH_MODIFIERS, OWNER_OF,
                                  PHRASE_SENTENCE_END, POSSESSIVE_CUE, possessive_cues, SENTENCE_SUBJECT,
                                  SPACE_BEFORE_CAPITAL, speaker_before_cue, SPEAKER_THEN_CUE, SUBJECT_ELSEWHERE,
                                  TRAILING_WINDOW, trailing_noun_phrase)
from .lexicon import (KEEP_GIL, ORGANIZATION_HEADS, PRONOUN_GENDERS, PRONOUNS, given_name_genders,
                      trie_alternation)
from .names import NAME_RUN, NameIndex, names_in, strip_titles
from .quotes import QuoteSpan
from .records import SpanRecord as Span
from .sentences import Sentences, masked_view, sentence_spans


class Attribution(NamedTuple):  # a tuple: built for most quotes, at half a frozen dataclass's cost
    speaker: str | None
    speaker_type: str            # person, organization, account, unknown
    mention: Span | None
    cue: Span | None
    rule: str


NO_ATTRIBUTION = Attribution(None, "unknown", None, None, "none")



@dataclass(slots=True)
class _Found:
    mention: regex.Match | None
    mention_group: str | None
    cue: Span | None
    rule: str
    offset: int = 0   # where the matched string starts in the view


# How many names an article searches for as speakers before it finds them all at once.
SPEAKING_SEARCHES = 8


@dataclass
class ArticleContext:
    """What the rules know about one article."""

    text: str
    quotes: list[QuoteSpan]
    view: str = ""
    sentences: Sentences = None
    index: NameIndex = None
    genders: dict[str, str | None] = field(default_factory=dict)
    attributions: dict[int, Attribution] = field(default_factory=dict)  # by quote index
    # _leading_cue results while one quote goes through the sieve (two rules ask the same)
    leading: dict[tuple, _Found | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.view = masked_view(self.text, [(q.start, q.end) for q in self.quotes])
        self.sentences = Sentences(sentence_spans(self.view))
        self.index = NameIndex(self.names)

    def is_person(self, name: str) -> bool:
        """Named in full somewhere, or the subject of a reporting verb ("Trump said")."""
        return self.index.is_person(name) or self._is_speaking_name(name)

    def _is_speaking_name(self, name: str) -> bool:
        """``name in self.speaking_names``, answered for the name asked: the view is
        searched only where a word that resolves to it may stand, not scanned whole.

        A word resolves (``canonical``) to itself or to a person with its surname, the
        same surname less or plus one last letter (Zelensky/Zelenskyy); so every speaker
        word that resolves to ``name`` starts with ``name``'s last word, less its last
        letter when it has six or more. NAME_BEFORE_CUE's matches never overlap (past
        its capital a match holds only small letters, spaces and cue words, all in small
        letters), so it matches at a place just when a whole-view search finds a match
        starting there. After SPEAKING_SEARCHES names the whole-view set is built, so
        that an article that asks of many names still costs linear time."""
        asked = self.speaking_asked
        if name not in asked:
            if len(asked) >= SPEAKING_SEARCHES or "speaking_names" in self.__dict__:
                asked[name] = name in self.speaking_names
            else:
                asked[name] = self._speaks_somewhere(name)
        return asked[name]

    def _speaks_somewhere(self, name: str) -> bool:
        words = name.split()
        if not words:
            return False
        surname = words[-1]
        prefix = surname[:-1] if len(surname) >= 6 else surname
        view, canonical = self.view, self.index.canonical
        at = view.find(prefix)
        while at >= 0:
            match = NAME_BEFORE_CUE.match(view, at, None, KEEP_GIL)
            if match is not None and canonical(match.group("speaker")) == name:
                return True
            at = view.find(prefix, at + 1)
        return False

    @cached_property
    def speaking_asked(self) -> dict[str, bool]:
        """name -> ``name in self.speaking_names``, for the names asked (_is_speaking_name)."""
        return {}

    def gender_agrees(self, person: str, gender: str | None) -> bool:
        """False only when the person's given name, or a Mr./Mrs./Ms. in the article,
        says the other gender."""
        if gender is None:
            return True
        if person not in self.genders:
            known = given_name_genders().get(person.split()[0]) or self.honorifics.get(person.split()[-1])
            self.genders[person] = known
        known = self.genders[person]
        return known is None or known == gender

    def sentence_of(self, quote: QuoteSpan) -> tuple[int, int]:
        """The sentence around a quote, clipped to CONTEXT characters on each side so that
        a pathological sentence (a megabyte with no full stop) costs linear time."""
        opening = quote.open_mark if quote.open_mark is not None else quote.start
        first = self.sentences.index_at(opening)
        last = self.sentences.index_at(max(quote.start, quote.end - 1))
        start, end = self.sentences[first][0], self.sentences[last][1]
        return max(start, opening - CONTEXT), min(end, quote.end + CONTEXT)

    @cached_property
    def quote_sentences(self) -> list[tuple[int, int]]:
        """``sentence_of`` each quote, by its index: every rule asks it of the quote in
        hand, about five times a quote."""
        return [self.sentence_of(quote) for quote in self.quotes]

    def sentence_at(self, index: int) -> tuple[int, int]:
        """Sentence ``index``, clipped to its last CONTEXT characters."""
        start, end = self.sentences[index]
        return max(start, end - CONTEXT), end

    @cached_property
    def speaking_names(self) -> set[str]:
        """Single names that are the subject of a reporting verb somewhere in the article;
        read only when the name index alone cannot tell a person."""
        return {self.index.canonical(m.group("speaker")) for m in NAME_BEFORE_CUE.finditer(self.view)}

    @cached_property
    def named_people(self) -> dict[int, str | None]:
        """Name index -> the person it names, filled in by ``_person_named``."""
        return {}

    @cached_property
    def introductions(self) -> Introductions:
        return Introductions(self)

    @cached_property
    def owners(self) -> dict[str, regex.Match]:
        """Description head -> its first possessive owner: "NATO’s website"."""
        owners: dict[str, regex.Match] = {}
        for match in owner_matches(self.view):
            owners.setdefault(match.group("head"), match)
        return owners

    @cached_property
    def honorifics(self) -> dict[str, str]:
        """Surname -> gender from Mr./Mrs./Ms. in the article."""
        return {m.group("surname"): "male" if m.group("honorific") == "Mr" else "female"
                for m in HONORIFIC.finditer(self.text)}

    @cached_property
    def speakers_before(self) -> dict[tuple[int, int], regex.Match | None]:
        """(start, end) -> the SPEAKER_BEFORE_CUE match of view[start:end] (_speaker_before)."""
        return {}

    @cached_property
    def cues_in(self) -> dict[tuple[int, int], bool]:
        """(start, end) -> whether a cue stands in view[start:end] (_has_cue)."""
        return {}

    @cached_property
    def quote_starts(self) -> list[int]:
        return [q.start for q in self.quotes]

    @cached_property
    def names(self) -> list:
        return names_in(self.view)

    @cached_property
    def name_starts(self) -> list[int]:
        return [n.start for n in self.names]


# ---------------------------------------------------------------------------------------
# The rules. Each takes (context, quote index) and returns _Found or None.

def _after_quote(ctx: ArticleContext, q: QuoteSpan) -> int:
    return q.close_mark + 1 if q.close_mark is not None else q.end


def _before_quote(q: QuoteSpan) -> int:
    return q.open_mark if q.open_mark is not None else q.start


def rule_post_signature(ctx: ArticleContext, i: int) -> _Found | None:
    """An embedded post signed `— Mike Lee (@BasedMikeLee) March 3, 2025`."""
    q = ctx.quotes[i]
    if q.signature is None:
        return None
    name = q.signature
    if not name.group("name").strip():
        return None
    display = name.group("name").strip()
    # The display name is the speaker when the article names that person elsewhere
    # ("Sen. Mike Lee … — Mike Lee (@BasedMikeLee)"); "Night Owl (@nightowl_77)" is an account.
    elsewhere = ctx.text[:name.start()].count(display.split()[-1]) + ctx.text[name.end():].count(display.split()[-1])
    if CAPITALISED_WORD.search(display) and elsewhere:
        return _Found(name, "name", None, "post_signature", 0)
    return _Found(name, "handle", None, "post_signature", 0)


def rule_trailing_cue(ctx: ArticleContext, i: int) -> _Found | None:
    """A speaker and verb right after the quote: `"…," Lee said` / `"…," said Lee`."""
    q = ctx.quotes[i]
    start = _after_quote(ctx, q)
    sentence_start, sentence_end = ctx.quote_sentences[i]
    opens_sentence = not ctx.view[sentence_start:_before_quote(q)].strip()
    if not opens_sentence:
        leading = _leading_cue(ctx, i, sentence_start, _before_quote(q), "leading_cue")
        if leading is not None and leading.mention is not None and leading.cue is not None and \
                len(ctx.view[leading.cue.end:_before_quote(q)].split()) <= NEAR_CUE_WORDS:
            return None  # `Solberg called it “optimistic,” her colleague Dahl said …`: the cue before wins
    last = ctx.text[q.end - 1]
    if last == "." and not opens_sentence:
        return None  # `Peabody said: "…." adding that …`: the quote's sentence is over
    if not opens_sentence:
        after = ctx.view[start:sentence_end]
    else:
        # A quote that opens its sentence may find its attribution past the sentence end:
        # in `“Does anybody know?” Graham asked.` the question mark ends the quotation.
        line_end = ctx.view.find("\n", start)
        after = ctx.view[start:min(line_end if line_end >= 0 else len(ctx.view), start + TRAILING_WINDOW)]
    for pattern, rule in ((SPEAKER_THEN_CUE, "trailing_speaker_cue"), (CUE_THEN_SPEAKER, "trailing_cue_speaker"),
                          (DASH_SIGNATURE, "dash_signature")):
        match = pattern.match(after, 0, None, KEEP_GIL)
        if match and pattern is CUE_THEN_SPEAKER and match.group("cue").endswith("ing"):
            match = None  # "…” comparing him to President Obama": a participle has no subject after it
        if match and _is_speaker_mention(ctx, match):
            cue = _group_span(match, "cue", start) if match.group("cue") else None
            if pattern is CUE_THEN_SPEAKER and match.group("name"):
                match = _person_in_noun_phrase(after, match) or match
            return _Found(match, _mention_group(match), cue, rule, start)
    # The quick test: TRAILING_NOUN_PHRASE holds CUE whole (lookarounds included), so it
    # cannot match an ``after`` in which CUE matches nowhere.
    cue = first_cue(after, 0, len(after))
    return _trailing_noun_phrase(ctx, after, start, cue.start()) if cue is not None else None


def _trailing_noun_phrase(ctx: ArticleContext, after: str, start: int, cue_start: int) -> _Found | None:
    """`"…" Tulsa police Chief Chuck Jordan said`: the last person named in the phrase
    before the verb; else the phrase itself ("a narrator in the Clinton ad"). CUE first
    matches in ``after`` at ``cue_start``."""
    match = trailing_noun_phrase(after, cue_start)
    if not match or PHRASE_SENTENCE_END.search(match.group("phrase")):
        return None
    cue = _group_span(match, "cue", start)
    phrase_start, phrase_end = match.span("phrase")
    chosen = _first_person(names_in(after, phrase_start, phrase_end))
    if chosen is not None:
        mention = MENTION_AT.match(after, chosen.start)
        if mention:
            return _Found(mention, _mention_group(mention), cue, "trailing_phrase_cue", start)
    description = MENTION_AT.fullmatch(after, phrase_start, phrase_end)
    if description and description.group("description"):
        return _Found(description, "description", cue, "trailing_phrase_cue", start)
    return None


# The rest of a noun phrase after a cue: "said a former US government official Michèle A.
# Flournoy was quoted…" runs to the verb, a comma or the sentence end.
NOUN_PHRASE_AFTER = regex.compile(r"[^,;:“”\"\n]*?(?=\s+(?:was|is|who|had|has|and|in|on|at|to|for)\b|[,;:“”\"\n]|$)")


def _person_in_noun_phrase(after: str, match: regex.Match) -> regex.Match | None:
    """In "said a former US official Michèle A. Flournoy", the speaker is the person name
    at the end of the noun phrase, not "US"."""
    phrase = NOUN_PHRASE_AFTER.match(after, match.start("name"))
    names = names_in(after, match.start("name"), phrase.end() if phrase else match.end("name"))
    chosen = _first_person(names)
    if chosen is None or chosen.start == match.start("name"):
        return None
    return MENTION_AT.match(after, chosen.start)


def _first_person(names: list) -> object:
    """The speaker among the names of a noun phrase: the first person named in full
    ("Del. Stacey Plaskett of the Virgin Islands"), else the first person, else the first."""
    people = [n for n in names if not n.is_organization]
    full = [n for n in people if len(n.text.split()) >= 2]
    return (full or people or names or [None])[0]


# Pattern -> the number of each named group. ``Pattern.groupindex`` builds a new dict at
# every read, and ``regex`` reads a group by name several times slower than by number
# (0.5 µs against 0.1); the rules read thousands of groups of a handful of patterns.
# Groups of the same name share one number, so the number reads what the name reads.
_GROUP_INDEX: dict[regex.Pattern, dict[str, int]] = {}
# Pattern -> (name, number) of the mention groups it has, in _mention_group's order.
_MENTION_GROUPS: dict[regex.Pattern, tuple[tuple[str, int], ...]] = {}
MENTION_GROUP_ORDER = ("appositive", "handle", "pronoun", "name", "description")


def _group_index(pattern: regex.Pattern) -> dict[str, int]:
    index = _GROUP_INDEX.get(pattern)
    if index is None:
        index = _GROUP_INDEX[pattern] = dict(pattern.groupindex)
    return index


def _group(match: regex.Match, name: str) -> str | None:
    """``match.groupdict().get(name)`` without building the dict: None when the group did
    not take part or its pattern has none of that name."""
    number = _group_index(match.re).get(name)
    return None if number is None else match.group(number)


def _group_span(match: regex.Match, name: str, offset: int = 0) -> Span:
    """The named group as a Span, ``offset`` added to its offsets."""
    number = _group_index(match.re)[name]
    start, end = match.span(number)
    return Span(match.group(number), start + offset, end + offset)


def _mention_group(match: regex.Match) -> str | None:
    groups = _MENTION_GROUPS.get(match.re)
    if groups is None:
        index = _group_index(match.re)
        groups = _MENTION_GROUPS[match.re] = tuple((name, index[name]) for name in MENTION_GROUP_ORDER if name in index)
    for name, number in groups:
        if match.group(number):
            return name
    return None


def rule_leading_cue(ctx: ArticleContext, i: int) -> _Found | None:
    """A speaker and verb before the quote in its sentence: `Lee said: "…"`,
    `Lee told the BBC, "…"`, `X user @h, who wrote: "…"`, `called the UN a "…"`."""
    q = ctx.quotes[i]
    sentence_start, _ = ctx.quote_sentences[i]
    return _leading_cue(ctx, i, sentence_start, _before_quote(q), "leading_cue")


def rule_introduced(ctx: ArticleContext, i: int) -> _Found | None:
    """A quotation that opens its paragraph after a line ending in a colon that names the
    speaker: `The New York Times reports:` / `…, posting the following:` then the quote."""
    q = ctx.quotes[i]
    quote_open = _before_quote(q)
    line_start = ctx.view.rfind("\n", 0, quote_open) + 1
    if ctx.view[line_start:quote_open].strip():
        return None
    if q.introduction is not None:
        colon = q.introduction.start()
    else:
        colon = _last_non_space(ctx.view, line_start)
        if colon < 0 or ctx.view[colon] != ":":
            return None
    sentence_start, _ = ctx.sentences[ctx.sentences.index_at(colon)]
    found = _leading_cue(ctx, i, sentence_start, colon, "introduced")
    return found if found and found.mention is not None else None


def _last_non_space(text: str, end: int) -> int:
    """The offset of the last character before ``end`` that is not white space, or -1."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end - 1


# In a headline set in title case, verbs are capitalised too: "Elon Musk Describes DOGE As …"
HEADLINE_CUE = regex.compile(CUE.pattern, regex.IGNORECASE)


def _is_headline(text: str) -> bool:
    """Title case: most words of three or more letters start with a capital."""
    words = HEADLINE_LONG_WORD.findall(text)  # the words of more than three characters
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _verbs(view: str, start: int, end: int) -> list[regex.Match]:
    """The cues in view[start:end]: of any case in a headline (HEADLINE_CUE), else in small
    letters (CUE). The two differ only where a cue of any case holds a capital, so the
    cues of any case are found first, fast, and _is_headline is asked only then."""
    any_case = cues_of_any_case(view, start, end)
    if any_case is not None and all(view.startswith(cue, at) for at, cue in any_case):
        # No capital: each is a match of CUE too, and CUE has no other (each match of CUE
        # is one of any case), so the two lists agree.
        return [CUE.match(view, at, end, KEEP_GIL) for at, _ in any_case]
    if _is_headline(view[start:end]):
        return list(HEADLINE_CUE.finditer(view, start, end))
    return list(find_cues(view, start, end))


# Inverted at the head of a sentence: "Said Ellis: “…”" / "Added the mayor, “…”"
_CAPITAL_CUES = "Said Says Added Adds Asked Asks Wrote Writes Continued Explained Replied Recalled".split()
CAPITAL_CUE_FIRST = regex.compile(rf"""
    (?P<cue>\b(?:{trie_alternation(_CAPITAL_CUES)}))\s+
    {MENTION}\s*[:,]?\s*$
""", regex.VERBOSE)
# The quick test: the words that any match holds, found by re (faster than regex at this).
CAPITAL_CUE_WORD = re.compile(trie_alternation(_CAPITAL_CUES))


def _leading_cue(ctx: ArticleContext, i: int, sentence_start: int, quote_open: int, rule: str) -> _Found | None:
    key = (i, sentence_start, quote_open, rule)
    if key not in ctx.leading:
        ctx.leading[key] = _find_leading_cue(ctx, i, sentence_start, quote_open, rule)
    return ctx.leading[key]


def _find_leading_cue(ctx: ArticleContext, i: int, sentence_start: int, quote_open: int, rule: str) -> _Found | None:
    inverted = CAPITAL_CUE_WORD.search(ctx.view, sentence_start, quote_open) and \
        CAPITAL_CUE_FIRST.search(ctx.view, sentence_start, quote_open)
    if inverted:
        cue = _group_span(inverted, "cue")
        return _Found(inverted, _mention_group(inverted), cue, rule, 0)
    verbs = _verbs(ctx.view, sentence_start, quote_open)
    possessives = possessive_cues(ctx.view, sentence_start, quote_open)
    cues = verbs
    if possessives:  # the verbs are in order already
        cues = sorted(verbs + possessives, key=lambda m: m.start("cue"))
    # The nearest cue first; a cue word with no speaker ("said in a post", "one telling
    # word") gives way to an earlier one.
    first_cue = None
    possessive = None
    for cue_match in reversed(cues):
        if len(ctx.view[cue_match.end():quote_open].split()) > MAX_WORDS_CUE_TO_QUOTE:
            break
        cue = _group_span(cue_match, "cue")
        if cue_match.re is POSSESSIVE_CUE:  # Trump’s claim that “…”: only if no verb speaks
            possessive = possessive or _Found(cue_match, "name" if cue_match.group("name") else "pronoun",
                                              cue, "possessive_cue", 0)
            continue
        left = ctx.view[sentence_start:cue_match.start()]
        word = cue_match.group()
        if NOUN_USE.match(left, 0, None, KEEP_GIL) or (word in NOUN_CAPABLE and NOUN_USE_WITH_MODIFIERS.match(left)):
            continue
        first_cue = first_cue or cue
        match = _speaker_before(ctx, sentence_start, cue_match.start())
        if match and _is_speaker_mention(ctx, match):
            return _Found(match, _mention_group(match), cue, rule, sentence_start)
        if SUBJECT_ELSEWHERE.match(left) or word.endswith("ing"):
            # "… and said", "…, saying": the subject of the sentence (a participle has no
            # subject of its own)
            found = _shared_subject(ctx, i, sentence_start, cue)
            if found:
                return found
    if possessive is not None:
        return possessive
    if first_cue is None:
        return None
    return _Found(None, None, first_cue, f"{rule}_no_speaker", sentence_start)


def _speaker_before(ctx: ArticleContext, start: int, end: int) -> regex.Match | None:
    """``SPEAKER_BEFORE_CUE.search(ctx.view[start:end])``, its offsets into that slice;
    worked out once per article and slice, as rules ask again of the same cue."""
    key = (start, end)
    if key not in ctx.speakers_before:
        ctx.speakers_before[key] = speaker_before_cue(ctx.view[start:end])
    return ctx.speakers_before[key]


def _is_speaker_mention(ctx: ArticleContext, match: regex.Match) -> bool:
    """A mention that can be a source: not "In February"."""
    if _group(match, "appositive"):
        return True
    if _group(match, "description"):
        return True  # "a post stating “…”" names its source, a post, not a person
    name = _group(match, "name")
    if name:
        return strip_titles(name, 0) is not None
    return True


def _shared_subject(ctx: ArticleContext, i: int, sentence_start: int, cue: Span) -> _Found | None:
    """`Trump called X a “…” and said Y “…”`: the verb shares the sentence's subject, or
    the speaker of an earlier quote in the same sentence."""
    for j in range(i - 1, max(-1, i - 1 - LOOK_BACK), -1):
        earlier = ctx.quotes[j]
        if earlier.end < sentence_start:
            break
        if j in ctx.attributions and ctx.attributions[j].speaker:
            return _Found(None, None, cue, f"shared_subject:{j}", sentence_start)
    match = _sentence_subject(ctx, sentence_start, cue.start)
    if match and _is_known_speaker(ctx, match):
        return _Found(match, _mention_group(match), cue, "shared_subject", 0)
    return None


def _sentence_subject(ctx: ArticleContext, start: int, end: int) -> regex.Match | None:
    """The mention that opens the sentence, or opens it after an introductory phrase."""
    first = SENTENCE_SUBJECT.match(ctx.view, start, end, KEEP_GIL)
    if first and not _is_speaker_mention(ctx, first):
        first = None
    if first and _is_known_speaker(ctx, first):
        return first
    intro = INTRODUCTORY_PHRASE.match(ctx.view, start, end, KEEP_GIL)
    if intro:
        match = SENTENCE_SUBJECT.match(ctx.view, intro.end(), end, KEEP_GIL)
        if match and _is_speaker_mention(ctx, match):
            return match
    return first


def _is_known_speaker(ctx: ArticleContext, match: regex.Match) -> bool:
    """Not a lone capitalised word that opens a sentence ("Days after his inauguration,")."""
    name = match.group("name")
    if not name:
        return True
    stripped = strip_titles(name, 0)
    return stripped is not None and (len(stripped.text.split()) > 1 or stripped.is_organization
                                     or ctx.is_person(ctx.index.canonical(stripped.text)))


def rule_according_to(ctx: ArticleContext, i: int) -> _Found | None:
    """`"…," according to the website` / `According to BBC, "…"`."""
    sentence_start, sentence_end = ctx.quote_sentences[i]
    match = according_to(ctx.view, sentence_start, sentence_end)
    if not match:
        return None
    cue = _group_span(match, "cue")
    return _Found(match, _mention_group(match), cue, "according_to", 0)


def rule_adjacent_quote(ctx: ArticleContext, i: int) -> _Found | None:
    """Two quotes run together in one sentence share the attribution of the next one:
    `"I’m ready…"I can trade it," he said`."""
    if i + 1 >= len(ctx.quotes):
        return None
    q, nxt = ctx.quotes[i], ctx.quotes[i + 1]
    between = ctx.view[_after_quote(ctx, q):_before_quote(nxt)]
    if between.strip(" ,;—–-") or nxt.marks == "block":
        return None
    return _Found(None, None, None, f"adjacent_quote:{i + 1}", 0)


def rule_continuation(ctx: ArticleContext, i: int) -> _Found | None:
    """A paragraph that opens with a quote and names nobody continues the speaker of the
    paragraph before it (or of an earlier quote in its own paragraph)."""
    q = ctx.quotes[i]
    sentence_start, sentence_end = ctx.quote_sentences[i]
    if ctx.view[sentence_start:_before_quote(q)].strip() or _has_cue(ctx, sentence_start, sentence_end):
        return None
    if i == 0:
        return None
    previous = ctx.quotes[i - 1]
    gap = ctx.view[_after_quote(ctx, previous):_before_quote(q)]
    if gap.count("\n") > 1 or len(gap.split()) > 40 or previous.marks == "block":
        return None
    if (i - 1) in ctx.attributions and ctx.attributions[i - 1].speaker:
        return _Found(None, None, None, f"continuation:{i - 1}", 0)
    return None


def _has_cue(ctx: ArticleContext, start: int, end: int) -> bool:
    """Whether CUE matches in view[start:end]; kept per article, as rule_continuation and
    rule_previous_sentence ask it of the same sentence, the first twice."""
    key = (start, end)
    if key not in ctx.cues_in:
        ctx.cues_in[key] = first_cue(ctx.view, start, end) is not None
    return ctx.cues_in[key]


def rule_previous_sentence(ctx: ArticleContext, i: int) -> _Found | None:
    """A quote that opens its sentence right after a sentence ending in an attribution:
    `…, Schiff said. "…"` / `The mayor added, speaking to reporters. "…"`."""
    q = ctx.quotes[i]
    sentence_start, sentence_end = ctx.quote_sentences[i]
    if ctx.view[sentence_start:_before_quote(q)].strip() or _has_cue(ctx, sentence_start, sentence_end):
        return None
    index = ctx.sentences.index_at(sentence_start)
    if index == 0:
        return None
    previous_start, previous_end = ctx.sentence_at(index - 1)
    if "\n" in ctx.view[previous_end:sentence_start]:
        return None  # another paragraph
    cues = list(find_cues(ctx.view, previous_start, previous_end))
    if not cues:
        return None
    last = cues[-1]
    tail = ctx.view[last.end():previous_end]
    if len(tail.split()) > 8 or DOUBLE_MARK.search(tail):
        return None
    match = _speaker_before(ctx, previous_start, last.start())
    if not match or not _is_speaker_mention(ctx, match):
        return None
    cue = Span(last.group(), last.start(), last.end())
    return _Found(match, _mention_group(match), cue, "previous_sentence", previous_start)


SIEVE: list[tuple[str, Callable[[ArticleContext, int], _Found | None]]] = [
    ("post_signature", rule_post_signature),
    ("introduced", rule_introduced),
    ("trailing_cue", rule_trailing_cue),
    ("leading_cue", rule_leading_cue),
    ("according_to", rule_according_to),
    ("continuation", rule_continuation),
    ("previous_sentence", rule_previous_sentence),
]
# Rules that copy another quote's attribution run after the others have settled.
DEFERRED: list[tuple[str, Callable[[ArticleContext, int], _Found | None]]] = [
    ("adjacent_quote", rule_adjacent_quote),
    ("continuation", rule_continuation),
]


# ---------------------------------------------------------------------------------------
# Resolving a mention to a canonical speaker.

def _span_of(found: _Found) -> Span | None:
    if found.mention is None or found.mention_group is None:
        return None
    return _group_span(found.mention, found.mention_group, found.offset)


def _person_or_org(ctx: ArticleContext, mention: Span) -> tuple[str | None, str, Span]:
    """A name mention: titles stripped, then its fullest form in the article."""
    name = strip_titles(mention.text, mention.start)
    if name is None:
        return None, "unknown", mention
    span = Span(name.text, name.start, name.end)
    if name.is_organization:
        return name.text, "organization", span
    return ctx.index.canonical(name.text), "person", span


def _previous_sentence(ctx: ArticleContext, position: int) -> tuple[int, int] | None:
    index = ctx.sentences.index_at(position)
    return ctx.sentence_at(index - 1) if index > 0 else None


def _speakers_in(ctx: ArticleContext, start: int, end: int, speaker_type: str) -> Iterator[Attribution]:
    """Attributed speakers of the (at most LOOK_BACK) quotes between two offsets, the last first."""
    last = bisect.bisect_left(ctx.quote_starts, end) - 1
    for j in range(last, max(-1, last - LOOK_BACK), -1):
        if ctx.quotes[j].start < start:
            break
        a = ctx.attributions.get(j)
        if a is not None and a.speaker and a.speaker_type == speaker_type:
            yield a


def _speaker_in(ctx: ArticleContext, start: int, end: int, speaker_type: str) -> Attribution | None:
    """The last attributed speaker of a quote between two offsets."""
    return next(_speakers_in(ctx, start, end, speaker_type), None)


def _subject_of(ctx: ArticleContext, sentence: tuple[int, int]) -> tuple[str, str] | None:
    match = _sentence_subject(ctx, sentence[0], sentence[1])
    group = match and _mention_group(match)
    if group not in ("name", "appositive"):
        return None
    speaker, speaker_type, _ = _person_or_org(ctx, _group_span(match, group))
    return (speaker, speaker_type) if speaker else None


def _person_names_before(ctx: ArticleContext, start: int, end: int) -> Iterator[str]:
    """People named between two offsets (at most LOOK_BACK names), the nearest to ``end`` first."""
    for k in _names_before(ctx, start, end):
        person = _person_named(ctx, k)
        if person is not None:
            yield person


def _names_before(ctx: ArticleContext, start: int, end: int) -> Iterator[int]:
    """The indices of the names between two offsets among the LOOK_BACK names that start
    before ``end``, the nearest to ``end`` first."""
    last = bisect.bisect_left(ctx.name_starts, end) - 1
    for k in range(last, max(-1, last - LOOK_BACK), -1):
        name = ctx.names[k]
        if name.start < start:
            break
        if name.end <= end:
            yield k


def _person_named(ctx: ArticleContext, k: int) -> str | None:
    """The person ``ctx.names[k]`` names, in its fullest form, or None for an organisation
    or a name not known as a person. Memoised: every pronoun looks back over the same
    names, and the answer reads only the name and the article's name index and speaking
    names, which are fixed once the context is built."""
    people = ctx.named_people
    if k not in people:
        name = ctx.names[k]
        person = None if name.is_organization else ctx.index.canonical(name.text)
        people[k] = person if person is not None and ctx.is_person(person) else None
    return people[k]


def _resolve_pronoun(ctx: ArticleContext, mention: Span) -> tuple[str | None, str]:
    """he/she: the subject of the sentence, a person named earlier in it, the speaker or
    subject of the sentence before, else the last person who spoke or was named; never a
    person whose given name says otherwise. it/they: the organisation in the subject of
    the sentence before, else the last organisation that spoke."""
    word = mention.text.lower()
    wanted = PRONOUNS.get(word, "unknown")
    index = ctx.sentences.index_at(mention.start)
    sentence = ctx.sentences[index]
    previous = _previous_sentence(ctx, mention.start)
    if wanted == "person":
        gender = PRONOUN_GENDERS.get(word)
        candidates = _first_seen(c for c in _person_candidates(ctx, mention, sentence, previous)
                                 if c and ctx.is_person(c))
        # Agreement picks among the first LOOK_BACK candidates the first of the people in
        # play (named in this or the two sentences before); with no one of the right gender
        # there, the text's own choice, the first candidate, stands. The candidates are
        # read only as far as the one picked: the later ones cannot change the choice.
        # A candidate is picked when it is one of the people in play who agree; with none
        # such, no candidate is read past the first.
        since = max(ctx.sentences[max(0, index - 2)][0], mention.start - 3 * CONTEXT)
        agreeing = _agreeing_in_play(ctx, since, mention.start, gender)
        first = None if agreeing else next(candidates, None)
        for candidate in islice(candidates, LOOK_BACK) if agreeing else ():
            if first is None:
                first = candidate
            if candidate in agreeing:
                return candidate, "person"
        return (first, "person") if first is not None else (None, "unknown")
    if word in ("it", "they"):
        # it / they: the organisation that is the subject of the sentence before, else the
        # last organisation that spoke
        if previous:
            subject = _subject_of(ctx, previous)
            if subject and subject[1] == "organization":
                return subject
        spoke = _speaker_in(ctx, 0, mention.start, "organization")
        if spoke:
            return spoke.speaker, "organization"
    return None, "unknown"


def _first_seen(items: Iterator[str]) -> Iterator[str]:
    """``iter(dict.fromkeys(items))`` read lazily: each item the first time it comes."""
    seen = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item


def _agreeing_in_play(ctx: ArticleContext, start: int, end: int, gender: str | None) -> set[str]:
    """The people in play between two offsets (who speak or are named there) whose gender
    agrees: a candidate is among them just when it is in
    ``set(_person_names_before(ctx, start, end)) | {the speakers there}`` and
    ``ctx.gender_agrees(candidate, gender)``. Names there that are not people may be
    among them too, as no name is asked whether it is a person; no candidate is such a name."""
    in_play = {a.speaker for a in _speakers_in(ctx, start, end, "person")}
    in_play.update(ctx.index.canonical(ctx.names[k].text) for k in _names_before(ctx, start, end)
                   if not ctx.names[k].is_organization)
    # gender_agrees reads a person's first word: a candidate has one
    return {person for person in in_play if person.split() and ctx.gender_agrees(person, gender)}


def _person_candidates(ctx: ArticleContext, mention: Span, sentence: tuple[int, int],
                       previous: tuple[int, int] | None) -> Iterator[str | None]:
    """Antecedents for he/she, most likely first."""
    if sentence[0] < mention.start:
        subject = _subject_of(ctx, (sentence[0], mention.start))
        yield subject[0] if subject and subject[1] == "person" else None
        yield from _person_names_before(ctx, sentence[0], mention.start)
    if previous:
        yield from (a.speaker for a in _speakers_in(ctx, previous[0], mention.start, "person"))
        subject = _subject_of(ctx, previous)
        yield subject[0] if subject and subject[1] == "person" else None
    yield from (a.speaker for a in _speakers_in(ctx, 0, mention.start, "person"))
    yield from _person_names_before(ctx, 0, mention.start)


def _resolve_description(ctx: ArticleContext, mention: Span, head: str, definite: bool) -> tuple[str | None, str]:
    """"The head of DOGE" -> the person the article introduced as head of DOGE (or the
    subject of the sentence before); "the website" -> the organisation that owns it."""
    if head in ORGANIZATION_HEADS:
        found = ctx.owners.get(head)
        if found and not found.group("owner").lower().startswith("the "):
            return strip_titles(found.group("owner"), 0).text, "organization"
        named = [org for org in ctx.index.organizations if head.capitalize() in org.split()]
        if named:
            return max(named, key=lambda org: ctx.index.organizations[org]), "organization"
        if found and ctx.index.organizations:  # "the organization’s website": the article's main organisation
            return ctx.index.organizations.most_common(1)[0][0], "organization"
        return LEADING_ARTICLE.sub("", mention.text), "organization"
    if mention.text.split()[0].lower() in ("a", "an", "one"):
        return None, "unknown"  # "a spokesman said": someone the article has not named
    introduced = _introduced_as(ctx, head, mention.start)
    if introduced:
        return introduced, "person"
    if not definite:
        return None, "unknown"  # "Delgado's aide": not the person last named
    previous = _previous_sentence(ctx, mention.start)
    if previous:
        spoke = _speaker_in(ctx, previous[0], mention.start, "person")
        if spoke:
            return spoke.speaker, "person"
        subject = _subject_of(ctx, previous)
        if subject and subject[1] == "person" and ctx.is_person(subject[0]):
            return subject
    return None, "unknown"


def _introduced_as(ctx: ArticleContext, head: str, before: int) -> str | None:
    """The person the article introduced with ``head``, nearest before ``before``:
    "Elon Musk, the head of DOGE" / "The club's owner, Desmond Achterberg," /
    "Police Commissioner Aldo Ferri" all introduce a speaker later called "the head",
    "the owner", "the commissioner"."""
    found = None
    for start, speaker in ctx.introductions.of(head.lower()):
        if start >= before and found is not None:
            break
        found = speaker
    return found


class Introductions:
    """Description head word -> [(offset, person)] for the introductions in the article,
    worked out for a head word when it is first asked: the article is searched once for
    the places that may introduce someone, but only the names introduced by the head word
    asked for are resolved."""

    def __init__(self, ctx: ArticleContext):
        self.view = ctx.view
        self.person = _person_resolver(ctx)
        self.lowered = _lowered_letterwise(ctx.view)
        # comma -> the description after it (DESCRIPTION_AFTER_NAME there), as asked; the
        # names before the comma are read only for a description that holds a head asked.
        self._descriptions: dict[int, regex.Match | None] = {}
        # (comma, words) of every description, ", the head of DOGE": when ``lowered`` cannot serve
        self._all_descriptions: list[tuple[int, list[str]]] | None = None
        self._heads: list[tuple[int, int, str]] | None = None  # when ``lowered`` cannot serve
        self._names: dict[int, list[tuple[int, str]]] = {}
        self._places: dict[str, list[tuple[int, str]]] = {}

    def of(self, head: str) -> list[tuple[int, str]]:
        """Where and whom ``head`` (lower case) introduces, in order."""
        if head not in self._places:
            self._places[head] = self._find(head)
        return self._places[head]

    def _find(self, head: str) -> list[tuple[int, str]]:
        places = []
        for comma in self._described_by(head):  # a head said twice counts twice
            for start, name in self._names_before(comma):
                speaker = self.person(name)
                if speaker:
                    places.append((start, speaker))
        for start, name in self._introduced_by(head):
            speaker = self.person(name)
            if speaker:
                places.append((start, speaker))
        places.sort()
        return places

    def _described_by(self, head: str) -> Iterator[int]:
        """The comma of each description after a comma whose words (DESCRIPTION_WORD)
        hold ``head``, lowered, once for each time they hold it."""
        if self.lowered is not None:
            return descriptions_found(self.view, self.lowered, head, self._descriptions)
        if self._all_descriptions is None:
            self._all_descriptions = [(after.start(), DESCRIPTION_WORD.findall(after.group("description")))
                                      for after in DESCRIPTION_AFTER_NAME.finditer(self.view)]
        return (comma for comma, words in self._all_descriptions for word in words if word.lower() == head)

    def _names_before(self, comma: int) -> list[tuple[int, str]]:
        """(start, name) of the names that a description's comma follows; memoised, as
        more than one head may be asked of a description."""
        if comma not in self._names:
            self._names[comma] = [(name.start(), name.group()) for name in names_before_comma(self.view, comma)]
        return self._names[comma]

    def _introduced_by(self, head: str) -> Iterator[tuple[int, str]]:
        """(offset, name) for the head words of ``heads_before_names`` that, lowered, are
        ``head``: the whole word ("Police" introduces no "ice")."""
        if self.lowered is not None:
            return heads_found(self.view, self.lowered, head)
        if self._heads is None:
            self._heads = list(heads_before_names(self.view))
        return ((head_start, name) for head_start, head_end, name in self._heads
                if self.view[head_start:head_end].lower() == head)


def _lowered_letterwise(text: str) -> str | None:
    """``text.lower()`` when it lowers each character to one character, so that
    ``text[i:j].lower() == text.lower()[i:j]`` for every slice; else None.

    str.lower() maps each character by itself but for two: "İ" (U+0130) lowers to two
    characters, and "Σ" lowers to "ς" or "σ" as the letters around it say. A lowered text
    as long as the text has no character that lowers to more than one (none lowers to
    none), and with no "Σ" each character's lower case is the same in any slice."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) and "\u03a3" not in text else None


DESCRIPTION_CHARACTER = regex.compile(r"[\p{L}-]")  # what a DESCRIPTION_WORD is made of


def descriptions_found(view: str, lowered: str, head: str, descriptions: dict[int, regex.Match | None]
                       ) -> Iterator[int]:
    """The comma of each match of ``DESCRIPTION_AFTER_NAME.finditer(view)`` whose
    description holds a word (DESCRIPTION_WORD) that, lowered, is ``head``, once for each
    such word, in order; found from the places where ``head`` stands in ``lowered``, the
    view lowered letter by letter (see ``_lowered_letterwise``). ``descriptions`` keeps
    the match at each comma tried (or None), for the next head asked.

    Why they agree: a match holds one comma, its first character, so the matches of the
    whole-view search are the matches at each comma, and the description that holds an
    offset follows the last comma before it. The words findall reads in a description are
    its runs of letters and hyphens, cut at the description's ends; one that lowers to
    ``head`` stands where ``head`` stands in ``lowered``, as long as ``head``."""
    if not head:
        return  # no word is empty
    size = len(head)
    comma, next_comma = -1, view.find(",")
    at = lowered.find(head)
    while at >= 0:
        while 0 <= next_comma < at:  # the last comma before ``at``, found going forward: linear
            comma, next_comma = next_comma, view.find(",", next_comma + 1)
        if comma >= 0:
            if comma not in descriptions:
                descriptions[comma] = DESCRIPTION_AFTER_NAME.match(view, comma, None, KEEP_GIL)
            after = descriptions[comma]
            if after is not None:
                start, end = after.span("description")
                if start <= at and at + size <= end and DESCRIPTION_WORD.fullmatch(view, at, at + size) and \
                        (at == start or not DESCRIPTION_CHARACTER.match(view, at - 1)) and \
                        (at + size == end or not DESCRIPTION_CHARACTER.match(view, at + size)):
                    yield comma
        at = lowered.find(head, at + 1)


def heads_found(view: str, lowered: str, head: str) -> Iterator[tuple[int, str]]:
    """The pairs (offset, name) of ``heads_before_names(view)`` whose head word, lowered,
    is ``head``, found from the places where ``head`` stands in ``lowered``, the view
    lowered letter by letter (see ``_lowered_letterwise``), in order.

    Why they agree: a head word that lowers to ``head`` starts where ``head`` stands in
    ``lowered`` and ends where it ends, a run of letters and hyphens that
    ``HEAD_WORD_BEFORE``, read back from that end, finds whole; and what
    follows a head word, ", the Aldo Ferri" or " Aldo Ferri", is read from where the word
    ends, as ``heads_before_names`` reads it (``_name_after_head``)."""
    if not head:
        return  # no offset before a word's end leaves nothing
    start = lowered.find(head)
    while start >= 0:
        end = start + len(head)
        # What follows is read first, so that a word is read back only from where it ends:
        # a long word may hold ``head`` at many offsets, which must not each read it all.
        name = _name_after_head(view, end)
        word = HEAD_WORD_BEFORE.match(view, 0, end) if name is not None else None
        if word is not None and word.start() == start:
            yield start, name
        start = lowered.find(head, start + 1)


def _name_after_head(view: str, end: int) -> str | None:
    """The name a head word ending at ``end`` introduces, as ``heads_before_names`` finds
    it: "commissioner, Aldo Ferri," / "Commissioner Aldo Ferri". The comma or white
    space that ``COMMA_AFTER_WORD`` or ``SPACE_BEFORE_CAPITAL`` finds after a word is
    the one they match from the word's end: neither can start inside another match."""
    comma = COMMA_AFTER_WORD.match(view, end, None, KEEP_GIL)
    if comma is not None:
        name = NAME_AFTER_COMMA.match(view, comma.end())
        return name.group("name") if name is not None else None
    space = SPACE_BEFORE_CAPITAL.match(view, end, None, KEEP_GIL)
    if space is not None:
        name = NAME_RUN.match(view, space.end())
        return name.group() if name is not None else None
    return None


def _person_resolver(ctx: ArticleContext) -> Callable[[str], str | None]:
    """name -> the person it resolves to in this article, or None; memoised, as an article
    introduces the same few names again and again. Exact: the resolution reads only the
    name and the article's name index, which is fixed once the context is built.

    The context holds the resolver (in its introductions), so the resolver holds the
    context weakly: a strong reference would make a cycle, and every name, span and list of
    the article would wait for the garbage collector instead of going when the article does."""
    resolved: dict[str, str | None] = {}
    context = weakref.ref(ctx)

    def person(name: str) -> str | None:
        if name not in resolved:
            speaker, speaker_type, _ = _person_or_org(context(), Span(name, 0, len(name)))
            resolved[name] = speaker if speaker_type == "person" and speaker else None
        return resolved[name]
    return person


def names_then_descriptions(view: str) -> Iterator[tuple[int, str, str]]:
    """(start, name, description) of the matches of NAME_THEN_DESCRIPTION, as an overlapped
    search finds them (at every start that has one), in order.

    Why the two agree: a name holds no comma nor line break, so a name that a comma
    follows ends at the first comma after its start, and the description after that comma
    does not depend on where the name starts; so each comma that a description follows
    takes the names that end there, which start after the comma or line break before it."""
    for after in DESCRIPTION_AFTER_NAME.finditer(view):
        for name in names_before_comma(view, after.start()):
            yield name.start(), name.group(), after.group("description")


def names_before_comma(view: str, comma: int) -> Iterator[regex.Match]:
    """The matches of NAME_BEFORE_COMMA that end at ``comma``, in order: they start after
    the comma or line break before it. Linear over the commas of a text: their segments
    do not overlap."""
    segment_start = view.rfind(",", 0, comma) + 1
    line_break = view.rfind("\n", segment_start, comma)
    segment_start = line_break + 1 if line_break >= 0 else segment_start
    for capital in CAPITAL.finditer(view, segment_start, comma):
        name = NAME_BEFORE_COMMA.match(view, capital.start(), None, KEEP_GIL)
        if name is not None:
            yield name


def heads_before_names(view: str) -> Iterator[tuple[int, int, str]]:
    """(head start, head end, name) for the matches of DESCRIPTION_THEN_NAME and
    ROLE_BEFORE_NAME at the start of a word, in no particular order.

    An overlapped search of either pattern also matches at every later letter of such a
    head word, with the rest of the word as head ("olice" in "Police Commissioner Aldo
    Ferri") and the same name; those introduce no one, and are not given. Why the two
    agree on the rest:
    the head is always the rest of its word, as a shorter one would be followed by a
    letter where the pattern needs a comma or a space; the space (or ", the ") before the
    name runs up to it, as the name starts with a capital; and what follows the head
    does not depend on where the head starts."""
    for comma in COMMA_AFTER_WORD.finditer(view):
        name = NAME_AFTER_COMMA.match(view, comma.end())
        if name is not None:
            head = HEAD_WORD_BEFORE.match(view, 0, comma.start())
            yield head.start(), head.end(), name.group("name")
    for space in SPACE_BEFORE_CAPITAL.finditer(view):
        head = HEAD_WORD_BEFORE.match(view, 0, space.start())
        if head is not None:
            name = NAME_RUN.match(view, space.end())
            if name is not None:
                yield head.start(), head.end(), name.group()


# What a match of OWNER_OF is made of: the letters, marks, full stops, apostrophes,
# hyphens and spaces of a name run ("Ministry of Transport", "Sen. Dana O’Neill") or of
# "the website", then "’s" and the head word.
_OWNER_CHARACTERS = r"[\p{L}\p{M}.'’\s\xa0-]*"
OWNER_RUN_BEFORE = regex.compile(rf"(?r){_OWNER_CHARACTERS}")  # matched backwards from a possessive
OWNER_RUN_AFTER = regex.compile(_OWNER_CHARACTERS)


def owner_matches(view: str) -> Iterator[regex.Match]:
    """``OWNER_OF.finditer(view)``, searched only in the runs of owner characters that
    hold a possessive.

    Why they agree: every match holds a possessive ("’s" or "'s") and only owner
    characters, so it lies in the run of owner characters around its possessive; what
    OWNER_OF reads to decide a match there (its lookarounds, the word boundary at its
    end) reaches at most the one character after the run, so a search that ends there
    finds the same matches in the run. The runs are searched in order, each once: the time stays linear.
    (Trying OWNER_OF.match at each capital instead is not linear: OWNER_OF first looks
    for the next "s" from where it is tried.)"""
    marks = sorted([*_offsets(view, "’s"), *_offsets(view, "'s")])
    searched = 0  # every match that starts before this is found
    for mark in marks:
        if mark < searched:
            continue  # in the run searched last
        run_start = OWNER_RUN_BEFORE.match(view, searched, mark).start()
        run_end = OWNER_RUN_AFTER.match(view, mark).end()
        yield from OWNER_OF.finditer(view, run_start, min(run_end + 1, len(view)))
        searched = run_end


def _offsets(text: str, part: str) -> Iterator[int]:
    """Where ``part`` stands in ``text``, in order."""
    offset = text.find(part)
    while offset >= 0:
        yield offset
        offset = text.find(part, offset + 1)


def _resolve(ctx: ArticleContext, found: _Found) -> Attribution:
    rule = found.rule.split(":")[0]
    if ":" in found.rule:  # a rule that copies another quote's attribution
        other = ctx.attributions.get(int(found.rule.split(":")[1]), NO_ATTRIBUTION)
        return Attribution(other.speaker, other.speaker_type, other.mention, found.cue or other.cue, rule)
    mention = _span_of(found)
    if mention is None:
        return Attribution(None, "unknown", None, found.cue, rule)
    group = found.mention_group
    if group == "handle":
        return Attribution(mention.text, "account", mention, found.cue, rule)
    if group in ("name", "appositive"):
        speaker, speaker_type, mention = _person_or_org(ctx, mention)
        return Attribution(speaker, speaker_type, mention, found.cue, rule)
    if group == "pronoun":
        speaker, speaker_type = _resolve_pronoun(ctx, mention)
        return Attribution(speaker, speaker_type, mention, found.cue, rule)
    if _group(found.mention, "plural"):  # "Protesters chanted": a group, never named
        return Attribution(None, "unknown", mention, found.cue, rule)
    head = found.mention.group("head")
    definite = found.mention.group("determiner") in ("the", "The", "this", "This")
    speaker, speaker_type = _resolve_description(ctx, mention, head, definite)
    return Attribution(speaker, speaker_type, mention, found.cue, rule)


def attribute(text: str, quotes: list[QuoteSpan]) -> list[Attribution]:
    """The attribution of every quote, in the order given."""
    return attribute_in(ArticleContext(text, quotes))


def attribute_in(ctx: ArticleContext) -> list[Attribution]:
    """The attribution of every quote of an article already analysed."""
    quotes = ctx.quotes
    for i in range(len(quotes)):
        ctx.leading.clear()  # it depends on the attributions settled so far
        for _, rule in SIEVE:
            found = rule(ctx, i)
            if found is not None:
                ctx.attributions[i] = _resolve(ctx, found)
                break
    ctx.leading.clear()
    # Rules that copy a neighbour's attribution: settle from the end (adjacent quotes take
    # the next one's), then from the start (continuations take the previous one's).
    # (reversed: Cython 3.2 and 3.3 compile a loop over a tuple of two ranges to a call
    # that Python 3.11 does not export.)
    for order in (reversed(range(len(quotes))), range(len(quotes))):
        for i in order:
            if i in ctx.attributions and ctx.attributions[i].speaker:
                continue
            for _, rule in DEFERRED:
                found = rule(ctx, i)
                if found is not None:
                    resolved = _resolve(ctx, found)
                    if resolved.speaker:
                        keep = ctx.attributions.get(i)
                        ctx.attributions[i] = resolved if keep is None or keep.cue is None else \
                            Attribution(resolved.speaker, resolved.speaker_type, resolved.mention, keep.cue, resolved.rule)
                        break
    return [ctx.attributions.get(i, NO_ATTRIBUTION) for i in range(len(quotes))]
