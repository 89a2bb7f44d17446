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

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache, partial

from .dates import compare_dates, find_dates, same_date
from .duplicates import report_of
from .quantities import compare_quantities, comparison_key, compatible, find_quantities, find_times
from .select import is_caption, is_fragment
from .similarity import SAME_CONTENT_COSINE, SentenceIndex, cosine, norm
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
    SummarySentence,
    ValueComparison,
)
from .unionfind import find_root
from .words import STOPWORDS, content_counts, content_stems, sentence_tokens, stem, word_count

# A sentence repeated inside one article joins its claim as evidence. Mali: repeats 0.93-1.0, the closest two
# distinct statements of one article 0.71 (docs/tuning.md).
REPEAT_COSINE = 0.8

# Claims come from every sentence this long, not only summary candidates (a quotation's second half is often
# shared). Labelled events, 68 claims: recall 0.44 at 3-4 words, 0.43 at 5-6, 0.40 summary candidates only.
CLAIM_MIN_WORDS = 4

# Between SAME_CONTENT_COSINE and this, sentences must also share what happened (a verb or action class):
# "Divers resumed the search" / "Divers found the body" score 0.42. Drops 3 of 7 wrong pairs and 1 right in
# Mali, 2 wrong and none right on the labelled events (docs/tuning.md).
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

# Cosine of the words within _WINDOW_WORDS of two values: agreeing values link more freely than clashing ones
# (a clash also needs `_same_statement`). Mali and bridge-collapse: same figure 0.06-0.6 (each with a partner
# at 0.15+), different things 0.0-0.11 (docs/tuning.md).
AGREE_CONTEXT_COSINE = 0.12
QUOTED = "the sentence quoted"
REPEATED = "the same sentence again in this article"
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
    in_paragraph = Counter((s.span.article_id, s.paragraph) for a in articles for s in sentences[a.id])
    eligible: dict[Span, Sentence] = {}
    for a in articles:
        for s in sentences[a.id]:
            words = word_count(s.text)
            if words >= CLAIM_MIN_WORDS and not is_caption(s, in_paragraph[(a.id, s.paragraph)], words):
                eligible[s.span] = s
    index.find_all(eligible)
    # The eligible sentences numbered in article and text order: the loops below index lists by number
    # rather than look spans up in dicts.
    listed = list(eligible.values())
    number = {span: n for n, span in enumerate(eligible)}
    text_group = [index.group(span) for span in eligible]
    fragment = [is_fragment(sentence.text) for sentence in listed]
    importance = _importance(articles, sentences, report)
    order = {article.id: rank for rank, article in enumerate(sorted(articles, key=lambda a: a.id))}

    # Text group -> its eligible sentences (a group no eligible sentence is in has none to match).
    members = {group: [number[s] for s in index.spans(group) if s in number] for group in dict.fromkeys(text_group)}

    reasons: dict[tuple[str, str, float], str] = {}  # (text, matching text, score) -> `statement_support`
    # Sentences with one text (reprints) have one set of matches: the best match in each article is found
    # once for all of them (in article order), and each leaves out its own article.
    best_of_text: dict[tuple[int, str], list[tuple[Evidence, int]]] = {}
    reports_of_text: dict[tuple[int, str], set[str]] = {}  # the reports of those best matches
    # Text group -> article -> the sentences of that article it matches closely enough to be repeats.
    close: dict[int, dict[str, list[tuple[Evidence, int]]]] = {}

    def repeats_of(n: int) -> dict[str, list[tuple[Evidence, int]]]:
        """The sentences each article gives that repeat sentence `n`'s text, with their numbers."""
        group = text_group[n]
        if group not in close:
            repeats: dict[str, list[tuple[Evidence, int]]] = {}
            close[group] = repeats
            for other_group, exact in index.match_groups(listed[n]):
                score = round(exact, 3)
                if score >= REPEAT_COSINE:
                    for m in members.get(other_group, ()):
                        other = listed[m]
                        repeats.setdefault(other.span.article_id, []).append((Evidence(other.span, score, REPEATED), m))
        return close[group]

    def best_per_article(n: int) -> list[tuple[Evidence, int]]:
        """The best match of sentence `n` in each article (its own included), with its number."""
        sentence, group = listed[n], text_group[n]
        key = (group, sentence.text)
        if key in best_of_text:
            return best_of_text[key]
        best: dict[str, tuple[Evidence, int]] = {}
        for other_group, exact in index.match_groups(sentence):
            score = round(exact, 3)
            for m in members.get(other_group, ()):
                other = listed[m]
                why = (sentence.text, other.text, score)
                reason = reasons.get(why)
                if reason is None:
                    reason = reasons[why] = statement_support(sentence, other, score)
                if not reason:
                    continue
                held = best.get(other.span.article_id)
                if held is None or (score, -other.span.start) > (held[0].score, -held[0].span.start):
                    best[other.span.article_id] = (Evidence(other.span, score, reason), m)
        found = best_of_text[key] = sorted(best.values(), key=lambda pair: order[pair[0].span.article_id])
        reports_of_text[key] = {report[e.span.article_id] for e, _ in found}
        return found

    def pivot_key(n: int) -> tuple[float, ...]:
        span = listed[n].span
        own = span.article_id
        found = best_per_article(n)
        # Leaving out its own article's match leaves its reports as they were, once its own is counted.
        reports = reports_of_text[(text_group[n], listed[n].text)]
        return (
            -(len(reports) + (report[own] not in reports)),
            fragment[n],
            -sum(e.score for e, _ in found if e.span.article_id != own),
            -importance[span],
            order[span.article_id],
            span.start,
        )

    assigned = [False] * len(listed)
    claims = []
    for n in sorted(range(len(listed)), key=pivot_key):
        if assigned[n]:
            continue
        span = listed[n].span
        group = [(Evidence(span, 1.0, QUOTED), n)]
        group += [(e, m) for e, m in best_per_article(n) if e.span.article_id != span.article_id and not assigned[m]]
        # Each member's repeats in its own article join too, or they would stand as that outlet's own claim.
        in_group = {m for _, m in group}
        repeats: dict[int, Evidence] = {}
        for member, m in group:
            for e, other in repeats_of(m).get(member.span.article_id, ()):
                if other != m and other not in in_group:
                    repeats[other] = e
        group += [(e, m) for m, e in sorted(repeats.items(), key=lambda item: item[1].span.start) if not assigned[m]]
        for _, m in group:
            assigned[m] = True
        if len(group) == 1 and fragment[n]:
            continue  # a piece of a quotation or a question alone is not a statement a reader can take
        evidence = tuple(e for e, _ in group)
        claims.append(_claim(listed[n].text, evidence, report, total_reports, importance))
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
    checked = _one_per_wording(checked, report, total_reports)
    checked = _with_related_statements(checked, index, report)
    return tuple(sorted(checked, key=lambda c: _claim_order(c, report, order)))


