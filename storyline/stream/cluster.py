"""Stories: sort a stream of articles into stories, one article at a time, never re-clustering.

An article is a bag of words weighted by rarity in English at large, (1 + ln count) * (ZIPF_CEILING - Zipf
frequency from wordfreq's static table), so a word weighs the same on the first day of a stream as on the
hundredth. Its `Features` are the TERMS_KEPT heaviest words (L2-normalized), which of them are names
(capitalized inside sentences, never lower case), and hashed 4-word phrases starting at anchor words (words
of some rarity whose crc32 is divisible by PHRASE_SAMPLE), so a passage two articles share gives both the same
phrases. Two articles are partners when (1) they share one of their KEY_WORDS heaviest words, (2) their cosine
reaches JOIN_COSINE, or WEAK_COSINE with SHARED_PHRASES phrases in common (articles of different outlets
only), and (3) the shared words that are not names carry a cosine of CONTENT_COSINE and CONTENT_SHARE of the
whole; and only when their own dates lie within the window of each other. Two articles of one outlet are tested
without the words they owe to short lines both carry (its footer), and a rare name spelled two ways (Gadhafi,
Qaddafi: `_spelling`) counts as shared towards the cosine. A story is an event, not a thread
of related events: two partners are in one story when they also share most of their partners (EVENT_SHARE of
the smaller of their neighbourhoods, each counting the article itself), and a story is a connected group of
such pairs. One link, from a round-up or a report of the next development, does not join two stories whose
articles are partners among themselves. A new article changes the neighbourhoods of its partners only, so
the clusterer regroups the stories of its partners: they may merge (`Assignment.merged`) or lose articles to
another story (`Assignment.moved`). Whether two articles are in one story depends on the articles alone, so
the stories are the same whatever the order of arrival (days the clusterer let go are loaded back from the
store); only story ids, named after one of their articles, depend on it. Articles are held by day, so memory
is bounded, not the stream. Figures and what was tried are in docs/tuning.md and docs/streams.md.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ..words import STOPWORDS

# The pair rule, swept on multinews-dev (B-cubed F1 plateau 0.86-0.875): join 0.175 keeps precision 0.97
# (0.94 at 0.15); content 0.05 keeps two invented events in one town apart (docs/tuning.md, stream/cluster.py).
JOIN_COSINE = 0.175
CONTENT_COSINE = 0.05
# Content words' share of the cosine: 0.0-0.1 gave F1 0.870, 0.2 0.854. Keeps long articles whose shared
# names carry a large cosine from joining on a sliver of content.
CONTENT_SHARE = 0.1
WINDOW_DAYS = 3.0
# Share of the smaller neighbourhood two partners must have in common to be one event: 0.55-0.65 give the same
# stories on the dev streams and split the invented four-development war (tests/streams) from one story into
# two; 0.5 is single linkage on them, 0.67 cost WikiNews 0.009 F1 (docs/streams.md).
EVENT_SHARE = 0.6
# Parts an article must hold together, each this large, to count as a bridge between events: 3 left the dev
# streams as they were, 2 cut WikiNews from 0.950 to 0.943 (chains of reports inside one event).
BRIDGED_PART = 3
# Words kept per article: F1 0.846 at 40, 0.870 at 100, 0.875 at 150, 0.866 at 250; cost grows with it.
TERMS_KEPT = 100
# Key words (rule 1): F1 0.864 at 5, 0.870 at 10, 0.872 at 20, but add() took 0.12 ms at 10 and 7.4 ms at 20
# on invented articles: past the story's own words the keys are common words with long lists.
KEY_WORDS = 10
# Zipf frequency at which a word stops weighing ("the" 7.7, "said" 6.0, "depot" 4.0): F1 0.845 at 6.0,
# 0.870 at 7.0, 0.863 at 7.5 on multinews-dev.
ZIPF_CEILING = 7.0
# The phrase rule (rule 2's second way): F1 0.867-0.873 over weak 0.06-0.125 and 1-5 phrases; one phrase let
# a cross-story pair through, two sit on the plateau; anchoring 1 word in 4 doubled storage (docs/tuning.md).
WEAK_COSINE = 0.08
SHARED_PHRASES = 2
PHRASE_WORDS = 4
PHRASE_SAMPLE = 8
# Lines up to this long (characters) may be an outlet's furniture (a footer, a "related stories" item): two
# articles of one outlet are not linked by the words of a line both carry.
FURNITURE_CHARS = 200

# Words: a letter, then letters or digits, with inner apostrophes; a possessive 's is left off ("Keita's" is
# "keita"). Numbers are skipped: a death toll differs between reports of one event, and years are shared by
# unrelated ones.
_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:['’](?![sS]\b)[A-Za-z]+)*")
_CAPITALIZED = re.compile(r"(?<=[a-z0-9,] )[A-Z][A-Za-z0-9]*(?:'(?![sS]\b)[A-Za-z]+)*")


@dataclass(frozen=True, slots=True)
class Features:
    """What clustering knows about one article: weighted words, and which of them are names.

    `weights` is L2-normalized (up to rounding to 5 decimals, done here so that the JSON form is exact).
    `names` are the words written with a capital inside sentences and never in lower case."""

    weights: Mapping[str, float]
    names: frozenset[str] = frozenset()
    phrases: frozenset[int] = frozenset()
    source: str = ""  # the outlet, lowercased: passages shared within one outlet may be its page furniture
    # Short lines (crc32 of their words) -> their kept words that occur in no longer line nor the title: what a
    # line shared with another article of its outlet may lend to their cosine.
    lines: Mapping[int, frozenset[str]] = field(default_factory=dict)
    # Rare names by their spelling key (`_spelling`) -> the name: derived from `names`, never stored.
    variants: Mapping[str, str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        spelled: dict[str, str] = {}
        for name in sorted(self.names, key=lambda name: (self.weights.get(name, 0.0), name)):
            key = _spelling(name)
            if key and name in self.weights:
                spelled[key] = name  # of two spellings in one article, the heavier
        object.__setattr__(self, "variants", spelled)

    def to_json(self) -> str:
        data: dict[str, object] = {
            "weights": dict(self.weights),
            "names": sorted(self.names),
            "phrases": sorted(self.phrases),
        }
        if self.source:
            data["source"] = self.source
        if self.lines:
            data["lines"] = [[line, sorted(words)] for line, words in sorted(self.lines.items())]
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Features:
        data = json.loads(text)
        if "weights" not in data:  # the first form: the weights alone
            return cls(data)
        return cls(
            data["weights"],
            frozenset(data.get("names", ())),
            frozenset(data.get("phrases", ())),
            data.get("source", ""),
            {line: frozenset(words) for line, words in data.get("lines", ())},
        )


@dataclass(frozen=True, slots=True)
class Member:
    """An article already placed in a story, as the store gives it back when the clusterer is rebuilt."""

    article_id: int
    story_id: int
    features: Features
    seen: float  # seconds since the epoch: published time, or ingestion time when not known


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where an article went. `merged` lists (story, into) pairs: stories whose articles all moved into another
    one (now gone); `moved` lists (article, story) pairs: articles of other stories that now belong to another
    story, one that a new article split, or one whose id is new."""

    story_id: int
    merged: tuple[tuple[int, int], ...] = ()
    moved: tuple[tuple[int, int], ...] = ()


