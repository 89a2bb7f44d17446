"""Word lists shipped as package data, and the one lexicon of verbs of saying."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from storyline.data import word_list, word_pairs
from storyline.words import speech_verbs

USES = ("say", "first", "clause", "object", "name", "boundary", "noun")


def _names() -> list[str]:
    files = resources.files("storyline.data").iterdir()
    return sorted(f.name.removesuffix(".txt") for f in files if f.name.endswith(".txt"))


@pytest.mark.parametrize("name", _names())
def test_a_word_list_holds_its_entries_without_comments_or_blank_lines(name: str) -> None:
    entries = word_list(name)
    assert entries
    assert all(entry == entry.strip() and entry and not entry.startswith("#") for entry in entries)
    assert len(set(entries)) == len(entries), "an entry is listed twice"


def test_acronyms_map_to_their_long_forms() -> None:
    acronyms = word_pairs("acronyms")
    assert acronyms["UN"] == "United Nations"
    assert acronyms["U.S."] == "United States"


def test_every_verb_of_saying_serves_a_known_use() -> None:
    for entry in word_list("speech-verbs"):
        form, _, tags = entry.partition(":")
        assert form.strip(), entry
        assert tags.split(), entry
        assert set(tags.split()) <= set(USES), entry


@pytest.mark.parametrize(
    ("use", "said", "not_said"),
    [
        ("say", "emphasized", "called on"),
        ("first", "said", "urged"),
        ("clause", "denied", "posted"),
        ("object", "called   on", "said"),
        ("name", "tweeted", "vowed"),
        ("boundary", "reported", "wrote"),
        ("noun", "promised", "said"),
    ],
)
def test_each_use_takes_its_own_verbs_of_saying(use: str, said: str, not_said: str) -> None:
    pattern = re.compile(rf"(?:{speech_verbs(use)})")
    assert pattern.fullmatch(said)
    assert not pattern.fullmatch(not_said)


def test_an_unknown_use_of_the_verbs_of_saying_is_refused() -> None:
    with pytest.raises(ValueError, match="speech-verbs"):
        speech_verbs("shouting")
