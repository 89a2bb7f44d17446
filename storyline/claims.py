"""Claims: what the articles state, grouped across outlets, labelled by who reports it, numbers checked.

A claim is one article's sentence together with the sentence of every other article that says the same thing
(`similarity.SAME_CONTENT_COSINE`, the rule attribution uses). Its status counts independent reports, so copies
of one wire story count once: "all" reports, "several", or "one".

Values are compared after normalization (`quantities.py`, `dates.py`), and not only inside a claim: outlets
often give one figure in differently built sentences ("Kati, only 15 kilometers from the palace" against
"Bamako, about 15 kilometres south of Kati"). So every pair of comparable values in two independent reports
whose sentences share enough context is linked; linked values form a comparison, attached to the claim that
holds them all, or standing as a claim of its own. A claim is "conflicting" when two linked values cannot both
be true.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .dates import compare_dates, find_dates
from .duplicates import report_of
from .quantities import compare_quantities, comparison_key, find_quantities, find_times
from .select import is_fragment
from .similarity import SAME_CONTENT_COSINE, SentenceIndex, cosine
from .types import (
    Article,
    Claim,
    DateMention,
    DuplicateGroup,
    Evidence,
    OutletExclusive,
    Quantity,
    Quote,
    Sentence,
    Span,
    ValueComparison,
)
from .words import content_stems, stem, tokens, word_count

# A sentence repeated inside one article (a caption printed twice, a standfirst repeated as the first
# paragraph) joins the claim as extra evidence instead of becoming a claim of its own. Repeats in the Mali
# example score 0.93-1.0 (curly against straight apostrophes); the closest pair of distinct statements inside
# one article scores 0.71 ("Keita, 75, was seized..." against "...Cisse has also been seized").
REPEAT_COSINE = 0.8

# Claims are drawn from every sentence of this many words or more, not only from those a summary may quote:
# the second half of a quotation split at its full stop ("The crew did exactly what they were trained to
# do," said ...) is a statement two outlets can share. On the labelled fixtures (68 claims) summary
# candidates only gave recall 0.40, every sentence of 3 or 4 words or more 0.44, of 5 or 6 words 0.43.
CLAIM_MIN_WORDS = 4

# Between SAME_CONTENT_COSINE (0.35) and this, word overlap alone cannot tell a rewrite from two statements
# about the same people or things: "Divers resumed the search for two missing passengers on Monday" and
# "Divers found the body of one of the two missing passengers on Tuesday" score 0.42. In that band two
# sentences join one claim only when they also share what happened: a verb, or an action word of one class
# below. On the Mali example this drops 3 wrong pairs of the 7 in the band and 1 right one (the French
# embassy "tweeted"/"called on" residents to "stay" at home); on the labelled fixtures, 2 wrong pairs and no
# right one.
CLEAR_SAME_COSINE = 0.5

# Verbs and nouns of action that news reports use for one another. Reporting verbs (say, tell, add) are left
# out: they say who speaks, not what happened.
_ACTION_CLASSES = {
    "kill": "kill die dead death slain perish toll",
    "detain": "detain arrest seiz captur custodi held hold",
    "demand": "demand call urg press appeal",
    "injur": "injur hurt wound",
    "leav": "flee fled evacu leav left",
    "collaps": "collaps",
    "begin": "began begin start erupt broke kick",
    "stay": "stay remain",
    "condemn": "condemn denounc criticis criticiz",
    "know": "known unknown establish determin confirm unclear",
    "fight": "fight fought battl tackl dous extinguish smother spray hose cool quench",
}
_ACTION = {word: name for name, words in _ACTION_CLASSES.items() for word in words.split()}
# Words ending in -ed that are rarely the action of a sentence.
_NOT_ACTIONS = frozenset(
    ["armed", "based", "united", "need", "red", "bed", "hundred", "unnamed", "unidentified", "speed", "alleged"]
)

# Values that agree are linked more freely than values that clash: "about 15 kilometres" in one report and
# "15 kilometers" in another are the same figure unless they are about different things, which rarely gives
# equal figures. A clash is only reported between two sentences that make the same statement
# (`_same_statement`), so two figures about different things are not called a conflict. Both need context:
# the cosine of the content words within _WINDOW_WORDS of each value. Measured on the Mali and bridge-collapse
# examples: the Kati-Bamako distances score 0.06-0.6 with each other (each has a partner at 0.15 or more);
# "320-metre bridge" and "bridge, about 1,000 feet long" 0.17; figures about different things 0.0-0.11
# ("30 kilometres in either direction" against "40 km north of Vessel": 0.0).
AGREE_CONTEXT_COSINE = 0.12
CONFLICT_CONTEXT_COSINE = 0.2


@dataclass(frozen=True, slots=True)
class _Value:
    """A normalized value and the sentence it was found in."""

    value: Quantity | DateMention
    sentence: Sentence
    report: str


def group_claims(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    copies: Sequence[DuplicateGroup],
    index: SentenceIndex,
) -> tuple[Claim, ...]:
    """Every statement of the cluster as a claim: a sentence and its counterpart in each other article.

    Each sentence belongs to one claim. Statements made by more reports are grouped first, so a sentence
    joins the widest claim it fits; ties break on content-hash ids, never on input order."""
    report = _reports(articles, copies)
    total_reports = len(set(report.values()))
    eligible = {s.span: s for a in articles for s in sentences[a.id] if word_count(s.text) >= CLAIM_MIN_WORDS}
    fragment = {span: is_fragment(sentence.text) for span, sentence in eligible.items()}
    importance = _importance(articles, sentences, report)
    order = {article.id: rank for rank, article in enumerate(sorted(articles, key=lambda a: a.id))}

    actions: dict[Span, frozenset[str]] = {}
    # Sentences with one text (reprints) have one set of matches: the best match in each article is found
    # once for all of them, and each leaves out its own article.
    best_of_text: dict[tuple[int, str], dict[str, Evidence]] = {}

    def best_per_article(span: Span) -> list[Evidence]:
        key = (index.group(span), eligible[span].text)
        if key not in best_of_text:
            best: dict[str, Evidence] = {}
            for item in index.matches(eligible[span]):
                if item.span not in eligible:
                    continue
                if not _same_statement(eligible[span], eligible[item.span], item.score, actions):
                    continue
                held = best.get(item.span.article_id)
                if held is None or (item.score, -item.span.start) > (held.score, -held.span.start):
                    best[item.span.article_id] = item
            best_of_text[key] = best
        found = (item for article_id, item in best_of_text[key].items() if article_id != span.article_id)
        return sorted(found, key=lambda e: order[e.span.article_id])

    def pivot_key(span: Span) -> tuple[float, ...]:
        found = best_per_article(span)
        reports = len({report[span.article_id]} | {report[e.span.article_id] for e in found})
        return (
            -reports,
            fragment[span],
            -sum(e.score for e in found),
            -importance[span],
            order[span.article_id],
            span.start,
        )

    assigned: set[Span] = set()
    claims = []
    for span in sorted(eligible, key=pivot_key):
        if span in assigned:
            continue
        group = [Evidence(span, 1.0)]
        group += [e for e in best_per_article(span) if e.span not in assigned]
        matches = [e for e in index.similar(eligible[span]) if e.span in eligible]
        repeats = [e for e in matches if e.span.article_id == span.article_id and e.score >= REPEAT_COSINE]
        group += [e for e in sorted(repeats, key=lambda e: e.span.start) if e.span not in assigned]
        assigned.update(e.span for e in group)
        if len(group) == 1 and fragment[span]:
            continue  # a piece of a quotation or a question alone is not a statement a reader can take
        claims.append(_claim(eligible[span].text, tuple(group), report, total_reports, importance))
    return tuple(sorted(claims, key=lambda c: _claim_order(c, report, order)))


def statement_texts(index: SentenceIndex, quotes: Sequence[Quote]) -> dict[Span, str]:
    """The text each sentence is grouped by: the sentence without the name of whoever said it.

    Attribution is not content: "..., Chief Fire Officer Helena Varga said" made two different statements of
    one official look alike, and kept one statement apart when the outlets credit it to different sources."""
    by_article: dict[str, list[Span]] = {}
    for span in index.sentences:
        by_article.setdefault(span.article_id, []).append(span)
    cuts: dict[Span, list[Span]] = {}
    for quote in quotes:
        speaker = quote.speaker_span
        if speaker is None:
            continue
        for span in by_article.get(speaker.article_id, ()):
            if span.start <= speaker.start and speaker.end <= span.end:
                cuts.setdefault(span, []).append(speaker)
                break
    texts = {}
    for span, speakers in cuts.items():
        text = index.sentences[span].text
        for speaker in sorted(set(speakers), key=lambda s: -s.start):
            text = text[: speaker.start - span.start] + " " + text[speaker.end - span.start :]
        texts[span] = text
    return texts


def check_values(
    claims: Sequence[Claim],
    articles: Sequence[Article],
    copies: Sequence[DuplicateGroup],
    index: SentenceIndex,
    references: Mapping[str, str],
) -> tuple[Claim, ...]:
    """The claims with their numbers and dates compared across reports; conflicting claims first.

    `references` maps article id -> the ISO date its relative dates resolve against ("" when unknown)."""
    report = _reports(articles, copies)
    total_reports = len(set(report.values()))
    order = {article.id: rank for rank, article in enumerate(sorted(articles, key=lambda a: a.id))}
    importance = {e.span: claim.importance for claim in claims for e in claim.evidence}
    eligible = {e.span: index.sentences[e.span] for claim in claims for e in claim.evidence}
    comparisons = _value_comparisons(eligible, index, report, references)
    checked = _attach_comparisons(list(claims), comparisons, report, index, total_reports, importance)
    return tuple(sorted(checked, key=lambda c: _claim_order(c, report, order)))


def _reports(articles: Sequence[Article], copies: Sequence[DuplicateGroup]) -> dict[str, str]:
    """Article id -> the id of the independent report it belongs to."""
    return {article.id: article.id for article in articles} | report_of(copies)


def shared_claims(claims: Sequence[Claim]) -> tuple[Claim, ...]:
    """The claims two or more independent reports make, and every conflicting claim."""
    return tuple(claim for claim in claims if claim.status != "one")


def outlet_exclusives(
    claims: Sequence[Claim], copies: Sequence[DuplicateGroup], labels: Mapping[str, str]
) -> tuple[OutletExclusive, ...]:
    """What each independent report alone states, most important first.

    `labels` maps article id -> how readers see it (outlet, else "article n"). A wire story and its reprints
    are one report, listed under the fullest copy."""
    if len(set(labels.values())) < 2 and not copies:
        return ()  # one article: nothing to compare against
    members: dict[str, list[str]] = {}
    representative = report_of(copies)
    for article_id in labels:
        members.setdefault(representative.get(article_id, article_id), []).append(article_id)
    if len(members) < 2:
        return ()
    by_report: dict[str, list[Claim]] = {}
    for claim in claims:
        if claim.status == "one":
            report = representative.get(claim.evidence[0].span.article_id, claim.evidence[0].span.article_id)
            by_report.setdefault(report, []).append(claim)
    exclusives = [
        OutletExclusive(
            outlet=labels[report],
            article_ids=tuple(members[report]),
            claims=tuple(sorted(found, key=lambda c: (-c.importance, c.evidence[0].span.start))),
        )
        for report, found in by_report.items()
    ]
    return tuple(sorted(exclusives, key=lambda e: (e.outlet, e.article_ids)))


def _claim(
    text: str,
    evidence: tuple[Evidence, ...],
    report: Mapping[str, str],
    total_reports: int,
    importance: Mapping[Span, float],
) -> Claim:
    reports = len({report[e.span.article_id] for e in evidence})
    status = "one" if reports < 2 else "all" if reports == total_reports else "several"
    return Claim(
        text=text,
        evidence=evidence,
        status=status,
        importance=round(max(importance.get(e.span, 0.0) for e in evidence) * reports, 4),
    )


def _claim_order(claim: Claim, report: Mapping[str, str], order: Mapping[str, int]) -> tuple[float, ...]:
    reports = len({report[e.span.article_id] for e in claim.evidence})
    first = claim.evidence[0].span
    return (claim.status != "conflicting", -reports, -claim.importance, order[first.article_id], first.start)


def _importance(
    articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]], report: Mapping[str, str]
) -> dict[Span, float]:
    """How central a sentence is to the event: the mean share of independent reports that use its content
    words, weighed down the later it comes in its article (a lead paragraph states what matters)."""
    words_of_report: dict[str, set[str]] = {}
    for article in articles:
        found = words_of_report.setdefault(report[article.id], set())
        for sentence in sentences[article.id]:
            found.update(content_stems(sentence.text))
    usage: Counter[str] = Counter()
    for found in words_of_report.values():
        usage.update(found)
    total = len(words_of_report)
    importance: dict[Span, float] = {}
    for article in articles:
        count = max(1, len(sentences[article.id]))
        for sentence in sentences[article.id]:
            stems = set(content_stems(sentence.text))
            if not stems:
                importance[sentence.span] = 0.0
                continue
            centrality = sum(usage[stem] for stem in stems) / (len(stems) * total)
            importance[sentence.span] = centrality * (1.0 - 0.5 * sentence.index / count)
    return importance


@dataclass(frozen=True, slots=True)
class _Comparison:
    """Linked values across reports, before they are attached to a claim."""

    values: tuple[_Value, ...]
    result: ValueComparison


def _value_comparisons(
    eligible: Mapping[Span, Sentence],
    index: SentenceIndex,
    report: Mapping[str, str],
    references: Mapping[str, str],
) -> list[_Comparison]:
    # One value list per report: the copies of a wire story give the same figures and would only repeat them.
    seen_reports: dict[str, str] = {}
    values: list[_Value] = []
    for span in sorted(eligible, key=lambda s: (s.article_id, s.start)):
        owner = report[span.article_id]
        if seen_reports.setdefault(owner, span.article_id) != span.article_id:
            continue
        sentence = eligible[span]
        values += [_Value(q, sentence, owner) for q in find_quantities(sentence) if _worth_comparing(q)]
        values += [_Value(t, sentence, owner) for t in find_times(sentence)]
        reference = references.get(span.article_id, "")
        values += [_Value(d, sentence, owner) for d in find_dates(sentence, reference)]
    parent = list(range(len(values)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Report -> the sentence its values in a component come from: one report gives one figure for a thing,
    # so two of its sentences in one component would be two things chained together by other reports.
    sentence_of: dict[int, dict[str, Span]] = {i: {v.report: v.sentence.span} for i, v in enumerate(values)}
    windows = [_window(v, index) for v in values]
    actions: dict[Span, frozenset[str]] = {}
    # Only values of one kind can link, and values of different kinds never share a component: each group is
    # walked on its own, its pairs in the order of a walk over all pairs.
    groups: dict[tuple[object, ...], list[int]] = {}
    for i, value in enumerate(values):
        key = _link_key(value)
        if key is not None:
            groups.setdefault(key, []).append(i)
    pairs = ((i, j) for members in groups.values() for n, i in enumerate(members) for j in members[n + 1 :])
    for i, j in pairs:
        a, b = values[i], values[j]
        if a.report == b.report:
            continue
        context = cosine(windows[i], windows[j])
        if context < AGREE_CONTEXT_COSINE and not _same_count(a, b):
            continue
        if not (_compare([a, b]).compatible and isinstance(a.value, Quantity)) or _small_count(a):
            score = cosine(index.vectors[a.sentence.span], index.vectors[b.sentence.span])
            if context < CONFLICT_CONTEXT_COSINE or not _same_statement(a.sentence, b.sentence, score, actions):
                continue
        left, right = sentence_of[root(i)], sentence_of[root(j)]
        if left is right or any(left[r] != right[r] for r in left.keys() & right.keys()):
            continue
        parent[root(j)] = root(i)
        left.update(right)
        sentence_of[root(i)] = left
    components: dict[int, list[int]] = {}
    for i in range(len(values)):
        components.setdefault(root(i), []).append(i)
    comparisons = []
    for members in components.values():
        if len({values[i].report for i in members}) < 2:
            continue
        linked = tuple(values[i] for i in members)
        comparison = _compare(linked)
        if comparison.dimension == "date" and comparison.compatible:
            continue  # dates that agree are the timeline's business; only a disagreement is news here
        comparisons.append(_Comparison(linked, comparison))
    return comparisons


# Counts of one and two recur for different things in one event ("two children", "one of the two missing
# passengers"), and people/times/years are too broad to name one thing.
_SAME_COUNT_MIN = 3
_GENERIC_COUNTED = frozenset(["peopl", "person", "time", "year", "day", "hour", "week", "month", "minut"])

# Words on each side of a value that say what it is about ("Kati, a town 15 kilometers from Bamako").
_WINDOW_WORDS = 8


def _window(value: _Value, index: SentenceIndex) -> dict[str, float]:
    """The sentence's IDF weights, kept for the content words near the value."""
    sentence = value.sentence
    start = value.value.span.start - sentence.span.start
    end = value.value.span.end - sentence.span.start
    before = sentence.text[:start].split()[-_WINDOW_WORDS:]
    after = sentence.text[end:].split()[:_WINDOW_WORDS]
    near = set(content_stems(" ".join(before + after)))
    weights = index.vectors[sentence.span]
    return {term: weight for term, weight in weights.items() if term in near}


