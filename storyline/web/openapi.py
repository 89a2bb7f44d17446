"""The OpenAPI 3.1 description of the HTTP API, served at /openapi.json (see app.py for the routes)."""

from __future__ import annotations

from typing import Any

from .._version import __version__
from ..briefing import DEFAULT_WORDS
from ..select import DEFAULT_SUMMARIZER, SUMMARIZERS
from ..sources.files import MAX_HTML_CHARS
from ..stream.stories import POSITION_PATTERN, SINCE_PATTERN
from ..validate import DATE_PATTERN, MAX_ARTICLE_CHARS, MAX_FIELD_CHARS, MIN_DATE
from .settings import MAX_OFFSET, MAX_STORIES_PER_PAGE, MAX_WORDS, ServerSettings

_ERROR = {"$ref": "#/components/schemas/Error"}
_ID = {"type": "string", "pattern": "^[0-9]{1,19}$", "description": "A whole number from 1 to 2^63 - 1"}
_STORY_ID = {"name": "story_id", "in": "path", "required": True, "schema": _ID}
_ARTICLE_ID = {"name": "article_id", "in": "path", "required": True, "schema": _ID}


def _response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    """An optional query parameter."""
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _or_null(kind: str, description: str) -> dict[str, Any]:
    """A property of type `kind` that may be null."""
    return {"type": [kind, "null"], "description": description}


