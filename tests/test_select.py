"""Selection: every summarizer keeps to the budget, avoids repeats and leads with the main event."""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Sequence

import pytest
from helpers import make_raw

import storyline
from storyline.clean import clean_all
from storyline.errors import UnknownBackendError
from storyline.segment import split
from storyline.select import SUMMARIZERS, get_summarizer
from storyline.types import Article, RawArticle, Sentence

BUDGETS = [6, 20, 45, 100, 230, 400]

# Three outlets that reworked one wire story: their leads and one quote are near-identical sentences, but
# the articles are not copies of one another.
WIRE_REWORKS = [
    """Quarry blast shakes Orlen

A blast at a limestone quarry near the town of Orlen injured nine workers on Monday morning, the regional police said.

"We heard one huge bang and then the windows shook," said Marta Lindqvist, who runs a bakery on the high street.

The quarry's owner, Granite Vale, said it had halted all work at the site until inspectors had finished.

Orlen's mayor asked residents living near the quarry to keep their windows closed because of the dust.
""",
    """Nine hurt in Orlen quarry explosion

A blast at a limestone quarry near the town of Orlen injured nine workers early on Monday, the regional police said.

“We heard one huge bang and then the windows shook,” said Marta Lindqvist, who runs a bakery on the high street.

Two of the injured workers were flown by helicopter to the university hospital in Kessa.

Labour inspectors said they had visited the quarry twice last year and found problems with how explosives were stored.
""",
    """Explosion at Orlen quarry

A blast at a limestone quarry close to the town of Orlen injured nine workers on Monday morning, regional police said.

We heard one huge bang and then the windows shook, said Marta Lindqvist, who runs a bakery on the high street.

Police closed the road between Orlen and the quarry for most of the day while fire crews checked for gas.

Granite Vale employs about 120 people at the quarry, which supplies stone for road building across the region.
""",
]


def _prepare(raws: Sequence[RawArticle]) -> tuple[list[Article], dict[str, tuple[Sentence, ...]]]:
    articles = clean_all(raws)
    return articles, {a.id: split(a) for a in articles}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _near_identical(a: str, b: str) -> bool:
    """Two sentences that differ by at most a word or two and punctuation."""
    return difflib.SequenceMatcher(None, _words(a), _words(b)).ratio() >= 0.85


def _select(name: str, raws: Sequence[RawArticle], words: int) -> tuple[Sentence, ...]:
    articles, sentences = _prepare(raws)
    return get_summarizer(name)(articles, sentences, words).sentences


@pytest.fixture
def wire_reworks() -> list[RawArticle]:
    return [make_raw(text, origin=f"outlet-{i}.txt") for i, text in enumerate(WIRE_REWORKS)]


@pytest.mark.parametrize("words", BUDGETS)
@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_summarizer_keeps_to_the_word_budget(name: str, words: int, bridge_cluster: list[RawArticle]) -> None:
    chosen = _select(name, bridge_cluster, words)
    assert sum(len(s.text.split()) for s in chosen) <= words


@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_summarizer_fills_a_generous_budget_with_something(name: str, bridge_cluster: list[RawArticle]) -> None:
    assert _select(name, bridge_cluster, 230)


@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_summarizer_reports_its_name(name: str, bridge_cluster: list[RawArticle]) -> None:
    articles, sentences = _prepare(bridge_cluster)
    assert get_summarizer(name)(articles, sentences, 230).method == name


@pytest.mark.parametrize("words", [45, 100, 230])
@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_chosen_sentences_are_not_near_identical(name: str, words: int, wire_reworks: list[RawArticle]) -> None:
    chosen = _select(name, wire_reworks, words)
    for a, b in itertools.combinations(chosen, 2):
        assert not _near_identical(a.text, b.text), (a.text, b.text)


@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_chosen_sentences_are_not_near_identical_in_the_bridge_cluster(
    name: str, bridge_cluster: list[RawArticle]
) -> None:
    chosen = _select(name, bridge_cluster, 400)
    for a, b in itertools.combinations(chosen, 2):
        assert not _near_identical(a.text, b.text), (a.text, b.text)


@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_first_sentence_is_about_the_main_event(name: str, bridge_cluster: list[RawArticle]) -> None:
    first = _select(name, bridge_cluster, 230)[0].text.lower()
    assert "bridge" in first
    assert "collapsed" in first


@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_chosen_sentences_are_whole_sentences_of_the_articles(name: str, bridge_cluster: list[RawArticle]) -> None:
    articles, sentences = _prepare(bridge_cluster)
    text_of = {a.id: a.text for a in articles}
    for sentence in get_summarizer(name)(articles, sentences, 230).sentences:
        assert text_of[sentence.span.article_id][sentence.span.start : sentence.span.end] == sentence.text
        assert sentence in sentences[sentence.span.article_id]


@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_summarizer_of_no_sentences_chooses_nothing(name: str) -> None:
    assert get_summarizer(name)([], {}, 230).sentences == ()


@pytest.mark.parametrize("name", sorted(SUMMARIZERS))
def test_fragments_and_questions_are_not_chosen(name: str) -> None:
    text = (
        "Harbour fire latest\n"
        "What caused the fire at the harbour on Saturday night?\n"
        "A fire destroyed three fishing boats moored in the harbour of Port Ellery on Saturday night.\n"
        "Crews fought it.\n"
    )
    chosen = [s.text for s in _select(name, [make_raw(text)], 230)]
    assert chosen == ["A fire destroyed three fishing boats moored in the harbour of Port Ellery on Saturday night."]


def test_unknown_summarizer_is_an_unknown_backend_error() -> None:
    with pytest.raises(UnknownBackendError):
        get_summarizer("textrank.v9")


def test_unknown_summarizer_error_lists_the_available_names() -> None:
    with pytest.raises(UnknownBackendError) as caught:
        get_summarizer("textrank.v9")
    message = str(caught.value)
    assert "textrank.v9" in message
    assert all(name in message for name in SUMMARIZERS)


def test_unknown_summarizer_error_is_a_storyline_error() -> None:
    with pytest.raises(storyline.StorylineError):
        storyline.brief(["A fire destroyed three fishing boats in the harbour on Saturday."], summarizer="nope")


def test_default_summarizer_is_registered() -> None:
    from storyline.select import DEFAULT_SUMMARIZER

    assert DEFAULT_SUMMARIZER in SUMMARIZERS
