"""Rendering a Briefing as text, Markdown, JSON and HTML.

The articles below are invented for these tests: a flood in a made-up town, reported by made-up outlets.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import generated_briefings, invented_briefing
from hypothesis import HealthCheck, given, settings

import storyline
from storyline import Briefing, InputError, RawArticle
from storyline.render import FORMATS, render
from storyline.types import Claim, Evidence, OutletExclusive

MALI = Path(__file__).parents[2] / "shared" / "examples" / "mali-2020"

COOKIE_NOTICE = (
    "This site uses cookies to improve your experience. By continuing to browse, you agree to our cookie "
    "policy and to the storage of small data files on your device for measuring how many people read us."
)

COURIER = f"""Floodwater closes Marrow Bridge in Dunhallow
{COOKIE_NOTICE}
The Marrow Bridge in Dunhallow was closed on Tuesday after the river Esk rose two metres overnight.
About 400 homes near the riverbank lost power when a substation flooded.
Engineers will inspect the bridge supports before it can reopen, the council said.
Schools in the lower town will stay shut until Thursday.
"""

RADIO = """Dunhallow bridge shut as river rises
Officials closed the Marrow Bridge on Tuesday because the river Esk had risen two metres in one night.
Power failed in about 400 riverside homes after water reached a substation.
The council said engineers must inspect the bridge supports before reopening it.
A rest centre opened at the town hall for families who left their homes.
"""

LEDGER = """Esk flooding: what we know so far
Residents described water reaching their doorsteps within an hour of the first warning.
The council said engineers must inspect the bridge supports before reopening the crossing.
The Marrow Bridge stayed closed on Tuesday as the river Esk rose two metres overnight.
Farmers upstream reported fields under water and livestock moved to higher ground.
"""

HOSTILE = """Residents said the water rose fast and the Marrow Bridge was closed on Tuesday.
A reader posted <script>alert(1)</script> in the comments, which the council called a prank.
Another post read <img src=x onerror=alert(1)> and was taken down by the site within minutes.
"""


def article(text: str, source: str, title: str = "") -> RawArticle:
    return RawArticle(text=text, origin=f"test:{source}", source=source, title=title)


def flood_briefing() -> Briefing:
    return storyline.brief(
        [article(COURIER, "Dunhallow Courier"), article(RADIO, "Valley Radio"), article(LEDGER, "North Ledger")]
    )


def briefing_with_reprint() -> Briefing:
    """Valley Radio's story reprinted word for word by the Hill Times: two articles, one report."""
    return storyline.brief(
        [article(COURIER, "Dunhallow Courier"), article(RADIO, "Valley Radio"), article(RADIO, "Hill Times")]
    )


def test_text_header_counts_articles_and_independent_reports() -> None:
    output = render(flood_briefing(), "text")
    assert output.splitlines()[0].startswith("Briefing from 3 articles (3 independent reports) by ")


def test_text_says_how_many_outlets_report_each_sentence() -> None:
    briefing = flood_briefing()
    output = render(briefing, "text")
    summary = re.split(r"\n(?:Agreement and conflict|What each outlet alone reports|Timeline|Sources)\n", output)[0]
    counts = re.findall(r"reported by (\d) of 3 outlets: ", summary)
    assert len(counts) == len(briefing.summary)
    # The bridge closure is in all three articles, so at least one sentence is reported by several outlets.
    assert max(int(count) for count in counts) >= 2
    assert "Dunhallow Courier [1]" in output


def test_text_counts_a_wire_reprint_once() -> None:
    briefing = briefing_with_reprint()
    assert briefing.duplicates, "the reprint should be found as a copy"
    output = render(briefing, "text")
    assert "Briefing from 3 articles (2 independent reports)" in output
    assert "(2 articles, 1 independent)" in output or "(3 articles, 2 independent)" in output
    assert "Articles 2 and 3 are copies of one wire story (similarity" in output


def test_text_lists_sources_with_titles() -> None:
    output = render(flood_briefing(), "text")
    sources = output.split("\nSources\n", 1)[1]
    assert "[1] Dunhallow Courier — Floodwater closes Marrow Bridge in Dunhallow" in sources
    assert "[3] North Ledger — Esk flooding: what we know so far" in sources


