"""The SQLite store: identity by content hash, revisions, migrations, refusals, concurrency and merges.

Every article text here is invented for the tests."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from storyline.errors import InputError, StoreBusyError, StoreError, StorylineError
from storyline.stream import store as store_module
from storyline.stream.backends import open_store
from storyline.stream.cluster import Assignment, Features, article_features
from storyline.stream.store import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    NewArticle,
    Store,
    content_hash,
    default_path,
    is_busy,
    seen_time,
)
from storyline.types import RawArticle

FIRE = (
    "A fire broke out at the Kestrel Quay fuel depot in Port Ellery on Saturday morning. About 3,200 residents "
    "were evacuated from the Saltmarsh district while crews fought the blaze."
)
FIRE_AGAIN = (
    "Crews fought a fire at the Kestrel Quay fuel depot in Port Ellery on Saturday. Some 3,200 residents of the "
    "Saltmarsh district were evacuated from their homes as the blaze spread."
)
FIRE_UPDATE = FIRE + " Two firefighters were treated for smoke inhalation."
MATCH = (
    "The Lorvenian football team won the cup final in Ardmore on Sunday evening after a penalty shootout. Its "
    "young goalkeeper saved three penalties and the coach praised the squad."
)


def prepared(text: str, *, url: str = "", title: str = "", published: str = "2026-11-20") -> NewArticle:
    raw = RawArticle(text=text, origin="test", title=title, url=url, source="herald.example", published=published)
    return NewArticle(raw, content_hash(raw), article_features(title, text), seen_time(published, 0.0))


@pytest.fixture
def store(store_location: str) -> Iterable[Store]:
    with open_store(store_location) as opened:
        yield opened


def test_default_path_prefers_the_environment_then_xdg_then_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("STORYLINE_DB", raising=False)
    assert default_path() == tmp_path / "home" / ".local" / "share" / "storyline" / "storyline.db"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "storyline" / "storyline.db"
    monkeypatch.setenv("STORYLINE_DB", str(tmp_path / "mine.db"))
    assert default_path() == tmp_path / "mine.db"


def test_a_new_store_is_in_wal_mode_at_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "down" / "s.db"  # missing directories are made
    with Store(path) as opened:
        assert opened.schema_version == SCHEMA_VERSION
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_content_hash_ignores_whitespace_but_not_words_title_or_url() -> None:
    base = RawArticle(text="Three ships   collided.\nNobody was hurt.", origin="a", title="Collision", url="u")
    assert content_hash(base) == content_hash(
        RawArticle("Three ships collided. Nobody was hurt.", "b", "Collision", url="u")
    )
    assert content_hash(base) != content_hash(
        RawArticle("Four ships collided. Nobody was hurt.", "a", "Collision", url="u")
    )
    assert content_hash(base) != content_hash(RawArticle(base.text, "a", "Crash", url="u"))
    assert content_hash(base) != content_hash(RawArticle(base.text, "a", "Collision", url="v"))


def test_adding_the_same_article_twice_is_a_no_op(store: Store) -> None:
    first = store.add_articles([prepared(FIRE, url="https://h.example/fire")])
    again = store.add_articles([prepared(FIRE, url="https://h.example/fire")])
    assert [r.status for r in first] == ["added"]
    assert [r.status for r in again] == ["unchanged"]
    assert again[0].article_id == first[0].article_id
    assert store.article_count() == 1


def test_a_repeat_within_one_batch_is_unchanged(store: Store) -> None:
    results = store.add_articles([prepared(FIRE), prepared(FIRE)])
    assert [r.status for r in results] == ["added", "unchanged"]
    assert results[0].article_id == results[1].article_id


def test_changed_text_at_the_same_url_is_a_revision_in_the_same_story(store: Store) -> None:
    (original,) = store.add_articles([prepared(FIRE, url="https://h.example/fire")])
    store.add_articles([prepared(MATCH, url="https://s.example/cup")])
    (revision,) = store.add_articles([prepared(FIRE_UPDATE, url="https://h.example/fire")])
    assert revision.status == "revised"
    assert revision.revision_of == original.article_id
    assert revision.story_id == original.story_id
    current = store.story_articles(original.story_id)
    assert [a.id for a in current] == [revision.article_id]
    assert "smoke inhalation" in current[0].text
    everything = store.story_articles(original.story_id, superseded=True)
    assert [(a.id, a.superseded) for a in everything] == [(original.article_id, True), (revision.article_id, False)]
    story = store.story(original.story_id)
    assert story is not None
    assert story.article_count == 1


def test_a_similar_article_joins_the_story_after_the_store_is_reopened(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as first:
        (fire,) = first.add_articles([prepared(FIRE)])
        first.add_articles([prepared(MATCH)])
    with Store(tmp_path / "s.db") as reopened:
        (again,) = reopened.add_articles([prepared(FIRE_AGAIN)])
    assert again.story_id == fire.story_id


def test_a_writer_sees_the_stories_another_process_added(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as one, Store(tmp_path / "s.db") as other:
        one.add_articles([prepared(MATCH)])  # builds one's clusterer
        (fire,) = other.add_articles([prepared(FIRE)])
        (again,) = one.add_articles([prepared(FIRE_AGAIN)])
    assert again.story_id == fire.story_id


def test_stories_count_outlets_and_filter_by_last_seen(store: Store) -> None:
    store.add_articles([prepared(FIRE, published="2026-11-20"), prepared(MATCH, published="2026-11-22")])
    stories = store.stories()
    assert len(stories) == 2
    assert stories[0].last_seen > stories[1].last_seen  # most recent first
    recent = store.stories(since=seen_time("2026-11-21", 0.0))
    assert len(recent) == 1
    assert recent[0].outlet_count == 1


def test_stories_come_a_page_at_a_time_in_the_same_order_with_their_count(store: Store) -> None:
    store.add_articles([prepared(FIRE, published="2026-11-20"), prepared(MATCH, published="2026-11-22")])
    everything = store.stories()
    assert [store.stories(limit=1, offset=offset) for offset in (0, 1, 2)] == [everything[:1], everything[1:], []]
    assert store.stories(limit=5) == everything
    assert store.story_count() == 2
    assert store.story_count(since=seen_time("2026-11-21", 0.0)) == 1


def test_articles_without_a_source_count_as_one_outlet_each(store: Store) -> None:
    anonymous = [
        NewArticle(RawArticle(text, "t"), content_hash(RawArticle(text, "t")), article_features("", text), 0.0)
        for text in (FIRE, FIRE_AGAIN)
    ]
    results = store.add_articles(anonymous)
    story = store.story(results[0].story_id)
    assert story is not None
    assert (story.article_count, story.outlet_count) == (2, 2)


def test_briefings_are_kept_with_their_settings_version_and_articles(store: Store) -> None:
    (result,) = store.add_articles([prepared(FIRE)])
    assert store.last_briefing(result.story_id) is None
    store.add_briefing(result.story_id, settings={"words": 50}, article_ids=[1], briefing={"schema": "x", "n": 1})
    second = store.add_briefing(result.story_id, settings={"words": 80}, article_ids=[1], briefing={"n": 2})
    last = store.last_briefing(result.story_id)
    assert last is not None
    assert (last.id, last.settings, last.article_ids, last.briefing) == (second, {"words": 80}, (1,), {"n": 2})
    assert last.storyline_version
    assert last.created_at.endswith("+00:00")


def _version_one_store(path: Path) -> None:
    """A store as the first release wrote it: migration 1 only, with one story and article."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    MIGRATIONS[0](connection)
    connection.execute("PRAGMA user_version = 1")
    connection.execute(
        "INSERT INTO stories (id, title, first_seen, last_seen, article_count, last_ingested)"
        " VALUES (1, 'Old story', 0, 0, 1, '2026-01-01T00:00:00+00:00')"
    )
    connection.execute(
        "INSERT INTO articles (id, content_hash, text, ingested_at, seen, story_id, features)"
        " VALUES (1, 'sha256:old', 'Old text.', '2026-01-01T00:00:00+00:00', 0, 1, '{}')"
    )
    connection.close()


