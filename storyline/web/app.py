"""The local web app and its JSON API: a thin shell over `brief` and the story store.

    storyline serve              # http://127.0.0.1:8000/

Routes (described for programs at /openapi.json):

    GET  /                         the page (static files shipped in storyline/web/static/, no build step)
    POST /api/brief                {"articles": [{"text", "title"?, ...}], "words"?} -> the JSON of
                                   `storyline brief --format json`
    GET  /api/stories              stories in the store, newest first, a page at a time (?since=2d,
                                   ?limit=50 up to 500, ?after=<the page's next>, or ?offset=0); `total`
                                   counts them all
    GET  /api/stories/{id}         a story's briefing (?since_last=true: and what changed since the last
                                   stored briefing); writes nothing, so reloading never resets "what is new"
    POST /api/stories/{id}/briefings
                                   {"since_last"?: bool} or no body -> 201 and the same JSON as the GET,
                                   the briefing stored as seen: the user looked at the story
    POST /api/ingest               {"articles": [...]} into the store

Security. Article text is data: the page writes it with textContent only, and every response carries a
Content-Security-Policy that allows no inline script, so `<script>` or `onerror=` inside an article can never
run. The server binds to 127.0.0.1; `serve` refuses any other address unless an access token is set, and then
every /api/ request must carry `Authorization: Bearer <token>`. Requests for another Host than the bound one
are refused, so a web page elsewhere cannot reach the API by DNS rebinding, and a POST whose Origin is another
site is refused (403), so a page elsewhere cannot make the user's browser ingest or brief behind their back.

Limits. Requests over MAX_BODY_BYTES get 413, over MAX_ARTICLES articles 422; malformed JSON and bad fields
get 422 with the field named ("articles[2].text"). Briefing is CPU work: at most BRIEF_SLOTS run at once, the
rest wait their turn, so a burst of requests slows down instead of exhausting memory. A store that another
process keeps locked past the store's busy timeout gets 503 with Retry-After: the request was fine, retry it.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .._version import __version__
from ..briefing import DEFAULT_WORDS, brief
from ..errors import InputError, MissingDependencyError, StoreBusyError, StorylineError, StoryNotFoundError
from ..render import render
from ..select import DEFAULT_SUMMARIZER, SUMMARIZERS
from ..sources.feeds import parse_feed
from ..sources.files import article_from_record
from ..stream.store import Store, default_path
from ..types import RawArticle
from .settings import (
    BRIEF_SLOTS,
    LOOPBACK_HOSTS,
    MAX_STORIES_PER_PAGE,
    MAX_WORDS,
    RETRY_AFTER_SECONDS,
    ServerSettings,
)

try:
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
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

    def __init__(self, status: int, message: str, field: str = "", retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.field = field
        self.retry_after = retry_after


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without an access token."""
    if host not in LOOPBACK_HOSTS and not token:
        raise InputError(
            "--host",
            f"refusing to listen on {host} without an access token: anyone who can reach it could use the API",
            "set --token or STORYLINE_TOKEN, or keep the default 127.0.0.1",
        )


