"""The case register (docs/register.md) on both databases: SQLite (a temporary file) and a real PostgreSQL server
the tests start (tests/postgres.py). Every command, the chain's verification after a row is altered behind e7's
back, refused UPDATE/DELETE, overrides and sign-offs, forget, a migration from the first schema, the refusal of a
newer one, export/import."""

from __future__ import annotations

import json
import shutil

import pytest
import sqlalchemy as sa

from engine import service
from tests.conftest import ROOT
from tests.postgres import db_url, postgres_server  # noqa: F401  (fixtures)

CASES = ROOT / "examples" / "notices" / "hypothetical" / "cases"
NOTICE = ROOT / "examples" / "notices" / "hypothetical" / "2026-12-01-hypothetical-retire-s2955.toml"
HISTORY = ROOT / "examples" / "histories" / "business-manager-f27-short.toml"
AS_OF = "2026-11-20"  # before the hypothetical notice's effective date and every case's filing date


def raw(url: str):
    from engine.register.store import normal_url

    return sa.create_engine(normal_url(url), poolclass=sa.pool.NullPool)


@pytest.fixture
def register(db_url, e7):  # noqa: F811
    """A register with the hypothetical notice's four cases and one history, decided as of AS_OF."""
    assert e7("register", "init", "--user", "kim").code == 0
    result = e7("register", "add", str(CASES), str(HISTORY), "--as-of", AS_OF)
    assert result.code == 0, result.err
    return db_url


def test_init_add_list_show_and_verify(register, e7):
    listed = e7("register", "list", "--format", "json")
    assert listed.code == 0
    rows = {r["key"]: r for r in listed.json()}
    assert set(rows) == {
        "backend-dev-unaffected-2026-07",
        "film-designer-former-s2855-2026-12",
        "film-designer-s2955-2026-10",
        "film-designer-s2955-2026-12",
        "business-manager-f27-short",
    }
    # each outcome is what e7 check gives for the case as of the date
    session = service.open_session()
    for path in CASES.glob("*.toml"):
        case = service.read_case(path)
        expected = service.check(session, case, service.today().fromisoformat(AS_OF)).outcome
        assert rows[case.id]["outcome"] == expected
    assert rows["business-manager-f27-short"]["kind"] == "history"
    assert rows["business-manager-f27-short"]["outcome"] == "ineligible"
    assert e7("register", "list", "--code", "S2955", "--format", "json").json()[0]["code"] == "S2955"
    only = e7("register", "list", "--outcome", "ineligible", "--format", "json").json()
    assert [r["key"] for r in only] == ["business-manager-f27-short"]

    shown = e7("register", "show", "film-designer-s2955-2026-12", "--format", "json").json()
    assert [v["number"] for v in shown["versions"]] == [1]
    assert shown["versions"][0]["data"]["position"]["code"] == "S2955"
    questions = [(d["question"], d["as_of"]) for d in shown["decisions"]]
    assert questions == [("now", AS_OF), ("planned", "2026-12-15")]
    provenance = shown["decisions"][0]["provenance"]
    assert provenance["release"]["id"] and provenance["catalogue"]["sha256"] and provenance["ruleset"]["sha256"]
    assert provenance["engine"]["version"]
    text = e7("register", "show", "business-manager-f27-short")
    assert "f2-7" in text.out and "record" in text.out
    verified = e7("register", "verify")
    assert verified.code == 0 and verified.out.startswith("ok: ")
    # every read was recorded
    log = e7("register", "access")
    assert log.code == 0 and log.out.count("kim") == 2 and "film-designer-s2955-2026-12" in log.out


