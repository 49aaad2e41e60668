"""Duty alignment in a check: the mismatch and its ranked alternatives, the 70% boundary, hybrid roles, the title
red flag, missing duties, the facts the rule engine receives, and the `e7 suggest` command."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from engine.core.case import load_case

from .cases import make
from .conftest import ROOT

D = dt.date
EXAMPLES = ROOT / "examples" / "cases"
VIDEO = "Produce short SNS videos for Instagram and TikTok and edit the footage"
UNRELATED = "Drive the delivery van and unload boxes at customers' doors"  # fits no code a developer would use


def rules_of(decision) -> dict:
    return {f.rule: f for f in decision.findings}


def test_the_guides_marketing_manager_who_edits_videos_gets_a_mismatch_and_a_video_code(ev):
    decision = ev.evaluate(load_case(EXAMPLES / "marketing-manager-sns-video.toml"))
    found = rules_of(decision)
    mismatch = found["duties.mismatch"]
    assert mismatch.severity == "risk"
    assert "20%" in mismatch.message and VIDEO in mismatch.message  # the duty that did not fit is named
    codes = [s.code for s in decision.suggestions if s.rule == "duties.mismatch"]
    assert {"S2855", "285"} & set(codes[:2])
    first = decision.suggestions[0]
    assert first.alignment == pytest.approx(0.8) and VIDEO in first.reason


def test_the_same_person_planning_campaigns_and_pr_has_no_mismatch(ev):
    decision = ev.evaluate(load_case(EXAMPLES / "marketing-manager-campaigns.toml"))
    assert "duties.mismatch" not in rules_of(decision)
    assert "duties.mismatch" in {p.rule for p in decision.passed}  # checked, and passed
    assert decision.facts["duty_alignment_x100"] >= 70


def test_a_chef_under_441_after_2026_09_01_is_blocked_and_pointed_to_451(ev):
    # no duty fits 441 (transport service workers on the date) while the duties fit 451: strong evidence, blocking
    decision = ev.evaluate(load_case(EXAMPLES / "chef-under-441-after-2026-09.toml"))
    found = rules_of(decision)
    assert "duties.mismatch" not in found
    other = found["duties.other-code"]
    assert other.severity == "blocking" and "451" in other.message and "confirm" in other.message
    assert "cook" in other.message  # the words the reading rests on
    alternatives = [s for s in decision.suggestions if s.rule == "duties.other-code"]
    assert alternatives[0].code == "451" and alternatives[0].alignment == 1.0
    # the same chef under 441 before the re-coding fits
    before = ev.evaluate(load_case(EXAMPLES / "chef-under-441-after-2026-09.toml"), D(2026, 7, 1))
    assert not {"duties.mismatch", "duties.other-code"} & set(rules_of(before))


def test_a_hybrid_role_gets_its_own_finding(ev):
    decision = ev.evaluate(load_case(EXAMPLES / "hybrid-developer-designer.toml"))
    found = rules_of(decision)
    assert {"duties.mismatch", "duties.hybrid-role"} <= set(found)
    assert decision.facts["best_code_alignment_x100"] < 70 <= decision.facts["duty_classified_x100"]


def test_the_backend_developer_fits_and_ranks_a_software_code_first(ev):
    decision = ev.evaluate(load_case(EXAMPLES / "backend-dev-2026.toml"))
    assert decision.facts["duty_alignment_x100"] >= 90
    assert decision.facts["best_code"] in ("2223", "2224")


@pytest.mark.parametrize(("fitting", "expect_mismatch"), [(70, False), (69, True)])
def test_the_70_percent_boundary(ev, fitting, expect_mismatch):
    duties = [
        {"task": "Write Python code for backend APIs", "share": fitting},
        {"task": UNRELATED, "share": 100 - fitting},
    ]
    decision = ev.evaluate(make(position={"duties": duties}))
    assert decision.facts["duty_alignment_x100"] == fitting
    assert ("duties.mismatch" in rules_of(decision)) is expect_mismatch


def test_the_threshold_comes_from_the_ruleset_with_its_source(ev):
    ruleset = ev.rulesets.in_force(D(2026, 7, 1))
    parameter = ruleset.parameters["duty_alignment_threshold"]
    assert parameter.value == 0.7 and parameter.source.status == "U"
    assert "practitioner guide" in parameter.source.document


def test_missing_duties_ask_for_them(ev):
    decision = ev.evaluate(make(position={"duties": None}))
    finding = rules_of(decision)["duties.alignment"]
    assert finding.severity == "needs_information" and "position.duties" in finding.message
    assert "title_fits_other_code" not in decision.facts  # the title is only compared beside duties


def test_the_title_red_flag_names_the_code_the_title_reads_like(ev):
    duties = [{"task": "Plan PR campaigns and write press releases", "share": 100}]
    decision = ev.evaluate(make(position={"code": "2733", "job_title": "Video Editor", "duties": duties}))
    finding = rules_of(decision)["documents.title-fits-other-code"]
    assert finding.severity == "advice" and "S2855" in finding.message
    calm = ev.evaluate(make(position={"code": "2733", "job_title": "PR Specialist", "duties": duties}))
    assert "documents.title-fits-other-code" not in rules_of(calm)


def test_the_duty_facts_are_flat_and_primitive(ev):
    decision = ev.evaluate(load_case(EXAMPLES / "marketing-manager-sns-video.toml"))
    duty_keys = [k for k in decision.facts if k.startswith(("duty", "duties", "best_", "alternative_", "title_"))]
    assert "duty_alignment_x100" in duty_keys and "alternative_1_code" in duty_keys
    for key in duty_keys:
        assert type(decision.facts[key]) in (int, str, bool), key


def test_same_case_same_decision_bytes(ev):
    from engine.rules.explain import to_json

    case = load_case(EXAMPLES / "marketing-manager-sns-video.toml")
    assert to_json(ev.evaluate(case)) == to_json(ev.evaluate(case))


# -- e7 suggest -------------------------------------------------------------------------------------------------


def test_suggest_json_shape_and_dates(e7):
    before = e7("suggest", VIDEO, "--as-of", "2026-07-01", "--format", "json")
    after = e7("suggest", VIDEO, "--as-of", "2026-10-01", "--format", "json")
    assert before.code == after.code == 0
    first = before.json()["suggestions"][0]
    assert set(first) == {"code", "subcategory", "title_ko", "title_en", "alignment", "matched"}
    assert first["code"] == "S2855" and after.json()["suggestions"][0]["code"] == "S2955"
    assert first["alignment"] == 1.0 and first["matched"][0]["fits"] is True
    assert {"words", "fields"} <= set(first["matched"][0]["words"][0])


def test_suggest_with_shares_and_top(e7):
    result = e7("suggest", f"{VIDEO}=80", "Manage influencer partnerships=20", "--as-of", "2026-07-01", "--top", "2")
    assert result.code == 0
    assert "1. S2855" in result.out and "alignment 80%" in result.out
    data = e7("suggest", f"{VIDEO}=80", "PR", "--as-of", "2026-07-01", "--format", "json").json()
    assert [d["share"] for d in data["duties"]] == [80.0, 20.0]  # the duty without a share takes the rest


def test_suggest_for_a_case_shows_the_applied_code(e7):
    result = e7("suggest", "--case", str(EXAMPLES / "marketing-manager-sns-video.toml"), "--format", "json")
    data = result.json()
    assert data["applied"] == {"code": "2733", "listed_as": "2733", "alignment": 0.2}
    assert data["suggestions"][0]["code"] == "S2855"
    renumbered = e7("suggest", "--case", str(EXAMPLES / "ad-specialist-old-code-2026-10.toml"), "--format", "json")
    assert renumbered.json()["applied"]["listed_as"] == "2833"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["edit videos=120"], "at most 100"),
        (["edit videos=60", "write copy=30"], "add up to 100"),
        (["edit videos=100", "write copy"], "leave time"),
        (["  "], "empty text"),
        ([], "at least one duty"),
        (["edit videos", "--case", str(EXAMPLES / "backend-dev-2026.toml")], "not both"),
        (["--case", str(EXAMPLES / "incomplete-file.json")], "position.duties"),
        (["--case", str(EXAMPLES / "nowhere.toml")], "nowhere.toml"),
        (["edit videos", "--top", "0"], "1 or more"),
    ],
)
def test_suggest_bad_input_is_one_line_and_status_2(e7, args, expected):
    result = e7("suggest", *args)
    assert result.code == 2, result.err
    assert expected in result.err and len(result.err.strip().splitlines()) == 1


def test_suggest_is_deterministic(e7):
    args = ("suggest", "호텔 프런트에서 체크인과 예약을 처리", "Answer guests' questions", "--as-of", "2026-07-01")
    assert e7(*args, "--format", "json").out == e7(*args, "--format", "json").out
    assert json.loads(e7(*args, "--format", "json").out)["suggestions"][0]["code"] == "3922"


# -- absolute fit and work outside the list (issue #11) ---------------------------------------------------------

PACKING = "Pack boxes in the warehouse and load them onto trucks"
PACKING_KO = "물류센터에서 상자를 포장하고 트럭에 싣는다"


def test_a_developer_who_packs_drives_and_cleans_is_blocked_as_work_outside_the_list(ev):
    decision = ev.evaluate(load_case(EXAMPLES / "developer-packing-driving-cleaning.toml"))
    found = rules_of(decision)
    assert decision.outcome == "ineligible"
    outside = found["duties.outside-list"]
    assert outside.severity == "blocking" and "duties.mismatch" not in found
    # e7's reading, the words it rests on, and a request to confirm
    assert "e7's reading" in outside.message and "confirm" in outside.message
    assert "수동 포장원" in outside.message and "pack" in outside.message and "truck" in outside.message
    assert decision.facts["duty_outside_x100"] == 100
    assert not decision.suggestions  # nothing the duties do not support (285 at 70% before)


def test_one_outside_duty_among_fitting_ones_is_no_more_than_a_risk(ev):
    duties = [{"task": "Write Python code for backend APIs", "share": 60}, {"task": PACKING, "share": 40}]
    decision = ev.evaluate(make(position={"duties": duties}))
    found = rules_of(decision)
    assert found["duties.mismatch"].severity == "risk"
    assert not {"duties.outside-list", "duties.other-code"} & set(found)
    assert decision.facts["duty_outside_x100"] == 40 and "KSCO 92101" in decision.facts["duties_outside"]


@pytest.mark.parametrize(
    ("text", "on"), [(PACKING, "2026-10-01"), (PACKING_KO, "2026-07-01"), (PACKING_KO, "2026-10-01")]
)
def test_packing_in_the_warehouse_fits_no_listed_code_and_suggests_none(e7, text, on):
    # before: 2231 데이터 전문가 first at 100% (the term "warehouse"), or 295 디자이너 at 100% (포장)
    data = e7("suggest", text, "--as-of", on, "--format", "json").json()
    assert data["suggestions"] == []
    duty = data["duties"][0]
    assert duty["fits"] == "outside-list" and duty["reads_as"]["ksco"].startswith("9")
    assert duty["reads_as"]["status"] == "N" and duty["reads_as"]["words"]
    text_out = e7("suggest", text, "--as-of", on).out
    assert "no listed occupation fits this duty; it reads as" in text_out
    assert "No listed code fits these duties" in text_out


@pytest.mark.parametrize(("on", "code"), [("2026-07-01", "2814"), ("2026-10-01", "2914")])
@pytest.mark.parametrize("text", ["해외 바이어 상담 회의 통역", "interpret at meetings with overseas buyers"])
def test_interpreting_at_buyer_meetings_fits_the_interpreter_code(e7, on, code, text):
    data = e7("suggest", text, "--as-of", on, "--format", "json").json()
    fitting = {s["code"]: s["alignment"] for s in data["suggestions"]}
    assert fitting.get(code) == 1.0, fitting


def test_every_suggestion_reaches_the_fit_bar_on_its_own(e7):
    data = e7(
        "suggest",
        f"{VIDEO}=80",
        "Manage influencer partnerships=20",
        "--as-of",
        "2026-07-01",
        "--top",
        "20",
        "--format",
        "json",
    ).json()
    assert data["suggestions"]
    for s in data["suggestions"]:
        assert s["alignment"] > 0 and any(m["fits"] for m in s["matched"]), s["code"]


def test_a_duty_fits_several_codes_on_its_own_evidence(ev):
    from engine.duties.alignment import measure

    snapshot = ev.catalogue.in_force(D(2026, 7, 1))
    m = measure(ev.data, snapshot, [make_duty("Build REST APIs in Python for the web backend", 100)])
    assert {"2223", "2224"} <= {a.code.code for a in m.ranked if a.alignment == 1.0}


def make_duty(task: str, share: float):
    from engine.views.suggest import FreeDuty

    return FreeDuty(task, share)
