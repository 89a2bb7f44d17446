"""`Span`, `Sentence` and `Evidence` behave as the plain frozen dataclasses they are declared as: same fields,
repr, equality, hash, defaults and copies."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.types import Evidence, Sentence, Span


@dataclass(frozen=True, slots=True)
class PlainSpan:
    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PlainSentence:
    span: Span
    text: str
    index: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class PlainEvidence:
    span: Span
    score: float
    reason: str = ""


spans = st.builds(Span, st.sampled_from(["a1", "a2", "é"]), st.integers(-2, 4), st.integers(-2, 4))


def plain(span: Span) -> PlainSpan:
    return PlainSpan(span.article_id, span.start, span.end)


@given(spans, spans)
def test_spans_compare_and_hash_as_a_plain_dataclass_does(a: Span, b: Span) -> None:
    assert (a == b) == (plain(a) == plain(b))
    assert (a != b) == (plain(a) != plain(b))
    assert hash(a) == hash(plain(a))
    assert repr(a) == repr(plain(a)).replace("PlainSpan", "Span")
    assert dataclasses.astuple(a) == dataclasses.astuple(plain(a))


@given(spans, st.integers(0, 9))
def test_a_replaced_or_copied_span_equals_one_made_from_its_fields(span: Span, start: int) -> None:
    moved = dataclasses.replace(span, start=start)
    assert moved == Span(span.article_id, start, span.end)
    assert hash(moved) == hash(Span(span.article_id, start, span.end))
    for twin in (copy.copy(span), copy.deepcopy(span), pickle.loads(pickle.dumps(span))):
        assert twin == span
        assert hash(twin) == hash(span)


def test_a_span_keeps_its_three_fields_and_stays_frozen() -> None:
    span = Span(article_id="a1", start=1, end=4)
    assert [field.name for field in dataclasses.fields(Span)] == ["article_id", "start", "end"]
    assert dataclasses.asdict(span) == {"article_id": "a1", "start": 1, "end": 4}
    assert span != ("a1", 1, 4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = 2  # type: ignore[misc]


@given(spans, st.text(max_size=3), st.integers(0, 3), st.integers(0, 3), st.floats(0, 1))
def test_sentences_and_evidence_are_made_and_replaced_as_plain_dataclasses_are(
    span: Span, text: str, index: int, paragraph: int, score: float
) -> None:
    sentence = Sentence(span, text, index, paragraph)
    plain_sentence = PlainSentence(span, text, index, paragraph)
    assert dataclasses.astuple(sentence) == dataclasses.astuple(plain_sentence)
    assert hash(sentence) == hash(plain_sentence)
    assert repr(sentence) == repr(plain_sentence).replace("PlainSentence", "Sentence")
    assert dataclasses.replace(sentence, index=index + 1) == Sentence(span, text, index + 1, paragraph)
    assert Sentence(paragraph=paragraph, index=index, text=text, span=span) == sentence
    evidence = Evidence(span, score)
    assert dataclasses.asdict(evidence) == dataclasses.asdict(PlainEvidence(span, score))
    assert dataclasses.replace(evidence, reason=text) == Evidence(span, score, text)
    assert pickle.loads(pickle.dumps(evidence)) == evidence
    assert [field.name for field in dataclasses.fields(Evidence)] == ["span", "score", "reason"]
