"""The pipeline: raw articles of one event in, an evidence-backed Briefing out.

read -> clean -> segment -> find copies -> select -> attribute -> claims and values -> timeline -> actors
-> quotes
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace

from .attribute import attribute
from .clean import clean_all, clean_loosely, cut_notes, some_named
from .duplicates import find_copies, independent_reports, report_of
from .errors import InputError
from .language import ENGLISH, detect_language
from .segment import split, statements
from .select import DEFAULT_SUMMARIZER, get_summarizer
from .similarity import SentenceIndex
from .types import Article, Briefing, DuplicateGroup, Quote, RawArticle, Sentence

LOGGER = logging.getLogger(__name__)

DEFAULT_WORDS = 230


def brief(
    articles: Iterable[RawArticle | str],
    *,
    words: int = DEFAULT_WORDS,
    summarizer: str = DEFAULT_SUMMARIZER,
    summary_only: bool = False,
    furniture: Mapping[str, Mapping[str, str]] | None = None,
) -> Briefing:
    """Brief one event: clean the articles, summarize them within `words`, attribute every sentence, and
    (unless `summary_only`) compare the claims, and find the timeline, actors and quotes.

    `articles` are RawArticle values (see `read_articles`) or plain strings; one may stand alone. `furniture`
    names lines to drop as each outlet's page furniture (`clean.clean_all`).
    """
    with _collection_paused():
        return _brief(articles, words=words, summarizer=summarizer, summary_only=summary_only, furniture=furniture)


# Allocations between collections of the youngest objects while briefings run (Python's default is 700). At
# 100, 300 and 1,000 articles 1,000,000 runs no collection at all; 100,000 ran collections that found nothing
# for 17, 93 and 204 ms (and 700 took 11-18% of the CPU).
_YOUNG_COLLECTION_EVERY = 1_000_000
_PAUSE_LOCK = threading.Lock()
_pauses = 0
_thresholds = gc.get_threshold()


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Python's cycle collector run less often while briefings run (as before once the last one ends).

    A briefing allocates hundreds of thousands of small objects that live until it ends and form no
    cycles: collections while it runs only walk them. What is alive when the first briefing starts (modules,
    caches) and when the last one ends (results) is long-lived, and joins the oldest generation unwalked."""
    global _pauses, _thresholds
    with _PAUSE_LOCK:
        if _pauses == 0:
            _to_oldest_generation()
            _thresholds = gc.get_threshold()
            gc.set_threshold(max(_thresholds[0], _YOUNG_COLLECTION_EVERY), *_thresholds[1:])
        _pauses += 1
    try:
        yield
    finally:
        with _PAUSE_LOCK:
            _pauses -= 1
            if _pauses == 0:
                _to_oldest_generation()
                gc.set_threshold(*_thresholds)


def _to_oldest_generation() -> None:
    """Every object the collector tracks moved to its oldest generation without a collection (left alone
    when the collector is off, or when the program froze objects of its own: unfreezing would take them)."""
    if gc.isenabled() and not gc.get_freeze_count():
        gc.freeze()
        gc.unfreeze()


def _brief(
    articles: Iterable[RawArticle | str],
    *,
    words: int,
    summarizer: str,
    summary_only: bool,
    furniture: Mapping[str, Mapping[str, str]] | None,
) -> Briefing:
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
    # an article with nothing in full sentences is read for its description or its long lines
    cleaned, loose_notes = clean_loosely(raws, clean_all(raws, furniture=furniture))
    kept = [a for a in cleaned if a.text.strip()]
    for article in cleaned if kept else ():
        if not article.text.strip():
            LOGGER.warning("skipped %s: no article text left after cleaning", article.origin)
    if not kept:
        where = raws[0].origin if len(raws) == 1 else "input"
        raise InputError(where, "no article text left after cleaning", "is it only boilerplate?")
    if not summary_only:  # only the English-only stages read the language; a summary leaves it undetected ("")
        languages: dict[str, str] = {}
        for article in kept:
            if article.text not in languages:
                languages[article.text] = detect_language(article.text)
        kept = [replace(article, language=languages[article.text]) for article in kept]
    # 2. segment
    sentences = _per_text(kept, split)
    # 3. reprinted wire copy counts once: select from one article of each copy group
    copies = find_copies(kept, sentences)
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
    empty = [article.origin for article in cleaned if not article.text.strip()]
    emptied = (f"Skipped {some_named(empty)}: no article text left after cleaning.",) if empty else ()
    briefing = Briefing(
        articles=tuple(kept),
        summary=summary,
        duplicates=copies,
        method=selection.method,
        words=words,
        notes=loose_notes + cut_notes(kept) + emptied,
    )
    return briefing if summary_only else _analyze(briefing, sentences, index)


