"""The embedded store: articles, the stories they form, and the briefings a user saw, in one SQLite file.

Identity: an article is its content hash, sha256 over the canonical JSON of its URL, title and text, with
Unicode (NFC) and whitespace normalized (see `content_hash`); ingesting the same article again is a no-op.
An article whose URL is stored under another hash is a revision: it is stored beside the older version, which
is marked superseded and kept, and it stays in that version's story. Stories are named by the id of the article
that started them, as the clusterer names them.

Every write is one transaction (BEGIN IMMEDIATE ... COMMIT) in WAL mode, so readers never block the writer and
a killed process leaves the last committed state. The clusterer's in-memory state follows the committed rows:
it is rebuilt from them when a transaction fails or when another process has written in the meantime.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import InputError, StoreAccessError, StoreBusyError, StoreError, StorylineError
from ..types import RawArticle
from .cluster import WINDOW_DAYS, Assignment, Features, Member, StoryClusterer

# "STLN": marks the file as a storyline store, so another application's SQLite file is refused, not migrated.
APPLICATION_ID = 0x53544C4E
# A writer waits this long for another writer's transaction (a batch commits in well under a second); readers
# never wait in WAL mode.
BUSY_TIMEOUT_MS = 30_000
# SQLite's default limit on bound parameters is 32766 since 3.32; stay far below it.
_QUERY_CHUNK = 500
# LIMIT of "all rows" that both SQLite and PostgreSQL take (SQLite's -1 is an error in PostgreSQL).
_NO_LIMIT = 2**63 - 1
# The primary result codes of "another connection holds the lock" (SQLITE_BUSY: another process writes;
# SQLITE_LOCKED: a conflict inside this process). Extended codes (SQLITE_BUSY_SNAPSHOT, ...) carry the primary
# code in their low byte.
_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
_BUSY_MESSAGES = frozenset({"database is locked", "database table is locked"})


def _m001_articles_and_stories(connection: sqlite3.Connection) -> None:
    connection.execute(
        """
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,             -- the id of the article that started the story
            title TEXT NOT NULL DEFAULT '',
            first_seen REAL NOT NULL,           -- seconds since the epoch (see articles.seen)
            last_seen REAL NOT NULL,
            article_count INTEGER NOT NULL,     -- current versions only
            last_ingested TEXT NOT NULL,        -- ISO time, UTC
            merged_into INTEGER REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED
        )"""
    )
    connection.execute("CREATE INDEX stories_last_seen ON stories(last_seen)")
    connection.execute("CREATE INDEX stories_merged_into ON stories(merged_into) WHERE merged_into IS NOT NULL")
    connection.execute(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            url TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',  -- ISO date or ''
            text TEXT NOT NULL,                  -- as read, before cleaning
            origin TEXT NOT NULL DEFAULT '',     -- path or path:line it was read from
            ingested_at TEXT NOT NULL,           -- ISO time, UTC
            seen REAL NOT NULL,                  -- epoch seconds: published date (00:00 UTC), see ingest.py
            story_id INTEGER NOT NULL REFERENCES stories(id) DEFERRABLE INITIALLY DEFERRED,
            revision_of INTEGER REFERENCES articles(id),  -- the version this one replaced
            superseded INTEGER NOT NULL DEFAULT 0,        -- 1 once a later revision of the same URL arrived
            features TEXT NOT NULL               -- cluster.Features.to_json()
        )"""
    )
    connection.execute("CREATE INDEX articles_story ON articles(story_id)")
    # At most one current version per URL.
    connection.execute("CREATE UNIQUE INDEX articles_current_url ON articles(url) WHERE url != '' AND superseded = 0")


def _m002_briefings(connection: sqlite3.Connection) -> None:
    connection.execute(
        """
        CREATE TABLE briefings (
            id INTEGER PRIMARY KEY,
            story_id INTEGER NOT NULL REFERENCES stories(id),
            created_at TEXT NOT NULL,          -- ISO time, UTC
            storyline_version TEXT NOT NULL,
            settings TEXT NOT NULL,            -- JSON: words, summarizer
            article_ids TEXT NOT NULL,         -- JSON list of the articles.id the briefing was made from
            briefing TEXT NOT NULL             -- JSON, schema storyline.briefing/2 (docs/json.md)
        )"""
    )
    connection.execute("CREATE INDEX briefings_story ON briefings(story_id, id)")


