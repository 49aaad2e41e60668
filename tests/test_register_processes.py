"""The register under several processes, on SQLite and PostgreSQL: two writers adding and re-checking at once lose
nothing, and a re-check killed (SIGKILL) inside a write transaction leaves the register consistent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from tests.conftest import ROOT
from tests.postgres import db_url, postgres_server  # noqa: F401  (fixtures)
from tests.test_register import CASES, NOTICE, raw

KILL = "E7_TEST_RECHECK_KILL"

BASE = (ROOT / "examples" / "cases" / "backend-dev-2026.toml").read_text(encoding="utf-8")


def e7_process(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "engine", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _cases(folder: Path, prefix: str, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        text = BASE.replace('id = "backend-dev-2026"', f'id = "{prefix}-{n:03d}"')
        assert text != BASE
        (folder / f"{prefix}-{n:03d}.toml").write_text(text, encoding="utf-8")
    return folder


def test_two_processes_adding_and_rechecking_at_once_lose_nothing(db_url, e7, tmp_path):  # noqa: F811
    assert e7("register", "init", "--user", "kim").code == 0
    assert e7("register", "add", str(CASES), "--as-of", "2026-11-20").code == 0
    first = _cases(tmp_path / "a", "a", 12)
    second = _cases(tmp_path / "b", "b", 12)
    processes = [
        e7_process("register", "add", str(first)),
        e7_process("register", "recheck"),
        e7_process("register", "add", str(second)),
        e7_process("register", "recheck"),
    ]
    for p in processes:
        _out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
    listed = {r["key"] for r in e7("register", "list", "--format", "json").json()}
    assert {f"a-{n:03d}" for n in range(12)} | {f"b-{n:03d}" for n in range(12)} <= listed
    assert len(listed) == 28
    assert e7("register", "verify").code == 0
    engine = raw(db_url)
    with engine.connect() as connection:
        kinds = connection.exec_driver_sql("SELECT kind, COUNT(*) FROM records GROUP BY kind").all()
        assert dict(kinds)["recheck"] == 2 and dict(kinds)["save"] == 28
    engine.dispose()


def test_a_recheck_killed_in_a_transaction_leaves_the_register_consistent(db_url, e7):  # noqa: F811
    assert e7("register", "init", "--user", "kim").code == 0
    assert e7("register", "add", str(CASES), "--as-of", "2026-11-20").code == 0
    engine = raw(db_url)

    def decisions() -> int:
        with engine.connect() as connection:
            return connection.exec_driver_sql("SELECT COUNT(*) FROM records WHERE kind = 'decision'").scalar()

    before = decisions()
    killed = e7_process("register", "recheck", env={"E7_TEST_RECHECK_KILL": "2:2"})
    killed.communicate(timeout=600)
    assert killed.returncode == -9
    # the first batch (2 workers) was committed, the second was not: nothing of it is left
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT kind, content FROM records ORDER BY seq").all()
        starts = [json.loads(c) for k, c in rows if k == "recheck-start"]
        ends = [k for k, _ in rows if k == "recheck"]
        assert len(starts) == 1 and ends == []
        run_decisions = [json.loads(c) for k, c in rows if k == "decision" and "run" in json.loads(c)["trigger"]]
        assert {d["trigger"]["run"] for d in run_decisions} == {len(rows) - len(run_decisions)}
        workers = connection.exec_driver_sql(
            "SELECT COUNT(DISTINCT worker_id) FROM records WHERE kind = 'decision' AND seq > :s".replace(
                ":s", str(len(rows) - len(run_decisions))
            )
        ).scalar()
        assert workers == 2
        dangling = connection.execute(
            sa.text("SELECT COUNT(*) FROM latest WHERE record_seq NOT IN (SELECT seq FROM records)")
        ).scalar()
        assert dangling == 0
    assert decisions() > before
    assert e7("register", "verify").code == 0
    again = e7("register", "recheck", "--format", "json")
    assert again.code == 0 and again.json()["cases"] == 4


def test_a_rerun_continues_a_killed_recheck_and_reports_its_changes(db_url, e7, data_copy, tmp_path):  # noqa: F811
    """The run record marks completion: a re-check killed after its first batch is continued by the next one as of
    the same date under the same data, which asks only the workers left and reports the killed run's changes too;
    a run as of another date asks everyone again."""
    assert e7("register", "init", "--user", "kim").code == 0
    assert e7("register", "add", str(CASES), "--as-of", "2026-11-20").code == 0
    # the notice lands in a copy of the data, with no register to re-check yet (no such SQLite file)
    nowhere = {"E7_DB": f"sqlite:///{tmp_path / 'none.sqlite3'}"}
    imported = e7_process("--data", str(data_copy), "catalogue", "import", str(NOTICE), env=nowhere)
    assert imported.communicate(timeout=600) and imported.returncode == 0
    on = ("--as-of", "2026-12-10")
    killed = e7_process("--data", str(data_copy), "register", "recheck", *on, env={KILL: "2:2"})
    killed.communicate(timeout=600)
    assert killed.returncode == -9
    engine = raw(db_url)
    with engine.connect() as connection:
        start = connection.exec_driver_sql("SELECT MAX(seq) FROM records WHERE kind = 'recheck-start'").scalar()
    # workers are re-checked in the order they were added: the first batch holds the unaffected backend
    # developer and the designer filed under the former code S2855, whose answers the notice changed
    rerun = e7("--data", str(data_copy), "register", "recheck", *on, "--format", "json")
    assert rerun.code == 0, rerun.err
    done = rerun.json()
    assert done["continues"] == start and done["cases"] == 4
    changed = {(c["worker"], c["question"]) for c in done["changed"]}
    assert ("film-designer-former-s2855-2026-12", "now") in changed  # the killed run's change, read back
    assert ("film-designer-s2955-2026-12", "planned") in changed  # this run's own
    assert all(c["after"] == "ineligible" for c in done["changed"] if c["worker"].startswith("film"))
    assert not any(c["worker"] == "backend-dev-unaffected-2026-07" for c in done["changed"])
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT worker_id, content FROM records WHERE kind = 'decision'").all()
        asked = {w for w, c in rows if json.loads(c)["trigger"].get("run") == done["run"]}
        killed_asked = {w for w, c in rows if json.loads(c)["trigger"].get("run") == start}
        end = json.loads(
            connection.exec_driver_sql("SELECT content FROM records WHERE kind = 'recheck' ORDER BY seq DESC").first()[
                0
            ]
        )
    engine.dispose()
    assert len(killed_asked) == 2 and len(asked) == 2 and not asked & killed_asked  # nobody asked twice
    assert end["continues"] == [start] and end["cases"] == 4
    # the run reached its end: the next one starts afresh, and reports nothing new
    after = e7("--data", str(data_copy), "register", "recheck", *on, "--format", "json").json()
    assert after["continues"] is None and after["cases"] == 4 and after["changed"] == []
    # an interrupted run is continued only as of its own date
    killed = e7_process("--data", str(data_copy), "register", "recheck", *on, env={KILL: "2:2"})
    killed.communicate(timeout=600)
    other = e7("--data", str(data_copy), "register", "recheck", "--as-of", "2026-12-11", "--format", "json").json()
    assert other["continues"] is None and other["cases"] == 4
    assert e7("register", "verify").code == 0
    assert e7("register", "verify").code == 0
    engine.dispose()
