"""Choose summary sentences: the summarizer backends, behind one small interface with versioned names.

`coverage.v1` (default) treats the word pairs and content words of the cluster as concepts, weighs each by
how many articles report it (earlier in an article counts more), and greedily picks the sentences that
cover the most concept weight per word until the budget is full; a concept counts once, so a sentence that
repeats what is chosen gains nothing. This is budgeted maximum coverage (Gillick and Favre 2009; Lin and
Bilmes 2011), solved with the lazy greedy algorithm.
`centroid.v1` scores each sentence by how close it is to what all the articles are about (a
TF-IDF centroid in which every article weighs the same) and how early it comes in its article; then it fills
the word budget greedily, skipping anything that repeats a sentence already chosen.
`lead.v1` takes the articles' opening sentences in turn: a baseline to compare against.
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .errors import UnknownBackendError
from .similarity import SAME_CONTENT_COSINE, cosine, idf_vectors, norm
from .types import Article, Sentence
from .words import STOPWORDS, stems, word_count


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence with what selection knows about it."""

    sentence: Sentence
    article_rank: int  # position of its article in the order selection was given (content-hash order)
    words: int


@dataclass(frozen=True, slots=True)
class Selection:
    """Chosen sentences, in reading order, and the name of the method that chose them."""

    sentences: tuple[Sentence, ...]
    method: str


Summarizer = Callable[[Sequence[Article], Mapping[str, Sequence[Sentence]], int], Selection]

# The sweeps below ran the selection stage alone (no copy detection, input order) on the 105 Multi-News dev
# clusters; its baseline there is 45.64/15.34, the full pipeline's 45.73/15.39.
# Sentences shorter than this are fragments ("He left."); longer ones are run-ons or lists. On the Multi-News
# dev clusters (R1/R2 at 230 words): 6-60 words 45.64/15.34; 4-60 45.62/15.31; 9-60 45.56/15.31;
# 6-45 45.34/14.96; 6-80 45.57/15.16.
MIN_WORDS = 6
MAX_WORDS = 60


def candidates(articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]]) -> list[Candidate]:
    """Every sentence of every article that could stand in a summary, with its word count."""
    found = []
    for rank, article in enumerate(articles):
        for sentence in sentences[article.id]:
            words = word_count(sentence.text)
            if MIN_WORDS <= words <= MAX_WORDS and not is_fragment(sentence.text):
                found.append(Candidate(sentence, rank, words))
    return found


def is_fragment(text: str) -> bool:
    """Pieces a reader cannot take on their own: questions, lines without a sentence end, excerpts that
    start mid-sentence ("...to Mar-a-Lago"), and parts of a longer quotation (unbalanced quote marks)."""
    stripped = text.rstrip("\"'’”)] ")
    if not stripped.endswith((".", "!")):
        return True
    first = text.lstrip("\"'“‘(")[:1]
    if not first or first.islower() or text.startswith(("...", "…")):
        return True
    # A sentence that closes a quotation it did not open starts mid-quote. One that opens a quotation
    # and leaves it open reads fine and often carries the news (dropping those too cost 0.25 R2 on the
    # Multi-News dev clusters).
    closes_unopened = text.count("”") > text.count("“")
    straight_unopened = text.count('"') % 2 == 1 and not text.lstrip("(").startswith('"')
    return closes_unopened or straight_unopened


def centroid_v1(articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]], words: int) -> Selection:
    """Centroid and position scoring with greedy, redundancy-aware filling of the word budget."""
    pool = candidates(articles, sentences)
    if not pool:
        return Selection((), "centroid.v1")
    weighted = idf_vectors(c.sentence.text for c in pool)
    center = _article_centroid(pool, weighted, len(articles))

    scores = []
    for candidate, vector in zip(pool, weighted, strict=True):
        # A steeper decay than coverage.v1's: the centroid score has no other pull towards the lead.
        position = 1.0 / (1.0 + 4.0 * _relative_index(candidate, sentences, articles))
        scores.append(cosine(vector, center) * position)

    order = sorted(range(len(pool)), key=lambda i: (-scores[i], pool[i].article_rank, pool[i].sentence.index))
    chosen: list[int] = []
    used = 0
    for i in order:
        if used + pool[i].words > words:
            continue
        if any(cosine(weighted[i], weighted[j]) > SAME_CONTENT_COSINE for j in chosen):
            continue
        chosen.append(i)
        used += pool[i].words
        if words - used < MIN_WORDS:
            break
    reading_order = sorted(chosen, key=lambda i: (_relative_index(pool[i], sentences, articles), pool[i].article_rank))
    return Selection(tuple(pool[i].sentence for i in reading_order), "centroid.v1")


