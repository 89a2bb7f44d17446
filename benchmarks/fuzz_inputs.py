"""Throw hostile and generated inputs at the command line and at a live server on 127.0.0.1.

    python benchmarks/fuzz_inputs.py [--generated 1000] [--seed 7]

The command line gets the known hostile inputs (pathological Markdown, impossible dates, broken text, deep
JSON, huge numbers, devices, non-UTF-8 names and stdin) in real processes, then `--generated` random article
files in-process. The server (uvicorn with storyline's limits, in a thread, loopback only) gets the same as
request bodies and queries, while a second thread times /api/health. Prints a JSON summary; exits 1 on any
traceback, 5xx, hang (an input past its deadline) or a store that fails `PRAGMA integrity_check`.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from click.testing import CliRunner

from storyline.cli import cli

STORM = "A storm hit the coast of Vessby on Monday, flooding the harbour, officials said."
DEADLINE_SECONDS = 60  # one input; the slowest known one (a 4.5 MB page) takes a few seconds

HOSTILE_MARKDOWN = [
    "# a" + " " * 3_000 + "x",
    "**a " * 16_000,
    "__a " * 16_000,
    "![" * 50_000,
    "[" * 30_000 + "](" * 30_000,
    "*a " * 30_000,
]
HOSTILE_DATES = ["2026-02-30", "2026-13-01", "0000-01-01", "9999-99-99", "9999-12-31", "1-1-1", "2026-1-1"]


def hostile_records() -> Iterator[dict[str, Any]]:
    """Article records built to break something, as a JSONL line or an API request item holds them."""
    for text in HOSTILE_MARKDOWN:
        yield {"markdown": "# Title\n" + text}
    for day in HOSTILE_DATES:
        yield {"text": STORM, "published": day}
    for field in ("text", "title", "source", "url"):
        yield {"text": STORM, field: "half \ud800 pair"}
    yield {"html": "<html><body><p>" + "word " * 1_100_000 + "</p></body></html>"}  # over the limit
    paragraph = "<p>" + "The storm flooded the harbour and the quay. " * 40 + "</p>"
    yield {"html": "<html><body><article>" + paragraph * 2_000 + "</article></body></html>"}  # 3.6 MB, read
    yield {"text": STORM, "title": None, "url": 7}
    yield {"text": ""}
    yield {"html": ""}


def generated_record(rng: random.Random) -> str:
    """A random article record as JSON text: right and wrong types, odd characters, odd dates, deep nesting,
    long numbers."""
    alphabet = "ab *_#[]()!`<>\n\t\u00e9\u4e2d\U0001f600\ud800\udc00\x00\x1b\u202e"
    text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200)))
    choices: list[Any] = [
        text,
        STORM + text,
        rng.randint(-(10**30), 10**30),
        None,
        True,
        [text],
        {"x": text},
        "9" * rng.randint(1, 5000),
        "-".join(str(rng.randint(0, 9999)) for _ in range(3)),
    ]
    record: dict[str, Any] = {}
    for name in rng.sample(["text", "html", "markdown", "title", "source", "url", "published"], rng.randint(0, 4)):
        record[name] = rng.choice(choices)
    if rng.random() < 0.5:  # half of them plausible: a real text, only the odd characters in other fields
        printable = "".join(c for c in text if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF)
        record = {"text": STORM + " " + printable, "title": printable[:40], "published": rng.choice(["", "2026-11-20"])}
    if rng.random() < 0.05:
        depth = rng.randint(10, 3000)
        return '{"text": ' + "[" * depth + "]" * depth + "}"
    return dumped(record)


def dumped(value: Any) -> str:
    """JSON text of `value`; lone surrogates are written as escapes, as a hostile client would send them."""
    return json.dumps(value, ensure_ascii=True)


# --- the command line ------------------------------------------------------------------------------------------


def run_cli_processes(work: Path) -> list[dict[str, Any]]:
    """The known hostile inputs through the installed command, each in its own process."""
    cases: list[tuple[str, list[str], bytes]] = []
    for index, record in enumerate(hostile_records()):
        path = work / f"hostile-{index}.jsonl"
        path.write_text(dumped(record) + "\n")
        cases.append((f"jsonl {index}", ["brief", str(path)], b""))
    markdown = work / "heading.md"
    markdown.write_text("# a" + " " * 3_000 + "x\n\n" + STORM + "\n")
    cases.append(("pathological .md", ["brief", str(markdown)], b""))
    deep = ("{" + '"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n").encode()
    cases.append(("nested JSONL on stdin", ["brief"], deep))
    cases.append(("5,000-digit integer", ["brief"], b'{"text": "a", "n": ' + b"9" * 5_000 + b"}\n"))
    cases.append(("non-UTF-8 stdin", ["brief"], b"\xff\xfe\xfa caf\xe9 " + STORM.encode("latin-1")))
    cases.append(("story id past 64 bits", ["brief", "--story", "9" * 23, "--db", str(work / "cli.db")], b""))
    cases.append(
        ("since of 5,000 digits", ["stories", "--since", "9" * 5_000 + "d", "--db", str(work / "cli.db")], b"")
    )
    if Path("/dev/zero").exists():
        cases.append(("/dev/zero", ["brief", "/dev/zero"], b""))
    names = work / "names"
    names.mkdir()
    (names / os.fsdecode(b"caf\xe9.txt")).write_text(STORM + "\n")
    (names / "ok.txt").write_text("Officials said a storm flooded the harbour of Vessby on Monday.\n")
    cases.append(("non-UTF-8 file name", ["ingest", str(names), "--db", str(work / "cli.db")], b""))
    cases.append(("the store after", ["stories", "--db", str(work / "cli.db")], b""))
    results = []
    for name, arguments, stdin in cases:
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "storyline", *arguments],
                input=stdin,
                capture_output=True,
                timeout=DEADLINE_SECONDS,
                check=False,
            )
            traceback = b"Traceback" in done.stderr
            results.append(
                {
                    "case": name,
                    "exit": done.returncode,
                    "traceback": traceback,
                    "hang": False,
                    "seconds": round(time.perf_counter() - started, 2),
                    "message": done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] if traceback else "",
                }
            )
        except subprocess.TimeoutExpired:
            results.append({"case": name, "exit": None, "traceback": False, "hang": True})
    return results


class Deadline(Exception):
    pass


def run_cli_generated(work: Path, count: int, rng: random.Random) -> dict[str, int]:
    """`count` generated JSONL files through `storyline brief`, in-process; a SIGALRM marks a hang."""

    def expire(signum: int, frame: Any) -> None:
        raise Deadline

    signal.signal(signal.SIGALRM, expire)
    runner = CliRunner()
    outcome = {"ran": 0, "tracebacks": 0, "hangs": 0, "refused": 0, "briefed": 0}
    path = work / "generated.jsonl"
    for _ in range(count):
        records = [generated_record(rng) for _ in range(rng.randint(1, 3))]
        path.write_text("".join(record + "\n" for record in records))
        signal.alarm(DEADLINE_SECONDS)
        try:
            result = runner.invoke(cli, ["brief", str(path), "--format", rng.choice(["text", "json", "html"])])
        except Deadline:
            outcome["hangs"] += 1
            continue
        finally:
            signal.alarm(0)
        outcome["ran"] += 1
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            outcome["tracebacks"] += 1
            print(f"traceback for {path.read_text()[:200]!r}: {result.exception!r}", file=sys.stderr)
        elif result.exit_code == 0:
            outcome["briefed"] += 1
        else:
            outcome["refused"] += 1
    return outcome


# --- the server ------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def watch_health(base: str, stop: Any, results: Any) -> None:
    """Ask /api/health every 50 ms until `stop` is set; put (slowest seconds, failures) on `results`. Run in
    its own process, so the fuzzing client's work never delays it."""
    slowest, failures = 0.0, 0
    with httpx.Client(timeout=30) as client:
        while not stop.is_set():
            started = time.perf_counter()
            try:
                ok = client.get(f"{base}/api/health").status_code == 200
            except httpx.HTTPError:
                ok = False
            slowest = max(slowest, time.perf_counter() - started)
            failures += not ok
            time.sleep(0.05)
    results.put((slowest, failures))


