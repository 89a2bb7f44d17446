"""Markdown: the summary with numbered references to a Sources list, and each sentence's evidence quoted; then
agreement and conflict, what each outlet alone reports, timeline, actors and quotes, each item citing its
articles as "[2]", which links to the Sources entry.

Article text is data: everything taken from an article is escaped so that it shows as written, never as
emphasis, links or raw HTML (Markdown renderers pass HTML through, so an unescaped `<script>` would run).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from ..types import (
    Article,
    Briefing,
    Claim,
    Evidence,
    OutletExclusive,
    Quote,
    QuoteGroup,
    SummarySentence,
    TimelineEvent,
)
from .common import (
    ACTORS_SHOWN,
    CLAIMS_SHOWN,
    DATES_DIFFER,
    EXCLUSIVE_CLAIMS_SHOWN,
    EXCLUSIVE_OUTLETS_SHOWN,
    PARTIAL_PREFIX,
    PARTLY_SHARED_HEADING,
    PARTLY_SHARED_SHOWN,
    QUOTES_SHOWN,
    REPORTED_SPEECH_SHOWN,
    SAFE_URL,
    TIMELINE_SHOWN,
    GroupStyle,
    OutletRef,
    actor_groups,
    actor_roles,
    article_labels,
    article_numbers,
    briefing_counts,
    claim_groups,
    claim_title,
    comparison_phrase,
    dates_given,
    duplicate_phrase,
    empty_summary_phrase,
    exclusive_groups,
    exclusive_numbers,
    exclusive_order,
    filled_sections,
    group_speaker,
    grouped_lines,
    listed,
    mention_outlets,
    named_phrase,
    one_line,
    partial_outlets,
    partly_shared,
    quote_articles,
    quoted,
    reporting_article_ids,
    reporting_count,
    reporting_outlets,
    sentence_case,
    speaker_name,
    timeline_groups,
    truncate,
    value_phrase,
    wording_phrase,
    wordings,
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
    lines += [*(f"> Note: {escape(note)}" for note in briefing.notes), *([""] if briefing.notes else [])]
    lines += ["## Summary", ""]
    for number, sentence in enumerate(briefing.summary, start=1):
        lines += sentence_lines(briefing, number, sentence)
    if not briefing.summary:
        lines.append(empty_summary_phrase(briefing))
    builders = (agreement_lines, exclusive_lines, timeline_lines, actor_lines, quote_lines, reported_speech_lines)
    for heading, section in filled_sections(briefing, builders).items():
        lines += ["", f"## {heading}", "", *section]
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
        f"{indent}- *Reported by {reporting_count(briefing, reporting_article_ids(sentence))}*",
    ]
    if sentence.partial:
        lines.append(f"{indent}- *{PARTIAL_PREFIX}:* {outlet_list(partial_outlets(briefing, sentence))}")
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
    return f", {escape(item.reason)}" if item.reason else f", match {item.score:.2f}"


def references(numbers: Iterable[int]) -> str:
    """'[2], [4]': each a reference link to its Sources entry (commas keep "[2] [4]" from reading as one)."""
    return ", ".join(f"[{number}]" for number in numbers)


def outlet_list(outlets: Iterable[OutletRef]) -> str:
    """'**Harbour Post** [1], **Meridian News** [2], [4]'."""
    return ", ".join(f"**{escape(outlet.label)}** {references(outlet.numbers)}" for outlet in outlets)


def cited(briefing: Briefing, article_ids: Iterable[str]) -> str:
    """References to the articles `article_ids`, in article order."""
    numbers = article_numbers(briefing)
    return references(sorted({numbers[article_id] for article_id in article_ids}))


def reported_line(briefing: Briefing, article_ids: Sequence[str], indent: str) -> str:
    """'  - *Reported by 2 of 5 outlets*: **Harbour Post** [1], **Evening Star** [4]'."""
    outlets = outlet_list(reporting_outlets(briefing, article_ids))
    return f"{indent}- *Reported by {reporting_count(briefing, article_ids)}*: {outlets}"


def subheading(heading: str) -> list[str]:
    """'### Heading' and a blank line: a group within a section. `heading` is Markdown already."""
    return [f"### {heading}", ""]


def section_lines(groups: dict[str, list[int]], item_lines: Callable[[int], list[str]], *, limit: int = 0) -> list[str]:
    """`grouped_lines` with the groups' headings escaped, for `subheading`."""
    escaped = {escape(heading): indices for heading, indices in groups.items()}
    return grouped_lines(escaped, item_lines, STYLE, limit=limit)


def cited_lines(briefing: Briefing, text: str, item: Claim | TimelineEvent) -> list[str]:
    """'- text [1], [3]' and the indented line saying who reports the item. `text` is Markdown already."""
    article_ids = reporting_article_ids(item)
    return [f"- {text} {cited(briefing, article_ids)}", reported_line(briefing, article_ids, "  ")]


def agreement_lines(briefing: Briefing) -> list[str]:
    """Claims by status, conflicts first; a conflict shows why the values disagree and who gives each one."""
    return section_lines(
        claim_groups(briefing), lambda i: claim_lines(briefing, briefing.claims[i]), limit=CLAIMS_SHOWN
    )


def claim_lines(briefing: Briefing, claim: Claim) -> list[str]:
    """'- text [1], [3]', who reports it, each value comparison's explanation; a disagreement lists its values."""
    lines = cited_lines(briefing, escape(claim_title(claim)), claim)
    for comparison in claim.comparisons:
        lines.append(f"  - {escape(comparison_phrase(comparison.explanation))}")
        if not comparison.compatible or claim.part == "figure":
            for value in comparison.values:
                source = outlet_list(reporting_outlets(briefing, [value.span.article_id]))
                lines.append(f"    - {escape(value_phrase(value))} — {source}")
    return lines


