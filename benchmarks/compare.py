"""Quality and speed of storyline beside the peer summarizers, measured in one run.

    python benchmarks/compare.py [--data ../shared/benchmarks/multinews-dev.jsonl] [--words 230]
                                 [--peers lead,lexrank,textrank,luhn,lsa,kl,sumbasic] [--oracle] [--repeat 3]

Every system runs as its own process, timed from start to exit (start-up included), so the ratios compare
like with like. Peers come from ../shared/tools/mds_eval.py (needs `pip install -e '.[bench]'`). ROUGE for
all of them comes from `mds_eval.py score`. Prints a Markdown table; --json writes the raw figures too.
Speed figures are ratios against sumy LexRank from the same run: absolute times depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_DATA = SHARED / "benchmarks" / "multinews-dev.jsonl"
MDS_EVAL = SHARED / "tools" / "mds_eval.py"
MALI = SHARED / "examples" / "mali-2020"

# Run a command, then report its wall time and the peak memory of it and its children (Linux ru_maxrss, kB).
_TIMER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
print(json.dumps({"code": code, "wall": wall, "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def timed(command: list[str]) -> dict[str, float]:
    """Wall seconds and peak resident memory (MB) of one run of `command`."""
    result = subprocess.run([sys.executable, "-c", _TIMER, *command], capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout)
    if figures["code"] != 0:
        raise SystemExit(f"failed ({figures['code']}): {' '.join(command)}")
    return {"wall": figures["wall"], "peak_mb": figures["peak_kb"] / 1024}


def best_of(command: list[str], repeat: int) -> dict[str, float]:
    """Median wall time and the largest peak memory over `repeat` runs."""
    runs = [timed(command) for _ in range(repeat)]
    return {"wall": statistics.median(r["wall"] for r in runs), "peak_mb": max(r["peak_mb"] for r in runs)}


def rouge(data: Path, predictions: Path, words: int) -> dict[str, float]:
    """ROUGE F1 of a predictions file, from mds_eval.py score."""
    out = subprocess.run(
        [sys.executable, str(MDS_EVAL), "score", str(data), str(predictions), "--words", str(words)],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = json.loads(out.stdout)
    return {"R1": scores["rouge1"]["f"], "R2": scores["rouge2"]["f"], "RL": scores["rougeLsum"]["f"]}


def storyline_predictions(batch_output: Path, predictions: Path) -> None:
    """Turn `storyline batch` lines into the {id, summary} lines mds_eval.py scores."""
    with batch_output.open() as source, predictions.open("w") as target:
        for line in source:
            row = json.loads(line)
            target.write(json.dumps({"id": row["id"], "summary": row["summary"]}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--words", type=int, default=230)
    parser.add_argument("--peers", default="lead,lexrank,textrank,luhn,lsa,kl,sumbasic")
    parser.add_argument("--oracle", action="store_true", help="also run the extractive oracle (slow)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of storyline per measurement")
    parser.add_argument("--json", type=Path, help="write the raw figures here")
    args = parser.parse_args()
    clusters = sum(1 for line in args.data.open() if line.strip())
    rows: dict[str, dict[str, float]] = {}

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        batch_out, predictions = work / "storyline.batch.jsonl", work / "storyline.jsonl"
        command = ["storyline", "batch", str(args.data), "-o", str(batch_out), "--words", str(args.words)]
        rows["storyline"] = best_of(command, args.repeat)
        rows["storyline (1 process)"] = best_of([*command, "--jobs", "1"], args.repeat)
        storyline_predictions(batch_out, predictions)
        scores = rouge(args.data, predictions, args.words)
        rows["storyline"].update(scores)
        rows["storyline (1 process)"].update(scores)

        peers = [p for p in args.peers.split(",") if p] + (["oracle"] if args.oracle else [])
        for peer in peers:
            output = work / f"{peer}.jsonl"
            peer_command = [sys.executable, str(MDS_EVAL), "peer", peer, str(args.data), str(output)]
            rows[peer] = timed([*peer_command, "--words", str(args.words)])
            rows[peer].update(rouge(args.data, output, args.words))

    if MALI.is_dir():
        rows["storyline brief (Mali)"] = best_of(["storyline", "brief", str(MALI)], max(5, args.repeat))

    lexrank = rows.get("lexrank", {}).get("wall")
    print(f"{clusters} clusters from {args.data.name}, {args.words} words; ROUGE F1 from mds_eval.py score\n")
    print("| system | R1 | R2 | RL | seconds | clusters/s | speed vs LexRank | peak MB |")
    print("|---|---|---|---|---|---|---|---|")
    for name, row in rows.items():
        per_second = clusters / row["wall"] if "brief" not in name else float("nan")
        ratio = f"{lexrank / row['wall']:.1f}x" if lexrank and "brief" not in name else ""
        quality = [f"{row[k]:.2f}" if k in row else "" for k in ("R1", "R2", "RL")]
        rate = f"{per_second:.1f}" if per_second == per_second else ""
        print(f"| {name} | {' | '.join(quality)} | {row['wall']:.2f} | {rate} | {ratio} | {row['peak_mb']:.0f} |")
    if args.json:
        args.json.write_text(json.dumps({"clusters": clusters, "words": args.words, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
