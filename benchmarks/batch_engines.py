"""Throughput of `batch` on the process pool and on Ray, in one run, on the same clusters; outputs compared.

The clusters are the Multi-News dev clusters repeated (ids made unique) up to --clusters, or generated ones
(--generated, as batch_scale.py makes them). Ray is started first and its start-up is reported apart: the
figure compared is clusters per second of the batch itself. Prints one JSON line.

    python benchmarks/batch_engines.py --clusters 10000
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from batch_scale import generate

from storyline.eval.batch import batch

DEV = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "multinews-dev.jsonl"


def repeat_dev(target: Path, count: int) -> None:
    lines = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    with target.open("w", encoding="utf-8") as out:
        for number in range(count):
            record = dict(lines[number % len(lines)])
            record["id"] = f"{record.get('id', number)}-{number}"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def timed(clusters: Path, output: Path, **options: object) -> float:
    started = time.perf_counter()
    batch(clusters, output, words=230, summarizer="coverage.v1", **options)  # type: ignore[arg-type]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=10_000)
    parser.add_argument("--generated", action="store_true", help="generated clusters instead of Multi-News dev")
    parser.add_argument("--cpus", type=int, default=2)
    args = parser.parse_args()
    import ray

    with tempfile.TemporaryDirectory(prefix="engines-") as folder:
        work = Path(folder)
        clusters = work / "clusters.jsonl"
        if args.generated:
            generate(clusters, args.clusters)
        else:
            repeat_dev(clusters, args.clusters)
        pool = timed(clusters, work / "pool.jsonl", jobs=args.cpus)
        started = time.perf_counter()
        ray.init(num_cpus=args.cpus, include_dashboard=False, logging_level="warning", log_to_driver=False)
        start_up = time.perf_counter() - started
        on_ray = timed(clusters, work / "ray.jsonl", engine="ray")
        ray.shutdown()
        same = (work / "pool.jsonl").read_bytes() == (work / "ray.jsonl").read_bytes()
        print(
            json.dumps(
                {
                    "clusters": args.clusters,
                    "source": "generated" if args.generated else "multinews-dev repeated",
                    "process_pool_per_s": round(args.clusters / pool, 1),
                    "ray_per_s": round(args.clusters / on_ray, 1),
                    "ray_over_pool": round(pool / on_ray, 3),
                    "ray_start_up_s": round(start_up, 1),
                    "byte_identical": same,
                }
            )
        )


if __name__ == "__main__":
    main()
