"""People, organizations and places the articles name, with their roles, every mention, and the surface forms
merged ("Ibrahim Boubacar Keita", "Keita", "Mr Keita", "President Keita" are one actor).

Two steps, so that a recognizer can be swapped without touching the rest:

1. `find_names` (the recognizer) finds names in the sentences and says what kind each looks like: capitalized
   runs ("J. Peter Pham", "Ministry of Internal Security", "M5-RFP"), minus sentence openers, demonyms, dates
   and titles, with the kind from the gazetteer (storyline/gazetteer.py) and the words inside the name
   ("... Embassy", "... Desert").
2. `merge_names` reads the context of every name (titles and "Mr" before it, "the town of" before it, an
   apposition or "neighbourhood" after it), decides each name's kind by weighing all its mentions in the cluster,
   links acronyms to long forms and bare surnames to full names, and collects roles.

Rules rather than a statistical model: they scored at least as well as spaCy's small English model on the
labelled events in a sixth of the time, with no model download (docs/quality.md compares the two and lists
the known failures).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from operator import attrgetter
from typing import Final, TypeVar

from . import gazetteer as gz
from .gazetteer import fold
from .types import Actor, Article, Mention, Role, Sentence, Span
from .unionfind import find_root
from .words import STOPWORDS, speech_verb_forms, speech_verbs

PERSON = "person"
ORGANIZATION = "organization"
PLACE = "place"
KINDS = (PERSON, ORGANIZATION, PLACE)
# Evidence for "a person or an organization": "Dujarric added", "Trenitalia said". It goes to the person when
# the actor has a full name, a title or "Mr" (news introduces people by full name), else to the organization.
_SPEAKER = "speaker"

# What one piece of evidence counts toward a kind; a name takes the kind of the largest sum. Only the order
# matters: on four actor events F1 stays 0.991 for each weight over a range ten times wide or more, and drops
# once two steps meet (docs/tuning.md).
KNOWN = 100.0  # the gazetteer lists the name
DECISIVE = 10.0  # "Mr", a title, "Ministry of ...", "... Street", "the town of ..."
CUE = 3.0  # an apposition role, an age, "the M5-RFP coalition", "Kati, a town ...", an all-capital acronym
HINT = 1.0  # "in Bamako", "Dujarric said"
GUESS = 0.1  # the shape alone: two to four capitalized words are most often a person


@dataclass(frozen=True, slots=True)
class NameMention:
    """A name a recognizer found: `span` covers the name alone (no "the", no "'s"); `kind` is what the
    recognizer thinks it is ("" when it cannot tell) and `weight` how sure it is (see KNOWN .. GUESS)."""

    span: Span
    kind: str
    weight: float


def find_actors(articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]]) -> tuple[Actor, ...]:
    """The people, organizations and places the articles name, most widely named first.

    `sentences` are each article's sentences by article id (as `segment.split` gives them). The order of
    `articles` does not matter."""
    return _merged(articles, sentences, _names(articles, sentences))


# A name as the stages below pass it: (article id, start, end, kind, weight), what a `NameMention` holds
# without the two objects per name.
_Name = tuple[str, int, int, str, float]


# --- Tokens ---------------------------------------------------------------------------------------------------

# Words, keeping hyphens ("M5-RFP", "Secretary-General") and inner apostrophes ("N'Djamena") but not a
# possessive "'s"; initialisms with full stops ("U.S.") are one token.
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:(?:[-‐]|['’](?!s\b))[^\W_]+)*")
# (The apostrophe apart: a class of characters beyond Latin-1 in more than two runs costs 2 M instructions
# to compile, a table of the whole Basic Multilingual Plane.)
_POSSESSIVE_S = re.compile(r"[’”]s\b|'s\b")
# A word and the characters between it and the word before: nothing else lies between two words. `_WORD`, with
# look-aheads that let most words skip the initialism and the hyphen branches (the same words: a test
# compares them), and possessive repeats, which keep no places to backtrack to.
_GAP_AND_WORD = re.compile(
    r"([\W_]*+)((?=[^\W\d_]\.[^\W\d_]\.)(?:[^\W\d_]\.){2,}|[^\W_]++(?:(?=[-‐'’])(?:(?:[-‐]|['’](?!s\b))[^\W_]+)+|))"
)
_SPACES = frozenset(" \u00a0")
_OPENING_QUOTES = frozenset("‘“\"'«(")
# "anti-Keita", "then-President": the name or title after a lower-case prefix.
_LOWER_PREFIXES = frozenset(["anti", "pro", "then", "ex", "former", "non", "post", "pre", "neo", "mid"])
# Lower-case words that join the parts of a person's or place's name: "Charles de Gaulle", "Rio de Janeiro".
_PARTICLES = frozenset(
    "de da do dos das del della di du des la le van von der den ter bin ibn bint al el ben y zu af".split()  # noqa: SIM905
)
# Abbreviations that end with a full stop inside a name or title: "Mr. Keita", "Gen. Sanogo", "St. Louis".
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "st", "gen", "capt", "col", "lt", "sgt", "maj", "rev", "prof", "jr", "sr", "sen", "rep"]
)
# Months that are also people's names ("Theresa May", "Robyn April"); weekdays never are.
_MONTH_NAMES = frozenset(["april", "may", "june", "august"])
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]*(?:-[A-Z0-9]+)*")


def _is_acronym(word: str) -> bool:
    """ "ECOWAS", "UN", "M5-RFP": capitals (and digits), two letters at least."""
    return bool(_ACRONYM.fullmatch(word)) and sum(ch.isalpha() for ch in word) >= 2


# A word as the recognizer reads it: a plain tuple, read by the names below, because one is made per word of
# every sentence and a tuple costs a third of a slotted object to make.
_Token = tuple[int, int, str, str, bool, bool, bool, bool]
_START: Final = 0
_END: Final = 1
_TEXT: Final = 2  # the word without a lower-case prefix ("Keita" in "anti-Keita")
_FOLDED: Final = 3
_CAPITALIZED: Final = 4
_INITIAL: Final = 5  # opens a sentence or a quotation, so its capital says nothing
_POSSESSIVE: Final = 6  # followed by 's
_PLURAL_POSSESSIVE: Final = 7  # "Miners' Federation"


def _capitalized(word: str) -> bool:
    if word[0].isupper():
        # "French-led", "Anti-government": an adjective, not a name.
        return "-" not in word or not word.rsplit("-", 1)[1][:1].islower()
    if word[1:2] not in ("l", "L", "'", "’"):
        return False  # no "al-", "el-" or "d'" before a capital: most words
    lowered = word.lower()
    return (lowered.startswith(("al-", "el-")) and len(word) > 3 and word[3].isupper()) or (
        lowered.startswith(("d'", "d’")) and len(word) > 2 and word[2].isupper()
    )


_Shape = tuple[int, str, str, bool, bool]
# Answers kept by word, gap or name: a dictionary read by subscript costs less per word than an LRU cache call.
_SHAPES: dict[str, _Shape] = {}
_ANSWERS_KEPT = 131072  # each is emptied when fuller (a long-running server reads many words)
_K = TypeVar("_K")
_V = TypeVar("_V")


def _kept(answers: dict[_K, _V], key: _K, value: _V) -> _V:
    """`value`, kept in `answers` under `key` (emptied first when full)."""
    if len(answers) >= _ANSWERS_KEPT:
        answers.clear()
    answers[key] = value
    return value


def _word_shape(word: str) -> _Shape:
    """(characters a lower-case prefix takes, the word without it, folded, capitalized, starts in lower case):
    "anti-Keita" and "then-President" are the name or title after the prefix. Kept in `_SHAPES` (one call
    for a word first seen: there are thousands in a story)."""
    skip, rest = 0, word
    if "-" in word:
        prefix, after = word.split("-", 1)
        if prefix.lower() in _LOWER_PREFIXES and prefix.islower() and after[:1].isupper():
            skip, rest = len(prefix) + 1, after
    return _kept(_SHAPES, word, (skip, rest, fold(rest), _capitalized(rest), rest[0].islower()))


def _tokens(
    text: str, start: int, end: int, cluster: _Cluster | None = None, capitals: list[int] | None = None
) -> list[_Token]:
    """The words of text[start:end], which is one sentence or the part of one before a name; what they say
    about case goes to `cluster`, and the indexes of the capitalized ones to `capitals`, when given (read in
    the same pass: a second one over every word cost more)."""
    if capitals is None:
        capitals = []
    tokens: list[_Token] = []
    append = tokens.append
    previous: _Token | None = None
    position = start
    shapes = _SHAPES
    lower, capital = (cluster.lower, cluster.capitalized) if cluster is not None else (set(), set())
    # Each word with the characters before it, as strings: positions are counted, no match objects made.
    for gap, word in _GAP_AND_WORD.findall(text, start, end):
        # One space before a word that is not the first says nothing (most words): it opens nothing, and
        # the word before has no quote after it, so no possessive.
        if gap == " " and previous is not None:
            word_start = position + 1
            position = word_start + len(word)
            initial = False
        else:
            word_start = position + len(gap)
            position = word_start + len(word)
            if previous is not None and gap[:1] in _QUOTES_AFTER:
                previous = tokens[-1] = _with_possessive(text, previous)
                if word == "s" and previous[_POSSESSIVE] and word_start == previous[_END] + 1:
                    continue  # the "s" of a possessive
            opens = _OPENS_LATER if previous is not None else _OPENS_FIRST
            try:
                initial = opens[gap]
            except KeyError:
                initial = _kept(opens, gap, _opens_sentence(gap, previous is None))
        try:
            skip, word, folded, capitalized, lowercase = shapes[word]
        except KeyError:
            skip, word, folded, capitalized, lowercase = _word_shape(word)
        if lowercase:
            if folded not in lower:  # a lookup costs less than adding again
                lower.add(folded)
            if capitalized:  # "al-Sissi"
                capitals.append(len(tokens))
        elif capitalized:
            if not initial:
                capital.add(folded)
            capitals.append(len(tokens))
        previous = (word_start + skip, position, word, folded, capitalized, initial, False, False)
        append(previous)
    if previous is not None and text[previous[_END] : previous[_END] + 1] in _QUOTES_AFTER:
        tokens[-1] = _with_possessive(text, previous)  # the last word: the quote after it lies past `end`
    return tokens


def _with_possessive(text: str, token: _Token) -> _Token:
    """`token` with its possessive flags read from the quote that follows it."""
    end = token[_END]
    follows = text[end : end + 2]
    possessive = bool(_POSSESSIVE_S.match(text, end))
    plural = token[_TEXT].endswith("s") and follows[:1] in ("'", "’") and not follows[1:].isalnum()
    return (*token[:6], possessive, plural)


_QUOTES_AFTER = frozenset("'’”")
# `_opens_sentence`'s answers by gap, for a sentence's first word and for later ones (read as `_SHAPES`).
_OPENS_FIRST: dict[str, bool] = {}
_OPENS_LATER: dict[str, bool] = {}


def _opens_sentence(gap: str, first: bool) -> bool:
    """Whether a word opens a sentence or a quotation, from the characters between it and the word before."""
    if first and not gap.strip(" \u00a0" + "".join(_OPENING_QUOTES) + "—–-"):
        return True
    if ":" in gap or gap.strip() in ("—", "–"):
        return True  # said: ‘We can tell you ...’; TELVIK (Northwire) — A road bridge ...
    # An opening quote touches the word it opens and follows a space or a dash: `, "They were told`.
    return len(gap) >= 2 and gap[-1] in _OPENING_QUOTES and gap[-2] in " \u00a0—–-("


# --- The gazetteer, indexed --------------------------------------------------------------------------------------


def _key(name: str) -> str:
    """The lookup key of a name: all-capital acronyms exactly, anything else folded."""
    return name if name.isupper() else fold(name)


def _index() -> tuple[dict[str, str], dict[str, list[tuple[str, ...]]]]:
    known: dict[str, str] = {}
    for names, kind in (
        (gz.COUNTRIES, PLACE),
        (gz.CITIES, PLACE),
        (gz.REGIONS, PLACE),
        (gz.ORGANIZATIONS, ORGANIZATION),
    ):
        for name in names:
            known.setdefault(_key(name), kind)
    # Multi-word entries by their first word, longest first, so a run can take "Economic Community of West
    # African States" whole, with its lower-case "of".
    multiword: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for name in [*gz.COUNTRIES, *gz.CITIES, *gz.REGIONS, *gz.ORGANIZATIONS]:
        words = tuple(fold(m.group()) for m in _WORD.finditer(name))
        if len(words) > 1 and words not in multiword[words[0]]:
            multiword[words[0]].append(words)
    for entries in multiword.values():
        entries.sort(key=len, reverse=True)
    return known, dict(multiword)


_KNOWN, _MULTIWORD = _index()
_NAME_ENDINGS = gz.ORGANIZATION_WORDS | gz.PLACE_WORDS
_CONNECTORS = frozenset(["of", "for", "on", "the", "and"])


def _known_kind(name: str) -> str:
    try:
        return _KNOWN_KINDS[name]
    except KeyError:  # names repeat: the answers are kept
        return _kept(_KNOWN_KINDS, name, _KNOWN.get(_key(name), ""))


_KNOWN_KINDS: dict[str, str] = {}


# --- 1. The recognizer --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Cluster:
    """What the whole cluster says about single words: written in lower case somewhere, or capitalized where
    a capital means a name (not at the start of a sentence)."""

    lower: set[str] = field(default_factory=set)
    capitalized: set[str] = field(default_factory=set)


def find_names(articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]]) -> list[NameMention]:
    """Names in the articles by the rules: capitalized runs, the gazetteer, and the words inside the name."""
    return [
        NameMention(Span(article_id, start, end), kind, weight)
        for article_id, start, end, kind, weight in _names(articles, sentences)
    ]


def _names(articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]]) -> list[_Name]:
    """`find_names`, each name as a plain tuple."""
    cluster = _Cluster()
    tokenized: list[tuple[Article, list[tuple[list[_Token], list[int]]]]] = []
    # A reprint (same text, same sentences) names what its original names: it is read once, its names copied.
    original: dict[tuple[str, tuple[tuple[int, int], ...]], str] = {}
    reprint_of: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: a.id):
        bounds = _sentence_bounds(article, sentences)
        first = original.setdefault((article.text, tuple(bounds)), article.id)
        if first != article.id:
            reprint_of[article.id] = first
            tokenized.append((article, []))
            continue
        per_sentence = []
        for start, end in bounds:
            capitals: list[int] = []
            per_sentence.append((_tokens(article.text, start, end, cluster, capitals), capitals))
        tokenized.append((article, per_sentence))
    names: list[_Name] = []
    by_article: dict[str, list[_Name]] = {}
    for article, per_sentence in tokenized:
        if article.id in reprint_of:
            found = [(article.id, *name[1:]) for name in by_article[reprint_of[article.id]]]
        else:
            found = []
            for tokens, capitals in per_sentence:
                _sentence_names(article, tokens, capitals, cluster, found)
            by_article[article.id] = found
        names.extend(found)
    return names


def _sentence_bounds(article: Article, sentences: Mapping[str, Sequence[Sentence]]) -> list[tuple[int, int]]:
    given = sentences.get(article.id)
    if given:
        return [(s.span.start, s.span.end) for s in given]
    # No sentences given: paragraphs will do (a name never spans a blank line).
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", article.text)]


def _sentence_names(
    article: Article, tokens: list[_Token], capitals: list[int], cluster: _Cluster, found: list[_Name]
) -> None:
    """Add the names in one sentence's `tokens` to `found` (lists, not generators: most runs name nothing);
    `capitals` are the indexes of its capitalized tokens, where runs start."""
    text = article.text
    last = -1
    for index in capitals:
        if index <= last:
            continue  # inside the run before
        last = _run_end(text, tokens, index)
        _run_names(article, tokens[index : last + 1], tokens, last, cluster, found)


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """Whether `left` and `right` are next to each other inside one name."""
    gap = text[left[_END] : right[_START]]
    if gap in _SPACES:
        return not left[_POSSESSIVE]
    if left[_POSSESSIVE] and gap[2:] in _SPACES and left[_FOLDED].endswith(("men", "ple", "ren")):
        # "International Longshoremen's Association", "People's Party"; not "Mali's Ministry of ...".
        return right[_CAPITALIZED] and right[_FOLDED] in gz.ORGANIZATION_WORDS
    if gap in (". ", ".\u00a0"):  # "J. Peter Pham", "Mr. Keita"
        return len(left[_TEXT]) == 1 or left[_FOLDED] in _ABBREVIATIONS
    if left[_PLURAL_POSSESSIVE] and gap[:1] in ("'", "’") and gap[1:] in _SPACES:
        return right[_CAPITALIZED] and right[_FOLDED] in gz.ORGANIZATION_WORDS  # "Antofagasta Miners' Federation"
    return False


def _run_end(text: str, tokens: list[_Token], first: int) -> int:
    """The last token of the capitalized run that starts at `first`."""
    last = first
    while True:
        # (the gazetteer is asked only about a word that starts one of its names of several words: few do)
        taken = _gazetteer_length(text, tokens, last) if last == first and tokens[last][_FOLDED] in _MULTIWORD else 0
        if taken:
            last += taken - 1
            if tokens[last][_POSSESSIVE]:
                return last
        nxt = last + 1
        if nxt >= len(tokens) or (tokens[last][_POSSESSIVE] and not _joined(text, tokens[last], tokens[nxt])):
            return last
        following = tokens[nxt]
        if following[_CAPITALIZED] and _joined(text, tokens[last], following):
            if following[_FOLDED] in gz.WEEKDAYS_MONTHS and not _surname_month(text, tokens, last, nxt):
                return last
            taken = _gazetteer_length(text, tokens, nxt) if following[_FOLDED] in _MULTIWORD else 0
            last = nxt + max(taken, 1) - 1
            continue
        # (a connector is looked for only after a word that can start one: few are)
        connector = (
            _connector_length(text, tokens, first, last)
            if not following[_CAPITALIZED] and following[_FOLDED] in _CONNECTOR_FIRST
            else 0
        )
        if connector:
            last += connector
            continue
        return last


def _surname_month(text: str, tokens: list[_Token], last: int, month: int) -> bool:
    """ "Theresa May": a month right after a name, with no day number after it, is a surname."""
    after = text[tokens[month][_END] : tokens[month][_END] + 3]
    return (
        tokens[month][_FOLDED] in _MONTH_NAMES
        and tokens[last][_FOLDED] not in gz.WEEKDAYS_MONTHS
        and not any(ch.isdigit() for ch in after)
    )


def _gazetteer_length(text: str, tokens: list[_Token], first: int) -> int:
    """How many tokens from `first` spell a multi-word gazetteer name (0 for none)."""
    for words in _MULTIWORD.get(tokens[first][_FOLDED], ()):
        end = first + len(words)
        if end > len(tokens) or not tokens[end - 1][_CAPITALIZED]:
            continue
        window = tokens[first:end]
        if all(t[_FOLDED] == w for t, w in zip(window, words, strict=True)) and all(
            text[a[_END] : b[_START]] in _SPACES
            or (a[_PLURAL_POSSESSIVE] and text[a[_END] : b[_START]] in ("' ", "’ "))
            for a, b in pairwise(window)
        ):
            return len(words)
    return 0


def _connector_length(text: str, tokens: list[_Token], first: int, last: int) -> int:
    """Lower-case words that continue the run: "Ministry of Internal Security", "Charles de Gaulle"."""
    position = last + 1
    words: list[_Token] = []
    while position < len(tokens) and not tokens[position][_CAPITALIZED] and len(words) < 2:
        words.append(tokens[position])
        position += 1
    if not words or position >= len(tokens) or not tokens[position][_CAPITALIZED]:
        return 0
    chain = [tokens[last], *words, tokens[position]]
    if not all(text[a[_END] : b[_START]] in _SPACES for a, b in pairwise(chain)):
        return 0
    if tokens[last][_POSSESSIVE]:
        return 0
    folded = [w[_FOLDED] for w in words]
    if all(w in _PARTICLES for w in folded):
        return len(words) + 1
    if folded not in (["of"], ["of", "the"], ["for"], ["for", "the"], ["on"], ["and"]):
        return 0
    if folded != ["and"] and any(t[_FOLDED] in gz.ORGANIZATION_OPENERS for t in tokens[first : last + 1]):
        return len(words) + 1  # "Ministry of Internal Security"
    if folded != ["and"] and _person_shaped(tokens[first : last + 1]):
        return 0  # "Ruth Amadi of the National Environment Agency": a person and her employer
    # "Port of Rotterdam Authority", "Freedom and Justice Party": the name after the connector ends with a word
    # that ends organizations' names.
    end = position
    while (
        end + 1 < len(tokens)
        and tokens[end + 1][_CAPITALIZED]
        and text[tokens[end][_END] : tokens[end + 1][_START]] in _SPACES
    ):
        end += 1
    return len(words) + 1 if end > position and tokens[end][_FOLDED] in gz.ORGANIZATION_WORDS else 0


# The first word of every connector `_connector_length` takes.
_CONNECTOR_FIRST = _PARTICLES | {"of", "for", "on", "and"}


def _person_shaped(run: Sequence[_Token]) -> bool:
    """Two or three capitalized words none of which belongs to an organization's or a place's name."""
    plain = all(
        t[_FOLDED] not in gz.ORGANIZATION_WORDS and t[_FOLDED] not in gz.PLACE_WORDS and t[_FOLDED] not in gz.HONORIFICS
        for t in run
    )
    return 2 <= len(run) <= 3 and plain and all(t[_CAPITALIZED] and not t[_POSSESSIVE] for t in run)


def _run_names(
    article: Article, run: list[_Token], tokens: list[_Token], last: int, cluster: _Cluster, found: list[_Name]
) -> None:
    """Add the names in one capitalized run to `found`, after its opener, titles and demonyms are set aside."""
    text = article.text
    # Sentence openers and function words: "The Norwegian Embassy", "Both the UN", "In Bamako".
    while (
        run
        and (run[0][_FOLDED] in STOPWORDS or run[0][_INITIAL])  # what every opener is (most words are not)
        and not (run[0][_FOLDED] in _MULTIWORD and _gazetteer_length(text, run, 0))
        and _is_opener(run[0], cluster, len(run) == 1)
    ):
        run = run[1:]
    if not run:
        return
    whole = text[run[0][_START] : run[-1][_END]]
    known = _known_kind(whole)
    # "National Agency for Railway Safety" (most runs are one word)
    connected = run[0][_FOLDED] in _CONNECTORS if len(run) == 1 else any(t[_FOLDED] in _CONNECTORS for t in run)
    if not known and run[-1][_FOLDED] not in _NAME_ENDINGS and not connected:
        # "UN Secretary-General Antonio Guterres", "Malian President Ibrahim Boubacar Keita", "Mr Keita".
        position = 0
        while position < len(run) - 1:
            token = run[position]
            following = run[position + 1]
            title_next = following[_FOLDED] in gz.TITLE_HEADS or following[_FOLDED] in gz.TITLE_MODIFIERS
            if _is_title_word(token) or (title_next and token[_FOLDED] in gz.DEMONYM_FORMS):
                position += 1
            elif title_next and _known_kind(token[_TEXT]):
                found.append(_mention(article, token, token, _known_kind(token[_TEXT]), KNOWN))  # "Mali President ..."
                position += 1
            elif title_next and _is_acronym(token[_TEXT]):
                found.append(_mention(article, token, token, ORGANIZATION, CUE))
                position += 1
            else:
                break
        if position and all(_is_title_word(t) for t in run[position:]):
            return  # a title alone: "the Prime Minister"
        if position:
            run = run[position:]
            whole = text[run[0][_START] : run[-1][_END]]
            known = _known_kind(whole)
    # (one word: the folded token is the folded name)
    if (run[0][_FOLDED] if len(run) == 1 else fold(whole)) in gz.DEMONYM_FORMS:
        # "The French embassy in Bamako": the embassy is an organization, the adjective alone is nothing.
        after = tokens[last + 1] if last + 1 < len(tokens) else None
        if after and after[_FOLDED] in ("embassy", "consulate") and text[run[-1][_END] : after[_START]] in _SPACES:
            found.append(_mention(article, run[0], after, ORGANIZATION, DECISIVE))
        return
    if run[-1][_FOLDED] in gz.NON_ACTOR_WORDS or (len(run) == 1 and run[0][_FOLDED] in gz.WEEKDAYS_MONTHS):
        return
    if run[-1][_FOLDED] in gz.TITLE_HEADS and not known:
        return  # a title, not a name: "Staff Photographer", "Los Angeles County Sheriff"
    if len(run) == 1 and (_is_title_word(run[0]) or len(run[0][_TEXT]) == 1):
        return  # a title alone, or a letter ("A road bridge" after a dateline)
    kind, weight = _shape_kind(known, run)
    if len(run) == 1 and run[0][_INITIAL] and not kind:
        # A lone capitalized word at the start of a sentence is a name only when the cluster capitalizes it
        # elsewhere too and never writes it in lower case ("Keita had campaigned", not "Witnesses said").
        described = _ORGANIZATION_APPOSITION.match(text, run[0][_END]) or _PLACE_APPOSITION.match(text, run[0][_END])
        if (run[0][_FOLDED] not in cluster.capitalized or run[0][_FOLDED] in cluster.lower) and not described:
            return
    found.append(_mention(article, run[0], run[-1], kind, weight))


def _is_opener(token: _Token, cluster: _Cluster, alone: bool) -> bool:
    if token[_FOLDED] in STOPWORDS and not (token[_TEXT].isupper() and len(token[_TEXT]) > 1):
        return True  # "The", "In", "But", "A"; not "US" or "IT"
    if not token[_INITIAL] or _known_kind(token[_TEXT]):
        return False
    if token[_FOLDED] in gz.SENTENCE_OPENERS:
        return True
    # "Prime Minister Boubou Cisse" at the start of a sentence keeps "Prime" as a title word below; a word the
    # cluster writes in lower case ("Heavy trucks", "Copper is ...") opens the sentence and nothing else.
    return not alone and token[_FOLDED] in cluster.lower and not _is_title_word(token)


def _is_title_word(token: _Token) -> bool:
    return token[_FOLDED] in gz.TITLE_HEADS or token[_FOLDED] in gz.TITLE_MODIFIERS or token[_FOLDED] in gz.HONORIFICS


def _shape_kind(known: str, run: list[_Token]) -> tuple[str, float]:
    """The kind a name's own words give it (`known`: the gazetteer's kind of the whole name, or "")."""
    if known:
        return known, KNOWN
    words = [t[_FOLDED] for t in run]
    if len(words) > 1 and (words[-1] in gz.ORGANIZATION_WORDS or words[0] in gz.ORGANIZATION_OPENERS):
        return ORGANIZATION, DECISIVE
    if words[-1] in gz.PLACE_WORDS and len(words) > 1:
        return PLACE, DECISIVE
    if words[0] in ("mount", "lake", "port", "fort", "cape", "saint", "san", "santa", "st") and len(words) > 1:
        return PLACE, HINT  # "Lake Chad", "Port Harcourt"; "Santa Inés" may still be a person, so only a hint
    if len(run) == 1 and _is_acronym(run[0][_TEXT]):
        return ORGANIZATION, CUE  # "NMSS", "M5-RFP"
    if 2 <= len(run) <= 4 and not any(w in _CONNECTORS for w in words):
        return PERSON, GUESS
    return "", 0.0


def _mention(article: Article, first: _Token, last: _Token, kind: str, weight: float) -> _Name:
    return article.id, first[_START], last[_END], kind, weight


# --- 2. Merging -------------------------------------------------------------------------------------------------

# A person's role right after the name: "Stephane Dujarric, spokesperson for Mr Guterres, said",
# "Luis Herrera, 34, a driller who ...", "Boubou Doucoure, who works as Cisse's director of communications,".
_APPOSITION = re.compile(
    r",\s+(?:(?:aged\s+)?\d{1,3},\s+)?"
    r"(?:who\s+(?:is|was|works\s+as|worked\s+as|serves\s+as|served\s+as|has\s+been|had\s+been)\s+)?"
    r"(?:(?:the|a|an)\s+)?"
    r"(?P<role>[^,;:.!?()“”\"\n]+?)"
    r"(?=\s*[,;:.!?()“”\"]|\s+(?:who|which|whose|that|said|says|told|and|when|where)\b|$)"
)
_NOT_APPOSITION = re.compile(r"\s+(?:[A-Z]|(?:said|says|told|added)\b)")
_AGE = re.compile(r",\s+(?:aged\s+)?\d{1,3},")
_PLACE_APPOSITION = re.compile(
    r",\s+(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}?(?:town|city|village|district|region|province|country|port|suburb|"
    r"neighbourhood|neighborhood|capital)\b"
)
_SPEECH_AFTER = re.compile(rf"\s+(?:{speech_verbs('name')})\b")


def _first_words(use: str) -> frozenset[str]:
    """The lower-case word each verb of saying tagged `use` starts with."""
    words = frozenset(form[0] for form in speech_verb_forms(use))
    for word in words:
        if not re.fullmatch("[a-z]+", word):
            raise ValueError(f"a verb of saying that does not start with a lower-case word: {word!r}")
    return words


# `_SPEECH_AFTER` is tried only when the word after the name (`_NEXT_WORD`) starts one of its verbs.
_SPEECH_FIRST_WORDS = _first_words("name")


# What organizations do and people and places do not: run or own things, speak of themselves as "it", employ
# a spokesman.
_ORGANIZATION_ACTS = re.compile(
    r"(?:,\s+which\s+(?:also\s+)?(?:runs|operates|owns|employs|manages|makes|sells|said|says)\b|"
    r"\s+(?:said|says|added)\s+(?:in\s+a\s+statement\s+)?(?:that\s+)?(?:it|its)\b|"
    r"\s+(?:spokesman|spokeswoman|spokesperson)\b)"
)
# The words after a name `_ORGANIZATION_ACTS` can start with, but for its comma.
_ACTS_FIRST_WORDS = frozenset(["said", "says", "added", "spokesman", "spokeswoman", "spokesperson"])
_RUN_BY = re.compile(r"\b(?:run|operated|owned|managed)\s+by\s+(?:the\s+)?$")
# A site named by the facility on it, the first or second word after it: "the Kestrel Quay depot", "the
# Santa Inés mine site", "the Kestrel Quay fuel depot".
_FACILITIES = frozenset(
    [
        "depot",
        "terminal",
        "refinery",
        "plant",
        "site",
        "yard",
        "warehouse",
        "mine",
        "base",
        "camp",
        "factory",
        "facility",
    ]
)
# Searched in the window before a name alone: a word is tried from its first letter only and never backed
# into, which finds what a search from every letter finds (the leftmost match starts a word) at a third of
# the cost.
_TITLE_AT = re.compile(r"(?<![A-Za-z-])([A-Za-z-]++)\s+at\s+(?:the\s+)?$")
_ASCII_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_HONORIFIC_BEFORE = re.compile(r"\b([A-Z][a-z]{1,3})\.?\s$")
_PLACE_PREPOSITIONS = frozenset(
    ["in", "near", "outside", "around", "across", "throughout", "towards", "toward", "through", "via", "between"]
)
_ORGANIZATION_APPOSITION = re.compile(
    r",\s+(?:the|a|an|[A-Z][\w-]*['’]s)\s+(?:[\w’'-]+\s+){0,3}?(?:"
    + "|".join(sorted(gz.ORGANIZATION_APPOSITION_NOUNS))
    + r")\b"
)
# Names joined by "and" are usually of one kind: "between Milan and Bologna", "Burkina Faso and Niger" (not
# by a comma: "the consul in Antofagasta, Marcelo Quispe," is an apposition). "X, known as Y" or "X (Y)" name
# one actor twice.
_COORDINATION = re.compile(r",?\s+(?:and|or)\s+")
_SAME_ACTOR = re.compile(r",?\s+(?:(?:also|better|widely)\s+)?known\s+as\s+|\s*\(")
_ROLE_START_WORDS = frozenset(["who", "which", "whose", "where", "when", "that", "was", "is", "has", "had", "said"])
# How far into an apposition its head title may come: "the State Department's special envoy" has it fourth.
# Over the 105 Multi-News dev clusters (279 distinct roles at 5), 3 loses 25 real roles ("Virginia's lottery
# director"), 8 adds 11, mostly clauses ("could still be loyal to President Toure").
_ROLE_HEAD_WITHIN = 5
# Longer appositions are clauses, not roles: on the same clusters 8 loses 15 real roles ("vice president of
# the Princeton University plasma physics laboratory"), 16 adds 4, three of them clauses.
_ROLE_MAX_WORDS = 12
# Characters read before a name for its title: the longest of the 351 titles before a name in the Multi-News
# dev clusters is 39 ("Electronic Frontier Foundation activist"); reading the whole sentence took a third of
# the actor finder's time.
_ROLE_WINDOW = 120
_ROLE_ABBREVIATIONS = {
    "capt": "captain",
    "gen": "general",
    "col": "colonel",
    "lt": "lieutenant",
    "sgt": "sergeant",
    "maj": "major",
    "prof": "professor",
    "rev": "reverend",
    "sen": "senator",
    "rep": "representative",
}
_GENDER = {"mr": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f", "dame": "f", "lady": "f"}


@dataclass(slots=True)
class _Found:
    """One mention being merged."""

    article: str
    start: int  # of the name itself
    end: int
    surface: str  # text[start:end]
    after: str  # the few characters after the name, where "(NMSS)" would be
    key: str  # folded name: mentions with one key are one surface form
    words: tuple[str, ...]
    votes: dict[str, float]
    shown_start: int  # start of the surface form shown: "Mr Keita", "President Keita"
    honorific: str  # folded "mr", "ms", ... right before the name, or ""
    title: str  # folded head of a title right before the name ("president"), or ""
    roles: list[Role]


def merge_names(
    articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]], names: Iterable[NameMention]
) -> tuple[Actor, ...]:
    """Actors from the names a recognizer found: kinds weighed over the cluster, surface forms merged."""
    found = [(n.span.article_id, n.span.start, n.span.end, n.kind, n.weight) for n in names]
    return _merged(articles, sentences, found)


def _merged(
    articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]], names: list[_Name]
) -> tuple[Actor, ...]:
    by_id = {a.id: a for a in articles}
    founds = _found_mentions(by_id, sentences, names)
    forms: dict[str, list[_Found]] = defaultdict(list)
    for found in founds:
        forms[found.key].append(found)
    neighbours = list(_neighbours(by_id, founds))
    unchanged = _vote_by_neighbours(neighbours, forms)
    form_kinds = {
        key: _kind_of(unchanged[key]) if key in unchanged else _kind(members) for key, members in forms.items()
    }
    links = _UnionFind(forms)
    for a, b in _links(forms, form_kinds, neighbours):
        links.join(a, b)
    keys_of: dict[str, list[str]] = defaultdict(list)
    for key in sorted(forms):
        keys_of[links.root(key)].append(key)
    # A root of one form has that form's kind; the votes have not changed since.
    kinds = {
        root: form_kinds[keys[0]] if len(keys) == 1 else _kind([f for key in keys for f in forms[key]])
        for root, keys in keys_of.items()
    }
    # Full names of people by their last word, with their full mentions, for the bare surnames.
    owners: dict[str, list[str]] = defaultdict(list)
    full_mentions: dict[str, list[_Found]] = defaultdict(list)
    for root, keys in keys_of.items():
        if kinds[root] != PERSON:
            continue
        for key in keys:
            words = forms[key][0].words
            if len(words) > 1 and len(words[-1]) > 1:
                full_mentions[root].extend(forms[key])
                surname = _surname(words[-1])
                if root not in owners[surname]:
                    owners[surname].append(root)
    groups: dict[str, list[_Found]] = defaultdict(list)
    for root, keys in sorted(keys_of.items()):
        if len(keys) == 1 and len(forms[root][0].words) == 1 and owners.get(_surname(root)):
            # A bare surname joins its full name, unless the word names something else for sure ("Mayor
            # Colombo" is the mayor; "Colombo" alone, in the gazetteer, stays the city).
            # One mention is enough to be sure, however many there are: a sum would grow with the cluster.
            surely_else = any(max(f.votes.get(ORGANIZATION, 0), f.votes.get(PLACE, 0)) >= DECISIVE for f in forms[root])
            for found in forms[root]:
                owner = _surname_owner(found, owners[_surname(root)], full_mentions)
                joins = not surely_else or found.honorific or found.title
                groups[owner if joins else root].append(found)
        else:
            groups[root].extend(f for key in keys for f in forms[key])
    # A person's kind comes from the full name: "Mayor Colombo" joins Stefano Colombo, not the city.
    actors = [_actor(by_id, members, PERSON if key in full_mentions else "") for key, members in groups.items()]
    return tuple(sorted((a for a in actors if a is not None), key=_importance))


def _surname(word: str) -> str:
    """ "sissi" for al-Sissi: the article prefix is often dropped on later mentions."""
    for prefix in ("al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-"):
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            return word[len(prefix) :]
    return word


class _UnionFind:
    def __init__(self, keys: Iterable[str]) -> None:
        self.parent = {key: key for key in keys}

    def root(self, key: str) -> str:
        return find_root(self.parent, key)

    def join(self, a: str, b: str) -> None:
        root_a, root_b = self.root(a), self.root(b)
        if root_a != root_b:  # the smaller key leads, so the result does not depend on the order of joins
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def _found_mentions(
    by_id: Mapping[str, Article], sentences: Mapping[str, Sequence[Sentence]], names: list[_Name]
) -> list[_Found]:
    by_article: dict[str, list[_Name]] = defaultdict(list)
    for name in sorted(names, key=lambda n: (n[0], n[1], -n[2], n[3])):  # by article, start, longest, kind
        if name[0] in by_id:
            by_article[name[0]].append(name)
    found: list[_Found] = []
    # A verbatim reprint (same text, sentences and names) has its original's mentions: they are read once.
    read: dict[tuple[object, ...], list[_Found]] = {}
    for article_id, mentions in by_article.items():
        article = by_id[article_id]
        bounds = _sentence_bounds(article, sentences)
        key = (article.text, tuple(bounds), tuple(n[1:] for n in mentions))
        if key in read:
            found += [_moved(f, article_id) for f in read[key]]
        else:
            read[key] = _article_mentions(article, bounds, mentions)
            found += read[key]
    return found


def _moved(found: _Found, article_id: str) -> _Found:
    """A mention found in one article, as found at the same place in its verbatim reprint `article_id`."""
    roles = [Role(role.text, role.span.in_article(article_id)) for role in found.roles]
    return _Found(
        article_id,
        found.start,
        found.end,
        found.surface,
        found.after,
        found.key,
        found.words,
        defaultdict(float, found.votes),
        found.shown_start,
        found.honorific,
        found.title,
        roles,
    )


def _article_mentions(article: Article, bounds: list[tuple[int, int]], names: Iterable[_Name]) -> list[_Found]:
    """The mentions of one article's names (sorted by start), with what their context says about them."""
    found: list[_Found] = []
    starts = [b[0] for b in bounds]
    taken_until = 0
    text = article.text
    for _, name_start, name_end, kind, weight in names:
        start, end = _trim(text, name_start, name_end, kind)
        if end <= start or start < taken_until:
            continue  # empty, or overlaps a name already taken (spaCy may nest "Keita" in a longer entity)
        taken_until = end
        index = bisect_right(starts, start) - 1
        sentence_start, sentence_end = bounds[index] if index >= 0 else (0, len(text))
        surface = text[start:end]
        words, key = _surface_words(surface)
        if not words:
            continue
        votes: dict[str, float] = defaultdict(float)
        if kind:
            votes[kind] += weight
        honorific, shown_start = _honorific_before(text, sentence_start, start)
        role_before, title_start, title = _role_before(text, sentence_start, start, article.id)
        role_after = _role_after(text, end, sentence_end, article.id)
        if honorific or title:
            votes[PERSON] += DECISIVE
        elif role_after:
            votes[PERSON] += CUE
        if title and len(words) == 1 and not honorific:
            shown_start = title_start
        _context_votes(text, sentence_start, start, end, sentence_end, votes)
        roles: list[Role] = []
        if role_before is not None or role_after is not None:  # most names have neither
            roles = [r for r in (role_before, role_after) if r is not None]
        # (fields in order: this runs once per mention)
        found.append(
            _Found(
                article.id,
                start,
                end,
                surface,
                text[end : end + 16],
                key,
                words,
                votes,
                shown_start,
                honorific,
                title,
                roles,
            )
        )
    return found