def create_app(settings: ServerSettings | None = None) -> Starlette:
    """The ASGI app. `settings` defaults to loopback use with no token."""
    settings = settings or ServerSettings()
    slots = _Slots(BRIEF_SLOTS)

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
        payload = await _json_body(request, settings)
        skipped: list[InputError] = []
        articles = _articles(payload, settings, skipped if payload.get("skip_unusable") is True else None)
        if not articles and skipped:
            raise skipped[0]
        words = _integer(payload, "words", DEFAULT_WORDS, 1, MAX_WORDS)
        summarizer = payload.get("summarizer", DEFAULT_SUMMARIZER)
        if not isinstance(summarizer, str) or summarizer not in SUMMARIZERS:
            known = ", ".join(sorted(SUMMARIZERS))
            raise RequestError(422, f"unknown summarizer {summarizer!r}; known: {known}", "summarizer")
        async with slots:
            rendered = await run_in_threadpool(_brief_json, articles, words, str(summarizer), skipped)
        return Response(rendered, media_type="application/json")

    async def stories_endpoint(request: Request) -> Response:
        from ..stream.stories import StoryPage, page_position, parse_since, story_page, story_page_to_dict

        text = request.query_params.get("since")
        since = parse_since(text) if text else None
        limit = _query_integer(request, "limit", settings.stories_per_page, 1, MAX_STORIES_PER_PAGE)
        offset = _query_integer(request, "offset", 0, 0, _MAX_OFFSET)
        after = request.query_params.get("after", "")
        if after and offset:
            raise RequestError(422, "give 'after' (the previous page's 'next') or 'offset', not both", "after")
        if after:
            page_position(after)  # a bad position is a 422 even before there is a store

        def listed() -> dict[str, Any]:
            if not (settings.db or default_path()).exists():  # reading never creates a store
                return story_page_to_dict(StoryPage((), 0, limit, offset))
            with Store.open(settings.db, busy_timeout_ms=settings.busy_timeout_ms) as store:
                return story_page_to_dict(story_page(store, since, limit=limit, offset=offset, after=after))

        return JSONResponse(await run_in_threadpool(listed))

    async def story_briefing(request: Request, *, since_last: bool, record: bool) -> dict[str, Any]:
        """The story's briefing as JSON-ready data; stored as seen only when `record`."""
        from ..stream.stories import brief_story, story_briefing_to_dict

        text = request.path_params["story_id"]
        if not (text.isascii() and text.isdigit() and len(text) <= 18):
            raise RequestError(404, f"no story {text!r}: story ids are numbers (GET /api/stories lists them)")
        if not (settings.db or default_path()).exists():  # no store, no story; and looking never creates one
            raise RequestError(
                404, f"no story {text}: nothing is stored yet (POST /api/ingest adds articles)", "story_id"
            )

        def briefed() -> dict[str, Any]:
            with Store.open(settings.db, busy_timeout_ms=settings.busy_timeout_ms) as store:
                return story_briefing_to_dict(brief_story(store, int(text), since_last=since_last, record=record))

        try:
            async with slots:
                return await run_in_threadpool(briefed)
        except StoryNotFoundError as error:
            raise RequestError(404, str(error), "story_id") from None

    async def story_endpoint(request: Request) -> Response:
        since_last = request.query_params.get("since_last", "").lower() in ("1", "true", "yes")
        # A GET writes nothing: a reload, a prefetch or a second tab must not pass for the user having looked.
        return JSONResponse(await story_briefing(request, since_last=since_last, record=False))

    async def story_briefings_endpoint(request: Request) -> Response:
        payload = await _json_body(request, settings, shape='{"since_last": true}', empty_allowed=True)
        since_last = payload.get("since_last", False)
        if not isinstance(since_last, bool):
            raise RequestError(422, f"'since_last' must be true or false, not {since_last!r}", "since_last")
        # 201: a briefing was stored. Its id is `briefing_id` in the body; no route serves it alone, so no Location.
        return JSONResponse(await story_briefing(request, since_last=since_last, record=True), status_code=201)

    async def ingest_endpoint(request: Request) -> Response:
        from ..stream.ingest import ingest_articles, ingest_report_to_dict

        payload = await _json_body(request, settings)
        articles = _articles(payload, settings)

        def ingested() -> dict[str, Any]:
            with Store.open(settings.db, busy_timeout_ms=settings.busy_timeout_ms) as store:
                return ingest_report_to_dict(ingest_articles(store, articles, parallel=False))

        async with slots:  # cleaning and clustering are CPU work like briefing
            return JSONResponse(await run_in_threadpool(ingested))

    routes = [
        Route("/", index),
        Route("/static/{name}", asset),
        Route("/openapi.json", openapi),
        Route("/api/health", health),
        Route("/api/brief", _guarded(brief_endpoint, settings), methods=["POST"]),
        Route("/api/stories", _guarded(stories_endpoint, settings)),
        Route("/api/stories/{story_id}", _guarded(story_endpoint, settings)),
        Route("/api/stories/{story_id}/briefings", _guarded(story_briefings_endpoint, settings), methods=["POST"]),
        Route("/api/ingest", _guarded(ingest_endpoint, settings), methods=["POST"]),
    ]
    middleware = [
        Middleware(_SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts)),
    ]
    app = Starlette(routes=routes, middleware=middleware, exception_handlers={404: _not_found, 405: _not_allowed})
    return app


