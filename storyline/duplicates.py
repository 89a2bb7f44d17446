"""Find near-identical articles: the same wire story reprinted by several outlets counts as one report.

Two articles are copies when the word 3-grams of the shorter one are mostly found in the longer one
(containment, so a reprint that trims a paragraph or swaps a footer still matches).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from functools import partial
from itertools import chain

from .types import Article, DuplicateGroup, Sentence
from .unionfind import find_root
from .words import joined_tokens, tokens

# Containment of word 3-grams. The five independent Mali reports share 0.01-0.24 (0.24 between two outlets
# that reworked one wire story); a reprint with a new headline and one trimmed sentence keeps over 0.9.
COPY_CONTAINMENT = 0.6


# Up to this many distinct articles every pair is tried: indexing their shingles costs more. On the Multi-News
# dev clusters (2-10 articles) the index took copy finding from 0.27 to 0.8 s; from 30 articles on it pays.
_EVERY_PAIR_UP_TO = 30

Shingles = frozenset[str]


def shingles(text: str) -> Shingles:
    """The article's word 3-grams, each as its words joined by a space (a string keeps its hash, a tuple does not)."""
    words = tokens(text)
    return frozenset(map(" ".join, zip(words, words[1:], words[2:], strict=False)))


def _shingle_sets(texts: Sequence[list[str]]) -> list[frozenset[str]] | list[frozenset[int]]:
    """The `shingles` of texts given as their `tokens`: as strings when every pair is tried (joining words costs
    less than numbering them), else numbered (the index of many articles holds small numbers in less memory)."""
    if len(texts) <= _EVERY_PAIR_UP_TO:
        return [frozenset(map(" ".join, zip(words, words[1:], words[2:], strict=False))) for words in texts]
    return _numbered_shingles(texts)


def _numbered_shingles(texts: Sequence[list[str]]) -> list[frozenset[int]]:
    """The `shingles` of texts given as their `tokens`, each word 3-gram numbered one to one (the same sets,
    compared faster: sets and indexes of small numbers hash no tuples of words)."""
    vocabulary: dict[str, int] = {}
    numbered = [[vocabulary.setdefault(word, len(vocabulary)) for word in words] for words in texts]
    size = len(vocabulary)
    return [
        frozenset((a * size + b) * size + c for a, b, c in zip(ids, ids[1:], ids[2:], strict=False)) for ids in numbered
    ]


def containment(a: AbstractSet[Hashable], b: AbstractSet[Hashable]) -> float:
    """Share of the smaller set found in the larger."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


def _representative_key(article: Article) -> tuple[int, str]:
    # The fullest copy stands for the group; the content-hash id breaks ties, so input order never decides.
    return (-len(article.text), article.id)


def find_copies(
    articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]] | None = None
) -> tuple[DuplicateGroup, ...]:
    """Groups of articles that are copies of one another; singletons are left out. The articles' `sentences`
    (`segment.split`), when given, spare reading their words again.

    Each group lists its fullest copy first: the one the summary draws from."""
    # Articles with one text (verbatim reprints) are one set of shingles, compared with the others once.
    text_of: dict[str, int] = {}
    same_text = [text_of.setdefault(a.text, i) for i, a in enumerate(articles)]
    unique = sorted(text_of.values())
    words = [
        tokens(articles[i].text)
        if sentences is None
        else joined_tokens(articles[i].text, (sentence.text for sentence in sentences[articles[i].id]))
        for i in unique
    ]
    unique_grams: dict[int, AbstractSet[Hashable]] = dict(zip(unique, _shingle_sets(words), strict=True))
    grams = [unique_grams[same_text[i]] for i in range(len(articles))]
    parent = list(range(len(articles)))

    root = partial(find_root, parent)

    links: list[tuple[int, float]] = []  # (an article of the link, containment)
    members: dict[int, list[int]] = {}
    for i, first in enumerate(same_text):
        members.setdefault(first, []).append(i)
    pairs = [(unique[a], unique[b]) for a, b in _candidate_pairs([unique_grams[i] for i in unique])]
    pairs += [(first, first) for first in unique]
    for first, second in pairs:
        # An article contains all of itself: its verbatim reprints join it unless it has no 3-gram at all.
        score = float(bool(grams[first])) if first == second else containment(grams[first], grams[second])
        if score < COPY_CONTAINMENT:
            continue
        for i in members[first]:
            for j in members[second]:
                if i != j:
                    parent[root(max(i, j))] = root(min(i, j))
                    links.append((i, score))
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(root(i), []).append(i)
    weakest: dict[int, float] = {}
    for i, score in links:
        group = root(i)
        weakest[group] = min(weakest.get(group, 1.0), score)
    return tuple(
        DuplicateGroup(
            article_ids=tuple(articles[i].id for i in sorted(members, key=lambda i: _representative_key(articles[i]))),
            similarity=round(weakest[group], 3),
        )
        for group, members in groups.items()
        if len(members) > 1
    )


def _candidate_pairs(grams: Sequence[AbstractSet[Hashable]]) -> list[tuple[int, int]]:
    """The pairs (i < j) that can reach COPY_CONTAINMENT: those where some n - ⌈c·n⌉ + 1 shingles of the
    smaller set (n shingles, c the threshold) include one of the other's, since a pair sharing c·n of them
    misses at most n - c·n. The rarest are taken, as they are found in the fewest other articles."""
    if len(grams) <= _EVERY_PAIR_UP_TO:
        return [(i, j) for i in range(len(grams)) for j in range(i + 1, len(grams))]
    frequency = Counter(chain.from_iterable(grams))
    rare_shared = []  # each article's rarest shingles that another article has too
    for found in grams:
        needed = max(1, math.ceil(COPY_CONTAINMENT * len(found) - 1e-9))
        rarest = sorted(found, key=frequency.__getitem__)[: len(found) - needed + 1]
        rare_shared.append([gram for gram in rarest if frequency[gram] > 1])
    # Postings of those shingles alone: most of a story's shingles are in one article only.
    postings: dict[Hashable, list[int]] = {gram: [] for gram in chain.from_iterable(rare_shared)}
    for j, found in enumerate(grams):
        for gram in postings.keys() & found:
            postings[gram].append(j)
    pairs = set()
    for i, (found, rare) in enumerate(zip(grams, rare_shared, strict=True)):
        size = (len(found), i)
        for j in set().union(*(postings[gram] for gram in rare)):
            if (len(grams[j]), j) > size:
                pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def report_of(copies: Sequence[DuplicateGroup]) -> dict[str, str]:
    """Article id -> the id standing for its independent report (the fullest copy); absent ids stand alone."""
    return {article_id: group.article_ids[0] for group in copies for article_id in group.article_ids}


def independent_reports(article_ids: Iterable[str], copies: Sequence[DuplicateGroup]) -> int:
    """How many independent reports `article_ids` are: copies of one wire story count once."""
    representative = report_of(copies)
    return len({representative.get(article_id, article_id) for article_id in article_ids})