# A statement no other report makes, but which another report's sentence echoes: the same named actors and
# the same action anywhere in the sentence, with content words overlapping at this cosine or more (below the 0.35 of the
# support test). Such sentences are shown as partial matches, never as support. On the Mali example this finds
# "Fears of a coup in Mali are growing after mutinous troops today seized the country's president" in
# "Soldiers in Mali ... detained senior military officers in an apparent mutiny, raising fears of a coup".
RELATED_COSINE = 0.2


def _with_related_statements(claims: Sequence[Claim], index: SentenceIndex, report: Mapping[str, str]) -> list[Claim]:
    """Claims no other report supports, given the best sentence of each other report that shares their named
    actors and action (`partial`), so that "only in X" is said only when nothing else comes near."""
    if len(set(report.values())) < 2:  # one report (a page briefed alone): no other can come near
        return list(claims)
    # Only sentences sharing a name qualify: the index is searched among them.
    names_of = {text: _names(text) for text in {sentence.text for sentence in index.sentences.values()}}
    named: dict[int, set[str]] = {}
    for span, sentence in index.sentences.items():
        if names_of[sentence.text]:
            named.setdefault(index.group(span), set()).update(names_of[sentence.text])
    queries = [
        index.sentences[claim.evidence[0].span]
        for claim in claims
        if claim.status == "one" and claim.part == "statement" and not claim.partial
    ]
    queries = [sentence for sentence in queries if names_of[sentence.text]]
    # A match from the statement's own report is never shown: `apart` spares scoring it.
    found = index.similar_sharing(queries, RELATED_COSINE, named, apart=report)
    related = dict(zip((q.span for q in queries), found, strict=True))
    updated = []
    for claim in claims:
        if claim.status != "one" or claim.part != "statement" or claim.partial:
            updated.append(claim)
            continue
        sentence = index.sentences[claim.evidence[0].span]
        own = report[sentence.span.article_id]
        names = names_of[sentence.text]
        if not names:
            updated.append(claim)
            continue
        best: dict[str, Evidence] = {}
        for item in related[sentence.span]:
            other = index.sentences[item.span]
            owner = report[item.span.article_id]
            if owner == own or not names & names_of[other.text]:
                continue
            shared = _actions(sentence.text) & _actions(other.text)
            if not shared:
                continue
            held = best.get(owner)
            if held is None or item.score > held.score:
                words = " / ".join(dict.fromkeys(_action_words(other.text, shared)))
                reason = f"same people or places and the same action ({words}), word overlap {item.score:.2f}"
                best[owner] = replace(item, reason=reason)
        ordered = sorted(best.values(), key=lambda e: (e.span.article_id, e.span.start))
        updated.append(replace(claim, partial=tuple(ordered)) if ordered else claim)
    return updated


