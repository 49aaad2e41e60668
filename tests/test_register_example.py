"""The worked example of docs/register.md: a firm with 30 workers (examples/register/) imports the hypothetical
notice retiring S2955 and sees which workers it affects and what each must do before which date. Re-checked as
of a fixed date so that the answer does not depend on the day the tests run."""

from __future__ import annotations

from tests.conftest import ROOT

NOTICE = ROOT / "examples" / "notices" / "hypothetical" / "2026-12-01-hypothetical-retire-s2955.toml"
AFFECTED = {
    "w05-film-designer-retired-code",
    "w10-film-designer-former-s2855-2026-12",
    "w11-film-designer-s2955-2026-10",
    "w12-film-designer-s2955-2026-12",
    "w13-film-designer-s2955-2027-01",
    "w14-film-designer-s2955-2027-02",
}


def test_a_firm_with_30_workers_imports_a_notice(e7, data_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("E7_DB", f"sqlite:///{tmp_path / 'firm.sqlite3'}")
    assert e7("register", "init", "--user", "officer-kim").code == 0
    added = e7("register", "add", str(ROOT / "examples" / "register"), "--as-of", "2026-11-20")
    assert added.code == 0 and "saved 30 version(s)" in added.out
    # the notice is imported into the firm's data; the register is re-checked as of a fixed date after it
    monkeypatch.setenv("E7_DB", f"sqlite:///{tmp_path / 'elsewhere' / 'none.sqlite3'}")
    imported = e7("--data", str(data_copy), "catalogue", "import", str(NOTICE))
    assert imported.code == 0 and "warning" not in imported.err  # no register file there: nothing to re-check
    monkeypatch.setenv("E7_DB", f"sqlite:///{tmp_path / 'firm.sqlite3'}")
    result = e7("--data", str(data_copy), "register", "recheck", "--as-of", "2026-12-10", "--format", "json")
    assert result.code == 0 and result.json()["cases"] == 30
    changed = result.json()["changed"]
    moved = {c["worker"] for c in changed if c["before"] != c["after"]}
    assert moved == AFFECTED
    assert all(c["after"] == "ineligible" for c in changed if c["worker"] in AFFECTED)
    assert all("code.retired" in {f["rule"] for f in c["added"]} for c in changed if c["worker"] in AFFECTED)
    # the only other change: a message naming the employer's age, which grew between the two dates
    assert {c["worker"] for c in changed} - AFFECTED == {"w16-ai-startup-no-revenue"}
    due = e7("--data", str(data_copy), "register", "deadlines", "--as-of", "2026-12-10", "--format", "json").json()
    steps = {(d["on"], d["worker"], d["what"]): d["action"] for d in due}
    assert "ineligible then" in steps[("2026-12-15", "w12-film-designer-s2955-2026-12", "filing")]
    assert "ineligible then" in steps[("2027-01-11", "w13-film-designer-s2955-2027-01", "filing")]
    assert "file under no listed code" in steps[("2026-12-15", "w05-film-designer-retired-code", "renewal")]
    assert "file under 2833" in steps[("2026-12-15", "w07-pr-specialist-2733-renumbered", "renewal")]
    retired = {w for (_on, w, what) in steps if what == "code-retired"}
    assert retired == {w for w in AFFECTED if "s2955" in w}
