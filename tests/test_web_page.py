"""The web page (storyline/web/) in a real headless Chromium, against the real server started in-process.

Skipped when Playwright or Chromium is missing, unless STORYLINE_REQUIRE_BROWSER=1 (CI sets it): then those
are failures. Never runs `playwright install`: it uses the system's Chromium. Every wait is Playwright's own
auto-waiting with a generous timeout; nothing asserts on time.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "harbor-fire"
ARTIFACTS = ROOT / "test-artifacts" / "web"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 30_000  # generous: two shared cores, a cold browser
PWNED = "window.__pwned=1"


def _unavailable(reason: str) -> None:
    if os.environ.get("STORYLINE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (STORYLINE_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


def _chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _serving(db: Path, **settings: Any) -> Iterator[str]:
    """The real app under uvicorn in a background thread, with its story store at `db`; yields its address."""
    try:
        import uvicorn

        from storyline.web.app import create_app
        from storyline.web.settings import ServerSettings
    except ImportError as error:
        _unavailable(f"the server needs starlette and uvicorn: {error}")
    port = _free_port()
    app = create_app(ServerSettings(db=db, **settings))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The story store of the module's server, in a temporary folder."""
    return tmp_path_factory.mktemp("web-store") / "storyline.db"


@pytest.fixture(scope="module")
def base_url(store_path: Path) -> Iterator[str]:
    with _serving(store_path) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the python package playwright is not installed")
    executable = _chromium()
    if executable is None:
        _unavailable("no chromium on this machine (apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as error:  # Playwright raises its own Error type for a browser that will not start
            _unavailable(f"chromium would not start: {error}")
        yield launched
        launched.close()


class Watched:
    """A page with what must never happen on it recorded: dialogs (alert from injected script) and errors."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def watched(browser: Any, base_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto(base_url + "/")
    yield Watched(page)
    context.close()


def _example_paste() -> str:
    """The bundled example as a reader would paste it: the files' texts with `---` lines between them."""
    return "\n---\n".join(path.read_text(encoding="utf-8") for path in sorted(EXAMPLE.glob("*.txt")))


def _brief(page: Any, paste: str) -> Any:
    """Paste, press Brief, and return the API's response."""
    page.fill("#articles-text", paste)
    with page.expect_response(lambda response: response.url.endswith("/api/brief"), timeout=WAIT_MS) as info:
        page.click("#brief-button")
    return info.value


def _check_marks(page: Any, evidence: list[dict[str, Any]]) -> None:
    """Every evidence item is a <mark> in its article's card whose text is the item's text, verbatim."""
    from playwright.sync_api import expect

    for position, item in enumerate(evidence):
        card = page.locator(f'#evidence article.source[data-article="{item["article"]}"]')
        mark = card.locator(f'mark[data-evidence="{position}"]')
        expect(mark).to_have_count(1)
        assert mark.text_content() == item["text"]


def test_briefing_shows_outlets_and_highlights_evidence(watched: Watched) -> None:
    from playwright.sync_api import expect

    page = watched.page
    response = _brief(page, _example_paste())
    assert response.ok
    data = response.json()
    sentences = page.locator("ol.summary > li")
    expect(sentences).to_have_count(len(data["summary"]))
    assert data["summary"], "the example has a summary"
    for position, sentence in enumerate(data["summary"]):
        badges = sentences.nth(position).locator(".badge.outlet").all_text_contents()
        assert badges == sentence["reported_by"]["outlets"]

    sentences.first.click()
    evidence = data["summary"][0]["evidence"]
    _check_marks(page, evidence)
    first_mark = page.locator(f'#evidence article.source[data-article="{evidence[0]["article"]}"] mark').first
    expect(first_mark).to_be_in_viewport()  # scrolled into view inside its article's box
    expect(sentences.first).to_have_attribute("aria-current", "true")

    # The keyboard reaches every sentence, and Enter selects one.
    sentences.nth(1).focus()
    page.keyboard.press("Enter")
    expect(sentences.nth(1)).to_have_attribute("aria-current", "true")
    _check_marks(page, data["summary"][1]["evidence"])

    sentences.first.click()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "briefing.png"), full_page=True)
    assert watched.errors == []


