"""The register's pages (engine/register/web.py), mounted on an app of the test's own: sign-in with an argon2
password and a session cookie, CSRF on forms, the portfolio, a worker's decision history (recorded in the access
log), a re-check after a notice, the deadlines and their iCalendar file."""

from __future__ import annotations

import io
import re

import pytest

from tests.conftest import ROOT

fastapi = pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

CASES = ROOT / "examples" / "notices" / "hypothetical" / "cases"
NOTICE = ROOT / "examples" / "notices" / "hypothetical" / "2026-12-01-hypothetical-retire-s2955.toml"


@pytest.fixture
def client(e7, tmp_path, data_copy, monkeypatch):
    from engine.register.web import router

    url = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    monkeypatch.setenv("E7_DB", url)
    assert e7("register", "init", "--user", "kim").code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert e7("register", "user", "add", "lee", "--role", "officer", "--password-stdin").code == 0
    named = tmp_path / "film-designer-s2955-2026-12.toml"
    named.write_text(
        (CASES / "film-designer-s2955-2026-12.toml").read_text(encoding="utf-8")
        + '\n[worker]\nname = "<script>alert(1)</script>"\n',
        encoding="utf-8",
    )
    assert e7("register", "add", str(CASES), "--as-of", "2026-11-20").code == 0
    assert e7("register", "add", str(named), "--as-of", "2026-11-20").code == 0
    app = fastapi.FastAPI()
    app.include_router(router(url, str(data_copy)))
    return TestClient(app)


def _csrf(client, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def _sign_in(client) -> None:
    token = _csrf(client, "/register/login")
    done = client.post(
        "/register/login",
        data={"name": "lee", "password": "correct horse battery", "csrf": token},
        follow_redirects=False,
    )
    assert done.status_code == 303 and "e7_register_session" in done.cookies


def test_pages_need_a_signed_in_user_and_a_right_password(client):
    assert client.get("/register/", follow_redirects=False).status_code == 303
    token = _csrf(client, "/register/login")
    wrong = client.post("/register/login", data={"name": "lee", "password": "wrong one!", "csrf": token})
    assert wrong.status_code == 401 and "wrong" in wrong.text
    forged = client.post("/register/login", data={"name": "lee", "password": "correct horse battery", "csrf": "x"})
    assert forged.status_code == 400 and "token" in forged.text
    assert "e7_register_session" not in client.cookies


def test_portfolio_case_page_recheck_and_deadlines(client, e7, data_copy, tmp_path, monkeypatch):
    _sign_in(client)
    portfolio = client.get("/register/")
    assert portfolio.status_code == 200
    assert "film-designer-s2955-2026-12" in portfolio.text and "2026-12-15 filing" in portfolio.text
    case = client.get("/register/workers/film-designer-s2955-2026-12")
    assert case.status_code == 200 and "Decision history" in case.text and "release " in case.text
    assert "<script>alert(1)</script>" not in case.text and "&lt;script&gt;" in case.text
    log = e7("register", "access")
    assert "lee" in log.out and "film-designer-s2955-2026-12" in log.out
    # a notice lands in the data the pages decide with; the re-check names the cases it changes
    monkeypatch.setenv("E7_DB", f"sqlite:///{tmp_path / 'none' / 'x.sqlite3'}")
    assert e7("--data", str(data_copy), "catalogue", "import", str(NOTICE)).code == 0
    token = _csrf(client, "/register/")
    assert client.post("/register/recheck", data={"csrf": "forged"}).status_code == 400
    result = client.post("/register/recheck", data={"csrf": token})
    assert result.status_code == 200
    assert "film-designer-s2955-2026-10" in result.text and "ready → ineligible" in result.text
    due = client.get("/register/deadlines")
    assert due.status_code == 200 and "code-retired" in due.text
    korean = client.get("/register/workers/film-designer-s2955-2026-10?lang=ko")
    assert '<html lang="ko">' in korean.text and "판정 이력" in korean.text and "부적합" in korean.text
    assert "Decision history" not in korean.text and "Sign out" not in korean.text
    assert "근로자 현황" in client.get("/register/").text  # the choice is kept, as on the workbench's pages
    assert "Portfolio" in client.get("/register/?lang=en").text
    assert "data-release>" in korean.text and "데이터 릴리스" in korean.text  # the active release, as on every page
    calendar = client.get("/register/deadlines.ics")
    assert calendar.headers["content-type"].startswith("text/calendar") and b"BEGIN:VEVENT" in calendar.content
    out = client.post("/register/logout", data={"csrf": token}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/register/", follow_redirects=False).status_code == 303
