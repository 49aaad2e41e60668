"""The workbench's HTTP API and pages, in process (FastAPI's test client): every endpoint, its errors, its limits,
the token, CSRF, escaping, the log line, and that uploads never reach the disk."""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import subprocess
import tempfile
import tomllib

import pytest

from engine.cli.main import main

from .conftest import ROOT

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from engine.web.app import Settings, create_app

EXAMPLES = ROOT / "examples" / "cases"


def case(name: str) -> dict:
    return json.loads(json.dumps(tomllib.loads((EXAMPLES / f"{name}.toml").read_text(encoding="utf-8")), default=str))


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(max_body=256 * 1024, max_rows=40)))


def csrf(client: TestClient) -> str:
    client.get("/")
    return client.cookies["e7_csrf"]


def test_check_answers_the_cli_decision_contract(client, capsys):
    body = case("backend-dev-2026")
    answer = client.post("/api/v1/check", json=body)
    assert answer.status_code == 200
    main(["check", str(EXAMPLES / "backend-dev-2026.toml"), "--format", "json"])
    assert answer.json() == json.loads(capsys.readouterr().out)


def test_check_takes_as_of_in_a_wrapper_or_the_query(client):
    body = case("ngo-researcher-after-2026-09")
    by_query = client.post("/api/v1/check?as_of=2026-07-01", json=body).json()
    by_wrapper = client.post("/api/v1/check", json={"case": body, "as_of": "2026-07-01"}).json()
    assert by_query == by_wrapper and by_query["as_of"] == "2026-07-01"


def test_what_if_changes_are_each_true_when_checked_again(client):
    body = case("hotel-receptionist-foreign-ratio")
    answer = client.post("/api/v1/check", json={"case": body, "what_if": True}).json()
    assert answer["outcome"] == "ineligible"
    changes = answer["what_if"]
    assert {c["field"] for c in changes} == {"employer.domestic_employees", "employer.foreign_employees"}
    for change in changes:
        section, name = change["field"].split(".")
        changed = json.loads(json.dumps(body))
        changed[section][name] = int(change["after"])
        again = client.post("/api/v1/check", json=changed).json()
        assert again["outcome"] == change["outcome"]
        assert not {f["rule"] for f in again["findings"]} & set(change["resolves"])
        # the nearest: one step less does not pass
        changed[section][name] = int(change["after"]) + (-1 if name == "domestic_employees" else 1)
        nearer = client.post("/api/v1/check", json=changed).json()
        assert "employer.foreign-ratio" in {f["rule"] for f in nearer["findings"]}


def test_what_if_gives_the_lowest_salary_that_meets_the_floor(client):
    body = case("ngo-researcher-after-2026-09")
    answer = client.post("/api/v1/check?what_if=true", json=body).json()
    salary = next(c for c in answer["what_if"] if c["field"] == "position.annual_salary_krw")
    amount = int(salary["after"].replace(",", ""))
    body["position"]["annual_salary_krw"] = amount
    assert client.post("/api/v1/check", json=body).json()["outcome"] == salary["outcome"]
    body["position"]["annual_salary_krw"] = amount - 1
    below = client.post("/api/v1/check", json=body).json()
    assert any(f["rule"].startswith("salary.") and f["severity"] == "blocking" for f in below["findings"])


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"position": {"code": "2223", "annual_salary_krw": -5}}, "position.annual_salary_krw", "amount in won"),
        ({"position": {"code": 2223}}, "position.code", "expected a text"),
        ({"position": {"code": "2223"}, "filed_on": "2026-02-30"}, "filed_on", "real calendar date"),
        ({"position": {"code": "2223"}, "employer": {"size": "SME"}}, "employer.size", "did you mean 'sme'"),
        ({"position": {"code": "9999"}, "filed_on": "2026-07-01"}, "position.code", "not on any E-7 list"),
        ({"position": {"code": "2223"}}, "filed_on", "application date"),
    ],
)
def test_bad_cases_are_a_422_naming_the_field(client, body, field, words):
    answer = client.post("/api/v1/check", json=body)
    assert answer.status_code == 422
    data = answer.json()
    assert data["detail"][0]["field"] == field and words in data["message"]
    assert "Traceback" not in answer.text


