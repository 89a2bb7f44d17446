"""Outlet names and headlines as pages and feeds declare them, made readable and comparable."""

from __future__ import annotations

import pytest

import storyline
from storyline.sources.outlets import clean_title, outlet_name
from storyline.types import RawArticle


@pytest.mark.parametrize(
    ("declared", "url", "expected"),
    [
        ("ReutersIndia", "http://in.reuters.com/world/a1", "Reuters"),
        ("Reuters_Co_Uk", "http://uk.reuters.com/world/a2", "Reuters"),
        ("Valleypost_Pl", "https://valleypost.pl/a3", "Valleypost"),
        ("{$plugin.tx_news.opengraph.site_name}", "https://www.dunmere-bote.example/a4", "dunmere-bote.example"),
        ("© Spoxx 2022", "https://www.spoxx.example/a5", "Spoxx"),
        ("1337@Kultur:~$", "https://kultur.example/a6", "kultur.example"),
        ("News from The Associated Press", "", "AP"),
        ("Meridian News", "https://meridian.example/a7", "Meridian News"),
        ("", "https://www.coastalherald.example/a8", "coastalherald.example"),
    ],
)
def test_an_outlet_name_is_clean_and_names_the_outlet_not_its_edition(declared: str, url: str, expected: str) -> None:
    assert outlet_name(declared, url) == expected


@pytest.mark.parametrize(
    ("title", "outlet", "url", "expected"),
    [
        (
            "Ferry strike ends after talks - Telegraph",
            "Telegraph.co.uk",
            "http://www.telegraph.example/x",
            "Ferry strike ends after talks",
        ),
        ("How ferries get their shine | WIRED", "WIRED", "", "How ferries get their shine"),
        ("Ferry strike ends | DW | 19.01.2020", "DW.COM", "https://www.dw.example/x", "Ferry strike ends"),
        ("Ferries return to Tarnholm | Watch News Videos Online", "Global News", "", "Ferries return to Tarnholm"),
        ("Strike ends - the ferries are back", "Boing Boing", "", "Strike ends - the ferries are back"),
        (
            "Port News | Strike ends | Ferries back | Talks go on",
            "Valley Times",
            "",
            "Port News | Strike ends | Ferries back | Talks go on",
        ),
        ("Tarnholm&#039;s ferries &amp; the strike", "", "", "Tarnholm's ferries & the strike"),
    ],
)
def test_a_title_loses_the_site_name_and_entities(title: str, outlet: str, url: str, expected: str) -> None:
    assert clean_title(title, outlet, url) == expected


def test_a_saved_page_gets_a_clean_outlet_name_and_title(tmp_path: object) -> None:
    page = (
        "<html><head><title>Ferry strike ends after talks | Harbour Daily</title>"
        '<meta property="og:site_name" content="Harbour_Daily_Co_Uk"></head><body><article>'
        "<p>The ferry strike at Tarnholm ended on Tuesday after two days of talks, the union said.</p>"
        "<p>Crossings to the island resume on Wednesday morning, with extra sailings in the afternoon.</p>"
        "</article></body></html>"
    )
    article = storyline.sources.files.parse_html(page, "page.html")
    assert article.source == "Harbour Daily"
    assert article.title == "Ferry strike ends after talks"


def test_editions_of_one_outlet_count_as_one_independent_report() -> None:
    articles = [
        RawArticle(text="The Tarnholm ferry strike ended on Tuesday, the union said.", origin="1", source="Reuters"),
        RawArticle(text="Ferries to Tarnholm sail again from Wednesday after talks.", origin="2", source="Reuters"),
        RawArticle(text="Island shops ran short of milk during the ferry strike.", origin="3", source="Harbour Daily"),
    ]
    briefing = storyline.brief(articles)
    assert storyline.briefing.outlet_count(briefing, [a.id for a in briefing.articles]) == (3, 2)


def test_a_page_dated_with_a_time_zone_name_warns_nobody(recwarn: pytest.WarningsRecorder) -> None:
    page = (
        '<html><head><title>Ferry strike ends</title><meta name="last-modified" content="2014-12-29 08:57:25 EST">'
        "</head><body><article><p>The ferry strike at Tarnholm ended on Tuesday after two days of talks.</p>"
        "<p>Crossings to the island resume on Wednesday morning, with extra sailings.</p></article></body></html>"
    )
    assert storyline.sources.files.parse_html(page, "page.html").published == "2014-12-29"
    assert not [warning for warning in recwarn if "tzname" in str(warning.message)]


def test_a_site_name_followed_by_its_tagline_leaves_the_title() -> None:
    title = "Why the ferry timetable changed » Harbourlogs - Notes from the quay"
    assert clean_title(title, "Tarnholm Diary", "https://harbourlogs.tarnholm.example/ferry") == (
        "Why the ferry timetable changed"
    )


@pytest.mark.parametrize(
    ("title", "outlet", "url"),
    [
        ("News from The Associated Press", "AP", "https://hosted.ap.example/article/a9"),
        ("Tarnholm Times", "Tarnholm Times", "https://www.tarnholmtimes.example/ferry"),
    ],
)
def test_a_title_that_is_only_the_site_name_is_no_headline(title: str, outlet: str, url: str) -> None:
    assert clean_title(title, outlet, url) == ""


@pytest.mark.parametrize("credit", ["（写真＝ロイター）", " (Photo: AP)"])
def test_a_photo_credit_closing_a_title_goes(credit: str) -> None:
    assert (
        clean_title(f"Ferry strike halts crossings to Tarnholm{credit}") == "Ferry strike halts crossings to Tarnholm"
    )
