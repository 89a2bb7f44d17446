"""The sentence index finds exactly the sentences a comparison of every pair would find, with the same scores."""

from __future__ import annotations

from helpers import make_article
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline import similarity
from storyline.segment import split
from storyline.similarity import SAME_CONTENT_COSINE, SentenceIndex, norm
from storyline.types import Article, Sentence

WORDS = ["troops", "seized", "president", "capital", "mutiny", "base", "soldiers", "fired", "shots", "town", "kati"]

sentence_text = st.lists(st.sampled_from(WORDS), min_size=2, max_size=7).map(lambda w: " ".join(w).capitalize() + ".")
article_texts = st.lists(st.lists(sentence_text, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=5)


def _cluster(texts: list[str]) -> tuple[list[Article], dict[str, tuple[Sentence, ...]]]:
    articles = [make_article(text, article_id=f"a{i}") for i, text in enumerate(texts)]
    return articles, {a.id: split(a) for a in articles}


def _every_pair(index: SentenceIndex, sentence: Sentence, threshold: float) -> set[tuple[object, float]]:
    """What comparing `sentence` with every other indexed sentence finds, summed in the query's term order."""
    vector, found = index.vectors[sentence.span], set()
    for span, other in index.vectors.items():
        if span == sentence.span or not norm(vector) or not norm(other):
            continue
        dot = 0.0
        for term, weight in vector.items():
            if term in other:
                dot += weight * other[term]
        score = dot / (norm(vector) * norm(other))
        if score >= threshold:
            found.add((span, round(score, 3)))
    return found


@settings(max_examples=60, deadline=None)
@given(article_texts, st.sampled_from([SAME_CONTENT_COSINE, 0.5, 0.8]), st.booleans())
def test_the_index_finds_what_comparing_every_pair_finds(texts: list[str], threshold: float, arrays: bool) -> None:
    articles, sentences = _cluster(texts)
    original = similarity._ARRAYS_FROM
    similarity._ARRAYS_FROM = 0 if arrays else original
    try:
        index = SentenceIndex(articles, sentences)
        for article in articles:
            for sentence in sentences[article.id]:
                found = {(e.span, e.score) for e in index.similar(sentence, threshold)}
                assert found == _every_pair(index, sentence, threshold)
    finally:
        similarity._ARRAYS_FROM = original


def test_a_reprinted_sentence_finds_its_reprints_and_not_itself() -> None:
    text = "Soldiers seized the president at the base in Kati. The town was quiet."
    articles, sentences = _cluster([text, text, "Troops fired shots in the capital."])
    index = SentenceIndex(articles, sentences)
    first, second = sentences["a0"][0], sentences["a1"][0]
    assert [e.span for e in index.similar(first)] == [second.span]
    assert [e.span for e in index.similar(second)] == [first.span]
    assert {e.span for e in index.matches(first)} == {first.span, second.span}


def test_the_best_match_in_an_article_is_its_closest_sentence() -> None:
    articles, sentences = _cluster(
        [
            "Soldiers seized the president at the base in Kati.",
            "Shots were fired in the town. Soldiers seized the president in Kati.",
        ]
    )
    index = SentenceIndex(articles, sentences)
    match = index.best_match(sentences["a0"][0], articles[1])
    assert match is not None
    assert match.span == sentences["a1"][1].span


def test_a_search_below_the_index_floor_scores_every_sentence_exactly() -> None:
    articles, sentences = _cluster(
        ["Soldiers seized the president at the base in Kati.", "The president spoke at the base on Monday."]
    )
    floored = SentenceIndex(articles, sentences, floor=0.5)
    open_index = SentenceIndex(articles, sentences, floor=0.1)
    query = sentences["a0"][0]
    assert floored.similar(query, 0.1) == open_index.similar(query, 0.1)


@settings(max_examples=40, deadline=None)
@given(article_texts, st.data())
def test_finding_some_sentences_matches_at_once_finds_what_searching_each_finds(
    texts: list[str], data: st.DataObject
) -> None:
    articles, sentences = _cluster(texts)
    every = [sentence for article in articles for sentence in sentences[article.id]]
    some = data.draw(st.lists(st.sampled_from(every), unique_by=lambda s: s.span))
    original = similarity._ARRAYS_FROM
    similarity._ARRAYS_FROM = 0
    try:
        at_once, one_by_one = SentenceIndex(articles, sentences), SentenceIndex(articles, sentences)
        at_once.find_all(sentence.span for sentence in some)
        for sentence in every:
            assert at_once.matches(sentence) == one_by_one.matches(sentence)
    finally:
        similarity._ARRAYS_FROM = original


# A wider vocabulary with common and rare words, so that vectors are cut at different ranks.
MORE_WORDS = [*WORDS, "said", "said", "said", "monday", "monday", "army", "junta", "bamako", "keita", "cisse", "coup"]
wide_sentence = st.lists(st.sampled_from(MORE_WORDS), min_size=2, max_size=12).map(lambda w: " ".join(w) + ".")
wide_texts = st.lists(st.lists(wide_sentence, min_size=1, max_size=6).map(" ".join), min_size=1, max_size=6)


@settings(max_examples=80, deadline=None)
@given(wide_texts, st.sampled_from([0.2, SAME_CONTENT_COSINE, 0.5]))
def test_finding_every_match_at_once_finds_what_comparing_every_pair_finds(texts: list[str], floor: float) -> None:
    articles, sentences = _cluster(texts)
    original = similarity._ARRAYS_FROM
    similarity._ARRAYS_FROM = 0
    try:
        index = SentenceIndex(articles, sentences, floor=floor)
        index.find_all(index.sentences)
        for sentence in index.sentences.values():
            found = {(e.span, e.score) for e in index.similar(sentence, floor)}
            assert found == _every_pair(index, sentence, floor)
    finally:
        similarity._ARRAYS_FROM = original


def test_a_search_among_sentences_sharing_a_key_finds_only_those() -> None:
    articles, sentences = _cluster(
        [
            "Soldiers seized the president at the base in Kati.",
            "Soldiers seized the president in Kati.",
            "Soldiers seized the president at the base.",
        ]
    )
    index = SentenceIndex(articles, sentences)
    query, second, third = sentences["a0"][0], sentences["a1"][0], sentences["a2"][0]
    assert {e.span for e in index.similar(query)} == {second.span, third.span}
    keys = {index.group(query.span): {"base"}, index.group(third.span): {"base"}}
    [found] = index.similar_sharing([query], SAME_CONTENT_COSINE, keys)
    assert found == [e for e in index.similar(query) if e.span == third.span]


@settings(max_examples=40, deadline=None)
@given(article_texts, st.sampled_from([0.2, SAME_CONTENT_COSINE]), st.data())
def test_searching_among_sentences_sharing_a_key_finds_the_same_with_arrays_or_without(
    texts: list[str], threshold: float, data: st.DataObject
) -> None:
    articles, sentences = _cluster(texts)
    every = [sentence for article in articles for sentence in sentences[article.id]]
    original = similarity._ARRAYS_FROM
    try:
        similarity._ARRAYS_FROM = 0
        with_arrays = SentenceIndex(articles, sentences)
        similarity._ARRAYS_FROM = 10**9
        without = SentenceIndex(articles, sentences)
        groups = sorted({without.group(sentence.span) for sentence in every})
        keys = {group: set(data.draw(st.lists(st.sampled_from("abc"), max_size=2))) for group in groups}
        assert with_arrays.similar_sharing(every, threshold, keys) == without.similar_sharing(every, threshold, keys)
    finally:
        similarity._ARRAYS_FROM = original


@settings(max_examples=40, deadline=None)
@given(article_texts, st.sampled_from([0.2, SAME_CONTENT_COSINE]), st.booleans(), st.data())
def test_groups_kept_apart_are_left_out_of_the_matches_and_nothing_else_is(
    texts: list[str], threshold: float, large: bool, data: st.DataObject
) -> None:
    articles, sentences = _cluster(texts)
    every = [sentence for article in articles for sentence in sentences[article.id]]
    original = similarity._ARRAYS_FROM
    try:  # arrays are built at the first search, by the size the module gives then
        similarity._ARRAYS_FROM = 0 if large else 10**9
        index = SentenceIndex(articles, sentences)
        groups = sorted({index.group(sentence.span) for sentence in every})
        keys = {group: set(data.draw(st.lists(st.sampled_from("abc"), max_size=2))) for group in groups}
        apart = {article.id: data.draw(st.sampled_from("xy")) for article in articles}
        plain = index.similar_sharing(every, threshold, keys)
        kept_apart = index.similar_sharing(every, threshold, keys, apart)
    finally:
        similarity._ARRAYS_FROM = original
    labels = {group: {apart[span.article_id] for span in index.spans(group)} for group in groups}
    for sentence, found, expected in zip(every, kept_apart, plain, strict=True):
        own = labels[index.group(sentence.span)]
        assert found == [e for e in expected if len(own) > 1 or labels[index.group(e.span)] != own]
