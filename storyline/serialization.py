"""The JSON wire form of a Briefing (schema `storyline.briefing/2`, documented in docs/json.md).

Every span points into `articles[i].text` by list index: `articles[s["article"]]["text"][s["start"]:s["end"]]`
is the span's text, verbatim, for evidence, values, mentions, roles and quotes alike. Changing a field's meaning
means a new schema version.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import fields
from typing import Any

from .briefing import article_label, outlet_count
from .types import (
    Actor,
    Article,
    Briefing,
    Claim,
    DateMention,
    Evidence,
    OutletExclusive,
    Quantity,
    Quote,
    QuoteGroup,
    Span,
    TimelineEvent,
    ValueComparison,
)

# /2 added claims, exclusives, timeline, actors, quotes and reported_speech; every /1 field is unchanged.
SCHEMA = "storyline.briefing/2"


class Writer:
    """Turns the values of one briefing into JSON-ready data, resolving article ids to list indices."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.position = {article.id: i for i, article in enumerate(briefing.articles)}
        self.text_of = {article.id: article.text for article in briefing.articles}
        self.labels = {article.id: article_label(article, i) for i, article in enumerate(briefing.articles)}

    def span(self, span: Span) -> dict[str, Any]:
        """Where a span is, and its text, cut from the cleaned article so the slice rule holds by construction."""
        return {
            "article": self.position[span.article_id],
            "article_id": span.article_id,
            "start": span.start,
            "end": span.end,
            "text": self.text_of[span.article_id][span.start : span.end],
        }

    def article(self, article: Article) -> dict[str, Any]:
        """Who published an article: id, label, source, title, url, published (its text is added by callers)."""
        return {
            "id": article.id,
            "label": self.labels[article.id],
            "source": article.source,
            "title": article.title,
            "url": article.url,
            "published": article.published,
        }

    def evidence(self, item: Evidence) -> dict[str, Any]:
        return {**self.span(item.span), "score": item.score, "reason": item.reason}

    def backing(self, evidence: Sequence[Evidence]) -> dict[str, Any]:
        """`reported_by` and `evidence` of an item the spans `evidence` back."""
        return {
            "reported_by": self.reported_by(item.span.article_id for item in evidence),
            "evidence": [self.evidence(item) for item in evidence],
        }

    def reported_by(self, article_ids: Iterable[str]) -> dict[str, Any]:
        """Who reports an item: copies of one wire story count once in `independent`."""
        ids = list(dict.fromkeys(article_ids))
        articles, independent = outlet_count(self.briefing, ids)
        return {
            "articles": articles,
            "independent": independent,
            "outlets": sorted({self.labels[i] for i in ids}),
            "article_indices": sorted(self.position[i] for i in ids),
        }

    def value(self, value: Quantity | DateMention) -> dict[str, Any]:
        if isinstance(value, DateMention):
            return {
                "kind": "date",
                **self.span(value.span),
                "date": value.date,
                "relative": value.relative,
                "reference": value.reference,
            }
        return {
            "kind": "quantity",
            **self.span(value.span),
            "value": _finite(value.value),
            "low": _finite(value.low),
            "high": _finite(value.high),
            "unit": value.unit,
            "dimension": value.dimension,
            "counted": value.counted,
            "approximate": value.approximate,
        }

    def comparison(self, comparison: ValueComparison) -> dict[str, Any]:
        return {
            "dimension": comparison.dimension,
            "compatible": comparison.compatible,
            "explanation": comparison.explanation,
            "values": [self.value(value) for value in comparison.values],
        }

    def claim(self, claim: Claim) -> dict[str, Any]:
        return {
            "text": claim.text,
            "part": claim.part,
            "status": claim.status,
            "importance": claim.importance,
            **self.backing(claim.evidence),
            "comparisons": [self.comparison(comparison) for comparison in claim.comparisons],
            "partial": [self.evidence(item) for item in claim.partial],
        }

    def exclusive(self, exclusive: OutletExclusive) -> dict[str, Any]:
        return {
            "outlet": exclusive.outlet,
            "article_indices": [self.position[i] for i in exclusive.article_ids],
            "article_ids": list(exclusive.article_ids),
            "claims": [self.claim(claim) for claim in exclusive.claims],
            "partly_shared": [self.claim(claim) for claim in exclusive.partly_shared],
        }

    def event(self, event: TimelineEvent) -> dict[str, Any]:
        return {
            "date": event.date,
            "text": event.text,
            "background": event.background,
            "disputed": event.disputed,
            **self.backing(event.evidence),
            "dates": [self.value(date) for date in event.dates],
        }

    def actor(self, actor: Actor) -> dict[str, Any]:
        ids = [mention.span.article_id for mention in actor.mentions]
        by_outlet: dict[str, int] = {}
        by_article = [0] * len(self.briefing.articles)
        for article_id in ids:
            by_outlet[self.labels[article_id]] = by_outlet.get(self.labels[article_id], 0) + 1
            by_article[self.position[article_id]] += 1
        return {
            "name": actor.name,
            "kind": actor.kind,
            "aliases": list(actor.aliases),
            "roles": [self.span(role.span) for role in actor.roles],
            "mentions": {"total": len(ids), "by_outlet": dict(sorted(by_outlet.items())), "by_article": by_article},
            "reported_by": self.reported_by(ids),
            # A mention is the name itself, so its span is certain evidence: score 1.0, as a quoted span.
            "evidence": [self.evidence(Evidence(mention.span, 1.0)) for mention in actor.mentions],
        }

    def quote(self, quote: Quote) -> dict[str, Any]:
        speaker_span = None
        if quote.speaker_span is not None:
            located = self.span(quote.speaker_span)
            speaker_span = {"start": located["start"], "end": located["end"], "text": located["text"]}
        return {
            **self.span(quote.span),
            "speaker": quote.speaker,
            "actor": quote.actor,
            "direct": quote.direct,
            "speaker_span": speaker_span,
        }

    def quote_group(self, group: QuoteGroup) -> dict[str, Any]:
        return {
            "wording": group.wording,
            "reported_by": self.reported_by(quote.span.article_id for quote in group.quotes),
            "quotes": [self.quote(quote) for quote in group.quotes],
        }


