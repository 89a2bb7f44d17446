"""Stories from dated streams in the orders real sources deliver them: B-cubed per order, and one partition or not.

    python benchmarks/stream_orders.py                 # every stream below, 5 shuffles
    python benchmarks/stream_orders.py --streams wikinews --shuffles 2

Each stream is ingested through `storyline.stream.ingest.ingest_articles` into a fresh store (one process), in
date order, newest first (as RSS and Atom feeds list entries), in seeded shuffles, as two feeds interleaved
(even and odd articles of the date order, one feed newest first), and with a year's backfill (the older half of
the stream arriving after the newer half). An article's gold story rides in its URL
(`https://gold.example/STORY/DOC`); articles that cleaning empties are not stored and not scored.

Streams: `wikinews`, the shared WikiNews dev stream (real dates, events mostly years apart); `multinews-2w`,
Multi-News dev with each cluster given a day in a two-week span and its documents spread over up to two days
after it; `multinews-3d`, the same squeezed into three days (many topical neighbours at once); `wikinews-dense`,
the WikiNews events moved into ten days, each keeping its own spread of dates, so events of one kind (several
elections, several bombings) overlap in time; `multinews-related`, Multi-News dev with topically related clusters
(centroid cosine >= 0.1: several Trump stories, Syria, Libya, shootings) on consecutive days, as developments
of one long story would come. Needs ../shared; nothing is copied from it.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from stream_quality import bcubed, partition

from storyline.clean import clean
from storyline.sources.files import read_clusters
from storyline.stream.cluster import article_features
from storyline.stream.ingest import ingest_articles
from storyline.stream.store import Store
from storyline.types import RawArticle

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "benchmarks"
START = date(2026, 3, 1)
# Invented: four developments of one war (an evacuation order, a hospital strike, a ceasefire, a ground
# operation) within nine days, with one cast and place, four outlets, and a round-up of two developments.
OSTREL = REPO / "tests" / "streams" / "ostrel-conflict.jsonl"


def gold_of(article: RawArticle) -> str:
    return article.url.split("/")[3]


def wikinews(path: Path = SHARED / "wikinews-dev-stream.jsonl") -> list[RawArticle]:
    articles = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            row = json.loads(line)
            articles.append(
                RawArticle(
                    text=row["text"],
                    origin=f"{path.stem}:{number}",
                    title=row.get("title", ""),
                    source=row.get("source", ""),
                    url=row["url"],
                    published=row.get("published", ""),
                )
            )
    return articles


def wikinews_dense(days: int = 10) -> list[RawArticle]:
    """The WikiNews events moved into `days` days, each keeping its spread of dates (seeded)."""
    by_event: dict[str, list[RawArticle]] = defaultdict(list)
    for article in wikinews():
        by_event[gold_of(article)].append(article)
    rng = random.Random(7)
    moved = []
    for _event, articles in sorted(by_event.items()):
        first = min(date.fromisoformat(article.published) for article in articles)
        start = START + timedelta(days=rng.randrange(days))
        for article in articles:
            offset = date.fromisoformat(article.published) - first
            moved.append(replace(article, published=(start + offset).isoformat()))
    return moved


def multinews(days: int, spread: int = 2) -> list[RawArticle]:
    """Multi-News dev, each cluster on a seeded day within `days`, its documents up to `spread` days after it."""
    rng = random.Random(days)
    articles = []
    for cluster in read_clusters(SHARED / "multinews-dev.jsonl"):
        start = START + timedelta(days=rng.randrange(days))
        for number, article in enumerate(cluster.articles):
            published = start + timedelta(days=rng.randint(0, spread))
            url = f"https://gold.example/mn-{cluster.id}/{number}"
            articles.append(replace(article, url=url, published=published.isoformat(), origin=url))
    return articles


def related_on_consecutive_days(
    groups: Sequence[tuple[str, Sequence[RawArticle]]], days: int = 14, related: float = 0.1, seed: int = 11
) -> list[RawArticle]:
    """Gold stories with topical neighbours close in time: stories whose centroids have cosine >= `related`
    form families, and a family's stories run on consecutive days, one development a day, each story's
    reports over up to two days; families start on seeded days within `days`."""
    centroids = []
    for _, articles in groups:
        summed: dict[str, float] = defaultdict(float)
        for article in articles:
            cleaned = clean(article)
            for word, weight in article_features(cleaned.title, cleaned.text).weights.items():
                summed[word] += weight
        norm = math.sqrt(sum(weight * weight for weight in summed.values())) or 1.0
        centroids.append({word: weight / norm for word, weight in summed.items()})
    family = list(range(len(groups)))

    def root(index: int) -> int:
        while family[index] != index:
            index = family[index]
        return index

    for first in range(len(groups)):
        for second in range(first + 1, len(groups)):
            a, b = centroids[first], centroids[second]
            if sum(weight * b.get(word, 0.0) for word, weight in a.items()) >= related:
                family[root(second)] = root(first)
    rng = random.Random(seed)
    starts: dict[int, date] = {}
    steps: dict[int, int] = defaultdict(int)
    moved = []
    for index, (_, articles) in enumerate(groups):
        head = root(index)
        start = starts.setdefault(head, START + timedelta(days=rng.randrange(days)))
        day = start + timedelta(days=steps[head])
        steps[head] += 1
        for article in articles:
            published = day + timedelta(days=rng.randint(0, 1))
            moved.append(replace(article, published=published.isoformat()))
    return moved


def multinews_related() -> list[RawArticle]:
    groups = []
    for cluster in read_clusters(SHARED / "multinews-dev.jsonl"):
        articles = [
            replace(article, url=f"https://gold.example/mn-{cluster.id}/{number}")
            for number, article in enumerate(cluster.articles)
        ]
        groups.append((cluster.id, articles))
    return related_on_consecutive_days(groups)


def wikinews_related() -> list[RawArticle]:
    by_event: dict[str, list[RawArticle]] = defaultdict(list)
    for article in wikinews():
        by_event[gold_of(article)].append(article)
    return related_on_consecutive_days(sorted(by_event.items()), days=10, related=0.05)


# Developments of one long story: WikiNews events that share a place or a cast (the Iraq war, militancy in
# Pakistan and Afghanistan, US politics, the Arab Spring, al-Qaeda, missile tests and Iran, British news,
# Chile, disasters in Asia), named by their gold ids. Each family runs one development a day.
STORYLINES = (
    ("hs10E-02", "hs20E-01", "hs10E-05", "hs30E-26"),
    ("hs30E-09", "hs30E-29", "hs30E-16", "hs20E-13", "hs30E-06"),
    ("hs10E-06", "hs20E-09", "hs30E-13", "hs10E-07", "hs30E-24", "hs30E-17", "hs20E-12"),
    ("hs30E-15", "hs30E-01", "hs30E-02", "hs20E-16"),
    ("hs20E-03", "hs20E-05", "hs30E-27", "hs10E-08"),
    ("hs20E-07", "hs30E-08", "hs10E-09"),
    ("hs10E-04", "hs20E-17", "hs10E-00", "hs20E-02", "hs20E-04"),
    ("hs30E-14", "hs20E-14"),
    ("hs20E-19", "hs20E-10", "hs20E-00"),
)


def wikinews_storylines(step: int = 1) -> list[RawArticle]:
    """The WikiNews events of each storyline family on consecutive days (`step` apart), each keeping its own
    spread of dates; families overlap in time, and events outside a family keep their real dates."""
    by_event: dict[str, list[RawArticle]] = defaultdict(list)
    for article in wikinews():
        by_event[gold_of(article)].append(article)
    moved = []
    placed = set()
    for number, family in enumerate(STORYLINES):
        for development, event in enumerate(family):
            articles = by_event[event]
            first = min(date.fromisoformat(article.published) for article in articles)
            start = START + timedelta(days=number % 3 + development * step)
            for article in articles:
                offset = date.fromisoformat(article.published) - first
                moved.append(replace(article, published=(start + offset).isoformat()))
            placed.add(event)
    for event, articles in by_event.items():
        if event not in placed:
            moved.extend(articles)
    return moved


def by_date(articles: Sequence[RawArticle]) -> list[RawArticle]:
    return sorted(articles, key=lambda article: (article.published, article.url))


def orders(articles: Sequence[RawArticle], shuffles: int) -> list[tuple[str, list[RawArticle]]]:
    dated = by_date(articles)
    result = [("date order", dated), ("newest first", dated[::-1])]
    for seed in range(shuffles):
        shuffled = list(dated)
        random.Random(seed).shuffle(shuffled)
        result.append((f"shuffle {seed}", shuffled))
    interleaved = []
    first, second = dated[0::2], dated[1::2][::-1]
    for index in range(max(len(first), len(second))):
        interleaved.extend(feed[index] for feed in (first, second) if index < len(feed))
    result.append(("two feeds interleaved", interleaved))
    half = len(dated) // 2
    result.append(("backfill after", dated[half:] + dated[:half]))
    return result


def run(articles: Sequence[RawArticle]) -> dict[str, int]:
    """Each stored article's URL and final story, after ingesting `articles` in the order given."""
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "s.db") as store:
        ingest_articles(store, articles, parallel=False, keep_results=False)
        rows = store.connection.execute("SELECT url, story_id FROM articles WHERE superseded = 0")
        return {url: story for url, story in rows}


