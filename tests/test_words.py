"""Words for comparing sentences: the split into words that selection, attribution and copy finding share."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.words import tokens

_PLAIN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


def _tokens_by_pattern(text: str) -> list[str]:
    """The words of Latin-script text as one pattern over the lower-cased text finds them."""
    return _PLAIN_WORD.findall(text.lower().replace("’", "'"))


# Letters (one whose lower case holds an ASCII letter: "İ"), digits, apostrophes and quotation marks, punctuation
# and spaces.
_LATIN = st.text(alphabet="aZz09 _.,!?’'`\"“”()\n\t-…éÉİ", max_size=80)


@settings(max_examples=300, deadline=None)
@given(_LATIN)
def test_the_words_of_latin_text_are_those_the_word_pattern_finds(text: str) -> None:
    assert tokens(text) == _tokens_by_pattern(text)


def test_an_apostrophe_joins_a_word_only_to_the_letters_after_it() -> None:
    assert tokens("It's rock'n'roll, the dogs' 90's") == ["it's", "rock'n", "roll", "the", "dogs", "90's"]


def test_curly_and_straight_apostrophes_give_the_same_words() -> None:
    assert tokens("Mali’s “junta” said") == tokens('Mali\'s "junta" said') == ["mali's", "junta", "said"]
