"""The worker that cleans articles and computes their features for the clusterer, here or in a second process."""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..clean import clean
from ..types import RawArticle
from .cluster import Features, article_features


@dataclass(frozen=True, slots=True)
class Description:
    """What `describe` makes of an article: the article (with the title and date cleaning found, when the
    input gave none) and its features for the clusterer."""

    raw: RawArticle
    features: Features
    empty: bool = False  # cleaning left no text: the article is not stored


def describe(raws: Sequence[RawArticle]) -> list[Description]:
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
            descriptions.append(Description(raw, article_features("", ""), empty=True))
            continue
        descriptions.append(Description(raw, article_features(cleaned.title, cleaned.text, raw.source)))
    return descriptions


class Describer:
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

    def collect(self) -> list[Description]:
        raws = self._queue.popleft()
        if not self._sent.popleft():
            return describe(raws)
        assert self._worker is not None
        assert self._worker.stdout is not None
        try:
            outcome = pickle.load(self._worker.stdout)
        except EOFError:
            raise RuntimeError("the worker process that cleans articles stopped (see its error above)") from None
        return [
            Description(replace(raw, title=title, source=source, published=published), features, empty)
            for raw, (title, source, published, features, empty) in zip(raws, outcome, strict=True)
        ]

    def _start(self) -> subprocess.Popen[bytes]:
        if self._worker is None:
            command = [sys.executable, "-c", "from storyline.stream.worker import serve; serve()"]
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


def serve() -> None:
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
        descriptions = describe(raws)
        outcome = [(d.raw.title, d.raw.source, d.raw.published, d.features, d.empty) for d in descriptions]
        try:
            pickle.dump(outcome, results)
            results.flush()
        except OSError:  # the ingest is gone
            return