# A capitalized word after a space (the space taken with it: the scan tries spaces, not every character).
_NAME_AFTER_SPACE = re.compile(r"\s([A-Z][a-z]+)")


# A capitalized word is a stopword when its lower case is one ("The"): only the first letter can differ.
_CAPITALIZED_STOPWORDS = frozenset(word.capitalize() for word in STOPWORDS)


def _names(text: str) -> frozenset[str]:
    """Capitalized words after the first: the named people, places and organizations, roughly."""
    return frozenset(_NAME_AFTER_SPACE.findall(text)).difference(_CAPITALIZED_STOPWORDS)


def _one_per_wording(claims: Sequence[Claim], report: Mapping[str, str], total_reports: int) -> list[Claim]:
    """Statements worded identically, merged into the first: a reader sees one statement, listed once, whatever
    split its sentences apart ("His bond was set at $100,000." said of seven people in one article)."""
    first: dict[str, int] = {}
    merged: list[Claim] = []
    for claim in claims:
        key = " ".join(claim.text.split()).casefold()
        if claim.part != "statement" or key not in first:
            if claim.part == "statement":
                first[key] = len(merged)
            merged.append(claim)
            continue
        held = merged[first[key]]
        spans = {h.span for h in held.evidence}
        evidence = held.evidence + tuple(replace(e, reason=REPEATED) for e in claim.evidence if e.span not in spans)
        status = _claim(held.text, evidence, report, total_reports, {}).status
        merged[first[key]] = replace(
            held, evidence=evidence, status="conflicting" if held.status == "conflicting" else status
        )
    return merged


def whole_sentences(claims: Sequence[Claim], sentences: Mapping[str, Sequence[Sentence]]) -> tuple[Claim, ...]:
    """Claims no other report makes, shown as the whole sentence they are part of: a quotation cut into its
    sentences for comparison ("Reuters quoted an official as saying, “Yes, mutiny.") reads as a fragment.
    A sentence is widened only when none of its parts is shared, and then listed once."""
    enclosing: dict[Span, Sentence] = {}
    for article_sentences in sentences.values():
        for sentence in article_sentences:
            enclosing[sentence.span] = sentence
    by_article: dict[str, list[Sentence]] = {}
    for sentence in enclosing.values():
        by_article.setdefault(sentence.span.article_id, []).append(sentence)
    starts = {article_id: [s.span.start for s in found] for article_id, found in by_article.items()}

    def whole(span: Span) -> Sentence | None:
        # An article's sentences follow each other without overlapping: only the last to start at or before
        # the span can hold it.
        at = bisect_right(starts.get(span.article_id, ()), span.start) - 1
        if at < 0:
            return None
        found = by_article[span.article_id][at]
        return found if found.span.end >= span.end and found.span != span else None

    shared = {whole(e.span) for c in claims if c.status != "one" for e in c.evidence}
    widened: list[Claim] = []
    done: set[Span] = set()
    for claim in claims:
        around = whole(claim.evidence[0].span) if claim.status == "one" and claim.part == "statement" else None
        if around is None or around in shared:
            widened.append(claim)
        elif around.span not in done:
            done.add(around.span)
            first = replace(claim.evidence[0], span=around.span)
            widened.append(replace(claim, text=around.text, evidence=(first, *claim.evidence[1:])))
    return tuple(widened)


