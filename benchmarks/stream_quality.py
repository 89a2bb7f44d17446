"""Story clustering on a mixed, shuffled stream: B-cubed quality per order, speed, and memory over time.

    python benchmarks/stream_quality.py                  # multinews-dev, alone and with our own events
    python benchmarks/stream_quality.py --sweep          # neighbouring thresholds (the table in cluster.py)
    python benchmarks/stream_quality.py --synthetic 100000   # memory and speed over a long invented stream

Every Multi-News document is one article and its cluster id the gold story; all get the same `seen` time (the
documents have no dates), so the whole set is one window. The second source is our own event folders
(examples/, tests/labelled/*/, following a labels.json "articles" pointer), one gold story a folder, mixed into
the same window. Articles are described as storyline.stream.worker describes them for the store: cleaned by
storyline.clean (`--raw` skips cleaning). The primary figures count every document, an article that cleaning
empties (web-archive notices, tweet widgets, a "page not found") as a story of its own. `storyline ingest`
skips such articles with a warning, as `storyline brief` does, so the stream the store holds is also scored:
without them. Each order is a seeded shuffle; the timed part is article_features +
StoryClusterer.add, per article, cleaning excluded.
Needs ../shared (the Multi-News file and the mali-2020 example); nothing is copied from it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import string
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wordfreq import top_n_list

from storyline.clean import clean
from storyline.sources.files import read_articles, read_clusters
from storyline.stream.cluster import (
    CONTENT_COSINE,
    CONTENT_SHARE,
    JOIN_COSINE,
    SHARED_PHRASES,
    WEAK_COSINE,
    Assignment,
    Features,
    StoryClusterer,
    article_features,
)
from storyline.types import RawArticle

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
MULTINEWS = SHARED / "benchmarks" / "multinews-dev.jsonl"
SEEN = 1_700_000_000.0  # one moment for every undated article: a single window


@dataclass(frozen=True, slots=True)
class Item:
    """One article of the stream with its gold story."""

    gold: str
    title: str
    text: str  # as ingest describes it: the cleaned text, or the raw text when cleaning left nothing
    emptied: bool = False  # cleaning left no text


def multinews_items(path: Path, *, raw: bool) -> list[Item]:
    """Every document of every cluster, its cluster id as gold."""
    return [
        _item(f"multinews:{cluster.id}", article, raw)
        for cluster in read_clusters(path)
        for article in cluster.articles
    ]


def own_items(*, raw: bool) -> list[Item]:
    """Our own event folders, one gold story each; a labels.json "articles" pointer names the folder to read."""
    folders: dict[Path, str] = {}
    for folder in sorted((REPO / "examples").iterdir()):
        if folder.is_dir():
            folders.setdefault(folder.resolve(), folder.name)
    for labels_folder in sorted((REPO / "tests" / "labelled").iterdir()):
        labels = labels_folder / "labels.json"
        pointer = json.loads(labels.read_text()).get("articles") if labels.exists() else None
        if pointer is not None and not isinstance(pointer, str):
            # Pages picked out of a shared folder, or a cluster of a cluster file: not one folder of our own,
            # and a Multi-News cluster is among the Multi-News items already.
            continue
        folder = (labels_folder / pointer).resolve() if pointer else labels_folder.resolve()
        folders.setdefault(folder, labels_folder.name)
    # tests/golden holds expected briefings (JSON), no article folders; checked here so a new one is not missed.
    for folder in sorted((REPO / "tests" / "golden").iterdir()):
        if folder.is_dir():
            folders.setdefault(folder.resolve(), folder.name)
    items = []
    for folder, name in folders.items():
        for article in read_articles(folder):
            if Path(article.origin).name != "labels.json":
                items.append(_item(f"own:{name}", article, raw))
    return items


def _item(gold: str, article: RawArticle, raw: bool) -> Item:
    if raw:
        return Item(gold, article.title, article.text)
    cleaned = clean(article)
    # As storyline.stream describes an article for the clusterer: nothing when cleaning removed everything.
    emptied = not cleaned.text.strip()
    return Item(gold, "" if emptied else cleaned.title, cleaned.text, emptied=emptied)


def cluster_stream(
    items: Sequence[Item], order: Sequence[int], *, isolate_emptied: bool = False, **settings: Any
) -> tuple[list[int], float]:
    """Story id of every item after feeding `order` through features + add, and the seconds that took.

    `isolate_emptied`: an article that cleaning emptied gets no words, so it stays a story of its own."""
    clusterer = StoryClusterer(**settings)
    stories = Stories()
    started = time.perf_counter()
    for index in order:
        item = items[index]
        features = Features({}) if isolate_emptied and item.emptied else article_features(item.title, item.text)
        stories.place(index, clusterer.add(index, features, SEEN))
    elapsed = time.perf_counter() - started
    return [stories.story_of[index] for index in range(len(items))], elapsed


class Stories:
    """What the store does with assignments: each article's story, merged stories' and moved articles moved.

    Article ids are 0..n-1 here, so a list holds the stories (a dict would cost the synthetic stream's memory
    column about 10 MB per 100,000 articles)."""

    def __init__(self) -> None:
        self.story_of: list[int] = []
        self._members: dict[int, list[int]] = {}

    def place(self, article_id: int, assignment: Assignment) -> None:
        if article_id >= len(self.story_of):
            self.story_of.extend([-1] * (article_id + 1 - len(self.story_of)))
        for absorbed, into in assignment.merged:
            group = self._members.setdefault(into, [])
            for moved in self._members.pop(absorbed):
                self.story_of[moved] = into
                group.append(moved)
        for moved, story in assignment.moved:
            self._members[self.story_of[moved]].remove(moved)
            self.story_of[moved] = story
            self._members.setdefault(story, []).append(moved)
        self.story_of[article_id] = assignment.story_id
        self._members.setdefault(assignment.story_id, []).append(article_id)


def bcubed(gold: Sequence[str | int], predicted: Sequence[int]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin 1998), averaged over items."""
    by_gold: dict[str | int, set[int]] = defaultdict(set)
    by_predicted: dict[int, set[int]] = defaultdict(set)
    for index, (gold_story, story) in enumerate(zip(gold, predicted, strict=True)):
        by_gold[gold_story].add(index)
        by_predicted[story].add(index)
    precision = recall = 0.0
    for gold_story, story in zip(gold, predicted, strict=True):
        both = len(by_gold[gold_story] & by_predicted[story])
        precision += both / len(by_predicted[story])
        recall += both / len(by_gold[gold_story])
    precision /= len(gold)
    recall /= len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def partition(predicted: Sequence[int]) -> frozenset[frozenset[int]]:
    groups: dict[int, set[int]] = defaultdict(set)
    for index, story in enumerate(predicted):
        groups[story].add(index)
    return frozenset(frozenset(group) for group in groups.values())