def test_an_older_store_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _version_one_store(path)
    with Store(path) as migrated:
        assert migrated.schema_version == SCHEMA_VERSION
        story = migrated.story(1)
        assert story is not None
        assert story.title == "Old story"
        assert [a.text for a in migrated.story_articles(1)] == ["Old text."]
        migrated.add_briefing(1, settings={}, article_ids=[1], briefing={})  # the table migration 2 made
        assert migrated.last_briefing(1) is not None


def test_a_failing_migration_leaves_the_store_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    _version_one_store(path)

    def broken(connection: sqlite3.Connection) -> None:
        connection.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk on fire")

    monkeypatch.setattr(store_module, "MIGRATIONS", (*MIGRATIONS, broken))
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", len(MIGRATIONS) + 1)
    failing = rf"schema version {len(MIGRATIONS) + 1} failed \(disk on fire\); the store is unchanged"
    with pytest.raises(StorylineError, match=failing):
        Store(path)
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "briefings" not in tables
    assert "half_done" not in tables


def test_a_store_from_a_newer_storyline_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(path).close()
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(StorylineError, match="newer"):
        Store(path)


def test_a_file_that_is_not_a_database_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("shopping list: eggs, flour\n" * 100)
    with pytest.raises(StoreError, match=r"notes\.db: not a usable storyline store"):
        Store(path)
    assert path.read_text().startswith("shopping list")


