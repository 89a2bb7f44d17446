"""Claims across outlets: grouping, status, value comparison, exclusives."""

from __future__ import annotations

import random
from pathlib import Path

from helpers import make_raw
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline import brief, read_articles
from storyline.claims import (
    _ACTION,
    _NAME_AFTER_SPACE,
    _NOT_ACTIONS,
    REPEATED,
    _actions,
    _agree,
    _compare,
    _names,
    _Value,
)
from storyline.select import is_fragment
from storyline.types import Briefing, Claim, DateMention, Evidence, Quantity, Sentence, Span
from storyline.words import STOPWORDS, sentence_tokens, stems

BRIDGE = Path(__file__).parent / "labelled" / "bridge-collapse"
_RAWS = read_articles(BRIDGE)
_BRIEFING = brief(_RAWS)


def _text(briefing: Briefing, claim: Claim) -> list[str]:
    text_of = {a.id: a.text for a in briefing.articles}
    return [text_of[e.span.article_id][e.span.start : e.span.end] for e in claim.evidence]


def _claim_with(briefing: Briefing, needle: str) -> Claim:
    return next(c for c in briefing.claims if any(needle in t for t in _text(briefing, c)))


def _together(briefing: Briefing, first: str, second: str) -> bool:
    """Whether one claim cites both a sentence containing `first` and one containing `second`."""
    for claim in briefing.claims:
        texts = _text(briefing, claim)
        if any(first in t for t in texts) and any(second in t for t in texts):
            return True
    return False


def test_nine_dead_against_twelve_dead_is_a_conflict() -> None:
    claim = _claim_with(_BRIEFING, "Twelve people died")
    assert claim.status == "conflicting"
    assert any(not c.compatible and c.dimension == "count" for c in claim.comparisons)


def test_forty_kilometres_and_about_twenty_five_miles_agree() -> None:
    claim = _claim_with(_BRIEFING, "about 25 miles north")
    assert claim.status == "several"
    distances = [c for c in claim.comparisons if c.dimension == "length"]
    assert distances
    assert all(c.compatible for c in distances)
    assert "tolerance" in distances[0].explanation


def test_a_reprinted_wire_story_counts_once_in_the_status() -> None:
    # The wire story (02) and its reprint (03) are 2 articles but 1 report: 4 reports in all, and a claim
    # the other three reports do not make stays "several" even with 2 articles behind it.
    claim = _claim_with(_BRIEFING, "pulled 14 survivors from the river")
    assert claim.status == "several"
    assert len({e.span.article_id for e in claim.evidence}) == 3


def test_two_events_with_the_same_people_are_not_a_date_conflict() -> None:
    # "Divers resumed the search ... on Monday" and "Divers found the body ... on Tuesday" share most words.
    for claim in _BRIEFING.claims:
        for comparison in claim.comparisons:
            if comparison.dimension == "date":
                texts = " ".join(_text(_BRIEFING, claim))
                assert "Divers" not in texts


def test_each_outlet_lists_what_it_alone_reports() -> None:
    outlets = {e.outlet: e for e in _BRIEFING.exclusives}
    texts = {name: [c.text for c in e.claims] for name, e in outlets.items()}
    assert any("opened in 1974" in t for t in texts["valleypost.example"])
    assert all(claim.status == "one" for e in _BRIEFING.exclusives for claim in e.claims)
    wire = next(e for e in _BRIEFING.exclusives if len(e.article_ids) == 2)
    assert any("ferry at Hamra" in c.text for c in wire.claims)


def test_claim_text_is_its_first_evidence_verbatim() -> None:
    for claim in (*_BRIEFING.claims, *(c for e in _BRIEFING.exclusives for c in e.claims)):
        if claim.part == "figure":
            assert claim.text in _text(_BRIEFING, claim)[0]
        else:
            assert _text(_BRIEFING, claim)[0] == claim.text


def test_one_article_has_no_exclusives() -> None:
    assert brief(_RAWS[:1]).exclusives == ()


@settings(max_examples=5, deadline=None)
@given(st.randoms(use_true_random=False))
def test_input_order_does_not_change_the_claims(rng: random.Random) -> None:
    shuffled = list(_RAWS)
    rng.shuffle(shuffled)
    again = brief(shuffled)
    assert [(c.text, c.status) for c in again.claims] == [(c.text, c.status) for c in _BRIEFING.claims]
    assert sorted(c.text for e in again.exclusives for c in e.claims) == sorted(
        c.text for e in _BRIEFING.exclusives for c in e.claims
    )


HARBOR = Path(__file__).parent.parent / "examples" / "harbor-fire"
_HARBOR_BRIEFING = brief(read_articles(HARBOR))


