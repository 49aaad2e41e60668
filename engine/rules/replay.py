"""Replaying a stored decision: its case again, with the data release it names (from the local release store) or
with today's, and what differs (outcome, findings added, removed or changed, suggestions). Only data can be
replayed: the code is the running e7's, which the report says when the decision names another version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs

from engine import __version__
from engine.core.errors import InputError
from engine.data.folders import DataDir

CASE_INPUT = "case_input"  # the case as given, embedded by `e7 check --embed-case`


@attrs.frozen
class StoredDecision:
    """What replay reads from a decision's JSON: where it came from, its case, and what it said."""

    where: str
    case_input: dict[str, Any] | None
    as_of: dt.date
    release_id: str
    release_sha256: str
    version: str
    matcher: str
    answer: dict[str, Any]  # the decision's JSON as stored


@attrs.frozen
class Replay:
    before: StoredDecision
    release_id: str
    release_sha256: str
    differences: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def same(self) -> bool:
        return not self.differences


def _text(raw: dict[str, Any], where: str, *keys: str) -> str:
    value: Any = raw
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, str):
        raise InputError(where, ".".join(keys), "expected text, as in a decision e7 check --format json wrote")
    return value


def read_decision(path: Path, shown: str) -> StoredDecision:
    from engine.core.convert import parse_date, read_json

    raw = read_json(path, shown)
    if not isinstance(raw, dict) or "outcome" not in raw or "findings" not in raw:
        raise InputError(shown, None, "expected one decision as e7 check --format json writes it (a JSON object)")
    try:
        as_of = parse_date(_text(raw, shown, "as_of"))
    except ValueError as exc:
        raise InputError(shown, "as_of", f"expected a date, YYYY-MM-DD ({exc})") from None
    release = raw.get("release")
    if not isinstance(release, dict):
        raise InputError(shown, "release", "expected the data release the decision names (made by e7 0.2.0 or later)")
    case_input = raw.get(CASE_INPUT)
    if case_input is not None and not isinstance(case_input, dict):
        raise InputError(shown, CASE_INPUT, "expected the case as a JSON object")
    if not isinstance(raw.get("findings"), list):
        raise InputError(shown, "findings", "expected a list of findings")
    engine = raw.get("engine") if isinstance(raw.get("engine"), dict) else {}
    return StoredDecision(
        where=shown,
        case_input=case_input,
        as_of=as_of,
        release_id=_text(raw, shown, "release", "id"),
        release_sha256=_text(raw, shown, "release", "sha256"),
        version=str(engine.get("version", "unknown")),
        matcher=str(engine.get("matcher", "unknown")),
        answer=raw,
    )


def release_for(stored: StoredDecision, current: DataDir) -> DataDir:
    """The data folder holding the release a decision names: the store's copy, or the data in use when it is that
    release. Not available locally: an InputError saying how to get it."""
    from engine.data.release import release_info
    from engine.data.store import home
    from engine.data.store import stored as stored_release

    if not stored.release_sha256:
        raise InputError(
            stored.where,
            "release.sha256",
            "the decision names no data release (it was made from a folder without release.toml): replay it "
            "with --current",
        )
    if release_info(current).sha256 == stored.release_sha256:
        return current
    found = stored_release(stored.release_sha256)
    if found is None:
        raise InputError(
            stored.where,
            "release",
            f"data release {stored.release_id} (manifest sha256 {stored.release_sha256[:16]}...) is not in the "
            f"local release store ({home()}): install its bundle with `e7 data install`, or compare with today's "
            "release with --current",
        )
    return found.data


def _finding_key(f: dict[str, Any]) -> str:
    return str(f.get("rule", "?"))


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What differs between two decisions on one case: the outcome, each finding added, removed or changed
    (severity, message, facts used, source), the suggested codes."""
    out = []
    if before.get("outcome") != after.get("outcome"):
        out.append(f"outcome: {before.get('outcome')} -> {after.get('outcome')}")
    old = {_finding_key(f): f for f in before.get("findings", []) if isinstance(f, dict)}
    new = {_finding_key(f): f for f in after.get("findings", []) if isinstance(f, dict)}
    for rule in sorted(new.keys() - old.keys()):
        out.append(f"finding added: {rule} [{new[rule].get('severity')}] {new[rule].get('message', '')}")
    for rule in sorted(old.keys() - new.keys()):
        out.append(f"finding removed: {rule} [{old[rule].get('severity')}] {old[rule].get('message', '')}")
    for rule in sorted(old.keys() & new.keys()):
        for field in ("severity", "message", "evidence", "citation", "fix"):
            if old[rule].get(field) != new[rule].get(field):
                out.append(f"finding changed: {rule} {field}: {old[rule].get(field)!r} -> {new[rule].get(field)!r}")
    codes_before = [s.get("code") for s in before.get("suggestions", []) if isinstance(s, dict)]
    codes_after = [s.get("code") for s in after.get("suggestions", []) if isinstance(s, dict)]
    if codes_before != codes_after:
        out.append(
            f"suggested codes: {', '.join(map(str, codes_before)) or 'none'} -> "
            f"{', '.join(map(str, codes_after)) or 'none'}"
        )
    return out


def replay(stored: StoredDecision, data: DataDir, case_file: Path | None = None, case_shown: str = "") -> Replay:
    """Re-run the decision's case as of its date with the data of ``data`` and compare."""
    from engine.core.case import case_from_data, load_case
    from engine.rules.evaluate import Evaluator
    from engine.rules.explain import decision_data

    if case_file is not None:
        case = load_case(case_file, case_shown or str(case_file))
    elif stored.case_input is not None:
        case = case_from_data(stored.case_input, f"{stored.where}: {CASE_INPUT}")
    else:
        raise InputError(
            stored.where, CASE_INPUT, "expected the case embedded (e7 check --embed-case) or given with --case FILE"
        )
    evaluator = Evaluator(data)
    again = decision_data(evaluator.evaluate(case, stored.as_of, case_shown or stored.where))
    notes = []
    if stored.version != __version__:
        notes.append(
            f"the decision was made by e7 {stored.version}; this is e7 {__version__}. Replay re-runs the data "
            "release with this e7's code (old code cannot be replayed), so a difference may come from the code"
        )
    if stored.matcher != again["engine"]["matcher"]:
        notes.append(f"the duty matcher was version {stored.matcher}; it is now {again['engine']['matcher']}")
    return Replay(
        stored,
        again["release"]["id"],
        again["release"]["sha256"],
        tuple(compare(stored.answer, again)),
        tuple(notes),
    )


def embeddable(raw: Any) -> Any:
    """A case as read (TOML dates become text) in a form JSON holds and case_from_data reads back alike."""
    if isinstance(raw, dict):
        return {str(k): embeddable(v) for k, v in raw.items()}
    if isinstance(raw, list | tuple):
        return [embeddable(v) for v in raw]
    if isinstance(raw, dt.date | dt.datetime | dt.time):
        return raw.isoformat()
    return raw
