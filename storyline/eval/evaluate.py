"""Batch briefing of cluster files and their evaluation: ROUGE against references, plus evidence checks.

ROUGE is computed as ../shared/tools/mds_eval.py does (rouge-score, stemmed F1, prediction cut to the word
budget, mean over references, sentences on their own lines for ROUGE-Lsum) so the two agree.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from ..briefing import brief
from ..errors import MissingDependencyError, StorylineError
from ..serialization import briefing_to_dict, summary_text
from ..sources.files import Cluster
from ..types import Briefing, Span, SummarySentence


@dataclass(frozen=True, slots=True)
class ClusterResult:
    """A cluster's briefing as a batch line, or the reason it has none."""

    id: str
    summary: str
    detail: tuple[dict[str, Any], ...]
    evidence_ok: int  # summary sentences that are verbatim in their article, with every evidence span inside one
    error: str = ""

    def to_line(self) -> dict[str, Any]:
        line: dict[str, Any] = {"id": self.id, "summary": self.summary, "sentences": list(self.detail)}
        if self.error:
            line["error"] = self.error
        return line


def brief_cluster(cluster: Cluster, words: int, summarizer: str) -> ClusterResult:
    """Brief one cluster; a cluster that cannot be briefed gets an empty summary and its error."""
    try:
        briefing = brief(cluster.articles, words=words, summarizer=summarizer, summary_only=True)
    except StorylineError as error:
        message = str(error)
        if cluster.origin and cluster.origin not in message:
            message = f"{cluster.origin}: {message}"
        return ClusterResult(cluster.id, "", (), 0, error=message)
    verbatim = verbatim_sentences(briefing)
    detail = tuple(briefing_to_dict(briefing)["summary"])
    return ClusterResult(cluster.id, summary_text(briefing), detail, verbatim)


def verbatim_sentences(briefing: Briefing) -> int:
    """Summary sentences that are their first evidence span's text, with every evidence span inside its article."""
    texts = {article.id: article.text for article in briefing.articles}

    def inside(span: Span) -> bool:
        return span.article_id in texts and 0 <= span.start < span.end <= len(texts[span.article_id])

    def verbatim(sentence: SummarySentence) -> bool:
        if not sentence.evidence:
            return False
        quoted = sentence.evidence[0].span
        if texts.get(quoted.article_id, "")[quoted.start : quoted.end] != sentence.text:
            return False
        return all(inside(item.span) for item in sentence.evidence)

    return sum(verbatim(sentence) for sentence in briefing.summary)


def _brief_cluster_args(args: tuple[Cluster, int, str]) -> ClusterResult:
    return brief_cluster(*args)


def brief_clusters(
    clusters: Iterable[Cluster], *, words: int, summarizer: str, jobs: int | None = None
) -> Iterator[ClusterResult]:
    """Brief every cluster, in input order, on `jobs` processes (default: one per core)."""
    jobs = jobs or os.cpu_count() or 1
    work = ((cluster, words, summarizer) for cluster in clusters)
    if jobs == 1:
        yield from map(_brief_cluster_args, work)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        # Small chunks: clusters differ tenfold in size, and big chunks leave one worker idle at the end.
        yield from pool.map(_brief_cluster_args, work, chunksize=2)


@dataclass(frozen=True, slots=True)
class Scores:
    """Mean ROUGE F1 (percent) over clusters with references, and the evidence check."""

    rouge1: float
    rouge2: float
    rougeL: float
    clusters: int
    sentences: int
    evidence_verbatim: float  # share of summary sentences whose evidence is verbatim, percent
    failed: int  # clusters with no briefing


def score(results: Sequence[ClusterResult], clusters: Sequence[Cluster], *, words: int) -> Scores:
    """ROUGE of each result against its cluster's references, and the share of verbatim evidence."""
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        raise MissingDependencyError("evaluation needs rouge-score: pip install 'storyline[eval]'") from None
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    references = {c.id: c.summaries for c in clusters if c.summaries}
    per_cluster: dict[str, list[float]] = {"rouge1": [], "rouge2": [], "rougeLsum": []}
    for result in results:
        refs = references.get(result.id)
        if not refs:
            continue
        prediction = " ".join(result.summary.split()[:words]).replace(". ", ".\n")
        for metric, values in per_cluster.items():
            values.append(statistics.mean(scorer.score(ref, prediction)[metric].fmeasure for ref in refs))
    sentences = sum(len(r.detail) for r in results)
    verbatim = sum(r.evidence_ok for r in results)

    def percent(values: list[float]) -> float:
        return round(100 * statistics.mean(values), 2) if values else 0.0

    return Scores(
        rouge1=percent(per_cluster["rouge1"]),
        rouge2=percent(per_cluster["rouge2"]),
        rougeL=percent(per_cluster["rougeLsum"]),
        clusters=len(per_cluster["rouge1"]),
        sentences=sentences,
        evidence_verbatim=round(100 * verbatim / sentences, 2) if sentences else 0.0,
        failed=sum(1 for r in results if r.error),
    )
