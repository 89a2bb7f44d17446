"""Claim grouping by sentence number gives the claims the plain grouping by span gives."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from helpers import make_article
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline import similarity
from storyline.claims import (
    CLAIM_MIN_WORDS,
    QUOTED,
    REPEAT_COSINE,
    REPEATED,
    _claim,
    _claim_order,
    _importance,
    _reports,
    group_claims,
    statement_support,
)
from storyline.segment import split
from storyline.select import is_caption, is_fragment
from storyline.similarity import SentenceIndex
from storyline.types import Article, Claim, DuplicateGroup, Evidence, Sentence, Span
from storyline.words import word_count

WORDS = ["troops", "seized", "president", "capital", "killed", "base", "soldiers", "fired", "town", "Kati", "said"]
sentence_text = st.lists(st.sampled_from(WORDS), min_size=3, max_size=8).map(lambda w: " ".join(w).capitalize() + ".")
article_text = st.lists(sentence_text, min_size=1, max_size=5).map(" ".join)


def _plain_group_claims(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    copies: Sequence[DuplicateGroup],
    index: SentenceIndex,
) -> tuple[Claim, ...]:
    """Claims grouped span by span: every sentence's matches read afresh, no numbering, no shared pass."""
    report = _reports(articles, copies)
    total_reports = len(set(report.values()))
    in_paragraph = Counter((s.span.article_id, s.paragraph) for a in articles for s in sentences[a.id])
    eligible = {
        s.span: s
        for a in articles
        for s in sentences[a.id]
        if word_count(s.text) >= CLAIM_MIN_WORDS and not is_caption(s, in_paragraph[(a.id, s.paragraph)])
    }
    importance = _importance(articles, sentences, report)
    order = {article.id: rank for rank, article in enumerate(sorted(articles, key=lambda a: a.id))}

    def best_per_article(span: Span) -> list[Evidence]:
        sentence, best = eligible[span], {}
        for group, exact in index.match_groups(sentence):
            score = round(exact, 3)
            for other in index.spans(group):
                if other in eligible and other.article_id != span.article_id:
                    reason = statement_support(sentence, eligible[other], score)
                    held = best.get(other.article_id)
                    if reason and (held is None or (score, -other.start) > (held.score, -held.span.start)):
                        best[other.article_id] = Evidence(other, score, reason)
        return sorted(best.values(), key=lambda e: order[e.span.article_id])

    def pivot_key(span: Span) -> tuple[float, ...]:
        found = best_per_article(span)
        reports = len({report[span.article_id]} | {report[e.span.article_id] for e in found})
        fragment = is_fragment(eligible[span].text)
        return (-reports, fragment, -sum(e.score for e in found), -importance[span], order[span.article_id], span.start)

    def repeats_of(span: Span) -> list[Evidence]:
        found = []
        for group, exact in index.match_groups(eligible[span]):
            score = round(exact, 3)
            for other in index.spans(group):
                same_article = other.article_id == span.article_id and other != span
                if score >= REPEAT_COSINE and other in eligible and same_article:
                    found.append(Evidence(other, score, REPEATED))
        return found

    assigned: set[Span] = set()
    found_claims = []
    for span in sorted(eligible, key=pivot_key):
        if span in assigned:
            continue
        group = [Evidence(span, 1.0, QUOTED)] + [e for e in best_per_article(span) if e.span not in assigned]
        members = {member.span for member in group}
        repeats = [e for member in group for e in repeats_of(member.span)]
        repeats = list({e.span: e for e in repeats if e.span not in members}.values())
        group += [e for e in sorted(repeats, key=lambda e: e.span.start) if e.span not in assigned]
        assigned.update(e.span for e in group)
        if len(group) == 1 and is_fragment(eligible[span].text):
            continue
        found_claims.append(_claim(eligible[span].text, tuple(group), report, total_reports, importance))
    return tuple(sorted(found_claims, key=lambda c: _claim_order(c, report, order)))


@settings(max_examples=60, deadline=None)
@given(st.lists(article_text, min_size=1, max_size=5), st.data(), st.booleans())
def test_grouping_sentences_by_number_gives_the_claims_grouping_by_span_gives(
    texts: list[str], data: st.DataObject, arrays: bool
) -> None:
    # Some articles reprint others, so that text groups hold several sentences.
    texts += data.draw(st.lists(st.sampled_from(texts), max_size=2))
    articles = [make_article(text, article_id=f"a{i}") for i, text in enumerate(texts)]
    sentences = {a.id: split(a) for a in articles}
    original = similarity._ARRAYS_FROM
    similarity._ARRAYS_FROM = 0 if arrays else original
    try:
        new = group_claims(articles, sentences, (), SentenceIndex(articles, sentences))
        plain = _plain_group_claims(articles, sentences, (), SentenceIndex(articles, sentences))
    finally:
        similarity._ARRAYS_FROM = original
    assert new == plain
