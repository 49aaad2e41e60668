"""Review revd of task f27d (issue 18): good conduct ① (stay manual 2026.6 p.371: 신청일로부터 5년 이내에 금고 이상의
형(집행유예를 포함)을 선고받은 사실이 있는 경우) reads the sentences of [[conduct.sentences]] by their kind. That
list holds every sentence heavier than a fine (p.374: 사형, 징역, 금고, 자격상실, 자격정지), and 자격상실 and
자격정지 are lighter than 금고: they do not bar under ①; a sentence whose kind is left out is a risk, not a
refusal."""

from __future__ import annotations

import json
from typing import Any

import pytest

from engine.core.errors import InputError
from engine.data.folders import locate
from engine.history import HistoryChecker, history_from_data
from engine.rules.evaluate import Evaluator

from .test_history_f27_rules import WORKER  # an E-7-1 worker applying for F-2-7 on 2027-04-01

SENTENCED = "history.f27-conduct-imprisonment"
FINAL = "history.f27-conduct-sentence-final"


@pytest.fixture(scope="module")
def checker() -> HistoryChecker:
    return HistoryChecker(Evaluator(locate(None)))


def _f27(checker: HistoryChecker, sentence: dict[str, Any]) -> Any:
    data = WORKER | {"f27": {"employer_listed": True}, "conduct": {"sentences": [sentence]}}
    f27 = checker.check(history_from_data(json.loads(json.dumps(data)), "w.json"), "w.json").f27
    assert f27 is not None
    return f27


def _findings(f27: Any, rule: str) -> list[Any]:
    return [f for f in f27.findings if f.rule == rule]


@pytest.mark.parametrize("kind", ["death", "imprisonment", "imprisonment_without_labour"])
def test_a_sentence_of_geumgo_or_heavier_within_5_years_bars(checker, kind):
    f27 = _f27(checker, {"on": "2023-01-10", "kind": kind})  # 4 full years before 2027-04-01
    (finding,) = _findings(f27, SENTENCED)
    assert finding.severity == "blocking"
    assert "imposed 4 full year(s) before 2027-04-01" in finding.message
    assert f27.eligible is False


@pytest.mark.parametrize("kind", ["loss_of_qualifications", "suspension_of_qualifications"])
def test_a_loss_or_suspension_of_qualifications_is_not_barred_by_good_conduct_1(checker, kind):
    f27 = _f27(checker, {"on": "2023-01-10", "final_on": "2023-02-20", "kind": kind})
    assert _findings(f27, SENTENCED) == []
    assert _findings(f27, FINAL) == []  # final 4 full years before: the 40 points only (p.374)
    assert f27.eligible is True


def test_a_loss_of_qualifications_final_within_3_years_still_bars_under_p374(checker):
    f27 = _f27(checker, {"on": "2023-01-10", "final_on": "2024-06-01", "kind": "suspension_of_qualifications"})
    assert _findings(f27, SENTENCED) == []
    (finding,) = _findings(f27, FINAL)  # p.374: 벌금형 이상의 형사처벌* (* 자격상실, 자격정지 included)
    assert finding.severity == "blocking"
    assert f27.eligible is False


def test_a_sentence_of_unknown_kind_within_5_years_is_a_risk(checker):
    f27 = _f27(checker, {"on": "2023-01-10"})
    (finding,) = _findings(f27, SENTENCED)
    assert finding.severity == "risk"
    assert "its kind not given" in finding.message
    assert "imposed 4 full year(s) before 2027-04-01" in finding.message
    assert f27.eligible is True


def test_a_sentence_of_unknown_kind_5_years_old_is_not_reported(checker):
    f27 = _f27(checker, {"on": "2022-04-01"})  # 5 full years before 2027-04-01
    assert _findings(f27, SENTENCED) == []


def test_a_kind_known_and_a_kind_unknown_report_once(checker):
    data = WORKER | {
        "f27": {"employer_listed": True},
        "conduct": {"imprisonment_sentences": ["2024-01-10"], "sentences": [{"on": "2023-01-10"}]},
    }
    f27 = checker.check(history_from_data(json.loads(json.dumps(data)), "w.json"), "w.json").f27
    (finding,) = _findings(f27, SENTENCED)
    assert finding.severity == "blocking"


def test_an_unknown_kind_is_refused():
    with pytest.raises(InputError) as caught:
        history_from_data(WORKER | {"conduct": {"sentences": [{"on": "2020-01-01", "kind": "fine"}]}}, "w")
    assert "kind" in str(caught.value)


# -- coverage entries the review found not covered ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ("f2_7.route-time-at-sea", "등의 사유로"),  # the other reasons of that kind are not read
        ("f2_7.law-abiding-education", "imprisonment_sentences"),  # a Korean sentence listed there is not counted
    ],
)
def test_the_entries_are_partial_and_say_what_is_missing(entry, words):
    import tomllib

    with open(locate(None).root / "rulesets" / "coverage.toml", "rb") as handle:
        entries = {e["id"]: e for e in tomllib.load(handle)["requirements"]}
    assert entries[entry]["status"] == "partial"
    assert words in entries[entry]["missing"]


def test_a_korean_sentence_in_imprisonment_sentences_is_not_counted_by_the_course(checker):
    # what the course entry's missing says: the dates-only list holds foreign sentences too, so it is not counted
    data = WORKER | {"conduct": {"imprisonment_sentences": ["2019-01-10"]}}
    f27 = checker.check(history_from_data(json.loads(json.dumps(data)), "w.json"), "w.json").f27
    assert _findings(f27, "history.f27-law-abiding-course") == []
    korean = WORKER | {"conduct": {"sentences": [{"on": "2019-01-10", "korean": True, "kind": "imprisonment"}]}}
    f27 = checker.check(history_from_data(json.loads(json.dumps(korean)), "w.json"), "w.json").f27
    assert len(_findings(f27, "history.f27-law-abiding-course")) == 1


def test_the_final_bar_s_fix_names_the_5_years_for_geumgo_or_heavier_only(checker):
    f27 = _f27(checker, {"on": "2023-01-10", "final_on": "2024-06-01", "kind": "suspension_of_qualifications"})
    (finding,) = _findings(f27, FINAL)
    assert "for a sentence of 금고 or heavier, 5 full years" in finding.fix
