"""An outlet's page furniture in the store: the lines of raw text that recur across its articles of different
stories (a footer, a "related stories" block, a newsletter plug), which a briefing of a story drops and lists
under `--show-removed` with the count that gave them away. Only briefings read it: the clusterer keeps lines two
articles of one outlet share from linking them (`cluster.py`), so stories never depend on what else the store
held when an article arrived."""

from __future__ import annotations

from collections.abc import Iterable

from ..clean import paragraph_key
from .store import Store, StoredArticle

# A line is furniture when at least this many of the outlet's articles carry it, in two stories or more: two
# is how a story's own reports of one outlet share a background paragraph, so it takes three and a second story.
FURNITURE_ARTICLES = 3
# The outlet's articles read for it: those seen within this many days of the story's, the latest this many.
FURNITURE_DAYS = 14
FURNITURE_SAMPLE = 300
# Lines shorter than this (in key characters) are left to cleaning's own rules.
_MIN_KEY = 12


def outlet_furniture(store: Store, articles: Iterable[StoredArticle]) -> dict[str, dict[str, str]]:
    """For each outlet of `articles`: the keys (`clean.paragraph_key`) of its furniture lines, each with the
    reason a briefing gives for dropping it."""
    spans: dict[str, tuple[float, float]] = {}
    for article in articles:
        if article.source:
            first, last = spans.get(article.source, (article.seen, article.seen))
            spans[article.source] = (min(first, article.seen), max(last, article.seen))
    furniture: dict[str, dict[str, str]] = {}
    for source, (first, last) in spans.items():
        margin = FURNITURE_DAYS * 86400.0
        carriers: dict[str, int] = {}
        stories: dict[str, set[int]] = {}
        for story_id, text in store.outlet_texts(source, first - margin, last + margin, FURNITURE_SAMPLE):
            for key in {paragraph_key(line) for line in text.split("\n")}:
                if len(key) >= _MIN_KEY:
                    carriers[key] = carriers.get(key, 0) + 1
                    stories.setdefault(key, set()).add(story_id)
        lines = {
            key: f"repeated across {count} articles of {source}"
            for key, count in carriers.items()
            if count >= FURNITURE_ARTICLES and len(stories[key]) >= 2
        }
        if lines:
            furniture[source] = lines
    return furniture