def test_a_body_that_is_not_json_is_a_422_and_other_types_are_refused(client):
    broken = client.post("/api/v1/check", content=b"{", headers={"content-type": "application/json"})
    assert broken.status_code == 422 and "expected a JSON object" in broken.json()["message"]
    form = client.post("/api/v1/check", content=b"a=b", headers={"content-type": "application/x-www-form-urlencoded"})
    assert form.status_code == 422 and "application/json" in form.json()["message"]
    bad_query = client.post("/api/v1/check?as_of=2026-13-01", json=case("backend-dev-2026"))
    assert bad_query.status_code == 422 and bad_query.json()["detail"][0]["where"] == "as_of"


def test_an_oversize_body_is_a_413(client):
    big = b'{"position": {"code": "2223"}, "id": "' + b"x" * 300_000 + b'"}'
    answer = client.post("/api/v1/check", content=big, headers={"content-type": "application/json"})
    assert answer.status_code == 413 and "limit" in answer.json()["message"]


def test_suggest_ranks_codes_and_names_bad_shares(client):
    answer = client.post("/api/v1/suggest", json={"duties": ["Write Python code for backend APIs=70", "Debug=30"]})
    assert answer.status_code == 200
    assert answer.json()["suggestions"][0]["code"] in ("2223", "2224")
    bad = client.post("/api/v1/suggest", json={"duties": ["edit videos=150"]})
    assert bad.status_code == 422 and "share" in bad.json()["message"]
    empty = client.post("/api/v1/suggest", json={"duties": []})
    assert empty.status_code == 422 and empty.json()["detail"][0]["field"] == "duties"


def test_history_plans_a_history_and_names_bad_fields(client, capsys):
    folder = ROOT / "examples" / "histories"
    example = sorted(folder.glob("*.toml"))[0]
    body = json.loads(json.dumps(tomllib.loads(example.read_text(encoding="utf-8")), default=str))
    answer = client.post("/api/v1/history", json=body)
    assert answer.status_code == 200
    main(["history", str(example), "--format", "json"])
    assert answer.json()["stays"] == json.loads(capsys.readouterr().out)["stays"]
    assert client.post("/api/v1/history", json={"stays": "x"}).status_code == 422
    korean = client.post("/api/v1/history?lang=ko", json=body).json()
    main(["history", str(example), "--format", "json", "--lang", "ko"])
    assert korean["findings"] == json.loads(capsys.readouterr().out)["findings"]
    assert korean["findings"] != answer.json()["findings"] and korean["outcome"] == answer.json()["outcome"]


def test_catalogue_endpoints_answer_as_the_cli(client, capsys):
    for url, argv in [
        (
            "/api/v1/codes?as_of=2026-07-01&search=developer",
            ["codes", "--as-of", "2026-07-01", "--search", "developer"],
        ),
        ("/api/v1/codes/2223?as_of=2026-07-01", ["code", "2223", "--as-of", "2026-07-01"]),
        ("/api/v1/thresholds?as_of=2026-07-01", ["thresholds", "--as-of", "2026-07-01"]),
        ("/api/v1/diff?from=2026-06-17&to=2026-09-01", ["catalogue", "diff", "2026-06-17", "2026-09-01"]),
    ]:
        answer = client.get(url)
        assert answer.status_code == 200, url
        main([*argv, "--format", "json"])
        assert answer.json() == json.loads(capsys.readouterr().out), url
    assert client.get("/api/v1/codes/9999").status_code == 422
    assert client.get("/api/v1/codes/abc").json()["detail"][0]["where"] == "CODE"
    assert client.get("/api/v1/diff?from=2026-06-17").status_code == 422
    assert client.get("/api/v1/codes?subcategory=E-9").status_code == 422


