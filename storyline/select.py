"""Choose summary sentences: the summarizer backends, behind one small interface with versioned names.

`coverage.v1` (default) treats the word pairs and content words of the cluster as concepts, weighs each by
how many articles report it (earlier in an article counts more), and greedily picks the sentences that
cover the most concept weight per word until the budget is full; a concept counts once, so a sentence that
repeats what is chosen gains nothing. This is budgeted maximum coverage (Gillick and Favre 2009; Lin and
Bilmes 2011), solved with the lazy greedy algorithm.
`centroid.v1` scores each sentence by how close it is to what all the articles are about (a
TF-IDF centroid in which every article weighs the same) and how early it comes in its article; then it fills
the word budget greedily, skipping anything that repeats a sentence already chosen.
`lead.v1` takes the articles' opening sentences in turn: a baseline to compare against.
"""

from __future__ import annotations

import heapq
import itertools
import operator
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from .errors import UnknownBackendError
from .similarity import SAME_CONTENT_COSINE, Idf, Vector, cosine, idf_vectors, norm
from .types import Article, Sentence
from .words import STOPWORDS, speech_verbs, stems, word_count


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence with what selection knows about it."""

    sentence: Sentence
    article_rank: int  # position of its article in the order selection was given (content-hash order)
    words: int


@dataclass(frozen=True, slots=True)
class Selection:
    """Chosen sentences, in reading order, and the name of the method that chose them."""

    sentences: tuple[Sentence, ...]
    method: str


Summarizer = Callable[[Sequence[Article], Mapping[str, Sequence[Sentence]], int], Selection]

# Shorter sentences are fragments, longer ones run-ons. Multi-News dev R1/R2: 6-60 words 45.64/15.34; 4-60,
# 9-60, 6-45 and 6-80 all lower (docs/tuning.md, select.py).
MIN_WORDS = 6
MAX_WORDS = 60


def candidates(
    articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]], *, with_dependent: bool = False
) -> list[Candidate]:
    """Every sentence of every article that could stand in a summary, with its word count; captions never, and
    quotations or first-person lines without their speaker only `with_dependent` (to be chosen with the
    sentence before them)."""
    found = _candidates(articles, sentences, strict=True, with_dependent=with_dependent)
    # Text with no whole sentence (a teaser the page cut off, a list) is summarized from what it has.
    return found or _candidates(articles, sentences, strict=False, with_dependent=True)


def _candidates(
    articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]], *, strict: bool, with_dependent: bool
) -> list[Candidate]:
    found = []
    for rank, article in enumerate(articles):
        in_paragraph = Counter(sentence.paragraph for sentence in sentences[article.id])
        for sentence in sentences[article.id]:
            words = word_count(sentence.text)
            usable = MIN_WORDS <= words <= MAX_WORDS and not (strict and is_fragment(sentence.text))
            if not usable or is_caption(sentence, in_paragraph[sentence.paragraph], words):
                continue
            if with_dependent or not speakerless(sentence.text):
                found.append(Candidate(sentence, rank, words))
    return found


# Full stops of other scripts (Chinese and Japanese, Devanagari, Urdu); Thai sentences end without one.
_OTHER_FULL_STOPS = ("。", "！", "।", "॥", "۔")
_FULL_STOPS = (".", "!", *_OTHER_FULL_STOPS)
_THAI = re.compile(r"[\u0e00-\u0e7f]")


# A German sentence cut by the splitter at an abbreviation ("können z.B.") or an ordinal day ("ab dem 25.",
# before "März"); no English sentence ends so.
_CUT_AT_ABBREVIATION = re.compile(
    r"(?:\b(?:z\.\s?B|u\.\s?a|d\.\s?h|bzw|vgl|ca|Nr|Mio|Mrd|Jh)|\b(?:dem|den|vom|zum|des|seit|ab)\s+\d{1,2})\.$"
)


_CUT_LETTERS = frozenset("Bahwlrod")  # the last letters of the abbreviations above


def _last_two_words(text: str) -> int:
    """Where the last two words of `text` start: a cut the pattern above finds spans no more ("z. B.", "dem
    25."), so searching from there finds what a search of the whole sentence would."""
    words = text.rsplit(None, 2)
    start = len(text.rstrip()) - len(words[-1]) if words else 0
    return text.rfind(words[-2], 0, start) if len(words) > 1 else start


def is_fragment(text: str) -> bool:
    """Pieces a reader cannot take on their own: questions, lines without a sentence end, excerpts that
    start mid-sentence ("...to Mar-a-Lago"), and parts of a longer quotation (unbalanced quote marks)."""
    stripped = text.rstrip("\"'’”)] 」』）")
    if not stripped.endswith(_FULL_STOPS) and not _THAI.search(stripped[-1:]):
        return True
    first = text.lstrip("\"'“‘(")[:1]
    if not first or first.islower() or text.startswith(("...", "…")):
        return True
    before = stripped[-2:-1]  # a cut above ends in one of its letters or a digit before the stop
    cut = (before in _CUT_LETTERS or before.isdecimal()) and stripped[-1:] == "."
    if cut and _CUT_AT_ABBREVIATION.search(stripped, _last_two_words(stripped)):
        return True
    # A sentence that closes a quotation it did not open starts mid-quote. One that opens a quotation
    # and leaves it open reads fine and often carries the news (dropping those too cost 0.25 R2 on the
    # Multi-News dev clusters).
    closes_unopened = text.count("”") > text.count("“")
    straight_unopened = text.count('"') % 2 == 1 and not text.lstrip("(").startswith('"')
    return closes_unopened or straight_unopened


# --- Sentences a reader can take alone ------------------------------------------------------------------------


def _whole_words(*words: str) -> str:
    """A pattern for any of `words` standing alone, as "\\b(?:I|we)\\b" but opening on a word's first letter (the
    boundary before it checked just after it), which lets the regex engine skip to the letters that can start one."""
    alternatives = (f"{re.escape(word[0])}(?<!\\w{re.escape(word[0])}){re.escape(word[1:])}" for word in words)
    return f"(?:{'|'.join(alternatives)})\\b"


_BACK_REFERENCE_WORDS = "he she they his her their him them we i our us my these those such"
_BACK_REFERENCES = frozenset(_BACK_REFERENCE_WORDS.split())
_DEMONSTRATIVES = frozenset(["this", "that", "it"])
# After "This"/"That" these words make the opening stand alone ("This week", "That morning").
_STANDS_ALONE_WORDS = "year week month morning afternoon evening night weekend summer winter spring autumn fall time"
_STANDS_ALONE_AFTER = frozenset(_STANDS_ALONE_WORDS.split())
# "It" that refers to nothing: "It was not clear who...", "It is expected to...", "It is raining".
_IMPERSONAL = re.compile(
    r"It\s+(?:is|was|has\s+been|had\s+been|remains|remained|seems|seemed|appears|appeared)\s+(?:not\s+)?"
    r"(?:yet\s+|still\s+|also\s+)?(?:clear|unclear|likely|unlikely|possible|impossible|expected|thought|believed|"
    r"understood|known|unknown|hoped|feared|estimated|reported|too|time|raining|snowing|important|necessary)\b"
)
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Dr|Capt|Gen|Col|Lt|Sgt|Sen|Rep|Gov|Judge|Prof|Rev|Cmdr|Cmndr)\.?"
_TITLED = re.compile(rf"^[\"“‘']?{_TITLE}\s+([A-Z][\w'’-]+)")
# "(?<!\w[A-Z])" after the first capital is "\b" before it: a pattern opening on a letter class lets the regex
# engine skip to the capitals (over three times faster on article text).
_NAME_RUN = re.compile(r"[A-Z](?<!\w[A-Z])[a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*)+")
_CREDIT = re.compile(
    r"[,.!?][\"”’']?\s+(?:([A-Z][\w'’-]+)|(he|she|they))\s+(?:said|added|says|adds|told|wrote|noted)\b[^,;]*[.!]"
    r"[\"”’']?$"
)
_SAYING = f"{speech_verbs('say')}|according to|saying|adding"
# Opening on a look-ahead for the forms' first letters lets the regex engine pass over the other characters
# (half the time over the Multi-News dev candidates).
_SPEECH = re.compile(rf"(?=[{''.join(sorted({form[0] for form in _SAYING.split('|')}))}])\b(?:{_SAYING})\b")
_QUOTE_START = frozenset(['"', "“", "‘", "«", "„", "``", "''", "'"])
_FIRST_PERSON = re.compile(_whole_words("I", "we", "We", "our", "Our", "us", "my", "My"))
_PRESENT_S = re.compile(r"^(?:[A-Z][\w'’-]*\s+){0,4}[a-z]+s\s+(?:over|on|at|in|outside|near|from|during|beside|next)\b")
# A day or time of day, as a caption dates its picture ("... on Saturday morning").
_WHEN = re.compile(
    r"\b(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)\b|"
    r"\b(?:morning|afternoon|evening|night)\b"
)
_PHOTO_CREDIT = re.compile(r"\((?:[^()]*/)?\s*[^()]*(?:Photo|Photographer|Getty|AFP|Reuters|AP)[^()]*\)\s*$")


