"""The pipeline: raw articles of one event in, an evidence-backed Briefing out.

read -> clean -> segment -> find copies -> select -> attribute -> claims and values -> timeline -> actors
-> quotes
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from .actors import find_actors
from .attribute import attribute
from .claims import check_values, group_claims, outlet_exclusives, shared_claims, statement_texts
from .clean import clean_all
from .duplicates import find_copies, independent_reports
from .errors import InputError
from .quotes import find_quotes, group_quotes
from .segment import split
from .select import DEFAULT_SUMMARIZER, get_summarizer
from .similarity import SentenceIndex
from .timeline import build_timeline, reference_dates
from .types import Article, Briefing, RawArticle, Sentence

LOGGER = logging.getLogger(__name__)

DEFAULT_WORDS = 230


def brief(
    articles: Iterable[RawArticle | str],
    *,
    words: int = DEFAULT_WORDS,
    summarizer: str = DEFAULT_SUMMARIZER,
    summary_only: bool = False,
) -> Briefing:
    """Brief one event: clean the articles, summarize them within `words`, attribute every sentence, and
    (unless `summary_only`) compare the claims, and find the timeline, actors and quotes.

    `articles` are RawArticle values (see `read_articles`) or plain strings; one may stand alone.
    """
    if words < 1:
        raise InputError("words", f"the word budget must be positive, not {words}")
    if isinstance(articles, str | RawArticle):
        articles = [articles]
    select = get_summarizer(summarizer)
    raws = [
        a if isinstance(a, RawArticle) else RawArticle(text=a, origin=f"article {i + 1}")
        for i, a in enumerate(articles)
    ]
    if not raws:
        raise InputError("", "no articles to brief", "pass article files, a directory, or JSONL")
    # 1. clean; an article that was nothing but boilerplate is dropped with a warning, not an error
    cleaned = clean_all(raws)
    kept = [a for a in cleaned if a.text.strip()]
    for article in cleaned if kept else ():
        if not article.text.strip():
            LOGGER.warning("%s: nothing left after cleaning; skipped", article.origin)
    if not kept:
        where = raws[0].origin if len(raws) == 1 else "input"
        raise InputError(where, "no article text left after cleaning", "is it only boilerplate?")
    # 2. segment
    sentences = {a.id: split(a) for a in kept}
    # 3. reprinted wire copy counts once: select from one article of each copy group
    copies = find_copies(kept)
    reprints = {article_id for group in copies for article_id in group.article_ids[1:]}
    # A canonical order (content-hash ids) for selection, so the order of the input never changes the summary.
    originals = sorted((a for a in kept if a.id not in reprints), key=lambda a: a.id)
    # 4. select, then 5. attribute each sentence to every article (reprints included) that reports it
    selection = select(originals, sentences, words)
    index = SentenceIndex(kept, sentences)
    summary = attribute(selection.sentences, index)
    LOGGER.info(
        "%d articles (%d copies of others), %d summary sentences by %s",
        len(kept),
        len(reprints),
        len(summary),
        selection.method,
    )
    briefing = Briefing(articles=tuple(kept), summary=summary, duplicates=copies, method=selection.method, words=words)
    return briefing if summary_only else _analyze(briefing, sentences, index)


def _analyze(briefing: Briefing, sentences: Mapping[str, Sequence[Sentence]], index: SentenceIndex) -> Briefing:
    """6. compare claims and values, 7. timeline, 8. actors, 9. quotes."""
    articles, copies = briefing.articles, briefing.duplicates
    references = reference_dates(articles)
    actors = find_actors(articles, sentences)
    quotes = find_quotes(articles, actors)
    claim_index = SentenceIndex(articles, sentences, compared_text=statement_texts(index, quotes))
    claims = group_claims(articles, sentences, copies, claim_index)
    checked = check_values(claims, articles, copies, index, references)
    labels = {article.id: article_label(article, i) for i, article in enumerate(articles)}
    return replace(
        briefing,
        claims=shared_claims(checked),
        exclusives=outlet_exclusives(checked, copies, labels),
        timeline=build_timeline(claims, index, references),
        actors=actors,
        quotes=group_quotes([quote for quote in quotes if quote.direct]),
        reported_speech=tuple(quote for quote in quotes if not quote.direct),
    )


def outlet_count(briefing: Briefing, article_ids: Sequence[str]) -> tuple[int, int]:
    """(articles, independent reports) among `article_ids`: copies of one wire story count once."""
    return len(set(article_ids)), independent_reports(article_ids, briefing.duplicates)


def article_label(article: Article, position: int) -> str:
    """How a reader sees an article: its outlet, else its number (titles can repeat across outlets)."""
    return article.source or f"article {position + 1}"
