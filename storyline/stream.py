"""Ingest: articles from files, feeds and web addresses into the store, sorted into stories as they arrive.

The library behind `storyline ingest`. Reading reuses `ingest.py` (files, directories, JSONL, HTML, stdin),
`feeds.py` (RSS/Atom) and `fetch.py` (the feed and page addresses a user gives); the store keeps identity,
revisions and stories (`store.py`). Listing and briefing stories is `stories.py`; `watch.py` keeps ingesting.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import pickle
import queue
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .clean import clean
from .cluster import Features, article_features
from .errors import InputError, StorylineError
from .feeds import FEED_SUFFIXES, is_feed, looks_like_feed, parse_feed, read_feed
from .fetch import Fetched, Fetcher, decoded, is_url
from .ingest import SUPPORTED_SUFFIXES, files_under, parse_html, read_articles, url_domain
from .store import (
    ArticleResult,
    NewArticle,
    Store,
    content_hash,
    seen_time,
)
from .types import RawArticle

LOGGER = logging.getLogger(__name__)

# Articles per transaction. A commit costs one fsync, about 1 ms on the project machine, against about 0.5 s
# to prepare and store 256 articles: under 1%. Batches of 16 made the store's share 25% slower, and 1024 gave
# the same speed as 256 (benchmarks/stream_speed.py articles, 4,000 articles). A kill loses at most the batches
# in flight (one being stored, one at the worker), none of them reported as ingested yet.
BATCH_ARTICLES = 256
INGEST_SCHEMA = "storyline.ingest/1"


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest committed: counts by outcome, how many stories the articles went to, and the result for
    each article in input order (empty when the ingest was asked not to keep them)."""

    added: int
    revised: int
    unchanged: int
    stories: int
    articles: tuple[ArticleResult, ...] = ()
    skipped: int = 0  # articles with no text left after cleaning: not stored (a warning names each)

    @property
    def total(self) -> int:
        return self.added + self.revised + self.unchanged


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    *,
    batch_size: int = BATCH_ARTICLES,
    on_commit: Callable[[Sequence[ArticleResult]], None] | None = None,
    parallel: bool = True,
    keep_results: bool = True,
    full_text: bool = False,
    fetcher: Fetcher | None = None,
) -> IngestReport:
    """Read every article named by `paths` (files, directories, feeds, "-" for stdin, http(s) addresses of
    feeds or article pages) into the store.

    Commits every `batch_size` articles; `on_commit` hears about each batch once it is durable. When a file
    cannot be read, the articles read before it are committed and the error is raised. `parallel` and
    `keep_results`: see `ingest_articles`. With `full_text`, each entry of a feed fetched from an address is
    replaced by the main text of the page it links to, unless the store already holds that page (`fetch.py`;
    `fetcher` paces the requests)."""
    reader = SourceReader(store, full_text, fetcher)
    articles = (article for source in _input_sources(paths) for article in reader.read(source))
    return ingest_articles(
        store, articles, batch_size=batch_size, on_commit=on_commit, parallel=parallel, keep_results=keep_results
    )