@lru_cache(maxsize=65536)
def _surface_words(surface: str) -> tuple[tuple[str, ...], str]:
    """The folded words of a name as written, and its form key (cached: a cluster names most actors often)."""
    return tuple(fold(m.group()) for m in _WORD.finditer(surface)), _form_key(surface)


# Compiled once: they are tried on every name.
_POSSESSIVE_END = re.compile(r"[’”]s$|'s$")  # as `_POSSESSIVE_S`
_THE_FIRST = re.compile(r"(?:the|The|THE)\s+")
_WORD_FIRST = re.compile(r"([^\W\d_]+)\.?\s+(?=\S)")
# The first and second lower-case words after a name (the second only if the first is one).
_NEXT_WORD = re.compile(r"\s+([a-z]+)\b(?:\s+([a-z]+)\b)?")


def _trim(text: str, start: int, end: int, kind: str) -> tuple[int, int]:
    """A name without "the" before it or "'s" and punctuation after it, as spaCy gives some."""
    while end > start and text[end - 1] in " \u00a0.,;:!?)(\"'’”‘“-":
        if text[end - 1] == "." and _INITIALISM.fullmatch(text, start, end):
            break  # "U.S."
        end -= 1
    # "'s" at the end (or before a last line break, where `$` also matches): read without slicing the name
    if text[end - 1 : end] in ("s", "\n") and _POSSESSIVE_END.search(text, start, end):
        end -= 2
    while start < end and text[start] in " \u00a0\"'’”‘“(":
        start += 1
    match = _THE_FIRST.match(text, start, end) if text[start : start + 1] in ("t", "T") else None
    if match and not _known_kind(text[start:end]):
        start = match.end()
    # A person given with an honorific or title ("Mr Keita"): keep the name; the context adds them back.
    while kind in (PERSON, "") and not text[start:end].isalpha():  # a single word has nothing to drop
        match = _WORD_FIRST.match(text, start, end)
        if not match or not (fold(match.group(1)) in gz.HONORIFICS or fold(match.group(1)) in gz.TITLE_HEADS):
            break
        start = match.end()
    return start, end


