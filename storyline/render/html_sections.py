"""The HTML page's sections after the summary, and the HTML pieces the whole page shares.

Each item backed by spans (a claim, a timeline event, an actor's roles, a quotation, a reported statement) has
a key, and every span behind it is marked in its article with that key, so that pointing at the item
highlights its evidence as pointing at a summary sentence does. Keys: summary sentences by number ("3"),
claims "c1", an outlet's own claims "e2-1" (outlet 2, claim 1), timeline events "t1", actors "a1",
quotations "q1", reported statements "r1"; numbers count from 1 in briefing order.

Everything taken from the input goes through `escape`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from ..briefing import outlet_count
from ..types import Briefing, Claim, Quote, QuoteGroup, Span, TimelineEvent
from .common import (
    ACTORS_SHOWN,
    CLAIMS_SHOWN,
    DATES_DIFFER,
    EXCLUSIVE_CLAIMS_SHOWN,
    PARTIAL_PREFIX,
    PARTLY_SHARED_HEADING,
    PARTLY_SHARED_SHOWN,
    QUOTES_SHOWN,
    REPORTED_SPEECH_SHOWN,
    SECTION_HEADINGS,
    TIMELINE_SHOWN,
    OutletRef,
    actor_groups,
    actor_roles,
    article_numbers,
    claim_groups,
    claim_title,
    comparison_phrase,
    dates_given,
    exclusive_numbers,
    exclusive_order,
    filled_sections,
    group_speaker,
    independent_total,
    mention_outlets,
    named_phrase,
    one_line,
    partial_outlets,
    partly_shared,
    plural,
    quote_articles,
    quoted,
    reporting_article_ids,
    reporting_count,
    reporting_outlets,
    sentence_case,
    speaker_name,
    support_reasons,
    timeline_groups,
    value_phrase,
    wording_phrase,
    wordings,
)

# What a mark's title calls the item a key belongs to, by the key's first letter.
KEY_NOUNS = {
    "c": "claim",
    "e": "outlet's own claim",
    "t": "timeline event",
    "a": "actor",
    "q": "quotation",
    "r": "reported statement",
}
# The id of each section's heading, in SECTION_HEADINGS order.
SECTION_IDS = dict(
    zip(SECTION_HEADINGS, ("agreement", "exclusives", "timeline", "actors", "quotes", "reported-speech"), strict=True)
)


def escape(text: str) -> str:
    """`text` safe inside an element or a quoted attribute."""
    return html.escape(text, quote=True)


def article_link(number: int) -> str:
    """'[n]', linking to article n below."""
    return f'<a href="#article-{number}">[{number}]</a>'


def outlet_links(outlets: Iterable[OutletRef]) -> str:
    """'Harbour Post [1], Meridian News [2] [4]', each number a link to its article."""
    return ", ".join(
        f"{escape(one_line(outlet.label))} {' '.join(article_link(n) for n in outlet.numbers)}" for outlet in outlets
    )


def badge(briefing: Briefing, article_ids: Sequence[str]) -> str:
    """'3 of 5 outlets'; a fact only one outlet reports gets a warmer badge: readers should weigh it differently."""
    _, independent = outlet_count(briefing, article_ids)
    badge_class = "badge single" if independent == 1 else "badge"
    return (
        f'<span class="{badge_class}" title="{escape(reporting_count(briefing, article_ids))}">'
        f"{independent} of {plural(independent_total(briefing), 'outlet')}</span>"
    )


def reported(briefing: Briefing, article_ids: Sequence[str]) -> str:
    """The badge and the outlets, with links to their articles."""
    outlets = outlet_links(reporting_outlets(briefing, article_ids))
    return f'{badge(briefing, article_ids)} <span class="outlets">{outlets}</span>'


def pointer(key: str, content: str) -> str:
    """A list item that highlights the spans marked with `key` when pointed at, focused or clicked."""
    return f'<li class="item pointer" data-item="{key}" tabindex="0">{content}</li>'


def section_blocks(briefing: Briefing) -> list[str]:
    """A <section> per part of the briefing after the summary that has something in it."""
    builders = (agreement, exclusives, timeline, actors, quotes, reported_speech)
    blocks = []
    for heading, body in filled_sections(briefing, builders).items():
        anchor = SECTION_IDS[heading]
        blocks += [
            f'<section aria-labelledby="{anchor}-heading">',
            f'<h2 id="{anchor}-heading">{escape(heading)}</h2>',
            *body,
            "</section>",
        ]
    return blocks


def grouped(groups: dict[str, list[str]], list_element: str = "ul", *, limit: int) -> list[str]:
    """An <h3> (none for "") and a list of the group's items, for each group with items. Headings are HTML.

    A group's items past the first `limit` are folded away under a line saying how many more there are."""
    lines = []
    for heading, items in groups.items():
        if not items:
            continue
        if heading:
            lines.append(f"<h3>{heading}</h3>")
        lines += [f'<{list_element} class="items">', *items[:limit], f"</{list_element}>"]
        if len(items) > limit:
            start = f' start="{limit + 1}"' if list_element == "ol" else ""
            lines += [
                f'<details class="more"><summary>… and {len(items) - limit} more</summary>',
                f'<{list_element} class="items"{start}>',
                *items[limit:],
                f"</{list_element}></details>",
            ]
    return lines