def test_a_second_add_saves_a_new_version_only_when_something_changed(register, e7, tmp_path):
    again = e7("register", "add", str(CASES / "film-designer-s2955-2026-10.toml"), "--as-of", AS_OF)
    assert again.code == 0 and "saved 0 version(s), 1 unchanged" in again.out
    changed = tmp_path / "film-designer-s2955-2026-10.toml"
    text = (CASES / "film-designer-s2955-2026-10.toml").read_text(encoding="utf-8")
    changed.write_text(text + '\n[worker]\nname = "Lee Minji"\n', encoding="utf-8")
    assert e7("register", "add", str(changed), "--as-of", AS_OF).code == 0
    shown = e7("register", "show", "film-designer-s2955-2026-10", "--format", "json").json()
    assert [v["number"] for v in shown["versions"]] == [1, 2]
    assert shown["name"] == "Lee Minji"
    assert shown["versions"][0]["data"] == shown["versions"][1]["data"]  # the case itself did not change


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ('id = "x"\n[position]\ncode = "2223"\nannual_salary_krw = -5\n', "position.annual_salary_krw"),
        ('id = "x"\n[position]\ncode = "22x"\n', "position.code"),
        ('id = "x"\n[worker]\nname = 3\n[position]\ncode = "2223"\n', "worker.name"),
        ('id = "x"\n[[stays]]\ncode = "2223"\nsubcategory = "E-7-1"\nfrom = 2026-13-01\n', "from"),
    ],
)
def test_bad_input_is_one_line_naming_file_and_field_and_nothing_is_written(
    db_url,  # noqa: F811
    e7,
    tmp_path,
    content,
    field,
):
    assert e7("register", "init", "--user", "kim").code == 0
    good = tmp_path / "a-good.toml"
    shutil.copy(CASES / "backend-dev-unaffected-2026-07.toml", good)
    bad = tmp_path / "z-bad.toml"
    bad.write_text(content, encoding="utf-8")
    result = e7("register", "add", str(good), str(bad))
    assert result.code == 2
    assert result.err.count("\n") == 1 and str(bad) in result.err and field in result.err, result.err
    assert e7("register", "list", "--format", "json").json() == []  # the good one was not saved either


def test_commands_without_a_register_or_with_a_bad_url_say_so(e7, tmp_path, monkeypatch):
    monkeypatch.setenv("E7_DB", f"sqlite:///{tmp_path / 'none.sqlite3'}")
    result = e7("register", "list")
    assert result.code == 2 and "no register there" in result.err and "e7 register init" in result.err
    result = e7("register", "list", "--db", "mysql://x/y")
    assert result.code == 2 and "--db" in result.err
    assert e7("register", "init").code == 0
    result = e7("register", "show", "nobody-here")
    assert result.code == 2 and "WORKER" in result.err


def test_verify_finds_a_record_altered_behind_e7s_back(register, e7):
    engine = raw(register)
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("DROP TRIGGER records_no_update")
        else:
            connection.exec_driver_sql("DROP TRIGGER records_append_only ON records")
        seq = connection.execute(sa.text("SELECT MIN(seq) FROM records WHERE kind = 'decision'")).scalar()
        content = connection.execute(sa.text("SELECT content FROM records WHERE seq = :s"), {"s": seq}).scalar()
        altered = json.loads(content) | {"outcome": "ready"}
        connection.execute(
            sa.text("UPDATE records SET content = :c WHERE seq = :s"), {"c": json.dumps(altered), "s": seq}
        )
    engine.dispose()
    result = e7("register", "verify")
    assert result.code == 1
    assert f"record {seq} " in result.out and "altered" in result.out


def test_verify_finds_an_altered_body_and_a_missing_one(register, e7):
    engine = raw(register)
    with engine.begin() as connection:
        first, second = connection.execute(sa.text("SELECT seq FROM bodies ORDER BY seq LIMIT 2")).scalars()
        connection.execute(
            sa.text("UPDATE bodies SET body = REPLACE(body, 'S2955', 'S2855') WHERE seq = :s"), {"s": first}
        )
        connection.execute(sa.text("DELETE FROM bodies WHERE seq = :s"), {"s": second})
    engine.dispose()
    result = e7("register", "verify")
    assert result.code == 1
    assert "body is missing and no forget record explains it" in result.out