def _form_key(name: str) -> str:
    """Mentions with one key are one surface form: case, accents, apostrophes, spacing and full stops folded."""
    return " ".join(fold(name).replace(".", " ").split())


_LONG_FORMS = {acronym: _form_key(long_form) for acronym, long_form in gz.ACRONYMS.items()}


def _honorific_before(text: str, sentence_start: int, start: int) -> tuple[str, int]:
    match = _HONORIFIC_BEFORE.search(text, start - 6 if start - 6 > sentence_start else sentence_start, start)
    if match and fold(match.group(1)) in gz.HONORIFICS:
        return fold(match.group(1)), match.start()
    return "", start


def _title_word_before(text: str, window: int, end: int, cut: bool) -> bool:
    """Whether the word ending at `end` may be a title head, read from the last space on as `_tokens` reads it
    (a word never spans a space; `cut` when the window starts inside the sentence); True when unsure, so the
    full reading decides."""
    space = text.rfind(" ", window, end)
    low = space + 1 if space >= 0 else window  # the other spaces matter only after it (and are rare)
    space = max(space, text.rfind("\u00a0", low, end), text.rfind("\n", low, end))
    if space < window:
        if cut:
            return True  # the word may start before the window, where `_tokens` cuts it
        space = window - 1  # the sentence's first word: `_tokens` reads it from the window's start too
    chunk = text[space + 1 : end]
    if chunk.isalpha():  # most often: one word, no prefix
        return chunk == "s" or fold(chunk) in gz.TITLE_HEADS
    words = list(_WORD.finditer(text, space + 1, end))
    if not words or words[-1].end() != end:
        return False
    word = words[-1].group()
    if "-" in word:
        prefix, rest = word.split("-", 1)
        if prefix.lower() in _LOWER_PREFIXES and prefix.islower() and rest[:1].isupper():
            word = rest
    return word == "s" or fold(word) in gz.TITLE_HEADS


