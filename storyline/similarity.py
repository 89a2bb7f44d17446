"""When two sentences say the same thing: cosine of IDF-weighted content stems, and an index that finds them.

Selection uses the measure to never choose two sentences with the same content; attribution, claims, the
timeline and the comparison of two briefings use `SentenceIndex` to find every sentence that says what a given
one says. The IDF comes from the sentences at hand (selection: its candidates; the index: every sentence it
holds, reprints included), so words that every sentence of an event uses ("Mali", "fire") count little. The
index compares a sentence only with those sharing one of their rarer words (see `SentenceIndex`), which gives
the same matches as comparing every pair, in time near the number of matches.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from .types import Article, Evidence, Sentence, Span
from .words import content_counts

# On the Mali example, the best match of each summary sentence in each other article scored 0.40-0.87 when
# that article reports the same fact in other words, 0.30 or less when it does not, and 0.33 for a sentence
# sharing only one clause ("It was not immediately clear who was behind ..."). As a redundancy filter in
# selection, 0.35 gave R1/R2 45.64/15.34 on the Multi-News dev clusters, 0.5 gave 45.60/15.28.
SAME_CONTENT_COSINE = 0.35

Vector = dict[str, float]

# From this many distinct sentences on (about 35 articles), candidates are scored in arrays (numpy) first.
# Below it the 0.1 s import costs more than it saves (Mali: 150 sentences, 0.3 s in all); at 100 Multi-News
# articles (2,900) it took claim grouping from 0.96 to 0.70 s CPU; 3,000 was tried first.
_ARRAYS_FROM = 1000


def cosine(a: Mapping[str, float], b: Mapping[str, float], lengths: tuple[float, float] | None = None) -> float:
    """Cosine similarity of two sparse vectors; `lengths` are their norms, when known."""
    if len(a) > len(b):
        a, b = b, a
        lengths = lengths and (lengths[1], lengths[0])
    dot = sum(value * b.get(key, 0.0) for key, value in a.items())
    if not dot:
        return 0.0
    length = lengths[0] * lengths[1] if lengths else norm(a) * norm(b)
    return dot / length if length else 0.0


def norm(vector: Mapping[str, float]) -> float:
    """Euclidean length of a sparse vector."""
    return math.sqrt(sum(v * v for v in vector.values()))


class Idf:
    """Inverse document frequency of content stems over some texts (smoothed: a stem no text has weighs most)."""

    def __init__(self, texts: Iterable[str]) -> None:
        counts = [content_counts(text) for text in texts]
        self.frequency: Counter[str] = Counter(itertools.chain.from_iterable(counts))  # a Counter yields its keys
        self.total = max(1, len(counts))
        log, texts_and_one = math.log, 1 + self.total
        self.weights = {term: log(texts_and_one / (1 + df)) + 1.0 for term, df in self.frequency.items()}
        self.unseen = self._weight(0)

    def _weight(self, df: int) -> float:
        return math.log((1 + self.total) / (1 + df)) + 1.0

    def vector(self, text: str) -> Vector:
        """The IDF-weighted content-stem vector of `text`."""
        weights, unseen = self.weights, self.unseen
        return {term: n * weights.get(term, unseen) for term, n in content_counts(text).items()}


def idf_vectors(texts: Iterable[str]) -> list[Vector]:
    """IDF-weighted content-stem vectors of `texts`, the IDF taken over these texts."""
    texts = list(texts)
    idf = Idf(texts)
    return [idf.vector(text) for text in texts]


class SentenceIndex:
    """IDF-weighted vectors of the sentences of some articles, for finding the ones that say the same thing.

    Sentences with the same compared text (reprints) share one vector and are scored once. Each vector is
    indexed under its rarer terms only: its commonest terms (one order for all) are left out while their share
    of its length stays below `floor`, so two vectors scoring `floor` or more share a term indexed in both
    (Cauchy-Schwarz bounds what the left-out terms add). Candidates share an indexed term; each is then scored
    exactly, term by term in the order of the query, as a comparison of every pair would.
    """

    def __init__(
        self,
        articles: Sequence[Article],
        sentences: Mapping[str, Sequence[Sentence]],
        *,
        compared_text: Mapping[Span, str] | None = None,
        idf: Idf | None = None,
        floor: float = SAME_CONTENT_COSINE,
    ) -> None:
        """`compared_text` replaces the text a sentence is compared by (claims leave out who said it); `idf`
        is taken over these sentences unless given; searches are exact for thresholds of `floor` or more."""
        self.articles = list(articles)
        self.sentences = {sentence.span: sentence for article in articles for sentence in sentences[article.id]}
        overrides = compared_text or {}
        texts = [overrides.get(span, sentence.text) for span, sentence in self.sentences.items()]
        self.idf = idf if idf is not None else Idf(texts)
        self.floor = floor
        group_of: dict[str, int] = {}
        self._groups: list[list[Span]] = []  # text group -> its sentences, in article and text order
        self._group: dict[Span, int] = {}
        for span, text in zip(self.sentences, texts, strict=True):
            group = group_of.setdefault(text, len(group_of))
            if group == len(self._groups):
                self._groups.append([])
            self._groups[group].append(span)
            self._group[span] = group
        self._vectors = [self.idf.vector(text) for text in group_of]
        self._norms = [norm(vector) for vector in self._vectors]
        # The commonest term first, then in alphabetical order (two stable sorts, keyed in C).
        order = sorted(self.idf.frequency)
        order.sort(key=self.idf.frequency.__getitem__, reverse=True)
        self._rank = {t: n for n, t in enumerate(order)}
        self._postings = {floor: self._index(floor)}  # searches below `floor` index their own threshold
        self._arrays: _Arrays | None = None
        self._found: dict[int, list[tuple[int, float]]] = {}  # text group -> its matches at `floor`
        self._best: dict[Span, dict[str, Evidence]] = {}

    @functools.cached_property
    def vectors(self) -> dict[Span, Vector]:
        """Each sentence's vector (made on first use: a summary alone never asks)."""
        return {span: self._vectors[group] for span, group in self._group.items()}

    def _index(self, floor: float) -> dict[str, list[int]]:
        postings: dict[str, list[int]] = {}
        for group, vector in enumerate(self._vectors):
            for term in self._indexed_terms(vector, self._norms[group], floor):
                postings.setdefault(term, []).append(group)
        return postings

    def _indexed_terms(self, vector: Mapping[str, float], length: float, floor: float) -> list[str]:
        """The terms of `vector` left once its commonest ones are cut while their share of its length stays
        below `floor`: the same order for every vector, so a match shares an indexed term of both."""
        if not length:
            return []
        # A hair below floor², so rounding in the sums never drops a pair scoring exactly `floor`.
        budget = floor * floor * (1.0 - 1e-9)
        left_out = 0.0
        rank = self._rank
        if rank.keys() >= vector.keys():
            terms = sorted(vector, key=rank.__getitem__)
        else:  # a term no indexed sentence has comes last: it is shared with none
            terms = sorted(vector, key=lambda t: rank.get(t, len(rank)))
        for position, term in enumerate(terms):
            share = (vector[term] / length) ** 2
            if left_out + share >= budget:
                return terms[position:]
            left_out += share
        return []

    def _search(
        self, vector: Mapping[str, float], threshold: float, among: AbstractSet[int] | None = None
    ) -> list[tuple[int, float]]:
        """(text group, cosine) of every indexed text (of the groups `among`, if given) scoring `threshold` or
        more against `vector`."""
        length = norm(vector)
        if not length:
            return []
        floor = min(threshold, self.floor)
        if floor not in self._postings:  # a search below the floor: an index of its own, built once
            self._postings[floor] = self._index(floor)
        postings = self._postings[floor]
        indexed = self._indexed_terms(vector, length, floor)
        candidates: Sequence[int]
        arrays = self._arrays_if_large()
        if among is not None and len(among) <= sum(len(postings.get(term, ())) for term in indexed):
            candidates = sorted(group for group in among if self._norms[group])  # fewer than the index gives
            if arrays is not None:
                candidates = arrays.near(candidates, vector, length, threshold)
        elif arrays is not None:
            candidates = arrays.likely(vector, length, indexed, (floor, postings), threshold)
        else:
            found: set[int] = set()
            for term in indexed:
                found.update(postings.get(term, ()))
            candidates = sorted(found)
        if among is not None:
            candidates = [group for group in candidates if group in among]
        matches = []
        for group in candidates:
            score = self._exact(vector, length, group)
            if score >= threshold:
                matches.append((group, score))
        return matches

    def _arrays_if_large(self) -> _Arrays | None:
        """The arrays that score candidates at once, built on first use for an index large enough to need them."""
        if self._arrays is None and len(self._vectors) >= _ARRAYS_FROM:
            self._arrays = _Arrays(self._vectors, self._norms)
        return self._arrays

    def _exact(self, vector: Mapping[str, float], length: float, group: int) -> float:
        other = self._vectors[group]
        shared = vector.keys() & other.keys()
        # Summed in the order of `vector`, as a pass over postings would, so scores match to the last bit.
        dot = 0.0
        for term, weight in vector.items() if len(shared) > 1 else ((t, vector[t]) for t in shared):
            if term in shared:
                dot += weight * other[term]
        return dot / (length * self._norms[group])

    def find_all(self, spans: Iterable[Span]) -> None:
        """Find the matches (at `floor`) of the texts of `spans` at once, before `matches` and `similar` are
        asked for them: a pair of texts is tried in arrays once for both, and scored exactly both ways."""
        arrays = self._arrays_if_large()
        wanted = sorted({self._group[span] for span in spans} - self._found.keys())
        if arrays is None or not wanted:
            return
        floor, postings = self.floor, self._postings[self.floor]
        pending = arrays.np.zeros(len(self._vectors), dtype=bool)
        pending[wanted] = True
        found: dict[int, list[tuple[int, float]]] = {group: [] for group in wanted}
        for group in wanted:
            vector, length = self._vectors[group], self._norms[group]
            if not length:
                continue
            indexed = self._indexed_terms(vector, length, floor)
            # A pending text before this one has tried this pair already.
            for other in arrays.likely(vector, length, indexed, (floor, postings), floor, skip=(pending, group)):
                score = self._exact(vector, length, other)
                if score >= floor:
                    found[group].append((other, score))
                if other > group and other in found:
                    score = self._exact(self._vectors[other], self._norms[other], group)
                    if score >= floor:
                        found[other].append((group, score))
        for group, matches in found.items():
            self._found[group] = sorted(matches)

    def search(self, vector: Mapping[str, float], threshold: float = SAME_CONTENT_COSINE) -> list[Evidence]:
        """Every indexed sentence scoring `threshold` or more against `vector` (scores rounded to 3 places)."""
        return list(self._evidence(self._search(vector, threshold)))

    def _evidence(self, found: Iterable[tuple[int, float]]) -> Iterator[Evidence]:
        """Each sentence of the found text groups, with its group's score rounded to 3 places."""
        return (Evidence(span, round(score, 3)) for group, score in found for span in self._groups[group])

    def _matches(self, span: Span) -> list[tuple[int, float]]:
        group = self._group[span]
        if group not in self._found:
            self._found[group] = self._search(self._vectors[group], self.floor)
        return self._found[group]

    def group(self, span: Span) -> int:
        """The sentences with the compared text of `span` share this number, and so their matches."""
        return self._group[span]

    def matches(self, sentence: Sentence, threshold: float = SAME_CONTENT_COSINE) -> list[Evidence]:
        """Every indexed sentence scoring `threshold` or more against `sentence`, `sentence` itself included."""
        found = (
            self._matches(sentence.span)
            if threshold >= self.floor
            else self._search(self._vectors[self._group[sentence.span]], threshold)
        )
        return list(self._evidence((group, score) for group, score in found if score >= threshold))

    def similar(self, sentence: Sentence, threshold: float = SAME_CONTENT_COSINE) -> list[Evidence]:
        """Every indexed sentence (of any article, `sentence` itself excluded) scoring `threshold` or more."""
        return [e for e in self.matches(sentence, threshold) if e.span != sentence.span]

    def similar_among(self, sentence: Sentence, threshold: float, among: AbstractSet[int]) -> list[Evidence]:
        """`similar` for the sentences of the groups `among` only (see `group`): when a caller needs something
        more than word overlap (a shared name), the groups that have it can be fewer than the index's."""
        found = self._search(self._vectors[self._group[sentence.span]], threshold, among)
        return [e for e in self._evidence(found) if e.span != sentence.span]

    def best_match(self, sentence: Sentence, article: Article) -> Evidence | None:
        """The sentence of `article` closest to `sentence`, if it reports the same content (the earliest on a
        tie)."""
        if sentence.span not in self._best:
            best: dict[str, tuple[float, int, Span]] = {}
            for group, score in self._matches(sentence.span):
                for span in self._groups[group]:
                    key = (score, -span.start, span)
                    held = best.get(span.article_id)
                    if held is None or key[:2] > held[:2]:
                        best[span.article_id] = key
            self._best[sentence.span] = {
                article_id: Evidence(span, round(score, 3)) for article_id, (score, _, span) in best.items()
            }
        return self._best[sentence.span].get(article.id)