HOSTILE_ARTICLES = [
    "Title: Council closes <script>window.__pwned=1</script> quay road\n"
    'Source: <img src=x onerror="window.__pwned=1">\n'
    "URL: javascript:window.__pwned=1\n\n"
    "The harbor council voted on Tuesday to close the old quay road <script>window.__pwned=1</script> "
    "after storm damage.\n\n"
    'Engineers said the sea wall <img src=x onerror="window.__pwned=1"> had cracked in two places.\n\n'
    'Residents can read the report <a href="javascript:window.__pwned=1">here</a> at javascript:window.__pwned=1.',
    "Title: Quay road shut after storm\n\n"
    "The harbor council voted on Tuesday to close the old quay road after storm damage "
    "<script>window.__pwned=1</script>.\n\n"
    'Engineers said the sea wall had cracked in two places <img src=x onerror="window.__pwned=1">.\n\n'
    'Drivers were told to use <a href="javascript:window.__pwned=1" onclick="window.__pwned=1">the ring road</a>.',
]


def test_article_markup_is_shown_as_text_and_never_runs(watched: Watched) -> None:
    from playwright.sync_api import expect

    page = watched.page
    response = _brief(page, "\n---\n".join(HOSTILE_ARTICLES))
    assert response.ok, response.text()
    data = response.json()
    briefing = page.locator("#briefing")
    expect(briefing).to_contain_text("<script>window.__pwned=1</script>")
    # Select every item so that each article's whole text is rendered in the evidence view too.
    items = page.locator("#briefing [data-item]")
    for position in range(items.count()):
        items.nth(position).click()
        expect(page.locator("#evidence article.source").first).to_be_visible()
    expect(page.locator("#evidence")).to_contain_text("<img src=x onerror=")
    assert any("<script>" in article["text"] for article in data["articles"])

    assert page.evaluate("() => window.__pwned") is None
    assert watched.dialogs == []
    assert page.locator("script").count() == 1  # the page's own app.js
    assert page.locator("#app img, #app iframe, #app object, #app embed").count() == 0
    assert page.locator('a[href^="javascript:" i], [onerror], [onclick]').count() == 0
    assert watched.errors == []


def test_api_error_is_shown_with_its_field(watched: Watched) -> None:
    from playwright.sync_api import expect

    page = watched.page
    error_box = page.locator("#error")

    response = _brief(page, "Title: A headline and nothing else\n")
    assert response.status == 422
    problem = response.json()["error"]
    expect(error_box).to_be_visible()
    expect(error_box).to_contain_text(problem["message"])
    expect(error_box.locator(".error-field")).to_contain_text(problem["field"])
    expect(error_box).to_contain_text("pasted article 1")

    response = _brief(page, "   \n")
    assert response.status == 422
    expect(error_box).to_contain_text(response.json()["error"]["message"])
    expect(page.locator("#result")).to_be_hidden()


def test_claim_shows_evidence_for_every_outlet(watched: Watched) -> None:
    from playwright.sync_api import expect

    page = watched.page
    data = _brief(page, _example_paste()).json()
    assert data["claims"], "the example has claims"
    rows = page.locator("table.claims tbody tr")
    expect(rows).to_have_count(len(data["claims"]))
    for position in range(len(data["claims"])):
        row = rows.nth(position)
        claim = data["claims"][int(row.get_attribute("data-claim") or "")]
        row.click()
        expect(row).to_have_attribute("aria-current", "true")
        cards = page.locator("#evidence article.source")
        labels = set(cards.locator(".source-label .badge").all_text_contents())
        assert set(claim["reported_by"]["outlets"]) <= labels
        for outlet in claim["reported_by"]["outlets"]:
            card = cards.filter(has=page.locator(".source-label .badge", has_text=outlet)).first
            expect(card.locator("mark.cite").first).to_be_visible()
        _check_marks(page, claim["evidence"])


