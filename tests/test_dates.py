"""Dates in invented sentences, resolved against a reference day: Tuesday 2020-08-18 unless a test says not."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.clean import clean_all
from storyline.dates import compare_dates, find_dates, same_date
from storyline.segment import split
from storyline.sources.files import read_articles
from storyline.types import DateMention, Sentence, Span

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TUESDAY = "2020-08-18"


def dates(text: str, reference: str = TUESDAY) -> tuple[DateMention, ...]:
    return find_dates(Sentence(Span("a1", 0, len(text)), text, 0, 0), reference)


def resolved(text: str, reference: str = TUESDAY) -> list[tuple[str, str]]:
    """(verbatim text, ISO date) of every date in `text`."""
    return [(mention.text, mention.date) for mention in dates(text, reference)]


def only(text: str, reference: str = TUESDAY) -> DateMention:
    [mention] = dates(text, reference)
    return mention


# --- Weekdays: the tense of the clause decides the direction ----------------------------------------------


def test_on_tuesday_in_a_tuesday_paper_is_that_day() -> None:
    assert resolved("Soldiers seized the barracks at Orvel on Tuesday and detained officers.") == [
        ("Tuesday", "2020-08-18")
    ]


def test_a_weekday_the_clause_looks_forward_to_is_the_next_one() -> None:
    text = "The council is due to hold emergency talks on the floods on Wednesday afternoon, officials said."
    assert resolved(text) == [("Wednesday afternoon", "2020-08-19")]


def test_a_past_weekday_is_the_most_recent_one() -> None:
    assert only("Police said on Monday that the suspect had fled.").date == "2020-08-17"
    assert only("The ferry sank on Friday near the cape.").date == "2020-08-14"


def test_a_weekday_opening_the_sentence_takes_the_tense_of_the_main_clause() -> None:
    assert only("On Wednesday, the council will vote on the budget.").date == "2020-08-19"
    assert only("On Monday, the council voted on the budget.").date == "2020-08-17"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("The vote will take place on Monday.", "2020-08-24"),
        ("The minister plans to visit on Thursday.", "2020-08-20"),
        ("A new trial is set to start Friday.", "2020-08-21"),
        ("The talks are expected to resume on Tuesday.", "2020-08-18"),
    ],
)
def test_future_markers(text: str, date: str) -> None:
    assert only(text).date == date


def test_last_next_and_this_weekday() -> None:
    assert resolved("We met last Tuesday, meet next Tuesday and again this Tuesday.") == [
        ("last Tuesday", "2020-08-11"),
        ("next Tuesday", "2020-08-25"),
        ("this Tuesday", "2020-08-18"),
    ]


def test_possessive_weekdays_are_dates() -> None:
    assert resolved("Tuesday's clashes left the square empty.") == [("Tuesday", "2020-08-18")]
    assert resolved("Tuesday’ events echoed the riots.") == [("Tuesday", "2020-08-18")]


def test_weekdays_in_names_are_not_dates() -> None:
    assert dates("The Sunday Times reported on Super Tuesday results and Good Friday.") == ()


# --- Absolute dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "date"),
    [
        ("On March 21, 2012, a mutiny began at the depot.", "March 21, 2012", "2012-03-21"),
        ("The depot fell on 21 March 2012 after a siege.", "21 March 2012", "2012-03-21"),
        ("The ruling came on Aug. 18, 2020 in the morning.", "Aug. 18, 2020", "2020-08-18"),
        ("A photo taken Tuesday Aug. 18, 2020 shows the gate.", "Tuesday Aug. 18, 2020", "2020-08-18"),
        ("A photo taken Tuesday, Aug. 18, 2020 shows the gate.", "Tuesday, Aug. 18, 2020", "2020-08-18"),
        ("It opened on August 18, 2020.", "August 18, 2020", "2020-08-18"),
        ("Talks broke down by June 30, 2020.", "June 30, 2020", "2020-06-30"),
        ("Filed 2020-08-18 by the clerk.", "2020-08-18", "2020-08-18"),
        ("Elections were held in March 2012 under pressure.", "March 2012", "2012-03"),
        ("The first vote came on the 1st of May 2019.", "the 1st of May 2019", "2019-05-01"),
    ],
)
def test_full_dates(text: str, mention: str, date: str) -> None:
    found = only(text, reference="")
    assert (found.text, found.date, found.relative, found.reference) == (mention, date, False, "")


@pytest.mark.parametrize(
    "text",
    ["The coup began in 2012 in the north.", "It mirrored the 2012 coup.", "The man who won that 2012 vote."],
)
def test_years_used_as_years(text: str) -> None:
    assert resolved(text, reference="") == [("2012", "2012")]


@pytest.mark.parametrize(
    "text",
    [
        "A petition drew 2,012 people.",
        "The army sent 2000 soldiers.",
        "More than 2000 signed it.",
        "Some 15 2012 models were recalled.",
        "Under Resolution 2100 the mission grew.",
        "The invalid date February 30, 2020 appears here.",
    ],
)
def test_numbers_that_are_not_years_or_dates(text: str) -> None:
    assert dates(text, reference="") == ()


def test_an_old_year_needs_a_preposition() -> None:
    assert resolved("The harbour was built in 1725 by convicts.") == [("1725", "1725")]
    assert dates("In all, 1725 convicts built the harbour.") == ()


def test_a_day_without_a_year_is_the_most_recent_one() -> None:
    assert only("The hearing was held on March 21 in the capital.").date == "2020-03-21"
    assert only("The polls open on Aug. 20 in the south.").date == "2020-08-20"  # a few days' grace
    assert only("Elections are scheduled for March 21.").date == "2021-03-21"


def test_a_day_without_a_year_needs_a_reference() -> None:
    assert dates("The hearing was held on March 21 in the capital.", reference="") == ()


@pytest.mark.parametrize(
    "text",
    [
        "You may be right about it.",
        "The march on the palace began at noon.",
        "March on, the general said.",
        "Jan Smith spoke first.",
    ],
)
def test_month_names_that_are_not_dates(text: str) -> None:
    assert dates(text) == ()


# --- Relative dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "date"),
    [
        ("Protesters gathered today in the square.", "today", "2020-08-18"),
        ("Today’s vote was close.", "Today", "2020-08-18"),
        ("The mayor will speak tonight.", "tonight", "2020-08-18"),
        ("Crews arrived this morning.", "this morning", "2020-08-18"),
        ("The fire started earlier in the day.", "earlier in the day", "2020-08-18"),
        ("Markets fell yesterday.", "yesterday", "2020-08-17"),
        ("The court rules tomorrow.", "tomorrow", "2020-08-19"),
        ("Talks stalled last week.", "last week", "2020-08"),
        ("Prices rose last month.", "last month", "2020-07"),
        ("Attacks rose in the north last year.", "last year", "2019"),
        ("Turnout is down this year.", "this year", "2020"),
        ("The coup happened eight years ago.", "eight years ago", "2012"),
        ("The coup happened more than eight years ago.", "more than eight years ago", "2012"),
        ("The ship left three days ago.", "three days ago", "2020-08-15"),
        ("Prices peaked two months ago.", "two months ago", "2020-06"),
        ("Protests have gone on since June.", "June", "2020-06"),
        ("Protests began in mid-June.", "mid-June", "2020-06"),
        ("Her rival was kidnapped in March this year.", "March this year", "2020-03"),
        ("Elections will be held in March.", "March", "2021-03"),
    ],
)
def test_relative_dates(text: str, mention: str, date: str) -> None:
    found = only(text)
    assert (found.text, found.date, found.relative, found.reference) == (mention, date, True, TUESDAY)


def test_relative_dates_need_a_reference() -> None:
    assert resolved("On Tuesday, eight years after the 2012 coup, protests went on since June.", "") == [
        ("2012", "2012")
    ]


def test_a_week_across_two_months_gives_the_year() -> None:
    assert only("Talks stalled last week.", reference="2020-09-08").date == "2020"  # Aug 31 to Sep 6


@pytest.mark.parametrize(
    "text",
    [
        "The UN has spent more than seven years trying to stabilise the country.",
        "Protests went on for several months.",
        "The talks were recent.",
        "In the last year, prices doubled.",
        "He was interviewed on ABC’s This Week.",
    ],
)
def test_what_cannot_be_placed_is_skipped(text: str) -> None:
    assert dates(text) == ()


# --- Comparison ------------------------------------------------------------------------------------------


def test_same_date_compares_at_the_coarser_precision() -> None:
    assert same_date("2020-08", "2020-08-18")
    assert same_date("2020", "2020-08-18")
    assert not same_date("2020-08-18", "2020-08-19")
    assert not same_date("2019", "2020-08")
    assert not same_date("", "2020")


def test_compare_dates_explains_a_conflict() -> None:
    tuesday = only("Soldiers seized the barracks on Tuesday.")
    wednesday = only("Soldiers seized the barracks on Aug. 19, 2020.")
    result = compare_dates([tuesday, wednesday])
    assert result.dimension == "date"
    assert not result.compatible
    assert result.explanation == "Tuesday (2020-08-18) and Aug. 19, 2020 (2020-08-19) cannot both be right"


def test_compare_dates_accepts_dates_at_different_precision() -> None:
    result = compare_dates([only("It began in March 2012."), only("It began on March 21, 2012.")])
    assert result.compatible
    assert result.explanation == "March 2012 (2012-03) and March 21, 2012 (2012-03-21) agree"


def test_compare_dates_of_one_or_none() -> None:
    assert compare_dates([]).compatible
    assert compare_dates([only("It began in 2012.")]).explanation == "only one date: 2012"


# --- Invariants and speed ----------------------------------------------------------------------------------

PIECES = [
    "on Tuesday",
    "is due to meet on Wednesday",
    "On March 21, 2012,",
    "eight years ago",
    "the 2012 coup",
    "last year",
    "since June",
    "more than seven years",
    "Tuesday Aug. 18, 2020",
    "2020-08-18",
    "March",
    "May",
    "may",
    "today",
    "2,012 people",
    "15",
    "’s",
    ",",
    "will",
    "\u00a0",
]


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12), st.text(max_size=5), st.booleans())
def test_every_span_is_the_text_it_reports(pieces: list[str], prefix: str, known: bool) -> None:
    text = " ".join(pieces)
    article = prefix + "\n" + text
    start = len(prefix) + 1
    sentence = Sentence(Span("a1", start, start + len(text)), text, 0, 0)
    for mention in find_dates(sentence, TUESDAY if known else ""):
        assert article[mention.span.start : mention.span.end] == mention.text
        assert mention.relative == bool(mention.reference)
        assert known or not mention.relative


@PROPERTY_SETTINGS
@given(st.text(), st.sampled_from([TUESDAY, "", "2020-02-29", "not a date"]))
def test_arbitrary_text_never_crashes(text: str, reference: str) -> None:
    for mention in dates(text, reference):
        assert text[mention.span.start : mention.span.end] == mention.text


# --- The real Mali example ---------------------------------------------------------------------------------


def test_mali_dates_resolve_against_the_day_of_the_mutiny(mali_dir: Path) -> None:
    found: list[DateMention] = []
    for article in clean_all(read_articles([mali_dir])):
        for sentence in split(article):
            for mention in find_dates(sentence, TUESDAY):
                assert article.text[mention.span.start : mention.span.end] == mention.text
                found.append(mention)
    given_dates = {(m.text, m.date) for m in found}
    assert ("Tuesday", "2020-08-18") in given_dates
    assert ("Wednesday afternoon", "2020-08-19") in given_dates  # the Security Council "is due to" meet
    assert ("March 21, 2012", "2012-03-21") in given_dates
    assert ("eight years ago", "2012") in given_dates
    assert ("2012", "2012") in given_dates
    assert ("last year", "2019") in given_dates
    assert ("June", "2020-06") in given_dates
    assert not [m for m in found if "seven" in m.text]


def test_a_day_after_a_past_participle_looks_back_even_in_a_clause_that_plans() -> None:
    text = "Officials said they would investigate an oil slick sighted on Monday near the island."
    assert only(text, "2014-12-30").date == "2014-12-29"  # a Tuesday paper: the Monday before


def test_a_day_after_be_and_a_participle_still_looks_ahead() -> None:
    assert only("The vote will be held on Monday.", "2014-12-30").date == "2015-01-05"


def test_would_points_a_weekday_ahead_across_a_long_object() -> None:
    text = "The roads agency said it would publish the inspection records of the bridge on Tuesday."
    assert only(text, "2025-10-13").date == "2025-10-14"  # a Monday paper: the Tuesday after


def test_would_far_before_the_day_leaves_a_past_event_in_the_past() -> None:
    text = "Police would also look into claims by local divers of a loud blast on Sunday near the reef."
    assert only(text, "2025-10-13").date == "2025-10-12"