def agreement(briefing: Briefing) -> list[str]:
    """Claims by status, conflicts first; a conflict shows why the values disagree and who gives each one."""
    groups = {
        escape(heading): [claim_item(briefing, f"c{index + 1}", briefing.claims[index]) for index in indices]
        for heading, indices in claim_groups(briefing).items()
    }
    return grouped(groups, limit=CLAIMS_SHOWN)


def claim_item(briefing: Briefing, key: str, claim: Claim) -> str:
    """A claim with its badge and outlets, each comparison's explanation, and the values of a disagreement."""
    parts = [f"{escape(claim_title(claim))} {reported(briefing, reporting_article_ids(claim))}"]
    for comparison in claim.comparisons:
        parts.append(f'<p class="explanation">{escape(comparison_phrase(comparison.explanation))}</p>')
        if not comparison.compatible or claim.part == "figure":
            values = "".join(
                f"<li>{escape(value_phrase(value))} — "
                f"{outlet_links(reporting_outlets(briefing, [value.span.article_id]))}</li>"
                for value in comparison.values
            )
            parts.append(f'<ul class="values">{values}</ul>')
    reasons = "".join(
        f"<li>{outlet_links([outlet])}: {escape(reason)}</li>" for outlet, reason in support_reasons(briefing, claim)
    )
    if reasons:
        parts.append(
            f'<details class="support"><summary>Why each outlet is listed</summary><ul>{reasons}</ul></details>'
        )
    return pointer(key, "".join(parts))


def exclusives(briefing: Briefing) -> list[str]:
    """Per outlet, the claims only it makes, most important first (those past EXCLUSIVE_CLAIMS_SHOWN folded)."""
    groups = {}
    for outlet_index, exclusive in enumerate(briefing.exclusives, start=1):
        links = " ".join(article_link(n) for n in exclusive_numbers(briefing, exclusive))
        # Keys follow briefing order, as in section_spans; the list follows importance.
        groups[f"{escape(one_line(exclusive.outlet))} {links}"] = [
            pointer(f"e{outlet_index}-{index + 1}", claim_summary(briefing, exclusive.claims[index]))
            for index in exclusive_order(exclusive)
        ]
    shared = {
        escape(PARTLY_SHARED_HEADING): [
            f"<li>{claim_summary(briefing, claim)} — {PARTIAL_PREFIX}: "
            f"{outlet_links(partial_outlets(briefing, claim))}</li>"
            for _exclusive, claim in partly_shared(briefing)
        ]
    }
    return grouped(groups, limit=EXCLUSIVE_CLAIMS_SHOWN) + grouped(shared, limit=PARTLY_SHARED_SHOWN)


def claim_summary(briefing: Briefing, claim: Claim) -> str:
    """The claim's text and links to the articles with evidence for it."""
    numbers = article_numbers(briefing)
    links = " ".join(article_link(n) for n in sorted({numbers[i] for i in reporting_article_ids(claim)}))
    return f"{escape(one_line(claim.text))} {links}"


def timeline(briefing: Briefing) -> list[str]:
    """Dated events of the reported days, then the background events the articles recall."""
    groups = {
        escape(heading): [event_item(briefing, f"t{index + 1}", briefing.timeline[index]) for index in indices]
        for heading, indices in timeline_groups(briefing).items()
    }
    return grouped(groups, "ol", limit=TIMELINE_SHOWN)


def event_item(briefing: Briefing, key: str, event: TimelineEvent) -> str:
    """'<time>date</time> text', its badge and outlets, and for a disputed date every date given and by whom."""
    content = (
        f"<time>{escape(one_line(event.date))}</time> {escape(one_line(event.text))} "
        f"{reported(briefing, reporting_article_ids(event))}"
    )
    if event.disputed:
        given = "; ".join(
            f"{escape(date)} by {outlet_links(outlets)}" for date, outlets in dates_given(briefing, event).items()
        )
        content += f'<p class="disputed">{escape(sentence_case(DATES_DIFFER))}: {given}</p>'
    return pointer(key, content)


def actors(briefing: Briefing) -> list[str]:
    """People, organizations and places: name, roles, other names, mentions per outlet (the many folded)."""
    groups = {
        escape(heading): [actor_item(briefing, index) for index in indices]
        for heading, indices in actor_groups(briefing).items()
    }
    return grouped(groups, limit=ACTORS_SHOWN)