def test_stored_story_shows_what_is_new(watched: Watched) -> None:
    """The stories panel and a story's "what is new", from responses shaped as the store's API sends them."""
    from playwright.sync_api import expect

    import storyline

    page = watched.page
    briefing = storyline.briefing_to_dict(storyline.brief(storyline.read_articles(EXAMPLE)))
    value = briefing["claims"][0]["comparisons"][0]["values"][0]
    changes = {
        "schema": "storyline.changes/1",
        "since": "2026-03-13",
        "empty": False,
        "counts": {"new_claims": 1, "changed_values": 1},
        "articles": briefing["articles"],
        "new_claims": [briefing["claims"][1]],
        "changed_values": [
            {
                "dimension": value["dimension"],
                "old": {"value": "2,000 people", "reading": "2000", "sentence": None},
                "new": value,
                "evidence": [{key: value[key] for key in ("article", "article_id", "start", "end", "text")}],
            }
        ],
    }
    story = {"id": 7, "title": "Fire at the Kestrel Quay depot", "article_count": 5, "outlet_count": 4}
    page.route("**/api/stories", lambda route: route.fulfill(json={"stories": [story]}))
    requests: list[tuple[str, Any]] = []

    def opened(route: Any) -> None:
        requests.append((route.request.method, route.request.post_data_json))
        route.fulfill(status=201, json={"story": story, "briefing": briefing, "changes": changes})

    page.route(re.compile(r"/api/stories/7/briefings$"), opened)
    page.reload()
    button = page.locator("#story-list button", has_text="Fire at the Kestrel Quay depot")
    expect(button).to_contain_text("5 articles")
    button.click()
    expect(page.locator("#changes")).to_contain_text("What is new")
    expect(page.locator("ol.summary > li")).to_have_count(len(briefing["summary"]))
    changed = page.locator("#changes li[data-item]", has_text="2,000 people")
    changed.click()
    mark = page.locator(f'#evidence article.source[data-article="{value["article"]}"] mark.cite')
    expect(mark).to_have_text(value["text"])
    assert requests == [("POST", {"since_last": True})]
    assert watched.errors == []


def test_files_are_read_in_the_browser(watched: Watched) -> None:
    """.txt files are one article each, .jsonl one article a line; a bad line is reported before briefing."""
    import json

    from playwright.sync_api import expect

    page = watched.page
    paths = sorted(EXAMPLE.glob("*.txt"))
    lines = [json.dumps({"text": path.read_text(encoding="utf-8")}) for path in paths[2:]]
    chosen = [{"name": path.name, "mimeType": "text/plain", "buffer": path.read_bytes()} for path in paths[:2]]
    chosen.append({"name": "more.jsonl", "mimeType": "application/x-ndjson", "buffer": "\n".join(lines).encode()})
    page.set_input_files("#file-input", chosen)
    expect(page.locator("#file-list li")).to_have_count(3)
    expect(page.locator("#file-list")).to_contain_text(f"more.jsonl {len(lines)} articles")
    with page.expect_response(lambda response: response.url.endswith("/api/brief")) as info:
        page.click("#brief-button")
    data = info.value.json()
    assert data["counts"]["articles"] == len(paths)
    expect(page.locator("ol.summary > li")).to_have_count(len(data["summary"]))
    expect(page.locator("#articles")).to_contain_text(f"from {paths[0].name}")
    expect(page.locator("#articles")).to_contain_text("from more.jsonl line 1")

    page.set_input_files("#file-input", [{"name": "bad.jsonl", "mimeType": "text/plain", "buffer": b'{"text": 1\n'}])
    expect(page.locator("#file-list")).to_contain_text("bad.jsonl line 1: not valid JSON (")
    expect(page.locator("#file-list")).to_contain_text("(skipped)")
    with page.expect_response(lambda response: response.url.endswith("/api/brief")) as again:
        page.click("#brief-button")  # the unreadable file is left out, as the command line skips it
    assert again.value.json()["counts"]["articles"] == len(paths)
    expect(page.locator("#error")).to_be_hidden()


def test_a_latin_1_text_file_and_a_feed_are_read_as_the_command_line_reads_them(watched: Watched) -> None:
    from playwright.sync_api import expect

    page = watched.page
    latin = "Feu au dépôt\n\nUn incendie s'est déclaré lundi au dépôt de Port Ellery, selon les autorités."
    feed = (
        "<?xml version='1.0' encoding='ISO-8859-1'?><rss version='2.0'><channel><title>Valley Times</title>"
        "<item><title>Dépôt en feu</title><description>Le dépôt de carburant a brûlé pendant la nuit, "
        "a indiqué la préfecture.</description></item></channel></rss>"
    )
    chosen = [
        {"name": "depot.txt", "mimeType": "text/plain", "buffer": latin.encode("latin-1")},
        {"name": "valley.xml", "mimeType": "application/rss+xml", "buffer": feed.encode("latin-1")},
        {"name": "empty-page.html", "mimeType": "text/html", "buffer": b"<html><body><nav>Home</nav></body></html>"},
    ]
    page.set_input_files("#file-input", chosen)
    expect(page.locator("#file-list li")).to_have_count(3)
    with page.expect_response(lambda response: response.url.endswith("/api/brief")) as info:
        page.click("#brief-button")
    data = info.value.json()
    texts = " ".join(article["text"] for article in data["articles"])
    assert "s'est déclaré lundi au dépôt" in texts
    assert "Le dépôt de carburant a brûlé" in texts
    assert any(note.startswith("Skipped articles[2]") for note in data["notes"])
    expect(page.locator(".overview .notes")).to_contain_text("Skipped empty-page.html: no article text")


