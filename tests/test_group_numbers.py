"""The rules read a match's named groups by number (regex reads a name several times slower):
the number must read exactly what the name reads, for every pattern the rules use."""
import regex
import pytest

from quotekit import attribution, attribution_patterns
from quotekit.attribution import MENTION_GROUP_ORDER, _group, _group_span, _mention_group
from quotekit.records import SpanRecord as Span

PATTERNS = sorted({name: value for module in (attribution, attribution_patterns) for name, value in vars(module).items()
                   if isinstance(value, regex.Pattern) and value.groupindex}.items())

TEXTS = [
    "Mike Lee said: “We should leave.”",
    "“We should leave,” Sen. Mike Lee said on Friday.",
    "“We should leave,” said the senator, who chairs the panel.",
    "X user @BasedMikeLee, who wrote: “Yes.”",
    "according to the website, the alliance is over",
    "Trump’s claim that “it is over” was repeated by his aide.",
    "The head of DOGE took to X to write, “I agree.”",
    "— Mike Lee (@BasedMikeLee) March 2, 2025",
    "Peabody, the minister, told reporters “no.”",
    "Zelensky’s office said",
    "Said Lee: “No.”",
    "” said Mike Lee, who chairs the panel.",
    " said Mike Lee.",
    "the senator, Mike Lee, said",
    " — Mike Lee",
    "Mrs. Smith said",
]


@pytest.mark.parametrize("name,pattern", PATTERNS, ids=[name for name, _ in PATTERNS])
def test_group_by_number_reads_what_the_name_reads(name, pattern):
    seen = 0
    for text in TEXTS:
        for start, end in ((start, end) for start in range(len(text)) for end in range(start, len(text) + 1)):
            match = pattern.match(text, start, end)
            if match is None:
                continue
            seen += 1
            for group in pattern.groupindex:
                assert _group(match, group) == match.group(group)
                offset = 7
                assert _group_span(match, group, offset) == Span(match.group(group), match.start(group) + offset,
                                                                 match.end(group) + offset)
            assert _group(match, "no such group") is None
            expected = next((g for g in MENTION_GROUP_ORDER if g in pattern.groupindex and match.group(g)), None)
            assert _mention_group(match) == expected
    assert seen, f"no text above matches {name}: add one"


def test_the_patterns_of_mentions_and_cues_are_among_those_read():
    names = {name for name, _ in PATTERNS}
    assert {"SPEAKER_THEN_CUE", "CUE_THEN_SPEAKER", "SPEAKER_BEFORE_CUE_AT_MENTION", "CUE", "MENTION_AT"} <= names
