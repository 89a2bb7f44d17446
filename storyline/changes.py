"""What is new since the last briefing a reader saw: new and revised articles, changed figures, corrections and
retractions, new claims and new quotations, each with evidence.

`what_changed(previous, current)` compares the JSON of the briefing the reader was shown (`previous`, schema
`storyline.briefing/2` or `/1`, as `briefing_to_dict` wrote it) with a new `Briefing`. The previous side is only
text, so statements are matched by their words, never by object identity or offsets: a sentence was seen when
its text occurs in a previous article (whitespace and quote marks normalized), and two sentences make the same
statement when the cosine of their IDF-weighted content stems, the IDF taken over the sentences of both
briefings, reaches SAME_STATEMENT_COSINE. Article ids hash the URL and the text, so a revised article has a new
id: an article whose URL the previous briefing had under another id is reported as revised, not new.

Every item carries spans into the current cleaned articles (`Changes.briefing.articles`), shown verbatim as
`article.text[span.start:span.end]`; what no current article says any more is kept as `PreviousText`, the
text as the reader saw it.

`changes_to_dict` gives the JSON form, schema `storyline.changes/1`, documented in docs/json.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .briefing import article_label
from .claims import CLEAR_SAME_COSINE, CONFLICT_CONTEXT_COSINE
from .dates import find_dates, same_date
from .errors import InputError
from .quantities import comparable, compatible, find_quantities, format_quantity
from .quotes import IDENTICAL_MIN_WORDS, VARIANT_MIN_OVERLAP
from .segment import split
from .serialization import Writer
from .similarity import SAME_CONTENT_COSINE, Idf, SentenceIndex, cosine
from .timeline import reference_dates
from .types import (
    Article,
    Briefing,
    Claim,
    DateMention,
    Evidence,
    Quantity,
    QuoteGroup,
    Sentence,
    Span,
)
from .words import content_stems, tokens

SCHEMA = "storyline.changes/1"
READABLE_SCHEMAS = ("storyline.briefing/1", "storyline.briefing/2")

# A current sentence restates a previous one at the cosine attribution uses. Leave-one-out on the labelled
# events: 0.35 calls 7 restatements new and 20 new ones restated; 0.3 5/27, 0.4 15/12 (docs/tuning.md).
SAME_STATEMENT_COSINE = SAME_CONTENT_COSINE
# A correction, its wrapper ("An earlier version of this article said") cut, against the corrected sentence.
# Eight invented corrections: the target 0.40-0.71 for seven, the best wrong sentence 0.09-0.31 (docs/tuning.md).
CORRECTED_COSINE = 0.3
# A figure changed when the sentences giving the old and the new figure make the same statement and the words
# near the two figures say the same thing, the context rule claims use for a conflict between outlets.
VALUE_CONTEXT_COSINE = CONFLICT_CONTEXT_COSINE
# Sentences of one story name different events on different days in similar words, so a changed date needs
# closer sentences than a changed number (outside revisions). Leave-one-out: of 8 date candidates at 0.35-0.5,
# one was a real change (docs/tuning.md).
DATE_SENTENCE_COSINE = CLEAR_SAME_COSINE
_WINDOW_WORDS = 8

# Internal ids of the previous briefing's articles, kept apart from the current ids: an unchanged article has
# the same id in both, but its cleaned text may differ (cleaning drops lines that several articles share).
_PREVIOUS = "previous:"

_QUOTE_FORMS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})

# Sentences that correct or retract an earlier report, the outlet's own or someone's.
_CORRECTION = re.compile(
    r"\b(?:an?|the)\s+(?:earlier|previous|original|prior)\s+version\s+of\s+this\s+(?:article|story|report)"
    r"|^\W*(?:correction|clarification)s?\s*[:—–-]"
    r"|\b(?:incorrectly|wrongly|mistakenly|erroneously)\s+(?:said|says|reported|stated|identified|described|gave"
    r"|named|quoted|attributed)\b"
    r"|\bretract(?:ed|s|ing|ion)?\b|\bwalked\s+back\b"
    r"|\b(?:has|have|had|was|were)\s+been\s+(?:corrected|amended)\b|\bwas\s+(?:corrected|amended)\b"
    r"|\bupdated\s+to\s+correct\b",
    re.IGNORECASE,
)
# What the correction wraps around the corrected statement, cut before matching it to previous sentences.
_CORRECTION_WRAPPER = re.compile(
    r"\b(?:an?|the)\s+(?:earlier|previous|original|prior)\s+version\s+of\s+this\s+(?:article|story|report)"
    r"|\b(?:correction|clarification|incorrectly|wrongly|mistakenly|erroneously|retract\w*|corrected|amended"
    r"|updated|version|article|story|report)\b",
    re.IGNORECASE,
)
# "two more firefighters", "another two people": an increment, not the total a previous figure gave.
_INCREMENT_AFTER = re.compile(r"\s+(?:more|additional|further|extra|other|new)\b", re.IGNORECASE)
_INCREMENT_BEFORE = re.compile(r"\b(?:another|a\s+further|an\s+additional|an\s+extra)\s+\Z", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PreviousText:
    """Text as the previous briefing showed it. `article_id`, `outlet` and `url` name its article there;
    `still_in` holds the current sentences that say it verbatim, empty when none does."""

    text: str
    article_id: str
    outlet: str
    url: str
    still_in: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleChange:
    """An article that is new ("new"), a revision of a previous one with the same URL ("revised"), or in the
    previous briefing only ("dropped": withdrawn, or no longer part of the story).

    `article_id` is its id in the current briefing ("" when dropped); `previous_id` its id in the previous
    one ("" when new)."""

    kind: str
    article_id: str
    previous_id: str
    outlet: str
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class ValueChange:
    """A figure (number or date) the previous briefing gave for something, now given differently.

    `old_value` is the figure verbatim and `old_reading` its normalized form ("4", "2025-03-03"); `old` is
    the sentence it stood in. `new_value` spans into a current article; `evidence[0]` is its sentence and
    the other items are current sentences that give the same new figure."""

    dimension: str
    old_value: str
    old_reading: str
    old: PreviousText
    new_value: Quantity | DateMention
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Retraction:
    """A previous statement taken back. `kind` is "correction" (a current sentence corrects or retracts it:
    `evidence`), "revised" (its articles were revised without it) or "dropped" (its articles left the
    briefing). `old` is the statement as the reader saw it; a correction whose target is not found has none."""

    kind: str
    old: PreviousText | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Changes:
    """What `what_changed` returns. Every Span points into `briefing.articles`, the current briefing's.

    `since` says when the previous briefing was shown, as the caller gave it ("" when unknown)."""

    briefing: Briefing
    since: str
    new_articles: tuple[ArticleChange, ...]
    dropped_articles: tuple[ArticleChange, ...]
    changed_values: tuple[ValueChange, ...]
    retractions: tuple[Retraction, ...]
    new_claims: tuple[Claim, ...]
    new_quotes: tuple[QuoteGroup, ...]

    @property
    def empty(self) -> bool:
        """True when nothing is new: no article, figure, retraction, claim or quotation."""
        return not (
            self.new_articles
            or self.dropped_articles
            or self.changed_values
            or self.retractions
            or self.new_claims
            or self.new_quotes
        )


# --- The previous briefing, read back from its JSON -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Statement:
    """Something the previous briefing reported (summary sentence, claim, outlet exclusive): its evidence."""

    spans: tuple[Span, ...]  # internal ids, first the quoted one
    importance: float


@dataclass(frozen=True, slots=True)
class _Words:
    """The words of a quotation, and its content stems, for comparing wordings."""

    words: tuple[str, ...]
    stems: frozenset[str]


def _words(text: str) -> _Words:
    return _Words(tuple(tokens(text)), frozenset(content_stems(text)))


@dataclass(frozen=True, slots=True)
class _Previous:
    articles: tuple[Article, ...]  # internal ids (_PREVIOUS + id)
    labels: Mapping[str, str]  # internal id -> label
    statements: tuple[_Statement, ...]
    quotes: tuple[_Words, ...]  # direct quotations


def _read_previous(previous: Mapping[str, Any]) -> _Previous:
    schema = previous.get("schema") if isinstance(previous, Mapping) else None
    if schema not in READABLE_SCHEMAS:
        raise InputError(
            "previous briefing",
            f"schema {schema!r} is not one of {', '.join(READABLE_SCHEMAS)}",
            "pass the dict storyline.briefing_to_dict made for the briefing the reader saw",
        )
    try:
        return _parse_previous(previous)
    except (KeyError, TypeError, IndexError, ValueError, AttributeError) as error:
        raise InputError(
            "previous briefing",
            f"not a well-formed {schema} document ({type(error).__name__}: {error})",
            "pass the dict storyline.briefing_to_dict made, unchanged",
        ) from error


def _parse_previous(previous: Mapping[str, Any]) -> _Previous:
    articles = tuple(
        Article(
            id=_PREVIOUS + str(item["id"]),
            text=str(item["text"]),
            origin=str(item.get("origin") or ""),
            title=str(item.get("title") or ""),
            source=str(item.get("source") or ""),
            url=str(item.get("url") or ""),
            published=str(item.get("published") or ""),
        )
        for item in previous["articles"]
    )
    labels = {
        article.id: str(item.get("label") or article_label(article, position))
        for position, (article, item) in enumerate(zip(articles, previous["articles"], strict=True))
    }

    def spans(items: Iterable[Mapping[str, Any]]) -> tuple[Span, ...]:
        found = []
        for item in items:
            article = articles[int(item["article"])]
            start, end = int(item["start"]), int(item["end"])
            if 0 <= start < end <= len(article.text):
                found.append(Span(article.id, start, end))
        return tuple(found)

    reported = [*previous.get("claims", ()), *(c for e in previous.get("exclusives", ()) for c in e["claims"])]
    statements = [_Statement(spans(claim["evidence"]), float(claim.get("importance", 0.0))) for claim in reported]
    statements += [_Statement(spans(sentence["evidence"]), 0.0) for sentence in previous.get("summary", ())]
    quotes = tuple(_words(str(quote["text"])) for group in previous.get("quotes", ()) for quote in group["quotes"])
    return _Previous(articles, labels, tuple(s for s in statements if s.spans), quotes)


# --- Sentences of both briefings, and how alike they are ------------------------------------------------------


def _normal(text: str) -> str:
    """`text` for verbatim comparison: one space for any whitespace, straight quote marks."""
    return " ".join(text.translate(_QUOTE_FORMS).split())


class _Side:
    """The sentences of one briefing's articles, indexed for the ones like a given vector."""

    def __init__(self, articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]], idf: Idf) -> None:
        self.articles = {article.id: article for article in articles}
        self.sentences = [sentence for article in articles for sentence in sentences[article.id]]
        self.by_article = {article.id: list(sentences[article.id]) for article in articles}
        self.index = SentenceIndex(articles, sentences, idf=idf, floor=min(SAME_STATEMENT_COSINE, CORRECTED_COSINE))
        self.vectors = self.index.vectors
        self.by_span = self.index.sentences
        self.blob = "\n".join(_normal(article.text) for article in articles)
        self.by_text: dict[str, list[Span]] = {}
        for sentence in self.sentences:
            self.by_text.setdefault(_normal(sentence.text), []).append(sentence.span)

    def similar(self, vector: Mapping[str, float], threshold: float) -> list[tuple[float, Sentence]]:
        """The sentences scoring `threshold` or more against `vector`, best first (ties in text order)."""
        found = [(e.score, self.by_span[e.span]) for e in self.index.search(vector, threshold)]
        return sorted(found, key=lambda pair: (-pair[0], pair[1].span.article_id, pair[1].span.start))

    def says(self, text: str) -> bool:
        """Whether some article of this side has `text` verbatim (up to whitespace and quote marks)."""
        normal = _normal(text)
        # Most sentences are whole sentences of the other side: a lookup, before a search through every text.
        return normal in self.by_text or normal in self.blob

    def verbatim(self, text: str) -> tuple[Span, ...]:
        """The sentences whose text is `text`, up to whitespace and quote marks."""
        return tuple(self.by_text.get(_normal(text), ()))

    def sentence_at(self, span: Span) -> Sentence | None:
        """The sentence `span` is, or else the one it starts in."""
        if span in self.by_span:
            return self.by_span[span]
        return next(
            (s for s in self.by_article.get(span.article_id, ()) if s.span.start <= span.start < s.span.end), None
        )