def _document(schema: str, description: str, required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    """A JSON object that names its schema in `schema`."""
    return {
        "type": "object",
        "description": description,
        "required": ["schema", *required],
        "properties": {"schema": {"const": schema}, **properties},
    }


_OBJECTS = {"type": "array", "items": {"type": "object"}}


_REASONS = {
    400: "The Host header names a host this server does not answer to",
    401: "Missing or wrong access token (only when the server has one); WWW-Authenticate names the Bearer scheme",
    403: "A browser says another site sent this request (Origin, Sec-Fetch-Site)",
    404: "No such story or article",
    408: "The request body did not arrive in time",
    413: "Request body too large",
    415: "The body is not declared as application/json",
    422: "Malformed JSON, a missing or invalid field (named in error.field), or too many articles",
    429: "Too many wrong access tokens from this address lately; retry after Retry-After",
    500: "The store is damaged, or a bug; the server's log has the details",
    503: "The store is busy (another process kept it locked) or cannot be used now (read-only, disk full); "
    "retry after Retry-After",
}
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before retrying", "schema": {"type": "integer"}}}
# Every /api route but health can meet these: a wrong Host, a token, a store that fails.
_ALWAYS = (400, 401, 429, 500, 503)
# A route with a JSON body, as a browser or any client may send it.
_BODY = (403, 408, 413, 415, 422)


def _errors(*statuses: int) -> dict[str, Any]:
    responses = {str(status): _response(_REASONS[status], _ERROR) for status in sorted({*statuses, *_ALWAYS})}
    for status in (429, 503):
        responses[str(status)]["headers"] = _RETRY_AFTER
    responses["401"]["headers"] = {
        "WWW-Authenticate": {"description": 'Bearer realm="storyline"', "schema": {"type": "string"}}
    }
    return responses


def openapi_document(settings: ServerSettings) -> dict[str, Any]:
    """The API description, with this server's limits filled in."""
    security: list[dict[str, list[str]]] = [{"token": []}] if settings.token else []
    articles = {
        "type": "array",
        "minItems": 1,
        "maxItems": settings.max_articles,
        "items": {"$ref": "#/components/schemas/Article"},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "storyline",
            "version": __version__,
            "description": "Many news reports of one event in, one evidence-backed briefing out. "
            f"Request bodies are limited to {settings.max_body_bytes:,} bytes.",
        },
        "security": security,
        "paths": {
            "/api/brief": {
                "post": {
                    "summary": "Brief one event from its articles",
                    "description": "Returns the same JSON as `storyline brief --format json` (docs/json.md).",
                    "operationId": "brief",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BriefRequest"}}},
                    },
                    "responses": {
                        "200": _response("The briefing", {"$ref": "#/components/schemas/Briefing"}),
                        **_errors(*_BODY),
                    },
                }
            },
            "/api/stories": {
                "get": {
                    "summary": "Stories in the store, with their articles, a page at a time",
                    "description": "The most recently seen first. `total` counts every story matching `since`; "
                    "the next page is `?after=` the page's `next` (null on the last page), which never repeats a "
                    "story while articles are ingested; `offset` also works, but shifts when a story moves to the top.",
                    "operationId": "listStories",
                    "parameters": [
                        _query(
                            "since",
                            {"type": "string", "pattern": SINCE_PATTERN, "examples": ["2d", "1w", "2026-11-20"]},
                            "Only stories with an article seen on this day or later: days (2d), weeks (1w) or a date",
                        ),
                        _query(
                            "limit",
                            {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": MAX_STORIES_PER_PAGE,
                                "default": settings.stories_per_page,
                            },
                            "At most this many stories",
                        ),
                        _query(
                            "offset",
                            {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
                            "Skip this many stories first (after the story `after` names, if given)",
                        ),
                        _query(
                            "after",
                            {"type": "string", "maxLength": 64, "pattern": POSITION_PATTERN},
                            "Start after the story the previous page's `next` names",
                        ),
                    ],
                    "responses": {
                        "200": _response("A page of the stories", {"$ref": "#/components/schemas/StoryList"}),
                        **_errors(422),
                    },
                }
            },
            "/api/stories/{story_id}": {
                "get": {
                    "summary": "A story's briefing, and what is new since the last stored one; stores nothing",
                    "description": "Side-effect free: the briefing is not stored, so reloading or prefetching "
                    "never changes what `since_last` compares against (briefing_id is null). To record that "
                    "the user looked at the story, POST to /api/stories/{story_id}/briefings.",
                    "operationId": "briefStory",
                    "parameters": [
                        _STORY_ID,
                        _query(
                            "since_last",
                            {"type": "boolean", "default": False},
                            "Also what changed since the last briefing stored for this story (true, false, 1 or 0)",
                        ),
                    ],
                    "responses": {
                        "200": _response("The story's briefing", {"$ref": "#/components/schemas/StoryBriefing"}),
                        **_errors(404, 422),
                    },
                }
            },
            "/api/stories/{story_id}/briefings": {
                "post": {
                    "summary": "Brief a story and store the briefing as seen by the user",
                    "description": "Returns the same JSON as GET /api/stories/{story_id}, with the stored "
                    "briefing's id in briefing_id. With since_last, the changes are against the briefing "
                    "stored before this one; the next since_last compares against this one.",
                    "operationId": "recordStoryBriefing",
                    "parameters": [_STORY_ID],
                    "requestBody": {
                        "required": False,
                        "description": "May be empty: since_last is then false",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"since_last": {"type": "boolean", "default": False}},
                                }
                            }
                        },
                    },
                    "responses": {
                        "201": _response(
                            "The story's briefing, stored", {"$ref": "#/components/schemas/StoryBriefing"}
                        ),
                        **_errors(404, *_BODY),
                    },
                }
            },
            "/api/ingest": {
                "post": {
                    "summary": "Add articles to the store; they are sorted into stories",
                    "operationId": "ingest",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["articles"],
                                    "properties": {"articles": articles},
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": _response("What was added", {"type": "object"}),
                        **_errors(*_BODY),
                    },
                }
            },
            "/api/articles/{article_id}": {
                "delete": {
                    "summary": "Remove one stored article for good",
                    "description": "Its story loses it; a story left with no article is removed with its stored "
                    "briefings. When the article was a revision, the version before it is current again.",
                    "operationId": "deleteArticle",
                    "parameters": [_ARTICLE_ID],
                    "responses": {
                        "200": _response(
                            "What was removed",
                            {
                                "type": "object",
                                "required": ["article", "story", "story_deleted", "restored"],
                                "properties": {
                                    "article": {"type": "integer"},
                                    "story": {"type": "integer"},
                                    "story_deleted": {"type": "boolean"},
                                    "restored": {"type": ["integer", "null"]},
                                },
                            },
                        ),
                        **_errors(403, 404),
                    },
                }
            },
            "/api/health": {
                "get": {
                    "summary": "Whether the server is up, and its version",
                    "operationId": "health",
                    "security": [],
                    "responses": {"200": _response("Up", {"type": "object"})},
                }
            },
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Article": {
                    "type": "object",
                    "description": "One of `text`, `html`, `markdown` and `feed`; fields given beside `html` or"
                    " `markdown` win over what the page or the first heading says",
                    "oneOf": [
                        {"required": ["text"]},
                        {"required": ["html"]},
                        {"required": ["markdown"]},
                        {"required": ["feed"]},
                    ],
                    "properties": {
                        "text": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": MAX_ARTICLE_CHARS,
                            "description": "Plain text of the article",
                        },
                        "html": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": MAX_HTML_CHARS,
                            "description": "A saved web page; its main text, title, site name, canonical URL and date"
                            " are extracted by trafilatura",
                        },
                        "feed": {
                            "type": "string",
                            "description": "An RSS, Atom, RDF or JSON Feed document; each entry with text becomes"
                            " an article",
                        },
                        "markdown": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": MAX_ARTICLE_CHARS,
                            "description": "A Markdown file; its first heading is the title, its links and emphasis"
                            " become plain words",
                        },
                        "title": {"type": ["string", "null"], "maxLength": MAX_FIELD_CHARS},
                        "source": {
                            "type": ["string", "null"],
                            "maxLength": MAX_FIELD_CHARS,
                            "description": "The outlet; defaults to the URL's domain",
                        },
                        "url": {"type": ["string", "null"], "maxLength": MAX_FIELD_CHARS},
                        "published": {
                            "type": ["string", "null"],
                            "pattern": DATE_PATTERN,
                            "description": "ISO date (YYYY-MM-DD) or datetime: a real calendar day from "
                            f"{MIN_DATE.isoformat()} to tomorrow (UTC); a later one is refused",
                        },
                    },
                },
                "BriefRequest": {
                    "type": "object",
                    "required": ["articles"],
                    "properties": {
                        "articles": articles,
                        "words": {"type": "integer", "minimum": 1, "maximum": MAX_WORDS, "default": DEFAULT_WORDS},
                        "summarizer": {
                            "enum": sorted(SUMMARIZERS),
                            "default": DEFAULT_SUMMARIZER,
                            "description": "A name from `storyline summarizers`",
                        },
                        "skip_unusable": {
                            "type": "boolean",
                            "default": False,
                            "description": "Leave out articles that cannot be used (no article text in a page, a"
                            " feed without entries) and name them in the briefing's `notes`, instead of refusing"
                            " the request; refused still when none is usable",
                        },
                    },
                },
                "Briefing": _document(
                    "storyline.briefing/2",
                    "Schema storyline.briefing/2, documented in docs/json.md",
                    ["articles", "summary"],
                    dict.fromkeys(["articles", "summary", "claims", "timeline", "actors", "quotes"], _OBJECTS),
                ),
                "StoryList": _document(
                    "storyline.stories/1",
                    "Schema storyline.stories/1 (docs/streams.md), with the page's place in it",
                    ["stories", "total", "limit", "offset", "next"],
                    {
                        "stories": _OBJECTS,
                        "total": {"type": "integer", "description": "Stories in all, over every page"},
                        "limit": {"type": "integer"},
                        "offset": {"type": "integer"},
                        "next": _or_null(
                            "string", "Pass as `after` for the next page; null when this page is the last"
                        ),
                    },
                ),
                "StoryBriefing": _document(
                    "storyline.story-briefing/1",
                    "Schema storyline.story-briefing/1 (docs/streams.md)",
                    ["story", "briefing_id", "previous", "briefing", "changes"],
                    {
                        "story": {"type": "object"},
                        "briefing_id": _or_null(
                            "integer", "The stored briefing's id; null when it was not stored (GET)"
                        ),
                        "previous": _or_null("object", "The stored briefing compared against (since_last), or null"),
                        "briefing": {"$ref": "#/components/schemas/Briefing"},
                        "changes": _or_null(
                            "object", "Schema storyline.changes/1 with since_last and an earlier briefing"
                        ),
                    },
                ),
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["message", "status"],
                            "properties": {
                                "message": {"type": "string"},
                                "status": {"type": "integer"},
                                "field": {
                                    "type": "string",
                                    "description": 'The JSON path at fault: "articles[2].text"',
                                },
                            },
                        }
                    },
                },
            },
        },
    }
