"""The OpenAPI 3.1 description of the HTTP API, served at /openapi.json (see app.py for the routes)."""

from __future__ import annotations

from typing import Any

from .._version import __version__
from ..briefing import DEFAULT_WORDS
from .settings import MAX_STORIES_PER_PAGE, MAX_WORDS, ServerSettings

_ERROR = {"$ref": "#/components/schemas/Error"}
_STORY_ID = {"name": "story_id", "in": "path", "required": True, "schema": {"type": "string"}}


def _response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    reasons = {
        401: "Missing or wrong access token (only when the server has one)",
        404: "No such story",
        413: "Request body too large",
        422: "Malformed JSON, a missing or invalid field (named in error.field), or too many articles",
        503: "The store is busy: another process kept it locked; the request was fine, retry after Retry-After",
    }
    responses = {str(status): _response(reasons[status], _ERROR) for status in statuses}
    if 503 in statuses:
        responses["503"]["headers"] = {
            "Retry-After": {"description": "Seconds to wait before retrying", "schema": {"type": "integer"}}
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
                        **_errors(401, 413, 422),
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
                        {
                            "name": "since",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "examples": ["2d", "1w", "2026-11-20"]},
                            "description": "Only stories with an article seen on this day or later: days (2d), "
                            "weeks (1w) or a date",
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": MAX_STORIES_PER_PAGE,
                                "default": settings.stories_per_page,
                            },
                            "description": "At most this many stories",
                        },
                        {
                            "name": "offset",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "integer", "minimum": 0, "default": 0},
                            "description": "Skip this many stories first",
                        },
                        {
                            "name": "after",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "maxLength": 64},
                            "description": "Start after the story the previous page's `next` names",
                        },
                    ],
                    "responses": {
                        "200": _response("A page of the stories", {"$ref": "#/components/schemas/StoryList"}),
                        **_errors(401, 422, 503),
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
                        {
                            "name": "since_last",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "boolean", "default": False},
                            "description": "Also what changed since the last briefing stored for this story",
                        },
                    ],
                    "responses": {
                        "200": _response("The story's briefing", {"$ref": "#/components/schemas/StoryBriefing"}),
                        **_errors(401, 404, 422, 503),
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
                        **_errors(401, 404, 413, 422, 503),
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
                        **_errors(401, 413, 422, 503),
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
                        "text": {"type": "string", "minLength": 1, "description": "Plain text of the article"},
                        "html": {
                            "type": "string",
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
                            "description": "A Markdown file; its first heading is the title, its links and emphasis"
                            " become plain words",
                        },
                        "title": {"type": "string"},
                        "source": {"type": "string", "description": "The outlet; defaults to the URL's domain"},
                        "url": {"type": "string"},
                        "published": {"type": "string", "description": "ISO date, YYYY-MM-DD"},
                    },
                },
                "BriefRequest": {
                    "type": "object",
                    "required": ["articles"],
                    "properties": {
                        "articles": articles,
                        "words": {"type": "integer", "minimum": 1, "maximum": MAX_WORDS, "default": DEFAULT_WORDS},
                        "summarizer": {"type": "string", "description": "A name from `storyline summarizers`"},
                        "skip_unusable": {
                            "type": "boolean",
                            "default": False,
                            "description": "Leave out articles that cannot be used (no article text in a page, a"
                            " feed without entries) and name them in the briefing's `notes`, instead of refusing"
                            " the request; refused still when none is usable",
                        },
                    },
                },
                "Briefing": {
                    "type": "object",
                    "description": "Schema storyline.briefing/2, documented in docs/json.md",
                    "required": ["schema", "articles", "summary"],
                    "properties": {
                        "schema": {"const": "storyline.briefing/2"},
                        "articles": {"type": "array", "items": {"type": "object"}},
                        "summary": {"type": "array", "items": {"type": "object"}},
                        "claims": {"type": "array", "items": {"type": "object"}},
                        "timeline": {"type": "array", "items": {"type": "object"}},
                        "actors": {"type": "array", "items": {"type": "object"}},
                        "quotes": {"type": "array", "items": {"type": "object"}},
                    },
                },
                "StoryList": {
                    "type": "object",
                    "description": "Schema storyline.stories/1 (docs/streams.md), with the page's place in it",
                    "required": ["schema", "stories", "total", "limit", "offset", "next"],
                    "properties": {
                        "schema": {"const": "storyline.stories/1"},
                        "stories": {"type": "array", "items": {"type": "object"}},
                        "total": {"type": "integer", "description": "Stories in all, over every page"},
                        "limit": {"type": "integer"},
                        "offset": {"type": "integer"},
                        "next": {
                            "type": ["string", "null"],
                            "description": "Pass as `after` for the next page; null when this page is the last",
                        },
                    },
                },
                "StoryBriefing": {
                    "type": "object",
                    "description": "Schema storyline.story-briefing/1 (docs/streams.md)",
                    "required": ["schema", "story", "briefing_id", "previous", "briefing", "changes"],
                    "properties": {
                        "schema": {"const": "storyline.story-briefing/1"},
                        "story": {"type": "object"},
                        "briefing_id": {
                            "type": ["integer", "null"],
                            "description": "The stored briefing's id; null when it was not stored (GET)",
                        },
                        "previous": {
                            "type": ["object", "null"],
                            "description": "The stored briefing compared against (since_last), or null",
                        },
                        "briefing": {"$ref": "#/components/schemas/Briefing"},
                        "changes": {
                            "type": ["object", "null"],
                            "description": "Schema storyline.changes/1 with since_last and an earlier briefing",
                        },
                    },
                },
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
