"""Golden test: the briefing of the bundled example, reviewed by a person and kept in tests/golden/.

After a deliberate change, regenerate with `STORYLINE_UPDATE_GOLDEN=1 python3 -m pytest tests/test_golden.py`
and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import storyline

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "harbor-fire.json"


def _digest(data: dict[str, Any]) -> dict[str, Any]:
    """What a reader checks: sentences, who reports them and with which words, copies, what was removed."""
    return {
        "counts": data["counts"],
        "articles": [
            {
                "label": a["label"],
                "title": a["title"],
                "published": a["published"],
                "removed": [f"{r['reason']}: {r['text'][:70]}" for r in a["removed"]],
            }
            for a in data["articles"]
        ],
        "summary": [
            {
                "text": s["text"],
                "reported_by": s["reported_by"],
                "evidence": [f"[{e['article']}] {e['text']}" for e in s["evidence"][1:]],
            }
            for s in data["summary"]
        ],
        "duplicates": [d["articles"] for d in data["duplicates"]],
    }


def test_bundled_example_briefing_matches_the_reviewed_golden_file() -> None:
    briefing = storyline.brief(storyline.read_articles([ROOT / "examples" / "harbor-fire"]))
    actual = _digest(storyline.briefing_to_dict(briefing))
    if os.environ.get("STORYLINE_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert actual == json.loads(GOLDEN.read_text(encoding="utf-8"))
