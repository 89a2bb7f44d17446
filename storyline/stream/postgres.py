"""The story store on PostgreSQL, for several servers and ingest processes on one database.

`PostgresStore` is `store.Store` with another connection: the same queries (SQLite's `?` parameters and scalar
min/max are translated), the same identity, revisions, stories and briefings, and its own migrations with the
same schema in PostgreSQL's types. Every write transaction first takes a transaction-scoped advisory lock for
its partition, so story assignment has one ordered writer at a time while cleaning and describing articles run
in any number of processes; each writer's clusterer is rebuilt when another one has committed. Reads run
outside transactions or in a repeatable-read snapshot. A job table (`enqueue`, `claim_jobs`) hands queued
articles to any number of ingest workers with FOR UPDATE SKIP LOCKED. Needs psycopg 3: `storyline[postgres]`.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .._version import __version__
from ..errors import InputError, MissingDependencyError, StoreBusyError, StorylineError
from ..serialization import field_values
from ..sources.reader import SourceReader, input_sources
from ..types import RawArticle
from .cluster import WINDOW_DAYS, Features, StoryClusterer
from .ingest import BATCH_ARTICLES, IngestReport, ingest_articles
from .store import BUSY_TIMEOUT_MS, INSERT_BRIEFING, ArticleResult, Store, _iso_now

# The advisory lock key of story assignment ("STLN" as an integer; the partition is the lock's second key).
ASSIGNMENT_LOCK = 0x53544C4E
MIGRATION_LOCK = ASSIGNMENT_LOCK + 1
# How long a worker's batch waits for the batches queued before it to be stored (they are being cleaned by other
# workers, which takes well under a second per batch) before it goes ahead anyway.
TURN_WAIT_S = 60
LOGGER = logging.getLogger(__name__)


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{netloc[-1]}"))


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise MissingDependencyError("a postgresql:// store needs psycopg: pip install 'storyline[postgres]'") from None
    return psycopg


def _m001_articles_and_stories(connection: _Connection) -> None:
    connection.execute(
        """
        CREATE TABLE stories (
            id BIGINT PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            first_seen DOUBLE PRECISION NOT NULL,
            last_seen DOUBLE PRECISION NOT NULL,
            article_count BIGINT NOT NULL,
            last_ingested TEXT NOT NULL,
            merged_into BIGINT REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED
        )"""
    )
    connection.execute("CREATE INDEX stories_last_seen ON stories(last_seen)")
    connection.execute("CREATE INDEX stories_merged_into ON stories(merged_into) WHERE merged_into IS NOT NULL")
    connection.execute(
        """
        CREATE TABLE articles (
            id BIGINT PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            url TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT '',
            ingested_at TEXT NOT NULL,
            seen DOUBLE PRECISION NOT NULL,
            story_id BIGINT NOT NULL REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
            revision_of BIGINT REFERENCES articles(id),
            superseded INTEGER NOT NULL DEFAULT 0,
            features TEXT NOT NULL
        )"""
    )
    connection.execute("CREATE INDEX articles_story ON articles(story_id)")
    connection.execute("CREATE UNIQUE INDEX articles_current_url ON articles(url) WHERE url != '' AND superseded = 0")


def _m002_briefings(connection: _Connection) -> None:
    connection.execute(
        """
        CREATE TABLE briefings (
            id BIGSERIAL PRIMARY KEY,
            story_id BIGINT NOT NULL REFERENCES stories(id),
            created_at TEXT NOT NULL,
            storyline_version TEXT NOT NULL,
            settings TEXT NOT NULL,
            article_ids TEXT NOT NULL,
            briefing TEXT NOT NULL
        )"""
    )
    connection.execute("CREATE INDEX briefings_story ON briefings(story_id, id)")


def _m003_jobs(connection: _Connection) -> None:
    connection.execute(
        """
        CREATE TABLE ingest_jobs (
            id BIGSERIAL PRIMARY KEY,
            article TEXT NOT NULL,             -- JSON: the RawArticle's fields
            queued_at TEXT NOT NULL
        )"""
    )


def _m004_articles_by_seen(connection: _Connection) -> None:
    # As the SQLite store's third migration: the clusterer loads a day's articles back by `seen`.
    connection.execute("CREATE INDEX articles_seen ON articles(seen) WHERE revision_of IS NULL")


# 1 and 2 as store.MIGRATIONS (articles and stories; briefings), 3: the job table, 4 as store.MIGRATIONS[2]. A
# schema change in store.py needs its counterpart appended here. Never edit one that has shipped: add the next.
MIGRATIONS: tuple[Callable[[_Connection], None], ...] = (
    _m001_articles_and_stories,
    _m002_briefings,
    _m003_jobs,
    _m004_articles_by_seen,
)
SCHEMA_VERSION = len(MIGRATIONS)


class _Connection:
    """A psycopg connection that takes the SQLite store's statements."""

    def __init__(self, connection: Any) -> None:
        self.raw = connection

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        return self.raw.execute(_translated(sql), parameters)

    def close(self) -> None:
        self.raw.close()