@dataclass(frozen=True, slots=True)
class _Context:
    previous: _Previous
    current: Briefing
    before: _Side
    after: _Side
    idf: Idf
    references: Mapping[str, str]  # internal and current article ids -> the date relative dates resolve against

    @classmethod
    def build(cls, previous: _Previous, current: Briefing) -> _Context:
        sentences = {article.id: split(article) for article in (*previous.articles, *current.articles)}
        idf = Idf([sentence.text for found in sentences.values() for sentence in found])
        references = {**reference_dates(previous.articles), **reference_dates(current.articles)}
        before = _Side(previous.articles, sentences, idf)
        after = _Side(current.articles, sentences, idf)
        return cls(previous, current, before, after, idf, references)

    def previous_text(self, sentence: Sentence) -> PreviousText:
        """A previous sentence as the reader saw it, and where current articles still say it."""
        article = self.before.articles[sentence.span.article_id]
        return PreviousText(
            text=sentence.text,
            article_id=article.id.removeprefix(_PREVIOUS),
            outlet=self.previous.labels[article.id],
            url=article.url,
            still_in=self.after.verbatim(sentence.text),
        )


# --- What changed ------------------------------------------------------------------------------------------------


def what_changed(previous: Mapping[str, Any], current: Briefing, *, since: str = "") -> Changes:
    """What `current` says that the briefing the reader saw (`previous`, its JSON dict) did not, and what it no
    longer says. `since` is when that briefing was shown, for display ("" when unknown)."""
    old = _read_previous(previous)
    context = _Context.build(old, current)
    # 1. articles: new, revised (same URL, new text), dropped
    new_articles, dropped_articles = _article_changes(context)
    # 2. figures given before that are now different
    changed_values = _changed_values(context)
    # 3. corrections in the current text, and previous statements no current article supports
    corrections = _corrections(context)
    retractions = _retractions(context, corrections, changed_values)
    # 4. quotations and statements the previous briefing did not have; a correction or a new quotation is
    # listed once, under its own heading, not again as a new claim
    new_quotes = tuple(group for group in current.quotes if not _quote_seen(context, group))
    listed = [e.span for r in corrections for e in r.evidence] + [q.span for g in new_quotes for q in g.quotes]
    new_claims = _new_claims(context, listed)
    return Changes(
        briefing=current,
        since=since,
        new_articles=new_articles,
        dropped_articles=dropped_articles,
        changed_values=changed_values,
        retractions=retractions,
        new_claims=new_claims,
        new_quotes=new_quotes,
    )


