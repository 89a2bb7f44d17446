"""The phrasing the human formats share, so that a count reads the same in every format.

Articles are numbered from 1 in briefing order; "[2]" always means `briefing.articles[1]`. The human formats
share one section order: Summary, Agreement and conflict, What each outlet alone reports, Timeline, Actors,
Quotes, Reported speech, Sources. A section with nothing in it is left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..briefing import article_label, outlet_count
from ..select import MAX_WORDS, MIN_WORDS
from ..types import (
    Actor,
    Briefing,
    Claim,
    DateMention,
    DuplicateGroup,
    Evidence,
    OutletExclusive,
    Quantity,
    Quote,
    QuoteGroup,
    SummarySentence,
    TimelineEvent,
)

_WHITESPACE = re.compile(r"\s+")


class Evidenced(Protocol):
    """Anything backed by evidence spans: a summary sentence, a claim, a timeline event."""

    @property
    def evidence(self) -> tuple[Evidence, ...]: ...


@dataclass(frozen=True, slots=True)
class OutletRef:
    """An outlet as readers find it: its label, its article numbers, and how many of the counted items are its."""

    label: str
    numbers: tuple[int, ...]
    count: int


# Only web addresses become links; anything else (javascript:, data:) stays text.
SAFE_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


def empty_summary_phrase(briefing: Briefing) -> str:
    """Why there is no summary: no sentence the selection may take fits in the budget."""
    return (
        f"No summary: no usable sentence fits in {plural(briefing.words, 'word')} (a usable sentence has "
        f"{MIN_WORDS} to {MAX_WORDS} words, and ends with a full stop or an exclamation mark when the text has"
        " such sentences)."
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


def reporting_article_ids(item: Evidenced) -> list[str]:
    """The articles with evidence for `item` (a summary sentence, claim or event), each once, in evidence order."""
    return list(dict.fromkeys(evidence.span.article_id for evidence in item.evidence))


def reporting_count(briefing: Briefing, article_ids: Sequence[str]) -> str:
    """'2 of 5 outlets', or '3 of 5 outlets (4 articles, 3 independent)' when wire copies are among them."""
    articles, independent = outlet_count(briefing, article_ids)
    phrase = f"{independent} of {plural(independent_total(briefing), 'outlet')}"
    if articles != independent:
        phrase += f" ({articles} articles, {independent} independent)"
    return phrase


def reporting_outlets(briefing: Briefing, article_ids: Iterable[str]) -> list[OutletRef]:
    """The outlets of `article_ids`, by first article number; `count` says how often each id occurs.

    Articles sharing a label (a wire story and its reprint) are listed together, so that no label repeats.
    """
    numbers = article_numbers(briefing)
    labels = article_labels(briefing)
    occurrences = Counter(article_ids)
    grouped: dict[str, list[str]] = {}
    for article_id in sorted(occurrences, key=numbers.__getitem__):
        grouped.setdefault(labels[article_id], []).append(article_id)
    return [
        OutletRef(label, tuple(numbers[i] for i in ids), sum(occurrences[i] for i in ids))
        for label, ids in grouped.items()
    ]


def quote_articles(briefing: Briefing, quote: Quote) -> list[str]:
    """The article of a quotation or reported statement and every copy of it (a reprint of the same wire
    story) that gives the same words: one statement of one report, cited once with all its articles."""
    texts = {article.id: article.text for article in briefing.articles}
    group = next((g.article_ids for g in briefing.duplicates if quote.span.article_id in g.article_ids), ())
    copies = [i for i in group if i != quote.span.article_id and quote.text in texts[i]]
    return [quote.span.article_id, *copies]


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


# --- Phrasing for the sections after the summary ---------------------------------------------------------------

AGREEMENT_HEADING = "Agreement and conflict"
EXCLUSIVES_HEADING = "What each outlet alone reports"
TIMELINE_HEADING = "Timeline"
BACKGROUND_HEADING = "Background"
ACTORS_HEADING = "Actors"
QUOTES_HEADING = "Quotes"
REPORTED_SPEECH_HEADING = "Reported speech"

# Conflicts first: they are what a reader of several reports most needs to know. A status not listed here
# is not shown by the human formats (JSON keeps it).
CLAIM_HEADINGS = {
    "conflicting": "Conflicting reports",
    "all": "Reported by every outlet",
    "several": "Reported by several outlets",
    "one": "Reported by one outlet",
}
ACTOR_HEADINGS = {"person": "People", "organization": "Organizations", "place": "Places"}
# Said of a timeline event whose articles give different dates, before listing each date and who gives it.
DATES_DIFFER = "the dates differ"
SECTION_HEADINGS = (
    AGREEMENT_HEADING,
    EXCLUSIVES_HEADING,
    TIMELINE_HEADING,
    ACTORS_HEADING,
    QUOTES_HEADING,
    REPORTED_SPEECH_HEADING,
)

# Text and Markdown are read top to bottom, so long lists are cut; HTML folds the rest away and JSON lists
# everything. Not tuned on data: five claims per outlet and ten actors per kind fit one terminal screen per
# outlet or kind; the other caps leave the examples' lists whole (Mali: 18 dated events, 16 reported
# statements) and keep a story of a thousand articles to a few screens per section.
EXCLUSIVE_CLAIMS_SHOWN = 5
ACTORS_SHOWN = 10
CLAIMS_SHOWN = 20  # per status group
TIMELINE_SHOWN = 25  # per group: the reported days, the background
QUOTES_SHOWN = 20
REPORTED_SPEECH_SHOWN = 20
PARTLY_SHARED_SHOWN = 10
EXCLUSIVE_OUTLETS_SHOWN = 20  # outlets with claims of their own, in briefing order

SectionBuilder = Callable[[Briefing], list[str]]

_QUOTE_MARKS = '"“”«»„'


def filled_sections(briefing: Briefing, builders: Sequence[SectionBuilder]) -> dict[str, list[str]]:
    """Heading -> lines of each section after the summary, in SECTION_HEADINGS order; `builders` follow that order.

    A section with nothing in it is left out, in every format."""
    built = {heading: build(briefing) for heading, build in zip(SECTION_HEADINGS, builders, strict=True)}
    return {heading: lines for heading, lines in built.items() if lines}


@dataclass(frozen=True, slots=True)
class GroupStyle:
    """How a format writes groups of items: a group's heading lines, and the line saying how many were left out."""

    heading_lines: Callable[[str], list[str]]
    more_line: Callable[[str], str]


