"""Instructions per case of `e7 batch`, load-independent: python benchmarks/instructions.py [--warm N] [--more M]

Runs the real `e7 batch` (one process, cases without duties, as benchmarks/e2e.py generates them; with ``--seen``,
the same cases with duty texts seen before, as e2e.py's "seen" row: kept by the run that fills the cache) under
`valgrind --tool=callgrind` twice, after a run that fills its cache folder: on N cases and on N + M cases (the
same first N). The difference of the two totals over M is what one more case costs once the process is warm
(start-up, data loading and the first cases' caches cancel out). Instruction counts do not depend on the other
work of the machine, unlike wall or CPU time; they do not count cache misses or waits either, so they compare one
change with another, not with a goal in cases per second. With ``--root DIR`` it measures another checkout (for a
figure before a change); ``--top K`` prints the K functions with the most self instructions of the larger run
(callgrind_annotate) beside their count in the smaller one, and so their cost per case.
Speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.e2e import checkable  # noqa: E402
from benchmarks.generated import with_new_texts, without_duties, write_jsonl  # noqa: E402


def instructions(root: Path, source: Path, folder: Path, env: dict[str, str], tag: str) -> tuple[int, Path]:
    out_file = folder / f"callgrind.{tag}"
    done = subprocess.run(
        [
            "valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}",
            sys.executable, "-m", "engine", "batch", str(source), "-o", str(folder / f"out.{tag}.jsonl"),
        ],
        cwd=root, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"e7 batch under valgrind exited {done.returncode}: {done.stderr[-800:]}")
    totals = re.search(r"^(?:summary|totals): (\d+)", out_file.read_text(encoding="utf-8"), re.MULTILINE)
    if not totals:
        raise SystemExit(f"no totals in {out_file}")
    return int(totals.group(1)), out_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm", type=int, default=300, help="cases of the smaller run (default 300)")
    parser.add_argument("--more", type=int, default=600, help="cases the larger run adds (default 600)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the e7 checkout to measure (default this one)")
    parser.add_argument("--top", type=int, default=0, help="print the top K functions of the larger run")
    parser.add_argument("--seen", action="store_true", help="cases with duty texts seen before")
    args = parser.parse_args()
    root = args.root.resolve()
    cases = checkable(args.warm + args.more)
    cases = with_new_texts(cases, "seen") if args.seen else without_duties(cases)
    with tempfile.TemporaryDirectory(prefix="e7-instructions-") as temporary:
        folder = Path(temporary)
        env = {**os.environ, "E7_CACHE": str(folder / "cache"), "PYTHONPATH": str(root)}
        env.pop("E7_DATA", None)
        small, large = folder / "small.jsonl", folder / "large.jsonl"
        write_jsonl(small, cases[: args.warm])
        write_jsonl(large, cases)
        # a first run, not counted, fills the cache folder (the object cache, compiled attrs methods; with --seen,
        # the duty indexes and every text's match, on the larger input): as on any run after the first since an
        # install
        first = large if args.seen else small
        subprocess.run(
            [sys.executable, "-m", "engine", "batch", str(first), "-o", str(folder / "out.jsonl")],
            cwd=root, env=env, capture_output=True, check=True,
        )  # fmt: skip
        base, small_out = instructions(root, small, folder, env, "small")
        total, large_out = instructions(root, large, folder, env, "large")
        per_case = (total - base) / args.more
        print(
            f"e7 batch ({root}), cases {'with duty texts seen before' if args.seen else 'without duties'}: "
            f"{args.warm} cases {base / 1e9:.3f} billion instructions, "
            f"{args.warm + args.more} cases {total / 1e9:.3f} billion; {per_case / 1e6:.3f} million per case"
        )
        if args.top:
            before, after = by_function(small_out), by_function(large_out)
            rows = sorted(((after[f] - before.get(f, 0), f) for f in after), reverse=True)[: args.top]
            for count, function in rows:
                print(f"  {count / args.more:>12,.0f} per case  {function}")


def by_function(out_file: Path) -> dict[str, int]:
    """Self instructions by function (callgrind_annotate's rows)."""
    annotated = subprocess.run(
        ["callgrind_annotate", "--threshold=100", str(out_file)], capture_output=True, text=True, check=True
    ).stdout
    counts: dict[str, int] = {}
    for line in annotated.splitlines():
        found = re.match(r"^\s*([\d,]+) \([^)]*\)\s+(.*)$", line)
        if found and not found.group(2).startswith("PROGRAM TOTALS"):
            name = found.group(2).split(" [")[0].rsplit(":", 1)[-1]
            counts[name] = counts.get(name, 0) + int(found.group(1).replace(",", ""))
    return counts


if __name__ == "__main__":
    main()
