"""Attribution: a summary sentence names every article that reports it, with the evidence span in each."""

from __future__ import annotations

import pytest
from helpers import BRIDGE_HARBOUR_POST, BRIDGE_NORTHWIND, BRIDGE_VALLEY_COURIER, UNRELATED_CHEESE, make_raw

from storyline.attribute import attribute
from storyline.clean import clean_all
from storyline.segment import split
from storyline.similarity import SentenceIndex
from storyline.types import Article, Sentence, SummarySentence

Cluster = tuple[list[Article], dict[str, tuple[Sentence, ...]]]


@pytest.fixture
def cluster() -> Cluster:
    """Three invented reports of the bridge collapse and one unrelated article, cleaned and split."""
    raws = [
        make_raw(BRIDGE_HARBOUR_POST, origin="harbour-post.txt"),
        make_raw(BRIDGE_VALLEY_COURIER, origin="valley-courier.txt"),
        make_raw(BRIDGE_NORTHWIND, origin="northwind.txt"),
        make_raw(UNRELATED_CHEESE, origin="oldwick.txt"),
    ]
    articles = clean_all(raws)
    return articles, {a.id: split(a) for a in articles}


def _sentence(sentences: tuple[Sentence, ...], starting: str) -> Sentence:
    [found] = [s for s in sentences if s.text.startswith(starting)]
    return found


def _attribute_one(cluster: Cluster, starting: str) -> tuple[list[Article], SummarySentence]:
    articles, sentences = cluster
    chosen = _sentence(sentences[articles[0].id], starting)
    [summary] = attribute([chosen], SentenceIndex(articles, sentences))
    return articles, summary


def test_sentence_reported_by_three_articles_has_evidence_in_all_three(cluster: Cluster) -> None:
    articles, summary = _attribute_one(cluster, "Rescue teams pulled 14 people")
    assert {e.span.article_id for e in summary.evidence} == {a.id for a in articles[:3]}


def test_unrelated_article_gets_no_evidence(cluster: Cluster) -> None:
    articles, summary = _attribute_one(cluster, "Rescue teams pulled 14 people")
    assert articles[3].id not in {e.span.article_id for e in summary.evidence}


def test_lead_sentence_is_attributed_to_every_report_of_the_collapse(cluster: Cluster) -> None:
    articles, summary = _attribute_one(cluster, "The Kessel Bridge in the city of Dunmore collapsed")
    assert {e.span.article_id for e in summary.evidence} == {a.id for a in articles[:3]}


def test_sentence_reported_by_one_other_article_has_evidence_in_two(cluster: Cluster) -> None:
    articles, summary = _attribute_one(cluster, "Mayor Ilse Brandt said the bridge had been closed")
    assert {e.span.article_id for e in summary.evidence} == {articles[0].id, articles[1].id}


def test_sentence_only_one_article_reports_has_only_its_own_evidence(cluster: Cluster) -> None:
    articles, summary = _attribute_one(cluster, "Traffic between the northern and southern halves")
    assert [e.span.article_id for e in summary.evidence] == [articles[0].id]


def test_first_evidence_is_the_quoted_sentence_with_score_one(cluster: Cluster) -> None:
    articles, summary = _attribute_one(cluster, "Rescue teams pulled 14 people")
    first = summary.evidence[0]
    assert first.score == 1.0
    assert articles[0].text[first.span.start : first.span.end] == summary.text


def test_supporting_evidence_points_at_the_matching_sentence(cluster: Cluster) -> None:
    articles, summary = _attribute_one(cluster, "Rescue teams pulled 14 people")
    text_of = {a.id: a.text for a in articles}
    quoted = {e.span.article_id: text_of[e.span.article_id][e.span.start : e.span.end] for e in summary.evidence}
    assert quoted[articles[1].id].startswith("Fourteen people were rescued from the river")
    assert quoted[articles[2].id].startswith("The fire service said rescue teams pulled 14 people")


def test_evidence_spans_are_whole_sentences_of_their_articles(cluster: Cluster) -> None:
    articles, sentences = cluster
    summary = attribute(sentences[articles[0].id], SentenceIndex(articles, sentences))
    for item in summary:
        for evidence in item.evidence:
            assert evidence.span in {s.span for s in sentences[evidence.span.article_id]}


def test_evidence_scores_are_between_zero_and_one(cluster: Cluster) -> None:
    articles, sentences = cluster
    for item in attribute(sentences[articles[0].id], SentenceIndex(articles, sentences)):
        assert all(0.0 < e.score <= 1.0 for e in item.evidence)


def test_each_article_gives_at_most_one_evidence(cluster: Cluster) -> None:
    articles, sentences = cluster
    for item in attribute(sentences[articles[0].id], SentenceIndex(articles, sentences)):
        ids = [e.span.article_id for e in item.evidence]
        assert len(ids) == len(set(ids))


def test_unrelated_sentence_gets_no_evidence_from_the_reports(cluster: Cluster) -> None:
    articles, sentences = cluster
    chosen = _sentence(sentences[articles[3].id], "The annual cheese festival")
    [summary] = attribute([chosen], SentenceIndex(articles, sentences))
    assert [e.span.article_id for e in summary.evidence] == [articles[3].id]
