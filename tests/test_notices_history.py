"""The catalogue's own history as notices: importing them in order onto the earliest snapshot gives every
committed snapshot, changelog entry and the index byte for byte; `e7 catalogue verify` passes on the
repository and fails, naming the file, after any hand edit of a published snapshot."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import ROOT

NOTICES = sorted(p for p in (ROOT / "examples" / "notices").glob("*.toml"))
SNAPSHOTS = sorted((ROOT / "catalogue").glob("[0-9]*.toml"))
ERRATA = sorted((ROOT / "examples" / "errata").glob("*.toml"))


def test_there_is_one_notice_per_snapshot_after_the_earliest():
    assert len(NOTICES) == len(SNAPSHOTS) - 1 == 11
    assert [p.name[:10] for p in NOTICES] == [p.stem for p in SNAPSHOTS[1:]]


def test_importing_the_history_reproduces_every_snapshot_byte_for_byte(e7, tmp_path: Path):
    data = tmp_path / "data"
    (data / "catalogue").mkdir(parents=True)
    (data / "changelog").mkdir()
    # the earliest snapshot as first published: the shipped errata undone (engine/catalogue/errata.py)
    from engine.catalogue.errata import unwind
    from engine.catalogue.snapshots import Catalogue
    from engine.data.folders import locate

    shipped = locate(str(ROOT))
    original = unwind(shipped, Catalogue(shipped)).original[SNAPSHOTS[0].stem]
    (data / "catalogue" / SNAPSHOTS[0].name).write_text(original, encoding="utf-8")
    shutil.copy(ROOT / "changelog" / f"{SNAPSHOTS[0].stem}-base.toml", data / "changelog")
    for notice in NOTICES:
        result = e7("--data", str(data), "catalogue", "import", str(notice))
        assert result.code == 0, result.err
        assert f"imported notice {notice.stem[11:]}" in result.err
    # then the errata, in order: every snapshot, entry and the index as shipped
    for erratum in ERRATA:
        result = e7("--data", str(data), "catalogue", "erratum", str(erratum))
        assert result.code == 0, result.err
    for name in sorted(p.name for p in (ROOT / "changelog" / "errata").glob("*.toml")):
        assert (data / "changelog/errata" / name).read_bytes() == (ROOT / "changelog/errata" / name).read_bytes()
    for snapshot in SNAPSHOTS:
        made = data / "catalogue" / snapshot.name
        assert made.read_bytes() == snapshot.read_bytes(), snapshot.name
    assert (data / "catalogue/index.toml").read_bytes() == (ROOT / "catalogue/index.toml").read_bytes()
    committed = sorted(p.name for p in (ROOT / "changelog").glob("*.toml"))
    assert sorted(p.name for p in (data / "changelog").iterdir() if p.is_file()) == committed
    for name in committed:
        assert (data / "changelog" / name).read_bytes() == (ROOT / "changelog" / name).read_bytes(), name


def test_the_recoding_notice_renumbers_28_occupations(e7):
    import tomllib

    notice = tomllib.loads((ROOT / "examples/notices/2026-09-01-visa-manual-2026-09-01-recoding.toml").read_text())
    pairs = {(r["old_code"], r["new_code"]) for r in notice["renumber"]}
    assert len(pairs) == 28  # facts.md says 27 but lists 28 pairs
    assert {("431", "441"), ("441", "451"), ("2733", "2833"), ("285", "295")} <= pairs
    assert "retire" not in notice and "add" not in notice


def test_verify_passes_on_the_repository(e7):
    result = e7("catalogue", "verify")
    assert result.code == 0, result.out + result.err
    assert "ok: 12 snapshots" in result.out and "the 11 notices" in result.out


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    for name in ("catalogue", "changelog"):
        shutil.copytree(ROOT / name, root / name)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = [
    ("2024-05-01.toml", 'title_en = "Aircraft', 'title_en = "Airplane'),  # a value
    ("2022-07-01.toml", "# e7 catalogue snapshot", "# e7  catalogue snapshot"),  # only a comment
    ("2026-09-01.toml", "amount_krw = 31_120_000", "amount_krw = 31_120_001"),  # a threshold, newest snapshot
    ("2026-06-17.toml", 'status = "M"', 'status = "N"'),  # a status
]


@pytest.mark.parametrize("name,old,new", EDITS, ids=[e[0] for e in EDITS])
def test_verify_fails_after_a_hand_edit_and_names_the_file(e7, copy: Path, name, old, new):
    _edit(copy / "catalogue" / name, old, new)
    result = e7("--data", str(copy), "catalogue", "verify")
    assert result.code == 1
    assert f"catalogue/{name}" in result.out
    assert "the published snapshot was edited" in result.out
    assert "Traceback" not in result.err


def test_verify_still_fails_when_the_index_and_changelog_hashes_are_edited_too(e7, copy: Path):
    """Updating the recorded hashes by hand does not hide the edit: the notice no longer reproduces the file."""
    from engine.catalogue.snapshots import sha256_of

    path = copy / "catalogue/2024-05-01.toml"
    before = sha256_of(path)
    _edit(path, 'title_en = "Aircraft', 'title_en = "Airplane')
    after = sha256_of(path)
    # the file's recorded hash is the one the newest erratum wrote (examples/errata), in the index and that erratum
    for file in (copy / "catalogue/index.toml", copy / "changelog/errata/2026-12-04-slips-in-code-sections.toml"):
        _edit(file, before, after)
    result = e7("--data", str(copy), "catalogue", "verify")
    assert result.code == 1
    problems = result.out.splitlines()
    assert any("catalogue/2024-05-01.toml: differs from what the notice" in p for p in problems), problems


def test_verify_fails_when_a_changelog_entry_is_edited_or_missing(e7, copy: Path):
    entry = copy / "changelog/2025-04-01-moj-notice-2025-106-wages.toml"
    _edit(entry, "amount_krw = 28_670_000", "amount_krw = 28_670_001")
    result = e7("--data", str(copy), "catalogue", "verify")
    assert result.code == 1
    assert result.out.splitlines() == [
        "changelog/2025-04-01-moj-notice-2025-106-wages.toml: its notice moj-notice-2025-106-wages replayed onto "
        "2024-08-12 no longer gives catalogue/2025-04-01.toml (first at line 35 of the snapshot, whose sha256 "
        "still matches catalogue/index.toml and this entry): the changelog entry was edited"
    ]
    entry.unlink()
    result = e7("--data", str(copy), "catalogue", "verify")
    assert result.code == 1 and "catalogue/2025-04-01.toml: no changelog entry" in result.out


def test_verify_fails_when_the_index_is_edited(e7, copy: Path):
    _edit(copy / "catalogue/index.toml", "codes = 88", "codes = 89")
    result = e7("--data", str(copy), "catalogue", "verify")
    assert result.code == 1 and "catalogue/index.toml: differs from the index e7 writes" in result.out


def test_verify_reports_a_snapshot_edited_into_bad_toml(e7, copy: Path):
    _edit(copy / "catalogue/2024-07-01.toml", 'id = "2024-07-01"', 'id = "2024-07-01')
    result = e7("--data", str(copy), "catalogue", "verify")
    assert result.code == 1 and "catalogue/2024-07-01.toml" in result.out
    assert "Traceback" not in result.err


# -- what a changelog entry says is recomputed from its notice; an edit there is blamed on the entry -------------

ENTRY = "changelog/2024-05-01-pilot-s8417-aircraft-parts.toml"
ENTRY_EDITS = [
    (  # a change line reworded
        'changes = ["added S8417 항공기(부품) 제조원',
        'changes = ["added S8417 항공기 제조원',
        'changelog.changes[0]: expected "added S8417 항공기(부품) 제조원 (aircraft-parts-manufacturing-worker, '
        'E-7-3)" (what the notice pilot-s8417-aircraft-parts changes in 2024-04-01), got "added S8417 항공기 '
        '제조원 (aircraft-parts-manufacturing-worker, E-7-3)": the changelog entry was edited',
    ),
    (  # a change line added
        'E-7-3)"]\n',
        'E-7-3)", "retired 2223"]\n',
        "changelog.changes[1]: expected no line (what the notice pilot-s8417-aircraft-parts changes in 2024-04-01), "
        'got "retired 2223": the changelog entry was edited',
    ),
    (  # every change line removed
        'changes = ["added S8417 항공기(부품) 제조원 (aircraft-parts-manufacturing-worker, E-7-3)"]\n',
        "changes = []\n",
        'changelog.changes[0]: expected "added S8417',
    ),
    (  # the recorded hash of the snapshot
        'sha256 = "651edad95f13',
        'sha256 = "751edad95f13',
        "changelog.sha256: expected 651edad95f13... (the sha256 of catalogue/2024-05-01.toml, which its notice "
        "reproduces byte for byte), got 751edad95f13...: the changelog entry was edited",
    ),
    (  # a note e7 never writes
        'notice = "pilot-s8417-aircraft-parts"\n',
        'notice = "pilot-s8417-aircraft-parts"\nnote = "checked"\n',
        "differs from the entry e7 writes for notice pilot-s8417-aircraft-parts (first at line 9): "
        "the changelog entry was edited",
    ),
    (  # only the header comment
        "# Written by `e7 catalogue import`, never by hand.",
        "# Written by hand.",
        "differs from the entry e7 writes for notice pilot-s8417-aircraft-parts (first at line 2)",
    ),
    (  # the notice inside the entry: a value the snapshot holds
        'title_en = "Aircraft (parts) manufacturing worker"',
        'title_en = "Airplane (parts) manufacturing worker"',
        "its notice pilot-s8417-aircraft-parts replayed onto 2024-04-01 no longer gives catalogue/2024-05-01.toml "
        "(first at line 3914 of the snapshot, whose sha256 still matches catalogue/index.toml and this entry): "
        "the changelog entry was edited",
    ),
    (  # the notice inside the entry: its header, which gives the snapshot's title
        'title = "S8417 항공기(부품) 제조원 added (reconstructed)"',
        'title = "S8417 added"',
        "its notice pilot-s8417-aircraft-parts replayed onto 2024-04-01 no longer gives catalogue/2024-05-01.toml",
    ),
]


@pytest.mark.parametrize("old,new,expected", ENTRY_EDITS, ids=[str(n) for n in range(len(ENTRY_EDITS))])
def test_verify_names_the_changelog_entry_when_only_the_entry_was_edited(e7, copy: Path, old, new, expected):
    _edit(copy / ENTRY, old, new)
    result = e7("--data", str(copy), "catalogue", "verify")
    assert result.code == 1
    assert "Traceback" not in result.err
    problems = result.out.splitlines()
    assert len(problems) == 1, problems  # one edit, one problem
    assert problems[0].startswith(f"{ENTRY}: "), problems
    assert expected in problems[0]
    assert "the published snapshot was edited" not in result.out


def test_an_edited_notice_in_the_newest_entry_is_blamed_on_the_entry(e7, copy: Path):
    """No later entry records the newest snapshot's hash: the index and the entry are what still match."""
    entry = "changelog/2026-09-01-visa-manual-2026-09-01-recoding.toml"
    _edit(copy / entry, "amount_krw = 31_120_000", "amount_krw = 31_120_001")
    result = e7("--data", str(copy), "catalogue", "verify")
    assert result.code == 1
    problems = result.out.splitlines()
    assert len(problems) == 1 and problems[0].startswith(f"{entry}: its notice"), problems
    assert "catalogue/2026-09-01.toml (first at line" in problems[0]
    assert problems[0].endswith("the changelog entry was edited")


def test_an_edited_index_hash_is_blamed_on_the_index(e7, copy: Path):
    # the index holds the hash the newest erratum wrote (slips-in-code-sections, examples/errata)
    _edit(copy / "catalogue/index.toml", 'sha256 = "63112a07963b', 'sha256 = "73112a07963b')
    result = e7("--data", str(copy), "catalogue", "verify")
    assert result.code == 1
    assert result.out.splitlines() == [
        "catalogue/index.toml: sha256 of 2024-05-01 73112a07963b... differs from catalogue/2024-05-01.toml "
        "(63112a07963b...), which its notice (and its errata) reproduce byte for byte: the index was edited"
    ]


def test_an_edited_base_entry_is_reported(e7, copy: Path):
    _edit(copy / "changelog/2022-07-01-base.toml", "the earliest; the notices", "the first; the notices")
    result = e7("--data", str(copy), "catalogue", "verify")
    assert result.code == 1
    assert result.out.splitlines() == [
        "changelog/2022-07-01-base.toml: differs from the entry e7 writes for the earliest snapshot 2022-07-01 "
        "(first at line 1): the changelog entry was edited"
    ]