def test_update_and_delete_on_the_chain_are_refused(register):
    engine = raw(register)
    for statement in ("UPDATE records SET actor = 'mallory'", "DELETE FROM records"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as connection:
            connection.exec_driver_sql(statement)
    if engine.dialect.name == "postgresql":
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as connection:
            connection.exec_driver_sql("TRUNCATE records CASCADE")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT COUNT(*) FROM records WHERE actor = 'mallory'").scalar() == 0
    engine.dispose()


def test_override_and_signoff_are_records_the_decision_shows(register, e7):
    assert e7("register", "user", "add", "park", "--role", "officer").code == 0
    assert e7("register", "user", "add", "choi", "--role", "reviewer").code == 0
    worker = "business-manager-f27-short"
    refused = e7(
        "register", "override", worker, "history.f27-points", "--reason", "raised by TOPIK 4 in March", "--user", "choi"
    )
    assert refused.code == 2 and "reviewer" in refused.err and "officer" in refused.err
    unknown = e7("register", "override", worker, "no.such-rule", "--reason", "a reason long enough", "--user", "park")
    assert unknown.code == 2 and "history.f27-points" in unknown.err
    short = e7("register", "override", worker, "history.f27-points", "--reason", "ok", "--user", "park")
    assert short.code == 2 and "--reason" in short.err
    done = e7(
        "register",
        "override",
        worker,
        "history.f27-points",
        "--reason",
        "TOPIK 4 result due in March",
        "--user",
        "park",
    )
    assert done.code == 0, done.err
    assert e7("register", "signoff", worker, "--user", "park").code == 2  # an officer does not sign off
    # a history has two current answers (plan, now); the override went to the one holding the rule, the plan
    shown = e7("register", "show", worker, "--format", "json").json()
    assert [d["question"] for d in shown["decisions"]] == ["plan", "now"]
    plan = shown["decisions"][0]["record"]
    signed = e7("register", "signoff", worker, "--note", "agreed", "--user", "choi", "--record", str(plan))
    assert signed.code == 0, signed.err
    shown = e7("register", "show", worker, "--format", "json").json()
    decision = shown["decisions"][0]
    assert decision["overrides"][0]["by"] == "park" and decision["overrides"][0]["rule"] == "history.f27-points"
    assert decision["overrides"][0]["reason"] == "TOPIK 4 result due in March"
    assert decision["signoffs"][0]["by"] == "choi" and decision["signoffs"][0]["note"] == "agreed"
    text = e7("register", "show", worker).out
    assert "override by park" in text and "signed off by choi" in text
    assert e7("register", "verify").code == 0


def test_forget_removes_personal_data_and_the_chain_still_verifies(register, e7, tmp_path):
    named = tmp_path / "film-designer-s2955-2026-10.toml"
    named.write_text(
        (CASES / "film-designer-s2955-2026-10.toml").read_text(encoding="utf-8") + '\n[worker]\nname = "Lee Minji"\n',
        encoding="utf-8",
    )
    assert e7("register", "add", str(named), "--as-of", AS_OF).code == 0
    before = e7("register", "show", "film-designer-s2955-2026-10", "--format", "json").json()
    assert before["name"] == "Lee Minji"
    assert before["versions"][0]["data"]["documents"]
    result = e7("register", "forget", "film-designer-s2955-2026-10")
    assert result.code == 0 and "forgot film-designer-s2955-2026-10" in result.out
    after = e7("register", "show", "film-designer-s2955-2026-10", "--format", "json").json()
    assert after["name"] is None and after["birth_date"] is None and after["forgotten_at"]
    assert all(v["data"] is None for v in after["versions"])
    assert all(d["findings"] is None for d in after["decisions"])
    assert [d["outcome"] for d in after["decisions"]] == [d["outcome"] for d in before["decisions"]]
    assert after["decisions"][0]["rules"] == before["decisions"][0]["rules"]
    engine = raw(register)
    with engine.connect() as connection:
        text = " ".join(connection.exec_driver_sql("SELECT body FROM bodies").scalars())
        names = connection.exec_driver_sql("SELECT name FROM workers WHERE name IS NOT NULL").scalars().all()
    engine.dispose()
    assert "Lee Minji" not in text and names == []
    verified = e7("register", "verify")
    assert verified.code == 0 and "bodies forgotten" in verified.out and "(0 bodies" not in verified.out
    assert "film-designer-s2955-2026-10" not in e7("register", "list").out
    again = e7("register", "add", str(named))
    assert again.code == 2 and "forgotten" in again.err
    assert e7("register", "forget", "film-designer-s2955-2026-10").code == 2


def test_forget_expired_uses_the_retention_period(register, e7):
    none = e7("register", "forget", "--expired")
    assert none.code == 2 and "retention" in none.err
    assert e7("register", "init", "--retention-days", "30").code == 0
    assert "no worker is past the retention period" in e7("register", "forget", "--expired").out
    engine = raw(register)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE workers SET last_active = '2020-01-01T00:00:00+00:00' WHERE key = 'backend-dev-unaffected-2026-07'"
        )
    engine.dispose()
    result = e7("register", "forget", "--expired")
    assert result.code == 0 and result.out.count("forgot ") == 1 and "backend-dev-unaffected-2026-07" in result.out


