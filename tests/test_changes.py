"""What is new since the last briefing: new and revised articles, changed figures, corrections and retractions,
new claims and quotes, compared with the JSON of the briefing the reader saw.

Every article below is invented for these tests: a fire at a timber yard in a made-up town. The first state has
three reports. In the second, the Harbour Post has revised its article (the injured firefighters rise from four
to six, two sentences are reworded, a claim about arson is withdrawn with a correction notice) and the Valley
Times reports for the first time, with a new quotation from the mayor.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import storyline
from storyline import InputError, RawArticle
from storyline.changes import SCHEMA, Changes, changes_to_dict, what_changed
from storyline.render.changes import CHANGE_FORMATS, render_changes
from storyline.serialization import briefing_to_dict
from storyline.types import Briefing, Quantity, Span

POST_URL = "https://harbourpost.example/marrow-bay-fire"

POST_BEFORE = """A fire destroyed a timber yard in Marrow Bay on Monday night, and four firefighters were injured \
fighting the blaze, the fire service said.

The fire broke out at about 11 p.m. and spread to two neighbouring warehouses.

Police said the fire was started deliberately and that they were looking for two men seen leaving the yard.

About 40 residents of Quay Street were evacuated as a precaution.

"We saw flames taller than the church," said resident Maria Olsen.
"""

# The revision: the toll rises, one sentence is reworded, the arson claim goes and a correction notice comes.
POST_AFTER = """A fire destroyed a timber yard in Marrow Bay on Monday night, and six firefighters were injured \
fighting the blaze, the fire service said.

The blaze started at around 11 p.m. and spread to two warehouses next to the yard.

About 40 residents of Quay Street were evacuated as a precaution.

"We saw flames taller than the church," said resident Maria Olsen.

An earlier version of this article said police believed the fire was started deliberately. Police have not said \
what caused the fire.
"""

RADIO = """Four firefighters were hurt as a blaze destroyed a timber yard in Marrow Bay late on Monday.

The fire started shortly before 11 p.m., according to the fire service.

Some 40 people living on Quay Street had to leave their homes overnight.

Chief Fire Officer Dana Reyes said crews had brought the fire under control by 4 a.m. on Tuesday.

"This was one of the hardest nights of my career," Reyes said.
"""

STAR = """Marrow Bay's largest timber yard burned down on Monday night.

Four firefighters were treated in hospital for burns and smoke inhalation.

The yard's owner, Peter Lind, said the damage would run to about 2 million dollars.

Quay Street residents were allowed back to their homes on Tuesday morning.
"""

TIMES = """Two more firefighters were taken to hospital on Tuesday, bringing the number injured in the Marrow Bay \
timber yard fire to six.

The fire service said an electrical fault in a sawmill shed was the most likely cause of the fire.

