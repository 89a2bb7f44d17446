"""Render a Briefing for people (text, Markdown, HTML) or programs (JSON).

    >>> print(render(briefing, "text"))

The phrasing the human formats share lives in `common.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import InputError
from ..types import Briefing

FORMATS = ("text", "markdown", "json", "html")


def render(briefing: Briefing, fmt: str, *, show_removed: bool = False) -> str:
    """The briefing in format `fmt` (one of FORMATS). `show_removed` adds what cleaning dropped."""
    from . import html, json, markdown, text  # loaded on first use: `batch` never renders

    renderers: dict[str, Callable[[], str]] = {
        "text": lambda: text.render_text(briefing, show_removed=show_removed),
        "markdown": lambda: markdown.render_markdown(briefing, show_removed=show_removed),
        "json": lambda: json.render_json(briefing),
        "html": lambda: html.render_html(briefing, show_removed=show_removed),
    }
    if fmt not in renderers:
        raise InputError("--format", f"unknown format {fmt!r}", f"choose one of: {', '.join(FORMATS)}")
    return renderers[fmt]()
