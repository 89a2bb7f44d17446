"""One cluster line of a batch as a job for any engine: the line in, its output line and figures out.

Engines (the process pool, Ray) run `brief_job` wherever they run it; everything it takes and gives is plain
data that pickles, and whatever goes wrong with one cluster becomes that line's "error", never an exception.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..errors import StorylineError
from ..sources.files import cluster_from_line
from .evaluate import ClusterResult, brief_cluster, rouge_f1


@dataclass(frozen=True, slots=True)
class ClusterJob:
    """One line of a cluster file, not yet decoded: decoding happens where the cluster is briefed."""

    index: int  # position among the file's clusters (blank lines do not count)
    line_number: int
    line: bytes
    where: str  # path:line, for messages


@dataclass(frozen=True, slots=True)
class BatchSettings:
    words: int
    summarizer: str
    rouge: bool = False  # score each summary against the cluster's references


@dataclass(frozen=True, slots=True)
class LineResult:
    """A briefed cluster as its output line, with what a report or a score needs."""

    index: int
    id: str
    summary: str
    line: str  # the JSON line, newline included
    failed: bool
    sentences: int
    evidence_ok: int
    rouge: tuple[float, float, float] | None = None  # F1 in 0..1: rouge1, rouge2, rougeLsum; None: no references


def brief_job(job: ClusterJob, settings: BatchSettings) -> LineResult:
    """Brief one cluster line; whatever goes wrong becomes the line's "error", never an exception."""
    default_id = str(job.line_number)
    try:
        cluster = cluster_from_line(job.line.decode("utf-8-sig"), job.where, default_id=default_id)
        result = brief_cluster(cluster, settings.words, settings.summarizer)
    except UnicodeDecodeError as error:
        result = _failed(default_id, f"{job.where}: not UTF-8 text (bad byte at column {error.start + 1})")
        cluster = None
    except StorylineError as error:
        result = _failed(_line_id(job.line, default_id), str(error))
        cluster = None
    except Exception as error:  # a fault in one cluster must not end a run of thousands; its line says what
        message = f"{job.where}: internal error {type(error).__name__}: {error} (please report it)"
        result = _failed(_line_id(job.line, default_id), message)
        cluster = None
    scores = None
    if settings.rouge and cluster is not None and cluster.summaries:
        scores = rouge_f1(result.summary, cluster.summaries, settings.words)
    return LineResult(
        index=job.index,
        id=result.id,
        summary=result.summary,
        line=json.dumps(result.to_line(), ensure_ascii=False) + "\n",
        failed=bool(result.error),
        sentences=len(result.detail),
        evidence_ok=result.evidence_ok,
        rouge=scores,
    )


def _failed(cluster_id: str, message: str) -> ClusterResult:
    return ClusterResult(cluster_id, "", (), 0, error=message)


def _line_id(line: bytes, default: str) -> str:
    """The id of a line that could not be read as a cluster, when it has one."""
    try:
        record = json.loads(line)
    except ValueError:
        return default
    return str(record.get("id", default)) if isinstance(record, dict) else default
