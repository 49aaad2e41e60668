"""The published site built from hostile data: case files, file names, catalogue text, notice titles, changelog
and rule text that hold HTML, Markdown, YAML front matter and line breaks. The built HTML is parsed (not
grepped) for any element or attribute the data injected, and a real browser checks that no script runs."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

from engine.data.folders import DataDir
from engine.site.build import build

from .conftest import ROOT
from .test_site import _browser, _copy_data

MARK = "e7pwn"  # every payload names it: an injected element, attribute or script is found by it

PAYLOADS = (
    f"x</title><script>{MARK}()</script>",
    f"<img src=x onerror={MARK}()>",
    f'"><svg onload={MARK}()>',
    f"{{: onclick={MARK}() }}",
    f"[click](javascript:{MARK}())",
    f"<javascript:{MARK}()>",
    f"&lt;script&gt;{MARK}()&lt;/script&gt;",
    f"row\r| {MARK} | cell |\r\r<script>{MARK}()</script>",
    f"\n---\ntitle: <script>{MARK}()</script>\n---\n",
    f"\u2028<iframe src=javascript:{MARK}()>\x01",
    f"`<b onmouseover={MARK}()>`",
    f"\\<script\\>{MARK}()\\</script\\>",
    f"<!-- --><a href='javascript:{MARK}()'>a</a>",
)
TITLE = PAYLOADS[0]


def _toml(text: str) -> str:
    return json.dumps(text)  # a JSON string (\u escapes) is a valid TOML basic string


def _case(case_id: str, text: str) -> str:
    """A case whose id is ``case_id`` and whose job title, duties, employer and degree hold ``text``: each of
    them reaches the page (the id in the heading, the duties in findings, evidence and suggestion tables)."""
    return f"""id = {_toml(case_id)}
