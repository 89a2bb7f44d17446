"""How the full briefing grows with the size of a story, for this code and (in the same run) an older commit.

    python benchmarks/briefing_scale.py [--sizes 100,200,500,1000] [--repeat 3] [--against b719cf5]
                                        [--profile 1000] [--data ../shared/benchmarks/multinews-dev.jsonl]

A story of n articles is the documents of the Multi-News dev clusters (../shared/benchmarks) taken in turn
and repeated once they run out, each with its own URL, so larger stories hold reprints as large real stories
do. Each size is briefed (summary, claims, values, timeline, actors, quotes) in a fresh process, `--repeat`
times; the table gives the median CPU seconds of the briefing (reading the input excluded) and the largest
peak resident memory of the process. `--against COMMIT` checks that commit out in a temporary git worktree
and measures it the same way, one size after the other with this code, so both see the same machine load.
The growth exponent is the slope of log CPU over log n between the smallest and largest size (1 is linear,
n log n gives about 1.1 over this range, all pairs 2). `--profile N` ends with cProfile's stages of this
code at N articles, by cumulative time. The generated stories live in a temporary folder and are deleted.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "multinews-dev.jsonl"

# Runs in a fresh interpreter whose `storyline` is the tree given on PYTHONPATH.
_RUNNER = """
import json, resource, sys, time
from storyline.briefing import brief
from storyline.segment import split
from storyline.types import RawArticle
raws = [RawArticle(**json.loads(line)) for line in open(sys.argv[1], encoding="utf-8")]
start = time.process_time()
briefing = brief(raws)
cpu = time.process_time() - start
sentences = sum(len(split(article)) for article in briefing.articles)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"cpu": cpu, "peak_mb": peak, "sentences": sentences}))
"""

_PROFILER = """
import cProfile, json, pstats, sys
from storyline.briefing import brief
from storyline.types import RawArticle
raws = [RawArticle(**json.loads(line)) for line in open(sys.argv[1], encoding="utf-8")]
profile = cProfile.Profile()
profile.runcall(brief, raws)
stats = pstats.Stats(profile).stats
total = max(row[3] for row in stats.values())
rows = [(row[3], f"{func[0].rsplit('storyline/', 1)[-1]}:{func[2]}") for func, row in stats.items()
        if "/storyline/" in func[0] and not func[2].startswith("<")]
print(json.dumps({"total": total, "rows": sorted(rows, reverse=True)[:int(sys.argv[2])]}))
"""


def write_story(data: Path, articles: int, into: Path) -> None:
    """Write a story of `articles` articles (JSONL of RawArticle fields) from the dev documents."""
    documents = []
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                documents += [d for d in json.loads(line)["documents"] if d.strip()]
    with into.open("w", encoding="utf-8") as out:
        for i in range(articles):
            row = {"text": documents[i % len(documents)], "origin": f"story:{i + 1}", "url": f"https://example.org/{i}"}
            out.write(json.dumps(row) + "\n")


def run(tree: Path, script: str, *args: str) -> dict[str, object]:
    """Run `script` in a fresh interpreter that imports storyline from `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", script, *args], env=env, cwd=tree, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"failed in {tree}:\n{done.stderr[-2000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(tree: Path, story: Path, repeat: int) -> dict[str, float]:
    runs = [run(tree, _RUNNER, str(story)) for _ in range(repeat)]
    return {
        "cpu": statistics.median(float(str(r["cpu"])) for r in runs),
        "peak_mb": max(float(str(r["peak_mb"])) for r in runs),
        "sentences": float(str(runs[0]["sentences"])),
    }


def exponent(rows: dict[int, dict[str, float]]) -> float:
    """Slope of log CPU over log articles, smallest to largest size."""
    small, large = min(rows), max(rows)
    return math.log(rows[large]["cpu"] / rows[small]["cpu"]) / math.log(large / small)


def progress(what: str, row: dict[str, float]) -> None:
    """One measured row on stderr, so a long run shows what it has."""
    print(f"{what}: {int(row['sentences']):,} sentences, {row['cpu']:.2f} s, {row['peak_mb']:.0f} MB", file=sys.stderr)


def table(name: str, rows: dict[int, dict[str, float]]) -> None:
    print(f"\n{name}\n\n| articles | sentences | CPU s | peak RSS |\n|---|---|---|---|")
    for articles, row in sorted(rows.items()):
        print(f"| {articles:,} | {int(row['sentences']):,} | {row['cpu']:.2f} | {row['peak_mb']:.0f} MB |")
    if len(rows) > 1:
        print(f"\ngrowth exponent {exponent(rows):.2f} (CPU ~ n^k from {min(rows):,} to {max(rows):,} articles)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default="100,200,500,1000", help="story sizes in articles, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the median CPU is reported")
    parser.add_argument("--against", help="an older commit to measure in the same run")
    parser.add_argument("--against-up-to", type=int, help="measure the older commit only up to this size")
    parser.add_argument("--profile", type=int, default=1000, help="articles for the cProfile stages (0: none)")
    parser.add_argument("--stages", type=int, default=15, help="stages to list from the profile")
    args = parser.parse_args()
    if not args.data.exists():
        raise SystemExit(f"{args.data}: not found (the shared benchmark data sits beside the repository)")
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        older = folder / "older"
        if args.against:
            subprocess.run(["git", "worktree", "add", "--detach", str(older), args.against], cwd=ROOT, check=True)
        try:
            current: dict[int, dict[str, float]] = {}
            previous: dict[int, dict[str, float]] = {}
            for size in sizes:
                story = folder / f"story-{size}.jsonl"
                write_story(args.data, size, story)
                current[size] = measure(ROOT, story, args.repeat)
                progress(f"{size} articles", current[size])
                if args.against and (args.against_up_to is None or size <= args.against_up_to):
                    previous[size] = measure(older, story, args.repeat)
                    progress(f"{size} articles at {args.against}", previous[size])
            table("This code", current)
            if previous:
                table(f"Commit {args.against}", previous)
                print("\n| articles | CPU, older / this |\n|---|---|")
                for size in sorted(previous):
                    print(f"| {size:,} | {previous[size]['cpu'] / current[size]['cpu']:.1f}x |")
            if args.profile:
                story = folder / "profile.jsonl"
                write_story(args.data, args.profile, story)
                found = run(ROOT, _PROFILER, str(story), str(args.stages))
                total = float(str(found["total"]))
                print(f"\ncProfile, {args.profile:,} articles, this code ({total:.1f} s under the profiler)\n")
                print("| stage | cumulative s | share |\n|---|---|---|")
                for seconds, where in found["rows"]:  # type: ignore[attr-defined]
                    print(f"| {where} | {seconds:.2f} | {seconds / total:.0%} |")
        finally:
            if args.against:
                subprocess.run(["git", "worktree", "remove", "--force", str(older)], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
