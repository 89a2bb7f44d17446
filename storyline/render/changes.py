"""What is new since the last briefing, for people (text, Markdown) or programs (JSON).

    >>> print(render_changes(storyline.what_changed(previous, briefing), "text"))

Sections, most pressing first: Changed figures, Corrections and retractions, New claims, New quotes, New and
revised articles, No longer in the briefing. A section with nothing in it is left out, and changes with nothing
in them are one line: "Nothing new since the briefing of <time>." Articles are numbered as in the full
briefing ("[2]" is `changes.briefing.articles[1]`); text the current articles no longer carry is quoted with the
outlet that had it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..errors import InputError
from ..types import Claim, Evidence, QuoteGroup
from . import markdown as md
from . import text as plain
from .common import (
    article_numbers,
    briefing_counts,
    group_speaker,
    one_line,
    quoted,
    reporting_article_ids,
    reporting_outlets,
    value_phrase,
    wordings,
)

if TYPE_CHECKING:  # storyline.changes loads on first use, so commands that never compare stay quick to start
    from ..changes import ArticleChange, Changes, PreviousText, Retraction, ValueChange

CHANGE_FORMATS = ("text", "markdown", "json")

CHANGED_VALUES_HEADING = "Changed figures"
RETRACTIONS_HEADING = "Corrections and retractions"
NEW_CLAIMS_HEADING = "New claims"
NEW_QUOTES_HEADING = "New quotes"
NEW_ARTICLES_HEADING = "New and revised articles"
DROPPED_HEADING = "No longer in the briefing"

# Read top to bottom, a long list of new claims is cut (JSON keeps them all). Not tuned on data: one new article
# brings a handful of claims, and ten fit one terminal screen.
NEW_CLAIMS_SHOWN = 10

# What a retraction's kind says to a reader.
RETRACTION_PHRASES = {"correction": "Corrected", "revised": "Dropped in a revision", "dropped": "No longer reported"}
ARTICLE_KIND_PHRASES = {"new": "new", "revised": "revised since the last briefing"}


def render_changes(changes: Changes, output_format: str) -> str:
    """The changes in `output_format`, one of CHANGE_FORMATS."""
    from ..changes import changes_to_dict

    renderers: dict[str, Callable[[Changes], str]] = {
        "text": render_changes_text,
        "markdown": render_changes_markdown,
        "json": lambda c: json.dumps(changes_to_dict(c), ensure_ascii=False, indent=2),
    }
    if output_format not in renderers:
        raise InputError("--format", f"unknown format {output_format!r}", f"choose one of: {', '.join(CHANGE_FORMATS)}")
    return renderers[output_format](changes)


def since_phrase(changes: Changes) -> str:
    """'the briefing of 2025-03-04 09:00', or 'the last briefing' when its time is not known."""
    return f"the briefing of {one_line(changes.since)}" if changes.since.strip() else "the last briefing"


def nothing_new_phrase(changes: Changes) -> str:
    return f"Nothing new since {since_phrase(changes)}."


def revised_previous_ids(changes: Changes) -> set[str]:
    """The previous ids of articles that were revised: their old text is an "earlier version"."""
    return {change.previous_id for change in changes.new_articles if change.kind == "revised"}


def previous_where(changes: Changes, text: PreviousText) -> str:
    """Where old text was, when no current article still says it: 'Harbour Post, earlier version'."""
    if text.article_id in revised_previous_ids(changes):
        return f"{one_line(text.outlet)}, earlier version"
    if any(change.previous_id == text.article_id for change in changes.dropped_articles):
        return f"{one_line(text.outlet)}, no longer in the briefing"
    return one_line(text.outlet)


def change_phrase(change: ValueChange) -> str:
    """'“four firefighters” before, “six firefighters” now'; a date shows the day it resolves to."""
    old = quoted(change.old_value)
    if change.dimension == "date" and one_line(change.old_value) != change.old_reading:
        old += f" ({change.old_reading})"
    return f"{old} before, {value_phrase(change.new_value)} now"


def evidence_text(changes: Changes, item: Evidence) -> str:
    """The text of an evidence span, cut from its current article."""
    article = next(a for a in changes.briefing.articles if a.id == item.span.article_id)
    return article.text[item.span.start : item.span.end]


def evidence_ids(evidence: Sequence[Evidence]) -> list[str]:
    return list(dict.fromkeys(item.span.article_id for item in evidence))


# --- Text --------------------------------------------------------------------------------------------------------


def render_changes_text(changes: Changes) -> str:
    """The changes as wrapped plain text."""
    if changes.empty:
        return nothing_new_phrase(changes)
    lines = [f"What is new since {since_phrase(changes)}", f"(now {briefing_counts(changes.briefing)})"]
    sections = {
        CHANGED_VALUES_HEADING: [line for c in changes.changed_values for line in _text_value(changes, c)],
        RETRACTIONS_HEADING: [line for r in changes.retractions for line in _text_retraction(changes, r)],
        NEW_CLAIMS_HEADING: _text_claims(changes),
        NEW_QUOTES_HEADING: [line for g in changes.new_quotes for line in plain.quote_group_lines(changes.briefing, g)],
        NEW_ARTICLES_HEADING: [_text_article(changes, change) for change in changes.new_articles],
        DROPPED_HEADING: [_text_dropped(change) for change in changes.dropped_articles],
    }
    for heading, section in sections.items():
        if section:
            lines += ["", heading, "", *section]
    return "\n".join(lines)


def _text_sources(changes: Changes, article_ids: Sequence[str]) -> str:
    return plain.outlet_list(reporting_outlets(changes.briefing, article_ids))


def _text_previous(changes: Changes, text: PreviousText, label: str) -> str:
    """'before: old text — Coast Radio [2]', or '— Harbour Post, earlier version' when no article still has it."""
    ids = [span.article_id for span in text.still_in]
    where = _text_sources(changes, ids) if ids else previous_where(changes, text)
    return plain.wrap(f"{label}: {one_line(text.text)} — {where}", "  ", "    ")


def _text_value(changes: Changes, change: ValueChange) -> list[str]:
    now = one_line(evidence_text(changes, change.evidence[0]))
    return [
        plain.wrap(change_phrase(change), "- ", "  "),
        plain.wrap(f"now: {now} — {_text_sources(changes, evidence_ids(change.evidence))}", "  ", "    "),
        _text_previous(changes, change.old, "before"),
    ]


def _text_retraction(changes: Changes, retraction: Retraction) -> list[str]:
    phrase = RETRACTION_PHRASES.get(retraction.kind, one_line(retraction.kind))
    lines = []
    if retraction.old is not None:
        lines.append(plain.wrap(f"{phrase}: {quoted(retraction.old.text)}", "- ", "  "))
        lines.append(plain.wrap(f"reported by {previous_where(changes, retraction.old)}", "  ", "    "))
    else:
        lines.append(plain.wrap(f"{phrase}:", "- ", "  "))
    for item in retraction.evidence:
        sources = _text_sources(changes, [item.span.article_id])
        lines.append(plain.wrap(f"correction: {one_line(evidence_text(changes, item))} — {sources}", "  ", "    "))
    return lines


def _text_claims(changes: Changes) -> list[str]:
    shown = changes.new_claims[:NEW_CLAIMS_SHOWN]
    lines = [plain.wrap(f"{one_line(c.text)} — {_claim_sources(changes, c)}", "- ", "  ") for c in shown]
    if len(changes.new_claims) > len(shown):
        lines.append(plain.wrap(_more(len(changes.new_claims) - len(shown)), "  ", "  "))
    return lines


def _claim_sources(changes: Changes, claim: Claim) -> str:
    return _text_sources(changes, reporting_article_ids(claim))


def _more(hidden: int) -> str:
    return f"… and {hidden} more, not shown here (the JSON format lists them all)"


def _text_article(changes: Changes, change: ArticleChange) -> str:
    number = article_numbers(changes.briefing)[change.article_id]
    return plain.wrap(f"{_article_description(change)} ({ARTICLE_KIND_PHRASES[change.kind]})", f"[{number}] ", "    ")


def _text_dropped(change: ArticleChange) -> str:
    return plain.wrap(_article_description(change), "- ", "  ")


def _article_description(change: ArticleChange) -> str:
    title = one_line(change.title)
    return one_line(change.outlet) + (f" — {title}" if title else "")


# --- Markdown ----------------------------------------------------------------------------------------------------


def render_changes_markdown(changes: Changes) -> str:
    """The changes as Markdown; every text taken from an article is escaped."""
    if changes.empty:
        return nothing_new_phrase(changes)
    lines = [f"# What is new since {md.escape(since_phrase(changes))}", ""]
    lines.append(f"Now {briefing_counts(changes.briefing)}; article numbers are those of the full briefing.")
    sections = {
        CHANGED_VALUES_HEADING: [line for c in changes.changed_values for line in _md_value(changes, c)],
        RETRACTIONS_HEADING: [line for r in changes.retractions for line in _md_retraction(changes, r)],
        NEW_CLAIMS_HEADING: _md_claims(changes),
        NEW_QUOTES_HEADING: [line for g in changes.new_quotes for line in _md_quote(changes, g)],
        NEW_ARTICLES_HEADING: [_md_article(changes, change) for change in changes.new_articles],
        DROPPED_HEADING: [f"- {md.escape(_article_description(change))}" for change in changes.dropped_articles],
    }
    for heading, section in sections.items():
        if section:
            lines += ["", f"## {heading}", "", *section]
    return "\n".join(lines)


def _md_sources(changes: Changes, article_ids: Sequence[str]) -> str:
    return md.outlet_list(reporting_outlets(changes.briefing, article_ids))


def _md_previous(changes: Changes, text: PreviousText, label: str) -> str:
    ids = [span.article_id for span in text.still_in]
    where = _md_sources(changes, ids) if ids else md.escape(previous_where(changes, text))
    return f"  - *{label}*: {md.escape(text.text)} — {where}"


def _md_value(changes: Changes, change: ValueChange) -> list[str]:
    now = evidence_text(changes, change.evidence[0])
    return [
        f"- {md.escape(change_phrase(change))}",
        f"  - *now*: {md.escape(now)} — {_md_sources(changes, evidence_ids(change.evidence))}",
        _md_previous(changes, change.old, "before"),
    ]


def _md_retraction(changes: Changes, retraction: Retraction) -> list[str]:
    phrase = RETRACTION_PHRASES.get(retraction.kind, retraction.kind)
    if retraction.old is not None:
        lines = [f"- **{md.escape(phrase)}**: {md.escape(quoted(retraction.old.text))}"]
        lines.append(f"  - *reported by* {md.escape(previous_where(changes, retraction.old))}")
    else:
        lines = [f"- **{md.escape(phrase)}**"]
    for item in retraction.evidence:
        sources = _md_sources(changes, [item.span.article_id])
        lines.append(f"  - *correction*: {md.escape(evidence_text(changes, item))} — {sources}")
    return lines


def _md_claims(changes: Changes) -> list[str]:
    shown = changes.new_claims[:NEW_CLAIMS_SHOWN]
    lines = [f"- {md.escape(claim.text)} — {_md_sources(changes, reporting_article_ids(claim))}" for claim in shown]
    if len(changes.new_claims) > len(shown):
        lines.append(f"- *{md.escape(_more(len(changes.new_claims) - len(shown)))}*")
    return lines


def _md_quote(changes: Changes, group: QuoteGroup) -> list[str]:
    speaker = f"**{md.escape(group_speaker(group))}**"
    return [
        f"- {speaker} — {md.escape(words)} — {md.outlet_list(outlets)}"
        for words, outlets in wordings(changes.briefing, group).items()
    ]


def _md_article(changes: Changes, change: ArticleChange) -> str:
    number = article_numbers(changes.briefing)[change.article_id]
    description = md.escape(_article_description(change))
    return f"- [{number}] {description} *({ARTICLE_KIND_PHRASES[change.kind]})*"
