"""Work outside the E-7 list: the KSCO reference (catalogue/outside-list.toml) and the held-out set of
descriptions of such work (tests/outside/), of which at most 5% may reach the fit bar for a listed code."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from engine.core.errors import InputError
from engine.data.folders import DataDir
from engine.duties.alignment import measure
from engine.duties.terms import _read_outside, load_outside
from engine.views.suggest import FreeDuty

from .conftest import ROOT

OUTSIDE = ROOT / "tests" / "outside"
REFERENCE = ROOT / "catalogue" / "outside-list.toml"
# the KSCO 7th-revision group 9 codes the reference holds (every unit group of major group 9 in its source)
GROUP_9 = tuple(
    [
        "91001",
        "91002",
        "92101",
        "92102",
        "92210",
        "92221",
        "92229",
        "92230",
        "92291",
        "92292",
        "93001",
        "93002",
        "93003",
        "94111",
        "94112",
        "94121",
        "94122",
        "94123",
        "94211",
        "94212",
        "94220",
        "95110",
        "95120",
        "95210",
        "95220",
        "95310",
        "95391",
        "95392",
        "99101",
        "99102",
        "99103",
        "99104",
        "99211",
        "99212",
        "99220",
        "99231",
        "99232",
        "99910",
        "99920",
        "99991",
        "99992",
    ]
)


def _texts(name: str) -> list[str]:
    return [d["text"] for d in tomllib.loads((OUTSIDE / name).read_text(encoding="utf-8"))["duties"]]


def _korean(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def test_the_reference_holds_every_group_9_occupation_with_code_titles_and_source():
    raw = tomllib.loads(REFERENCE.read_text(encoding="utf-8"))
    entries = {e["ksco"]: e for e in raw["occupations"] if e["ksco"]}
    assert set(GROUP_9) <= set(entries)
    for code in GROUP_9:
        entry = entries[code]
        assert entry["title_ko"] and entry["title_en"] and entry["description"]
        assert entry["status"] == "N" and entry["revision"] == 7 and entry["source"] in raw["sources"]
    # farming, forestry and fishery labour stays on the list's side (S610)
    assert {c for c, e in entries.items() if e["side"] == "list"} == {"99101", "99102", "99103"}


def test_service_sales_and_driving_occupations_without_a_verified_code_say_so():
    raw = tomllib.loads(REFERENCE.read_text(encoding="utf-8"))
    uncoded = [e for e in raw["occupations"] if not e["ksco"]]
    assert {e["major_group"] for e in uncoded} == {"4", "5", "8"}
    titles = " ".join(e["title_en"].lower() for e in raw["occupations"])
    for word in ("cashier", "barista", "waiter", "taxi", "bus", "truck", "hairdresser", "telemarketer"):
        assert word in titles, word
    for entry in uncoded:
        assert entry["status"] == "U" and "unverified" in entry["note"]


@pytest.mark.parametrize(
    ("replace", "field"),
    [(('ksco = "92101"', 'ksco = "92-101"'), "ksco"), (('source = "ksco7-group9"', 'source = "nowhere"'), "source")],
)
def test_a_bad_reference_names_the_file_and_the_field(tmp_path, replace, field):
    bad = tmp_path / "outside-list.toml"
    bad.write_text(REFERENCE.read_text(encoding="utf-8").replace(*replace, 1), encoding="utf-8")
    with pytest.raises(InputError) as error:
        _read_outside(bad.read_bytes(), "catalogue/outside-list.toml")
    assert "outside-list.toml" in str(error.value) and field in str(error.value)


def test_a_data_folder_without_the_reference_matches_as_before(tmp_path):
    (tmp_path / "catalogue").mkdir()
    assert load_outside(DataDir(tmp_path)).occupations == ()


def test_the_held_out_set_is_half_english_half_korean_and_large_enough():
    texts = _texts("holdout.toml")
    assert len(texts) >= 150 and len(set(texts)) == len(texts)
    assert sum(map(_korean, texts)) == len(texts) // 2


@pytest.mark.parametrize("name", ["holdout.toml", "tuning.toml"])
def test_at_most_5_percent_of_work_outside_the_list_fits_a_listed_code(data, catalogue, name):
    snapshot = catalogue.in_force(dt.date(2026, 10, 1))
    texts = _texts(name)
    fitting = [t for t in texts if measure(data, snapshot, [FreeDuty(t, 100.0)]).ranked]
    assert len(fitting) / len(texts) <= 0.05, fitting