def ingest_articles(
    store: Store,
    articles: Iterable[RawArticle],
    *,
    batch_size: int = BATCH_ARTICLES,
    on_commit: Callable[[Sequence[ArticleResult]], None] | None = None,
    parallel: bool = True,
    keep_results: bool = True,
) -> IngestReport:
    """Store articles already read, sorted into stories, committing every `batch_size` (see `ingest`).

    With `parallel` (and more than one core), once the input outgrows one batch a second process cleans the
    next batch and computes its features while this one stores and clusters the current batch. Without
    `keep_results` the report holds the counts only, so memory stays flat however long the input (the
    results take about 200 bytes an article)."""
    results: list[ArticleResult] = []
    counts = {"added": 0, "revised": 0, "unchanged": 0, "skipped": 0}
    stories: set[int] = set()
    pending: list[RawArticle] = []
    in_flight: deque[_Batch] = deque()
    describer = _Describer(parallel=parallel and (os.cpu_count() or 1) > 1)

    def start() -> None:
        in_flight.append(_start_batch(store, pending[:], describer))
        pending.clear()

    def finish() -> None:
        batch = in_flight.popleft()
        prepared = batch.prepared(describer.collect())
        for origin in prepared.skipped:
            LOGGER.warning("%s: nothing left after cleaning; skipped", origin)
        counts["skipped"] += len(prepared.skipped)
        committed = store.add_articles(prepared.articles)
        for result in committed:
            counts[result.status] += 1
            stories.add(result.story_id)
        if keep_results:
            results.extend(committed)
        LOGGER.info("%d articles committed", counts["added"] + counts["revised"] + counts["unchanged"])
        if on_commit is not None:
            on_commit(committed)

    def finish_all() -> None:
        if pending:
            start()
        while in_flight:
            finish()

    remaining = iter(articles)
    try:
        while True:
            try:
                article = next(remaining)
            except StopIteration:
                break
            except StorylineError:  # unreadable input: keep what was read before it
                finish_all()
                raise
            pending.append(article)
            if len(pending) >= batch_size:
                start()
                if len(in_flight) > 1:  # the worker describes one batch while the one before it is stored
                    finish()
        finish_all()
    finally:
        describer.close()
    return IngestReport(
        counts["added"], counts["revised"], counts["unchanged"], len(stories), tuple(results), counts["skipped"]
    )


@dataclass(frozen=True, slots=True)
class _Description:
    """What `describe` makes of an article: the article (with the title and date cleaning found, when the
    input gave none) and its features for the clusterer."""

    raw: RawArticle
    features: Features
    empty: bool = False  # cleaning left no text: the article is not stored


