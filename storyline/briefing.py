"""The pipeline: raw articles of one event in, an evidence-backed Briefing out.

read -> clean -> segment -> find copies -> select -> attribute
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from .attribute import SentenceIndex, attribute
from .clean import clean_all
from .duplicates import find_copies
from .errors import InputError
from .segment import split
from .select import DEFAULT_SUMMARIZER, get_summarizer
from .types import Article, Briefing, RawArticle

LOGGER = logging.getLogger(__name__)

DEFAULT_WORDS = 230


def brief(
    articles: Iterable[RawArticle | str],
    *,
    words: int = DEFAULT_WORDS,
    summarizer: str = DEFAULT_SUMMARIZER,
) -> Briefing:
    """Brief one event: clean the articles, summarize them within `words`, and attribute every sentence.

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
    summary = attribute(selection.sentences, SentenceIndex(kept, sentences))
    LOGGER.info(
        "%d articles (%d copies of others), %d summary sentences by %s",
        len(kept),
        len(reprints),
        len(summary),
        selection.method,
    )
    return Briefing(articles=tuple(kept), summary=summary, duplicates=copies, method=selection.method, words=words)


def outlet_count(briefing: Briefing, article_ids: Sequence[str]) -> tuple[int, int]:
    """(articles, independent reports) among `article_ids`: copies of one wire story count once."""
    group_of = {aid: group.article_ids[0] for group in briefing.duplicates for aid in group.article_ids}
    return len(set(article_ids)), len({group_of.get(aid, aid) for aid in article_ids})


def article_label(article: Article, position: int) -> str:
    """How a reader sees an article: its outlet, else its number (titles can repeat across outlets)."""
    return article.source or f"article {position + 1}"
