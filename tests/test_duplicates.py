"""Copies: a reprint of one wire story is grouped with it and counts once as a report."""

from __future__ import annotations

import math

import pytest
from helpers import (
    BRIDGE_HARBOUR_POST,
    BRIDGE_NORTHWIND,
    BRIDGE_VALLEY_COURIER,
    UNRELATED_CHEESE,
    make_article,
    make_raw,
)
from hypothesis import given, settings
from hypothesis import strategies as st

import storyline
from storyline import duplicates
from storyline.briefing import outlet_count
from storyline.clean import clean_all
from storyline.duplicates import COPY_CONTAINMENT, containment, find_copies, shingles
from storyline.segment import split
from storyline.types import Article, RawArticle
from storyline.words import joined_tokens, tokens

WIRE_STORY = BRIDGE_HARBOUR_POST
# The same story under a new headline and with the reprinting site's own footer.
REPRINT = (
    "Dunmore bridge disaster: bus and lorries plunge into the Arn\n\n"
    + BRIDGE_HARBOUR_POST.split("\n", 1)[1]
    + "\nLakeside Reprints — syndicated news for the northern counties\n"
    + "Tips and corrections: desk@lakeside-reprints.example\n"
)


def _clean(*raws: RawArticle) -> list[Article]:
    return clean_all(list(raws))


@pytest.fixture
def with_reprint() -> list[RawArticle]:
    return [
        make_raw(WIRE_STORY, origin="wire.txt", source="Harbour Post"),
        make_raw(BRIDGE_VALLEY_COURIER, origin="courier.txt", source="Valley Courier"),
        make_raw(REPRINT, origin="reprint.txt", source="Lakeside Reprints"),
    ]


def test_reprint_is_grouped_with_the_original(with_reprint: list[RawArticle]) -> None:
    articles = _clean(*with_reprint)
    [group] = find_copies(articles)
    assert group.article_ids == (articles[0].id, articles[2].id)


def test_reprint_group_similarity_is_high(with_reprint: list[RawArticle]) -> None:
    [group] = find_copies(_clean(*with_reprint))
    assert 0.9 <= group.similarity <= 1.0


def test_independent_articles_are_not_grouped() -> None:
    articles = _clean(
        make_raw(BRIDGE_HARBOUR_POST, origin="one.txt"),
        make_raw(BRIDGE_VALLEY_COURIER, origin="two.txt"),
        make_raw(BRIDGE_NORTHWIND, origin="three.txt"),
        make_raw(UNRELATED_CHEESE, origin="four.txt"),
    )
    assert find_copies(articles) == ()


def test_identical_articles_are_grouped() -> None:
    articles = _clean(make_raw(WIRE_STORY, origin="one.txt"), make_raw(WIRE_STORY, origin="two.txt"))
    [group] = find_copies(articles)
    assert group.article_ids == (articles[0].id, articles[1].id)
    assert group.similarity == 1.0


def test_three_copies_form_one_group() -> None:
    third = "Bridge collapse in Dunmore\n" + BRIDGE_HARBOUR_POST.split("\n", 1)[1]
    articles = _clean(
        make_raw(WIRE_STORY, origin="one.txt"),
        make_raw(UNRELATED_CHEESE, origin="two.txt"),
        make_raw(REPRINT, origin="three.txt"),
        make_raw(third, origin="four.txt"),
    )
    [group] = find_copies(articles)
    assert set(group.article_ids) == {articles[0].id, articles[2].id, articles[3].id}


def test_the_fullest_copy_leads_its_group_whatever_the_input_order() -> None:
    short_reprint = WIRE_STORY.rsplit("\n\n", 1)[0]
    forward = _clean(make_raw(short_reprint, origin="one.txt"), make_raw(WIRE_STORY, origin="two.txt"))
    backward = _clean(make_raw(WIRE_STORY, origin="two.txt"), make_raw(short_reprint, origin="one.txt"))
    [group_forward] = find_copies(forward)
    [group_backward] = find_copies(backward)
    assert group_forward.article_ids == group_backward.article_ids
    fullest = max(forward, key=lambda a: len(a.text))
    assert group_forward.article_ids[0] == fullest.id


def test_outlet_count_counts_a_reprint_once(with_reprint: list[RawArticle]) -> None:
    briefing = storyline.brief(with_reprint)
    ids = [article.id for article in briefing.articles]
    assert outlet_count(briefing, ids) == (3, 2)


def test_outlet_count_of_independent_articles_counts_each(with_reprint: list[RawArticle]) -> None:
    briefing = storyline.brief(with_reprint)
    ids = [briefing.articles[0].id, briefing.articles[1].id]
    assert outlet_count(briefing, ids) == (2, 2)


