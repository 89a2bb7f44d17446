"""Integration on the real Mali example (five outlets, August 2020); skipped when shared/ is not there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import storyline
from storyline.briefing import outlet_count
from storyline.types import Briefing

BOILERPLATE = ["cookies", "Read more", "AP Photo", "Pictured:", "SHARE THIS", "FILE PHOTO", "REUTERS/", "Skip links"]


@pytest.fixture
def mali(mali_dir: Path) -> Briefing:
    return storyline.brief(storyline.read_articles([mali_dir]))


def _by_file(briefing: Briefing, prefix: str) -> storyline.Article:
    [article] = [a for a in briefing.articles if Path(a.origin).name.startswith(prefix)]
    return article


def test_mali_briefing_has_a_summary(mali: Briefing) -> None:
    assert len(mali.articles) == 5
    assert mali.summary


def test_mali_summary_keeps_to_the_default_budget(mali: Briefing) -> None:
    assert sum(len(s.text.split()) for s in mali.summary) <= storyline.DEFAULT_WORDS


@pytest.mark.parametrize("marker", BOILERPLATE)
def test_mali_summary_has_no_boilerplate(mali: Briefing, marker: str) -> None:
    assert not [s.text for s in mali.summary if marker.lower() in s.text.lower()]


def test_mali_evidence_is_verbatim(mali: Briefing) -> None:
    text_of = {a.id: a.text for a in mali.articles}
    for sentence in mali.summary:
        first = sentence.evidence[0].span
        assert text_of[first.article_id][first.start : first.end] == sentence.text
        for evidence in sentence.evidence:
            quoted = text_of[evidence.span.article_id][evidence.span.start : evidence.span.end]
            assert quoted
            assert quoted == quoted.strip()


def test_mali_some_sentence_is_reported_by_two_outlets(mali: Briefing) -> None:
    counts = [outlet_count(mali, [e.span.article_id for e in s.evidence])[1] for s in mali.summary]
    assert max(counts) >= 2


@pytest.mark.parametrize(("prefix", "source"), [("000", "DailyMail.co.uk"), ("004", "Press TV")])
def test_mali_source_is_detected(mali: Briefing, prefix: str, source: str) -> None:
    assert _by_file(mali, prefix).source == source


def test_mali_date_line_sets_published(mali: Briefing) -> None:
    assert _by_file(mali, "003").published == "2020-08-18"


def test_mali_date_line_is_not_in_the_text(mali: Briefing) -> None:
    assert "date 2020-08-18" not in _by_file(mali, "003").text


def test_mali_repeated_paragraphs_are_removed(mali: Briefing) -> None:
    for article in mali.articles:
        paragraphs = [p.rstrip(".").replace("’", "'") for p in article.text.split("\n\n")]
        assert len(paragraphs) == len(set(paragraphs)), article.origin


def test_mali_articles_are_not_copies(mali: Briefing) -> None:
    assert mali.duplicates == ()


def test_mali_briefing_serializes(mali: Briefing) -> None:
    data = storyline.briefing_to_dict(mali)
    for sentence in data["summary"]:
        for evidence in sentence["evidence"]:
            assert (
                data["articles"][evidence["article"]]["text"][evidence["start"] : evidence["end"]] == evidence["text"]
            )


# --- A reader can answer these from the output alone, with evidence --------------------------------------------


def _spans_text(briefing: Briefing, spans: list[storyline.Span]) -> str:
    text_of = {a.id: a.text for a in briefing.articles}
    return " ".join(text_of[s.article_id][s.start : s.end] for s in spans)


def test_mali_says_who_was_detained_where_and_when(mali: Briefing) -> None:
    roles = {actor.name: [r.text for r in actor.roles] for actor in mali.actors}
    assert "President" in " ".join(roles["Ibrahim Boubacar Keita"])
    assert "Prime Minister" in roles["Boubou Cisse"]
    detained = [e for e in mali.timeline if "detain" in e.text and e.date == "2020-08-18"]
    assert any("Kati" in e.text for e in detained)


def test_mali_shows_who_condemned_it_and_with_which_words(mali: Briefing) -> None:
    quotes = [q for group in mali.quotes for q in group.quotes]
    condemns = [q for q in quotes if "strongly condemns" in q.text]
    assert condemns
    assert condemns[0].actor == "Stephane Dujarric"
    release = next(g for g in mali.quotes if any("unconditional release" in q.text for q in g.quotes))
    assert len({q.span.article_id for q in release.quotes}) >= 2  # DailyMail and article 4 both quote it
    assert any(q.actor == "Charles Michel" and "never the solution" in q.text for q in quotes)


def test_mali_outlets_agree_on_the_kati_bamako_distance(mali: Briefing) -> None:
    claim = next(c for c in mali.claims if any(v.dimension == "length" for v in c.comparisons))
    [distance] = [v for v in claim.comparisons if v.dimension == "length"]
    assert distance.compatible
    assert len({v.span.article_id for v in distance.values}) == 5
    assert "15 kilomet" in _spans_text(mali, [v.span for v in distance.values])


def test_mali_lists_what_each_outlet_alone_reports(mali: Briefing) -> None:
    assert len(mali.exclusives) == 5
    press_tv = next(e for e in mali.exclusives if e.outlet == "Press TV")
    assert any("Norwegian Embassy" in c.text for c in press_tv.claims)


def test_mali_background_holds_the_2012_coup_apart(mali: Briefing) -> None:
    assert any(e.background and e.date == "2012-03-21" for e in mali.timeline)
    assert not any(e.background and e.date.startswith("2020-08") for e in mali.timeline)


def test_mali_lists_the_shared_distance_as_a_figure_not_one_outlets_sentence(mali: Briefing) -> None:
    whole = [c for c in mali.claims if c.part == "statement" and "not clear who was behind" in c.text]
    assert not [c for c in whole if c.status == "all"]
    [distance] = [c for c in mali.claims if c.part == "figure" and c.status == "all"]
    assert len({v.span.article_id for v in distance.comparisons[0].values}) == 5
    assert all(v.dimension == "length" for v in distance.comparisons[0].values)


def test_mali_summary_names_a_person_before_calling_them_mr(mali: Briefing) -> None:
    earlier = ""
    for sentence in mali.summary:
        titled = re.match(r"(?:Mr|Mrs|Ms|Capt)\.?\s+([A-Z]\w+)", sentence.text)
        if titled:
            assert titled.group(1) in earlier
        earlier += sentence.text


def test_mali_a_statement_others_echo_is_not_listed_as_one_outlets_alone(mali: Briefing) -> None:
    alone = [c.text for e in mali.exclusives for c in e.claims]
    partly = [c for e in mali.exclusives for c in e.partly_shared if c.text.startswith("Fears of a coup in Mali")]
    assert not [t for t in alone if t.startswith("Fears of a coup in Mali")]
    assert partly
    assert all(item.reason for item in partly[0].partial)