def _article_changes(context: _Context) -> tuple[tuple[ArticleChange, ...], tuple[ArticleChange, ...]]:
    previous = context.previous
    previous_ids = {article.id.removeprefix(_PREVIOUS): article for article in previous.articles}
    by_url = {article.url: article for article in previous.articles if article.url}
    current_ids = {article.id for article in context.current.articles}
    revised: set[str] = set()
    found = []
    for position, article in enumerate(context.current.articles):
        if article.id in previous_ids:
            continue
        earlier = by_url.get(article.url) if article.url else None
        if earlier is not None and earlier.id.removeprefix(_PREVIOUS) not in current_ids:
            revised.add(earlier.id)
        kind, previous_id = ("revised", earlier.id.removeprefix(_PREVIOUS)) if earlier else ("new", "")
        label = article_label(article, position)
        found.append(ArticleChange(kind, article.id, previous_id, label, article.title, article.url))
    dropped = tuple(
        ArticleChange("dropped", "", article_id, previous.labels[article.id], article.title, article.url)
        for article_id, article in previous_ids.items()
        if article_id not in current_ids and article.id not in revised
    )
    return tuple(found), dropped


# --- Changed figures -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    score: float  # cosine of the old and the new sentence
    old: Quantity | DateMention
    old_sentence: Sentence
    new: Quantity | DateMention
    new_sentence: Sentence