def supported_summary(summary: Sequence[SummarySentence], claims: Sequence[Claim]) -> tuple[SummarySentence, ...]:
    """The summary sentences with the evidence of the claims they hold, so that a sentence names the same outlets
    in the summary as in the agreement table, the exclusives and the timeline.

    A sentence that quotes several sentences holds a claim for each; an outlet supports it when it makes every
    one of them (those too short or too partial to be claims aside)."""
    holder = {e.span: claim for claim in claims if claim.part == "statement" for e in claim.evidence}
    by_article: dict[str, list[Span]] = {}
    for span in holder:
        by_article.setdefault(span.article_id, []).append(span)
    supported = []
    for sentence in summary:
        own = replace(sentence.evidence[0], score=1.0, reason=QUOTED)
        inner = [
            holder[span]
            for span in sorted(by_article.get(own.span.article_id, ()), key=lambda s: s.start)
            if own.span.start <= span.start and span.end <= own.span.end
        ]
        parts = list(dict.fromkeys(inner))
        if not parts:
            supported.append(replace(sentence, evidence=(own,)))
            continue
        evidence = [own]
        for item in parts[0].evidence:
            article_id = item.span.article_id
            if article_id in {e.span.article_id for e in evidence}:
                continue
            if all(any(e.span.article_id == article_id for e in part.evidence) for part in parts[1:]):
                reason = item.reason if len(parts) == 1 else f"makes each of its {len(parts)} statements"
                evidence.append(replace(item, reason=reason))
        listed = {e.span.article_id for e in evidence}
        partial = {e.span: e for part in parts for e in part.partial if e.span.article_id not in listed}
        supported.append(replace(sentence, evidence=tuple(evidence), partial=tuple(partial.values())))
    return tuple(supported)


def _reports(articles: Sequence[Article], copies: Sequence[DuplicateGroup]) -> dict[str, str]:
    """Article id -> the id of the independent report it belongs to."""
    return {article.id: article.id for article in articles} | report_of(copies)


def shared_claims(claims: Sequence[Claim]) -> tuple[Claim, ...]:
    """The claims two or more independent reports make, and every conflicting claim."""
    return tuple(claim for claim in claims if claim.status != "one")


