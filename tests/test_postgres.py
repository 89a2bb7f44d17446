"""The store on PostgreSQL: workers sharing one queue, a worker killed mid-batch, copies, locks and refusals.

These run when $STORYLINE_TEST_POSTGRES names a server (.ci/run starts one) and skip otherwise; the behaviour
both backends share is tested on both in test_store.py, test_stream.py, test_stories.py and test_server.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_kill import write_articles

from storyline.cli import cli
from storyline.errors import InputError, StoreBusyError
from storyline.sources.files import read_articles
from storyline.stream.backends import open_store
from storyline.stream.ingest import ingest
from storyline.stream.store import Store

ARTICLES = 240
BATCH = 20
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbor-fire"

WORKER = """
import os, signal, sys
from storyline.stream import store as store_module
from storyline.stream.postgres import work
from storyline.stream.backends import open_store

url, kill_at, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if kill_at:
    add_one, calls = store_module.Store._add_one, [0]

    def add_one_then_die(self, *args, **kwargs):
        calls[0] += 1
        result = add_one(self, *args, **kwargs)
        if calls[0] == kill_at:  # mid-transaction: part of a batch written, nothing committed
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    store_module.Store._add_one = add_one_then_die
with open_store(url) as store:
    work(store, batch_size=batch)
"""


def stories_by_url(store: Store) -> set[frozenset[str]]:
    """The stories as sets of article URLs: what two stores must agree on, whatever ids they gave."""
    return {frozenset(a.url for a in store.story_articles(story.id)) for story in store.stories()}


def one_writer_stories(source: Path, tmp_path: Path) -> set[frozenset[str]]:
    with Store(tmp_path / "one.db") as store:
        ingest(store, [source], batch_size=BATCH, parallel=False)
        return stories_by_url(store)


def run_workers(url: str, count: int, *, kill_at: int = 0) -> list[int]:
    command = [sys.executable, "-c", WORKER, url, str(kill_at), str(BATCH)]
    workers = [subprocess.Popen(command) for _ in range(count)]
    return [worker.wait(timeout=300) for worker in workers]


def queue(url: str, source: Path) -> None:
    code = CliRunner().invoke(cli, ["ingest", "--queue", str(source), "--db", url]).exit_code
    assert code == 0


def test_two_workers_on_one_queue_store_each_article_once_in_the_stories_one_writer_forms(
    postgres_url: str, tmp_path: Path
) -> None:
    source = tmp_path / "articles.jsonl"
    write_articles(source, ARTICLES)
    queue(postgres_url, source)
    assert run_workers(postgres_url, 2) == [0, 0]
    with open_store(postgres_url) as store:
        urls = [a.url for story in store.stories() for a in store.story_articles(story.id)]
        assert len(urls) == len(set(urls)) == ARTICLES
        assert stories_by_url(store) == one_writer_stories(source, tmp_path)
        assert store.queued() == 0  # type: ignore[attr-defined]
        assert store.integrity_check() == "ok"


def test_a_worker_killed_mid_batch_loses_nothing_and_the_next_one_finishes(postgres_url: str, tmp_path: Path) -> None:
    source = tmp_path / "articles.jsonl"
    write_articles(source, ARTICLES)
    queue(postgres_url, source)
    assert run_workers(postgres_url, 1, kill_at=BATCH * 3 + 7) == [-signal.SIGKILL]
    with open_store(postgres_url) as store:
        assert store.article_count() == BATCH * 3  # three batches committed, the fourth rolled back
        assert store.queued() == ARTICLES - BATCH * 3  # type: ignore[attr-defined]
    assert run_workers(postgres_url, 2) == [0, 0]
    with open_store(postgres_url) as store:
        assert store.article_count() == ARTICLES
        assert stories_by_url(store) == one_writer_stories(source, tmp_path)


def test_migrate_copies_an_sqlite_store_with_its_ids_and_briefings(postgres_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    sqlite_db = str(tmp_path / "s.db")
    assert runner.invoke(cli, ["ingest", str(EXAMPLE), "--db", sqlite_db]).exit_code == 0
    assert runner.invoke(cli, ["brief", "--story", "1", "--db", sqlite_db]).exit_code == 0
    result = runner.invoke(cli, ["migrate", "--from", sqlite_db, "--to", postgres_url])
    assert result.exit_code == 0, result.output
    assert "5 articles" in result.output
    with open_store(sqlite_db) as original, open_store(postgres_url) as copy:
        assert copy.stories() == original.stories()
        assert copy.story_articles(1) == original.story_articles(1)
        assert copy.last_briefing(1) == original.last_briefing(1)
    listed = runner.invoke(cli, ["stories", "--format", "json", "--db", postgres_url])
    assert json.loads(listed.output)["stories"][0]["id"] == 1
    again = runner.invoke(cli, ["migrate", "--from", sqlite_db, "--to", postgres_url])
    assert again.exit_code == 1
    assert "is not empty" in again.output


def test_the_environment_names_the_store_for_every_command(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYLINE_DB", postgres_url)
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(EXAMPLE)]).exit_code == 0
    listed = runner.invoke(cli, ["stories"])
    assert "Port Ellery" in listed.output
    assert not list(tmp_path.iterdir())  # no SQLite file was made anywhere we can see


def test_a_writer_that_cannot_get_the_assignment_lock_is_a_busy_error(postgres_url: str) -> None:
    psycopg = pytest.importorskip("psycopg")
    with open_store(postgres_url):
        pass  # migrated
    holder = psycopg.connect(postgres_url, autocommit=True)
    holder.execute("BEGIN")
    holder.execute("SELECT pg_advisory_xact_lock(%s, 0)", (0x53544C4E,))  # another writer mid-batch
    try:
        with pytest.raises(StoreBusyError, match="busy"), open_store(postgres_url, busy_timeout_ms=50) as store:
            ingest(store, [EXAMPLE], parallel=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with open_store(postgres_url) as store:
        assert ingest(store, [EXAMPLE], parallel=False).added == 5


def test_a_schema_with_another_applications_tables_is_refused_not_migrated(postgres_url: str) -> None:
    psycopg = pytest.importorskip("psycopg")
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute("CREATE TABLE invoices (id INT)")
    with pytest.raises(InputError, match="another application"):
        open_store(postgres_url)


def test_reading_an_empty_database_says_to_ingest_first(postgres_url: str) -> None:
    with pytest.raises(InputError, match="no store here"):
        open_store(postgres_url, create=False)


def test_a_password_never_shows_in_a_message() -> None:
    pytest.importorskip("psycopg")
    url = "postgresql://reader:hunter2@127.0.0.1:1/none?connect_timeout=1"
    with pytest.raises(InputError) as caught:
        open_store(url)
    assert "hunter2" not in str(caught.value)
    assert "cannot connect" in str(caught.value)


def test_a_queue_needs_a_database_server(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", "--queue", str(EXAMPLE), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1
    assert "postgresql://" in result.output
    assert read_articles(EXAMPLE)  # the example itself is fine


def test_no_test_here_touches_a_server_it_was_not_given() -> None:
    assert os.environ.get("STORYLINE_DB", "") == ""