def test_recheck_after_a_notice_reports_the_cases_it_changes(register, e7, data_copy):
    plain = e7("--data", str(data_copy), "register", "recheck", "--as-of", AS_OF)
    assert plain.code == 0 and "0 answer(s) changed" in plain.out
    # a later date alone changes nothing (messages that name the as-of date are the same findings)
    later = e7("--data", str(data_copy), "register", "recheck", "--as-of", "2026-11-25")
    assert later.code == 0 and "re-checked 5 case(s)" in later.out and "0 answer(s) changed" in later.out
    imported = e7("--data", str(data_copy), "catalogue", "import", str(NOTICE))
    assert imported.code == 0, imported.err
    # the import re-checked the register as of today in Korea: the S2955 cases are now refused
    assert "register: notice hypothetical-retire-s2955 re-checked 5 registered case(s)" in imported.err
    assert "film-designer-s2955-2026-12 [planned, as of 2026-12-15]: ready -> ineligible" in imported.err
    assert "backend-dev-unaffected" not in imported.err.split("re-checked")[1]
    shown = e7("register", "show", "film-designer-s2955-2026-12", "--format", "json").json()
    notice = [d for d in shown["decisions"] if d["trigger"].get("by") == "notice"]
    assert notice and notice[-1]["trigger"]["notice"] == "hypothetical-retire-s2955"
    change = notice[-1]["changed_from_previous"]
    assert change["outcome"] == ["ready", "ineligible"] and change["added"][0]["rule"] == "code.retired"
    quiet = e7("--data", str(data_copy), "register", "recheck", "--format", "json")
    assert quiet.code == 0 and quiet.json()["changed"] == [] and quiet.json()["cases"] == 5
    # an unchanged answer is a record of its own that names the decision holding the same findings
    last = e7("register", "show", "film-designer-s2955-2026-12", "--format", "json").json()["decisions"]
    assert last[-1]["same_as"] == notice[-1]["record"] and last[-1]["findings"] == notice[-1]["findings"]
    assert last[-1]["trigger"]["by"] == "recheck" and last[-1]["record"] > notice[-1]["record"]
    assert e7("register", "verify").code == 0