def outlet_exclusives(
    claims: Sequence[Claim], copies: Sequence[DuplicateGroup], labels: Mapping[str, str]
) -> tuple[OutletExclusive, ...]:
    """What each independent report alone states, most important first, and apart from it what it states in
    full while others share part of it (a figure).

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

    def ranked(found: list[Claim]) -> tuple[Claim, ...]:
        return tuple(sorted(found, key=lambda c: (-c.importance, c.evidence[0].span.start)))

    exclusives = [
        OutletExclusive(
            outlet=labels[report],
            article_ids=tuple(members[report]),
            claims=ranked([c for c in found if not c.partial]),
            partly_shared=ranked([c for c in found if c.partial]),
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
    stems_of: dict[str, Mapping[str, int]] = {}  # by text: reprints repeat their original's sentences
    for article in articles:
        for sentence in sentences[article.id]:
            if sentence.text not in stems_of:
                stems_of[sentence.text] = content_counts(sentence.text)  # its keys are the stems
    words_of_report: dict[str, set[str]] = {}
    for article in articles:
        found = words_of_report.setdefault(report[article.id], set())
        for sentence in sentences[article.id]:
            found.update(stems_of[sentence.text])
    usage: Counter[str] = Counter()
    for found in words_of_report.values():
        usage.update(found)
    total = len(words_of_report)
    importance: dict[Span, float] = {}
    for article in articles:
        count = max(1, len(sentences[article.id]))
        for sentence in sentences[article.id]:
            stems = stems_of[sentence.text]
            if not stems:
                importance[sentence.span] = 0.0
                continue
            centrality = sum(map(usage.__getitem__, stems)) / (len(stems) * total)
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

    root = partial(find_root, parent)

    # Report -> the value it gives in a component: one report gives one figure for a thing, so two of its
    # values in one component would be two things chained together by other reports ("353 knots ... about 100
    # knots too slow" in two reports pairs the speeds and the shortfalls, never a speed with a shortfall).
    value_of: dict[int, dict[str, int]] = {i: {v.report: i} for i, v in enumerate(values)}
    windows = [_window(v, index) for v in values]
    window_norms = [norm(window) for window in windows]  # each window is compared with many
    # Only values of one kind can link: each kind's values are paired among themselves (the pairs are sorted
    # below, so the order they are found in does not matter).
    kinds: dict[tuple[object, ...], list[int]] = {}
    for i, value in enumerate(values):
        key = _link_key(value)
        if key is not None:
            kinds.setdefault(key, []).append(i)
    pairs: list[tuple[bool, float, int, int]] = []
    for i, j in (pair for members in kinds.values() for pair in _candidate_pairs(members, values, windows)):
        a, b = values[i], values[j]
        if a.report == b.report or _vacuous(a, b):
            continue
        context = cosine(windows[i], windows[j], (window_norms[i], window_norms[j]))
        if context < AGREE_CONTEXT_COSINE and not _same_count(a, b):
            continue
        agree = _agree(a, b)
        if not (agree and isinstance(a.value, Quantity)) or _small_count(a):
            one, two = a.sentence.span, b.sentence.span
            score = cosine(index.vectors[one], index.vectors[two], (index.norms[one], index.norms[two]))
            if context < CONFLICT_CONTEXT_COSINE or not _same_statement(a.sentence, b.sentence, score):
                continue
        pairs.append((not agree, -context, i, j))
    # Values that agree are paired first, closest context first: a clash is only reported between values that
    # found no agreeing partner in the other report.
    for _clash, _context, i, j in sorted(pairs):
        left, right = value_of[root(i)], value_of[root(j)]
        if left is right or left.keys() & right.keys():
            continue
        parent[root(j)] = root(i)
        left.update(right)
        value_of[root(i)] = left
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


def _candidate_pairs(
    members: Sequence[int], values: Sequence[_Value], windows: Sequence[Mapping[str, float]]
) -> list[tuple[int, int]]:
    """The pairs (i < j) of `members` that can link: their windows share a word (else their context cosine
    is 0) or they give the same count of one thing (`_same_count`)."""
    sharing: dict[object, list[int]] = {}
    for i in members:
        for term in windows[i]:
            sharing.setdefault(term, []).append(i)
        count = _count_key(values[i])
        if count is not None:
            sharing.setdefault(count, []).append(i)
    pairs = {(i, j) for holders in sharing.values() for n, i in enumerate(holders) for j in holders[n + 1 :]}
    return sorted(pairs)


def _count_key(value: _Value) -> tuple[str, float, float] | None:
    """What `_same_count` compares of a count of a specific thing, exact, three or more (None for any other
    value): the thing counted and the count."""
    quantity = value.value
    if not (
        isinstance(quantity, Quantity)
        and quantity.dimension == "count"
        and quantity.counted not in _GENERIC_COUNTED
        and quantity.low == quantity.high
        and quantity.value >= _SAME_COUNT_MIN
    ):
        return None
    return (quantity.counted, quantity.value, quantity.low)


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
    key = _count_key(a)
    return key is not None and key == _count_key(b)


def _small_count(value: _Value) -> bool:
    """A count of one or two, which names nothing by itself: two sentences that both mention "two missing
    passengers" may say different things about them, so they link only when they make the same statement."""
    quantity = value.value
    return isinstance(quantity, Quantity) and quantity.dimension == "count" and quantity.value < _SAME_COUNT_MIN


