"""The JSON wire form (schema storyline.briefing/2): every span is the article slice, nothing is lost or invented.

The briefings here are built by hand (conftest.invented_briefing: an invented bridge collapse) or generated.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

from helpers import generated_briefings, invented_briefing
from hypothesis import HealthCheck, given, settings

from storyline.serialization import SCHEMA, briefing_to_dict

NEW_SECTIONS = ("claims", "exclusives", "timeline", "actors", "quotes", "reported_speech")


def spans(node: Any) -> Iterator[dict[str, Any]]:
    """Every object in `node` that locates text in an article (it has `article`, `start`, `end` and `text`)."""
    if isinstance(node, dict):
        if {"article", "start", "end", "text"} <= node.keys():
            yield node
        for child in node.values():
            yield from spans(child)
    elif isinstance(node, list):
        for child in node:
            yield from spans(child)


def assert_every_span_is_the_article_slice(data: dict[str, Any]) -> int:
    """Check the rule of docs/json.md on every span, speaker spans included; return how many spans there were."""
    texts = [article["text"] for article in data["articles"]]
    ids = [article["id"] for article in data["articles"]]
    found = list(spans({section: data[section] for section in ("summary", *NEW_SECTIONS)}))
    for span in found:
        assert texts[span["article"]][span["start"] : span["end"]] == span["text"], span
        assert ids[span["article"]] == span["article_id"]
    quotes = [quote for group in data["quotes"] for quote in group["quotes"]] + data["reported_speech"]
    for quote in quotes:
        speaker = quote["speaker_span"]
        if speaker is not None:
            assert texts[quote["article"]][speaker["start"] : speaker["end"]] == speaker["text"]
    return len(found)


def test_schema_is_version_2() -> None:
    assert SCHEMA == "storyline.briefing/2"
    assert briefing_to_dict(invented_briefing())["schema"] == "storyline.briefing/2"


def test_every_new_section_is_filled_from_the_hand_built_briefing() -> None:
    data = briefing_to_dict(invented_briefing())
    assert [len(data[section]) for section in NEW_SECTIONS] == [3, 3, 3, 5, 2, 2]


def test_every_span_of_every_section_is_the_article_slice() -> None:
    data = briefing_to_dict(invented_briefing())
    assert assert_every_span_is_the_article_slice(data) > 60


def test_the_hand_built_values_carry_their_own_verbatim_text() -> None:
    """The fixture obeys the types' rule too, so the JSON's slices equal the values' `text` fields."""
    briefing = invented_briefing()
    texts = {article.id: article.text for article in briefing.articles}
    values = [value for claim in briefing.claims for comparison in claim.comparisons for value in comparison.values]
    values += [date for event in briefing.timeline for date in event.dates]
    located = [(value.span, value.text) for value in values]
    located += [(mention.span, mention.text) for actor in briefing.actors for mention in actor.mentions]
    located += [(role.span, role.text) for actor in briefing.actors for role in actor.roles]
    located += [(quote.span, quote.text) for group in briefing.quotes for quote in group.quotes]
    located += [(quote.span, quote.text) for quote in briefing.reported_speech]
    for span, text in located:
        assert texts[span.article_id][span.start : span.end] == text


def test_an_unbounded_high_end_is_null_and_the_document_has_no_infinity() -> None:
    data = briefing_to_dict(invented_briefing())
    conflict = data["claims"][0]
    at_least = next(value for value in conflict["comparisons"][0]["values"] if value["text"] == "At least 12 people")
    assert at_least["low"] == 12
    assert at_least["high"] is None
    json.dumps(data, allow_nan=False)  # raises on inf or nan


def test_quantity_and_date_values_keep_their_normalized_fields() -> None:
    data = briefing_to_dict(invented_briefing())
    quantity = data["claims"][0]["comparisons"][0]["values"][2]
    assert quantity == {
        "kind": "quantity",
        "article": 2,
        "article_id": "a3",
        "start": quantity["start"],
        "end": quantity["end"],
        "text": "about 20 people",
        "value": 20,
        "low": 18,
        "high": 22,
        "unit": "",
        "dimension": "count",
        "counted": "peopl",
        "approximate": True,
    }
    wednesday = data["timeline"][0]["dates"][2]
    assert (wednesday["kind"], wednesday["text"], wednesday["date"]) == ("date", "Wednesday", "2024-03-06")
    assert (wednesday["relative"], wednesday["reference"]) == (True, "2024-03-08")


def test_reported_by_counts_a_wire_copy_once() -> None:
    data = briefing_to_dict(invented_briefing())
    collapse = data["claims"][1]
    assert collapse["status"] == "all"
    assert collapse["reported_by"] == {
        "articles": 4,
        "independent": 3,
        "outlets": ["Harbour Post", "Northwind Gazette", "Valley Courier"],
        "article_indices": [0, 1, 2, 3],
    }
    assert data["timeline"][0]["reported_by"]["independent"] == 3
    identical = data["quotes"][1]
    assert (identical["wording"], identical["reported_by"]["articles"], identical["reported_by"]["independent"]) == (
        "identical",
        3,
        2,
    )


