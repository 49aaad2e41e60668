"""`e7 catalogue import` and `e7 catalogue diff`: a notice is checked against the newest snapshot (each
problem one line naming the file, the field and what was expected, exit 2), an import writes the snapshot,
its changelog entry and the index all or nothing, and a diff follows occupations across codes."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from .conftest import ROOT

HYPOTHETICAL = ROOT / "examples/notices/hypothetical/2026-12-01-hypothetical-retire-s2955.toml"

HEADER = """[notice]
id = "test-notice"
effective = 2026-12-01
title = "A test notice"
status = "N"
source = { document = "법무부공고 2026-999 (test)", status = "N", url = "https://www.moj.go.kr" }
"""


def folder_bytes(root: Path) -> dict[str, bytes]:
    """Every file under catalogue/ and changelog/ (hidden temporary files included), by relative path."""
    found = {}
    for name in ("catalogue", "changelog"):
        for path in sorted((root / name).rglob("*")):
            if path.is_file():
                found[str(path.relative_to(root))] = path.read_bytes()
    return found


def write_notice(tmp_path: Path, body: str, header: str = HEADER, name: str = "notice.toml") -> Path:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def code_table(code: str = "S9001", occupation: str = "test-occupation", **changes: str) -> str:
    """A whole [[add]] entry: 2223's entry from the newest snapshot under another code and identity."""
    from engine.catalogue.snapshots import Catalogue
    from engine.core.convert import unstructure_for_toml
    from engine.core.tomlout import dumps
    from engine.data.folders import locate

    entry = Catalogue(locate(None)).get("2026-09-01").by_code()["2223"]
    data = {**unstructure_for_toml(entry), "code": code, "occupation": occupation, **changes}
    return dumps({"add": [data]}, inline_keys=frozenset({"source"}))


# -- errors: one line, exit 2, nothing written ----------------------------------------------------------------