def report(name: str, articles: Sequence[RawArticle], shuffles: int) -> None:
    golds = {article.url: gold_of(article) for article in articles}
    print(f"\n{name}: {len(articles)} articles, {len(set(golds.values()))} gold stories")
    print(f"  {'order':24s} precision  recall  F1     stories")
    partitions = set()
    scores = []
    for label, ordered in orders(articles, shuffles):
        stories = run(ordered)
        urls = sorted(stories)
        predicted = [stories[url] for url in urls]
        precision, recall, f1 = bcubed([golds[url] for url in urls], predicted)
        scores.append(f1)
        partitions.add(partition(predicted))
        print(f"  {label:24s} {precision:9.3f}  {recall:6.3f}  {f1:.3f}  {len(set(predicted)):7d}")
    print(f"  F1 min {min(scores):.3f}  max {max(scores):.3f}; {len(partitions)} distinct partition(s)")


STREAMS: dict[str, Callable[[], list[RawArticle]]] = {
    "wikinews": wikinews,
    "multinews-2w": lambda: multinews(14),
    "multinews-3d": lambda: multinews(3),
    "wikinews-dense": wikinews_dense,
    "multinews-related": multinews_related,
    "wikinews-related": wikinews_related,
    "wikinews-storylines": wikinews_storylines,
    "ostrel": lambda: wikinews(OSTREL),
    "ostrel+wikinews": lambda: wikinews(OSTREL) + wikinews_storylines(),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", nargs="*", default=list(STREAMS), choices=list(STREAMS))
    parser.add_argument("--shuffles", type=int, default=5)
    arguments = parser.parse_args()
    for name in arguments.streams:
        report(name, STREAMS[name](), arguments.shuffles)


if __name__ == "__main__":
    main()
