"""Pages with little article text: briefed from what they have, with a note saying so; refused only when they
hold no text at all. Every page here is invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import make_raw, write

import storyline
from storyline.errors import InputError
from storyline.sources.files import read_articles

STORY = (
    "Ferry crews walked out on Wednesday morning, halting every crossing to the island of Tarnholm. "
    "The union said the strike would last 48 hours unless the operator reopened talks on pay. "
    "Islanders queued at the harbour for the one fishing boat that still took passengers. "
)


def _page(body: str, *, head: str = "", title: str = "Ferry strike halts crossings") -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>"
        "<meta property='og:site_name' content='Northwind Gazette'>"
        f"{head}</head><body><nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav>{body}</body></html>"
    )


def test_a_page_built_by_script_is_read_from_its_linked_data_body(tmp_path: Path) -> None:
    linked = {"@context": "https://schema.org", "@type": "NewsArticle", "articleBody": STORY * 3}
    head = f"<script type='application/ld+json'>{json.dumps(linked)}</script>"
    body = "<figure><figcaption>Crews on the quay at dawn.</figcaption></figure><div id='app'></div>"
    [article] = read_articles([write(tmp_path, "ferry.html", _page(body, head=head))])
    assert article.text.startswith("Ferry crews walked out on Wednesday morning")


def test_a_page_whose_body_is_read_well_keeps_it_over_a_short_linked_data_body(tmp_path: Path) -> None:
    linked = {"@type": "NewsArticle", "articleBody": "Ferry crews walked out."}
    head = f"<script type='application/ld+json'>{json.dumps(linked)}</script>"
    page = _page(f"<article><p>{STORY}</p><p>{STORY.upper().lower()}</p></article>", head=head)
    [article] = read_articles([write(tmp_path, "ferry.html", page)])
    assert "halting every crossing" in article.text


def test_a_script_page_with_only_a_description_is_briefed_from_it_with_a_note(tmp_path: Path) -> None:
    head = (
        "<meta name='description' content='Ferry crews walked out on Wednesday, halting every crossing to "
        "the island of Tarnholm for two days.'>"
    )
    body = "<noscript>JavaScript is disabled on your browser. Please enable JavaScript to use this site.</noscript>"
    articles = read_articles([write(tmp_path, "ferry.html", _page(body, head=head))])
    briefing = storyline.brief(articles)
    assert [s.text for s in briefing.summary] == [
        "Ferry crews walked out on Wednesday, halting every crossing to the island of Tarnholm for two days."
    ]
    assert any("description is briefed instead" in note for note in briefing.notes)


def test_a_teaser_cut_off_mid_sentence_is_briefed_as_it_is() -> None:
    teaser = "Ferry crews walked out on Wednesday morning and halted every crossing to the island of Tarnholm, while"
    briefing = storyline.brief(make_raw(f"{teaser}\n", title="Ferry strike"))
    assert [s.text for s in briefing.summary] == [teaser]
    assert any("lines without a sentence end" in note for note in briefing.notes)


def test_a_page_of_menu_and_title_case_links_is_still_refused() -> None:
    menu = "Home\nSport\nVideo Promotion: The Power of Coastal Innovation Today\nWatch More Videos From Our Team\n"
    with pytest.raises(InputError, match="no article text left after cleaning"):
        storyline.brief(make_raw(menu, title="Ferry video"))


def test_a_page_with_no_text_and_no_description_is_refused(tmp_path: Path) -> None:
    page = "<html><head><script>location.replace('https://example.org/')</script></head><body></body></html>"
    with pytest.raises(InputError, match="no article text found in the HTML"):
        read_articles([write(tmp_path, "redirect.html", page)])


def test_a_description_that_repeats_the_title_is_not_briefed(tmp_path: Path) -> None:
    head = "<meta name='description' content='Ferry strike halts crossings'>"
    articles = read_articles([write(tmp_path, "ferry.html", _page("<div id='app'></div>", head=head))])
    with pytest.raises(InputError, match="no article text left after cleaning"):
        storyline.brief(articles)


def test_a_single_first_person_sentence_is_still_summarized() -> None:
    line = "We hope this is the last time we come across these ferry strikes on the island."
    briefing = storyline.brief(make_raw(f"Ferry strikes\n{line}\n"))
    assert [s.text for s in briefing.summary] == [line]


def test_a_very_long_article_is_briefed_up_to_a_bound_with_a_note() -> None:
    from storyline.clean import MAX_BRIEFED_CHARS

    paragraphs = [f"On day {n} of the strike, {STORY}" for n in range(MAX_BRIEFED_CHARS // len(STORY) + 40)]
    briefing = storyline.brief(make_raw("Ferry strike diary\n" + "\n".join(paragraphs) + "\n"), summary_only=True)
    [article] = briefing.articles
    assert MAX_BRIEFED_CHARS // 2 < len(article.text) <= MAX_BRIEFED_CHARS
    assert article.text.endswith(".")
    assert any("Only the first" in note for note in briefing.notes)


def test_a_description_only_page_beside_full_articles_is_briefed_with_them() -> None:
    full = make_raw(f"Ferry strike halts crossings\n{STORY}\n", origin="full.txt")
    thin = make_raw(
        "Home\nSport\n",
        origin="thin.html",
        title="Strike ends",
        description="The ferry strike to Tarnholm ended on Friday after the operator agreed to reopen talks on pay.",
    )
    briefing = storyline.brief([full, thin], summary_only=True)
    assert len(briefing.articles) == 2
    assert any(note.startswith("thin.html has no article text in full sentences") for note in briefing.notes)


def test_a_reprint_notice_alone_is_no_article() -> None:
    notice = (
        "Reprints: This copy is for your personal, non-commercial use only. To order presentation-ready "
        "copies for distribution to your colleagues, use the order form."
    )
    full = make_raw(f"Ferry strike halts crossings\n{STORY}\n", origin="full.txt")
    briefing = storyline.brief([full, make_raw(notice + "\n", origin="reprint.txt")], summary_only=True)
    assert [article.origin for article in briefing.articles] == ["full.txt"]


def test_a_heading_in_capitals_is_not_briefed_as_text() -> None:
    heading = "HARBOUR & FERRY COMMITTEE (Meetings as listed below)"
    with pytest.raises(InputError, match="no article text left after cleaning"):
        storyline.brief(make_raw(f"{heading}\nMonday 4 May at 9:00 AM, Harbour Office\n", title="Ferry meetings"))


def test_a_description_in_title_case_is_briefed_when_the_page_has_nothing_else() -> None:
    description = "View Photos of the Tarnholm Ferry Strike on the Quay at Dawn"
    raw = make_raw("Home\nSport\n", origin="photos.html", description=description)
    briefing = storyline.brief(raw)
    assert [s.text for s in briefing.summary] == [description]


def test_many_loosely_read_articles_share_one_short_note() -> None:
    teasers = [
        make_raw(
            f"Crossing {n} to Tarnholm stays shut while the crews and the operator keep talking\n",
            origin=f"{n}.txt",
            title=f"Crossing {n}",
        )
        for n in range(6)
    ]
    briefing = storyline.brief(teasers, summary_only=True)
    [note] = [note for note in briefing.notes if "full sentences" in note]
    assert note.startswith("0.txt, 1.txt, 2.txt and 3 more have no article text in full sentences")


def test_many_skipped_articles_share_one_short_note() -> None:
    full = make_raw(f"Ferry strike halts crossings\n{STORY}\n", origin="full.txt")
    menus = [make_raw("Home\nSport\nWeather\n", origin=f"menu{n}.html") for n in range(5)]
    briefing = storyline.brief([full, *menus], summary_only=True)
    assert briefing.notes == (
        "Skipped menu0.html, menu1.html, menu2.html and 2 more: no article text left after cleaning.",
    )