ERRORS = [
    (
        "unknown code",
        '[[retire]]\ncode = "9999"\nreason = "x"\n',
        "retire[0].code",
        "expected a code listed in 2026-09-01",
    ),
    (
        "retiring a code that is no longer listed",
        '[[retire]]\ncode = "2733"\nreason = "x"\n',
        "retire[0].code",
        "2733 was renumbered 2833 on 2026-09-01",
    ),
    (
        "successor not listed",
        '[[retire]]\ncode = "S2955"\nsuccessor = "2733"\nreason = "x"\n',
        "retire[0].successor",
        "expected a code listed after this notice",
    ),
    (
        "successor retired by the same notice",
        '[[retire]]\ncode = "S2955"\nsuccessor = "295"\nreason = "x"\n[[retire]]\ncode = "295"\nreason = "y"\n',
        "retire[0].successor",
        "expected a code listed after this notice",
    ),
    (
        "bad successor",
        '[[retire]]\ncode = "S2955"\nsuccessor = "29-5"\nreason = "x"\n',
        "retire[0].successor",
        "expected an occupation code",
    ),
    ("no reason", '[[retire]]\ncode = "S2955"\n', "retire[0].reason", "required field is missing"),
    (
        "renumbering onto a listed code",
        '[[renumber]]\nold_code = "2223"\nnew_code = "2224"\n',
        "renumber[0].new_code",
        "expected a code free on the new list, 2224 stays listed",
    ),
    (
        "renumbering an unknown code",
        '[[renumber]]\nold_code = "9999"\nnew_code = "9998"\n',
        "renumber[0].old_code",
        "expected a code listed",
    ),
    (
        "amending an unknown field",
        '[[amend]]\ncode = "2223"\n[amend.set]\ncolour = "blue"\n',
        "amend[0].set.colour",
        "expected a field of a catalogue code",
    ),
    (
        "amending the code itself",
        '[[amend]]\ncode = "2223"\n[amend.set]\ncode = "2299"\n',
        "amend[0].set.code",
        "[[renumber]]",
    ),
    (
        "amending with a value of the wrong type",
        '[[amend]]\ncode = "2223"\n[amend.set]\nlist_number = "eight"\n',
        "amend[0].set.list_number",
        "expected an integer",
    ),
    (
        "amending to the same value",
        '[[amend]]\ncode = "2223"\n[amend.set]\ntitle_ko = "응용 소프트웨어 개발자"\n',
        "amend[0].set",
        "expected a change",
    ),
    (
        "removing a threshold that does not exist",
        '[[thresholds.remove]]\nseries = "gni"\nyear = 1999\n',
        "thresholds.remove[0]",
        "none has key 1999",
    ),
    (
        "a removal without its key",
        '[[thresholds.remove]]\nseries = "wages"\nyear = 2026\n',
        "thresholds.remove[0].effective",
        "expected it for an entry of wages",
    ),
    ("an unknown section", '[[retirements]]\ncode = "S2955"\n', "retirements", "unknown key (did you mean 'retire'?)"),
    (
        "a notice that changes nothing",
        "",
        "",
        "expected a notice that changes something in 2026-09-01 (a code retired, renumbered, amended or added, "
        "a threshold or a track), this one changes nothing",
    ),
    ("a notice with only empty lists", "[thresholds]\nwages = []\nremove = []\n", "", "this one changes nothing"),
    # numbers past their bound broke every later check ("Integer exceeds 64-bit range" in the rule engine)
    (
        "an announced wage of 10**25 won",
        '[[thresholds.wages]]\neffective = 2026-12-01\nsubcategory = "E-7-1"\namount_krw = 10000000000000000000000000\n'
        'source = { document = "x", status = "U" }\n',
        "thresholds.wages[0].amount_krw",
        "expected an amount in won of at most 10_000_000_000_000, got 10000000000000000000000000",
    ),
    (
        "a cap of 2**70 workers per employer",
        '[[amend]]\ncode = "2223"\n[amend.set]\nemployer = { max_per_employer = 1180591620717411303424 }\n',
        "amend[0].set.employer.max_per_employer",
        "expected a count of at most 1_000_000_000",
    ),
    (
        "a minimum wage of a year 2**70",
        "[[thresholds.minimum_wage]]\nyear = 1180591620717411303424\neffective = 2026-12-01\nhourly_krw = 1\n"
        'monthly_krw = 1\nsource = { document = "x", status = "U" }\n',
        "thresholds.minimum_wage[0].year",
        "expected a year from 1900 to 9999",
    ),
    (
        "a GNI rule for 10**300 years of prior stay",
        '[[thresholds.gni_ratios]]\nid = "x"\neffective = 2026-12-01\nratio = 1.0\ntext = "x"\n'
        'max_prior_e7_years = 1e300\nsource = { document = "x", status = "U" }\n',
        "thresholds.gni_ratios[0].max_prior_e7_years",
        "expected a number of years from 0 to 80",
    ),
    # a control character made e7's own TOML writer write invalid TOML (exit 1 and a half-made import)
    (
        "a control character in a reason",
        '[[retire]]\ncode = "S2955"\nreason = "bad\\u0001reason"\n',
        "retire[0].reason",
        "expected text without control characters, got U+0001 at position 4",
    ),
]


@pytest.mark.parametrize("what,body,field,expected", ERRORS, ids=[e[0] for e in ERRORS])
def test_a_bad_notice_is_one_clear_error_and_writes_nothing(e7, data_copy, tmp_path, what, body, field, expected):
    notice = write_notice(tmp_path, body)
    before = folder_bytes(data_copy)
    result = e7("--data", str(data_copy), "catalogue", "import", str(notice))
    assert result.code == 2, result.err
    assert result.out == ""
    line = result.err.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith(f"e7: {notice}: {field}"), line
    assert expected in line, line
    assert folder_bytes(data_copy) == before


def test_impact_refuses_a_notice_that_changes_nothing_as_import_does(e7, data_copy, tmp_path):
    notice = write_notice(tmp_path, "")
    cases = ROOT / "examples/notices/hypothetical/cases"
    result = e7("--data", str(data_copy), "impact", str(notice), "--cases", str(cases))
    assert result.code == 2
    assert result.err.strip() == (
        f"e7: {notice}: expected a notice that changes something in 2026-09-01 (a code retired, renumbered, "
        "amended or added, a threshold or a track), this one changes nothing"
    )