def article_features(title: str, text: str, source: str = "") -> Features:
    """The rarity-weighted words of an article, which of them are names, a sample of its phrases, and its
    outlet (`source`)."""
    title, text = title.replace("’", "'"), text.replace("’", "'")
    tokens = _WORD.findall(f"{title}\n{text}")
    lowered = " ".join(tokens).lower().split(" ")  # one lower() for all: faster than a findall more
    weighted = []
    anchors = set()
    for word, count in Counter(lowered).items():
        rarity = _rarity.get(word)
        if rarity is None:
            rarity = _rarity[word] = _rarity_of(word)
        if rarity:
            if rarity < 0:  # an anchor
                rarity = -rarity
                anchors.add(word)
            weighted.append(((-1.0 - math.log(count)) * rarity if count > 1 else -rarity, word))
    weighted.sort()
    kept = weighted[:TERMS_KEPT]
    norm = math.sqrt(sum(weight * weight for weight, _ in kept)) or 1.0
    weights = {word: round(-weight / norm, 5) for weight, word in kept}
    # A name is written with a capital inside a sentence (after a lower-case word or a comma) and never in
    # lower case. Headline capitals ("Ferry Runs Aground") and sentence starts say nothing, so the title and
    # first words are not searched for capitals.
    capitals = {token.lower() for token in _CAPITALIZED.findall(text)}
    capitals.difference_update(tokens)  # words also written in lower case
    names = frozenset(word for word in capitals if word in weights)
    # Phrases: the PHRASE_WORDS words that start at an anchor word, hashed (crc32, the same in every process).
    # Anchors are chosen by the word alone, so two articles sample the same phrases from a passage they share.
    starts = [start for start, word in enumerate(lowered[: max(len(lowered) - PHRASE_WORDS + 1, 0)]) if word in anchors]
    phrases = frozenset([zlib.crc32(" ".join(lowered[start : start + PHRASE_WORDS]).encode()) for start in starts])
    source = " ".join(source.lower().split())
    return Features(weights, names, phrases, source, _short_lines(text, weights, Counter(lowered)) if source else {})