def test_text_lines_fit_in_a_terminal() -> None:
    output = render(flood_briefing(), "text", show_removed=True)
    assert all(len(line) <= 100 for line in output.splitlines())


def test_markdown_contains_every_summary_sentence() -> None:
    briefing = flood_briefing()
    output = render(briefing, "markdown")
    for sentence in briefing.summary:
        assert sentence.text in output


def test_markdown_quotes_the_evidence_from_every_reporting_article() -> None:
    briefing = flood_briefing()
    output = render(briefing, "markdown")
    texts = {a.id: a.text for a in briefing.articles}
    for sentence in briefing.summary:
        for item in sentence.evidence:
            assert f"> {texts[item.span.article_id][item.span.start : item.span.end]}" in output


def test_markdown_references_link_to_the_sources_list() -> None:
    output = render(flood_briefing(), "markdown")
    assert '1. <a id="source-1"></a>**Dunhallow Courier**' in output
    assert "[1]: #source-1" in output
    assert "[3]: #source-3" in output


def test_markdown_escapes_markup_in_article_text() -> None:
    briefing = storyline.brief([article(HOSTILE, "Town *Notes*")])
    output = render(briefing, "markdown")
    assert not re.search(r"(?<!\\)<(script|img)", output)
    assert r"\<script\>alert(1)\</script\>" in output
    assert r"\<img src=x onerror=alert(1)\>" in output
    assert r"Town \*Notes\*" in output


def test_html_shows_script_and_event_handler_in_an_article_as_text() -> None:
    raw = RawArticle(
        text=HOSTILE + COOKIE_NOTICE.replace("cookies", "cookies <img src=x onerror=alert(1)>") + "\n",
        origin="test:hostile",
        source='Pranksters "R" <b>Us</b>',
        title="<script>alert(1)</script> bridge headline",
    )
    output = render(storyline.brief([raw, article(RADIO, "Valley Radio")]), "html", show_removed=True)
    assert output.count("<script>") == 1  # the page's own script, at the end
    assert "<script>alert(1)" not in output
    assert "<img" not in output
    assert "<b>" not in output
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in output
    assert "&lt;img src=x onerror=alert(1)&gt;" in output
    assert "Pranksters &quot;R&quot; &lt;b&gt;Us&lt;/b&gt;" in output


