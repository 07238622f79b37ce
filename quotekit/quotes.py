"""Find quotation spans in an article: marked quotes (double and single marks of every
common kind) and unmarked block quotes (embedded social posts).

Spans exclude the marks. Apostrophes, inches and quote characters inside markup or URLs are
never taken for quotation marks, and an unbalanced mark only affects its own paragraph.
"""
from __future__ import annotations

import bisect
from typing import Iterator, NamedTuple

import regex

from .lexicon import KEEP_GIL
from .masking import SpanSet, non_prose_spans, positions_of

OPEN, CLOSE, EITHER = "open", "close", "either"

# Double marks, by the direction their glyph suggests. Context can overrule the glyph:
# typists and converters often write ” where “ was meant (`I’m ready…”I can trade it`).
DOUBLE_MARKS = {"“": OPEN, "„": OPEN, "«": OPEN, "”": CLOSE, "»": CLOSE, '"': EITHER, "″": EITHER, "‟": OPEN}
SINGLE_MARKS = {"‘": OPEN, "‚": OPEN, "‹": OPEN, "’": CLOSE, "›": CLOSE, "'": EITHER, "′": EITHER, "‛": OPEN}
MARKS = "".join(DOUBLE_MARKS) + "".join(SINGLE_MARKS)
ALL_MARKS = regex.compile("[" + regex.escape(MARKS) + "]")

# Characters that may stand just before an opening mark / just after a closing one.
BEFORE_OPENING = set("([{—–-/:;") | set(DOUBLE_MARKS) | set(SINGLE_MARKS)
AFTER_CLOSING = set(".,;:!?)]}—–-…/") | set(DOUBLE_MARKS) | set(SINGLE_MARKS)

# Words that begin with an apostrophe in informal English: rock 'n' roll, 'em, 'til.
ELISION = regex.compile(r"(?i)(?:n|em|til|till|tis|twas|cause|bout|round|cept|nuff|sup)\b")

# Embedded social post signature, on its own line:
#   — Mike Lee (@BasedMikeLee) March 3, 2025
POST_SIGNATURE = regex.compile(r"""
    ^[ \t]*[—–-]{1,2}[ \t]*                                  # the dash that signs the post
    (?P<name>[^\n()@—]{1,80}?)[ \t]*                          # display name
    \((?P<handle>@\w{1,30})\)                                # (@handle)
    [ \t]*(?P<date>(?:January|February|March|April|May|June|July|August|September|October|November|December)
        [ \t]+\d{1,2},[ \t]*\d{4})?                          # March 3, 2025
    [ \t]*$
""", regex.VERBOSE | regex.MULTILINE)

# A line that introduces the lines after it as a quotation: "..., posting the following:"
INTRODUCES_FOLLOWING = regex.compile(r"[:：][ \t]*$")
# With no signature below, only an explicit "the following:" makes the next lines posts.
INTRODUCES_LINES = regex.compile(r"\b(?:the following|as follows)[ \t]*:[ \t]*\n")

SPACE_THEN_LOWER = regex.compile(r"[ \t]\p{Ll}")   # the Joneses' fault

MAX_POST_LINES = 8       # an embedded post is short
MAX_POST_LINE_CHARS = 400
MAX_SINGLE_QUOTE_CHARS = 400  # a single-quoted run longer than this is two apostrophes


class QuoteSpan(NamedTuple):  # a tuple: built at less than half a frozen dataclass's cost
    start: int
    end: int
    open_mark: int | None    # offset of the opening mark, None when recovered or unmarked
    close_mark: int | None   # offset of the closing mark, None when missing or unmarked
    marks: str               # "double", "single" or "block"
    signature: regex.Match | None = None  # for block quotes: the post's signature line
    introduction: regex.Match | None = None  # for block quotes: "…, posting the following:"


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


# Low marks only ever open („Ja“, ‚ja‘).
OPENING_ONLY = set("„‚")
# French spacing pads guillemets inside (« Oui »), which the neighbour test would misread;
# German and Danish turn them round (»Ja«), which the glyph alone would misread.
FRENCH_SPACED = {"«": OPEN, "‹": OPEN, "»": CLOSE, "›": CLOSE}



