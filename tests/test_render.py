"""Rendering a Briefing as text, Markdown, JSON and HTML.

The articles below are invented for these tests: a flood in a made-up town, reported by made-up outlets.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import storyline
from storyline import Briefing, InputError, RawArticle
from storyline.render import FORMATS, render

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
    counts = re.findall(r"reported by (\d) of 3 outlets: ", output)
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
    assert data["schema"] == "storyline.briefing/1"
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
