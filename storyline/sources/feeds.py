"""Read RSS, Atom and RDF files (feedparser) and JSON Feed files into RawArticle values, one per entry.

A feed is recognized by its ending (.rss, .atom, .xml, .json) or, for a file without a known article ending,
by its root element (or a JSON Feed's version). Entry HTML becomes plain text with one paragraph per block
element. feedparser only ever gets bytes, never an address: what goes on the network is decided in
fetch.py, for addresses the user gives.
"""

from __future__ import annotations

import html
import json
import logging
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..types import RawArticle
from ..validate import MAX_ARTICLE_CHARS, usable_date
from .outlets import clean_title, outlet_name, url_domain

LOGGER = logging.getLogger(__name__)

FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml", ".json"})
# Endings that never hold a feed, so their content is not sniffed.
_NOT_FEED_SUFFIXES = frozenset({".jsonl", ".ndjson", ".html", ".htm", ".xhtml", ".md", ".markdown"})
# The root element of RSS 0.9x/2.0, Atom and RSS 1.0 (RDF), within the first bytes after the XML prolog.
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")
_SNIFF_BYTES = 2048
# A JSON Feed names its version, a jsonfeed.org address, near its start (https://www.jsonfeed.org/version/1.1/).
_JSON_FEED = re.compile(rb'^\s*\{.{0,600}"version"\s*:\s*"https?://jsonfeed\.org/version/', re.DOTALL)


def is_feed(path: Path) -> bool:
    """Whether `path` is an RSS or Atom file: by its ending, else (unknown or plain-text ending) by content."""
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES and suffix != ".json":  # JSON is a feed only when it says so
        return True
    if suffix in _NOT_FEED_SUFFIXES:
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False  # the article reader reports the problem
    return looks_like_feed(head)


def looks_like_feed(head: bytes) -> bool:
    """Whether content starting with `head` (its first couple of kilobytes) is an RSS or Atom document."""
    head = head[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return _JSON_FEED.match(head) is not None
    return head.startswith(b"<") and _FEED_ROOT.search(head) is not None


def read_feed(path: str | Path) -> list[RawArticle]:
    """The entries of an RSS or Atom file as articles; entries without text are skipped with a warning."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read file: {error.strerror or error}") from None
    return parse_feed(data, str(path))


def parse_feed(data: bytes, origin: str) -> list[RawArticle]:
    """The entries of the RSS, Atom, RDF or JSON Feed document `data` as articles, each named
    `origin#entries[i]`."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return _parse_json_feed(data, origin)
    import feedparser  # here: its import costs 50 ms that `brief` need not pay

    # Bytes, not a string: feedparser would otherwise treat a string as a possible URL and fetch it.
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo") and not parsed.get("version"):
            problem = parsed.get("bozo_exception") or "unrecognized content"
            raise InputError(origin, f"not a readable RSS or Atom feed: {problem}", "check that it is a feed")
        LOGGER.warning("%s: feed has no entries", origin)
        return []
    source = outlet_name(_text(parsed.feed.get("title", "")), str(parsed.feed.get("link", "")))
    articles = []
    for index, entry in enumerate(parsed.entries):
        article = _entry_article(entry, origin=f"{origin}#entries[{index}]", source=source)
        if article is not None:
            articles.append(article)
    return articles


def _parse_json_feed(data: bytes, origin: str) -> list[RawArticle]:
    try:
        feed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(origin, f"not a readable JSON Feed: {error}", "check that it is a feed") from None
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        raise InputError(origin, "not a JSON Feed: no 'items' list", "check that it is a feed")
    source = outlet_name(_text(_string(feed.get("title"))), _string(feed.get("home_page_url")))
    articles = []
    for index, item in enumerate(items):
        where = f"{origin}#entries[{index}]"
        if not isinstance(item, dict):
            LOGGER.warning("%s: entry is not an object; skipped", where)
            continue
        # A JSON Feed item's fields in feedparser's names, so one function reads every kind of entry.
        body = _string(item.get("content_html")) or html.escape(_string(item.get("content_text")))
        entry: dict[str, Any] = {
            "content": [{"value": body}] if body else [],
            "summary": _string(item.get("summary")),
            "title": _string(item.get("title")),
            "link": _string(item.get("url")) or _string(item.get("external_url")),
            "published_parsed": _json_time(_string(item.get("date_published") or item.get("date_modified"))),
        }
        article = _entry_article(entry, origin=where, source=source)
        if article is not None:
            articles.append(article)
    return articles


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _json_time(value: str) -> time.struct_time | None:
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    return time.strptime(match.group(0), "%Y-%m-%d")


def _entry_article(entry: Any, *, origin: str, source: str) -> RawArticle | None:
    contents = entry.get("content") or []
    body = contents[0].get("value", "") if contents else entry.get("summary", "")
    text = html_to_text(body)
    if not text:
        LOGGER.warning("%s: entry has no text; skipped", origin)
        return None
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(origin, "entry is too long for one article", "is the feed file damaged?")
    url = str(entry.get("link", "")).strip()
    return RawArticle(
        text=text,
        origin=origin,
        title=clean_title(_text(entry.get("title", "")), source, url),
        source=source or url_domain(url),
        url=url,
        published=_iso_date(entry.get("published_parsed") or entry.get("updated_parsed"), origin),
    )


def _iso_date(parsed: time.struct_time | None, origin: str) -> str:
    # feedparser gives the time in UTC; the date is all RawArticle keeps.
    day, problem = usable_date(time.strftime("%Y-%m-%d", parsed) if parsed else "", origin)
    if problem:  # the feed's own text: the entry is kept, undated
        LOGGER.warning("%s: %s; the entry is kept undated", origin, problem)
    return day


def _text(value: str) -> str:
    return " ".join(html_to_text(value).split())


_BLOCK_TAGS = frozenset(
    """address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li
    main nav ol p pre section table td th tr ul""".split()  # noqa: SIM905
)
_BLANK_LINE = re.compile(r"\n\s*\n")
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript"})


class _TextCollector(HTMLParser):
    """Text of an HTML fragment: block elements end a paragraph, script and style are dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[str]] = [[]]
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.paragraphs.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.paragraphs.append([])

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        first, *others = _BLANK_LINE.split(data)  # a plain-text summary separates paragraphs by blank lines
        self.paragraphs[-1].append(first)
        self.paragraphs.extend([other] for other in others)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, one paragraph a line; plain text passes through with spaces tidied."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (" ".join("".join(parts).split()) for parts in collector.paragraphs)
    return "\n".join(line for line in lines if line)
