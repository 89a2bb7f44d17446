"""ROUGE of the briefing on clusters as given and hard-wrapped at a fixed width, paragraphs kept.

    python benchmarks/wrapped_text.py [CLUSTERS.jsonl] [--width 70] [--jobs N]

Wire archives, mail and older corpora wrap plain text at a fixed width; a briefing should read such text as
well as text with one paragraph a line. Each document's paragraphs (Multi-News NEWLINE_CHAR breaks) are
wrapped with textwrap and separated by blank lines. Prints R1/R2/RL for both and the differences.
"""

from __future__ import annotations

import argparse
import dataclasses
import textwrap
from pathlib import Path

from storyline.eval.evaluate import brief_clusters, score
from storyline.select import DEFAULT_SUMMARIZER
from storyline.sources.files import Cluster, read_clusters

ROOT = Path(__file__).resolve().parents[1]


def wrapped(cluster: Cluster, width: int) -> Cluster:
    articles = tuple(
        dataclasses.replace(
            article,
            text="\n\n".join(
                textwrap.fill(paragraph.strip(), width) for paragraph in article.text.split("\n") if paragraph.strip()
            ),
        )
        for article in cluster.articles
    )
    return dataclasses.replace(cluster, articles=articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = ROOT.parent / "shared" / "benchmarks" / "multinews-dev.jsonl"
    parser.add_argument("clusters", type=Path, nargs="?", default=default)
    parser.add_argument("--width", type=int, default=70)
    parser.add_argument("--words", type=int, default=230)
    parser.add_argument("--jobs", type=int)
    args = parser.parse_args()
    clusters = list(read_clusters(args.clusters))
    rows = {}
    for name, given in (
        ("as given", clusters),
        (f"wrapped at {args.width}", [wrapped(c, args.width) for c in clusters]),
    ):
        results = list(brief_clusters(given, words=args.words, summarizer=DEFAULT_SUMMARIZER, jobs=args.jobs))
        rows[name] = score(results, clusters, words=args.words)
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