def test_saved_web_pages_and_markdown_are_sent_for_the_server_to_read_as_the_command_line_does(
    watched: Watched,
) -> None:
    from playwright.sync_api import expect

    page = watched.page
    paths = sorted(EXAMPLE.glob("*.txt"))
    headline, _, body = paths[1].read_text(encoding="utf-8").partition("\n")
    paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines() if line.strip())
    saved = (
        f"<html><head><title>{headline}</title><meta property='og:site_name' content='Harbour Herald'></head>"
        "<body><nav><a href='/'>Home</a> | <a href='/sport'>Sport</a></nav>"
        "<div class='cookies'>We use cookies. Accept all cookies to continue.</div>"
        f"<article><h1>{headline}</h1>{paragraphs}</article><footer>Subscribe to our newsletter</footer></body></html>"
    )
    md_headline, _, md_body = paths[4].read_text(encoding="utf-8").partition("\n")
    notes = f"# {md_headline}\n\n" + md_body.replace("\n\n", "\n\n**Update:** ", 1)
    chosen = [
        {"name": "saved-page.html", "mimeType": "text/html", "buffer": saved.encode()},
        {"name": paths[0].name, "mimeType": "text/plain", "buffer": paths[0].read_bytes()},
        {"name": "notes.md", "mimeType": "text/markdown", "buffer": notes.encode()},
    ]
    page.set_input_files("#file-input", chosen)
    expect(page.locator("#file-list li")).to_have_count(3)
    with page.expect_response(lambda response: response.url.endswith("/api/brief")) as info:
        page.click("#brief-button")
    sent = (info.value.request.post_data_json or {})["articles"]
    assert "<article>" in sent[0]["html"]
    assert sent[2] == {"markdown": notes}
    data = info.value.json()
    [from_notes] = [a for a in data["articles"] if a["title"] == md_headline]
    assert "**" not in from_notes["text"]
    saved_article = next(a for a in data["articles"] if a["source"] == "Harbour Herald")
    assert saved_article["title"] == headline
    assert "cookies" not in saved_article["text"]
    assert "Sport" not in saved_article["text"]
    assert "<p>" not in saved_article["text"]
    expect(page.locator("ol.summary > li").first).to_be_visible()
    assert watched.errors == []


def test_pasted_html_source_is_sent_as_html(watched: Watched) -> None:
    page = watched.page
    paths = sorted(EXAMPLE.glob("*.txt"))
    headline, _, body = paths[1].read_text(encoding="utf-8").partition("\n")
    source = (
        f"<html><head><title>{headline}</title></head><body><nav>Home | Sport</nav><article><h1>{headline}</h1>"
        + "".join(f"<p>{line}</p>" for line in body.splitlines() if line.strip())
        + "</article></body></html>"
    )
    data = _brief(page, source + "\n---\n" + paths[0].read_text(encoding="utf-8")).json()
    [from_source] = [a for a in data["articles"] if a["title"] == headline]
    assert "<p>" not in from_source["text"]
    assert "Sport" not in from_source["text"]
    assert watched.errors == []


def test_token_in_the_address_is_sent_and_kept_out_of_it(watched: Watched, base_url: str) -> None:
    from playwright.sync_api import expect

    page = watched.page
    sent: list[str | None] = []

    def stories(route: Any) -> None:
        sent.append(route.request.headers.get("authorization"))
        route.fulfill(json={"stories": []})

    page.route("**/api/stories", stories)
    page.goto("about:blank")
    page.goto(base_url + "/#token=s3cret-token")
    expect(page.locator("#stories-empty")).to_be_visible()
    assert sent == ["Bearer s3cret-token"]
    assert "s3cret" not in page.url
    page.reload()  # kept for this tab in sessionStorage
    expect(page.locator("#stories-empty")).to_be_visible()
    assert sent == ["Bearer s3cret-token", "Bearer s3cret-token"]


