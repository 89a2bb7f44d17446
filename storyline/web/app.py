"""The local web app and its JSON API: a thin shell over `brief` and the story store.

`storyline serve` runs it on http://127.0.0.1:8000/: the page (static files in storyline/web/static/, no build
step), `POST /api/brief`, the stored stories (`GET /api/stories`, `GET /api/stories/{id}`, `POST
/api/stories/{id}/briefings` to store a briefing as seen) and `POST /api/ingest`, described at /openapi.json.
Article text is data: the page writes it as text and a Content-Security-Policy forbids inline script. Another
host than loopback needs an access token; foreign Host and Origin headers are refused. Bodies over
MAX_BODY_BYTES get 413, bad fields 422 naming the field, a locked store 503 with Retry-After, and at most
BRIEF_SLOTS briefings run at once. docs/web.md describes the routes, the security rules and the limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import math
import os
import re
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from .._version import __version__
from ..briefing import DEFAULT_WORDS, brief
from ..errors import (
    InputError,
    MissingDependencyError,
    StoreAccessError,
    StoreBusyError,
    StoreError,
    StorylineError,
    StoryNotFoundError,
)
from ..render import render
from ..select import DEFAULT_SUMMARIZER, SUMMARIZERS
from ..sources.feeds import parse_feed
from ..sources.files import article_from_record
from ..stream.backends import open_store, store_exists
from ..types import RawArticle
from ..validate import check_story_id, decode_json
from .settings import (
    BRIEF_SLOTS,
    HEADER_TIMEOUT_SECONDS,
    KEEP_ALIVE_SECONDS,
    LOOPBACK_HOSTS,
    MAX_CONNECTIONS,
    MAX_OFFSET,
    MAX_STORIES_PER_PAGE,
    MAX_WORDS,
    MIN_TOKEN_CHARS,
    RETRY_AFTER_SECONDS,
    TOKEN_FAILURES,
    TOKEN_WINDOW_SECONDS,
    ServerSettings,
)

try:
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.requests import ClientDisconnect, Request
    from starlette.responses import FileResponse, JSONResponse, Response
    from starlette.routing import Route
    from starlette.types import ASGIApp, Message, Receive, Scope, Send
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise MissingDependencyError(
        f"the web app needs starlette and uvicorn ({error}): pip install 'storyline[server]'"
    ) from None

LOGGER = logging.getLogger(__name__)

_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_STATIC = ("web", "static")


class RequestError(StorylineError):
    """A request the API refuses: `status` is the HTTP status, `field` the JSON path at fault ("" if none),
    `retry_after` the seconds to wait before trying again (None: do not retry as it is)."""

    def __init__(
        self,
        status: int,
        message: str,
        field: str = "",
        retry_after: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.field = field
        self.retry_after = retry_after
        self.headers = dict(headers or {})

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:  # raised in a worker process, answered here
        return (type(self), (self.status, str(self), self.field, self.retry_after, self.headers))


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without an access token of at least MIN_TOKEN_CHARS characters,
    and a token no one can send (blank, or with spaces or control characters) anywhere."""
    if token is not None and (not token.strip() or not token.isprintable() or " " in token or not token.isascii()):
        raise InputError(
            "--token", "the token must be printable ASCII without spaces", "generate one: openssl rand -hex 16"
        )
    if host in LOOPBACK_HOSTS:
        return
    if not token:
        raise InputError(
            "--host",
            f"refusing to listen on {host} without an access token: anyone who can reach it could use the API",
            "set --token or STORYLINE_TOKEN, or keep the default 127.0.0.1",
        )
    if len(token) < MIN_TOKEN_CHARS:
        raise InputError(
            "--token",
            f"a token of {len(token)} characters is guessable from the network; use {MIN_TOKEN_CHARS} or more",
            "generate one: openssl rand -hex 16",
        )