def test_adding_a_code_that_exists(e7, data_copy, tmp_path):
    notice = write_notice(tmp_path, code_table(code="2223"))
    result = e7("--data", str(data_copy), "catalogue", "import", str(notice))
    assert result.code == 2
    assert "add[0].code: expected a code not on the list, 2223 is listed (응용 소프트웨어 개발자)" in result.err
    notice = write_notice(tmp_path, code_table(occupation="web-developer"))
    result = e7("--data", str(data_copy), "catalogue", "import", str(notice))
    assert result.code == 2 and "add[0].occupation: expected an occupation not on the list" in result.err


def test_adding_a_code_of_the_wrong_group(e7, data_copy, tmp_path):
    notice = write_notice(tmp_path, code_table(group="service"))
    result = e7("--data", str(data_copy), "catalogue", "import", str(notice))
    assert result.code == 2 and "add[0].group: expected a group of E-7-1" in result.err


@pytest.mark.parametrize(
    "effective,expected",
    [
        ("2026-09-01", "notice.effective: expected a date after the newest snapshot 2026-09-01"),
        ("2025-01-01", "notice.effective: expected a date after the newest snapshot 2026-09-01"),
        ('"2026-02-30"', "notice.effective: expected a real calendar date"),
        ("2026-12-01T10:00:00", "notice.effective: expected a date (YYYY-MM-DD) without a time"),
    ],
)
def test_effective_date_not_after_the_newest_snapshot(e7, data_copy, tmp_path, effective, expected):
    header = HEADER.replace("effective = 2026-12-01", f"effective = {effective}")
    notice = write_notice(tmp_path, '[[retire]]\ncode = "S2955"\nreason = "x"\n', header)
    before = folder_bytes(data_copy)
    result = e7("--data", str(data_copy), "catalogue", "import", str(notice))
    assert result.code == 2 and expected in result.err, result.err
    assert folder_bytes(data_copy) == before


def test_malformed_and_missing_notice_files(e7, data_copy, tmp_path):
    notice = write_notice(tmp_path, "[[retire]\n")
    result = e7("--data", str(data_copy), "catalogue", "import", str(notice))
    assert result.code == 2 and "expected valid TOML" in result.err
    result = e7("--data", str(data_copy), "catalogue", "import", str(tmp_path / "none.toml"))
    assert result.code == 2 and "none.toml: file not found" in result.err
    header = HEADER.replace('id = "test-notice"', 'id = "Test Notice"')
    result = e7("--data", str(data_copy), "catalogue", "import", str(write_notice(tmp_path, "", header)))
    assert result.code == 2 and "notice.id: expected a lower-case kebab-case id" in result.err


@pytest.mark.parametrize(
    "header,expected",
    [
        # the changelog file is named after the id: 300 characters gave "File name too long" (exit 1)
        (HEADER.replace('"test-notice"', '"' + "a" * 300 + '"'), "notice.id: expected an id of at most 100 characters"),
        # the title goes into the snapshot's header comment, where TOML allows no control character
        (
            HEADER.replace('"A test notice"', '"bad\\u0001title"'),
            "notice.title: expected text without control characters, got U+0001",
        ),
        (HEADER.replace('"A test notice"', '"two\\nlines"'), "notice.title: expected one line of text"),
    ],
    ids=["id of 300 characters", "control character in the title", "line break in the title"],
)
def test_notice_ids_and_titles_are_bounded(e7, data_copy, tmp_path, header, expected):
    notice = write_notice(tmp_path, '[[retire]]\ncode = "S2955"\nreason = "x"\n', header)
    before = folder_bytes(data_copy)
    result = e7("--data", str(data_copy), "catalogue", "import", str(notice))
    assert result.code == 2, result.err
    assert result.err.strip() == result.err.strip().splitlines()[0] and expected in result.err, result.err
    assert folder_bytes(data_copy) == before


def test_the_toml_writer_escapes_every_control_character():
    import tomllib

    from engine.core.tomlout import dumps

    data = {"title": 'bad\x01title\x7f\x85\u2028 \n\t"\\', "key\x02": ["\x00", "\x1b[31m"]}
    text = dumps(data, "a header quoting bad\x01title\x7f and\ra line break")
    assert tomllib.loads(text) == data