def _changed_values(context: _Context) -> tuple[ValueChange, ...]:
    """Figures of current sentences the reader has not seen, given differently by a previous sentence that makes
    the same statement about the same thing; one item per change, however many articles give the new figure."""
    figures_before: dict[Span, list[Quantity | DateMention]] = {}
    candidates = []
    for sentence in context.after.sentences:
        if context.before.says(sentence.text):
            continue  # shown before, figures and all
        figures = _figures(sentence, context.references[sentence.span.article_id])
        if not figures:
            continue
        partners = context.before.similar(context.after.vectors[sentence.span], SAME_STATEMENT_COSINE)
        for new in figures:
            candidate = _old_figure(context, sentence, new, partners, figures_before)
            if candidate is not None:
                candidates.append(candidate)
    return tuple(_merged(context, candidates))


def _figures(sentence: Sentence, reference: str) -> list[Quantity | DateMention]:
    quantities: list[Quantity | DateMention] = [
        quantity
        for quantity in find_quantities(sentence)
        if (quantity.dimension != "count" or quantity.counted) and not _increment(sentence, quantity)
    ]
    return quantities + list(find_dates(sentence, reference))


def _increment(sentence: Sentence, quantity: Quantity) -> bool:
    start = quantity.span.start - sentence.span.start
    end = quantity.span.end - sentence.span.start
    return bool(_INCREMENT_AFTER.match(sentence.text, end) or _INCREMENT_BEFORE.search(sentence.text[:start]))