def create_app(settings: ServerSettings | None = None) -> Starlette:
    """The ASGI app. `settings` defaults to loopback use with no token."""
    settings = settings or ServerSettings()
    workers = _Workers(BRIEF_SLOTS, processes=settings.worker_processes)
    failures = _TokenFailures()

    async def index(request: Request) -> Response:
        return _static("index.html")

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _asset_names():
            return _error(RequestError(404, f"no asset named {name!r}"))
        return _static(name)

    async def openapi(request: Request) -> Response:
        from .openapi import openapi_document

        return JSONResponse(openapi_document(settings))

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__})

    async def brief_endpoint(request: Request) -> Response:
        body = await _read_body(request, settings)
        return _json_response(await workers.run(_brief_job, body, settings))

    async def stories_endpoint(request: Request) -> Response:
        from ..stream.stories import StoryPage, page_position, parse_since, story_page, story_page_to_dict

        text = request.query_params.get("since")
        since = parse_since(text, where="since") if text else None
        limit = _query_integer(request, "limit", settings.stories_per_page, 1, MAX_STORIES_PER_PAGE)
        offset = _query_integer(request, "offset", 0, 0, MAX_OFFSET)
        after = request.query_params.get("after", "")
        if after:
            page_position(after)  # a bad position is a 422 even before there is a store

        def listed() -> dict[str, Any]:
            if not store_exists(settings.db):  # reading never creates a store
                return story_page_to_dict(StoryPage((), 0, limit, offset))
            with open_store(settings.db, busy_timeout_ms=settings.busy_timeout_ms) as store:
                return story_page_to_dict(story_page(store, since, limit=limit, offset=offset, after=after))

        return _json_response(await run_in_threadpool(lambda: _encoded(listed())))

    async def story_briefing(request: Request, *, since_last: bool, record: bool) -> bytes:
        """The story's briefing as JSON-ready data; stored as seen only when `record`."""
        text = request.path_params["story_id"]
        try:
            story_id = check_story_id(text, "story_id")
        except InputError:
            raise RequestError(
                404, f"no story {text[:40]!r}: story ids are numbers (GET /api/stories lists them)", "story_id"
            ) from None
        if not store_exists(settings.db):  # no store, no story; and looking never creates one
            raise RequestError(
                404, f"no story {text}: nothing is stored yet (POST /api/ingest adds articles)", "story_id"
            )

        try:
            return await workers.run(_story_job, settings, story_id, since_last, record)
        except StoryNotFoundError as error:
            raise RequestError(404, str(error), "story_id") from None

    async def story_endpoint(request: Request) -> Response:
        flag = request.query_params.get("since_last", "false").lower()
        if flag not in ("true", "false", "1", "0"):
            raise RequestError(422, f"'since_last' must be true or false, not {flag[:20]!r}", "since_last")
        since_last = flag in ("true", "1")
        # A GET writes nothing: a reload, a prefetch or a second tab must not pass for the user having looked.
        return _json_response(await story_briefing(request, since_last=since_last, record=False))

    async def story_briefings_endpoint(request: Request) -> Response:
        body = await _read_body(request, settings)
        payload = _payload(body, shape='{"since_last": true}', empty_allowed=True)
        since_last = payload.get("since_last", False)
        if not isinstance(since_last, bool):
            raise RequestError(422, f"'since_last' must be true or false, not {since_last!r}", "since_last")
        # 201: a briefing was stored. Its id is `briefing_id` in the body; no route serves it alone, so no Location.
        return _json_response(await story_briefing(request, since_last=since_last, record=True), status=201)

    async def ingest_endpoint(request: Request) -> Response:
        body = await _read_body(request, settings)
        return _json_response(await workers.run(_ingest_job, body, settings))

    async def delete_article_endpoint(request: Request) -> Response:
        from ..stream.stories import deleted_article_to_dict

        text = request.path_params["article_id"]
        try:
            article_id = check_story_id(text, "article_id")
        except InputError:
            raise RequestError(404, f"no article {text[:40]!r}: article ids are numbers", "article_id") from None
        if not store_exists(settings.db):
            raise RequestError(404, f"no article {article_id}: nothing is stored yet", "article_id")

        def deleted() -> dict[str, Any]:
            with open_store(settings.db, busy_timeout_ms=settings.busy_timeout_ms) as store:
                return deleted_article_to_dict(store.delete_article(article_id))

        try:
            async with workers.slots:
                return JSONResponse(await run_in_threadpool(deleted))
        except LookupError as error:
            raise RequestError(404, str(error).strip("'\""), "article_id") from None

    routes = [
        Route("/", index),
        Route("/static/{name}", asset),
        Route("/openapi.json", openapi),
        Route("/api/health", health),
        Route("/api/brief", _guarded(brief_endpoint, settings, failures), methods=["POST"]),
        Route("/api/stories", _guarded(stories_endpoint, settings, failures)),
        Route("/api/stories/{story_id}", _guarded(story_endpoint, settings, failures)),
        Route(
            "/api/stories/{story_id}/briefings",
            _guarded(story_briefings_endpoint, settings, failures),
            methods=["POST"],
        ),
        Route("/api/ingest", _guarded(ingest_endpoint, settings, failures), methods=["POST"]),
        Route("/api/articles/{article_id}", _guarded(delete_article_endpoint, settings, failures), methods=["DELETE"]),
    ]
    middleware = [
        Middleware(_SecurityHeaders),
        Middleware(_TrustedHosts, allowed_hosts=settings.allowed_hosts),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={404: _not_found, 405: _not_allowed},
        lifespan=workers.lifespan,
    )
    return app


