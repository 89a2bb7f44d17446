"""Plain text for a terminal: numbered summary, who reports each sentence, sources, and what cleaning removed."""

from __future__ import annotations

import textwrap

from ..types import Article, Briefing
from . import (
    article_labels,
    briefing_counts,
    duplicate_phrase,
    empty_summary_phrase,
    one_line,
    reporting_count,
    reporting_outlets,
    sentence_case,
    truncate,
)

WIDTH = 100
# textwrap breaks lines only at ASCII whitespace, so a no-break space keeps "Meridian News [2, 4]" from
# ending a line with "[2,"; wrap() turns it back into a plain space.
KEEP_TOGETHER = "\u00a0"


def render_text(briefing: Briefing, *, show_removed: bool = False) -> str:
    """The briefing as wrapped plain text."""
    lines = [f"Briefing from {briefing_counts(briefing)} by {briefing.method}", ""]
    lines += summary_lines(briefing) if briefing.summary else [empty_summary_phrase(briefing)]
    lines += ["", "Sources"]
    lines += source_lines(briefing)
    if show_removed:
        lines += ["", "Removed while cleaning"]
        lines += removal_lines(briefing)
    return "\n".join(lines)


def summary_lines(briefing: Briefing) -> list[str]:
    """Each summary sentence, numbered, then an indented line naming the outlets that report it."""
    lines: list[str] = []
    number_width = len(str(len(briefing.summary)))
    for number, sentence in enumerate(briefing.summary, start=1):
        marker = f"{number}.".ljust(number_width + 2)
        indent = " " * len(marker)
        lines.append(wrap(one_line(sentence.text), marker, indent))
        outlets = ", ".join(outlet_entry(label, numbers) for label, numbers in reporting_outlets(briefing, sentence))
        lines.append(wrap(f"reported by {reporting_count(briefing, sentence)}: {outlets}", indent, indent + "  "))
    return lines


def outlet_entry(label: str, numbers: list[int]) -> str:
    """'Meridian News [2, 4]', its numbers held together with the label's last word."""
    numbers_text = ("," + KEEP_TOGETHER).join(str(number) for number in numbers)
    return f"{one_line(label)}{KEEP_TOGETHER}[{numbers_text}]"


def source_lines(briefing: Briefing) -> list[str]:
    """'[n] label — title (date)' for each article, then which articles are copies of one another."""
    lines = [
        wrap(describe_article(article, label), f"[{number}] ", "    ") for number, article, label in numbered(briefing)
    ]
    lines += [wrap(sentence_case(duplicate_phrase(briefing, group)), "", "  ") for group in briefing.duplicates]
    return lines


def removal_lines(briefing: Briefing) -> list[str]:
    """Per article, each removed piece with the reason it went."""
    lines: list[str] = []
    for number, article, label in numbered(briefing):
        lines.append(f"[{number}] {one_line(label)}")
        if not article.removed:
            lines.append("    nothing removed")
        for removal in article.removed:
            lines.append(wrap(f"{removal.reason}: {truncate(removal.text)}", "    - ", "      "))
    return lines


def describe_article(article: Article, label: str) -> str:
    """'outlet — title (date)'; without an outlet the label is the title, shown once and in full."""
    title = one_line(article.title)
    if article.source:
        description = one_line(article.source) + (f" — {title}" if title else "")
    else:
        description = title or one_line(label)
    if article.published:
        description += f" ({article.published})"
    return description


def numbered(briefing: Briefing) -> list[tuple[int, Article, str]]:
    """(number from 1, article, label) for each article."""
    labels = article_labels(briefing)
    return [(number, article, labels[article.id]) for number, article in enumerate(briefing.articles, start=1)]


def wrap(text: str, first_indent: str, later_indent: str) -> str:
    """`text` (one line) on lines of at most WIDTH columns, the first starting with `first_indent`."""
    wrapped = textwrap.fill(
        text, width=WIDTH, initial_indent=first_indent, subsequent_indent=later_indent, break_long_words=False
    )
    return wrapped.replace(KEEP_TOGETHER, " ")