def grouped_lines(
    groups: dict[str, list[int]],
    item_lines: Callable[[int], list[str]],
    style: GroupStyle,
    *,
    limit: int = 0,
    groups_limit: tuple[int, str] = (0, ""),
) -> list[str]:
    """Each group's heading (none for "") and the lines of its items, a blank line between groups.

    With a `limit`, a group shows its first `limit` items and a line saying how many more there are; with a
    `groups_limit` (count, what a group is: "outlets"), only the first groups are shown, and a line says so."""
    lines: list[str] = []
    most, what = groups_limit
    if most and len(groups) > most:
        shown_groups = dict(list(groups.items())[:most])
        lines = grouped_lines(shown_groups, item_lines, style, limit=limit)
        return [*lines, "", style.more_line(more_phrase(len(groups) - most, what))]
    for heading, indices in groups.items():
        if lines:
            lines.append("")
        if heading:
            lines += style.heading_lines(heading)
        shown = indices[:limit] if limit else indices
        for index in shown:
            lines += item_lines(index)
        if len(shown) < len(indices):
            lines.append(style.more_line(more_phrase(len(indices) - len(shown))))
    return lines


def claim_groups(briefing: Briefing) -> dict[str, list[int]]:
    """Heading -> indices into `briefing.claims`, conflicting claims first, in briefing order within a group."""
    groups: dict[str, list[int]] = {heading: [] for heading in CLAIM_HEADINGS.values()}
    for index, claim in enumerate(briefing.claims):
        if claim.status in CLAIM_HEADINGS:
            groups[CLAIM_HEADINGS[claim.status]].append(index)
    return {heading: indices for heading, indices in groups.items() if indices}


