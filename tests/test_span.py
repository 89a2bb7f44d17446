"""`Span` behaves as the plain frozen dataclass it is declared as: same fields, repr, equality, hash and copies."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.types import Span


@dataclass(frozen=True, slots=True)
class PlainSpan:
    article_id: str
    start: int
    end: int


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
