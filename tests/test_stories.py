"""Stories in the store: listing them (a page at a time) and briefing one, or what is new in it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_stream import CUP, FIRE_HERALD, FIRE_HERALD_REVISED, FIRE_SIGNAL, write_jsonl

from storyline.errors import InputError
from storyline.stream.backends import open_store
from storyline.stream.ingest import ingest
from storyline.stream.store import Store
from storyline.stream.stories import (
    brief_story,
    find_story,
    list_stories,
    parse_since,
    stored_story_briefing,
    stories_to_dict,
    story_briefing_to_dict,
    story_page,
    story_page_to_dict,
)


@pytest.fixture
def store(store_location: str) -> Any:
    with open_store(store_location) as opened:
        yield opened


def test_list_stories_since_a_date_and_as_json(store: Store, tmp_path: Path) -> None:
    ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL, CUP)])
    stories = list_stories(store)
    assert [s.title for s in stories] == [CUP["title"], FIRE_HERALD["title"]]  # most recent first
    fire = stories[1]
    assert (fire.article_count, fire.outlet_count, fire.first_seen, fire.last_seen) == (
        2,
        2,
        "2026-11-20",
        "2026-11-20",
    )
    assert [s.title for s in list_stories(store, since=date(2026, 11, 21))] == [CUP["title"]]
    data = stories_to_dict(stories)
    assert data["schema"] == "storyline.stories/1"
    first_article = data["stories"][1]["articles"][0]
    assert {key: first_article[key] for key in ("url", "title", "source")} == {
        "url": FIRE_HERALD["url"],
        "title": FIRE_HERALD["title"],
        "source": FIRE_HERALD["source"],
    }
    assert isinstance(first_article["id"], int)


def test_a_page_of_stories_is_a_slice_of_the_list_with_the_total(store: Store, tmp_path: Path) -> None:
    ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL, CUP)])
    everything = list_stories(store)
    first, second = story_page(store, limit=1), story_page(store, limit=1, offset=1)
    assert [first.stories, second.stories] == [tuple(everything[:1]), tuple(everything[1:])]
    assert (first.total, second.total, second.offset) == (2, 2, 1)
    assert list_stories(store, limit=1, offset=1) == everything[1:]
    assert story_page(store, "2026-11-21", limit=5).total == 1
    data = story_page_to_dict(second)
    assert (data["total"], data["limit"], data["offset"]) == (2, 1, 1)
    assert data["stories"] == stories_to_dict(everything[1:])["stories"]
    # The command line's `stories --format json` prints stories_to_dict: no paging fields there.
    assert set(stories_to_dict(everything)) == {"schema", "stories"}
    with pytest.raises(ValueError, match="limit"):
        story_page(store, limit=0)


def test_paging_by_next_does_not_repeat_a_story_that_moved_to_the_top(store: Store, tmp_path: Path) -> None:
    ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL, CUP)])
    newest, older = (story.id for story in list_stories(store))  # the cup final, then the fire
    first = story_page(store, limit=1)
    assert [story.id for story in first.stories] == [newest]
    # Before the next page is asked for, the older story gets a new article and moves to the top.
    store.connection.execute("UPDATE stories SET last_seen = last_seen + 3 * 86400 WHERE id = ?", (older,))
    second = story_page(store, limit=1, after=first.next)
    assert second.stories == ()  # nothing after the first page's story: the moved one is above it now
    assert second.next == ""
    assert [story.id for story in story_page(store, limit=1, offset=1).stories] == [newest]  # offset repeats
    with pytest.raises(InputError, match="after"):
        story_page(store, limit=1, after="not a position")


def test_the_last_page_names_no_next_page_even_when_it_is_full(store: Store, tmp_path: Path) -> None:
    ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL, CUP)])  # two stories
    first = story_page(store, limit=1)
    last = story_page(store, limit=1, after=first.next)
    assert (len(first.stories), len(last.stories)) == (1, 1)
    assert first.next != ""
    assert last.next == ""
    assert story_page(store, limit=2).next == ""


def test_parse_since_reads_days_weeks_and_dates() -> None:
    today = date(2026, 11, 22)
    assert parse_since("2d", today=today) == date(2026, 11, 20)
    assert parse_since("1w", today=today) == date(2026, 11, 15)
    assert parse_since("2026-11-01", today=today) == date(2026, 11, 1)
    with pytest.raises(InputError, match="2d"):
        parse_since("yesterday", today=today)


def test_brief_story_stores_the_briefing_with_what_made_it(store: Store, tmp_path: Path) -> None:
    report = ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL, CUP)])
    fire_story = report.articles[0].story_id
    result = brief_story(store, fire_story, words=60)
    assert result.changes is None
    assert len(result.briefing.articles) == 2
    stored = store.last_briefing(fire_story)
    assert stored is not None
    assert stored.id == result.briefing_id
    assert stored.settings == {"words": 60, "summarizer": "coverage.v1"}
    assert stored.article_ids == (report.articles[0].article_id, report.articles[1].article_id)
    assert stored.briefing["schema"] == "storyline.briefing/2"
    assert stored.briefing["summary"]


def test_since_last_compares_with_the_last_briefing_shown(store: Store, tmp_path: Path) -> None:
    ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD)])
    story_id = list_stories(store)[0].id
    first = brief_story(store, story_id, since_last=True)
    assert (first.previous, first.changes) == (None, None)  # nothing shown before: the whole briefing
    ingest(store, [write_jsonl(tmp_path / "b.jsonl", FIRE_SIGNAL)])
    second = brief_story(store, story_id, since_last=True)
    assert second.previous is not None
    assert second.previous.id == first.briefing_id
    assert second.changes is not None
    assert [change.url for change in second.changes.new_articles] == [FIRE_SIGNAL["url"]]
    third = brief_story(store, story_id, since_last=True)
    assert third.changes is not None
    assert third.changes.empty


def test_a_briefing_not_recorded_writes_nothing_and_compares_with_the_last_recorded(
    store: Store, tmp_path: Path
) -> None:
    ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD)])
    story_id = list_stories(store)[0].id
    looked = brief_story(store, story_id, since_last=True, record=False)
    assert (looked.briefing_id, store.last_briefing(story_id)) == (None, None)
    assert story_briefing_to_dict(looked)["briefing_id"] is None
    seen = brief_story(store, story_id)
    ingest(store, [write_jsonl(tmp_path / "b.jsonl", FIRE_SIGNAL)])
    peeks = [brief_story(store, story_id, since_last=True, record=False) for _ in range(2)]
    for peek in peeks:  # each against the briefing the user saw, never against the peek before it
        assert peek.previous is not None
        assert peek.previous.id == seen.briefing_id
        assert peek.changes is not None
        assert [change.url for change in peek.changes.new_articles] == [FIRE_SIGNAL["url"]]
    last = store.last_briefing(story_id)
    assert last is not None
    assert last.id == seen.briefing_id


def test_since_last_shows_a_figure_a_revision_changed(store: Store, tmp_path: Path) -> None:
    ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL)])
    story_id = list_stories(store)[0].id
    brief_story(store, story_id)
    ingest(store, [write_jsonl(tmp_path / "b.jsonl", FIRE_HERALD_REVISED)])
    changes = brief_story(store, story_id, since_last=True).changes
    assert changes is not None
    assert [(a.kind, a.url) for a in changes.new_articles] == [("revised", FIRE_HERALD["url"])]
    assert [(v.old_value, v.new_value.text) for v in changes.changed_values] == [
        ("four firefighters", "six firefighters")
    ]


def test_an_unknown_story_says_how_to_list_the_ids(store: Store) -> None:
    with pytest.raises(InputError, match="storyline stories"):
        brief_story(store, 42)


def test_a_merged_story_names_the_story_it_went_into(store: Store, tmp_path: Path) -> None:
    ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, CUP)])
    store.connection.execute("UPDATE stories SET merged_into = 2 WHERE id = 1")  # as a clusterer merge leaves it
    with pytest.raises(InputError, match="--story 2"):
        find_story(store, 1)


def test_story_briefing_to_dict_holds_the_story_briefing_and_changes(store: Store, tmp_path: Path) -> None:
    ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD)])
    story_id = list_stories(store, since="2026-11-20")[0].id
    first = story_briefing_to_dict(brief_story(store, story_id))
    assert (first["story"]["id"], first["previous"], first["changes"]) == (story_id, None, None)
    assert first["briefing"]["schema"] == "storyline.briefing/2"
    second = story_briefing_to_dict(brief_story(store, story_id, since_last=True))
    assert second["previous"]["id"] == first["briefing_id"]
    assert second["changes"]["schema"] == "storyline.changes/1"
    json.dumps(second)  # JSON-ready


def test_a_look_reuses_the_stored_briefing_until_the_story_changes(store: Store, tmp_path: Path) -> None:
    report = ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, CUP)])
    fire = report.articles[0].story_id
    assert stored_story_briefing(store, fire) is None  # never briefed
    brief_story(store, fire)  # shown to the user, so stored
    fresh = story_briefing_to_dict(brief_story(store, fire, record=False))
    assert stored_story_briefing(store, fire) == fresh
    assert stored_story_briefing(store, fire, words=50) is None  # other settings: brief again
    ingest(store, [write_jsonl(tmp_path / "b.jsonl", FIRE_SIGNAL)])
    assert stored_story_briefing(store, fire) is None  # a new report in the story: brief again


# One outlet's reports of three events, each ending with its five-line footer (tests/streams).
FURNITURE = Path(__file__).parent / "streams" / "outlet-furniture.jsonl"


def test_a_briefing_drops_the_lines_an_outlet_repeats_across_its_stories_and_says_why(store: Store) -> None:
    report = ingest(store, [FURNITURE])
    chile = report.articles[0].story_id
    briefing = brief_story(store, chile, record=False).briefing
    courier = [article for article in briefing.articles if article.source == "Lakeshore Courier"]
    assert len(courier) == 2
    for article in courier:
        dropped = [removal for removal in article.removed if "Brightwater" in removal.text]
        assert [removal.reason for removal in dropped] == ["repeated across 4 articles of Lakeshore Courier"]
        assert "Brightwater" not in article.text
        assert "Pilsener" not in article.text
        assert "Baeza" in article.text


def test_a_paragraph_an_outlet_repeats_within_one_story_only_is_kept(store: Store, tmp_path: Path) -> None:
    background = "The Saltmarsh district was flooded twice last winter, and the depot stands on its edge."
    reports = [
        {
            **FIRE_HERALD,
            "url": f"https://herald.example/fire/{day}",
            "published": f"2026-11-2{day}",
            "text": f"{FIRE_HERALD['text']}\n\nDay {day}: crews were still on site.\n\n{background}",
        }
        for day in (0, 1, 2)
    ]
    report = ingest(store, [write_jsonl(tmp_path / "a.jsonl", *reports)])
    assert len({result.story_id for result in report.articles}) == 1
    briefing = brief_story(store, report.articles[0].story_id, record=False).briefing
    assert all("Saltmarsh district was flooded" in article.text for article in briefing.articles)
