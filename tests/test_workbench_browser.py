"""The workbench in a real browser: `e7 serve` started as a process on a free port, headless Chromium driving it
as an officer would (a Korean browser): fill the form, read the decision and the margin; upload the template with
30 rows and read the downloaded XLSX back; download the PDF report, read its text and render a page; axe-core
(from the npm registry) on every page with no serious or critical violation. Screenshots: build/screenshots/."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_site import _browser

SHOTS = ROOT / "build" / "screenshots"
AXE_CACHE = ROOT / "build" / "npm"
AXE_VERSION = "4.14.1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _register(env: dict[str, str]) -> None:
    """A register of the firm's example workers (examples/register/) with an officer who signs in with a password."""

    def e7(*args: str, given: str | None = None) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "engine", *args], env=env, input=given, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr

    e7("register", "init", "--user", "kim")
    e7("register", "user", "add", "lee", "--role", "officer", "--password-stdin", given="correct horse battery\n")
    e7("register", "add", str(ROOT / "examples" / "register"), "--as-of", "2026-11-20")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    env = {**os.environ}
    env.pop("E7_DATA", None)
    env["E7_DB"] = f"sqlite:///{tmp_path_factory.mktemp('register') / 'register.sqlite3'}"
    _register(env)
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "engine", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/readyz", timeout=2) as answer:
                    assert json.load(answer)["status"] == "ready"
                break
            except OSError:
                if process.poll() is not None or time.monotonic() - started > 90:
                    raise AssertionError(f"e7 serve did not start: {process.stderr.read().decode()}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    driver = _browser(
        prefs={
            "intl.accept_languages": "ko-KR,ko",
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
        }
    )
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core's script, from the npm registry (npm pack), kept in build/npm between runs."""
    script = AXE_CACHE / f"axe-core-{AXE_VERSION}" / "package" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            if os.environ.get("CI"):
                pytest.fail("npm is expected on CI (to fetch axe-core from the npm registry)")
            pytest.skip("npm not installed")
        AXE_CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", str(AXE_CACHE)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        with tarfile.open(AXE_CACHE / f"axe-core-{AXE_VERSION}.tgz") as archive:
            archive.extract("package/axe.min.js", AXE_CACHE / f"axe-core-{AXE_VERSION}", filter="data")
    return script.read_text(encoding="utf-8")


def _axe(browser, source: str) -> list[dict]:
    browser.execute_script(source)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations)).catch(e => done(String(e)));"
    )
    assert isinstance(result, list), result
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


def _shot(browser, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(max(height, 800), 6000))
    path = SHOTS / name
    browser.save_screenshot(str(path))
    browser.set_window_size(1280, 1000)
    return path


def _set(browser, element_id: str, value: str) -> None:
    from selenium.webdriver.common.by import By

    element = browser.find_element(By.ID, element_id)
    if element.tag_name == "select" or element.get_attribute("type") == "date":
        browser.execute_script("arguments[0].value = arguments[1]", element, value)
    else:
        element.clear()
        element.send_keys(value)


