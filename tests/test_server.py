"""The HTTP API, in-process: same JSON as the CLI, limits, errors that name the field, token, host check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette.testclient")

from starlette.testclient import TestClient

from storyline import brief, read_articles
from storyline.errors import InputError
from storyline.ingest import article_to_record
from storyline.render import render
from storyline.server import ServerSettings, check_bind, create_app

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
    check_bind("0.0.0.0", "s3cret")
    check_bind("127.0.0.1", None)


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
    assert {"/api/brief", "/api/stories", "/api/stories/{story_id}", "/api/ingest"} <= set(document["paths"])
    request = document["components"]["schemas"]["BriefRequest"]
    assert request["properties"]["articles"]["maxItems"] == 200


def test_ingest_then_list_and_brief_a_story(tmp_path: Path) -> None:
    client = _client(db=tmp_path / "stories.db")
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
    since = client.get(f"/api/stories/{biggest['id']}?since_last=true")
    assert since.status_code == 200
    assert since.json()["changes"]["empty"] is True


def test_an_unknown_story_is_a_404(tmp_path: Path) -> None:
    client = _client(db=tmp_path / "stories.db")
    assert client.get("/api/stories/999").status_code == 404
    assert client.get("/api/stories/abc").status_code == 404


def test_a_bad_since_is_a_422_naming_it(tmp_path: Path) -> None:
    response = _client(db=tmp_path / "stories.db").get("/api/stories?since=yesterday-ish")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "--since"


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