# --- the work done in a worker: reading the body, parsing articles, briefing, ingesting ---------------------------


def _json_response(body: bytes, status: int = 200) -> Response:
    return Response(body, status_code=status, media_type="application/json")


def _encoded(data: Any) -> bytes:
    """JSON as JSONResponse writes it, made in the worker: a story's briefing carries its articles' text, and
    encoding megabytes of it would hold the event loop."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _brief_job(body: bytes, settings: ServerSettings) -> bytes:
    """POST /api/brief from its body to the briefing's JSON."""
    payload = _payload(body)
    words = _integer(payload, "words", DEFAULT_WORDS, 1, MAX_WORDS)
    summarizer = payload.get("summarizer", DEFAULT_SUMMARIZER)
    if not isinstance(summarizer, str) or summarizer not in SUMMARIZERS:
        known = ", ".join(sorted(SUMMARIZERS))
        raise RequestError(422, f"unknown summarizer {str(summarizer)[:40]!r}; known: {known}", "summarizer")
    skipped: list[InputError] = []
    articles = _articles(payload, settings, skipped if payload.get("skip_unusable") is True else None)
    if not articles and skipped:
        raise skipped[0]
    return _brief_json(articles, words, summarizer, skipped).encode("utf-8")


def _ingest_job(body: bytes, settings: ServerSettings) -> bytes:
    """POST /api/ingest from its body to the ingest report."""
    from ..stream.ingest import ingest_articles, ingest_report_to_dict

    articles = _articles(_payload(body), settings)
    with open_store(settings.db, busy_timeout_ms=settings.busy_timeout_ms) as store:
        return _encoded(ingest_report_to_dict(ingest_articles(store, articles, parallel=False)))


def _story_job(settings: ServerSettings, story_id: int, since_last: bool, record: bool) -> bytes:
    """A story's briefing as JSON; stored as seen only when `record`."""
    from ..stream.stories import brief_story, stored_story_briefing, story_briefing_to_dict

    with open_store(settings.db, busy_timeout_ms=settings.busy_timeout_ms) as store:
        # A look that changes nothing reuses the stored briefing while the story is unchanged: briefing takes
        # seconds for a big story, and any server sharing the store has it.
        stored = None if since_last or record else stored_story_briefing(store, story_id)
        if stored is not None:
            return _encoded(stored)
        return _encoded(story_briefing_to_dict(brief_story(store, story_id, since_last=since_last, record=record)))


