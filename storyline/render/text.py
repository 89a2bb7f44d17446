"""Plain text for a terminal: numbered summary, who reports each sentence, agreement and conflict, what each
outlet alone reports, timeline, actors, quotes, sources, and what cleaning removed.

Every item ends with the numbers of the articles it comes from ("Harbour Post [1]"), as the summary does.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

from ..types import Article, Briefing, Claim, OutletExclusive, Quote, QuoteGroup, TimelineEvent
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

WIDTH = 100
# textwrap breaks lines only at ASCII whitespace, so a no-break space keeps "Meridian News [2, 4]" from
# ending a line with "[2,"; wrap() turns it back into a plain space.
KEEP_TOGETHER = "\u00a0"


def render_text(briefing: Briefing, *, show_removed: bool = False) -> str:
    """The briefing as wrapped plain text."""
    lines = [f"Briefing from {briefing_counts(briefing)} by {briefing.method}", ""]
    lines += [*(wrap(note, "Note: ", "      ") for note in briefing.notes), *([""] if briefing.notes else [])]
    lines += summary_lines(briefing) if briefing.summary else [empty_summary_phrase(briefing)]
    builders = (agreement_lines, exclusive_lines, timeline_lines, actor_lines, quote_lines, reported_speech_lines)
    for heading, section in filled_sections(briefing, builders).items():
        lines += ["", heading, "", *section]
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
        lines.append(reported_line(briefing, reporting_article_ids(sentence), indent))
        if sentence.partial:
            partial = outlet_list(partial_outlets(briefing, sentence))
            lines.append(wrap(f"{PARTIAL_PREFIX}: {partial}", indent, indent + "  "))
    return lines


def reported_line(briefing: Briefing, article_ids: Sequence[str], indent: str) -> str:
    """'reported by 2 of 5 outlets: Harbour Post [1], Evening Star [4]', indented."""
    outlets = outlet_list(reporting_outlets(briefing, article_ids))
    return wrap(f"reported by {reporting_count(briefing, article_ids)}: {outlets}", indent, indent + "  ")


def outlet_list(outlets: Iterable[OutletRef]) -> str:
    """'Harbour Post [1], Meridian News [2, 4]'."""
    return ", ".join(outlet_entry(outlet.label, outlet.numbers) for outlet in outlets)


def outlet_entry(label: str, numbers: Sequence[int]) -> str:
    """'Meridian News [2, 4]', its numbers held together with the label's last word."""
    return f"{one_line(label)}{KEEP_TOGETHER}{citation(numbers)}"


def citation(numbers: Iterable[int]) -> str:
    """'[2, 4]', held together so that a line never ends inside it."""
    return "[" + ("," + KEEP_TOGETHER).join(str(number) for number in numbers) + "]"


def agreement_lines(briefing: Briefing) -> list[str]:
    """Claims by status, conflicts first; a conflict shows why the values disagree and who gives each one."""
    groups = claim_groups(briefing)
    return grouped_lines(groups, lambda i: claim_lines(briefing, briefing.claims[i]), STYLE, limit=CLAIMS_SHOWN)


def subheading(heading: str) -> list[str]:
    """'Conflicting reports:', the heading of a group within a section."""
    return [f"{one_line(heading)}:"]


def claim_lines(briefing: Briefing, claim: Claim) -> list[str]:
    """'- text', who reports it, then each value comparison's explanation; a disagreement lists its values."""
    lines = [wrap(claim_title(claim), "- ", "  "), reported_line(briefing, reporting_article_ids(claim), "  ")]
    for comparison in claim.comparisons:
        lines.append(wrap(comparison_phrase(comparison.explanation), "  ", "  "))
        if not comparison.compatible or claim.part == "figure":
            for value in comparison.values:
                source = reporting_outlets(briefing, [value.span.article_id])
                lines.append(wrap(f"{value_phrase(value)} — {outlet_list(source)}", "    ", "      "))
    return lines


def exclusive_lines(briefing: Briefing) -> list[str]:
    """Per outlet, the claims only it makes, most important first, at most EXCLUSIVE_CLAIMS_SHOWN of them,
    for the first EXCLUSIVE_OUTLETS_SHOWN outlets."""
    claims = [exclusive.claims[i] for exclusive in briefing.exclusives for i in exclusive_order(exclusive)]

    def heading(exclusive: OutletExclusive) -> str:
        return outlet_entry(exclusive.outlet, exclusive_numbers(briefing, exclusive))

    groups = exclusive_groups(briefing, heading)
    lines = grouped_lines(
        groups,
        lambda i: [claim_line(briefing, claims[i])],
        STYLE,
        limit=EXCLUSIVE_CLAIMS_SHOWN,
        groups_limit=(EXCLUSIVE_OUTLETS_SHOWN, "outlets"),
    )
    shared = partly_shared(briefing)
    if shared:

        def shared_lines(index: int) -> list[str]:
            claim = shared[index][1]
            partial = wrap(f"{PARTIAL_PREFIX}: {outlet_list(partial_outlets(briefing, claim))}", "  ", "    ")
            return [claim_line(briefing, claim), partial]

        lines += ["", *subheading(PARTLY_SHARED_HEADING)]
        lines += grouped_lines(listed(len(shared)), shared_lines, STYLE, limit=PARTLY_SHARED_SHOWN)
    return lines