def _direction(text: str, i: int, glyph_direction: str) -> str:
    """Whether the mark at ``i`` opens or closes, from the glyph and its neighbours."""
    if text[i] in OPENING_ONLY:
        return OPEN
    if text[i] in FRENCH_SPACED:  # « Oui », dit-il: padded inside, never outside
        padded_inside = _is_space(text[i + 1:i + 2]) if FRENCH_SPACED[text[i]] == OPEN else _is_space(text[i - 1:i])
        outside = text[i - 1:i] if FRENCH_SPACED[text[i]] == OPEN else text[i + 1:i + 2]
        if padded_inside and (_is_space(outside) or (FRENCH_SPACED[text[i]] == CLOSE and outside in ".,;:!?")):
            return FRENCH_SPACED[text[i]]
    before, after = text[i - 1:i], text[i + 1:i + 2]  # "" at either end of the text
    space_before, space_after = _is_space(before), _is_space(after)
    opens_word = not space_after and (space_before or before in BEFORE_OPENING)
    closes_word = not space_before and (space_after or after in AFTER_CLOSING)
    if opens_word and not closes_word:
        return OPEN
    if closes_word and not opens_word:
        return CLOSE
    return glyph_direction


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _run_together(text: str, last_close: int, para_start: int) -> bool:
    """The previous quote closed with no space after its mark: `"We're done."We leave`."""
    return last_close > para_start and text[last_close:last_close + 1].isalnum()


def _double_quotes(text: str, para: tuple[int, int], marks: list[int]) -> list[QuoteSpan]:
    """Pair the double marks of one paragraph. Marks that nest and balance (“…“hell”…”,
    typed with one glyph for both levels) give the outer quote; otherwise each quote is
    paired in turn, recovering locally from unbalanced marks."""
    directions = [_direction(text, i, DOUBLE_MARKS[text[i]]) for i in marks]
    nested = _balanced_nesting(text, marks, directions)
    return nested if nested is not None else list(_paired_in_turn(text, para, marks, directions))


def _balanced_nesting(text: str, marks: list[int], directions: list[str]) -> list[QuoteSpan] | None:
    """The outermost quotes when every glyph-sure mark nests and balances, and at least
    one quote sits inside another; None otherwise."""
    if EITHER in directions or OPEN not in directions:
        return None
    stack: list[int] = []
    outer: list[tuple[int, int]] = []  # (opening, closing) marks
    deepest = 0
    for i, direction in zip(marks, directions):
        if direction == OPEN:
            stack.append(i)
            deepest = max(deepest, len(stack))
        elif not stack:
            return None
        else:
            opening = stack.pop()
            if not stack:
                outer.append((opening, i))
    if stack or deepest <= 1:
        return None
    return [QuoteSpan(start, end, opening, closing, "double") for opening, closing in outer
            for start, end in [_trimmed(text, opening + 1, closing)] if end > start]


def _paired_in_turn(text: str, para: tuple[int, int], marks: list[int],
                    directions: list[str]) -> Iterator[QuoteSpan]:
    para_start, para_end = para
    pending: int | None = None
    last_close = para_start
    for i, direction in zip(marks, directions):
        straight = DOUBLE_MARKS[text[i]] == EITHER
        if pending is None and text[i] in "\"″”" and i > 0 and text[i - 1].isdigit():
            continue  # 6' 2" tall, a 55” television: inches, not a quote
        if direction == EITHER:
            direction = CLOSE if pending is not None else OPEN
        if direction == CLOSE and pending is None and straight and not _run_together(text, last_close, para_start):
            continue  # a stray straight mark says too little to recover a quote from
        if direction == OPEN:
            if pending is not None:  # a new quote opens before the last one closed
                start, end = _trimmed(text, pending + 1, i)
                if end > start:
                    yield QuoteSpan(start, end, pending, None, "double")
            pending = i
        elif pending is not None:
            start, end = _trimmed(text, pending + 1, i)
            if end > start:
                yield QuoteSpan(start, end, pending, i, "double")
            pending, last_close = None, i + 1
        else:
            # A closing mark with no opening one: the quote runs from the previous quote's
            # end (`I’m ready…”I can trade it,” he said`) or the paragraph start.
            start, end = _trimmed(text, last_close, i)
            if end > start:
                yield QuoteSpan(start, end, None, i, "double")
            last_close = i + 1
    if pending is not None:  # unclosed at the paragraph end: news style for a quote that
        start, end = _trimmed(text, pending + 1, para_end)  # goes on in the next paragraph
        if end > start:
            yield QuoteSpan(start, end, pending, None, "double")


