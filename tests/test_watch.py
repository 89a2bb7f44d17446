"""Watching directories: new and changed files are ingested, bad ones reported, a busy store retried.

Watching feed addresses is tested in test_fetch.py, beside its HTTP server."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from test_stream import CUP, FIRE_HERALD, FIRE_SIGNAL, write_jsonl

from storyline.errors import InputError
from storyline.stream.ingest import IngestReport
from storyline.stream.store import Store
from storyline.stream.watch import watch


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with Store(tmp_path / "s.db") as opened:
        yield opened


def test_watch_ingests_new_and_changed_files_and_skips_bad_ones(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    write_jsonl(folder / "1.jsonl", FIRE_HERALD)
    seen: list[tuple[str, int]] = []
    arrivals = iter(
        [
            lambda: write_jsonl(folder / "2.jsonl", FIRE_SIGNAL),
            lambda: (folder / "3.jsonl").write_text("{broken\n", encoding="utf-8"),
            lambda: write_jsonl(folder / "1.jsonl", FIRE_HERALD, CUP),  # a file that grew
        ]
    )

    def new_file_arrives(seconds: float) -> None:
        next(arrivals)()

    def record(path: Path, report: IngestReport) -> None:
        seen.append((path.name, report.added))

    with caplog.at_level(logging.WARNING, logger="storyline"):
        watch(store, folder, interval=0, rounds=4, on_ingest=record, sleep=new_file_arrives)
    assert seen == [("1.jsonl", 1), ("2.jsonl", 1), ("1.jsonl", 1)]
    assert "3.jsonl:1" in caplog.text
    assert store.article_count() == 3


def test_watch_tries_a_file_again_when_another_writer_held_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import sqlite3

    from storyline.stream import store as store_module

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 20)  # give up on the lock at once, not after 30 s
    folder = tmp_path / "inbox"
    folder.mkdir()
    write_jsonl(folder / "1.jsonl", FIRE_HERALD)
    seen: list[tuple[str, int]] = []
    with Store(tmp_path / "s.db") as opened:
        holder = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")  # the web app in the middle of a write

        def writer_finishes(seconds: float) -> None:
            if holder.in_transaction:
                holder.execute("COMMIT")

        with caplog.at_level(logging.WARNING, logger="storyline"):
            watch(
                opened,
                folder,
                interval=0,
                rounds=2,
                on_ingest=lambda path, report: seen.append((path.name, report.added)),
                sleep=writer_finishes,
            )
        holder.close()
        assert "the store is busy" in caplog.text
        assert seen == [("1.jsonl", 1)]
        assert opened.article_count() == 1


def test_watch_needs_a_directory(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a directory"):
        watch(store, tmp_path / "missing", rounds=1)