def surnames(articles: Sequence[Article]) -> frozenset[str]:
    """Last words of the multi-word names in the articles ("Sanogo" of "Amadou Haya Sanogo")."""
    return frozenset(name.rsplit(None, 1)[-1] for a in articles for name in _NAME_RUN.findall(a.text))


def needs_referent(text: str, names: frozenset[str]) -> str:
    """What the sentence refers back to without naming it: "" when nothing; a name ("Sanogo") the summary must
    give before it; or "*" for a pronoun or demonstrative, which no earlier summary sentence can resolve with
    certainty ("He said...", "That evidence included...")."""
    words = text.lstrip("\"“‘«„`'(").split(None, 2)  # the first two words tell
    if not words:
        return ""
    first = words[0].strip(",;:").lower()
    next_word = words[1].strip(",;:") if len(words) > 1 else ""
    following = next_word.lower()
    if first in _BACK_REFERENCES:
        return "*"
    if first == "it" and not _IMPERSONAL.match(text.lstrip("\"“‘«„`'(")):
        return "*"
    if first in _DEMONSTRATIVES and first != "it" and following not in _STANDS_ALONE_AFTER:
        return "*"
    titled = _TITLED.match(text)
    if titled:
        return titled.group(1)
    bare = words[0].strip(",;:'’s")
    if bare in names and next_word[:1].islower():
        return bare  # "Sanogo was later forced..."
    # A credit has no comma or semicolon after its first character: it starts at the last one or later.
    credit = _CREDIT.search(text, max(text.rfind(","), text.rfind(";"), 0))
    if credit:
        if credit.group(2):
            return "*"
        if credit.group(1) in names and credit.group(1) not in text[: credit.start()]:
            return credit.group(1)
    return ""