class TagCollector(HTMLParser):
    """Records start tags with their attributes, and the text inside each <mark>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[tuple[str, str]] = []
        self.open_mark: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "mark":
            self.open_mark = dict(attrs)["data-sentences"] or ""
            self.marks.append((self.open_mark, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.open_mark = None

    def handle_data(self, data: str) -> None:
        if self.open_mark is not None:
            sentences, text = self.marks[-1]
            self.marks[-1] = (sentences, text + data)


def test_html_marks_every_evidence_span_with_its_sentence() -> None:
    briefing = flood_briefing()
    parser = TagCollector()
    parser.feed(render(briefing, "html"))
    sentence_items = [attrs for tag, attrs in parser.tags if tag == "li" and "data-sentence" in attrs]
    assert len(sentence_items) == len(briefing.summary)
    texts = {a.id: a.text for a in briefing.articles}
    for number, sentence in enumerate(briefing.summary, start=1):
        marked = "".join(text for sentences, text in parser.marks if str(number) in sentences.split())
        for item in sentence.evidence:
            assert texts[item.span.article_id][item.span.start : item.span.end] in marked


def test_html_badges_count_outlets() -> None:
    output = render(flood_briefing(), "html")
    assert re.search(r'<span class="badge[^"]*" title="[^"]*">\d of 3 outlets</span>', output)


def test_html_loads_nothing_from_elsewhere() -> None:
    parser = TagCollector()
    parser.feed(render(flood_briefing(), "html", show_removed=True))
    for tag, attrs in parser.tags:
        assert "src" not in attrs, tag
        assert tag != "link"
        assert (attrs.get("href") or "#").startswith("#"), attrs


def test_json_round_trips_with_evidence_pointing_into_article_text() -> None:
    data = json.loads(render(briefing_with_reprint(), "json"))
    assert data["schema"] == "storyline.briefing/2"
    assert data["summary"]
    for sentence in data["summary"]:
        for evidence in sentence["evidence"]:
            text = data["articles"][evidence["article"]]["text"]
            assert text[evidence["start"] : evidence["end"]] == evidence["text"]


def test_unknown_format_raises_input_error() -> None:
    with pytest.raises(InputError, match=r"unknown format 'pdf' \(choose one of: text, markdown, json, html\)"):
        render(flood_briefing(), "pdf")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_show_removed_lists_a_removed_cookie_notice(fmt: str) -> None:
    briefing = flood_briefing()
    assert "Removed while cleaning" not in render(briefing, fmt)
    output = render(briefing, fmt, show_removed=True)
    assert "Removed while cleaning" in output
    assert "cookie or consent notice" in output
    assert "This site uses cookies to improve your experience." in output


def test_text_shortens_long_removed_text() -> None:
    output = " ".join(render(flood_briefing(), "text", show_removed=True).split())
    match = re.search(r"cookie or consent notice: (.*?…)", output)
    assert match
    shown = match.group(1)
    assert len(shown) <= 100
    assert COOKIE_NOTICE.startswith(shown[:-1])


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_a_single_article(fmt: str) -> None:
    untitled = COURIER.split("\n", 1)[1]  # without its headline, the article is known only by its number
    briefing = storyline.brief([untitled])
    assert "article 1" in render(briefing, fmt, show_removed=True)


@pytest.mark.skipif(not MALI.exists(), reason="the Mali example articles are not available")
@pytest.mark.parametrize("fmt", FORMATS)
def test_mali_example_renders_with_five_outlets(fmt: str) -> None:
    briefing = storyline.brief(storyline.read_articles([MALI]))
    output = render(briefing, fmt, show_removed=True)
    assert len(briefing.articles) == 5
    if fmt == "json":
        assert json.loads(output)["counts"]["articles"] == 5
    else:
        assert "5 articles" in output


# --- The sections after the summary, on a hand-built briefing (conftest.invented_briefing) ---------------------

SECTION_HEADINGS = [
    "Agreement and conflict",
    "What each outlet alone reports",
    "Timeline",
    "Actors",
    "Quotes",
    "Reported speech",
]
HUMAN_FORMATS = ["text", "markdown", "html"]


def plain(output: str) -> str:
    """`output` with tags dropped, entities and Markdown escapes undone, and whitespace made single spaces."""
    inline_gone = re.sub(r"</?(a|strong|span|time|mark)\b[^>]*>", "", output)
    without_tags = html.unescape(re.sub(r"<[^>]+>", " ", inline_gone))
    unescaped = re.sub(r"\\(.)", r"\1", without_tags).replace("**", "").replace("*", "")
    # Markdown cites "[2], [4]" and HTML "[2] [4]" where text has "[2, 4]": compare them in one form.
    return re.sub(r"\],? \[", ", ", " ".join(unescaped.split()))


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_every_section_appears_after_the_summary_in_order(fmt: str) -> None:
    output = render(invented_briefing(), fmt)
    if fmt == "html":
        positions = [output.index(f">{heading}</h2>") for heading in ["Summary", *SECTION_HEADINGS, "Sources"]]
    else:
        positions = [output.index(f"\n{'## ' if fmt == 'markdown' else ''}{heading}\n") for heading in SECTION_HEADINGS]
        positions.append(output.index("Sources"))
    assert positions == sorted(positions)


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_empty_sections_are_left_out(fmt: str) -> None:
    briefing = dataclasses.replace(
        invented_briefing(), claims=(), exclusives=(), timeline=(), actors=(), quotes=(), reported_speech=()
    )
    output = render(briefing, fmt)
    assert not [heading for heading in SECTION_HEADINGS if heading in output]


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_a_conflict_comes_first_with_its_explanation_and_each_value_with_its_outlet(fmt: str) -> None:
    text = plain(render(invented_briefing(), fmt))
    conflicting = text.index("Conflicting reports")
    assert conflicting < text.index("Reported by every outlet") < text.index("Reported by several outlets")
    assert "14 people and about 20 people (18 to 22) cannot both be right" in text
    for value, outlet in [("14 people", "Harbour Post [1]"), ("At least 12 people", "Valley Courier [2]")]:
        assert f"“{value}” — {outlet}" in text
    assert "“about 20 people” — Northwind Gazette [3]" in text


def test_text_says_how_many_independent_reports_make_a_claim() -> None:
    output = render(invented_briefing(), "text")
    agreement = output.split("\nAgreement and conflict\n", 1)[1]
    assert "reported by 3 of 3 outlets (4 articles, 3 independent): Harbour Post [1], Valley Courier [2, 4]," in (
        " ".join(agreement.split())
    )
    assert "reported by 2 of 3 outlets: Harbour Post [1], Northwind Gazette [3]" in agreement


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_background_events_are_listed_apart_after_the_reported_days(fmt: str) -> None:
    text = plain(render(invented_briefing(), fmt))
    timeline = text[text.index("Timeline") : text.index("Actors")]
    assert timeline.index("2024-03-07") < timeline.index("Background") < timeline.index("1962")
    assert timeline.index("Background") < timeline.index("2024-03:" if fmt != "html" else "2024-03 ")


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_a_disputed_date_shows_every_date_and_who_gives_it(fmt: str) -> None:
    text = plain(render(invented_briefing(), fmt))
    assert (
        "he dates differ: 2024-03-06 by Northwind Gazette [3]; 2024-03-07 by Harbour Post [1], Valley Courier [2, 4]"
        in text
    )


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_each_outlet_lists_what_it_alone_reports(fmt: str) -> None:
    text = plain(render(invented_briefing(), fmt))
    exclusives = text[text.index("What each outlet alone reports") : text.index("Timeline")]
    assert "Harbour Post [1]" in exclusives
    assert "The bridge was built in 1962. [1]" in exclusives
    assert "Valley Courier [2, 4]" in exclusives
    assert "said Piet Ander, a local shop owner. [2, 4]" in exclusives


def many_exclusives() -> Briefing:
    """The Harbour Post alone reporting seven things, of rising importance."""
    briefing = invented_briefing()
    post = briefing.articles[0]
    sentences = [line for line in post.text.splitlines() if line][1:]
    evidence = Evidence(storyline.Span("a1", 0, 5), 1.0)
    claims = tuple(
        Claim(
            f"Item {n}: {sentences[n % len(sentences)]}",
            (evidence,),
            "one",
            importance=n / 10,
        )
        for n in range(7)
    )
    return dataclasses.replace(briefing, exclusives=(OutletExclusive("Harbour Post", ("a1",), claims),))


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown_show_an_outlets_five_most_important_claims_and_say_how_many_more(fmt: str) -> None:
    text = plain(render(many_exclusives(), fmt))
    shown = [int(n) for n in re.findall(r"Item (\d):", text)]
    assert shown == [6, 5, 4, 3, 2]
    assert "… and 2 more, not shown here (the HTML and JSON formats list them all)" in text


def test_html_shows_every_claim_an_outlet_alone_reports() -> None:
    text = plain(render(many_exclusives(), "html"))
    assert [int(n) for n in re.findall(r"Item (\d):", text)] == [6, 5, 4, 3, 2, 1, 0]


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_actors_are_grouped_by_kind_with_roles_and_mentions_per_outlet(fmt: str) -> None:
    text = plain(render(invented_briefing(), fmt))
    actors = text[text.index("Actors") : text.index("Quotes")]
    assert actors.index("People") < actors.index("Organizations") < actors.index("Places")
    # "Mayor" and "mayor" are one role, cited in every article that gives it.
    assert "Ilse Brandt — Mayor [1, 2, 4]" in actors
    assert "also “Mayor Brandt”" in actors
    assert "named 5 times: Harbour Post [1]: 2; Valley Courier [2, 4]: 2; Northwind Gazette [3]: 1" in actors


def test_text_caps_a_long_list_of_actors() -> None:
    briefing = invented_briefing()
    place = briefing.actors[3]
    places = tuple(dataclasses.replace(place, name=f"Place {n}") for n in range(14))
    text = render(dataclasses.replace(briefing, actors=places), "text")
    assert "Place 9" in text
    assert "Place 10" not in text
    assert "… and 4 more" in text


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_quotes_show_speaker_words_and_outlets_and_each_wording_of_a_variant(fmt: str) -> None:
    text = plain(render(invented_briefing(), fmt))
    quotes = text[text.index("Quotes") : text.index("Reported speech")]
    assert "Ilse Brandt" in quotes
    assert "wording differs between outlets" in quotes
    assert "“We have never seen anything like it” — Harbour Post [1], Valley Courier [2, 4]" in quotes
    assert "“Nobody has seen anything like this” — Northwind Gazette [3]" in quotes
    assert "Piet Ander — “The middle span just dropped” — Valley Courier [2, 4], Northwind Gazette [3]" in quotes
    assert "same words in 2 outlets" in quotes


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_reported_speech_shows_speaker_clause_and_outlet(fmt: str) -> None:
    text = plain(render(invented_briefing(), fmt))
    speech = text[text.index("Reported speech") : text.index("Sources")]
    assert "Ilse Brandt: the bridge had been closed to heavy traffic since March — Harbour Post [1]" in speech
    assert (
        "The regional government: it would inspect all 40 bridges of the same design — Northwind Gazette [3]" in speech
    )


def test_text_sections_fit_in_a_terminal() -> None:
    assert all(len(line) <= 100 for line in render(invented_briefing(), "text").splitlines())


def test_markdown_sections_cite_articles_as_reference_links() -> None:
    output = render(invented_briefing(), "markdown")
    agreement = output.split("## Agreement and conflict", 1)[1].split("## Sources", 1)[0]
    assert "the fire service said. [1], [2], [3]" in agreement
    assert "**Valley Courier** [2], [4]" in agreement
    assert "[4]: #source-4" in output


def test_html_items_highlight_their_evidence_in_the_articles() -> None:
    briefing = invented_briefing()
    parser = TagCollector()
    parser.feed(render(briefing, "html"))
    items = {attrs["data-item"] for tag, attrs in parser.tags if "data-item" in attrs}
    assert {"c1", "c2", "c3", "e1-1", "e2-1", "e3-1", "t1", "t2", "t3", "a1", "a2", "q1", "q2", "r1", "r2"} <= items
    texts = {a.id: a.text for a in briefing.articles}

    def marked(key: str) -> str:
        return "".join(text for keys, text in parser.marks if key in keys.split())

    for item in briefing.claims[0].evidence:
        assert texts[item.span.article_id][item.span.start : item.span.end] in marked("c1")
    assert "Wednesday" in marked("t1")
    assert "mayor" in marked("a1")
    assert "Mayor" in marked("a1")
    assert "Nobody has seen anything like this" in marked("q1")
    assert "Mayor Ilse Brandt" in marked("q1")  # the speaker, too
    assert "it would inspect all 40 bridges of the same design" in marked("r2")


def test_html_summary_items_keep_their_sentence_numbers_beside_the_new_items() -> None:
    parser = TagCollector()
    parser.feed(render(invented_briefing(), "html"))
    assert [attrs["data-sentence"] for tag, attrs in parser.tags if "data-sentence" in attrs] == ["1"]
    assert any("1" in keys.split() and "c2" in keys.split() for keys, _ in parser.marks)


HOSTILE_NAME = "<script>alert(1)</script> Brandt"
HOSTILE_WORDS = "<img src=x onerror=alert(1)>"
HOSTILE_OUTLET = "<b>Post</b> *now*"
HOSTILE_EXPLANATION = "<iframe src=x></iframe> do not agree"


def hostile_briefing() -> Briefing:
    """Markup in a speaker and actor name, a quotation, an outlet, a role and a comparison's explanation."""
    briefing = invented_briefing(mayor=HOSTILE_NAME, words=HOSTILE_WORDS, outlet=HOSTILE_OUTLET)
    rescue = briefing.claims[0]
    comparison = dataclasses.replace(rescue.comparisons[0], explanation=HOSTILE_EXPLANATION)
    claims = (dataclasses.replace(rescue, comparisons=(comparison,)), *briefing.claims[1:])
    return dataclasses.replace(briefing, claims=claims)


