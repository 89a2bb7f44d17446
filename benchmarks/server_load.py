"""Load test of `storyline serve`: concurrent clients posting a Mali-sized cluster, from a second process.

    python benchmarks/server_load.py                      # 8 clients, 10 requests each, Mali example
    python benchmarks/server_load.py --clients 8 --requests 20 --timeout 300

Starts the server as its own process on a free loopback port, waits for /api/health, then runs the clients
as threads of this process (httpx, one connection each). Bounded in count (clients x requests) and in time
(--timeout: clients stop sending when it passes). Reports errors, latency p50/p95/max and throughput, and, side
by side, the same number of briefings run as `storyline brief --format json` processes, `--clients` at a
time: what a user without the server would do.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from storyline import read_articles
from storyline.sources.files import article_to_record

ROOT = Path(__file__).resolve().parent.parent
MALI = ROOT.parent / "shared" / "examples" / "mali-2020"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _request_body(folder: Path) -> dict[str, object]:
    return {"articles": [article_to_record(raw) for raw in read_articles(folder)]}


def _start_server(port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "storyline", "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"server did not start: {server.stderr.read().decode() if server.stderr else ''}")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _load(port: int, body: bytes, clients: int, requests: int, timeout: float) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + timeout

    def client() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=timeout) as session:
            for _ in range(requests):
                if time.monotonic() > stop_at:
                    return
                started = time.perf_counter()
                try:
                    response = session.post("/api/brief", content=body, headers={"content-type": "application/json"})
                    ok = response.status_code == 200 and response.json().get("schema") == "storyline.briefing/2"
                    problem = "" if ok else f"HTTP {response.status_code}"
                except httpx.HTTPError as error:
                    problem = type(error).__name__
                elapsed = time.perf_counter() - started
                with lock:
                    (errors.append(problem) if problem else latencies.append(elapsed))

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    wall = time.perf_counter() - started
    return {
        "requests": len(latencies) + len(errors),
        "errors": len(errors),
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": _percentile(latencies, 0.95) if latencies else float("nan"),
        "max": max(latencies, default=float("nan")),
        "throughput": len(latencies) / wall,
        "wall": wall,
    }


def _cli_runs(folder: Path, count: int, parallel: int) -> dict[str, float]:
    """`count` briefings as separate `storyline brief` processes, `parallel` at a time."""
    command = [sys.executable, "-m", "storyline", "brief", str(folder), "--format", "json"]
    latencies: list[float] = []

    def one(_: int) -> None:
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(one, range(count)))
    wall = time.perf_counter() - started
    return {
        "requests": count,
        "p50": statistics.median(latencies),
        "p95": _percentile(latencies, 0.95),
        "throughput": count / wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=10, help="per client")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds; clients stop sending after it")
    parser.add_argument("--articles", type=Path, default=MALI, help="a folder of articles (default: Mali)")
    parser.add_argument("--no-cli", action="store_true", help="skip the side-by-side CLI runs")
    args = parser.parse_args()
    if not args.articles.is_dir():
        raise SystemExit(f"{args.articles}: no such folder (the Mali example lives in ../shared/examples)")
    body = json.dumps(_request_body(args.articles)).encode()
    port = _free_port()
    server = _start_server(port)
    try:
        _load(port, body, 1, 2, args.timeout)  # warm-up: imports and first-call caches
        result = _load(port, body, args.clients, args.requests, args.timeout)
    finally:
        server.terminate()
        server.wait(10)
    print(f"{os.cpu_count()} cores; {len(body):,}-byte request of {args.articles.name}")
    print("| run | requests | errors | p50 s | p95 s | max s | briefings/s |\n|---|---|---|---|---|---|---|")
    print(
        f"| server, {args.clients} clients | {result['requests']:.0f} | {result['errors']:.0f} | {result['p50']:.2f} "
        f"| {result['p95']:.2f} | {result['max']:.2f} | {result['throughput']:.2f} |"
    )
    if not args.no_cli:
        cli = _cli_runs(args.articles, int(result["requests"]), args.clients)
        print(
            f"| `storyline brief` processes, {args.clients} at a time | {cli['requests']:.0f} | 0 | {cli['p50']:.2f} "
            f"| {cli['p95']:.2f} | | {cli['throughput']:.2f} |"
        )
        print(f"server throughput / CLI throughput: {result['throughput'] / cli['throughput']:.1f}x")
    if result["errors"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
