"""Markdown: the summary with numbered references to a Sources list, and each sentence's evidence quoted.

Article text is data: everything taken from an article is escaped so that it shows as written, never as
emphasis, links or raw HTML (Markdown renderers pass HTML through, so an unescaped `<script>` would run).
"""

from __future__ import annotations

import re

from ..types import Article, Briefing, Evidence, SummarySentence
from . import (
    SAFE_URL,
    article_labels,
    article_numbers,
    briefing_counts,
    duplicate_phrase,
    empty_summary_phrase,
    one_line,
    reporting_count,
    sentence_case,
    truncate,
)

# Characters that start emphasis, code, links, tables, strikethrough or HTML anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
# Text placed after "1. " or "> " starts a block, where "# ", "- " or "2) " would make a heading or a list.
_BLOCK_START = re.compile(r"^([#+=>-]|\d+(?=[.)]))")
# "&amp;" would show as "&"; escaping the ampersand keeps entity-like text literal.
_ENTITY = re.compile(r"&(?=#?\w+;)")


def render_markdown(briefing: Briefing, *, show_removed: bool = False) -> str:
    """The briefing as Markdown."""
    lines = ["# Briefing", "", f"From {briefing_counts(briefing)}, summarized by `{briefing.method}`.", ""]
    lines += ["## Summary", ""]
    for number, sentence in enumerate(briefing.summary, start=1):
        lines += sentence_lines(briefing, number, sentence)
    if not briefing.summary:
        lines.append(empty_summary_phrase(briefing))
    lines += ["", "## Sources", ""]
    lines += source_lines(briefing)
    if show_removed:
        lines += ["", "## Removed while cleaning", ""]
        lines += removal_lines(briefing)
    # Reference definitions make "[2]" in the text a link to the source entry, and render as nothing.
    lines += [""] + [f"[{number}]: #source-{number}" for number in range(1, len(briefing.articles) + 1)]
    return "\n".join(lines)


def escape(text: str) -> str:
    """`text` on one line, with Markdown syntax escaped so that it reads literally."""
    escaped = _ENTITY.sub(r"\\&", _INLINE_SPECIAL.sub(r"\\\1", one_line(text)))
    return _BLOCK_START.sub(_escape_block_start, escaped)


def _escape_block_start(match: re.Match[str]) -> str:
    marker = match.group()
    # "2020." is escaped as "2020\." since a backslash before a digit would show.
    return f"{marker}\\" if marker.isdigit() else f"\\{marker}"


def sentence_lines(briefing: Briefing, number: int, sentence: SummarySentence) -> list[str]:
    """A numbered summary sentence with its references, who reports it, and the evidence from each article."""
    numbers = article_numbers(briefing)
    labels = article_labels(briefing)
    texts = {article.id: article.text for article in briefing.articles}
    marker = f"{number}. "
    indent = " " * len(marker)  # a list item's nested blocks line up with its text
    evidence = sorted(sentence.evidence, key=lambda item: numbers[item.span.article_id])
    # Commas keep "[1] [2]" from being read as one reference link by renderers that allow a space in it.
    references = ", ".join(dict.fromkeys(f"[{numbers[item.span.article_id]}]" for item in evidence))
    lines = [
        f"{marker}{escape(sentence.text)} {references}",
        f"{indent}- *Reported by {reporting_count(briefing, sentence)}*",
    ]
    for item in evidence:
        article_id = item.span.article_id
        quote = texts[article_id][item.span.start : item.span.end]
        lines.append(
            f"{indent}- **{escape(labels[article_id])}** [{numbers[article_id]}]{evidence_note(sentence, item)}"
        )
        lines.append(f"{indent}  > {escape(quote)}")
    return lines


def evidence_note(sentence: SummarySentence, item: Evidence) -> str:
    """Says which span the summary quotes, and how closely each other span matches it."""
    if item is sentence.evidence[0]:
        return ", quoted"
    return f", match {item.score:.2f}"


def source_lines(briefing: Briefing) -> list[str]:
    """A numbered entry per article, anchored for the references, then the wire-copy groups."""
    labels = article_labels(briefing)
    lines = [
        f'{number}. <a id="source-{number}"></a>{describe_article(article, labels[article.id])}'
        for number, article in enumerate(briefing.articles, start=1)
    ]
    if briefing.duplicates:
        lines.append("")
        lines += [f"- {sentence_case(duplicate_phrase(briefing, group))}." for group in briefing.duplicates]
    return lines


def describe_article(article: Article, label: str) -> str:
    """'**outlet** — title, date, <address>'; without an outlet the title (else the label) is in bold."""
    description = f"**{escape(article.source or article.title or label)}**"
    if article.source and article.title:
        description += f" — {escape(article.title)}"
    if article.published:
        description += f", {escape(article.published)}"
    if SAFE_URL.fullmatch(article.url):
        description += f", <{article.url}>"
    return description


def removal_lines(briefing: Briefing) -> list[str]:
    """Per article, each removed piece (shortened) with the reason it went."""
    labels = article_labels(briefing)
    lines: list[str] = []
    for number, article in enumerate(briefing.articles, start=1):
        lines.append(f"- **{escape(labels[article.id])}** [{number}]")
        if not article.removed:
            lines.append("  - nothing removed")
        for removal in article.removed:
            lines.append(f"  - *{escape(removal.reason)}*: {escape(truncate(removal.text))}")
    return lines