def speakerless(text: str) -> bool:
    """A quotation or first-person line that does not say who speaks ("We have never seen this...")."""
    # The verbs of saying are many, so they are looked for last; a first-person word outside quotations is
    # one in the text.
    unnamed = _opens_quotation(text) or (_FIRST_PERSON.search(text) and _FIRST_PERSON.search(_outside_quotes(text)))
    return bool(unnamed) and not _SPEECH.search(text)


def is_caption(sentence: Sentence, paragraph_sentences: int, words: int | None = None) -> bool:
    """A photo caption: a short sentence in the present tense ("Smoke rises over the depot on Saturday
    morning.") standing alone in its paragraph or naming a day or time, or a line ending in a photo credit.
    `words` is the sentence's word count, when known."""
    if sentence.text.rstrip().endswith(")") and _PHOTO_CREDIT.search(sentence.text):  # a credit ends in ")"
        return True
    if (word_count(sentence.text) if words is None else words) > 20 or not _PRESENT_S.match(sentence.text):
        return False
    return paragraph_sentences == 1 or bool(_WHEN.search(sentence.text))


def _opens_quotation(text: str) -> bool:
    """Whether the sentence opens on quoted words (five or more, or never closed), not a quoted title."""
    stripped = text.lstrip()
    opening = stripped[:2] if stripped.startswith(("``", "''")) else stripped[:1]
    if not opening or opening not in _QUOTE_START:
        return False
    closing = {"“": "”", "«": "»", "„": "“", "``": "''", "‘": "’"}.get(opening, opening)
    end = stripped.find(closing, len(opening))
    return end < 0 or len(stripped[len(opening) : end].split()) >= 5