# Applied in order; migration i brings the schema from version i to i + 1. Never edit one that has shipped:
# add the next.
def _m003_articles_by_seen(connection: sqlite3.Connection) -> None:
    # The clusterer loads the articles seen on given days when a late or backfilled article lands near them.
    connection.execute("CREATE INDEX articles_seen ON articles(seen) WHERE revision_of IS NULL")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _m001_articles_and_stories,
    _m002_briefings,
    _m003_articles_by_seen,
)
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article ready for the store: read, hashed, and described for the clusterer."""

    raw: RawArticle
    content_hash: str
    features: Features | None  # None when the caller found the hash already stored (see `known_hashes`)
    seen: float  # epoch seconds; see `seen_time`


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What the store did with one article: `status` is "added", "revised" or "unchanged"."""

    article_id: int
    story_id: int
    status: str
    origin: str
    revision_of: int | None = None  # for "revised": the version it replaced


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored."""

    id: int
    story_id: int
    url: str
    source: str
    title: str
    published: str
    text: str
    origin: str
    ingested_at: str
    seen: float
    revision_of: int | None
    superseded: bool

    def to_raw(self) -> RawArticle:
        """The article as `storyline.brief` takes it."""
        return RawArticle(
            text=self.text,
            origin=self.origin,
            title=self.title,
            source=self.source,
            url=self.url,
            published=self.published,
        )


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """What a listing shows of an article: enough for a script to map stories back to its input."""

    id: int
    url: str
    title: str
    source: str
    published: str
    origin: str


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """A story as stored. `merged_into` is set when the clusterer merged it into another story."""

    id: int
    title: str
    first_seen: float
    last_seen: float
    article_count: int
    outlet_count: int
    last_ingested: str
    merged_into: int | None
    # The first and last publication dates (ISO) among its current articles that have one; "" when none has.
    first_published: str = ""
    last_published: str = ""


@dataclass(frozen=True, slots=True)
class DeletedArticle:
    """What `Store.delete_article` removed: the article, its story, and whether the story went with it (it
    had no other article). `restored` is the earlier version of the same URL that is current again, if any."""

    article_id: int
    story_id: int
    story_deleted: bool
    restored: int | None = None


@dataclass(frozen=True, slots=True)
class StoredBriefing:
    """A briefing as shown to the user, with what made it."""

    id: int
    story_id: int
    created_at: str
    storyline_version: str
    settings: Mapping[str, Any]
    article_ids: tuple[int, ...]
    briefing: Mapping[str, Any]  # briefing_to_dict form


def default_path() -> Path:
    """Where the store lives unless `--db` says otherwise: $STORYLINE_DB, else the user data directory."""
    explicit = os.environ.get("STORYLINE_DB")
    if explicit:
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home).expanduser() / "storyline" / "storyline.db"


def content_hash(raw: RawArticle) -> str:
    """The article's identity: sha256 of canonical JSON {text, title, url}, whitespace and Unicode normalized.

    A documented contract: changing it changes every stored identity, so re-ingesting would duplicate."""
    canonical = json.dumps(
        {"text": _normalized(raw.text), "title": _normalized(raw.title), "url": raw.url.strip()},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def seen_time(published: str, fallback: float) -> float:
    """When an article was seen, for the time window: its publication date (00:00 UTC), else `fallback`."""
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return fallback
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()


INSERT_BRIEFING = (
    "INSERT INTO briefings (story_id, created_at, storyline_version, settings, article_ids, briefing)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)


def is_busy(error: sqlite3.Error) -> bool:
    """Whether SQLite refused because another connection holds a lock, a condition that passes, unlike a
    damaged or unreadable file. Read from the error code; from SQLite's message only when there is no code."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _BUSY_CODES
    return str(error) in _BUSY_MESSAGES


# SQLite's primary result codes for a file that is fine but cannot be used here: no permission, read-only
# (file, directory or filesystem), cannot open, disk full, an I/O error.
_ACCESS_CODES = frozenset({3, 8, 10, 13, 14, 23})


