"""Batch briefing of cluster files and their evaluation: ROUGE against references, plus evidence checks.

ROUGE is computed as ../shared/tools/mds_eval.py does (rouge-score, stemmed F1, prediction cut to the word
budget, mean over references, sentences on their own lines for ROUGE-Lsum) so the two agree.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..briefing import brief
from ..errors import MissingDependencyError, StorylineError
from ..serialization import summary_text, summary_to_list
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
    detail = tuple(summary_to_list(briefing))
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


@functools.cache
def _scorer() -> Any:
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        raise MissingDependencyError("evaluation needs rouge-score: pip install 'storyline[eval]'") from None
    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)


def rouge_f1(summary: str, references: Iterable[str], words: int) -> tuple[float, float, float]:
    """Mean ROUGE-1, -2 and -Lsum F1 of `summary` (cut to `words`) over `references`."""
    import statistics  # with its fractions and decimals, only when scoring: `batch` alone never needs it

    scorer = _scorer()
    prediction = " ".join(summary.split()[:words]).replace(". ", ".\n")
    scored = [scorer.score(reference, prediction) for reference in references]
    r1, r2, rl = (statistics.mean(s[m].fmeasure for s in scored) for m in ("rouge1", "rouge2", "rougeLsum"))
    return r1, r2, rl


def summarize_scores(
    rouge: Sequence[tuple[float, float, float]], *, sentences: int, verbatim: int, failed: int
) -> Scores:
    """Scores from each scored cluster's ROUGE F1 triple and the evidence counts over all clusters."""
    import statistics

    def percent(position: int) -> float:
        return round(100 * statistics.mean(r[position] for r in rouge), 2) if rouge else 0.0

    return Scores(
        rouge1=percent(0),
        rouge2=percent(1),
        rougeL=percent(2),
        clusters=len(rouge),
        sentences=sentences,
        evidence_verbatim=round(100 * verbatim / sentences, 2) if sentences else 0.0,
        failed=failed,
    )