def _guarded(
    endpoint: Callable[[Request], Awaitable[Response]], settings: ServerSettings, failures: _TokenFailures
) -> Callable[[Request], Awaitable[Response]]:
    """The endpoint behind the token check, with errors turned into JSON responses."""

    async def guarded(request: Request) -> Response:
        try:
            if settings.token is not None:
                _check_token(request, settings.token, failures)
            else:  # another site cannot add the token's header, so only a server without one needs this
                _check_same_origin(request)
            return await endpoint(request)
        except RequestError as error:
            return _error(error)
        except ClientDisconnect:  # the client hung up mid-body: one line, no traceback; no one reads the answer
            LOGGER.info("%s %s: the client disconnected", request.method, request.url.path)
            return Response(status_code=400)
        except StoreAccessError as error:  # the file or disk refuses: the operator can fix it, then retry
            LOGGER.error("%s %s: %s", request.method, request.url.path, error)
            return _error(
                RequestError(
                    503,
                    "the story store cannot be used now (read-only, another user's, or its disk is full); "
                    "the server's log has the details",
                    retry_after=RETRY_AFTER_SECONDS,
                )
            )
        except StoreError as error:
            LOGGER.error("%s %s: %s", request.method, request.url.path, error)
            return _error(RequestError(500, "the story store is damaged; the server's log has the details"))
        except (sqlite3.OperationalError, OSError) as error:  # a disk error outside the store's own checks
            LOGGER.error("%s %s: %s", request.method, request.url.path, error)
            return _error(
                RequestError(
                    503,
                    "the server cannot read or write its files now; the server's log has the details",
                    retry_after=RETRY_AFTER_SECONDS,
                )
            )
        except StoreBusyError:  # the request was fine: the store is held by another writer for now
            LOGGER.warning("%s %s: the store is busy", request.method, request.url.path)
            return _error(
                RequestError(
                    503,
                    "the story store is busy: another process is writing to it; "
                    f"retry in {RETRY_AFTER_SECONDS} seconds",
                    retry_after=RETRY_AFTER_SECONDS,
                )
            )
        except InputError as error:
            return _error(RequestError(422, str(error), error.where))
        except LookupError as error:
            return _error(RequestError(404, str(error).strip("'\"")))
        except StorylineError as error:
            return _error(RequestError(422, str(error)))
        except Exception:  # a bug: log it, and still answer in JSON with the security headers
            LOGGER.exception("%s %s failed", request.method, request.url.path)
            return _error(RequestError(500, "internal error: the server log has the details"))

    return guarded


class _TokenFailures:
    """Wrong tokens per client address within the current window of TOKEN_WINDOW_SECONDS."""

    def __init__(self) -> None:
        self.counts: dict[str, tuple[float, int]] = {}

    def blocked_for(self, client: str, now: float) -> float:
        started, count = self.counts.get(client, (now, 0))
        if now - started >= TOKEN_WINDOW_SECONDS:
            self.counts.pop(client, None)
            return 0.0
        return TOKEN_WINDOW_SECONDS - (now - started) if count >= TOKEN_FAILURES else 0.0

    def failed(self, client: str, now: float) -> None:
        if len(self.counts) > 10_000:  # forget the oldest windows rather than grow without bound
            self.counts = {k: v for k, v in self.counts.items() if now - v[0] < TOKEN_WINDOW_SECONDS}
        started, count = self.counts.get(client, (now, 0))
        self.counts[client] = (started, count + 1)


def _check_token(request: Request, token: str, failures: _TokenFailures) -> None:
    """The request's bearer token (RFC 6750; the scheme name is case-insensitive), or 401 with
    WWW-Authenticate; 429 for an address that sent too many wrong ones lately."""
    client = request.client.host if request.client else ""
    now = time.monotonic()
    wait = failures.blocked_for(client, now)
    if wait:
        raise RequestError(
            429, "too many wrong access tokens from this address; wait and retry", retry_after=int(wait) + 1
        )
    scheme, _, given = request.headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
        return
    failures.failed(client, now)
    challenge = 'Bearer realm="storyline"' + (', error="invalid_token"' if given else "")
    raise RequestError(
        401,
        "missing or wrong access token: send 'Authorization: Bearer <token>'",
        headers={"WWW-Authenticate": challenge},
    )