# A bound ("up to 50 km", "less than 10 miles") and a figure agree only when the figure is near the bound's
# end: "up to 50 km" says nothing about "around 6 miles", though both can be true. 25% is the tolerance
# approximate figures get (quantities.APPROXIMATE_TOLERANCE).
_BOUND_NEAR = 0.25


def _vacuous(a: _Value, b: _Value) -> bool:
    """Whether one value is a one-sided bound and the other a figure far inside it: compatible, but not the
    same figure, so they are not linked."""
    if not (isinstance(a.value, Quantity) and isinstance(b.value, Quantity)):
        return False
    for bound, figure in ((a.value, b.value), (b.value, a.value)):
        end = _bound_end(bound)
        if end is not None and _bound_end(figure) is None and abs(figure.value - end) > _BOUND_NEAR * end:
            return True
    return False


def _bound_end(quantity: Quantity) -> float | None:
    """The finite end of a one-sided bound ("up to 50 km" -> 50000, "at least 14" -> 14), else None."""
    if quantity.high == float("inf") and quantity.low > 0:
        return quantity.low
    if quantity.low <= 0 < quantity.high != float("inf") and quantity.value in (quantity.high, 0):
        return quantity.high
    return None


def _worth_comparing(quantity: Quantity) -> bool:
    # A bare number with nothing counted ("Keita, 75,") cannot be matched to anything with confidence.
    return quantity.dimension != "count" or bool(quantity.counted)


def _link_key(value: _Value) -> tuple[object, ...] | None:
    """Values link only when their keys are equal: dates at one precision ("2012" against "2012-03-21" is a
    different statement, not a clash), quantities that are `comparable` (None: linkable with none)."""
    if isinstance(value.value, DateMention):
        return ("date", len(value.value.date))
    key = comparison_key(value.value)
    return None if key is None else ("quantity", *key)


def _agree(a: _Value, b: _Value) -> bool:
    """Whether two values of one kind (equal `_link_key`s) can both be true: `_compare` of the pair without its
    explanation, which pairs that are never linked do not need."""
    if isinstance(a.value, Quantity) and isinstance(b.value, Quantity):
        return compatible(a.value, b.value)  # equal link keys make them `comparable`
    if isinstance(a.value, DateMention) and isinstance(b.value, DateMention):
        return same_date(a.value.date, b.value.date)
    return False  # not asked: values of one kind are both dates or both quantities


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
    # The last claim holding each sentence, kept up to date: a claim only loses sentences to claims added
    # after it, so recording each added claim's sentences is enough.
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
        # The values span several claims: the reports share the figure, not necessarily the sentences that
        # give it ("Bamako, about 15 kilometres south of Kati" in a sentence about fleeing workers, "a base
        # in Kati about ten miles away" in one about the president). The figure becomes an item of its own,
        # each report's sentence its evidence; the sentences' own claims keep the outlets that make them.
        claims.append(_figure_claim(comparison, spans, index, report, total_reports, importance))
        _hold(claims, known, holder)
    claims = _with_partial_support(claims, report)
    return [
        replace(claim, status="conflicting")
        if any(not comparison.compatible for comparison in claim.comparisons)
        else claim
        for claim in claims
    ]


def _hold(claims: Sequence[Claim], start: int, holder: dict[Span, int]) -> None:
    """Record the claims from `start` on as the last to hold their sentences."""
    for position in range(start, len(claims)):
        for item in claims[position].evidence:
            holder[item.span] = position


def _figure_claim(
    comparison: _Comparison,
    spans: Sequence[Span],
    index: SentenceIndex,
    report: Mapping[str, str],
    total_reports: int,
    importance: Mapping[Span, float],
) -> Claim:
    """The figure several reports share, with the sentence of each that gives it, the most central first."""
    value_of = {v.sentence.span: v.value for v in comparison.values}
    ordered = sorted(spans, key=lambda s: (-importance.get(s, 0.0), s.article_id, s.start))
    first = value_of[ordered[0]]
    evidence = tuple(
        Evidence(
            span,
            1.0 if span == ordered[0] else round(cosine(index.vectors[ordered[0]], index.vectors[span]), 3),
            f"gives the figure “{value_of[span].text}”",
        )
        for span in ordered
    )
    claim = _claim(first.text, evidence, report, total_reports, importance)
    return replace(claim, comparisons=(comparison.result,), part="figure")