def _short_lines(text: str, weights: Mapping[str, float], counts: Mapping[str, int]) -> dict[int, frozenset[str]]:
    """The article's lines of at most FURNITURE_CHARS, by the crc32 of their words, each with its kept words
    that occur in no other part of the article (its title, its longer lines): `counts` covers all of it."""
    lines: dict[int, Counter[str]] = {}
    in_short: Counter[str] = Counter()
    for paragraph in text.split("\n"):
        if len(paragraph) > FURNITURE_CHARS or not paragraph:
            continue
        words = " ".join(_WORD.findall(paragraph)).lower()
        if words:
            found = Counter(words.split(" "))
            lines.setdefault(zlib.crc32(words.encode()), found)
            in_short.update(found)
    kept = {}
    for line, found in lines.items():
        own = frozenset(word for word in found if word in weights and counts[word] == in_short[word])
        if own:
            kept[line] = own
    return kept


# Rarity of each word met so far, negative for anchors: a cache, not state (it depends on the word alone),
# emptied when full.
_rarity: dict[str, float] = {}
_RARITY_CACHE_LIMIT = 100_000  # about 15 MB; a stream meets new names every day


def _rarity_of(word: str) -> float:
    """How much a lowercase word weighs before counting: ZIPF_CEILING minus its Zipf frequency, 0 for stopwords.

    Negated for an anchor: a word of some rarity whose crc32 is divisible by PHRASE_SAMPLE."""
    if len(_rarity) >= _RARITY_CACHE_LIMIT:
        _rarity.clear()
    if len(word) < 2 or word in STOPWORDS:
        return 0.0
    rarity = max(ZIPF_CEILING - _zipf(word), 0.0)
    return -rarity if rarity > 0 and zlib.crc32(word.encode()) % PHRASE_SAMPLE == 0 else rarity


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    # Imported here: the table takes a tenth of a second to load, which `storyline brief` never needs.
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


def _zipf(word: str) -> float:
    """Zipf frequency of a lowercase word (log10 of uses per billion words); 0 for words wordfreq lacks."""
    frequency = _frequencies().get(word)
    return math.log10(frequency * 1e9) if frequency else 0.0


@dataclass(slots=True)
class _Article:
    features: Features
    story_id: int
    keys: tuple[str, ...]  # the words it is filed under in the inverted index
    seen: float
    partners: set[int]  # the held articles it is a partner of