@functools.lru_cache(maxsize=256)
def _translated(sql: str) -> str:
    """SQLite's dialect as the store writes it, in PostgreSQL's: %s parameters, least/greatest for min/max of
    two values (one-argument min/max stay aggregates)."""
    sql = re.sub(r"\b(min|max)\(([\w.]+), \?\)", lambda m: f"{_SCALAR[m[1]]}({m[2]}, ?)", sql)
    return sql.replace("%", "%%").replace("?", "%s")


_SCALAR = {"min": "least", "max": "greatest"}


class PostgresStore(Store):
    """The store in a PostgreSQL database (its current schema: name one with ?options=-csearch_path=NAME)."""

    _SNAPSHOT_BEGIN = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

    def __init__(
        self,
        url: str,
        *,
        create: bool = True,
        window_days: float = WINDOW_DAYS,
        busy_timeout_ms: int | None = None,
        partition: int = 0,
    ) -> None:
        psycopg = _psycopg()
        self.url = url
        self.location = redacted(url)
        self.window_days = window_days
        self.busy_timeout_ms = BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
        self.partition = partition
        try:
            raw = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            raise InputError(self.location, f"cannot connect to the store: {_first_line(error)}") from None
        self._pg = _Connection(raw)
        self.connection = self._pg  # type: ignore[assignment]  # Store's queries run through it unchanged
        try:
            self._migrate_database(create)
        except psycopg.Error as error:
            self.connection.close()
            raise InputError(self.location, f"not a usable storyline store ({_first_line(error)})") from None
        except BaseException:
            self.connection.close()
            raise
        self._clusterer = None
        self._known_last_id = -1
        self._issued_id = 0
        self._turn: int | None = None  # the first job of the batch this worker holds, while it holds one

    def __exit__(self, kind: object, error: BaseException | None, traceback: object) -> None:
        self.close()
        psycopg = _psycopg()
        if isinstance(error, psycopg.errors.LockNotAvailable | psycopg.errors.QueryCanceled):
            raise StoreBusyError(self.location, _first_line(error)) from error
        if isinstance(error, psycopg.Error):
            raise InputError(self.location, f"store error: {_first_line(error)}") from error

    # --- opening -----------------------------------------------------------------------------------------

    def _migrate_database(self, create: bool) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StorylineError(
                f"{self.location}: the store has schema version {version}, newer than this storyline "
                f"({__version__}) knows ({SCHEMA_VERSION}); upgrade storyline to use it"
            )
        if version == SCHEMA_VERSION:
            return
        if version == 0 and not create:
            raise InputError(self.location, "no store here", "ingest articles first: storyline ingest PATH")
        with self._locked(MIGRATION_LOCK):
            version = self.schema_version  # another process may have migrated while we waited for the lock
            if version == 0:
                self._claim_schema()
            for number in range(version, SCHEMA_VERSION):
                MIGRATIONS[number](self.connection)  # type: ignore[arg-type]
                self.connection.execute("UPDATE storyline_meta SET schema_version = ?", (number + 1,))

    def _claim_schema(self) -> None:
        tables = self.connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchone()[0]
        if tables:
            raise InputError(self.location, "holds tables of another application", "name another database or schema")
        self.connection.execute("CREATE TABLE storyline_meta (application TEXT NOT NULL, schema_version INT NOT NULL)")
        self.connection.execute("INSERT INTO storyline_meta VALUES ('storyline', 0)")

    @property
    def schema_version(self) -> int:
        found = self.connection.execute("SELECT to_regclass('storyline_meta') IS NOT NULL").fetchone()[0]
        if not found:
            return 0
        row = self.connection.execute("SELECT application, schema_version FROM storyline_meta").fetchone()
        if row is None or row[0] != "storyline":
            raise InputError(self.location, "holds tables of another application", "name another database or schema")
        return int(row[1])

    @contextmanager
    def _locked(self, key: int, partition: int = 0) -> Iterator[None]:
        """A transaction holding the advisory lock (key, partition) until it ends; waits busy_timeout_ms at most.
        Inside a transaction already (a claimed batch of jobs), the lock joins it and ends with it."""
        nested = self._in_transaction()
        if not nested:
            self.connection.execute("BEGIN")
        try:
            self.connection.execute(f"SET LOCAL lock_timeout = {int(self.busy_timeout_ms)}")
            self.connection.execute("SELECT pg_advisory_xact_lock(?, ?)", (key, partition))
            yield
        except BaseException:
            if not nested:
                self.connection.execute("ROLLBACK")
            raise
        if not nested:
            self.connection.execute("COMMIT")

    def _in_transaction(self) -> bool:
        return bool(self._pg.raw.info.transaction_status != _psycopg().pq.TransactionStatus.IDLE)

    def _transaction(self) -> Any:
        if self._turn is not None:
            self._wait_for_turn(self._turn)
        return self._locked(ASSIGNMENT_LOCK, self.partition)

    def _wait_for_turn(self, first_job: int) -> None:
        """Wait until the jobs queued before `first_job` are stored, so workers assign stories in queue order.
        A worker killed with earlier jobs puts them back in the queue; past TURN_WAIT_S the batch goes ahead."""
        deadline = time.monotonic() + TURN_WAIT_S
        while time.monotonic() < deadline:
            # READ COMMITTED: each query sees what the other workers have committed by then.
            earlier = self.connection.execute("SELECT EXISTS (SELECT 1 FROM ingest_jobs WHERE id < ?)", (first_job,))
            if not earlier.fetchone()[0]:
                return
            time.sleep(0.005)
        LOGGER.warning(
            "%s: jobs before %d are still queued after %d s; storing this batch", self.location, first_job, TURN_WAIT_S
        )

    def _reset_clusterer(self, last_id: int) -> StoryClusterer:
        """Catch up with what other writers committed by adding their articles in id order, as they did: far
        cheaper than rebuilding from the window at every batch when workers take turns. When the stories that
        gives differ from the stored ones (the writers' clusterers had drifted), rebuild from the store."""
        clusterer = self._clusterer
        if clusterer is None or self._known_last_id < 0:
            return super()._reset_clusterer(last_id)
        rows = self.connection.execute(
            "SELECT id, story_id, features, seen FROM articles WHERE id > ? AND revision_of IS NULL ORDER BY id",
            (self._known_last_id,),
        ).fetchall()
        placed: dict[int, int] = {}  # article id -> its story, as the replay has it
        stored = {}
        for article_id, story_id, features, seen in rows:
            if clusterer.holds(article_id):  # loaded back from the store with its day: placed there already
                placed[article_id] = stored[article_id] = story_id
                continue
            self._issued_id = article_id  # so that split-off stories take the ids the writer gave them
            assignment = clusterer.add(article_id, Features.from_json(features), seen)
            for merged, into in assignment.merged:
                placed = {key: into if story == merged else story for key, story in placed.items()}
            placed.update((moved, story) for moved, story in assignment.moved if moved in placed)
            placed[article_id] = assignment.story_id
            stored[article_id] = story_id
        if placed != stored:
            return super()._reset_clusterer(last_id)
        self._known_last_id = last_id
        return clusterer

    # --- briefings ---------------------------------------------------------------------------------------

    def _insert_briefing(self, row: tuple[Any, ...]) -> int:
        # One statement that touches no story assignment: it needs no assignment lock.
        return int(self.connection.execute(INSERT_BRIEFING + " RETURNING id", row).fetchone()[0])

    def integrity_check(self) -> str:
        """Every article's story exists and every story's count matches its current articles: "ok", or what not."""
        wrong = self.connection.execute(
            "SELECT s.id FROM stories s LEFT JOIN articles a ON a.story_id = s.id AND a.superseded = 0"
            " GROUP BY s.id HAVING count(a.id) != s.article_count ORDER BY s.id LIMIT 5"
        ).fetchall()
        return "ok" if not wrong else "article counts differ in stories " + ", ".join(str(r[0]) for r in wrong)

    # --- the job table -----------------------------------------------------------------------------------

    def enqueue(self, articles: Sequence[RawArticle], *, now: float | None = None) -> int:
        """Queue articles for ingest workers; returns how many."""
        queued_at = _iso_now(time.time() if now is None else now)
        with self._pg.raw.transaction(), self._pg.raw.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO ingest_jobs (article, queued_at) VALUES (%s, %s)",
                [(json.dumps(field_values(article), ensure_ascii=False), queued_at) for article in articles],
            )
        return len(articles)

    @contextmanager
    def claim_jobs(self, limit: int) -> Iterator[list[RawArticle]]:
        """Up to `limit` queued articles that no other worker holds, in queue order, in one transaction: storing
        them inside the block commits with it, and they leave the queue then. On an error, or when this worker
        dies, nothing of the batch is stored and the articles go back to the queue."""
        self.connection.execute("BEGIN")
        try:
            rows = self.connection.execute(
                "SELECT id, article FROM ingest_jobs ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED", (limit,)
            ).fetchall()
            self._turn = rows[0][0] if rows else None
            yield [RawArticle(**json.loads(article)) for _, article in rows]
            if rows:
                self.connection.execute("DELETE FROM ingest_jobs WHERE id = ANY(?)", ([row[0] for row in rows],))
        except BaseException:
            self.connection.execute("ROLLBACK")
            self._clusterer = None  # it may hold the articles just rolled back
            raise
        finally:
            self._turn = None
        self.connection.execute("COMMIT")

    def queued(self) -> int:
        return int(self.connection.execute("SELECT count(*) FROM ingest_jobs").fetchone()[0])