def actor_item(briefing: Briefing, index: int) -> str:
    """An actor; pointing at it highlights where the articles give its roles."""
    actor = briefing.actors[index]
    roles = "; ".join(
        f"{escape(text)} {' '.join(article_link(n) for n in numbers)}"
        for text, numbers in actor_roles(briefing, actor).items()
    )
    content = f"<strong>{escape(one_line(actor.name))}</strong>" + (f" — {roles}" if roles else "")
    if actor.aliases:
        content += f'<p class="aliases">also {escape(", ".join(quoted(alias) for alias in actor.aliases))}</p>'
    counts = "; ".join(f"{outlet_links([outlet])}: {outlet.count}" for outlet in mention_outlets(briefing, actor))
    content += f'<p class="outlets">{escape(named_phrase(actor))}: {counts}</p>'
    if not actor.roles:
        return f"<li>{content}</li>"
    return pointer(f"a{index + 1}", content)


def quotes(briefing: Briefing) -> list[str]:
    """Each quotation with its speaker and outlets; one worded differently shows each wording."""
    return grouped(
        {"": [quote_item(briefing, index, group) for index, group in enumerate(briefing.quotes, 1)]}, limit=QUOTES_SHOWN
    )


def quote_item(briefing: Briefing, index: int, group: QuoteGroup) -> str:
    speaker = f"<strong>{escape(group_speaker(group))}</strong>"
    note = wording_phrase(briefing, group)
    entries = [f"{escape(words)} — {outlet_links(outlets)}" for words, outlets in wordings(briefing, group).items()]
    marker = f' <span class="badge">{escape(note)}</span>' if note else ""
    if len(entries) == 1:
        return pointer(f"q{index}", f"{speaker} — {entries[0]}{marker}")
    nested = "".join(f"<li>{entry}</li>" for entry in entries)
    return pointer(f"q{index}", f'{speaker}{marker}<ul class="values">{nested}</ul>')


def reported_speech(briefing: Briefing) -> list[str]:
    """'speaker: what they said — outlet [n]'."""
    items = [
        pointer(
            f"r{index}",
            f"<strong>{escape(speaker_name(quote))}</strong>: {escape(one_line(quote.text))} — "
            f"{outlet_links(reporting_outlets(briefing, quote_articles(briefing, quote)))}",
        )
        for index, quote in enumerate(briefing.reported_speech, start=1)
    ]
    return grouped({"": items}, limit=REPORTED_SPEECH_SHOWN)


def section_spans(briefing: Briefing) -> dict[str, list[tuple[int, int, str]]]:
    """Article id -> (start, end, key) of every span behind an item of the sections above."""
    keyed: list[tuple[str, Span]] = []
    for index, claim in enumerate(briefing.claims, start=1):
        keyed += claim_spans(f"c{index}", claim)
    for outlet_index, exclusive in enumerate(briefing.exclusives, start=1):
        for index, claim in enumerate(exclusive.claims, start=1):
            keyed += claim_spans(f"e{outlet_index}-{index}", claim)
    for index, event in enumerate(briefing.timeline, start=1):
        keyed += [(f"t{index}", item.span) for item in event.evidence]
        keyed += [(f"t{index}", date.span) for date in event.dates]
    for index, actor in enumerate(briefing.actors, start=1):
        keyed += [(f"a{index}", role.span) for role in actor.roles]
    for index, group in enumerate(briefing.quotes, start=1):
        keyed += [(f"q{index}", span) for quote in group.quotes for span in quote_spans(quote)]
    for index, quote in enumerate(briefing.reported_speech, start=1):
        keyed += [(f"r{index}", span) for span in quote_spans(quote)]
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for key, span in keyed:
        spans.setdefault(span.article_id, []).append((span.start, span.end, key))
    return spans


def claim_spans(key: str, claim: Claim) -> list[tuple[str, Span]]:
    """The evidence of a claim and the values its comparisons cite."""
    values = [value.span for comparison in claim.comparisons for value in comparison.values]
    return [(key, span) for span in [item.span for item in claim.evidence] + values]


def quote_spans(quote: Quote) -> list[Span]:
    """The quoted words, and the speaker's name when the text gives it."""
    return [quote.span] + ([quote.speaker_span] if quote.speaker_span is not None else [])


def mark_title(keys: Iterable[str]) -> str:
    """'Evidence for summary sentences 1, 3; claim 2; timeline event 1'."""
    by_noun: dict[str, list[str]] = {}
    for key in keys:
        if key.isdigit():
            by_noun.setdefault("summary sentence", []).append(key)
        else:
            by_noun.setdefault(KEY_NOUNS.get(key[0], "item"), []).append(key[1:])
    parts = [f"{noun if len(found) == 1 else noun + 's'} {', '.join(found)}" for noun, found in by_noun.items()]
    return sentence_case("evidence for " + "; ".join(parts))