def _same_count(a: _Value, b: _Value) -> bool:
    """Whether two reports give the same count of the same specific thing ("Four firefighters" in both),
    which names what the figure is about as well as the words around it would."""
    if not (isinstance(a.value, Quantity) and isinstance(b.value, Quantity)):
        return False
    first, second = a.value, b.value
    return (
        first.dimension == second.dimension == "count"
        and first.counted == second.counted
        and first.counted not in _GENERIC_COUNTED
        and first.value == second.value
        and first.low == first.high == second.low == second.high
        and first.value >= _SAME_COUNT_MIN
    )


def _small_count(value: _Value) -> bool:
    """A count of one or two, which names nothing by itself: two sentences that both mention "two missing
    passengers" may say different things about them, so they link only when they make the same statement."""
    quantity = value.value
    return isinstance(quantity, Quantity) and quantity.dimension == "count" and quantity.value < _SAME_COUNT_MIN


def _worth_comparing(quantity: Quantity) -> bool:
    # A bare number with nothing counted ("Keita, 75,") cannot be matched to anything with confidence.
    return quantity.dimension != "count" or bool(quantity.counted)


def _link_key(value: _Value) -> tuple[object, ...] | None:
    """Values link only when their keys are equal: dates at one precision ("2012" against "2012-03-21" is a
    different statement, not a clash), quantities that are `comparable`."""
    if isinstance(value.value, DateMention):
        return ("date", len(value.value.date))
    key = comparison_key(value.value)
    return None if key is None else ("quantity", *key)


