"""Batch briefing that streams: a cluster file of any length in, one JSONL line per cluster out, in input order.

The cluster file is read a line at a time; a bounded window of clusters is briefed at once, the largest first,
and each result is written as soon as every result before it is written, so memory stays flat however long the
file. Output goes to one JSONL file or to a directory of `part-NNNNN.jsonl` shards; both are written under hidden
temporary names and renamed when complete, and `resume` carries on after the last complete line or shard. A
cluster that cannot be briefed gets an "error" field in its line and never stops the run. Engines run the
briefings: in this process, in a process pool (the default) or on Ray (`ray_engine.py`, an optional extra).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from heapq import heappop, heappush
from pathlib import Path
from typing import IO, Protocol

from ..errors import InputError
from ..segment import load_splitter
from . import ENGINES
from .evaluate import Scores, summarize_scores
from .jobs import BatchSettings, ClusterJob, LineResult, brief_job

__all__ = [
    "ENGINES",
    "BatchReport",
    "BatchSettings",
    "ClusterJob",
    "Engine",
    "FileOutput",
    "LineResult",
    "Output",
    "ShardOutput",
    "batch",
    "brief_in_order",
    "check_readable",
    "count_clusters",
    "evaluate",
    "make_engine",
    "open_output",
    "read_cluster_lines",
    "run_batch",
]

PART_PREFIX = "part-"
# Clusters read ahead of the oldest unwritten one, per engine slot: 64 on two workers, a few MB of Multi-News-sized
# lines. Not tuned: on 10,000 Multi-News clusters the pool ran at the speed Ray did (docs/scaling.md).
WINDOW_PER_WORKER = 16


def read_cluster_lines(path: str | Path, *, skip: int = 0) -> Iterator[ClusterJob]:
    """The clusters of a JSONL file as undecoded lines, a line at a time, after the first `skip` clusters."""
    return _lines(_open_input(path), str(path), skip)


def _open_input(path: str | Path) -> IO[bytes]:
    try:
        return open(path, "rb")
    except OSError as error:
        raise InputError(str(path), f"cannot read file: {error.strerror or error}") from None


def _lines(handle: IO[bytes], path: str, skip: int) -> Iterator[ClusterJob]:
    with handle:
        index = 0
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            if index >= skip:
                yield ClusterJob(index, line_number, line, f"{path}:{line_number}")
            index += 1


def count_clusters(path: str | Path) -> int:
    """How many clusters (non-blank lines) a cluster file holds, for a progress bar."""
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


class Engine(Protocol):
    """Runs cluster jobs: `slots` at once at most, results in any order."""

    slots: int

    def submit(self, job: ClusterJob, settings: BatchSettings) -> None: ...

    def finished(self) -> list[LineResult]:
        """Wait for at least one submitted job and return every one finished by then."""
        ...

    def close(self) -> None: ...


class InlineEngine:
    """Briefs in this process, one cluster at a time."""

    slots = 1

    def __init__(self) -> None:
        self._queue: list[tuple[ClusterJob, BatchSettings]] = []

    def submit(self, job: ClusterJob, settings: BatchSettings) -> None:
        self._queue.append((job, settings))

    def finished(self) -> list[LineResult]:
        return [brief_job(*self._queue.pop())]

    def close(self) -> None:
        self._queue.clear()


class ProcessEngine:
    """Briefs in a pool of worker processes."""

    def __init__(self, workers: int) -> None:
        load_splitter()
        self._pool = ProcessPoolExecutor(max_workers=workers)
        self._running: set[Future[LineResult]] = set()
        self.slots = 2 * workers  # one queued behind each running cluster keeps every worker fed

    def submit(self, job: ClusterJob, settings: BatchSettings) -> None:
        self._running.add(self._pool.submit(brief_job, job, settings))

    def finished(self) -> list[LineResult]:
        done, self._running = wait(self._running, return_when=FIRST_COMPLETED)
        return [future.result() for future in done]

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


def make_engine(engine: str = "process", *, jobs: int | None = None, address: str | None = None) -> Engine:
    """The engine by name: "process" with `jobs` workers (1: in this process), or "ray" at `address`."""
    if engine == "ray":
        from .ray_engine import RayEngine

        return RayEngine(address)
    if engine != "process":
        raise InputError("--engine", f"unknown engine {engine!r}", f"use one of: {', '.join(ENGINES)}")
    if address:
        raise InputError("--address", "an address goes with --engine ray")
    workers = jobs or os.cpu_count() or 1
    return InlineEngine() if workers == 1 else ProcessEngine(workers)


def brief_in_order(
    jobs: Iterable[ClusterJob], settings: BatchSettings, engine: Engine, *, window: int | None = None
) -> Iterator[LineResult]:
    """Brief every job on `engine` and yield the results in job order, with at most `window` jobs read ahead of
    the oldest result not yet yielded; among those read, the largest line goes first."""
    window = window or max(WINDOW_PER_WORKER * engine.slots, 32)
    source = iter(jobs)
    waiting: list[tuple[int, int, ClusterJob]] = []  # a heap: the longest line first, then the earliest
    done: dict[int, LineResult] = {}
    next_index: int | None = None
    read = running = 0
    exhausted = False
    while True:
        while not exhausted and read < window:
            job = next(source, None)
            if job is None:
                exhausted = True
                break
            if next_index is None:
                next_index = job.index
            heappush(waiting, (-len(job.line), job.index, job))
            read += 1
        while waiting and running < engine.slots:
            engine.submit(heappop(waiting)[2], settings)
            running += 1
        if not running:
            return
        for result in engine.finished():
            done[result.index] = result
            running -= 1
        while next_index in done:
            yield done.pop(next_index)
            next_index += 1
            read -= 1


@dataclass(slots=True)
class BatchReport:
    """What a batch run wrote, and the evidence and ROUGE figures over it."""

    written: int = 0  # lines written by this run
    resumed: int = 0  # lines an earlier run had written, skipped
    failed: int = 0
    sentences: int = 0
    evidence_ok: int = 0
    rouge: list[tuple[float, float, float]] = field(default_factory=list)

    def add(self, result: LineResult) -> None:
        self.written += 1
        self.failed += result.failed
        self.sentences += result.sentences
        self.evidence_ok += result.evidence_ok
        if result.rouge is not None:
            self.rouge.append(result.rouge)

    def scores(self) -> Scores:
        return summarize_scores(self.rouge, sentences=self.sentences, verbatim=self.evidence_ok, failed=self.failed)


class Output(Protocol):
    """Where batch lines go; `done` lines were written by an earlier run and are not briefed again."""

    done: int

    def write(self, result: LineResult) -> None: ...

    def finish(self) -> None: ...

    def abandon(self) -> None: ...


class FileOutput:
    """One JSONL file, written as `.NAME.partial` beside it and renamed when complete; a device or a pipe
    (/dev/stdout, a FIFO) is written to directly, never replaced."""

    def __init__(
        self, path: str | Path, *, resume: bool = False, render: Callable[[LineResult], str] | None = None
    ) -> None:
        self.path = Path(path)
        self._render = render or (lambda result: result.line)
        if self.path.is_dir():
            raise InputError(str(path), "is a directory", "end the name with / to write shards into it")
        if not self.path.parent.is_dir():
            raise InputError(str(path), f"the directory {self.path.parent} does not exist")
        self.direct = self.path.exists() and not self.path.is_file()
        if self.direct and resume:
            raise InputError(str(path), "is not a regular file, so a run there cannot be resumed", "write to a file")
        self.partial = self.path if self.direct else self.path.with_name(f".{self.path.name}.partial")
        if resume and not self.partial.exists() and self.path.exists():
            os.replace(self.path, self.partial)  # carry on after a complete run too: the input may have grown
        self.done = _keep_complete_lines(self.partial) if resume and self.partial.exists() else 0
        self._handle: IO[str] | None = None  # opened at the first line, so a run that never starts leaves nothing

    def _opened(self) -> IO[str]:
        if self._handle is None:
            self._handle = _open(self.partial, "a" if self.done else "w")
        return self._handle

    def write(self, result: LineResult) -> None:
        self._opened().write(self._render(result))

    def finish(self) -> None:
        if self.direct:
            self._opened().close()
            return
        _close_durably(self._opened())
        os.replace(self.partial, self.path)

    def abandon(self) -> None:
        if self._handle is not None:
            self._handle.close()  # the partial file stays, for resume


class ShardOutput:
    """A directory of `part-NNNNN.jsonl` files of `shard_size` lines each, each written as `.part-NNNNN.jsonl
    .partial` and renamed when complete."""

    def __init__(self, directory: str | Path, *, shard_size: int = 1000, resume: bool = False) -> None:
        self.directory = Path(directory)
        if self.directory.exists() and not self.directory.is_dir():
            raise InputError(str(directory), "is a file", "name a directory for shards, or drop the trailing /")
        self.directory.mkdir(parents=True, exist_ok=True)
        self.shard_size = shard_size
        for stale in self.directory.glob(f".{PART_PREFIX}*.partial"):
            stale.unlink()
        complete = 0
        while self._shard(complete).exists():
            complete += 1
        if complete and not resume:
            raise InputError(
                str(directory), f"holds {complete} shards of an earlier run", "pass --resume, or empty the directory"
            )
        if complete > 1 and _count_lines(self._shard(0)) != shard_size:
            raise InputError(str(self._shard(0)), "was written with another shard size", "resume with the same one")
        self.done = complete * shard_size
        self._handle: IO[str] | None = None
        self._number = complete

    def _shard(self, number: int) -> Path:
        return self.directory / f"{PART_PREFIX}{number:05d}.jsonl"

    def _partial(self, number: int) -> Path:
        return self.directory / f".{PART_PREFIX}{number:05d}.jsonl.partial"

    def write(self, result: LineResult) -> None:
        number = result.index // self.shard_size
        if self._handle is not None and number != self._number:
            self._complete()
        if self._handle is None:
            self._number = number
            self._handle = _open(self._partial(number), "w")
        self._handle.write(result.line)

    def _complete(self) -> None:
        assert self._handle is not None
        _close_durably(self._handle)
        os.replace(self._partial(self._number), self._shard(self._number))
        self._handle = None

    def finish(self) -> None:
        if self._handle is not None:
            self._complete()

    def abandon(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._partial(self._number).unlink(missing_ok=True)


class NoOutput:
    """Results counted and scored, nothing written."""

    done = 0

    def write(self, result: LineResult) -> None:
        pass

    def finish(self) -> None:
        pass

    def abandon(self) -> None:
        pass


def open_output(path: str | Path, *, shard_size: int | None = None, resume: bool = False) -> Output:
    """A shard directory when `path` ends with / or names a directory, or `shard_size` is given; else one file."""
    text = str(path)
    if shard_size or text.endswith(("/", os.sep)) or Path(text).is_dir():
        return ShardOutput(path, shard_size=shard_size or 1000, resume=resume)
    return FileOutput(path, resume=resume)


def _open(path: Path, mode: str) -> IO[str]:
    try:
        return open(path, mode, encoding="utf-8")
    except OSError as error:
        raise InputError(str(path), f"cannot write: {error.strerror or error}") from None


def _close_durably(handle: IO[str]) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()


def _keep_complete_lines(path: Path) -> int:
    """Cut a half-written last line off `path` (a run killed mid-write) and count the complete ones."""
    with open(path, "r+b") as handle:
        size = handle.seek(0, os.SEEK_END)
        end = size
        while end > 0:
            start = max(0, end - (1 << 16))
            handle.seek(start)
            newline = handle.read(end - start).rfind(b"\n")
            if newline >= 0:
                end = start + newline + 1
                break
            end = start
        if end != size:
            handle.truncate(end)
    return _count_lines(path)


def _count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(functools.partial(handle.read, 1 << 20), b""))


def run_batch(
    clusters: str | Path,
    output: Output,
    settings: BatchSettings,
    engine: Engine,
    *,
    on_result: Callable[[LineResult], None] | None = None,
) -> BatchReport:
    """Brief every cluster of the file `clusters` not yet in `output`, writing each line in input order. A
    failure or interrupt leaves every complete line written, for resume."""
    report = BatchReport(resumed=output.done)
    try:
        for result in brief_in_order(read_cluster_lines(clusters, skip=output.done), settings, engine):
            output.write(result)
            report.add(result)
            if on_result:
                on_result(result)
    except BaseException:
        output.abandon()
        raise
    finally:
        engine.close()
    output.finish()
    return report


def batch(
    clusters: str | Path,
    output: str | Path,
    *,
    words: int,
    summarizer: str,
    jobs: int | None = None,
    engine: str = "process",
    address: str | None = None,
    shard_size: int | None = None,
    resume: bool = False,
    on_result: Callable[[LineResult], None] | None = None,
) -> BatchReport:
    """Brief every cluster of `clusters` into `output` (a JSONL file, or a shard directory: see open_output)."""
    check_readable(clusters)
    target = open_output(output, shard_size=shard_size, resume=resume)
    try:
        runner = make_engine(engine, jobs=jobs, address=address)
    except BaseException:
        target.abandon()
        raise
    return run_batch(clusters, target, BatchSettings(words, summarizer), runner, on_result=on_result)


def evaluate(
    clusters: str | Path,
    *,
    words: int,
    summarizer: str,
    predictions: str | Path | None = None,
    jobs: int | None = None,
    engine: str = "process",
    address: str | None = None,
    on_result: Callable[[LineResult], None] | None = None,
) -> Scores:
    """Brief every cluster of `clusters` and score it against its references (ROUGE F1) and its evidence; with
    `predictions`, also write {id, summary} lines there (the form mds_eval.py scores)."""
    check_readable(clusters)
    target: Output = NoOutput()
    if predictions is not None:
        target = FileOutput(predictions, render=_prediction_line)
    try:
        runner = make_engine(engine, jobs=jobs, address=address)
    except BaseException:
        target.abandon()
        raise
    settings = BatchSettings(words, summarizer, rouge=True)
    return run_batch(clusters, target, settings, runner, on_result=on_result).scores()


def _prediction_line(result: LineResult) -> str:
    return json.dumps({"id": result.id, "summary": result.summary}, ensure_ascii=False) + "\n"


def check_readable(path: str | Path) -> None:
    """Fail before any output is opened when the cluster file cannot be read."""
    _open_input(path).close()
