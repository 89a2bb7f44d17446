"""Direct quotations and reported speech, their speakers, and the same quotation across outlets.

Every article text here is invented. `score_quotes` computes precision and recall of quotes against a labelled
fixture with the matching rule of the plan; the fixture tests at the bottom use it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers import MALI_DIR, make_article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import storyline
from storyline.clean import clean_all
from storyline.eval.labels import quote_matches
from storyline.quotes import (
    _INDIRECT_VERB,
    _TRAILING_ENDS,
    _TRAILING_WORDS,
    _VERB_STARTS,
    _VERB_WORDS,
    _candidate_pairs,
    _first_quoted,
    _last_direct_speaker,
    _Speaker,
    _verb_starts,
    _verbs,
    _whole_occurrences,
    _Words,
    find_quotes,
    group_quotes,
)
from storyline.segment import _SENTENCE_END
from storyline.types import Actor, Article, Mention, Quote, Span

LABELLED = Path(__file__).parent / "labelled"


def quotes_of(text: str, actors: Sequence[Actor] = ()) -> tuple[Quote, ...]:
    return find_quotes([make_article(text)], actors)


def direct(text: str, actors: Sequence[Actor] = ()) -> list[tuple[str, str]]:
    return [(q.speaker, q.text) for q in quotes_of(text, actors) if q.direct]


def indirect(text: str, actors: Sequence[Actor] = ()) -> list[tuple[str, str]]:
    return [(q.speaker, q.text) for q in quotes_of(text, actors) if not q.direct]


def person(name: str, text: str, *aliases: str, kind: str = "person", article_id: str = "a1") -> Actor:
    """An actor with every place `text` names it (by name or alias) as a mention."""
    mentions = tuple(
        Mention(Span(article_id, m.start(), m.end()), m.group())
        for form in (name, *aliases)
        for m in re.finditer(re.escape(form), text)
    )
    return Actor(name=name, kind=kind, aliases=aliases, roles=(), mentions=mentions)


# --- direct quotations and who said them -------------------------------------------------------------------


def test_said_after_the_quote_names_the_speaker() -> None:
    text = '"The water came in fast," said harbour master Ines Kalb.'
    assert direct(text) == [("harbour master Ines Kalb", "The water came in fast")]


def test_speaker_before_said_after_the_quote() -> None:
    text = "“We will rebuild the pier,” Mayor Tobias Renn said on Friday."
    assert direct(text) == [("Mayor Tobias Renn", "We will rebuild the pier")]


def test_said_colon_introduces_the_quote() -> None:
    text = "Fire chief Lena Horvat said: ‘Nobody was hurt. The crews were quick.’"
    assert direct(text) == [("Fire chief Lena Horvat", "Nobody was hurt. The crews were quick.")]


def test_said_that_introduces_a_partial_quote_and_no_reported_speech() -> None:
    text = "Council leader Aram Pike said that the plan was “dead on arrival” in its current form."
    assert direct(text) == [("Council leader Aram Pike", "dead on arrival")]
    assert indirect(text) == []  # "the plan was" says nothing by itself


def test_demanded_and_called_for_introduce_fragments() -> None:
    assert direct("The nurses’ union today demanded ‘an immediate pay rise’ for its members.") == [
        ("The nurses’ union", "an immediate pay rise")
    ]
    assert direct("Senator Olu Baptiste called for the “full audit of the fund” this week.") == [
        ("Senator Olu Baptiste", "full audit of the fund")
    ]


@pytest.mark.parametrize(
    ("text", "speaker", "words"),
    [
        ("“The coast road is closed,” police tweeted.", "police", "The coast road is closed"),
        ('Mira Lund told the Courier: "We lost everything."', "Mira Lund", "We lost everything."),
        ("The mayor urged “everyone with a spare bed” to help.", "The mayor", "everyone with a spare bed"),
        ('Dr Kemal Arslan warned: "The river will rise again tonight."', "Dr Kemal Arslan", "The river will rise"),
        ("“Nobody told us anything,” added Pia Holm, a passenger.", "Pia Holm, a passenger", "Nobody told us"),
        ("“Why now?” asked the opposition leader, Jan Voss.", "the opposition leader, Jan Voss", "Why now?"),
    ],
)
def test_verbs_of_saying_attribute_quotes(text: str, speaker: str, words: str) -> None:
    [(found_speaker, found_words)] = direct(text)
    assert found_speaker == speaker
    assert found_words.startswith(words)


def test_quoted_as_saying_names_the_person_not_the_outlet() -> None:
    text = "The Harbour Times quoted a port official as saying, “The cranes will stay idle until Monday.”"
    assert direct(text) == [("a port official", "The cranes will stay idle until Monday.")]


def test_saying_takes_the_subject_of_its_clause() -> None:
    text = "The Finnish embassy was quick to respond, saying, “All our citizens are safe.”"
    assert direct(text) == [("The Finnish embassy", "All our citizens are safe.")]


def test_described_speaker_is_kept_whole_without_its_relative_clause() -> None:
    text = '"Arrests are being made," said an officer at the Ministry of Ports, who spoke on condition of anonymity.'
    assert direct(text) == [("an officer at the Ministry of Ports", "Arrests are being made")]


def test_quote_opening_a_sentence_goes_on_with_the_speaker_before() -> None:
    text = '"We are safe," said Ines Kalb. "The boats are not."\n\n"Some of them sank."'
    assert direct(text) == [
        ("Ines Kalb", "We are safe"),
        ("Ines Kalb", "The boats are not."),
        ("Ines Kalb", "Some of them sank."),
    ]


def test_unattributed_scare_quotes_are_not_quotes() -> None:
    text = 'The so-called "miracle cure" sold well. The town\'s only hotel, the "Grand", was full by midnight.'
    assert quotes_of(text) == ()


def test_long_unattributed_quotation_is_left_out() -> None:
    assert quotes_of("Protesters carried banners reading “the river belongs to all of us” through the town.") == ()


def test_attributed_short_fragment_is_a_quote() -> None:
    text = "The delay was ‘deeply regrettable,’ the airline said."
    assert direct(text) == [("the airline", "deeply regrettable")]
    assert indirect(text) == []


def test_single_word_far_from_the_verb_is_a_scare_quote() -> None:
    text = "A rebel leader said: ‘We hold the palace’ after the ministers were ‘arrested’ at dawn."
    assert direct(text) == [("A rebel leader", "We hold the palace")]


def test_programme_title_after_said_on_is_not_a_quote() -> None:
    text = '"It is embarrassing," Senator Ann Roe said on Channel 9\'s "Morning Desk."'
    assert direct(text) == [("Senator Ann Roe", "It is embarrassing")]


# --- quotation marks and apostrophes ------------------------------------------------------------------------


def test_apostrophes_are_not_quotation_marks() -> None:
    text = "The mayor’s office said it’s too early to say whether Kalb’s plan will work."
    assert direct(text) == []
    assert indirect(text) == [("The mayor’s office", "it’s too early to say whether Kalb’s plan will work")]


def test_a_closing_mark_between_letters_is_an_apostrophe() -> None:
    assert quotes_of("Soldiers surrounded the residence of Terra”s president on Monday morning.") == ()


def test_a_stray_apostrophe_after_a_word_closes_nothing() -> None:
    assert quotes_of("Tuesday’ events resemble the unrest of 2012 in the capital.") == ()


def test_plural_possessive_inside_single_quotes_does_not_end_the_quote() -> None:
    text = "Nurse Ada Mensah said: ‘The nurses’ demands are fair. We will not give up.’"
    assert direct(text) == [("Nurse Ada Mensah", "The nurses’ demands are fair. We will not give up.")]


def test_multi_paragraph_quote_continues_after_a_reopening_mark() -> None:
    text = "Coach Lars Berg said: ‘We trained hard all winter.\n\n‘Today it showed. I am proud of them.’"
    [quote] = quotes_of(text)
    assert quote.speaker == "Coach Lars Berg"
    assert quote.text == "We trained hard all winter.\n\n‘Today it showed. I am proud of them."
    assert text[quote.span.start : quote.span.end] == quote.text


def test_attribution_after_a_multi_paragraph_quote() -> None:
    text = "The lake froze late.\n\n‘The ice is thin this year.\n\n‘Stay off the lake,’ the ranger said."
    [quote] = quotes_of(text)
    assert (quote.speaker, quote.text) == ("the ranger", "The ice is thin this year.\n\n‘Stay off the lake")


def test_paragraph_that_lost_its_opening_mark_is_recovered() -> None:
    text = "Traffic stopped.\n\nThe bridge is closed — it’s total chaos,” said a police officer in Orla."
    assert direct(text) == [("a police officer in Orla", "The bridge is closed — it’s total chaos")]


def test_closing_mark_without_attribution_is_not_recovered() -> None:
    assert quotes_of("It was a long night,” and the morning brought rain to the valley.") == ()


def test_a_stray_single_mark_does_not_hide_reported_speech() -> None:
    text = "Fans of 'the band still remember the '90s. Officials said the concert would go ahead."
    assert indirect(text) == [("Officials", "the concert would go ahead")]
    assert direct(text) == []


def test_told_with_a_long_recipient_reports_the_clause_after_that() -> None:
    text = "Mayor Ana Ruiz told hundreds of residents at the town hall that the dam would be repaired."
    assert indirect(text) == [("Mayor Ana Ruiz", "the dam would be repaired")]


def test_straight_and_curly_quotes_alike() -> None:
    straight = direct('"The dam will hold," engineer Rui Costa said.')
    curly = direct("“The dam will hold,” engineer Rui Costa said.")
    assert straight == curly == [("engineer Rui Costa", "The dam will hold")]


# --- actors and resolved speakers ---------------------------------------------------------------------------


def test_appositive_speaker_maps_to_the_person_not_the_one_they_speak_for() -> None:
    text = 'Tom Reyes, spokesman for Governor Ana Ruiz, said: "The governor is safe."'
    actors = [person("Tom Reyes", text, "Reyes"), person("Ana Ruiz", text, "Governor Ana Ruiz")]
    [quote] = quotes_of(text, actors)
    assert quote.speaker == "Tom Reyes, spokesman for Governor Ana Ruiz"
    assert quote.actor == "Tom Reyes"


def test_possessive_organisation_is_not_the_speaker() -> None:
    text = "Harbour Board’s chair Ella Voss said that a “strike is never the answer” on Monday."
    actors = [person("Harbour Board", text, kind="organization"), person("Ella Voss", text)]
    [quote] = quotes_of(text, actors)
    assert quote.actor == "Ella Voss"


def test_officer_at_a_ministry_is_not_the_ministry() -> None:
    text = '"Nobody knows," said an officer at the Ministry of Ports.'
    [quote] = quotes_of(text, [person("Ministry of Ports", text, kind="organization")])
    assert quote.actor == ""


def test_actor_alias_inside_the_speaker() -> None:
    text = "“We will appeal,” Mr Okafor said."
    [quote] = quotes_of(text, [person("Chidi Okafor", text, "Mr Okafor", "Okafor")])
    assert quote.actor == "Chidi Okafor"


def test_pronoun_is_resolved_to_the_previous_named_speaker() -> None:
    text = 'Fire chief Lena Horvat said the fire was out. "It took six hours," she said.'
    assert [q.speaker for q in quotes_of(text)] == ["Fire chief Lena Horvat", "Fire chief Lena Horvat"]


def test_pronoun_stays_when_another_person_came_in_between() -> None:
    text = 'Lena Horvat said the fire was out. Mayor Tobias Renn thanked the crews. "It took six hours," she said.'
    actors = [person("Lena Horvat", text), person("Tobias Renn", text)]
    assert [q.speaker for q in quotes_of(text, actors) if q.direct] == ["she"]


def test_pronoun_does_not_take_an_organisation() -> None:
    text = 'The fire service said the fire was out. "It took six hours," he said.'
    assert [q.speaker for q in quotes_of(text) if q.direct] == ["he"]


def test_pronoun_takes_the_one_person_named_in_its_paragraph_when_actors_are_known() -> None:
    text = 'Carmen Roa has waited at the mine gate since Monday. "Every hour counts," she said.'
    [quote] = quotes_of(text, [person("Carmen Roa", text)])
    assert (quote.speaker, quote.actor) == ("Carmen Roa", "Carmen Roa")
    assert quote.speaker_span is not None
    assert text[quote.speaker_span.start : quote.speaker_span.end] == "Carmen Roa"


def test_role_is_resolved_to_a_speaker_introduced_with_that_role() -> None:
    text = (
        'Ida Holm, spokeswoman for the council, said: "We are reviewing it."\n\n'
        '"The review ends in May," Holm added.\n\n"Nobody will lose their home," the spokeswoman said.'
    )
    speakers = [q.speaker for q in quotes_of(text)]
    assert speakers[-1] == "Ida Holm, spokeswoman for the council"


def test_role_stays_when_no_speaker_had_that_role() -> None:
    text = 'Ida Holm said: "We are reviewing it." "The review ends in May," the spokeswoman said.'
    assert [q.speaker for q in quotes_of(text)][-1] == "the spokeswoman"


# --- reported speech ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "words"),
    [
        (
            "The coastguard said that all 40 sailors had been rescued.",
            "The coastguard",
            "all 40 sailors had been rescued",
        ),
        (
            "Two ferries were cancelled on Sunday, a port spokesman said.",
            "a port spokesman",
            "Two ferries were cancelled on Sunday",
        ),
        ("The border has been closed, say officials.", "officials", "The border has been closed"),
        ("The league urged fans to stay away from the stadium.", "The league", "fans to stay away from the stadium"),
        (
            "According to the fire service, the blaze started in a kitchen.",
            "the fire service",
            "the blaze started in a kitchen",
        ),
        ("The dam held through the night, according to engineers.", "engineers", "The dam held through the night"),
        (
            "Witnesses on Monday said tanks were parked outside the palace.",
            "Witnesses",
            "tanks were parked outside the palace",
        ),
        ("Ana Ruiz told reporters the roads would reopen by Friday.", "Ana Ruiz", "the roads would reopen by Friday"),
        (
            "The plan was rejected by local farmers, who said it would ruin the valley.",
            "local farmers",
            "it would ruin the valley",
        ),
        (
            "Dr Ines Moro, who runs the clinic, confirmed two nurses had fallen ill.",
            "Dr Ines Moro",
            "two nurses had fallen ill",
        ),
    ],
)
def test_reported_speech_shapes(text: str, speaker: str, words: str) -> None:
    assert indirect(text) == [(speaker, words)]
    assert direct(text) == []


def test_coordinated_verb_keeps_the_subject_of_the_quote_before() -> None:
    text = 'Minister Paul Ode called for "calm" and said the army would stay in its barracks.'
    assert direct(text) == [("Minister Paul Ode", "calm")]
    assert indirect(text) == [("Minister Paul Ode", "the army would stay in its barracks")]


def test_sentence_with_a_partial_quote_keeps_the_unquoted_statement_apart() -> None:
    text = "Ruiz is watching the flood in the valley ‘with great concern,’ her spokesman added."
    assert direct(text) == [("her spokesman", "with great concern")]
    assert indirect(text) == [("her spokesman", "Ruiz is watching the flood in the valley")]


@pytest.mark.parametrize(
    "text",
    [
        "The minister promised a review of every dam that has leaked since 2020.",
        "Violence that has claimed thousands of lives and forced families to flee continues.",
        "The union has long warned about cuts to maintenance crews.",
        "The minister has resigned, according to reports.",
        "It was not immediately clear who was behind the attack.",
        "Mayor Ana Ruiz said on Tuesday.",
    ],
)
def test_no_reported_speech_without_a_statement(text: str) -> None:
    assert quotes_of(text) == ()


def test_reported_speech_never_contains_a_direct_quote() -> None:
    text = (
        "Officials said the storm had passed. The mayor said the damage was ‘the worst in memory’ and urged "
        "residents to stay home. “Stay safe,” she added, saying the roads were flooded."
    )
    quotes = quotes_of(text)
    assert any(q.direct for q in quotes)
    assert any(not q.direct for q in quotes)
    _assert_apart(quotes)


# --- the same quotation across outlets ----------------------------------------------------------------------


def _outlets(*texts_and_speakers: tuple[str, str]) -> list[Article]:
    return [make_article(text, article_id=f"a{k}") for k, (text, _) in enumerate(texts_and_speakers)]


def test_same_words_in_two_outlets_are_identical() -> None:
    articles = [
        make_article("“The water rose too fast,” said Mayor Ana Ruiz.", article_id="a1"),
        make_article("Mayor Ana Ruiz said: ‘The water rose too fast.’", article_id="a2"),
    ]
    [group] = group_quotes(find_quotes(articles, ()))
    assert group.wording == "identical"
    assert [q.span.article_id for q in group.quotes] == ["a1", "a2"]


def test_fragment_inside_a_longer_quote_is_identical() -> None:
    articles = [
        make_article("Ana Ruiz called for “an immediate and full inquiry” into the flood.", article_id="a1"),
        make_article('"We need an immediate and full inquiry into this flood," Ana Ruiz said.', article_id="a2"),
    ]
    [group] = group_quotes(find_quotes(articles, ()))
    assert group.wording == "identical"


def test_reworded_quote_is_a_variant() -> None:
    articles = [
        make_article(
            '"Arrests are being made of officials. It\'s total confusion," said an officer at the port.',
            article_id="a1",
        ),
        make_article(
            "“Officials are being arrested — it’s total confusion,” said an officer at the port.", article_id="a2"
        ),
    ]
    [group] = group_quotes(find_quotes(articles, ()))
    assert group.wording == "variant"


def test_same_words_by_different_actors_are_not_grouped() -> None:
    first = "“We will not give up,” said Ana Ruiz."
    second = "“We will not give up,” said Tom Reyes."
    articles = [make_article(first, article_id="a1"), make_article(second, article_id="a2")]
    actors = [person("Ana Ruiz", first, article_id="a1"), person("Tom Reyes", second, article_id="a2")]
    groups = group_quotes(find_quotes(articles, actors))
    assert [g.wording for g in groups] == ["single", "single"]


def test_quotes_of_one_article_are_grouped_only_when_repeated() -> None:
    text = (
        "“We will rebuild the pier,” said Mayor Tobias Renn.\n\n“We will rebuild the harbour wall,” Renn added.\n\n"
        "“We will rebuild the pier,” said Mayor Tobias Renn."
    )
    groups = group_quotes(quotes_of(text))
    assert sorted(len(g.quotes) for g in groups) == [1, 2]
    assert all(g.wording == "single" for g in groups)


def test_an_article_gives_a_group_one_quotation() -> None:
    articles = [
        make_article(
            "“The dam will hold,” said Rui Costa.\n\n“The dam will hold the water,” Costa added.", article_id="a1"
        ),
        make_article("“The dam will hold the water,” said engineer Rui Costa.", article_id="a2"),
    ]
    groups = group_quotes(find_quotes(articles, ()))
    for group in groups:
        ids = [q.span.article_id for q in group.quotes]
        assert len(ids) == len(set(ids))
    assert groups[0].wording == "identical"
    assert len(groups[0].quotes) == 2


def test_grouping_leaves_out_reported_speech() -> None:
    quotes = quotes_of("The coastguard said that all 40 sailors had been rescued.")
    assert quotes
    assert group_quotes(quotes) == ()


def test_grouping_does_not_depend_on_input_order() -> None:
    articles = [
        make_article(
            "“The water rose too fast,” said Mayor Ana Ruiz. “Nobody saw it coming,” she said.", article_id="a1"
        ),
        make_article("Mayor Ana Ruiz said: ‘The water rose so fast.’", article_id="a2"),
        make_article("‘Nobody saw it coming,’ Ruiz said.", article_id="a3"),
    ]
    quotes = find_quotes(articles, ())
    assert (
        group_quotes(quotes) == group_quotes(tuple(reversed(quotes))) == group_quotes(find_quotes(articles[::-1], ()))
    )


# --- invariants on generated articles -----------------------------------------------------------------------

PROPERTY_SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SPEAKERS = [
    "Mayor Ana Ruiz",
    "an officer at the Ministry of Ports",
    "Tom Reyes, spokesman for the council",
    "she",
    "the spokesman",
    "officials",
    "Kalb’s lawyer",
]
WORDS = [
    "The river’s banks held",
    "It’s total confusion",
    "We won’t leave",
    "The workers’ pay is late",
    "No",
    "Yes, mutiny. The army has taken up arms",
    "calm",
]
MARKS = [("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'"), ("", "”"), ("«", "»")]
PLAIN = [
    "The ferry ran aground on Sunday.",
    "Tuesday’ events resemble 2012.",
    "Mali”s president was seized.",
    "Rescuers, who arrived late, said the boat had sunk.",
    'The so-called "Grand" was full.',
]


@st.composite
def quoted_sentences(draw: st.DrawFn) -> str:
    opening, closing = draw(st.sampled_from(MARKS))
    speaker = draw(st.sampled_from(SPEAKERS))
    words = draw(st.sampled_from(WORDS))
    shape = draw(st.integers(0, 5))
    if shape == 0:
        return f"{opening}{words},{closing} said {speaker}."
    if shape == 1:
        return f"{opening}{words},{closing} {speaker} said."
    if shape == 2:
        return f"{speaker} said: {opening}{words}.{closing}"
    if shape == 3:
        return f"{speaker} said that the town was {opening}{words}{closing} on Monday."
    if shape == 4:
        return f"{words}, {speaker} said."
    return f"{speaker} said: {opening}{words}.\n\n{opening}{draw(st.sampled_from(WORDS))}.{closing}"


@st.composite
def generated_articles(draw: st.DrawFn) -> Article:
    paragraphs = draw(st.lists(st.one_of(quoted_sentences(), st.sampled_from(PLAIN)), min_size=1, max_size=8))
    return make_article("\n\n".join(paragraphs))


def _assert_verbatim(article: Article, quotes: Sequence[Quote]) -> None:
    for quote in quotes:
        assert quote.span.article_id == article.id
        assert article.text[quote.span.start : quote.span.end] == quote.text
        assert quote.text
        assert quote.text == quote.text.strip()
        if quote.speaker_span is None:
            assert quote.speaker == ""
        else:
            assert article.text[quote.speaker_span.start : quote.speaker_span.end] == quote.speaker


def _assert_apart(quotes: Sequence[Quote]) -> None:
    spans = [(q.span.start, q.span.end) for q in quotes if q.direct]
    for quote in quotes:
        if not quote.direct:
            assert not any(start < quote.span.end and quote.span.start < end for start, end in spans)


@PROPERTY_SETTINGS
@given(generated_articles())
def test_quote_and_speaker_text_are_verbatim_spans(article: Article) -> None:
    quotes = find_quotes([article], ())
    _assert_verbatim(article, quotes)
    _assert_apart(quotes)
    assert [q.span.start for q in quotes] == sorted(q.span.start for q in quotes)


@PROPERTY_SETTINGS
@given(st.text(alphabet="ab ’'‘“”\"«».,:\nSaid sXY", max_size=200))
def test_any_text_gives_verbatim_quotes(text: str) -> None:
    article = make_article(text)
    quotes = find_quotes([article], ())
    _assert_verbatim(article, quotes)
    _assert_apart(quotes)


@PROPERTY_SETTINGS
@given(st.lists(generated_articles(), min_size=1, max_size=4))
def test_groups_partition_the_direct_quotes(articles: list[Article]) -> None:
    articles = [Article(id=f"a{k}", text=a.text, origin=f"{k}.txt") for k, a in enumerate(articles)]
    quotes = find_quotes(articles, ())
    groups = group_quotes(quotes)
    grouped = [q for g in groups for q in g.quotes]
    assert sorted(grouped, key=repr) == sorted(set(q for q in quotes if q.direct), key=repr)
    for group in groups:
        assert group.wording in ("identical", "variant", "single")
        assert (group.wording == "single") == (len({q.span.article_id for q in group.quotes}) == 1)
    assert group_quotes(tuple(reversed(quotes))) == groups


def test_the_same_quote_in_a_hundred_articles_is_one_identical_group() -> None:
    paragraphs = [
        '"The water came in fast," said harbour master Ines Kalb.',
        "Fire chief Lena Horvat said: ‘Nobody was hurt.\n\n‘The crews were quick.’",
        "Two ferries were cancelled on Sunday, a port spokesman said.",
        "The plan was rejected by local farmers, who said it would ruin the valley.",
        "The so-called “miracle cure” sold well in the town’s shops, and Kalb’s office said it’s too early.",
    ]
    articles = [make_article("\n\n".join(paragraphs * 6), article_id=f"a{k}") for k in range(100)]
    # The speed of quotes on 100 articles is measured by benchmarks/briefing_speed.py, not asserted here.
    groups = group_quotes(find_quotes(articles, ()))
    water = [g for g in groups if any("The water came in fast" in q.text for q in g.quotes)]
    assert [g.wording for g in water] == ["identical"]
    assert {q.span.article_id for q in water[0].quotes} == {f"a{k}" for k in range(100)}


# --- labelled fixtures: precision and recall ----------------------------------------------------------------


@dataclass(frozen=True)
class QuoteScore:
    precision: float
    recall: float
    extra: tuple[Quote, ...]  # predicted quotes that match no gold entry
    missed: tuple[dict[str, Any], ...]  # gold entries no predicted quote matches


def score_quotes(articles: Sequence[Article], quotes: Sequence[Quote], gold: Sequence[dict[str, Any]]) -> QuoteScore:
    """Precision and recall of `quotes` against gold entries `{"article", "speaker", "contains", "direct"}`,
    matched as `storyline.eval.labels` matches them for the briefing. Every predicted quote counts for precision,
    every gold entry for recall."""
    stem = {a.id: Path(a.origin).stem for a in articles}

    def matches(quote: Quote, entry: dict[str, Any]) -> bool:
        return quote_matches(quote, entry, stem[quote.span.article_id])

    extra = tuple(q for q in quotes if not any(matches(q, e) for e in gold))
    missed = tuple(e for e in gold if not any(matches(q, e) for q in quotes))
    precision = (len(quotes) - len(extra)) / len(quotes) if quotes else 1.0
    recall = (len(gold) - len(missed)) / len(gold) if gold else 1.0
    return QuoteScore(precision, recall, extra, missed)


def labelled_quotes(name: str) -> tuple[list[Article], list[dict[str, Any]]]:
    """The cleaned articles and gold quotes of a labelled fixture (Mali: its shared folder and quote labels)."""
    if name == "mali-2020":
        if not MALI_DIR.is_dir():
            pytest.skip(f"no Mali example folder at {MALI_DIR}")
        folder = MALI_DIR
        merged = LABELLED / "mali-2020" / "labels.json"
        labels = json.loads(merged.read_text(encoding="utf-8")) if merged.is_file() else {}
        if "quotes" not in labels:
            labels = json.loads((LABELLED / "mali-2020.quotes.json").read_text(encoding="utf-8"))
    else:
        folder = LABELLED / name
        labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    raws = storyline.read_articles(sorted(folder.glob("*.txt")))
    return [a for a in clean_all(raws) if a.text.strip()], labels["quotes"]


@pytest.mark.parametrize("name", ["kestrel-ferry", "mali-2020"])
def test_labelled_quotes_meet_the_bar(name: str) -> None:
    articles, gold = labelled_quotes(name)
    score = score_quotes(articles, find_quotes(articles, ()), gold)
    assert score.precision >= 0.95, [(q.speaker, q.text) for q in score.extra]
    assert score.recall >= 0.9, score.missed


# --- the Mali example ---------------------------------------------------------------------------------------

MALI_ACTORS = [
    ("Antonio Guterres", "person", ("Guterres", "Mr Guterres")),
    ("Stephane Dujarric", "person", ("Dujarric",)),
    ("Charles Michel", "person", ()),
    ("J. Peter Pham", "person", ("Pham",)),
    ("Nouhoum Togo", "person", ()),
    ("EU Council", "organization", ()),
    ("United Nations", "organization", ("UN",)),
    ("Norwegian Embassy", "organization", ()),
    ("Ministry of Internal Security", "organization", ()),
    ("Mali", "place", ()),
]


def test_mali_reader_sees_who_condemned_it_and_with_which_words(mali_dir: Path) -> None:
    articles = [a for a in clean_all(storyline.read_articles([mali_dir])) if a.text.strip()]
    actors = [Actor(name, kind, aliases, (), ()) for name, kind, aliases in MALI_ACTORS]
    quotes = find_quotes(articles, actors)
    said = {(q.actor or q.speaker, q.text) for q in quotes if q.direct}

    def by(speaker: str, words: str) -> bool:
        return any(speaker in who and words in text for who, text in said)

    assert by("Stephane Dujarric", "strongly condemns these actions")
    assert by("Antonio Guterres", "immediate and unconditional release")
    assert by("Charles Michel", "coup is never the solution to a crisis")
    assert by("J. Peter Pham", "The US opposes all unconstitutional changes")
    assert by("Norwegian Embassy", "The embassy has been notified of a mutiny")
    assert by("an unnamed security official", "Yes, mutiny")
    assert by("Stephane Dujarric", "reiterates his calls")  # "the spokesman said", resolved
    groups = group_quotes(quotes)
    officer = [g for g in groups if any("total confusion" in q.text for q in g.quotes)]
    assert [g.wording for g in officer] == ["variant"]
    assert len(officer[0].quotes) == 2
    release = [g for g in groups if len(g.quotes) > 1 and all("unconditional release" in q.text for q in g.quotes)]
    assert [g.wording for g in release] == ["identical"]
    assert not any(q.direct and q.text == "arrested" for q in quotes)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab _.'é1-’ ", max_size=14),
    st.text(alphabet="ab _.'é1-’ ", min_size=1, max_size=4),
)
def test_a_name_is_found_in_a_speaker_where_a_whole_word_pattern_finds_it(text: str, name: str) -> None:
    pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
    assert list(_whole_occurrences(name, text)) == [m.start() for m in pattern.finditer(text)]


_VERB_PIECES = [
    "said",
    "says",
    "told",
    "According",
    "according",
    "to",
    "called",
    "on",
    " ",
    "  ",
    ",",
    "\n",
    "x",
    "_",
    "é",
]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from([*_VERB_PIECES, "1", "Said", "a"]), max_size=12), st.integers(0, 60), st.integers(0, 60)
)
def test_the_verbs_of_reported_speech_are_found_where_their_pattern_matches(
    words: list[str], start: int, end: int
) -> None:
    text = "".join(words)
    start, end = sorted((min(start, len(text)), min(end, len(text))))
    expected = [(m.span(), m.groupdict()) for m in _INDIRECT_VERB.finditer(text, start, end)]
    assert [(m.span(), m.groupdict()) for m in _verbs(text, _verb_starts(text), start, end)] == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(1, 6), max_size=12), st.integers(0, 60), st.integers(0, 60))
def test_the_first_quotation_over_a_stretch_is_found_among_quotations_in_text_order(
    steps: list[int], start: int, end: int
) -> None:
    points = [sum(steps[: k + 1]) for k in range(len(steps))]
    intervals = list(zip(points[::2], points[1::2], strict=False))  # in text order, never overlapping
    quoted = [opening for opening, closing in intervals if start <= opening < end or opening < start < closing]
    assert _first_quoted(intervals, start, end) == (min(quoted) if quoted else None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(0, 40)), max_size=10), st.integers(0, 40), st.integers(0, 40))
def test_the_last_direct_speaker_is_read_from_the_quotations_that_start_in_the_stretch(
    quotations: list[tuple[int, int]], start: int, end: int
) -> None:
    direct = []
    position = 0
    for step, speaker_start in quotations:  # quotations in text order, as they are found
        position += step
        direct.append((_Words(position, position + 1), _Speaker(speaker_start, speaker_start + 2), True))
    earlier = [speaker for words, speaker, _ in direct if start <= words.start < end]
    expected = max(earlier, key=lambda s: s.start, default=None)
    found = _last_direct_speaker(direct, [words.start for words, _, _ in direct], start, end)
    assert found is expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.frozensets(st.sampled_from("abcdefgh"), max_size=6), max_size=12), st.data())
def test_candidate_quotation_pairs_are_every_pair_that_shares_words_or_a_rare_stem(
    stems: list[frozenset[str]], data: st.DataObject
) -> None:
    words = [data.draw(st.sampled_from([("x",), ("x", "y", "z"), ("y", "z", "w", "v")])) for _ in stems]
    frequency = {stem: sum(stem in other for other in stems) for stem in set().union(*stems)}
    rarest = [sorted(stemmed, key=lambda stem: (frequency[stem], stem)) for stemmed in stems]

    def prefix(k: int) -> set[str]:  # the rarest stems variant wording must share one of
        return set(rarest[k][: max(0, len(rarest[k]) - max(2, -(-len(rarest[k]) // 3)) + 1)])

    def rarest_in(k: int, other: int) -> bool:  # a long enough quotation's rarest stem in the other
        return bool(rarest[k]) and len(words[k]) >= 3 and rarest[k][0] in stems[other]

    expected = {
        (i, j)
        for i in range(len(stems))
        for j in range(i + 1, len(stems))
        if words[i] == words[j] or prefix(i) & prefix(j) or rarest_in(i, j) or rarest_in(j, i)
    }
    assert _candidate_pairs(words, stems) == sorted(expected)


_TRAILING_PIECES = ["said", "also", "on", "Monday", "last", "week", "in", "a", "statement", "had", "earlier", ",", " "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*_TRAILING_PIECES, "\n", "x", "."]), max_size=10), st.integers(0, 40))
def test_trailing_words_are_searched_only_where_a_match_can_end(pieces: list[str], start: int) -> None:
    text = "".join(pieces)
    start = min(start, len(text))
    if not text.endswith(_TRAILING_ENDS, start):
        assert _TRAILING_WORDS.search(text, start) is None


_STOP_PIECES = [".", "!", "?", "'", "”", ")", "]", "[3]", " ", "\n", "A", "a", "7", "“", "(", "x"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_STOP_PIECES), max_size=14))
def test_quotation_sentences_end_where_the_plain_full_stop_pattern_finds_them(pieces: list[str]) -> None:
    text = "".join(pieces)
    plain = re.compile(r"[.!?]+(?:[\"'”’)\]]|\[\d+\])*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
    assert [m.span() for m in _SENTENCE_END.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_every_verb_of_reported_speech_begins_with_a_searched_start() -> None:
    assert _VERB_WORDS is not None
    assert _VERB_STARTS is not None
    assert len(_VERB_STARTS) < len(_VERB_WORDS)
    assert all(any(word.startswith(start) for start in _VERB_STARTS) for word in _VERB_WORDS)