Mayor Tom Berg visited Quay Street on Tuesday afternoon. "The town will help every family here get back on its \
feet," Berg said.
"""


def _raw(text: str, source: str, url: str, published: str, title: str) -> RawArticle:
    return RawArticle(text=text, origin=f"{source}.txt", title=title, source=source, url=url, published=published)


POST = _raw(POST_BEFORE, "Harbour Post", POST_URL, "2025-03-04", "Fire tears through Marrow Bay timber yard")
POST_REVISED = _raw(POST_AFTER, "Harbour Post", POST_URL, "2025-03-05", "Fire tears through Marrow Bay timber yard")
RADIO_REPORT = _raw(RADIO, "Coast Radio", "https://coastradio.example/1", "2025-03-04", "Firefighters hurt in blaze")
STAR_REPORT = _raw(STAR, "Evening Star", "https://eveningstar.example/yard", "2025-03-04", "Timber yard burns down")
TIMES_REPORT = _raw(TIMES, "Valley Times", "https://valleytimes.example/fire", "2025-03-05", "Six firefighters hurt")

BEFORE = [POST, RADIO_REPORT, STAR_REPORT]
AFTER = [POST_REVISED, RADIO_REPORT, STAR_REPORT, TIMES_REPORT]

FIRST = storyline.brief(BEFORE)
SECOND = storyline.brief(AFTER)
SEEN = briefing_to_dict(FIRST)
CHANGES = what_changed(SEEN, SECOND, since="2025-03-04 09:00")


def _text(briefing: Briefing, span: Span) -> str:
    article = next(a for a in briefing.articles if a.id == span.article_id)
    return article.text[span.start : span.end]


def _article_id(briefing: Briefing, source: str) -> str:
    return next(a.id for a in briefing.articles if a.source == source)


def test_a_new_article_is_new_and_a_changed_text_at_the_same_url_is_a_revision() -> None:
    kinds = {(change.kind, change.outlet) for change in CHANGES.new_articles}
    assert kinds == {("new", "Valley Times"), ("revised", "Harbour Post")}
    revised = next(change for change in CHANGES.new_articles if change.kind == "revised")
    assert revised.previous_id == next(a["id"] for a in SEEN["articles"] if a["source"] == "Harbour Post")
    assert revised.article_id == _article_id(SECOND, "Harbour Post") != revised.previous_id
    assert CHANGES.dropped_articles == ()


def test_the_rising_number_of_injured_firefighters_is_a_changed_figure_with_old_and_new_text() -> None:
    (change,) = CHANGES.changed_values
    assert change.dimension == "count"
    assert change.old_value == "four firefighters"
    assert change.old_reading == "4"
    assert change.old.outlet == "Harbour Post"
    assert "four firefighters were injured" in change.old.text
    assert change.old.still_in == ()  # the revision no longer says it
    assert isinstance(change.new_value, Quantity)
    assert _text(SECOND, change.new_value.span) == "six firefighters"
    assert "six firefighters were injured" in _text(SECOND, change.evidence[0].span)


def test_the_mayors_words_are_a_new_quote() -> None:
    (group,) = CHANGES.new_quotes
    (quote,) = group.quotes
    assert quote.actor == "Tom Berg"
    assert _text(SECOND, quote.span) == "The town will help every family here get back on its feet"


def test_the_withdrawn_arson_claim_is_a_correction_with_the_notice_as_evidence() -> None:
    (retraction,) = CHANGES.retractions
    assert retraction.kind == "correction"
    assert retraction.old is not None
    assert retraction.old.text.startswith("Police said the fire was started deliberately")
    (notice,) = retraction.evidence
    assert _text(SECOND, notice.span).startswith("An earlier version of this article said police believed")
    assert _text(SECOND, notice.span).endswith("Police have not said what caused the fire.")


def test_only_statements_never_made_before_are_new_claims() -> None:
    # The reworded sentences of the revised article, the correction and the new quotation are not new claims.
    texts = {claim.text for claim in CHANGES.new_claims}
    assert texts == {
        "Mayor Tom Berg visited Quay Street on Tuesday afternoon.",
        "The fire service said an electrical fault in a sawmill shed was the most likely cause of the fire.",
    }
    times = _article_id(SECOND, "Valley Times")
    assert all(item.span.article_id == times for claim in CHANGES.new_claims for item in claim.evidence)


def test_the_same_articles_again_change_nothing() -> None:
    assert what_changed(SEEN, FIRST).empty
    again = storyline.brief(list(reversed(BEFORE)))
    assert what_changed(SEEN, again).empty


def test_nothing_new_renders_as_one_line_naming_the_briefing() -> None:
    nothing = what_changed(SEEN, FIRST, since="2025-03-04 09:00")
    for output_format in ("text", "markdown"):
        assert render_changes(nothing, output_format) == "Nothing new since the briefing of 2025-03-04 09:00."
    assert render_changes(what_changed(SEEN, FIRST), "text") == "Nothing new since the last briefing."
    assert json.loads(render_changes(nothing, "json"))["empty"] is True


def test_an_article_that_left_the_briefing_takes_its_unsupported_statements_with_it() -> None:
    without_star = storyline.brief([POST_REVISED, RADIO_REPORT, TIMES_REPORT])
    changes = what_changed(briefing_to_dict(SECOND), without_star)
    assert [(c.kind, c.outlet) for c in changes.dropped_articles] == [("dropped", "Evening Star")]
    dropped = {r.old.text for r in changes.retractions if r.kind == "dropped" and r.old is not None}
    assert "The yard's owner, Peter Lind, said the damage would run to about 2 million dollars." in dropped
    # Said by the other outlets too, so still supported.
    assert not any("timber yard burned down" in text for text in dropped)
    assert changes.new_articles == ()
    assert changes.new_claims == ()
    assert changes.changed_values == ()


def test_a_claim_a_revision_removes_without_a_notice_is_retracted_as_revised() -> None:
    quiet = _raw(POST_AFTER.split("An earlier version")[0], "Harbour Post", POST_URL, "2025-03-05", "Fire")
    changes = what_changed(SEEN, storyline.brief([quiet, RADIO_REPORT, STAR_REPORT]))
    (retraction,) = changes.retractions
    assert retraction.kind == "revised"
    assert retraction.old is not None
    assert retraction.old.text.startswith("Police said the fire was started")
    assert retraction.evidence == ()


FLOOD_BEFORE = """At least 14 people died in the floods that hit Riverton on Saturday, regional officials said.

Rescue teams used boats to reach villages cut off by the water.
"""
FLOOD_AFTER = """At least 20 people died in the floods that hit Riverton on Saturday, regional officials said.

Rescue teams used boats to reach villages cut off by the water.

Another three people were found dead in a village near the dam on Monday.
"""
FLOOD_OTHER = """Floods in Riverton have killed at least 14 people, officials said on Sunday.

