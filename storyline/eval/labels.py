"""Score a briefing's lists (claims, timeline, actors, quotes) against labels written by hand.

A labelled event is a folder with article files and a `labels.json` (format in docs/quality.md); the
`"articles"` key may point elsewhere, relative to the labels file: a folder or file, a list of files, or one
cluster of a cluster file (`{"jsonl": ..., "id": ...}`), read by `labelled_articles`. Each list is scored only
on the events that label it. Matching is by substrings a person chose, so a label survives small changes in
sentence splitting:

- claims: a predicted claim (two or more reports, or conflicting) is right when every one of its sentences
  contains a string of one gold claim (`contains`, or `optional` for sentences that may or may not be counted
  in), at least one contains a string of `contains`, and its status is one the gold allows;
- timeline: a predicted event is right when a gold event has its date and background flag (and disputed flag,
  when labelled), and one of the event's sentences contains the gold `contains`;
- actors: a predicted actor is right when its name or an alias equals the gold name or a gold alias, ignoring
  case, and its kind matches;
- quotes: a predicted quote (direct, or reported speech) is right when it is in the gold article (file stem),
  directness matches, its text contains the gold `contains`, and its speaker or actor contains the gold speaker
  (ignoring case, quote-mark style and spacing).

Every gold item matches at most one prediction and the other way round, by a maximum matching (`match_items`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..briefing import brief
from ..errors import InputError
from ..sources.files import read_articles, read_clusters
from ..types import Briefing, Quote, RawArticle

LISTS = ("claims", "timeline", "actors", "quotes")


@dataclass(frozen=True, slots=True)
class ListScore:
    """Matches of one list on one or more labelled events."""

    name: str
    predicted: int
    gold: int
    correct: int  # predictions matched to a gold item (one gold item each)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    def __add__(self, other: ListScore) -> ListScore:
        return ListScore(
            self.name, self.predicted + other.predicted, self.gold + other.gold, self.correct + other.correct
        )


@dataclass(frozen=True, slots=True)
class EventScore:
    """The scores of one labelled event, with what did not match, for reading."""

    event: str
    scores: tuple[ListScore, ...]
    misses: tuple[str, ...]  # "claims: predicted ... " / "timeline: gold ..." lines


def labelled_events(root: Path) -> list[Path]:
    """The labels.json files under `root` (or `root` itself), sorted."""
    if root.is_file():
        return [root]
    return sorted(root.glob("*/labels.json"))


def score_event(labels_path: Path) -> EventScore:
    """Brief the labelled event and score each list it labels."""
    labels = _read_labels(labels_path)
    briefing = brief(labelled_articles(labels_path, labels))
    scores, misses = [], []
    for name, scorer in _SCORERS.items():
        if name in labels:
            score, missed = scorer(briefing, labels[name])
            scores.append(score)
            misses += [f"{name}: {line}" for line in missed]
    return EventScore(labels_path.parent.name, tuple(scores), tuple(misses))


def labelled_articles(labels_path: Path, labels: Mapping[str, Any] | None = None) -> list[RawArticle]:
    """The articles of a labelled event, named as `storyline brief` and `storyline batch` name them.

    The `"articles"` key of the labels, relative to the labels file, is one of:
    - absent: the article files beside the labels;
    - a folder or a file, as `storyline brief` reads it;
    - a list of files or folders: saved pages picked out of a folder that holds other events' pages too;
    - `{"jsonl": <cluster file>, "id": <cluster id>}`: the documents of one cluster, in order, as
      `storyline batch` reads them (origin `<file>:<line>#documents[<i>]`)."""
    if labels is None:
        labels = _read_labels(labels_path)
    missing = articles_missing(labels_path, labels)
    if missing:
        raise InputError(str(labels_path), missing, "fix the 'articles' key, or fetch ../shared")
    pointer = labels.get("articles", ".")
    if isinstance(pointer, dict):
        wanted = str(pointer["id"])
        for cluster in read_clusters(labels_path.parent / pointer["jsonl"]):
            if cluster.id == wanted:
                return list(cluster.articles)
        raise InputError(str(labels_path), f"no cluster {wanted!r} in {pointer['jsonl']}", "fix the 'articles' key")
    return read_articles(_pointed_paths(labels_path, labels))


def articles_missing(labels_path: Path, labels: Mapping[str, Any] | None = None) -> str:
    """Why the articles of a labelled event cannot be read here, or "" when they can: real articles live in
    ../shared, which a checkout may lack, and an event whose articles are absent is skipped with this reason."""
    if labels is None:
        labels = _read_labels(labels_path)
    absent = [str(path) for path in _pointed_paths(labels_path, labels) if not path.exists()]
    return f"articles not found: {', '.join(absent)}" if absent else ""


def _pointed_paths(labels_path: Path, labels: Mapping[str, Any]) -> list[Path]:
    pointer = labels.get("articles", ".")
    if isinstance(pointer, dict):
        if not isinstance(pointer.get("jsonl"), str) or "id" not in pointer:
            raise InputError(str(labels_path), "'articles' as an object needs 'jsonl' (a path) and 'id'")
        names = [pointer["jsonl"]]
    elif isinstance(pointer, str):
        names = [pointer]
    elif isinstance(pointer, list) and pointer and all(isinstance(name, str) for name in pointer):
        names = pointer
    else:
        raise InputError(str(labels_path), "'articles' must be a path, a list of paths or {'jsonl', 'id'}")
    return [labels_path.parent / name for name in names]


def _read_labels(labels_path: Path) -> dict[str, Any]:
    try:
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(str(labels_path), f"cannot read labels: {error}", "see docs/quality.md") from error
    if not isinstance(labels, dict):
        raise InputError(str(labels_path), "labels must be a JSON object", "see docs/quality.md")
    return labels


def total(events: Sequence[EventScore]) -> dict[str, ListScore]:
    """Each list's score summed over the events that label it."""
    summed: dict[str, ListScore] = {}
    for event in events:
        for score in event.scores:
            summed[score.name] = summed[score.name] + score if score.name in summed else score
    return summed