def test_a_duplicate_notice_id_is_refused(e7, data_copy, tmp_path):
    assert e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL)).code == 0
    header = HEADER.replace('id = "test-notice"', 'id = "hypothetical-retire-s2955"').replace(
        "2026-12-01", "2027-01-01"
    )
    notice = write_notice(tmp_path, '[[retire]]\ncode = "2223"\nreason = "x"\n', header)
    result = e7("--data", str(data_copy), "catalogue", "import", str(notice))
    assert result.code == 2
    assert "notice.id: expected a notice not imported before, 'hypothetical-retire-s2955' made snapshot 2026-12-01" in (
        result.err
    )
    # a historical notice is a duplicate too
    result = e7(
        "--data",
        str(data_copy),
        "catalogue",
        "import",
        str(ROOT / "examples/notices" / "2024-04-01-announced-wage-2024.toml"),
    )
    assert result.code == 2 and "notice.id: expected a notice not imported before" in result.err


def test_an_edited_newest_snapshot_is_not_built_upon(e7, data_copy):
    from engine.catalogue.snapshots import Catalogue, index_text
    from engine.data.folders import DataDir

    path = data_copy / "catalogue/2026-09-01.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("31_120_000", "31_120_001", 1), encoding="utf-8")
    result = e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL))
    assert result.code == 2
    assert "catalogue/2026-09-01.toml: expected the published snapshot" in result.err
    assert "catalogue/index.toml" in result.err and "e7 catalogue verify" in result.err
    # regenerating the index by hand does not help: the changelog entry still records the published hash
    (data_copy / "catalogue/index.toml").write_text(index_text(Catalogue(DataDir(data_copy))), encoding="utf-8")
    result = e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL))
    assert result.code == 2
    assert "changelog/2026-09-01-visa-manual-2026-09-01-recoding.toml" in result.err


# -- a good import -----------------------------------------------------------------------------------------------


def test_dry_run_prints_the_diff_and_writes_nothing(e7, data_copy):
    before = folder_bytes(data_copy)
    result = e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL), "--dry-run")
    assert result.code == 0, result.err
    assert "Retired (1):" in result.out and "S2955" in result.out and "successor: 295 디자이너" in result.out
    assert "dry run: nothing written" in result.err
    assert folder_bytes(data_copy) == before


def test_import_writes_snapshot_changelog_and_index(e7, data_copy):
    from engine.catalogue.snapshots import sha256_of

    result = e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL))
    assert result.code == 0, result.err
    snapshot = data_copy / "catalogue/2026-12-01.toml"
    entry = data_copy / "changelog/2026-12-01-hypothetical-retire-s2955.toml"
    assert snapshot.is_file() and entry.is_file()
    digest = sha256_of(snapshot)
    assert digest in result.err
    index = tomllib.loads((data_copy / "catalogue/index.toml").read_text(encoding="utf-8"))
    assert index["snapshots"][-1] == {
        "id": "2026-12-01",
        "file": "2026-12-01.toml",
        "effective": tomllib.loads("d = 2026-12-01")["d"],
        "status": "U",
        "codes": 93,
        "title": index["snapshots"][-1]["title"],
        "derived_from": "",
        "sha256": digest,
    }
    logged = tomllib.loads(entry.read_text(encoding="utf-8"))
    assert logged["changelog"]["sha256"] == digest
    assert logged["changelog"]["previous"] == "2026-09-01"
    assert logged["changelog"]["previous_sha256"] == sha256_of(data_copy / "catalogue/2026-09-01.toml")
    assert any("retired S2955" in line and "successor 295" in line for line in logged["changelog"]["changes"])
    assert logged["notice"]["source"]["status"] == "U"  # from which source
    new = tomllib.loads(snapshot.read_text(encoding="utf-8"))
    assert new["retired"] == [
        {
            "occupation": "film-and-video-designer",
            "code": "S2955",
            "title_ko": "영상관련 디자이너",
            "effective": tomllib.loads("d = 2026-12-01")["d"],
            "reason": "hypothetical: film and video design merged into 295 디자이너",
            "notice": "hypothetical-retire-s2955",
            "source": new["snapshot"]["source"],
            "successor": "295",
            "successor_occupation": "designer",
        }
    ]
    assert len(new["renumbered"]) == 28  # carried forward
    assert e7("--data", str(data_copy), "catalogue", "verify").code == 0
    # and the data folder answers from the new snapshot
    code = e7("--data", str(data_copy), "code", "S2955", "--as-of", "2026-12-15", "--format", "json").json()
    assert code["status"] == "retired"
    assert "hypothetical-retire-s2955" in code["explanation"] and "successor is 295" in code["explanation"]