def _describe(raws: Sequence[RawArticle]) -> list[_Description]:
    """Clean each article and compute its features for the clusterer."""
    descriptions = []
    for raw in raws:
        cleaned = clean(raw)
        # A .txt article's title and date are its first lines, its outlet a byline or dateline: keep what
        # cleaning found, for listing and for the time window.
        raw = replace(
            raw,
            title=raw.title or cleaned.title,
            source=raw.source or cleaned.source,
            published=raw.published or cleaned.published,
        )
        # An article that cleaning empties (a web-archive notice, a tweet widget, a "page not found") is not
        # stored, as `storyline brief` skips it: there is no article to brief, and its raw text would join every
        # copy of the same notice from unrelated stories (three "Alexa crawl" notices on multinews-dev).
        if not cleaned.text.strip():
            descriptions.append(_Description(raw, article_features("", ""), empty=True))
            continue
        descriptions.append(_Description(raw, article_features(cleaned.title, cleaned.text)))
    return descriptions


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A batch ready for the store, and the origins of the articles left out because cleaning emptied them."""

    articles: tuple[NewArticle, ...]
    skipped: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Batch:
    """A batch on its way to the store: hashed, and the articles the store lacks sent to be described."""

    raws: tuple[RawArticle, ...]
    hashes: tuple[str, ...]
    described: tuple[bool, ...]  # which articles were sent to the describer
    now: float

    def prepared(self, descriptions: Sequence[_Description]) -> _Prepared:
        # An article without a date is taken as seen on the latest date of the articles read with it, which
        # are usually from the same days; with no date in the batch, when it was ingested. Never the ingestion
        # time beside dated articles: an archive from March with one undated report would put that report
        # months after the others, outside their time window.
        dated = [seen_time(d.raw.published, -math.inf) for d in descriptions if not d.empty]
        fallback = max(dated, default=-math.inf)
        fallback = self.now if fallback == -math.inf else fallback
        found = iter(descriptions)
        prepared = []
        skipped: list[str] = []
        empty: set[str] = set()
        for raw, digest, described in zip(self.raws, self.hashes, self.described, strict=True):
            if not described:  # stored already, or a repeat within the batch: the store reports it unchanged
                if digest in empty:
                    skipped.append(raw.origin)
                else:
                    prepared.append(NewArticle(raw, digest, None, self.now))
                continue
            description = next(found)
            if description.empty:
                empty.add(digest)
                skipped.append(raw.origin)
                continue
            seen = seen_time(description.raw.published, fallback)
            prepared.append(NewArticle(description.raw, digest, description.features, seen))
        return _Prepared(tuple(prepared), tuple(skipped))


def _start_batch(store: Store, raws: Sequence[RawArticle], describer: _Describer) -> _Batch:
    hashes = tuple(content_hash(raw) for raw in raws)
    known = store.known_hashes(hashes)
    described = []
    for digest in hashes:
        described.append(digest not in known)
        known.add(digest)
    describer.submit([raw for raw, new in zip(raws, described, strict=True) if new])
    return _Batch(tuple(raws), hashes, tuple(described), time.time())


class _Describer:
    """Describes batches in order: here, or in a worker process once a second batch is waiting.

    Cleaning and features take about a third of the time per article (benchmarks/stream_speed.py --stages)
    and never touch the store, so a worker on the second core takes them off the critical path. The worker is
    a plain subprocess (`python -c`), not multiprocessing: it imports storyline only, never the caller's main
    module, and shares nothing with this process but its stdin and stdout. It exits when its stdin closes,
    so a killed ingest never leaves it behind."""

    def __init__(self, *, parallel: bool) -> None:
        self._parallel = parallel
        self._queue: deque[list[RawArticle]] = deque()
        self._sent: deque[bool] = deque()  # for each queued batch: did it go to the worker?
        self._worker: subprocess.Popen[bytes] | None = None

    def submit(self, raws: list[RawArticle]) -> None:
        to_worker = self._parallel and bool(self._queue) and bool(raws)
        if to_worker:
            worker = self._start()
            assert worker.stdin is not None
            pickle.dump(raws, worker.stdin)
            worker.stdin.flush()
        self._queue.append(raws)
        self._sent.append(to_worker)

    def collect(self) -> list[_Description]:
        raws = self._queue.popleft()
        if not self._sent.popleft():
            return _describe(raws)
        assert self._worker is not None
        assert self._worker.stdout is not None
        try:
            outcome = pickle.load(self._worker.stdout)
        except EOFError:
            raise RuntimeError("the worker process that cleans articles stopped (see its error above)") from None
        return [
            _Description(replace(raw, title=title, source=source, published=published), features, empty)
            for raw, (title, source, published, features, empty) in zip(raws, outcome, strict=True)
        ]

    def _start(self) -> subprocess.Popen[bytes]:
        if self._worker is None:
            command = [sys.executable, "-c", "from storyline.stream import _serve; _serve()"]
            self._worker = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        return self._worker

    def close(self) -> None:
        if self._worker is None:
            return
        assert self._worker.stdin is not None
        assert self._worker.stdout is not None
        with contextlib.suppress(OSError):  # when it is gone already
            self._worker.stdin.close()  # the worker reads the end of its input and exits
        self._worker.stdout.close()
        try:
            self._worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._worker.kill()
            self._worker.wait()


def _serve() -> None:
    """The worker: describe each batch read from stdin, write (title, source, published, features, empty) per
    article.

    A thread keeps reading stdin while a batch is described, so the ingest never blocks writing the next batch
    while this process waits for it to read the results of the last one."""
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # nothing else may write into the results
    tasks: queue.SimpleQueue[list[RawArticle] | None] = queue.SimpleQueue()

    def read() -> None:
        try:
            while True:
                tasks.put(pickle.load(sys.stdin.buffer))
        except (EOFError, OSError, pickle.UnpicklingError):
            tasks.put(None)

    threading.Thread(target=read, daemon=True).start()
    while (raws := tasks.get()) is not None:
        descriptions = _describe(raws)
        outcome = [(d.raw.title, d.raw.source, d.raw.published, d.features, d.empty) for d in descriptions]
        try:
            pickle.dump(outcome, results)
            results.flush()
        except OSError:  # the ingest is gone
            return


def _input_sources(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """Each file to read (directories opened), and each web address as it is."""
    for path in paths:
        if str(path) == "-":
            yield Path("-")
            continue
        if isinstance(path, str) and is_url(path):
            yield path
            continue
        path = Path(path)
        if path.is_dir():
            files = article_files(path)
            if not files:
                raise InputError(str(path), "directory has no article or feed files")
            yield from files
        elif path.exists():
            yield path
        else:
            raise InputError(str(path), "no such file or directory")


def article_files(directory: Path) -> list[Path]:
    """The article and feed files in `directory` and below, sorted (`ingest.files_under`)."""
    return files_under(directory, SUPPORTED_SUFFIXES | FEED_SUFFIXES)


def _read_file(path: Path) -> list[RawArticle]:
    if str(path) != "-" and is_feed(path):
        return read_feed(path)
    return read_articles(path)


class SourceReader:
    """Articles from a file, or from a web address: a feed's entries (with `full_text`, the pages they link
    to) or one article page."""

    def __init__(self, store: Store, full_text: bool, fetcher: Fetcher | None) -> None:
        self.store = store
        self.full_text = full_text
        self.fetcher = fetcher

    def read(self, source: Path | str) -> list[RawArticle]:
        if isinstance(source, Path):
            if self.full_text and str(source) != "-" and is_feed(source):
                # A feed file saved by cron (`curl -o`) links to its pages as a fetched feed does.
                return self._entries(read_feed(source))
            return _read_file(source)
        return self.articles_from(self.fetcher_in_use().get(source), source)

    def fetcher_in_use(self) -> Fetcher:
        if self.fetcher is None:
            self.fetcher = Fetcher()
        return self.fetcher

    def articles_from(self, fetched: Fetched, address: str) -> list[RawArticle]:
        """The articles of what `address` answered: a feed's entries, or the one article of a page."""
        if _is_feed_content(fetched):
            return self._entries(parse_feed(fetched.content, address))
        return [_page_article(fetched, origin=address)]

    def _entries(self, entries: list[RawArticle]) -> list[RawArticle]:
        """A feed's entries, each with the main text of its page when `full_text`."""
        if not self.full_text:
            return entries
        fetcher = self.fetcher_in_use()
        return [self._full_text(entry, fetcher) for entry in entries]

    def _full_text(self, entry: RawArticle, fetcher: Fetcher) -> RawArticle:
        """The entry with the main text of the page it links to, its origin the page's address. When the store
        holds that page's text already (its origin is the page), the stored article, which ingests as
        unchanged: the feed's short text would count as a revision of the full one. An entry stored with the
        feed's own text (its page failed last time, or the feed was ingested without `full_text`) has its page
        fetched again."""
        if not is_url(entry.url):
            return entry
        stored = self.store.current_article(entry.url)
        if stored is not None and stored.origin == entry.url:
            return stored.to_raw()
        try:
            page = _page_article(fetcher.get(entry.url), origin=entry.url)
        except InputError as error:
            LOGGER.warning("%s: %s; kept the feed's text", entry.origin, error)
            return entry
        # The feed names the outlet, title and date the same way for every entry; the page may not.
        return replace(entry, text=page.text, origin=entry.url, published=entry.published or page.published)


