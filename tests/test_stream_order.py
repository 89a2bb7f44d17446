"""The same stories whatever order dated articles arrive in: date order, newest first, shuffled, two feeds
interleaved, a backfill a year later, and with an outlier date; developments of one war stay apart in any order.
Every article text here is invented."""

from __future__ import annotations

import functools
import json
import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.stream import store as store_module
from storyline.stream.cluster import StoryClusterer
from storyline.stream.ingest import ingest_articles
from storyline.stream.store import Store
from storyline.types import RawArticle

# Each event: its own words (invented, so rare), the day its reports start, and how many reports it has. Two
# events share their words a year apart (a second flood in the same valley); two run on the same days.
_EVENTS = {
    "flood": (["Varnholt", "levee", "sandbags", "floodwater", "Drummel"], 0, 4),
    "strike": (["dockworkers", "Quillan", "picket", "cranes", "wharfage"], 1, 3),
    "eclipse": (["Ossery", "observatory", "telescope", "eclipse", "corona"], 2, 3),
    "flood-again": (["Varnholt", "levee", "sandbags", "floodwater", "Drummel"], 400, 3),
    "vote": (["Tessaly", "ballots", "councillors", "referendum", "turnout"], 30, 2),
}
_FILLER = [
    "officials said on the day",
    "residents gathered near the square",
    "the regional government issued a statement",
    "more details were expected later",
]
_START = date(2025, 3, 1)


def _article(event: str, number: int) -> RawArticle:
    words, start, _ = _EVENTS[event]
    rng = random.Random(f"{event}{number}")
    sentences = []
    for _ in range(4):
        picked = rng.sample(words, 3)
        sentences.append(f"The {picked[0]} and the {picked[1]} were reported with {picked[2]}, {rng.choice(_FILLER)}.")
    published = _START + timedelta(days=start + number % 2)
    return RawArticle(
        text=" ".join(sentences),
        origin=f"https://news.example/{event}/{number}",
        title=f"{words[0]} {words[1]} report {number}",
        url=f"https://news.example/{event}/{number}",
        published=published.isoformat(),
    )


STREAM = [_article(event, number) for event, (_, _, count) in _EVENTS.items() for number in range(count)]
BY_DATE = sorted(STREAM, key=lambda article: (article.published, article.url))


def stories_after(articles: Sequence[RawArticle], folder: Path) -> frozenset[frozenset[str]]:
    """The partition of URLs into stories after ingesting `articles` in this order into a fresh store."""
    for old in folder.glob("s.db*"):
        old.unlink()
    with Store(folder / "s.db") as store:
        ingest_articles(store, articles, parallel=False, batch_size=4)
        rows = store.connection.execute("SELECT url, story_id FROM articles")
        groups: dict[int, set[str]] = defaultdict(set)
        for url, story_id in rows:
            groups[story_id].add(url)
    return frozenset(frozenset(group) for group in groups.values())


def _interleaved(articles: Sequence[RawArticle]) -> list[RawArticle]:
    first, second = list(articles[0::2]), list(articles[1::2])[::-1]  # the second feed lists newest first
    merged = []
    for index in range(max(len(first), len(second))):
        merged.extend(feed[index] for feed in (first, second) if index < len(feed))
    return merged


def _backfill(articles: Sequence[RawArticle]) -> list[RawArticle]:
    # The year-later flood arrives first; the archive from a year before comes after it.
    late = [article for article in articles if article.published >= (_START + timedelta(days=400)).isoformat()]
    return late + [article for article in articles if article not in late]


def test_date_order_gives_one_story_per_event(tmp_path: Path) -> None:
    expected = {frozenset(article.url for article in STREAM if article.url.split("/")[3] == event) for event in _EVENTS}
    assert stories_after(BY_DATE, tmp_path) == expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    arrangement=st.sampled_from(["newest first", "shuffled", "two feeds", "backfill"]),
    seed=st.integers(0, 2**16),
    held=st.sampled_from([3, 8, 1000]),
)
def test_a_dated_stream_forms_the_same_stories_in_any_order(
    arrangement: str, seed: int, held: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A small memory makes the clusterer let days go and load them back from the store.
    monkeypatch.setattr(store_module, "StoryClusterer", functools.partial(StoryClusterer, held_articles=held))
    if arrangement == "newest first":
        ordered = BY_DATE[::-1]
    elif arrangement == "shuffled":
        ordered = list(BY_DATE)
        random.Random(seed).shuffle(ordered)
    elif arrangement == "two feeds":
        ordered = _interleaved(BY_DATE)
    else:
        ordered = _backfill(BY_DATE)
    assert stories_after(ordered, tmp_path) == stories_after(BY_DATE, tmp_path)


def _fresh(folder: Path) -> Path:
    fresh = folder / "fresh"
    fresh.mkdir(exist_ok=True)
    return fresh


def test_an_article_dated_far_in_the_future_is_refused_and_later_reports_still_join(tmp_path: Path) -> None:
    outlier = RawArticle(
        text="The Pellow marathon runners and the Grisby stadium were reported with medals, officials said.",
        origin="odd",
        title="Marathon",
        url="https://news.example/odd",
        published="9999-12-31",
    )
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(InputError, match="in the future"):
            ingest_articles(store, [outlier], parallel=False)
        ingest_articles(store, BY_DATE, parallel=False, batch_size=4)
        rows = store.connection.execute("SELECT url, story_id FROM articles").fetchall()
    groups: dict[int, set[str]] = defaultdict(set)
    for url, story_id in rows:
        groups[story_id].add(url)
    assert frozenset(frozenset(group) for group in groups.values()) == stories_after(BY_DATE, _fresh(tmp_path))


# Four developments of one invented war within nine days (an evacuation order, a hospital strike, a ceasefire, a
# ground operation), one cast and place, each outlet repeating its background paragraph, and a round-up.
WAR = Path(__file__).parent / "streams" / "ostrel-conflict.jsonl"


def _war() -> list[RawArticle]:
    articles = []
    for number, line in enumerate(WAR.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        articles.append(RawArticle(origin=f"{WAR.name}:{number}", **row))
    return sorted(articles, key=lambda article: (article.published, article.url))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**16))
