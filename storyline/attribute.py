"""Attribute each summary sentence to every article that reports it, with the evidence span in each.

"Reports it" means the article has a sentence that says the same thing (similarity.SAME_CONTENT_COSINE).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .similarity import SAME_CONTENT_COSINE, idf_vectors, norm
from .types import Article, Evidence, Sentence, Span, SummarySentence


class SentenceIndex:
    """IDF-weighted vectors of every sentence of a cluster, for finding the ones that say the same thing."""

    def __init__(
        self,
        articles: Sequence[Article],
        sentences: Mapping[str, Sequence[Sentence]],
        *,
        compared_text: Mapping[Span, str] | None = None,
    ) -> None:
        """`compared_text` replaces the text a sentence is compared by (claims leave out who said it)."""
        self.articles = list(articles)
        spans = [s.span for a in articles for s in sentences[a.id]]
        overrides = compared_text or {}
        vectors = idf_vectors(overrides.get(s.span, s.text) for a in articles for s in sentences[a.id])
        self.vectors = dict(zip(spans, vectors, strict=True))
        self.norms = {span: norm(vector) for span, vector in self.vectors.items()}
        # Postings per article: term -> [(span, weight)], so a lookup touches only sentences sharing a word.
        self.postings: dict[str, dict[str, list[tuple[Span, float]]]] = {}
        self._all_postings: dict[str, list[tuple[Span, float]]] | None = None  # built on first `similar`
        self.sentences = {sentence.span: sentence for article in articles for sentence in sentences[article.id]}
        for article in articles:
            postings: dict[str, list[tuple[Span, float]]] = {}
            for sentence in sentences[article.id]:
                for term, weight in self.vectors[sentence.span].items():
                    postings.setdefault(term, []).append((sentence.span, weight))
            self.postings[article.id] = postings

    def best_match(self, sentence: Sentence, article: Article) -> Evidence | None:
        """The sentence of `article` closest to `sentence`, if it reports the same content."""
        vector = self.vectors[sentence.span]  # chosen sentences come from indexed articles
        length = self.norms[sentence.span]
        if not length:
            return None
        postings = self.postings[article.id]
        dots: dict[Span, float] = {}
        for term, weight in vector.items():
            for span, other_weight in postings.get(term, ()):
                dots[span] = dots.get(span, 0.0) + weight * other_weight
        best: Evidence | None = None
        for span, dot in dots.items():
            score = dot / (length * self.norms[span])
            better = best is None or score > best.score or (score == best.score and span.start < best.span.start)
            if score >= SAME_CONTENT_COSINE and better:
                best = Evidence(span, round(score, 3))
        return best

    def similar(self, sentence: Sentence, threshold: float = SAME_CONTENT_COSINE) -> list[Evidence]:
        """Every indexed sentence (of any article, `sentence` itself excluded) scoring `threshold` or more."""
        vector = self.vectors[sentence.span]
        length = self.norms[sentence.span]
        if not length:
            return []
        if self._all_postings is None:
            merged: dict[str, list[tuple[Span, float]]] = {}
            for postings in self.postings.values():
                for term, entries in postings.items():
                    merged.setdefault(term, []).extend(entries)
            self._all_postings = merged
        dots: dict[Span, float] = {}
        for term, weight in vector.items():
            for span, other_weight in self._all_postings.get(term, ()):
                dots[span] = dots.get(span, 0.0) + weight * other_weight
        found = []
        for span, dot in dots.items():
            score = dot / (length * self.norms[span])
            if score >= threshold and span != sentence.span:
                found.append(Evidence(span, round(score, 3)))
        return found


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
