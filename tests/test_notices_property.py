"""Properties of notices, for random snapshots and notices:

- for snapshots A and B (B a possible next snapshot of A: later, renumberings and retirements carried forward),
  the diff from A to B turned into a notice and imported onto A gives B, byte for byte;
- a random notice imported onto A, then diffed, gives back the notice's changes;
- an import that fails (a bad notice, or a failure at any write) changes no byte of catalogue/ and changelog/.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import tomllib
from pathlib import Path
from unittest import mock

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from engine.catalogue.apply import apply
from engine.catalogue.diff import diff, notice_from_diff
from engine.catalogue.notices import (
    AMENDABLE,
    Amend,
    Notice,
    NoticeInfo,
    NoticeThresholds,
    Renumber,
    Retire,
    ThresholdKey,
    notice_text,
)
from engine.catalogue.snapshots import Catalogue, check_snapshot, index_text, snapshot_text
from engine.core.convert import structure
from engine.core.errors import InputError
from engine.core.model import (
    GROUPS,
    SUBCATEGORIES,
    AnnouncedWage,
    Code,
    EmployerRule,
    Gni,
    GniRatioRule,
    MinimumWage,
    Pilot,
    Renumbering,
    Retirement,
    Snapshot,
    SnapshotInfo,
    Source,
    Thresholds,
    Track,
    WageRule,
)
from engine.data.folders import DataDir

D = dt.date
GROUPS_OF = {
    "E-7-1": ("managers", "professionals"),
    "E-7-2": ("clerical", "service"),
    "E-7-3": ("general_skilled",),
    "E-7-4": ("skilled_points",),
}
CODE_POOL = [
    "2223",
    "2224",
    "431",
    "441",
    "451",
    "S2955",
    "295",
    "7406",
    "S740",
    "1120",
    "2733",
    "2833",
    "S85411",
    "42111",
    "76231",
    "3612",
    "S3612",
    "271",
    "261",
    "14901",
]
OCCUPATION_POOL = [f"occupation-{i}" for i in range(20)]
TEXT = st.text(alphabet="가나다라 abcXY-·'\"\\", min_size=1, max_size=6).filter(lambda s: s.strip() != "")
DATES = st.dates(D(2022, 1, 1), D(2027, 12, 31))
SOURCES = st.builds(
    Source,
    document=TEXT,
    status=st.sampled_from(["M", "N", "D", "U"]),
    edition=st.sampled_from(["", "2026.6"]),
    pages=st.sampled_from(["", "183"]),
    note=st.sampled_from(["", "a note"]),
)
WAGES = st.one_of(
    st.just(WageRule("announced")),
    st.just(WageRule("minimum_wage", text="최저임금")),
    st.builds(WageRule, rule=st.just("gni_ratio"), ratio=st.sampled_from([0.7, 0.8, 3.0])),
    st.builds(WageRule, rule=st.just("fixed"), amount_krw=st.integers(1, 10**8)),
)
EMPLOYERS = st.builds(
    EmployerRule,
    min_domestic_employees=st.integers(0, 10),
    foreign_ratio=st.sampled_from([0.0, 0.2, 0.3]),
    max_per_employer=st.integers(0, 60),
)
PILOTS = st.none() | st.builds(
    lambda start, days, quota: Pilot(start, start + dt.timedelta(days=days), "month", quota),
    DATES,
    st.integers(0, 900),
    st.integers(0, 400),
)


def canonical(codes: list[Code]) -> tuple[Code, ...]:
    """The order a snapshot lists its codes in (docs/notices.md): group, list number, code."""
    return tuple(sorted(codes, key=lambda c: (GROUPS.index(c.group), c.list_number, c.code)))


@st.composite
def code_entry(draw, occupation: str, code: str) -> Code:
    sub = draw(st.sampled_from(SUBCATEGORIES))
    return Code(
        occupation=occupation,
        code=code,
        subcategory=sub,
        group=draw(st.sampled_from(GROUPS_OF[sub])),
        list_number=draw(st.integers(0, 20)),
        title_ko=draw(TEXT),
        title_en=draw(TEXT),
        source=draw(SOURCES),
        wage=draw(WAGES),
        former_code=draw(st.sampled_from(["", "1202", "2733"])),
        description=draw(st.sampled_from(["", "기업이나 개인 등이 사용할 수 있는"])),
        examples=tuple(draw(st.lists(TEXT, max_size=3))),
        notes=tuple(draw(st.lists(TEXT, max_size=2))),
        domestic_protection=draw(st.booleans()),
        recommendation_required=draw(st.booleans()),
        employer=draw(EMPLOYERS),
        pilot=draw(PILOTS),
    )


@st.composite
def changed_entry(draw, entry: Code) -> Code:
    """The entry with some fields taken from another random entry of the same occupation and code."""
    other = draw(code_entry(entry.occupation, entry.code))
    names = draw(st.sets(st.sampled_from(AMENDABLE), min_size=1, max_size=4))
    if names & {"subcategory", "group"}:
        names |= {"subcategory", "group"}
    return attrs.evolve(entry, **{n: getattr(other, n) for n in names})


WAGE_KEYS = [(d, s) for d in (D(2024, 4, 1), D(2025, 4, 1), D(2026, 2, 1)) for s in SUBCATEGORIES]
RATIO_KEYS = [(i, d) for i in ("gni-80", "sme-special") for d in (D(2023, 1, 1), D(2026, 9, 1))]


@st.composite
def series_entry(draw, series: str, key: tuple):
    source = draw(SOURCES)
    if series == "wages":
        return AnnouncedWage(key[0], key[1], draw(st.integers(0, 10**8)), source, draw(st.sampled_from(["", "n"])))
    if series == "minimum_wage":
        return MinimumWage(
            key[0], D(key[0], 1, 1), draw(st.integers(9000, 11000)), draw(st.integers(10**6, 3 * 10**6)), source
        )
    if series == "gni":
        return Gni(key[0], draw(st.integers(10**7, 10**8)), draw(st.sampled_from(["preliminary", "revised"])), source)
    if series == "gni_ratios":
        return GniRatioRule(key[0], key[1], draw(st.sampled_from([0.7, 0.8])), draw(TEXT), source)
    return Track(key[0], draw(TEXT), draw(TEXT), draw(TEXT), source, gni_multiple=draw(st.sampled_from([1.0, 3.0])))


SERIES_KEYS = {
    "wages": WAGE_KEYS,
    "minimum_wage": [(y,) for y in (2024, 2025, 2026)],
    "gni": [(y,) for y in (2022, 2023, 2024)],
    "gni_ratios": RATIO_KEYS,
    "tracks": [("E-7-S1",), ("E-7-S2",)],
}
SORT = {
    "wages": lambda w: (w.effective, SUBCATEGORIES.index(w.subcategory)),
    "minimum_wage": lambda e: e.year,
    "gni": lambda e: e.year,
    "gni_ratios": lambda r: (r.effective, r.id),
    "tracks": lambda t: t.id,
}


def key_of(series: str, entry) -> tuple:
    return {
        "wages": lambda w: (w.effective, w.subcategory),
        "minimum_wage": lambda e: (e.year,),
        "gni": lambda e: (e.year,),
        "gni_ratios": lambda r: (r.id, r.effective),
        "tracks": lambda t: (t.id,),
    }[series](entry)


@st.composite
def series(draw, name: str, old: tuple = ()) -> tuple:
    """Entries of one series: each possible key absent, as before, or with a new value (canonical order)."""
    before = {key_of(name, e): e for e in old}
    found = []
    for key in SERIES_KEYS[name]:
        state = draw(st.sampled_from(["absent", "same", "new"]))
        if state == "same" and key in before:
            found.append(before[key])
        elif state == "new":
            found.append(draw(series_entry(name, key)))
    return tuple(sorted(found, key=SORT[name]))


@st.composite
def info(draw, effective: dt.date) -> SnapshotInfo:
    return SnapshotInfo(
        id=effective.isoformat(),
        effective=effective,
        title=draw(TEXT),
        status=draw(st.sampled_from(["M", "N", "D", "U"])),
        source=draw(SOURCES),
        derived_from=draw(st.sampled_from(["", "2026-06-17"])),
        events=tuple(draw(st.lists(TEXT, max_size=2))),
        note=draw(st.sampled_from(["", "a note"])),
    )


@st.composite
def snapshots(draw) -> tuple[Snapshot, list[str], list[str]]:
    """A random snapshot with some history carried forward; and the codes and occupations it has not used."""
    codes = list(draw(st.permutations(CODE_POOL)))
    occupations = list(draw(st.permutations(OCCUPATION_POOL)))
    effective = draw(st.dates(D(2023, 1, 1), D(2026, 12, 31)))
    count = draw(st.integers(1, 6))
    listed = [draw(code_entry(occupations.pop(), codes.pop())) for _ in range(count)]
    renumbered = []
    for entry in draw(st.lists(st.sampled_from(listed), max_size=2, unique_by=lambda c: c.occupation)):
        days = draw(st.integers(1, 300))
        renumbered.append(
            Renumbering(entry.occupation, codes.pop(), entry.code, effective - dt.timedelta(days=days), draw(SOURCES))
        )
    retired = []
    for _ in range(draw(st.integers(0, 2))):
        days = draw(st.integers(1, 300))
        retired.append(
            Retirement(
                occupations.pop(),
                codes.pop(),
                draw(TEXT),
                effective - dt.timedelta(days=days),
                draw(TEXT),
                "earlier-notice",
                draw(SOURCES),
            )
        )
    thresholds = Thresholds(**{name: draw(series(name)) for name in ("wages", "minimum_wage", "gni", "gni_ratios")})
    snapshot = Snapshot(
        snapshot=draw(info(effective)),
        codes=canonical(listed),
        renumbered=tuple(renumbered),
        retired=tuple(retired),
        tracks=draw(series("tracks")),
        thresholds=thresholds,
    )
    check_snapshot(snapshot, "A")
    return snapshot, codes, occupations


@st.composite
def next_snapshots(draw, a: Snapshot, codes: list[str], occupations: list[str]) -> Snapshot:
    """A possible next snapshot of ``a``, built directly (not by a notice)."""
    effective = a.effective + dt.timedelta(days=draw(st.integers(1, 400)))
    fates = {c.occupation: draw(st.sampled_from(["keep", "change", "renumber", "retire"])) for c in a.codes}
    vacated = [c.code for c in a.codes if fates[c.occupation] in ("renumber", "retire")]
    free = list(draw(st.permutations([*vacated, *codes])))  # a vacated code may be reused at once (441)
    kept, moves = [], []
    for entry in a.codes:
        fate = fates[entry.occupation]
        if fate == "retire":
            continue
        if fate == "renumber":
            new_code = free.pop()
            if new_code == entry.code:
                new_code = free.pop() if free else entry.code
            if new_code != entry.code:
                moves.append(Renumbering(entry.occupation, entry.code, new_code, effective, draw(SOURCES)))
                entry = attrs.evolve(entry, code=new_code)
        if fate == "change" or draw(st.booleans()):
            entry = draw(changed_entry(entry))
        kept.append(entry)
    added = [draw(code_entry(occupations.pop(), free.pop())) for _ in range(draw(st.integers(0, min(2, len(free)))))]
    listed = kept + added
    b_info = draw(info(effective))
    retirements = []
    for entry in a.codes:
        if fates[entry.occupation] != "retire":
            continue
        successor = draw(st.none() | st.sampled_from(listed)) if listed else None
        retirements.append(
            Retirement(
                occupation=entry.occupation,
                code=entry.code,
                title_ko=entry.title_ko,
                effective=effective,
                reason=draw(TEXT),
                notice="n-b",
                source=draw(st.just(b_info.source) | SOURCES),
                successor=successor.code if successor else "",
                successor_occupation=successor.occupation if successor else "",
            )
        )
    b = Snapshot(
        snapshot=b_info,
        codes=canonical(listed),
        renumbered=a.renumbered + tuple(draw(st.permutations(moves))),
        retired=a.retired + tuple(draw(st.permutations(retirements))),
        tracks=draw(series("tracks", a.tracks)),
        thresholds=Thresholds(
            **{
                name: draw(series(name, getattr(a.thresholds, name)))
                for name in ("wages", "minimum_wage", "gni", "gni_ratios")
            }
        ),
    )
    check_snapshot(b, "B")
    return b


@st.composite
def pairs(draw) -> tuple[Snapshot, Snapshot]:
    a, codes, occupations = draw(snapshots())
    return a, draw(next_snapshots(a, codes, occupations))


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(pairs())
def test_the_diff_as_a_notice_imported_onto_a_gives_b(pair):
    a, b = pair
    notice = notice_from_diff(a, b, "n-b")
    text = notice_text(notice)
    read = structure(tomllib.loads(text), Notice, "notice")  # through the TOML a maintainer would review
    assert notice_text(read) == text
    made = apply(read, a, "notice")
    assert made == b
    assert snapshot_text(made) == snapshot_text(b)
    assert structure(tomllib.loads(snapshot_text(made)), Snapshot, "made") == b


@st.composite
def notices(draw, a: Snapshot, codes: list[str], occupations: list[str]) -> Notice:
    """A random valid notice for ``a``."""
    effective = a.effective + dt.timedelta(days=draw(st.integers(1, 400)))
    fates = {c.code: draw(st.sampled_from(["keep", "amend", "renumber", "retire"])) for c in a.codes}
    vacated = [code for code, fate in fates.items() if fate in ("renumber", "retire")]
    free = list(draw(st.permutations([*vacated, *codes])))
    renumber, current = [], {}
    for entry in a.codes:
        fate = fates[entry.code]
        if fate == "renumber":
            new_code = next((c for c in free if c != entry.code), None)
            if new_code is not None:
                free.remove(new_code)
                renumber.append(Renumber(entry.code, new_code, draw(st.none() | SOURCES)))
                entry = attrs.evolve(entry, code=new_code)
        if fate != "retire":
            current[entry.code] = entry
    amend = []
    for code, entry in current.items():
        if fates.get(code, fates.get(next((r.old_code for r in renumber if r.new_code == code), ""), "")) != "amend":
            continue
        changed = draw(changed_entry(entry))
        names = [n for n in AMENDABLE if getattr(changed, n) != getattr(entry, n)]
        if names:
            plain = attrs.asdict(changed, recurse=False)
            values = {n: plain[n] for n in names if plain[n] is not None}
            from engine.core.convert import unstructure_for_toml

            values = {n: unstructure_for_toml(v) for n, v in values.items()}
            amend.append(Amend(code, values, tuple(n for n in names if getattr(changed, n) is None)))
    add = [draw(code_entry(occupations.pop(), free.pop())) for _ in range(draw(st.integers(0, min(2, len(free)))))]
    final = [*current, *(c.code for c in add)]
    retire = [
        Retire(code, draw(TEXT), draw(st.sampled_from(["", *final])) if final else "", draw(st.none() | SOURCES))
        for code, fate in fates.items()
        if fate == "retire"
    ]
    changes, remove = {}, []
    for name in ("wages", "minimum_wage", "gni", "gni_ratios"):
        before = {key_of(name, e): e for e in getattr(a.thresholds, name)}
        changes[name] = []
        for key in SERIES_KEYS[name]:
            action = draw(st.sampled_from(["none", "none", "set", "remove"]))
            if action == "remove" and key in before:
                remove.append(
                    ThresholdKey("wages", effective=key[0], subcategory=key[1])
                    if name == "wages"
                    else ThresholdKey("gni_ratios", id=key[0], effective=key[1])
                    if name == "gni_ratios"
                    else ThresholdKey(name, year=key[0])
                )
            elif action == "set":
                entry = draw(series_entry(name, key))
                if before.get(key) != entry:
                    changes[name].append(entry)
    tracks, remove_tracks = [], []
    before_tracks = {t.id: t for t in a.tracks}
    for (track_id,) in SERIES_KEYS["tracks"]:
        action = draw(st.sampled_from(["none", "set", "remove"]))
        if action == "remove" and track_id in before_tracks:
            remove_tracks.append(track_id)
        elif action == "set":
            track = draw(series_entry("tracks", (track_id,)))
            if before_tracks.get(track_id) != track:
                tracks.append(track)
    s = draw(info(effective))
    header = NoticeInfo("n-next", effective, s.title, s.status, s.source, None, s.derived_from, s.events, s.note)
    return Notice(
        notice=header,
        retire=tuple(draw(st.permutations(retire))),
        renumber=tuple(renumber),
        amend=tuple(amend),
        add=tuple(add),
        thresholds=NoticeThresholds(**{k: tuple(v) for k, v in changes.items()}, remove=tuple(remove)),
        tracks=tuple(tracks),
        remove_tracks=tuple(remove_tracks),
    )


@st.composite
def snapshot_and_notice(draw) -> tuple[Snapshot, Notice]:
    a, codes, occupations = draw(snapshots())
    return a, draw(notices(a, codes, occupations))


@SETTINGS
@given(snapshot_and_notice())
def test_import_then_diff_gives_back_the_notices_changes(case):
    a, notice = case
    b = apply(notice, a, "notice")
    d = diff(a, b)
    assert sorted((r.entry.code, r.successor.code if r.successor else "") for r in d.retired) == sorted(
        (r.code, r.successor) for r in notice.retire
    )
    assert all(r.record is not None and r.record.notice == "n-next" for r in d.retired)
    assert sorted((r.old_code, r.new_code) for r in d.renumbered) == sorted(
        (r.old_code, r.new_code) for r in notice.renumber
    )
    assert sorted((a.entry for a in d.added), key=lambda c: c.code) == sorted(notice.add, key=lambda c: c.code)
    changed = {c.code: {f.field.split(".")[0] for f in c.fields} for c in d.changed}
    assert changed == {m.code: set(m.set) | set(m.unset) for m in notice.amend}
    expected = set()
    for name in ("wages", "minimum_wage", "gni", "gni_ratios"):
        before = {key_of(name, e) for e in getattr(a.thresholds, name)}
        for entry in getattr(notice.thresholds, name):
            expected.add((name, key_of(name, entry), "changed" if key_of(name, entry) in before else "added"))
    for key in notice.thresholds.remove:
        entry = next(
            e
            for e in getattr(a.thresholds, key.series)
            if key.text() == " ".join(str(v) for v in key_of(key.series, e))
        )
        expected.add((key.series, key_of(key.series, entry), "removed"))
    found = {(e.series, key_of(e.series, e.new if e.new is not None else e.old), e.change) for e in d.thresholds}
    assert found == expected
    tracks = {(e.key, e.change) for e in d.tracks}
    before_tracks = {t.id for t in a.tracks}
    assert tracks == {(t.id, "changed" if t.id in before_tracks else "added") for t in notice.tracks} | {
        (i, "removed") for i in notice.remove_tracks
    }
    # and the notice the diff makes does the same
    assert apply(notice_from_diff(a, b, "n-next"), a, "again") == b


def _folder(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


FAILURES = st.one_of(
    # the renames: the journal, then the three files; the fsyncs: three files, the journal and its folder, then
    # the two folders after the renames (a failure after that is after the commit: the import stands)
    st.tuples(st.just("replace"), st.integers(1, 4)),
    st.tuples(st.just("fsync"), st.integers(1, 7)),
    st.tuples(st.just("bad notice"), st.sampled_from(["unknown code", "same date", "bad successor"])),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshot_and_notice(), FAILURES)
def test_a_failed_import_changes_no_byte(case, failure):
    import engine.data.journal
    from engine.catalogue.notices import notice_data
    from engine.catalogue.publish import ChangelogInfo, changelog_text, plan_import, sha256_text, write_import
    from engine.core.tomlout import dumps

    a, notice = case
    kind, detail = failure
    # a notice that changes nothing is refused before anything is written (test_notices.py): not a write failure
    assume(kind == "bad notice" or not diff(a, apply(notice, a, "notice")).empty)
    if kind == "bad notice":
        if detail == "unknown code":
            notice = attrs.evolve(notice, retire=(*notice.retire, Retire("99999", "x")))
        elif detail == "same date":
            notice = attrs.evolve(notice, notice=attrs.evolve(notice.notice, effective=a.effective))
        else:
            notice = attrs.evolve(notice, retire=(*notice.retire, Retire(a.codes[0].code, "x", "99999")))
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        (root / "catalogue").mkdir()
        (root / "changelog").mkdir()
        text = snapshot_text(a)
        (root / "catalogue" / f"{a.id}.toml").write_text(text, encoding="utf-8")
        (root / "catalogue/index.toml").write_text(index_text(Catalogue(DataDir(root))), encoding="utf-8")
        base = changelog_text(ChangelogInfo(snapshot=a.id, sha256=sha256_text(text)), None)
        (root / "changelog" / f"{a.id}-base.toml").write_text(base, encoding="utf-8")
        path = root / "notice.toml"
        path.write_text(dumps(notice_data(notice), inline_keys=frozenset({"source"})), encoding="utf-8")
        before = _folder(root)
        data = DataDir(root)
        if kind == "bad notice":
            with pytest.raises(InputError):
                write_import(data, plan_import(data, path))
        else:
            plan = plan_import(data, path)
            real = getattr(engine.data.journal.os, kind)
            calls = []

            def failing(*args):
                calls.append(args)
                if len(calls) == detail:
                    raise OSError(28, "No space left on device")
                return real(*args)

            with mock.patch.object(engine.data.journal.os, kind, failing), pytest.raises(OSError):
                write_import(data, plan)
        assert _folder(root) == before