def test_a_conflicting_claim_carries_its_comparison() -> None:
    conflict = briefing_to_dict(invented_briefing())["claims"][0]
    assert conflict["status"] == "conflicting"
    assert conflict["importance"] == 0.9
    [comparison] = conflict["comparisons"]
    assert comparison["compatible"] is False
    assert comparison["dimension"] == "count"
    assert "cannot both be right" in comparison["explanation"]
    assert [value["article"] for value in comparison["values"]] == [0, 1, 2]


def test_exclusives_name_their_outlet_and_articles() -> None:
    courier = briefing_to_dict(invented_briefing())["exclusives"][1]
    assert courier["outlet"] == "Valley Courier"
    assert (courier["article_indices"], courier["article_ids"]) == ([1, 3], ["a2", "a4"])
    assert [claim["status"] for claim in courier["claims"]] == ["one"]


def test_timeline_events_say_background_and_disputed() -> None:
    timeline = briefing_to_dict(invented_briefing())["timeline"]
    assert [(event["date"], event["background"], event["disputed"]) for event in timeline] == [
        ("2024-03-07", False, True),
        ("1962", True, False),
        ("2024-03", True, False),
    ]


def test_actor_mentions_are_counted_per_outlet_and_per_article() -> None:
    data = briefing_to_dict(invented_briefing())
    mayor = data["actors"][0]
    assert (mayor["name"], mayor["kind"], mayor["aliases"]) == ("Ilse Brandt", "person", ["Mayor Brandt"])
    assert mayor["mentions"] == {
        "total": 5,
        "by_outlet": {"Harbour Post": 2, "Northwind Gazette": 1, "Valley Courier": 2},
        "by_article": [2, 1, 1, 1],
    }
    assert len(mayor["evidence"]) == 5
    assert all(item["score"] == 1.0 and item["text"] == "Brandt" for item in mayor["evidence"])
    assert [role["text"] for role in mayor["roles"]] == ["Mayor", "mayor", "mayor"]
    assert set(mayor["roles"][0]) == {"text", "article", "article_id", "start", "end"}
    assert mayor["reported_by"]["independent"] == 3
    for actor in data["actors"]:
        assert sum(actor["mentions"]["by_article"]) == actor["mentions"]["total"]
        assert sum(actor["mentions"]["by_outlet"].values()) == actor["mentions"]["total"]
        assert len(actor["mentions"]["by_article"]) == len(data["articles"])


def test_quotes_carry_speaker_actor_and_speaker_span() -> None:
    data = briefing_to_dict(invented_briefing())
    variant = data["quotes"][0]
    assert variant["wording"] == "variant"
    first = variant["quotes"][0]
    assert (first["text"], first["speaker"], first["actor"], first["direct"]) == (
        "We have never seen anything like it",
        "Mayor Ilse Brandt",
        "Ilse Brandt",
        True,
    )
    assert first["speaker_span"]["text"] == "Mayor Ilse Brandt"
    assert set(first["speaker_span"]) == {"start", "end", "text"}
    said = data["reported_speech"][1]
    assert (said["direct"], said["speaker"], said["actor"]) == (False, "The regional government", "")


def test_a_speaker_the_text_does_not_name_has_a_null_speaker_span() -> None:
    briefing = invented_briefing()
    unnamed = dataclasses.replace(briefing.reported_speech[0], speaker_span=None)
    briefing = dataclasses.replace(briefing, reported_speech=(unnamed,))
    assert briefing_to_dict(briefing)["reported_speech"][0]["speaker_span"] is None


def test_version_1_fields_are_unchanged() -> None:
    data = briefing_to_dict(invented_briefing())
    assert list(data)[:8] == ["schema", "method", "words", "counts", "articles", "summary", "duplicates", "claims"]
    [sentence] = data["summary"]
    assert set(sentence) >= {"text", "reported_by", "evidence"}
    assert set(sentence["evidence"][0]) >= {"article", "article_id", "start", "end", "text", "score"}
    assert data["duplicates"] == [{"articles": [1, 3], "article_ids": ["a2", "a4"], "similarity": 1.0}]


def test_a_briefing_without_the_new_parts_has_empty_lists() -> None:
    briefing = dataclasses.replace(
        invented_briefing(), claims=(), exclusives=(), timeline=(), actors=(), quotes=(), reported_speech=()
    )
    data = briefing_to_dict(briefing)
    assert all(data[section] == [] for section in NEW_SECTIONS)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_briefings())
def test_generated_briefings_serialize_to_strict_json_with_exact_spans(briefing: Any) -> None:
    data = briefing_to_dict(briefing)
    assert_every_span_is_the_article_slice(json.loads(json.dumps(data, allow_nan=False)))
    for actor, original in zip(data["actors"], briefing.actors, strict=True):
        assert actor["mentions"]["total"] == len(original.mentions)