def _is_feed_content(fetched: Fetched) -> bool:
    if fetched.content_type in _FEED_MEDIA_TYPES:
        return True
    return fetched.content_type != "text/html" and looks_like_feed(fetched.content[:2048])


# Media types feeds are served with; servers also use text/xml and application/xml for other XML, so those
# are decided by the document's root element (feeds.looks_like_feed).
_FEED_MEDIA_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})


def _page_article(fetched: Fetched, *, origin: str) -> RawArticle:
    """One article page: its main text and metadata (trafilatura), its URL the canonical one, else the address
    it was fetched from after redirects."""
    article = parse_html(decoded(fetched), origin)
    return replace(article, url=article.url or fetched.url, source=article.source or url_domain(fetched.url))


def ingest_report_to_dict(report: IngestReport) -> dict[str, Any]:
    """An ingest report as JSON-ready data (schema storyline.ingest/1, docs/streams.md)."""
    return {
        "schema": INGEST_SCHEMA,
        "added": report.added,
        "revised": report.revised,
        "unchanged": report.unchanged,
        "skipped": report.skipped,
        "articles": [
            {
                "id": result.article_id,
                "story": result.story_id,
                "status": result.status,
                "origin": result.origin,
                "revision_of": result.revision_of,
            }
            for result in report.articles
        ],
    }
