"""The JSON wire form of a Briefing (schema `storyline.briefing/1`, documented in docs/json.md).

Evidence points into `articles[i].text` by list index: `articles[e["article"]]["text"][e["start"]:e["end"]]`
is the evidence text, verbatim. Changing a field's meaning means a new schema version.
"""

from __future__ import annotations

from typing import Any

from .briefing import article_label, outlet_count
from .types import Briefing, Evidence

SCHEMA = "storyline.briefing/1"


def briefing_to_dict(briefing: Briefing) -> dict[str, Any]:
    """The briefing as plain JSON-ready data."""
    position = {article.id: i for i, article in enumerate(briefing.articles)}
    text_of = {article.id: article.text for article in briefing.articles}
    labels = {article.id: article_label(article, i) for i, article in enumerate(briefing.articles)}

    def evidence(item: Evidence) -> dict[str, Any]:
        span = item.span
        return {
            "article": position[span.article_id],
            "article_id": span.article_id,
            "start": span.start,
            "end": span.end,
            "text": text_of[span.article_id][span.start : span.end],
            "score": item.score,
        }

    summary = []
    for sentence in briefing.summary:
        ids = [item.span.article_id for item in sentence.evidence]
        articles, independent = outlet_count(briefing, ids)
        summary.append(
            {
                "text": sentence.text,
                "reported_by": {
                    "articles": articles,
                    "independent": independent,
                    "outlets": sorted({labels[i] for i in ids}),
                    "article_indices": sorted(position[i] for i in ids),
                },
                "evidence": [evidence(item) for item in sentence.evidence],
            }
        )
    all_ids = [article.id for article in briefing.articles]
    total, independent_total = outlet_count(briefing, all_ids)
    return {
        "schema": SCHEMA,
        "method": briefing.method,
        "words": briefing.words,
        "counts": {"articles": total, "independent": independent_total},
        "articles": [
            {
                "id": article.id,
                "label": labels[article.id],
                "source": article.source,
                "title": article.title,
                "url": article.url,
                "published": article.published,
                "origin": article.origin,
                "text": article.text,
                "removed": [{"text": r.text, "reason": r.reason} for r in article.removed],
            }
            for article in briefing.articles
        ],
        "summary": summary,
        "duplicates": [
            {
                "articles": [position[i] for i in group.article_ids],
                "article_ids": list(group.article_ids),
                "similarity": group.similarity,
            }
            for group in briefing.duplicates
        ],
    }


def summary_text(briefing: Briefing) -> str:
    """The summary as one plain paragraph."""
    return " ".join(sentence.text for sentence in briefing.summary)