SHARED_FIGURE = "Shared figure"
PARTLY_SHARED_HEADING = "Partly reported elsewhere"
# Said before the outlets that share part of an item (a figure, or who did what) but not the whole statement.
PARTIAL_PREFIX = "partly also in"


def claim_title(claim: Claim) -> str:
    """How a claim is headed: its statement, or for a figure several reports share, each wording of it
    ('Shared figure: “about 15 kilometres” / “ten miles”'), since only the figure is theirs in common."""
    if claim.part != "figure" or not claim.comparisons:
        return one_line(claim.text)
    wordings = dict.fromkeys(quoted(value.text) for value in claim.comparisons[0].values)
    return f"{SHARED_FIGURE}: {' / '.join(wordings)}"


def support_reasons(briefing: Briefing, claim: Claim) -> list[tuple[OutletRef, str]]:
    """Why each outlet is listed for a claim: each evidence item's outlet and the support test it passed."""
    return [
        (reporting_outlets(briefing, [item.span.article_id])[0], item.reason) for item in claim.evidence if item.reason
    ]


def partial_outlets(briefing: Briefing, item: Claim | SummarySentence) -> list[OutletRef]:
    """The outlets that share part (a figure) of a claim or summary sentence and do not make it in full."""
    return reporting_outlets(briefing, [evidence.span.article_id for evidence in item.partial])


def partly_shared(briefing: Briefing) -> list[tuple[OutletExclusive, Claim]]:
    """Every outlet's partly shared claims, outlet after outlet, most important first."""
    return [
        (exclusive, claim)
        for exclusive in briefing.exclusives
        for claim in sorted(exclusive.partly_shared, key=lambda c: -c.importance)
    ]


def exclusive_order(exclusive: OutletExclusive) -> list[int]:
    """Indices into `exclusive.claims`, most important first (ties keep briefing order)."""
    return sorted(range(len(exclusive.claims)), key=lambda index: -exclusive.claims[index].importance)


def exclusive_groups(briefing: Briefing, heading: Callable[[OutletExclusive], str]) -> dict[str, list[int]]:
    """`heading(exclusive)` -> indices into the claims of every outlet, outlet after outlet, each outlet's claims
    in `exclusive_order`."""
    groups: dict[str, list[int]] = {}
    start = 0
    for exclusive in briefing.exclusives:
        groups.setdefault(heading(exclusive), []).extend(range(start, start + len(exclusive.claims)))
        start += len(exclusive.claims)
    return groups


def exclusive_numbers(briefing: Briefing, exclusive: OutletExclusive) -> list[int]:
    """The numbers of an outlet's articles."""
    numbers = article_numbers(briefing)
    return sorted(numbers[article_id] for article_id in exclusive.article_ids)


def listed(count: int) -> dict[str, list[int]]:
    """One unnamed group of `count` items, for `grouped_lines` to cap a list without headings."""
    return {"": list(range(count))} if count else {}


def more_phrase(hidden: int, what: str = "") -> str:
    """What a capped list says about the items (or the groups of items, `what` they are) it leaves out."""
    return f"… and {hidden} more{' ' + what if what else ''}, not shown here (the HTML and JSON formats list them all)"


def comparison_phrase(explanation: str) -> str:
    """A value comparison's explanation, as a sentence."""
    return sentence_case(one_line(explanation))


def value_phrase(value: Quantity | DateMention) -> str:
    """'“Friday” (2024-03-08)' for a relative date, '“about 10 miles”' for anything else."""
    phrase = quoted(value.text)
    if isinstance(value, DateMention) and value.relative:
        phrase += f" ({value.date})"
    return phrase


def timeline_groups(briefing: Briefing) -> dict[str, list[int]]:
    """Indices into `briefing.timeline`: the reported days' events (heading "") then the background events the
    articles recall (BACKGROUND_HEADING); an empty group is left out."""
    groups: dict[str, list[int]] = {"": [], BACKGROUND_HEADING: []}
    for index, event in enumerate(briefing.timeline):
        groups[BACKGROUND_HEADING if event.background else ""].append(index)
    return {heading: indices for heading, indices in groups.items() if indices}


