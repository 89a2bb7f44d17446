"""The one check every article passes before it is briefed or stored, whatever it came from.

Files, JSONL lines, API requests, feed entries and fetched pages all end as a `RawArticle`; `check_article`
refuses what later stages cannot handle, naming the field: a publication date that is not a real calendar day
between MIN_DATE and tomorrow, text with a lone surrogate (half of a UTF-16 pair, which no encoder writes), a
title, outlet or address longer than any real one, or an article too long to be one. `decode_json` reads one
JSON document with its nesting and numbers bounded, and `check_story_id` keeps ids within SQLite's integers.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from .errors import InputError
from .types import RawArticle

# Older than any digitized newspaper archive; a year 0 or 0001 date is a placeholder, not a publication day.
MIN_DATE = date(1800, 1, 1)
# A day of grace past today (UTC): a site east of UTC dates its morning articles tomorrow. Anything later
# is refused: one far-future date would put its story first in every list and age out the rest.
FUTURE_GRACE_DAYS = 1
# The longest news articles run to about 100,000 characters; far past that, a text is not one article.
MAX_ARTICLE_CHARS = 2_000_000
# Titles, outlet names and addresses in real feeds stay under a few hundred characters; browsers cap
# addresses near 64 kB, and this far exceeds any seen.
MAX_FIELD_CHARS = 10_000
# Deeper than any article record (the deepest is a list of objects, depth 3); keeps decoding off the
# interpreter's recursion limit.
MAX_JSON_DEPTH = 64
# Story and article ids are SQLite integers: signed 64-bit.
MAX_ID = 2**63 - 1
# A run of `brief` over more articles than this is a stream: 2,000 one-line files took 17 s and 10,000 ran
# for ten minutes in 5 GB. `ingest` sorts a stream into stories instead.
MAX_BRIEF_ARTICLES = 1_000

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]|$)")
# The same shape for JSON Schema (openapi.py): a day, then optionally a time after T or a space.
DATE_PATTERN = r"^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ][\s\S]*)?)?$"
_TEXT_FIELDS = ("text", "title", "source", "url", "description")


def check_article(article: RawArticle, where: str = "", *, today: date | None = None) -> RawArticle:
    """`article` with its date in YYYY-MM-DD form, or an InputError naming the field at fault.

    `where` names the article in errors (its origin when empty); fields are added as "where.title"."""
    where = where or article.origin
    for name in _TEXT_FIELDS:
        check_text(getattr(article, name), _field(where, name), name)
    for name in _TEXT_FIELDS[1:]:
        if len(getattr(article, name)) > MAX_FIELD_CHARS:
            raise InputError(
                _field(where, name), f"field '{name}' is over {MAX_FIELD_CHARS:,} characters", "is it the right field?"
            )
    if len(article.text) > MAX_ARTICLE_CHARS:
        raise InputError(
            where,
            f"{len(article.text) / 1_000_000:.1f} million characters is too long for one article",
            "split it into articles, one per file or one per JSONL line",
        )
    published = check_date(article.published, _field(where, "published"), today=today)
    origin = printable(article.origin)
    if published == article.published and origin == article.origin:
        return article
    return replace(article, published=published, origin=origin)


def printable(text: str) -> str:
    """`text` with the undecodable bytes of a file name ("caf\udce9.txt", as Python reads a Latin-1 name on
    a UTF-8 system) written as escapes ("caf\\xe9.txt"), so it can be stored and printed."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def check_text(value: str, where: str, name: str = "text") -> str:
    """`value`, refused when it holds a lone surrogate (a broken \\uXXXX escape): no file or page can hold one."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InputError(
            where, f"{name} holds an unpaired surrogate {value[error.start]!r}", "fix the \\uXXXX escape"
        ) from None
    return value


def check_date(value: str, where: str, *, today: date | None = None) -> str:
    """The YYYY-MM-DD day of an ISO date or datetime ("" stays ""); an InputError for a day that does not
    exist, one before MIN_DATE, or one more than FUTURE_GRACE_DAYS after `today` (UTC today by default)."""
    if not value:
        return ""
    match = _ISO_DATE.match(value)
    if not match:
        raise InputError(where, f"field 'published' is not an ISO date: {value[:40]!r}", "use YYYY-MM-DD")
    try:
        day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise InputError(
            where, f"field 'published' is not a calendar day: {match.group(0)[:10]!r}", "use a real YYYY-MM-DD"
        ) from None
    latest = (today or datetime.now(UTC).date()) + timedelta(days=FUTURE_GRACE_DAYS)
    if day < MIN_DATE:
        raise InputError(where, f"published {day.isoformat()} is before {MIN_DATE.year}", "check the date")
    if day > latest:
        raise InputError(
            where,
            f"published {day.isoformat()} is in the future (latest accepted: {latest.isoformat()})",
            "check the date, or leave it out",
        )
    return day.isoformat()


def usable_date(value: str, where: str, *, today: date | None = None) -> tuple[str, str]:
    """A date from third-party metadata (a feed entry, a page's tags): (the day, "") when it is usable, else
    ("", why not), so the article is kept undated rather than refused for what its publisher wrote."""
    try:
        return check_date(value, where, today=today), ""
    except InputError as error:
        return "", error.problem


def decode_json(text: str | bytes, where: str) -> Any:
    """One JSON document, or an InputError naming `where`: malformed, nested deeper than MAX_JSON_DEPTH, or
    holding a number too long to read (Python refuses integers of over 4,300 digits)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(where, f"not valid JSON ({error.msg} at column {error.colno})") from None
    except UnicodeDecodeError:
        raise InputError(where, "not UTF-8 JSON") from None
    except RecursionError:
        raise InputError(where, f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError as error:  # an integer too long to convert
        raise InputError(where, f"unreadable JSON: {error}") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise InputError(where, f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return value


def _depth(value: Any) -> int:
    """How deep lists and objects nest in `value`, counted without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if level <= MAX_JSON_DEPTH:
            stack.extend((child, level + 1) for child in children)
    return deepest


def check_story_id(value: int | str, where: str = "story") -> int:
    """A story or article id as a number: 1 to MAX_ID, else an InputError (an id past 64 bits names nothing)."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 19 and 1 <= int(text) <= MAX_ID):
        raise InputError(where, f"not an id: {text[:40]!r}", "ids are whole numbers, as storyline stories lists them")
    return int(text)


def check_run_size(count: int, where: str = "", limit: int = MAX_BRIEF_ARTICLES) -> None:
    """Refuse a briefing of more than `limit` articles, suggesting `ingest` for a stream."""
    if count > limit:
        raise InputError(
            where,
            f"over {limit:,} articles is too many for one briefing",
            "a stream of articles is several events: sort it into stories with storyline ingest, then brief one",
        )


def _field(where: str, name: str) -> str:
    """How an error names a field: "articles[2].published" in a request; the file or line otherwise."""
    return f"{where}.{name}" if where.startswith("articles[") else where