def _compare(values: Sequence[_Value]) -> ValueComparison:
    if isinstance(values[0].value, DateMention):
        return compare_dates([v.value for v in values if isinstance(v.value, DateMention)])
    return compare_quantities([v.value for v in values if isinstance(v.value, Quantity)])


def _attach_comparisons(
    claims: list[Claim],
    comparisons: Sequence[_Comparison],
    report: Mapping[str, str],
    index: SentenceIndex,
    total_reports: int,
    importance: Mapping[Span, float],
) -> list[Claim]:
    """Put each comparison on the claim holding all its sentences, or make it a claim of its own."""
    claims = list(claims)
    # Merged claims stay in the list as gaps, so positions stay fixed and the last claim holding each span is
    # kept up to date as claims are added, not looked up again for every comparison.
    removed: set[int] = set()
    holder: dict[Span, int] = {}
    _hold(claims, 0, holder)
    for comparison in comparisons:
        spans = list(dict.fromkeys(v.sentence.span for v in comparison.values))
        owners = {holder[span] for span in spans if span in holder}
        known = len(claims)
        if len(owners) == 1:
            owner = owners.pop()
            claim = claims[owner]
            claims[owner] = replace(claim, comparisons=(*claim.comparisons, comparison.result))
            claims += _give_back(claims, owner, spans, index, report, total_reports, importance)
            _hold(claims, known, holder)
            continue
        # The values span several claims: one claim now holds them all, absorbing every claim whose
        # sentences all give these values, so one statement is not listed twice. A claim led by one of the
        # value sentences is extended; otherwise the sentence of the most important claim leads a new one.
        absorbed = {p for p in owners if all(e.span in spans for e in claims[p].evidence)}
        value_spans = {v.value.span for v in comparison.values}
        leaders = [
            p
            for p in owners
            if claims[p].evidence[0].span in spans
            and not _states_more(index.sentences[claims[p].evidence[0].span], value_spans)
        ]
        target = max(leaders, key=lambda p: (claims[p].importance, -p)) if leaders else None
        first = (
            claims[target].evidence[0].span
            if target is not None
            else min(spans, key=lambda s: (-importance.get(s, 0.0), s.article_id, s.start))
        )
        evidence = list(claims[target].evidence) if target is not None else [Evidence(first, 1.0)]
        held = {e.span for e in evidence}
        evidence += [
            Evidence(span, round(cosine(index.vectors[first], index.vectors[span]), 3))
            for span in spans
            if span not in held
        ]
        merged = sorted(absorbed | ({target} if target is not None else set()))
        kept_comparisons = tuple(c for p in merged for c in claims[p].comparisons)
        claim = _claim(index.sentences[first].text, tuple(evidence), report, total_reports, importance)
        strongest = max([importance.get(span, 0.0) for span in spans] + [claims[p].importance for p in merged])
        removed.update(merged)
        claims.append(replace(claim, comparisons=(*kept_comparisons, comparison.result), importance=strongest))
        claims += _give_back(claims, len(claims) - 1, spans, index, report, total_reports, importance)
        _hold(claims, known, holder)
    return [
        replace(claim, status="conflicting")
        if any(not comparison.compatible for comparison in claim.comparisons)
        else claim
        for position, claim in enumerate(claims)
        if position not in removed
    ]


