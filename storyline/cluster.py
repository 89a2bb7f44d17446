"""Stories: sort a stream of articles into stories, one article at a time.

SKELETON: the interface below is fixed (the store and the CLI call it); the method inside is a placeholder to
be replaced by the real incremental clustering.

An article joins the story it is most similar to, or starts a new one. Only stories seen within the time
window are candidates, and only they are held in memory.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .words import content_counts

# Placeholder threshold, to be measured.
JOIN_COSINE = 0.3
WINDOW_DAYS = 3.0


@dataclass(frozen=True, slots=True)
class Features:
    """What clustering knows about one article: weighted terms. Stored with the article as JSON."""

    weights: Mapping[str, float]

    def to_json(self) -> str:
        return json.dumps(self.weights, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Features:
        return cls(json.loads(text))


@dataclass(frozen=True, slots=True)
class Member:
    """An article already placed in a story, as the store gives it back when the clusterer is rebuilt."""

    article_id: int
    story_id: int
    features: Features
    seen: float  # seconds since the epoch: published time, or ingestion time when not known


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where an article went. `merged` lists stories that the article joined into `story_id` (now gone)."""

    story_id: int
    merged: tuple[int, ...] = ()


def article_features(title: str, text: str) -> Features:
    """The terms of an article, weighted."""
    counts = content_counts(f"{title}\n{text}")
    norm = math.sqrt(sum(c * c for c in counts.values())) or 1.0
    return Features({term: count / norm for term, count in counts.items()})


@dataclass
class _Story:
    centroid: dict[str, float] = field(default_factory=dict)
    size: int = 0
    last_seen: float = 0.0


class StoryClusterer:
    """Incremental clustering. Story ids are article ids: a story is named after the article that started it."""

    def __init__(self, *, window_days: float = WINDOW_DAYS) -> None:
        self.window_seconds = window_days * 86400
        self._stories: dict[int, _Story] = {}

    @classmethod
    def restore(cls, members: Iterable[Member], *, window_days: float = WINDOW_DAYS) -> StoryClusterer:
        """Rebuild the in-memory state from articles already stored (those inside the window suffice)."""
        clusterer = cls(window_days=window_days)
        for member in members:
            story = clusterer._stories.setdefault(member.story_id, _Story())
            clusterer._absorb(story, member.features, member.seen)
        return clusterer

    def add(self, article_id: int, features: Features, seen: float) -> Assignment:
        """Place one article; returns its story."""
        self._evict(seen)
        best_id, best_score = None, 0.0
        for story_id, story in self._stories.items():
            score = _cosine(features.weights, story.centroid)
            if score > best_score:
                best_id, best_score = story_id, score
        if best_id is None or best_score < JOIN_COSINE:
            best_id = article_id
            self._stories[best_id] = _Story()
        self._absorb(self._stories[best_id], features, seen)
        return Assignment(best_id)

    @property
    def active_stories(self) -> int:
        return len(self._stories)

    def _absorb(self, story: _Story, features: Features, seen: float) -> None:
        for term, weight in features.weights.items():
            story.centroid[term] = story.centroid.get(term, 0.0) + weight
        story.size += 1
        story.last_seen = max(story.last_seen, seen)

    def _evict(self, now: float) -> None:
        cutoff = now - self.window_seconds
        for story_id in [s for s, story in self._stories.items() if story.last_seen < cutoff]:
            del self._stories[story_id]


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(weight * b.get(term, 0.0) for term, weight in a.items())
    norm_b = math.sqrt(sum(w * w for w in b.values())) or 1.0
    return dot / norm_b