def test_html_escapes_names_quotes_outlets_and_explanations() -> None:
    output = render(hostile_briefing(), "html")
    assert output.count("<script>") == 1  # the page's own script, at the end
    for markup in ("<script>alert", "<img", "<b>", "<iframe"):
        assert markup not in output
    assert "<strong>&lt;script&gt;alert(1)&lt;/script&gt; Brandt</strong>" in output  # actor, speaker
    assert "“&lt;img src=x onerror=alert(1)&gt;”" in output  # the quotation
    assert "&lt;b&gt;Post&lt;/b&gt; *now*" in output  # the outlet
    assert "&lt;iframe src=x&gt;&lt;/iframe&gt; do not agree" in output


def test_markdown_escapes_names_quotes_outlets_and_explanations() -> None:
    output = render(hostile_briefing(), "markdown")
    assert not re.search(r"(?<!\\)<(script|img|b>|iframe)", output)
    assert r"\<script\>alert(1)\</script\> Brandt" in output
    assert r"\<b\>Post\</b\> \*now\*" in output


def test_json_keeps_hostile_text_as_data() -> None:
    data = json.loads(render(hostile_briefing(), "json"))
    assert data["actors"][0]["name"] == HOSTILE_NAME
    assert data["quotes"][0]["quotes"][0]["text"] == HOSTILE_WORDS


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_briefings())
def test_every_format_renders_any_briefing(briefing: Briefing) -> None:
    for fmt in FORMATS:
        output = render(briefing, fmt, show_removed=True)
        assert output
    html_output = render(briefing, "html")
    assert html_output.count("<script>") == 1
    assert "<b>" not in html_output


