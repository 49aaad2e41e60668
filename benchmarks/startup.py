"""Start-up and memory as a user meets them: python benchmarks/startup.py [--runs N] [--root DIR]

Runs `e7 check` and `e7 suggest` as separate processes (``python -m engine``, as the `e7` command does) and
prints, beside each goal of issue #17, the median wall time and CPU time of N runs and the peak memory (RSS):

- `e7 check` on a case without duties (backend-dev-2026 with its duties taken out, and incomplete-file.json);
- `e7 check` on a case with English duties, with the matcher's index cache filled (every run after the first)
  and empty (the first run after an install or a catalogue change), and on one with Korean duties (the same case
  with two duties in Korean), never analysed before (the Korean analyser loads) and analysed before;
- `e7 suggest` on an English duty and on a Korean one, new and analysed before;
- the memory of one process that checks every example case (94% with duties), and of the Korean analyser alone.

The index cache (engine/core/index_cache.py) lives in a temporary folder for the run. ``--root`` measures another
checkout of e7 (for a figure before a change), with this Python. The machine is shared: wall times vary with its
load, the CPU times less. Speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(root: Path, args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS in MB of one e7 process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "engine", *args], cwd=root, env=env, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0,):
        raise SystemExit(f"e7 {' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024  # the largest child so far: each probe runs in its own script


def probe(root: Path, code: str, env: dict[str, str]) -> float:
    """Peak RSS in MB of a Python snippet run in its own process."""
    script = code + "\nimport resource\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    done = subprocess.run([sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr[-500:])
    return float(done.stdout.strip().splitlines()[-1])


def without_duties(root: Path, folder: Path) -> Path:
    """backend-dev-2026 with its duties taken out: a full case that needs no duty matching."""
    lines = (root / "examples" / "cases" / "backend-dev-2026.toml").read_text(encoding="utf-8").splitlines()
    kept, skipping = [], False
    for line in lines:
        if line.startswith("duties = ["):
            skipping = True
        if not skipping:
            kept.append(line)
        if skipping and line.strip() == "]":
            skipping = False
    path = folder / "backend-dev-without-duties.toml"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def korean_case(root: Path, folder: Path, tag: str) -> Path:
    """backend-dev-2026 with two duties written in Korean (``tag`` makes the texts new to the cache)."""
    text = (root / "examples" / "cases" / "backend-dev-2026.toml").read_text(encoding="utf-8")
    text = text.replace("Write Python code for backend APIs", f"웹 서버 API 개발 및 유지보수 {tag}")
    text = text.replace("Debug production issues", f"운영 서버 장애 대응 {tag}")
    path = folder / f"korean-{tag}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def line(label: str, goal: str, figures: list[tuple[float, float, float]]) -> None:
    wall = statistics.median(f[0] for f in figures) * 1000
    cpu = statistics.median(f[1] for f in figures) * 1000
    print(f"  {label:<58} {wall:>7.0f} ms wall {cpu:>7.0f} ms CPU   (goal {goal})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the e7 checkout to measure (default this one)")
    args = parser.parse_args()
    root = args.root.resolve()
    cases = root / "examples" / "cases"
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        env = {**os.environ, "E7_CACHE": str(folder / "cache"), "PYTHONPATH": str(root)}
        # as on a user's machine, Python keeps the modules' bytecode (__pycache__, written by the first run):
        # with PYTHONDONTWRITEBYTECODE set, as in some sandboxes, every command compiles e7 from source (~0.1 s)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("E7_DATA", None)
        plain = str(without_duties(root, folder))
        english = str(cases / "backend-dev-2026.toml")
        n = args.runs
        print(f"Start-up ({root}, median of {n} runs; wall time on a shared machine, CPU time of the process)")
        line("e7 check, a case without duties", "under 300 ms", [run(root, ["check", plain], env) for _ in range(n)])
        line(
            "e7 check incomplete-file.json (no duties)",
            "under 300 ms",
            [run(root, ["check", str(cases / "incomplete-file.json")], env) for _ in range(n)],
        )
        cold = []
        for _ in range(n):
            for entry in (folder / "cache").glob("*"):
                entry.unlink()
            cold.append(run(root, ["check", english], env))
        line("e7 check, English duties, cache folder empty (first run)", "-", cold)
        line(
            "e7 check, English duties (backend-dev-2026)",
            "under 1 s",
            [run(root, ["check", english], env) for _ in range(n)],
        )
        korean = [str(korean_case(root, folder, f"{k}")) for k in range(n + 1)]
        line(
            "e7 check, Korean duties never analysed before",
            "under 1 s",
            [run(root, ["check", c], env) for c in korean[1:]],
        )
        line(
            "e7 check, Korean duties analysed before",
            "under 1 s",
            [run(root, ["check", korean[0]], env) for _ in range(n)],
        )
        on = ["--as-of", "2026-07-01"]
        suggest = ["suggest", "Write Python code for backend APIs", *on]
        line("e7 suggest, an English duty", "under 1 s", [run(root, suggest, env) for _ in range(n)])
        new = [run(root, ["suggest", f"호텔 프런트 체크인 업무 {k}번", *on], env) for k in range(n)]
        line("e7 suggest, a Korean duty never analysed before", "under 1 s", new)
        seen = [run(root, ["suggest", "호텔 프런트에서 체크인과 예약을 처리", *on], env) for _ in range(n + 1)][1:]
        line("e7 suggest, a Korean duty analysed before", "under 1 s", seen)

        print("Memory (peak RSS of one process)")
        every = (
            "import sys; sys.path.insert(0, '.')\n"
            "from pathlib import Path\n"
            "from engine.core.case import load_case\nfrom engine.data.folders import locate\n"
            "from engine.rules.evaluate import Evaluator\n"
            "e = Evaluator(locate(None))\n"
            "paths = [p for p in sorted(Path('examples/cases').iterdir()) if p.suffix in ('.toml', '.json')]\n"
            "for p in paths * 20:\n"
            "    try:\n        e.evaluate(load_case(p), None, str(p))\n"
            "    except Exception:\n        pass\n"
        )
        english_only = every.replace("paths * 20", "[Path('examples/cases/backend-dev-2026.toml')] * 200")
        mb = probe(root, every, env)
        print(f"  {'checking every example case 20 times (94% with duties)':<58} {mb:>7.0f} MB   (goal under 200 MB)")
        mb = probe(root, every, env)  # the two Korean job titles of the examples were analysed and kept: no analyser
        label = "the same again, its Korean texts analysed in an earlier run"
        print(f"  {label:<58} {mb:>7.0f} MB   (goal under 200 MB)")
        mb = probe(root, english_only, env)
        print(f"  {'checking a case with English duties 200 times':<58} {mb:>7.0f} MB   (goal under 200 MB)")
        analyser = (
            "from kiwipiepy import Kiwi\nKiwi(load_typo_dict=False, load_multi_dict=False).tokenize('웹 서버 개발')"
        )
        mb = probe(root, analyser, env)
        print(f"  {'the Korean analyser alone (kiwipiepy, its model loaded)':<58} {mb:>7.0f} MB")
        mb = probe(root, "import sys", env)
        print(f"  {'Python alone':<58} {mb:>7.0f} MB")


if __name__ == "__main__":
    main()