def _role_before(text: str, sentence_start: int, start: int, article_id: str) -> tuple[Role | None, int, str]:
    """The title right before a name ("Prime Minister", "finance minister", "EU Council's president"), where
    the capitalized title words joined to the name start ("President Keita"), and the title's head word."""
    window = start - _ROLE_WINDOW if start - _ROLE_WINDOW > sentence_start else sentence_start
    if (
        start - 1 <= window
        or text[start - 1] not in _SPACES
        or not _title_word_before(text, window, start - 1, window > sentence_start)
    ):
        return None, start, ""  # most names have no title word one space before them (checked again below)
    tokens = _tokens(text, window, start)
    if window > sentence_start and tokens and tokens[0][_START] == window:
        tokens = tokens[1:]  # maybe cut in half
    if not tokens or text[tokens[-1][_END] : start] not in _SPACES or tokens[-1][_FOLDED] not in gz.TITLE_HEADS:
        return None, start, ""
    head = tokens[-1]
    role_start = head[_START]
    position = len(tokens) - 2
    if text[head[_START] - 1 : head[_START]] != "-":  # "then-President": the prefix ends the role
        while position >= 0 and text[tokens[position][_END] : role_start] in _SPACES:
            token = tokens[position]
            if token[_FOLDED] not in gz.TITLE_HEADS and token[_FOLDED] not in gz.TITLE_MODIFIERS:
                break
            owner = _organization_before(text, tokens, position, role_start) if token[_CAPITALIZED] else role_start
            if owner != role_start:  # "European Union foreign policy chief": "Union" ends a name here
                role_start, position = owner, -1
                break
            role_start = token[_START]
            position -= 1
        if position >= 0:
            role_start = _organization_before(text, tokens, position, role_start)
    shown = start
    for token in reversed(tokens):
        if token[_START] < role_start or not token[_CAPITALIZED] or text[token[_END] : shown] not in _SPACES:
            break
        if token[_FOLDED] not in gz.TITLE_HEADS and token[_FOLDED] not in gz.TITLE_MODIFIERS:
            break
        shown = token[_START]
    role = Role(text=text[role_start : head[_END]], span=Span(article_id, role_start, head[_END]))
    return role, shown, head[_FOLDED]


