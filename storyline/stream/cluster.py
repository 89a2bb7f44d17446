"""Stories: sort a stream of articles into stories, one article at a time, never re-clustering.

An article is a bag of words weighted by rarity in English at large, (1 + ln count) * (ZIPF_CEILING - Zipf
frequency from wordfreq's static table), so a word weighs the same on the first day of a stream as on the
hundredth. Its `Features` are the TERMS_KEPT heaviest words (L2-normalized), which of them are names
(capitalized inside sentences, never lower case), and hashed 4-word phrases starting at anchor words (words
of some rarity whose crc32 is divisible by PHRASE_SAMPLE), so a passage two articles share gives both the same
phrases. Two articles are partners when (1) they share one of their KEY_WORDS heaviest words, (2) their cosine
reaches JOIN_COSINE, or WEAK_COSINE with SHARED_PHRASES phrases in common (articles of different outlets
only), and (3) the shared words that are not names carry a cosine of CONTENT_COSINE and CONTENT_SHARE of the
whole; and only when their own dates lie within the window of each other. A story is a connected group of
partners (single linkage): a new article joins the story of each partner, and several such stories merge into
the largest (`Assignment.merged` lists the others for the store). Since being partners depends on the two
articles alone, the stories are the same whatever the order of arrival (days the clusterer let go are loaded
back from the store); only story ids, named after one of their articles, depend on it. Articles are held by
day, so memory is bounded, not the stream. Figures and what was tried are in docs/tuning.md and
docs/streams.md.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
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

    def to_json(self) -> str:
        data: dict[str, object] = {
            "weights": dict(self.weights),
            "names": sorted(self.names),
            "phrases": sorted(self.phrases),
        }
        if self.source:
            data["source"] = self.source
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
    """Where an article went. `merged` lists stories that the article joined into `story_id` (now gone)."""

    story_id: int
    merged: tuple[int, ...] = ()


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
    return Features(weights, names, phrases, " ".join(source.lower().split()))


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


# Loads the stored articles (first versions) seen on days first..last (days since the epoch, UTC), with their
# current stories: how the clusterer finds partners for a late or backfilled article outside what it holds.
Loader = Callable[[int, int], Iterable[Member]]
# Articles held in memory before the least recently used days are let go (reloaded through the loader when
# an article lands near them again); the days the current article needs are always held. An article held
# takes about 17 kB: 8,000 took a 38 MB JSONL ingest to 219 MB peak RSS (benchmarks/ingest_memory.py).
HELD_ARTICLES = 2_000


class StoryClusterer:
    """Incremental clustering. Story ids are article ids: a story is named after one of its articles.

    Each article is compared with the articles seen within `window_days` of its own `seen`, before or after:
    the window is anchored on the article, not on the newest one seen, so a late, backfilled or newest-first
    article finds the same partners as in date order. Articles are held by day; past `held_articles` the days
    used least recently are let go, and `loader` (the store) gives them back when an article lands near them.
    `join_cosine`, `weak_cosine`, `shared_phrases`, `content_cosine` and `content_share` are the pair rule (see
    the module docstring)."""

    def __init__(
        self,
        *,
        window_days: float = WINDOW_DAYS,
        join_cosine: float = JOIN_COSINE,
        content_cosine: float = CONTENT_COSINE,
        content_share: float = CONTENT_SHARE,
        weak_cosine: float = WEAK_COSINE,
        shared_phrases: int = SHARED_PHRASES,
        loader: Loader | None = None,
        held_articles: int = HELD_ARTICLES,
    ) -> None:
        self.window_seconds = window_days * 86400
        self.join_cosine = join_cosine
        self.content_cosine = content_cosine
        self.content_share = content_share
        self.weak_cosine = min(weak_cosine, join_cosine)
        self.shared_phrases = shared_phrases
        self.held_articles = held_articles
        self._loader = loader
        self._articles: dict[int, _Article] = {}
        self._stories: dict[int, set[int]] = {}  # story id -> ids of its articles held in memory
        self._index: dict[str, set[int]] = {}  # key word -> ids of the held articles that have it
        self._days: OrderedDict[int, set[int]] = OrderedDict()  # day -> its articles; least recently used first

    @classmethod
    def restore(
        cls,
        members: Iterable[Member],
        *,
        window_days: float = WINDOW_DAYS,
        join_cosine: float = JOIN_COSINE,
        content_cosine: float = CONTENT_COSINE,
        content_share: float = CONTENT_SHARE,
        weak_cosine: float = WEAK_COSINE,
        shared_phrases: int = SHARED_PHRASES,
        loader: Loader | None = None,
    ) -> StoryClusterer:
        """The clusterer that adding `members` made, for continuing a stream after a restart.

        The days of the members are taken as complete; their order does not matter. Story ids are taken as
        given: the store's record of what add() returned."""
        clusterer = cls(
            window_days=window_days,
            join_cosine=join_cosine,
            content_cosine=content_cosine,
            content_share=content_share,
            weak_cosine=weak_cosine,
            shared_phrases=shared_phrases,
            loader=loader,
        )
        for member in members:
            if member.article_id in clusterer._articles:
                raise ValueError(f"article {member.article_id} is given twice")
            clusterer._days.setdefault(_day(member.seen), set())
            clusterer._file(member.article_id, member.story_id, member.features, member.seen)
        return clusterer

    def add(self, article_id: int, features: Features, seen: float) -> Assignment:
        """Place one article: it joins the stories of its partners (merging them) or starts its own."""
        if article_id in self._articles:
            raise ValueError(f"article {article_id} was already added")
        days = range(_day(seen - self.window_seconds), _day(seen + self.window_seconds) + 1)
        self._hold(days)
        keys = _key_words(features)
        linked = self._linked_stories(features, keys, seen)
        if not linked:
            self._file(article_id, article_id, features, seen, keys)
            assignment = Assignment(article_id)
        else:
            # The largest story keeps its id, so the store moves as few articles as possible.
            survivor = max(linked, key=lambda story_id: (len(self._stories[story_id]), -story_id))
            merged = sorted(story_id for story_id in linked if story_id != survivor)
            for story_id in merged:
                self._absorb(survivor, story_id)
            self._file(article_id, survivor, features, seen, keys)
            assignment = Assignment(survivor, tuple(merged))
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

    def _linked_stories(self, features: Features, keys: tuple[str, ...], seen: float) -> set[int]:
        candidates: set[int] = set()
        for word in keys:
            found = self._index.get(word)
            if found:
                candidates |= found
        linked: set[int] = set()
        for candidate_id in candidates:
            candidate = self._articles[candidate_id]
            if (
                candidate.story_id not in linked
                and abs(candidate.seen - seen) <= self.window_seconds
                and self._partners(features, candidate.features)
            ):
                linked.add(candidate.story_id)
        return linked

    def _partners(self, first: Features, second: Features) -> bool:
        a, b = first.weights, second.weights
        shared = a.keys() & b.keys()
        cosine = sum(a[word] * b[word] for word in shared)
        # Passages shared by two articles of one outlet may be its footer or "related stories" block, so the
        # phrase rule joins only articles of different outlets.
        if cosine < self.join_cosine and (
            cosine < self.weak_cosine
            or (first.source and first.source == second.source)
            or len(first.phrases & second.phrases) < self.shared_phrases
        ):
            return False
        content = sum(a[word] * b[word] for word in shared - first.names - second.names)
        return content >= self.content_cosine and content >= self.content_share * cosine

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
        for run in runs:
            for day in run:
                self._days[day] = set()
            if self._loader is not None:
                for member in self._loader(run[0], run[-1]):
                    if member.article_id not in self._articles:
                        self._file(member.article_id, member.story_id, member.features, member.seen)

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
        self._articles[article_id] = _Article(features, story_id, keys, seen)
        for word in keys:
            self._index.setdefault(word, set()).add(article_id)
        self._stories.setdefault(story_id, set()).add(article_id)
        self._days.setdefault(_day(seen), set()).add(article_id)

    def _absorb(self, survivor_id: int, absorbed_id: int) -> None:
        absorbed = self._stories.pop(absorbed_id)
        for article_id in absorbed:
            self._articles[article_id].story_id = survivor_id
        self._stories.setdefault(survivor_id, set()).update(absorbed)

    def _forget(self, article_id: int) -> None:
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


def _day(seen: float) -> int:
    return math.floor(seen / 86400)


def _key_words(features: Features) -> tuple[str, ...]:
    """The words an article is filed and looked up under: its KEY_WORDS heaviest (ties by spelling)."""
    weights = features.weights
    return tuple(sorted(weights, key=lambda word: (-weights[word], word))[:KEY_WORDS])
