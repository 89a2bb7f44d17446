"""An outlet's page furniture in the store: the lines of raw text that recur across its articles of different
stories (a footer, a "related stories" block, a newsletter plug), which a briefing of a story drops and lists
under `--show-removed` with the count that gave them away. Only briefings read it: the clusterer keeps lines two
articles of one outlet share from linking them (`cluster.py`), so stories never depend on what else the store
held when an article arrived."""

from __future__ import annotations

from collections.abc import Sequence

from ..clean import paragraph_key
from .store import Store, StoredArticle

# A line is furniture when at least this many of the outlet's articles carry it, in two stories or more: two
# is how a story's own reports of one outlet share a background paragraph, so it takes three and a second story.
FURNITURE_ARTICLES = 3
# The outlet's articles read for it: those seen within this many days of the story's, the latest this many per
# outlet; a story of 31 outlets in a store of 30,000 synthetic articles takes 0.3 s to check.
FURNITURE_DAYS = 14
FURNITURE_SAMPLE = 300
# Lines shorter than this (characters) are left to cleaning's own rules.
_MIN_LINE = 12


def outlet_furniture(store: Store, articles: Sequence[StoredArticle]) -> dict[str, dict[str, str]]:
    """For each outlet of `articles`: the keys (`clean.paragraph_key`) of its furniture lines among theirs,
    each with the reason a briefing gives for dropping it."""
    own: dict[str, set[str]] = {}  # outlet -> the lines of its articles in the story: only these can matter
    for article in articles:
        if article.source:
            own.setdefault(article.source, set()).update(_lines(article.text))
    if not own:
        return {}
    margin = FURNITURE_DAYS * 86400.0
    first = min(article.seen for article in articles) - margin
    last = max(article.seen for article in articles) + margin
    read: dict[str, int] = {}
    carriers: dict[tuple[str, str], int] = {}
    stories: dict[tuple[str, str], set[int]] = {}
    full = 0  # outlets read to FURNITURE_SAMPLE
    for source, story_id, text in store.outlet_texts(sorted(own), first, last):
        count = read.get(source, 0)
        if count >= FURNITURE_SAMPLE:
            continue
        read[source] = count + 1
        for line in _lines(text) & own[source]:
            carriers[(source, line)] = carriers.get((source, line), 0) + 1
            stories.setdefault((source, line), set()).add(story_id)
        if count + 1 == FURNITURE_SAMPLE:
            full += 1
            if full == len(own):
                break
    furniture: dict[str, dict[str, str]] = {}
    for (source, line), count in carriers.items():
        if count >= FURNITURE_ARTICLES and len(stories[(source, line)]) >= 2:
            furniture.setdefault(source, {})[paragraph_key(line)] = f"repeated across {count} articles of {source}"
    return furniture


def _lines(text: str) -> set[str]:
    """The lines of a raw text, spaces collapsed, long enough to say something."""
    return {line for line in (" ".join(raw.split()) for raw in text.split("\n")) if len(line) >= _MIN_LINE}