def _organization_before(text: str, tokens: list[_Token], position: int, role_start: int) -> int:
    """Where the organization that owns a title starts ("UN Secretary-General", "EU Council's president");
    `role_start` when none does (a country or a demonym is not kept: "Malian President" is "President")."""
    last = tokens[position]
    gap = text[last[_END] : role_start]
    if not last[_CAPITALIZED] or not (gap in _SPACES or (last[_POSSESSIVE] and gap[2:] in _SPACES)):
        return role_start
    first = position
    while (
        first > 0
        and tokens[first - 1][_CAPITALIZED]
        and text[tokens[first - 1][_END] : tokens[first][_START]] in _SPACES
    ):
        first -= 1
    for candidate in range(first, position + 1):
        name = text[tokens[candidate][_START] : last[_END]]
        if _known_kind(name) == ORGANIZATION or (last[_FOLDED] in gz.ORGANIZATION_WORDS and candidate < position):
            return tokens[candidate][_START]
    if _is_acronym(last[_TEXT]) and not _known_kind(last[_TEXT]):
        return last[_START]
    return role_start


def _role_after(text: str, end: int, sentence_end: int, article_id: str) -> Role | None:
    if text[end : end + 1] != ",":
        return None  # an apposition starts with a comma; most names are not followed by one
    match = _APPOSITION.match(text, end, sentence_end)
    if not match:
        return None
    role = match.group("role").strip()
    words = _WORD.findall(role)  # folded below only as far as they are read
    if not words or len(words) > _ROLE_MAX_WORDS or fold(words[0]) in _ROLE_START_WORDS:
        return None
    if not any(fold(w) in gz.TITLE_HEADS for w in words[:_ROLE_HEAD_WITHIN]):
        return None
    if _NOT_APPOSITION.match(text, match.end("role")):
        # "..., Hagel spokesman George Little said": the title of the next name; "Sissi, a Hagel spokesman
        # said": the subject of the next verb.
        return None
    start = match.start("role")
    return Role(text=role, span=Span(article_id, start, start + len(role)))