def test_start_times_in_three_wordings_are_one_claim_that_agrees() -> None:
    claim = _claim_with(_HARBOR_BRIEFING, "broke out at about 4:40 a.m.")
    texts = " ".join(_text(_HARBOR_BRIEFING, claim))
    assert "shortly before 5 a.m." in texts
    assert "started at 4.40am" in texts
    [times] = [c for c in claim.comparisons if c.dimension == "time"]
    assert times.compatible


def test_a_sentence_stating_two_facts_supports_a_claim_for_each() -> None:
    compound = "was declared under control at about 3pm"
    holding = [c for c in _HARBOR_BRIEFING.claims if any(compound in t for t in _text(_HARBOR_BRIEFING, c))]
    assert len(holding) == 2
    statements = [" ".join(_text(_HARBOR_BRIEFING, c)) for c in holding]
    assert any("declared the fire under control in the middle" in s for s in statements)
    assert any("broke out at about 4:40 a.m." in s for s in statements)


def test_the_same_count_of_the_same_people_joins_sentences_that_share_no_other_words() -> None:
    claim = _claim_with(_HARBOR_BRIEFING, "Four firefighters were injured")
    texts = _text(_HARBOR_BRIEFING, claim)
    assert all("Four firefighters" in t for t in texts)
    assert len(texts) >= 3


def test_who_said_it_does_not_make_two_statements_alike() -> None:
    # Both credit Chief Fire Officer Helena Varga; what she said differs.
    assert not _together(_HARBOR_BRIEFING, "85 firefighters had spent the morning cooling", "kept to the tank")


def test_two_sentences_about_the_same_two_people_are_not_one_claim_for_the_figure_alone() -> None:
    assert not _together(_BRIEFING, "Divers found the body of one of the two", "Divers resumed the search")


def test_residents_and_people_evacuated_are_one_figure() -> None:
    claim = _claim_with(_HARBOR_BRIEFING, "About 3,200 residents")
    texts = " ".join(_text(_HARBOR_BRIEFING, claim))
    assert "roughly 3,200 people" in texts
    assert "Some 3,200 residents" in texts


def test_fighting_the_fire_in_other_words_is_one_claim() -> None:
    assert _together(
        _HARBOR_BRIEFING, "85 firefighters had spent the morning cooling", "spraying water on the neighbouring tanks"
    )


_FERRY_BRIEFING = brief(read_articles(Path(__file__).parent / "labelled" / "kestrel-ferry"))


def test_the_second_half_of_a_quotation_split_at_its_full_stop_is_a_shared_statement() -> None:
    claim = _claim_with(_FERRY_BRIEFING, "The crew did exactly what they were trained to do")
    assert claim.status == "several"
    assert len({e.span.article_id for e in claim.evidence}) == 2


def test_a_piece_of_a_quotation_only_one_outlet_has_is_not_listed_as_its_own() -> None:
    for exclusive in _FERRY_BRIEFING.exclusives:
        assert not any(is_fragment(claim.text) for claim in exclusive.claims)


def _reports(briefing: Briefing, evidence: tuple[Evidence, ...]) -> set[str]:
    copies = {a: g.article_ids[0] for g in briefing.duplicates for a in g.article_ids}
    return {copies.get(e.span.article_id, e.span.article_id) for e in evidence}


def test_a_summary_sentence_names_the_same_outlets_in_every_section() -> None:
    briefing = _HARBOR_BRIEFING
    listed = [
        *(c for c in briefing.claims if c.part == "statement"),
        *(c for e in briefing.exclusives for c in (*e.claims, *e.partly_shared)),
        *briefing.timeline,
    ]
    checked = 0
    for sentence in briefing.summary:
        for item in listed:
            if item.text == sentence.text:
                assert _reports(briefing, item.evidence) == _reports(briefing, sentence.evidence), sentence.text
                checked += 1
    assert checked >= 3


def test_no_statement_is_listed_twice_in_the_agreement_table_and_the_exclusives() -> None:
    for briefing in (_HARBOR_BRIEFING, _BRIEFING):
        texts = [c.text for c in briefing.claims if c.part == "statement"]
        texts += [c.text for e in briefing.exclusives for c in (*e.claims, *e.partly_shared)]
        assert len(texts) == len(set(texts))


def test_a_figure_several_reports_share_is_an_item_of_its_own_with_each_wording() -> None:
    [figure] = [c for c in _HARBOR_BRIEFING.claims if c.part == "figure" and "4.40am" in c.text]
    [times] = figure.comparisons
    assert {v.text for v in times.values} == {"4.40am", "at about 4:40 a.m.", "shortly before 5 a.m."}
    assert len(_reports(_HARBOR_BRIEFING, figure.evidence)) == 3
    assert all(e.reason.startswith("gives the figure") for e in figure.evidence)
    whole = [c for c in _HARBOR_BRIEFING.claims if c.part == "statement" and c.text.startswith("The fire started at")]
    assert len(whole) == 1
    assert len(_reports(_HARBOR_BRIEFING, whole[0].evidence)) == 2


