"""The server under hostile clients: bad values, wrong tokens, slow and vanishing clients, store failures.

In-process with Starlette's TestClient, and against a real uvicorn on 127.0.0.1 for what only a socket shows.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette.testclient")

from starlette.testclient import TestClient

from storyline.errors import StoreAccessError
from storyline.stream.store import Store
from storyline.web import app as app_module
from storyline.web.app import create_app, server_config
from storyline.web.settings import TOKEN_FAILURES, ServerSettings

HOSTS = ("testserver", "127.0.0.1", "localhost")
TOKEN = "a-token-of-24-characters"
STORM = "A storm hit the coast of Vessby on Monday, flooding the harbour, officials said."


def _client(**settings: Any) -> TestClient:
    return TestClient(create_app(ServerSettings(allowed_hosts=HOSTS, **settings)))


def _storm(**fields: str) -> dict[str, Any]:
    return {"articles": [{"text": STORM, **fields}]}


# --- values ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01", "0000-01-01", "9999-99-99", "9999-12-31"])
@pytest.mark.parametrize("route", ["/api/brief", "/api/ingest"])
def test_an_impossible_or_far_future_date_is_a_422_and_stores_nothing(tmp_path: Path, route: str, day: str) -> None:
    database = tmp_path / "stories.db"
    response = _client(db=database).post(route, json=_storm(published=day))
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "articles[0].published"
    assert not database.exists() or Store(database).article_count() == 0


@pytest.mark.parametrize("field", ["title", "source", "url"])
def test_a_lone_surrogate_in_any_field_is_a_422(tmp_path: Path, field: str) -> None:
    body = json.dumps({"articles": [{"text": STORM, field: "a \ud800 b"}]})
    response = _client(db=tmp_path / "s.db").post(
        "/api/ingest", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == f"articles[0].{field}"


@pytest.mark.parametrize(
    "body",
    [b'{"articles": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", b'{"words": ' + b"9" * 5_000 + b"}"],
    ids=["nested", "long-integer"],
)
def test_deep_nesting_and_huge_numbers_in_a_body_are_a_422(body: bytes) -> None:
    response = _client().post("/api/brief", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "body"


def test_a_since_of_thousands_of_digits_is_a_422_naming_the_parameter(tmp_path: Path) -> None:
    response = _client(db=tmp_path / "s.db").get("/api/stories", params={"since": "9" * 5_000 + "d"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "since"


@pytest.mark.parametrize("story_id", ["99999999999999999999999", "9223372036854775808", "0"])
def test_story_ids_past_64_bits_are_a_404(tmp_path: Path, story_id: str) -> None:
    client = _client(db=tmp_path / "s.db")
    client.post("/api/ingest", json=_storm())
    assert client.get(f"/api/stories/{story_id}").status_code == 404
    assert client.post(f"/api/stories/{story_id}/briefings").status_code == 404


def test_a_story_holding_a_bad_stored_article_still_briefs_and_the_article_can_be_deleted(tmp_path: Path) -> None:
    database = tmp_path / "s.db"
    client = _client(db=database)
    other = "A storm struck Vessby's coast on Monday and flooded the harbour, officials there said."
    ingested = client.post("/api/ingest", json={"articles": [{"text": STORM}, {"text": other}]}).json()
    bad, good = (item["id"] for item in ingested["articles"])
    story = ingested["articles"][0]["story"]
    assert ingested["articles"][1]["story"] == story
    with sqlite3.connect(database) as connection:  # as an older version, without today's checks, stored it
        connection.execute("UPDATE articles SET published = '2026-02-30' WHERE id = ?", (bad,))
    response = client.get(f"/api/stories/{story}")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["skipped"]] == [bad]
    assert client.post(f"/api/stories/{story}/briefings").status_code == 201
    deleted = client.delete(f"/api/articles/{bad}")
    assert deleted.status_code == 200
    assert deleted.json() == {"article": bad, "story": story, "story_deleted": False, "restored": None}
    assert client.get(f"/api/stories/{story}").json()["skipped"] == []
    assert client.delete(f"/api/articles/{bad}").status_code == 404
    assert client.delete(f"/api/articles/{good}").json()["story_deleted"] is True
    assert client.get(f"/api/stories/{story}").status_code == 404
    assert Store(database).integrity_check() == "ok"


# --- tokens and HTTP ------------------------------------------------------------------------------------------


def test_a_401_names_the_bearer_scheme_and_the_scheme_is_case_insensitive() -> None:
    client = _client(token=TOKEN)
    refused = client.get("/api/stories")
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Bearer")
    wrong = client.get("/api/stories", headers={"Authorization": "Bearer wrong"})
    assert 'error="invalid_token"' in wrong.headers["www-authenticate"]
    for scheme in ("bearer", "BEARER", "Bearer"):
        assert client.get("/api/health", headers={"Authorization": f"{scheme} {TOKEN}"}).status_code == 200
        response = client.post("/api/brief", json=_storm(), headers={"Authorization": f"{scheme} {TOKEN}"})
        assert response.status_code == 200


def test_an_address_that_guesses_tokens_is_held_off_with_429() -> None:
    client = _client(token=TOKEN)
    for _ in range(TOKEN_FAILURES):
        assert client.get("/api/stories", headers={"Authorization": "Bearer guess"}).status_code == 401
    held = client.get("/api/stories", headers={"Authorization": f"Bearer {TOKEN}"})
    assert held.status_code == 429
    assert int(held.headers["retry-after"]) > 0


def test_a_405_says_which_methods_are_allowed() -> None:
    response = _client().get("/api/brief")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["error"]["status"] == 405


def test_a_request_for_another_host_gets_a_json_400() -> None:
    response = _client().get("/api/health", headers={"host": "attacker.example"})
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400
    assert "content-security-policy" in response.headers


def test_the_brief_route_refuses_an_empty_summarizer_name() -> None:
    response = _client().post("/api/brief", json={**_storm(), "summarizer": ""})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "summarizer"


# --- store and system failures --------------------------------------------------------------------------------


def test_a_store_the_system_refuses_is_a_503_without_the_servers_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "s.db"
    client = _client(db=database)
    client.post("/api/ingest", json=_storm())

    def refuse(*args: Any, **kwargs: Any) -> Store:
        raise StoreAccessError(str(database), "the store or its directory is read-only here")

    monkeypatch.setattr(Store, "open", refuse)
    for response in (client.get("/api/stories"), client.post("/api/ingest", json=_storm())):
        assert response.status_code == 503
        assert "retry-after" in response.headers
        assert str(tmp_path) not in response.text


def test_a_full_disk_is_a_503_without_the_servers_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    client = _client(db=tmp_path / "s.db")

    def full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device", str(tmp_path / "s.db"))

    monkeypatch.setattr(Store, "add_articles", full)
    response = client.post("/api/ingest", json=_storm())
    assert response.status_code == 503
    assert str(tmp_path) not in response.text


def test_a_store_that_is_not_a_database_is_told_apart_from_a_read_only_one(tmp_path: Path) -> None:
    from storyline.errors import StoreError

    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a database " * 100)
    with pytest.raises(StoreError, match="integrity_check") as caught:
        Store(damaged)
    assert not isinstance(caught.value, StoreAccessError)


# --- a real server on loopback ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _serving(db: Path, **settings: Any) -> Iterator[int]:
    port = _free_port()
    app = create_app(ServerSettings(db=db, **settings))
    server = __import__("uvicorn").Server(server_config(app, "127.0.0.1", port))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _get(port: int, path: str, timeout: float = 30) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        return int(connection.recv(64).split()[1])


def _closed(connection: socket.socket) -> bool:
    """Whether the server closed the connection (with no answer) before the socket's timeout."""
    try:
        return connection.recv(1024) == b""
    except ConnectionResetError:
        return True


