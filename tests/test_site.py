"""The published site: generated pages, strict build, escaping, and a real browser on the built site."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from engine.data.folders import DataDir, locate
from engine.site.build import SiteError, build

from .conftest import ROOT


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build(locate(None), out)
    return out


def page(site: Path, relative: str) -> str:
    return (site / relative).read_text(encoding="utf-8")


def test_code_page_has_title_description_and_timeline(site):
    html = page(site, "codes/2223.html")
    assert "응용 소프트웨어 개발자" in html
    assert "기업이나 개인 등이 사용할 수 있는 워드프로세서" in html
    assert "Timeline" in html and "listed as 2223" in html


def test_code_page_of_a_reused_code_shows_both_meanings(site):
    html = page(site, "codes/441.html")
    assert "주방장 및 조리사" in html and "운송 서비스 종사자" in html
    assert "Codes are not identities" in html


def test_changelog_page_of_the_notice_that_added_s85513(site):
    html = page(site, "changelog/2026-02-01-pilot-s85513-and-2026-wages.html")
    assert "added S85513 건설기계(부품)제조원" in html
    assert "Made snapshot" in html and "2026-02-01" in html
    index = page(site, "changelog/index.html")
    assert "2026-09-01-visa-manual-2026-09-01-recoding" in index


def test_ruleset_page_lists_rules_with_citations_and_changes(site):
    html = page(site, "rulesets/2026-09-01.html")
    assert "salary.below-floor" in html and "What changed from the previous version" in html
    assert "retired <code>salary.non-profit-relaxation</code>" in html


def test_worked_example_with_its_outcome(site):
    html = page(site, "examples/backend-dev-2026.html")
    assert "Outcome: READY" in html


def test_snapshot_page_lists_codes_by_subcategory(site):
    html = page(site, "catalogue/2026-09-01.html")
    assert "E-7-1 (67)" in html and "E-7-4 (3)" in html and "2833" in html


def _copy_data(tmp_path: Path) -> DataDir:
    root = tmp_path / "data"
    for name in ("catalogue", "rulesets", "changelog", "docs", "examples"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, root / name)
    return DataDir(root)


def test_case_text_is_escaped(tmp_path):
    data = _copy_data(tmp_path)
    (data.root / "examples/cases/hostile.toml").write_text(
        'id = "hostile"\nfiled_on = 2026-07-01\n[position]\ncode = "2223"\n'
        'job_title = "<script>alert(1)</script> **Manager** [x](http://evil.example)"\n',
        encoding="utf-8",
    )
    out = tmp_path / "site"
    build(data, out)
    html = (out / "examples/hostile.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<strong>Manager</strong>" not in html and 'href="http://evil.example"' not in html


def test_a_broken_link_fails_the_strict_build(tmp_path, e7):
    data = _copy_data(tmp_path)
    (data.root / "docs/limits.md").write_text("# Limits\n\n[broken](nowhere.md)\n", encoding="utf-8")
    with pytest.raises(SiteError, match="strict"):
        build(data, tmp_path / "site")
    result = e7("--data", str(data.root), "docs", "build", "--output", str(tmp_path / "site2"))
    assert result.code == 2 and "mkdocs build --strict failed" in result.err


def _browser(prefs: dict | None = None):
    chromium = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    if not (chromium and driver):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromedriver are expected on CI (.ci/run installs them)")
        pytest.skip("chromium / chromedriver not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ):
        options.add_argument(flag)
    options.binary_location = chromium
    if prefs:
        options.add_experimental_option("prefs", prefs)
    browser = webdriver.Chrome(service=Service(driver), options=options)
    browser.set_window_size(1280, 1000)
    return browser


@pytest.fixture(scope="module")
def served(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.log_message = lambda *args: None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_browser_shows_a_code_page_and_finds_korean_terms(served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    browser = _browser()
    try:
        browser.get(f"{served}/index.html")
        assert "e7" in browser.title
        browser.save_screenshot(str(shots / "home.png"))
        browser.get(f"{served}/codes/2223.html")
        heading = browser.find_element(By.CSS_SELECTOR, "h1").text
        assert "응용 소프트웨어 개발자" in heading
        browser.save_screenshot(str(shots / "code-2223.png"))
        # Korean search: the share link form of a query opens the search with results
        browser.get(f"{served}/index.html?q=%EC%9D%91%EC%9A%A9")  # 응용
        results = WebDriverWait(browser, 30).until(
            lambda b: b.find_elements(By.CSS_SELECTOR, ".md-search-result__item")
        )
        assert any("응용 소프트웨어 개발자" in r.text for r in results)
        browser.get(f"{served}/index.html?q=receptionist")
        results = WebDriverWait(browser, 30).until(
            lambda b: b.find_elements(By.CSS_SELECTOR, ".md-search-result__item")
        )
        assert any("호텔 접수 사무원" in r.text or "Hotel receptionist" in r.text for r in results)
        browser.save_screenshot(str(shots / "search.png"))
    finally:
        browser.quit()


def test_build_never_deletes_a_folder_it_did_not_make(tmp_path, e7):
    precious = tmp_path / "work"
    precious.mkdir()
    (precious / "notes.txt").write_text("mine", encoding="utf-8")
    result = e7("docs", "build", "--output", str(precious))
    assert result.code == 2 and "expected an empty folder or a site e7 built before" in result.err
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "mine"
    afile = tmp_path / "file.txt"
    afile.write_text("x", encoding="utf-8")
    assert e7("docs", "build", "--output", str(afile)).code == 2
    assert e7("docs", "serve", "--port", "70000").code == 2


def test_the_guides_code_mismatch_story_with_official_codes(site):
    html = page(site, "guides/code-mismatch-story.html")
    assert "2733" in html and "S2855" in html and "S2955" in html
    assert 'href="../examples/marketing-manager-sns-video.html"' in html
