"""Attribute each summary sentence to every article that reports it, with the evidence span in each.

"Reports it" means the article has a sentence that says the same thing (similarity.SAME_CONTENT_COSINE).
"""

from __future__ import annotations

from collections.abc import Sequence

from .similarity import SentenceIndex
from .types import Evidence, Sentence, SummarySentence


def attribute(chosen: Sequence[Sentence], index: SentenceIndex) -> tuple[SummarySentence, ...]:
    """Each chosen sentence with its own span first, then the best supporting span in every other article."""
    attributed = []
    for sentence in chosen:
        evidence = [Evidence(sentence.span, 1.0)]
        for article in index.articles:
            if article.id == sentence.span.article_id:
                continue
            match = index.best_match(sentence, article)
            if match is not None:
                evidence.append(match)
        attributed.append(SummarySentence(text=sentence.text, evidence=tuple(evidence)))
    return tuple(attributed)