_MARKS = str.maketrans("’‘“”—–", "''\"\"--")


def normalize(text: str) -> str:
    """Lower case, one kind of quote mark and apostrophe, single spaces."""
    text = text.translate(_MARKS)
    return re.sub(r"\s+", " ", text).strip().lower()


def contains_phrase(text: str, needle: str) -> bool:
    """Whether `text` holds the label phrase `needle` (or the words of a `phrase_digest`)."""
    if needle.startswith(DIGEST_PREFIX):
        digest, count = needle[len(DIGEST_PREFIX) :].rsplit(":", 1)
        words = _words(text)
        size = int(count)
        return any(_digest(words[i : i + size]) == digest for i in range(len(words) - size + 1))
    return normalize(needle) in normalize(text)


# Labels on articles we may not copy (the Mali example) name a phrase by a digest of its words instead of
# quoting it: "sha256:<first 16 hex digits>:<number of words>", made by `phrase_digest`.
DIGEST_PREFIX = "sha256:"


def phrase_digest(phrase: str) -> str:
    """A label for `phrase` that matches the same words (case, quote marks and punctuation aside) without
    holding its text."""
    words = _words(phrase)
    return f"{DIGEST_PREFIX}{_digest(words)}:{len(words)}"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", normalize(text))


def _digest(words: Sequence[str]) -> str:
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:16]


def _as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


Match = Callable[[Any, dict[str, Any]], bool]


