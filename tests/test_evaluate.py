"""storyline's own ROUGE agrees with the shared evaluator, and batch results keep input order."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import storyline
from storyline.eval.evaluate import brief_clusters, score
from storyline.sources.files import read_clusters

SHARED = Path(__file__).resolve().parents[2] / "shared"
MDS_EVAL = SHARED / "tools" / "mds_eval.py"
DEV = SHARED / "benchmarks" / "multinews-dev.jsonl"


def _first_clusters(count: int, target: Path) -> Path:
    with DEV.open() as source:
        target.write_text("".join(next(source) for _ in range(count)), encoding="utf-8")
    return target


@pytest.mark.skipif(not DEV.exists() or not MDS_EVAL.exists(), reason="needs ../shared benchmarks and tools")
def test_rouge_agrees_with_mds_eval_to_a_tenth(tmp_path: Path) -> None:
    pytest.importorskip("rouge_score")
    data = _first_clusters(12, tmp_path / "dev12.jsonl")
    clusters = list(read_clusters(data))
    results = list(brief_clusters(clusters, words=230, summarizer="coverage.v1", jobs=1))
    ours = score(results, clusters, words=230)

    predictions = tmp_path / "pred.jsonl"
    predictions.write_text("".join(json.dumps({"id": r.id, "summary": r.summary}) + "\n" for r in results))
    spec = importlib.util.spec_from_file_location("mds_eval", MDS_EVAL)
    assert spec
    assert spec.loader
    mds_eval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mds_eval)
    theirs = mds_eval.score(str(data), str(predictions), 230)

    assert abs(ours.rouge1 - theirs["rouge1"]["f"]) <= 0.1
    assert abs(ours.rouge2 - theirs["rouge2"]["f"]) <= 0.1
    assert ours.evidence_verbatim == 100.0


def test_parallel_batch_keeps_input_order_and_matches_one_process(tmp_path: Path) -> None:
    lines = [
        {"id": f"c{i}", "documents": [f"Storm number {i} hit the coast of Varnholm on Monday. Roofs were torn off."]}
        for i in range(6)
    ]
    data = tmp_path / "clusters.jsonl"
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    one = [r.to_line() for r in brief_clusters(read_clusters(data), words=50, summarizer="coverage.v1", jobs=1)]
    two = [r.to_line() for r in brief_clusters(read_clusters(data), words=50, summarizer="coverage.v1", jobs=2)]
    assert [line["id"] for line in two] == [f"c{i}" for i in range(6)]
    assert one == two


def test_brief_accepts_a_single_string() -> None:
    briefing = storyline.brief("A storm tore roofs off houses in the coastal town of Varnholm on Monday night.")
    assert len(briefing.summary) == 1
