"""Stories in the store: list them (a page at a time for the web app), and brief one, or what is new in it.

The library behind `storyline stories` and `storyline brief --story`, and the story routes of the web app. A
briefing is stored with the settings and version that made it, so "what is new" is computed against what the
user was last shown (`changes.py`).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from .._version import __version__
from ..briefing import DEFAULT_WORDS, brief
from ..changes import Changes, changes_to_dict, what_changed
from ..errors import InputError, StoryNotFoundError
from ..select import DEFAULT_SUMMARIZER, get_summarizer
from ..serialization import briefing_to_dict, field_values
from ..types import Briefing, RawArticle
from ..validate import check_article
from .furniture import outlet_furniture
from .store import (
    ArticleRef,
    DeletedArticle,
    Store,
    StoredArticle,
    StoredBriefing,
    StoryRecord,
)

LOGGER = logging.getLogger(__name__)

STORIES_SCHEMA = "storyline.stories/1"
STORY_BRIEFING_SCHEMA = "storyline.story-briefing/1"
UNKNOWN_DATE = "unknown"  # a story none of whose articles has a publication date


@dataclass(frozen=True, slots=True)
class StorySummary:
    """A story for listing: counts, the first and last publication dates of its dated articles (ISO dates, or
    "unknown" when none has a date: no date is made up) and its current articles."""

    id: int
    title: str
    article_count: int
    outlet_count: int
    first_seen: str
    last_seen: str
    last_ingested: str
    articles: tuple[ArticleRef, ...]


@dataclass(frozen=True, slots=True)
class StoryPage:
    """One page of the story list: `stories` are those after skipping `offset`, at most `limit` of them, and
    `total` counts every story the list holds, read in the same snapshot as the page."""

    stories: tuple[StorySummary, ...]
    total: int
    limit: int
    offset: int
    next: str = ""  # where the next page starts (`story_page(after=...)`); "" when this page is the last


@dataclass(frozen=True, slots=True)
class StoryBriefing:
    """A story's briefing, stored as `briefing_id` (None when it was not stored). With `since_last`, `changes`
    holds what is new against `previous`, the last briefing stored as seen; both stay None when the story had
    never been briefed."""

    story: StorySummary
    briefing: Briefing
    briefing_id: int | None
    previous: StoredBriefing | None = None
    changes: Changes | None = None
    skipped: tuple[SkippedArticle, ...] = ()  # stored articles that could not be briefed, and why


@dataclass(frozen=True, slots=True)
class SkippedArticle:
    """A stored article left out of its story's briefing: stored before today's checks, it fails them."""

    id: int
    reason: str


# --- listing -------------------------------------------------------------------------------------------------


def list_stories(
    store: Store, since: date | str | None = None, *, limit: int | None = None, offset: int = 0
) -> list[StorySummary]:
    """The stories seen on `since` or later (every story when None), the most recently seen first; with
    `limit`, at most that many after skipping `offset` (see `story_page` for a page with the total).

    `since` is a date, or text as `parse_since` reads it ("2d", "1w", "2026-11-20")."""
    cutoff = _cutoff(since)
    with store.snapshot():
        return _summaries(store, store.stories(since=cutoff, limit=limit, offset=offset))


def story_page(
    store: Store, since: date | str | None = None, *, limit: int, offset: int = 0, after: str = ""
) -> StoryPage:
    """A page of `list_stories`: at most `limit` stories after skipping `offset` (counted from the story the
    previous page's `next` names, when `after` gives it), and how many there are in all, so a reader (the web
    page) fetches a story's articles only for the stories it shows. Paging by `next` never repeats a story
    while articles are ingested (a story that gets a new article moves to the top, where the next reload
    shows it).

    The paging is done by the store's query, not by slicing the whole list: at 100,000 articles the whole
    list with its article references is most of what a listing costs."""
    if limit < 1 or offset < 0:
        raise ValueError(f"a page needs limit >= 1 and offset >= 0, not {limit=}, {offset=}")
    cutoff = _cutoff(since)
    position = page_position(after) if after else None
    with store.snapshot():  # the page and the total from one committed state
        # One story more than the page holds says whether another page follows, so `next` is empty on the last.
        records = store.stories(since=cutoff, limit=limit + 1, offset=offset, after=position)
        more, records = len(records) > limit, records[:limit]
        stories = _summaries(store, records)
        total = store.story_count(since=cutoff)
    last = records[-1] if more else None
    return StoryPage(tuple(stories), total, limit, offset, "" if last is None else f"{last.last_seen!r}:{last.id}")


def page_position(text: str) -> tuple[float, int]:
    """The (last seen, id) a page's `next` names; an InputError naming `after` for anything else."""
    seen, _, story_id = text.partition(":")
    if len(text) > 64 or not _POSITION.match(text):  # openapi.py: maxLength 64
        seen = "nan"
    try:
        position = (float(seen), int(story_id))
    except ValueError:
        position = (math.nan, 0)
    if not math.isfinite(position[0]) or not 0 <= position[1] < 2**63:  # SQLite's integers are 64-bit
        raise InputError("after", f"not a page position: {text[:40]!r}", "pass the 'next' value of the page before")
    return position


