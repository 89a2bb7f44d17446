"""Numbers and units in invented sentences: what is read, how it is normalized, and when figures agree."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.clean import clean_all
from storyline.quantities import (
    _CLOCK,
    _CLOCK_END,
    _MODIFIERS,
    _UNITS,
    _VAGUE,
    _WORD_NUMBER,
    APPROXIMATE_TOLERANCE,
    MEASUREMENT_TOLERANCE,
    _alternation,
    comparable,
    compare_quantities,
    compatible,
    find_quantities,
    find_times,
    format_quantity,
    parse_number,
    quantities_in,
    tolerance,
)
from storyline.quantities import _word_starts as word_starts
from storyline.segment import split
from storyline.sources.files import read_articles
from storyline.types import Quantity, Sentence, Span

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def sentence_in(article: str, text: str, article_id: str = "a1") -> Sentence:
    """The sentence `text` where it stands in `article`, so spans are article offsets."""
    start = article.index(text)
    return Sentence(Span(article_id, start, start + len(text)), text, 0, 0)


def quantities(text: str) -> tuple[Quantity, ...]:
    return find_quantities(Sentence(Span("a1", 0, len(text)), text, 0, 0))


def only(text: str) -> Quantity:
    """The one quantity `text` states."""
    [quantity] = quantities(text)
    return quantity


def texts(text: str) -> list[str]:
    return [q.text for q in quantities(text)]


# --- What is read ---------------------------------------------------------------------------------------------


def test_a_distance_and_its_bracketed_conversion_are_two_quantities() -> None:
    found = quantities("The depot at Varlo is only 15 kilometers (less than 10 miles) from the harbour.")
    assert [q.text for q in found] == ["only 15 kilometers", "less than 10 miles"]
    assert found[0].value == 15000
    assert (found[1].low, found[1].high) == (0.0, pytest.approx(16093.44))


def test_a_bracketed_conversion_is_marked_approximate() -> None:
    first, converted = quantities("The pass is 10 kilometres (six miles) long.")
    assert not first.approximate
    assert converted.approximate


def test_spans_are_article_offsets_and_cover_modifier_number_and_unit() -> None:
    article = "Storm in Talmoor\n\nRescuers said at least 14 people were hurt about 15 kilometres away."
    sentence = sentence_in(article, "Rescuers said at least 14 people were hurt about 15 kilometres away.")
    found = find_quantities(sentence)
    assert [q.text for q in found] == ["at least 14 people", "about 15 kilometres"]
    for quantity in found:
        assert article[quantity.span.start : quantity.span.end] == quantity.text
        assert quantity.span.article_id == "a1"


def test_at_least_fourteen_people_is_a_lower_bound_on_a_count_of_people() -> None:
    quantity = only("Medics said at least 14 people died in the crush.")
    assert (quantity.dimension, quantity.counted, quantity.low, quantity.high) == ("count", "peopl", 14, math.inf)


def test_about_a_hundred_of_the_protesters_counts_protesters() -> None:
    quantity = only("About 100 of the protesters marched to the town hall.")
    assert quantity.text == "About 100 of the protesters"
    assert (quantity.value, quantity.counted, quantity.approximate) == (100, "protest", True)


def test_more_than_two_months_is_a_duration_lower_bound() -> None:
    quantity = only("The strike followed more than two months of talks.")
    assert quantity.text == "more than two months"
    assert quantity.dimension == "duration"
    assert quantity.unit == "s"
    assert quantity.low == pytest.approx(2 * 30.436875 * 86400)
    assert quantity.high == math.inf


def test_a_plain_count_names_what_it_counts() -> None:
    quantity = only("A trade bloc of 15 countries condemned the vote.")
    assert (quantity.text, quantity.dimension, quantity.counted) == ("15 countries", "count", "countri")


def test_the_counted_noun_skips_adjectives() -> None:
    assert only("Police arrested 15 armed men at the border.").counted == "men"
    assert only("Officers questioned 12 Varlish fishermen.").counted == "fishermen"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Rescuers found ten survivors.", 10),
        ("Fourteen people were rescued.", 14),
        ("The club has twenty-five members.", 25),
        ("Crews cleared 1,200 trees.", 1200),
        ("The tank holds 3.5 tonnes.", 3500),
        ("A dozen people waited outside.", 12),
        ("The region has two million people.", 2_000_000),
        ("The fund lost $3.5 million last year.", 3_500_000),
    ],
)
def test_numbers_in_digits_and_words_are_read(text: str, value: float) -> None:
    assert only(text).value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "dimension", "unit", "value"),
    [
        ("a 15 km stretch", "length", "m", 15000),
        ("about 15 kilometres south", "length", "m", 15000),
        ("some ten miles away", "length", "m", 16093.44),
        ("a 300-metre tunnel", "length", "m", 300),
        ("a wall 12 feet high", "length", "m", 3.6576),
        ("loads of 40 kg each", "mass", "kg", 40),
        ("hail for 20 minutes", "duration", "s", 1200),
        ("winds of up to 140 kilometres an hour", "speed", "m/s", 140 / 3.6),
        ("fires burned 5,000 hectares", "area", "m2", 5e7),
        ("a rise of 12 per cent", "percent", "%", 12),
        ("a rise of 12%", "percent", "%", 12),
        ("a fine of €2,000", "money", "EUR", 2000),
        ("a £2bn budget", "money", "GBP", 2e9),
        ("grants worth US$3.5 million", "money", "USD", 3.5e6),
    ],
)
def test_units_are_normalized_to_base_units(text: str, dimension: str, unit: str, value: float) -> None:
    quantity = only(text)
    assert (quantity.dimension, quantity.unit) == (dimension, unit)
    assert quantity.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "The mutiny began in 2012 at the camp.",
        "It mirrors the 2012 coup in the north.",
        "He won that 2013 vote easily.",
        "On March 21, 2012, soldiers rioted.",
        "The vote is on Aug. 18 in the capital.",
        "The hearing was moved to 21 March.",
        "Shots were heard at 10 am and again at 5.30pm.",
        "Troops of the G5 Sahel force and the M5-RFP coalition met.",
        "The COVID-19 rules were lifted.",
        "It was the second storm this winter.",
        "The coup happened eight years ago.",
        "The 75-year-old president resigned.",
        "Flight 370 was never found.",
        "Article 5 of the treaty was invoked.",
        "The home team won 3-1 on the night.",
        "Cells in the 1990s were smaller.",
        "One rebel leader spoke to reporters.",
        "Two-thirds of voters stayed home.",
    ],
)
def test_years_dates_times_ordinals_and_names_are_not_quantities(text: str) -> None:
    assert quantities(text) == ()


def test_a_four_digit_count_of_plural_things_is_not_a_year() -> None:
    assert only("The army sent 2000 soldiers north.").counted == "soldier"
    assert only("More than 2012 people signed.").low == 2012


def test_an_age_after_a_name_is_a_count_of_nothing_named() -> None:
    quantity = only("Ilse Brandt, 61, said the bridge was closed.")
    assert (quantity.value, quantity.counted) == (61, "")


def test_vague_plurals_are_approximate_with_a_wide_range() -> None:
    quantity = only("Thousands of soldiers have been killed.")
    assert (quantity.counted, quantity.approximate) == ("soldier", True)
    assert quantity.low == 2000 < quantity.high
    assert only("Tens of thousands of protesters marched.").low == 20000


def test_ranges_are_one_quantity() -> None:
    between = only("Waves of between 10 and 15 kilometres inland")
    assert (between.low, between.high) == (10000, 15000)
    four_or_five = only("four or five people were hurt")
    assert (four_or_five.low, four_or_five.high, four_or_five.counted) == (4, 5, "peopl")
    assert only("10-15 people were hurt").text == "10-15 people"


def test_a_mile_is_one_mile_and_approximate() -> None:
    quantity = only("The camp is a mile from the river.")
    assert quantity.value == pytest.approx(1609.344)
    assert quantity.approximate


def test_parse_number_reads_digits_and_words() -> None:
    assert parse_number("1,200") == 1200
    assert parse_number("eight") == 8
    assert parse_number("twenty-five") == 25
    assert parse_number("a") == 1
    assert parse_number("several") is None


# --- Comparison ---------------------------------------------------------------------------------------------


def test_fifteen_kilometres_agrees_with_about_ten_miles() -> None:
    result = compare_quantities([only("15 kilometres"), only("about ten miles")])
    assert result.compatible
    assert result.dimension == "length"
    assert result.explanation == "15 kilometres and about ten miles (16.1 km) agree within the 10% rounding tolerance"


def test_fifteen_kilometers_agrees_with_less_than_ten_miles() -> None:
    assert compare_quantities([only("15 kilometers"), only("less than 10 miles")]).compatible


def test_fifteen_km_conflicts_with_two_km() -> None:
    result = compare_quantities([only("15 km"), only("2 km")])
    assert not result.compatible
    assert result.explanation == "15 km and 2 km cannot both be right"


def test_at_least_fourteen_people_agrees_with_fourteen_people() -> None:
    assert compare_quantities([only("at least 14 people"), only("14 people")]).compatible


def test_at_least_fourteen_people_conflicts_with_ten_people() -> None:
    assert not compare_quantities([only("at least 14 people"), only("10 people")]).compatible


def test_four_firefighters_and_six_people_are_not_comparable() -> None:
    firefighters, people = only("four firefighters"), only("six people")
    assert not comparable(firefighters, people)
    result = compare_quantities([firefighters, people])
    assert result.compatible
    assert "count different things" in result.explanation


def test_thirty_kilometres_agrees_with_about_twenty_miles() -> None:
    assert compare_quantities([only("30 kilometres"), only("about 20 miles")]).compatible


def test_two_kilometres_agrees_with_a_mile_because_a_mile_is_approximate() -> None:
    # 2.0 km is 24% more than 1.61 km: within 25% because "a mile" is a round figure, not a measurement.
    result = compare_quantities([only("2 kilometres"), only("a mile")])
    assert result.compatible
    assert result.explanation.endswith("agree within the 25% tolerance for approximate figures")
    assert not compare_quantities([only("2 kilometres"), only("1 mile")]).compatible


def test_exact_counts_that_differ_conflict() -> None:
    result = compare_quantities([only("4 people"), only("6 people")])
    assert not result.compatible
    assert result.explanation == "4 people and 6 people cannot both be right"


def test_dollars_and_euros_are_never_compared() -> None:
    dollars, euros = only("$3.5 million"), only("€3.5 million")
    assert not comparable(dollars, euros)
    assert "different currencies" in compare_quantities([dollars, euros]).explanation


def test_a_rounded_figure_agrees_with_a_more_precise_one() -> None:
    assert compare_quantities([only("$3.5 million"), only("$3.46 million")]).compatible
    assert not compare_quantities([only("$3.5 million"), only("$3.8 million")]).compatible


def test_tolerance_is_ten_percent_for_measurements_and_twenty_five_for_approximate_figures() -> None:
    assert tolerance(only("15 km")) == MEASUREMENT_TOLERANCE
    assert tolerance(only("about 15 km")) == APPROXIMATE_TOLERANCE
    assert tolerance(only("14 people")) == 0
    assert tolerance(only("3.5 million people")) == pytest.approx(0.05 / 3.5)


def test_fifteen_kilometres_and_seventeen_kilometres_conflict() -> None:
    assert not compatible(only("15 km"), only("17 km"))


def test_values_that_agree_without_tolerance_just_agree() -> None:
    result = compare_quantities([only("15 kilometers"), only("about 15 kilometres"), only("less than 10 miles")])
    assert result.explanation == "15 kilometers, about 15 kilometres and less than 10 miles (16.1 km) agree"


def test_an_empty_or_single_comparison_is_compatible() -> None:
    assert compare_quantities([]).compatible
    assert compare_quantities([only("15 km")]).explanation == "only one value: 15 km"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("less than 10 miles", "16.1 km"),
        ("a mile", "1.6 km"),
        ("300 feet", "91.4 m"),
        ("more than two months", "2 months"),
        ("$3.5 million", "USD 3.5 million"),
        ("12 per cent", "12%"),
        ("12,000 people", "12,000"),
    ],
)
def test_format_quantity(text: str, shown: str) -> None:
    assert format_quantity(only(text)) == shown


# --- Invariants and speed -----------------------------------------------------------------------------------

PIECES = [
    "at least 14 people",
    "about ten miles",
    "only 15 kilometers (less than 10 miles)",
    "in 2012",
    "on March 21, 2012,",
    "$3.5 million",
    "Thousands of soldiers",
    "more than two months",
    "12%",
    "G5 Sahel",
    "COVID-19",
    "the 75-year-old",
    "between 10 and 15 km",
    "10-15",
    "a mile",
    "Keita, 75,",
    "the",
    "fled",
    "(",
    ")",
    ",",
    "—",
    "\u00a0",
    "é",
]


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12), st.text(max_size=5))
def test_every_span_is_the_text_it_reports(pieces: list[str], prefix: str) -> None:
    article = prefix + "\n" + " ".join(pieces)
    text = " ".join(pieces)
    for quantity in find_quantities(sentence_in(article, text)):
        assert article[quantity.span.start : quantity.span.end] == quantity.text
        assert quantity.low <= quantity.value <= quantity.high or quantity.high == math.inf


@PROPERTY_SETTINGS
@given(st.text())
def test_arbitrary_text_never_crashes(text: str) -> None:
    for quantity in quantities(text):
        assert text[quantity.span.start : quantity.span.end] == quantity.text


# --- The real Mali example -----------------------------------------------------------------------------------


def _mali_quantities(mali_dir: Path) -> list[tuple[str, Quantity]]:
    articles = clean_all(read_articles([mali_dir]))
    found = []
    for article in articles:
        for sentence in split(article):
            for quantity in find_quantities(sentence):
                assert article.text[quantity.span.start : quantity.span.end] == quantity.text
                found.append((Path(article.origin).name[:3], quantity))
    return found


def test_mali_distances_all_agree(mali_dir: Path) -> None:
    found = _mali_quantities(mali_dir)
    distances = [q for _, q in found if q.dimension == "length"]
    assert len(distances) >= 5  # 15 km in four reports, "less than 10 miles", "about ten miles"
    assert compare_quantities(distances).compatible


def test_mali_counts_and_durations(mali_dir: Path) -> None:
    found = {q.text: q for _, q in _mali_quantities(mali_dir)}
    assert found["at least 14 people"].low == 14
    assert found["About 100 of the protesters"].counted == "protest"
    assert found["more than two months"].dimension == "duration"
    assert found["15 countries"].counted == "countri"
    assert not [text for text in found if "2012" in text or "M5" in text]


# --- Times of day ---------------------------------------------------------------------------------------------


def times(text: str) -> list[Quantity]:
    return list(find_times(Sentence(Span("a1", 0, len(text)), text, 0, 0)))


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("The fire broke out at 4:40 a.m. on Saturday.", 280),
        ("The fire started at 4.40am in a tank.", 280),
        ("It was under control by 3pm.", 900),
        ("The vote closed at 12 p.m. sharp.", 720),
        ("The vote opened at 12 a.m. sharp.", 0),
        ("Polls close at 16:00 GMT on Monday.", 960),
    ],
)
def test_clock_times_are_minutes_after_midnight(text: str, minutes: int) -> None:
    [time] = times(text)
    assert time.dimension == "time"
    assert time.value == minutes


def test_a_bare_clock_figure_is_not_read_as_a_time() -> None:
    assert times("The home side led 16:00 at half-time and 2.30 per share.") == []


def test_shortly_before_five_is_the_half_hour_before_five() -> None:
    [time] = times("The fire started shortly before 5 a.m. in Tank 7.")
    assert (time.low, time.high, time.approximate) == (270, 300, True)
    assert time.text == "shortly before 5 a.m."


def test_times_agree_within_half_an_hour_when_approximate_and_exactly_otherwise() -> None:
    [about] = times("at about 4:40 a.m.")
    [shortly] = times("shortly before 5 a.m.")
    [exact] = times("at 4.40am")
    [later] = times("at 5:30 a.m.")
    assert compatible(about, shortly)
    assert compatible(exact, about)
    assert not compatible(exact, later)
    assert compare_quantities([exact, about, shortly]).compatible


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from([*PIECES, "4:40 a.m.", "shortly before 5 a.m.", "3pm", "16:00 GMT"]), max_size=8))
def test_every_time_span_is_the_text_it_reports(pieces: list[str]) -> None:
    article = "x\n" + " ".join(pieces)
    for time in find_times(sentence_in(article, " ".join(pieces))):
        assert article[time.span.start : time.span.end] == time.text
        assert time.low <= time.value <= time.high


def test_residents_and_people_are_counts_of_the_same_kind() -> None:
    assert comparable(only("About 3,200 residents left."), only("roughly 3,200 people left."))
    assert not comparable(only("Four firefighters were hurt."), only("Six people were hurt."))


def test_the_same_text_in_two_articles_gives_the_same_figures_at_each_place() -> None:
    text = "About 3,200 residents fled 15 km south."
    first = find_quantities(sentence_in("x\n" + text, text, "a1"))
    second = find_quantities(sentence_in("A longer opening line.\n" + text, text, "a2"))
    assert [q.text for q in first] == [q.text for q in second] == ["About 3,200 residents", "15 km"]
    assert [q.span.start - first[0].span.start for q in first] == [q.span.start - second[0].span.start for q in second]
    assert {q.span.article_id for q in second} == {"a2"}
    assert [(q.span.start, q.span.end) for q in quantities_in(text)] == [(0, 21), (27, 32)]


_LETTERS_AND_MORE = "aonetwn -'É1.\u00a0"


@PROPERTY_SETTINGS
@given(st.text(alphabet=_LETTERS_AND_MORE, max_size=30), st.sets(st.sampled_from(["a", "an", "one", "two", "ten"])))
def test_number_words_are_found_where_reading_every_word_finds_them(text: str, wanted: set[str]) -> None:
    lowered = text.lower()
    expected = [token.start() for token in re.finditer("[a-z]+", lowered) if token.group() in wanted]
    assert word_starts(lowered, wanted) == expected


_NUMBER_PIECES = ["a", "an", "one", "twenty", "hundred", "thousand", "dozen", "half", "and", "dozens", "tens", "km"]


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from(_NUMBER_PIECES), min_size=1, max_size=5), st.sampled_from([" ", "-", "  "]))
def test_a_number_in_words_is_read_when_the_whole_text_is_one(pieces: list[str], joint: str) -> None:
    text = joint.join(pieces)
    plain = re.fullmatch(_WORD_NUMBER, " ".join(text.split()), re.IGNORECASE)
    if text.lower() in {"a", "an"}:
        assert parse_number(text) == 1.0
    else:
        assert (parse_number(text) is not None) == (plain is not None)


def _plain_alternation(words: list[str]) -> str:
    """Every word in turn, the longest first: what `_alternation` writes as a tree."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_CONTEXTS = [
    (list(_UNITS), r"(?:\s+|-|\s?(?=[%°²]))?(?P<unit>{})(?![\w/²])"),
    (list(_MODIFIERS), r"(?<![\w-])(?P<modifier>{})\s+\Z"),
    (list(_VAGUE), r"\b(?:{})\b"),
]
_PATTERN_PAIRS = [
    tuple(re.compile(context.format(write(words)), re.IGNORECASE) for write in (_plain_alternation, _alternation))
    for words, context in _CONTEXTS
]
_SPELLING_PIECES = sorted({w for words, _ in _CONTEXTS for w in words} | {" ", "  ", "-", "/", "s", "2", "x", "\n"})


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from(_SPELLING_PIECES), max_size=6), st.booleans())
def test_the_tree_of_spellings_matches_as_every_spelling_in_turn_does(pieces: list[str], upper: bool) -> None:
    text = "".join(pieces).upper() if upper else "".join(pieces)
    for plain, tree in _PATTERN_PAIRS:
        for at in range(len(text) + 1):
            expected, found = plain.match(text, at), tree.match(text, at)
            assert (expected and expected.span()) == (found and found.span())
            assert (expected and expected.groupdict()) == (found and found.groupdict())
            expected, found = plain.search(text, 0, at), tree.search(text, 0, at)
            assert (expected and expected.span()) == (found and found.span())


_CLOCK_PIECES = ["4", "16", ":", ".", "40", " ", "\u00a0", "a", "P", "m", ".m.", "GMT", "utc", "local time", "x"]


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from(_CLOCK_PIECES)))
def test_every_clock_time_holds_what_the_quick_search_looks_for(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _CLOCK_END.search(text) is not None or _CLOCK.search(text) is None
