"""Speed of `storyline batch` on a cluster file, for this code and (in the same run) an older commit.

    python benchmarks/batch_speed.py [--against fdbfb17] [--repeat 5] [--jobs N]
                                     [--data ../shared/benchmarks/multinews-dev.jsonl]

Each run is its own process, timed from start to exit as compare.py times it (start-up and worker processes
included), with the CPU seconds of the process and its workers. `--against COMMIT` checks that commit out in a
temporary git worktree and runs it alternately with this code, so both see the same machine load; the table
gives medians and the ratio older / this, and says whether the two wrote the same bytes. Other work on the
machine moves the seconds by a third or more; the ratios move far less.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "multinews-dev.jsonl"

# Runs `python -m storyline batch ...` with the tree on PYTHONPATH; reports wall and CPU seconds of the tree.
_TIMER = """
import json, os, resource, subprocess, sys, time
tree, output = sys.argv[1], sys.argv[2]
env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
env["PYTHONPATH"] = tree
start = time.perf_counter()
# Run from the tree itself: `python -m` puts the working directory first on the path.
code = subprocess.run([sys.executable, "-m", "storyline", "batch", *sys.argv[3:], "-o", output], env=env,
                      cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime}))
"""


def timed(tree: Path, output: Path, arguments: list[str]) -> dict[str, float]:
    """Wall and CPU seconds of one batch run of the code in `tree`."""
    command = [sys.executable, "-c", _TIMER, str(tree), str(output), *arguments]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout)
    if figures["code"] != 0:
        raise SystemExit(f"batch failed ({figures['code']}) in {tree}")
    return {"wall": figures["wall"], "cpu": figures["cpu"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--against", help="an older commit to run alternately with this code")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each tree; medians are reported")
    parser.add_argument("--jobs", type=int, help="worker processes (default: batch's own, one per core)")
    args = parser.parse_args()
    if not args.data.exists():
        raise SystemExit(f"{args.data}: not found (the shared benchmark data sits beside the repository)")
    arguments = [str(args.data.resolve()), *(["--jobs", str(args.jobs)] if args.jobs else [])]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        trees = {"this code": ROOT}
        if args.against:
            older = folder / "older"
            subprocess.run(["git", "worktree", "add", "--detach", str(older), args.against], cwd=ROOT, check=True)
            trees[args.against] = older
        try:
            outputs = {name: folder / f"output-{position}.jsonl" for position, name in enumerate(trees)}
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
            for _ in range(args.repeat):
                for name, tree in trees.items():
                    runs[name].append(timed(tree, outputs[name], arguments))
        finally:
            if args.against:
                subprocess.run(["git", "worktree", "remove", "--force", str(older)], cwd=ROOT, check=False)
        median = {
            name: {key: statistics.median(run[key] for run in found) for key in ("wall", "cpu")}
            for name, found in runs.items()
        }
        print(f"`storyline batch` on {args.data.name}, median of {args.repeat}\n")
        print("| code | wall s | CPU s, with workers |\n|---|---|---|")
        for name, row in median.items():
            print(f"| {name} | {row['wall']:.2f} | {row['cpu']:.2f} |")
        if args.against:
            this, older_row = median["this code"], median[args.against]
            same = filecmp.cmp(outputs["this code"], outputs[args.against], shallow=False)
            print(f"\n{args.against} / this code: wall {older_row['wall'] / this['wall']:.2f}x, ", end="")
            print(f"CPU {older_row['cpu'] / this['cpu']:.2f}x; output {'identical' if same else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