def _stored_briefings(store_path: Path) -> int:
    import sqlite3

    with sqlite3.connect(store_path) as connection:
        return int(connection.execute("SELECT count(*) FROM briefings").fetchone()[0])


def test_opening_a_stored_story_records_it_so_what_is_new_starts_from_there(watched: Watched, store_path: Path) -> None:
    """Against the real store: opening a story POSTs its briefing (stored as seen); reloading stores nothing;
    after a new report arrives, opening it again shows that report under "What is new"."""
    from playwright.sync_api import expect

    from storyline import read_articles
    from storyline.stream.ingest import ingest_articles
    from storyline.stream.store import Store

    page = watched.page
    reports = read_articles(EXAMPLE)
    late = reports[2]  # the Daily Lantern's report arrives after the first look
    with Store(store_path) as store:
        ingest_articles(store, [report for report in reports if report is not late], parallel=False)

    def open_story() -> Any:
        page.reload()
        button = page.locator("#story-list button", has_text="Port Ellery depot")
        with page.expect_response(lambda response: "/api/stories/" in response.url) as info:
            button.click()
        response = info.value
        assert (response.request.method, response.status) == ("POST", 201)
        assert response.request.post_data_json == {"since_last": True}
        expect(page.locator("ol.summary > li").first).to_be_visible()
        return response.json()

    first = open_story()
    assert isinstance(first["briefing_id"], int)
    assert first["changes"] is None  # never looked at before: the whole briefing, nothing "new"
    expect(page.locator("#changes")).to_have_count(0)
    page.reload()
    expect(page.locator("#story-list button", has_text="Port Ellery depot")).to_be_visible()
    assert _stored_briefings(store_path) == 1  # loading the page is not looking at the story

    with Store(store_path) as store:
        ingest_articles(store, [late], parallel=False)
    second = open_story()
    assert second["previous"]["id"] == first["briefing_id"]
    changes = page.locator("#changes")
    expect(changes).to_contain_text("What is new")
    expect(changes).to_contain_text("Six hurt in Kestrel Quay blaze")

    open_story()
    expect(page.locator("#changes")).to_contain_text("Nothing has changed since then.")
    assert _stored_briefings(store_path) == 3
    assert watched.errors == []


# Three invented events on three days, far apart in words: three stories, more than a page of two.
EVENTS = [
    ("2026-11-18", "Tarrow votes for a new mayor", "Voters in Tarrow elected councillor Davin Ruske as mayor."),
    ("2026-11-19", "Vell bridge reopens after repairs", "The Vell suspension bridge reopened to traffic on Thursday."),
    ("2026-11-20", "Ardmore wins the cup on penalties", "Ardmore Rovers won the cup final after a penalty shootout."),
]


def test_more_stories_button_loads_the_next_page(browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    from storyline.stream.ingest import ingest_articles
    from storyline.stream.store import Store
    from storyline.types import RawArticle

    store_path = tmp_path / "paged.db"
    articles = [RawArticle(text=text, origin=f"event {day}", title=title, published=day) for day, title, text in EVENTS]
    with Store(store_path) as store:
        assert ingest_articles(store, articles, parallel=False).stories == len(EVENTS)
    newest_first = [title for _, title, _ in reversed(EVENTS)]
    with _serving(store_path, stories_per_page=2) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.set_default_timeout(WAIT_MS)
        try:
            page = context.new_page()
            watched = Watched(page)
            page.goto(url + "/")
            titles = page.locator("#story-list .story-title")
            expect(titles).to_have_text(newest_first[:2])
            more = page.locator("#stories-more")
            expect(more).to_be_visible()
            expect(page.locator("#stories-count")).to_have_text("Showing 2 of 3.")
            with page.expect_response(lambda response: "/api/stories?after=" in response.url) as info:
                more.click()
            assert info.value.json()["total"] == 3
            expect(titles).to_have_text(newest_first)
            expect(more).to_be_hidden()
            expect(page.locator("#stories-count")).to_be_hidden()
            assert watched.errors == []
        finally:
            context.close()