def _relative_index(
    candidate: Candidate, sentences: Mapping[str, Sequence[Sentence]], articles: Sequence[Article]
) -> float:
    total = len(sentences[articles[candidate.article_rank].id])
    return candidate.sentence.index / max(1, total)


def _article_centroid(
    pool: Sequence[Candidate], weighted: Sequence[Mapping[str, float]], article_count: int
) -> dict[str, float]:
    per_article: list[Counter[str]] = [Counter() for _ in range(article_count)]
    for candidate, vector in zip(pool, weighted, strict=True):
        per_article[candidate.article_rank].update(vector)
    center: Counter[str] = Counter()
    for vector in per_article:
        length = norm(vector)
        if length:
            center.update({term: value / length for term, value in vector.items()})
    return dict(center)


# Concept weights. A bigram concept weighs twice a unigram: bigrams carry who-did-what. A concept found in
# one article only keeps a tenth of its weight when the cluster has several articles, because what several
# outlets report is what a summary must say; at 0 two-article clusters starve (R1/R2 42.79/13.97 in the
# first prototype). Sweep on the 105 Multi-News dev clusters (R1/R2 at 230 words), bigram weight x
# single-article weight: 1.5 x {0.05, 0.1, 0.2} -> 45.92/15.51, 45.53/15.28, 45.50/15.49;
# 2 x {...} -> 45.60/15.15, 45.64/15.34, 45.69/15.47; 3 x {...} -> 45.64/15.15, 45.64/15.17, 45.75/15.46.
# A plateau: the values sit in its middle rather than on its best point.
BIGRAM_WEIGHT = 2.0
SINGLE_ARTICLE_WEIGHT = 0.1
# Position decay 1 / (1 + k * relative position), for a concept's first mention in each article (k=2) and
# for the sentence itself (k=1). Sweep, concept k x sentence k: 1 x {0.5, 1, 2} -> 45.64/14.89, 45.90/15.39,
# 45.43/15.26; 2 x {...} -> 45.79/15.10, 45.64/15.34, 45.49/15.21; 4 x {...} -> 45.67/15.16, 45.65/15.26,
# 45.76/15.28. Without the sentence decay the first prototype lost 0.5 R2.
CONCEPT_POSITION_DECAY = 2.0
SENTENCE_POSITION_DECAY = 1.0


def concepts(text: str) -> frozenset[str]:
    """Stemmed content words and adjacent word pairs (pairs of two stopwords do not count)."""
    words = stems(text)
    found = {s for s in words if s not in STOPWORDS and len(s) > 1}
    found.update(f"{a} {b}" for a, b in itertools.pairwise(words) if not (a in STOPWORDS and b in STOPWORDS))
    return frozenset(found)