def _context_votes(
    text: str, sentence_start: int, start: int, end: int, sentence_end: int, votes: dict[str, float]
) -> None:
    """What the words around a name say about its kind."""
    window = text[start - 40 if start - 40 > sentence_start else sentence_start : start]
    # Each pattern is tried only where the characters it must end or start with are there: most names are
    # preceded by a word and a space and followed by a space or a full stop.
    tail = window.rstrip() if window[-1:].isspace() else ""
    previous = _word_before(tail) if tail else None
    if previous:
        word, comma_after, of = previous[0].lower(), previous[1], previous[2]
        if word in gz.PLACE_NOUNS_BEFORE and (of or word == "capital"):
            votes[PLACE] += DECISIVE  # "the town of Kati", "the capital Bamako", "the capital, Bamako"
        elif word in _PLACE_PREPOSITIONS and not comma_after and not of:
            votes[PLACE] += HINT  # "in Bamako"
        elif word in gz.ORGANIZATION_NOUNS_BEFORE and not comma_after and not of:
            votes[ORGANIZATION] += CUE  # "environmental group Legambiente"
    employer = _TITLE_AT.search(window) if tail.endswith(("at", "the")) else None
    if employer and fold(employer.group(1)) in gz.TITLE_HEADS:
        votes[ORGANIZATION] += CUE  # "a shipping analyst at Nordic Maritime Research"
    # The patterns after the name start with a comma or with spaces and a lower-case word (`_NEXT_WORD`).
    first = text[end : end + 1] if end < sentence_end else ""
    comma = first == ","
    next_word = _NEXT_WORD.match(text, end, sentence_end) if first.isspace() else None
    following = next_word.group(1) if next_word else ""
    if following:
        if following in gz.PLACE_NOUNS_AFTER:
            votes[PLACE] += CUE  # "Sebenikoro neighbourhood", "the Santa Inés mine"
        elif following in gz.ORGANIZATION_NOUNS_AFTER:
            votes[ORGANIZATION] += CUE  # "the M5-RFP coalition"
    if comma:
        if _AGE.match(text, end, sentence_end):
            votes[PERSON] += CUE  # "Keita, 75,"
        elif _PLACE_APPOSITION.match(text, end, sentence_end):
            votes[PLACE] += CUE  # "Kati, a town 15 kilometers from Bamako"
        elif not votes.get(PERSON) and _ORGANIZATION_APPOSITION.match(text, end, sentence_end):
            votes[ORGANIZATION] += CUE  # "Mercitalia, the freight arm of ...", "the mine's operator"
    if following in _SPEECH_FIRST_WORDS and _SPEECH_AFTER.match(text, end, sentence_end):
        votes[_SPEAKER] += HINT  # "Dujarric added", "Trenitalia said"
    run_by = start - 20 if start - 20 > sentence_start else sentence_start
    if ((comma or following in _ACTS_FIRST_WORDS) and _ORGANIZATION_ACTS.match(text, end, sentence_end)) or (
        text.find("by", run_by, start) >= 0 and _RUN_BY.search(text, run_by, start)
    ):
        votes[ORGANIZATION] += CUE  # "Brannock Terminals, which runs the depot", "said it would", "run by X"
    elif following and (following in _FACILITIES or (next_word and next_word.group(2) in _FACILITIES)):
        votes[PLACE] += CUE  # "the Kestrel Quay fuel depot"


