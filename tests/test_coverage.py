"""The traceability matrix (rulesets/coverage.toml, issue #18): every rule traced, every named rule real, the
figure computed from the entries, a bad matrix refused in one line naming the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.data.folders import DataDir, locate
from engine.rules import coverage
from engine.rules.rulesets import Rulesets

EXTRA = """
[[requirements]]
id = "employer.test-extra"
manual = "visa-2026-06"
pages = "176"
area = "employer"
text = "a requirement added by the test"
korean = "시험"
status = "{status}"
{tail}
"""


@pytest.fixture
def work(data_copy: Path) -> Path:
    """A writable copy of the shipped data (conftest), whose matrix a test edits."""
    return data_copy


def _append(work: Path, text: str) -> None:
    path = work / "rulesets" / coverage.FILE
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _employer(data: DataDir) -> coverage.AreaFigure:
    return next(f for f in coverage.figures(coverage.load(data)) if f.area == "employer")


def test_every_rule_of_the_newest_ruleset_is_traced_or_explained(data):
    matrix = coverage.load(data)
    assert coverage.untraced_rules(matrix, Rulesets(data)) == []


def test_every_rule_a_requirement_names_exists_in_the_ruleset_of_its_manuals_date(data):
    assert coverage.unknown_rules(coverage.load(data), Rulesets(data)) == []


def test_the_unmapped_list_only_holds_rules_that_exist_and_no_requirement_names(data):
    """The allow-list shrinks: an entry goes once a requirement names its rule, and names only real rules."""
    matrix = coverage.load(data)
    newest = {r.id for r in Rulesets(data).get(Rulesets(data).ids[-1]).rules}
    named = {rule for req in matrix.requirements for rule in req.rules}
    for entry in matrix.unmapped:
        assert entry.rule in newest, entry.rule
        assert entry.rule not in named, f"{entry.rule} is traced: remove it from [[unmapped]]"


def test_a_history_finding_a_requirement_names_exists(data):
    """F-2-7 is checked by the history rules (rulesets/history/): an F-2-7 entry names them in its rules (which
    unknown_rules holds to the history ruleset), and a history finding its why or missing mentions must be one a
    history rule reports."""
    from engine.history import HistoryRules

    history = HistoryRules(data).rulesets
    reported = {rule.finding_id for rule in history.get(history.ids[-1]).rules}
    matrix = coverage.load(data)
    named = {
        (req.id, found.rstrip(".,"))
        for req in matrix.requirements
        for found in re.findall(r"history\.[a-z0-9-]+", f"{req.why} {req.missing}")
    }
    assert [pair for pair in sorted(named) if pair[1] not in reported] == []
    f27 = [rule for req in matrix.requirements if req.area == "f2_7" for rule in req.rules]
    assert f27 and all(rule.startswith("history.") for rule in f27), "the F-2-7 entries name the history rules"


def test_a_rule_missing_from_the_matrix_is_found(work):
    path = work / "rulesets" / coverage.FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('rule = "catalogue.stale"', 'rule = "catalogue.reconstructed-x"'), encoding="utf-8")
    data = locate(str(work))
    assert coverage.untraced_rules(coverage.load(data), Rulesets(data)) == ["catalogue.stale"]


def test_a_requirement_naming_a_rule_that_does_not_exist_is_found(work):
    _append(work, EXTRA.format(status="covered", tail='rules = ["employer.no-such-rule"]'))
    data = locate(str(work))
    found = coverage.unknown_rules(coverage.load(data), Rulesets(data))
    assert [(u.requirement, u.rule, u.ruleset) for u in found] == [
        ("employer.test-extra", "employer.no-such-rule", "2026-02-01")
    ]


def test_a_requirement_may_name_a_history_rule_but_not_an_unknown_one(work, data):
    assert coverage.unknown_rules(coverage.load(data), Rulesets(data)) == []
    named = {rule for req in coverage.load(data).requirements for rule in req.rules}
    assert "history.f27-conduct-imprisonment" in named  # the good-conduct bars are mapped to history rules
    _append(work, EXTRA.format(status="covered", tail='rules = ["history.f27-no-such-rule"]'))
    found = coverage.unknown_rules(coverage.load(locate(str(work))), Rulesets(locate(str(work))))
    assert [(u.rule, u.ruleset) for u in found] == [("history.f27-no-such-rule", "2022-07-01")]


def test_a_rule_retired_before_the_manuals_date_does_not_count(work):
    """The 2026-09-01 ruleset retired the non-profit relaxation: it cannot cover a requirement of that edition."""
    _append(
        work,
        EXTRA.format(status="covered", tail='rules = ["salary.non-profit-relaxation"]').replace(
            'manual = "visa-2026-06"', 'manual = "visa-2026-09"'
        ),
    )
    data = locate(str(work))
    found = coverage.unknown_rules(coverage.load(data), Rulesets(data))
    assert [(u.rule, u.ruleset) for u in found] == [("salary.non-profit-relaxation", "2026-09-01")]


def test_the_figure_is_computed_from_the_entries(work, data):
    before = _employer(data)
    assert before.coverage == (before.covered + 0.5 * before.partial) / before.counted
    _append(work, EXTRA.format(status="not_checked", tail='reason = "not_yet_built"\nwhy = "a test"'))
    after = _employer(locate(str(work)))
    assert (after.not_checked, after.covered) == (before.not_checked + 1, before.covered)
    assert after.coverage is not None and before.coverage is not None and after.coverage < before.coverage


def test_a_partial_entry_counts_half_and_out_of_scope_is_not_counted(work, data):
    before = _employer(data)
    _append(work, EXTRA.format(status="partial", tail='rules = ["employer.tax-arrears"]\nmissing = "a test"'))
    after = _employer(locate(str(work)))
    assert after.covered + 0.5 * after.partial == before.covered + 0.5 * before.partial + 0.5
    scope = EXTRA.format(status="not_checked", tail='reason = "out_of_scope"\nwhy = "a test"')
    _append(work, scope.replace("employer.test-extra", "employer.test-scope"))
    last = _employer(locate(str(work)))
    assert (last.counted, last.out_of_scope, last.coverage) == (after.counted, after.out_of_scope + 1, after.coverage)


def test_removing_an_entry_changes_the_figure(work, data):
    path = work / "rulesets" / coverage.FILE
    text = path.read_text(encoding="utf-8")
    start = text.index('[[requirements]]\nid = "employer.no-tax-arrears"')
    end = text.index("[[requirements]]", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    before, after = _employer(data), _employer(locate(str(work)))
    assert after.covered == before.covered - 1


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (
            'status = "covered"\nrules = ["employer.tax-arrears"]',
            'status = "done"\nrules = ["employer.tax-arrears"]',
            "].status: expected one of",
        ),
        ('area = "employer"', 'area = "employers"', "area"),
        ('status = "covered"\nrules = ["employer.tax-arrears"]', 'status = "covered"', "rules"),
        ('reason = "officers_discretion"', 'reason = "because"', "reason"),
        ('pages = "176"', 'pages = "p.176"', "pages"),
        ('manual = "visa-2026-06"\npages = "176"', 'manual = "visa-2027"\npages = "176"', "manual"),
        ('id = "employer.no-tax-arrears"', 'id = "employer.five-domestic"', "id"),
        ('korean = "고용업체에 세금(국세, 지방세) 체납 사실이 있는 경우"\n', "", "korean"),
        # a manual's requirement without pages; a secondary (status N) entry without the source it was read in
        ('pages = "176"', 'pages = ""', "pages"),
        (
            'source = "kvisa019.com E-7 전문취업 비자 체류연장"\narea = "extension"\ntext = "An extension',
            'area = "extension"\ntext = "An extension',
            "source",
        ),
    ],
)
def test_a_bad_matrix_is_exit_2_naming_the_field(work, e7, old, new, field):
    path = work / "rulesets" / coverage.FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = e7("--data", str(work), "coverage")
    assert result.code == 2 and result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "rulesets/coverage.toml" in lines[0] and field in lines[0], lines


def test_a_missing_matrix_is_exit_2(work, e7):
    (work / "rulesets" / coverage.FILE).unlink()
    result = e7("--data", str(work), "coverage")
    assert result.code == 2 and "rulesets/coverage.toml: file not found" in result.err


def test_the_command_prints_the_figures_and_the_untraced_pages(e7, data):
    text = e7("coverage")
    assert text.code == 0
    figures = {f.area: f for f in coverage.figures(coverage.load(data))}
    all_line = next(line for line in text.out.splitlines() if line.startswith("all "))
    assert f"{figures['all'].coverage * 100:.0f}%" in all_line
    traced, untraced = text.out.split("Not traced yet")
    assert "외국인체류 안내매뉴얼 2026.6 pp.276-300" in traced and "pp.276-300" not in untraced
    assert "외국인체류 안내매뉴얼 2026.6 pp.301-325" in traced and "pp.301-325" not in untraced
    body = e7("coverage", "--format", "json").json()
    assert [a["area"] for a in body["areas"]] == [*coverage.AREAS, "all"]
    # the F-2-7 pages are traced (every requirement on them has an entry), so no longer listed as untraced
    assert ("stay-2026-06", "351-375") in {(r["manual"], r["pages"]) for r in body["traced"]}
    assert ("stay-2026-06", "351-375") not in {(r["manual"], r["pages"]) for r in body["untraced"]}


def test_the_site_page_lists_every_requirement_with_its_rule_links_and_the_figures(tmp_path, data):
    from engine.site.build import NAV, write_pages

    write_pages(data, tmp_path / "staging")
    page = (tmp_path / "staging" / "rulesets" / "coverage.md").read_text(encoding="utf-8")
    matrix = coverage.load(data)
    for req in matrix.requirements:
        row = next(line for line in page.splitlines() if line.startswith(f"| `{req.id}` |"))
        version = Rulesets(data).in_force_id(matrix.manual(req.manual).dated)
        for rule in req.rules:  # a history rule links to the history ruleset page (one version so far)
            target = "history/2022-07-01" if rule.startswith("history.") else version
            assert f"[`{rule}`]({target}.md)" in row
        status = row.rstrip(" |").rsplit(" | ", 1)[1]
        assert status.startswith(
            {"covered": "covered by", "partial": "partial:", "not_checked": "not checked ("}[req.status]
        )
    everything = next(f for f in coverage.figures(matrix) if f.area == "all")
    assert f"| all | {everything.coverage * 100:.0f}% | {everything.covered} | {everything.partial} |" in page
    traced, untraced = page.split("## Not traced yet")
    assert "pp.351-375" in traced and "pp.351-375" not in untraced
    assert "rulesets/coverage.md" in next(s["Rules"] for s in NAV if "Rules" in s)


def test_a_data_folder_without_a_matrix_builds_without_the_page(work, tmp_path):
    from engine.site.build import write_pages

    (work / "rulesets" / coverage.FILE).unlink()
    write_pages(locate(str(work)), tmp_path / "staging")
    assert not (tmp_path / "staging" / "rulesets" / "coverage.md").exists()
    assert (tmp_path / "staging" / "rulesets" / "index.md").exists()


def test_a_secondary_requirement_shows_its_source_on_the_site(tmp_path, data):
    """The general chapter on E-7 stay management is read through secondary pages (status N): its entries name
    the page they were read in instead of a manual page."""
    from engine.site.build import write_pages

    matrix = coverage.load(data)
    secondary = [r for r in matrix.requirements if matrix.manual(r.manual).status == "N"]
    assert secondary and all(r.source and not r.pages for r in secondary)
    write_pages(data, tmp_path / "staging")
    page = (tmp_path / "staging" / "rulesets" / "coverage.md").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if line.startswith("| `change_of_workplace.transfer-consent` |"))
    assert "immikorea.com" in row and " p. " not in row
