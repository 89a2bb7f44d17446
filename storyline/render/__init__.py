"""Render a Briefing for people (text, Markdown, HTML) or programs (JSON).

    >>> print(render(briefing, "text"))

The phrasing shared by the human formats lives here, so that a count reads the same in every format.
Articles are numbered from 1 in briefing order; "[2]" always means `briefing.articles[1]`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..briefing import article_label, outlet_count
from ..errors import InputError
from ..select import MIN_WORDS
from ..types import Briefing, DuplicateGroup, SummarySentence

FORMATS = ("text", "markdown", "json", "html")

_WHITESPACE = re.compile(r"\s+")


def render(briefing: Briefing, fmt: str, *, show_removed: bool = False) -> str:
    """The briefing in format `fmt` (one of FORMATS). `show_removed` adds what cleaning dropped."""
    # Imported here because each format module imports the helpers below from this package.
    from . import html, json, markdown, text

    renderers: dict[str, Callable[[], str]] = {
        "text": lambda: text.render_text(briefing, show_removed=show_removed),
        "markdown": lambda: markdown.render_markdown(briefing, show_removed=show_removed),
        "json": lambda: json.render_json(briefing),
        "html": lambda: html.render_html(briefing, show_removed=show_removed),
    }
    if fmt not in renderers:
        raise InputError("--format", f"unknown format {fmt!r}", f"choose one of: {', '.join(FORMATS)}")
    return renderers[fmt]()


# Only web addresses become links; anything else (javascript:, data:) stays text.
SAFE_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


def empty_summary_phrase(briefing: Briefing) -> str:
    """Why there is no summary: every sentence is longer than the budget, or none is usable."""
    return (
        f"No summary: no usable sentence fits in {plural(briefing.words, 'word')} "
        f"(the shortest considered have {MIN_WORDS} words)."
    )


def plural(count: int, noun: str) -> str:
    """'1 article', '2 articles'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def article_numbers(briefing: Briefing) -> dict[str, int]:
    """Article id -> the number readers see, from 1."""
    return {article.id: position + 1 for position, article in enumerate(briefing.articles)}


def article_labels(briefing: Briefing) -> dict[str, str]:
    """Article id -> outlet, else "article n"."""
    return {article.id: article_label(article, position) for position, article in enumerate(briefing.articles)}


def briefing_counts(briefing: Briefing) -> str:
    """'6 articles (5 independent reports)'."""
    articles, independent = outlet_count(briefing, [article.id for article in briefing.articles])
    return f"{plural(articles, 'article')} ({plural(independent, 'independent report')})"


def independent_total(briefing: Briefing) -> int:
    """Independent reports in the whole briefing: the 5 of '4 of 5 outlets'."""
    return outlet_count(briefing, [article.id for article in briefing.articles])[1]


def reporting_article_ids(sentence: SummarySentence) -> list[str]:
    """The articles with evidence for `sentence`, each once, in evidence order."""
    return list(dict.fromkeys(item.span.article_id for item in sentence.evidence))


def reporting_count(briefing: Briefing, sentence: SummarySentence) -> str:
    """'2 of 5 outlets', or '3 of 5 outlets (4 articles, 3 independent)' when wire copies are among them."""
    articles, independent = outlet_count(briefing, reporting_article_ids(sentence))
    phrase = f"{independent} of {plural(independent_total(briefing), 'outlet')}"
    if articles != independent:
        phrase += f" ({articles} articles, {independent} independent)"
    return phrase


def reporting_outlets(briefing: Briefing, sentence: SummarySentence) -> list[tuple[str, list[int]]]:
    """(label, article numbers) of the outlets reporting `sentence`, by first article number.

    Articles sharing a label (a wire story and its reprint) are listed together, so that no label repeats.
    """
    numbers = article_numbers(briefing)
    labels = article_labels(briefing)
    grouped: dict[str, list[int]] = {}
    for article_id in sorted(reporting_article_ids(sentence), key=numbers.__getitem__):
        grouped.setdefault(labels[article_id], []).append(numbers[article_id])
    return list(grouped.items())


def duplicate_phrase(briefing: Briefing, group: DuplicateGroup) -> str:
    """'articles 2 and 4 are copies of one wire story (similarity 0.99)'."""
    numbers = article_numbers(briefing)
    listed = [str(numbers[article_id]) for article_id in group.article_ids]
    return f"articles {join_words(listed)} are copies of one wire story (similarity {group.similarity:.2f})"


def join_words(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def sentence_case(text: str) -> str:
    """`text` with its first letter made capital (str.capitalize would lower the rest)."""
    return text[:1].upper() + text[1:]


def one_line(text: str) -> str:
    """`text` with every run of whitespace, newlines included, made one space."""
    return _WHITESPACE.sub(" ", text).strip()


def truncate(text: str, limit: int = 100) -> str:
    """`text` on one line, cut to at most `limit` characters, at a space when one is near the end."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    # Cutting at a space reads better, but not when it would throw away a fifth of what fits.
    if space > limit * 4 // 5:
        cut = cut[:space]
    return cut.rstrip() + "…"
