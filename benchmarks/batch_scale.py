"""Peak memory of `storyline batch` on many generated clusters, killed part-way and resumed.

Generates CLUSTERS invented clusters (1-4 short reports each), runs `storyline batch` into shards, samples the
resident memory of the batch process and of its workers every 0.2 s, kills the whole process group with SIGKILL
once a share of the shards is written, resumes, and checks that every cluster id comes out exactly once, in
order. Prints the figures as one JSON line.

    python benchmarks/batch_scale.py --clusters 100000 --kill-at 0.4
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOWNS = ["Varnholm", "Brenna", "Kelby", "Marisund", "Tollan", "Dunmore", "Ashgrove", "Oskarby", "Linden Vale"]
LEADS = [
    "A storm tore roofs off {n} houses in {town} on {day}, and power lines came down across the valley.",
    "The council of {town} voted {n} to 3 on {day} to close the old bridge to lorries for a year of repairs.",
    "A fire destroyed {n} warehouses in the port of {town} on {day}; the fire service said no one was hurt.",
    "Police in {town} arrested {n} people on {day} after a protest over bus fares turned into a scuffle.",
]
FOLLOWS = [
    "Officials said the damage would take weeks to assess.",
    "The mayor of {town} called it the worst day in years.",
    "Residents said they had warned the authorities before.",
    "A spokesperson declined to comment further on {day}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def generate(path: Path, count: int, seed: int = 15) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            town, day, lead = rng.choice(TOWNS), rng.choice(DAYS), rng.choice(LEADS)
            documents = []
            for _ in range(rng.randint(1, 4)):
                sentences = [lead.format(n=rng.randint(2, 90), town=town, day=day)]
                sentences += [f.format(town=town, day=day) for f in rng.sample(FOLLOWS, rng.randint(1, 4))]
                documents.append(" ".join(sentences))
            out.write(json.dumps({"id": f"c{number}", "documents": documents}) + "\n")


def tree_rss(root: int) -> tuple[int, int]:
    """Resident kB of `root` and of `root` with all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid, parent = int(entry), int(fields["PPid"])
        children.setdefault(parent, []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return rss.get(root, 0), total


def run(command: list[str], shards: Path, shard_size: int, stop_after: int | None) -> dict[str, float]:
    """Run `command`, sampling memory; SIGKILL its process group once `stop_after` shards exist."""
    started = time.monotonic()
    child = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    peak_main = peak_tree = 0
    killed = False
    while child.poll() is None:
        main, tree = tree_rss(child.pid)
        peak_main, peak_tree = max(peak_main, main), max(peak_tree, tree)
        if stop_after is not None and len(list(shards.glob("part-*.jsonl"))) >= stop_after:
            os.killpg(child.pid, signal.SIGKILL)
            killed = True
            child.wait()
            break
        time.sleep(0.2)
    if not killed and child.returncode != 0:
        raise SystemExit(f"batch failed with exit code {child.returncode}")
    return {
        "seconds": round(time.monotonic() - started, 1),
        "peak_rss_main_mb": round(peak_main / 1024, 1),
        "peak_rss_with_workers_mb": round(peak_tree / 1024, 1),
        "killed": killed,
        "shards_on_disk": len(list(shards.glob("part-*.jsonl"))),
        "clusters_on_disk": shard_size * len(list(shards.glob("part-*.jsonl"))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=100_000)
    parser.add_argument("--shard-size", type=int, default=1000)
    parser.add_argument("--kill-at", type=float, default=0.4, help="share of the shards written before the kill")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="batch-scale-") as folder:
        work = Path(folder)
        source = work / "clusters.jsonl"
        generate(source, args.clusters)
        shards = work / "shards"
        command = [sys.executable, "-m", "storyline", "batch", str(source), "-o", f"{shards}/"]
        command += ["--shard-size", str(args.shard_size), "--jobs", str(args.jobs), "--words", "100"]
        stop_after = max(1, int(args.kill_at * args.clusters / args.shard_size))
        first = run(command, shards, args.shard_size, stop_after)
        second = run([*command, "--resume"], shards, args.shard_size, None)
        ids = [json.loads(line)["id"] for path in sorted(shards.glob("part-*.jsonl")) for line in path.open()]
        expected = [f"c{number}" for number in range(args.clusters)]
        print(
            json.dumps(
                {
                    "clusters": args.clusters,
                    "input_mb": round(source.stat().st_size / 1e6, 1),
                    "first_run": first,
                    "resumed_run": second,
                    "lines": len(ids),
                    "lost": len(set(expected) - set(ids)),
                    "duplicated": len(ids) - len(set(ids)),
                    "in_order": ids == expected,
                    "errors": sum(
                        1 for path in shards.glob("part-*.jsonl") for line in path.open() if '"error"' in line
                    ),
                }
            )
        )


if __name__ == "__main__":
    main()
