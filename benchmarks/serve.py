"""The workbench's API under load: python benchmarks/serve.py [--requests N] [--seconds S]

Starts `e7 serve` (``python -m engine serve``) on a free port of 127.0.0.1 and prints, beside the goals of
issue 15:

- the time from starting the process to the first answer of /readyz (the data loaded);
- p50 and p99 of POST /api/v1/check, one request at a time on a kept-alive connection after a warm-up, for a
  case without duties (backend-dev-2026 with its duties taken out) and with its duties;
- checks per second with two worker processes (``--workers 2``), four client threads sending the case without
  duties, then the case with duties.

Every request goes to 127.0.0.1 only; each phase is bounded by a count of requests and by seconds, and the server
is stopped at the end. The machine is shared (2 cores, the load generator on them too): figures vary with load.
Speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # the only address the load goes to


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start(workers: int) -> tuple[subprocess.Popen, int, float]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "E7_DATA"}
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "engine", "serve", "--port", str(port), "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while True:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/readyz")
            if connection.getresponse().status == 200:
                return process, port, time.perf_counter() - began
        except OSError:
            pass
        if process.poll() is not None or time.perf_counter() - began > 60:
            stop(process)
            raise SystemExit("e7 serve did not become ready within 60 s")
        time.sleep(0.02)


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def cases() -> tuple[bytes, bytes]:
    data = tomllib.loads((ROOT / "examples/cases/backend-dev-2026.toml").read_text(encoding="utf-8"))
    with_duties = json.dumps(data, default=str).encode()
    del data["position"]["duties"]
    return json.dumps(data, default=str).encode(), with_duties


def post(connection: http.client.HTTPConnection, body: bytes) -> float:
    began = time.perf_counter()
    connection.request("POST", "/api/v1/check", body=body, headers={"content-type": "application/json"})
    answer = connection.getresponse()
    answer.read()
    if answer.status != 200:
        raise SystemExit(f"POST /api/v1/check answered {answer.status}")
    return time.perf_counter() - began


def latencies(port: int, body: bytes, count: int, seconds: float) -> list[float]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    for _ in range(min(50, count)):  # warm-up: the duty index, the compiled ruleset, the connection
        post(connection, body)
    found: list[float] = []
    end = time.perf_counter() + seconds
    while len(found) < count and time.perf_counter() < end:
        found.append(post(connection, body))
    connection.close()
    return found


def throughput(port: int, body: bytes, count: int, seconds: float, threads: int = 4) -> float:
    done = [0] * threads
    end = time.perf_counter() + seconds
    share = count // threads

    def client(index: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        while done[index] < share and time.perf_counter() < end:
            post(connection, body)
            done[index] += 1
        connection.close()

    for _ in range(20):  # warm both workers
        post(http.client.HTTPConnection(HOST, port, timeout=30), body)
    began = time.perf_counter()
    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(done) / (time.perf_counter() - began)


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests per phase (default 1000)")
    parser.add_argument("--seconds", type=float, default=30, help="at most this long per phase (default 30)")
    args = parser.parse_args()
    plain, with_duties = cases()

    process, port, ready = start(1)
    try:
        rows = [("e7 serve ready (1 worker)", f"{ready:.2f} s", "under 5 s")]
        for name, body, goal in (
            ("without duties", plain, "p50 < 10 ms, p99 < 50 ms"),
            ("with duties", with_duties, "p50 < 20 ms"),
        ):
            found = latencies(port, body, args.requests, args.seconds)
            p50, p99 = quantile(found, 0.5) * 1000, quantile(found, 0.99) * 1000
            rows.append(
                (f"POST /api/v1/check {name} ({len(found)} requests)", f"p50 {p50:.1f} ms, p99 {p99:.1f} ms", goal)
            )
    finally:
        stop(process)
    process, port, ready = start(2)
    try:
        rows.append(("e7 serve ready (2 workers)", f"{ready:.2f} s", "under 5 s"))
        for name, body in (("without duties", plain), ("with duties", with_duties)):
            rate = throughput(port, body, args.requests * 2, args.seconds)
            rows.append((f"checks/s, 2 workers, 4 clients, {name}", f"{rate:.0f}/s", "at least 300/s"))
    finally:
        stop(process)
    width = max(len(r[0]) for r in rows)
    for what, figure, goal in rows:
        print(f"{what:<{width}}  {figure:<28} goal: {goal}")


if __name__ == "__main__":
    main()
