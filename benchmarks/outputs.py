"""Outputs byte for byte: python benchmarks/outputs.py --write DIR | --compare DIR [--cases N]

Writes (or compares with what an earlier run wrote) everything a user reads from the matcher and the rules:

- ``e7 check --format json`` on every example case (examples/cases), its exit status and its error line;
- ``e7 suggest --case --format json`` on every example case (a case without duties gives its error line);
- ``e7 history --format json`` on every example history (examples/histories);
- the decision (``e7 batch``'s JSON line) on N generated cases (10,000 by default): the example cases with
  their dates, codes, salaries, employers, job titles and duties varied by a seeded generator
  (benchmarks/generated.py), so most duty texts are new combinations and the codes and dates span every snapshot;
- what `e7 batch` writes for the same cases given as a JSONL file, with one process and with ``--jobs 2``.

Run it with ``--write`` on the code before a change and ``--compare`` on the code after: any difference is
printed (the first lines of each) and the exit status is 1. The commands run in this process through
``engine.cli.main.main``, with the index cache (engine/core/index_cache.py) in a fresh folder, then again with
the cache filled (indexes and Korean analyses read from it), so both a cold and a warm cache are compared. Not a test:
it takes a few minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generated import generated_cases, write_jsonl  # noqa: E402
from engine.cli.main import main as cli_main  # noqa: E402
from engine.core.errors import E7Error  # noqa: E402
from engine.data.folders import locate  # noqa: E402
from engine.rules.evaluate import Evaluator  # noqa: E402
from engine.rules.explain import to_json_line  # noqa: E402

CASES = ROOT / "examples" / "cases"
HISTORIES = ROOT / "examples" / "histories"


def run_cli(argv: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli_main(argv)
    return f"status {status}\n--- stdout\n{out.getvalue()}--- stderr\n{err.getvalue()}"


def example_outputs() -> dict[str, str]:
    outputs: dict[str, str] = {}
    for path in sorted(CASES.iterdir()):
        if path.suffix not in (".toml", ".json"):
            continue
        rel = str(path.relative_to(ROOT))
        outputs[f"check {path.name}"] = run_cli(["check", rel, "--format", "json"])
        outputs[f"suggest {path.name}"] = run_cli(["suggest", "--case", rel, "--format", "json"])
    for path in sorted(HISTORIES.glob("*.toml")):
        outputs[f"history {path.name}"] = run_cli(["history", str(path.relative_to(ROOT)), "--format", "json"])
    return outputs


def generated_outputs(n: int) -> str:
    evaluator = Evaluator(locate(None))
    lines = []
    for case in generated_cases(n):
        try:
            lines.append(to_json_line(evaluator.evaluate(case, None, case.id)))
        except E7Error as exc:
            lines.append(f"error {case.id}: {exc}")
    return "\n".join(lines) + "\n"


def batch_outputs(n: int) -> dict[str, str]:
    """`e7 batch` end to end on the generated cases written as a JSONL file: the lines it writes, with one process
    and with ``--jobs 2`` (on the first 2,000), so the case reading and the output writing are compared too."""
    outputs: dict[str, str] = {}
    cases = generated_cases(n)
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)  # relative names, so that the lines naming the input are the same in every run
        try:
            write_jsonl(Path("cases.jsonl"), cases)
            write_jsonl(Path("first.jsonl"), cases[:2000])
            for name, source, jobs in (("batch", "cases.jsonl", "1"), ("batch --jobs 2", "first.jsonl", "2")):
                status = run_cli(["batch", source, "-o", "out.jsonl", "--jobs", jobs])
                outputs[name] = status + "--- out.jsonl\n" + Path("out.jsonl").read_text(encoding="utf-8")
        finally:
            os.chdir(here)
    return outputs


def collect(n: int) -> dict[str, str]:
    outputs = example_outputs()
    outputs["generated"] = generated_outputs(n)
    outputs.update(batch_outputs(n))
    return outputs


def write(folder: Path, outputs: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in outputs.items():
        (folder / (name.replace(" ", "__") + ".txt")).write_text(text, encoding="utf-8")


def compare(folder: Path, outputs: dict[str, str], label: str) -> int:
    differ = 0
    expected_names = {p.name for p in folder.glob("*.txt")}
    for name, text in outputs.items():
        file = folder / (name.replace(" ", "__") + ".txt")
        expected_names.discard(file.name)
        if not file.exists():
            print(f"[{label}] {name}: not in {folder}")
            differ += 1
            continue
        before = file.read_text(encoding="utf-8")
        if before != text:
            differ += 1
            old, new = before.splitlines(), text.splitlines()
            shown = [(k, a, b) for k, (a, b) in enumerate(zip(old, new, strict=False)) if a != b][:3]
            print(f"[{label}] {name}: differs ({len(old)} lines before, {len(new)} after)")
            for k, a, b in shown:
                print(f"    line {k + 1}\n      before: {a[:300]}\n      after:  {b[:300]}")
    for name in sorted(expected_names):
        print(f"[{label}] {name}: written before, not produced now")
        differ += 1
    return differ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", type=Path, metavar="DIR", help="write the outputs into DIR")
    action.add_argument("--compare", type=Path, metavar="DIR", help="compare the outputs with those in DIR")
    parser.add_argument("--cases", type=int, default=10_000, help="generated cases (default 10,000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        os.environ["E7_CACHE"] = cache  # a fresh index cache (engine/core/index_cache.py): built here, then reused
        cold = collect(args.cases)
        if args.write:
            write(args.write, cold)
            print(f"wrote {len(cold)} outputs ({args.cases} generated cases) into {args.write}")
            return 0
        differ = compare(args.compare, cold, "cold cache")
        from engine.duties import matching

        matching.forget_indexes()  # the second pass reads every index from the cache folder,
        matching.forget_texts(reread=True)  # and every Korean text's analysis, as a new process would
        differ += compare(args.compare, collect(args.cases), "warm cache")
    print(f"{len(cold)} outputs ({args.cases} generated cases), cold and warm cache: {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