def test_every_outlet_listed_for_a_statement_passed_the_support_test() -> None:
    for claim in (*_HARBOR_BRIEFING.claims, *_BRIEFING.claims):
        for item in claim.evidence[1:]:
            if claim.part == "figure":
                assert item.reason.startswith("gives the figure")
            else:
                assert item.reason.startswith("same statement") or item.reason == REPEATED


def test_a_statement_others_share_in_part_is_not_listed_as_its_outlets_alone() -> None:
    lead = "About 3,200 residents of Port Ellery"
    exclusive = [c.text for e in _HARBOR_BRIEFING.exclusives for c in e.claims]
    partly = [c for e in _HARBOR_BRIEFING.exclusives for c in e.partly_shared if c.text.startswith(lead)]
    assert not [t for t in exclusive if t.startswith(lead)]
    assert len(_reports(_HARBOR_BRIEFING, partly[0].partial)) == 3


def _two_reports(first: str, second: str) -> Briefing:
    return brief([make_raw(first, "one.txt", source="One"), make_raw(second, "two.txt", source="Two")])


def test_equal_figures_in_two_reports_never_conflict() -> None:
    briefing = _two_reports(
        "The Airbus was climbing at 353 knots, about 100 knots too slow, when the stall warning sounded on Monday.",
        "Investigators said the jet climbed at 353 knots, about 100 knots too slow, before the stall warning.",
    )
    assert not [c for c in briefing.claims if c.status == "conflicting"]


def test_a_bound_does_not_agree_with_a_figure_far_inside_it() -> None:
    briefing = _two_reports(
        "The quake struck up to 50 km off the coast of Veyra on Monday, officials said.",
        "The quake struck around 6 miles off the coast of Veyra on Monday, the survey said.",
    )
    linked = [c for c in briefing.claims for comparison in c.comparisons if comparison.dimension == "length"]
    assert not linked


def test_reported_speech_in_a_reprint_counts_once() -> None:
    wire = [q for q in _HARBOR_BRIEFING.reported_speech if "9,000 cubic metres" in q.text]
    assert len(wire) == 1


def test_a_photo_caption_is_never_a_claim_or_a_timeline_event() -> None:
    caption = "Smoke rises over the Kestrel Quay depot"
    texts = [c.text for c in _HARBOR_BRIEFING.claims]
    texts += [c.text for e in _HARBOR_BRIEFING.exclusives for c in (*e.claims, *e.partly_shared)]
    texts += [e.text for e in _HARBOR_BRIEFING.timeline]
    assert not [t for t in texts if caption in t]


_ACTION_PIECES = ["fled", "arrested", "held", "killed", "armed", "seized", "toll", "said", "hundred", "Fled", "x"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_ACTION_PIECES), max_size=10), st.sampled_from([" ", ", ", "-"]))
def test_a_sentences_actions_are_those_its_words_say_one_by_one(pieces: list[str], joint: str) -> None:
    text = joint.join(pieces)
    expected = set()
    for word, word_stem in zip(sentence_tokens(text), stems(text), strict=True):
        name = _ACTION.get(word_stem) or _ACTION.get(word)
        if name:
            expected.add(name)
        elif word.endswith("ed") and len(word) > 4 and word not in _NOT_ACTIONS:
            expected.add(word_stem)
    assert _actions(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["The", "Mali", "It", "Its", "Bamako", "the", "THE", "Don", "x", "É"]), max_size=8))
def test_names_are_the_capitalized_words_that_are_not_stopwords(words: list[str]) -> None:
    text = " " + " ".join(words)
    expected = {word for word in _NAME_AFTER_SPACE.findall(text) if word.lower() not in STOPWORDS}
    assert _names(text) == expected


_SENTENCE = Sentence(Span("a1", 0, 10), "0123456789", 0, 0)


def _figure(low: float, width: float, exact: bool, approximate: bool) -> _Value:
    high = low if exact else low + width
    quantity = Quantity(Span("a1", 0, 2), "12", low, low, high, "m", "length", "", approximate)
    return _Value(quantity, _SENTENCE, "a1")


def _date(date: str) -> _Value:
    return _Value(DateMention(Span("a1", 0, 4), date, date, False, ""), _SENTENCE, "a1")


_FIGURES = st.builds(_figure, st.floats(0, 100), st.floats(0, 50), st.booleans(), st.booleans())
_DATES = st.builds(_date, st.sampled_from(["2020", "2020-08", "2020-08-18", "2020-08-19", "2019-08", "2012"]))


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.tuples(_FIGURES, _FIGURES), st.tuples(_DATES, _DATES)))
def test_two_values_agree_as_their_comparison_says(pair: tuple[_Value, _Value]) -> None:
    assert _agree(*pair) == _compare(list(pair)).compatible