def exclusive_lines(briefing: Briefing) -> list[str]:
    """Per outlet, the claims only it makes, most important first, at most EXCLUSIVE_CLAIMS_SHOWN of them,
    for the first EXCLUSIVE_OUTLETS_SHOWN outlets."""

    def heading(exclusive: OutletExclusive) -> str:
        return f"{escape(exclusive.outlet)} {references(exclusive_numbers(briefing, exclusive))}"

    claims = [exclusive.claims[i] for exclusive in briefing.exclusives for i in exclusive_order(exclusive)]

    def claim_line(index: int) -> list[str]:
        claim = claims[index]
        return [f"- {escape(claim.text)} {cited(briefing, reporting_article_ids(claim))}"]

    groups = exclusive_groups(briefing, heading)
    lines = grouped_lines(
        groups, claim_line, STYLE, limit=EXCLUSIVE_CLAIMS_SHOWN, groups_limit=(EXCLUSIVE_OUTLETS_SHOWN, "outlets")
    )
    shared = partly_shared(briefing)
    if shared:

        def shared_lines(index: int) -> list[str]:
            claim = shared[index][1]
            return [
                f"- {escape(claim.text)} {cited(briefing, reporting_article_ids(claim))}",
                f"  - {PARTIAL_PREFIX}: {outlet_list(partial_outlets(briefing, claim))}",
            ]

        lines += ["", *STYLE.heading_lines(escape(PARTLY_SHARED_HEADING))]
        lines += grouped_lines(listed(len(shared)), shared_lines, STYLE, limit=PARTLY_SHARED_SHOWN)
    return lines


def timeline_lines(briefing: Briefing) -> list[str]:
    """Dated events of the reported days, then the background events the articles recall."""
    return section_lines(
        timeline_groups(briefing), lambda i: event_lines(briefing, briefing.timeline[i]), limit=TIMELINE_SHOWN
    )


def event_lines(briefing: Briefing, event: TimelineEvent) -> list[str]:
    """'- **date**: text [1]', who reports it, and for a disputed date every date given and who gives it."""
    lines = cited_lines(briefing, f"**{escape(event.date)}**: {escape(event.text)}", event)
    if event.disputed:
        given = "; ".join(
            f"{escape(date)} by {outlet_list(refs)}" for date, refs in dates_given(briefing, event).items()
        )
        lines.append(f"  - *{sentence_case(DATES_DIFFER)}*: {given}")
    return lines


def actor_lines(briefing: Briefing) -> list[str]:
    """People, organizations and places: name, roles, other names, and who names them how often."""
    return section_lines(actor_groups(briefing), lambda i: one_actor_lines(briefing, i), limit=ACTORS_SHOWN)


def one_actor_lines(briefing: Briefing, index: int) -> list[str]:
    """'- **name** — role [1], [2]', then 'also “alias”' and 'named n times: **outlet** [1]: 3; ...'."""
    actor = briefing.actors[index]
    roles = "; ".join(f"{escape(text)} {references(numbers)}" for text, numbers in actor_roles(briefing, actor).items())
    lines = [f"- **{escape(actor.name)}**" + (f" — {roles}" if roles else "")]
    if actor.aliases:
        lines.append("  - also " + escape(", ".join(quoted(alias) for alias in actor.aliases)))
    counts = "; ".join(
        f"**{escape(outlet.label)}** {references(outlet.numbers)}: {outlet.count}"
        for outlet in mention_outlets(briefing, actor)
    )
    lines.append(f"  - {named_phrase(actor)}: {counts}")
    return lines


def quote_lines(briefing: Briefing) -> list[str]:
    """'- **speaker** — “words” — outlets'; a quotation worded differently shows each wording with its outlets."""
    groups = listed(len(briefing.quotes))
    return grouped_lines(groups, lambda i: quote_group_lines(briefing, briefing.quotes[i]), STYLE, limit=QUOTES_SHOWN)


def quote_group_lines(briefing: Briefing, group: QuoteGroup) -> list[str]:
    speaker, note = f"**{escape(group_speaker(group))}**", wording_phrase(briefing, group)
    entries = [f"{escape(words)} — {outlet_list(outlets)}" for words, outlets in wordings(briefing, group).items()]
    if len(entries) == 1:
        return [f"- {speaker} — {entries[0]}" + (f" *({note})*" if note else "")]
    # Worded differently: the speaker once, then each wording as a nested item.
    return [f"- {speaker} — *{note}*:", *(f"  - {entry}" for entry in entries)] if entries else []


def quote_source(briefing: Briefing, quote: Quote) -> str:
    """'**Harbour Post** [1]': where a quotation or reported statement is."""
    return outlet_list(reporting_outlets(briefing, quote_articles(briefing, quote)))


def reported_speech_lines(briefing: Briefing) -> list[str]:
    """'- **speaker**: what they said — **outlet** [n]'."""

    def statement_lines(index: int) -> list[str]:
        quote = briefing.reported_speech[index]
        return [f"- **{escape(speaker_name(quote))}**: {escape(quote.text)} — {quote_source(briefing, quote)}"]

    groups = listed(len(briefing.reported_speech))
    return grouped_lines(groups, statement_lines, STYLE, limit=REPORTED_SPEECH_SHOWN)


# Groups within a section: "### Heading" above the items, and an item in italics for the items left out.
STYLE = GroupStyle(subheading, lambda phrase: f"- *{escape(phrase)}*")


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