def match_items(
    name: str, predicted: Sequence[Any], gold: Sequence[dict[str, Any]], match: Match
) -> tuple[ListScore, list[str]]:
    """Pair predicted items with gold entries, each used once, as many pairs as can be made.

    A maximum matching, not first come first served: one predicted claim can fit two gold claims (a sentence
    about a passenger that also states what she heard), and taking the first would leave the second claim
    that fits only one of them counted wrong. Augmenting paths (Kuhn's algorithm), recursive: a path is at most
    as long as the gold list, a few dozen items per labelled event here (Python's recursion limit is 1,000)."""
    fits = [[i for i, entry in enumerate(gold) if match(item, entry)] for item in predicted]
    owner: dict[int, int] = {}  # gold index -> predicted index

    def place(item: int, seen: set[int]) -> bool:
        for entry in fits[item]:
            if entry in seen:
                continue
            seen.add(entry)
            if entry not in owner or place(owner[entry], seen):
                owner[entry] = item
                return True
        return False

    for item in range(len(predicted)):
        place(item, set())
    matched = set(owner.values())
    missed = [f"predicted, not in gold: {_describe(item)}" for k, item in enumerate(predicted) if k not in matched]
    missed += [f"gold, not found: {json.dumps(g, ensure_ascii=False)}" for i, g in enumerate(gold) if i not in owner]
    return ListScore(name, len(predicted), len(gold), len(owner)), missed


def _describe(item: Any) -> str:
    fields = [getattr(item, field, None) for field in ("status", "date", "name", "kind", "speaker", "text")]
    return " | ".join(str(f)[:90] for f in fields if f not in (None, ""))


def _evidence_texts(briefing: Briefing, spans: Sequence[Any]) -> list[str]:
    text_of = {article.id: article.text for article in briefing.articles}
    return [text_of[span.article_id][span.start : span.end] for span in spans]


def _score_claims(briefing: Briefing, gold: list[dict[str, Any]]) -> tuple[ListScore, list[str]]:
    def match(claim: Any, label: dict[str, Any]) -> bool:
        texts = _evidence_texts(briefing, [e.span for e in claim.evidence])
        required, optional = _as_list(label["contains"]), _as_list(label.get("optional", []))
        every = all(any(contains_phrase(t, n) for n in required + optional) for t in texts)
        hits = {n for n in required for t in texts if contains_phrase(t, n)}
        return every and len(hits) >= 1 and claim.status in _as_list(label["status"])

    return match_items("claims", briefing.claims, gold, match)


def _score_timeline(briefing: Briefing, gold: list[dict[str, Any]]) -> tuple[ListScore, list[str]]:
    def match(event: Any, label: dict[str, Any]) -> bool:
        if event.date != label["date"] or event.background != label.get("background", False):
            return False
        if "disputed" in label and event.disputed != label["disputed"]:
            return False
        texts = _evidence_texts(briefing, [e.span for e in event.evidence])
        return any(contains_phrase(t, label["contains"]) for t in texts)

    return match_items("timeline", briefing.timeline, gold, match)


def _score_actors(briefing: Briefing, gold: list[dict[str, Any]]) -> tuple[ListScore, list[str]]:
    def match(actor: Any, label: dict[str, Any]) -> bool:
        names = {normalize(n) for n in (actor.name, *actor.aliases)}
        gold_names = {normalize(n) for n in (label["name"], *label.get("aliases", []))}
        return bool(names & gold_names) and actor.kind == label["kind"]

    return match_items("actors", briefing.actors, gold, match)


def _score_quotes(briefing: Briefing, gold: list[dict[str, Any]]) -> tuple[ListScore, list[str]]:
    stem = {article.id: Path(article.origin.split(":")[0]).stem for article in briefing.articles}
    predicted = [quote for group in briefing.quotes for quote in group.quotes] + list(briefing.reported_speech)

    def match(quote: Any, label: dict[str, Any]) -> bool:
        return quote_matches(quote, label, stem[quote.span.article_id])

    return match_items("quotes", predicted, gold, match)


def quote_matches(quote: Quote, label: Mapping[str, Any], article: str) -> bool:
    """Whether `quote`, found in the article whose file stem is `article`, is the labelled quote: same
    article, direct or not as labelled, its text holding `contains` and its speaker or actor `speaker`."""
    speaker = label["speaker"]
    return (
        article == label["article"]
        and quote.direct == label.get("direct", True)
        and contains_phrase(quote.text, label["contains"])
        and (contains_phrase(quote.speaker, speaker) or contains_phrase(quote.actor, speaker))
    )


_SCORERS = {
    "claims": _score_claims,
    "timeline": _score_timeline,
    "actors": _score_actors,
    "quotes": _score_quotes,
}
