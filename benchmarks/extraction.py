"""Precision and recall of the briefing's lists (claims, timeline, actors, quotes) on the labelled events.

    python benchmarks/extraction.py [tests/labelled] [--misses]

Labelled events are folders under tests/labelled/ (format and matching rules: docs/quality.md and
storyline/eval/labels.py). The Mali labels point at ../shared/examples/mali-2020 and are skipped when it is absent.
Prints one Markdown row per list and event, then the totals the target applies to (P >= 0.9, R >= 0.8).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from storyline.eval.labels import labelled_events, score_event, total

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path, nargs="?", default=ROOT / "tests" / "labelled")
    parser.add_argument("--misses", action="store_true", help="list every unmatched prediction and gold item")
    args = parser.parse_args()
    events = []
    for path in labelled_events(args.root):
        target = path.parent / json.loads(path.read_text(encoding="utf-8")).get("articles", ".")
        if not target.is_dir():
            print(f"skipped {path.parent.name}: {target} not found")
            continue
        events.append(score_event(path))
    print("| event | list | predicted | gold | correct | precision | recall |")
    print("|---|---|---|---|---|---|---|")
    for event in events:
        for score in event.scores:
            print(
                f"| {event.event} | {score.name} | {score.predicted} | {score.gold} | {score.correct} "
                f"| {score.precision:.2f} | {score.recall:.2f} |"
            )
    for name, score in total(events).items():
        print(
            f"| **all** | **{name}** | {score.predicted} | {score.gold} | {score.correct} "
            f"| **{score.precision:.2f}** | **{score.recall:.2f}** |"
        )
    if args.misses:
        for event in events:
            for line in event.misses:
                print(f"{event.event}: {line}")


if __name__ == "__main__":
    main()