def test_deadlines_and_their_icalendar_file(register, e7, data_copy, tmp_path):
    from icalendar import Calendar

    assert e7("--data", str(data_copy), "catalogue", "import", str(NOTICE)).code == 0
    ics = tmp_path / "deadlines.ics"

    def deadlines(to, *more):
        window = ("--within", "180d", "--as-of", "2026-11-20")
        return e7("--data", str(data_copy), "register", "deadlines", *window, "--ics", str(to), *more)

    result = deadlines(ics, "--format", "json")
    assert result.code == 0, result.err
    found = result.json()
    got = {(d["on"], d["worker"], d["what"]) for d in found}
    assert ("2026-12-15", "film-designer-s2955-2026-12", "filing") in got
    assert ("2026-12-01", "film-designer-s2955-2026-10", "code-retired") in got
    assert all("2026-11-20" <= d["on"] <= "2027-05-19" for d in found if not d["what"].startswith("code-"))
    calendar = Calendar.from_ical(ics.read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == len(found)
    first = events[0]
    assert str(first["summary"]) == f"{found[0]['worker']}: {found[0]['what']}"
    assert first.decoded("dtstart").isoformat() == found[0]["on"]
    again = tmp_path / "again.ics"
    deadlines(again)
    assert again.read_bytes() == ics.read_bytes()  # same register, same file


def test_export_then_import_is_lossless_across_databases(register, e7, tmp_path, postgres_server):  # noqa: F811
    from tests.postgres import drop_database, new_database

    e7("register", "user", "add", "choi", "--role", "reviewer")
    e7("register", "signoff", "business-manager-f27-short", "--user", "choi")
    first = tmp_path / "a.jsonl"
    assert e7("register", "export", str(first)).code == 0
    # into the other kind of database, then back out
    other = new_database(postgres_server) if register.startswith("sqlite") else f"sqlite:///{tmp_path / 'b.db'}"
    try:
        result = e7("register", "import", str(first), "--db", other)
        assert result.code == 0, result.err
        second = tmp_path / "b.jsonl"
        assert e7("register", "export", str(second), "--db", other).code == 0
        # the same file byte for byte, but for the access record of the second export itself
        a, b = first.read_text(encoding="utf-8").splitlines(), second.read_text(encoding="utf-8").splitlines()
        extra = [line for line in b if line not in a]
        assert len(extra) == 1 and json.loads(extra[0])["table"] == "records"
        assert json.loads(json.loads(extra[0])["row"]["content"])["to"] == str(second)
        assert [line for line in b if line != extra[0]] == a
        assert e7("register", "verify", "--db", other).code == 0
        # the imported register goes on working (PostgreSQL's sequences follow the imported keys)
        assert e7("register", "add", str(CASES), "--db", other, "--as-of", "2026-11-21").code == 0
        refused = e7("register", "import", str(first), "--db", other)
        assert refused.code == 2 and "empty" in refused.err
    finally:
        if other.startswith("postgresql"):
            drop_database(postgres_server, other)


def test_an_export_is_in_the_access_log(register, e7, tmp_path):
    out = tmp_path / "backup.jsonl"
    assert "export" not in e7("register", "access").out
    assert e7("register", "user", "add", "park", "--role", "officer").code == 0
    refused = e7("register", "export", str(out), "--user", "park")  # an officer may not export
    assert refused.code == 2 and not out.exists() and "export" not in e7("register", "access").out
    assert e7("register", "export", str(out)).code == 0
    log = e7("register", "access").out.splitlines()
    assert len(log) == 1 and "kim" in log[0] and f"export to {out} (5 worker(s))" in log[0]
    assert "(every worker)" in log[0]
    # every worker's own log lists the export: it read their data too
    mine = e7("register", "access", "film-designer-s2955-2026-10").out
    assert f"export to {out}" in mine
    # the export holds its own access record, and the chain still verifies
    assert f'\\"to\\":\\"{out}\\"' in out.read_text(encoding="utf-8")
    assert e7("register", "verify").code == 0


def test_import_refuses_a_damaged_export(register, e7, tmp_path):
    first = tmp_path / "a.jsonl"
    assert e7("register", "export", str(first)).code == 0
    lines = first.read_text(encoding="utf-8").splitlines()
    damaged = [line.replace('"outcome\\":\\"ineligible', '"outcome\\":\\"ready') for line in lines]
    assert damaged != lines
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(damaged) + "\n", encoding="utf-8")
    result = e7("register", "import", str(bad), "--db", f"sqlite:///{tmp_path / 'c.db'}")
    assert result.code == 2 and "chain that verifies" in result.err
    broken = tmp_path / "broken.jsonl"
    broken.write_text(lines[0] + '\n{"table": "workers", "row": {"id": 1}}\n', encoding="utf-8")
    result = e7("register", "import", str(broken), "--db", f"sqlite:///{tmp_path / 'd.db'}")
    assert result.code == 2 and f"{broken}:2" in result.err and "row" in result.err


