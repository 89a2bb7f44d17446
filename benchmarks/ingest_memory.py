"""Peak memory of `storyline ingest` on one large JSONL file: it should not follow the file's size.

    python benchmarks/ingest_memory.py                 # a 40 MB file (generated once, kept in --workdir)
    python benchmarks/ingest_memory.py --megabytes 10 --megabytes 40

Articles are generated as in stream_speed.py (English words, invented names, dates over 90 days) into one
JSONL file of about the size asked, then ingested into a fresh store by `storyline ingest FILE` in a child
process, which reports its own peak RSS and the peak RSS of its worker process. Run it against an older
checkout with PYTHONPATH=/path/to/that/checkout to compare.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from stream_speed import FILE_ARTICLES, Generator

MEASURE = """
import resource, sys
from storyline.cli import cli
try:
    cli.main(["ingest", sys.argv[1], "--db", sys.argv[2]], prog_name="storyline")
except SystemExit:
    pass
self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"peak RSS {self:.0f} MB, worker {children:.0f} MB", file=sys.stderr)
"""


def generate(path: Path, megabytes: float, seed: int = 7) -> int:
    """Write about `megabytes` MB of articles to `path`; returns how many."""
    generator = Generator(seed)
    stories, order = generator.plan(int(megabytes * 1_000_000 / 3_000) + FILE_ARTICLES)
    written = 0
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for number, (index, day) in enumerate(order):
            line = json.dumps(generator.article(stories[index], day, number)) + "\n"
            out.write(line)
            written += len(line.encode())
            count += 1
            if written >= megabytes * 1_000_000:
                break
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, action="append")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "storyline-ingest-memory")
    arguments = parser.parse_args()
    arguments.workdir.mkdir(parents=True, exist_ok=True)
    for megabytes in arguments.megabytes or [40.0]:
        path = arguments.workdir / f"articles-{megabytes:g}mb.jsonl"
        if not path.exists():
            generate(path, megabytes)
        lines = sum(1 for _ in path.open(encoding="utf-8"))
        db = arguments.workdir / "memory.db"
        for old in arguments.workdir.glob("memory.db*"):
            old.unlink()
        run = subprocess.run(
            [sys.executable, "-c", MEASURE, str(path), str(db)], capture_output=True, text=True, check=False
        )
        summary = run.stdout.strip().splitlines()[-1:] or ["(no summary)"]
        peak = [line for line in run.stderr.splitlines() if line.startswith("peak RSS")]
        size = path.stat().st_size / 1e6
        print(f"{size:.0f} MB, {lines} articles: {summary[0]}; {peak[-1] if peak else run.stderr[-500:]}")


if __name__ == "__main__":
    main()