def _guarded(
    endpoint: Callable[[Request], Awaitable[Response]], settings: ServerSettings
) -> Callable[[Request], Awaitable[Response]]:
    """The endpoint behind the token check, with errors turned into JSON responses."""

    async def guarded(request: Request) -> Response:
        try:
            if settings.token is not None:
                header = request.headers.get("authorization", "")
                given = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
                if not hmac.compare_digest(given.encode(), settings.token.encode()):
                    raise RequestError(401, "missing or wrong access token: send 'Authorization: Bearer <token>'")
            else:  # another site cannot add the token's header, so only a server without one needs this
                _check_same_origin(request)
            return await endpoint(request)
        except RequestError as error:
            return _error(error)
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


async def _json_body(
    request: Request, settings: ServerSettings, *, shape: str = '{"articles": [...]}', empty_allowed: bool = False
) -> dict[str, Any]:
    """The request's JSON object (`shape` shows one in the error for anything else); with `empty_allowed`, no
    body at all (or only whitespace) reads as {}."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > settings.max_body_bytes:
        raise RequestError(413, f"request body over {settings.max_body_bytes:,} bytes; send fewer or shorter articles")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > settings.max_body_bytes:
            raise RequestError(
                413, f"request body over {settings.max_body_bytes:,} bytes; send fewer or shorter articles"
            )
    if empty_allowed and not body.strip():
        return {}
    try:
        payload = json.loads(body)
    except UnicodeDecodeError:
        raise RequestError(422, "request body is not UTF-8 JSON", "body") from None
    except json.JSONDecodeError as error:
        raise RequestError(
            422, f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}", "body"
        ) from None
    except (RecursionError, ValueError) as error:  # nesting too deep, an integer too long to read
        raise RequestError(422, f"unreadable JSON: {error}", "body") from None
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


# Offsets past any store's story count; the bound keeps the number within SQLite's 64-bit integers.
_MAX_OFFSET = 10**15


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
    headers = {} if error.retry_after is None else {"Retry-After": str(error.retry_after)}
    return JSONResponse(body, status_code=error.status, headers=headers)


async def _not_found(request: Request, exc: Exception) -> Response:
    return _error(RequestError(404, f"no such page: {request.url.path}"))


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return _error(RequestError(405, f"{request.method} is not allowed on {request.url.path}"))


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


class _Slots:
    """An asyncio semaphore made lazily, inside the running loop (uvicorn and the test client have their own)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._semaphore: Any = None

    async def __aenter__(self) -> None:
        import asyncio

        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.size)
        await self._semaphore.acquire()

    async def __aexit__(self, *exc: object) -> None:
        self._semaphore.release()


def serve(host: str = "127.0.0.1", port: int = 8000, *, token: str | None = None, db: Path | None = None) -> None:
    """Run the app with uvicorn until interrupted."""
    check_bind(host, token)
    try:
        import uvicorn
    except ImportError as error:  # pragma: no cover
        raise MissingDependencyError(f"serving needs uvicorn ({error}): pip install 'storyline[server]'") from None
    hosts = ServerSettings().allowed_hosts if host in LOOPBACK_HOSTS else ("*",)
    settings = ServerSettings(token=token, db=db, allowed_hosts=hosts)
    uvicorn.run(create_app(settings), host=host, port=port, log_level=os.environ.get("STORYLINE_LOG_LEVEL", "warning"))