def _old_figure(
    context: _Context,
    sentence: Sentence,
    new: Quantity | DateMention,
    partners: Sequence[tuple[float, Sentence]],
    figures_before: dict[Span, list[Quantity | DateMention]],
) -> _Candidate | None:
    """The previous figure `new` replaces, from the most similar previous sentence that gives one; None when
    a previous sentence gave the same figure for the same thing, or none gave one for it."""
    window = _window(context.after, sentence, new)
    best = None
    for score, old_sentence in partners:
        if (
            isinstance(new, DateMention)
            and score < DATE_SENTENCE_COSINE
            and not _revision(context, old_sentence, sentence)
        ):
            continue
        if old_sentence.span not in figures_before:
            reference = context.references[old_sentence.span.article_id]
            figures_before[old_sentence.span] = _figures(old_sentence, reference)
        for old in figures_before[old_sentence.span]:
            if not _same_kind(old, new):
                continue
            if cosine(window, _window(context.before, old_sentence, old)) < VALUE_CONTEXT_COSINE:
                continue
            if _same_figure(old, new):
                return None
            if best is None:
                best = _Candidate(score, old, old_sentence, new, sentence)
    return best


def _revision(context: _Context, old: Sentence, new: Sentence) -> bool:
    """Whether `new` is in a later version (same URL) of the article `old` is in."""
    url = context.before.articles[old.span.article_id].url
    return bool(url) and url == context.after.articles[new.span.article_id].url


def _window(side: _Side, sentence: Sentence, value: Quantity | DateMention) -> dict[str, float]:
    """The sentence's weights for the content words near `value`: what the figure is about."""
    start = value.span.start - sentence.span.start
    end = value.span.end - sentence.span.start
    near = sentence.text[:start].split()[-_WINDOW_WORDS:] + sentence.text[end:].split()[:_WINDOW_WORDS]
    words = set(content_stems(" ".join(near)))
    return {term: weight for term, weight in side.vectors[sentence.span].items() if term in words}


def _same_kind(a: Quantity | DateMention, b: Quantity | DateMention) -> bool:
    """Whether `a` and `b` can be figures for one thing: comparable quantities, or dates at one precision."""
    if isinstance(a, DateMention) and isinstance(b, DateMention):
        return len(a.date) == len(b.date)
    if isinstance(a, Quantity) and isinstance(b, Quantity):
        return comparable(a, b)
    return False


def _same_figure(a: Quantity | DateMention, b: Quantity | DateMention) -> bool:
    """Whether two figures state the same value. The stated values are compared, not the ranges the wording
    allows: "at least 14 dead" becoming "at least 20 dead" is a change, although both can be true."""
    if isinstance(a, DateMention) and isinstance(b, DateMention):
        return same_date(a.date, b.date)
    if isinstance(a, Quantity) and isinstance(b, Quantity):
        return compatible(replace(a, low=a.value, high=a.value), replace(b, low=b.value, high=b.value))
    return False


def _merged(context: _Context, candidates: Sequence[_Candidate]) -> list[ValueChange]:
    """One ValueChange per old and new figure: articles that give the same new figure in place of the same old
    one are evidence of one change."""
    groups: list[list[_Candidate]] = []
    for candidate in sorted(candidates, key=lambda c: -c.score):
        group = next((g for g in groups if _same_change(g[0], candidate)), None)
        if group is None:
            groups.append([candidate])
        elif all(c.new_sentence.span != candidate.new_sentence.span for c in group):
            group.append(candidate)
    order = {article.id: position for position, article in enumerate(context.current.articles)}
    groups.sort(key=lambda g: (order[g[0].new.span.article_id], g[0].new.span.start))
    return [_value_change(context, group) for group in groups]