def test_batch_takes_jsonl_csv_and_xlsx_and_answers_each_case(client):
    from openpyxl import load_workbook

    lines = [json.dumps(case("backend-dev-2026")), "{bad", json.dumps(case("hotel-receptionist-foreign-ratio"))]
    answer = client.post(
        "/api/v1/batch", content="\n".join(lines).encode(), headers={"content-type": "application/x-ndjson"}
    )
    assert answer.status_code == 200
    out = [json.loads(line) for line in answer.text.splitlines()]
    assert [o["outcome"] for o in out] == ["ready", "error", "ineligible"] and "line 2" in out[1]["error"]
    template = client.get("/batch/template.csv").content
    answer = client.post("/api/v1/batch?format=xlsx", content=template, headers={"content-type": "text/csv"})
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["Decisions", "Findings"]
    assert [c.value for c in book["Decisions"][2]][:3] == [2, "backend-dev-2026", "needs_information"]
    xlsx = client.get("/batch/template.xlsx").content
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    answer = client.post("/api/v1/batch", content=xlsx, headers={"content-type": media})
    assert json.loads(answer.text.splitlines()[0])["case"] == "backend-dev-2026"
    assert client.post("/api/v1/batch", content=b"x", headers={"content-type": "text/plain"}).status_code == 422


def test_batch_refuses_more_rows_than_the_limit(client):
    line = json.dumps(case("backend-dev-2026"))
    answer = client.post(
        "/api/v1/batch", content="\n".join([line] * 41).encode(), headers={"content-type": "application/x-ndjson"}
    )
    assert answer.status_code == 422 and "at most 40 cases" in answer.json()["message"]


