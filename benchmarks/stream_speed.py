"""Ingest + cluster speed on a long synthetic stream, with memory and the clusterer's active stories over time.

    python benchmarks/stream_speed.py                       # 100,000 articles, the target: >= 500/s
    python benchmarks/stream_speed.py --articles 20000 --baseline all   # plus the baselines, side by side

Articles are generated (seeded) into JSONL files of 1,000, in publication order, and ingested in one call of
`storyline.stream.ingest.ingest` over all the files, as `storyline ingest DIR` does (counts only, no per-article
results kept). The words are English (common words drawn by their frequency), so word weights behave as on
news. Each synthetic story has 25 topic words, three invented people and one of 60 shared invented place names
(the over-merging hazard); its articles (3 to 60, 300-500 words, 25% topic words) spread over up to 5 days, and
the stories over 90 days, so the time window decides which stories stay in memory. Generated files are kept
and reused with --workdir.

Reported: articles/s overall and per block of about 10,000, RSS and the clusterer's active stories at the end
of each block, peak RSS (this process and the worker), stories made, B-cubed F1 against the generated stories
(a sanity check that speed does not come from lumping), and with --stages where the time goes (in one
process, since the worker's time is out of sight). Baselines, side by side (--baseline): `sqlite`, the same
files read and inserted into a bare table, one transaction per file (the floor any store pays); `serial`, the
same ingest in one process, without the worker. `--newest-first` feeds the same stream newest first.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from wordfreq import top_n_list, word_frequency

from storyline.sources import reader
from storyline.sources.files import read_articles
from storyline.stream import cluster, worker
from storyline.stream import ingest as stream
from storyline.stream import store as store_module
from storyline.stream.store import ArticleResult, Store

FILE_ARTICLES = 1_000
BLOCK = 10_000
DAYS = 90
START = date(2026, 1, 1)
PLACES = 60


@dataclass(frozen=True, slots=True)
class SyntheticStory:
    topic: list[str]
    people: list[str]
    place: str


class Generator:
    """Seeded synthetic news in real English words, so word weights (wordfreq) behave as on news: common words
    drawn by their English frequency, each story's topic words from the 10,000th-45,000th most common, and
    invented names (unknown to wordfreq, as most names are)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        english = [w for w in top_n_list("en", 50_000) if w.isascii() and w.isalpha()]
        self.common = english[:10_000]
        self.common_weights = list(_cumulative(word_frequency(w, "en") for w in self.common))
        self.rare = english[10_000:45_000]
        syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["an", "el", "or", "is", "um"]
        self.names = [w.capitalize() for w in self._pseudo_words(20_000, syllables)]
        suffixes = ["Bay", "City", "Falls", "Port", "Valley"]
        self.places = [f"{name} {self.rng.choice(suffixes)}" for name in self.rng.sample(self.names, PLACES)]

    def _pseudo_words(self, count: int, syllables: list[str]) -> list[str]:
        words: set[str] = set()
        while len(words) < count:
            words.add("".join(self.rng.choices(syllables, k=self.rng.randint(2, 4))))
        return sorted(words)

    def plan(self, articles: int) -> tuple[list[SyntheticStory], list[tuple[int, int]]]:
        """Stories and, in publication order, (story index, day) for each article."""
        stories: list[SyntheticStory] = []
        slots: list[tuple[int, float, int]] = []
        while len(slots) < articles:
            size = min(60, 3 + int(self.rng.expovariate(1 / 12)))
            start = self.rng.randrange(DAYS)
            index = len(stories)
            stories.append(
                SyntheticStory(
                    self.rng.sample(self.rare, 25), self.rng.sample(self.names, 3), self.rng.choice(self.places)
                )
            )
            for _ in range(size):
                day = min(start + int(self.rng.expovariate(1 / 0.8)), start + 4)
                slots.append((day, self.rng.random(), index))
        slots = sorted(slots[:articles])
        return stories, [(index, day) for day, _, index in slots]

    def article(self, story: SyntheticStory, day: int, number: int) -> dict[str, str]:
        rng = self.rng
        length = rng.randint(300, 500)
        topical = int(length * 0.25)
        words = (
            rng.choices(self.common, cum_weights=self.common_weights, k=length - topical - 24)
            + rng.choices(story.topic, k=topical)
            + rng.choices(story.people, k=20)
            + [story.place] * 4
        )
        rng.shuffle(words)
        sentences, position = [], 0
        while position < len(words):
            size = rng.randint(10, 25)
            sentence = " ".join(words[position : position + size])
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
            position += size
        paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
        title = " ".join([*rng.choices(story.topic, k=4), story.place]).capitalize()
        return {
            "title": title,
            "text": "\n\n".join(paragraphs),
            "source": f"outlet{rng.randrange(40)}.example",
            "url": f"https://news.example/{number}",
            "published": (START + timedelta(days=day)).isoformat(),
        }