def test_a_register_migrates_forward_from_the_first_schema(db_url, e7):  # noqa: F811
    from engine.register.chain import GENESIS, canonical, now, record_hash
    from engine.register.store import migrate

    register, before, after = migrate(db_url, "0001")
    assert (before, after) == (None, "0001")
    at = now()
    content = canonical({"user": "kim", "role": "admin", "password": False})
    digest = record_hash(GENESIS, 1, "user", at, "kim", None, None, content)
    with register.engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO users (id, name, role, created_at) VALUES (1, 'kim', 'admin', :at)"), {"at": at}
        )
        connection.execute(sa.text("INSERT INTO meta (key, value) VALUES ('cli_user', 'kim')"))
        connection.execute(
            sa.text("INSERT INTO records VALUES (1, 'user', :at, 'kim', NULL, :c, NULL, :p, :h)"),
            {"at": at, "c": content, "p": GENESIS, "h": digest},
        )
    register.dispose()
    old = e7("register", "list")
    assert old.code == 2 and "older" in old.err and "e7 register init" in old.err
    result = e7("register", "init")
    assert result.code == 0 and "migrated from schema 0001 to 0002" in result.out and "'kim'" in result.out
    assert e7("register", "add", str(CASES), "--as-of", AS_OF).code == 0
    assert e7("register", "verify").code == 0
    assert "kim" in e7("register", "user", "list").out


def test_a_register_written_by_a_newer_e7_is_refused(register, e7):
    engine = raw(register)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    engine.dispose()
    for command in (["list"], ["init"], ["add", str(HISTORY)]):
        result = e7("register", *command)
        assert result.code == 2, command
        assert "revision 0099 was written by a newer e7" in result.err


def test_spreadsheet_and_jsonl_inputs(db_url, e7, tmp_path):  # noqa: F811
    """A spreadsheet in the format e7 batch reads (docs/spreadsheets.md), CSV and XLSX, with the register's own
    columns worker.name and worker.key; a JSONL file; bad rows each named, and nothing saved."""
    from openpyxl import Workbook

    assert e7("register", "init").code == 0
    sheet = tmp_path / "workers.csv"
    sheet.write_text(
        "id,worker.name,filed_on,position.code,position.subcategory,position.annual_salary_krw,"
        "employer.capital_region,duty_1_task,duty_1_share\n"
        'w-001,Kim Ara,2026-07-01,2223,E-7-1,"42,000,000",yes,Develop web services,100\n'
        "w-002,,2026-07-01,2223,E-7-1,30000000,no,,\n",
        encoding="utf-8",
    )
    book = Workbook()
    cases = book.active
    cases.title = "Cases"
    cases.append(["worker.key", "worker.name", "filed_on", "position.code", "position.annual_salary_krw"])
    cases.append(["w-004", "Park Jisu", "2026-07-01", "2223", 45_000_000])
    duties = book.create_sheet("Duties")
    duties.append(["id", "task", "share"])
    xlsx = tmp_path / "more.xlsx"
    book.save(xlsx)
    lines = tmp_path / "more.jsonl"
    lines.write_text(json.dumps({"id": "w-003", "position": {"code": "2223"}}) + "\n", encoding="utf-8")
    added = e7("register", "add", str(sheet), str(xlsx), str(lines), "--as-of", AS_OF)
    assert added.code == 0, added.err
    rows = {r["key"]: r for r in e7("register", "list", "--format", "json").json()}
    assert set(rows) == {"w-001", "w-002", "w-003", "w-004"}
    one = e7("register", "show", "w-001", "--format", "json").json()
    assert one["name"] == "Kim Ara"
    saved = one["versions"][0]["data"]
    # the cells read as e7 batch reads them: thousands separators, yes/no, a duty pair
    assert saved["position"]["annual_salary_krw"] == 42_000_000 and saved["employer"]["capital_region"] is True
    assert saved["position"]["duties"] == [{"task": "Develop web services", "share": 100}]
    assert e7("register", "show", "w-004", "--format", "json").json()["name"] == "Park Jisu"
    # the same spreadsheet again saves nothing
    again = e7("register", "add", str(sheet), "--as-of", AS_OF)
    assert again.code == 0 and "unchanged" in again.out + again.err
    # bad rows: each named by file, row and column; nothing of the file is saved
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,filed_on,position.code,position.annual_salary_krw\n"
        "w-010,2026-07-01,2223,40000000\n"
        "w-011,2026-02-30,2223,40000000\n"
        "w-012,2026-07-01,2223,-5\n",
        encoding="utf-8",
    )
    result = e7("register", "add", str(bad))
    assert result.code == 2
    assert f"{bad}: row 3: filed_on" in result.err and f"{bad}: row 4: position.annual_salary_krw" in result.err
    assert "w-010" not in {r["key"] for r in e7("register", "list", "--format", "json").json()}
    nameless = tmp_path / "nameless.csv"
    nameless.write_text("position.code\n2223\n", encoding="utf-8")
    result = e7("register", "add", str(nameless))
    assert result.code == 2 and f"{nameless}: row 2: id" in result.err
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("id,worker.nmae,position.code\nw-020,Lee,2223\n", encoding="utf-8")
    result = e7("register", "add", str(unknown))
    assert result.code == 2 and "worker.name" in result.err and result.err.count("\n") == 1


