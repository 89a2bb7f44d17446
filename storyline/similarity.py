"""When two sentences say the same thing: cosine of IDF-weighted content stems, and an index that finds them.

Selection uses the measure to never choose two sentences with the same content; attribution, claims, the
timeline and the comparison of two briefings use `SentenceIndex` to find every sentence that says what a given
one says. The IDF comes from the sentences at hand (selection: its candidates; the index: every sentence it
holds, reprints included), so words that every sentence of an event uses ("Mali", "fire") count little. The
index compares a sentence only with those sharing one of its rarer words (see `SentenceIndex`), which gives
the same matches as comparing every pair, in time near the number of matches.
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from itertools import chain
from typing import Any, TypeVar

from .numeric import import_quietly
from .types import Article, Evidence, Sentence, Span
from .words import content_counts

# On the Mali example, the best match of each summary sentence in each other article scored 0.40-0.87 when
# that article reports the same fact in other words, 0.30 or less when it does not, and 0.33 for a sentence
# sharing only one clause ("It was not immediately clear who was behind ..."). As a redundancy filter in
# selection, 0.35 gave R1/R2 45.64/15.34 on the Multi-News dev clusters, 0.5 gave 45.60/15.28.
SAME_CONTENT_COSINE = 0.35

Vector = dict[str, float]
_Value = TypeVar("_Value")

# From this many distinct sentences on (about 30 articles), candidates are scored in arrays (numpy) first.
# Full briefings, numpy's import included: 320 texts +131 M instructions, 660-700 texts -156 M (even near 480);
# above the largest Multi-News dev cluster (524), so summaries of those never load numpy; 1,000 was tried.
_ARRAYS_FROM = 600
# With arrays, the first searches of an index score every text rather than build the term index: at 100
# Multi-News articles (2,810 texts) a search so took 0.3 ms and building the index 10 ms. Summary attribution
# searches about ten times; other uses search in bulk (`find_all`) or often.
_SCANS_FIRST = 30
# Cells of the dense tables of a block of queries scored at once: small enough to stay in the processor's
# cache. At 100 Multi-News articles (2,971 texts) 500,000 took candidate scoring from 0.15 to 0.05 s; 4
# million and 60,000 were slower.
_DENSE_CELLS = 500_000


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
    values = vector.values()
    return math.sqrt(sum(map(operator.mul, values, values)))  # the same sum, in the same order, without a generator


class Idf:
    """Inverse document frequency of content stems over some texts (smoothed: a stem no text has weighs most)."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.frequency: Counter[str] = Counter()
        repeats = Counter(texts)  # a reprint's sentences count again, but need not be read again
        frequency = self.frequency
        frequency.update(chain.from_iterable(content_counts(text) for text, n in repeats.items() if n == 1))
        for text, count in repeats.items():
            if count > 1:
                for term in content_counts(text):
                    frequency[term] += count
        self.total = max(1, repeats.total())
        by_count = {df: self._weight(df) for df in set(frequency.values())}  # one logarithm per distinct count
        self.weights = dict(zip(frequency, map(by_count.__getitem__, frequency.values()), strict=True))
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

    Sentences with the same compared text (reprints) share one vector and are scored once. A search looks up
    its rarer terms only: its commonest ones are left out while their share of its length stays below the
    threshold, so a text scoring the threshold or more has a term looked up (Cauchy-Schwarz bounds what the
    left-out terms add). Each candidate is then scored exactly, term by term in the order of the query, as a
    comparison of every pair would. Matches found for many texts at once are cut on both sides (`_Cut`).
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
        is taken over these sentences unless given; the matches of a sentence at `floor` are kept."""
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
        self.vectors: Mapping[Span, Vector] = _OfGroup(self._group, self._vectors)
        self.norms: Mapping[Span, float] = _OfGroup(self._group, self._norms)
        self._postings: dict[str, list[int]] | None = None  # term -> its groups, built on the first search
        self._arrays: _Arrays | None = None
        self._scans = 0  # searches scored against every text (see _SCANS_FIRST)
        self._found: dict[int, list[tuple[int, float]]] = {}  # text group -> its matches at `floor`
        self._best: dict[Span, dict[str, Evidence]] = {}

    def _looked_up(self, vector: Mapping[str, float], length: float, threshold: float) -> list[str]:
        """The terms of `vector` left once its commonest ones are cut while their share of its length stays
        below `threshold`: a text scoring `threshold` or more has one of them (Cauchy-Schwarz)."""
        # A hair below threshold², so rounding in the sums never drops a text scoring exactly `threshold`.
        budget = threshold * threshold * (1.0 - 1e-9)
        left_out = 0.0
        terms = sorted(vector, key=self.idf.frequency.__getitem__, reverse=True)
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
        candidates: Sequence[int]
        arrays = self._arrays_if_large()
        if among is None and arrays is not None and self._postings is None and self._scans < _SCANS_FIRST:
            self._scans += 1  # scored against every text: no index is built for a few searches
            candidates = arrays.near(arrays.nonempty, vector, length, threshold)
            return self._exact_matches(candidates, vector, length, threshold)
        postings = self._postings_of_terms()
        looked_up = self._looked_up(vector, length, threshold)
        if among is not None and len(among) <= sum(len(postings.get(term, ())) for term in looked_up):
            candidates = sorted(group for group in among if self._norms[group])  # fewer than the index gives
            if arrays is not None:
                candidates = arrays.near(candidates, vector, length, threshold)
        elif arrays is not None:
            candidates = arrays.likely(vector, length, looked_up, postings, threshold)
        else:
            found: set[int] = set()
            for term in looked_up:
                found.update(postings.get(term, ()))
            candidates = sorted(found)
        if among is not None:
            candidates = [group for group in candidates if group in among]
        return self._exact_matches(candidates, vector, length, threshold)

    def _exact_matches(
        self, candidates: Iterable[int], vector: Mapping[str, float], length: float, threshold: float
    ) -> list[tuple[int, float]]:
        """(group, exact cosine) of the `candidates` scoring `threshold` or more against `vector`."""
        matches = []
        for group in candidates:
            score = self._exact(vector, length, group)
            if score >= threshold:
                matches.append((group, score))
        return matches

    def _postings_of_terms(self) -> dict[str, list[int]]:
        """Each term's text groups, in order (every term of every text: any threshold can use them)."""
        if self._postings is None:
            self._postings = {}
            for group, vector in enumerate(self._vectors):
                for term in vector:
                    self._postings.setdefault(term, []).append(group)
        return self._postings

    def _arrays_if_large(self) -> _Arrays | None:
        """The arrays that score candidates at once, built on first use for an index large enough to need them."""
        if self._arrays is None and len(self._vectors) >= _ARRAYS_FROM:
            self._arrays = _Arrays(self._vectors, self._norms)
        return self._arrays

    def _exact(self, vector: Mapping[str, float], length: float, group: int) -> float:
        weight_in = self._vectors[group].get
        # Summed in the order of `vector`, as a pass over postings would, so scores match to the last bit.
        dot = 0.0
        for term, weight in vector.items():
            other = weight_in(term)
            if other is not None:
                dot += weight * other
        return dot / (length * self._norms[group])

    def find_all(self, spans: Iterable[Span]) -> None:
        """Find the matches (at the index's floor) of the texts of `spans` at once, before `matches` and
        `similar` are asked for them: candidates are scored together in arrays, and only those near the floor
        are scored exactly."""
        wanted = sorted({self._group[span] for span in spans} - self._found.keys())
        arrays = self._arrays_if_large()
        if arrays is None or not wanted:
            return
        cut = arrays.cut(self.floor, self.idf.frequency)
        matches = self._scored(arrays.candidates(wanted, cut.keys, cut.holders, self.floor, cut), wanted, self.floor)
        self._found.update((group, sorted(found_for)) for group, found_for in matches.items())

    def _scored(
        self, pairs: Iterable[tuple[int, int]], queries: Iterable[int], threshold: float
    ) -> dict[int, list[tuple[int, float]]]:
        """Each of the `queries` (text groups) with the groups of `pairs` (candidates from `_Arrays.candidates`,
        a pair of two queries given once) that score `threshold` or more against it exactly."""
        matches: dict[int, list[tuple[int, float]]] = {group: [] for group in queries}
        vectors, norms = self._vectors, self._norms
        for group, other in pairs:
            for one, two in ((group, other), (other, group)) if other != group else ((group, other),):
                if one in matches:
                    score = self._exact(vectors[one], norms[one], two)
                    if score >= threshold:
                        matches[one].append((two, score))
        return matches

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

    def match_groups(self, sentence: Sentence) -> list[tuple[int, float]]:
        """(text group, score) of every indexed text scoring the index's floor or more against `sentence`'s,
        its own included, by group: `matches` before each group becomes its sentences (`spans`)."""
        return self._matches(sentence.span)

    def spans(self, group: int) -> Sequence[Span]:
        """The sentences of a text group (see `group`), in article and text order."""
        return self._groups[group]

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

    def similar_sharing(
        self,
        sentences: Sequence[Sentence],
        threshold: float,
        keys: Mapping[int, Collection[str]],
        apart: Mapping[str, str] | None = None,
    ) -> list[list[Evidence]]:
        """`similar` for each of `sentences`, among the sentences sharing a key with it only: `keys` gives the
        keys (names, say) of each text group (see `group`). The pairs sharing a key are scored at once.
        `apart` maps article id -> a label (its report, say): texts found only under one label are never
        matched with each other (a caller that drops matches from a sentence's own report spares their scores)."""
        queries = sorted({self._group[sentence.span] for sentence in sentences})
        holders: dict[str, list[int]] = {}
        for group, found in sorted(keys.items()):
            for key in found:
                holders.setdefault(key, []).append(group)
        labels = None if apart is None else self._labels(apart)
        arrays = self._arrays_if_large()
        matches: dict[int, list[tuple[int, float]]] = {}
        if arrays is None:
            for group in queries:
                among = {other for key in keys.get(group, ()) for other in holders[key]}
                if labels is not None and labels[group] >= 0:
                    among = {other for other in among if labels[other] != labels[group]}
                matches[group] = self._search(self._vectors[group], threshold, among)
        else:
            key_ids = {key: n for n, key in enumerate(holders)}
            tables = (
                arrays.table([[key_ids[key] for key in keys.get(group, ())] for group in range(len(self._vectors))]),
                arrays.table(list(holders.values())),
            )
            label_array = None if labels is None else arrays.np.asarray(labels, dtype=arrays.np.int64)
            matches = self._scored(
                arrays.candidates(queries, *tables, threshold, apart=label_array), queries, threshold
            )
            for pairs in matches.values():
                pairs.sort()
        return [
            [e for e in self._evidence(matches[self._group[sentence.span]]) if e.span != sentence.span]
            for sentence in sentences
        ]

    def _labels(self, label_of: Mapping[str, str]) -> list[int]:
        """Each text group's label as a number: the label its sentences' articles share (`label_of`: article
        id -> label), else -1."""
        numbers: dict[str, int] = {}
        labels = []
        for spans in self._groups:
            found = {label_of[span.article_id] for span in spans}
            labels.append(numbers.setdefault(found.pop(), len(numbers)) if len(found) == 1 else -1)
        return labels

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


