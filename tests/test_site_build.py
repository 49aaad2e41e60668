"""`e7 docs build` on a maintainer's data folder, and every bad --output: exit 2, one line, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.data.folders import locate
from engine.site.build import build

from .conftest import ROOT


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


@pytest.fixture(scope="module")
def shipped_pages(tmp_path_factory) -> set[str]:
    out = tmp_path_factory.mktemp("shipped") / "site"
    build(locate(None), out)
    return _pages(out)


def test_a_data_folder_made_as_the_notices_guide_says_builds_the_whole_site(tmp_path, e7, shipped_pages):
    """docs/notices.md: `cp -r catalogue rulesets changelog` into a folder: no docs/, no examples/."""
    work = tmp_path / "work"
    for name in ("catalogue", "rulesets", "changelog"):
        shutil.copytree(ROOT / name, work / name)
    out = tmp_path / "site"
    result = e7("--data", str(work), "docs", "build", "--output", str(out))
    assert result.code == 0, result.err
    pages = _pages(out)
    assert pages == shipped_pages and len(pages) > 200
    assert {"index.html", "guides/check.html", "examples/index.html", "examples/backend-dev-2026.html"} <= pages
    reported = result.err.strip().splitlines()[-1].split(": ", 1)[1]
    assert reported == str(out.resolve() / "index.html") and Path(reported).is_file()


def test_a_data_folder_whose_docs_have_no_home_page_is_not_reported_as_one(tmp_path, e7):
    work = tmp_path / "work"
    for name in ("catalogue", "rulesets", "changelog", "examples"):
        shutil.copytree(ROOT / name, work / name)
    (work / "docs").mkdir()
    (work / "docs/about.md").write_text("# About this copy\n", encoding="utf-8")
    out = tmp_path / "site"
    result = e7("--data", str(work), "docs", "build", "--output", str(out))
    assert result.code == 0, result.err
    assert not (out / "index.html").exists()
    assert "index.html" not in result.err.replace("no index.html", "")
    assert (out / "about.html").is_file() and str(out.resolve()) in result.err


def _refused(result, *words: str) -> None:
    assert result.code == 2, (result.code, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("e7: --output"), result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize("where", ["docs", "docs/site", "catalogue", "examples/cases", "."])
def test_an_output_among_the_sources_is_refused(tmp_path, e7, where):
    data = tmp_path / "data"
    for name in ("catalogue", "rulesets", "changelog", "docs", "examples"):
        shutil.copytree(ROOT / name, data / name)
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    result = e7("--data", str(data), "docs", "build", "--output", str(data / where))
    _refused(result, "expected")
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == before


def test_an_output_inside_the_shipped_docs_is_refused_for_a_folder_without_its_own(tmp_path, e7):
    work = tmp_path / "work"
    for name in ("catalogue", "rulesets", "changelog"):
        shutil.copytree(ROOT / name, work / name)
    result = e7("--data", str(work), "docs", "build", "--output", str(ROOT / "docs" / "site"))
    _refused(result, "apart from the site's sources")
    assert not (ROOT / "docs" / "site").exists()


def test_an_output_e7_cannot_write_is_exit_2_in_one_line(tmp_path, e7):
    long_name = tmp_path / ("x" * 300)  # longer than any file system allows: refused even to root
    _refused(e7("docs", "build", "--output", str(long_name)), "File name too long")
    assert not list(tmp_path.iterdir())  # no temporary folder left behind
    _refused(e7("docs", "serve", "--port", "8765", "--output", str(long_name)), "File name too long")
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    _refused(e7("docs", "build", "--output", str(loop / "site")))
    afile = tmp_path / "file.txt"
    afile.write_text("x", encoding="utf-8")
    _refused(e7("docs", "build", "--output", str(afile / "site")), "parent")


def test_a_changelog_file_e7_did_not_name_is_refused(tmp_path, e7):
    data = tmp_path / "data"
    for name in ("catalogue", "rulesets", "changelog"):
        shutil.copytree(ROOT / name, data / name)
    (data / "changelog/javascript:alert(1).toml").write_text("[changelog]\n", encoding="utf-8")
    result = e7("--data", str(data), "docs", "build", "--output", str(tmp_path / "site"))
    assert result.code == 2 and "javascript:alert(1).toml" in result.err and "DATE-NOTICE-ID" in result.err
    assert not (tmp_path / "site").exists()


def test_a_failed_strict_build_says_which_link_broke(tmp_path, e7):
    data = tmp_path / "data"
    for name in ("catalogue", "rulesets", "changelog", "docs", "examples"):
        shutil.copytree(ROOT / name, data / name)
    (data / "docs/limits.md").write_text("# Limits\n\n[broken](nowhere.md)\n", encoding="utf-8")
    result = e7("--data", str(data), "docs", "build", "--output", str(tmp_path / "site"))
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert "nowhere.md" in result.err
