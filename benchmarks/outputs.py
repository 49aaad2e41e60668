"""Outputs byte for byte: python benchmarks/outputs.py --write DIR | --compare DIR [--cases N]

Writes (or compares with what an earlier run wrote) everything a user reads from the matcher and the rules:

- ``e7 check --format json`` on every example case (examples/cases), its exit status and its error line;
- ``e7 suggest --case --format json`` on every example case (a case without duties gives its error line);
- ``e7 history --format json`` on every example history (examples/histories);
- the decision (``e7 batch``'s JSON line) on N generated cases (10,000 by default): the example cases with
  their dates, codes, salaries, employers, job titles and duties varied by a seeded generator, so most duty
  texts are new combinations and the codes and dates span every snapshot.

Run it with ``--write`` on the code before a change and ``--compare`` on the code after: any difference is
printed (the first lines of each) and the exit status is 1. The commands run in this process through
``engine.cli.main.main``, with the index cache (engine/duties/index_cache.py) in a fresh folder, then again with
the cache filled (indexes and Korean analyses read from it), so both a cold and a warm cache are compared. Not a test:
it takes a few minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import attrs  # noqa: E402

from engine.cli.main import main as cli_main  # noqa: E402
from engine.core.case import Duty, load_case  # noqa: E402
from engine.core.errors import E7Error  # noqa: E402
from engine.data.folders import locate  # noqa: E402
from engine.rules.evaluate import Evaluator  # noqa: E402
from engine.rules.explain import to_json_line  # noqa: E402

CASES = ROOT / "examples" / "cases"
HISTORIES = ROOT / "examples" / "histories"

# duty texts beside the examples' own, in English, Korean and both, so generated cases mix known and new texts
EXTRA_TASKS = (
    "Design marketing campaigns for overseas buyers",
    "Translate product manuals from English to Korean",
    "Pack parcels and load them onto delivery trucks",
    "Clean guest rooms and restock supplies",
    "Develop mobile apps in Kotlin and Swift",
    "Weld steel frames with TIG and MIG",
    "Cook Korean dishes for a hotel restaurant",
    "Analyse sales data and build dashboards",
    "고객 상담 및 예약 관리",
    "웹 서버 개발 및 유지보수",
    "해외 바이어 발굴과 수출 계약 협상",
    "제품 포장 및 배송",
    "요양 시설 어르신 돌봄",
    "기계 설계 도면 작성 (CAD)",
    "SNS 마케팅 콘텐츠 기획 and video editing",
    "데이터 분석 with Python and SQL",
)


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


def generated_cases(n: int, seed: int = 17) -> list:
    """N cases varied from the examples (seeded, so every run makes the same ones)."""
    rng = random.Random(seed)
    base = []
    for path in sorted(CASES.iterdir()):
        if path.suffix in (".toml", ".json"):
            try:
                base.append(load_case(path))
            except E7Error:
                continue
    tasks = sorted({d.task for c in base for d in (c.position.duties or ())}) + list(EXTRA_TASKS)
    codes = [*sorted({c.position.code for c in base}), "2211", "2212", "2231", "1120", "2732", "3911", "431", "441"]
    titles = [c.position.job_title for c in base if c.position.job_title] + ["Chef", "웹 개발자", "Packer"]
    first = dt.date(2022, 1, 1).toordinal()
    span = dt.date(2027, 6, 30).toordinal() - first
    cases = []
    for i in range(n):
        case = rng.choice(base)
        p, e = case.position, case.employer
        filed = dt.date.fromordinal(first + rng.randrange(span)) if rng.random() < 0.7 else case.filed_on
        duties = p.duties
        if rng.random() < 0.6:
            picked = rng.sample(tasks, rng.randint(1, 4))
            shares = [rng.randint(1, 10) for _ in picked]
            total = sum(shares)
            parts = [round(100 * s / total, 1) for s in shares]
            parts[-1] = round(100 - sum(parts[:-1]), 1)
            if all(s > 0 for s in parts):
                duties = tuple(Duty(t, s) for t, s in zip(picked, parts, strict=True))
        elif rng.random() < 0.2:
            duties = None
        position = attrs.evolve(
            p,
            code=rng.choice(codes) if rng.random() < 0.3 else p.code,
            annual_salary_krw=(
                rng.randrange(24_000_000, 120_000_000, 10_000) if p.annual_salary_krw is not None else None
            ),
            job_title=rng.choice(titles) if rng.random() < 0.3 else p.job_title,
            duties=duties,
        )
        employer = attrs.evolve(
            e,
            domestic_employees=rng.randint(0, 60) if e.domestic_employees is not None else None,
            foreign_employees=rng.randint(0, 12) if e.foreign_employees is not None else None,
            size=rng.choice(["sme", "venture", "mid", "large"]) if e.size is not None else None,
        )
        cases.append(attrs.evolve(case, id=f"gen-{i:05d}", filed_on=filed, position=position, employer=employer))
    return cases


def generated_outputs(n: int) -> str:
    evaluator = Evaluator(locate(None))
    lines = []
    for case in generated_cases(n):
        try:
            lines.append(to_json_line(evaluator.evaluate(case, None, case.id)))
        except E7Error as exc:
            lines.append(f"error {case.id}: {exc}")
    return "\n".join(lines) + "\n"


def collect(n: int) -> dict[str, str]:
    outputs = example_outputs()
    outputs["generated"] = generated_outputs(n)
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
        os.environ["E7_CACHE"] = cache  # a fresh index cache (engine/duties/index_cache.py): built here, then reused
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
