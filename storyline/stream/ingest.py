"""Ingest: articles from files, feeds and web addresses into the store, sorted into stories as they arrive.

The library behind `storyline ingest`. Reading is `sources/` (files, feeds, addresses: `sources.reader`);
`worker.py` cleans and describes articles; the store keeps identity, revisions and stories (`store.py`).
Listing and briefing stories is `stories.py`; `watch.py` keeps ingesting.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import InputError, StorylineError
from ..sources.fetch import Fetcher
from ..sources.files import OnError, report_unusable
from ..sources.reader import SourceReader, input_sources
from ..types import RawArticle
from ..validate import check_article
from .store import (
    ArticleResult,
    NewArticle,
    Store,
    content_hash,
    seen_time,
)
from .worker import Describer, Description

LOGGER = logging.getLogger(__name__)

# Articles per transaction: a commit's fsync (about 1 ms) is under 1% of storing 256; 16 made the store 25%
# slower, 1024 no faster (stream_speed.py, 4,000 articles). A kill loses only the unreported batches in flight.
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
    on_error: OnError | None = None,
) -> IngestReport:
    """Read every article named by `paths` (files, directories, feeds, "-" for stdin, http(s) addresses of
    feeds or article pages) into the store.

    Commits every `batch_size` articles; `on_commit` hears about each batch once it is durable. When a file
    cannot be read, the articles read before it are committed and the error is raised. `parallel` and
    `keep_results`: see `ingest_articles`. With `full_text`, each entry of a feed fetched from an address is
    replaced by the main text of the page it links to, unless the store already holds that page (`fetch.py`;
    `fetcher` paces the requests). With `on_error`, an unusable input (a file, a JSONL line, an address) is
    passed to it and the ingest goes on, as `files.read_articles` does."""
    reader = SourceReader(store, full_text, fetcher, on_error)
    articles = _read_all(reader, input_sources(paths, on_error), on_error)
    return ingest_articles(
        store, articles, batch_size=batch_size, on_commit=on_commit, parallel=parallel, keep_results=keep_results
    )


def _read_all(reader: SourceReader, sources: Iterable[Path | str], on_error: OnError | None) -> Iterator[RawArticle]:
    for source in sources:
        try:
            articles = reader.read(source)
        except InputError as error:
            report_unusable(error, on_error)
            continue
        yield from articles


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
    describer = Describer(parallel=parallel and (os.cpu_count() or 1) > 1)

    def start() -> None:
        in_flight.append(_start_batch(store, pending[:], describer))
        pending.clear()

    def finish() -> None:
        batch = in_flight.popleft()
        prepared = batch.prepared(describer.collect())
        for origin in prepared.skipped:
            LOGGER.warning("skipped %s: no article text left after cleaning", origin)
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

    remaining = (check_article(article) for article in articles)  # the last gate before the store
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
    # A story that a later article merged into another is counted, and reported, as the one it is part of now.
    surviving = store.surviving_stories(stories)
    results = [replace(result, story_id=surviving.get(result.story_id, result.story_id)) for result in results]
    return IngestReport(
        counts["added"],
        counts["revised"],
        counts["unchanged"],
        len(set(surviving.values())),
        tuple(results),
        counts["skipped"],
    )


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

    def prepared(self, descriptions: Sequence[Description]) -> _Prepared:
        # An undated article is placed on the latest date of the articles read with it (usually the same
        # days), else at its ingestion: never the ingestion time beside dated articles, which would put one
        # undated report of a March archive months after the others. A date past tomorrow counts as unknown
        # here, so no "9999-12-31" becomes the batch's latest date (docs/streams.md).
        latest = self.now + 86400
        dated = [seen_time(d.raw.published, -math.inf) for d in descriptions if not d.empty]
        fallback = max((seen for seen in dated if seen <= latest), default=-math.inf)
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
            seen = fallback if seen > latest else seen
            prepared.append(NewArticle(description.raw, digest, description.features, seen))
        return _Prepared(tuple(prepared), tuple(skipped))


def _start_batch(store: Store, raws: Sequence[RawArticle], describer: Describer) -> _Batch:
    hashes = tuple(content_hash(raw) for raw in raws)
    known = store.known_hashes(hashes)
    described = []
    for digest in hashes:
        described.append(digest not in known)
        known.add(digest)
    describer.submit([raw for raw, new in zip(raws, described, strict=True) if new])
    return _Batch(tuple(raws), hashes, tuple(described), time.time())


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