class _OfGroup(Mapping[Span, _Value]):
    """Sentence -> the value of its text group: one entry per group, not per sentence."""

    def __init__(self, group: Mapping[Span, int], values: Sequence[_Value]) -> None:
        self._group, self._values = group, values

    def __getitem__(self, span: Span) -> _Value:
        return self._values[self._group[span]]

    def __iter__(self) -> Iterator[Span]:
        return iter(self._group)

    def __len__(self) -> int:
        return len(self._group)


class _Arrays:
    """The index's vectors as compressed sparse rows (unit length) and its postings as arrays, to score all
    candidates of a search at once; the scores only pick candidates, the exact score is taken after."""

    def __init__(self, vectors: Sequence[Mapping[str, float]], norms: Sequence[float]):
        np = import_quietly("numpy")
        self.np = np
        # Terms numbered in the order they first occur; the arrays are filled by iterators that run in C.
        first_seen = dict.fromkeys(chain.from_iterable(vectors))
        self.term_ids: dict[str, int] = dict(zip(first_seen, range(len(first_seen)), strict=True))
        counts = np.fromiter(map(len, vectors), dtype=np.int64, count=len(vectors))
        self.indptr = _starts(np, counts)
        total = int(self.indptr[-1])
        terms = map(self.term_ids.__getitem__, chain.from_iterable(vectors))
        self.indices = np.fromiter(terms, dtype=np.int32, count=total)
        weights = np.fromiter(chain.from_iterable(v.values() for v in vectors), dtype=np.float64, count=total)
        # A vector with terms has a positive length (every weight is positive): each row divides by its own.
        self.data = weights / np.repeat(np.asarray(norms, dtype=np.float64), counts)
        self.postings: dict[str, Any] = {}  # term -> its groups as an array
        self.cuts: dict[float, _Cut] = {}  # floor -> the vectors cut there (`cut`)
        self.query = np.zeros(len(self.term_ids), dtype=np.float64)  # one query at a time, zeroed after
        self.nonempty = np.flatnonzero(counts)  # the groups with terms, the only ones that can score

    def candidates(
        self,
        queries: Sequence[int],
        keys: tuple[Any, ...],
        holders: tuple[Any, ...],
        threshold: float,
        cut: _Cut | None = None,
        apart: Any = None,
    ) -> Iterator[tuple[int, int]]:
        """(query, group) for each of the `queries` (sorted groups) and each group sharing a key with it whose
        cosine comes within 1e-6 of `threshold`. `keys` gives each group's key ids (from start[group] to
        start[group + 1] in a flat array), `holders` each key's groups the same way; with a `cut` whose
        indexed terms they are, a pair is scored only when the cut's bound lets it reach `threshold`. A pair
        of two queries is given once, the lower group first; two groups of one `apart` label (0 or more) are
        not paired. Queries are taken in blocks, each copied into a dense array its candidates' terms are
        looked up in."""
        np = self.np
        keys_start, keys_flat = keys[:2]
        holders_start, holders_flat = holders[:2]
        groups, terms_known = len(self.indptr) - 1, len(self.term_ids)
        asked = np.zeros(groups, dtype=bool)
        asked[queries] = True
        block = max(1, min(_DENSE_CELLS // max(1, terms_known), _DENSE_CELLS // groups))
        all_queries = np.asarray(queries, dtype=np.int64)
        # Allocated once and cleared where written: a fresh 4 MB array per block cost more than its use.
        seen = np.zeros(block * groups if cut is None else 0, dtype=bool)
        dense = np.zeros(block * terms_known, dtype=np.float64)
        for first in range(0, len(all_queries), block):
            chunk = all_queries[first : first + block]
            starts, counts = keys_start[chunk], keys_start[chunk + 1] - keys_start[chunk]
            own = _ranges(np, starts, counts)
            shared = keys_flat[own]
            shared_counts = holders_start[shared + 1] - holders_start[shared]
            local = np.repeat(np.repeat(np.arange(len(chunk), dtype=np.int64), counts), shared_counts)
            held = _ranges(np, holders_start[shared], shared_counts)
            pair_group = holders_flat[held]
            keep = (pair_group >= chunk[local]) | ~asked[pair_group]
            if apart is not None:
                label = apart[pair_group]
                keep &= (label < 0) | (label != apart[chunk[local]])
            marked = local[keep] * groups + pair_group[keep]
            if cut is None:  # each pair once, in order: marked in a table of the block's queries by every group
                seen[marked] = True
                pairs = np.flatnonzero(seen)
                seen[marked] = False
                local, pair_group = pairs // groups, pairs % groups
            else:  # each pair once, in order, with its cosine over the terms indexed in both
                pairs, pair_of = np.unique(marked, return_inverse=True)
                products = np.repeat(keys[2][own], shared_counts)[keep] * holders[2][held][keep]
                local, pair_group = pairs // groups, pairs % groups
                possible = cut.bound(chunk[local], pair_group, np.bincount(pair_of, weights=products))
                possible = possible >= threshold - 1e-6
                local, pair_group = local[possible], pair_group[possible]
            nonempty = self.indptr[pair_group + 1] > self.indptr[pair_group]  # an empty text scores nothing
            local, pair_group = local[nonempty], pair_group[nonempty]
            if not len(pair_group):
                continue
            row_starts, row_counts = self.indptr[chunk], self.indptr[chunk + 1] - self.indptr[chunk]
            positions = _ranges(np, row_starts, row_counts)
            filled = np.repeat(np.arange(len(chunk), dtype=np.int64) * terms_known, row_counts)
            filled += self.indices[positions]
            dense[filled] = self.data[positions]
            starts, counts = self.indptr[pair_group], self.indptr[pair_group + 1] - self.indptr[pair_group]
            positions = _ranges(np, starts, counts)
            cells = np.repeat(local * terms_known, counts) + self.indices[positions]
            scores = np.add.reduceat(self.data[positions] * dense[cells], np.cumsum(counts) - counts)
            near = scores >= threshold - 1e-6
            dense[filled] = 0.0
            yield from zip(chunk[local[near]].tolist(), pair_group[near].tolist(), strict=True)

    def cut(self, floor: float, frequency: Counter[str]) -> _Cut:
        """The vectors cut at `floor` (see `_Cut`), made once per floor; `frequency` gives each term's number of
        texts (0 for none)."""
        if floor not in self.cuts:
            self.cuts[floor] = _Cut(self, floor, frequency)
        return self.cuts[floor]

    def table(self, rows: Sequence[Sequence[int]]) -> tuple[Any, Any]:
        """Rows of ids as arrays: row n is flat[start[n] : start[n + 1]]."""
        np = self.np
        start = _starts(np, [len(row) for row in rows])
        flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=int(start[-1]))
        return start, flat

    def likely(
        self,
        vector: Mapping[str, float],
        length: float,
        terms: Sequence[str],
        postings: Mapping[str, list[int]],
        threshold: float,
    ) -> list[int]:
        """The groups having one of the `terms` (their groups in `postings`) whose cosine with `vector` comes
        within 1e-6 of `threshold`."""
        np = self.np
        found = [self._posting(term, postings) for term in terms if term in postings]
        if not found:
            return []
        candidates = np.unique(np.concatenate(found))
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
        positions = _ranges(np, starts, lengths)
        products = self.data[positions] * self.query[self.indices[positions]]
        scores = np.add.reduceat(products, offsets)
        self.query[ids] = 0.0
        return [int(group) for group in candidates[scores >= threshold - 1e-6]]

    def _posting(self, term: str, postings: Mapping[str, list[int]]) -> Any:
        if term not in self.postings:
            self.postings[term] = self.np.array(postings[term], dtype=self.np.int32)
        return self.postings[term]


class _Cut:
    """An index's vectors cut at a floor, in arrays: each group's indexed terms (those left once its commonest
    are cut while their share of its length stays below the floor) and each term's groups, both with their
    unit-length weights, and a bound on what other shared terms add.

    Terms rank commonest first (by number of texts, then by term number), one order for all, so two groups
    scoring the floor or more share a term indexed in both. Of two groups whose cuts fall at ranks r <= s, a
    shared term not indexed in both ranks below s, so it is among the second's left-out terms: those add at
    most the second's left-out length times the first's length below s (Cauchy-Schwarz).
    Pairs whose indexed terms and this bound cannot reach a threshold need no score."""

    def __init__(self, arrays: _Arrays, floor: float, counts_of: Counter[str]) -> None:
        np = arrays.np
        self.np = np
        indptr = arrays.indptr
        groups = len(indptr) - 1
        counts = indptr[1:] - indptr[:-1]
        # Ranks by frequency over the index's texts, commonest first; the term's number breaks ties.
        frequency = np.fromiter(map(counts_of.__getitem__, arrays.term_ids), np.int64, len(arrays.term_ids))
        term_rank = np.empty(len(frequency), dtype=np.int64)
        term_rank[np.argsort(-frequency, kind="stable")] = np.arange(len(frequency), dtype=np.int64)
        self.stride = len(frequency) + 1
        rows = np.repeat(np.arange(groups, dtype=np.int64), counts)
        places = rows * self.stride + term_rank[arrays.indices]
        order = np.argsort(places)  # each group's terms, commonest first (no two places are equal)
        self.places = places[order]  # ascending: by group, then rank
        terms, weights = arrays.indices[order], arrays.data[order]
        ranks = term_rank[terms]
        shares = weights * weights
        # The squared length of a group's terms before each place: one running sum, less its value where the
        # group starts (the error, under 1e-12, is far below the margin of `budget`).
        self.before = np.cumsum(shares) - shares
        self.before = np.append(self.before, self.before[-1] + shares[-1] if len(shares) else 0.0)
        self.start = self.before[indptr[:-1]]
        # A little below floor², so rounding never leaves out a term a match needs.
        budget = floor * floor * (1.0 - 1e-6)
        indexed = self.before[:-1] - np.repeat(self.start, counts) + shares >= budget
        indexed_counts = np.bincount(rows[indexed], minlength=groups)
        self.keys = (_starts(np, indexed_counts), terms[indexed].astype(np.int64), weights[indexed])
        by_term = np.argsort(self.keys[1], kind="stable")  # each term's groups in order
        self.holders = (
            _starts(np, np.bincount(self.keys[1], minlength=len(arrays.term_ids))),
            rows[indexed][by_term],
            self.keys[2][by_term],
        )
        first_indexed = indptr[1:] - indexed_counts
        self.cut_rank = np.where(indexed_counts > 0, np.append(ranks, -1)[first_indexed], -1)
        self.left_out = np.sqrt(np.maximum(self.before[first_indexed] - self.start, 0.0))

    def bound(self, one: Any, other: Any, shared: Any) -> Any:
        """At least the cosine of each pair of groups `one`, `other` whose terms indexed in both give `shared`."""
        np = self.np
        later = self.cut_rank[other] >= self.cut_rank[one]
        first, second = np.where(later, one, other), np.where(later, other, one)
        below = np.searchsorted(self.places, first * self.stride + self.cut_rank[second])
        length_below = np.sqrt(np.maximum(self.before[below] - self.start[first], 0.0))
        return shared + self.left_out[second] * length_below


def _starts(np: Any, counts: Any) -> Any:
    """Where each row starts in a flat array of rows of `counts` entries, and where the last ends."""
    start = np.zeros(len(counts) + 1, dtype=np.int64)
    start[1:] = np.cumsum(counts)
    return start


def _ranges(np: Any, starts: Any, counts: Any) -> Any:
    """The positions start, start + 1, ..., start + count - 1 of every (start, count), one after the other."""
    offsets = np.cumsum(counts) - counts
    return np.repeat(starts - offsets, counts) + np.arange(int(counts.sum()), dtype=np.int64)