def report_orders(label: str, items: Sequence[Item], orders: int, *, isolate_emptied: bool = False) -> None:
    gold = [item.gold for item in items]
    stories = len(set(gold))
    print(f"\n{label}: {len(items)} articles, {stories} gold stories, one window")
    print("  seed  precision  recall  F1     stories  articles/s (features+add)  ms per 400 words")
    article_features("", "Load the word frequency table before the clock starts.")
    words = sum(len(item.text.split()) + len(item.title.split()) for item in items)
    scores = []
    partitions = set()
    for seed in range(orders):
        order = list(range(len(items)))
        random.Random(seed).shuffle(order)
        predicted, elapsed = cluster_stream(items, order, isolate_emptied=isolate_emptied)
        precision, recall, f1 = bcubed(gold, predicted)
        scores.append(f1)
        partitions.add(partition(predicted))
        print(
            f"  {seed:4d}  {precision:9.3f}  {recall:6.3f}  {f1:.3f}  {len(set(predicted)):7d}  "
            f"{len(items) / elapsed:10,.0f}  {elapsed / words * 400 * 1000:24.2f}"
        )
    print(
        f"  F1 min {min(scores):.3f}  max {max(scores):.3f}  spread {max(scores) - min(scores):.3f}; "
        f"{len(partitions)} distinct partition(s) over {orders} orders"
    )


def report_emptied(label: str, items: Sequence[Item], orders: int) -> None:
    """The same stream under the two other ways ingest could treat an article that cleaning emptied."""
    emptied = sum(item.emptied for item in items)
    print(f"\n{label}: {emptied} of {len(items)} articles have no text left after cleaning; with them")
    kept = [item for item in items if not item.emptied]
    for how, subset, isolate in (
        ("kept apart (own story each, counted)", items, True),
        ("skipped, as ingest does (not counted)", kept, False),
    ):
        gold = [item.gold for item in subset]
        results = []
        partitions = set()
        for seed in range(orders):
            order = list(range(len(subset)))
            random.Random(seed).shuffle(order)
            predicted, _ = cluster_stream(subset, order, isolate_emptied=isolate)
            results.append(bcubed(gold, predicted))
            partitions.add(partition(predicted))
        precision, recall, f1 = results[0]
        spread = max(result[2] for result in results) - min(result[2] for result in results)
        print(
            f"  {how:44s} P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  (spread {spread:.3f}, "
            f"{len(partitions)} partition(s) over {orders} orders)"
        )