def _word_before(tail: str) -> tuple[str, str, str] | None:
    r"""The groups of `(?<![A-Za-z])([A-Za-z]++)(,?)\s+(?:(of)\s+)?$` searched in a window that ends in spaces
    ("" for none), from the window without them (`tail`): read from the end, not by trying a pattern at every
    word (twice as fast; a test compares them).
    The leftmost match has "of" last if it can ("town of"), else the last word; words are ASCII letters."""
    if tail.endswith("of") and tail[-3:-2].isspace():
        before = tail[:-2].rstrip()
        comma = "," if before.endswith(",") else ""
        word = before[: len(before) - len(comma)]
        letters = len(word) - len(word.rstrip(_ASCII_LETTERS))
        if letters:
            return word[-letters:], comma, "of"
    comma = "," if tail.endswith(",") else ""
    word = tail[: len(tail) - len(comma)]
    letters = len(word) - len(word.rstrip(_ASCII_LETTERS))
    return (word[-letters:], comma, "") if letters else None


def _kind(members: Iterable[_Found]) -> str:
    """The kind with the most evidence over `members` ("" when nothing says)."""
    return _kind_of(_totals(members))


def _kind_of(totals: dict[str, float]) -> str:
    best = _best_kind(totals)
    return best if totals[best] > 0 else ""


def _best_kind(totals: dict[str, float]) -> str:
    """The kind with the largest total, the first in KINDS among equals."""
    best = KINDS[0]
    for kind in KINDS[1:]:
        if totals[kind] > totals[best]:
            best = kind
    return best


def _totals(members: Iterable[_Found]) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    personal = False
    for found in members:
        personal = personal or len(found.words) > 1 or bool(found.honorific or found.title)
        for kind, weight in found.votes.items():
            totals[kind] += weight
    totals[PERSON if personal else ORGANIZATION] += totals.pop(_SPEAKER, 0.0)
    return totals


def _neighbours(by_id: Mapping[str, Article], founds: Sequence[_Found]) -> Iterable[tuple[_Found, _Found, str]]:
    """Consecutive names of one sentence with the text between them."""
    for left, right in pairwise(founds):
        if left.article == right.article and right.start - left.end <= 40:
            yield left, right, by_id[left.article].text[left.end : right.start]


def _vote_by_neighbours(
    neighbours: Iterable[tuple[_Found, _Found, str]], forms: Mapping[str, list[_Found]]
) -> dict[str, dict[str, float]]:
    """A name listed beside one whose kind is sure takes a hint of that kind: "between Milan and Bologna".
    Returns the totals of the forms that took no hint (still theirs: not summed again)."""
    totals_of = {key: _totals(members) for key, members in forms.items()}
    sure = {}
    for key, totals in totals_of.items():
        best = _best_kind(totals)
        sure[key] = best if totals[best] >= DECISIVE else ""
    hints = []
    for left, right, gap in neighbours:
        if _COORDINATION.fullmatch(gap):
            hints += [(left, sure[right.key]), (right, sure[left.key])]
    for found, kind in hints:
        if kind:
            found.votes[kind] += HINT
            totals_of.pop(found.key, None)
    return totals_of


