"""ROUGE of the briefing on clusters as given and hard-wrapped at a fixed width, paragraphs kept.

    python benchmarks/wrapped_text.py [CLUSTERS.jsonl] [--width 70] [--jobs N]

Wire archives, mail and older corpora wrap plain text at a fixed width; a briefing should read such text as
well as text with one paragraph a line. Each document's paragraphs (Multi-News NEWLINE_CHAR breaks) are
wrapped with textwrap and separated by blank lines. Prints R1/R2/RL for both and the differences.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import textwrap
from pathlib import Path

from storyline.eval.batch import evaluate
from storyline.select import DEFAULT_SUMMARIZER

ROOT = Path(__file__).resolve().parents[1]


def wrapped(document: str, width: int) -> str:
    """The document's paragraphs (Multi-News NEWLINE_CHAR breaks or newlines) wrapped, blank lines between."""
    paragraphs = document.replace("NEWLINE_CHAR", "\n").split("\n")
    return "\n\n".join(textwrap.fill(p.strip(), width) for p in paragraphs if p.strip())


def write_wrapped(source: Path, target: Path, width: int) -> None:
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            record["documents"] = [wrapped(document, width) for document in record["documents"]]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = ROOT.parent / "shared" / "benchmarks" / "multinews-dev.jsonl"
    parser.add_argument("clusters", type=Path, nargs="?", default=default)
    parser.add_argument("--width", type=int, default=70)
    parser.add_argument("--words", type=int, default=230)
    parser.add_argument("--jobs", type=int)
    args = parser.parse_args()
    rows = {}
    with tempfile.TemporaryDirectory() as folder:
        wrapped_file = Path(folder) / "wrapped.jsonl"
        write_wrapped(args.clusters, wrapped_file, args.width)
        for name, path in (("as given", args.clusters), (f"wrapped at {args.width}", wrapped_file)):
            rows[name] = evaluate(path, words=args.words, summarizer=DEFAULT_SUMMARIZER, jobs=args.jobs)
    print("| input | R1 | R2 | RL |")
    print("|---|---|---|---|")
    for name, scores in rows.items():
        print(f"| {name} | {scores.rouge1:.2f} | {scores.rouge2:.2f} | {scores.rougeL:.2f} |")
    first, second = rows.values()
    print(
        f"| difference | {second.rouge1 - first.rouge1:+.2f} | {second.rouge2 - first.rouge2:+.2f} "
        f"| {second.rougeL - first.rougeL:+.2f} |"
    )


if __name__ == "__main__":
    main()