class _Arrays:
    """The index's vectors as compressed sparse rows (unit length) and its postings as arrays, to score all
    candidates of a search at once; the scores only pick candidates, the exact score is taken after."""

    def __init__(self, vectors: Sequence[Mapping[str, float]], norms: Sequence[float]):
        import numpy as np

        self.np = np
        self.term_ids: dict[str, int] = {}
        indptr, indices, data = [0], [], []
        for vector, length in zip(vectors, norms, strict=True):
            for term, weight in vector.items():
                indices.append(self.term_ids.setdefault(term, len(self.term_ids)))
                data.append(weight / length if length else 0.0)
            indptr.append(len(indices))
        self.indptr = np.array(indptr, dtype=np.int64)
        self.indices = np.array(indices, dtype=np.int32)
        self.data = np.array(data, dtype=np.float64)
        self.postings: dict[tuple[float, str], Any] = {}  # (floor, term) -> its groups as an array
        self.query = np.zeros(len(self.term_ids), dtype=np.float64)  # one query at a time, zeroed after

    def likely(
        self,
        vector: Mapping[str, float],
        length: float,
        indexed: Sequence[str],
        index: tuple[float, Mapping[str, list[int]]],
        threshold: float,
        skip: tuple[Any, int] | None = None,
    ) -> list[int]:
        """The groups sharing an indexed term with `vector` whose cosine comes within 1e-6 of `threshold`;
        `index` is the postings for a floor at or below `threshold`, with that floor. `skip` (a mask over the
        groups, and a group) leaves out the masked groups before that group."""
        np = self.np
        floor, postings = index
        found = [self._posting(floor, term, postings) for term in indexed if term in postings]
        if not found:
            return []
        candidates = np.unique(np.concatenate(found))
        if skip is not None:
            mask, before = skip
            candidates = candidates[(candidates >= before) | ~mask[candidates]]
        return self.near(candidates, vector, length, threshold)

    def near(self, groups: Any, vector: Mapping[str, float], length: float, threshold: float) -> list[int]:
        """The `groups` (sorted) whose cosine with `vector` comes within 1e-6 of `threshold`."""
        np = self.np
        candidates = np.asarray(groups, dtype=np.int64)
        if not len(candidates):
            return []
        known = [(self.term_ids[t], w / length) for t, w in vector.items() if t in self.term_ids]
        ids = np.array([i for i, _ in known], dtype=np.int64)
        self.query[ids] = [w for _, w in known]
        starts = self.indptr[candidates]
        lengths = self.indptr[candidates + 1] - starts
        offsets = np.cumsum(lengths) - lengths
        positions = np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))
        products = self.data[positions] * self.query[self.indices[positions]]
        scores = np.add.reduceat(products, offsets)
        self.query[ids] = 0.0
        return [int(group) for group in candidates[scores >= threshold - 1e-6]]

    def _posting(self, floor: float, term: str, postings: Mapping[str, list[int]]) -> Any:
        key = (floor, term)
        if key not in self.postings:
            self.postings[key] = self.np.array(postings[term], dtype=self.np.int32)
        return self.postings[key]
