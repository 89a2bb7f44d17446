"""Watch: keep ingesting what appears in directories, and what feed and page addresses answer, until stopped.

The library behind `storyline watch`. Files are ingested when new or changed; addresses are asked again every
`feed_interval` seconds with conditional requests (`fetch.py`), as `storyline.stream.ingest` would read them.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from ..errors import InputError, StoreBusyError, StorylineError
from ..sources.fetch import Fetched, Fetcher, is_url
from ..sources.reader import SourceReader, article_files
from .ingest import IngestReport, ingest, ingest_articles
from .store import (
    Store,
    is_busy,
)

LOGGER = logging.getLogger(__name__)


# --- watching directories and feeds --------------------------------------------------------------------------


# How often `watch` asks a feed again by default. News feeds change every few minutes at the busiest; asking
# every 5 s (the folder interval) would be 17,000 requests a day to one site.
FEED_INTERVAL_SECONDS = 600.0


def watch(
    store: Store,
    sources: str | Path | Sequence[str | Path],
    *,
    interval: float = 5.0,
    feed_interval: float = FEED_INTERVAL_SECONDS,
    full_text: bool = False,
    rounds: int | None = None,
    on_ingest: Callable[[Path | str, IngestReport], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    fetcher: Fetcher | None = None,
) -> None:
    """Ingest the files of each directory in `sources`, then every new or changed file, checking every
    `interval` seconds; and each feed or page address in `sources`, asked again every `feed_interval` seconds
    with a conditional request (`full_text` as for `ingest`).

    Runs `rounds` times (forever when None; stop it with Ctrl-C). A file that cannot be read, or an address
    that fails, is reported as a warning and tried again when it changes (a file) or at its next turn (an
    address). When another process holds the store past its busy timeout, nothing is written and the file or
    address is tried again next round."""
    directories, addresses = _watched(sources)
    reader = SourceReader(store, full_text, fetcher)
    signatures: dict[Path, tuple[int, int]] = {}
    answers: dict[str, Fetched] = {}  # the last answer ingested from each address
    due: dict[str, float] = {}
    done = 0
    while rounds is None or done < rounds:
        for directory in directories:
            for file in article_files(directory):
                try:
                    status = file.stat()
                except OSError:
                    continue  # removed between listing and reading
                signature = (status.st_mtime_ns, status.st_size)
                if signatures.get(file) == signature:
                    continue
                signatures[file] = signature
                if not _ingest_watched(file, partial(ingest, store, [file]), on_ingest, interval):
                    del signatures[file]
        now = clock()
        for address in addresses:
            if due.get(address, now) > now:
                continue
            due[address] = now + feed_interval
            try:
                fetched = reader.fetcher_in_use().get(address, since=answers.get(address))
            except InputError as error:
                LOGGER.warning("%s", error)
                continue
            earlier = answers.get(address)
            if fetched.not_modified:
                continue
            if earlier is not None and fetched.content == earlier.content:
                # Many feeds send no validators, or new ones for the same body: nothing to ingest, but the
                # validators to send next time are these.
                answers[address] = fetched
                continue
            run = partial(_ingest_answer, store, reader, fetched, address)
            if _ingest_watched(address, run, on_ingest, interval):
                answers[address] = fetched
            else:
                due[address] = now
        done += 1
        if rounds is None or done < rounds:
            sleep(interval)


def _watched(sources: str | Path | Sequence[str | Path]) -> tuple[list[Path], list[str]]:
    """The directories and the web addresses among `sources`; anything else is an error naming it."""
    if isinstance(sources, str | Path):
        sources = [sources]
    directories, addresses = [], []
    for source in sources:
        if isinstance(source, str) and is_url(source):
            addresses.append(source)
        elif Path(source).is_dir():
            directories.append(Path(source))
        else:
            raise InputError(
                str(source), "not a directory", "watch takes the directories new files appear in, or feed addresses"
            )
    return directories, addresses


def _ingest_answer(store: Store, reader: SourceReader, fetched: Fetched, address: str) -> IngestReport:
    return ingest_articles(store, reader.articles_from(fetched, address), parallel=False)


def _ingest_watched(
    source: Path | str,
    run: Callable[[], IngestReport],
    on_ingest: Callable[[Path | str, IngestReport], None] | None,
    interval: float,
) -> bool:
    """Run one ingest for `watch`: False when the store was busy and nothing was written (try again)."""
    try:
        report = run()
    except (StoreBusyError, sqlite3.OperationalError) as error:
        if isinstance(error, sqlite3.OperationalError) and not is_busy(error):
            raise
        # Another writer (the web app, a second ingest) held the store past its busy timeout.
        LOGGER.warning("%s: the store is busy; trying again in %g s", source, interval)
        return False
    except StorylineError as error:
        LOGGER.warning("%s", error)
        return True
    if on_ingest is not None:
        on_ingest(source, report)
    return True