def _submit(browser, css: str) -> None:
    """Click a button that submits the form (or a link) and wait for the new page: a look-up made before the old
    page is gone can find its element and then lose it (a stale element) on a loaded machine."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, css).click()
    # asked in the instant the old page goes, Chromium may answer "Node with given id does not belong to the
    # document" rather than "stale element": asked again, it says stale
    wait = WebDriverWait(browser, 60, ignored_exceptions=(WebDriverException,))
    wait.until(expected_conditions.staleness_of(page))


def _wait_for(folder: Path, suffix: str, timeout: float = 60) -> Path:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        done = [p for p in folder.iterdir() if p.suffix == suffix]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} file was downloaded into {folder}")


def test_an_officer_checks_a_case_in_korean_and_downloads_the_report(server, browser, axe_source, downloads):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ko"
    assert browser.find_element(By.CSS_SELECTOR, "label[for=f-position-code]").text.startswith("직종 코드")
    assert _axe(browser, axe_source) == []
    _shot(browser, "form-ko.png")
    # the code picker: words of the description, as of the date
    _set(browser, "f-as_of", "2026-07-01")
    _set(browser, "f-code-search", "소프트웨어")
    _submit(browser, "button[value=find]")
    _submit(browser, "button[name=pick][value='2223']")
    assert browser.find_element(By.ID, "f-position-code").get_attribute("value") == "2223"
    _set(browser, "f-filed_on", "2026-07-01")
    _set(browser, "f-employer-size", "sme")
    _set(browser, "f-position-annual_salary_krw", "32,000,000")
    _set(browser, "f-duty-0-task", "백엔드 API용 파이썬 코드 작성")
    _set(browser, "f-duty-0-share", "60")
    _set(browser, "f-duty-1-task", "운영 장애 디버깅")
    _set(browser, "f-duty-1-share", "40")
    browser.find_element(By.ID, "f-what_if").click()
    _submit(browser, "button[value=check]")
    outcome = browser.find_element(By.CSS_SELECTOR, "[data-outcome]")
    assert outcome.get_attribute("data-outcome") in ("ready", "at_risk", "needs_information")
    assert outcome.text.split(":")[0] in ("적합", "주의", "정보 부족")
    margin = browser.find_element(By.CSS_SELECTOR, "[data-margin]").text
    assert margin == "32,000,000 기준 31,120,000: +880,000 원"
    assert "검토 결과" in browser.page_source and "데이터 출처" in browser.page_source
    assert _axe(browser, axe_source) == []
    browser.save_screenshot(str(SHOTS / "decision-ko-top.png"))  # what the README shows
    _shot(browser, "decision-ko.png")
    # the PDF report: downloaded, its text read, its first page rendered
    browser.find_element(By.CSS_SELECTOR, "button[value=pdf]").click()
    pdf = _wait_for(downloads, ".pdf")
    if not (shutil.which("pdftotext") and shutil.which("pdftoppm")):
        if os.environ.get("CI"):
            pytest.fail("pdftotext and pdftoppm are expected on CI (.ci/run installs poppler-utils)")
        pytest.skip("poppler-utils not installed")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "E-7 적합성 검토 보고서" in text and "+880,000" in text and "2223" in text
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(pdf), str(SHOTS / "report")], check=True)
    page = next(SHOTS.glob("report*.png"))
    assert page.stat().st_size > 10_000


def test_an_officer_uploads_thirty_cases_and_reads_the_results_back(server, browser, axe_source, downloads):
    from openpyxl import Workbook, load_workbook
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/batch")
    assert _axe(browser, axe_source) == []
    template = urllib.request.urlopen(server + "/batch/template.xlsx").read()
    source = downloads / "template.xlsx"
    source.write_bytes(template)
    filled = load_workbook(source)
    sheet = filled["Cases"]
    example = [c.value for c in sheet[2]]
    header = [c.value for c in sheet[1]]
    for n in range(1, 30):
        row = list(example)
        row[header.index("id")] = f"case-{n + 1:02d}"
        row[header.index("position.annual_salary_krw")] = 30_000_000 + n * 100_000
        sheet.append(row)
    assert sheet.max_row == 31 and isinstance(filled, Workbook)
    upload = downloads / "thirty.xlsx"
    filled.save(upload)
    browser.find_element(By.ID, "f-file").send_keys(str(upload))
    browser.find_element(By.CSS_SELECTOR, "button[value=page]").click()
    # the click only starts the upload: wait for the results page (the machine may be loaded)
    WebDriverWait(browser, 60).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "td[data-outcome]") or b.find_elements(By.CSS_SELECTOR, ".error")
    )
    outcomes = [td.get_attribute("data-outcome") for td in browser.find_elements(By.CSS_SELECTOR, "td[data-outcome]")]
    assert len(outcomes) == 30
    assert outcomes.count("ineligible") == 11  # 30,000,000 to 31,000,000: below the floor of 31,120,000
    assert _axe(browser, axe_source) == []
    _shot(browser, "batch-results.png")
    browser.find_element(By.ID, "f-file").send_keys(str(upload))
    browser.find_element(By.CSS_SELECTOR, "button[value=xlsx]").click()
    results = _wait_named(downloads, "e7-results.xlsx")
    book = load_workbook(results)
    rows = list(book["Decisions"].iter_rows(values_only=True))
    assert len(rows) == 31 and rows[1][1] == "backend-dev-2026"
    findings = list(book["Findings"].iter_rows(values_only=True))
    assert any(r[2] == "salary.below-floor" for r in findings[1:])


def _wait_named(folder: Path, name: str, timeout: float = 60) -> Path:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        path = folder / name
        if path.is_file() and path.stat().st_size > 0:
            return path
        time.sleep(0.2)
    raise AssertionError(f"{name} was not downloaded into {folder}")


def test_the_other_pages_pass_axe_and_show_the_release(server, browser, axe_source):
    from selenium.webdriver.common.by import By

    for path in ("/codes?as_of=2026-07-01", "/codes/2223?as_of=2026-07-01", "/thresholds", "/history", "/docs"):
        browser.get(server + path)
        assert browser.find_element(By.CSS_SELECTOR, "[data-release]").text, path
        assert _axe(browser, axe_source) == [], path
    browser.get(server + "/diff?from=2026-06-17&to=2026-09-01")
    assert _axe(browser, axe_source) == []
    _shot(browser, "diff.png")


def test_the_register_pages_in_korean_pass_axe_and_show_the_release(server, browser, axe_source):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/register/login?lang=ko")
    assert browser.find_element(By.TAG_NAME, "h1").text == "사례 대장 로그인"
    assert _axe(browser, axe_source) == []
    browser.find_element(By.NAME, "name").send_keys("lee")
    browser.find_element(By.NAME, "password").send_keys("correct horse battery")
    _submit(browser, "main button[type=submit]")
    WebDriverWait(browser, 60).until(lambda b: b.find_element(By.TAG_NAME, "h1").text != "사례 대장 로그인")
    assert browser.find_element(By.TAG_NAME, "h1").text == "근로자 현황"
    assert browser.find_element(By.CSS_SELECTOR, "[data-release]").text
    assert _axe(browser, axe_source) == []
    _shot(browser, "register-portfolio-ko.png")
    _submit(browser, "a[href*='w05-film-designer-retired-code']")
    WebDriverWait(browser, 60).until(lambda b: "판정 이력" in b.page_source)
    assert "판정 이력" in browser.page_source and _axe(browser, axe_source) == []
    browser.get(server + "/register/deadlines")
    assert "기한" in browser.find_element(By.TAG_NAME, "h1").text and _axe(browser, axe_source) == []