def _cutoff(since: date | str | None) -> float | None:
    if isinstance(since, str):
        since = parse_since(since)
    return None if since is None else datetime(since.year, since.month, since.day, tzinfo=UTC).timestamp()


def _summaries(store: Store, records: Sequence[StoryRecord]) -> list[StorySummary]:
    refs = store.article_refs([record.id for record in records])
    return [_summary(record, refs.get(record.id, ())) for record in records]


def _summary(record: StoryRecord, refs: Iterable[ArticleRef]) -> StorySummary:
    return StorySummary(
        id=record.id,
        title=record.title,
        article_count=record.article_count,
        outlet_count=record.outlet_count,
        first_seen=record.first_published or UNKNOWN_DATE,
        last_seen=record.last_published or UNKNOWN_DATE,
        last_ingested=record.last_ingested,
        articles=tuple(refs),
    )


_SINCE = re.compile(r"^([0-9]+)([dw])$")
# What `since` may be, for JSON Schema (openapi.py); "" is no limit.
SINCE_PATTERN = r"^([0-9]{1,9}[dDwW]|[0-9]{4}-[0-9]{2}-[0-9]{2})?$"
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# What `next` looks like: a float's repr and a story id (openapi.py describes `after` with the same pattern).
POSITION_PATTERN = r"^([-+]?[0-9]{1,20}(\.[0-9]{1,20})?([eE][-+]?[0-9]{1,3})?:[0-9]{1,19})?$"
_POSITION = re.compile(POSITION_PATTERN)


def parse_since(text: str, *, today: date | None = None, where: str = "--since") -> date:
    """`--since`: "2d" (days), "1w" (weeks) or an ISO date. Publication dates are days, so is this. Errors
    name `where`: the command-line option, or the API's query parameter."""
    today = datetime.now(UTC).date() if today is None else today
    shown = repr(text[:40]) + ("..." if len(text) > 40 else "")
    match = _SINCE.match(text.lower())
    if match:
        digits = match.group(1)
        try:  # seven digits of days already reach before the year 1; thousands would not even convert
            if len(digits) > 9:
                raise OverflowError
            return today - timedelta(days=int(digits) * (7 if match.group(2) == "w" else 1))
        except OverflowError:
            raise InputError(where, f"{shown} reaches before the year 1", "use a shorter period") from None
    try:
        if not _DAY.match(text):  # fromisoformat would also take 20261120 and 2026-W47-1
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(where, f"cannot read {shown}", "use days (2d), weeks (1w) or a date (2026-11-20)") from None


def stories_to_dict(stories: Sequence[StorySummary]) -> dict[str, Any]:
    """The story list as JSON-ready data (schema storyline.stories/1, docs/streams.md)."""
    return {"schema": STORIES_SCHEMA, "stories": [story_summary_to_dict(story) for story in stories]}


def story_page_to_dict(page: StoryPage) -> dict[str, Any]:
    """A page of the story list as JSON-ready data: the list's JSON (`stories_to_dict`) with `total`, `limit`,
    `offset` and `next` (where the next page starts, null after the last) added."""
    return {
        **stories_to_dict(page.stories),
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
        "next": page.next or None,
    }


def story_summary_to_dict(story: StorySummary) -> dict[str, Any]:
    """One story of the list as JSON-ready data, with its current articles."""
    return {**field_values(story), "articles": [field_values(ref) for ref in story.articles]}


def story_briefing_to_dict(result: StoryBriefing) -> dict[str, Any]:
    """A story's briefing as JSON-ready data: the story, the briefing, and with --since-last the changes.
    `briefing_id` is null when the briefing was not stored as seen."""
    previous = result.previous
    return _story_briefing_dict(
        story_summary_to_dict(result.story),
        briefing_to_dict(result.briefing),
        result.skipped,
        briefing_id=result.briefing_id,
        previous=None
        if previous is None
        else {"id": previous.id, "created_at": previous.created_at, "settings": dict(previous.settings)},
        changes=None if result.changes is None else changes_to_dict(result.changes),
    )