def test_another_applications_database_is_refused_not_migrated(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(InputError, match="another application"):
        Store(path)


def test_opening_a_missing_store_for_reading_says_to_ingest_first(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="storyline ingest"):
        Store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


def test_a_directory_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        Store(tmp_path)


def test_a_store_opened_in_one_thread_can_be_read_in_another(store: Store) -> None:
    store.add_articles([prepared(FIRE)])
    counts: list[int] = []
    thread = threading.Thread(target=lambda: counts.append(len(store.stories())))  # as a web app's worker does
    thread.start()
    thread.join()
    assert counts == [1]


def test_readers_read_while_a_writer_ingests(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    done = threading.Event()
    counts: list[int] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            with Store(path) as reader:
                while not done.is_set():
                    counts.append(sum(s.article_count for s in reader.stories()))
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    thread = threading.Thread(target=read)
    thread.start()
    try:
        with Store(path) as writer:
            for batch in range(20):
                writer.add_articles([prepared(f"{FIRE} Update {batch}-{i}.", url=f"u{batch}-{i}") for i in range(10)])
    finally:
        done.set()
        thread.join()
    assert not errors
    assert counts == sorted(counts)  # each read sees a whole committed batch, never a part of one
    assert all(count % 10 == 0 for count in counts)


class _MergingClusterer:
    """A stand-in clusterer: every article starts a story, and the third merges the first two."""

    def __init__(self, **settings: object) -> None:
        self.active_stories = 0

    def add(self, article_id: int, features: Features, seen: float) -> Assignment:
        if article_id == 3:
            return Assignment(3, merged=((1, 3), (2, 3)))
        return Assignment(article_id)


def test_merged_stories_move_their_articles_and_point_at_the_survivor(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "StoryClusterer", _MergingClusterer)
    results = store.add_articles([prepared(FIRE), prepared(FIRE_AGAIN)])
    store.add_articles([prepared(FIRE_UPDATE)])
    assert [r.story_id for r in results] == [1, 2]
    survivor = store.story(3)
    assert survivor is not None
    assert survivor.article_count == 3
    assert [a.id for a in store.story_articles(3)] == [1, 2, 3]
    for merged_id in (1, 2):
        merged = store.story(merged_id)
        assert merged is not None
        assert merged.merged_into == 3
    assert [s.id for s in store.stories()] == [3]


class _SplittingClusterer:
    """A stand-in clusterer: article 3 joins story 1 and merges story 2 into it; article 4 splits articles 2 and 3
    off again, into a story whose id the store gives."""

    def __init__(self, *, new_story_id: Callable[[], int], **settings: object) -> None:
        self.active_stories = 0
        self.new_story_id = new_story_id

    def add(self, article_id: int, features: Features, seen: float) -> Assignment:
        if article_id == 3:
            return Assignment(1, merged=((2, 1),))
        if article_id == 4:
            split_off = self.new_story_id()
            return Assignment(1, moved=((2, split_off), (3, split_off)))
        return Assignment(article_id)


def test_a_split_off_story_takes_a_new_id_and_never_an_old_story_s_briefings(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "StoryClusterer", _SplittingClusterer)
    store.add_articles([prepared(FIRE, title="Depot fire"), prepared(FIRE_AGAIN, title="Crews at the depot")])
    store.add_briefing(2, settings={}, article_ids=[2], briefing={"of": "story 2 alone"})
    store.add_articles([prepared(FIRE_UPDATE)])
    fourth, fifth = store.add_articles([prepared(MATCH), prepared(MATCH + " Fans celebrated.")])
    assert fourth.story_id == 1
    (split_off,) = (story for story in store.stories() if story.id not in (1, fifth.story_id))
    assert split_off.id == 5  # after the article that split it; the next article takes the id after that
    assert fifth.article_id == 6
    assert [a.id for a in store.story_articles(split_off.id)] == [2, 3]
    assert (split_off.title, split_off.article_count) == ("Crews at the depot", 2)
    assert store.last_briefing(split_off.id) is None
    old = store.story(2)
    assert old is not None
    assert old.article_count == 0
    assert store.last_briefing(2) is not None  # kept with the story it was made for, which stays merged
    # Its articles went on to the split-off story: its merge pointer follows them.
    assert store.surviving_stories([2]) == {2: split_off.id}
    assert store.integrity_check() == "ok"


def test_a_failed_batch_writes_nothing_and_the_next_one_works(store: Store) -> None:
    store.add_articles([prepared(FIRE)])
    broken = NewArticle(RawArticle("x", "t"), "sha256:broken", None, 0.0)  # no features: refused mid-batch
    with pytest.raises(ValueError, match="features"):
        store.add_articles([prepared(MATCH), broken])
    assert store.article_count() == 1
    (match,) = store.add_articles([prepared(MATCH)])
    assert match.status == "added"
    assert store.integrity_check() == "ok"


def _locked(path: Path) -> sqlite3.Connection:
    """Another process in the middle of a write: it holds the store's write lock until it rolls back."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_a_write_to_a_locked_store_is_a_busy_error_that_says_to_try_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        (result,) = store.add_articles([prepared(FIRE)])
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 20)  # give up on the lock at once, not after 30 s

    def keep_a_briefing() -> None:
        with Store(path) as store:  # its exit turns SQLite's errors into storyline's
            assert store.stories()  # reading still works: readers never wait in WAL mode
            store.add_briefing(result.story_id, settings={}, article_ids=[1], briefing={})

    holder = _locked(path)
    try:
        with pytest.raises(StoreBusyError, match="try again") as raised:
            keep_a_briefing()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert raised.value.where == str(path)
    assert "database is locked" in str(raised.value)
    with Store(path) as store:
        assert store.last_briefing(result.story_id) is None  # nothing half-written


def test_a_busy_store_is_told_from_a_damaged_one_by_its_error_code() -> None:
    locked = sqlite3.OperationalError("database is locked")
    locked.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
    assert is_busy(locked)
    snapshot = sqlite3.OperationalError("database is locked")
    snapshot.sqlite_errorcode = sqlite3.SQLITE_BUSY | (2 << 8)  # type: ignore[attr-defined]  # SQLITE_BUSY_SNAPSHOT
    assert is_busy(snapshot)
    damaged = sqlite3.DatabaseError("database disk image is malformed")
    damaged.sqlite_errorcode = sqlite3.SQLITE_CORRUPT  # type: ignore[attr-defined]
    assert not is_busy(damaged)
    assert is_busy(sqlite3.OperationalError("database table is locked"))  # no code: SQLite's words
    assert not is_busy(sqlite3.OperationalError("no such table: stories"))


def test_a_busy_store_is_one_line_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from storyline.cli import cli

    path = tmp_path / "s.db"
    with Store(path) as store:
        store.add_articles([prepared(FIRE)])
    article = tmp_path / "match.txt"
    article.write_text("Cup final won on penalties\n\n" + MATCH + "\n", encoding="utf-8")
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 20)
    holder = _locked(path)
    try:
        result = CliRunner().invoke(cli, ["ingest", str(article), "--db", str(path)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"storyline: {path}: the store is busy" in result.output
    assert "try again" in result.output