def test_health_readiness_and_the_openapi_schema(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["release"]["id"]
    schema = client.get("/openapi.json").json()
    assert {"/api/v1/check", "/api/v1/batch", "/api/v1/history", "/api/v1/suggest", "/api/v1/codes",
            "/api/v1/codes/{code}", "/api/v1/thresholds", "/api/v1/diff"} <= set(schema["paths"])  # fmt: skip
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/v1/check" in docs.text and "<script" not in docs.text


def test_a_token_is_required_on_every_request_when_set():
    guarded = TestClient(create_app(Settings(token="s3cret")))
    assert guarded.get("/healthz").status_code == 401
    assert guarded.get("/", headers={"authorization": "Bearer wrong"}).status_code == 401
    assert guarded.get("/healthz", headers={"authorization": "Bearer s3cret"}).status_code == 200
    guarded.cookies.set("e7_token", "s3cret")
    assert guarded.get("/codes").status_code == 200
    browser = TestClient(create_app(Settings(token="s3cret")))
    assert browser.get("/?token=nope").status_code == 401
    first = browser.get("/?token=s3cret")
    assert first.status_code == 200 and "HttpOnly" in first.headers["set-cookie"]
    assert browser.get("/codes").status_code == 200  # the cookie carries the token from then on


def test_serve_refuses_another_host_without_a_token(e7, monkeypatch):
    monkeypatch.delenv("E7_TOKEN", raising=False)
    result = e7("serve", "--host", "0.0.0.0")
    assert result.code == 2 and "--token" in result.err and len(result.err.strip().splitlines()) == 1


def test_forms_need_their_csrf_token(client):
    token = csrf(client)
    data = {"position.code": "2223", "filed_on": "2026-07-01", "as_of": "2026-07-01"}
    assert client.post("/check", data=data).status_code == 403
    assert client.post("/check", data={**data, "csrf": "forged"}).status_code == 403
    assert client.post("/check", data={**data, "csrf": token}).status_code == 200


def test_the_form_shows_each_problem_next_to_its_field_in_plain_words(client):
    token = csrf(client)
    data = {
        "csrf": token,
        "as_of": "2026-07-01",
        "filed_on": "2026-02-30",
        "position.annual_salary_krw": "32.000.000",
        "duty_task": ["Write code", ""],
        "duty_share": ["", "40"],
    }
    page = client.post("/check", data=data)
    assert page.status_code == 422
    html = page.text
    assert 'id="e-f-filed_on">expected a real calendar date' in html
    assert 'id="e-f-position-annual_salary_krw">expected a whole number such as 32000000' in html
    assert 'id="e-f-position-code">expected the occupation code applied for' in html
    assert "expected the share of working time" in html and "expected the description of the duty" in html
    assert "TOMLDecodeError" not in html and "Traceback" not in html


def test_the_form_checks_a_case_and_shows_the_margin(client):
    token = csrf(client)
    data = {
        "csrf": token,
        "as_of": "2026-07-01",
        "filed_on": "2026-07-01",
        "position.code": "2223",
        "position.annual_salary_krw": "32,000,000",
        "employer.capital_region": "yes",
        "duty_task": ["Write Python code for backend APIs", "Debug production issues"],
        "duty_share": ["60", "40"],
    }
    page = client.post("/check", data=data)
    assert page.status_code == 200
    assert '32,000,000</span> against <span>31,120,000</span>: <strong class="ok">+880,000' in page.text
    korean = client.post("/check", data=data, headers={"accept-language": "ko-KR,ko;q=0.9"})
    assert 'lang="ko"' in korean.text and "연봉과 임금 요건" in korean.text


def test_the_code_picker_finds_codes_by_words_of_their_description(client):
    token = csrf(client)
    page = client.post(
        "/check", data={"csrf": token, "as_of": "2026-07-01", "code_search": "소프트웨어", "action": "find"}
    )
    assert page.status_code == 200 and 'name="pick" value="2223"' in page.text
    picked = client.post("/check", data={"csrf": token, "as_of": "2026-07-01", "pick": "2223"})
    assert 'name="position.code" value="2223"' in picked.text


def test_case_text_is_escaped_on_every_page(client):
    token = csrf(client)
    evil = "<script>alert(1)</script>"
    data = {"csrf": token, "as_of": "2026-07-01", "filed_on": "2026-07-01", "id": evil, "position.code": "2223"}
    page = client.post("/check", data=data)
    assert evil not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    bad = client.post("/check", data={**data, "employer.size": evil})
    assert evil not in bad.text


def pdf_info(content: bytes, folder) -> dict[str, str]:
    """pdfinfo's fields (poppler-utils; .ci/run installs it)."""
    tool = shutil.which("pdfinfo")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("pdfinfo is expected on CI (.ci/run installs poppler-utils)")
        pytest.skip("pdfinfo not installed (apt-get install poppler-utils)")
    path = folder / "report.pdf"
    path.write_bytes(content)
    out = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def test_the_report_is_a_printable_page_and_a_tagged_pdf(client, tmp_path):
    token = csrf(client)
    body = json.dumps(case("ngo-researcher-after-2026-09"))
    page = client.post("/report", data={"csrf": token, "case_json": body, "format": "html"})
    assert page.status_code == 200 and "ngo-researcher-after-2026-09" in page.text and "29,000,000" in page.text
    pdf = client.post("/report", data={"csrf": token, "case_json": body, "format": "pdf"})
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    info = pdf_info(pdf.content, tmp_path)
    assert info["Tagged"] == "yes" and info["Title"].startswith("E-7 compliance report")
    assert 'filename="e7-report-ngo-researcher-after-2026-09-' in pdf.headers["content-disposition"]
    again = client.post("/report", data={"csrf": token, "case_json": body, "format": "pdf"})
    assert again.content == pdf.content
    broken = client.post("/report", data={"csrf": token, "case_json": "{", "format": "pdf"})
    assert broken.status_code == 422


def test_the_spreadsheet_page_checks_an_upload_and_keeps_it_off_the_disk(monkeypatch):
    """An upload above the 1 MB a multipart parser keeps in memory by default stays in memory all the same."""
    client = TestClient(create_app(Settings(max_body=3 * 1024 * 1024)))
    token = csrf(client)
    written: list[object] = []

    def no_disk(*args: object, **kwargs: object) -> None:  # a spooled upload rolls over through this
        written.append(args)
        raise AssertionError("an upload was written to a temporary file")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_disk)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", no_disk)
    template = client.get("/batch/template.csv").content
    lines = template.decode("utf-8-sig").splitlines()
    padded = "\n".join([lines[0], *[lines[1]] * 30, ",".join([""] * 20)]) + "\n" * 1_500_000
    files = {"file": ("cases.csv", padded.encode("utf-8"), "text/csv")}
    page = client.post("/batch", data={"csrf": token, "format": "page"}, files=files)
    assert page.status_code == 200 and page.text.count('data-outcome="needs_information"') == 30
    assert written == []
    csv_out = client.post("/batch", data={"csrf": token, "format": "csv"}, files=files)
    assert csv_out.text.count("backend-dev-2026") == 30