_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")


def _outside_quotes(text: str) -> str:
    return _QUOTED.sub(" ", text)


def centroid_v1(articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]], words: int) -> Selection:
    """Centroid and position scoring with greedy, redundancy-aware filling of the word budget."""
    pool = candidates(articles, sentences)
    if not pool:
        return Selection((), "centroid.v1")
    weighted = idf_vectors(c.sentence.text for c in pool)
    center = _article_centroid(pool, weighted, len(articles))

    scores = []
    for candidate, vector in zip(pool, weighted, strict=True):
        # A steeper decay than coverage.v1's: the centroid score has no other pull towards the lead.
        position = 1.0 / (1.0 + 4.0 * _relative_index(candidate, sentences, articles))
        scores.append(cosine(vector, center) * position)

    order = sorted(range(len(pool)), key=lambda i: (-scores[i], pool[i].article_rank, pool[i].sentence.index))
    chosen: list[int] = []
    used = 0
    for i in order:
        if used + pool[i].words > words:
            continue
        if any(cosine(weighted[i], weighted[j]) > SAME_CONTENT_COSINE for j in chosen):
            continue
        chosen.append(i)
        used += pool[i].words
        if words - used < MIN_WORDS:
            break
    reading_order = sorted(chosen, key=lambda i: (_relative_index(pool[i], sentences, articles), pool[i].article_rank))
    return Selection(tuple(pool[i].sentence for i in reading_order), "centroid.v1")


def _relative_index(
    candidate: Candidate, sentences: Mapping[str, Sequence[Sentence]], articles: Sequence[Article]
) -> float:
    total = len(sentences[articles[candidate.article_rank].id])
    return candidate.sentence.index / max(1, total)


def _article_centroid(
    pool: Sequence[Candidate], weighted: Sequence[Mapping[str, float]], article_count: int
) -> dict[str, float]:
    per_article: list[Counter[str]] = [Counter() for _ in range(article_count)]
    for candidate, vector in zip(pool, weighted, strict=True):
        per_article[candidate.article_rank].update(vector)
    center: Counter[str] = Counter()
    for vector in per_article:
        length = norm(vector)
        if length:
            center.update({term: value / length for term, value in vector.items()})
    return dict(center)


# Word pairs carry who did what; what one article alone reports matters less when several report. Multi-News
# dev, bigram 1.5-3 x single-article 0.05-0.2: R1 45.50-45.92, R2 15.15-15.51, a plateau; these sit in its
# middle (docs/tuning.md).
BIGRAM_WEIGHT = 2.0
SINGLE_ARTICLE_WEIGHT = 0.1
# Decay 1 / (1 + k * relative position) for a concept's first mention and for the sentence. Multi-News dev,
# k 1-4 x 0.5-2: R2 14.89-15.39 (docs/tuning.md); without the sentence decay R2 fell 0.5.
CONCEPT_POSITION_DECAY = 2.0
# A sentence's gain is divided by its length to this power, so that the sentence reporting the event is not
# outranked by short ones that merely mention its concepts. On the Multi-News dev clusters (R1/R2 at 230 words,
# sentences chosen with what they refer to): 1.0 -> 45.13/14.58 (before chains of 3), 0.8 -> 45.41/15.13,
# 0.7 -> 45.78/15.55, 0.6 -> 45.29/14.75 (before chains), 0.5 -> 45.05/14.75 (before chains).
LENGTH_EXPONENT = 0.7
SENTENCE_POSITION_DECAY = 1.0