def work(
    store: Store,
    *,
    batch_size: int = BATCH_ARTICLES,
    follow: bool = False,
    poll_s: float = 1.0,
    on_commit: Callable[[Sequence[ArticleResult]], None] | None = None,
) -> IngestReport:
    """Ingest queued articles a batch at a time until the queue is empty (with `follow`, until interrupted),
    beside any number of other workers: each cleans and describes its own batches; stories are assigned one
    batch at a time in queue order."""
    store = _queue_of(store)
    counts = {"added": 0, "revised": 0, "unchanged": 0, "skipped": 0}
    stories: set[int] = set()
    while True:
        with store.claim_jobs(batch_size) as articles:
            if articles:
                report = ingest_articles(store, articles, batch_size=len(articles), parallel=False)
        if not articles:
            if not follow:
                break
            time.sleep(poll_s)
            continue
        for name in counts:
            counts[name] += getattr(report, name)
        stories.update(result.story_id for result in report.articles)
        if on_commit is not None:
            on_commit(report.articles)
    return IngestReport(counts["added"], counts["revised"], counts["unchanged"], len(stories), (), counts["skipped"])


def enqueue_paths(store: Store, paths: Iterable[str | Path], *, full_text: bool = False, chunk: int = 1000) -> int:
    """Read every article named by `paths` (as `ingest` does) onto the job queue; returns how many."""
    queue = _queue_of(store)
    reader = SourceReader(queue, full_text, None)
    queued = 0
    pending: list[RawArticle] = []
    for source in input_sources(paths):
        for article in reader.read(source):
            pending.append(article)
            if len(pending) >= chunk:
                queued += queue.enqueue(pending)
                pending.clear()
    return queued + (queue.enqueue(pending) if pending else 0)


