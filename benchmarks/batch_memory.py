"""Memory of `e7 batch` on a large JSONL input: does it grow with the input?

Writes a JSONL file of about SIZE megabytes (the example cases repeated, each line with its own id and salary,
every 1,000th line a bad case), runs `e7 batch` on it in a subprocess and samples the resident memory (RSS) of
the whole process tree (the parent and its workers) every 0.2 s from /proc. Prints the input size, the number of
cases, the time, the peak RSS of the tree and of its largest process, and checks that there is one output line
per input line.

    python benchmarks/batch_memory.py --size-mb 1024 --jobs 2

The matcher's index and Korean analyses (engine/index_cache.py) start from an empty cache folder, as on the first
run after an install (``--warm`` uses the user's own cache folder instead).

Linux only (reads /proc). The goal (issue #12): under 300 MB for a 1 GB input.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _plain(data: dict) -> dict:
    """TOML data as JSON data (dates as ISO text), as the other tests spell it."""
    return json.loads(json.dumps(data, default=str))


def write_input(path: Path, megabytes: int) -> int:
    bases = [
        _plain(tomllib.loads(p.read_text(encoding="utf-8"))) for p in sorted((ROOT / "examples/cases").glob("*.toml"))
    ]
    limit = megabytes * 1_000_000
    written = lines = 0
    with path.open("wb") as out:
        while written < limit:
            lines += 1
            if lines % 1_000 == 0:
                line = b'{"position": {"code": "2223", "job_title": "\\ud800"}, "filed_on": "2026-07-01"}\n'
            else:
                case = dict(bases[lines % len(bases)])
                case["id"] = f"case-{lines}"
                position = dict(case["position"])
                if isinstance(position.get("annual_salary_krw"), int):
                    position["annual_salary_krw"] += lines % 997 * 1_000
                case["position"] = position
                line = json.dumps(case, ensure_ascii=False).encode() + b"\n"
            out.write(line)
            written += len(line)
    return lines


def _tree(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            found += _tree(int(child))
    return found


def _rss_kb(pid: int) -> int:
    try:
        for row in Path(f"/proc/{pid}/status").read_text().splitlines():
            if row.startswith("VmRSS:"):
                return int(row.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=int, default=1024, help="input size in MB (default 1024)")
    parser.add_argument("--jobs", type=int, default=2, help="e7 batch --jobs (default 2)")
    parser.add_argument("--warm", action="store_true", help="use the user's cache folder, not an empty one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="e7-batch-memory-") as folder:
        env = dict(os.environ)
        if not args.warm:
            env["E7_CACHE"] = str(Path(folder) / "cache")
        source, output = Path(folder) / "in.jsonl", Path(folder) / "out.jsonl"
        cases = write_input(source, args.size_mb)
        size = source.stat().st_size
        command = [sys.executable, "-m", "engine", "batch", str(source), "-o", str(output), "--jobs", str(args.jobs)]
        start = time.monotonic()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
        peak_tree = peak_one = 0
        while process.poll() is None:
            sizes = [_rss_kb(pid) for pid in _tree(process.pid)]
            peak_tree, peak_one = max(peak_tree, sum(sizes)), max(peak_one, *sizes)
            time.sleep(0.2)
        elapsed = time.monotonic() - start
        err = process.stderr.read() if process.stderr else ""
        if process.returncode != 0:
            sys.exit(f"e7 batch exited {process.returncode}: {err}")
        with output.open("rb") as answers:
            answered = sum(1 for _ in answers)
        print(
            f"input: {size / 1e6:,.0f} MB, {cases:,} cases; --jobs {args.jobs}; "
            f"{elapsed:,.0f} s ({cases / elapsed:,.0f}/s)"
        )
        print(
            f"peak RSS: {peak_tree / 1024:,.0f} MB for the process tree, {peak_one / 1024:,.0f} MB its largest process"
        )
        print(f"output: {answered:,} lines ({'one per case' if answered == cases else 'MISMATCH'}); {err.strip()}")


if __name__ == "__main__":
    main()