def store_error(path: Path, error: sqlite3.Error, what: str) -> StoreError:
    """The StoreError for an SQLite error: StoreAccessError when the file is sound but the system refuses
    (read-only, another user's, disk full), StoreError naming the integrity check when it is damaged."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in _ACCESS_CODES:
        read_only = path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
        return StoreAccessError(
            str(path),
            f"{what}: " + ("the store or its directory is read-only here" if read_only else str(error)),
            "check the file's and its directory's permissions and the free space",
            detail=str(error),
        )
    return StoreError(
        str(path),
        f"{what} ({error})",
        f"check the file: sqlite3 {path} 'PRAGMA integrity_check'; or pass another --db, or move the file away",
        detail=str(error),
    )


def _check_access(path: Path) -> None:
    """Say so when the store is another user's, before SQLite calls it unusable."""
    try:
        owner = path.stat().st_uid
    except OSError as error:
        raise StoreAccessError(str(path), f"cannot read the store: {error.strerror}") from None
    if not os.access(path, os.R_OK):
        who = "another user" if owner != os.geteuid() else "you, without read permission"
        raise StoreAccessError(str(path), f"the store belongs to {who}", "run as its owner, or pass another --db")


def _normalized(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _iso_now(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds")


class Store:
    """One open store: one connection, used by one thread at a time (open one per thread for parallel reads)."""

    # What starts a snapshot: in SQLite a deferred transaction reads one committed state.
    _SNAPSHOT_BEGIN = "BEGIN"

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        create: bool = True,
        window_days: float = WINDOW_DAYS,
        busy_timeout_ms: int | None = None,
    ):
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.window_days = window_days
        # How long a write waits for another writer before StoreBusyError; BUSY_TIMEOUT_MS unless given.
        self.busy_timeout_ms = BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
        if not self.path.exists():
            if not create:
                raise InputError(str(self.path), "no store here", "ingest articles first: storyline ingest PATH")
            self._make_directory()
        elif self.path.is_dir():
            raise InputError(str(self.path), "is a directory", "pass the store's file, e.g. --db stories.db")
        else:
            _check_access(self.path)
        try:
            # check_same_thread=False: a web app opens the store in one thread and reads in a worker thread;
            # one thread at a time uses it, and SQLite itself is built thread-safe.
            self.connection = sqlite3.connect(
                self.path, isolation_level=None, timeout=self.busy_timeout_ms / 1000, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise store_error(self.path, error, "cannot open the store") from None
        try:
            self._configure()
            self._migrate()
        except sqlite3.DatabaseError as error:
            self.connection.close()
            if is_busy(error):  # a migration waiting for another writer: the file is fine
                raise StoreBusyError(str(self.path), str(error)) from None
            raise store_error(self.path, error, "not a usable storyline store") from None
        except BaseException:
            self.connection.close()
            raise
        self._clusterer: StoryClusterer | None = None
        self._known_last_id = -1
        self._issued_id = 0  # the last id given to an article or a split-off story in the current batch

    @classmethod
    def open(cls, path: str | Path | None = None, *, create: bool = True, busy_timeout_ms: int | None = None) -> Store:
        """Open (and when `create`, make) the store at `path`, else at `default_path()`."""
        return cls(path, create=create, busy_timeout_ms=busy_timeout_ms)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: object, error: BaseException | None, traceback: object) -> None:
        self.close()
        if isinstance(error, sqlite3.Error) and is_busy(error):  # another writer: retrying will do
            raise StoreBusyError(str(self.path), str(error)) from error
        if isinstance(error, sqlite3.Error):  # one line naming the store, not a traceback (damaged, unreadable)
            raise store_error(self.path, error, "store error") from error

    def close(self) -> None:
        self.connection.close()

    # --- opening -----------------------------------------------------------------------------------------

    def _make_directory(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(str(self.path.parent), f"cannot create the store's directory: {error.strerror}") from None

    def _configure(self) -> None:
        self.connection.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        # WAL: readers (the web app, `storyline stories`) read the last commit while a writer ingests.
        mode = self.connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise InputError(str(self.path), f"cannot use write-ahead logging here (journal mode {mode})")
        # FULL: each commit is fsynced, so an ingested batch also survives a power cut, not only a killed
        # process (NORMAL is enough for that in WAL mode). It costs one fsync per batch of articles, about 1 ms:
        # ingest ran at the same speed with NORMAL (4,000 articles, batches of 256).
        self.connection.execute("PRAGMA synchronous = FULL")
        self.connection.execute("PRAGMA foreign_keys = ON")

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StorylineError(
                f"{self.path}: the store has schema version {version}, newer than this storyline "
                f"({__version__}) knows ({SCHEMA_VERSION}); upgrade storyline to use it"
            )
        if version == SCHEMA_VERSION:
            self._check_application()
            return
        with self._transaction():
            version = self.schema_version  # another process may have migrated while we waited for the lock
            if version == 0:
                tables = self.connection.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
                if tables.fetchone()[0]:
                    raise InputError(
                        str(self.path), "is an SQLite database of another application", "pass another --db"
                    )
                self.connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self._check_application()
            for number in range(version, SCHEMA_VERSION):
                try:
                    MIGRATIONS[number](self.connection)
                except sqlite3.Error as error:
                    raise StorylineError(
                        f"{self.path}: migrating the store to schema version {number + 1} failed ({error}); "
                        "the store is unchanged"
                    ) from error
                self.connection.execute(f"PRAGMA user_version = {number + 1}")

    def _check_application(self) -> None:
        application = self.connection.execute("PRAGMA application_id").fetchone()[0]
        if application != APPLICATION_ID:
            raise InputError(str(self.path), "is an SQLite database of another application", "pass another --db")

    @property
    def schema_version(self) -> int:
        return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # Migrations run in here too: SQLite's DDL is transactional (but executescript() would commit first,
        # so migrations use execute()).
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    # --- writing articles --------------------------------------------------------------------------------

    @property
    def clusterer(self) -> StoryClusterer:
        """The clusterer; it loads the stored articles it needs, day by day, as articles arrive."""
        if self._clusterer is None:
            self._known_last_id = self._last_article_id()
            self._clusterer = self._new_clusterer()
        return self._clusterer

    def _new_clusterer(self) -> StoryClusterer:
        return StoryClusterer(
            window_days=self.window_days, loader=self._members_on_days, new_story_id=self._fresh_story_id
        )

    def _fresh_story_id(self) -> int:
        """An id no article or story ever had, for a story split off from another: reusing an old story's id
        would bring its row, merge pointer and briefings back for a different group. Articles and stories share
        the one id sequence (`_last_article_id`)."""
        self._issued_id += 1
        return self._issued_id

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Those of `hashes` already stored: the articles a new ingest can skip before any work."""
        wanted = list(hashes)
        found: set[str] = set()
        for start in range(0, len(wanted), _QUERY_CHUNK):
            chunk = wanted[start : start + _QUERY_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.connection.execute(f"SELECT content_hash FROM articles WHERE content_hash IN ({marks})", chunk)
            found.update(row[0] for row in rows)
        return found

    def add_articles(self, articles: Sequence[NewArticle], *, now: float | None = None) -> list[ArticleResult]:
        """Store `articles` and their story assignments in one transaction; returns what happened to each."""
        now = time.time() if now is None else now
        ingested_at = _iso_now(now)
        clusterer = self.clusterer
        try:
            with self._transaction():
                last_id = self._last_article_id()
                if last_id != self._known_last_id:  # another process wrote: our clusterer is stale
                    clusterer = self._reset_clusterer(last_id)
                results = []
                next_id = last_id + 1
                for article in articles:
                    self._issued_id = next_id  # split-off stories placing this article makes take ids after it
                    result = self._add_one(article, clusterer, next_id, ingested_at)
                    if result.article_id == next_id:
                        next_id = self._issued_id + 1
                    results.append(result)
                # Read inside the transaction: after the commit another process may already have written,
                # and its articles would then pass for ones this clusterer has seen.
                known_last_id = self._last_article_id()
        except BaseException:
            self._clusterer = None  # it may hold articles that were rolled back
            raise
        self._known_last_id = known_last_id
        return results

    def _reset_clusterer(self, last_id: int) -> StoryClusterer:
        self._known_last_id = last_id
        self._clusterer = self._new_clusterer()
        return self._clusterer

    def _add_one(self, article: NewArticle, clusterer: StoryClusterer, new_id: int, ingested_at: str) -> ArticleResult:
        raw = article.raw
        row = self.connection.execute(
            "SELECT id, story_id FROM articles WHERE content_hash = ?", (article.content_hash,)
        ).fetchone()
        if row is not None:
            return ArticleResult(row[0], row[1], "unchanged", raw.origin)
        if article.features is None:
            raise ValueError(f"{raw.origin}: not stored yet, so it needs its features")
        previous = None
        if raw.url:
            previous = self.connection.execute(
                "SELECT id, story_id FROM articles WHERE url = ? AND url != '' AND superseded = 0", (raw.url,)
            ).fetchone()
        if previous is not None:
            # A revision stays in its story: the clusterer placed the first version and needs no second vote.
            self.connection.execute("UPDATE articles SET superseded = 1 WHERE id = ?", (previous[0],))
            story_id, revision_of, status = previous[1], previous[0], "revised"
        else:
            assignment = clusterer.add(new_id, article.features, article.seen)
            story_id, revision_of, status = assignment.story_id, None, "added"
            if story_id == new_id:
                self._new_story(new_id, raw.title, article.seen, ingested_at)
            self._apply_regrouping(assignment, new_id, ingested_at)
        self.connection.execute(
            "INSERT INTO articles (id, content_hash, url, source, title, published, text, origin, ingested_at, seen,"
            " story_id, revision_of, features) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new_id,
                article.content_hash,
                raw.url,
                raw.source,
                raw.title,
                raw.published,
                raw.text,
                raw.origin,
                ingested_at,
                article.seen,
                story_id,
                revision_of,
                article.features.to_json(),
            ),
        )
        self.connection.execute(
            "UPDATE stories SET article_count = article_count + ?, first_seen = min(first_seen, ?),"
            " last_seen = max(last_seen, ?), last_ingested = ?, title = CASE WHEN title = '' THEN ? ELSE title END"
            " WHERE id = ?",
            (0 if revision_of else 1, article.seen, article.seen, ingested_at, raw.title, story_id),
        )
        return ArticleResult(new_id, story_id, status, raw.origin, revision_of)

    def _apply_regrouping(self, assignment: Assignment, new_id: int, ingested_at: str) -> None:
        """Store the merges and moves of stories that placing article `new_id` made (see stream/cluster.py)."""
        if not assignment.merged and not assignment.moved:
            return
        # An article of each story that articles go into: a split-off story's row is made from it.
        members = {story: article for article, story in reversed(assignment.moved)}
        for merged_id, into_id in assignment.merged:
            if into_id not in members:
                members[into_id] = self.connection.execute(
                    "SELECT min(id) FROM articles WHERE story_id = ?", (merged_id,)
                ).fetchone()[0]
        for story_id, member in members.items():
            if story_id != new_id:
                self._live_story(story_id, member, ingested_at)
        for merged_id, into_id in assignment.merged:
            self._merge_story(merged_id, into_id)
        touched: set[int] = set()
        for article_id, story_id in assignment.moved:
            row = self.connection.execute("SELECT story_id, url FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                continue
            touched.update((row[0], story_id))
            # Its revisions (the same URL) go with it.
            self.connection.execute(
                "UPDATE articles SET story_id = ? WHERE id = ? OR (url = ? AND url != '' AND story_id = ?)",
                (story_id, article_id, row[1], row[0]),
            )
        for story_id in sorted(touched):
            self._recount_story(story_id, assignment.story_id)
        self._follow_moves(touched | {assignment.story_id})

    def _follow_moves(self, story_ids: set[int]) -> None:
        """Point the stories merged into `story_ids`, which lost or gained articles, at the story that holds the
        article each is named after now: after a split, the one its articles went to. A story named otherwise
        (split off, or its article deleted) keeps its pointer."""
        wanted = sorted(story_ids)
        marks = ",".join("?" * len(wanted))
        self.connection.execute(
            "UPDATE stories SET merged_into = (SELECT a.story_id FROM articles a WHERE a.id = stories.id)"
            f" WHERE merged_into IN ({marks}) AND EXISTS (SELECT 1 FROM articles a WHERE a.id = stories.id)",
            wanted,
        )

    def _new_story(self, story_id: int, title: str, seen: float, ingested_at: str) -> None:
        """A new story's row, with no article counted in yet."""
        self.connection.execute(
            "INSERT INTO stories (id, title, first_seen, last_seen, article_count, last_ingested)"
            " VALUES (?, ?, ?, ?, 0, ?)",
            (story_id, title, seen, seen, ingested_at),
        )

    def _live_story(self, story_id: int, member: int, ingested_at: str) -> None:
        """Make sure a story that articles move into has a row (titled after `member`, one of them), and is not
        marked as merged into another."""
        found = self.connection.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone()
        if found is None:
            title, seen = self.connection.execute("SELECT title, seen FROM articles WHERE id = ?", (member,)).fetchone()
            self._new_story(story_id, title, seen, ingested_at)
        else:
            self.connection.execute("UPDATE stories SET merged_into = NULL WHERE id = ?", (story_id,))

    def _recount_story(self, story_id: int, fallback_id: int) -> None:
        """Count a story's current articles and dates again after a move; a story left without articles is
        marked as merged into `fallback_id`, the new article's story, where its articles went."""
        count, first_seen, last_seen = self.connection.execute(
            "SELECT count(*), min(seen), max(seen) FROM articles WHERE story_id = ? AND superseded = 0", (story_id,)
        ).fetchone()
        if count:
            self.connection.execute(
                "UPDATE stories SET article_count = ?, first_seen = ?, last_seen = ? WHERE id = ?",
                (count, first_seen, last_seen, story_id),
            )
        elif story_id != fallback_id:
            self.connection.execute(
                "UPDATE stories SET article_count = 0, merged_into = ? WHERE id = ? OR merged_into = ?",
                (fallback_id, story_id, story_id),
            )

    def _merge_story(self, merged_id: int, into_id: int) -> None:
        """Move a story's articles into another; the merged story's row stays, pointing at where it went."""
        merged = self.connection.execute(
            "SELECT title, first_seen, last_seen, article_count FROM stories WHERE id = ?", (merged_id,)
        ).fetchone()
        if merged is None or merged_id == into_id:
            return
        title, first_seen, last_seen, count = merged
        self.connection.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", (into_id, merged_id))
        self.connection.execute(
            "UPDATE stories SET merged_into = ? WHERE id = ? OR merged_into = ?", (into_id, merged_id, merged_id)
        )
        self.connection.execute("UPDATE stories SET article_count = 0 WHERE id = ?", (merged_id,))
        self.connection.execute(
            "UPDATE stories SET article_count = article_count + ?, first_seen = min(first_seen, ?),"
            " last_seen = max(last_seen, ?), title = CASE WHEN title = '' THEN ? ELSE title END WHERE id = ?",
            (count, first_seen, last_seen, title, into_id),
        )

    def _last_article_id(self) -> int:
        # Stories too: a story is named by the article that started it, which may have been deleted since, and
        # a new article must never take the name of a story that is still there.
        row = self.connection.execute(
            "SELECT coalesce((SELECT max(id) FROM articles), 0), coalesce((SELECT max(id) FROM stories), 0)"
        ).fetchone()
        return max(int(row[0]), int(row[1]))

    # --- deleting ----------------------------------------------------------------------------------------

    def delete_article(self, article_id: int) -> DeletedArticle:
        """Remove one article version for good, in one transaction; a LookupError when there is none.

        When it was the current version of its URL, the version it replaced is current again. Its story loses
        it; a story left with no article is removed with its stored briefings (and the empty stories merged
        into it). The clusterer is rebuilt from what remains."""
        try:
            with self._transaction():
                row = self.connection.execute(
                    "SELECT story_id, revision_of, superseded FROM articles WHERE id = ?", (article_id,)
                ).fetchone()
                if row is None:
                    raise LookupError(f"no article {article_id} in the store")
                story_id, revision_of, superseded = row
                self.connection.execute(
                    "UPDATE articles SET revision_of = ? WHERE revision_of = ?", (revision_of, article_id)
                )
                self.connection.execute("DELETE FROM articles WHERE id = ?", (article_id,))
                restored = None
                if not superseded and revision_of is not None:
                    self.connection.execute("UPDATE articles SET superseded = 0 WHERE id = ?", (revision_of,))
                    restored = revision_of
                story_deleted = self._shrink_story(story_id, counted=not superseded and restored is None)
        finally:
            self._clusterer = None  # rebuilt from the rows on next use, without the deleted article
        return DeletedArticle(article_id, story_id, story_deleted, restored)

    def _shrink_story(self, story_id: int, *, counted: bool) -> bool:
        """Update a story that lost an article; remove it when no article is left. True when removed."""
        left = self.connection.execute("SELECT count(*) FROM articles WHERE story_id = ?", (story_id,)).fetchone()[0]
        if left:
            self.connection.execute(
                "UPDATE stories SET article_count = article_count - ?,"
                " first_seen = (SELECT min(seen) FROM articles WHERE story_id = ?),"
                " last_seen = (SELECT max(seen) FROM articles WHERE story_id = ?) WHERE id = ?",
                (1 if counted else 0, story_id, story_id, story_id),
            )
            return False
        shells = "SELECT id FROM stories WHERE id = ? OR merged_into = ?"
        self.connection.execute(f"DELETE FROM briefings WHERE story_id IN ({shells})", (story_id, story_id))
        self.connection.execute("DELETE FROM stories WHERE merged_into = ?", (story_id,))
        self.connection.execute("DELETE FROM stories WHERE id = ?", (story_id,))
        return True

    def _members_on_days(self, first_day: int, last_day: int) -> Iterator[Member]:
        """First versions (the ones the clusterer placed) seen on days first..last, with their current story."""
        rows = self.connection.execute(
            "SELECT id, story_id, features, seen FROM articles WHERE seen >= ? AND seen < ? AND revision_of IS NULL",
            (first_day * 86400.0, (last_day + 1) * 86400.0),
        )
        for article_id, story_id, features, seen in rows:
            yield Member(article_id, story_id, Features.from_json(features), seen)

    # --- reading -----------------------------------------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one committed state, even while another process commits batches."""
        self.connection.execute(self._SNAPSHOT_BEGIN)
        try:
            yield
        finally:
            self.connection.execute("COMMIT")

    def stories(
        self,
        *,
        since: float | None = None,
        limit: int | None = None,
        offset: int = 0,
        after: tuple[float, int] | None = None,
    ) -> list[StoryRecord]:
        """Stories not merged into another, last seen at or after `since`, the most recent first: `limit` of
        them (all when None) after skipping `offset`, and only those that come after `after` (the last seen
        time and id of the last story of a previous page) in that order.

        The order (last seen, then id) is total. Pages by `after` never repeat a story when an ingest comes
        between two of them (last seen only grows; a story that gets a new article moves to the top, above the
        pages still to come); pages by `offset` shift, repeating or skipping stories. The index on last_seen
        gives that order without sorting, and the outlet counts are computed for the rows of the page only."""
        condition, parameters = "", []
        if after is not None:
            condition = " AND (s.last_seen < ? OR (s.last_seen = ? AND s.id < ?))"
            parameters = [after[0], after[0], after[1]]
        rows = self.connection.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories s WHERE s.merged_into IS NULL AND s.last_seen >= ?{condition}"
            " ORDER BY s.last_seen DESC, s.id DESC LIMIT ? OFFSET ?",
            (float("-inf") if since is None else since, *parameters, _NO_LIMIT if limit is None else limit, offset),
        )
        return [StoryRecord(*row) for row in rows]

    def story_count(self, *, since: float | None = None) -> int:
        """How many stories `stories(since=since)` lists without a limit."""
        row = self.connection.execute(
            "SELECT count(*) FROM stories WHERE merged_into IS NULL AND last_seen >= ?",
            (float("-inf") if since is None else since,),
        ).fetchone()
        return int(row[0])

    def surviving_stories(self, story_ids: Iterable[int]) -> dict[int, int]:
        """For each story id, the story it is part of now: itself, or the story it was merged into."""
        wanted = list(story_ids)
        found: dict[int, int] = {}
        for start in range(0, len(wanted), _QUERY_CHUNK):
            chunk = wanted[start : start + _QUERY_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.connection.execute(
                f"SELECT id, coalesce(merged_into, id) FROM stories WHERE id IN ({marks})", chunk
            )
            found.update((row[0], row[1]) for row in rows)
        return found

    def story(self, story_id: int) -> StoryRecord | None:
        """The story with this id, merged or not."""
        row = self.connection.execute(f"SELECT {_STORY_COLUMNS} FROM stories s WHERE s.id = ?", (story_id,)).fetchone()
        return StoryRecord(*row) if row else None

    def story_articles(self, story_id: int, *, superseded: bool = False) -> list[StoredArticle]:
        """The story's articles in ingestion order: current versions, and older ones too when `superseded`."""
        condition = "" if superseded else " AND superseded = 0"
        rows = self.connection.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE story_id = ?{condition} ORDER BY id", (story_id,)
        )
        return [_stored_article(row) for row in rows]

    def article_refs(self, story_ids: Sequence[int]) -> dict[int, list[ArticleRef]]:
        """The current articles of each story, in ingestion order, without their text."""
        refs: dict[int, list[ArticleRef]] = {}
        for start in range(0, len(story_ids), _QUERY_CHUNK):
            chunk = list(story_ids[start : start + _QUERY_CHUNK])
            marks = ",".join("?" * len(chunk))
            rows = self.connection.execute(
                "SELECT story_id, id, url, title, source, published, origin FROM articles"
                f" WHERE story_id IN ({marks}) AND superseded = 0 ORDER BY id",
                chunk,
            )
            for story_id, *fields in rows:
                refs.setdefault(story_id, []).append(ArticleRef(*fields))
        return refs

    def outlet_texts(self, sources: Sequence[str], first: float, last: float) -> Iterator[tuple[str, int, str]]:
        """Outlet, story and text as read of the articles (first versions) of `sources` seen from `first` to
        `last` (epoch seconds), latest first, one at a time: one pass over the days for all the outlets."""
        for start in range(0, len(sources), _QUERY_CHUNK):
            chunk = list(sources[start : start + _QUERY_CHUNK])
            marks = ",".join("?" * len(chunk))
            yield from self.connection.execute(
                "SELECT source, story_id, text FROM articles WHERE seen >= ? AND seen <= ? AND revision_of IS NULL"
                f" AND source IN ({marks}) ORDER BY seen DESC, id DESC",
                (first, last, *chunk),
            )

    def article(self, article_id: int) -> StoredArticle | None:
        row = self.connection.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _stored_article(row) if row else None

    def article_count(self) -> int:
        return int(self.connection.execute("SELECT count(*) FROM articles").fetchone()[0])

    def current_article(self, url: str) -> StoredArticle | None:
        """The current (not superseded) article with this URL; None when none has it."""
        row = self.connection.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE url = ? AND url != '' AND superseded = 0 LIMIT 1", (url,)
        ).fetchone()
        return None if row is None else _stored_article(row)

    # --- briefings ---------------------------------------------------------------------------------------

    def add_briefing(
        self,
        story_id: int,
        *,
        settings: Mapping[str, Any],
        article_ids: Sequence[int],
        briefing: Mapping[str, Any],
        now: float | None = None,
    ) -> int:
        """Keep a briefing as shown to the user; returns its id."""
        row = (
            story_id,
            _iso_now(time.time() if now is None else now),
            __version__,
            json.dumps(settings, sort_keys=True),
            json.dumps(list(article_ids)),
            json.dumps(briefing, ensure_ascii=False),
        )
        return self._insert_briefing(row)

    def _insert_briefing(self, row: tuple[Any, ...]) -> int:
        """Store the values of INSERT_BRIEFING; returns the new briefing's id."""
        with self._transaction():
            cursor = self.connection.execute(INSERT_BRIEFING, row)
        return int(cursor.lastrowid or 0)

    def last_briefing(self, story_id: int) -> StoredBriefing | None:
        """The latest briefing shown for this story, or None."""
        row = self.connection.execute(
            "SELECT id, story_id, created_at, storyline_version, settings, article_ids, briefing FROM briefings"
            " WHERE story_id = ? ORDER BY id DESC LIMIT 1",
            (story_id,),
        ).fetchone()
        if row is None:
            return None
        briefing_id, story, created_at, version, settings, article_ids, briefing = row
        return StoredBriefing(
            briefing_id,
            story,
            created_at,
            version,
            json.loads(settings),
            tuple(json.loads(article_ids)),
            json.loads(briefing),
        )

    def integrity_check(self) -> str:
        """SQLite's verdict on the file: "ok", or the problems found."""
        rows = self.connection.execute("PRAGMA integrity_check").fetchall()
        return "\n".join(str(row[0]) for row in rows)


_STORY_COLUMNS = (
    "s.id, s.title, s.first_seen, s.last_seen, s.article_count,"
    " (SELECT count(DISTINCT nullif(a.source, '')) + count(*) FILTER (WHERE a.source = '') FROM articles a"
    "  WHERE a.story_id = s.id AND a.superseded = 0),"
    " s.last_ingested, s.merged_into,"
    " (SELECT coalesce(min(substr(a.published, 1, 10)), '') FROM articles a"
    "  WHERE a.story_id = s.id AND a.superseded = 0 AND a.published != ''),"
    " (SELECT coalesce(max(substr(a.published, 1, 10)), '') FROM articles a"
    "  WHERE a.story_id = s.id AND a.superseded = 0 AND a.published != '')"
)
_ARTICLE_COLUMNS = (
    "id, story_id, url, source, title, published, text, origin, ingested_at, seen, revision_of, superseded"
)


def _stored_article(row: Sequence[Any]) -> StoredArticle:
    id_, story_id, url, source, title, published, text, origin, ingested_at, seen, revision_of, superseded = row
    return StoredArticle(
        id_, story_id, url, source, title, published, text, origin, ingested_at, seen, revision_of, bool(superseded)
    )