def field_values(item: Any) -> dict[str, Any]:
    """A dataclass's fields by name in declaration order, values as they are (`dataclasses.asdict` copies each
    value, some 30 times slower on a story list)."""
    kind = type(item)
    if kind not in _FIELD_NAMES:
        _FIELD_NAMES[kind] = tuple(field.name for field in fields(item))
    return {name: getattr(item, name) for name in _FIELD_NAMES[kind]}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _finite(number: float) -> float | None:
    """JSON has no infinity: an unbounded end of a range ("at least 14" has no upper bound) becomes null."""
    return number if math.isfinite(number) else None


def summary_to_list(briefing: Briefing, writer: Writer | None = None) -> list[dict[str, Any]]:
    """The summary sentences of `briefing_to_dict`, alone (a batch line holds no more)."""
    writer = writer or Writer(briefing)
    return [
        {
            "text": sentence.text,
            **writer.backing(sentence.evidence),
            "partial": [writer.evidence(item) for item in sentence.partial],
        }
        for sentence in briefing.summary
    ]


def briefing_to_dict(briefing: Briefing) -> dict[str, Any]:
    """The briefing as plain JSON-ready data."""
    writer = Writer(briefing)
    summary = summary_to_list(briefing, writer)
    all_ids = [article.id for article in briefing.articles]
    total, independent_total = outlet_count(briefing, all_ids)
    return {
        "schema": SCHEMA,
        "method": briefing.method,
        "words": briefing.words,
        "counts": {"articles": total, "independent": independent_total},
        "articles": [
            {
                **writer.article(article),
                "origin": article.origin,
                "language": article.language,
                "text": article.text,
                "removed": [{"text": r.text, "reason": r.reason} for r in article.removed],
            }
            for article in briefing.articles
        ],
        "summary": summary,
        "duplicates": [
            {
                "articles": [writer.position[i] for i in group.article_ids],
                "article_ids": list(group.article_ids),
                "similarity": group.similarity,
            }
            for group in briefing.duplicates
        ],
        "claims": [writer.claim(claim) for claim in briefing.claims],
        "exclusives": [writer.exclusive(exclusive) for exclusive in briefing.exclusives],
        "timeline": [writer.event(event) for event in briefing.timeline],
        "actors": [writer.actor(actor) for actor in briefing.actors],
        "quotes": [writer.quote_group(group) for group in briefing.quotes],
        "reported_speech": [writer.quote(quote) for quote in briefing.reported_speech],
        "notes": list(briefing.notes),
    }


def summary_text(briefing: Briefing) -> str:
    """The summary as one plain paragraph."""
    return " ".join(sentence.text for sentence in briefing.summary)
