"""Ingest through the library: files, feeds and directories into the store, batches, revisions, skipped articles.

Every article text here is invented for the tests; test_stories.py and test_watch.py use them too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyline.errors import InputError
from storyline.sources.feeds import read_feed
from storyline.stream.backends import open_store
from storyline.stream.ingest import ingest, ingest_articles, ingest_report_to_dict
from storyline.stream.store import ArticleResult, Store
from storyline.stream.stories import (
    brief_story,
    list_stories,
)
from storyline.types import RawArticle

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
def store(store_location: str) -> Any:
    with open_store(store_location) as opened:
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


def test_ingest_commits_in_batches_and_reports_each_once_durable(
    store: Store, store_location: str, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL, CUP)
    batches: list[list[int]] = []

    def committed(batch: list[ArticleResult]) -> None:
        batches.append([r.article_id for r in batch])
        with open_store(store_location) as reader:  # another connection sees the batch: it is committed
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


def test_an_article_that_cleaning_empties_is_skipped_not_stored(tmp_path: Path) -> None:
    from storyline.stream.ingest import ingest_articles
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


class _ThirdMerges:
    """A stand-in clusterer: each article starts a story, and the third merges the first two into its own."""

    def __init__(self, **settings: object) -> None:
        pass

    def add(self, article_id: int, features: object, seen: float) -> Any:
        from storyline.stream.cluster import Assignment

        return Assignment(3, merged=((1, 3), (2, 3))) if article_id == 3 else Assignment(article_id)


def test_the_summary_counts_the_stories_left_after_merges(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.stream import store as store_module

    monkeypatch.setattr(store_module, "StoryClusterer", _ThirdMerges)
    report = ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, CUP, FIRE_SIGNAL)], parallel=False)
    assert report.stories == 1
    assert {result.story_id for result in report.articles} == {3}


def test_a_jsonl_file_is_read_line_by_line_in_flat_memory(tmp_path: Path) -> None:
    import tracemalloc

    from storyline.sources.files import iter_jsonl

    article = {**FIRE_HERALD, "text": FIRE_HERALD["text"] * 20}  # about 6 kB a line
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(1000):
            out.write(json.dumps({**article, "url": f"https://herald.example/{number}"}) + "\n")
    tracemalloc.start()
    try:
        read = sum(1 for _ in iter_jsonl(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert read == 1000
    assert peak < path.stat().st_size / 10  # a few lines at a time, never the 6 MB file


def test_story_dates_come_from_dated_articles_only(store: Store, tmp_path: Path) -> None:
    undated_signal = {key: value for key, value in FIRE_SIGNAL.items() if key != "published"}
    undated_cup = {key: value for key, value in CUP.items() if key != "published"}
    ingest(store, [write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, undated_signal)])
    ingest(store, [write_jsonl(tmp_path / "c.jsonl", undated_cup)])  # placed at its ingestion, never shown so
    stories = {story.title: story for story in list_stories(store)}
    fire = stories[FIRE_HERALD["title"]]
    assert fire.article_count == 2
    assert (fire.first_seen, fire.last_seen) == ("2026-11-20", "2026-11-20")
    cup = stories[CUP["title"]]
    assert (cup.first_seen, cup.last_seen) == ("unknown", "unknown")
    assert [article.published for article in cup.articles] == [""]
