"""The OpenAPI 3.1 description of the HTTP API, served at /openapi.json (see server.py for the routes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import __version__
from .briefing import DEFAULT_WORDS

if TYPE_CHECKING:
    from .server import ServerSettings

_ERROR = {"$ref": "#/components/schemas/Error"}


def _response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    reasons = {
        401: "Missing or wrong access token (only when the server has one)",
        404: "No such story",
        413: "Request body too large",
        422: "Malformed JSON, a missing or invalid field (named in error.field), or too many articles",
    }
    return {str(status): _response(reasons[status], _ERROR) for status in statuses}


def openapi_document(settings: ServerSettings) -> dict[str, Any]:
    """The API description, with this server's limits filled in."""
    from .server import MAX_WORDS

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
                    "summary": "Stories in the store, with their articles",
                    "operationId": "listStories",
                    "parameters": [
                        {
                            "name": "since",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "examples": ["2d", "12h"]},
                            "description": "Only stories with an article seen within this period",
                        }
                    ],
                    "responses": {
                        "200": _response("The stories", {"$ref": "#/components/schemas/StoryList"}),
                        **_errors(401, 422),
                    },
                }
            },
            "/api/stories/{story_id}": {
                "get": {
                    "summary": "A story's briefing, or what is new since the last one",
                    "operationId": "briefStory",
                    "parameters": [
                        {"name": "story_id", "in": "path", "required": True, "schema": {"type": "string"}},
                        {
                            "name": "since_last",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "boolean", "default": False},
                            "description": "Only what changed since the last briefing of this story",
                        },
                    ],
                    "responses": {
                        "200": _response("The story's briefing", {"type": "object"}),
                        **_errors(401, 404, 422),
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
                    "responses": {"200": _response("What was added", {"type": "object"}), **_errors(401, 413, 422)},
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
                    "required": ["text"],
                    "properties": {
                        "text": {"type": "string", "minLength": 1, "description": "Plain text of the article"},
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
                    "properties": {"stories": {"type": "array", "items": {"type": "object"}}},
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