kind = "initial"
filed_on = 2026-07-01
[applicant]
birth_date = 1992-04-10
education = "bachelor"
degree_field = {_toml(text)}
degree_related = true
experience_years = 3.0
korean_level = 2
prior_e7_years = 0.0
[employer]
name = {_toml(text)}
size = "sme"
capital_region = true
domestic_employees = 14
foreign_employees = 1
annual_revenue_krw = 2_400_000_000
industry = "software publishing"
mainly_domestic_sales = false
tax_arrears = false
[position]
code = "2223"
subcategory = "E-7-1"
job_title = {_toml("Chef de cuisine " + text)}
annual_salary_krw = 42_000_000
weekly_hours = 40
duties = [
  {{ task = {_toml("Cook Korean food in a restaurant kitchen " + text)}, share = 60 }},
  {{ task = {_toml("Plan menus " + text)}, share = 40 }},
]
"""


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def hostile_data(tmp_path: Path) -> DataDir:
    data = _copy_data(tmp_path)
    cases = data.root / "examples/cases"
    everything = " ".join(PAYLOADS)
    (cases / f"javascript:{MARK}().toml").write_text(_case(TITLE, "plain"), encoding="utf-8")
    (cases / f'"><img src=x onerror={MARK}()>.toml').write_text(_case("quoted-name", "plain"), encoding="utf-8")
    (cases / "hostile-fields.toml").write_text(_case(everything, everything), encoding="utf-8")
    # catalogue text (a code's titles, description and examples), a notice title and note, a rule's text
    escaped = _toml(everything)
    snapshot = data.root / "catalogue/2026-09-01.toml"
    _replace(snapshot, 'title_ko = "응용 소프트웨어 개발자"', f"title_ko = {_toml('응용 ' + TITLE)}")
    _replace(snapshot, 'title_en = "Application software developer"', f"title_en = {escaped}")
    _replace(snapshot, '    "게임 프로그래머",', f"    {escaped},")
    entry = next((data.root / "changelog").glob("2026-09-01-*.toml"))
    _replace(entry, 'title = "특정활동(E-7)', f"title = {_toml(TITLE + ' ')[:-1]}특정활동(E-7)")
    _replace(entry, 'note = "The 2026-06-17 entries', f"note = {_toml(everything + ' ')[:-1]}The 2026-06-17 entries")
    rules = data.root / "rulesets/2026-09-01.toml"
    _replace(rules, 'title = "Annual salary at or above the wage floor"', f"title = {escaped}")
    _replace(
        rules, 'title = "2026-09-01 manual edition:', f"title = {_toml(TITLE + ' ')[:-1]}2026-09-01 manual edition:"
    )
    return data


class Injected(HTMLParser):
    """Every element, attribute, script or style that carries the mark, every event handler attribute and every
    ``javascript:`` URL."""

    URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"})
    TEXT_ATTRIBUTES = frozenset({"title", "aria-label", "alt", "id", "value", "placeholder", "content"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.inside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "title"):
            self.inside.append(tag)
        if MARK in tag:
            self.found.append(f"element <{tag}>")
        for name, value in attrs:
            value = value or ""
            if MARK in name or name.startswith("on"):  # the theme writes no event handler attribute at all
                self.found.append(f"attribute {name}={value!r} on <{tag}>")
            url = "".join(value.split()).lower()
            if name in self.URL_ATTRIBUTES and url.startswith(("javascript:", "vbscript:", "data:text/html")):
                # the theme's own search share link is javascript:void(0): nothing the data wrote
                if url != "javascript:void(0)":
                    self.found.append(f"{name}={value!r} on <{tag}>")
            elif MARK in value and name not in self.TEXT_ATTRIBUTES and name not in self.URL_ATTRIBUTES:
                self.found.append(f"attribute {name}={value!r} on <{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.inside and self.inside[-1] == tag:
            self.inside.pop()

    def handle_endtag(self, tag: str) -> None:
        if self.inside and self.inside[-1] == tag:
            self.inside.pop()

    def handle_data(self, data: str) -> None:
        if self.inside and self.inside[-1] in ("script", "style") and MARK in data:
            self.found.append(f"<{self.inside[-1]}> holding {data.strip()[:80]!r}")


def injected(markup: str) -> list[str]:
    parser = Injected()
    parser.feed(markup)
    parser.close()
    return parser.found


class Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.texts: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        self.texts.append(data)


def texts(markup: str) -> Texts:
    parser = Texts()
    parser.feed(markup)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    out = tmp / "site"
    build(hostile_data(tmp), out)
    return out


def test_the_detector_finds_what_the_old_site_let_through():
    """The parser that the other tests trust, on what e7 wrote before escaping titles and file names."""
    assert injected(f"<title>Case x</title><script>{MARK}()</script> as of</title>")
    assert injected(f'<a href="javascript:{MARK}().md">x</a>')
    assert injected(f'<img src="x" onerror="{MARK}()">')
    assert not injected(f"<title>Case x&lt;/title&gt;&lt;script&gt;{MARK}()&lt;/script&gt;</title>")
    assert not injected('<a href="javascript:void(0)" class="md-search__icon">share</a>')


def test_no_page_holds_an_injected_element_attribute_or_link(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 200
    found = {str(p.relative_to(hostile_site)): injected(p.read_text(encoding="utf-8")) for p in pages}
    assert {page: hits for page, hits in found.items() if hits} == {}
    # the payloads did reach the pages, as text
    marked = [p for p in pages if MARK in p.read_text(encoding="utf-8")]
    assert {"codes/2223.html", "examples/index.html", "examples/hostile-fields.html"} <= {
        str(p.relative_to(hostile_site)) for p in marked
    }


def test_titles_show_the_hostile_text_as_text(hostile_site):
    examples = hostile_site / "examples"
    page = next(p for p in examples.glob("javascript*.html"))
    shown = texts(page.read_text(encoding="utf-8"))
    assert shown.title.startswith(f"Case {TITLE} as of 2026-07-01")
    code = texts((hostile_site / "codes/2223.html").read_text(encoding="utf-8"))
    assert code.title.startswith(f"2223 응용 {TITLE}")
    changelog = next((hostile_site / "changelog").glob("2026-09-01-*.html"))
    assert f"{TITLE} 특정활동(E-7)" in " ".join(texts(changelog.read_text(encoding="utf-8")).texts)


def test_file_names_become_plain_page_names(hostile_site):
    names = sorted(p.name for p in (hostile_site / "examples").glob("*.html"))
    assert all(":" not in n and '"' not in n and "<" not in n for n in names)
    index = (hostile_site / "examples/index.html").read_text(encoding="utf-8")
    hrefs = [value for _, value in _links(index) if value != "javascript:void(0)"]  # the theme's share link
    assert not [h for h in hrefs if ":" in h.split("/")[0] and not h.startswith(("http:", "https:"))]
    # every link from the worked examples' index leads to a page that was written
    local = [h for h in hrefs if h.endswith(".html") and "/" not in h and not h.startswith(("http", "#"))]
    assert local and all((hostile_site / "examples" / h).is_file() for h in local)


def _links(markup: str) -> list[tuple[str, str]]:
    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.links: list[tuple[str, str]] = []

        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name == "href" and value is not None:
                    self.links.append((tag, value))

    parser = Links()
    parser.feed(markup)
    return parser.links


def test_a_carriage_return_does_not_break_a_table(hostile_site):
    """Each row of the suggestions table of the hostile case has its three cells: no cell split or spilled."""
    markup = (hostile_site / "examples/hostile-fields.html").read_text(encoding="utf-8")

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[int] = []

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self.rows.append(0)
            elif tag in ("td", "th") and self.rows:
                self.rows[-1] += 1

    rows = Rows()
    rows.feed(markup)
    assert rows.rows and set(rows.rows) == {3}
    assert MARK in markup and "<td>row" not in markup


def test_the_search_index_holds_only_escaped_text(hostile_site):
    index = json.loads((hostile_site / "search/search_index.json").read_text(encoding="utf-8"))
    hits = {
        doc["location"]: injected(doc["title"]) + injected(doc["text"])
        for doc in index["docs"]
        if MARK in doc["title"] or MARK in doc["text"]
    }
    assert hits and {k: v for k, v in hits.items() if v} == {}


def test_no_front_matter_is_injected(hostile_site):
    """A case id holding ``---\\ntitle: ...`` does not end the page's front matter: the title is the id."""
    page = (hostile_site / "examples/hostile-fields.html").read_text(encoding="utf-8")
    title = texts(page).title
    assert title.startswith("Case x</title><script>") and f"title: <script>{MARK}()</script>" in title


