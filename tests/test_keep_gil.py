"""KEEP_GIL rides on the place of regex's arguments: ``concurrent`` is the fourth argument
of match and search and the fifth of finditer and findall. Were it moved, the hot calls
would pass False as something else."""
import pytest
import regex

from quotekit.lexicon import KEEP_GIL

WORDS = regex.compile(r"\w+")


@pytest.mark.parametrize("method", [WORDS.match, WORDS.search])
def test_the_fourth_argument_of_match_and_search_is_concurrent(method):
    with pytest.raises(ValueError, match="concurrent"):
        method("words", 0, None, "not a flag")
    assert method("a b", 0, None, KEEP_GIL).group() == "a"


def test_the_fifth_argument_of_finditer_and_findall_is_concurrent():
    with pytest.raises(ValueError, match="concurrent"):
        list(WORDS.finditer("words", 0, None, False, "not a flag"))
    with pytest.raises(ValueError, match="concurrent"):
        WORDS.findall("words", 0, None, False, "not a flag")
    assert [m.group() for m in WORDS.finditer("a b", 0, None, False, KEEP_GIL)] == ["a", "b"]
    assert WORDS.findall("a b", 0, None, False, KEEP_GIL) == ["a", "b"]
