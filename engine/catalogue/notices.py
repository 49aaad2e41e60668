"""MoJ notices: the small TOML files that turn the newest catalogue snapshot into the next one (the model, the
reader and the writer; applying one is engine/catalogue/apply.py, the diff of two snapshots
engine/catalogue/diff.py).

A notice (``docs/notices.md``) has a ``[notice]`` header that gives the new snapshot's ``[snapshot]`` table,
and lists what changes: ``[[retire]]`` (with an optional successor), ``[[renumber]]`` (an occupation keeps its
identity and gets a new code), ``[[amend]]`` (complete new values of some fields of a listed code), ``[[add]]``
(a whole catalogue code), ``[thresholds]`` entries to add or replace (by key) and ``[[thresholds.remove]]``,
and ``[[tracks]]`` / ``remove_tracks`` for the E-7-S tracks.

``apply`` checks a notice against the snapshot it applies to (every problem is one ``InputError`` naming the
notice file, the field and what was expected) and returns the new snapshot: a whole picture, with the
renumberings and retirements carried forward. ``diff`` compares any two snapshots; ``notice_from_diff`` turns
a diff back into a notice, so that ``apply(notice_from_diff(a, b), a) == b`` for consecutive snapshots.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

import attrs

from engine.core.convert import read_toml, structure, unstructure_for_toml
from engine.core.errors import InputError
from engine.core.model import (
    SUBCATEGORIES,
    AnnouncedWage,
    Code,
    Gni,
    GniRatioRule,
    MinimumWage,
    Source,
    Status,
    Track,
    valid_code,
)

NOTICE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_NOTICE_ID = 100  # it names the changelog file (YYYY-MM-DD-<id>.toml): well under a file name's 255 bytes
# C0 controls but tab and newline, DEL and C1: never meant in a notice, and TOML cannot hold most of them raw
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
Series = Literal["wages", "minimum_wage", "gni", "gni_ratios"]
SERIES: tuple[str, ...] = ("wages", "minimum_wage", "gni", "gni_ratios")

# fields of a code that an [[amend]] may set (occupation is the identity; the code changes by [[renumber]])
AMENDABLE: tuple[str, ...] = tuple(f.name for f in attrs.fields(Code) if f.name not in ("occupation", "code"))
_DEFAULTED = frozenset(f.name for f in attrs.fields(Code) if f.default is not attrs.NOTHING)


def _notice_id(_instance: object, attribute: attrs.Attribute, value: str) -> None:
    if len(value) > MAX_NOTICE_ID:
        raise ValueError(
            f"{attribute.name}: expected an id of at most {MAX_NOTICE_ID} characters (it names the changelog "
            f"file), got {len(value)}"
        )
    if not NOTICE_ID.fullmatch(value):
        raise ValueError(
            f"{attribute.name}: expected a lower-case kebab-case id such as 'moj-2026-123-retire-s2955' "
            f"(it names the changelog file), got {value!r}"
        )


def _text(_instance: object, attribute: attrs.Attribute, value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name}: expected a non-empty text")


def _line(instance: object, attribute: attrs.Attribute, value: str) -> None:
    _text(instance, attribute, value)
    if "\n" in value or "\r" in value:
        raise ValueError(f"{attribute.name}: expected one line of text (it titles the snapshot), got a line break")


def _controls(value: Any, path: str, where: str) -> None:
    """Refuse control characters anywhere in a notice's texts (keys included), naming the field."""
    if isinstance(value, str):
        found = CONTROL.search(value)
        if found:
            raise InputError(
                where,
                path or None,
                f"expected text without control characters, got U+{ord(found.group()):04X} at position "
                f"{found.start() + 1} (type the text as the notice prints it)",
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _controls(key, path, where)
            _controls(item, f"{path}.{key}" if path else key, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _controls(item, f"{path}[{index}]", where)


def _code_or_empty(instance: object, attribute: attrs.Attribute, value: str) -> None:
    if value:
        valid_code(instance, attribute, value)


@attrs.frozen
class NoticeInfo:
    """The notice itself; it also gives the new snapshot's ``[snapshot]`` table (id = the effective date)."""

    id: str = attrs.field(validator=_notice_id)
    effective: dt.date
    title: str = attrs.field(validator=_line)
    status: Status
    source: Source
    published: dt.date | None = None
    derived_from: str = ""
    events: tuple[str, ...] = ()
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if self.published is not None and self.published > self.effective:
            raise ValueError(f"published: expected a date on or before effective {self.effective}")


@attrs.frozen
class Retire:
    """A code that leaves the list; ``successor`` is a code listed after the notice, or ""."""

    code: str = attrs.field(validator=valid_code)
    reason: str = attrs.field(validator=_text)
    successor: str = attrs.field(default="", validator=_code_or_empty)
    source: Source | None = None  # default: the notice's source


@attrs.frozen
class Renumber:
    """An occupation that keeps its identity and is listed under a new code from the notice's date."""

    old_code: str = attrs.field(validator=valid_code)
    new_code: str = attrs.field(validator=valid_code)
    source: Source | None = None  # default: the notice's source

    def __attrs_post_init__(self) -> None:
        if self.old_code == self.new_code:
            raise ValueError(f"new_code: expected a code other than old_code {self.old_code}")


@attrs.frozen
class Amend:
    """Complete new values of some fields of a code on the new list (after this notice's renumberings)."""

    code: str = attrs.field(validator=valid_code)
    set: dict[str, Any] = attrs.Factory(dict)
    unset: tuple[str, ...] = ()  # fields set back to their default (e.g. a pilot window that ends)
    reason: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.set and not self.unset:
            raise ValueError("set: expected at least one field to change (in set or unset)")


@attrs.frozen
class ThresholdKey:
    """Which threshold entry to remove: wages by effective + subcategory, minimum_wage and gni by year,
    gni_ratios by id + effective."""

    series: Series
    effective: dt.date | None = None
    subcategory: str = ""
    year: int = 0
    id: str = ""

    def __attrs_post_init__(self) -> None:
        needed = {
            "wages": ("effective", "subcategory"),
            "minimum_wage": ("year",),
            "gni": ("year",),
            "gni_ratios": ("id", "effective"),
        }[self.series]
        for name in ("effective", "subcategory", "year", "id"):
            given = getattr(self, name) not in (None, "", 0)
            if name in needed and not given:
                raise ValueError(f"{name}: expected it for an entry of {self.series}")
            if name not in needed and given:
                raise ValueError(f"{name}: expected only {' and '.join(needed)} for an entry of {self.series}")

    def text(self) -> str:
        return _key_text(self.series, _removal_key(self))


@attrs.frozen
class NoticeThresholds:
    """Threshold entries to add, or to replace where an entry with the same key exists; and entries to remove."""

    wages: tuple[AnnouncedWage, ...] = ()
    minimum_wage: tuple[MinimumWage, ...] = ()
    gni: tuple[Gni, ...] = ()
    gni_ratios: tuple[GniRatioRule, ...] = ()
    remove: tuple[ThresholdKey, ...] = ()


@attrs.frozen
class Notice:
    notice: NoticeInfo
    retire: tuple[Retire, ...] = ()
    renumber: tuple[Renumber, ...] = ()
    amend: tuple[Amend, ...] = ()
    add: tuple[Code, ...] = ()
    thresholds: NoticeThresholds = NoticeThresholds()
    tracks: tuple[Track, ...] = ()  # add, or replace by id
    remove_tracks: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.notice.id

    @property
    def effective(self) -> dt.date:
        return self.notice.effective


def load_notice(path: Path, shown: str | None = None) -> Notice:
    """Read and type a notice file; a problem is one ``InputError`` naming the file and the field."""
    where = shown or str(path)
    data = read_toml(path, where)
    _controls(data, "", where)
    return structure(data, Notice, where)


# -- threshold series: keys and canonical order ------------------------------------------------------------


def _series_key(series: str, entry: Any) -> tuple:
    if series == "wages":
        return (entry.effective, entry.subcategory)
    if series in ("minimum_wage", "gni"):
        return (entry.year,)
    if series == "gni_ratios":
        return (entry.id, entry.effective)
    return (entry.id,)  # tracks


def _removal_key(key: ThresholdKey) -> tuple:
    if key.series == "wages":
        return (key.effective, key.subcategory)
    if key.series in ("minimum_wage", "gni"):
        return (key.year,)
    return (key.id, key.effective)


def _sort_key(series: str) -> Callable[[Any], tuple]:
    if series == "wages":
        return lambda w: (w.effective, SUBCATEGORIES.index(w.subcategory) if w.subcategory in SUBCATEGORIES else 9)
    if series == "gni_ratios":
        return lambda r: (r.effective, r.id)
    if series in ("minimum_wage", "gni"):
        return lambda e: (e.year,)
    return lambda t: (t.id,)


def _key_text(series: str, key: tuple) -> str:
    return " ".join(v.isoformat() if isinstance(v, dt.date) else str(v) for v in key)


def _code_sort_key(code: Code) -> tuple:
    from engine.core.model import GROUPS

    return (GROUPS.index(code.group), code.list_number, code.code)


# -- writing a notice -------------------------------------------------------------------------------------------


def _drop_defaults(data: dict[str, Any], keep: Iterable[str] = ()) -> dict[str, Any]:
    kept = set(keep)
    return {k: v for k, v in data.items() if k in kept or v not in (None, "", (), [], {})}


def notice_data(notice: Notice) -> dict[str, Any]:
    """Plain data for a notice, with empty optional keys left out (what ``notice_text`` writes)."""
    data = unstructure_for_toml(notice)
    out: dict[str, Any] = {"notice": _drop_defaults(data["notice"], ("id", "effective", "title", "status", "source"))}
    if data["remove_tracks"]:
        out["remove_tracks"] = list(data["remove_tracks"])
    for key in ("retire", "renumber", "amend"):
        if data[key]:
            out[key] = [_drop_defaults(item) for item in data[key]]
    if data["add"]:
        out["add"] = [{k: v for k, v in item.items() if v is not None} for item in data["add"]]
    thresholds = {k: v for k, v in data["thresholds"].items() if v}
    if thresholds:
        out["thresholds"] = thresholds
    if data["tracks"]:
        out["tracks"] = data["tracks"]
    return out


def notice_text(notice: Notice, header: str = "") -> str:
    """The canonical TOML text of a notice (what e7 writes; reading it back gives the same notice)."""
    from engine.core.tomlout import dumps

    return dumps(notice_data(notice), header, inline_keys=frozenset({"source"}))