def _check_same_origin(request: Request) -> None:
    """Refuse a request that changes something when a browser says another site sent it.

    Without a token, any page open in the user's browser can send a plain POST to 127.0.0.1 (a form needs no
    CORS preflight): it could ingest articles or reset "what is new". Browsers name the sending page in
    `Origin` on cross-site POSTs and say where a request comes from in `Sec-Fetch-Site`; either one naming
    another site is refused. A body must be declared JSON: an HTML form cannot send that type, and a script
    on another site cannot without a preflight this server never grants. Scripts and command-line clients
    send neither header and are not affected."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    origin = request.headers.get("origin")
    if origin is not None and (
        origin == "null" or urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower()
    ):
        raise RequestError(403, f"cross-site request from {origin!r} refused: use the page this server serves")
    fetch_site = request.headers.get("sec-fetch-site", "none").lower()
    if fetch_site not in ("same-origin", "none"):
        raise RequestError(403, f"request from another site refused (Sec-Fetch-Site: {fetch_site})")
    declared = request.headers.get("content-type")
    if declared is not None and declared.split(";")[0].strip().lower() != "application/json":
        raise RequestError(415, f"the body must be JSON: send 'Content-Type: application/json', not {declared!r}")


async def _read_body(request: Request, settings: ServerSettings) -> bytes:
    """The request's body, refused past the size limit (413) or the body deadline (408)."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and len(declared) < 20 and int(declared) > settings.max_body_bytes:
        raise RequestError(413, f"request body over {settings.max_body_bytes:,} bytes; send fewer or shorter articles")
    body = bytearray()
    try:
        async with asyncio.timeout(settings.body_timeout_seconds):
            async for chunk in request.stream():
                body += chunk
                if len(body) > settings.max_body_bytes:
                    raise RequestError(
                        413, f"request body over {settings.max_body_bytes:,} bytes; send fewer or shorter articles"
                    )
    except TimeoutError:
        raise RequestError(408, f"the request body took over {settings.body_timeout_seconds:g} seconds") from None
    return bytes(body)


def _payload(body: bytes, *, shape: str = '{"articles": [...]}', empty_allowed: bool = False) -> dict[str, Any]:
    """The body's JSON object (`shape` shows one in the error for anything else); with `empty_allowed`, no
    body at all (or only whitespace) reads as {}."""
    if empty_allowed and not body.strip():
        return {}
    try:
        payload = decode_json(body, "body")
    except InputError as error:
        problem = error.problem.replace("not valid JSON", "malformed JSON", 1)
        raise RequestError(422, problem, "body") from None
    if not isinstance(payload, dict):
        raise RequestError(422, f"the body must be a JSON object: {shape}", "body")
    return payload


def _articles(
    payload: Mapping[str, Any], settings: ServerSettings, skipped: list[InputError] | None = None
) -> list[RawArticle]:
    """The request's articles, a feed's entries each one. With `skipped`, an unusable article is added to it
    and left out, as `storyline brief` skips an unusable file; without, it is refused with its field."""
    records = payload.get("articles")
    if not isinstance(records, list):
        raise RequestError(422, "missing field 'articles' (a list of {\"text\", ...} objects)", "articles")
    if not records:
        raise RequestError(422, "'articles' is empty: send at least one article", "articles")
    if len(records) > settings.max_articles:
        raise _too_many(len(records), settings)
    articles = []
    for position, record in enumerate(records):
        where = f"articles[{position}]"
        if not isinstance(record, dict):
            raise RequestError(422, f"{where} must be an object with a 'text' field", where)
        try:
            if isinstance(record.get("feed"), str):
                articles.extend(_feed_entries(record["feed"], where))
            else:
                articles.append(article_from_record(record, where))
        except InputError as error:
            if skipped is None:
                raise
            skipped.append(error)
    if len(articles) > settings.max_articles:
        raise _too_many(len(articles), settings)
    return articles


def _too_many(count: int, settings: ServerSettings) -> RequestError:
    return RequestError(
        422,
        f"{count} articles is over the limit of {settings.max_articles} per request; "
        "brief larger clusters with the command line",
        "articles",
    )


