"""Whether the articles given to `brief` report one story, by the stream's rule (`cluster.py`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import partial

from ..types import Article, Briefing
from ..unionfind import find_root

# A set of articles is "not one story" when no story holds half of them: on the 105 Multi-News dev clusters
# (one event each, some with a stray document) 6 clusters fall under it (17 under "more than half"); 50 of 50
# random sets of 8 saved pages on unrelated subjects do.
ONE_STORY_SHARE = 0.5


def briefing_story_groups(briefing: Briefing) -> list[tuple[int, ...]]:
    """`story_groups` of a briefing's articles, or none when its own claims already tie most of them together:
    reports that make the same statements report one story, and the check then costs nothing (the stream's
    features load wordfreq's tables, about 0.6 s)."""
    if _claims_tie_most(briefing):
        return []
    return story_groups(briefing.articles)


def _claims_tie_most(briefing: Briefing) -> bool:
    """Whether articles that share at least CLAIMS_TO_TIE claims, pair by pair, form one group of at least
    CLAIMS_TIE_SHARE of them: then they report one story, by their own statements."""
    shared: Counter[tuple[str, str]] = Counter()
    for claim in briefing.claims:
        reporting = sorted({e.span.article_id for e in claim.evidence})
        shared.update((a, b) for n, a in enumerate(reporting) for b in reporting[n + 1 :])
    parent = {article.id: article.id for article in briefing.articles}
    root = partial(find_root, parent)
    for (a, b), count in shared.items():
        if count >= CLAIMS_TO_TIE and a in parent and b in parent:
            parent[root(b)] = root(a)
    sizes = Counter(root(article_id) for article_id in parent)
    return bool(sizes) and max(sizes.values()) >= max(2.0, CLAIMS_TIE_SHARE * len(parent))


# A shortcut only, so it is strict: one shared sentence ("But that's just the beginning.") tied two of four
# unrelated saved pages; two shared claims and three quarters of the articles never did on them.
CLAIMS_TO_TIE = 2
CLAIMS_TIE_SHARE = 0.75


def story_groups(articles: Sequence[Article]) -> list[tuple[int, ...]]:
    """The positions of `articles` grouped into the stories they report (the stream's rule, `cluster.py`),
    largest first; empty when they report one story, or most of them do (at least ONE_STORY_SHARE)."""
    from .cluster import StoryClusterer, article_features  # here: its word weights load wordfreq's tables

    if len(articles) < 2:
        return []
    clusterer = StoryClusterer()
    story_of: dict[int, int] = {}
    for position, article in enumerate(articles):
        assignment = clusterer.add(position, article_features(article.title, article.text), 0.0)
        for merged, into in assignment.merged:
            story_of.update({p: into for p, story in story_of.items() if story == merged})
        story_of.update(assignment.moved)
        story_of[position] = assignment.story_id
    groups: dict[int, list[int]] = {}
    for position, story in story_of.items():
        groups.setdefault(story, []).append(position)
    ordered = sorted((tuple(group) for group in groups.values()), key=lambda group: (-len(group), group))
    if len(ordered) < 2 or len(ordered[0]) >= ONE_STORY_SHARE * len(articles):
        return []
    return ordered
