"""Where articles come from: files and directories, feed files, and the feed and page addresses a user gives."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from ..errors import InputError
from ..types import RawArticle
from .feeds import is_feed, looks_like_feed, parse_feed, read_feed
from .fetch import Fetched, Fetcher, decoded, is_url
from .files import JSONL_SUFFIXES, OnError, iter_jsonl, parse_html, read_articles, report_unusable
from .files import article_files as article_files  # watch.py lists folders through the reader
from .outlets import url_domain

LOGGER = logging.getLogger(__name__)


class StoredArticle(Protocol):
    """An article as a store holds it: where it was read from, and the article itself."""

    @property
    def origin(self) -> str: ...

    def to_raw(self) -> RawArticle: ...


class PageStore(Protocol):
    """What the reader asks of a store: the article it holds for an address, if any."""

    def current_article(self, url: str) -> StoredArticle | None: ...


def input_sources(paths: Iterable[str | Path], on_error: OnError | None = None) -> Iterator[Path | str]:
    """Each file to read (directories opened), and each web address as it is. A missing path or an empty
    directory raises InputError, or with `on_error` is passed to it."""
    for path in paths:
        try:
            yield from _sources(path)
        except InputError as error:
            report_unusable(error, on_error)


def _sources(path: str | Path) -> Iterator[Path | str]:
    if str(path) == "-":
        yield Path("-")
        return
    if isinstance(path, str) and is_url(path):
        yield path
        return
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


def _read_file(path: Path, on_error: OnError | None = None) -> Iterable[RawArticle]:
    if str(path) != "-" and path.suffix.lower() in JSONL_SUFFIXES and not is_feed(path):
        return _reported(iter_jsonl(path, on_error), on_error)  # line by line: memory holds a batch, not the file
    return read_articles(path, on_error=on_error)


def _reported(articles: Iterable[RawArticle], on_error: OnError | None) -> Iterator[RawArticle]:
    """`articles`, with a file that fails partway (a bad byte) passed to `on_error` after the lines before it."""
    try:
        yield from articles
    except InputError as error:
        report_unusable(error, on_error)


class SourceReader:
    """Articles from a file, or from a web address: a feed's entries (with `full_text`, the pages they link
    to) or one article page."""

    def __init__(
        self, store: PageStore, full_text: bool, fetcher: Fetcher | None, on_error: OnError | None = None
    ) -> None:
        self.store = store
        self.on_error = on_error
        self.full_text = full_text
        self.fetcher = fetcher

    def read(self, source: Path | str) -> Iterable[RawArticle]:
        if isinstance(source, Path):
            if self.full_text and str(source) != "-" and is_feed(source):
                # A feed file saved by cron (`curl -o`) links to its pages as a fetched feed does.
                return self._entries(read_feed(source))
            return _read_file(source, self.on_error)
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
