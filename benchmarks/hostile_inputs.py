"""How reading grows with adversarial input: Markdown patterns and HTML size checks at doubling sizes.

    python benchmarks/hostile_inputs.py [--sizes 4000,8000,16000,32000]

For each pathological Markdown line (a heading of spaces, runs of unclosed emphasis, links and images) it
times `_parse_markdown` at each size and prints the time and its ratio to the size before: linear work
doubles (about 2.0), quadratic work quadruples. The old patterns took 46 s on the heading at 3,000 spaces.
Then the time to refuse an HTML page ten times over the size limit, which never reaches trafilatura.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import time

from storyline.errors import InputError
from storyline.sources.files import MAX_HTML_CHARS, _parse_markdown, parse_html

PATTERNS = {
    "heading of spaces": lambda n: "# a" + " " * n + "x",
    "unclosed strong": lambda n: "**a " * n,
    "unclosed underscores": lambda n: "__a " * n,
    "unclosed emphasis": lambda n: "*a " * n,
    "unclosed code": lambda n: "`a " * n,
    "image openers": lambda n: "![" * n,
    "link openers": lambda n: "[" * n + "](" * n,
}


def best_of(repeats: int, work: object, *args: object) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        work(*args)  # type: ignore[operator]
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="4000,8000,16000,32000,64000")
    parser.add_argument("--repeats", type=int, default=5)
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    report: dict[str, object] = {}
    for name, make in PATTERNS.items():
        rows = []
        previous = None
        for size in sizes:
            seconds = best_of(options.repeats, _parse_markdown, "# Title\n" + make(size), "bench.md")
            rows.append(
                {
                    "size": size,
                    "ms": round(seconds * 1000, 2),
                    "ratio": round(seconds / previous, 2) if previous else None,
                }
            )
            previous = seconds
        report[name] = rows
    page = "<html><body><p>" + "word " * (2 * MAX_HTML_CHARS) + "</p></body></html>"
    started = time.perf_counter()
    with contextlib.suppress(InputError):
        parse_html(page, "big.html")
    report["html_over_limit"] = {"chars": len(page), "ms_to_refuse": round((time.perf_counter() - started) * 1000, 2)}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