def _name(store: Store) -> str:
    return store.location if isinstance(store, PostgresStore) else str(store.path)


def _queue_of(store: Store) -> PostgresStore:
    if not isinstance(store, PostgresStore):
        raise InputError(str(store.path), "has no job queue", "queues live in a postgresql:// store: pass --db URL")
    return store


# Tables and columns a store copy takes, parents first; ids are kept, so links and briefing histories hold.
_COPIED = {
    "stories": "id, title, first_seen, last_seen, article_count, last_ingested, merged_into",
    "articles": "id, content_hash, url, source, title, published, text, origin, ingested_at, seen, story_id,"
    " revision_of, superseded, features",
    "briefings": "id, story_id, created_at, storyline_version, settings, article_ids, briefing",
}


def copy_store(source: Store, target: Store) -> dict[str, int]:
    """Copy every row of `source` into the empty store `target` in one transaction; returns rows per table."""
    if target.article_count() or target.story_count():
        raise InputError(_name(target), "is not empty", "copy into a new store")
    copied = {}
    with target._transaction():
        for table, columns in _COPIED.items():
            marks = ", ".join("?" * (columns.count(",") + 1))
            insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
            count = 0
            for row in source.connection.execute(f"SELECT {columns} FROM {table} ORDER BY id"):
                target.connection.execute(insert, tuple(row))
                count += 1
            copied[table] = count
        if isinstance(target, PostgresStore):  # later briefings are numbered after the copied ones
            target.connection.execute(
                "SELECT setval(pg_get_serial_sequence('briefings', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM"
                " briefings), false)"
            )
    return copied


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