def test_briefing_records_the_reprint_group(with_reprint: list[RawArticle]) -> None:
    briefing = storyline.brief(with_reprint)
    assert [set(g.article_ids) for g in briefing.duplicates] == [{briefing.articles[0].id, briefing.articles[2].id}]


def test_reprint_is_still_attributed_as_evidence(with_reprint: list[RawArticle]) -> None:
    briefing = storyline.brief(with_reprint)
    reprint_id = briefing.articles[2].id
    assert any(reprint_id in {e.span.article_id for e in s.evidence} for s in briefing.summary)


def test_summary_does_not_quote_the_reprint(with_reprint: list[RawArticle]) -> None:
    briefing = storyline.brief(with_reprint)
    assert all(s.evidence[0].span.article_id != briefing.articles[2].id for s in briefing.summary)


def test_containment_of_a_subset_is_one() -> None:
    whole = shingles("the bridge fell into the river on thursday evening after the storm")
    part = shingles("the bridge fell into the river on thursday")
    assert containment(part, whole) == 1.0


def test_containment_of_empty_text_is_zero() -> None:
    assert containment(shingles("too short"), shingles("the bridge fell into the river")) == 0.0


def _copies_by_every_pair(articles: list[Article]) -> set[frozenset[str]]:
    grams = [shingles(a.text) for a in articles]
    groups = [{a.id} for a in articles]
    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            if containment(grams[i], grams[j]) >= COPY_CONTAINMENT:
                merged = next(g for g in groups if articles[i].id in g) | next(g for g in groups if articles[j].id in g)
                groups = [g for g in groups if not g & merged] + [merged]
    return {frozenset(g) for g in groups if len(g) > 1}


_PHRASES = ["the bridge fell", "into the river", "on thursday evening", "after the storm", "two buses", "a lorry"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PHRASES), min_size=0, max_size=8).map(" ".join), min_size=1, max_size=7))
def test_copies_are_the_groups_a_comparison_of_every_pair_finds(texts: list[str]) -> None:
    articles = [make_article(text, article_id=f"a{i}") for i, text in enumerate(texts)]
    original = duplicates._EVERY_PAIR_UP_TO
    duplicates._EVERY_PAIR_UP_TO = 0  # the shingle index, which large stories use
    try:
        found = {frozenset(group.article_ids) for group in find_copies(articles)}
    finally:
        duplicates._EVERY_PAIR_UP_TO = original
    assert found == _copies_by_every_pair(articles)


# Letters, digits, apostrophes, quotation marks, full stops, brackets and spaces in any order: where the splitter
# cuts such text, and whether a word runs over a cut.
_TRICKY = st.text(alphabet="aZe9 .!?’'\"“”()\n-…Dr.é中", max_size=120) | st.lists(
    st.sampled_from(["Mr. Smith said.", "U.S. troops", "“Go.” He left.", "it’s", "Yahoo! in", "no. 5", "(AP) —"]),
    max_size=8,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(_TRICKY)
def test_an_articles_words_read_from_its_sentences_are_those_of_its_whole_text(text: str) -> None:
    article = make_article(text)
    assert joined_tokens(text, (sentence.text for sentence in split(article))) == tokens(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PHRASES), min_size=0, max_size=8).map(". ".join), min_size=1, max_size=5))
def test_copies_found_through_the_sentences_are_those_found_in_the_whole_texts(texts: list[str]) -> None:
    articles = [make_article(text, article_id=f"a{i}") for i, text in enumerate(texts)]
    sentences = {article.id: split(article) for article in articles}
    assert find_copies(articles, sentences) == find_copies(articles)


def _candidate_pairs_through_every_posting(grams: list[frozenset[int]]) -> list[tuple[int, int]]:
    """The shingle index as first written: every shingle's articles listed, then each article's rarest looked up."""
    postings: dict[int, list[int]] = {}
    for i, found in enumerate(grams):
        for gram in found:
            postings.setdefault(gram, []).append(i)
    frequency = {gram: len(found) for gram, found in postings.items()}
    pairs = set()
    for i, found in enumerate(grams):
        needed = max(1, math.ceil(COPY_CONTAINMENT * len(found) - 1e-9))
        rarest = sorted(found, key=frequency.__getitem__)[: len(found) - needed + 1]
        for j in set().union(*(postings[gram] for gram in rarest if frequency[gram] > 1)):
            if (len(grams[j]), j) > (len(found), i):
                pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.frozensets(st.integers(0, 40), max_size=25), min_size=0, max_size=12))
def test_the_shingle_index_proposes_the_pairs_a_posting_of_every_shingle_proposes(grams: list[frozenset[int]]) -> None:
    original = duplicates._EVERY_PAIR_UP_TO
    duplicates._EVERY_PAIR_UP_TO = 0
    try:
        found = duplicates._candidate_pairs(grams)
    finally:
        duplicates._EVERY_PAIR_UP_TO = original
    assert found == _candidate_pairs_through_every_posting(grams)