# Loads the stored articles (first versions) seen on days first..last (days since the epoch, UTC), with their
# current stories: how the clusterer finds partners for a late or backfilled article outside what it holds.
Loader = Callable[[int, int], Iterable[Member]]
# Articles held in memory before the least recently used days are let go (reloaded through the loader when
# an article lands near them again); the days the current article needs are always held. An article held
# takes about 17 kB: 8,000 took a 38 MB JSONL ingest to 219 MB peak RSS (benchmarks/ingest_memory.py).
HELD_ARTICLES = 2_000


class StoryClusterer:
    """Incremental clustering. A story is named after one of its articles, or given an id by `new_story_id`.

    Each article is compared with the articles seen within `window_days` of its own `seen`, before or after:
    the window is anchored on the article, not on the newest one seen, so a late, backfilled or newest-first
    article finds the same partners as in date order. Articles are held by day; past `held_articles` the days
    used least recently are let go, and `loader` (the store) gives them back when an article lands near them.
    `join_cosine`, `weak_cosine`, `shared_phrases`, `content_cosine` and `content_share` are the pair rule,
    `event_share` the share of partners two partners must have in common to be one story (see the module
    docstring). `new_story_id` gives a story split off from another, with none of the old ids left, an id no
    story ever had (the store's id sequence); without it, the group is named after one of its articles, or
    given a negative id when each of its articles already names another story."""

    def __init__(
        self,
        *,
        window_days: float = WINDOW_DAYS,
        join_cosine: float = JOIN_COSINE,
        content_cosine: float = CONTENT_COSINE,
        content_share: float = CONTENT_SHARE,
        weak_cosine: float = WEAK_COSINE,
        shared_phrases: int = SHARED_PHRASES,
        event_share: float = EVENT_SHARE,
        loader: Loader | None = None,
        held_articles: int = HELD_ARTICLES,
        new_story_id: Callable[[], int] | None = None,
    ) -> None:
        self.window_seconds = window_days * 86400
        self.join_cosine = join_cosine
        self.content_cosine = content_cosine
        self.content_share = content_share
        self.weak_cosine = min(weak_cosine, join_cosine)
        self.shared_phrases = shared_phrases
        self.event_share = event_share
        self.held_articles = held_articles
        self._loader = loader
        self._new_story_id = new_story_id
        self._split_ids = 0  # the last id given to a split-off group none of whose members could name it
        self._articles: dict[int, _Article] = {}
        self._stories: dict[int, set[int]] = {}  # story id -> ids of its articles held in memory
        self._index: dict[str, set[int]] = {}  # key word -> ids of the held articles that have it
        # (partner, partner) with the lower id first -> how many partners the two share: kept as partners come
        # and go, so that whether two partners are one event is a look-up, not a set intersection.
        self._common: dict[tuple[int, int], int] = {}
        self._days: OrderedDict[int, set[int]] = OrderedDict()  # day -> its articles; least recently used first

    def restore(self, members: Iterable[Member]) -> StoryClusterer:
        """Take `members` as placed (the store's record of what add() returned), for continuing a stream after
        a restart; returns the clusterer. The days of the members are taken as complete; their order does not
        matter."""
        members = list(members)
        for member in members:
            if member.article_id in self._articles:
                raise ValueError(f"article {member.article_id} is given twice")
            self._days.setdefault(_day(member.seen), set())
            self._file(member.article_id, member.story_id, member.features, member.seen)
        self._link(member.article_id for member in members)
        return self

    def add(self, article_id: int, features: Features, seen: float) -> Assignment:
        """Place one article: it joins the story of its partners, or starts its own; the stories of its
        partners are regrouped, since their neighbourhoods changed (see the module docstring)."""
        if article_id in self._articles:
            raise ValueError(f"article {article_id} was already added")
        # Its partners' own partners lie up to two windows away: their neighbourhoods decide the stories.
        days = range(_day(seen - 2 * self.window_seconds), _day(seen + 2 * self.window_seconds) + 1)
        self._hold(days)
        keys = _key_words(features)
        partners = self._partners_among_held(features, keys, seen)
        self._file(article_id, article_id, features, seen, keys)
        for partner in partners:
            self._pair(article_id, partner)
        assignment = self._regroup(article_id, partners)
        self._let_go(days)
        return assignment

    def holds(self, article_id: int) -> bool:
        """Whether the article is placed and held in memory (added, restored or loaded back with its day)."""
        return article_id in self._articles

    @property
    def active_stories(self) -> int:
        """Stories held in memory: those with an article on a held day."""
        return len(self._stories)

    @property
    def active_articles(self) -> int:
        """Articles held in memory."""
        return len(self._articles)

    @property
    def indexed_words(self) -> int:
        """Distinct words in the inverted index."""
        return len(self._index)

    def _partners_among_held(self, features: Features, keys: tuple[str, ...], seen: float) -> set[int]:
        candidates: set[int] = set()
        for word in keys:
            found = self._index.get(word)
            if found:
                candidates |= found
        return {
            candidate_id
            for candidate_id in candidates
            if abs(self._articles[candidate_id].seen - seen) <= self.window_seconds
            and self._partners(features, self._articles[candidate_id].features)
        }

    def _partners(self, first: Features, second: Features) -> bool:
        a, b = first.weights, second.weights
        names, other_names = first.names, second.names
        cosine = content = 0.0
        for word in a.keys() & b.keys():  # one pass: every candidate of an article is tested
            product = a[word] * b[word]
            cosine += product
            if word not in names and word not in other_names:
                content += product
        if content < self.content_cosine:
            return False
        # A rare name spelled two ways (Gadhafi, Qaddafi) counts as shared towards the join cosine: the content rule
        # still asks for words in common beyond the names.
        if cosine < self.join_cosine and first.variants and second.variants:
            for key in first.variants.keys() & second.variants.keys():
                mine, theirs = first.variants[key], second.variants[key]
                if mine != theirs and mine not in b and theirs not in a:
                    cosine += a[mine] * b[theirs]
        # Passages shared by two articles of one outlet may be its footer or "related stories" block, so the
        # phrase rule joins only articles of different outlets, and the lines both carry do not count.
        same_outlet = first.source and first.source == second.source
        if cosine < self.join_cosine and (
            cosine < self.weak_cosine or same_outlet or len(first.phrases & second.phrases) < self.shared_phrases
        ):
            return False
        if content < self.content_share * cosine:
            return False
        if same_outlet and first.lines and second.lines:
            furniture = _furniture(first.lines, second.lines) | _furniture(second.lines, first.lines)
            if furniture:
                return self._partners(_without(first, furniture), _without(second, furniture))
        return True

    def _ties(self, article_id: int) -> set[int]:
        """The partners that are one event with an article: the two share EVENT_SHARE of the smaller of their
        neighbourhoods, each neighbourhood counting the article itself (so the pair counts twice in common)."""
        articles, share, common = self._articles, self.event_share, self._common
        mine = articles[article_id].partners
        size = len(mine)
        ties = set()
        for other in mine:
            smaller = len(articles[other].partners)
            if size < smaller:
                smaller = size
            pair = (article_id, other) if article_id < other else (other, article_id)
            if common[pair] + 2 >= share * (smaller + 1):
                ties.add(other)
        return ties

    def _pair(self, first: int, second: int) -> None:
        """Make two held articles partners, keeping `_common` (partners shared by each pair of partners) exact:
        the pairs of partners of both gain one."""
        one, other = self._articles[first].partners, self._articles[second].partners
        if second in one:
            return
        shared = one & other
        common = self._common
        for third in shared:
            common[(first, third) if first < third else (third, first)] += 1
            common[(second, third) if second < third else (third, second)] += 1
        common[(first, second) if first < second else (second, first)] = len(shared)
        one.add(second)
        other.add(first)

    def _unpair(self, first: int, second: int) -> None:
        """The reverse of `_pair`."""
        one, other = self._articles[first].partners, self._articles[second].partners
        one.discard(second)
        other.discard(first)
        common = self._common
        for third in one & other:
            common[(first, third) if first < third else (third, first)] -= 1
            common[(second, third) if second < third else (third, second)] -= 1
        del common[(first, second) if first < second else (second, first)]

    def _events(self, component: list[int], ties: Mapping[int, set[int]]) -> list[list[int]]:
        """A connected group of one-event pairs, as events: an article whose removal would leave two or more
        parts of BRIDGED_PART articles (a round-up of two events, a report of the next development) does not
        hold them together; it joins the part it is closest to (the sum of its cosines with its ties there)."""
        # Two parts of BRIDGED_PART and the article between them, at least.
        bridges = _bridges(component, ties, BRIDGED_PART) if len(component) > 2 * BRIDGED_PART else set()
        if not bridges:
            return [component]
        kept = {member: ties[member] - bridges for member in component if member not in bridges}
        parts = _components(kept, sorted(kept))
        part_of = {member: index for index, part in enumerate(parts) for member in part}
        # In rounds, so that a bridge tied only to other bridges follows the one it is closest to.
        pending = sorted(bridges)
        while pending:
            joining = []
            for bridge in pending:
                features = self._articles[bridge].features
                closeness: dict[int, float] = {}
                for other in ties[bridge]:
                    if other in part_of:
                        part = part_of[other]
                        closeness[part] = closeness.get(part, 0.0) + _cosine(features, self._articles[other].features)
                if closeness:
                    joining.append((bridge, max(closeness, key=lambda index: (closeness[index], -min(parts[index])))))
            if not joining:
                break
            for bridge, part in joining:
                parts[part].append(bridge)
                part_of[bridge] = part
            pending = [bridge for bridge in pending if bridge not in part_of]
        parts.extend(_components({bridge: ties[bridge] & bridges for bridge in pending}, pending))
        return parts

    def _regroup(self, article_id: int, partners: set[int]) -> Assignment:
        """Regroup the stories of a new article's partners, with it and all they are tied to by one-event pairs,
        into events (`_events`); a group keeps the story id most of its articles had, and the new article's id
        when none is left."""
        # The ties of its partners changed: what they were tied to before must be regrouped too.
        seeds = {article_id}
        near = set(partners)
        for partner in partners:
            near |= self._articles[partner].partners
        for story_id in {self._articles[member].story_id for member in near} - {article_id}:
            seeds |= self._stories[story_id]
        ties = {member: self._ties(member) for member in seeds}
        frontier = list(seeds)
        while frontier:
            for other in ties[frontier.pop()]:
                if other not in ties:
                    ties[other] = self._ties(other)
                    frontier.append(other)
        old_stories = sorted({self._articles[member].story_id for member in ties} - {article_id})
        groups = [group for component in _components(ties, sorted(ties)) for group in self._events(component, ties)]
        # The largest group picks first; each takes the id most of its articles had, if still free.
        groups.sort(key=lambda group: (-len(group), min(group)))
        taken: dict[int, int] = {}  # article -> its new story
        free = set(old_stories)
        for group in groups:
            had = Counter(self._articles[member].story_id for member in group if member != article_id)
            kept = [story for story, _ in sorted(had.items(), key=lambda item: (-item[1], item[0])) if story in free]
            if kept:
                story_id = kept[0]
            elif article_id in group:  # a new story, named after the new article
                story_id = article_id
            elif self._new_story_id is not None:  # split off: an id that never named a story (nor its briefings)
                story_id = self._new_story_id()
            else:
                used = set(taken.values()) | (self._stories.keys() - free)
                # Every member's id may name another story already: then an id below any article's.
                unused = set(group) - used
                if not unused:
                    self._split_ids -= 1
                story_id = min(unused) if unused else self._split_ids
            free.discard(story_id)
            for member in group:
                taken[member] = story_id
        merged: list[tuple[int, int]] = []
        moved: list[tuple[int, int]] = []
        for story_id in old_stories:
            destinations = {taken[member] for member in self._stories[story_id]}
            if story_id in destinations:
                moved.extend(
                    (member, taken[member]) for member in sorted(self._stories[story_id]) if taken[member] != story_id
                )
            elif len(destinations) == 1:
                merged.append((story_id, destinations.pop()))
            else:
                moved.extend((member, taken[member]) for member in sorted(self._stories[story_id]))
        for member, story_id in taken.items():
            self._move(member, story_id)
        return Assignment(taken[article_id], tuple(merged), tuple(moved))

    def _move(self, article_id: int, story_id: int) -> None:
        article = self._articles[article_id]
        if article.story_id == story_id:
            return
        old = self._stories[article.story_id]
        old.discard(article_id)
        if not old:
            del self._stories[article.story_id]
        article.story_id = story_id
        self._stories.setdefault(story_id, set()).add(article_id)

    def _link(self, article_ids: Iterable[int]) -> None:
        """Find the held partners of articles filed without them (restored, or loaded back with their day)."""
        for article_id in article_ids:
            article = self._articles[article_id]
            found = self._partners_among_held(article.features, article.keys, article.seen)
            found.discard(article_id)
            for partner in found:
                self._pair(article_id, partner)

    def _hold(self, days: range) -> None:
        """Make sure every article seen on `days` is in memory: load the days not held, in runs."""
        missing = [day for day in days if day not in self._days]
        for day in days:
            if day in self._days:
                self._days.move_to_end(day)
        runs: list[list[int]] = []
        for day in missing:
            if runs and runs[-1][-1] == day - 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        loaded = []
        for run in runs:
            for day in run:
                self._days[day] = set()
            if self._loader is not None:
                for member in self._loader(run[0], run[-1]):
                    if member.article_id not in self._articles:
                        self._file(member.article_id, member.story_id, member.features, member.seen)
                        loaded.append(member.article_id)
        self._link(loaded)

    def _let_go(self, keep: range) -> None:
        """Forget the least recently used days (not those in `keep`) while more than held_articles are held."""
        while len(self._articles) > self.held_articles:
            day = next((day for day in self._days if day not in keep), None)
            if day is None:
                return
            for article_id in self._days.pop(day):
                self._forget(article_id)

    def _file(
        self, article_id: int, story_id: int, features: Features, seen: float, keys: tuple[str, ...] | None = None
    ) -> None:
        keys = _key_words(features) if keys is None else keys
        self._articles[article_id] = _Article(features, story_id, keys, seen, set())
        for word in keys:
            self._index.setdefault(word, set()).add(article_id)
        self._stories.setdefault(story_id, set()).add(article_id)
        self._days.setdefault(_day(seen), set()).add(article_id)

    def _forget(self, article_id: int) -> None:
        for partner in list(self._articles[article_id].partners):
            self._unpair(article_id, partner)
        article = self._articles.pop(article_id)
        story = self._stories[article.story_id]
        story.discard(article_id)
        if not story:
            del self._stories[article.story_id]
        for word in article.keys:
            filed = self._index[word]
            filed.discard(article_id)
            if not filed:
                del self._index[word]