def concepts(text: str) -> frozenset[str]:
    """Stemmed content words and adjacent word pairs (pairs of two stopwords do not count)."""
    words = stems(text)
    found = {s for s in words if s not in STOPWORDS and len(s) > 1}
    stop = list(map(STOPWORDS.__contains__, words))
    content_pair = map(operator.not_, map(operator.and_, stop, stop[1:]))
    found.update(map(" ".join, itertools.compress(itertools.pairwise(words), content_pair)))
    return frozenset(found)


def coverage_v1(articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]], words: int) -> Selection:
    """Budgeted maximum coverage of cluster concepts, lazy greedy.

    A sentence that refers back ("He said ...", a quotation whose speaker the sentence before names) is chosen
    only together with the sentence before it, as one unit; one that names someone by surname alone only once
    that person is named in the summary."""
    pool = candidates(articles, sentences, with_dependent=True)
    if not pool:
        return Selection((), "coverage.v1")
    positions = [_relative_index(c, sentences, articles) for c in pool]
    pool_concepts = [concepts(c.sentence.text) for c in pool]
    weights = _concept_weights(pool, pool_concepts, positions, len(articles))
    names = surnames(articles)
    referents = [needs_referent(c.sentence.text, names) or ("*" if speakerless(c.sentence.text) else "") for c in pool]
    antecedent = _antecedents(pool, referents)
    units = _units(antecedent, referents)
    if not any(units):  # every sentence refers back to none before it (one line in the first person): take them
        antecedent, units = [None] * len(pool), [[i] for i in range(len(pool))]
    usable = [bool(unit) for unit in units]
    chosen_set: set[int] = set()

    def fresh(i: int) -> list[int]:
        return [j for j in units[i] if j not in chosen_set]

    # A unit's concepts and cost, kept until one of its sentences is chosen (the count of those left tells). A
    # unit of one sentence keeps that sentence's set (a copy would list it in the same order).
    unit_costs: dict[int, tuple[int, AbstractSet[str], float]] = {}

    def value(i: int) -> float:
        new = fresh(i)
        held = unit_costs.get(i)
        if held is None or held[0] != len(new):
            length = sum(pool[j].words for j in new) ** LENGTH_EXPONENT
            cost = length * (1.0 + SENTENCE_POSITION_DECAY * positions[units[i][0]])
            joined = pool_concepts[new[0]] if len(new) == 1 else set().union(*(pool_concepts[j] for j in new))
            held = unit_costs[i] = (len(new), joined, cost)
        _, unit_concepts, cost = held
        fresh_concepts = itertools.filterfalse(covered.__contains__, unit_concepts) if covered else unit_concepts
        gain = sum(map(weights.__getitem__, fresh_concepts))
        return gain / cost if cost else 0.0

    idf = Idf(c.sentence.text for c in pool)
    vectors: dict[int, tuple[Vector, float]] = {}  # only sentences about to be chosen need theirs

    def vector(i: int) -> tuple[Vector, float]:
        if i not in vectors:
            found = idf.vector(pool[i].sentence.text)
            vectors[i] = (found, norm(found))
        return vectors[i]

    def repeats(n: int, j: int) -> bool:
        (a, a_norm), (b, b_norm) = vector(n), vector(j)
        return cosine(a, b, (a_norm, b_norm)) >= SAME_CONTENT_COSINE

    covered: set[str] = set()
    # Gains only shrink as concepts get covered, so a stale heap entry is an upper bound (lazy greedy); a unit
    # whose first sentence is chosen on its own gets cheaper, and is then only picked a little late.
    heap = [(-value(i), pool[i].article_rank, pool[i].sentence.index, i) for i in range(len(pool)) if usable[i]]
    heapq.heapify(heap)
    chosen: list[int] = []
    used = 0
    while heap and words - used >= MIN_WORDS:
        _stale, rank, index, i = heapq.heappop(heap)
        if i in chosen_set:
            continue
        new = fresh(i)
        if used + sum(pool[j].words for j in new) > words:
            continue
        current = value(i)
        if heap and current < -heap[0][0]:
            heapq.heappush(heap, (-current, rank, index, i))
            continue
        if current <= 0:
            break
        if any(repeats(n, j) for n in new for j in chosen):
            continue
        name = referents[i] if referents[i] != "*" else ""
        if name and antecedent[i] is None and not any(name in pool[j].sentence.text for j in chosen):
            continue
        chosen += new
        chosen_set.update(new)
        used += sum(pool[j].words for j in new)
        for j in new:
            covered.update(pool_concepts[j])
    # Reading order: the reported days before background; leads before later material; among equals, the
    # sentence chosen first (the one that covered most) comes first, so the summary opens with the main event.
    # A sentence chosen with the one before it follows it.
    pick_order = {i: n for n, i in enumerate(chosen)}
    # The year of the events, looked for in every article only when a chosen sentence names a year.
    recent = _recent_year(articles) if any(_YEAR.search(pool[i].sentence.text) for i in chosen) else 0
    follows = {i: antecedent[i] for i in chosen if antecedent[i] is not None and antecedent[i] in chosen_set}
    heads = sorted(
        (i for i in chosen if i not in follows),
        key=lambda i: (_background(pool[i].sentence.text, recent), positions[i], pick_order[i]),
    )
    chains: dict[int, list[int]] = {}
    for head in heads:
        chain = chains[head] = [head]
        while (after := next((i for i, before in follows.items() if before == chain[-1]), None)) is not None:
            chain.append(after)
    texts = {head: " ".join(pool[i].sentence.text for i in chain) for head, chain in chains.items()}
    names_needed = {head: referents[head] if referents[head] != "*" else "" for head in heads}
    order = [i for head in _introduced_first(heads, names_needed, texts) for i in chains[head]]
    return Selection(tuple(pool[i].sentence for i in order), "coverage.v1")