def test_passwords_and_web_sessions(db_url, e7):  # noqa: F811
    from engine.register import people
    from engine.register.chain import Appender
    from engine.register.store import open_register

    assert e7("register", "init", "--user", "kim").code == 0
    register = open_register(db_url)
    with register.write() as db:
        chain = Appender(db)
        people.add_user(db, chain, "kim", "lee", "officer", "correct horse battery")
        chain.flush()
    with register.write() as db:
        stored = db.scalar(sa.select(people.User.password_hash).where(people.User.name == "lee"))
        assert stored.startswith("$argon2id$") and "correct horse" not in stored
        assert people.sign_in(db, "lee", "wrong password") is None
        assert people.sign_in(db, "nobody", "correct horse battery") is None
        token = people.sign_in(db, "lee", "correct horse battery")
    assert token
    with register.write() as db:
        assert people.session_user(db, token).name == "lee"
        assert people.session_user(db, token + "x") is None
        people.sign_out(db, token)
    with register.read() as db:
        assert people.session_user(db, token) is None
    register.dispose()


def test_bad_arguments_and_unwritable_outputs_are_one_line_exit_2(e7, tmp_path, monkeypatch):
    monkeypatch.setenv("E7_DB", f"sqlite:///{tmp_path / 'r.sqlite3'}")
    assert e7("register", "init", "--user", "kim").code == 0
    missing = tmp_path / "no-such-folder"
    for args, where in [
        (["register"], "register"),
        (["register", "deadlines", "--within", "soon"], "--within"),
        (["register", "deadlines", "--ics", str(missing / "d.ics")], str(missing / "d.ics")),
        (["register", "export", str(missing / "e.jsonl")], str(missing / "e.jsonl")),
        (["register", "import", str(missing / "e.jsonl"), "--db", f"sqlite:///{tmp_path / 'x.db'}"], "e.jsonl"),
        (["register", "add", str(missing / "case.toml")], "case.toml"),
        (["register", "user", "add", "lee", "--role", "boss"], "--role"),
        (["register", "list", "--user", "nobody"], "--user"),
        (["register", "forget"], "WORKER"),
        (["register", "list", "--db", "::"], "--db"),
        (["register", "init", "--db", "::"], "--db"),
    ]:
        result = e7(*args)
        assert result.code == 2, args
        assert result.err.count("\n") == 1 and where in result.err, (args, result.err)
        assert "Traceback" not in result.err


def test_an_import_with_a_register_that_cannot_be_reached_warns_and_still_imports(e7, data_copy, monkeypatch, tmp_path):
    monkeypatch.setenv("E7_DB", f"postgresql://e7@/register?host={tmp_path / 'no-server'}")
    result = e7("--data", str(data_copy), "catalogue", "import", str(NOTICE))
    assert result.code == 0
    assert "imported notice hypothetical-retire-s2955" in result.err
    assert "warning: the case register was not re-checked" in result.err and "cannot be used" in result.err
