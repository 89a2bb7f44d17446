"""The timeline: dates resolved against publication, merged across outlets, disputes and background apart."""

from __future__ import annotations

from pathlib import Path

from storyline import brief, read_articles
from storyline.timeline import reference_dates
from storyline.types import Article, RawArticle

BRIDGE = Path(__file__).parent / "labelled" / "bridge-collapse"
_BRIEFING = brief(read_articles(BRIDGE))


def test_the_collapse_is_dated_sunday_and_the_saturday_report_is_shown_as_a_dispute() -> None:
    event = next(e for e in _BRIEFING.timeline if "collapsed" in e.text)
    assert event.date == "2025-10-12"  # "Sunday evening" in four articles, published Monday 13 October
    assert event.disputed
    assert {m.date for m in event.dates} == {"2025-10-11", "2025-10-12"}


def test_a_planned_inquiry_resolves_to_the_coming_wednesday() -> None:
    event = next(e for e in _BRIEFING.timeline if "would begin on Wednesday" in e.text)
    assert event.date == "2025-10-15"
    assert not event.background


def test_earlier_years_are_background_and_come_first() -> None:
    background = [e for e in _BRIEFING.timeline if e.background]
    assert {e.date for e in background} == {"1974", "2019", "2021", "2024"}
    assert _BRIEFING.timeline[: len(background)] == tuple(background)


def test_events_of_the_reported_days_are_in_date_order() -> None:
    dates = [e.date for e in _BRIEFING.timeline if not e.background]
    assert dates == sorted(dates)


def test_an_article_without_a_date_uses_the_date_most_articles_give() -> None:
    articles = [
        Article(id="a", text="x", origin="a", published="2025-10-13"),
        Article(id="b", text="x", origin="b", published="2025-10-13"),
        Article(id="c", text="x", origin="c", published="2025-10-14"),
        Article(id="d", text="x", origin="d"),
    ]
    assert reference_dates(articles) == {"a": "2025-10-13", "b": "2025-10-13", "c": "2025-10-14", "d": "2025-10-13"}


def test_without_any_publication_date_relative_dates_are_left_out() -> None:
    briefing = brief(["Rescuers said on Tuesday that the bridge collapsed in 1974 and nobody was hurt at all."])
    assert [e.date for e in briefing.timeline] == ["1974"]


def test_a_year_naming_an_earlier_event_does_not_date_the_sentence() -> None:
    text = (
        "Soldiers seized the radio station in Vessel on Tuesday morning.\n\n"
        "It was not clear who led the mutiny, but it began at the barracks where the country's 2012 coup started."
    )
    briefing = brief([RawArticle(text=text, origin="a.txt", published="2026-05-12")])
    assert not [e for e in briefing.timeline if "who led the mutiny" in e.text]
