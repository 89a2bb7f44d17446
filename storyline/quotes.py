"""Who said what: direct quotations and reported speech, with their speakers, aligned across outlets.

`find_quotes` reads every article's cleaned text with regular expressions (no parser, for speed) and returns
`Quote` values: direct quotations (`direct=True`, the words between quotation marks, verbatim, attributed by
the sentence around them: `"...," X said`, `X said: "..."`, `according to X, "..."` ...) and reported speech
(`direct=False`, the clause after `X said (that)`, before `, X said.`, or after `X urged Y to`). A quotation is
never inside reported speech, and quoted words nobody is said to have said are dropped. Quotation marks pair
within a paragraph, apostrophes apart, and a quotation reopened at the next paragraph goes on. Speakers are
given as the text gives them, trimmed; "he" or "the spokesman" take an earlier speaker only when that is
unambiguous, and `actor` links a speaker to the actor it names. `group_quotes` aligns the same quotation
across articles (see IDENTICAL_MIN_WORDS and VARIANT_MIN_OVERLAP). docs/extraction.md gives the rules in full.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import combinations

from .segment import abbreviation_at, block_sentences, inside
from .types import Actor, Article, Quote, QuoteGroup, Span
from .unionfind import find_root
from .words import STOPWORDS, content_stems, speech_verb_forms, speech_verbs, tokens

# --- verbs of saying ---------------------------------------------------------------------------------------

_SAY_VERBS = speech_verbs("say")
# After a quotation, verb first: `"...," said X`.
_VERB_FIRST_VERBS = speech_verbs("first")
# Before a quotation: every verb of saying, and the phrases that lead into a quoted fragment.
_PRE_VERBS = (
    rf"(?:{_SAY_VERBS})|called\s+(?:for|it|on|them|him|her)|calling\s+(?:for|it)|saying|adding|"
    r"[Aa]ccording\s+to|described\s+\w+\s+as|put\s+it"
)
# Reported speech: verbs that take a clause ("said the ferry had ...") or an object and "to" ("urged X to").
_CLAUSE_VERBS = speech_verbs("clause")
_OBJECT_VERBS = speech_verbs("object")


def _one_word_forms(use: str) -> frozenset[str]:
    """The verbs of saying tagged `use`, looked up rather than matched."""
    forms = speech_verb_forms(use)
    if not all(len(form) == 1 and form[0].isalpha() for form in forms):
        raise ValueError(f"a verb of saying of several words where one word is read: tagged {use!r}")
    return frozenset(form[0] for form in forms)


_VERB_FIRST_WORDS = _one_word_forms("first")
_POST_VERB = re.compile(rf"\b(?:{_SAY_VERBS})\b")
_VERB_FIRST = re.compile(rf"\s*(?:,\s*|[—–]\s*)?(?:{_VERB_FIRST_VERBS})\s+(?=\S)")
_PRE_VERB = re.compile(rf"\b(?:{_PRE_VERBS})\b")
# Tried only where `_verb_starts` finds the first word of one of its verbs.
_INDIRECT_VERB = re.compile(
    rf"\b(?:(?P<object>{_OBJECT_VERBS})|(?P<clause>{_CLAUSE_VERBS})|(?P<according>[Aa]ccording\s+to))\b"
)


def _first_words(forms: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    """The first word of each of `forms` ("called" of ("called", "on")), once each; they must be words of
    plain letters, which `_verb_starts` finds by string search."""
    words = tuple(dict.fromkeys(form[0] for form in forms))
    if not all(word.isalpha() for word in words):
        raise ValueError(f"a verb of reported speech that does not start with a word of letters: {words!r}")
    return words


def _common_starts(words: tuple[str, ...]) -> tuple[str, ...]:
    """`words`, those that begin alike (four letters or a whole word) given by their common start: "announce"
    for "announced" and "announces", "say" for "say" and "says"."""
    starts: list[str] = []
    for word in sorted(words):
        last = starts[-1] if starts else ""
        common = next(
            (k for k, (a, b) in enumerate(zip(last, word, strict=False)) if a != b), min(len(last), len(word))
        )
        if starts and (common >= 4 or common == len(last)):
            starts[-1] = last[:common]
        else:
            starts.append(word)
    return tuple(starts)


# Where `_INDIRECT_VERB` may match is found by searching the text for the starts of these words: a string
# search skips the text several times faster than a pattern tried after every non-word character.
_VERB_WORDS = _first_words(
    (*speech_verb_forms("object"), *speech_verb_forms("clause"), ("according", "to"), ("According", "to"))
)
_VERB_STARTS = _common_starts(_VERB_WORDS)
_QUOTED_AS = re.compile(r"\bquoted\s+(?P<speaker>.+?)\s+as\s+(?:saying|telling)\b")
_ADVERBS = (
    r"also|later|then|again|earlier|previously|simply|once|quickly|publicly|repeatedly|reportedly|separately|"
    r"today|yesterday|tonight|has|have|had|would|will|did|does|had\s+earlier"
)
_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# --- words that tell what a stretch of text is -------------------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_AUXILIARIES = _word_set(
    "is are was were be been being am has have had will would shall should can could may might must do does did "
    "isn't aren't wasn't weren't hasn't haven't hadn't won't wouldn't can't couldn't don't doesn't didn't"
)
# Past forms without -ed, to tell a reported clause ("the lights went out") from a noun phrase ("cuts").
_IRREGULAR_PAST = _word_set(
    "went took made left fled came gave got began saw held kept knew thought told lost won ran fell broke met "
    "sent spent stood led felt found built paid put set cut hit shot said became brought bought caught chose "
    "drove flew grew hid hung let lay meant rode rose sold shook slept spoke struck swore taught threw "
    "understood woke wore wrote sank stuck fought froze forgot bore tore"
)
_DETERMINERS = _word_set("a an the its their his her this that these those our my your some no every")
# Words a speaker may start with although they are function words: "He said", "One rebel leader said".
_SPEAKER_STARTERS = _word_set(
    "a an the he she they it we i one two three some many several most all both another others each his her "
    "their its our this these those mr mrs ms"
)
_OBJECT_PRONOUNS = _word_set("him her them us me everyone all both")
_PRONOUN_ONLY = _word_set("he she they it we i you some many others several most both all another one")
_PERSON_PRONOUNS = frozenset(("he", "she"))
_PERSONAL_PRONOUNS = _word_set("he she they it we i you")
# Roles that name a person: "the spokesman said" may be resolved, "the government said" may not.
_PERSON_ROLES = (
    "spokesman|spokeswoman|spokesperson|minister|president|official|envoy|diplomat|officer|leader|ambassador|"
    "secretary-general|mayor|governor|chief|commander|director|executive|chairman|chairwoman|chair|premier|"
    "senator|general|captain|witness|passenger|resident|source"
)
_ROLE_ANAPHOR = re.compile(rf"(?i)^(?:the|this)\s+(?:[a-z-]+\s+)?(?P<role>{_PERSON_ROLES})$")
_ROLE_FAMILY = {"spokesman": "spokes", "spokeswoman": "spokes", "spokesperson": "spokes"}
_PERSON_WORDS = re.compile(
    rf"(?i)\b(?:{_PERSON_ROLES}|member|worker|activist|farmer|teacher|doctor|nurse|student|soldier|captain|"
    r"pilot|driver|engineer|expert|analyst|man|woman|boy|girl|mother|father|rebel|protester|secretary|boss)s?\b"
)
# "according to reports", "according to a report seen by the Post": a document, not a speaker.
_NON_SPEAKER = re.compile(
    r"(?i)(?:(?:a|an|the|some|several|media|news|press|local|unconfirmed|early|official|government|new|"
    r"recent|\w+['’]s)\s+)*(?:\w+\s+)?(?:reports?|media|data|figures|statistics|records|documents|estimates|"
    r"polls?|surveys?|stud(?:y|ies)|research|analysis)"
    r"(?:\s+(?:seen|published|obtained|cited|released)\b.*)?"
)

# --- shapes of speakers and clauses ------------------------------------------------------------------------

_LEADING_CONNECTIVE = re.compile(
    r"(?:(?:However|But|And|Meanwhile|Also|Still|Separately|Later|Earlier|Yet|So|Then|Instead|Now|Indeed|"
    r"Elsewhere|Moreover|Previously|Today|Tomorrow|Yesterday|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday),?\s+)+"
)
_LEADING_PHRASE = re.compile(
    r"(?:On|In|At|Earlier|Later|After|Before|During|Speaking|Meanwhile|Separately|Elsewhere|Last|This|By|Despite|"
    r"Since|Until|Following|Asked|Amid|Under|With|For|From|Like|Unlike|Within|Aside|Apart|Besides|Beyond|Even|"
    r"Given|Along|Upon|Over|Throughout|Across|Among|Against|As|When|While|If|Although|Though|Because|Once|"
    r"Whether|Having|[A-Z][a-z]+ing|[A-Z][a-z]+ed)\b[^,“”\"‘]{0,120},\s+"
)
_PERIODS = r"(?:week|month|year|morning|afternoon|evening)"
_TRAILING_WORDS = re.compile(
    rf"(?:,|\s+(?:{_ADVERBS})|\s+(?:on|late\s+on|early\s+on|last|this)\s+{_DAYS}|\s+(?:last|this)\s+{_PERIODS}|"
    r"\s+(?:on|in)\s+a\s+statement|\s+in\s+an\s+interview)+$"
)
# How every match of `_TRAILING_WORDS` ends (or a line break, before which `$` also matches): a text that ends
# otherwise is not searched, a search trying the pattern at each of its characters.
_TRAILING_ENDS = (
    ",",
    "\n",
    "statement",
    "interview",
    *sorted({form.split("\\s+")[-1] for form in _ADVERBS.split("|")}),
    *_DAYS.removeprefix("(?:").removesuffix(")").split("|"),
    *_PERIODS.removeprefix("(?:").removesuffix(")").split("|"),
)
# What "which said" or "that said" may follow: a name, or a body that speaks.
_ORGANIZATION_LIKE = re.compile(
    r"[A-Z]|\b(?:company|firm|agency|group|government|ministry|department|council|committee|commission|union|"
    r"police|army|military|party|court|office|embassy|bank|organi[sz]ation|board|authority|authorities|"
    r"association|federation|coalition|campaign|service|operator|airline|network|station|newspaper|channel)\b"
)
_OBJECT_RELATIVE = re.compile(
    r"(?:,\s*|\s+)(?:which|whom|that|who)\s+(?P<subject>(?:the|a|an|he|she|they|it|we|[A-Z])[^,;:]*?)\s*$"
)
_RELATIVE = re.compile(r",\s+(?:who|which|whose|where|when)\b|\s+(?:who|which|whose)\s|\s+that\s")
# Where a speaker named after its verb ends: `said an officer at the ministry, who spoke on condition ...`.
_SPEAKER_END = re.compile(
    r",\s+(?:who|which|whose|where|when|adding|saying|according|as|after|before|while|because|in|on|at|"
    r"during|but|and|although|though)\b|\s+(?:on\s+condition|in\s+a\s+statement|in\s+an\s+interview|"
    r"in\s+a\s+tweet|on\s+(?:Twitter|Facebook|X|social\s+media|television|radio)|at\s+a\s+(?:news|press)\s+"
    r"conference|to\s+(?:reporters|journalists)|during|earlier|later|late|yesterday|today|tonight|who|because|"
    rf"as\s+(?:he|she|they)|on\s+{_DAYS}|(?:late|early)\s+on)\b|[;:(]|\s+[—–]"
)
_CLAUSE_CUT = re.compile(r",\s+(?:while|whereas|but)\s|;\s|\s+but\s|,\s+and\s+(?!that\b)|\s+[—–]\s")
_CLAUSE_BOUNDARY = re.compile(r";\s|,\s+(?:while|whereas|but|and)\s+|\s+(?:while|whereas|but)\s+|:\s|\s[-—–]+\s")
_TRAILER = re.compile(
    r"\s*(?:,.*|\s(?:on|in|at|late|early|earlier|during|after|before|when|via|from|with)\b"
    r"(?:(?!\bthat\b)[^.!?])*)?[.!?]?\s*$",
    re.DOTALL,
)
_THAT = re.compile(r"\bthat\b")
# What may stand between a verb of saying and its "that": nothing, or when, where and how it was said.
_LEAD_TO_THAT = re.compile(
    r"\s*(?:(?:on|in|at|during|late|early|earlier|after|before|from|via|through|last|this|to|over)\b[^,.;]*?|"
    rf"yesterday|today|again|also|repeatedly|publicly|previously|recently|privately|{_DAYS}(?:\s+\w+)?)?\s*,?\s*"
)
# A reported clause starts with what was said, not with when ("said Thursday as he updated the media").
_LEADING_TIME = re.compile(
    rf"(?:(?:on|late\s+on|early\s+on)\s+)?{_DAYS}(?:\s+(?:morning|afternoon|evening|night))?\s*,?\s*|"
    r"(?:yesterday|today|tonight|earlier|later|last\s+(?:week|month|year|night))\b\s*,?\s*"
)
# A reported clause opens with its subject, never with a preposition or a verb.
_NO_SUBJECT = re.compile(r"(?:of|about|for|with|by|from|who|which|was|were|is|are|has|have|had|will|would)\b")
_SUBORDINATE = re.compile(r"(?:as|when|while|after|before|because|if|although|though|since|until)\b")
# Verbs that as often take a noun ("denied receiving any complaint", "promised a review") as a clause.
_NP_OBJECT_VERBS = _one_word_forms("noun")
_RELATIVE_PRONOUN = re.compile(r"\b(?:that|which|who|whose|where)\b")
_TO = re.compile(r"\bto\s")
_WORD = re.compile(r"[\w’'.-]+")
_PARAGRAPH = re.compile(r"[^\n]+")
_MARK = re.compile(r"[\"'“”‘’«»]")

# Words between a verb of saying and its quotation (`said the relationship ... was "going towards detente"`:
# 10). First 60 Multi-News dev clusters: 6 -> 10 added 14 right quotes and 2 scare quotes (docs/tuning.md).
_MAX_GAP_WORDS = 10
# The longest speaker in Mali runs 16 words ("The Economic Community of West African States (ECOWAS), a
# political and economic union of 15 countries"); past 20 words a "speaker" is a clause misread.
_MAX_SPEAKER_WORDS = 20
# Paragraphs "he said" looks back for its speaker. Mali and the ferry: 2, 3 and 5 give the same quotes, 1
# drops Mali to 0.97 and 0 the ferry to 0.93; 3 leaves room for a three-paragraph quote (docs/tuning.md).
_ANAPHOR_PARAGRAPHS = 3


# The records below are made by the thousand per briefing and never changed after: not frozen, because a
# frozen dataclass costs four times as much to make.
@dataclass(slots=True)
class _Mark:
    position: int
    family: str  # "double", "single" or "angle": marks pair only within a family
    opens: bool
    closes: bool
    ambiguous: bool  # a ’ that may be a plural possessive


@dataclass(slots=True)
class _Stretch:
    """Quoted words: `start:end` without the marks; `opening:closing` with them."""

    start: int
    end: int
    opening: int  # the opening mark, or the paragraph start when the mark was lost
    closing: int  # after the closing mark (== end when the quote was never closed)
    first_paragraph: int
    last_paragraph: int
    recovered: bool


@dataclass(slots=True)
class _Speaker:
    start: int
    end: int
    coordinated: bool = False  # "... and said": the subject is that of the verb before


# --- public API ----------------------------------------------------------------------------------------------


def find_quotes(articles: Sequence[Article], actors: Sequence[Actor] = ()) -> tuple[Quote, ...]:
    """Direct quotations and reported speech of every article, in article order, then by position."""
    names = _Names(actors)
    found: list[Quote] = []
    # A verbatim reprint quotes what its original quotes, where it does: read once, its quotes copied.
    by_text: dict[str, tuple[str, list[Quote]]] = {}
    for article in articles:
        if article.text in by_text and _same_mentions(names, by_text[article.text][0], article.id):
            found.extend(_moved(quote, article.id) for quote in by_text[article.text][1])
            continue
        quotes = _article_quotes(article, names)
        by_text.setdefault(article.text, (article.id, quotes))
        found.extend(quotes)
    return tuple(found)


def _same_mentions(names: _Names, first: str, second: str) -> bool:
    """Whether two articles name the same people at the same places (the resolution of "he" reads them)."""
    return sorted(names.person_mentions.get(first, ())) == sorted(names.person_mentions.get(second, ()))


def _moved(quote: Quote, article_id: str) -> Quote:
    speaker = quote.speaker_span
    return Quote(
        quote.text,
        quote.span.in_article(article_id),
        quote.speaker,
        None if speaker is None else speaker.in_article(article_id),
        quote.actor,
        quote.direct,
    )


def group_quotes(quotes: Sequence[Quote]) -> tuple[QuoteGroup, ...]:
    """The same direct quotation across articles, aligned; indirect quotes are left out.

    A group holds at most one quotation of each article, unless the article repeats it word for word (a
    caption). The closest pairs join first (same words, then a fragment inside a longer quotation, then variant
    wording by share of content stems). Groups with the most articles come first, then by position; the order
    of `quotes` never matters."""
    direct = sorted({q for q in quotes if q.direct}, key=_quote_key)
    # Quotations with the same words, speaker and actor are one unit from the start (reprinted wire copy).
    unit_of: dict[tuple[tuple[str, ...], frozenset[str], str], list[Quote]] = {}
    for quote in direct:
        key = (tuple(tokens(quote.text)), frozenset(content_stems(quote.speaker)), quote.actor)
        unit_of.setdefault(key, []).append(quote)
    units = list(unit_of.values())
    words = [key[0] for key in unit_of]
    speakers = [key[1] for key in unit_of]
    stems = [frozenset(content_stems(unit[0].text)) for unit in units]
    pairs: list[tuple[int, float, int, int]] = []
    for i, j in _candidate_pairs(words, stems):
        if not _same_speaker(units[i][0], units[j][0], speakers[i], speakers[j]):
            continue
        relation = _wording(words[i], words[j], stems[i], stems[j])
        if relation is not None:
            pairs.append((relation[0], -relation[1], i, j))
    pairs.sort()
    parent = list(range(len(units)))
    members: dict[int, list[Quote]] = dict(enumerate(units))
    wording_in = {k: {q.span.article_id: words[k] for q in unit} for k, unit in enumerate(units)}

    root = partial(find_root, parent)

    for _, _, i, j in pairs:
        a, b = root(i), root(j)
        if a == b:
            continue
        if len(members[a]) < len(members[b]):
            a, b = b, a
        # one quotation of each article in a group, unless the article repeats it word for word
        if any(wording_in[a].get(article, said) != said for article, said in wording_in[b].items()):
            continue
        parent[b] = a
        members[a].extend(members.pop(b))
        wording_in[a].update(wording_in.pop(b))
    groups = [_group(sorted(group, key=_quote_key)) for group in members.values()]
    groups.sort(
        key=lambda g: (-len({q.span.article_id for q in g.quotes}), g.quotes[0].span.start, _quote_key(g.quotes[0]))
    )
    return tuple(groups)


def _candidate_pairs(words: list[tuple[str, ...]], stems: list[frozenset[str]]) -> list[tuple[int, int]]:
    """Pairs of quotations that may be one: the same words, a fragment's rarest content stem in the other, or
    a shared stem among the rarest ones that variant wording must share (prefix filtering: two sets with a
    Dice coefficient of t or more share at least t/(2-t) of either's stems, so they share one of the rarest
    |A| - that + 1). All pairs would be quadratic in the quotations of a 100-article cluster."""
    frequency: dict[str, int] = {}
    for stemmed in stems:
        for stem in stemmed:
            frequency[stem] = frequency.get(stem, 0) + 1
    by_words: dict[tuple[str, ...], list[int]] = {}
    by_stem: dict[str, list[int]] = {}
    by_prefix: dict[str, list[int]] = {}
    rarest: list[list[str]] = []
    for i, stemmed in enumerate(stems):
        by_words.setdefault(words[i], []).append(i)
        ordered = sorted(sorted(stemmed), key=frequency.__getitem__)  # rarest first, alphabetical among equals
        rarest.append(ordered)
        for stem in ordered:
            by_stem.setdefault(stem, []).append(i)
        shared = max(_VARIANT_MIN_SHARED, math.ceil(len(ordered) * VARIANT_MIN_OVERLAP / (2 - VARIANT_MIN_OVERLAP)))
        for stem in ordered[: max(0, len(ordered) - shared + 1)]:
            by_prefix.setdefault(stem, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for group in (*by_words.values(), *by_prefix.values()):
        pairs.update(combinations(group, 2))  # (i, j) with i < j: each group lists its quotations in order
    for i, ordered in enumerate(rarest):
        if ordered and len(words[i]) >= IDENTICAL_MIN_WORDS:
            pairs.update((min(i, j), max(i, j)) for j in by_stem[ordered[0]] if j != i)
    return sorted(pairs)


# --- grouping ------------------------------------------------------------------------------------------------

# A fragment found word for word inside another article's quotation is the same quotation ("identical").
# At two words Multi-News dev joins three different "fake news" sayings; three keeps them apart (docs/tuning.md).
IDENTICAL_MIN_WORDS = 3
# Variant wording: Dice over content stems, two shared at least. True variants score 0.73-0.89 in Mali and the
# ferry, other pairs 0.23 at most; on Multi-News dev 0.3 joins different sayings, 0.7 splits one (docs/tuning.md).
VARIANT_MIN_OVERLAP = 0.5
_VARIANT_MIN_SHARED = 2


def _wording(
    a: tuple[str, ...], b: tuple[str, ...], stems_a: frozenset[str], stems_b: frozenset[str]
) -> tuple[int, float] | None:
    """(rank, score) of the relation of two quotations' words: rank 0 identical, 1 contained, 2 variant."""
    if not a or not b:
        return None
    if a == b:
        return 0, 1.0
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= IDENTICAL_MIN_WORDS and _contains(long, short):
        return 1, len(short) / len(long)
    shared = len(stems_a & stems_b)
    if shared < _VARIANT_MIN_SHARED:
        return None
    dice = 2 * shared / (len(stems_a) + len(stems_b))
    return (2, dice) if dice >= VARIANT_MIN_OVERLAP else None


