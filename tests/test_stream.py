"""Streams through the library: ingest, list stories, brief a story and what is new, watch a directory.

Every article text here is invented for the tests."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from storyline.errors import InputError
from storyline.feeds import read_feed
from storyline.store import ArticleResult, Store
from storyline.stories import (
    brief_story,
    find_story,
    list_stories,
    parse_since,
    stories_to_dict,
    story_briefing_to_dict,
    story_page,
    story_page_to_dict,
)
from storyline.stream import IngestReport, ingest, ingest_articles, ingest_report_to_dict
from storyline.types import RawArticle
from storyline.watch import watch

FIRE_HERALD = {
    "title": "Fire at Kestrel Quay fuel depot",
    "source": "Coastal Herald",
    "url": "https://herald.example/fire",
    "published": "2026-11-20",
    "text": (
        "A diesel tank caught fire at the Kestrel Quay fuel depot in Port Ellery on Saturday. "
        "About 3,200 residents of the Saltmarsh district were evacuated before dawn.\n\n"
        "Fire chief Lena Marsh said four firefighters were injured while fighting the blaze."
    ),
}
FIRE_SIGNAL = {
    "title": "Port Ellery depot blaze forces evacuation",
    "source": "Morning Signal",
    "url": "https://signal.example/depot",
    "published": "2026-11-20",
    "text": (
        "A fire at the Kestrel Quay fuel depot in Port Ellery forced about 3,200 residents of the Saltmarsh "
        "district from their homes on Saturday.\n\n"
        "Four firefighters were injured, fire chief Lena Marsh said, as crews fought the diesel tank blaze."
    ),
}
FIRE_HERALD_REVISED = {
    **FIRE_HERALD,
    "text": FIRE_HERALD["text"].replace("four firefighters were injured", "six firefighters were injured"),
}
CUP = {
    "title": "Lorvenia wins the cup on penalties",
    "source": "Sport Daily",
    "url": "https://sport.example/cup",
    "published": "2026-11-22",
    "text": (
        "The Lorvenian football team won the cup final in Ardmore on Sunday evening after a penalty shootout. "
        "Goalkeeper Tomas Vel saved three penalties, and coach Ana Brisk praised the young squad."
    ),
}


def write_jsonl(path: Path, *articles: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps(article) + "\n" for article in articles), encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with Store(tmp_path / "s.db") as opened:
        yield opened


def test_ingest_counts_added_and_then_unchanged(store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL, CUP)
    first = ingest(store, [path])
    assert (first.added, first.revised, first.unchanged) == (3, 0, 0)
    assert first.stories == 2
    again = ingest(store, [path])
    assert (again.added, again.revised, again.unchanged) == (0, 0, 3)
    assert [r.article_id for r in again.articles] == [r.article_id for r in first.articles]


def test_the_two_fire_reports_form_one_story_and_the_match_another(store: Store, tmp_path: Path) -> None:
    report = ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL, CUP)])
    herald, signal, cup = report.articles
    assert herald.story_id == signal.story_id != cup.story_id


def test_ingest_commits_in_batches_and_reports_each_once_durable(store: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL, CUP)
    batches: list[list[int]] = []

    def committed(batch: list[ArticleResult]) -> None:
        batches.append([r.article_id for r in batch])
        with Store(store.path) as reader:  # another connection sees the batch: it is committed
            assert all(reader.article(article_id) is not None for article_id in batches[-1])

    ingest(store, [path], batch_size=2, on_commit=committed)
    assert [len(batch) for batch in batches] == [2, 1]


def test_the_worker_process_gives_the_same_store_as_one_process(tmp_path: Path) -> None:
    articles = [FIRE_HERALD, CUP, FIRE_SIGNAL, {**CUP, "url": "https://sport.example/cup-2"}, FIRE_HERALD_REVISED]
    path = write_jsonl(tmp_path / "a.jsonl", *articles)
    outcomes = []
    for parallel in (False, True):
        with Store(tmp_path / f"{parallel}.db") as opened:
            report = ingest(opened, [path], batch_size=1, parallel=parallel)  # five batches: the worker has four
            rows = opened.connection.execute("SELECT id, story_id, title, superseded, features FROM articles")
            outcomes.append((report, rows.fetchall()))
    assert outcomes[0] == outcomes[1]
    assert (outcomes[1][0].added, outcomes[1][0].revised, outcomes[1][0].stories) == (4, 1, 2)


def test_counts_without_the_per_article_results(store: Store, tmp_path: Path) -> None:
    report = ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, CUP)], keep_results=False)
    assert (report.added, report.total, report.stories, report.articles) == (2, 2, 2, ())


def test_a_bad_file_stops_ingest_after_committing_the_files_before_it(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "1.jsonl", FIRE_HERALD)
    (folder / "2.jsonl").write_text('{"title": "no text"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"2\.jsonl:1"):
        ingest(store, [folder])
    assert store.article_count() == 1


def test_ingest_reads_directories_text_files_and_feeds(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "feeds").mkdir(parents=True)
    (folder / "herald.txt").write_text(f"{FIRE_HERALD['title']}\n\n{FIRE_HERALD['text']}\n", encoding="utf-8")
    (folder / "feeds" / "signal.rss").write_text(
        '<rss version="2.0"><channel><title>Morning Signal</title><item>'
        f"<title>{FIRE_SIGNAL['title']}</title><link>{FIRE_SIGNAL['url']}</link>"
        f"<description>{FIRE_SIGNAL['text']}</description></item></channel></rss>",
        encoding="utf-8",
    )
    (folder / ".partial.jsonl").write_text("{", encoding="utf-8")  # hidden: being written, skipped
    (folder / "notes.csv").write_text("a,b\n", encoding="utf-8")  # not an article format
    report = ingest(store, [folder])
    assert report.added == 2
    assert report.stories == 1
    (story,) = list_stories(store)
    assert {a.title for a in story.articles} == {FIRE_HERALD["title"], FIRE_SIGNAL["title"]}  # .txt title kept
    assert {a.source for a in story.articles} == {"", "Morning Signal"}
    assert read_feed(folder / "feeds" / "signal.rss")[0].url == FIRE_SIGNAL["url"]


def test_a_missing_path_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        ingest(store, [tmp_path / "missing.jsonl"])
    with pytest.raises(InputError, match="no such file"):
        ingest(store, ["ftp://herald.example/feed.xml"])  # only http(s) addresses are fetched (test_fetch.py)


def test_a_revised_article_replaces_its_old_version_in_the_story(store: Store, tmp_path: Path) -> None:
    ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL)])
    report = ingest(store, [write_jsonl(tmp_path / "b.jsonl", FIRE_HERALD_REVISED)])
    assert (report.added, report.revised, report.unchanged) == (0, 1, 0)
    (story,) = list_stories(store)
    assert story.article_count == 2
    result = brief_story(store, story.id)
    texts = [article.text for article in result.briefing.articles]
    assert any("six firefighters" in text for text in texts)
    assert not any("four firefighters were injured while" in text for text in texts)


def test_an_undated_article_is_seen_on_the_latest_date_read_with_it(store: Store, tmp_path: Path) -> None:
    undated = {key: value for key, value in FIRE_SIGNAL.items() if key != "published"}
    report = ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, undated, CUP)])
    _, signal, cup = (store.article(result.article_id) for result in report.articles)
    assert signal is not None
    assert cup is not None
    assert signal.seen == cup.seen  # the latest date in its batch (the cup final's), not the ingestion time
    assert signal.published == ""
    alone = ingest(store, [write_jsonl(tmp_path / "b.jsonl", {**undated, "url": "https://signal.example/2"})])
    stored = store.article(alone.articles[0].article_id)
    assert stored is not None
    assert stored.seen > cup.seen  # no date anywhere in its batch: when it was ingested


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


def test_ingest_report_to_dict_lists_every_article_with_its_story(store: Store, tmp_path: Path) -> None:
    report = ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, CUP)])
    data = ingest_report_to_dict(report)
    assert (data["schema"], data["added"]) == ("storyline.ingest/1", 2)
    assert [a["origin"] for a in data["articles"]] == [f"{tmp_path / 'a.jsonl'}:1", f"{tmp_path / 'a.jsonl'}:2"]
    assert all(a["status"] == "added" and a["story"] for a in data["articles"])


def test_articles_already_read_are_ingested_the_same_way(store: Store) -> None:
    articles = [RawArticle(origin=f"request#{i}", **fields) for i, fields in enumerate((FIRE_HERALD, FIRE_SIGNAL))]
    report = ingest_articles(store, articles)
    assert (report.added, report.stories) == (2, 1)
    assert ingest_articles(store, articles).unchanged == 2


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


def test_watch_ingests_new_and_changed_files_and_skips_bad_ones(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    write_jsonl(folder / "1.jsonl", FIRE_HERALD)
    seen: list[tuple[str, int]] = []
    arrivals = iter(
        [
            lambda: write_jsonl(folder / "2.jsonl", FIRE_SIGNAL),
            lambda: (folder / "3.jsonl").write_text("{broken\n", encoding="utf-8"),
            lambda: write_jsonl(folder / "1.jsonl", FIRE_HERALD, CUP),  # a file that grew
        ]
    )

    def new_file_arrives(seconds: float) -> None:
        next(arrivals)()

    def record(path: Path, report: IngestReport) -> None:
        seen.append((path.name, report.added))

    with caplog.at_level(logging.WARNING, logger="storyline"):
        watch(store, folder, interval=0, rounds=4, on_ingest=record, sleep=new_file_arrives)
    assert seen == [("1.jsonl", 1), ("2.jsonl", 1), ("1.jsonl", 1)]
    assert "3.jsonl:1" in caplog.text
    assert store.article_count() == 3


def test_watch_tries_a_file_again_when_another_writer_held_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import sqlite3

    from storyline import store as store_module

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 20)  # give up on the lock at once, not after 30 s
    folder = tmp_path / "inbox"
    folder.mkdir()
    write_jsonl(folder / "1.jsonl", FIRE_HERALD)
    seen: list[tuple[str, int]] = []
    with Store(tmp_path / "s.db") as opened:
        holder = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")  # the web app in the middle of a write

        def writer_finishes(seconds: float) -> None:
            if holder.in_transaction:
                holder.execute("COMMIT")

        with caplog.at_level(logging.WARNING, logger="storyline"):
            watch(
                opened,
                folder,
                interval=0,
                rounds=2,
                on_ingest=lambda path, report: seen.append((path.name, report.added)),
                sleep=writer_finishes,
            )
        holder.close()
        assert "the store is busy" in caplog.text
        assert seen == [("1.jsonl", 1)]
        assert opened.article_count() == 1


def test_watch_needs_a_directory(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a directory"):
        watch(store, tmp_path / "missing", rounds=1)


def test_an_article_that_cleaning_empties_is_skipped_not_stored(tmp_path: Path) -> None:
    from storyline.stream import ingest_articles
    from storyline.types import RawArticle

    notice = "These crawls are part of an effort to archive pages as they are created."
    news = "Firefighters put out a blaze at the harbour depot on Saturday, officials said, after four hours."
    articles = [
        RawArticle(text=news, origin="a"),
        RawArticle(text=notice, origin="b"),
        RawArticle(text=notice, origin="c"),
    ]
    with Store(tmp_path / "s.db") as store:
        report = ingest_articles(store, articles, parallel=False)
    assert (report.added, report.skipped) == (1, 2)
    assert [result.origin for result in report.articles] == ["a"]