def _antecedents(pool: Sequence[Candidate], referents: Sequence[str]) -> list[int | None]:
    """For each candidate that refers back, the candidate just before it in its article (for a surname, when
    it names the person); None otherwise."""
    at = {(c.article_rank, c.sentence.index): n for n, c in enumerate(pool)}
    found: list[int | None] = []
    for n, candidate in enumerate(pool):
        before = at.get((candidate.article_rank, candidate.sentence.index - 1))
        referent = referents[n]
        fits = (
            referent
            and before is not None
            and candidate.sentence.paragraph - pool[before].sentence.paragraph <= 1
            and (referent == "*" or referent in pool[before].sentence.text)
        )
        found.append(before if fits else None)
    return found


# A sentence is chosen with at most this many sentences before it ("Keita resigned." "He said ..." "He added
# ..."); a longer chain is too long a detour for one sentence.
MAX_CHAIN = 3


def _units(antecedent: Sequence[int | None], referents: Sequence[str]) -> list[list[int]]:
    """The sentences each candidate must be chosen with, itself last; [] when it cannot be resolved."""
    units: list[list[int]] = []
    for n in range(len(antecedent)):
        chain = [n]
        while (before := antecedent[chain[0]]) is not None and len(chain) < MAX_CHAIN:
            chain.insert(0, before)
        units.append([] if referents[chain[0]] == "*" else chain)
    return units


_CENTURIES = (r"1(?<!\w1)[89]\d\d", r"2(?<!\w2)0\d\d")  # 1800-1999, 2000-2099; "\b" after, as in _NAME_RUN
_YEAR = re.compile(rf"({'|'.join(_CENTURIES)})\b")
# Its two halves: a pattern that opens on one literal digit lets the regex engine skip to that digit, four times
# faster over whole articles than skipping to either. A year is a whole word, so the halves find the same years.
_YEAR_HALVES = tuple(re.compile(rf"{century}\b") for century in _CENTURIES)