def _furniture(lines: Mapping[int, frozenset[str]], others: Mapping[int, frozenset[str]]) -> set[str]:
    """The words an article owes only to the short lines it shares with another article (`others`' lines): in
    those lines and in none of its other lines."""
    shared = lines.keys() & others.keys()
    if not shared:
        return set()
    words: set[str] = set()
    for line in shared:
        words |= lines[line]
    for line, own in lines.items():
        if line not in shared:
            words -= own
    return words


def _without(features: Features, words: set[str]) -> Features:
    """The features with `words` left out, normalized again: as if the article had not carried them."""
    weights = {word: weight for word, weight in features.weights.items() if word not in words}
    norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
    weights = {word: weight / norm for word, weight in weights.items()}
    return Features(weights, features.names, features.phrases, features.source)


def _cosine(first: Features, second: Features) -> float:
    a, b = first.weights, second.weights
    return sum(weight * b[word] for word, weight in a.items() if word in b)


def _components(ties: Mapping[int, set[int]], order: Iterable[int]) -> list[list[int]]:
    """Connected groups of `ties` (article -> articles), each started from the first of `order` not yet placed."""
    placed: set[int] = set()
    groups = []
    for start in order:
        if start in placed:
            continue
        placed.add(start)
        group, frontier = [start], [start]
        while frontier:
            for other in ties[frontier.pop()]:
                if other in ties and other not in placed:
                    placed.add(other)
                    group.append(other)
                    frontier.append(other)
        groups.append(group)
    return groups