def _is_apostrophe(text: str, i: int) -> bool:
    before, after = text[i - 1:i], text[i + 1:i + 2]  # "" at either end of the text
    if before.isalnum() and after.isalnum():
        return True  # don’t, Trump's, O'Neill, rock'n'roll
    if _is_space(before) and after.isdigit():
        return True  # ’90s, '24
    if text[i] == "′" and before.isdigit():
        return True  # 6′ (feet)
    if not before.isalnum() and ELISION.match(text, i + 1, None, KEEP_GIL):
        return True  # 'em, 'til, rock 'n' roll
    return False


def _plural_possessive(text: str, i: int) -> bool:
    """`the Joneses' fault`: s + mark + space + a lower-case word."""
    return i > 0 and text[i - 1] == "s" and SPACE_THEN_LOWER.match(text[i + 1:i + 3]) is not None


def _could_close(text: str, i: int) -> bool:
    return not _is_apostrophe(text, i) and _direction(text, i, SINGLE_MARKS[text[i]]) == CLOSE


def _single_quotes(text: str, para: tuple[int, int], marks: list[int]) -> Iterator[QuoteSpan]:  # noqa: C901
    """Pair single marks of one paragraph (outside double quotes): an opener followed by
    the nearest closer; marks that pair with nothing were apostrophes."""
    pending: int | None = None
    for i in marks:
        if _is_apostrophe(text, i):
            continue
        direction = _direction(text, i, SINGLE_MARKS[text[i]])
        if direction == OPEN and pending is None:
            pending = i
        elif direction == CLOSE and pending is not None:
            if _plural_possessive(text, i) and any(j > i and _could_close(text, j) for j in marks):
                continue  # 'It's the Joneses' fault,' closes at the last mark, not the first
            if i - pending <= MAX_SINGLE_QUOTE_CHARS:
                start, end = _trimmed(text, pending + 1, i)
                if end > start:
                    yield QuoteSpan(start, end, pending, i, "single")
            pending = None
        elif direction == OPEN:
            pending = i  # the earlier opener was an apostrophe after all (Joneses' 'best')
    if pending is not None and _opens_utterance(text, pending, para[0]):
        # ‘The board has decided… (no closing mark): news style for a quotation that goes
        # on in the next paragraph, or a mark the writer forgot. It ends with its paragraph.
        start, end = _trimmed(text, pending + 1, para[1])
        if end > start:
            yield QuoteSpan(start, end, pending, None, "single")


def _opens_utterance(text: str, i: int, para_start: int) -> bool:
    """A single mark that can only open a quotation: at the start of a sentence, before a
    capital letter (‘We called…), never inside a word."""
    before = text[para_start:i].rstrip()
    return text[i + 1:i + 2].isupper() and (not before or before[-1] in ".!?:")


def _block_quotes(text: str) -> Iterator[QuoteSpan]:
    """Unmarked embedded posts: the line above a `— Name (@handle) Date` signature, or all
    the lines up to one that introduces them ("posting the following:")."""
    for signature in _post_signatures(text):
        lines = _lines_above(text, signature.start(), MAX_POST_LINES)
        intro = next((k for k, (s, e) in enumerate(lines) if INTRODUCES_FOLLOWING.search(text, s, e)), None)
        body = lines[:intro] if intro is not None else lines[:1]
        if not body:
            continue
        start, end = _trimmed(text, body[-1][0], body[0][1])
        if end > start:
            yield QuoteSpan(start, end, None, None, "block", signature)
    for intro in _lines_introduced(text):
        # "…, posting the following:" then one post per line, up to a blank line
        position = intro.end()
        for _ in range(MAX_POST_LINES):
            line_end = text.find("\n", position)
            line_end = len(text) if line_end < 0 else line_end
            start, end = _trimmed(text, position, line_end)
            if end <= start or POST_SIGNATURE.match(text, position, line_end) or _has_marks(text, start, end):
                break
            yield QuoteSpan(start, end, None, None, "block", None, intro)
            position = line_end + 1
            if position >= len(text):
                break


