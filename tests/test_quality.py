"""Quality gate: precision and recall of each list on the labelled events (docs/quality.md).

The target is P >= 0.9 and R >= 0.8 for every list. Timeline, actors and quotes meet it and are held to
it; claims do not yet (see docs/quality.md), and are held to the floor they reach now, so they cannot get worse
unnoticed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.eval.labels import (
    ListScore,
    articles_missing,
    contains_phrase,
    labelled_articles,
    labelled_events,
    match_items,
    phrase_digest,
    score_event,
    total,
)

LABELLED = Path(__file__).parent / "labelled"
BARS = {"timeline": (0.9, 0.8), "actors": (0.9, 0.8), "quotes": (0.9, 0.8), "claims": (0.8, 0.36)}


@pytest.fixture(scope="module")
def scores() -> dict[str, ListScore]:
    events = []
    for path in labelled_events(LABELLED):
        if not articles_missing(path):  # real articles in ../shared, absent from some checkouts
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


def test_labels_may_name_their_articles_by_a_list_of_files_or_a_cluster(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    for name in ("first.txt", "second.txt", "other.txt"):
        (shared / name).write_text(f"{name} reports that the ferry sank on Monday.\n", encoding="utf-8")
    clusters = shared / "clusters.jsonl"
    lines = [{"id": "x1", "documents": ["Unrelated."]}, {"id": "x2", "documents": ["One.NEWLINE_CHARTwo.", "Three."]}]
    clusters.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    event = tmp_path / "labelled" / "event"
    event.mkdir(parents=True)
    labels = event / "labels.json"

    labels.write_text(json.dumps({"articles": ["../../shared/first.txt", "../../shared/second.txt"]}), encoding="utf-8")
    assert articles_missing(labels) == ""
    picked = labelled_articles(labels)
    assert [Path(a.origin).name for a in picked] == ["first.txt", "second.txt"]  # as `storyline brief` names them

    labels.write_text(json.dumps({"articles": {"jsonl": "../../shared/clusters.jsonl", "id": "x2"}}), encoding="utf-8")
    cluster = labelled_articles(labels)
    # As `storyline batch` reads a cluster: its line, each document's place, Multi-News line breaks undone.
    where = labels.parent / "../../shared/clusters.jsonl"
    assert [a.origin for a in cluster] == [f"{where}:2#documents[{i}]" for i in (0, 1)]
    assert cluster[0].text == "One.\nTwo."

    labels.write_text(json.dumps({"articles": {"jsonl": "../../shared/clusters.jsonl", "id": "x9"}}), encoding="utf-8")
    with pytest.raises(InputError, match="no cluster 'x9'"):
        labelled_articles(labels)


def test_an_event_whose_shared_articles_are_absent_is_skipped_with_the_reason(tmp_path: Path) -> None:
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps({"articles": ["../shared/gone.html"], "claims": []}), encoding="utf-8")
    assert articles_missing(labels) == f"articles not found: {tmp_path / '../shared/gone.html'}"
    labels.write_text(json.dumps({"articles": {"jsonl": "../shared/gone.jsonl", "id": "1"}}), encoding="utf-8")
    assert "gone.jsonl" in articles_missing(labels)
    with pytest.raises(InputError, match="articles not found"):
        labelled_articles(labels)
    labels.write_text(json.dumps({"articles": 7}), encoding="utf-8")
    with pytest.raises(InputError, match="'articles' must be"):
        articles_missing(labels)