def dates_given(briefing: Briefing, event: TimelineEvent) -> dict[str, list[OutletRef]]:
    """Each date the articles give for `event`, earliest first, with the outlets that give it."""
    article_ids: dict[str, list[str]] = {}
    for mention in event.dates:
        article_ids.setdefault(mention.date, []).append(mention.span.article_id)
    return {date: reporting_outlets(briefing, article_ids[date]) for date in sorted(article_ids)}


def actor_groups(briefing: Briefing) -> dict[str, list[int]]:
    """Heading ("People", "Organizations", "Places", then other kinds) -> indices into `briefing.actors`."""
    groups: dict[str, list[int]] = {heading: [] for heading in ACTOR_HEADINGS.values()}
    for index, actor in enumerate(briefing.actors):
        heading = ACTOR_HEADINGS.get(actor.kind) or sentence_case(one_line(actor.kind)) or "Other"
        groups.setdefault(heading, []).append(index)
    return {heading: indices for heading, indices in groups.items() if indices}


def actor_roles(briefing: Briefing, actor: Actor) -> dict[str, list[int]]:
    """Each role the articles give `actor` ("Mayor"), with the numbers of the articles that give it."""
    numbers = article_numbers(briefing)
    # "Mayor" and "mayor" are one role: the first spelling stands for both.
    spelling: dict[str, str] = {}
    roles: dict[str, set[int]] = {}
    for role in actor.roles:
        text = spelling.setdefault(one_line(role.text).casefold(), one_line(role.text))
        roles.setdefault(text, set()).add(numbers[role.span.article_id])
    return {text: sorted(found) for text, found in roles.items()}


def mention_outlets(briefing: Briefing, actor: Actor) -> list[OutletRef]:
    """The outlets naming `actor`, each with how many times it does."""
    return reporting_outlets(briefing, [mention.span.article_id for mention in actor.mentions])


def named_phrase(actor: Actor) -> str:
    """'named once', 'named 7 times'."""
    count = len(actor.mentions)
    return "named once" if count == 1 else f"named {count} times"


def group_speaker(group: QuoteGroup) -> str:
    """Who a quotation is from: the speaker of its first appearance."""
    return speaker_name(group.quotes[0]) if group.quotes else "unnamed speaker"


def speaker_name(quote: Quote) -> str:
    """The matched actor's full name, else the speaker as the text gives them."""
    return one_line(quote.actor or quote.speaker) or "unnamed speaker"


def quoted(text: str) -> str:
    """`text` on one line between curly quotes, without doubling quote marks it already has."""
    return f"“{one_line(text).strip(_QUOTE_MARKS)}”"


def wordings(briefing: Briefing, group: QuoteGroup) -> dict[str, list[OutletRef]]:
    """Each wording of a quotation, as `quoted` shows it, with the outlets that give it.

    A group the quotation stage calls identical is shown as one wording, its fullest, even where the spans
    differ in what the comparison ignores (case, punctuation, a leading "the")."""
    article_ids: dict[str, list[str]] = {}
    fullest = quoted(max((quote.text for quote in group.quotes), key=len, default=""))
    for quote in group.quotes:
        wording = fullest if group.wording == "identical" else quoted(quote.text)
        article_ids.setdefault(wording, []).append(quote.span.article_id)
    return {wording: reporting_outlets(briefing, ids) for wording, ids in article_ids.items()}


def wording_phrase(briefing: Briefing, group: QuoteGroup) -> str:
    """'same words in 3 outlets', 'wording differs between outlets', or '' for a quotation only one outlet has."""
    if group.wording == "variant":
        return "wording differs between outlets"
    _, independent = outlet_count(briefing, [quote.span.article_id for quote in group.quotes])
    if group.wording == "identical" and independent > 1:
        return f"same words in {independent} outlets"
    return ""