def _analyze(briefing: Briefing, sentences: Mapping[str, Sequence[Sentence]], index: SentenceIndex) -> Briefing:
    """6. compare claims and values, 7. timeline, 8. actors, 9. quotes (the last two in English text only)."""
    # Loaded here: a summary alone (`batch`) never needs them, and they are half of the package's import time.
    from .actors import find_actors
    from .claims import (
        check_values,
        group_claims,
        outlet_exclusives,
        shared_claims,
        statement_texts,
        supported_summary,
        whole_sentences,
    )
    from .quotes import find_quotes, group_quotes
    from .timeline import build_timeline, reference_dates

    articles, copies = briefing.articles, briefing.duplicates
    references = reference_dates(articles)
    english = [article for article in articles if article.language in (ENGLISH, "")]
    actors = find_actors(english, sentences)
    quotes = find_quotes(english, actors)
    # Claims compare statements: sentences, with a quotation of several sentences cut into them.
    units: Mapping[str, Sequence[Sentence]] = _per_text(
        articles, lambda article: statements(article, tuple(sentences[article.id]))
    )
    if all(units[article.id] == tuple(sentences[article.id]) for article in articles):
        units, unit_index = sentences, index
    else:
        unit_index = SentenceIndex(articles, units)
    claim_index = SentenceIndex(articles, units, compared_text=statement_texts(unit_index, quotes))
    claims = group_claims(articles, units, copies, claim_index)
    checked = check_values(claims, articles, copies, unit_index, references)
    shown = whole_sentences(checked, sentences) if units is not sentences else checked
    labels = {article.id: article_label(article, i) for i, article in enumerate(articles)}
    # Every section takes its outlets from the same claims: one statement, one count.
    return replace(
        briefing,
        summary=supported_summary(briefing.summary, checked),
        claims=shared_claims(checked),
        exclusives=outlet_exclusives(shown, copies, labels),
        timeline=build_timeline([claim for claim in checked if claim.part == "statement"], unit_index, references),
        actors=actors,
        quotes=group_quotes([quote for quote in quotes if quote.direct]),
        reported_speech=_once_per_report([quote for quote in quotes if not quote.direct], copies),
        notes=briefing.notes + _language_notes(articles),
    )


def _per_text(
    articles: Sequence[Article], read: Callable[[Article], tuple[Sentence, ...]]
) -> dict[str, tuple[Sentence, ...]]:
    """Article id -> `read(article)` (its sentences), read once per text: a verbatim reprint has its
    original's sentences, at the same places in its own text."""
    first: dict[str, tuple[Sentence, ...]] = {}
    found: dict[str, tuple[Sentence, ...]] = {}
    for article in articles:
        if article.text not in first:
            found[article.id] = first[article.text] = read(article)
        else:
            moved = (Sentence(s.span.in_article(article.id), s.text, s.index, s.paragraph) for s in first[article.text])
            found[article.id] = tuple(moved)
    return found


def _once_per_report(quotes: Sequence[Quote], copies: Sequence[DuplicateGroup]) -> tuple[Quote, ...]:
    """Reported statements without the repeats a reprint gives of its original's: a copy counts once."""
    representative = {article_id: group.article_ids[0] for group in copies for article_id in group.article_ids}
    first: dict[tuple[str, str, str], int] = {}
    for position, quote in enumerate(quotes):
        article_id = quote.span.article_id
        key = (representative.get(article_id, article_id), quote.speaker, " ".join(quote.text.split()))
        held = first.get(key)
        # The fullest copy's quote stands for the report.
        if held is None or (article_id == key[0] and quotes[held].span.article_id != key[0]):
            first[key] = position
    return tuple(quotes[position] for position in sorted(first.values()))


_LANGUAGES_SHOWN = 5


def _language_notes(articles: Sequence[Article]) -> tuple[str, ...]:
    """Say which articles the English-only stages (actors, quotations) left out, and in what language."""
    others = [
        f"{position + 1} ({article.language})"
        for position, article in enumerate(articles)
        if article.language not in (ENGLISH, "")
    ]
    if not others:
        return ()
    languages = {article.language for article in articles}
    if len(others) == len(articles) and len(languages) == 1:
        which = f"the {len(articles)} articles ({languages.pop()})" if len(others) > 1 else f"article {others[0]}"
    elif len(others) == 1:
        which = f"article {others[0]}"
    else:
        # "and N more": a feed of 60 entries would list them all
        which = f"articles {some_named(others, _LANGUAGES_SHOWN)}"
    return (f"Actors and quotations are found in English text only; not searched: {which}.",)


def outlet_count(briefing: Briefing, article_ids: Sequence[str]) -> tuple[int, int]:
    """(articles, independent reports) among `article_ids`: copies of one wire story count once, and so do
    the articles of one outlet (its editions read as one outlet when they are read: `sources/outlets.py`)."""
    ids = set(article_ids)
    outlets = {article.id: article.source.casefold() for article in briefing.articles if article.source}
    if len(set(outlets.get(article_id, article_id) for article_id in ids)) == len(ids):
        return len(ids), independent_reports(ids, briefing.duplicates)
    representative = report_of(briefing.duplicates)
    # Two reports are one when they are copies or come from one outlet: count the groups they form.
    group = {article_id: article_id for article_id in ids}

    def find(item: str) -> str:
        while group[item] != item:
            item = group[item]
        return item

    first_of: dict[str, str] = {}
    for article_id in sorted(ids):
        for key in (
            f"copy:{representative.get(article_id, article_id)}",
            f"outlet:{outlets.get(article_id, article_id)}",
        ):
            if key in first_of:
                group[find(article_id)] = find(first_of[key])
            else:
                first_of[key] = article_id
    return len(ids), len({find(article_id) for article_id in ids})


def article_label(article: Article, position: int) -> str:
    """How a reader sees an article: its outlet, else its number (titles can repeat across outlets)."""
    return article.source or f"article {position + 1}"