@pytest.fixture(scope="module")
def served_hostile(hostile_site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(hostile_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


# run before any script of the page: records every alert and every call of the payloads' function
_WATCH = (
    "window.__fired = [];"
    "window.alert = function (m) { window.__fired.push('alert ' + m); };"
    f"window.{MARK} = function () {{ window.__fired.push('{MARK}'); }};"
)


def test_in_a_browser_no_script_of_the_data_runs(served_hostile, hostile_site):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    browser = _browser()
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _WATCH})

    def fired() -> list[str]:
        try:
            text = browser.switch_to.alert.text  # a real dialog, had the watch failed
        except NoAlertPresentException:
            return browser.execute_script("return window.__fired || ['watch not installed']")
        return [f"dialog {text}"]

    try:
        pages = [
            "examples/index.html",
            "examples/hostile-fields.html",
            "codes/2223.html",
            "catalogue/2026-09-01.html",
            "rulesets/2026-09-01.html",
            "changelog/index.html",
            str(next((hostile_site / "changelog").glob("2026-09-01-*.html")).relative_to(hostile_site)),
            str(next((hostile_site / "examples").glob("javascript*.html")).relative_to(hostile_site)),
        ]
        for relative in pages:
            browser.get(f"{served_hostile}/{relative}")
            WebDriverWait(browser, 30).until(lambda b: b.execute_script("return document.readyState") == "complete")
            # hover and click over everything a payload could hang a handler on
            for element in browser.find_elements(By.CSS_SELECTOR, "article *")[:400]:
                browser.execute_script(
                    "for (const t of ['mouseover', 'focus']) arguments[0].dispatchEvent(new Event(t));", element
                )
            assert fired() == [], relative
        title = browser.title
        assert title.startswith(f"Case {TITLE} as of")
        browser.save_screenshot(str(shots / "hostile-example.png"))
        # follow the link the file named javascript:...toml makes, as a reader would
        browser.get(f"{served_hostile}/examples/index.html")
        link = next(a for a in browser.find_elements(By.CSS_SELECTOR, "article a") if a.text == TITLE)
        link.click()
        WebDriverWait(browser, 30).until(lambda b: b.current_url.startswith(served_hostile + "/examples/javascript"))
        assert fired() == []
        # the search shows the hostile texts as results, and runs none of them
        browser.get(f"{served_hostile}/index.html?q={MARK}")
        results = WebDriverWait(browser, 30).until(
            lambda b: b.find_elements(By.CSS_SELECTOR, ".md-search-result__item")
        )
        assert results and fired() == []
        browser.save_screenshot(str(shots / "hostile-search.png"))
    finally:
        browser.quit()


def test_escaped_payloads_read_back_as_typed():
    """md() then the Markdown renderer gives back the text, on one line, for every payload."""
    import markdown

    from engine.rules.explain import md

    for payload in PAYLOADS:
        rendered = markdown.Markdown(extensions=["tables", "admonition", "attr_list", "toc"]).convert(md(payload))
        assert not injected(rendered), payload
        shown = "".join(texts(rendered).texts)
        expected = " ".join(payload.replace("\r\n", " ").replace("\r", " ").replace("\n", " ").split())
        assert " ".join(shown.replace("\u2028", " ").replace("\ufffd", "\x01").split()) == expected, payload
