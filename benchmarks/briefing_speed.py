"""Speed of the whole briefing (summary, claims, timeline, actors, quotes), beside a peer in the same run.

    python benchmarks/briefing_speed.py [--repeat 5] [--articles 100]

Measures, each as its own process timed from start to exit (Python start-up included):
- `storyline brief` on the Mali example (../shared/examples/mali-2020) in every output format;
- `storyline brief` on one cluster of `--articles` news articles: the first documents of the Multi-News dev
  clusters (../shared/benchmarks/multinews-dev.jsonl), written to a temporary JSONL file, never kept;
- sumy LexRank (through ../shared/tools/mds_eval.py, `pip install -e '.[bench]'`) summarizing that same
  cluster, so the large-cluster time can be read as a ratio against a peer that only summarizes.
The targets are < 1.5 s for Mali and < 10 s for 100 articles on the project's 2-core machines.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from compare import DEFAULT_DATA, MALI, MDS_EVAL, best_of, timed


def large_cluster(data: Path, articles: int, into: Path) -> int:
    """Write one cluster of `articles` documents from the dev data; returns how many it holds."""
    documents: list[str] = []
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                documents += [d for d in json.loads(line)["documents"] if d.strip()]
            if len(documents) >= articles:
                break
    documents = documents[:articles]
    with into.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "large", "documents": documents, "summaries": [""]}) + "\n")
    return len(documents)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows: dict[str, dict[str, float]] = {}
    for fmt in ("text", "json", "markdown", "html"):
        command = ["storyline", "brief", str(MALI), "--format", fmt, "-o", "/dev/null"]
        rows[f"brief Mali ({fmt})"] = best_of(command, args.repeat)
    with tempfile.TemporaryDirectory() as scratch:
        cluster = Path(scratch) / "large.jsonl"
        count = large_cluster(args.data, args.articles, cluster)
        articles = Path(scratch) / "articles.jsonl"
        documents = json.loads(cluster.read_text(encoding="utf-8"))["documents"]
        articles.write_text("".join(json.dumps({"text": d}) + "\n" for d in documents), encoding="utf-8")
        command = ["storyline", "brief", str(articles), "--format", "json", "-o", "/dev/null"]
        rows[f"brief {count} articles"] = best_of(command, max(1, args.repeat // 2))
        summary_only = [sys.executable, str(MDS_EVAL), "peer", "lexrank", str(cluster), str(Path(scratch) / "p.jsonl")]
        rows[f"LexRank summary only, {count} articles"] = timed(summary_only)
    peer = rows[f"LexRank summary only, {count} articles"]["wall"]
    print("| run | seconds (median) | peak MB | LexRank time / this |")
    print("|---|---|---|---|")
    for name, row in rows.items():
        ratio = f"{peer / row['wall']:.2f}x" if "articles" in name else ""
        print(f"| {name} | {row['wall']:.2f} | {row['peak_mb']:.0f} | {ratio} |")


if __name__ == "__main__":
    main()