Boats carried rescue teams to villages the water had cut off.
"""


def test_at_least_fourteen_dead_becoming_at_least_twenty_is_a_change_although_both_can_be_true() -> None:
    url = "https://riverton.example/floods"
    before = storyline.brief([_raw(FLOOD_BEFORE, "Riverton Daily", url, "2025-06-08", "Floods"), FLOOD_OTHER])
    after = storyline.brief([_raw(FLOOD_AFTER, "Riverton Daily", url, "2025-06-10", "Floods"), FLOOD_OTHER])
    changes = what_changed(briefing_to_dict(before), after)
    # "Another three people" is an increment, not a total that replaces "at least 14".
    assert [(c.old_value, c.new_value.text) for c in changes.changed_values] == [
        ("At least 14 people", "At least 20 people")
    ]


def test_a_previous_briefing_that_is_not_one_is_refused_with_a_hint() -> None:
    with pytest.raises(InputError, match="schema"):
        what_changed({"schema": "storyline.changes/1"}, SECOND)
    broken = {**SEEN, "articles": [{"id": "a1"}]}
    with pytest.raises(InputError, match="briefing_to_dict"):
        what_changed(broken, SECOND)


def test_a_schema_1_briefing_is_read_from_its_summary() -> None:
    old = {key: SEEN[key] for key in ("method", "words", "counts", "articles", "summary", "duplicates")}
    changes = what_changed({**old, "schema": "storyline.briefing/1"}, SECOND)
    assert [c.old_value for c in changes.changed_values] == ["four firefighters"]
    assert {c.kind for c in changes.new_articles} == {"new", "revised"}


def test_every_format_renders_the_changes() -> None:
    text = render_changes(CHANGES, "text")
    assert text.startswith("What is new since the briefing of 2025-03-04 09:00")
    assert "“four firefighters” before, “six firefighters” now" in text
    assert "Harbour Post, earlier version" in text
    markdown = render_changes(CHANGES, "markdown")
    assert "## Changed figures" in markdown
    assert "## New quotes" in markdown
    assert json.loads(render_changes(CHANGES, "json"))["schema"] == SCHEMA
    assert set(CHANGE_FORMATS) == {"text", "markdown", "json"}
    with pytest.raises(InputError, match="choose one of"):
        render_changes(CHANGES, "html")


def _spans_in(data: Any) -> list[dict[str, Any]]:
    """Every span object of a changes document: a dict with an article index, offsets and text."""
    if isinstance(data, list):
        return [span for item in data for span in _spans_in(item)]
    if not isinstance(data, dict):
        return []
    own = [data] if isinstance(data.get("article"), int) and "start" in data and "text" in data else []
    return own + [span for value in data.values() for span in _spans_in(value)]


def _check_evidence(changes: Changes) -> None:
    briefing = changes.briefing
    for change in changes.changed_values:
        assert _text(briefing, change.new_value.span) == change.new_value.text
        assert all(_text(briefing, span) == change.old.text for span in change.old.still_in)
    spans = [e.span for c in changes.new_claims for e in c.evidence]
    spans += [e.span for c in changes.changed_values for e in c.evidence]
    spans += [e.span for r in changes.retractions for e in r.evidence]
    spans += [q.span for g in changes.new_quotes for q in g.quotes]
    ids = {article.id for article in briefing.articles}
    assert all(span.article_id in ids and _text(briefing, span) for span in spans)
    data = json.loads(json.dumps(changes_to_dict(changes), ensure_ascii=False))
    for span in _spans_in(data):
        assert data["articles"][span["article"]]["text"][span["start"] : span["end"]] == span["text"]


def test_evidence_is_the_current_article_text_and_the_json_keeps_the_slice_rule() -> None:
    _check_evidence(CHANGES)
    data = changes_to_dict(CHANGES)
    assert data["counts"] == {
        "new_articles": 1,
        "revised_articles": 1,
        "dropped_articles": 0,
        "new_claims": 2,
        "changed_values": 1,
        "new_quotes": 1,
        "retractions": 1,
    }
    assert data["changed_values"][0]["old"]["value"] == "four firefighters"
    assert data["changed_values"][0]["new"]["text"] == "six firefighters"


POOL = [POST, POST_REVISED, RADIO_REPORT, STAR_REPORT, TIMES_REPORT]
_SUBSETS = st.lists(st.sampled_from(range(len(POOL))), min_size=1, max_size=len(POOL), unique=True)


@settings(max_examples=12, deadline=None)
@given(seen=_SUBSETS, now=_SUBSETS)
def test_any_two_states_give_changes_whose_evidence_is_current_text(seen: list[int], now: list[int]) -> None:
    previous = briefing_to_dict(storyline.brief([POOL[i] for i in seen]))
    current = storyline.brief([POOL[i] for i in now])
    changes = what_changed(previous, current)
    _check_evidence(changes)
    if sorted(seen) == sorted(now):
        assert changes.empty
    for output_format in CHANGE_FORMATS:
        assert render_changes(changes, output_format)
