"""Applying a notice (engine/catalogue/notices.py) to the snapshot it names: every problem is one InputError
naming the notice file, the field and what was expected; the answer is the new snapshot, a whole picture, with
the renumberings and retirements carried forward.
"""

from __future__ import annotations

import attrs

from engine.catalogue.notices import (
    _DEFAULTED,
    AMENDABLE,
    SERIES,
    Notice,
    ThresholdKey,
    _code_sort_key,
    _key_text,
    _removal_key,
    _series_key,
    _sort_key,
)
from engine.catalogue.snapshots import GROUP_SUBCATEGORY, check_snapshot
from engine.core.convert import structure, unstructure_for_toml
from engine.core.errors import InputError
from engine.core.model import (
    Code,
    Renumbering,
    Retirement,
    Snapshot,
    SnapshotInfo,
    Thresholds,
)

# -- apply ----------------------------------------------------------------------------------------------------


def _listed_hint(snapshot: Snapshot, code: str) -> str:
    """Where a code that is not listed went, for an error message."""
    for r in reversed(snapshot.renumbered):
        if r.old_code == code:
            return f" ({code} was renumbered {r.new_code} on {r.effective})"
    for r in reversed(snapshot.retired):
        if r.code == code:
            return f" ({code} was retired on {r.effective} by notice {r.notice})"
    return ""


