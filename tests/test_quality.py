"""Quality gate: precision and recall of each list on the labelled events (docs/quality.md).

The target is P >= 0.9 and R >= 0.8 for every list. Timeline, actors and quotes meet it and are held to
it; claims do not yet (see docs/quality.md), and are held to the floor they reach now, so they cannot get worse
unnoticed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.eval.labels import (
    ListScore,
    contains_phrase,
    labelled_events,
    match_items,
    phrase_digest,
    score_event,
    total,
)

LABELLED = Path(__file__).parent / "labelled"
BARS = {"timeline": (0.9, 0.8), "actors": (0.9, 0.8), "quotes": (0.9, 0.8), "claims": (0.85, 0.44)}


@pytest.fixture(scope="module")
def scores() -> dict[str, ListScore]:
    events = []
    for path in labelled_events(LABELLED):
        if (path.parent / json.loads(path.read_text(encoding="utf-8")).get("articles", ".")).is_dir():
            events.append(score_event(path))
    return total(events)


@pytest.mark.parametrize("name", sorted(BARS))
def test_each_list_meets_its_precision_and_recall_floor(scores: dict[str, ListScore], name: str) -> None:
    precision, recall = BARS[name]
    assert scores[name].precision >= precision
    assert scores[name].recall >= recall


def test_a_phrase_digest_matches_the_same_words_without_holding_them() -> None:
    label = phrase_digest("garrison town of Kati")
    assert "Kati" not in label
    assert contains_phrase("Soldiers took up arms in the Garrison town of “Kati”, on Tuesday.", label)
    assert not contains_phrase("the garrison town of Katiola", label)
    assert not contains_phrase("the garrison town near Kati", label)


def test_predicted_items_pair_with_gold_entries_as_often_as_they_can() -> None:
    # The first prediction fits both gold entries, the second only the first: taking the first fit for the
    # first would leave the second counted wrong. Two pairs can be made, and both are counted.
    fits = {("both", "bang"), ("both", "passenger"), ("bang only", "bang")}
    gold = [{"id": "bang"}, {"id": "passenger"}]
    score, misses = match_items("claims", ["both", "bang only"], gold, lambda item, entry: (item, entry["id"]) in fits)
    assert (score.correct, misses) == (2, [])
