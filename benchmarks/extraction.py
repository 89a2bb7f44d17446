"""Precision and recall of the briefing's lists (claims, timeline, actors, quotes) on the labelled events.

    python benchmarks/extraction.py [tests/labelled] [--misses]

Labelled events are folders under tests/labelled/ (format and matching rules: docs/quality.md and
storyline/eval/labels.py). Events whose articles live in ../shared are skipped, with the reason, when it is absent.
Prints one Markdown row per list and event, then the totals the target applies to (P >= 0.9, R >= 0.8).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from storyline.eval.labels import articles_missing, labelled_events, score_event, total

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path, nargs="?", default=ROOT / "tests" / "labelled")
    parser.add_argument("--misses", action="store_true", help="list every unmatched prediction and gold item")
    args = parser.parse_args()
    events = []
    for path in labelled_events(args.root):
        missing = articles_missing(path)
        if missing:
            print(f"skipped {path.parent.name}: {missing}")
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