def _contains(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    n = len(short)
    first = short[0]
    return any(long[i] == first and long[i : i + n] == short for i in range(len(long) - n + 1))


def _same_speaker(a: Quote, b: Quote, stems_a: frozenset[str], stems_b: frozenset[str]) -> bool:
    """Two quotations may be one when their actors agree, or, lacking actors, their speakers share a word."""
    if a.actor and b.actor:
        return a.actor == b.actor
    if not a.speaker or not b.speaker:
        return True
    return bool(stems_a & stems_b)


def _group(members: list[Quote]) -> QuoteGroup:
    quotes = tuple(members)
    if len({q.span.article_id for q in quotes}) == 1:
        return QuoteGroup(quotes=quotes, wording="single")
    distinct = {tuple(tokens(q.text)) for q in quotes}
    longest = max(distinct, key=len)
    identical = all(w == longest or (len(w) >= IDENTICAL_MIN_WORDS and _contains(longest, w)) for w in distinct)
    return QuoteGroup(quotes=quotes, wording="identical" if identical else "variant")


def _quote_key(quote: Quote) -> tuple[str, int, int, str]:
    return quote.span.article_id, quote.span.start, quote.span.end, quote.speaker


# --- one article ---------------------------------------------------------------------------------------------


def _article_quotes(article: Article, names: _Names) -> list[Quote]:
    text = article.text
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    if not paragraphs:
        return []
    stretches = _stretches(text, paragraphs)
    sentences = _sentences(text, paragraphs, stretches)
    paragraph_starts = [start for start, _ in paragraphs]
    direct = _direct_quotes(text, stretches, sentences, paragraph_starts)
    indirect = _indirect_quotes(text, stretches, sentences, direct)
    quotes = sorted(direct + indirect, key=lambda q: (q[0].start, q[0].end))
    resolved = _resolve(text, quotes, paragraph_starts, names, article.id, stretches)
    result = []
    for words, speaker, is_direct in resolved:
        speaker_text = text[speaker.start : speaker.end] if speaker else ""
        result.append(
            Quote(
                text=text[words.start : words.end],
                span=Span(article.id, words.start, words.end),
                speaker=speaker_text,
                speaker_span=Span(article.id, speaker.start, speaker.end) if speaker else None,
                actor=_actor_of(speaker_text, names),
                direct=is_direct,
            )
        )
    return result


@dataclass(slots=True)  # not frozen, as the records above
class _Words:
    start: int
    end: int


_Found = tuple[_Words, _Speaker | None, bool]


# --- quotation marks -----------------------------------------------------------------------------------------


def _classify(text: str, i: int) -> _Mark | None:
    mark = text[i]
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    if before.isalnum() and after.isalnum():
        return None  # an apostrophe: it’s, Mali’s, Mali”s
    family = "double" if mark in '"“”' else "single" if mark in "'‘’" else "angle"
    if mark in "“‘«":
        return None if after.isspace() else _Mark(i, family, True, False, False)
    if mark in "”»":
        return None if before.isspace() else _Mark(i, family, False, True, False)
    if mark == "’":
        return None if before.isspace() else _Mark(i, family, False, True, _maybe_possessive(text, i))
    # straight marks open after a space or bracket and close after a word
    if (before.isspace() or before in "([{—–-/") and not after.isspace():
        return _Mark(i, family, True, False, False)
    if not before.isspace():
        return _Mark(i, family, False, True, mark == "'" and _maybe_possessive(text, i))
    return None


def _maybe_possessive(text: str, i: int) -> bool:
    """A closing single mark right after a letter and before a lowercase word may end a plural possessive."""
    return text[i - 1].isalpha() and text[i + 1 : i + 2] == " " and text[i + 2 : i + 3].islower()


def _stretches(text: str, paragraphs: list[tuple[int, int]]) -> list[_Stretch]:
    found: list[_Stretch] = []
    opened: _Mark | None = None
    opened_paragraph = 0
    positions = [m.start() for m in _MARK.finditer(text)]  # all in paragraphs: a line break is no mark
    read = 0
    for index, (p_start, p_end) in enumerate(paragraphs):
        first_mark = read
        while read < len(positions) and positions[read] < p_end:
            read += 1
        if read == first_mark and opened is None:
            continue  # no marks and no quotation going on: most paragraphs
        marks = [m for m in (_classify(text, k) for k in positions[first_mark:read]) if m is not None]
        first = 0
        if opened is not None:
            if marks and marks[0].opens and marks[0].family == opened.family and marks[0].position == p_start:
                first = 1  # the quotation goes on in this paragraph
            else:
                found.extend(_unclosed(text, opened, paragraphs[index - 1][1], opened_paragraph, index - 1))
                opened = None
        in_paragraph = first
        for k in range(first, len(marks)):
            mark = marks[k]
            if opened is None:
                if mark.opens:
                    opened, opened_paragraph = mark, index
                elif mark.closes and in_paragraph == 0 and k == 0 and text[mark.position - 1] in ",.!?":
                    # A paragraph that starts with words and a closing mark lost its opening mark.
                    found.extend(_stretch(text, p_start, mark.position, p_start, mark.position + 1, index, index, True))
                    in_paragraph += 1
            elif mark.family == opened.family:
                if mark.closes:
                    if mark.ambiguous and _closes_later(marks, k, opened.family):
                        continue
                    found.extend(
                        _stretch(
                            text,
                            opened.position + 1,
                            mark.position,
                            opened.position,
                            mark.position + 1,
                            opened_paragraph,
                            index,
                        )
                    )
                    opened = None
                    in_paragraph += 1
                elif mark.opens:
                    opened, opened_paragraph = mark, index  # the earlier mark was never closed
    if opened is not None:
        found.extend(_unclosed(text, opened, paragraphs[-1][1], opened_paragraph, len(paragraphs) - 1))
    return found


def _unclosed(text: str, opened: _Mark, end: int, first: int, last: int) -> list[_Stretch]:
    """A quotation never closed runs to its paragraph's end, when it opened with a double mark. A single mark
    left open is more likely a stray apostrophe ('90s, rock 'n' roll) than a quotation, and taking the rest of
    the paragraph for quoted words would hide the reported speech in it."""
    if opened.family == "single":
        return []
    return _stretch(text, opened.position + 1, end, opened.position, end, first, last)


def _closes_later(marks: list[_Mark], k: int, family: str) -> bool:
    for later in marks[k + 1 :]:
        if later.family != family:
            continue
        if later.opens:
            return False
        if later.closes:
            return True
    return False


def _stretch(
    text: str, start: int, end: int, opening: int, closing: int, first: int, last: int, recovered: bool = False
) -> list[_Stretch]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if end <= start:
        return []
    return [_Stretch(start, end, opening, closing, first, last, recovered)]


# --- sentences -----------------------------------------------------------------------------------------------


def _sentences(text: str, paragraphs: list[tuple[int, int]], stretches: list[_Stretch]) -> list[tuple[int, int]]:
    """Sentence spans that never cut a quotation; a quotation over two paragraphs makes them one block."""
    blocks: list[list[int]] = [[start, end] for start, end in paragraphs]
    for stretch in stretches:
        if stretch.last_paragraph > stretch.first_paragraph:
            blocks[stretch.last_paragraph][0] = blocks[stretch.first_paragraph][0]
    merged: list[tuple[int, int]] = []
    for start, end in blocks:
        while merged and merged[-1][0] >= start:
            merged.pop()
        merged.append((start, end))
    return block_sentences(text, merged, [(s.opening, s.closing) for s in stretches])


def _sentence_of(sentences: list[tuple[int, int]], starts: list[int], position: int) -> tuple[int, int]:
    k = max(0, bisect.bisect_right(starts, position) - 1)
    return sentences[k]


# --- direct quotations ---------------------------------------------------------------------------------------


def _direct_quotes(
    text: str, stretches: list[_Stretch], sentences: list[tuple[int, int]], paragraph_starts: list[int]
) -> list[_Found]:
    starts = [s for s, _ in sentences]
    found: list[_Found] = []
    previous: _Stretch | None = None
    previous_speaker: _Speaker | None = None
    for k, stretch in enumerate(stretches):
        first_sentence = _sentence_of(sentences, starts, stretch.opening)
        last_sentence = _sentence_of(sentences, starts, max(stretch.opening, stretch.closing - 1))
        before_start = first_sentence[0]
        if previous is not None and previous.closing > before_start:
            before_start = previous.closing
        after_end = last_sentence[1]
        following = stretches[k + 1] if k + 1 < len(stretches) else None
        if following is not None and following.opening < after_end:
            after_end = following.opening
        speaker = _after_quote(text, stretch.closing, after_end, ends_open=_ends_open(text, stretch))
        if speaker is None and stretch.closing >= last_sentence[1]:
            speaker = _next_sentence_attribution(text, sentences, starts, last_sentence)
        if speaker is None and not stretch.recovered:
            speaker = _before_quote(text, before_start, stretch, previous_speaker, previous, first_sentence)
        if speaker is None and not stretch.recovered and previous is not None and previous_speaker is not None:
            # A quotation that opens its sentence goes on with the speaker of the quotation just before it.
            opens_sentence = not text[first_sentence[0] : stretch.opening].strip()
            near = _paragraph(paragraph_starts, stretch.opening) - _paragraph(paragraph_starts, previous.closing) <= 1
            if opens_sentence and near:
                speaker = previous_speaker
        if speaker is None or (speaker.coordinated and previous_speaker is None):
            continue  # no speaker: a scare quote, a title, or words nobody is said to have said
        if speaker.coordinated and previous_speaker is not None:
            speaker = previous_speaker
        found.append((_Words(stretch.start, stretch.end), speaker, True))
        previous, previous_speaker = stretch, speaker
    return found


def _ends_open(text: str, stretch: _Stretch) -> bool:
    """Whether a quotation ends on a comma, question or exclamation mark or a dash, inside or just outside its
    closing mark: `...,"` / `...?'` / `...",` (a sentence that goes on to say who said it)."""
    return not _OPEN_ENDS.isdisjoint(text[stretch.end - 1 : stretch.closing + 1])


_OPEN_ENDS = frozenset(",?!—–")


def _paragraph(paragraph_starts: list[int], position: int) -> int:
    return bisect.bisect_right(paragraph_starts, position) - 1


_LEAD_AFTER_QUOTE = re.compile(r"\s*(?:,\s*|[—–]\s*)?")


def _after_quote(text: str, start: int, end: int, *, ends_open: bool) -> _Speaker | None:
    """The speaker named right after a quotation: `," said X` or `," X said`.

    Only a quotation that ends on a comma, question or exclamation mark, or a dash (inside or outside its
    closing mark) is attributed by what follows: after `promises to "revolutionise" mankind's understanding
    of the Sun, scientists said` the words are the scientists' paraphrase, not their attribution."""
    lead = _LEAD_AFTER_QUOTE.match(text, start, end)
    if not ends_open and not (lead and lead.group().strip()):
        return None
    verb = _VERB_FIRST.match(text, start, end)
    if verb:
        speaker = _speaker_after_verb(text, verb.end(), end)
        if speaker is not None:
            return speaker
    speaker_start = lead.end() if lead else start
    for match in _POST_VERB.finditer(text, speaker_start, end):
        if len(text[speaker_start : match.start()].split()) > _MAX_SPEAKER_WORDS // 2:
            break
        # The speaker stands right after the quotation: `," X said`, never `," of Keita, while X said`.
        return _trimmed_speaker(text, speaker_start, match.start())
    return None


def _next_sentence_attribution(
    text: str, sentences: list[tuple[int, int]], starts: list[int], sentence: tuple[int, int]
) -> _Speaker | None:
    """`"We won!" Smith said.`: the sentence after the quotation is only its attribution."""
    k = bisect.bisect_left(starts, sentence[1])
    if k >= len(sentences):
        return None
    start, end = sentences[k]
    if "\n" in text[sentence[1] : start] or len(text[start:end].split()) > 6:
        return None
    match = _POST_VERB.search(text, start, end)
    if match is None or text[match.end() : end].strip(" .") != "":
        return None
    speaker = _speaker_before_verb(text, start, match.start())
    return None if speaker is None or speaker.coordinated else speaker


def _before_quote(
    text: str,
    start: int,
    stretch: _Stretch,
    previous_speaker: _Speaker | None,
    previous: _Stretch | None,
    sentence: tuple[int, int],
) -> _Speaker | None:
    """The speaker of a verb that introduces the quotation: `X said: "`, `X called for the "`.

    A single quoted word counts only right after its verb (`said "no"`): further on (`the practice, known as
    "boning"`, `after they were 'arrested'`) it is a term or a scare quote."""
    opening = stretch.opening
    single_word = len(text[stretch.start : stretch.end].split()) == 1
    verbs = list(_PRE_VERB.finditer(text, start, opening))
    for verb in reversed(verbs):
        gap = text[verb.end() : opening]
        if not _short_gap(gap) or (single_word and gap.strip(" ,:")):
            return None
        if (
            verb.group() in ("told", "tells")
            and not gap.strip()
            and _looks_like_title(text[stretch.start : stretch.end])
        ):
            return None  # `told "A Current Affair"`: whom they told, a programme
        word = verb.group().lower()
        if word.lower().startswith("according"):
            cut = _SPEAKER_END.search(text, verb.end(), opening)
            return _trimmed_speaker(text, verb.end(), cut.start() if cut else opening, from_gap=True)
        if word in ("saying", "adding"):
            quoted_as = None
            for match in _QUOTED_AS.finditer(text, sentence[0], verb.end()):
                quoted_as = match
            if quoted_as is not None:
                return _trimmed_speaker(text, quoted_as.start("speaker"), quoted_as.end("speaker"))
            if previous is not None and previous_speaker is not None and previous.closing > sentence[0]:
                return previous_speaker
            return _clause_subject(text, sentence[0], verb.start())
        return _speaker_before_verb(text, start, verb.start())
    return None


def _looks_like_title(words: str) -> bool:
    found = words.split()
    return len(found) <= 4 and words[-1:].isalnum() and all(w[:1].isupper() or w.lower() in STOPWORDS for w in found)


def _short_gap(gap: str) -> bool:
    """Few words between a verb of saying and the quotation; `said on CNN's "State of the Union"` names a
    programme, not words said, so a gap opening on a preposition must end on a colon or comma."""
    if re.match(r"\s*(?:on|in|at|to|from|with|about|of)\b", gap) and not gap.rstrip().endswith((":", ",")):
        return False
    gap = gap.strip().strip(":,—–").strip()
    if any(ch in gap for ch in '.!?;“”"‘’«»'):
        return False
    return len(gap.split()) <= _MAX_GAP_WORDS


# --- reported speech -----------------------------------------------------------------------------------------


def _indirect_quotes(
    text: str, stretches: list[_Stretch], sentences: list[tuple[int, int]], direct: list[_Found]
) -> list[_Found]:
    intervals = [(s.opening, s.closing) for s in stretches]
    openings = [s.opening for s in stretches]
    found: list[_Found] = []
    starts = _verb_starts(text)
    direct_starts = [words.start for words, _, _ in direct]  # in text order, as the quotations were found
    for s_start, s_end in sentences:
        k = bisect.bisect_left(starts, s_start)
        if k == len(starts) or starts[k] >= s_end:
            continue  # no verb can start in this sentence: most
        consumed = s_start
        subjects: list[_Speaker] = []  # of the statements made so far in this sentence
        for match in _verbs(text, starts, s_start, s_end):
            if match.start() < consumed or inside(match.start(), intervals, openings):
                continue
            # "X called for 'an inquiry' and said ...": a verb without a subject has the one before it
            last_speaker = (
                subjects[-1] if subjects else _last_direct_speaker(direct, direct_starts, s_start, match.start())
            )
            result = _reported(text, match, s_start, s_end, consumed, intervals, last_speaker)
            if result is None:
                continue
            words, speaker, consumed_to = result
            consumed = max(consumed, consumed_to)
            subjects.append(speaker)
            if words is not None:
                found.append((words, speaker, False))
    return found


def _verb_starts(text: str) -> list[int]:
    """Where a verb of `_INDIRECT_VERB` may start in `text`, in order: at 0 and wherever the first word of one
    follows a non-word character."""
    found = {0}
    for word in _VERB_STARTS:
        position = text.find(word, 1)
        while position >= 0:
            before = text[position - 1]
            if not (before.isalnum() or before == "_"):  # what `\W` matches
                found.add(position)
            position = text.find(word, position + len(word))
    return sorted(found)


def _verbs(text: str, starts: list[int], start: int, end: int) -> list[re.Match[str]]:
    """What `_INDIRECT_VERB.finditer(text, start, end)` gives, trying the pattern only at `starts`."""
    found = []
    k = bisect.bisect_left(starts, start)
    position = start
    while k < len(starts) and starts[k] < end:
        if starts[k] >= position:
            match = _INDIRECT_VERB.match(text, starts[k], end)
            if match:
                found.append(match)
                position = match.end()
        k += 1
    return found


def _last_direct_speaker(direct: list[_Found], starts: list[int], start: int, end: int) -> _Speaker | None:
    """The speaker of the direct quotation that starts last in `start:end` (the first of equals), if any;
    `starts` are where the quotations of `direct` start, in order."""
    within = direct[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
    return max((speaker for _, speaker, _ in within if speaker), key=lambda s: s.start, default=None)


def _reported(
    text: str,
    verb: re.Match[str],
    s_start: int,
    s_end: int,
    consumed: int,
    intervals: list[tuple[int, int]],
    last_speaker: _Speaker | None,
) -> tuple[_Words | None, _Speaker, int] | None:
    """One statement of reported speech around `verb`: (its clause or None, speaker, where it ends)."""
    if verb.group("according"):
        return _according_to(text, verb, s_start, s_end, intervals)
    # `<clause>, X said.` / `<clause>, said X.`: the speaker follows the clause
    prefix = text[s_start : verb.start()]
    post: tuple[_Speaker, int] | None = None
    if _quoted(intervals, verb.end(), min(s_end, verb.end() + 3)):
        return None  # `X said, "..."`: the verb introduces a quotation, which is the direct quote
    if verb.group() in _VERB_FIRST_WORDS and prefix.rstrip().endswith((",", ",’", ",”", ',"', ",'")):
        speaker = _speaker_after_verb(text, verb.end(), s_end, strict=True)
        if speaker is not None:
            post = speaker, s_start + prefix.rstrip().rfind(",")
    if post is None and verb.group("clause") and _TRAILER.match(text, verb.end(), s_end):
        post = _speaker_after_clause(text, s_start, verb.start())
    if post is not None:
        speaker, comma = post
        words = _clause_words(text, s_start, comma, intervals, need_verb="")
        # A clause that is all quotation belongs to the direct quote; one that is no clause at all ("Ruth
        # Amadi, the director, said that ...") means the speaker comes first after all.
        if words is not None or _quoted(intervals, s_start, comma):
            return words, speaker, s_end
    # `X said (that) <clause>` / `X urged Y to <clause>`
    subject = _speaker_before_verb(text, max(consumed, _last_closing(intervals, s_start, verb.start())), verb.start())
    if subject is None:
        return None
    if subject.coordinated:
        if last_speaker is None:
            return None
        subject = last_speaker
    start, need_verb = _clause_start(text, verb, s_end)
    if start is None:
        return None
    end = _clause_end(text, start, s_end)
    return _clause_words(text, start, end, intervals, need_verb=need_verb), subject, end


def _quoted(intervals: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a quotation opens in `start:end` or goes on over `start`."""
    return _first_quoted(intervals, start, end) is not None


def _first_quoted(intervals: list[tuple[int, int]], start: int, end: int) -> int | None:
    """The first opening of a quotation that opens in `start:end` or goes on over `start`, or None. The
    quotations come in text order and never overlap, so only two need reading: the last to open before
    `start` and the first to open at or after it."""
    k = bisect.bisect_left(intervals, (start,))
    if k and start < intervals[k - 1][1]:
        return intervals[k - 1][0]
    if k < len(intervals) and intervals[k][0] < end:
        return intervals[k][0]
    return None


def _last_closing(intervals: list[tuple[int, int]], start: int, position: int) -> int:
    """Where the clause of a verb can start: after the last quotation closed before it in its sentence."""
    for opening, closing in intervals:
        if start <= closing <= position and opening >= start - 1:
            start = closing
    return start


def _according_to(
    text: str, verb: re.Match[str], s_start: int, s_end: int, intervals: list[tuple[int, int]]
) -> tuple[_Words | None, _Speaker, int] | None:
    before = text[s_start : verb.start()]
    if not before.strip():  # `According to X, <clause>.`
        comma = text.find(",", verb.end(), s_end)
        if comma < 0:
            return None
        speaker = _trimmed_speaker(text, verb.end(), comma, from_gap=True)
        if speaker is None:
            return None
        return _clause_words(text, comma + 1, s_end, intervals, need_verb=""), speaker, s_end
    if before.rstrip().endswith(","):  # `<clause>, according to X.`
        speaker = _speaker_after_verb(text, verb.end(), s_end)
        if speaker is None:
            return None
        comma = s_start + before.rstrip().rfind(",")
        return _clause_words(text, s_start, comma, intervals, need_verb=""), speaker, s_end
    return None


def _speaker_after_clause(text: str, s_start: int, verb_start: int) -> tuple[_Speaker, int] | None:
    """`<clause>, a UN diplomat said`: the nearest comma after which a speaker stands before the verb."""
    comma = verb_start
    while True:
        comma = text.rfind(",", s_start, comma)
        if comma < 0 or len(text[comma:verb_start].split()) > _MAX_SPEAKER_WORDS // 2:
            return None
        speaker = _speaker_before_verb(text, comma + 1, verb_start, strict=True)
        if speaker is not None and not speaker.coordinated:
            return speaker, comma


def _clause_start(text: str, verb: re.Match[str], s_end: int) -> tuple[int | None, str]:
    """Where the reported clause of `verb` starts, and how it must show a verb of its own to count:
    "" (it need not: it follows "that", or "urged X to"), "loose" (anywhere), "strict" (before any relative
    pronoun: "promised a review of every mine that has reported ..." reports no statement)."""
    position = verb.end()
    window_end = min(s_end, position + 80)
    that = _THAT.search(text, position, window_end)
    if verb.group("object"):
        to = _TO.search(text, position, window_end)
        if to and _object(text[position : to.start()]) and (not that or to.start() < that.start()):
            return _skip_space(text, position), ""
        if verb.group().startswith(("told", "tells", "warned", "warns")):
            # "told reporters that", "told thousands of supporters at a rally that"
            if that and len(text[position : that.start()].split()) <= 10:
                return _skip_space(text, that.end()), ""
            if verb.group().startswith(("told", "tells")):
                start = _after_recipient(text, position, s_end)
                if re.match(r"[a-z]+ed\b", text[start:s_end]):
                    return None, ""  # "told thousands of supporters who packed an arena"
                return start, "loose"
            return _skip_space(text, position), "loose"
        return None, ""
    if that and _LEAD_TO_THAT.fullmatch(text, position, that.start()):
        return _skip_space(text, that.end()), ""  # "said on Tuesday that", "said in a statement that"
    start = _skip_space(text, position)
    if text[start : start + 1] == ",":
        return None, ""  # "X said, adding ..." or a parenthetical "said, however,"
    time = _LEADING_TIME.match(text, start, s_end)
    if time:
        start = time.end()
    if _SUBORDINATE.match(text, start, s_end):
        return None, ""
    return start, "strict" if verb.group() in _NP_OBJECT_VERBS else "loose"


def _object(words: str) -> bool:
    """`urged the soldiers to ...`, `urged him to ...`; not `warned about cuts to ...`."""
    found = words.split()
    if not found or len(found) > 5:
        return False
    first = found[0].lower()
    return first in _DETERMINERS or first in _OBJECT_PRONOUNS or first not in STOPWORDS


def _after_recipient(text: str, position: int, s_end: int) -> int:
    """`told reporters the bridge had ...` / `told the BBC the ...`: skip whom they told."""
    match = re.match(
        r"\s*(?:(?:the|a|an|his|her|their|its)\s+)?(?:[A-Z][\w.-]*\s+)*(?:reporters|journalists|parliament|"
        r"lawmakers|MPs|press|media|audience|supporters|crowds?|students|investors|viewers|listeners|staff|employees|"
        r"members|senators|delegates|court|jury|committee|inquiry|inquest|[A-Z][\w.-]*)?\s*",
        text[position:s_end],
    )
    return position + (match.end() if match else 0)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t":
        position += 1
    return position


_COORDINATED_VERB = re.compile(rf"\s+and\s+(?:also\s+)?(?:{_CLAUSE_VERBS}|{_OBJECT_VERBS})\b")


def _clause_end(text: str, start: int, s_end: int) -> int:
    cut = _CLAUSE_CUT.search(text, start, s_end)
    end = cut.start() if cut else s_end
    more = _COORDINATED_VERB.search(text, start, end)
    return more.start() if more else end


def _clause_words(
    text: str, start: int, end: int, intervals: list[tuple[int, int]], *, need_verb: str
) -> _Words | None:
    """The reported clause `start:end`, trimmed; only the words before a quotation in it, if they say something."""
    first_quoted = _first_quoted(intervals, start, end)
    quoted = first_quoted is not None
    # (a clause that starts inside a quotation has its opening before start: nothing of it is reported speech)
    if first_quoted is not None:
        end = first_quoted
        if end <= start:
            return None
    while start < end and text[start] in " \t,:;":
        start += 1
    if _NO_SUBJECT.match(text, start, end):
        return None  # "told of a nightmarish institution", "told thousands who packed an arena"
    while end > start and text[end - 1] in " \t,:;.!?—–-":
        end -= 1
    words = _WORD.findall(text[start:end])
    if len(words) < 3:
        return None
    if quoted and not _complete_before_quote(text[start:end], words[-1]):
        return None
    if need_verb and not quoted:
        clause = text[start:end]
        if need_verb == "strict":
            relative = _RELATIVE_PRONOUN.search(clause)
            clause = clause[: relative.start()] if relative else clause
        if not _has_verb(clause):
            return None
    return _Words(start, end)


def _complete_before_quote(words_before: str, last: str) -> bool:
    """Whether the words before a quotation inside a reported clause make a statement of their own.

    "Guterres is following the developments in Bamako 'with deep concern'" does; "the incident was 'not a
    coup'", "the engine had been making 'strange noises'" and "told reporters in Port Amsel: '...'" do not:
    they end on a function word or a verb, or have no verb."""
    lower = last.lower()
    if lower in STOPWORDS or lower in _AUXILIARIES or lower in _IRREGULAR_PAST or lower.endswith(("ing", "ed")):
        return False
    before_last = words_before[: words_before.rfind(last)].split()[-1:]
    if before_last and before_last[0].lower() in (*_AUXILIARIES, "to"):
        return False  # "the rescue could take 'several more days'"
    return _has_verb(words_before)


def _has_verb(clause: str) -> bool:
    previous = ""
    for word in _WORD.findall(clause):
        lower = word.lower()
        if word == lower:  # capitalized words are names here: "Oskar Fell", "Will Hart"
            if lower in _AUXILIARIES or lower in _IRREGULAR_PAST or lower.endswith(("n't", "'ll", "’ll")):
                return True
            if lower.endswith("ed") and len(lower) > 3 and previous not in _DETERMINERS:
                return True
        previous = lower
    return False


# --- speakers ------------------------------------------------------------------------------------------------


def _speaker_after_verb(text: str, start: int, end: int, *, strict: bool = False) -> _Speaker | None:
    """A speaker named after its verb: from `start` to where the noun phrase ends."""
    cut = _SPEAKER_END.search(text, start, end)
    stop = cut.start() if cut else end
    # A sentence end inside the window ends the speaker too ("said officials. Later ...").
    for match in re.finditer(r"[.!?](?=\s|$)", text[start:stop]):
        if not abbreviation_at(text, start + match.start()):
            stop = start + match.start()
            break
    return _trimmed_speaker(text, start, stop, strict=strict)


def _last_clause_start(region: str) -> int:
    """Where the last clause of `region` starts: after its last clause boundary, or 0."""
    last = 0
    for boundary in _CLAUSE_BOUNDARY.finditer(region):
        last = boundary.end()
    return last


_RELATIVE_BEFORE_VERB = re.compile(
    r"(?:,\s*|\s+)(?P<pronoun>who|which|that)(?:\s+(?:also|later|then|has|have|had|\w+ly))*\s*$"
)


def _speaker_before_verb(text: str, start: int, verb_start: int, *, strict: bool = False) -> _Speaker | None:
    """The subject right before a verb of saying, from the clause start `start`."""
    start += _last_clause_start(text[start:verb_start])
    region = text[start:verb_start]
    stripped = region.strip()
    if not stripped or stripped.lower() in ("and", "but", "and also"):
        return None if strict else _Speaker(start, start, coordinated=True)
    start = _after_lead(text, start, verb_start)
    region = text[start:verb_start]
    if "wh" not in region and "that" not in region:
        return _trimmed_speaker(text, start, verb_start, strict=strict)  # no relative pronoun: most subjects
    object_relative = _OBJECT_RELATIVE.search(region)
    if object_relative:  # "the rollout, which the president insisted was ..."
        subject = _trimmed_speaker(text, start + object_relative.start("subject"), verb_start, strict=strict)
        if subject is not None:
            return subject
    relative = _RELATIVE_BEFORE_VERB.search(region)
    if relative:
        phrase = _noun_phrase_before(text, start, start + relative.start())
        if phrase is not None and relative.group("pronoun") != "who":
            # "violence that has claimed thousands of lives": things make no statements; a name does (a
            # capital letter, but not the one that starts the sentence), and so does a body that speaks
            named = text[phrase.start + (1 if phrase.start == start else 0) : phrase.end]
            if not _ORGANIZATION_LIKE.search(named):
                return None
        return phrase
    cut = _RELATIVE.search(region)
    if cut:
        region = region[: cut.start()]
    return _trimmed_speaker(text, start, start + len(region), strict=strict)


def _noun_phrase_before(text: str, start: int, end: int) -> _Speaker | None:
    """`rejected by opposition leaders, who said`: the noun phrase that ends at `end`."""
    words = list(re.finditer(r"[^\s,;:()]+", text[start:end]))
    first = len(words)
    for k in range(len(words) - 1, -1, -1):
        word = words[k].group()
        lower = word.lower()
        following = words[k + 1].group() if k + 1 < len(words) else ""
        if text[start + words[k].end() : start + (words[k + 1].start() if k + 1 < len(words) else 0)].strip():
            break  # a comma or bracket between: the phrase started after it
        if lower in ("the", "a", "an") or (lower == "of" and following[:1].isupper()):
            first = k
            continue
        if word.islower() and (lower in STOPWORDS or lower in _AUXILIARIES or lower.endswith("ed")):
            break  # capitalized function words belong to names: "Compassion Over Killing"
        first = k
        if len(words) - k > 8:
            break
    if first >= len(words):
        return None
    return _trimmed_speaker(text, start + words[first].start(), end)


def _clause_subject(text: str, start: int, end: int) -> _Speaker | None:
    """`The embassy was quick to react, saying, "..."`: the subject is the clause start up to its verb."""
    start += _last_clause_start(text[start:end])
    previous = ""
    for word in re.finditer(r"[\w’'.-]+", text[start:end]):
        lower = word.group().lower()
        verbish = (
            lower in _AUXILIARIES
            or lower in _IRREGULAR_PAST
            or (word.group().islower() and lower.endswith("ed") and previous not in _DETERMINERS)
        )
        if verbish:
            return _speaker_before_verb(text, start, start + word.start())
        previous = lower
    return None


def _trimmed_speaker(
    text: str, start: int, end: int, *, strict: bool = False, from_gap: bool = False
) -> _Speaker | None:
    """Trim connectives, time words and punctuation off a speaker, and check that it can be one."""
    if from_gap:
        end = start + len(text[start:end].rstrip().rstrip(":,").rstrip())
    start = _after_lead(text, start, end)
    while start < end and text[start] in " \t,:—–-(’”\"'":
        start += 1
    while True:
        while end > start and text[end - 1] in " \t,.;:!?—–-\"'“”‘’":
            if text[end - 1] == "." and abbreviation_at(text, end - 1) and end - start > 2:
                break
            end -= 1
        trailing = _TRAILING_WORDS.search(text, start, end) if text.endswith(_TRAILING_ENDS, start, end) else None
        if trailing is None or trailing.start() <= start:
            break
        end = trailing.start()
    if end <= start:
        return None
    if not _valid_speaker(text[start:end], strict=strict):
        return None
    return _Speaker(start, end)


_NOT_IN_SPEAKER = frozenset('“”"‘«»\n')
_SAY = frozenset(("said", "says", "say"))


def _after_lead(text: str, start: int, end: int) -> int:
    """`start` moved past a leading connective ("However, ") and then a leading phrase ("On Monday, "); both
    open with a capital letter, so most starts are not tried."""
    if text[start : start + 1].isupper():
        lead = _LEADING_CONNECTIVE.match(text, start, end)
        if lead:
            start = lead.end()
    if text[start : start + 1].isupper():
        phrase = _LEADING_PHRASE.match(text, start, end)
        if phrase:
            start = phrase.end()
    return start


def _valid_speaker(speaker: str, *, strict: bool) -> bool:
    words = speaker.split()
    if not words or len(words) > (_MAX_SPEAKER_WORDS // 2 if strict else _MAX_SPEAKER_WORDS):
        return False
    if not _NOT_IN_SPEAKER.isdisjoint(speaker) or not speaker[0].isalnum():
        return False
    lowered = [w.lower().strip(",.()") for w in words]
    if not _AUXILIARIES.isdisjoint(lowered) or not _SAY.isdisjoint(lowered):
        return False
    first = lowered[0]
    if first in STOPWORDS and first not in _SPEAKER_STARTERS:
        return False
    if len(words) == 1 and first in _DETERMINERS and first not in _PRONOUN_ONLY:
        return False
    if _has_verb(speaker):
        return False  # "said the lights went out": a clause, not who said it
    if _NON_SPEAKER.fullmatch(speaker):
        return False
    if lowered[-1] in STOPWORDS and lowered[-1] not in _PRONOUN_ONLY:
        return False
    if strict and words[0][0].islower() and first not in _SPEAKER_STARTERS and len(words) > 4:
        return False
    # "he", "they": a pronoun is a whole speaker ("I think it's creepy that you can say" is none)
    return not (first in _PERSONAL_PRONOUNS and len(words) > 1)


# --- resolving "he" and "the spokesman" ----------------------------------------------------------------------


def _resolve(
    text: str,
    quotes: list[_Found],
    paragraph_starts: list[int],
    names: _Names,
    article_id: str,
    stretches: list[_Stretch],
) -> list[_Found]:
    """Replace "he", "she" and "the spokesman" by the earlier speaker they stand for, when unambiguous."""
    context: _Context | None = None  # made at the first anaphor: many articles have none
    resolved: list[_Found] = []
    for words, speaker, is_direct in quotes:
        if speaker is not None and _anaphoric(text[speaker.start : speaker.end]):
            if context is None:
                context = _Context(text, paragraph_starts, stretches, names, _person_mentions(text, names, article_id))
            speaker = _antecedent(context, speaker, [s for _, s, _ in resolved if s is not None])
        resolved.append((words, speaker, is_direct))
    return resolved


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    paragraph_starts: list[int]
    stretches: list[_Stretch]
    names: _Names
    person_mentions: list[tuple[int, int, str]]  # (start, end, actor name), outside quotation marks or not


def _person_mentions(text: str, names: _Names, article_id: str) -> list[tuple[int, int, str]]:
    return sorted(
        (start, end, name)
        for start, end, name, mentioned in names.person_mentions.get(article_id, ())
        if text[start:end] == mentioned
    )


def _anaphoric(speaker: str) -> bool:
    return speaker.lower() in _PERSON_PRONOUNS or _ROLE_ANAPHOR.match(speaker) is not None


def _antecedent(context: _Context, anaphor: _Speaker, earlier: list[_Speaker]) -> _Speaker:
    text = context.text
    role = _ROLE_ANAPHOR.match(text[anaphor.start : anaphor.end])
    here = _paragraph(context.paragraph_starts, anaphor.start)
    speakers = sorted((s for s in earlier if s.start < anaphor.start and s != anaphor), key=lambda s: s.start)
    candidate = None
    for speaker in reversed(speakers):
        words = text[speaker.start : speaker.end]
        if _anaphoric(words):
            continue
        if here - _paragraph(context.paragraph_starts, speaker.start) > _ANAPHOR_PARAGRAPHS:
            break
        if role is not None or _is_person(words, context.names):
            candidate = speaker  # "he" is no embassy: look further back
            break
    if role is not None:
        if candidate is None:
            return anaphor
        wanted = _ROLE_FAMILY.get(role.group("role").lower(), role.group("role").lower())
        for speaker in [candidate, *(s for s in speakers if _shares_name(text, s, candidate))]:
            if wanted in text[speaker.start : speaker.end].lower():
                return speaker
        return anaphor
    # "Carmen Rojas has slept in her car since Monday. 'Every hour ...,' she said.": with the actors known, the
    # one person named earlier in the paragraph, when no speaker came after that name.
    paragraph_start = context.paragraph_starts[here]
    named = [
        m
        for m in context.person_mentions
        if paragraph_start <= m[0] and m[1] <= anaphor.start and not _quoted_at(context, m[0])
    ]
    if named and (candidate is None or candidate.start < named[-1][0]):
        if len({m[2] for m in named}) == 1:
            return _Speaker(named[-1][0], named[-1][1])
        return anaphor
    if candidate is None:
        return anaphor
    actor = _actor_of(text[candidate.start : candidate.end], context.names)
    for start, _, name in context.person_mentions:
        if candidate.end <= start < anaphor.start and name != actor and not _quoted_at(context, start):
            return anaphor  # another person came in between
    return candidate


def _quoted_at(context: _Context, position: int) -> bool:
    return any(s.opening <= position < s.closing for s in context.stretches)


def _is_person(speaker: str, names: _Names) -> bool:
    actor = _actor_of(speaker, names)
    kind = names.kind.get(actor, "") if actor else ""
    return kind == "person" or (not kind and _person_like(speaker))


def _person_like(speaker: str) -> bool:
    head = speaker.split(",")[0]
    if _PERSON_WORDS.search(head):
        return True  # "Union leader Rodrigo Valdés", "an officer at the ministry"
    if re.search(
        r"\b(?:Embassy|Ministry|Agency|Council|Union|Company|Government|Army|Police|Department|Office|"
        r"Committee|Commission|Bank|Group|Association|Coastguard|Service|Court|Party)\b",
        head,
    ):
        return False
    if _PERSON_WORDS.search(head):
        return True
    return bool(re.search(r"\b[A-Z][a-z]+(?:\s+[A-Z][\w’'-]+)+", head))


def _shares_name(text: str, a: _Speaker, b: _Speaker) -> bool:
    names_a = set(re.findall(r"\b[A-Z][a-z][\w’'-]+", text[a.start : a.end]))
    names_b = set(re.findall(r"\b[A-Z][a-z][\w’'-]+", text[b.start : b.end]))
    return bool(names_a & names_b)


# --- actors --------------------------------------------------------------------------------------------------

_KIND_ORDER = {"person": 0, "organization": 1, "place": 2}
_BLOCKING = re.compile(r"\b(?:at|for|of|in|from|with|to|on|by|about|near|inside|outside)\s", re.IGNORECASE)


_FIRST_WORD = re.compile(r"\w+")


class _Names:
    """The actors' names and aliases, looked up by their first word, and their person mentions by article:
    built once per briefing, so a speaker is checked against the few names it can hold."""

    def __init__(self, actors: Sequence[Actor]) -> None:
        pairs = [(name, actor) for actor in actors for name in (actor.name, *actor.aliases) if name]
        self.kind: dict[str, str] = {}
        for _, actor in pairs:
            self.kind.setdefault(actor.name, actor.kind)
        # A name occurs in a speaker only where its first word is a whole word of the speaker (the match
        # starts and ends at word boundaries); a name not starting with a word is checked against every one.
        self.by_word: dict[str, list[tuple[str, Actor]]] = {}
        self.anywhere: list[tuple[str, Actor]] = []
        for name, actor in pairs:
            probe = name.replace("’", "'")
            entry = (probe, actor)
            first = _FIRST_WORD.match(probe)
            if first:
                self.by_word.setdefault(first.group(), []).append(entry)
            else:
                self.anywhere.append(entry)
        self.actor_of: dict[str, str] = {}  # `_actor_of`'s answers by speaker
        self.person_mentions: dict[str, list[tuple[int, int, str, str]]] = {}
        for actor in actors:
            if actor.kind == "person":
                for mention in actor.mentions:
                    found = (mention.span.start, mention.span.end, actor.name, mention.text)
                    self.person_mentions.setdefault(mention.span.article_id, []).append(found)

    def __bool__(self) -> bool:
        return bool(self.by_word or self.anywhere)

    def within(self, speaker: str) -> list[tuple[str, Actor]]:
        """The names that can occur in `speaker` (apostrophes straightened)."""
        found = list(self.anywhere)
        for word in set(_FIRST_WORD.findall(speaker)):
            found += self.by_word.get(word, ())
        return found


def _actor_of(speaker: str, names: _Names) -> str:
    """The actor the speaker names: a person before an organization before a place, then the first named.

    Names after a preposition ("spokesperson for Mr Guterres", "an officer at Mali's ministry") or before a
    possessive ("EU Council's president Charles Michel") describe the speaker; they are not the speaker."""
    if not speaker or not names:
        return ""
    found = names.actor_of.get(speaker)
    if found is None:  # speakers repeat across a story's articles ("he", "Guterres", "the spokesman")
        found = names.actor_of[speaker] = _actor_named(speaker, names)
    return found


def _actor_named(speaker: str, names: _Names) -> str:
    normalized = speaker.replace("’", "'")
    blocked_from = min((m.start() for m in _BLOCKING.finditer(normalized)), default=len(normalized))
    best: tuple[int, int, int, str] | None = None
    for probe, actor in names.within(normalized):
        if probe not in normalized:
            continue
        for start in _whole_occurrences(probe, normalized):
            if start >= blocked_from:
                continue
            if normalized[start + len(probe) : start + len(probe) + 2] == "'s":
                continue
            key = (_KIND_ORDER.get(actor.kind, 3), start, -len(probe), actor.name)
            if best is None or key < best:
                best = key
    return best[3] if best else ""


def _whole_occurrences(probe: str, text: str) -> Iterator[int]:
    """Where `probe` occurs in `text` with no word character (`\\w`) touching it, left to right and not
    overlapping: what a lookaround pattern finds, without compiling one per name."""
    start = text.find(probe)
    while start >= 0:
        end = start + len(probe)
        if _not_word(text, start - 1) and _not_word(text, end):
            yield start
            start = text.find(probe, end)
        else:
            start = text.find(probe, start + 1)


def _not_word(text: str, position: int) -> bool:
    return not 0 <= position < len(text) or not (text[position].isalnum() or text[position] == "_")
