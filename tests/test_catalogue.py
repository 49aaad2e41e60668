"""The catalogue data: every snapshot loads, the 2026-06-17 list matches the manual, "as of" resolution."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter

import pytest

from engine.catalogue.snapshots import Catalogue, load_snapshot
from engine.core.errors import OutOfRange

from .conftest import ROOT, SHARED

SNAPSHOT_FILES = sorted((ROOT / "catalogue").glob("[0-9]*.toml"))
ADDED_LATER = {
    "S8417": "2024-05-01",
    "42111": "2024-07-01",
    "76231": "2024-08-12",
    "S85411": "2025-10-01",
    "S75104": "2025-10-01",
    "S71032": "2026-01-01",
    "S85513": "2026-02-01",
}


@pytest.mark.parametrize("path", SNAPSHOT_FILES, ids=lambda p: p.stem)
def test_every_snapshot_loads_and_names_its_sources(path):
    snapshot = load_snapshot(path)
    assert snapshot.id == path.stem
    assert snapshot.codes, "a snapshot lists codes"
    for code in snapshot.codes:
        assert code.source.status in "MNDU"
        assert code.source.document
    if snapshot.snapshot.status == "D":
        assert snapshot.snapshot.derived_from and snapshot.snapshot.events
        assert all(c.source.status in ("D", "U") for c in snapshot.codes)


def test_manual_list_counts_per_subcategory_and_group(catalogue: Catalogue):
    snapshot = catalogue.get("2026-06-17")
    assert len(snapshot.codes) == 94
    assert Counter(c.subcategory for c in snapshot.codes) == {"E-7-1": 67, "E-7-2": 10, "E-7-3": 14, "E-7-4": 3}
    assert Counter(c.group for c in snapshot.codes) == {
        "managers": 15,
        "professionals": 52,
        "clerical": 5,
        "service": 5,
        "general_skilled": 14,
        "skilled_points": 3,
    }


def _manual_list() -> list[tuple[str, str, str]]:
    """(code, former code, title) for every entry of the list on pp.183-185 of the 2026.6 manual."""
    text = (SHARED / "sources/moj-manuals/visa-issue-manual-2026-06-17_p176-200.txt").read_text(encoding="utf-8")
    start = text.index("<특정활동(E-7) 허용직종 현황> 94개")
    end = text.index("<<특정활동(E-7) 직종별 세부관리기준>>")
    entries = []
    for line in text[start:end].splitlines():
        match = re.fullmatch(r"\s*\d+\) (.+)\((S?\d{3,5})(?: 舊(\d+))?\)\s*", line)
        if match:
            entries.append((match.group(2), match.group(3) or "", match.group(1).strip()))
    return entries


@pytest.mark.skipif(not SHARED.is_dir(), reason="the manual text (../shared) is not beside this checkout")
def test_2026_06_17_entry_matches_the_manual_list_entry_by_entry(catalogue: Catalogue):
    manual = _manual_list()
    assert len(manual) == 94
    snapshot = catalogue.get("2026-06-17")
    typed = [(c.code, c.former_code, c.title_ko) for c in snapshot.codes]
    assert typed == manual


def test_earliest_snapshot_is_the_list_of_87_without_the_later_additions(catalogue: Catalogue):
    first = catalogue.get("2022-07-01")
    assert len(first.codes) == 87
    assert not set(ADDED_LATER) & set(first.by_code())


@pytest.mark.parametrize("code,added", sorted(ADDED_LATER.items()))
def test_each_later_code_appears_on_its_date_and_not_the_day_before(catalogue: Catalogue, code, added):
    day = dt.date.fromisoformat(added)
    assert code not in catalogue.in_force(day - dt.timedelta(days=1)).by_code()
    assert code in catalogue.in_force(day).by_code()


def test_day_before_and_day_of_each_effective_date(catalogue: Catalogue):
    ids = catalogue.ids
    for previous, current in itertools.pairwise(ids):
        day = dt.date.fromisoformat(current)
        assert catalogue.in_force_id(day - dt.timedelta(days=1)) == previous
        assert catalogue.in_force_id(day) == current
    assert catalogue.in_force_id(dt.date(2100, 1, 1)) == ids[-1]


def test_a_date_before_the_first_snapshot_is_an_error(catalogue: Catalogue):
    with pytest.raises(OutOfRange, match="before the first catalogue snapshot"):
        catalogue.in_force(catalogue.first_date() - dt.timedelta(days=1))


def test_pilot_windows_open_only_inside(catalogue: Catalogue):
    snapshot = catalogue.get("2026-06-17")
    auto = snapshot.by_code()["S85411"]
    assert auto.pilot is not None
    assert (auto.pilot.start, auto.pilot.end) == (dt.date(2025, 10, 1), dt.date(2027, 9, 30))
    assert auto.is_open(dt.date(2027, 9, 30))
    assert not auto.is_open(dt.date(2027, 10, 1))
    assert not auto.is_open(dt.date(2025, 9, 30))
    # 42111's window as the manual prints it ('24~'25) had ended by the 2026.6 edition that still lists it
    care = snapshot.by_code()["42111"]
    assert care.is_open(dt.date(2025, 12, 31))
    assert not care.is_open(dt.date(2026, 1, 1))
    # a permanent code has no window
    assert snapshot.by_code()["2223"].pilot is None


def test_snapshot_sources_are_the_manual_or_marked_derived(catalogue: Catalogue):
    for snapshot in catalogue:
        info = snapshot.snapshot
        if info.id in ("2026-06-17", "2026-09-01"):
            assert info.status == "M"
        else:
            assert info.status == "D", info.id


def test_index_lists_every_snapshot_with_its_sha256(catalogue: Catalogue):
    import tomllib

    from engine.catalogue.snapshots import sha256_of

    index = tomllib.loads((ROOT / "catalogue/index.toml").read_text(encoding="utf-8"))
    listed = {e["id"]: e["sha256"] for e in index["snapshots"]}
    assert list(listed) == catalogue.ids
    for snapshot_id, digest in listed.items():
        assert sha256_of(catalogue.path(snapshot_id)) == digest, snapshot_id


def _manual_list_2026_09_01() -> list[tuple[str, str, str]]:
    text = (SHARED / "sources/moj-manuals/visa-manual-2026-09-01_E-7-section.txt").read_text(encoding="utf-8")
    start = text.index("<특정활동(E-7) 허용직종 현황> 94개")
    end = text.index("직종별 세부관리기준", start)
    entries = []
    for line in text[start:end].splitlines():
        match = re.search(r"\d+\) ([^()]+(?:\([^()]*\)[^()]*)*?)\((S?\d{3,5})(?: 舊(S?\d+))?\)\s*(※.*)?$", line)
        if match:
            entries.append((match.group(2), match.group(3) or "", match.group(1).strip()))
    return entries


@pytest.mark.skipif(not SHARED.is_dir(), reason="the manual text (../shared) is not beside this checkout")
def test_2026_09_01_codes_match_the_manual_list(catalogue: Catalogue):
    manual = _manual_list_2026_09_01()
    snapshot = catalogue.get("2026-09-01")
    assert [(code, former) for code, former, _ in manual] == [(c.code, c.former_code) for c in snapshot.codes]


def test_2026_09_01_renumbers_28_occupations_and_reuses_441(catalogue: Catalogue):
    before, after = catalogue.get("2026-06-17"), catalogue.get("2026-09-01")
    assert len(after.codes) == 94
    moved = {r.old_code: r.new_code for r in after.renumbered}
    assert len(moved) == 28
    assert moved["2733"] == "2833" and moved["285"] == "295" and moved["441"] == "451" and moved["431"] == "441"
    for old, new in moved.items():
        assert before.by_code()[old].occupation == after.by_code()[new].occupation
    assert after.by_code()["441"].title_ko == "운송 서비스 종사자"
    assert after.by_code()["451"].title_ko == "주방장 및 조리사"
    # E-7-3 and E-7-4 codes are unchanged
    assert {c.code for c in before.codes if c.subcategory in ("E-7-3", "E-7-4")} == {
        c.code for c in after.codes if c.subcategory in ("E-7-3", "E-7-4")
    }


def test_2026_09_01_records_the_edition_changes(catalogue: Catalogue):
    after = catalogue.get("2026-09-01").by_code()
    assert after["76231"].employer.max_per_employer == 60  # 30 -> 60 per employer
    assert "산업통상자원부" not in after["2223"].recommender  # the ministry's new name
    assert "산업통상부" in after["2223"].recommender
