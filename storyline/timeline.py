"""Timeline: the dated events the articles state, merged across outlets and put in order.

An event is a claim (see claims.py: a sentence and its counterparts in other articles) whose sentences state a
date. The date most reports give is the event's date; when the reports give different dates, the event is
marked disputed and keeps every date with its source, so the reader sees the disagreement. Events that end
well before the reported days (an earlier coup, last year's attacks) are background and are kept apart.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from .dates import find_dates, same_date
from .similarity import SentenceIndex
from .types import Article, Claim, DateMention, Evidence, Span, TimelineEvent

# An event is background when its date ends more than this many days before the earliest reference date (the
# publication dates). A week keeps "on Monday" in the story of a Saturday's articles and moves "since June",
# "last year" and "the 2012 coup" of the Mali articles (published 18 August 2020) to the background.
BACKGROUND_DAYS = 7


def build_timeline(
    claims: Sequence[Claim], index: SentenceIndex, references: Mapping[str, str]
) -> tuple[TimelineEvent, ...]:
    """The dated events among `claims`, background first, each part in date order.

    `references` maps article id -> the ISO date its relative dates resolve against ("" when unknown)."""
    events = []
    used: set[Span] = set()
    for claim in claims:
        evidence = [e for e in claim.evidence if e.span not in used]
        dated: list[tuple[Evidence, DateMention]] = []
        for item in evidence:
            sentence = index.sentences[item.span]
            found = find_dates(sentence, references.get(item.span.article_id, ""))
            mentions = [m for m in found if not _names_an_earlier_event(m, sentence.text, item.span.start)]
            if mentions:
                dated.append((item, _primary(mentions)))
        if not dated:
            continue
        used.update(item.span for item in evidence)
        # The event names every outlet that makes the statement, as the claim does; `dates` says which give a date.
        with_date = {item for item, _ in dated}
        undated = [item for item in evidence if item not in with_date]
        events.append(_event(dated, undated, index))
    period_start = _period_start(references, events)
    placed = [_with_background(event, period_start) for event in events]
    return tuple(sorted(placed, key=lambda e: (not e.background, e.date, e.evidence[0].span.article_id)))


_ATTRIBUTIVE_BEFORE = re.compile(r"(?:\b(?:the|that|a|an|its|his|her|their|this)|['’]s)\s+$", re.IGNORECASE)
_ATTRIBUTIVE_AFTER = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:coup|vote|election|elections|war|crisis|attack|attacks|"
    r"uprising|mutiny|revolution|agreement|deal|accord|games|olympics|championship|"
    r"season|campaign|protests|floods|earthquake|disaster|fire|crash|law)\b"
)


def _names_an_earlier_event(mention: DateMention, text: str, offset: int) -> bool:
    """A year naming an event ("the 2012 coup", "that 2013 vote"), which dates that event, not the sentence:
    "the unrest erupted at the barracks where the country's 2012 coup originated" happens now."""
    if len(mention.date) != 4:
        return False
    start, end = mention.span.start - offset, mention.span.end - offset
    return bool(_ATTRIBUTIVE_BEFORE.search(text[:start]) and _ATTRIBUTIVE_AFTER.match(text[end:]))


def _primary(mentions: Sequence[DateMention]) -> DateMention:
    """The date a sentence is about: its most precise one, the first of those on a tie."""
    return max(mentions, key=lambda m: (len(m.date), -m.span.start))


def _event(
    dated: Sequence[tuple[Evidence, DateMention]], undated: Sequence[Evidence], index: SentenceIndex
) -> TimelineEvent:
    dates = tuple(mention for _, mention in dated)
    votes = Counter(mention.date for mention in dates)
    # The date most reports give; a more precise date wins a tie, then the earlier one.
    date = min(votes, key=lambda d: (-votes[d], -len(d), d))
    # Only dates at one precision can disagree: "2012" beside "Tuesday" is a sentence naming two times.
    disputed = any(len(a.date) == len(b.date) and not same_date(a.date, b.date) for a in dates for b in dates)
    # The claim's own sentence leads when it is dated, else its first dated counterpart.
    evidence = tuple(item for item, _ in dated) + tuple(undated)
    return TimelineEvent(
        date=date,
        text=index.sentences[evidence[0].span].text,
        evidence=evidence,
        dates=dates,
        background=False,
        disputed=disputed,
    )


def _period_start(references: Mapping[str, str], events: Sequence[TimelineEvent]) -> datetime.date | None:
    known = sorted(date for date in references.values() if len(date) == 10)
    if known:
        return datetime.date.fromisoformat(known[0])
    days = sorted(event.date for event in events if len(event.date) == 10)
    return datetime.date.fromisoformat(days[-1]) if days else None


def _with_background(event: TimelineEvent, period_start: datetime.date | None) -> TimelineEvent:
    if period_start is None:
        return event
    limit = period_start - datetime.timedelta(days=BACKGROUND_DAYS)
    return replace(event, background=_period_end(event.date) < limit)


def _period_end(date: str) -> datetime.date:
    """The last day an ISO date of any precision covers: "2012" -> 2012-12-31."""
    parts = [int(part) for part in date.split("-")]
    if len(parts) == 1:
        return datetime.date(parts[0], 12, 31)
    if len(parts) == 2:
        return datetime.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return datetime.date(parts[0], parts[1], parts[2])


def reference_dates(articles: Sequence[Article]) -> dict[str, str]:
    """Article id -> the date its relative dates ("Tuesday", "last year") resolve against.

    An article's own publication date when known; otherwise the publication date most of the other articles
    give (articles of one event are published within days of each other, and this is the best guess the
    cluster offers); "" when no article has one. The date used is kept on every DateMention, so it can be
    checked."""
    known = Counter(article.published for article in articles if article.published)
    fallback = min(known, key=lambda d: (-known[d], d)) if known else ""
    return {article.id: article.published or fallback for article in articles}