def _hold(claims: Sequence[Claim], start: int, holder: dict[Span, int]) -> None:
    """Record the claims from `start` on as the last to hold their sentences."""
    for position in range(start, len(claims)):
        for item in claims[position].evidence:
            holder[item.span] = position


def _states_more(sentence: Sentence, value_spans: set[Span]) -> bool:
    """Whether `sentence` gives figures besides `value_spans`: "The fire started at 4.40am and was declared under
    control at about 3pm" makes two statements, so the claim it leads (about the second) is kept as it is and
    the comparison of the first gets a claim of its own, both citing the sentence."""
    others = [q.span for q in find_quantities(sentence) if _worth_comparing(q)] + [t.span for t in find_times(sentence)]
    return any(span not in value_spans for span in others)


def _give_back(
    claims: list[Claim],
    position: int,
    value_spans: Sequence[Span],
    index: SentenceIndex,
    report: Mapping[str, str],
    total_reports: int,
    importance: Mapping[Span, float],
) -> list[Claim]:
    """Keep only the value sentence of each article that gives one; its other sentences in the claim (matched
    by wording: "All four were in a stable condition at Ellery General Hospital" beside "Four firefighters
    were injured") leave it and stand as claims of their own, which are returned."""
    claim = claims[position]
    with_values = {span.article_id for span in value_spans}
    leaving = [
        e.span
        for e in claim.evidence
        if e.span.article_id in with_values and e.span not in value_spans and e.span != claim.evidence[0].span
    ]
    if not leaving:
        return []
    kept = tuple(e for e in claim.evidence if e.span not in leaving)
    claims[position] = replace(
        _claim(claim.text, kept, report, total_reports, importance),
        comparisons=claim.comparisons,
        importance=claim.importance,
    )
    return [
        _claim(index.sentences[span].text, (Evidence(span, 1.0),), report, total_reports, importance)
        for span in leaving
    ]


def _same_statement(a: Sentence, b: Sentence, score: float, actions: dict[Span, frozenset[str]]) -> bool:
    """Whether two sentences whose similarity is `score` make the same statement (`actions` caches _actions)."""
    if score < SAME_CONTENT_COSINE:
        return False
    if score >= CLEAR_SAME_COSINE:
        return True
    for sentence in (a, b):
        if sentence.span not in actions:
            actions[sentence.span] = _actions(sentence.text)
    return bool(actions[a.span] & actions[b.span])


def _actions(text: str) -> frozenset[str]:
    """What a sentence says happened, roughly: its action words (by class) and past-tense verbs."""
    found = set()
    for word in tokens(text):
        word_stem = stem(word)
        name = _ACTION.get(word_stem) or _ACTION.get(word)
        if name:
            found.add(name)
        elif word.endswith("ed") and len(word) > 4 and word not in _NOT_ACTIONS:
            found.add(word_stem)
    return frozenset(found)