def report_sweep(items: Sequence[Item]) -> None:
    """B-cubed F1 around the chosen thresholds; one order suffices, the partition does not depend on it."""
    gold = [item.gold for item in items]
    order = list(range(len(items)))

    def cell(**settings: Any) -> str:
        predicted, _ = cluster_stream(items, order, **settings)
        precision, recall, f1 = bcubed(gold, predicted)
        return f"{f1:.3f} ({precision:.2f}/{recall:.2f})"

    contents = [0.0, 0.03, 0.05, 0.08]
    print(f"\nsweep on {len(items)} articles: B-cubed F1 (P/R); content_share {CONTENT_SHARE}")
    print("  join \\ content " + "".join(f"{content:>19.2f}" for content in contents))
    for join in [0.125, 0.15, 0.175, 0.2, 0.25]:
        cells = [cell(join_cosine=join, content_cosine=content) for content in contents]
        print(f"  {join:14.3f}  " + "  ".join(f"{text:>17}" for text in cells))
    shares = [0.0, 0.1, 0.15, 0.2, 0.3]
    print(f"  content_share at join {JOIN_COSINE}, content {CONTENT_COSINE}:")
    for share in shares:
        print(f"  {share:14.2f}  {cell(content_share=share):>17}")
    weaks = [0.06, 0.08, 0.1, 0.125]
    print(f"  phrase rule at join {JOIN_COSINE}, content {CONTENT_COSINE}: weak cosine \\ shared phrases")
    print("  weak \\ phrases " + "".join(f"{count:>19d}" for count in (1, 2, 3, 4, 5)))
    for weak in weaks:
        cells = [cell(weak_cosine=weak, shared_phrases=count) for count in (1, 2, 3, 4, 5)]
        print(f"  {weak:14.3f}  " + "  ".join(f"{text:>17}" for text in cells))
    print(f"  no phrase rule  {cell(weak_cosine=JOIN_COSINE):>17}")
    print(
        f"  chosen: join {JOIN_COSINE}, content {CONTENT_COSINE}, share {CONTENT_SHARE}, "
        f"weak {WEAK_COSINE}, phrases {SHARED_PHRASES}"
    )


def report_synthetic(count: int, seed: int = 0) -> None:
    """A long invented stream, 2,000 articles a day, to watch memory follow the window and speed hold."""
    rng = random.Random(seed)
    common = [word for word in top_n_list("en", 20000)[200:] if word.isalpha()]
    per_day = 2000
    clusterer = StoryClusterer()
    stories: list[tuple[int, list[str], int]] = []  # (gold story, its own words, articles left)
    gold: list[int] = []  # the gold story of every article, for B-cubed at the end (about 1 MB per 100,000)
    placed = Stories()
    print(f"\nsynthetic stream: {count:,} articles of ~400 words, {per_day:,} a day, window 3 days")
    print("  articles  active stories  active articles  indexed words  resident MB  articles/s (features+add)")
    clustering = 0.0  # seconds in features + add, making up the articles excluded
    block_clustering = 0.0
    block = max(count // 10, 1)
    for article_id in range(count):
        if not stories or rng.random() < 0.35:  # about 2.9 articles a story
            own = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(6, 10))) for _ in range(8)]
            stories.append((article_id, own, rng.randint(1, 6)))
        del stories[:-50]  # only the 50 newest stories get articles; older ones are finished
        story_index = rng.randrange(len(stories))
        number, own, left = stories[story_index]
        words = rng.choices(common, k=380) + rng.choices(own, k=20)
        rng.shuffle(words)
        title = " ".join(rng.choices(own, k=3) + rng.choices(common, k=4)).capitalize()
        text = ". ".join(" ".join(words[i : i + 20]).capitalize() for i in range(0, len(words), 20)) + "."
        gold.append(number)
        seen = SEEN + article_id * 86400 / per_day
        timer = time.perf_counter()
        assignment = clusterer.add(article_id, article_features(title, text), seen)
        clustering += time.perf_counter() - timer
        placed.place(article_id, assignment)
        if left <= 1:
            stories.pop(story_index)
        else:
            stories[story_index] = (number, own, left - 1)
        if (article_id + 1) % block == 0:
            print(
                f"  {article_id + 1:8,d}  {clusterer.active_stories:14,d}  {clusterer.active_articles:15,d}  "
                f"{clusterer.indexed_words:13,d}  {_resident_megabytes():11.0f}  "
                f"{block / (clustering - block_clustering):10,.0f}"
            )
            block_clustering = clustering
    precision, recall, f1 = bcubed(gold, placed.story_of)
    print(f"  overall {count / clustering:,.0f} articles/s; B-cubed P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")


def _resident_megabytes() -> float:
    """The process's resident memory now (Linux /proc), or NaN where that is not available."""
    try:
        resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return math.nan
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=5, help="shuffled orders to run (seeds 0..N-1)")
    parser.add_argument("--raw", action="store_true", help="cluster raw text, without storyline.clean")
    parser.add_argument("--sweep", action="store_true", help="B-cubed over neighbouring thresholds")
    parser.add_argument("--synthetic", type=int, default=0, help="also run an invented stream of N articles")
    arguments = parser.parse_args()

    multinews = multinews_items(MULTINEWS, raw=arguments.raw)
    own = own_items(raw=arguments.raw)
    if arguments.sweep:
        report_sweep(multinews)
    elif arguments.orders > 0:
        report_orders("multinews-dev, every document", multinews, arguments.orders)
        report_orders("multinews-dev + own events, every document", multinews + own, arguments.orders)
        if not arguments.raw:
            report_emptied("multinews-dev", multinews, arguments.orders)
            report_emptied("multinews-dev + own events", multinews + own, arguments.orders)
        words = statistics.mean(len(item.text.split()) for item in multinews)
        print(f"\n(multinews-dev articles average {words:.0f} words{'' if arguments.raw else ' after cleaning'})")
    if arguments.synthetic:
        report_synthetic(arguments.synthetic)


if __name__ == "__main__":
    main()
