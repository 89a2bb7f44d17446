"""storyline's own ROUGE agrees with the shared evaluator, and batch results keep input order."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import storyline
from storyline.eval.batch import batch, evaluate

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
    predictions = tmp_path / "pred.jsonl"
    ours = evaluate(data, words=230, summarizer="coverage.v1", jobs=1, predictions=predictions)

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
    batch(data, tmp_path / "one.jsonl", words=50, summarizer="coverage.v1", jobs=1)
    batch(data, tmp_path / "two.jsonl", words=50, summarizer="coverage.v1", jobs=2)
    two = (tmp_path / "two.jsonl").read_text(encoding="utf-8")
    assert [json.loads(line)["id"] for line in two.splitlines()] == [f"c{i}" for i in range(6)]
    assert (tmp_path / "one.jsonl").read_text(encoding="utf-8") == two


def test_brief_accepts_a_single_string() -> None:
    briefing = storyline.brief("A storm tore roofs off houses in the coastal town of Varnholm on Monday night.")
    assert len(briefing.summary) == 1
