"""e7 speed figures: python benchmarks/bench.py [--cases N] [--memory-cases N]

Prints cases per second in one process and in all cores, single-check latency, CLI start-up, catalogue load,
memory growth over many cases, and beside them the bare cost of the same facts in plain durable_rules (the
compiled rules with no-op actions, through the library's Python wrapper and through its C core as e7 drives
it) and in plain Python (the same conditions as Python predicates), so the engine's own overhead is visible.
The rule check is timed with and without duty matching (the duty calculator, with its own budget of 5 ms per
case) and with duty texts never seen before. Speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.catalogue.snapshots import Catalogue  # noqa: E402
from engine.core.case import load_case  # noqa: E402
from engine.data.folders import locate  # noqa: E402
from engine.duties import matching  # noqa: E402
from engine.rules.evaluate import Evaluator  # noqa: E402
from engine.rules.explain import to_json_line  # noqa: E402
from engine.rules.facts import prepare  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def example_cases():
    folder = ROOT / "examples" / "cases"
    cases = []
    for path in sorted(folder.iterdir()):
        if path.suffix in (".toml", ".json"):
            cases.append(load_case(path))
    return cases


def workload(n: int):
    base = example_cases()
    return [base[i % len(base)] for i in range(n)]


def per_second(fn, items, runs: int = 3) -> float:
    """The median of ``runs`` passes over the items: one pass can be off by 15% on a shared machine."""
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        for item in items:
            fn(item)
        rates.append(len(items) / (time.perf_counter() - start))
    return statistics.median(rates)


def prepared_facts(evaluator: Evaluator, cases) -> list:
    """Each case's ruleset and the fields e7 sends to the engine, as it sends them (a case e7 refuses, such as
    one with a code on no list, is left out)."""
    from engine.core.errors import E7Error
    from engine.rules.compile import CompiledRuleset, _plain_number

    prepared = []
    for case in cases:
        on = case.filed_on
        ruleset = evaluator.rulesets.in_force(on)
        try:
            fact = prepare(case, on, evaluator.catalogue, ruleset, evaluator.points).fact
        except E7Error:
            continue
        fields = CompiledRuleset.of(ruleset)._fields
        sent = {k: (_plain_number(v) if type(v) is float else v) for k, v in fact.items() if k in fields}
        prepared.append((ruleset, sent))
    return prepared


def bare_durable(prepared: list) -> tuple[float, float]:
    """Cases/s of bare durable_rules on the same facts and compiled rules with no-op actions: through its Python
    wrapper (durable.engine.Ruleset), and through its C core as e7 drives it (engine/rules/compile.py)."""
    import durable.engine as durable
    import durable_rules_engine as core

    from engine.rules.compile import _encode, compile_ruleset

    bare: dict[str, object] = {}

    def noop(_c: object) -> None:
        return None

    for ruleset, _ in prepared:
        if ruleset.id not in bare:
            definition = compile_ruleset(ruleset)
            for rule in definition.values():
                rule["run"] = noop
            bare[ruleset.id] = durable.Ruleset(f"bare-{ruleset.id}", durable.Host(), copy.deepcopy(definition))
    counter = iter(range(10**9))

    def plain_durable(item) -> None:
        ruleset, fact = item
        engine = bare[ruleset.id]
        sid = f"b{next(counter)}"
        handle = engine.assert_fact({**fact, "sid": sid, "id": "a"})
        engine.do_actions(handle, lambda e, s: None)
        engine.delete_state(sid)

    handles: dict[str, int] = {}
    for ruleset, _ in prepared:
        if ruleset.id not in handles:
            definition = compile_ruleset(ruleset)
            for rule in definition.values():
                del rule["run"]
            handles[ruleset.id] = core.create_ruleset(f"core-{ruleset.id}", json.dumps(definition, ensure_ascii=False))

    def core_durable(item) -> None:
        ruleset, fact = item
        handle = handles[ruleset.id]
        sid = f"k{next(counter)}"
        _, state = core.assert_fact(handle, _encode({**fact, "sid": sid, "id": "a"}))
        pending = core.start_action_for_state(handle, state)
        message = pending[1] if pending else None
        while message:
            message = core.complete_and_start_action(handle, state)
        core.delete_state(handle, sid)

    return per_second(plain_durable, prepared), per_second(core_durable, prepared)


_pool_evaluator: list[Evaluator] = []


def _pool_init() -> None:
    _pool_evaluator.append(Evaluator(locate(None)))


def _pool_eval(index: int) -> str:
    cases = _pool_cases
    return _pool_evaluator[0].evaluate(cases[index % len(cases)]).outcome


_pool_cases = example_cases()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000, help="cases per throughput run (default 20000)")
    parser.add_argument("--memory-cases", type=int, default=100_000, help="cases for the memory run (default 100000)")
    args = parser.parse_args()

    print(
        f"e7 benchmark on {os.cpu_count()} cores, Python {sys.version.split()[0]}, {dt.datetime.now():%Y-%m-%d %H:%M}"
    )
    start = time.perf_counter()
    catalogue = Catalogue(locate(None))
    catalogue.all()
    print(f"catalogue load (all {len(catalogue.ids)} snapshots, parse + validate): {time.perf_counter() - start:.3f} s")
    start = time.perf_counter()
    Catalogue(locate(None)).get("2026-09-01")
    print(f"catalogue load (one snapshot): {(time.perf_counter() - start) * 1000:.1f} ms")

    evaluator = Evaluator(locate(None))
    cases = workload(args.cases)
    for case in cases[:50]:
        evaluator.evaluate(case)  # warm: compile rulesets, load snapshots

    with_duties = sum(1 for c in cases if c.position.duties) / len(cases)
    print(
        f"workload: the {len(example_cases())} example cases repeated to {len(cases):,} "
        f"({with_duties:.0%} with duties); no fact or decision is kept between cases "
        "(the thresholds and a code's status on a date are worked out once per date and code)"
    )
    import attrs

    no_duties = [attrs.evolve(c, position=attrs.evolve(c.position, duties=None)) for c in cases]
    rate_plain = per_second(evaluator.evaluate, no_duties)
    print(
        f"one process, the rule check without duty matching (the same cases without duties; "
        f"the duty rule asks for them): {rate_plain:,.0f} cases/s (goal of #3: 5,000)"
    )
    rate = per_second(evaluator.evaluate, cases)
    print(
        f"one process, the cases as they are, duty matching included "
        f"(each duty text's Korean analysis kept after its first case): {rate:,.0f} cases/s"
    )
    sample = cases[:2000]

    def unseen(case) -> None:
        matching.forget_texts()  # every duty text analysed and matched again, as for a text never seen
        evaluator.evaluate(case)

    print(
        f"one process, duty texts never seen before (Korean analysis per case): "
        f"{per_second(unseen, sample):,.0f} cases/s"
    )
    rate_json = per_second(lambda c: to_json_line(evaluator.evaluate(c)), cases)
    print(f"one process, evaluate + JSON line (e7 batch's work without the file): {rate_json:,.0f} cases/s")

    jobs = os.cpu_count() or 1
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_pool_init) as pool:
        pool.map(_pool_eval, range(jobs * 50))
        start = time.perf_counter()
        pool.map(_pool_eval, range(args.cases), chunksize=256)
        print(f"{jobs} processes, evaluate: {args.cases / (time.perf_counter() - start):,.0f} cases/s")

    latencies = []
    one = cases[0]
    for _ in range(2000):
        start = time.perf_counter()
        evaluator.evaluate(one)
        latencies.append(time.perf_counter() - start)
    latencies.sort()
    print(
        f"single check latency, the same case again: median {statistics.median(latencies) * 1e6:.0f} us, "
        f"p95 {latencies[int(len(latencies) * 0.95)] * 1e6:.0f} us"
    )
    fresh = []
    for case in example_cases():
        matching.forget_texts()  # its duty texts and title never seen
        evaluator.catalogue._remembered.clear()  # nor its date and code
        start = time.perf_counter()
        evaluator.evaluate(case)
        fresh.append(time.perf_counter() - start)
    print(
        f"single check latency, each example as if it were the first of its texts, date and code: "
        f"median {statistics.median(fresh) * 1e6:.0f} us, max {max(fresh) * 1e6:.0f} us"
    )

    # the same facts, bare
    prepared = prepared_facts(evaluator, cases[:2000])
    wrapper, core = bare_durable(prepared)
    print(
        "bare durable_rules through its Python wrapper (durable.engine.Ruleset), same facts and rules, "
        f"no-op actions: {wrapper:,.0f} cases/s"
    )
    print(
        "bare durable_rules core as e7 drives it (engine/rules/compile.py), same facts and rules, no-op actions: "
        f"{core:,.0f} cases/s"
    )

    predicates = {}
    for ruleset, _ in prepared:
        if ruleset.id not in predicates:
            from engine.rules.conditions import compile_python

            compiled = []
            for rule in ruleset.rules:
                nodes = rule.parsed("applies") + tuple(n for n in rule.parsed("when") if "derived." not in str(n))
                compiled.append(tuple(compile_python(n) for n in nodes))
            predicates[ruleset.id] = compiled

    def plain_python(item) -> None:
        ruleset, fact = item
        for conditions in predicates[ruleset.id]:
            all(p(fact) for p in conditions)

    print(f"plain Python, same facts and conditions: {per_second(plain_python, prepared):,.0f} cases/s")

    def prepare_only(case) -> None:
        on = case.filed_on
        prepare(case, on, evaluator.catalogue, evaluator.rulesets.in_force(on), evaluator.points)

    print(f"facts preparation alone (duty matching included): {per_second(prepare_only, cases[:5000]):,.0f} cases/s")

    # memory over many cases
    before = rss_mb()
    for index in range(args.memory_cases):
        evaluator.evaluate(cases[index % len(cases)])
    after = rss_mb()
    print(f"memory: RSS {before:.1f} MB -> {after:.1f} MB over {args.memory_cases:,} cases ({after - before:+.1f} MB)")

    # CLI start-up
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    example = ROOT / "examples" / "cases" / "backend-dev-2026.toml"
    for label, command in (
        ("e7 --version", [sys.executable, "-m", "engine", "--version"]),
        ("e7 check example", [sys.executable, "-m", "engine", "check", str(example)]),
        ("e7 code 2223", [sys.executable, "-m", "engine", "code", "2223", "--as-of", "2026-07-01"]),
    ):
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            runs.append(time.perf_counter() - start)
        print(f"CLI start-up, {label}: median {statistics.median(runs) * 1000:.0f} ms")
    import tempfile

    from engine.site.build import build

    with tempfile.TemporaryDirectory() as folder:
        took = build(locate(None), Path(folder) / "site")
    print(f"site build (e7 docs build, mkdocs --strict): {took.total_seconds():.1f} s")
    print(json.dumps({"done": True}))


if __name__ == "__main__":
    main()
