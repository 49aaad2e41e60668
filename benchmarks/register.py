"""Speed and memory of `e7 register recheck` on a large register, on SQLite and on PostgreSQL, beside `e7 batch`.

Builds a JSONL file of N cases (the example cases repeated, each with its own id and salary), times `e7 batch` on
it (one process), then for each database: fills a new register with the N cases (saved as versions through the
bulk save path of `e7 register add`, 500 at a time, undecided, so that filling does not take as long as a
re-check: about 40 s for 100,000 cases on SQLite), runs `e7 register
recheck` twice in a subprocess (the first answers every case for the first time and stores every full decision;
the second is the steady state after it, most answers unchanged) and takes the peak resident memory of the
process from wait4. Prints cases/s by wall time and by CPU time (the steadier on a shared machine), peak RSS, and
the ratio to e7 batch's speed by CPU time (goal: at least 0.5).

    python benchmarks/register.py --cases 100000 --also 10000

--also M repeats the measures on a register of M cases, to show whether memory grows with the register's size.
PostgreSQL: a server of its own in a temporary folder (tests/postgres.py), skipped when it is not installed.
Unix only (os.wait4).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def write_cases(path: Path, count: int) -> None:
    bases = [
        json.loads(json.dumps(tomllib.loads(p.read_text(encoding="utf-8")), default=str))
        for p in sorted((ROOT / "examples/cases").glob("*.toml"))
    ]
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            case = dict(bases[n % len(bases)])
            case["id"] = f"worker-{n:06d}"
            position = dict(case["position"])
            if isinstance(position.get("annual_salary_krw"), int):
                position["annual_salary_krw"] += n % 997 * 1_000
            case["position"] = position
            out.write(json.dumps(case, ensure_ascii=False) + "\n")


def measured(args: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Wall time, CPU time (user + system), peak RSS in kB and standard output of an e7 command (the child's own
    resource usage, from wait4: the machine may be shared, CPU time is the steadier measure)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([sys.executable, "-m", "engine", *args], cwd=ROOT, env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"e7 {' '.join(args)} failed: {err.read().decode()}")
        return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, out.read().decode()


def fill(url: str, cases: Path) -> float:
    """Save every case as a worker's first version, undecided: the bulk save path of `e7 register add`
    (workers.save_many, 500 at a time), without the decisions."""
    from engine.register.chain import Appender
    from engine.register.intake import read_entries
    from engine.register.workers import CHUNK, chunks, init, save_many

    started = time.perf_counter()
    register, _setup = init(url, "bench", None)
    with register.write() as db:
        chain = Appender(db)
        for entries in chunks(read_entries([cases]), CHUNK):
            save_many(db, chain, entries, "bench")
            chain.flush()
    register.dispose()
    return time.perf_counter() - started


def run(url: str, label: str, cases: Path, count: int, batch_rate: float, env: dict[str, str]) -> None:
    env = {**env, "E7_DB": url}
    filled = fill(url, cases)
    print(f"{label}, {count:,} cases: filled in {filled:.0f} s", flush=True)
    for which in ("first", "steady"):
        elapsed, cpu, peak, out = measured(["register", "recheck"], env)
        print(
            f"  recheck ({which}): {elapsed:.0f} s wall, {count / elapsed:.0f} cases/s; {cpu:.0f} s CPU, "
            f"{count / cpu:.0f} cases/CPU-s ({count / cpu / batch_rate:.2f} x e7 batch); peak RSS {peak / 1024:.0f} "
            f"MB; {out.strip().splitlines()[0]}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--also", type=int, default=0, help="also measure a register of this many cases")
    parser.add_argument("--skip-postgres", action="store_true")
    options = parser.parse_args()
    # a terminated run still stops its PostgreSQL server and removes its folder (the `finally` blocks run)
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    from tests.postgres import bin_dir, drop_database, new_database, server

    # the machine may be shared: say when and under which load the figures were taken
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="e7-bench-register-") as temporary:
        root = Path(temporary)
        env = {**os.environ, "E7_HOME": str(root / "home"), "E7_CACHE": str(root / "cache")}
        os.environ.update({"E7_HOME": env["E7_HOME"], "E7_CACHE": env["E7_CACHE"]})
        sizes = sorted({options.cases, options.also} - {0})
        # the matcher's index caches are built once, before anything is timed (a batch builds more than a check)
        warm = root / "warm.jsonl"
        write_cases(warm, 200)
        measured(["batch", str(warm), "-o", str(root / "out.jsonl")], env)
        for count in sizes:
            cases = root / f"cases-{count}.jsonl"
            write_cases(cases, count)
            elapsed, cpu, peak, _out = measured(["batch", str(cases), "-o", str(root / "out.jsonl")], env)
            batch_rate = count / cpu
            print(
                f"e7 batch, {count:,} cases, 1 process: {elapsed:.0f} s wall, {count / elapsed:.0f} cases/s; "
                f"{cpu:.0f} s CPU, {batch_rate:.0f} cases/CPU-s; peak RSS {peak / 1024:.0f} MB",
                flush=True,
            )
            run(f"sqlite:///{root / f'register-{count}.sqlite3'}", "SQLite", cases, count, batch_rate, env)
            if options.skip_postgres or bin_dir() is None:
                print("PostgreSQL: skipped")
                continue
            with server() as socket:
                url = new_database(socket)
                try:
                    run(url, "PostgreSQL", cases, count, batch_rate, env)
                finally:
                    drop_database(socket, url)
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
