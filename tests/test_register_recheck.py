"""`e7 register recheck` of histories, on SQLite and PostgreSQL: a registered history is asked "is it fine now?" as
of the re-check's date (its current stay checked as an extension on that date) beside its plan, and the answers
that change are reported, on both sides of the dates that decide them."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.postgres import db_url, postgres_server  # noqa: F401  (fixtures)
from tests.test_register import NOTICE

HISTORIES = ROOT / "examples" / "histories"
# stays on 2224 from 2024-06-03, the latest until 2026-12-20; a renewal planned on 2026-12-01
CLEAN = HISTORIES / "clean-web-developer.toml"
# stays on S2855 (영상관련 디자이너, listed as S2955 from 2026-09-01); the hypothetical notice retires S2955 on
# 2026-12-01
FILM = HISTORIES / "film-designer-retired-code.toml"


def _questions(e7, worker: str) -> dict[str, list[tuple[str, str]]]:
    shown = e7("register", "show", worker, "--format", "json").json()
    found: dict[str, list[tuple[str, str]]] = {}
    for d in shown["decisions"]:
        found.setdefault(d["question"], []).append((d["as_of"], d["outcome"]))
    return found


def test_a_history_is_asked_now_once_its_first_stay_has_started(db_url, e7):  # noqa: F811
    assert e7("register", "init", "--user", "kim").code == 0
    # before the first stay (2024-06-03) there is no current stay to ask about: the plan only
    assert e7("register", "add", str(CLEAN), "--as-of", "2024-06-02").code == 0
    assert set(_questions(e7, "clean-web-developer")) == {"plan"}
    first = e7("register", "recheck", "--as-of", "2024-06-03", "--format", "json").json()
    assert first["cases"] == 1 and first["first"] == 1 and first["changed"] == []
    assert _questions(e7, "clean-web-developer")["now"] == [("2024-06-03", "ready")]


def test_recheck_reports_a_history_whose_stay_has_ended(db_url, e7):  # noqa: F811
    assert e7("register", "init", "--user", "kim").code == 0
    assert e7("register", "add", str(CLEAN), "--as-of", "2026-12-01").code == 0
    # the last day of the stay: still fine
    last_day = e7("register", "recheck", "--as-of", "2026-12-20", "--format", "json").json()
    assert last_day["changed"] == []
    assert _questions(e7, "clean-web-developer")["now"][-1] == ("2026-12-20", "ready")
    # the day after: the stay no longer covers the date, the extension is late
    after = e7("register", "recheck", "--as-of", "2026-12-21")
    assert after.code == 0, after.err
    assert "clean-web-developer [now, as of 2026-12-21]: ready -> at_risk" in after.out
    assert "history.renewal-after-stay" in after.out
    assert "[plan," not in after.out  # the plan (its own dates) is the same answer
    assert e7("register", "verify").code == 0


def test_a_notice_changes_a_historys_answer_now(db_url, e7, data_copy):  # noqa: F811
    assert e7("register", "init", "--user", "kim").code == 0
    assert e7("register", "add", str(FILM), "--as-of", "2026-11-20").code == 0
    assert _questions(e7, "film-designer-retired-code")["now"] == [("2026-11-20", "at_risk")]
    imported = e7("--data", str(data_copy), "catalogue", "import", str(NOTICE))
    assert imported.code == 0, imported.err
    # the re-check the import triggers is as of today in Korea; ask again on a fixed date on both sides of the
    # notice's effective date (2026-12-01)
    before = e7("--data", str(data_copy), "register", "recheck", "--as-of", "2026-11-30", "--format", "json")
    now_before = [c for c in before.json()["changed"] if c["question"] == "now"]
    assert _questions(e7, "film-designer-retired-code")["now"][-1] == ("2026-11-30", "at_risk")
    assert all(c["after"] == "at_risk" for c in now_before)
    after = e7("--data", str(data_copy), "register", "recheck", "--as-of", "2026-12-02", "--format", "json")
    changed = {c["question"]: c for c in after.json()["changed"]}
    assert changed["now"]["before"] == "at_risk" and changed["now"]["after"] == "ineligible"
    assert "code.retired" in {f["rule"] for f in changed["now"]["added"]}
    listed = {r["key"]: r for r in e7("register", "list", "--format", "json").json()}
    assert listed["film-designer-retired-code"]["outcome"] == "ineligible"  # the plan's outcome (renewal 2026-12-15)
    assert e7("register", "verify").code == 0