def _same_change(a: _Candidate, b: _Candidate) -> bool:
    return (
        _same_kind(a.old, b.old)
        and _same_figure(a.old, b.old)
        and _same_kind(a.new, b.new)
        and _same_figure(a.new, b.new)
    )


def _value_change(context: _Context, group: Sequence[_Candidate]) -> ValueChange:
    first = group[0]
    vectors = context.after.vectors
    evidence = [Evidence(first.new_sentence.span, 1.0)]
    evidence += [
        Evidence(c.new_sentence.span, round(cosine(vectors[first.new_sentence.span], vectors[c.new_sentence.span]), 3))
        for c in group[1:]
    ]
    old = first.old
    return ValueChange(
        dimension="date" if isinstance(old, DateMention) else old.dimension,
        old_value=old.text,
        old_reading=old.date if isinstance(old, DateMention) else format_quantity(old),
        old=context.previous_text(first.old_sentence),
        new_value=first.new,
        evidence=tuple(evidence),
    )


# --- Corrections and retractions ----------------------------------------------------------------------------------


def _corrections(context: _Context) -> list[Retraction]:
    """Current sentences, new since the previous briefing, that correct or retract an earlier report; each
    with the previous sentence it corrects, when one matches."""
    found = []
    for sentence in context.after.sentences:
        if not _CORRECTION.search(sentence.text) or context.before.says(sentence.text):
            continue
        evidence = Evidence(_to_paragraph_end(context, sentence), 1.0)
        target = _corrected(context, sentence)
        found.append(Retraction("correction", context.previous_text(target) if target else None, (evidence,)))
    return found


def _to_paragraph_end(context: _Context, sentence: Sentence) -> Span:
    """From `sentence` to the end of its paragraph: a correction notice often takes two sentences ("An earlier
    version ... said X. Police have not said Y.")."""
    same_paragraph = [
        s.span.end for s in context.after.by_article[sentence.span.article_id] if s.paragraph == sentence.paragraph
    ]
    return Span(sentence.span.article_id, sentence.span.start, max(same_paragraph))


def _corrected(context: _Context, sentence: Sentence) -> Sentence | None:
    """The previous sentence a correction is about: the closest to what remains when the correction's own words
    are cut, preferring one no current article says any more."""
    remainder = _CORRECTION_WRAPPER.sub(" ", sentence.text)
    matches = context.before.similar(context.idf.vector(remainder), CORRECTED_COSINE)
    gone = [s for _, s in matches if not context.after.says(s.text)]
    if gone:
        return gone[0]
    return matches[0][1] if matches else None


def _retractions(
    context: _Context, corrections: Sequence[Retraction], changed: Sequence[ValueChange]
) -> tuple[Retraction, ...]:
    """The corrections, then every previous statement no current sentence supports and no correction or changed
    figure already accounts for, most important first."""
    handled = {_normal(r.old.text) for r in corrections if r.old} | {_normal(c.old.text) for c in changed}
    correction_spans = {e.span for r in corrections for e in r.evidence}
    found: list[Retraction] = []
    for statement in sorted(context.previous.statements, key=lambda s: -s.importance):
        sentences = [s for s in (context.before.sentence_at(span) for span in statement.spans) if s is not None]
        if not sentences or any(_normal(s.text) in handled for s in sentences):
            continue
        handled.update(_normal(s.text) for s in sentences)
        if any(_supported(context, s, correction_spans) for s in sentences):
            continue
        kind = "revised" if any(_was_revised(context, s.span.article_id) for s in sentences) else "dropped"
        found.append(Retraction(kind, context.previous_text(sentences[0]), ()))
    return (*corrections, *found)


def _supported(context: _Context, sentence: Sentence, excluded: set[Span]) -> bool:
    """Whether a current sentence (other than a correction) says what previous `sentence` said."""
    if context.after.says(sentence.text):
        return True
    matches = context.after.similar(context.before.vectors[sentence.span], SAME_STATEMENT_COSINE)
    return any(not any(_overlaps(s.span, span) for span in excluded) for _, s in matches)


def _was_revised(context: _Context, internal_id: str) -> bool:
    url = context.before.articles[internal_id].url
    return bool(url) and any(article.url == url for article in context.current.articles)


def _overlaps(a: Span, b: Span) -> bool:
    return a.article_id == b.article_id and a.start < b.end and b.start < a.end


# --- New quotations and claims ---------------------------------------------------------------------------------