def test_an_identical_quotation_is_shown_once_in_its_fullest_wording() -> None:
    briefing = invented_briefing()
    identical = briefing.quotes[1]
    trimmed = dataclasses.replace(identical.quotes[1], text="middle span just dropped")
    quotes = (briefing.quotes[0], dataclasses.replace(identical, quotes=(identical.quotes[0], trimmed)))
    text = plain(render(dataclasses.replace(briefing, quotes=quotes), "text"))
    assert "Piet Ander — “The middle span just dropped” — Valley Courier [2], Northwind Gazette [3]" in text
    assert "“middle span just dropped”" not in text


def many_reported_statements(count: int) -> Briefing:
    """The mayor's statement reported `count` times, each time numbered."""
    briefing = invented_briefing()
    said = briefing.reported_speech[0]
    statements = tuple(dataclasses.replace(said, text=f"Statement {n} was made") for n in range(count))
    return dataclasses.replace(briefing, reported_speech=statements)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_long_list_shows_its_first_items_and_says_how_many_more(fmt: str) -> None:
    text = plain(render(many_reported_statements(32), fmt))
    shown = [int(n) for n in re.findall(r"Statement (\d+) was made", text)]
    assert shown == list(range(20))
    assert "… and 12 more, not shown here (the HTML and JSON formats list them all)" in text


def test_html_folds_a_long_list_under_how_many_more() -> None:
    page = render(many_reported_statements(32), "html")
    shown = page[: page.index("… and 12 more")]
    assert [int(n) for n in re.findall(r"Statement (\d+) was made", shown)] == list(range(20))
    assert [int(n) for n in re.findall(r"Statement (\d+) was made", page)] == list(range(32))
    assert '<details class="more"><summary>… and 12 more</summary>' in page


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_a_list_at_its_cap_says_nothing_more(fmt: str) -> None:
    assert "… and" not in render(many_reported_statements(20), fmt)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown_list_the_first_twenty_outlets_own_claims_and_say_how_many_more(fmt: str) -> None:
    briefing = many_exclusives()
    claims = briefing.exclusives[0].claims[:1]
    outlets = tuple(OutletExclusive(f"Outlet {n:02d}", ("a1",), claims) for n in range(23))
    text = plain(render(dataclasses.replace(briefing, exclusives=outlets), fmt))
    assert re.findall(r"Outlet (\d\d)", text) == [f"{n:02d}" for n in range(20)]
    assert "… and 3 more outlets, not shown here (the HTML and JSON formats list them all)" in text