def _story_briefing_dict(
    story: dict[str, Any],
    briefing: dict[str, Any],
    skipped: Sequence[SkippedArticle],
    *,
    briefing_id: int | None = None,
    previous: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The storyline.story-briefing/1 object, from its parts as JSON-ready data."""
    return {
        "schema": STORY_BRIEFING_SCHEMA,
        "story": story,
        "briefing_id": briefing_id,
        "previous": previous,
        "briefing": briefing,
        "changes": changes,
        "skipped": [field_values(item) for item in skipped],
    }


def deleted_article_to_dict(deleted: DeletedArticle) -> dict[str, Any]:
    """What deleting an article did, as JSON-ready data."""
    return {
        "article": deleted.article_id,
        "story": deleted.story_id,
        "story_deleted": deleted.story_deleted,
        "restored": deleted.restored,
    }


# --- briefing a story ----------------------------------------------------------------------------------------


def brief_story(
    store: Store,
    story_id: int,
    *,
    since_last: bool = False,
    record: bool = True,
    words: int = DEFAULT_WORDS,
    summarizer: str = DEFAULT_SUMMARIZER,
) -> StoryBriefing:
    """Brief one story from the latest version of each of its articles, and store the briefing as seen.

    With `since_last`, also compare it with the last briefing stored for the story (`changes`). Without
    `record`, nothing is written: the briefing is not stored (`briefing_id` is None), so a later `since_last`
    still compares against the last briefing the user was shown, not against this one. For a reader that
    looks without the user looking (a web page reloaded, a prefetch, a second tab)."""
    get_summarizer(summarizer)  # an unknown name fails before any work
    with store.snapshot():
        story = find_story(store, story_id)
        articles = store.story_articles(story.id)
        refs = store.article_refs([story.id]).get(story.id, ())
        previous = store.last_briefing(story.id) if since_last else None
        furniture = outlet_furniture(store, articles)
    usable, skipped = _briefable(articles)
    if not usable:
        reasons = "; ".join(f"article {s.id}: {s.reason}" for s in skipped[:3])
        raise InputError(
            f"story {story.id}",
            f"none of its articles can be briefed ({reasons})",
            f"remove them: storyline delete {skipped[0].id}",
        )
    articles = [article for article, _ in usable]
    briefing = brief([raw for _, raw in usable], words=words, summarizer=summarizer, furniture=furniture)
    changes = None
    if previous is not None:
        changes = what_changed(previous.briefing, briefing, since=previous.created_at)
    briefing_id = None
    if record:
        briefing_id = store.add_briefing(
            story.id,
            settings={"words": words, "summarizer": summarizer},
            article_ids=[article.id for article in articles],
            briefing=briefing_to_dict(briefing),
        )
    summary = _summary(story, refs)
    return StoryBriefing(summary, briefing, briefing_id, previous, changes, tuple(skipped))


def _briefable(
    articles: Sequence[StoredArticle],
) -> tuple[list[tuple[StoredArticle, RawArticle]], list[SkippedArticle]]:
    """The articles that pass today's checks (`validate.check_article`), and those that do not, each with a
    warning: one bad article, stored by an older version, must not make its whole story unreadable."""
    usable, skipped = [], []
    for article in articles:
        try:
            usable.append((article, check_article(article.to_raw(), f"article {article.id}")))
        except InputError as error:
            LOGGER.warning("story %d: article %d skipped: %s", article.story_id, article.id, error.problem)
            skipped.append(SkippedArticle(article.id, error.problem))
    return usable, skipped


def stored_story_briefing(
    store: Store, story_id: int, *, words: int = DEFAULT_WORDS, summarizer: str = DEFAULT_SUMMARIZER
) -> dict[str, Any] | None:
    """The story's briefing as `story_briefing_to_dict` gives it for a look that records nothing, taken from the
    last stored briefing when that one was made by this version, with these settings, from the story's current
    articles; None when the story changed since (or was never briefed), so it must be briefed again."""
    with store.snapshot():
        story = find_story(store, story_id)
        last = store.last_briefing(story.id)
        if last is None or last.storyline_version != __version__:
            return None
        if dict(last.settings) != {"words": words, "summarizer": summarizer}:
            return None
        articles = store.story_articles(story.id)
        if last.article_ids != tuple(article.id for article in articles):
            return None
        refs = store.article_refs([story.id]).get(story.id, ())
    _, skipped = _briefable(articles)
    return _story_briefing_dict(story_summary_to_dict(_summary(story, refs)), dict(last.briefing), skipped)


def find_story(store: Store, story_id: int) -> StoryRecord:
    """The story with this id; an unknown or merged id is an error that says what to do."""
    story = store.story(story_id)
    if story is None:
        raise StoryNotFoundError(
            f"story {story_id}", "no such story", "list the stories and their ids with: storyline stories"
        )
    if story.merged_into is not None:
        raise InputError(
            f"story {story_id}",
            f"merged into story {story.merged_into} when their articles turned out to report one event",
            f"brief that one: storyline brief --story {story.merged_into}",
        )
    return story