def test_a_notice_that_renumbers_amends_adds_and_changes_thresholds(e7, data_copy, tmp_path):
    body = (
        '[[renumber]]\nold_code = "2223"\nnew_code = "2229"\n'
        '[[amend]]\ncode = "2229"\n[amend.set]\nformer_code = "2223"\n'
        '[[amend]]\ncode = "76231"\nunset = ["pilot"]\n'
        '[[thresholds.wages]]\neffective = 2027-01-01\nsubcategory = "E-7-1"\namount_krw = 32_000_000\n'
        'source = { document = "법무부공고 2026-999 (test)", status = "N" }\n'
        '[[thresholds.remove]]\nseries = "wages"\neffective = 2024-04-01\nsubcategory = "E-7-1"\n' + code_table()
    )
    result = e7("--data", str(data_copy), "catalogue", "import", str(write_notice(tmp_path, body)))
    assert result.code == 0, result.err
    diff = e7("--data", str(data_copy), "catalogue", "diff", "2026-09-01", "2026-12-01", "--format", "json").json()
    assert [(r["old_code"], r["new_code"]) for r in diff["renumbered"]] == [("2223", "2229")]
    assert [a["code"] for a in diff["added"]] == ["S9001"]
    changed = {c["code"]: {f["field"]: (f["old"], f["new"]) for f in c["fields"]} for c in diff["changed"]}
    assert changed["2229"] == {"former_code": ("", "2223")}
    assert changed["76231"]["pilot"][1] is None
    keys = {(t["series"], t["key"], t["change"]) for t in diff["thresholds"]}
    assert keys == {("wages", "2027-01-01 E-7-1", "added"), ("wages", "2024-04-01 E-7-1", "removed")}
    assert e7("--data", str(data_copy), "catalogue", "verify").code == 0


# -- all or nothing ---------------------------------------------------------------------------------------------


# the renames: the journal into place, then the snapshot, the changelog entry and the index
@pytest.mark.parametrize("failing_call", [1, 2, 3, 4])
def test_an_interrupted_write_leaves_both_folders_byte_identical(e7, data_copy, monkeypatch, failing_call):
    import engine.data.journal

    real = engine.data.journal.os.replace
    calls = []

    def replace(source, target):
        calls.append(target)
        if len(calls) == failing_call:
            raise OSError(28, "No space left on device")
        return real(source, target)

    monkeypatch.setattr(engine.data.journal.os, "replace", replace)
    before = folder_bytes(data_copy)
    result = e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL))
    assert result.code == 1
    assert "No space left on device" in result.err and "catalogue/ and changelog/ are unchanged" in result.err
    assert len(calls) >= failing_call  # then the roll back's own renames (the index's backup put back)
    assert folder_bytes(data_copy) == before
    assert not (data_copy / ".e7-import-journal.json").exists()


def test_an_interrupt_during_the_renames_rolls_back(e7, data_copy, monkeypatch):
    import engine.data.journal

    real = engine.data.journal.os.replace
    calls = []

    def replace(source, target):
        calls.append(target)
        if len(calls) == 4:  # the index, the last rename
            raise KeyboardInterrupt
        return real(source, target)

    monkeypatch.setattr(engine.data.journal.os, "replace", replace)
    before = folder_bytes(data_copy)
    result = e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL))
    assert result.code == 130
    assert folder_bytes(data_copy) == before


def test_a_failure_while_writing_the_temporary_files_leaves_nothing(e7, data_copy, monkeypatch):
    import engine.data.journal

    real = engine.data.journal.os.fsync
    calls = []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        return real(fd)

    monkeypatch.setattr(engine.data.journal.os, "fsync", fsync)
    before = folder_bytes(data_copy)
    result = e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL))
    assert result.code == 1 and "Input/output error" in result.err
    assert folder_bytes(data_copy) == before