def test_one_log_line_per_request_without_case_data(client, caplog):
    body = case("backend-dev-2026")
    with caplog.at_level(logging.INFO, logger="e7.web"):
        client.post("/api/v1/check?as_of=2026-07-01", json=body)
    lines = [r.getMessage() for r in caplog.records if r.name == "e7.web"]
    assert len(lines) == 1
    logged = json.loads(lines[0])
    assert logged["path"] == "/api/v1/check" and logged["status"] == 200 and "as_of" not in lines[0]
    assert "42000000" not in lines[0] and "backend" not in lines[0]


def test_a_korean_browser_gets_the_form_and_its_problems_in_korean(client):
    page = client.get("/", headers={"accept-language": "ko-KR,ko;q=0.9,en;q=0.8"})
    assert '<html lang="ko">' in page.text and "직종 코드" in page.text and "신청일" in page.text
    english = client.get("/", headers={"accept-language": "en-US,en;q=0.9,ko;q=0.5"})
    assert '<html lang="en">' in english.text and "Occupation code" in english.text
    switched = client.get("/?lang=en", headers={"accept-language": "ko"})
    assert '<html lang="en">' in switched.text and client.cookies.get("e7_lang") == "en"
    client.cookies.delete("e7_lang")
    token = csrf(client)
    data = {
        "csrf": token,
        "as_of": "2026-07-01",
        "filed_on": "2026-02-30",
        "position.code": "2223",
        "applicant.korean_level": "9",
        "position.annual_salary_krw": "-5",
    }
    html = client.post("/check", data=data, headers={"accept-language": "ko"}).text
    assert "실제 있는 날짜가 아닙니다 (입력: &#39;2026-02-30&#39;)" in html
    assert "한국어 단계는 0~6입니다 (입력: 9)" in html
    assert "금액은 0원부터 10조원 사이여야 합니다 (입력: -5)" in html


def test_a_data_release_made_active_after_start_is_picked_up(monkeypatch, tmp_path):
    from engine.web import app as web

    monkeypatch.delenv("E7_DATA", raising=False)
    sessions = web.Sessions(None)
    first = sessions.session
    for name in ("catalogue", "rulesets", "changelog"):
        shutil.copytree(ROOT / name, tmp_path / name)
    text = (ROOT / "release.toml").read_text(encoding="utf-8")
    (tmp_path / "release.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(web, "RELEASE_RECHECK", 0.0)
    assert sessions.get() is first  # nothing changed: the same session, its loaded data kept
    monkeypatch.setenv("E7_DATA", str(tmp_path))
    assert sessions.get().data.root == tmp_path.resolve()


def test_the_catalogue_pages_show_codes_a_code_thresholds_and_a_diff(client):
    codes = client.get("/codes?as_of=2026-07-01&search=소프트웨어")
    assert codes.status_code == 200 and 'href="/codes/2223?as_of=2026-07-01"' in codes.text
    assert "응용 소프트웨어 개발자" in codes.text
    code = client.get("/codes/2733?as_of=2026-10-01")
    assert code.status_code == 200 and "is listed as 2833 since 2026-09-01" in code.text  # renumbered
    assert client.get("/codes/9999").status_code == 422
    thresholds = client.get("/thresholds?as_of=2026-07-01", headers={"accept-language": "ko"})
    assert thresholds.status_code == 200 and "31,120,000" in thresholds.text and "임금 기준" in thresholds.text
    diff = client.get("/diff?from=2026-06-17&to=2026-09-01")
    assert diff.status_code == 200 and "2733" in diff.text
    assert '<h2 id="d-renumbered">Renumbered (28)</h2>' in diff.text and "<td>2733</td><td>2833</td>" in diff.text
    assert client.get("/diff?from=2026-09-01&to=2026-06-17").status_code == 422
    assert "expected a date as YYYY-MM-DD" in client.get("/diff?from=x&to=2026-06-17").text


def test_the_history_page_plans_a_pasted_history_and_names_its_problems(client):
    token = csrf(client)
    example = sorted((ROOT / "examples" / "histories").glob("*.toml"))[0]
    page = client.post("/history", data={"csrf": token, "text": example.read_text(encoding="utf-8")})
    assert page.status_code == 200 and "data-history" in page.text
    bad = client.post("/history", data={"csrf": token, "text": "stays = [\n"})
    assert bad.status_code == 422 and "expected a history as TOML or JSON" in bad.text