def apply(notice: Notice, base: Snapshot, where: str) -> Snapshot:
    """The snapshot that ``notice`` makes of ``base``; every problem is an ``InputError`` about the notice."""
    info = notice.notice
    if info.effective <= base.effective:
        raise InputError(
            where,
            "notice.effective",
            f"expected a date after {base.effective} (the snapshot {base.id} the notice applies to), "
            f"got {info.effective}",
        )
    listed = base.by_code()

    # retirements: codes of the base list
    retiring: dict[str, int] = {}
    for index, r in enumerate(notice.retire):
        field = f"retire[{index}]"
        if r.code not in listed:
            raise InputError(
                where,
                f"{field}.code",
                f"expected a code listed in {base.id} (the snapshot the notice applies to), "
                f"got {r.code}{_listed_hint(base, r.code)}",
            )
        if r.code in retiring:
            raise InputError(
                where, f"{field}.code", f"expected each code retired once, {r.code} is also retire[{retiring[r.code]}]"
            )
        retiring[r.code] = index

    # renumberings: old codes of the base list, new codes free on the new list
    olds: dict[str, int] = {}
    news: dict[str, int] = {}
    for index, r in enumerate(notice.renumber):
        field = f"renumber[{index}]"
        if r.old_code not in listed:
            raise InputError(
                where,
                f"{field}.old_code",
                f"expected a code listed in {base.id}, got {r.old_code}{_listed_hint(base, r.old_code)}",
            )
        if r.old_code in retiring:
            raise InputError(
                where,
                f"{field}.old_code",
                f"expected a code this notice does not also retire (retire[{retiring[r.old_code]}])",
            )
        if r.old_code in olds:
            raise InputError(
                where,
                f"{field}.old_code",
                f"expected each code renumbered once, {r.old_code} is also renumber[{olds[r.old_code]}]",
            )
        if r.new_code in news:
            raise InputError(
                where,
                f"{field}.new_code",
                f"expected each new code once, {r.new_code} is also renumber[{news[r.new_code]}]",
            )
        olds[r.old_code] = index
        news[r.new_code] = index
    vacated = set(retiring) | set(olds)
    for index, r in enumerate(notice.renumber):
        if r.new_code in listed and r.new_code not in vacated:
            raise InputError(
                where,
                f"renumber[{index}].new_code",
                f"expected a code free on the new list, {r.new_code} stays listed ({listed[r.new_code].title_ko})",
            )

    current: dict[str, Code] = {}
    for code in base.codes:
        if code.code in retiring:
            continue
        if code.code in olds:
            code = attrs.evolve(code, code=notice.renumber[olds[code.code]].new_code)
        current[code.code] = code

    # amendments: codes of the new list (after renumbering), complete new values
    amended: dict[str, int] = {}
    for index, a in enumerate(notice.amend):
        field = f"amend[{index}]"
        if a.code not in current:
            moved = (
                f" ({a.code} is renumbered {notice.renumber[olds[a.code]].new_code} by this notice)"
                if a.code in olds
                else ""
            )
            raise InputError(
                where,
                f"{field}.code",
                f"expected a code on the new list (after this notice's retirements and renumberings), got {a.code}"
                + (moved or _listed_hint(base, a.code)),
            )
        if a.code in amended:
            raise InputError(
                where, f"{field}.code", f"expected each code amended once, {a.code} is also amend[{amended[a.code]}]"
            )
        amended[a.code] = index
        for name in a.set:
            if name not in AMENDABLE:
                hint = " (a code changes by [[renumber]])" if name == "code" else ""
                raise InputError(
                    where,
                    f"{field}.set.{name}",
                    f"expected a field of a catalogue code other than occupation and code{hint}",
                )
        for position, name in enumerate(a.unset):
            if name not in AMENDABLE or name not in _DEFAULTED:
                raise InputError(
                    where, f"{field}.unset[{position}]", f"expected an optional field of a catalogue code, got {name!r}"
                )
            if name in a.set:
                raise InputError(where, f"{field}.unset[{position}]", f"expected a field not also in set, got {name!r}")
        old = current[a.code]
        data = unstructure_for_toml(old)
        data.update(a.set)
        for name in a.unset:
            data.pop(name, None)
        new = structure(data, Code, where, f"{field}.set")
        if new == old:
            raise InputError(where, f"{field}.set", f"expected a change, the values are those {a.code} already has")
        if GROUP_SUBCATEGORY[new.group] != new.subcategory:
            raise InputError(where, f"{field}.set.group", f"expected a group of {new.subcategory}, got {new.group!r}")
        current[a.code] = new

    # additions: new codes and new occupations
    occupations = {c.occupation: c for c in current.values()}
    for index, code in enumerate(notice.add):
        field = f"add[{index}]"
        if code.code in current:
            raise InputError(
                where,
                f"{field}.code",
                f"expected a code not on the list, {code.code} is listed ({current[code.code].title_ko})",
            )
        if code.occupation in occupations:
            raise InputError(
                where,
                f"{field}.occupation",
                f"expected an occupation not on the list, {code.occupation!r} is listed as "
                f"{occupations[code.occupation].code}",
            )
        if GROUP_SUBCATEGORY[code.group] != code.subcategory:
            raise InputError(where, f"{field}.group", f"expected a group of {code.subcategory}, got {code.group!r}")
        current[code.code] = code
        occupations[code.occupation] = code

    # successors: listed after the notice
    for index, r in enumerate(notice.retire):
        if r.successor and r.successor not in current:
            raise InputError(
                where,
                f"retire[{index}].successor",
                f"expected a code listed after this notice (on {info.effective}), got {r.successor}"
                + _listed_hint(base, r.successor),
            )

    renumbered = base.renumbered + tuple(
        Renumbering(listed[r.old_code].occupation, r.old_code, r.new_code, info.effective, r.source or info.source)
        for r in notice.renumber
    )
    retired = base.retired + tuple(
        Retirement(
            occupation=listed[r.code].occupation,
            code=r.code,
            title_ko=listed[r.code].title_ko,
            effective=info.effective,
            reason=r.reason,
            notice=info.id,
            source=r.source or info.source,
            successor=r.successor,
            successor_occupation=current[r.successor].occupation if r.successor else "",
        )
        for r in notice.retire
    )

    t = base.thresholds
    changes = notice.thresholds
    removals: dict[str, list[tuple[int, ThresholdKey]]] = {name: [] for name in SERIES}
    for index, key in enumerate(changes.remove):
        removals[key.series].append((index, key))
    thresholds = Thresholds(
        **{
            name: _apply_series(
                name,
                getattr(t, name),
                getattr(changes, name),
                [(f"thresholds.remove[{i}]", _removal_key(k)) for i, k in removals[name]],
                where,
                f"thresholds.{name}",
                base.id,
            )
            for name in SERIES
        }
    )
    tracks = _apply_series(
        "tracks",
        base.tracks,
        notice.tracks,
        [(f"remove_tracks[{i}]", (track_id,)) for i, track_id in enumerate(notice.remove_tracks)],
        where,
        "tracks",
        base.id,
    )
    snapshot = Snapshot(
        snapshot=SnapshotInfo(
            id=info.effective.isoformat(),
            effective=info.effective,
            title=info.title,
            status=info.status,
            source=info.source,
            derived_from=info.derived_from,
            events=info.events,
            note=info.note,
        ),
        codes=tuple(sorted(current.values(), key=_code_sort_key)),
        renumbered=renumbered,
        retired=retired,
        tracks=tracks,
        thresholds=thresholds,
    )
    check_snapshot(snapshot, f"{where} (the snapshot it makes, {snapshot.id})")
    return snapshot


def _apply_series(
    series: str,
    items: tuple,
    added: tuple,
    removed: list[tuple[str, tuple]],
    where: str,
    field: str,
    base_id: str,
) -> tuple:
    by_key = {_series_key(series, item): item for item in items}
    for path, key in removed:
        if key not in by_key:
            raise InputError(
                where,
                path,
                f"expected an entry of {series} in {base_id} to remove, none has key {_key_text(series, key)}",
            )
        del by_key[key]
    seen: dict[tuple, int] = {}
    for index, item in enumerate(added):
        key = _series_key(series, item)
        if key in seen:
            raise InputError(
                where,
                f"{field}[{index}]",
                f"expected each key once, {_key_text(series, key)} is also {field}[{seen[key]}]",
            )
        seen[key] = index
        if by_key.get(key) == item:
            raise InputError(
                where,
                f"{field}[{index}]",
                f"expected a change, {base_id} already has this entry ({_key_text(series, key)})",
            )
        by_key[key] = item
    return tuple(sorted(by_key.values(), key=_sort_key(series)))