def _quote_seen(context: _Context, group: QuoteGroup) -> bool:
    """Whether the previous briefing had this quotation: in some article's text, or as a quotation worded alike."""
    for quote in group.quotes:
        if context.before.says(quote.text):
            return True
        words = _words(quote.text)
        if any(_same_words(words, earlier) for earlier in context.previous.quotes):
            return True
    return False


def _same_words(a: _Words, b: _Words) -> bool:
    """The rule quotation grouping uses: the same words, one inside the other, or a variant wording."""
    if not a.words or not b.words:
        return False
    short, long = sorted((a.words, b.words), key=len)
    if len(short) >= IDENTICAL_MIN_WORDS and any(long[i : i + len(short)] == short for i in range(len(long))):
        return True
    shared = len(a.stems & b.stems)
    return shared >= 2 and 2 * shared / (len(a.stems) + len(b.stems)) >= VARIANT_MIN_OVERLAP


def _new_claims(context: _Context, listed: Sequence[Span]) -> tuple[Claim, ...]:
    """The current claims (shared and outlet exclusives) no previous sentence made, most important first."""
    current = context.current
    claims = [*current.claims, *(claim for exclusive in current.exclusives for claim in exclusive.claims)]
    found = []
    for claim in claims:
        sentences = [s for s in (context.after.sentence_at(e.span) for e in claim.evidence) if s is not None]
        if all(any(_overlaps(s.span, span) for span in listed) for s in sentences):
            continue
        if any(_seen(context, sentence) for sentence in sentences):
            continue
        found.append(claim)
    order = {article.id: position for position, article in enumerate(current.articles)}
    found.sort(key=lambda c: (-c.importance, order[c.evidence[0].span.article_id], c.evidence[0].span.start))
    return tuple(found)


def _seen(context: _Context, sentence: Sentence) -> bool:
    """Whether the previous briefing made the statement of current `sentence`, in these words or others."""
    if context.before.says(sentence.text):
        return True
    return bool(context.before.similar(context.after.vectors[sentence.span], SAME_STATEMENT_COSINE))


# --- JSON ---------------------------------------------------------------------------------------------------------


def changes_to_dict(changes: Changes) -> dict[str, Any]:
    """The changes as plain JSON-ready data (schema `storyline.changes/1`, described in docs/json.md)."""
    writer = Writer(changes.briefing)

    def previous_text(text: PreviousText | None) -> dict[str, Any] | None:
        if text is None:
            return None
        return {
            "text": text.text,
            "article_id": text.article_id,
            "label": text.outlet,
            "url": text.url,
            "still_in": [writer.span(span) for span in text.still_in],
        }

    def article_change(change: ArticleChange) -> dict[str, Any]:
        return {
            "kind": change.kind,
            "article": writer.position[change.article_id] if change.article_id else None,
            "article_id": change.article_id,
            "previous_id": change.previous_id,
            "label": change.outlet,
            "title": change.title,
            "url": change.url,
        }

    counts = {
        "new_articles": sum(change.kind == "new" for change in changes.new_articles),
        "revised_articles": sum(change.kind == "revised" for change in changes.new_articles),
        "dropped_articles": len(changes.dropped_articles),
        "new_claims": len(changes.new_claims),
        "changed_values": len(changes.changed_values),
        "new_quotes": len(changes.new_quotes),
        "retractions": len(changes.retractions),
    }
    return {
        "schema": SCHEMA,
        "since": changes.since,
        "empty": changes.empty,
        "counts": counts,
        "articles": [{**writer.article(article), "text": article.text} for article in changes.briefing.articles],
        "new_articles": [article_change(change) for change in changes.new_articles],
        "dropped_articles": [article_change(change) for change in changes.dropped_articles],
        "new_claims": [writer.claim(claim) for claim in changes.new_claims],
        "changed_values": [
            {
                "dimension": change.dimension,
                "old": {
                    "value": change.old_value,
                    "reading": change.old_reading,
                    "sentence": previous_text(change.old),
                },
                "new": writer.value(change.new_value),
                "evidence": [writer.evidence(item) for item in change.evidence],
            }
            for change in changes.changed_values
        ],
        "new_quotes": [writer.quote_group(group) for group in changes.new_quotes],
        "retractions": [
            {
                "kind": retraction.kind,
                "old": previous_text(retraction.old),
                "evidence": [writer.evidence(item) for item in retraction.evidence],
            }
            for retraction in changes.retractions
        ],
    }