def claim_line(briefing: Briefing, claim: Claim) -> str:
    """'- text [1, 3]': a claim and the articles it is in."""
    numbers = article_numbers(briefing)
    cited = sorted({numbers[article_id] for article_id in reporting_article_ids(claim)})
    return wrap(f"{one_line(claim.text)} {citation(cited)}", "- ", "  ")


def timeline_lines(briefing: Briefing) -> list[str]:
    """Dated events of the reported days, then the background events the articles recall."""
    groups = timeline_groups(briefing)
    return grouped_lines(groups, lambda i: event_lines(briefing, briefing.timeline[i]), STYLE, limit=TIMELINE_SHOWN)


def event_lines(briefing: Briefing, event: TimelineEvent) -> list[str]:
    """'- date: text', who reports it, and for a disputed date every date given and who gives it."""
    lines = [
        wrap(f"{one_line(event.date)}: {one_line(event.text)}", "- ", "  "),
        reported_line(briefing, reporting_article_ids(event), "  "),
    ]
    if event.disputed:
        given = "; ".join(f"{date} by {outlet_list(outlets)}" for date, outlets in dates_given(briefing, event).items())
        lines.append(wrap(f"{DATES_DIFFER}: {one_line(given)}", "  ", "    "))
    return lines


def actor_lines(briefing: Briefing) -> list[str]:
    """People, organizations and places: name, roles, other names, and who names them how often."""
    return grouped_lines(actor_groups(briefing), lambda i: one_actor_lines(briefing, i), STYLE, limit=ACTORS_SHOWN)


def one_actor_lines(briefing: Briefing, index: int) -> list[str]:
    """'- name — role [1, 2]', then 'also “alias”' and 'named n times: outlet [1]: 3; ...'."""
    actor = briefing.actors[index]
    roles = "; ".join(outlet_entry(text, numbers) for text, numbers in actor_roles(briefing, actor).items())
    lines = [wrap(one_line(actor.name) + (f" — {roles}" if roles else ""), "- ", "  ")]
    if actor.aliases:
        lines.append(wrap("also " + ", ".join(quoted(alias) for alias in actor.aliases), "  ", "    "))
    counts = "; ".join(f"{outlet_entry(o.label, o.numbers)}: {o.count}" for o in mention_outlets(briefing, actor))
    lines.append(wrap(f"{named_phrase(actor)}: {counts}", "  ", "    "))
    return lines


def quote_lines(briefing: Briefing) -> list[str]:
    """'- speaker — “words” — outlets'; a quotation worded differently shows each wording with its outlets."""
    groups = listed(len(briefing.quotes))
    return grouped_lines(groups, lambda i: quote_group_lines(briefing, briefing.quotes[i]), STYLE, limit=QUOTES_SHOWN)


def quote_group_lines(briefing: Briefing, group: QuoteGroup) -> list[str]:
    speaker, note = group_speaker(group), wording_phrase(briefing, group)
    entries = [f"{words} — {outlet_list(outlets)}" for words, outlets in wordings(briefing, group).items()]
    if len(entries) == 1:
        return [wrap(f"{speaker} — {entries[0]}" + (f" ({note})" if note else ""), "- ", "  ")]
    # Worded differently: the speaker once, then each wording on its own line.
    lines = [wrap(f"{speaker} — {note}:", "- ", "  ")] if entries else []
    return lines + [wrap(entry, "    ", "      ") for entry in entries]


def quote_source(briefing: Briefing, quote: Quote) -> str:
    """'Harbour Post [1]': where a quotation or reported statement is."""
    return outlet_list(reporting_outlets(briefing, quote_articles(briefing, quote)))


def reported_speech_lines(briefing: Briefing) -> list[str]:
    """'- speaker: what they said — outlet [n]'."""

    def statement_lines(index: int) -> list[str]:
        quote = briefing.reported_speech[index]
        return [wrap(f"{speaker_name(quote)}: {one_line(quote.text)} — {quote_source(briefing, quote)}", "- ", "  ")]

    groups = listed(len(briefing.reported_speech))
    return grouped_lines(groups, statement_lines, STYLE, limit=REPORTED_SPEECH_SHOWN)


# Groups within a section: "Heading:" above the items, and an indented line for the items left out.
STYLE = GroupStyle(subheading, lambda phrase: wrap(phrase, "  ", "  "))


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