def test_changelog_folder_created_by_an_import_is_removed_when_it_fails(e7, data_copy, monkeypatch):
    import shutil

    import engine.data.journal

    shutil.rmtree(data_copy / "changelog")
    monkeypatch.setattr(engine.data.journal.os, "replace", lambda s, t: (_ for _ in ()).throw(OSError(13, "denied")))
    result = e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL))
    assert result.code == 1
    assert not (data_copy / "changelog").exists()
    assert not (data_copy / "catalogue/2026-12-01.toml").exists()


# -- diff ---------------------------------------------------------------------------------------------------------


def test_diff_follows_occupations_through_the_recoding(e7):
    result = e7("catalogue", "diff", "2026-06-17", "2026-09-01", "--format", "json")
    assert result.code == 0, result.err
    d = result.json()
    assert {"from", "to", "added", "retired", "renumbered", "changed", "thresholds"} <= set(d)
    assert (d["from"], d["to"]) == ("2026-06-17", "2026-09-01")
    assert d["added"] == [] and d["retired"] == []
    pairs = {(r["old_code"], r["new_code"]): r for r in d["renumbered"]}
    assert len(pairs) == 28
    assert pairs[("431", "441")]["occupation"] == "transport-service-worker"
    assert pairs[("441", "451")]["occupation"] == "cook-and-chef"
    assert pairs[("441", "451")]["effective"] == "2026-09-01"
    # never "441 changed its title": no title changes at all, and 441's entry is the transport worker's
    fields = {f["field"] for c in d["changed"] for f in c["fields"]}
    assert not {"title_ko", "title_en", "code"} & fields
    at_441 = [c for c in d["changed"] if c["code"] == "441"]
    assert [c["occupation"] for c in at_441] == ["transport-service-worker"]
    recommender = next(c for c in d["changed"] if c["code"] == "2223")["fields"]
    assert any(f["field"] == "recommender" and "산업통상부" in f["new"] for f in recommender)
    assert {t["series"] for t in d["thresholds"]} == {"wages", "gni_ratios"}


def test_diff_text_and_markdown(e7):
    text = e7("catalogue", "diff", "2026-06-17", "2026-09-01").out
    assert "Renumbered (28):" in text
    assert "   431 -> 441     운송 서비스 종사자 (transport-service-worker)" in text
    assert "   441 -> 451     주방장 및 조리사 (cook-and-chef)" in text
    assert "Added (0): none" in text and "Retired (0): none" in text
    markdown = e7("catalogue", "diff", "2026-06-17", "2026-09-01", "--format", "markdown").out
    assert "## Renumbered (28)" in markdown and "| 441 | 451 | 주방장 및 조리사 | `cook-and-chef` |" in markdown


def test_diff_between_dates_resolves_the_snapshots_in_force(e7):
    d = e7("catalogue", "diff", "2023-06-30", "2026-02-15", "--format", "json").json()
    assert (d["from"], d["to"]) == ("2023-01-01", "2026-02-01")
    assert sorted(a["code"] for a in d["added"]) == sorted(
        ["S8417", "42111", "76231", "S85411", "S75104", "S71032", "S85513"]
    )
    assert d["renumbered"] == [] and d["retired"] == [] and d["changed"] == []
    same = e7("catalogue", "diff", "2026-09-01", "2026-09-30", "--format", "json").json()
    assert same["added"] == same["changed"] == same["renumbered"] == same["thresholds"] == []


@pytest.mark.parametrize(
    "args,expected",
    [
        (("2026-09-01", "2026-06-17"), "FROM: expected a date on or before TO"),
        (("2026-13-01", "2026-09-01"), "FROM: expected a date or a snapshot id"),
        (("2026-09-01", "latest"), "TO: expected a date or a snapshot id"),
        (("2020-01-01", "2026-09-01"), "before the first catalogue snapshot"),
    ],
)
def test_diff_bad_arguments_exit_2(e7, args, expected):
    result = e7("catalogue", "diff", *args)
    assert result.code == 2 and expected in result.err and "\n" not in result.err.strip()


def test_catalogue_without_an_action_is_a_usage_error(e7):
    result = e7("catalogue")
    assert result.code == 2 and "ACTION" in result.err