def _feed_entries(feed: str, where: str) -> list[RawArticle]:
    """The entries of a feed sent as text. Its XML declaration may name the charset it was saved in; the text
    is decoded already, so the bytes given to the parser are UTF-8 and say so."""
    data = _XML_ENCODING.sub(b"encoding='utf-8'", feed.encode("utf-8"), count=1)
    entries = parse_feed(data, f"{where}.feed")
    if not entries:
        raise InputError(f"{where}.feed", "the feed has no entries with text")
    return entries


_XML_ENCODING = re.compile(rb"""encoding\s*=\s*["'][A-Za-z0-9_.:-]+["']""")


def _integer(payload: Mapping[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = payload.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RequestError(422, f"'{name}' must be a whole number from {low} to {high}, not {value!r}", name)
    return value


def _query_integer(request: Request, name: str, default: int, low: int, high: int) -> int:
    """A whole number from the query string (`?limit=20`), `default` when absent."""
    text = request.query_params.get(name)
    if text is None:
        return default
    value = int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
    if value is None or not low <= value <= high:
        raise RequestError(422, f"'{name}' must be a whole number from {low:,} to {high:,}, not {text!r}", name)
    return value


def _brief_json(articles: Sequence[RawArticle], words: int, summarizer: str, skipped: Sequence[InputError] = ()) -> str:
    """The same JSON as `storyline brief --format json`; articles left out are named in its notes."""
    briefing = brief(articles, words=words, summarizer=summarizer)
    if skipped:
        notes = tuple(f"Skipped {error}" for error in skipped)
        briefing = replace(briefing, notes=notes + briefing.notes)
    return render(briefing, "json")


def _error(error: RequestError) -> JSONResponse:
    body: dict[str, Any] = {"error": {"message": str(error), "status": error.status}}
    if error.field:
        body["error"]["field"] = error.field
    headers = dict(error.headers)
    if error.retry_after is not None:
        headers["Retry-After"] = str(error.retry_after)
    return JSONResponse(body, status_code=error.status, headers=headers)


async def _not_found(request: Request, exc: Exception) -> Response:
    return _error(RequestError(404, f"no such page: {request.url.path[:200]}"))


async def _not_allowed(request: Request, exc: Exception) -> Response:
    allowed = exc.headers.get("Allow", "") if isinstance(exc, HTTPException) and exc.headers else ""
    message = f"{request.method} is not allowed on {request.url.path[:200]}" + (f"; use {allowed}" if allowed else "")
    return _error(RequestError(405, message, headers={"Allow": allowed} if allowed else None))


@lru_cache(maxsize=1)
def _asset_names() -> frozenset[str]:
    folder = resources.files("storyline").joinpath(*_STATIC)
    return frozenset(entry.name for entry in folder.iterdir() if entry.is_file())


_MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
}


def _static(name: str) -> Response:
    path = Path(str(resources.files("storyline").joinpath(*_STATIC, name)))
    return FileResponse(path, media_type=_MEDIA_TYPES.get(path.suffix, "application/octet-stream"))


_SECURITY_HEADERS = [
    (b"content-security-policy", _CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


class _SecurityHeaders:
    """ASGI middleware: the CSP and friends on every response, errors from other middleware included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in _SECURITY_HEADERS}
                headers = [(n, v) for n, v in message.get("headers", []) if n.lower() not in names]
                message = {**message, "headers": headers + _SECURITY_HEADERS}
            await send(message)

        await self.app(scope, receive, with_headers)


class _TrustedHosts:
    """ASGI middleware: refuse a request whose Host is not one this server answers to (DNS rebinding), with
    the same JSON error shape as every other refusal."""

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.allowed = frozenset(host.lower() for host in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "*" in self.allowed:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1").lower()
        name = host.rpartition("]")[0] + "]" if host.startswith("[") else host.rpartition(":")[0] or host
        if host.startswith("[") and not host.endswith("]") and ":" not in host.rpartition("]")[2]:
            name = host
        if name not in self.allowed and host not in self.allowed:
            response = _error(RequestError(400, "this server does not answer to that Host name"))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


_T = TypeVar("_T")


def _warm() -> None:
    """A worker's first job: load what briefing needs."""
    from ..stream import ingest, stories  # noqa: F401


class _Workers:
    """Where CPU work runs: at most `size` jobs at once (the rest wait their turn), in worker processes when
    `processes`, else in threads. Processes keep the event loop answering whatever a job does: a thread
    running one long regular expression or HTML parse holds the interpreter's lock for its whole length."""

    def __init__(self, size: int, *, processes: bool) -> None:
        self.slots = _Slots(size)
        self.processes = processes
        self._pool: Any = None

    async def run(self, job: Callable[..., _T], *args: Any) -> _T:
        async with self.slots:
            if not self.processes:
                return await run_in_threadpool(job, *args)
            from concurrent.futures.process import BrokenProcessPool

            try:
                result: _T = await asyncio.wrap_future(self._executor().submit(job, *args))
                return result
            except BrokenProcessPool:  # a worker died (killed, out of memory): start afresh for the next job
                self.close()
                raise RequestError(
                    503, "a worker ended while handling the request; retry", retry_after=RETRY_AFTER_SECONDS
                ) from None

    def _executor(self) -> Any:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # spawn: a fork of a process running the event loop and its threads could inherit held locks.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.slots.size, mp_context=context)
        return self._pool

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Any) -> AsyncIterator[None]:
        if self.processes:  # start the workers (and their imports) before the first request, not during it
            pool = self._executor()
            await asyncio.gather(*(asyncio.wrap_future(pool.submit(_warm)) for _ in range(self.slots.size)))
        try:
            yield
        finally:
            self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)  # at shutdown, or after a worker died
            self._pool = None


class _Slots:
    """An asyncio semaphore made lazily, inside the running loop (uvicorn and the test client have their own)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._semaphore: Any = None

    async def __aenter__(self) -> None:
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.size)
        await self._semaphore.acquire()

    async def __aexit__(self, *exc: object) -> None:
        self._semaphore.release()


def serve(host: str = "127.0.0.1", port: int = 8000, *, token: str | None = None, db: str | Path | None = None) -> None:
    """Run the app with uvicorn until interrupted."""
    check_bind(host, token)
    try:
        import uvicorn
    except ImportError as error:  # pragma: no cover
        raise MissingDependencyError(f"serving needs uvicorn ({error}): pip install 'storyline[server]'") from None
    hosts = ServerSettings().allowed_hosts if host in LOOPBACK_HOSTS else ("*",)
    settings = ServerSettings(token=token, db=db, allowed_hosts=hosts, worker_processes=True)
    uvicorn.Server(server_config(create_app(settings), host, port)).run()


def server_config(app: ASGIApp, host: str, port: int) -> Any:
    """The uvicorn configuration with this server's limits: header timeout, keep-alive, connection cap."""
    import uvicorn

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=_limited_protocol(),
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        limit_concurrency=MAX_CONNECTIONS,
        log_level=os.environ.get("STORYLINE_LOG_LEVEL", "warning"),
    )


_refusals = {"logged": -math.inf}


def _limited_protocol() -> type:
    """uvicorn's h11 protocol with a deadline for each request's line and headers, which uvicorn lacks, and
    a cap on open connections: past MAX_CONNECTIONS a new one is closed as soon as it opens."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class LimitedH11Protocol(H11Protocol):
        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            if len(self.connections) > MAX_CONNECTIONS:
                now = time.monotonic()
                if now - _refusals["logged"] >= 60:  # one line a minute however hard the flood
                    LOGGER.warning("over %d connections open: refusing new ones", MAX_CONNECTIONS)
                    _refusals["logged"] = now
                transport.close()
                return
            self._arm_header_timer()

        def _arm_header_timer(self) -> None:
            self.loop.call_later(HEADER_TIMEOUT_SECONDS, self._headers_due, self.cycle)

        def _headers_due(self, cycle: Any) -> None:
            # No request began since the timer was armed: the headers never came.
            if self.cycle is cycle and not self.transport.is_closing():
                self.transport.close()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm_header_timer()

    return LimitedH11Protocol