def _bridges(component: list[int], ties: Mapping[int, set[int]], smallest: int) -> set[int]:
    """The articles of a connected group whose removal leaves at least two parts of `smallest` or more
    articles: cut vertices (Tarjan's depth-first search, iterative), with the sizes of what they cut off."""
    root = min(component)
    order = {root: 0}
    low = {root: 0}
    size = {root: 1}
    cut_off: dict[int, list[int]] = {}  # vertex -> sizes of the child subtrees it separates
    stack = [(root, iter(ties[root]))]
    parent = {root: root}
    while stack:
        vertex, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack:
                up = stack[-1][0]
                size[up] += size[vertex]
                if low[vertex] < low[up]:
                    low[up] = low[vertex]
                if low[vertex] >= order[up]:
                    cut_off.setdefault(up, []).append(size[vertex])
        elif child not in order:
            order[child] = low[child] = len(order)
            size[child] = 1
            parent[child] = vertex
            stack.append((child, iter(ties[child])))
        elif child != parent[vertex] and order[child] < low[vertex]:
            low[vertex] = order[child]
    bridges = set()
    total = len(component)
    for vertex, sizes in cut_off.items():
        parts = list(sizes) if vertex == root else [*sizes, total - 1 - sum(sizes)]
        if len(parts) >= 2 and sum(part >= smallest for part in parts) >= 2:
            bridges.add(vertex)
    return bridges