def _cumulative(weights: Any) -> Any:
    total = 0.0
    for weight in weights:
        total += weight
        yield total


def generate(folder: Path, articles: int, seed: int) -> tuple[list[Path], list[int]]:
    """Write the stream as JSONL files; returns the files and the gold story of each article, in order."""
    generator = Generator(seed)
    stories, order = generator.plan(articles)
    files = []
    for start in range(0, articles, FILE_ARTICLES):
        path = folder / f"stream-{start // FILE_ARTICLES:05d}.jsonl"
        lines = [
            json.dumps(generator.article(stories[index], day, start + offset))
            for offset, (index, day) in enumerate(order[start : start + FILE_ARTICLES])
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
    return files, [index for index, _ in order]


def reverse(files: list[Path], folder: Path) -> list[Path]:
    """The same stream newest first: the files in reverse order, each with its lines reversed (kept in `folder`)."""
    folder.mkdir(exist_ok=True)
    reversed_files = []
    for path in reversed(files):
        target = folder / path.name
        if not target.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            target.write_text("\n".join(lines[::-1]) + "\n", encoding="utf-8")
        reversed_files.append(target)
    return reversed_files


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_rss_mb() -> float:
    """Peak RSS of the largest child process that has ended: the worker that cleans and describes."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


@dataclass
class Run:
    seconds: float
    articles: int
    blocks: list[dict[str, float]]
    stories: int
    bcubed: float
    database_mb: float
    peak_rss_mb: float


def run_ingest(files: list[Path], gold: list[int], db: Path, *, window_days: float, parallel: bool = True) -> Run:
    """Ingest every file in one call into a fresh store, as `storyline ingest DIR` does; sample every BLOCK."""
    blocks: list[dict[str, float]] = []
    done = 0
    with Store(db, window_days=window_days) as store:
        started = block_started = time.perf_counter()

        def sample(batch: Sequence[ArticleResult]) -> None:
            nonlocal done, block_started
            done += len(batch)
            if done // BLOCK > len(blocks) or done == len(gold):
                now = time.perf_counter()
                blocks.append(
                    {
                        "articles": done,
                        "per_second": (done - (blocks[-1]["articles"] if blocks else 0)) / (now - block_started),
                        "rss_mb": rss_mb(),
                        "active_stories": store.clusterer.active_stories,
                    }
                )
                block_started = now

        # keep_results=False: counts only, as `storyline ingest` without --format json
        stream.ingest(store, files, on_commit=sample, parallel=parallel, keep_results=False)
        seconds = time.perf_counter() - started
        peak = peak_rss_mb()  # before the B-cubed bookkeeping below, which is the benchmark's, not the ingest's
        assignments = dict(store.connection.execute("SELECT id, story_id FROM articles").fetchall())
        stories = len(store.stories())
    predicted = [assignments[article_id] for article_id in sorted(assignments)]
    return Run(seconds, done, blocks, stories, bcubed_f1(predicted, gold[:done]), _size_mb(db), peak)


def _size_mb(db: Path) -> float:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6


def bcubed_f1(predicted: list[int], gold: list[int]) -> float:
    """B-cubed F1 of a clustering against the gold stories (article ids are in input order)."""
    pairs = Counter(zip(predicted, gold, strict=True))
    predicted_sizes, gold_sizes = Counter(predicted), Counter(gold)
    precision = sum(n * n / predicted_sizes[p] for (p, _), n in pairs.items()) / len(gold)
    recall = sum(n * n / gold_sizes[g] for (_, g), n in pairs.items()) / len(gold)
    return 2 * precision * recall / (precision + recall)


def run_plain_sqlite(files: list[Path], db: Path) -> float:
    """The floor: read the same files and insert the articles into a bare table, one transaction per file."""
    for old in db.parent.glob(db.name + "*"):
        old.unlink()
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute(
        "CREATE TABLE articles (id INTEGER PRIMARY KEY, url TEXT, title TEXT, published TEXT, text TEXT)"
    )
    started = time.perf_counter()
    for path in files:
        rows = [(a.url, a.title, a.published, a.text) for a in read_articles(path)]
        connection.execute("BEGIN")
        connection.executemany("INSERT INTO articles (url, title, published, text) VALUES (?, ?, ?, ?)", rows)
        connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


class StageTimer:
    """Wraps the stage functions the ingest path calls and adds up their time (perf_counter around each)."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()
        self._undo: list[Callable[[], None]] = []

    def wrap(self, owner: Any, name: str, stage: str) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - started

        setattr(owner, name, timed)
        self._undo.append(lambda: setattr(owner, name, original))

    def install(self) -> None:
        self.wrap(reader, "_read_file", "read files")
        self.wrap(stream, "content_hash", "hash")
        self.wrap(worker, "clean", "clean")
        self.wrap(worker, "article_features", "features")
        self.wrap(store_module.Store, "add_articles", "store (SQLite + clustering)")
        self.wrap(cluster.StoryClusterer, "add", "clustering")
        self.wrap(store_module.Store, "known_hashes", "known hashes")

    def report(self, total: float) -> list[str]:
        seconds = dict(self.seconds)
        seconds["store (SQLite + clustering)"] -= seconds.get("clustering", 0.0)
        lines = [
            f"  {stage:<30} {s:8.1f} s  {100 * s / total:5.1f}%"
            for stage, s in sorted(seconds.items(), key=lambda x: -x[1])
        ]
        rest = total - sum(seconds.values())
        lines.append(f"  {'other (loop, reports)':<30} {rest:8.1f} s  {100 * rest / total:5.1f}%")
        return lines


def print_blocks(blocks: list[dict[str, float]]) -> None:
    print("\n  articles  articles/s  RSS MB  active stories")
    for block in blocks:
        numbers = (block["articles"], block["per_second"], block["rss_mb"], block["active_stories"])
        print("  {:>8.0f}  {:>10.0f}  {:>6.0f}  {:>14.0f}".format(*numbers))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="Keep the generated files (and reuse them) here.")
    parser.add_argument("--window-days", type=float, default=cluster.WINDOW_DAYS)
    parser.add_argument("--baseline", choices=["none", "sqlite", "serial", "all"], default="none")
    parser.add_argument(
        "--newest-first", action="store_true", help="Feed the stream newest first, as RSS and Atom feeds list it."
    )
    parser.add_argument("--serial", action="store_true", help="Clean and describe in this process, no worker.")
    parser.add_argument("--stages", action="store_true", help="Time each stage of the ingest path (implies --serial).")
    args = parser.parse_args()
    parallel = not (args.serial or args.stages)  # with a worker, cleaning and features run out of the timer's sight

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="storyline-stream-"))
    workdir.mkdir(parents=True, exist_ok=True)
    data = workdir / f"articles-{args.articles}-seed{args.seed}"
    started = time.perf_counter()
    if (data / "gold.json").exists():
        files = sorted(data.glob("stream-*.jsonl"))
        gold = json.loads((data / "gold.json").read_text())
    else:
        data.mkdir(exist_ok=True)
        files, gold = generate(data, args.articles, args.seed)
        (data / "gold.json").write_text(json.dumps(gold))
    if args.newest_first:
        files, gold = reverse(files, data / "newest-first"), gold[::-1]
    print(
        f"{args.articles} synthetic articles in {len(files)} files, {len(set(gold))} stories "
        f"({time.perf_counter() - started:.0f} s to generate or load; {data})"
    )
    print(
        f"python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, window {args.window_days} days, "
        f"{'with a worker process for cleaning and features' if parallel else 'one process'}"
        f"{', newest first' if args.newest_first else ', oldest first'}"
    )

    timer = StageTimer()
    if args.stages:
        timer.install()
    db = workdir / "bench.db"
    for old in workdir.glob("bench.db*"):
        old.unlink()
    result = run_ingest(files, gold, db, window_days=args.window_days, parallel=parallel)
    rate = result.articles / result.seconds
    print(
        f"\ningest + cluster: {result.articles} articles in {result.seconds:.1f} s = {rate:.0f} articles/s "
        f"(bar: 500) -> {'PASS' if rate >= 500 else 'FAIL'}"
    )
    print(
        f"stories: {result.stories} (generated: {len(set(gold))}), B-cubed F1 {result.bcubed:.3f}; "
        f"store {result.database_mb:.0f} MB; peak RSS {result.peak_rss_mb:.0f} MB, "
        f"worker process {worker_rss_mb():.0f} MB"
    )
    print_blocks(result.blocks)
    if args.stages:
        print("\nwhere the time goes:")
        print("\n".join(timer.report(result.seconds)))

    if args.baseline in ("sqlite", "all"):
        plain = run_plain_sqlite(files, workdir / "plain.db")
        print(
            f"\nbaseline plain SQLite inserts: {args.articles / plain:.0f} articles/s; "
            f"storyline's ingest + cluster takes {result.seconds / plain:.1f}x as long"
        )
    if args.baseline in ("serial", "all") and parallel:
        for old in workdir.glob("serial.db*"):
            old.unlink()
        serial = run_ingest(files, gold, workdir / "serial.db", window_days=args.window_days, parallel=False)
        print(
            f"\nbaseline in one process (no worker): {serial.articles / serial.seconds:.0f} articles/s; "
            f"with the worker is {serial.seconds / result.seconds:.2f}x as fast"
        )
        print_blocks(serial.blocks)
    if not args.workdir:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
