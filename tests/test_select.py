"""Selection: every summarizer keeps to the budget, avoids repeats and leads with the main event."""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from helpers import make_raw
from hypothesis import given, settings
from hypothesis import strategies as st

import storyline
from storyline import select
from storyline.clean import clean_all
from storyline.errors import UnknownBackendError
from storyline.segment import split
from storyline.select import SUMMARIZERS, get_summarizer, needs_referent, speakerless, surnames
from storyline.types import Article, RawArticle, Sentence
from storyline.words import speech_verbs

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


HARBOR = Path(__file__).parent.parent / "examples" / "harbor-fire"
_HARBOR_RAWS = storyline.read_articles(HARBOR)
# The mayor's quotation and the sentence after it are invented; the sentence before names the speaker.
SPEAKER_FIRST = (
    "Storm hits Lenna\n\n"
    "Mayor Ana Ferreira of Lenna toured the flooded harbour district with engineers on Monday morning.\n\n"
    "She said the sea wall had failed in two places overnight and that repairs would take weeks.\n\n"
    "“We have never seen this level of damage in the old town, not in my lifetime.”\n\n"
    "Crews cleared fallen trees from the coast road and reopened it to traffic by the evening."
)


@pytest.mark.parametrize("words", BUDGETS)
def test_a_caption_is_never_a_summary_sentence(words: int) -> None:
    chosen = _select("coverage.v1", _HARBOR_RAWS, words)
    assert not [s.text for s in chosen if s.text.startswith("Smoke rises over")]


@pytest.mark.parametrize("words", BUDGETS)
def test_a_sentence_that_refers_back_follows_what_it_refers_to(words: int) -> None:
    raws = [*_HARBOR_RAWS, make_raw(SPEAKER_FIRST, origin="lenna.txt")]
    articles, sentences = _prepare(raws)
    chosen = get_summarizer("coverage.v1")(articles, sentences, words).sentences
    names = surnames(articles)
    for before, sentence in itertools.pairwise((None, *chosen)):
        if needs_referent(sentence.text, names) == "*" or speakerless(sentence.text):
            assert before is not None, sentence.text
            assert before.span.article_id == sentence.span.article_id
            assert before.index == sentence.index - 1


def test_a_quotation_without_its_speaker_is_chosen_only_with_the_sentence_naming_them() -> None:
    articles, sentences = _prepare([make_raw(SPEAKER_FIRST, origin="lenna.txt")])
    chosen = [s.text for s in get_summarizer("coverage.v1")(articles, sentences, 400).sentences]
    quote = next(text for text in chosen if text.startswith("“We have never seen"))
    assert chosen[chosen.index(quote) - 1].startswith("She said the sea wall")
    assert chosen[chosen.index(quote) - 2].startswith("Mayor Ana Ferreira")


@pytest.mark.parametrize(
    ("text", "referent"),
    [
        ("He said he was suffering spiritual pain after the verdict.", "*"),
        ("That evidence included newly discovered phone records.", "*"),
        ("Mr Sanogo was later forced to hand over power to a civilian government.", "Sanogo"),
        ("The talks ended without a deal on Friday, Dujarric added.", "Dujarric"),
        ("It was not clear who was behind the unrest in the capital.", ""),
        ("This week the council voted to close the harbour road.", ""),
    ],
)
def test_openings_that_refer_back_are_recognized(text: str, referent: str) -> None:
    assert needs_referent(text, frozenset(["Sanogo", "Dujarric"])) == referent


@pytest.mark.parametrize(
    "piece",
    ["Vor allem bei älteren Fähren können z.B.", "Neugierige können die Fähre schon ab dem 25.", "Die Fähre ab Nr."],
)
def test_a_german_sentence_cut_at_an_abbreviation_or_a_day_is_a_fragment(piece: str) -> None:
    from storyline.select import is_fragment

    assert is_fragment(piece)
    assert not is_fragment("The ferry fare rose to 25.")


# The words and marks around a cut at an abbreviation or a day, in any order.
_ENDINGS = st.lists(
    st.sampled_from(["z.", "B.", "z.B.", "u. a.", "d.h.", "Mio.", "Nr.", "dem", "ab", "25.", "٢٥.", "said.", '"', "”"]),
    max_size=6,
).map(" ".join)


def _fragment_as_first_written(text: str) -> bool:
    """`is_fragment` with the cut looked for in the whole sentence."""
    stripped = text.rstrip("\"'’”)] 」』）")
    if not stripped.endswith((".", "!", "。", "！", "।", "॥", "۔")) and not re.search("[\u0e00-\u0e7f]", stripped[-1:]):
        return True
    first = text.lstrip("\"'“‘(")[:1]
    if not first or first.islower() or text.startswith(("...", "…")):
        return True
    if stripped[-1:] == "." and select._CUT_AT_ABBREVIATION.search(stripped):
        return True
    straight_unopened = text.count('"') % 2 == 1 and not text.lstrip("(").startswith('"')
    return text.count("”") > text.count("“") or straight_unopened


@settings(max_examples=300, deadline=None)
@given(_ENDINGS)
def test_a_fragment_is_what_a_search_of_the_whole_sentence_finds(text: str) -> None:
    assert select.is_fragment(text) == _fragment_as_first_written(text)


_SPEECH_AS_FIRST_WRITTEN = re.compile(rf"\b(?:{speech_verbs('say')}|according to|saying|adding)\b")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["said", "unsaid", "Said", "says", "told", "according", "to", "added", "adding", "x", "’"]),
        max_size=8,
    ).map(" ".join)
)
def test_verbs_of_saying_are_found_where_the_plain_pattern_finds_them(text: str) -> None:
    found, plain = select._SPEECH.search(text), _SPEECH_AS_FIRST_WRITTEN.search(text)
    assert (found and found.span()) == (plain and plain.span())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="1290 8a_-.١٩", max_size=30))
def test_the_halves_of_the_year_pattern_find_the_years_it_finds(text: str) -> None:
    halves = {year for half in select._YEAR_HALVES for year in half.findall(text)}
    assert halves == set(select._YEAR.findall(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Keita", "he", "said", "told", "was", ",", ";", ".", "!", '"', "x"]), max_size=9))
def test_a_credit_is_found_from_the_last_comma_as_in_the_whole_sentence(words: list[str]) -> None:
    text = " ".join(words)
    plain = select._CREDIT.search(text)
    found = select._CREDIT.search(text, max(text.rfind(","), text.rfind(";"), 0))
    assert (found and found.span()) == (plain and plain.span())
