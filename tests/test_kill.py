"""Killing an ingest (SIGKILL) loses nothing it reported and leaves a store that opens, checks and resumes.

A child process ingests synthetic articles (written here, seeded) and prints each article id once its batch
has committed. It is killed either by this test, after some ids have arrived, or by itself in the middle of a
transaction, which makes the second case exact: every committed batch, and nothing of the one in flight. The
worker process the ingest starts (it cleans the next batch) must end by itself.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline.stream.ingest import ingest
from storyline.stream.store import Store

ARTICLES = 600
BATCH = 20

CHILD = """
import os, signal, sys
from storyline.stream import store as store_module
from storyline.stream.store import Store
from storyline.stream.ingest import ingest

db, source, kill_at, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
if kill_at:
    add_one = store_module.Store._add_one
    calls = 0

    def add_one_then_die(self, *args, **kwargs):
        global calls
        calls += 1
        result = add_one(self, *args, **kwargs)
        if calls == kill_at:  # mid-transaction: earlier articles of this batch are written but not committed
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    store_module.Store._add_one = add_one_then_die


def report(batch):
    sys.stdout.write("".join(f"{result.article_id}\\n" for result in batch))
    sys.stdout.flush()


with Store(db) as store:
    ingest(store, [source], batch_size=batch, on_commit=report)
print("done", flush=True)
"""


def write_articles(path: Path, count: int) -> None:
    """Seeded synthetic articles: 30 topics of their own words, mixed with common words."""
    rng = random.Random(4)
    common = [f"word{i}" for i in range(400)]
    topics = [[f"topic{t}term{i}" for i in range(15)] for t in range(30)]
    lines = []
    for number in range(count):
        topic = rng.randrange(len(topics))
        words = rng.choices(topics[topic], k=30) + rng.choices(common, k=50)
        rng.shuffle(words)
        sentences = [" ".join(words[i : i + 10]).capitalize() + "." for i in range(0, len(words), 10)]
        day = 1 + number * 28 // count
        lines.append(
            json.dumps(
                {
                    "title": f"Report {number} on topic {topic}",
                    "text": " ".join(sentences),
                    "url": f"https://example.test/{number}",
                    "published": f"2026-02-{day:02d}",
                }
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def start_child(tmp_path: Path, *, kill_at: int = 0) -> subprocess.Popen[str]:
    source = tmp_path / "articles.jsonl"
    if not source.exists():
        write_articles(source, ARTICLES)
    command = [sys.executable, "-c", CHILD, str(tmp_path / "s.db"), str(source), str(kill_at), str(BATCH)]
    # The mark is inherited by the worker process the ingest starts, so the test can see that it ends too.
    environment = {**os.environ, "STORYLINE_TEST_MARK": str(tmp_path)}
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=environment)


def processes_marked(tmp_path: Path) -> list[int]:
    mark = f"STORYLINE_TEST_MARK={tmp_path}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and mark in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue  # ended meanwhile, or not ours to read
    return found


def assert_no_process_left(tmp_path: Path) -> None:
    """The worker that cleaned articles for the killed ingest exits on its own (its input closed)."""
    deadline = time.monotonic() + 10
    while processes_marked(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_marked(tmp_path) == []


def check_store(path: Path, reported: list[int]) -> int:
    """Assert the store is whole and holds every reported article; returns how many articles it holds."""
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    stored = {row[0] for row in connection.execute("SELECT id FROM articles")}
    assert set(reported) <= stored
    # No half-written rows: every story's count matches its articles, and every article is in a live story.
    mismatched = connection.execute(
        "SELECT s.id FROM stories s WHERE s.merged_into IS NULL AND s.article_count !="
        " (SELECT count(*) FROM articles a WHERE a.story_id = s.id AND a.superseded = 0)"
    ).fetchall()
    assert mismatched == []
    orphans = connection.execute(
        "SELECT a.id FROM articles a LEFT JOIN stories s ON s.id = a.story_id"
        " WHERE s.id IS NULL OR s.merged_into IS NOT NULL"
    ).fetchall()
    assert orphans == []
    connection.close()
    return len(stored)


def resume_and_check_everything_is_there_once(tmp_path: Path, committed: int) -> None:
    with Store(tmp_path / "s.db") as store:
        report = ingest(store, [tmp_path / "articles.jsonl"])
        assert (report.added, report.unchanged) == (ARTICLES - committed, committed)
        assert store.article_count() == ARTICLES
        assert store.integrity_check() == "ok"


def test_a_kill_inside_a_transaction_keeps_exactly_the_committed_batches(tmp_path: Path) -> None:
    kill_at = 7 * BATCH + 10  # the eighth batch has 10 articles written, uncommitted
    child = start_child(tmp_path, kill_at=kill_at)
    output, _ = child.communicate(timeout=120)
    assert child.returncode == -signal.SIGKILL
    assert_no_process_left(tmp_path)
    reported = [int(line) for line in output.split()]
    assert len(reported) == 7 * BATCH
    assert check_store(tmp_path / "s.db", reported) == 7 * BATCH
    resume_and_check_everything_is_there_once(tmp_path, 7 * BATCH)


def test_a_kill_from_outside_loses_nothing_that_was_reported(tmp_path: Path) -> None:
    child = start_child(tmp_path)
    assert child.stdout is not None
    reported: list[int] = []
    for line in child.stdout:
        if line.startswith("done"):
            pytest.fail("the ingest finished before it could be killed; raise ARTICLES")
        reported.append(int(line))
        if len(reported) >= 8 * BATCH:
            assert len(processes_marked(tmp_path)) == 2  # the ingest and its worker
            child.send_signal(signal.SIGKILL)
            break
    reported.extend(int(line) for line in child.stdout.read().split())  # written before the kill landed
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert_no_process_left(tmp_path)
    stored = check_store(tmp_path / "s.db", reported)
    assert stored % BATCH == 0  # whole batches only
    resume_and_check_everything_is_there_once(tmp_path, stored)
