"""Ingest on PostgreSQL with two workers and two servers under load, side by side with one SQLite writer.

Generates ARTICLES invented articles (400 topics over four weeks), ingests them into SQLite with one
`storyline ingest`, then queues them on PostgreSQL and runs two `storyline work` processes while two
`storyline serve` processes answer eight client threads (loopback only, each request bounded by a timeout)
listing stories and briefing them. Checks that PostgreSQL holds every article once, in the same stories as
SQLite, and that no request failed. Starts its own PostgreSQL with .ci/postgres unless --postgres names one.
Prints one JSON line.

    python benchmarks/store_scale.py --articles 10000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from storyline.stream.backends import open_store
from storyline.stream.store import Store

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 8
PORTS = (8761, 8762)


def write_articles(path: Path, count: int, seed: int = 12) -> None:
    rng = random.Random(seed)
    common = [f"word{i}" for i in range(400)]
    topics = [[f"topic{t}term{i}" for i in range(15)] for t in range(400)]
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            topic = rng.randrange(len(topics))
            words = rng.choices(topics[topic], k=30) + rng.choices(common, k=50)
            rng.shuffle(words)
            sentences = [" ".join(words[i : i + 10]).capitalize() + "." for i in range(0, len(words), 10)]
            record = {
                "title": f"Report {number} on topic {topic}",
                "text": " ".join(sentences),
                "url": f"https://example.test/{number}",
                "source": f"outlet{rng.randrange(12)}.example",
                "published": f"2026-02-{1 + number * 28 // count:02d}",
            }
            out.write(json.dumps(record) + "\n")


def storyline(*args: str) -> list[str]:
    return [sys.executable, "-m", "storyline", *args]


def stories_by_url(store: Store) -> set[frozenset[str]]:
    return {frozenset(a.url for a in store.story_articles(story.id)) for story in store.stories()}


def client_loop(number: int, stop: threading.Event, tally: Counter[str]) -> None:
    """List stories and brief one of them, on the two servers in turn, until told to stop."""
    rng = random.Random(number)
    with httpx.Client(timeout=60) as http:
        while not stop.is_set():
            base = f"http://127.0.0.1:{PORTS[rng.randrange(2)]}"
            try:
                listed = http.get(f"{base}/api/stories?limit=20")
                tally[f"list {listed.status_code}"] += 1
                stories = listed.json().get("stories", []) if listed.status_code == 200 else []
                if stories and rng.random() < 0.25:
                    story = rng.choice(stories)["id"]
                    briefed = http.get(f"{base}/api/stories/{story}")
                    tally[f"brief {briefed.status_code}"] += 1
            except httpx.HTTPError as error:
                tally[f"failed {type(error).__name__}"] += 1
                time.sleep(0.1)


def wait_ready(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not start")


def run_quiet(url: str, source: Path, articles: int, count: int) -> dict[str, Any]:
    """`count` workers on the queue with nothing else running: the ingest throughput alone."""
    subprocess.run(storyline("ingest", "--queue", str(source), "--db", url), check=True, capture_output=True)
    started = time.perf_counter()
    workers = [subprocess.Popen(storyline("work", "--db", url), stdout=subprocess.DEVNULL) for _ in range(count)]
    codes = [worker.wait(timeout=3600) for worker in workers]
    worked = time.perf_counter() - started
    return {"work_s": round(worked, 1), "articles_per_s": round(articles / worked, 1), "worker_exit_codes": codes}


def schema_url(url: str, schema: str) -> str:
    """`url` with its own empty schema, so two runs share one server."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def run_postgres(url: str, source: Path, articles: int) -> dict[str, Any]:
    started = time.perf_counter()
    subprocess.run(storyline("ingest", "--queue", str(source), "--db", url), check=True, capture_output=True)
    queued = time.perf_counter() - started
    servers = [
        subprocess.Popen(storyline("serve", "--port", str(p), "--db", url), stderr=subprocess.DEVNULL) for p in PORTS
    ]
    tally: Counter[str] = Counter()
    stop = threading.Event()
    try:
        for port in PORTS:
            wait_ready(port)
        clients = [threading.Thread(target=client_loop, args=(n, stop, tally)) for n in range(CLIENTS)]
        for thread in clients:
            thread.start()
        started = time.perf_counter()
        workers = [subprocess.Popen(storyline("work", "--db", url), stdout=subprocess.DEVNULL) for _ in range(2)]
        codes = [worker.wait(timeout=3600) for worker in workers]
        worked = time.perf_counter() - started
        stop.set()
        for thread in clients:
            thread.join(timeout=120)
        idle = time.perf_counter() - started - worked  # clients finishing their last request
    finally:
        stop.set()
        for server in servers:
            server.terminate()  # a briefing in flight can hold a graceful stop for minutes: then kill it
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    errors = sum(count for key, count in tally.items() if not key.endswith((" 200", " 404", " 422")))
    return {
        "queue_s": round(queued, 1),
        "work_s": round(worked, 1),
        "articles_per_s": round(articles / worked, 1),
        "worker_exit_codes": codes,
        "requests": dict(sorted(tally.items())),
        "request_errors": errors,
        "clients_stopped_after_s": round(idle, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--postgres", default="", help="a postgresql:// URL of an empty database to use")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="store-scale-") as folder:
        work = Path(folder)
        source = work / "articles.jsonl"
        write_articles(source, args.articles)
        started = time.perf_counter()
        subprocess.run(storyline("ingest", str(source), "--db", str(work / "s.db")), check=True, capture_output=True)
        sqlite_s = time.perf_counter() - started
        url = args.postgres
        if not url:
            os.chmod(folder, 0o755)  # the server runs as another user when this runs as root
            url = subprocess.run(
                ["bash", str(ROOT / ".ci" / "postgres"), str(work / "pg")], check=True, capture_output=True, text=True
            ).stdout.strip()
        try:
            alone = run_quiet(schema_url(url, "alone"), source, args.articles, 1)
            quiet = run_quiet(schema_url(url, "quiet"), source, args.articles, 2)
            url = schema_url(url, "loaded")
            postgres = run_postgres(url, source, args.articles)
            with open_store(url) as shared, Store(work / "s.db") as single:
                urls = [a.url for story in shared.stories() for a in shared.story_articles(story.id)]
                same = stories_by_url(shared) == stories_by_url(single)
                story_count = len(shared.stories())
        finally:
            if not args.postgres:
                bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
                owner = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
                stop = [*owner, f"{bindir}/pg_ctl", "-D", str(work / "pg" / "data"), "stop", "-m", "fast"]
                subprocess.run(stop, capture_output=True)
        print(
            json.dumps(
                {
                    "articles": args.articles,
                    "sqlite_one_writer_articles_per_s": round(args.articles / sqlite_s, 1),
                    "postgres_one_worker_alone": alone,
                    "postgres_two_workers_alone": quiet,
                    "postgres_two_workers_two_servers_eight_clients": postgres,
                    "postgres_articles": len(urls),
                    "lost": args.articles - len(set(urls)),
                    "duplicated": len(urls) - len(set(urls)),
                    "stories": story_count,
                    "same_stories_as_sqlite": same,
                }
            )
        )


if __name__ == "__main__":
    main()