def coverage_v1(articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]], words: int) -> Selection:
    """Budgeted maximum coverage of cluster concepts, lazy greedy."""
    pool = candidates(articles, sentences)
    if not pool:
        return Selection((), "coverage.v1")
    positions = [_relative_index(c, sentences, articles) for c in pool]
    pool_concepts = [concepts(c.sentence.text) for c in pool]
    weights = _concept_weights(pool, pool_concepts, positions, len(articles))
    factors = [1.0 / (c.words * (1.0 + SENTENCE_POSITION_DECAY * p)) for c, p in zip(pool, positions, strict=True)]

    def value(i: int) -> float:
        return sum(weights[k] for k in pool_concepts[i] if k not in covered) * factors[i]

    vectors = idf_vectors(c.sentence.text for c in pool)

    covered: set[str] = set()
    # Gains only shrink as concepts get covered, so a stale heap entry is an upper bound (lazy greedy).
    heap = [(-value(i), pool[i].article_rank, pool[i].sentence.index, i) for i in range(len(pool))]
    heapq.heapify(heap)
    chosen: list[int] = []
    used = 0
    while heap and words - used >= MIN_WORDS:
        _stale, rank, index, i = heapq.heappop(heap)
        if used + pool[i].words > words:
            continue
        fresh = value(i)
        if heap and fresh < -heap[0][0]:
            heapq.heappush(heap, (-fresh, rank, index, i))
            continue
        if fresh <= 0:
            break
        if any(cosine(vectors[i], vectors[j]) >= SAME_CONTENT_COSINE for j in chosen):
            continue
        chosen.append(i)
        used += pool[i].words
        covered.update(pool_concepts[i])
    # Reading order: leads before later material; among equals, the sentence chosen first (the one that
    # covered most) comes first, so the summary opens with the main event.
    pick_order = {i: n for n, i in enumerate(chosen)}
    chosen.sort(key=lambda i: (positions[i], pick_order[i]))
    return Selection(tuple(pool[i].sentence for i in chosen), "coverage.v1")


def _concept_weights(
    pool: Sequence[Candidate], pool_concepts: Sequence[frozenset[str]], positions: Sequence[float], article_count: int
) -> dict[str, float]:
    # Walk each article backwards so that a concept's earliest mention writes its weight last.
    earliest: dict[int, dict[str, float]] = {}
    for candidate, found, position in reversed(list(zip(pool, pool_concepts, positions, strict=True))):
        weight = 1.0 / (1.0 + CONCEPT_POSITION_DECAY * position)
        earliest.setdefault(candidate.article_rank, {}).update(dict.fromkeys(found, weight))
    totals: dict[str, float] = {}
    reporting: Counter[str] = Counter()
    for per_article in earliest.values():
        reporting.update(per_article.keys())
        for concept, weight in per_article.items():
            totals[concept] = totals.get(concept, 0.0) + weight
    weights = {}
    for concept, weight in totals.items():
        if reporting[concept] < 2 and article_count >= 2:
            weight *= SINGLE_ARTICLE_WEIGHT
        if " " in concept:
            weight *= BIGRAM_WEIGHT
        weights[concept] = weight
    return weights


def lead_v1(articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]], words: int) -> Selection:
    """The first sentence of each article, then the second of each, and so on, skipping repeats."""
    pool = candidates(articles, sentences)
    vectors = dict(zip((c.sentence.span for c in pool), idf_vectors(c.sentence.text for c in pool), strict=True))
    by_article: dict[int, list[Candidate]] = {}
    for candidate in pool:
        by_article.setdefault(candidate.article_rank, []).append(candidate)
    chosen: list[Sentence] = []
    used = 0
    depth = 0
    while any(depth < len(group) for group in by_article.values()):
        for rank in sorted(by_article):
            group = by_article[rank]
            if depth >= len(group) or used + group[depth].words > words:
                continue
            vector = vectors[group[depth].sentence.span]
            if any(cosine(vector, vectors[s.span]) >= SAME_CONTENT_COSINE for s in chosen):
                continue
            chosen.append(group[depth].sentence)
            used += group[depth].words
        depth += 1
    return Selection(tuple(chosen), "lead.v1")


SUMMARIZERS: dict[str, Summarizer] = {"centroid.v1": centroid_v1, "coverage.v1": coverage_v1, "lead.v1": lead_v1}
DEFAULT_SUMMARIZER = "coverage.v1"


def get_summarizer(name: str) -> Summarizer:
    """The summarizer registered under `name`; an unknown name lists the known ones."""
    try:
        return SUMMARIZERS[name]
    except KeyError:
        known = ", ".join(sorted(SUMMARIZERS))
        raise UnknownBackendError(f"Unknown summarizer {name!r}. Available: {known}") from None
