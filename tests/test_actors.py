"""Actors: names found, kinds, roles, surface forms merged. Every text here is invented for the tests."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import pytest
from helpers import make_article, story
from hypothesis import given, settings
from hypothesis import strategies as st

import storyline
from storyline.actors import (
    _GAP_AND_WORD,
    _WORD,
    NameMention,
    _capitalized,
    _word_before,
    find_actors,
    find_names,
    merge_names,
)
from storyline.clean import clean_all
from storyline.segment import split
from storyline.types import Actor, Article, Span

LABELLED = Path(__file__).parent / "labelled"


def actors_of(*texts: str) -> tuple[Actor, ...]:
    articles = [make_article(text, article_id=f"a{i}") for i, text in enumerate(texts)]
    return find_actors(articles, {a.id: split(a) for a in articles})


def named(actors: Sequence[Actor], name: str) -> Actor:
    [actor] = [a for a in actors if a.name == name]
    return actor


def names(actors: Sequence[Actor]) -> set[str]:
    return {a.name for a in actors}


FERRY = story(
    "Ferry runs aground off Port Lenna",
    "Transport Minister Odile Varga said on Monday that the ferry Saint Brendan ran aground near the town of "
    "Port Lenna after its engines failed.",
    "Varga, 52, promised an inquiry. Ms Varga said the captain had reported the fault an hour earlier.",
    "The Maritime Safety Board (MSB) said its inspectors would board the ship on Tuesday.",
    "Witnesses said the ferry tilted sharply as passengers were moved to the upper deck.",
)


def test_the_recognizers_names_merged_are_the_actors_found() -> None:
    articles = [make_article(text, article_id=f"a{i}") for i, text in enumerate([FERRY, FERRY + " Varga left."])]
    sentences = {a.id: split(a) for a in articles}
    names = find_names(articles, sentences)
    assert names
    assert all(isinstance(name, NameMention) for name in names)
    assert merge_names(articles, sentences, names) == find_actors(articles, sentences)


def test_bare_surname_and_mr_form_join_the_full_name() -> None:
    actors = actors_of(FERRY)
    varga = named(actors, "Odile Varga")
    assert varga.kind == "person"
    assert {"Varga", "Ms Varga"} <= set(varga.aliases)
    assert len(varga.mentions) == 3
    assert not [a for a in actors if a.name == "Varga"]


def test_title_before_a_bare_surname_is_part_of_its_surface_form() -> None:
    text = story(
        "Budget vote", "Finance Minister Odile Varga presented the budget.", "Minister Varga said it was fair."
    )
    varga = named(actors_of(text), "Odile Varga")
    assert "Minister Varga" in varga.aliases


def test_two_people_sharing_a_surname_stay_apart() -> None:
    first = story(
        "Strike talks",
        "Interior Minister Odile Varga met the strikers on Monday.",
        "Union leader Tamas Varga said the talks had failed. Varga said the strike would go on.",
    )
    second = story("Minister speaks", "Odile Varga told parliament that the strike was illegal. Varga said so twice.")
    actors = actors_of(first, second)
    odile, tamas = named(actors, "Odile Varga"), named(actors, "Tamas Varga")
    assert odile.kind == tamas.kind == "person"
    # A bare "Varga" belongs to the Varga the same article named last before it.
    assert [m.span.article_id for m in tamas.mentions] == ["a0", "a0"]
    assert [m.span.article_id for m in odile.mentions] == ["a0", "a1", "a1"]


def test_a_bare_surname_with_a_title_goes_to_the_person_with_that_title() -> None:
    first = story("Strike talks", "Interior Minister Odile Varga met union leader Tamas Varga on Monday.")
    second = story("Later", "Minister Varga said the strike was illegal.")
    actors = actors_of(first, second)
    assert "Minister Varga" in named(actors, "Odile Varga").aliases
    assert "Minister Varga" not in named(actors, "Tamas Varga").aliases


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_possessive_is_left_out_of_the_mention(apostrophe: str) -> None:
    text = story("Visit", f"Odile Varga visited the port. Varga{apostrophe}s office said the visit went well.")
    varga = named(actors_of(text), "Odile Varga")
    assert [m.text for m in varga.mentions] == ["Odile Varga", "Varga"]


def test_acronym_in_brackets_merges_with_its_long_form() -> None:
    actors = actors_of(FERRY, story("Inquiry", "The MSB has asked the ferry's owner for its maintenance records."))
    board = named(actors, "Maritime Safety Board")
    assert board.kind == "organization"
    assert "MSB" in board.aliases
    assert [m.text for m in board.mentions] == ["Maritime Safety Board", "MSB", "MSB"]


def test_well_known_acronym_merges_with_its_long_form() -> None:
    text = story(
        "Aid",
        "The United Nations sent food to the coast on Monday.",
        "A UN convoy reached the port on Tuesday, officials said.",
    )
    un = named(actors_of(text), "United Nations")
    assert un.kind == "organization"
    assert un.aliases == ("UN",)


def test_short_company_name_merges_with_the_full_one() -> None:
    text = story(
        "Ferry owner",
        "The ferry is owned by Lenna Sea Lines Corporation, a family firm.",
        "Lenna Sea Lines said it would pay for the salvage.",
    )
    company = named(actors_of(text), "Lenna Sea Lines Corporation")
    assert company.kind == "organization"
    assert "Lenna Sea Lines" in company.aliases


def test_title_before_a_name_is_a_role_with_its_span() -> None:
    article = make_article(FERRY, article_id="a0")
    [actor] = [a for a in find_actors([article], {"a0": split(article)}) if a.name == "Odile Varga"]
    [role] = actor.roles
    assert role.text == "Transport Minister"
    assert article.text[role.span.start : role.span.end] == "Transport Minister"


def test_apposition_after_a_name_is_a_role_with_its_span() -> None:
    text = story(
        "Salvage",
        "Piet Holm, a spokesman for the port authority, said salvage would start on Friday.",
        "Nils Dahl, 61, a fisherman who saw the ferry run aground, said the sea was calm.",
    )
    article = make_article(text, article_id="a0")
    actors = find_actors([article], {"a0": split(article)})
    for name, role_text in [("Piet Holm", "spokesman for the port authority"), ("Nils Dahl", "fisherman")]:
        [role] = named(actors, name).roles
        assert role.text == role_text
        assert article.text[role.span.start : role.span.end] == role_text


def test_owner_of_a_title_belongs_to_the_role() -> None:
    text = story(
        "Reaction", "UN Secretary-General Maria Lund called for calm, and EU Council's president Jon Berg agreed."
    )
    actors = actors_of(text)
    assert [r.text for r in named(actors, "Maria Lund").roles] == ["UN Secretary-General"]
    assert [r.text for r in named(actors, "Jon Berg").roles] == ["EU Council's president"]
    assert named(actors, "UN").kind == named(actors, "EU Council").kind == "organization"


def test_demonym_in_the_role_is_left_out() -> None:
    text = story("Visit", "Malian President Sidi Kone visited the capital, Bamako, on Monday.")
    assert [r.text for r in named(actors_of(text), "Sidi Kone").roles] == ["President"]


def test_sentence_opening_words_are_not_actors() -> None:
    actors = actors_of(FERRY)
    assert not names(actors) & {"The", "Witnesses", "Transport", "Ms"}


def test_title_alone_is_not_an_actor() -> None:
    text = story("Reaction", "The Prime Minister said on Monday that the President would visit the coast.")
    assert names(actors_of(text)) == set()


def test_demonym_is_not_an_actor_but_its_embassy_is() -> None:
    text = story(
        "Advice",
        "Norwegian tourists were told to stay indoors. The Norwegian Embassy said Norwegians should avoid the port.",
        "The French embassy in Bamako said French citizens were safe.",
    )
    actors = actors_of(text)
    assert not names(actors) & {"Norwegian", "Norwegians", "French"}
    assert named(actors, "Norwegian Embassy").kind == "organization"
    assert named(actors, "French embassy").kind == "organization"


def test_place_named_like_a_person_is_a_place_when_the_text_says_so() -> None:
    text = story(
        "Flood",
        "Water rose through the town of Ana Lucia on Sunday.",
        "Ana Lucia has flooded twice in ten years, and Ana Lucia residents want a new dam.",
    )
    assert named(actors_of(text), "Ana Lucia").kind == "place"


def test_a_lone_word_that_only_speaks_is_an_organization() -> None:
    text = story("Fares", "Trains were cancelled on Monday, Railnord said. Railnord said fares would be refunded.")
    assert named(actors_of(text), "Railnord").kind == "organization"


def test_gazetteer_places_and_organizations_are_known() -> None:
    text = story("Talks", "Delegates from Mali and Niger met ECOWAS mediators in Abuja, Reuters reported.")
    kinds = {a.name: a.kind for a in actors_of(text)}
    assert kinds == {
        "Mali": "place",
        "Niger": "place",
        "ECOWAS": "organization",
        "Abuja": "place",
        "Reuters": "organization",
    }


def test_mentions_give_counts_per_article() -> None:
    actors = actors_of(FERRY, story("Follow-up", "Odile Varga visited Port Lenna again on Friday."))
    varga = named(actors, "Odile Varga")
    per_article = {aid: sum(m.span.article_id == aid for m in varga.mentions) for aid in ("a0", "a1")}
    assert per_article == {"a0": 3, "a1": 1}


def test_actors_named_by_more_articles_come_first() -> None:
    actors = actors_of(
        story("One", "Odile Varga and Piet Holm met. Holm said little. Holm left early. Holm was tired."),
        story("Two", "Odile Varga spoke."),
    )
    assert [a.name for a in actors] == ["Odile Varga", "Piet Holm"]


def test_input_order_does_not_change_the_actors() -> None:
    articles = [
        make_article(FERRY, article_id="a0"),
        make_article(story("Two", "Tamas Varga of the Maritime Safety Board spoke in Port Lenna."), article_id="a1"),
        make_article(story("Three", "Varga said the MSB had warned the owner."), article_id="a2"),
    ]
    sentences = {a.id: split(a) for a in articles}
    assert find_actors(articles, sentences) == find_actors(articles[::-1], sentences)


def test_names_from_another_recognizer_are_trimmed_and_merged() -> None:
    article = make_article("Officials at the UN said Mr Varga's ferry was safe. Varga agreed.", article_id="a0")
    text = article.text
    spans = [("the UN", "organization"), ("Mr Varga's", "person"), ("Varga", "person")]
    found = [NameMention(Span("a0", text.rindex(s), text.rindex(s) + len(s)), kind, 10.0) for s, kind in spans]
    actors = merge_names([article], {"a0": split(article)}, found)
    assert {(a.name, a.kind) for a in actors} == {("UN", "organization"), ("Varga", "person")}
    assert {m.text for m in named(actors, "Varga").mentions} == {"Mr Varga", "Varga"}


# --- Invariants over generated texts ----------------------------------------------------------------------------

FIRST_NAMES = ["Odile", "Tamas", "Ana", "Piet", "Nils", "María", "J."]
SURNAMES = ["Varga", "Holm", "Dahl", "Lucia", "O'Neill", "al-Rashid", "Kone"]
TITLES = ["", "", "Mr ", "President ", "finance minister ", "Capt. ", "the then-President "]
PLACES = ["Bamako", "Port Lenna", "the town of Ana Lucia", "Mali", "New York", "the Sahel region"]
ORGS = ["the UN", "ECOWAS", "the Maritime Safety Board (MSB)", "Reuters", "the French embassy", "M5-RFP"]
VERBS = ["said", "told reporters", "visited", "met", "criticised", "thanked"]
OPENERS = ["", "", "The ", "Witnesses said ", "However, ", "‘", "“", "In "]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    person = draw(st.sampled_from(TITLES)) + draw(st.sampled_from(FIRST_NAMES)) + " " + draw(st.sampled_from(SURNAMES))
    if draw(st.booleans()):
        person = draw(st.sampled_from(SURNAMES)) + draw(st.sampled_from(["", "’s aide", "'s office", ", 41,"]))
    other = draw(st.sampled_from(PLACES + ORGS))
    opener = draw(st.sampled_from(OPENERS))
    return f"{opener}{person} {draw(st.sampled_from(VERBS))} {other} on Monday."


@st.composite
def articles(draw: st.DrawFn) -> list[Article]:
    count = draw(st.integers(1, 3))
    texts = [
        " ".join(draw(st.lists(sentences(), min_size=1, max_size=4)))
        + "\n\n"
        + " ".join(draw(st.lists(sentences(), min_size=1, max_size=3)))
        for _ in range(count)
    ]
    return [make_article(text, article_id=f"a{i}") for i, text in enumerate(texts)]


@settings(max_examples=60, deadline=None)
@given(articles())
def test_every_mention_and_role_quotes_its_article(generated: list[Article]) -> None:
    text_of = {a.id: a.text for a in generated}
    actors = find_actors(generated, {a.id: split(a) for a in generated})
    seen: set[tuple[str, int, int]] = set()
    for actor in actors:
        assert actor.kind in ("person", "organization", "place")
        assert actor.name not in actor.aliases
        for mention in actor.mentions:
            span = mention.span
            assert mention.text == text_of[span.article_id][span.start : span.end]
            assert mention.text
            assert mention.text == mention.text.strip()
            seen.add((span.article_id, span.start, span.end))
        for role in actor.roles:
            assert role.text == text_of[role.span.article_id][role.span.start : role.span.end]
    # No two mentions overlap, within an actor or across actors.
    ordered = sorted(seen)
    for (left_id, _, left_end), (right_id, right_start, _) in pairwise(ordered):
        assert left_id != right_id or left_end <= right_start


@settings(max_examples=30, deadline=None)
@given(articles())
def test_generated_input_order_does_not_change_the_actors(generated: list[Article]) -> None:
    sentences_of = {a.id: split(a) for a in generated}
    assert find_actors(generated, sentences_of) == find_actors(generated[::-1], sentences_of)


# --- Labelled fixtures and the Mali example ---------------------------------------------------------------------


def _normalized(name: str) -> str:
    return " ".join(name.replace("’", "'").lower().split())


def _precision_recall(labels_path: Path) -> tuple[float, float]:
    """The actor list against a labelled event, matched as benchmarks/actors_compare.py and storyline.eval.labels do."""
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    folder = (labels_path.parent / labels["articles"]).resolve() if "articles" in labels else labels_path.parent
    if not folder.is_dir():
        pytest.skip(f"no articles at {folder}")
    cleaned = [a for a in clean_all(storyline.read_articles([folder])) if a.text.strip()]
    actors = find_actors(cleaned, {a.id: split(a) for a in cleaned})
    gold = labels["actors"]
    taken: set[int] = set()
    for actor in actors:
        forms = {_normalized(n) for n in (actor.name, *actor.aliases)}
        for index, label in enumerate(gold):
            label_forms = {_normalized(n) for n in (label["name"], *label.get("aliases", []))}
            if index not in taken and label["kind"] == actor.kind and forms & label_forms:
                taken.add(index)
                break
    return len(taken) / len(actors), len(taken) / len(gold)


@pytest.mark.parametrize(
    "labels_path",
    [p for p in sorted(LABELLED.glob("*/labels.json")) if "actors" in json.loads(p.read_text(encoding="utf-8"))],
    ids=lambda p: p.parent.name,
)
def test_labelled_actors_meet_the_bar(labels_path: Path) -> None:
    precision, recall = _precision_recall(labels_path)
    assert precision >= 0.9
    assert recall >= 0.8


@pytest.fixture
def mali_actors(mali_dir: Path) -> tuple[Actor, ...]:
    return storyline.brief(storyline.read_articles([mali_dir])).actors


def test_mali_president_is_one_person_with_his_surface_forms(mali_actors: tuple[Actor, ...]) -> None:
    keita = named(mali_actors, "Ibrahim Boubacar Keita")
    assert keita.kind == "person"
    assert {"Keita", "Mr Keita", "President Keita"} <= set(keita.aliases)
    assert "president" in {r.text.lower() for r in keita.roles}
    assert mali_actors[0] == keita  # named by all five outlets, most often


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Boubou Cisse", "Prime Minister"),
        ("Abdoulaye Daffe", "finance minister"),
        ("Stephane Dujarric", "spokesperson for Mr Guterres"),
        ("Antonio Guterres", "UN Secretary-General"),
        ("Amadou Haya Sanogo", "Captain"),
        ("Charles Michel", "EU Council’s president"),
        ("J. Peter Pham", "State Department’s special envoy for the Sahel region"),
    ],
)
def test_mali_people_have_their_roles(mali_actors: tuple[Actor, ...], name: str, role: str) -> None:
    actor = named(mali_actors, name)
    assert actor.kind == "person"
    assert role in [r.text for r in actor.roles]


def test_mali_two_cisses_stay_apart(mali_actors: tuple[Actor, ...]) -> None:
    assert named(mali_actors, "Soumaila Cisse").kind == named(mali_actors, "Boubou Cisse").kind == "person"
    assert "Cisse" in named(mali_actors, "Boubou Cisse").aliases


def test_mali_ecowas_is_one_organization(mali_actors: tuple[Actor, ...]) -> None:
    ecowas = named(mali_actors, "Economic Community of West African States")
    assert ecowas.kind == "organization"
    assert "ECOWAS" in ecowas.aliases
    assert len({m.span.article_id for m in ecowas.mentions}) == 2


@pytest.mark.parametrize("place", ["Kati", "Bamako", "Mali", "Sebenikoro"])
def test_mali_places_are_places(mali_actors: tuple[Actor, ...], place: str) -> None:
    assert named(mali_actors, place).kind == "place"


def test_mali_demonyms_are_not_actors(mali_actors: tuple[Actor, ...]) -> None:
    assert not names(mali_actors) & {"Malian", "Malians", "French", "Norwegians", "Islamic", "West African"}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Brannock Terminals", "organization"),
        ("Kestrel Quay", "place"),
        ("Investigation Unit", "organization"),
        ("Ruth Amadi", "person"),
        ("National Environment Agency", "organization"),
    ],
)
def test_kinds_come_from_what_the_text_says_the_name_does(name: str, kind: str) -> None:
    harbor = storyline.brief(storyline.read_articles(Path(__file__).parent.parent / "examples" / "harbor-fire"))
    assert named(harbor.actors, name).kind == kind


def test_a_persons_surname_never_becomes_an_organization() -> None:
    actors = actors_of(
        "Ruth Amadi of the National Environment Agency said the booms were holding.",
        "“Most of it is foam,” Amadi said on Sunday.",
    )
    assert named(actors, "Ruth Amadi").kind == "person"
    assert "Amadi" not in names(actors)


_WINDOW_PIECES = ["of", "town", "in", "capital", "x", "1", "é", "Of", "o", "f", " ", "  ", "\n", "\u00a0", ",", "-"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WINDOW_PIECES), max_size=9))
def test_the_word_before_a_name_is_read_from_the_end_as_the_pattern_finds_it(pieces: list[str]) -> None:
    window = "".join(pieces)
    match = re.search(r"(?<![A-Za-z])([A-Za-z]++)(,?)\s+(?:(of)\s+)?$", window)
    expected = (match.group(1), match.group(2), match.group(3) or "") if match else None
    tail = window.rstrip() if window[-1:].isspace() else ""
    assert (_word_before(tail) if tail else None) == expected


_WORD_PIECES = ["U", "S", "a", "é", "7", "_", ".", "-", "‐", "'", "’", "s", " ", ",", "\n", "Mr", "anti", "—"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_WORD_PIECES), max_size=14))
def test_words_and_the_gaps_before_them_are_what_the_plain_word_pattern_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _GAP_AND_WORD.findall(text) == re.findall(rf"([\W_]*)({_WORD.pattern})", text)


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "l", "L", "e", "E", "-", "d", "D", "'", "’", "S", "x", "é"]), min_size=1, max_size=7)
)
def test_a_word_is_capitalized_as_the_plain_rule_says(letters: list[str]) -> None:
    word = "".join(letters)
    lowered = word.lower()
    if word[0].isupper():
        expected = "-" not in word or not word.rsplit("-", 1)[1][:1].islower()
    else:
        expected = (lowered.startswith(("al-", "el-")) and len(word) > 3 and word[3].isupper()) or (
            lowered.startswith(("d'", "d’")) and len(word) > 2 and word[2].isupper()
        )
    assert _capitalized(word) == expected