def test_a_client_that_never_finishes_its_headers_is_cut_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "HEADER_TIMEOUT_SECONDS", 0.5)
    with _serving(tmp_path / "s.db", token=TOKEN) as port:
        slow = socket.create_connection(("127.0.0.1", port), timeout=30)
        slow.sendall(b"GET /api/stories HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the blank line
        assert _closed(slow)  # by the server, well before the socket's 30 s
        slow.close()
        assert _get(port, "/api/health") == 200


def test_connections_past_the_cap_are_closed_and_health_answers_again_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "MAX_CONNECTIONS", 5)
    monkeypatch.setattr(app_module, "HEADER_TIMEOUT_SECONDS", 1.0)
    with _serving(tmp_path / "s.db") as port:
        idle = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(8)]
        for connection in idle:
            connection.sendall(b"GET / HTTP/1.1\r\n")
        closed = sum(1 for connection in idle if _closed(connection))
        assert closed == 8  # three at once past the cap, five when their headers ran late
        for connection in idle:
            connection.close()
        assert _get(port, "/api/health") == 200


def test_a_slow_body_is_a_408(tmp_path: Path) -> None:
    with _serving(tmp_path / "s.db", body_timeout_seconds=0.5) as port:
        connection = socket.create_connection(("127.0.0.1", port), timeout=30)
        connection.sendall(
            b"POST /api/brief HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n{"
        )
        assert b" 408 " in connection.recv(1024)
        connection.close()


def test_a_client_hanging_up_mid_body_leaves_one_line_in_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO"), _serving(tmp_path / "s.db") as port:
        for _ in range(5):
            connection = socket.create_connection(("127.0.0.1", port), timeout=30)
            connection.sendall(
                b"POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100000\r\n\r\n" + b"{" * 100
            )
            connection.close()
        assert _get(port, "/api/health") == 200
        time.sleep(0.5)
    assert not [record for record in caplog.records if record.exc_info]
    assert not any("Traceback" in record.getMessage() for record in caplog.records)


def test_health_answers_while_a_large_page_is_being_read(tmp_path: Path) -> None:
    import httpx

    paragraph = "<p>" + "The storm flooded the harbour and the quay. " * 40 + "</p>"
    page = "<html><body><article>" + paragraph * 2_500 + "</article></body></html>"  # about 4.5 MB
    with _serving(tmp_path / "s.db", worker_processes=True) as port:
        done = threading.Event()
        statuses: list[int] = []

        def post() -> None:
            with httpx.Client(timeout=120) as client:
                response = client.post(f"http://127.0.0.1:{port}/api/brief", json={"articles": [{"html": page}]})
                statuses.append(response.status_code)
            done.set()

        worker = threading.Thread(target=post)
        worker.start()
        answered_during = 0
        with httpx.Client(timeout=60) as client:
            while not done.is_set():
                if client.get(f"http://127.0.0.1:{port}/api/health").status_code == 200 and not done.is_set():
                    answered_during += 1
                time.sleep(0.05)
        worker.join()
    assert statuses == [200]
    assert answered_during >= 3