def _with_partial_support(claims: Sequence[Claim], report: Mapping[str, str]) -> list[Claim]:
    """Claims no other report makes in full, given the sentences of other reports that share a figure with
    them: such a claim is not its outlet's alone."""
    sharing: dict[Span, list[Evidence]] = {}
    for claim in claims:
        if claim.part == "figure":
            for item in claim.evidence:
                sharing.setdefault(item.span, []).extend(
                    e for e in claim.evidence if report[e.span.article_id] != report[item.span.article_id]
                )
    updated = []
    for claim in claims:
        if claim.part == "statement" and claim.status == "one":
            others = {e.span: e for item in claim.evidence for e in sharing.get(item.span, ())}
            if others:
                claim = replace(
                    claim, partial=tuple(sorted(others.values(), key=lambda e: (e.span.article_id, e.span.start)))
                )
        updated.append(claim)
    return updated


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
        if e.span.article_id in with_values
        and e.span not in value_spans
        and e.span != claim.evidence[0].span
        and e.reason != REPEATED  # the same sentence again gives the same value: it stays
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
        _claim(index.sentences[span].text, (Evidence(span, 1.0, QUOTED),), report, total_reports, importance)
        for span in leaving
    ]


def _same_statement(a: Sentence, b: Sentence, score: float) -> bool:
    """Whether two sentences whose similarity is `score` make the same statement."""
    return bool(statement_support(a, b, score))


def statement_support(a: Sentence, b: Sentence, score: float) -> str:
    """Why `b` makes the statement of `a`, in words, or "" when it does not: the support test of a claim.

    Two sentences make one statement when their content words overlap clearly (IDF-weighted cosine
    CLEAR_SAME_COSINE or more), or overlap (SAME_CONTENT_COSINE or more) and say the same thing happened (a
    shared action word or past-tense verb)."""
    if score < SAME_CONTENT_COSINE:
        return ""
    if score >= CLEAR_SAME_COSINE:
        return f"same statement: word overlap {score:.2f}"
    clause_a, clause_b = _main_clause(a.text), _main_clause(b.text)
    shared = _actions(clause_a) & _actions(clause_b)
    if not shared:
        return ""
    words = _action_words(clause_a, shared) + _action_words(clause_b, shared)
    return f"same statement: word overlap {score:.2f} and the same action ({' / '.join(dict.fromkeys(words))})"


def _action_words(text: str, wanted: frozenset[str]) -> list[str]:
    """The words of `text` that say one of the `wanted` actions (as _actions names them)."""
    return [word for word in sentence_tokens(text) if (_word_action(word) or stem(word)) in wanted]


_SUBORDINATE = re.compile(r",|;|\b(?:after|where|when|while|since|because|which|who|whose|as|before|until)\b")


@lru_cache(maxsize=65536)  # a sentence is compared with many: 3,270 asks for 878 sentences at 100 articles
def _main_clause(text: str) -> str:
    """The sentence up to its first subordinate clause: what it says happened, not the background it gives
    ("Rescuers were pumping water ... after a flood trapped 23 miners" is about pumping, not trapping)."""
    cut = _SUBORDINATE.search(text, 1)
    return text[: cut.start()] if cut and len(text[: cut.start()].split()) >= 3 else text


@lru_cache(maxsize=65536)
def _actions(text: str) -> frozenset[str]:
    """What a sentence says happened, roughly: its action words (by class) and past-tense verbs (cached: the
    support test, value checks and the search for related statements read the same sentences)."""
    return frozenset(filter(None, map(_word_action, sentence_tokens(text))))


# A story's words recur from sentence to sentence: each is classed once (in C, through the cache).
@lru_cache(maxsize=65536)
def _word_action(word: str) -> str:
    """The action a word says, as `_actions` names it: its class, or its stem for a past-tense verb; ""
    for none."""
    word_stem = stem(word)
    name = _ACTION.get(word_stem) or _ACTION.get(word)
    if name:
        return name
    if word.endswith("ed") and len(word) > 4 and word not in _NOT_ACTIONS:
        return word_stem
    return ""
