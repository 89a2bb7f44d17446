"""The HTTP API, in-process: same JSON as the CLI, limits, errors that name the field, token, host check."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette.testclient")

from starlette.testclient import TestClient

from storyline import brief, read_articles
from storyline.errors import InputError
from storyline.render import render
from storyline.sources.files import article_to_record
from storyline.stream import store as store_module
from storyline.stream.backends import is_database_url, open_store
from storyline.web.app import check_bind, create_app
from storyline.web.settings import RETRY_AFTER_SECONDS, ServerSettings

HARBOR = Path(__file__).parent.parent / "examples" / "harbor-fire"
HOSTS = ("testserver", "127.0.0.1", "localhost")


def _client(**settings: Any) -> TestClient:
    return TestClient(create_app(ServerSettings(allowed_hosts=HOSTS, **settings)), raise_server_exceptions=True)


def _harbor_request() -> dict[str, Any]:
    return {"articles": [article_to_record(raw) for raw in read_articles(HARBOR)]}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return _client()


def test_brief_returns_the_same_json_as_the_command_line(client: TestClient) -> None:
    request = _harbor_request()
    response = client.post("/api/brief", json=request)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    expected = render(brief(read_articles(HARBOR)), "json")
    got, want = response.json(), json.loads(expected)
    # Origins differ (request position against file path); everything else is the same briefing.
    for article in got["articles"] + want["articles"]:
        article.pop("origin")
    assert got == want


def test_an_article_given_as_html_is_extracted_like_an_html_file(client: TestClient) -> None:
    page = (
        "<html><head><title>Depot fire under control</title><meta property='og:site_name' content='Harbour Herald'>"
        "</head><body><nav>Home | Sport | Weather</nav><article><h1>Depot fire under control</h1>"
        "<p>Firefighters brought a fire at the Kestrel Quay fuel depot under control on Saturday afternoon.</p>"
        "<p>About 3,200 residents who were evacuated overnight were told they could not yet return home.</p>"
        "</article><footer>Accept all cookies</footer></body></html>"
    )
    plain = "Residents evacuated after the depot fire in Port Ellery were told on Saturday to stay away."
    response = client.post("/api/brief", json={"articles": [{"html": page}, {"text": plain}]})
    assert response.status_code == 200
    [article] = [a for a in response.json()["articles"] if a["source"] == "Harbour Herald"]
    assert article["title"] == "Depot fire under control"
    assert "Firefighters brought a fire" in article["text"]
    assert "Sport" not in article["text"]
    assert "cookies" not in article["text"]


def test_an_article_with_both_text_and_html_is_a_422_naming_the_field(client: TestClient) -> None:
    response = client.post("/api/brief", json={"articles": [{"text": "A fire.", "html": "<p>A fire.</p>"}]})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "articles[0].html"


def test_the_word_budget_is_passed_on(client: TestClient) -> None:
    response = client.post("/api/brief", json={**_harbor_request(), "words": 40})
    assert response.status_code == 200
    assert response.json()["words"] == 40


def test_malformed_json_is_a_422_naming_the_body(client: TestClient) -> None:
    response = client.post("/api/brief", content=b'{"articles": [', headers={"content-type": "application/json"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "body"
    assert "malformed JSON" in error["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "articles"),
        ({"articles": "text"}, "articles"),
        ({"articles": []}, "articles"),
        ({"articles": [{"text": "A fire broke out."}, {"title": "no text"}]}, "articles[1].text"),
        ({"articles": [{"text": "A fire broke out.", "published": "last Tuesday"}]}, "articles[0].published"),
        ({"articles": [{"text": "A fire broke out.", "source": 7}]}, "articles[0].source"),
        ({"articles": ["just a string"]}, "articles[0]"),
        ({"articles": [{"text": "   "}]}, "articles[0].text"),
        ({"articles": [{"text": "A fire broke out."}], "words": 0}, "words"),
        ({"articles": [{"text": "A fire broke out."}], "words": "many"}, "words"),
        ({"articles": [{"text": "A fire broke out."}], "summarizer": "magic.v9"}, "summarizer"),
        ([1, 2], "body"),
    ],
)
def test_a_bad_field_is_a_422_that_names_it(client: TestClient, body: Any, field: str) -> None:
    response = client.post("/api/brief", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field


def test_too_many_articles_is_refused_with_the_limit() -> None:
    response = _client(max_articles=3).post("/api/brief", json={"articles": [{"text": "A fire."}] * 4})
    assert response.status_code == 422
    assert "limit of 3" in response.json()["error"]["message"]


def test_a_body_over_the_size_limit_is_a_413() -> None:
    response = _client(max_body_bytes=1000).post("/api/brief", json={"articles": [{"text": "word " * 500}]})
    assert response.status_code == 413
    assert "1,000 bytes" in response.json()["error"]["message"]


def test_with_a_token_the_api_needs_it_and_the_page_does_not() -> None:
    client = _client(token="s3cret")
    body = {"articles": [{"text": "A fire broke out at the depot on Saturday morning, officials said."}]}
    assert client.post("/api/brief", json=body).status_code == 401
    wrong = client.post("/api/brief", json=body, headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 401
    right = client.post("/api/brief", json=body, headers={"Authorization": "Bearer s3cret"})
    assert right.status_code == 200
    assert client.get("/").status_code == 200


def test_serving_beyond_loopback_needs_a_token() -> None:
    with pytest.raises(InputError, match="without an access token"):
        check_bind("0.0.0.0", None)
    check_bind("0.0.0.0", "s3cret-of-16-chars")
    check_bind("127.0.0.1", None)
    with pytest.raises(InputError, match="guessable"):
        check_bind("0.0.0.0", "x")
    with pytest.raises(InputError, match="without spaces"):
        check_bind("127.0.0.1", " ")


def test_a_request_for_another_host_is_refused(client: TestClient) -> None:
    response = client.get("/api/health", headers={"host": "attacker.example"})
    assert response.status_code == 400


def test_every_response_forbids_inline_script(client: TestClient) -> None:
    for response in (client.get("/"), client.get("/api/health"), client.get("/nowhere")):
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"


def test_article_markup_comes_back_as_json_text_not_html(client: TestClient) -> None:
    text = 'Officials said <script>alert(1)</script> the fire at the <img src=x onerror="alert(2)"> depot is out.'
    response = client.post("/api/brief", json={"articles": [{"text": text}]})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert "<script>alert(1)</script>" in response.json()["articles"][0]["text"]


def test_the_page_and_its_assets_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/../server.py").status_code == 404
    assert client.get("/static/nothing.js").status_code == 404


def test_unknown_paths_and_methods_get_json_errors(client: TestClient) -> None:
    missing = client.get("/api/nothing")
    assert missing.status_code == 404
    assert missing.json()["error"]["status"] == 404
    assert client.get("/api/brief").status_code == 405


def test_openapi_describes_every_api_route(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    routes = {"/api/brief", "/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/briefings"}
    assert routes | {"/api/ingest"} <= set(document["paths"])
    request = document["components"]["schemas"]["BriefRequest"]
    assert request["properties"]["articles"]["maxItems"] == 200
    listing = document["paths"]["/api/stories"]["get"]
    assert {parameter["name"] for parameter in listing["parameters"]} == {"since", "limit", "offset", "after"}
    assert "total" in document["components"]["schemas"]["StoryList"]["required"]
    recording = document["paths"]["/api/stories/{story_id}/briefings"]["post"]
    assert "201" in recording["responses"]
    assert "Retry-After" in recording["responses"]["503"]["headers"]
    assert "503" in document["paths"]["/api/ingest"]["post"]["responses"]


def test_ingest_then_list_and_brief_a_story(store_location: str) -> None:
    client = _client(db=store_location)
    assert client.get("/api/stories").json()["stories"] == []
    ingested = client.post("/api/ingest", json=_harbor_request())
    assert ingested.status_code == 200
    again = client.post("/api/ingest", json=_harbor_request()).json()
    assert again["counts"]["added"] == 0 if "counts" in again else again["added"] == 0
    stories = client.get("/api/stories").json()["stories"]
    assert stories
    biggest = max(stories, key=lambda story: story["article_count"])
    assert biggest["article_count"] == 5
    assert {article["source"] for article in biggest["articles"]} >= {"Meridian News"}
    first = client.get(f"/api/stories/{biggest['id']}")
    assert first.status_code == 200
    assert first.json()["briefing"]["schema"] == "storyline.briefing/2"
    seen = client.post(f"/api/stories/{biggest['id']}/briefings")
    assert seen.status_code == 201
    since = client.get(f"/api/stories/{biggest['id']}?since_last=true")
    assert since.status_code == 200
    assert since.json()["changes"]["empty"] is True


def test_an_unknown_story_is_a_404(store_location: str) -> None:
    client = _client(db=store_location)
    assert client.get("/api/stories/999").status_code == 404
    assert client.get("/api/stories/abc").status_code == 404


def test_a_bad_since_is_a_422_naming_it(tmp_path: Path) -> None:
    response = _client(db=tmp_path / "stories.db").get("/api/stories?since=yesterday-ish")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "since"


def test_serve_refuses_a_public_address_without_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from storyline.cli import cli

    monkeypatch.delenv("STORYLINE_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "without an access token" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "body",
    [
        b'{"articles": [{"text": "A fire broke out."}], "summarizer": []}',
        b"[" * 100_000,
        b'{"articles": [{"text": "A fire."}], "words": ' + b"9" * 5000 + b"}",
    ],
)
def test_hostile_bodies_get_a_422_not_a_crash(client: TestClient, body: bytes) -> None:
    response = client.post("/api/brief", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"]["status"] == 422


@pytest.mark.parametrize("story_id", ["²", "99999999999999999999"])
def test_story_ids_that_are_not_plain_numbers_are_a_404(tmp_path: Path, story_id: str) -> None:
    database = tmp_path / "stories.db"
    assert _client(db=database).get(f"/api/stories/{story_id}").status_code == 404
    assert not database.exists()


def test_a_period_too_long_for_the_calendar_is_a_422(tmp_path: Path) -> None:
    client = _client(db=tmp_path / "stories.db")
    client.post("/api/ingest", json={"articles": [{"text": "A fire broke out at the depot on Saturday."}]})
    assert client.get("/api/stories?since=99999999999d").status_code == 422


def test_listing_stories_never_creates_a_store(tmp_path: Path) -> None:
    database = tmp_path / "stories.db"
    assert _client(db=database).get("/api/stories").json()["stories"] == []
    assert not database.exists()


# --- looking at a story, and recording that the user looked --------------------------------------------------


def _harbor_records(*positions: int) -> dict[str, Any]:
    records = _harbor_request()["articles"]
    return {"articles": [records[position] for position in positions]}


def _briefings_stored(database: str) -> int:
    with open_store(database) as store:
        return int(store.connection.execute("SELECT count(*) FROM briefings").fetchone()[0])


@dataclass(frozen=True)
class Harbor:
    """A client on a store holding the harbor fire without the Daily Lantern's report (article 3), and the fire's
    story id. Ingesting that report later gives "what is new" something to show."""

    client: TestClient
    database: str  # an SQLite file, or a postgresql:// URL
    story_id: int


@pytest.fixture
def harbor(store_location: str) -> Harbor:
    database = store_location
    client = _client(db=database)
    assert client.post("/api/ingest", json=_harbor_records(0, 1, 3, 4)).status_code == 200
    (story,) = client.get("/api/stories").json()["stories"]
    return Harbor(client, database, story["id"])


def test_getting_a_story_twice_stores_nothing_and_gives_the_same_changes(
    harbor: Harbor,
) -> None:
    client, database, story_id = harbor.client, harbor.database, harbor.story_id
    assert client.post(f"/api/stories/{story_id}/briefings").status_code == 201
    client.post("/api/ingest", json=_harbor_records(2))
    before = _briefings_stored(database)
    first = client.get(f"/api/stories/{story_id}?since_last=true")
    second = client.get(f"/api/stories/{story_id}?since_last=true")
    assert (first.status_code, second.status_code) == (200, 200)
    assert _briefings_stored(database) == before == 1
    assert first.json()["briefing_id"] is None
    assert first.json()["changes"]["counts"]["new_articles"] == 1
    assert first.json()["changes"] == second.json()["changes"]


def test_posting_a_briefing_stores_it_and_a_later_get_compares_against_it(
    harbor: Harbor,
) -> None:
    client, database, story_id = harbor.client, harbor.database, harbor.story_id
    opened = client.post(f"/api/stories/{story_id}/briefings", json={"since_last": True})
    assert opened.status_code == 201
    assert opened.json()["changes"] is None  # never shown before: the whole briefing
    assert _briefings_stored(database) == 1
    client.post("/api/ingest", json=_harbor_records(2))
    reopened = client.post(f"/api/stories/{story_id}/briefings", json={"since_last": True}).json()
    assert reopened["previous"]["id"] == opened.json()["briefing_id"]
    assert [article["title"] for article in reopened["changes"]["new_articles"]] == [
        "Six hurt in Kestrel Quay blaze as union questions depot staffing"
    ]
    assert _briefings_stored(database) == 2
    looked = client.get(f"/api/stories/{story_id}?since_last=true").json()
    assert looked["previous"]["id"] == reopened["briefing_id"]
    assert looked["changes"]["empty"] is True


def test_a_post_with_no_body_stores_a_briefing_without_changes(harbor: Harbor) -> None:
    client, database, story_id = harbor.client, harbor.database, harbor.story_id
    response = client.post(f"/api/stories/{story_id}/briefings", content=b"")
    assert response.status_code == 201
    assert _briefings_stored(database) == 1
    data = response.json()
    assert isinstance(data["briefing_id"], int)
    assert (data["changes"], data["previous"]) == (None, None)
    assert data == {**client.get(f"/api/stories/{story_id}").json(), "briefing_id": data["briefing_id"]}


def test_posting_a_briefing_for_an_unknown_story_is_a_404(harbor: Harbor, tmp_path: Path) -> None:
    client, database = harbor.client, harbor.database
    response = client.post("/api/stories/999/briefings", json={"since_last": True})
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "story_id"
    assert client.post("/api/stories/abc/briefings").status_code == 404
    assert _briefings_stored(database) == 0
    missing = tmp_path / "nothing-here.db"
    assert _client(db=missing).post("/api/stories/1/briefings").status_code == 404
    assert not missing.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"since_last": "yes"}', "since_last"),
        (b'{"since_last": 1}', "since_last"),
        (b'{"since_last": null}', "since_last"),
        (b"[true]", "body"),
        (b'{"since_last": tru', "body"),
    ],
)
def test_a_bad_briefings_body_is_a_422_naming_the_field(harbor: Harbor, body: bytes, field: str) -> None:
    client, database, story_id = harbor.client, harbor.database, harbor.story_id
    response = client.post(
        f"/api/stories/{story_id}/briefings", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field
    assert _briefings_stored(database) == 0


@pytest.mark.parametrize("origin", ["http://attacker.example", "http://127.0.0.1:9000", "null"])
def test_a_post_another_site_sends_through_the_browser_is_refused(tmp_path: Path, origin: str) -> None:
    database = tmp_path / "stories.db"
    client = _client(db=database)
    response = client.post("/api/ingest", json=_harbor_records(0, 1), headers={"origin": origin})
    assert response.status_code == 403
    assert "cross-site" in response.json()["error"]["message"]
    assert not database.exists()  # nothing was ingested
    brief_body = {"articles": [{"text": "A fire broke out at the depot on Saturday morning, officials said."}]}
    assert client.post("/api/brief", json=brief_body, headers={"origin": origin}).status_code == 403


def test_a_post_from_the_served_page_or_without_an_origin_is_allowed(tmp_path: Path) -> None:
    client = _client(db=tmp_path / "stories.db")
    same_site = client.post("/api/ingest", json=_harbor_records(0, 1), headers={"origin": "http://testserver"})
    assert same_site.status_code == 200
    assert client.post("/api/ingest", json=_harbor_records(1, 2)).status_code == 200  # curl, scripts
    assert client.get("/api/stories", headers={"origin": "http://attacker.example"}).status_code == 200


@pytest.mark.parametrize("fetch_site", ["cross-site", "same-site"])
def test_a_post_a_browser_marks_as_from_another_site_is_refused_without_an_origin(
    tmp_path: Path, fetch_site: str
) -> None:
    database = tmp_path / "stories.db"
    response = _client(db=database).post("/api/ingest", json=_harbor_records(0), headers={"sec-fetch-site": fetch_site})
    assert response.status_code == 403
    assert not database.exists()


def test_a_body_not_declared_json_is_refused_as_a_form_post_would_be(tmp_path: Path) -> None:
    database = tmp_path / "stories.db"
    form_like = json.dumps(_harbor_records(0)) + '&x="="'
    response = _client(db=database).post("/api/ingest", content=form_like, headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert "application/json" in response.json()["error"]["message"]
    assert not database.exists()


def test_with_a_token_a_proxy_may_rewrite_the_host_the_origin_names(tmp_path: Path) -> None:
    client = _client(db=tmp_path / "stories.db", token="s3cret")
    proxied = {"Authorization": "Bearer s3cret", "origin": "https://news.example.org", "host": "127.0.0.1"}
    assert client.post("/api/ingest", json=_harbor_records(0), headers=proxied).status_code == 200


def test_the_briefings_route_needs_the_token_and_a_known_host(tmp_path: Path) -> None:
    database = tmp_path / "stories.db"
    client = _client(db=database, token="s3cret")
    right = {"Authorization": "Bearer s3cret"}
    assert client.post("/api/ingest", json=_harbor_records(0, 1), headers=right).status_code == 200
    story_id = client.get("/api/stories", headers=right).json()["stories"][0]["id"]
    route = f"/api/stories/{story_id}/briefings"
    assert client.post(route).status_code == 401
    assert client.post(route, headers={"Authorization": "Bearer guess"}).status_code == 401
    assert client.post(route, headers={**right, "host": "attacker.example"}).status_code == 400
    assert _briefings_stored(database) == 0
    assert client.post(route, headers=right).status_code == 201
    assert client.get(route, headers=right).status_code == 405


# --- a store another process holds -------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["/api/ingest", "/api/stories/{story_id}/briefings"])
def test_a_store_locked_by_another_writer_is_a_503_with_retry_after(
    harbor: Harbor, monkeypatch: pytest.MonkeyPatch, route: str
) -> None:
    database, story_id = harbor.database, harbor.story_id
    if is_database_url(database):
        pytest.skip("a held PostgreSQL lock is tested in test_postgres.py")
    client = _client(db=database, busy_timeout_ms=20)  # give up on the lock at once, not after 5 s
    opened_with: list[int] = []
    real_open = store_module.Store.open

    def spy(*args: Any, **kwargs: Any) -> Any:
        opened_with.append(kwargs.get("busy_timeout_ms"))
        return real_open(*args, **kwargs)

    monkeypatch.setattr(store_module.Store, "open", spy)
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process in the middle of a write
    try:
        response = client.post(route.format(story_id=story_id), json=_harbor_records(2))
        assert response.status_code == 503
        assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
        error = response.json()["error"]
        assert error["status"] == 503
        assert "busy" in error["message"]
        assert "retry" in error["message"]
        assert client.get("/api/stories").status_code == 200  # readers never wait for the writer
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert client.post(route.format(story_id=story_id), json=_harbor_records(2)).status_code in (200, 201)
    assert set(opened_with) == {20}  # the server's own wait, not the command line's 30 s


def test_the_server_waits_for_another_writer_less_than_the_command_line_does() -> None:
    assert ServerSettings().busy_timeout_ms < store_module.BUSY_TIMEOUT_MS


def test_a_damaged_store_is_a_500_that_keeps_the_servers_path_to_itself(tmp_path: Path) -> None:
    database = tmp_path / "stories.db"
    database.write_bytes(b"this is not an SQLite database" * 100)
    response = _client(db=database).get("/api/stories")
    assert response.status_code == 500
    assert "damaged" in response.json()["error"]["message"]
    assert str(tmp_path) not in response.text


# --- the story list, a page at a time --------------------------------------------------------------------------

# Five invented events on five days, far apart in words and places: five stories, the most recent first.
EVENTS = [
    (
        "2026-11-16",
        "Ferry strike halts crossings to Inchmore",
        "Ferry crews on the Inchmore crossing walked out "
        "on Monday over rosters, stranding islanders and hauliers at the Carrow slipway.",
    ),
    (
        "2026-11-17",
        "Orchestra opens new hall in Lindqvist",
        "The Lindqvist Philharmonic played its first concert "
        "in the rebuilt Aurora Hall on Tuesday, with a violin concerto by Mira Tollan.",
    ),
    (
        "2026-11-18",
        "Tarrow votes for a new mayor",
        "Voters in Tarrow elected councillor Davin Ruske as mayor on "
        "Wednesday after a recount of postal ballots in the Eastgate ward.",
    ),
    (
        "2026-11-19",
        "Vell bridge reopens after repairs",
        "The Vell suspension bridge reopened to traffic on Thursday "
        "after engineers replaced corroded cables and resurfaced the deck.",
    ),
    (
        "2026-11-20",
        "Ardmore wins the cup on penalties",
        "Ardmore Rovers won the cup final on Friday evening after "
        "goalkeeper Tomas Vel saved three penalties in the shootout.",
    ),
]


@pytest.fixture
def five_stories(tmp_path: Path) -> TestClient:
    client = _client(db=tmp_path / "stories.db", stories_per_page=2)
    articles = [{"title": title, "text": text, "published": day} for day, title, text in EVENTS]
    assert client.post("/api/ingest", json={"articles": articles}).json()["added"] == 5
    return client


def test_stories_come_a_page_at_a_time_with_the_total(five_stories: TestClient) -> None:
    everything = five_stories.get("/api/stories?limit=500").json()
    assert [story["title"] for story in everything["stories"]] == [title for _, title, _ in reversed(EVENTS)]
    pages = [five_stories.get(f"/api/stories?limit=2&offset={offset}").json() for offset in (0, 2, 4, 6)]
    assert [len(page["stories"]) for page in pages] == [2, 2, 1, 0]
    assert [story for page in pages for story in page["stories"]] == everything["stories"]
    assert {(page["total"], page["limit"]) for page in pages} == {(5, 2)}
    assert [page["offset"] for page in pages] == [0, 2, 4, 6]
    assert pages[0]["schema"] == "storyline.stories/1"


def test_each_page_names_where_the_next_starts_until_the_last(five_stories: TestClient) -> None:
    everything = five_stories.get("/api/stories?limit=500").json()["stories"]
    pages = [five_stories.get("/api/stories").json()]
    while pages[-1]["next"] is not None:
        pages.append(five_stories.get(f"/api/stories?after={pages[-1]['next']}").json())
    assert [len(page["stories"]) for page in pages] == [2, 2, 1]  # five stories: no empty page at the end
    assert [story for page in pages for story in page["stories"]] == everything


@pytest.mark.parametrize("query", ["after=yesterday", "after=nan:3", "after=1.5:x", "after=1.0:" + "9" * 20])
def test_a_bad_page_position_is_a_422_naming_after(tmp_path: Path, query: str) -> None:
    response = _client(db=tmp_path / "stories.db").get(f"/api/stories?{query}")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "after"


def test_an_offset_counts_from_the_position_after_names(five_stories: TestClient) -> None:
    first = five_stories.get("/api/stories?limit=1").json()
    everything = five_stories.get("/api/stories?limit=5").json()["stories"]
    skipped = five_stories.get(f"/api/stories?limit=1&offset=2&after={first['next']}").json()
    assert skipped["stories"] == everything[3:4]


def test_a_page_holds_the_server_page_size_unless_the_request_says(five_stories: TestClient) -> None:
    default = five_stories.get("/api/stories").json()
    assert (len(default["stories"]), default["limit"], default["total"]) == (2, 2, 5)
    recent = five_stories.get("/api/stories?since=2026-11-19&limit=1").json()
    assert (len(recent["stories"]), recent["total"]) == (1, 2)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=ten", "limit"),
        ("limit=-1", "limit"),
        ("limit=", "limit"),
        ("offset=-1", "offset"),
        ("offset=1.5", "offset"),
        ("offset=" + "9" * 40, "offset"),
    ],
)
def test_a_bad_limit_or_offset_is_a_422_naming_it(tmp_path: Path, query: str, field: str) -> None:
    response = _client(db=tmp_path / "stories.db").get(f"/api/stories?{query}")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field


ATOM_FEED = (
    "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Morning Signal</title>"
    "<entry><title>Ferry and tug collide</title><id>urn:1</id><updated>2026-11-22T07:00:00Z</updated>"
    "<content type='html'>&lt;p&gt;The Kestrel ferry struck a tug off Ardmore on Sunday, the coastguard said."
    "&lt;/p&gt;</content></entry></feed>"
)


def test_a_feed_sent_to_the_api_is_briefed_entry_by_entry(client: TestClient) -> None:
    request = _harbor_request()
    request["articles"].append({"feed": ATOM_FEED})
    response = client.post("/api/brief", json=request)
    assert response.status_code == 200
    [entry] = [a for a in response.json()["articles"] if a["source"] == "Morning Signal"]
    assert entry["text"] == "The Kestrel ferry struck a tug off Ardmore on Sunday, the coastguard said."


def test_skip_unusable_leaves_out_a_bad_article_and_names_it_in_the_notes(client: TestClient) -> None:
    request = _harbor_request()
    request["articles"].append({"html": "<html><body></body></html>"})
    refused = client.post("/api/brief", json=request)
    assert refused.status_code == 422
    request["skip_unusable"] = True
    response = client.post("/api/brief", json=request)
    assert response.status_code == 200
    position = len(request["articles"]) - 1
    assert f"Skipped articles[{position}].html: no article text found in the HTML" in response.json()["notes"]