def _day(seen: float) -> int:
    return math.floor(seen / 86400)


def _key_words(features: Features) -> tuple[str, ...]:
    """The words an article is filed and looked up under: its KEY_WORDS heaviest (ties by spelling), and the
    spelling keys of the rare names among them, marked with a "~"."""
    weights = features.weights
    heaviest = sorted(weights, key=lambda word: (-weights[word], word))[:KEY_WORDS]
    spelled = {name: key for key, name in features.variants.items()}
    return (*heaviest, *(f"~{spelled[word]}" for word in heaviest if word in spelled))


# Folds for names written from another script: the sounds spelled several ways (q, k, g for one letter; dh and
# d; kh and k; ou and u; y and i), applied in this order; doubled letters then count once, and -off is -ov.
_FOLDS = (("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("ph", "f"), ("ou", "u"), ("oo", "u"), ("ee", "i"))
_FOLD_LETTERS = str.maketrans("qgyo", "kkiu")
_DOUBLED = re.compile(r"(.)\1+")
# Names this common or shorter are left as spelled: the folds would make different common names one.
_SPELLING_ZIPF = 4.0
_SPELLING_LETTERS = 5


@lru_cache(maxsize=65536)
def _spelling(name: str) -> str:
    """The key under which spellings of one rare name from another script meet ("gadhafi", "gaddafi", "qaddafi"
    are all "kadafi"; "mahmoud" is "mahmud", "mohammad" "muhamad"); "" for a common or short word."""
    if len(name) < _SPELLING_LETTERS or not name.isascii() or _zipf(name) >= _SPELLING_ZIPF:
        return ""
    for written, sound in _FOLDS:
        name = name.replace(written, sound)
    name = _DOUBLED.sub(r"\1", name.translate(_FOLD_LETTERS))
    return name[:-1] + "v" if name.endswith(("uf", "ef")) else name