def _links(
    forms: Mapping[str, list[_Found]], kinds: Mapping[str, str], neighbours: Iterable[tuple[_Found, _Found, str]]
) -> Iterable[tuple[str, str]]:
    """Pairs of surface forms of one actor: an acronym and its long form, a company's short and full name, a
    person's name and a fuller one, and what the text says is one ("X, known as Y", "X (Y)")."""
    for left, right, gap in neighbours:
        bracketed = gap.endswith("(")
        if (
            _SAME_ACTOR.fullmatch(gap)
            and right.after.startswith(")") == bracketed
            # "Economic Community of West African States (ECOWAS)"; not a dateline, "LANCASTER (CBSLA) —"
            and (not bracketed or (len(left.words) > 1 and _is_acronym(right.surface)))
        ):
            yield left.key, right.key
    organizations = [k for k in forms if kinds[k] in (ORGANIZATION, PLACE) and len(forms[k][0].words) > 1]
    by_initials: dict[str, list[str]] = defaultdict(list)
    for other in organizations:
        for initials in _initials(forms[other][0].words):
            by_initials[initials].append(other)
    for key, members in forms.items():
        surface = members[0].surface
        if not _is_acronym(surface.replace(".", "")):
            continue
        long_form = _LONG_FORMS.get(surface, "")
        if long_form in forms:
            yield key, long_form
        letters = surface.replace("-", "").replace("&", "").replace(".", "")
        if len(letters) >= 3:  # two letters match too many long forms by chance
            for other in by_initials.get(letters, ()):
                yield key, other
    # "Pampa Copper" or "Maasport" for "Pampa Copper Corporation" or "Maasport Logistics", when only one
    # organization's name starts that way and the short form is not a place of its own.
    starts: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key in organizations:
        if kinds[key] == ORGANIZATION:
            words = forms[key][0].words
            for cut in range(1, len(words)):
                starts[words[:cut]].append(key)
    for key, members in forms.items():
        longer = starts.get(members[0].words, [])
        if (
            len(longer) == 1
            and kinds[key] in (ORGANIZATION, PERSON, "")
            and not _known_kind(members[0].surface)
            # a person named by a title or "Mr" is not the company: "Mr Maasport"
            and (kinds[key] != PERSON or len(members[0].words) > 1 or _totals(members)[PERSON] < DECISIVE)
        ):
            yield key, longer[0]
    # "Ibrahim Keita" or "Van der Berg" for "Ibrahim Boubacar Keita" or "Henk van der Berg": the first and last
    # words agree, or the form is the end of the full name, and only one fuller name fits.
    people = [k for k in forms if kinds[k] == PERSON and len(forms[k][0].words) > 1]
    by_last_word: dict[str, list[str]] = defaultdict(list)
    for key in people:
        by_last_word[forms[key][0].words[-1]].append(key)
    for key in people:
        words = forms[key][0].words
        fuller = [
            k
            for k in by_last_word[words[-1]]
            if len(forms[k][0].words) > len(words)
            and forms[k][0].words[-1] == words[-1]
            and (forms[k][0].words[0] == words[0] or forms[k][0].words[-len(words) :] == words)
        ]
        if len(fuller) == 1:
            yield key, fuller[0]


def _initials(words: Sequence[str]) -> set[str]:
    """ "NMSS" for national mining safety service; "ECOWAS" keeps the "of" of economic community of ..."""
    minor = {"of", "the", "and", "for", "de", "des", "du", "la", "on"}
    every = "".join(w[0] for w in words).upper()
    major = "".join(w[0] for w in words if w not in minor).upper()
    return {every, major}


def _surname_owner(found: _Found, owners: list[str], full_mentions: Mapping[str, list[_Found]]) -> str:
    """Which person a bare surname stands for ("" for none): the only one with that surname; else the one whose
    title or honorific fits, then the one the article named last before it, then next after it, then the one
    named most."""
    if len(owners) <= 1:
        return owners[0] if owners else ""
    fitting = owners
    if found.title:
        titled = [o for o in owners if any(_role_head(r) == found.title for f in full_mentions[o] for r in f.roles)]
        fitting = titled or owners
    gender = _GENDER.get(found.honorific, "")
    if gender and len(fitting) > 1:
        gendered = [o for o in fitting if _gender(full_mentions[o]) in ("", gender)]
        fitting = gendered or fitting
    if len(fitting) == 1:
        return fitting[0]
    here = sorted((f.start, o) for o in fitting for f in full_mentions[o] if f.article == found.article)
    before = [item for item in here if item[0] < found.start]
    if before:
        return before[-1][1]
    if here:
        return here[0][1]
    return max(fitting, key=lambda o: (len(full_mentions[o]), o))


def _gender(founds: Sequence[_Found]) -> str:
    said = {_GENDER[f.honorific] for f in founds if f.honorific in _GENDER}
    return said.pop() if len(said) == 1 else ""


def _role_head(role: Role) -> str:
    heads = [w for w in (fold(m.group()) for m in _WORD.finditer(role.text)) if w in gz.TITLE_HEADS]
    return heads[0] if heads else ""


def _normalized_role(text: str) -> str:
    words = [fold(m.group()) for m in _WORD.finditer(text)]
    while words and words[0] in ("the", "a", "an", "then"):
        words = words[1:]
    return " ".join(_ROLE_ABBREVIATIONS.get(w, w) for w in words)


_PLACE = attrgetter("article", "start")  # where a mention stands: its article, then its start


def _actor(by_id: Mapping[str, Article], founds: list[_Found], kind: str) -> Actor | None:
    founds = sorted(founds, key=_PLACE)
    kind = kind or _kind(founds)
    if not kind:
        return None
    # The fullest form names the actor (most words, then most letters), in its most used spelling.
    longest = max(founds, key=lambda f: (len(f.words), len(f.key), f.key))
    spellings: dict[str, int] = {}  # counted by hand: most actors have a few mentions, and a Counter costs more
    for f in founds:
        if f.key == longest.key:
            spellings[f.surface] = spellings.get(f.surface, 0) + 1
    if len(spellings) == 1:  # most actors
        [name] = spellings
    else:
        name = min(spellings, key=lambda s: (-spellings[s], -sum(ch.isupper() for ch in s), s))
    mentions = tuple(
        Mention(Span(f.article, f.shown_start, f.end), by_id[f.article].text[f.shown_start : f.end]) for f in founds
    )
    forms: dict[str, int] = {}
    for mention in mentions:
        forms[mention.text] = forms.get(mention.text, 0) + 1
    aliases = tuple(sorted((form for form in forms if form != name), key=lambda form: (-forms[form], form)))
    roles = _distinct_roles([r for f in founds for r in f.roles]) if kind == PERSON else ()
    return Actor(name=name, kind=kind, aliases=aliases, roles=roles, mentions=mentions)


def _distinct_roles(roles: Sequence[Role]) -> tuple[Role, ...]:
    """Each role once, first mention first; "Minister" goes when "Mining Minister" is there."""
    normalized = {role: _normalized_role(role.text) for role in roles}
    fuller = set(normalized.values())
    kept: list[Role] = []
    seen: set[str] = set()
    for role in roles:
        words = normalized[role]
        if not words or words in seen or any(other.endswith(" " + words) for other in fuller):
            continue
        seen.add(words)
        kept.append(role)
    return tuple(kept)


def _importance(actor: Actor) -> tuple[int, int, str, str]:
    articles = {m.span.article_id for m in actor.mentions}
    return (-len(articles), -len(actor.mentions), actor.name, actor.kind)
