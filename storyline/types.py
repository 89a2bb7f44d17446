"""Frozen values passed between the stages.

Every `Span` indexes into the cleaned `Article.text`, so `article.text[span.start:span.end]` is always the
evidence, verbatim. Stages never mutate these values; they build new ones.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RawArticle:
    """An article as read, before cleaning. `origin` says where it came from (path, or path:line)."""

    text: str
    origin: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: str = ""  # ISO date (YYYY-MM-DD) or "" when unknown; never guessed
    description: str = ""  # a page's own summary (its meta description): briefed when the page has no text


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of the raw text that cleaning dropped, and why."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article. `text` is what every Span points into."""

    id: str
    text: str
    origin: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: str = ""
    removed: tuple[Removal, ...] = ()
    language: str = ""  # ISO 639-1 code ("en", "fr", ...), "und" when unsure, "" when not detected


class _HashSlot:
    __slots__ = ("_hash",)  # a `Span`'s hash, kept out of its fields
    _hash: int


@dataclass(frozen=True, slots=True)
class Span(_HashSlot):
    """Characters `start:end` of the cleaned text of article `article_id`."""

    article_id: str
    start: int
    end: int

    # Spans key the dicts and sets of sentence grouping (a hundred thousand lookups at 100 articles): the hash
    # is computed once, when the span is made, and equality compares it first. Values are those of the
    # generated methods, so a set of spans iterates in the same order.
    def __init__(self, article_id: str, start: int, end: int) -> None:
        _set_article_id(self, article_id)
        _set_start(self, start)
        _set_end(self, end)
        _set_hash(self, hash((article_id, start, end)))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return (
            self._hash == other._hash
            and self.start == other.start
            and self.end == other.end
            and self.article_id == other.article_id
        )

    def __reduce__(self) -> tuple[type[Span], tuple[str, int, int]]:
        # copies and pickles are remade by `__init__`, which sets the hash the fields' state leaves out
        return (self.__class__, (self.article_id, self.start, self.end))

    def in_article(self, article_id: str) -> Span:
        """The same characters of another article: a verbatim reprint has its original's at the same places."""
        return Span(article_id, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article: `text == article.text[span.start:span.end]`."""

    span: Span
    text: str
    index: int  # position among the article's sentences, from 0
    paragraph: int  # position of its paragraph in the cleaned text, from 0

    def __init__(self, span: Span, text: str, index: int, paragraph: int) -> None:  # as `Span.__init__`
        _set_sentence_span(self, span)
        _set_sentence_text(self, text)
        _set_sentence_index(self, index)
        _set_sentence_paragraph(self, paragraph)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span in one article that reports the content of a summary sentence, with its match score."""

    span: Span
    score: float  # 1.0 for the sentence the summary quotes; lexical overlap for the others
    reason: str = ""  # why this span supports the item, in words ("same statement: word overlap 0.62")

    def __init__(self, span: Span, score: float, reason: str = "") -> None:  # as `Span.__init__`
        _set_evidence_span(self, span)
        _set_evidence_score(self, score)
        _set_evidence_reason(self, reason)


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A summary sentence: quoted verbatim from `evidence[0]`, supported by every span in `evidence`."""

    text: str
    evidence: tuple[Evidence, ...]
    partial: tuple[Evidence, ...] = ()  # sentences of other reports sharing only part of it


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Articles whose texts are near-identical (reprinted wire copy); they count as one report.

    The first id is the fullest copy, the one selection draws from."""

    article_ids: tuple[str, ...]
    similarity: float


@dataclass(frozen=True, slots=True)
class Briefing:
    """What `storyline.brief` returns: cleaned articles, an attributed summary, the duplicate groups, and what
    the articles agree and disagree on, their timeline, actors and quotes."""

    articles: tuple[Article, ...]
    summary: tuple[SummarySentence, ...]
    duplicates: tuple[DuplicateGroup, ...]
    method: str
    words: int  # the word budget asked for
    claims: tuple[Claim, ...] = ()  # statements made by two or more independent reports, or conflicting
    exclusives: tuple[OutletExclusive, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    actors: tuple[Actor, ...] = ()
    quotes: tuple[QuoteGroup, ...] = ()  # direct quotations
    reported_speech: tuple[Quote, ...] = ()  # indirect speech, kept apart from quotations
    notes: tuple[str, ...] = ()  # what a reader should know about how it was made (stages left out, ...)


# --- What the briefing says beyond the summary: values, claims, timeline, actors, quotes ---------------------


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number stated in the text, normalized so statements in other units or words can be compared.

    `low`..`high` is the range the wording allows, in `unit` ("at least 14" -> 14..inf, "less than 10 miles"
    -> 0..16093.44 m); `value` is the number as stated, converted to `unit`."""

    span: Span
    text: str  # verbatim: article.text[span.start:span.end]
    value: float
    low: float
    high: float
    unit: str  # base unit: "m", "kg", "s", "USD", "%", or "" for a plain count
    dimension: str  # "length", "mass", "duration", "money", "percent", "count"
    counted: str  # what a plain count counts, stemmed head noun ("peopl", "soldier"); "" when unknown
    approximate: bool  # "about", "nearly", "some", or a rounded conversion


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date stated in the text, resolved to ISO form at the precision the text gives.

    `date` is "YYYY-MM-DD", "YYYY-MM" or "YYYY". Relative dates ("Tuesday", "last year") are resolved against
    `reference`, the article's publication date (or the event's, when the article has none)."""

    span: Span
    text: str  # verbatim
    date: str
    relative: bool
    reference: str  # ISO date used to resolve a relative date; "" for absolute dates


@dataclass(frozen=True, slots=True)
class ValueComparison:
    """Values of one kind that aligned statements give, and whether they can all be true at once."""

    dimension: str  # a Quantity dimension, or "date"
    values: tuple[Quantity | DateMention, ...]
    compatible: bool
    explanation: str  # e.g. "15 km and about 10 miles (16.1 km) agree within the 10% rounding tolerance"


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement as several articles make it. `text` is `evidence[0]` verbatim.

    `status` is "all", "several" or "one" (how many independent reports make it), or "conflicting" when the
    articles give incompatible values for it (see `comparisons`). `part` is "statement" when every evidence
    sentence makes the whole statement, "figure" when the reports share only the figure of `comparisons` (then
    `text` is that figure as `evidence[0]` gives it). `partial` holds sentences of other reports that share part
    of a claim no other report makes in full: a figure, or the named actors and the action."""

    text: str
    evidence: tuple[Evidence, ...]
    status: str
    comparisons: tuple[ValueComparison, ...] = ()
    importance: float = 0.0
    part: str = "statement"
    partial: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class OutletExclusive:
    """What one outlet alone reports, most important first. `outlet` is its label (source, else article n)."""

    outlet: str
    article_ids: tuple[str, ...]
    claims: tuple[Claim, ...]  # no other report supports these, in full or in part
    partly_shared: tuple[Claim, ...] = ()  # only this outlet makes these in full; others share a figure


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """A dated event, merged across the articles that state it.

    `date` is the date most reports give; `dates` holds every mention, so a disagreement stays visible."""

    date: str
    text: str  # evidence[0] verbatim
    evidence: tuple[Evidence, ...]
    dates: tuple[DateMention, ...]
    background: bool  # an earlier event the articles recall, not part of the reported days
    disputed: bool  # the articles give different dates for it


@dataclass(frozen=True, slots=True)
class Mention:
    """One place an actor is named: `text` is the surface form, verbatim."""

    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Role:
    """A role or title the text gives an actor ("Prime Minister"), with where it says so."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, organization or place, with every surface form merged ("Mr Keita", "President Keita")."""

    name: str  # the fullest form used
    kind: str  # "person", "organization" or "place"
    aliases: tuple[str, ...]  # the other surface forms
    roles: tuple[Role, ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    """Words attributed to a speaker. Direct: `text` is the verbatim quoted words; indirect: the reported clause.

    `speaker` is as the text gives it ("an officer at Mali's Ministry of Internal Security"), `actor` the
    matching Actor.name when there is one."""

    text: str
    span: Span
    speaker: str
    speaker_span: Span | None
    actor: str
    direct: bool


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """The same quotation as several articles give it; `wording` is "identical", "variant" or "single"."""

    quotes: tuple[Quote, ...]
    wording: str


# The values made by the ten thousand (spans, sentences, evidence) write each slot by its own descriptor, as
# `object.__setattr__` does after looking it up (a frozen class refuses plain assignment), in two thirds of
# the time.
_set_article_id, _set_start, _set_end = (vars(Span)[name].__set__ for name in ("article_id", "start", "end"))
_set_hash = vars(_HashSlot)["_hash"].__set__
_set_sentence_span, _set_sentence_text, _set_sentence_index, _set_sentence_paragraph = (
    vars(Sentence)[name].__set__ for name in ("span", "text", "index", "paragraph")
)
_set_evidence_span, _set_evidence_score, _set_evidence_reason = (
    vars(Evidence)[name].__set__ for name in ("span", "score", "reason")
)