def _post_signatures(text: str) -> Iterator[regex.Match]:
    """POST_SIGNATURE's matches; a text without "(@", which each of them holds, has none.
    (A search for one character is many times quicker than for two: "@" is looked for first.)"""
    return POST_SIGNATURE.finditer(text) if "@" in text and "(@" in text else iter(())


def _lines_introduced(text: str) -> Iterator[regex.Match]:
    """INTRODUCES_LINES's matches, after the same kind of quick test (each holds a ":")."""
    if ":" in text and ("the following" in text or "as follows" in text):
        return INTRODUCES_LINES.finditer(text)
    return iter(())


def _has_marks(text: str, start: int, end: int) -> bool:
    return ALL_MARKS.search(text, start, end) is not None


def _lines_above(text: str, position: int, most: int) -> list[tuple[int, int]]:
    """(start, end) of up to ``most`` non-blank short lines above ``position``, nearest first."""
    lines = []
    cursor = position - 1  # the newline before ``position``
    while cursor > 0 and len(lines) < most:
        line_start = text.rfind("\n", 0, cursor) + 1
        if not text[line_start:cursor].strip() or cursor - line_start > MAX_POST_LINE_CHARS:
            break
        lines.append((line_start, cursor))
        cursor = line_start - 1
    return lines


def find_quotes(text: str) -> list[QuoteSpan]:
    """Every quotation span in ``text``, sorted by start, non-overlapping."""
    skip = SpanSet(non_prose_spans(text))
    blocks = list(_block_quotes(text))
    in_block = SpanSet([(b.start, b.end) for b in blocks]
                       + [(b.signature.start(), b.signature.end()) for b in blocks if b.signature])
    mark_positions = in_block.outside(skip.outside(positions_of(text, MARKS)))

    found: list[QuoteSpan] = list(blocks)
    for para, in_para in _marks_by_paragraph(text, mark_positions):
        double_marks = [i for i in in_para if text[i] in DOUBLE_MARKS]
        doubles = _double_quotes(text, para, double_marks) if double_marks else []
        single_marks = [i for i in in_para if text[i] in SINGLE_MARKS] if len(double_marks) < len(in_para) else []
        if single_marks and doubles:
            inside_double = SpanSet([(q.open_mark if q.open_mark is not None else q.start,
                                      q.close_mark + 1 if q.close_mark is not None else q.end) for q in doubles])
            single_marks = inside_double.outside(single_marks)
        found.extend(doubles)
        found.extend(_single_quotes(text, para, single_marks))
    return _outermost(found)


def _marks_by_paragraph(text: str, marks: list[int]) -> Iterator[tuple[tuple[int, int], list[int]]]:
    """The paragraphs (lines) that hold any of the sorted ``marks``, each with its marks."""
    first = 0
    while first < len(marks):
        para_start = text.rfind("\n", 0, marks[first]) + 1
        para_end = text.find("\n", marks[first])
        para_end = len(text) if para_end < 0 else para_end
        last = bisect.bisect_left(marks, para_end, first)
        yield (para_start, para_end), marks[first:last]
        first = last


def _outermost(quotes: list[QuoteSpan]) -> list[QuoteSpan]:
    """Drop quotes inside (or tangled with) an earlier, longer one: with British nesting
    (‘He said “no”’) the single-quoted span is the outer quotation."""
    kept: list[QuoteSpan] = []
    for quote in sorted(quotes, key=lambda q: (q.start, -q.end)):
        if kept and quote.start < kept[-1].end:
            continue
        kept.append(quote)
    return kept
