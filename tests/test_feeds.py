"""RSS and Atom files into articles. The feeds are written here; their text is invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.sources.feeds import html_to_text, is_feed, read_feed
from storyline.sources.files import read_articles

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Coastal Herald</title>
    <link>https://www.coastalherald.example/</link>
    <item>
      <title>Fire at Kestrel Quay depot</title>
      <link>https://www.coastalherald.example/fire</link>
      <pubDate>Sat, 21 Nov 2026 23:30:00 -0300</pubDate>
      <description>&lt;p&gt;A diesel tank caught fire at the &lt;b&gt;Kestrel Quay&lt;/b&gt; depot.&lt;/p&gt;
        &lt;p&gt;About 3,200 residents were evacuated.&lt;/p&gt;&lt;script&gt;track()&lt;/script&gt;</description>
    </item>
    <item>
      <title>Empty teaser</title>
      <link>https://www.coastalherald.example/empty</link>
      <description></description>
    </item>
  </channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Morning Signal</title>
  <link href="https://signal.example/"/>
  <updated>2026-11-22T08:00:00Z</updated>
  <id>urn:signal</id>
  <entry>
    <title type="html">Ferry &amp;amp; tug collide</title>
    <link href="https://signal.example/ferry"/>
    <id>urn:signal:ferry</id>
    <updated>2026-11-22T07:00:00Z</updated>
    <summary>Short teaser.</summary>
    <content type="html">&lt;p&gt;The Kestrel ferry struck a tug off Ardmore.&lt;/p&gt;
      &lt;p&gt;Nobody was hurt.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_rss_items_become_articles_with_metadata_and_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "herald.rss"
    path.write_text(RSS, encoding="utf-8")
    (article,) = read_feed(path)  # the item without text is skipped
    assert article.title == "Fire at Kestrel Quay depot"
    assert article.url == "https://www.coastalherald.example/fire"
    assert article.source == "Coastal Herald"
    assert article.published == "2026-11-22"  # 23:30 at -03:00 is the next day in UTC
    assert article.text == "A diesel tank caught fire at the Kestrel Quay depot.\nAbout 3,200 residents were evacuated."
    assert article.origin == f"{path}#entries[0]"


def test_atom_entries_prefer_the_full_content_to_the_summary(tmp_path: Path) -> None:
    path = tmp_path / "signal.atom"
    path.write_text(ATOM, encoding="utf-8")
    (article,) = read_feed(path)
    assert article.text == "The Kestrel ferry struck a tug off Ardmore.\nNobody was hurt."
    assert article.title == "Ferry & tug collide"
    assert article.published == "2026-11-22"
    assert article.source == "Morning Signal"


def test_the_source_falls_back_to_the_domain_when_the_feed_has_no_title(tmp_path: Path) -> None:
    path = tmp_path / "untitled.xml"
    path.write_text(RSS.replace("<title>Coastal Herald</title>", ""), encoding="utf-8")
    assert read_feed(path)[0].source == "coastalherald.example"


def test_feeds_are_recognized_by_ending_or_by_content(tmp_path: Path) -> None:
    saved = tmp_path / "feed"  # no ending: sniffed
    saved.write_text(RSS, encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text("Harbour fire\nA diesel tank caught fire at the depot.\n", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Not a feed.</p></body></html>", encoding="utf-8")
    assert is_feed(tmp_path / "anything.rss")
    assert is_feed(saved)
    assert not is_feed(article)
    assert not is_feed(page)


def test_a_broken_feed_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("this is not <xml at all", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.xml"):
        read_feed(path)


def test_a_feed_without_entries_gives_no_articles(tmp_path: Path) -> None:
    path = tmp_path / "quiet.rss"
    path.write_text('<rss version="2.0"><channel><title>Quiet</title></channel></rss>', encoding="utf-8")
    assert read_feed(path) == []


def test_html_to_text_keeps_paragraphs_and_drops_scripts() -> None:
    html = "<div>First <i>line</i>.<br>Second line.</div><style>p {}</style><ul><li>Item &amp; more</li></ul>"
    assert html_to_text(html) == "First line.\nSecond line.\nItem & more"
    assert (
        html_to_text("Plain   text,\n no tags.\n\nA second paragraph.") == "Plain text, no tags.\nA second paragraph."
    )


JSON_FEED = """{"version": "https://jsonfeed.org/version/1.1", "title": "Harbour Daily",
 "home_page_url": "https://harbour.example/",
 "items": [
  {"id": "1", "url": "https://harbour.example/1", "title": "Ferry strike ends &amp; talks close",
   "date_published": "2026-03-02T10:00:00Z",
   "content_html": "<p>The ferry strike at Tarnholm ended on Tuesday after two days of talks.</p><p>Boats sail on.</p>"
  },
  {"id": "2", "url": "https://harbour.example/2", "title": "Milk runs short",
   "content_text": "Island shops ran short of milk during the ferry strike, traders said."}
 ]}"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://valley.example/"><title>Valley Times</title><link>https://valley.example/</link></channel>
  <item rdf:about="https://valley.example/bridge">
    <title>Bridge reopens</title><link>https://valley.example/bridge</link>
    <description>The Dun bridge reopened on Friday after repairs that took six weeks.</description>
  </item>
</rdf:RDF>
"""


def test_a_json_feed_is_read_entry_by_entry(tmp_path: Path) -> None:
    path = tmp_path / "harbour.json"
    path.write_text(JSON_FEED, encoding="utf-8")
    first, second = read_feed(path)
    assert first.title == "Ferry strike ends & talks close"
    assert first.text == "The ferry strike at Tarnholm ended on Tuesday after two days of talks.\nBoats sail on."
    assert (first.source, first.published, first.url) == ("Harbour Daily", "2026-03-02", "https://harbour.example/1")
    assert second.text == "Island shops ran short of milk during the ferry strike, traders said."


@pytest.mark.parametrize(("name", "content"), [("signal.atom", ATOM), ("valley.rdf.xml", RDF), ("h.json", JSON_FEED)])
def test_brief_reads_a_feed_file_as_its_entries(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    articles = read_articles(path)
    assert articles
    assert all("#entries[" in article.origin for article in articles)
    assert not any("<p>" in article.text or "{" in article.text for article in articles)


def test_a_json_file_that_is_not_a_feed_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "dark"}', encoding="utf-8")
    with pytest.raises(InputError, match="not a JSON Feed"):
        read_articles(path)
