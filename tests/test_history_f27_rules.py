"""The F-2-7 part of the history planner as data (issue 14, issue 18): what would raise the points read from the
points table's [[raises]], and the F-2-7 rules of the history ruleset added for the coverage of the stay
manual's F-2-7 section (pp.351-375), each on both sides of its threshold, through `e7 history`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from engine.data.folders import locate
from engine.history import HistoryChecker, history_from_data
from engine.rules.evaluate import Evaluator

from .conftest import ROOT

SHORT = ROOT / "examples" / "histories" / "business-manager-f27-short.toml"
TABLE = Path("rulesets") / "points" / "f2-7-2026-06-17.toml"


def _history(path: Path) -> dict[str, Any]:
    import tomllib

    return json.loads(json.dumps(tomllib.loads(path.read_text(encoding="utf-8")), default=str))


@pytest.fixture(scope="module")
def checker() -> HistoryChecker:
    return HistoryChecker(Evaluator(locate(None)))


# -- what would raise the points: the table's [[raises]] -----------------------------------------------------


def test_what_would_raise_the_points_follows_the_tables_raises(checker):
    f27 = checker.check(history_from_data(_history(SHORT), "short"), "short").f27
    assert f27 is not None
    assert [(r.item, r.then) for r in f27.to_raise] == [
        ("income", 50_000_000),
        ("korean", 4),
        ("bonus", True),
        ("bonus", 1),
        ("age", 39),
    ]
    income = f27.to_raise[0]
    assert income.how == "a certified income of 50,000,000 KRW (6,500,000 more) on the latest income certificate"
    assert (income.points_now, income.points_then, income.total_then, income.passes_then) == (40, 45, 82, True)


def test_a_raise_taken_out_of_the_table_is_no_longer_suggested(data_copy):
    path = data_copy / TABLE
    text = path.read_text(encoding="utf-8")
    entry = '[[raises]]\nitem = "korean"\nstep = "next_band"\nhow = "TOPIK level / KIIP stage {then}"\n'
    assert entry in text
    reworded = text.replace(entry, "").replace("on the latest income certificate", "(latest certificate)")
    path.write_text(reworded, encoding="utf-8")
    checker = HistoryChecker(Evaluator(locate(str(data_copy))))
    f27 = checker.check(history_from_data(_history(SHORT), "short"), "short").f27
    assert f27 is not None and "korean" not in {r.item for r in f27.to_raise}
    assert f27.to_raise[0].how == "a certified income of 50,000,000 KRW (6,500,000 more) (latest certificate)"


@pytest.mark.parametrize(
    ("item", "step", "field"),
    [("no_such_item", "next_band", "raises[0].item"), ("kiip_stage_5", "next_band", "raises[0].item")],
)
def test_a_raise_naming_no_item_fit_for_its_step_is_refused_in_one_line(data_copy, e7, item, step, field):
    path = data_copy / TABLE
    text = path.read_text(encoding="utf-8")
    first = text.index("[[raises]]")
    path.write_text(text[:first] + f'[[raises]]\nitem = "{item}"\nstep = "{step}"\nhow = "x"\n\n' + text[first:])
    result = e7("--data", str(data_copy), "history", str(SHORT))
    assert result.code == 2 and field in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_an_unknown_raise_step_is_refused_naming_the_steps(data_copy, e7):
    path = data_copy / TABLE
    path.write_text(path.read_text(encoding="utf-8").replace('step = "set_true"', 'step = "set"'), encoding="utf-8")
    result = e7("--data", str(data_copy), "history", str(SHORT))
    assert result.code == 2 and "step" in result.err and "'set_true'" in result.err
    assert re.search(r"raises\[\d\]\.step", result.err)


def test_the_age_raise_holds_only_within_a_year_of_the_birthday(checker):
    """Applying before the birthday that moved the age band down: 40 on 2027-04-05 (born 1987-03-15)."""
    data = _history(SHORT)
    f27 = checker.check(history_from_data(data, "short"), "short").f27
    assert f27 is not None and ("age", 39) in {(r.item, r.then) for r in f27.to_raise}
    data["plan"]["f27_on"] = "2028-03-14"  # still 40: the 40th birthday is 365 days back, a band lower than 39
    later = checker.check(history_from_data(data, "later"), "later").f27
    assert later is not None and ("age", 39) in {(r.item, r.then) for r in later.to_raise}
    data["plan"]["f27_on"] = "2028-03-15"  # 41: a year less is 40, the same band: nothing to gain
    latest = checker.check(history_from_data(data, "latest"), "latest").f27
    assert latest is not None and "age" not in {r.item for r in latest.to_raise}
