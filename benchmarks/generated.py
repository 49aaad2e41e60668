"""Generated cases for the benchmarks: the example cases varied by a seeded generator (dates, codes, salaries,
employers, job titles and duties), so that a benchmark's workload is not one case copied, and every run makes the
same cases. ``benchmarks/outputs.py`` compares e7's answers on them; ``benchmarks/e2e.py`` times `e7 batch` on them.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from engine.core.case import Case, Duty, load_case
from engine.core.convert import unstructure
from engine.core.errors import E7Error

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "examples" / "cases"

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


def without_duties(cases: Iterable[Case]) -> list[Case]:
    return [attrs.evolve(c, position=attrs.evolve(c.position, duties=None)) for c in cases]


_TWO_DUTIES = (Duty("Write Python code for backend APIs", 60), Duty("고객 상담 및 예약 관리", 40))


def with_new_texts(cases: Iterable[Case], tag: str) -> list[Case]:
    """The cases with every duty text made new (a number of its own, ``tag`` to tell runs apart): texts no
    cache holds, so each is analysed and matched as for a case never seen. A case without duties gets two."""
    out = []
    for n, case in enumerate(cases):
        duties = case.position.duties or _TWO_DUTIES
        korean = n % 2 == 0
        fresh = tuple(
            Duty(f"{d.task} {'건' if korean else 'batch'} {tag}{n}-{k}", d.share) for k, d in enumerate(duties)
        )
        out.append(attrs.evolve(case, position=attrs.evolve(case.position, duties=fresh)))
    return out


def case_data(case: Case) -> dict[str, Any]:
    """A case as the JSON data of a case file, leaving out the fields it does not give (as people write them)."""
    return _given(unstructure(case))


def _given(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _given(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_given(v) for v in value]
    return value


def write_jsonl(path: Path, cases: Iterable[Case]) -> int:
    """Write the cases as a JSONL file (one case per line); the number of lines."""
    lines = 0
    with path.open("w", encoding="utf-8") as out:
        for case in cases:
            out.write(json.dumps(case_data(case), ensure_ascii=False) + "\n")
            lines += 1
    return lines
