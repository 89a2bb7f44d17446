"""Ingesting from web addresses: a feed, its entries' pages with --full-text, one article page, and failures.

A real HTTP server on 127.0.0.1 serves invented pages; nothing leaves the machine.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.errors import InputError
from storyline.sources import fetch
from storyline.sources.fetch import Fetcher, is_url
from storyline.stream.ingest import ingest
from storyline.stream.store import Store
from storyline.stream.watch import watch

STRIKE = (
    "Ferry crews walked out on Wednesday morning, halting every crossing to the island of Tarnholm for the first "
    "time in eleven years. The union said the strike would last 48 hours unless the operator reopened talks on "
    "pay. About 2,000 passengers a day use the route, most of them commuters and school pupils."
)
TALKS = (
    "The operator of the Tarnholm ferries agreed on Thursday to reopen pay talks with the crews' union, a day "
    "after a strike halted every crossing. Sailings will resume on Friday morning, the company said, and tickets "
    "booked for the strike days will be refunded in full."
)


def page(title: str, body: str, canonical: str = "") -> bytes:
    link = f"<link rel='canonical' href='{canonical}'>" if canonical else ""
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in body.rstrip(".").split(". "))
    return (
        f"<html><head><title>{title}</title><meta property='og:site_name' content='Island Courier'>{link}"
        "<meta property='article:published_time' content='2026-11-18T07:00:00Z'></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/sport'>Sport</a> | <a href='/weather'>Weather</a></nav>"
        "<div class='consent'>We use cookies to improve your experience. Accept all cookies?</div>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Subscribe to our newsletter. Copyright Island Courier.</footer></body></html>"
    ).encode()


def feed(base: str) -> bytes:
    items = [
        ("Ferry strike halts crossings to Tarnholm", "/news/strike.html", "Crews walked out on Wednesday."),
        ("Pay talks to reopen", "/news/talks.html", "The operator agreed to reopen talks."),
        ("Timetable change", "/news/gone.html", "Winter sailings start on Monday, the operator said."),
    ]
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><description>{summary}</description>"
        "<pubDate>Wed, 18 Nov 2026 08:00:00 GMT</pubDate></item>"
        for title, path, summary in items
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>Tarnholm Herald</title>"
        f"<link>{base}/</link>{entries}</channel></rss>"
    ).encode()


@dataclass
class Site:
    base: str
    requests: Counter[str]
    routes: dict[str, tuple[int, str, bytes]]


@pytest.fixture
def site() -> Iterator[Site]:
    requests: Counter[str] = Counter()
    routes: dict[str, tuple[int, str, bytes]] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests[self.path] += 1
            if self.path in ("/moved", "/to-ftp"):
                self.send_response(301)
                self.send_header("Location", "/news/strike.html" if self.path == "/moved" else "ftp://example.com/x")
                self.end_headers()
                return
            if self.path.startswith("/go?to="):  # a redirect to anywhere
                self.send_response(302)
                self.send_header("Location", self.path.removeprefix("/go?to="))
                self.end_headers()
                return
            if self.path == "/unsized":  # no Content-Length: the body ends when the connection closes
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<html><body>" + b"<p>Filler text for the size cap.</p>" * 100 + b"</body></html>")
                return
            status, media_type, body = routes.get(self.path, (404, "text/plain", b"not found"))
            etag = f'"{zlib.crc32(body):x}"'
            if self.path == "/feed" and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", media_type)
            if self.path == "/feed":  # /feed.xml sends no validators, as many feeds do not
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    routes["/feed"] = (200, "application/rss+xml", feed(base))
    routes["/feed.xml"] = (200, "text/xml; charset=utf-8", feed(base))
    routes["/news/strike.html"] = (200, "text/html; charset=utf-8", page("Ferry strike halts crossings", STRIKE))
    routes["/news/talks.html"] = (
        200,
        "text/html",
        page("Pay talks to reopen", TALKS, canonical="https://courier.example/talks"),
    )
    routes["/empty.html"] = (200, "text/html", b"<html><body></body></html>")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield Site(base, requests, routes)
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fetcher honours http_proxy as urllib does; requests to the test server must not go through one.
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "s.db") as opened:
        yield opened


def no_wait() -> Fetcher:
    # The invented site is on 127.0.0.1, which the default policy refuses (tests of that below).
    return Fetcher(delay=0.0, allow_private=True)


def stored_texts(store: Store) -> dict[str, str]:
    rows = store.connection.execute("SELECT title, text FROM articles WHERE superseded = 0").fetchall()
    return {title: text for title, text in rows}


def test_a_feed_address_gives_one_article_per_entry_with_the_feed_as_source(site: Site, store: Store) -> None:
    report = ingest(store, [site.base + "/feed"], fetcher=no_wait(), parallel=False)
    assert report.added == 3
    rows = store.connection.execute("SELECT source, url, published FROM articles").fetchall()
    assert {source for source, _, _ in rows} == {"Tarnholm Herald"}
    assert {url for _, url, _ in rows} == {
        site.base + p for p in ("/news/strike.html", "/news/talks.html", "/news/gone.html")
    }
    assert {published for _, _, published in rows} == {"2026-11-18"}
    assert stored_texts(store)["Pay talks to reopen"] == "The operator agreed to reopen talks."
    assert set(site.requests) == {"/feed"}  # the pages are fetched only when asked for


def test_a_feed_served_as_plain_xml_is_recognized_by_its_root(site: Site, store: Store) -> None:
    assert ingest(store, [site.base + "/feed.xml"], fetcher=no_wait(), parallel=False).added == 3


def test_full_text_replaces_each_summary_with_the_main_text_of_its_page(
    site: Site, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="storyline"):
        report = ingest(store, [site.base + "/feed"], full_text=True, fetcher=no_wait(), parallel=False)
    assert report.added == 3
    texts = stored_texts(store)
    assert "halting every crossing to the island of Tarnholm" in texts["Ferry strike halts crossings to Tarnholm"]
    assert "tickets booked for the strike days will be refunded" in texts["Pay talks to reopen"]
    for text in texts.values():
        assert "cookies" not in text
        assert "Sport" not in text
    # The page that is gone keeps the feed's text, with a warning naming the entry and the failure.
    assert texts["Timetable change"] == "Winter sailings start on Monday, the operator said."
    assert "HTTP 404" in caplog.text
    assert "entries[2]" in caplog.text
    # Title, outlet and URL stay the feed's, so every entry of one feed names its outlet the same way.
    rows = store.connection.execute("SELECT source, url FROM articles WHERE title = 'Pay talks to reopen'").fetchall()
    assert rows == [("Tarnholm Herald", site.base + "/news/talks.html")]


def test_full_text_does_not_fetch_again_the_pages_already_stored(site: Site, store: Store) -> None:
    ingest(store, [site.base + "/feed"], full_text=True, fetcher=no_wait(), parallel=False)
    again = ingest(store, [site.base + "/feed"], full_text=True, fetcher=no_wait(), parallel=False)
    assert (again.added, again.revised, again.unchanged) == (0, 0, 3)
    assert site.requests["/news/strike.html"] == 1
    assert site.requests["/news/talks.html"] == 1
    assert "tickets booked" in stored_texts(store)["Pay talks to reopen"]  # not revised back to the summary
    assert site.requests["/news/gone.html"] == 2  # kept with the feed's text, so asked for again


def test_a_page_that_failed_is_fetched_again_and_its_text_replaces_the_feeds(site: Site, store: Store) -> None:
    ingest(store, [site.base + "/feed"], full_text=True, fetcher=no_wait(), parallel=False)
    site.routes["/news/gone.html"] = (200, "text/html", page("Timetable change", TALKS.replace("pay", "timetable")))
    again = ingest(store, [site.base + "/feed"], full_text=True, fetcher=no_wait(), parallel=False)
    assert (again.added, again.revised) == (0, 1)
    assert "reopen timetable talks" in stored_texts(store)["Timetable change"]


def test_a_feed_ingested_without_full_text_gets_its_pages_on_a_later_full_text_run(site: Site, store: Store) -> None:
    ingest(store, [site.base + "/feed"], fetcher=no_wait(), parallel=False)
    again = ingest(store, [site.base + "/feed"], full_text=True, fetcher=no_wait(), parallel=False)
    assert again.revised == 2  # strike and talks; the gone page keeps the feed's text
    assert "halting every crossing" in stored_texts(store)["Ferry strike halts crossings to Tarnholm"]


def test_a_link_with_letters_outside_ascii_is_fetched(site: Site, store: Store) -> None:
    site.routes["/news/caf%C3%A9.html"] = (200, "text/html", page("Caf\u00e9 reopens", STRIKE))
    ingest(store, [site.base + "/news/caf\u00e9.html"], fetcher=no_wait(), parallel=False)
    assert "Caf\u00e9 reopens" in stored_texts(store)


def test_a_redirect_to_another_scheme_is_refused(site: Site, store: Store) -> None:
    with pytest.raises(InputError, match="non-http"):
        ingest(store, [site.base + "/to-ftp"], fetcher=no_wait(), parallel=False)


def test_an_article_page_address_gives_its_main_text_and_canonical_url(site: Site, store: Store) -> None:
    ingest(store, [site.base + "/news/talks.html", site.base + "/moved"], fetcher=no_wait(), parallel=False)
    rows = store.connection.execute("SELECT title, source, url, published, text FROM articles").fetchall()
    by_title = {row[0]: row[1:] for row in rows}
    source, url, published, text = by_title["Pay talks to reopen"]
    assert (source, url, published) == ("Island Courier", "https://courier.example/talks", "2026-11-18")
    assert "Sport" not in text
    # Without a canonical link the URL is where the redirect led.
    assert by_title["Ferry strike halts crossings"][1] == site.base + "/news/strike.html"


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/nothing-here", "HTTP 404"),
        ("/empty.html", "no article text"),
    ],
)
def test_an_address_that_gives_no_article_is_an_input_error_naming_it(
    site: Site, store: Store, path: str, problem: str
) -> None:
    with pytest.raises(InputError, match=problem) as caught:
        ingest(store, [site.base + path], fetcher=no_wait(), parallel=False)
    assert caught.value.where == site.base + path
    assert store.article_count() == 0


def test_an_unreachable_address_is_an_input_error_that_says_to_check_the_connection(store: Store) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(InputError, match="check the address and the network connection"):
        ingest(store, [f"http://127.0.0.1:{port}/feed"], fetcher=no_wait(), parallel=False)


@pytest.mark.parametrize("path", ["/feed", "/unsized"])  # the size declared, or only counted while reading
def test_a_body_over_the_size_cap_is_refused(site: Site, store: Store, path: str) -> None:
    with pytest.raises(InputError, match="over 0 MB"):
        ingest(store, [site.base + path], fetcher=Fetcher(delay=0.0, max_bytes=500, allow_private=True), parallel=False)


def test_the_timeout_bounds_the_whole_download_not_each_read() -> None:
    now = [0.0]

    class Dripping:
        """A body that arrives a byte every 3 s, each well inside a 20 s socket timeout. read1 returns what
        has arrived; read(n) would wait for n bytes, so the deadline would never be looked at."""

        def read1(self, size: int) -> bytes:
            now[0] += 3.0
            return b"x"

    fetcher = Fetcher(timeout=20.0, clock=lambda: now[0])
    with pytest.raises(InputError, match="no full answer within 20 seconds"):
        fetcher._body(Dripping(), "http://slow.example/feed", deadline=20.0)


def test_a_page_is_read_in_the_charset_it_declares() -> None:
    body = "<html><head><meta charset='shift_jis'></head><body><p>\u6771\u4eac</p></body></html>"
    assert "\u6771\u4eac" in fetch.decoded(fetch.Fetched("u", body.encode("shift_jis"), "text/html"))
    latin = fetch.Fetched("u", "caf\u00e9".encode("latin-1"), "text/html", charset="iso-8859-1")
    assert fetch.decoded(latin) == "caf\u00e9"
    assert fetch.decoded(fetch.Fetched("u", "caf\u00e9".encode("cp1252"), "text/html")) == "caf\u00e9"


def test_addresses_are_made_ascii_for_the_http_client() -> None:
    assert fetch.ascii_url("https://b\u00fccher.example/caf\u00e9 bar?q=\u00fc") == (
        "https://xn--bcher-kva.example/caf%C3%A9%20bar?q=%C3%BC"
    )
    assert fetch.ascii_url("http://x.example/a%20b?c=d&e=f") == "http://x.example/a%20b?c=d&e=f"


def test_requests_to_one_host_are_spaced_by_the_delay() -> None:
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    fetcher = Fetcher(delay=1.0, sleep=sleep, clock=lambda: now[0])
    fetcher._get = lambda url, since: fetch.Fetched(url, b"", "text/html")  # type: ignore[method-assign]
    fetcher.get("http://one.example/a")
    fetcher.get("http://one.example/b")
    fetcher.get("http://two.example/a")
    now[0] += 0.25
    fetcher.get("http://one.example/c")
    assert waits == [1.0, 0.75]


def test_only_http_addresses_are_fetched() -> None:
    assert is_url("https://example.com/feed")
    assert not is_url("ftp://example.com/feed")
    assert not is_url("news/feed.xml")


def test_ingest_command_takes_an_address_and_full_text(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "HOST_DELAY_SECONDS", 0.0)
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(cli, ["ingest", site.base + "/feed", "--full-text", "--allow-private", "--db", db])
    assert result.exit_code == 0, result.output
    assert "3 articles: 3 added" in result.output
    with Store(db) as opened:
        assert "halting every crossing" in stored_texts(opened)["Ferry strike halts crossings to Tarnholm"]
    missing = CliRunner().invoke(cli, ["ingest", site.base + "/nothing-here", "--allow-private", "--db", db])
    assert missing.exit_code == 1
    assert f"storyline: skipped {site.base}/nothing-here: the server answered HTTP 404" in missing.output


def test_watch_asks_a_feed_again_conditionally_and_ingests_only_what_changed(site: Site, store: Store) -> None:
    seen: list[tuple[str, int]] = []
    rounds = iter(
        [
            lambda: None,  # nothing changes: the server answers 304
            lambda: site.routes.update(
                {"/feed": (200, "application/rss+xml", feed(site.base).replace(b"Winter sailings", b"Spring sailings"))}
            ),
        ]
    )
    watch(
        store,
        [site.base + "/feed", site.base + "/feed.xml"],
        feed_interval=0,
        rounds=3,
        on_ingest=lambda source, report: seen.append((str(source).removeprefix(site.base), report.added)),
        sleep=lambda seconds: next(rounds)(),
        fetcher=no_wait(),
    )
    # /feed.xml repeats /feed's entries (same links and texts), so it adds nothing new and is then unchanged.
    assert seen == [("/feed", 3), ("/feed.xml", 0), ("/feed", 0)]
    assert site.requests["/feed"] == 3
    assert site.requests["/feed.xml"] == 3
    assert store.article_count() == 4  # the changed entry is a revision of its URL


def test_watch_asks_a_feed_no_more_often_than_its_interval(site: Site, store: Store) -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    fetcher = Fetcher(allow_private=True)
    watch(
        store,
        site.base + "/feed",
        interval=5,
        feed_interval=600,
        rounds=5,
        sleep=sleep,
        clock=lambda: now[0],
        fetcher=fetcher,
    )
    assert site.requests["/feed"] == 1


def test_watch_reports_a_failing_address_and_goes_on_with_the_others(
    site: Site, store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "note.txt").write_text("Ferry strike ends\n\n" + TALKS + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="storyline"):
        watch(store, [site.base + "/nothing-here", folder, site.base + "/feed"], rounds=1, fetcher=no_wait())
    assert "HTTP 404" in caplog.text
    assert store.article_count() == 4


def test_watch_refuses_a_source_that_is_neither_a_directory_nor_an_address(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a directory"):
        watch(store, [str(tmp_path / "missing"), "ftp://example.com/feed"], rounds=1)


def test_an_ipv6_address_keeps_its_brackets() -> None:
    assert fetch.ascii_url("http://[::1]:8000/feed") == "http://[::1]:8000/feed"
    assert fetch.ascii_url("http://[::1]/feed") == "http://[::1]/feed"


def test_a_malformed_address_in_a_feed_is_an_input_error_not_a_crash() -> None:
    with pytest.raises(InputError, match="not a usable web address"):
        Fetcher(delay=0.0).get("http://[oops/x")
    assert fetch.ascii_url("http://example.com/a%2Fb+c") == "http://example.com/a%2Fb+c"


def test_a_byte_order_mark_and_a_utf16_meta_are_read_as_browsers_read_them() -> None:
    with_bom = fetch.Fetched("u", b"\xef\xbb\xbfcaf\xc3\xa9", "text/html", charset="iso-8859-1")
    assert fetch.decoded(with_bom) == "caf\u00e9"
    utf16_meta = fetch.Fetched("u", "<meta charset='utf-16'><p>caf\u00e9</p>".encode(), "text/html")
    assert "caf\u00e9" in fetch.decoded(utf16_meta)
    utf16 = fetch.Fetched("u", "<p>caf\u00e9</p>".encode("utf-16"), "text/html")  # with its byte order mark
    assert fetch.decoded(utf16) == "<p>caf\u00e9</p>"


def test_a_feed_summary_that_changed_after_its_page_failed_still_gets_the_page(site: Site, store: Store) -> None:
    ingest(store, [site.base + "/feed"], full_text=True, fetcher=no_wait(), parallel=False)  # gone.html: 404
    changed = feed(site.base).replace(b"Winter sailings start on Monday", b"Winter sailings start on Tuesday")
    site.routes["/feed"] = (200, "application/rss+xml", changed)
    site.routes["/news/gone.html"] = (200, "text/html", page("Timetable change", TALKS.replace("pay", "timetable")))
    ingest(store, [site.base + "/feed"], full_text=True, fetcher=no_wait(), parallel=False)
    assert "reopen timetable talks" in stored_texts(store)["Timetable change"]


def test_watch_sends_the_validators_of_the_latest_answer(site: Site, store: Store) -> None:
    sent: list[str] = []
    fetcher = no_wait()
    get = fetcher.get

    def recording(url: str, *, since: fetch.Fetched | None = None) -> fetch.Fetched:
        sent.append(since.etag if since else "")
        answer = get(url, since=since)
        return answer if answer.not_modified else replace(answer, etag=f'"round {len(sent)}"')

    fetcher.get = recording  # type: ignore[method-assign]
    watch(store, site.base + "/feed.xml", feed_interval=0, rounds=3, sleep=lambda seconds: None, fetcher=fetcher)
    assert sent == ["", '"round 1"', '"round 2"']


def test_full_text_also_follows_the_links_of_a_feed_file(site: Site, store: Store, tmp_path: Path) -> None:
    saved = tmp_path / "herald.xml"
    saved.write_bytes(feed(site.base))  # as `curl -o herald.xml` leaves it
    ingest(store, [saved], full_text=True, fetcher=no_wait(), parallel=False)
    assert "halting every crossing" in stored_texts(store)["Ferry strike halts crossings to Tarnholm"]
    assert set(site.requests) == {"/news/strike.html", "/news/talks.html", "/news/gone.html"}


# --- the address policy and the deadline ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "0.0.0.0", "2130706433", "0177.0.0.1", "0x7f000001", "[::1]", "169.254.169.254"]
)
def test_by_default_addresses_inside_the_machine_or_network_are_refused(host: str) -> None:
    with pytest.raises(fetch.PrivateAddressError, match="--allow-private"):
        Fetcher(delay=0.0).get(f"http://{host}:9/feed")


@pytest.mark.parametrize("address", ["10.1.2.3", "192.168.0.1", "172.16.5.5", "100.64.0.1", "240.0.0.1", "fd00::1"])
def test_private_and_reserved_addresses_are_not_public(address: str) -> None:
    assert not fetch.public_address(address)
    assert fetch.public_address("93.184.216.34")
    assert not fetch.public_address("::ffff:127.0.0.1")


def test_the_default_refuses_the_local_site_and_the_opt_in_reaches_it(site: Site) -> None:
    with pytest.raises(fetch.PrivateAddressError):
        Fetcher(delay=0.0).get(site.base + "/feed")
    assert site.requests["/feed"] == 0
    assert Fetcher(delay=0.0, allow_private=True).get(site.base + "/feed").content


@pytest.mark.parametrize("inside", ["127.0.0.2", "2130706434", "0.0.0.0"])
def test_a_redirect_into_the_network_is_refused_at_every_hop(
    site: Site, monkeypatch: pytest.MonkeyPatch, inside: str
) -> None:
    # Only the site's own address passes for public here, so its redirect is the hop the policy must stop.
    monkeypatch.setattr(fetch, "public_address", lambda address: address == "127.0.0.1")
    port = site.base.rsplit(":", 1)[1]
    with pytest.raises(fetch.PrivateAddressError, match="resolves to"):
        Fetcher(delay=0.0).get(f"{site.base}/go?to=http://{inside}:{port}/feed")
    assert site.requests["/feed"] == 0


def test_full_text_keeps_the_feeds_text_when_an_entry_links_inside(
    site: Site, store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    port = site.base.rsplit(":", 1)[1]
    site.routes["/inside-feed"] = (200, "application/rss+xml", feed(f"http://0.0.0.0:{port}"))
    monkeypatch.setattr(fetch, "public_address", lambda address: address == "127.0.0.1")
    with caplog.at_level(logging.WARNING, logger="storyline"):
        report = ingest(store, [site.base + "/inside-feed"], full_text=True, fetcher=Fetcher(delay=0.0), parallel=False)
    assert report.added == 3
    assert "--allow-private" in caplog.text
    assert site.requests["/news/strike.html"] == 0


def test_a_server_trickling_its_headers_is_cut_at_the_deadline() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def trickle() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(4096)
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000:
                if stop.is_set():
                    return
                with contextlib.suppress(OSError):
                    connection.sendall(bytes([byte]))
                time.sleep(0.1)

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    fetcher = Fetcher(delay=0.0, timeout=1.0, allow_private=True)
    try:
        with pytest.raises(InputError, match="no full answer within 1 seconds"):
            fetcher.get(f"http://127.0.0.1:{listener.getsockname()[1]}/feed")
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