def run_server(work: Path, count: int, rng: random.Random) -> dict[str, Any]:
    database = work / "server.db"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = work / "server.log"
    log_file = log_path.open("wb")  # a file, not a pipe: a full pipe would stall the server's workers
    server = subprocess.Popen(
        [sys.executable, "-m", "storyline", "serve", "--port", str(port), "--db", str(database)],
        stderr=log_file,
    )
    with httpx.Client(timeout=5) as probe:
        for _ in range(600):
            try:
                if probe.get(f"{base}/api/health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
    statuses: dict[int, int] = {}
    big_requests = 0
    context = multiprocessing.get_context("spawn")
    stop, results = context.Event(), context.Queue()
    watcher = context.Process(target=watch_health, args=(base, stop, results))
    watcher.start()
    try:
        with httpx.Client(timeout=DEADLINE_SECONDS, headers={"content-type": "application/json"}) as client:

            def send(method: str, path: str, body: str | bytes | None = None) -> None:
                nonlocal big_requests
                try:
                    response = client.request(method, base + path, content=body)
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                except httpx.TimeoutException:
                    statuses[-1] = statuses.get(-1, 0) + 1  # a hang
                big_requests += body is not None and len(body) > 8192

            for record in hostile_records():
                for route in ("/api/brief", "/api/ingest"):
                    send("POST", route, dumped({"articles": [record]}))
            send("POST", "/api/brief", b'{"articles": ' + b"[" * 50_000 + b"]" * 50_000 + b"}")
            send("POST", "/api/brief", b'{"words": ' + b"9" * 5_000 + b"}")
            send("GET", "/api/stories?since=" + "9" * 5_000 + "d")
            send("GET", "/api/stories/" + "9" * 23)
            send("DELETE", "/api/articles/" + "9" * 23)
            for _ in range(count):
                records = [generated_record(rng) for _ in range(rng.randint(1, 3))]
                body = '{"articles": [' + ",".join(records) + "]}"
                send("POST", rng.choice(["/api/brief", "/api/ingest"]), body)
                if rng.random() < 0.2:
                    query = "".join(rng.choice("0123456789dw-:.eE%&=") for _ in range(rng.randint(0, 30)))
                    send("GET", f"/api/stories?since={query}&after={query}&limit={query}")
                    send("GET", f"/api/stories/{query}?since_last={query}")
                    send("POST", f"/api/stories/{rng.randint(0, 30)}/briefings", dumped({"since_last": True}))
                if rng.random() < 0.02:
                    send("DELETE", f"/api/articles/{rng.randint(1, 30)}")
    finally:
        stop.set()
        slowest, failures = results.get(timeout=60)
        watcher.join()
        server.terminate()
        server.wait(timeout=60)
        log_file.close()
        log = log_path.read_bytes()
    with sqlite3.connect(database) as connection:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    return {
        "statuses": dict(sorted(statuses.items())),
        "server_errors": sum(n for status, n in statuses.items() if status >= 500),
        "hangs": statuses.get(-1, 0),
        "requests_over_8kB": big_requests,
        "slowest_health_ms": round(slowest * 1000, 1),
        "health_failures": failures,
        "server_log_tracebacks": log.count(b"Traceback"),
        "server_log_lines": len(log.splitlines()),
        "integrity_check": integrity,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=1000, help="generated inputs for the CLI and the API")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        processes = run_cli_processes(work)
        generated = run_cli_generated(work, options.generated, random.Random(options.seed))
        served = run_server(work, options.generated, random.Random(options.seed + 1))
        with sqlite3.connect(work / "cli.db") as connection:
            cli_integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    summary = {
        "cli_hostile": {
            "cases": len(processes),
            "tracebacks": [r["case"] for r in processes if r["traceback"]],
            "hangs": [r["case"] for r in processes if r["hang"]],
            "slowest_seconds": max(r.get("seconds", 0) for r in processes),
        },
        "cli_generated": generated,
        "cli_store_integrity": cli_integrity,
        "server": served,
    }
    print(json.dumps(summary, indent=2))
    failed = (
        summary["cli_hostile"]["tracebacks"]
        or summary["cli_hostile"]["hangs"]
        or generated["tracebacks"]
        or generated["hangs"]
        or served["server_errors"]
        or served["server_log_tracebacks"]
        or served["hangs"]
        or served["integrity_check"] != "ok"
        or cli_integrity != "ok"
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