def test_developments_of_one_war_form_the_same_stories_in_any_order(seed: int, tmp_path: Path) -> None:
    by_date = _war()
    shuffled = list(by_date)
    random.Random(seed).shuffle(shuffled)
    stories = stories_after(by_date, tmp_path)
    assert stories_after(shuffled, tmp_path) == stories
    assert stories_after(by_date[::-1], tmp_path) == stories
    # The evacuation order is a story of its own, though every report of the next days shares its cast.
    evacuation = {article.url for article in by_date if "/evacuation/" in article.url}
    assert evacuation in stories


def test_a_story_that_later_reports_split_keeps_its_counts_and_dates_right(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_articles(store, _war(), parallel=False, batch_size=4)  # in date order: one story first, then two
        stories = store.connection.execute("SELECT id, article_count, first_seen, last_seen, merged_into FROM stories")
        for story_id, count, first_seen, last_seen, merged_into in stories.fetchall():
            held = store.connection.execute(
                "SELECT count(*), min(seen), max(seen) FROM articles WHERE story_id = ? AND superseded = 0", (story_id,)
            ).fetchone()
            assert (count, first_seen, last_seen) == held if count else held[0] == 0
            assert (merged_into is None) == (count > 0)


@pytest.mark.parametrize("order", ["date order", "newest first", "shuffled"])
def test_a_merged_story_leads_to_the_live_story_that_holds_its_article_after_later_splits(
    order: str, tmp_path: Path
) -> None:
    articles = _war()
    if order == "newest first":
        articles.reverse()
    elif order == "shuffled":
        random.Random(0).shuffle(articles)
    with Store(tmp_path / "s.db") as store:
        ingest_articles(store, articles, parallel=False, batch_size=1)
        rows = store.connection.execute("SELECT id FROM stories WHERE merged_into IS NOT NULL").fetchall()
        merged = [story_id for (story_id,) in rows]
        assert merged  # the stream merges stories on the way, in every order
        for story_id, survivor_id in store.surviving_stories(merged).items():
            survivor = store.story(survivor_id)
            assert survivor is not None
            assert survivor.merged_into is None
            # A merged story named after one of its articles (not split off) leads to the story holding it.
            if store.article(story_id) is not None:
                assert story_id in {article.id for article in store.story_articles(survivor_id)}


def assert_events_in_any_order(path: Path, names: tuple[str, ...], seed: int, tmp_path: Path) -> None:
    """The stories formed from `path` are its events (the URL's first path segment), in date order, a shuffle
    and newest first."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    by_date = sorted((RawArticle(origin=row["url"], **row) for row in rows), key=lambda a: (a.published, a.url))
    events = {frozenset(a.url for a in by_date if a.url.split("/")[3] == event) for event in names}
    shuffled = list(by_date)
    random.Random(seed).shuffle(shuffled)
    assert stories_after(by_date, tmp_path) == events
    assert stories_after(shuffled, tmp_path) == events
    assert stories_after(by_date[::-1], tmp_path) == events


# One outlet's reports of a Chile election, a Milwaukee court ruling and a ferry grounding, on the same days,
# each ending with the outlet's footer and "also on" block, beside other outlets' reports of the same events.
FURNITURE = Path(__file__).parent / "streams" / "outlet-furniture.jsonl"


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**16))
def test_an_outlets_footer_joins_none_of_its_stories_in_any_order(seed: int, tmp_path: Path) -> None:
    assert_events_in_any_order(FURNITURE, ("chile", "milwaukee", "ferry"), seed, tmp_path)


# A speech reported as by Gadhafi, Gaddafi and Qaddafi, beside stories of Mahmoud Abbas and of a Mohammad.
NAMES = Path(__file__).parent / "streams" / "name-variants.jsonl"


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**16))
def test_one_event_reported_under_three_spellings_of_a_name_is_one_story_in_any_order(
    seed: int, tmp_path: Path
) -> None:
    assert_events_in_any_order(NAMES, ("speech", "ramallah", "tehran"), seed, tmp_path)