def _recent_year(articles: Sequence[Article]) -> int:
    """The year of the reported events: the latest publication year, else the latest year two articles name."""
    published = [int(a.published[:4]) for a in articles if a.published[:4].isdigit()]
    if published:
        return max(published)
    named = Counter(year for a in articles for year in {year for half in _YEAR_HALVES for year in half.findall(a.text)})
    shared = [int(year) for year, n in named.items() if n >= 2 or len(articles) == 1]
    return max(shared, default=0)


def _background(text: str, recent: int) -> bool:
    """A sentence about earlier years only ("the 2012 coup"), read after the current events."""
    years = [int(year) for year in _YEAR.findall(text)]
    return bool(recent and years and max(years) < recent - 1)


def _introduced_first(heads: list[int], needed: Mapping[int, str], texts: Mapping[int, str]) -> list[int]:
    """`heads` with each one that names someone by surname alone moved after the first that names them."""
    result = list(heads)
    for head in heads:
        name = needed[head]
        if not name:
            continue
        at = result.index(head)
        introducing = next((k for k, other in enumerate(result) if other != head and name in texts[other]), None)
        if introducing is not None and introducing > at:
            result.insert(introducing, result.pop(at))
    return result


def _concept_weights(
    pool: Sequence[Candidate], pool_concepts: Sequence[frozenset[str]], positions: Sequence[float], article_count: int
) -> dict[str, float]:
    # Walk each article backwards so that a concept's earliest mention writes its weight last.
    earliest: dict[int, dict[str, float]] = {}
    for candidate, found, position in reversed(list(zip(pool, pool_concepts, positions, strict=True))):
        weight = 1.0 / (1.0 + CONCEPT_POSITION_DECAY * position)
        earliest.setdefault(candidate.article_rank, {}).update(dict.fromkeys(found, weight))
    # Summed article by article into one dict (a merged copy per article grew with the square of the story).
    totals: dict[str, float] = {}
    several: set[str] = set()  # reported by two articles or more
    for per_article in earliest.values():
        shared = per_article.keys() & totals.keys()
        for concept in shared:
            per_article[concept] += totals[concept]
        totals.update(per_article)
        several |= shared
    # One pass; a factor of 1.0 leaves a weight exactly as it was.
    single = SINGLE_ARTICLE_WEIGHT if article_count >= 2 else 1.0
    return {c: (w if c in several else w * single) * (BIGRAM_WEIGHT if " " in c else 1.0) for c, w in totals.items()}


def lead_v1(articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]], words: int) -> Selection:
    """The first sentence of each article, then the second of each, and so on, skipping repeats."""
    pool = candidates(articles, sentences)
    vectors = dict(zip((c.sentence.span for c in pool), idf_vectors(c.sentence.text for c in pool), strict=True))
    by_article: dict[int, list[Candidate]] = {}
    for candidate in pool:
        by_article.setdefault(candidate.article_rank, []).append(candidate)
    chosen: list[Sentence] = []
    used = 0
    depth = 0
    while any(depth < len(group) for group in by_article.values()):
        for rank in sorted(by_article):
            group = by_article[rank]
            if depth >= len(group) or used + group[depth].words > words:
                continue
            vector = vectors[group[depth].sentence.span]
            if any(cosine(vector, vectors[s.span]) >= SAME_CONTENT_COSINE for s in chosen):
                continue
            chosen.append(group[depth].sentence)
            used += group[depth].words
        depth += 1
    return Selection(tuple(chosen), "lead.v1")


SUMMARIZERS: dict[str, Summarizer] = {"centroid.v1": centroid_v1, "coverage.v1": coverage_v1, "lead.v1": lead_v1}
DEFAULT_SUMMARIZER = "coverage.v1"


def get_summarizer(name: str) -> Summarizer:
    """The summarizer registered under `name`; an unknown name lists the known ones."""
    try:
        return SUMMARIZERS[name]
    except KeyError:
        known = ", ".join(sorted(SUMMARIZERS))
        raise UnknownBackendError(f"Unknown summarizer {name!r}. Available: {known}") from None
