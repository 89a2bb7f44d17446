"""Batch briefing streams: lines in input order, shards, resume after a kill, and one bad cluster never stops a run.

The clusters are invented here: short reports of made-up storms, council votes and fires in made-up towns.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.eval.batch import (
    BatchSettings,
    ClusterJob,
    LineResult,
    batch,
    brief_in_order,
    evaluate,
)

TOWNS = ["Varnholm", "Brenna", "Ostrava Nova", "Kelby", "Marisund", "Tollan", "Dunmore", "Ashgrove"]
EVENTS = [
    ("A storm tore roofs off {n} houses in {town} on {day}.", "Emergency crews cleared fallen trees from the roads."),
    ("The council of {town} voted {n} to 3 on {day} to close the old bridge.", "Repairs will start in May."),
    ("A fire destroyed {n} warehouses in the port of {town} on {day}.", "No one was hurt, the fire service said."),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def invented_cluster(number: int, rng: random.Random) -> dict[str, object]:
    lead, follow = EVENTS[number % len(EVENTS)]
    town, day = rng.choice(TOWNS), rng.choice(DAYS)
    documents = []
    for report in range(rng.randint(1, 4)):
        n = rng.randint(2, 40)
        sentences = [lead.format(n=n, town=town, day=day), follow, f"Report {report} from {town} said so on {day}."]
        documents.append(" ".join(sentences * rng.randint(1, 3)))
    return {"id": f"c{number}", "documents": documents, "summaries": [lead.format(n=10, town=town, day=day)]}


def write_clusters(path: Path, count: int, *, seed: int = 7) -> Path:
    rng = random.Random(seed)
    path.write_text("".join(json.dumps(invented_cluster(i, rng)) + "\n" for i in range(count)), encoding="utf-8")
    return path


def one_process(clusters: Path, tmp_path: Path) -> str:
    reference = tmp_path / "reference.jsonl"
    batch(clusters, reference, words=60, summarizer="coverage.v1", jobs=1)
    return reference.read_text(encoding="utf-8")


def test_two_workers_write_the_same_bytes_as_one_in_input_order(tmp_path: Path) -> None:
    clusters = write_clusters(tmp_path / "clusters.jsonl", 12)
    output = tmp_path / "two.jsonl"
    report = batch(clusters, output, words=60, summarizer="coverage.v1", jobs=2)
    text = output.read_text(encoding="utf-8")
    assert text == one_process(clusters, tmp_path)
    assert [json.loads(line)["id"] for line in text.splitlines()] == [f"c{i}" for i in range(12)]
    assert report.written == 12
    assert report.failed == 0


def test_a_bad_cluster_is_reported_in_its_line_and_the_run_goes_on(tmp_path: Path) -> None:
    clusters = tmp_path / "clusters.jsonl"
    good = json.dumps(invented_cluster(0, random.Random(1)))
    clusters.write_bytes(
        b"\n".join(
            [
                good.encode(),
                b'{"id": "wrong", "documents": "one string"}',
                b"{not json",
                b'{"id": "latin1", "documents": ["caf\xe9 in Brenna burned down on Monday."]}',
                b"",
                b'{"id": "blank", "documents": ["Advertisement"]}',
                good.replace('"c0"', '"last"').encode(),
            ]
        )
        + b"\n"
    )
    output = tmp_path / "out.jsonl"
    report = batch(clusters, output, words=60, summarizer="coverage.v1", jobs=1)
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["c0", "wrong", "3", "4", "blank", "last"]
    assert "field 'documents' must be a list of strings" in lines[1]["error"]
    assert lines[2]["error"].startswith(f"{clusters}:3: not valid JSON")
    assert "not UTF-8" in lines[3]["error"]
    assert lines[4]["error"]
    assert "error" not in lines[0]
    assert "error" not in lines[5]
    assert report.failed == 4


def test_shards_hold_the_same_lines_as_one_file_and_leave_no_temporary_file(tmp_path: Path) -> None:
    clusters = write_clusters(tmp_path / "clusters.jsonl", 7)
    shards = tmp_path / "shards"
    batch(clusters, f"{shards}/", words=60, summarizer="coverage.v1", jobs=2, shard_size=3)
    names = sorted(path.name for path in shards.iterdir())
    assert names == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    joined = "".join((shards / name).read_text(encoding="utf-8") for name in names)
    assert joined == one_process(clusters, tmp_path)


def test_a_directory_with_shards_of_an_earlier_run_needs_resume(tmp_path: Path) -> None:
    clusters = write_clusters(tmp_path / "clusters.jsonl", 3)
    shards = tmp_path / "shards"
    batch(clusters, f"{shards}/", words=60, summarizer="coverage.v1", jobs=1, shard_size=2)
    with pytest.raises(InputError, match="pass --resume"):
        batch(clusters, f"{shards}/", words=60, summarizer="coverage.v1", jobs=1, shard_size=2)
    report = batch(clusters, f"{shards}/", words=60, summarizer="coverage.v1", jobs=1, shard_size=2, resume=True)
    assert report.resumed == 4  # both shards: the input has nothing past them
    assert report.written == 0


def test_resume_cuts_a_half_written_line_and_carries_on(tmp_path: Path) -> None:
    clusters = write_clusters(tmp_path / "clusters.jsonl", 6)
    expected = one_process(clusters, tmp_path)
    output = tmp_path / "out.jsonl"
    lines = expected.splitlines(keepends=True)
    (tmp_path / ".out.jsonl.partial").write_text("".join(lines[:2]) + lines[2][:25], encoding="utf-8")
    report = batch(clusters, output, words=60, summarizer="coverage.v1", jobs=2, resume=True)
    assert (report.resumed, report.written) == (2, 4)
    assert output.read_text(encoding="utf-8") == expected
    assert not (tmp_path / ".out.jsonl.partial").exists()


def test_eval_scores_a_streamed_run_and_writes_predictions(tmp_path: Path) -> None:
    pytest.importorskip("rouge_score")
    clusters = write_clusters(tmp_path / "clusters.jsonl", 4)
    predictions = tmp_path / "predictions.jsonl"
    scores = evaluate(clusters, words=60, summarizer="coverage.v1", jobs=1, predictions=predictions)
    assert scores.clusters == 4
    assert scores.rouge1 > 20
    assert scores.evidence_verbatim == 100.0
    assert [json.loads(line)["id"] for line in predictions.read_text().splitlines()] == ["c0", "c1", "c2", "c3"]


class ShuffledEngine:
    """Finishes the jobs it holds in a random order, a few at a time, as workers of different speeds do."""

    def __init__(self, slots: int, seed: int) -> None:
        self.slots = slots
        self.rng = random.Random(seed)
        self.held: list[ClusterJob] = []
        self.submitted: list[int] = []
        self.most_held = 0

    def submit(self, job: ClusterJob, settings: BatchSettings) -> None:
        self.held.append(job)
        self.submitted.append(job.index)
        self.most_held = max(self.most_held, len(self.held))

    def finished(self) -> list[LineResult]:
        self.rng.shuffle(self.held)
        count = self.rng.randint(1, len(self.held))
        done, self.held = self.held[:count], self.held[count:]
        return [LineResult(job.index, str(job.index), "", "", False, 0, 0) for job in done]

    def close(self) -> None:
        pass


def jobs_of(sizes: list[int]) -> list[ClusterJob]:
    return [ClusterJob(i, i + 1, b"x" * size, f"f:{i + 1}") for i, size in enumerate(sizes)]


@settings(max_examples=200, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 50), max_size=60),
    slots=st.integers(1, 6),
    window=st.integers(1, 20),
    seed=st.integers(0, 1000),
)
def test_every_cluster_comes_out_once_in_input_order_whatever_order_they_finish(
    sizes: list[int], slots: int, window: int, seed: int
) -> None:
    engine = ShuffledEngine(slots, seed)
    results = list(brief_in_order(jobs_of(sizes), BatchSettings(60, "coverage.v1"), engine, window=window))
    assert [result.index for result in results] == list(range(len(sizes)))
    assert engine.most_held <= slots


def test_the_largest_clusters_in_the_window_start_first() -> None:
    engine = ShuffledEngine(slots=1, seed=0)
    sizes = [3, 9, 1, 7, 5]
    list(brief_in_order(jobs_of(sizes), BatchSettings(60, "coverage.v1"), engine, window=len(sizes)))
    assert engine.submitted == [1, 3, 4, 0, 2]


@pytest.mark.parametrize("output_name", ["out.jsonl", "shards/"])
def test_a_killed_batch_resumes_without_losing_or_repeating_a_line(tmp_path: Path, output_name: str) -> None:
    clusters = write_clusters(tmp_path / "clusters.jsonl", 200, seed=11)
    expected = one_process(clusters, tmp_path)
    output = tmp_path / output_name
    command = [sys.executable, "-m", "storyline", "batch", str(clusters), "-o", str(output), "--words", "60"]
    command += ["--jobs", "2", "--shard-size", "4"] if output_name.endswith("/") else ["--jobs", "2"]
    child = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while _written(tmp_path, output_name) < 12 and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(child.pid, signal.SIGKILL)  # the workers too: nothing gets to clean up
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300, check=True)
    assert "from an earlier run" in resumed.stderr
    if output_name.endswith("/"):
        assert not list(output.glob(".*"))
        text = "".join(path.read_text(encoding="utf-8") for path in sorted(output.glob("part-*.jsonl")))
    else:
        text = output.read_text(encoding="utf-8")
    assert text == expected


def _written(directory: Path, output_name: str) -> int:
    """Lines a running batch has put on disk so far."""
    if output_name.endswith("/"):
        return 4 * len(list((directory / output_name).glob("part-*.jsonl")))
    partial = directory / f".{output_name}.partial"
    return partial.read_bytes().count(b"\n") if partial.exists() else 0


def test_a_device_as_output_is_written_to_and_never_replaced(tmp_path: Path) -> None:
    clusters = write_clusters(tmp_path / "clusters.jsonl", 2)
    report = batch(clusters, os.devnull, words=60, summarizer="coverage.v1", jobs=1)
    assert report.written == 2
    assert not Path(os.devnull).is_file()
    with pytest.raises(InputError, match="cannot be resumed"):
        batch(clusters, os.devnull, words=60, summarizer="coverage.v1", jobs=1, resume=True)
