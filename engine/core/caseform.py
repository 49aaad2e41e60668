"""A case as flat named fields: the web form's inputs and a spreadsheet's columns.

Both read a case one field at a time (``employer.size``, ``position.annual_salary_krw``) from text a person
typed or a cell a spreadsheet holds, so both are turned into the nested data of docs/cases.md here, each value
checked against its field's kind, and every problem named by its field in plain words (never a parser's
message). The fields are read off the case classes themselves, so a field added to a case appears in the form
and the spreadsheet template without a second list to keep.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from engine.core.case import (
    Applicant,
    Case,
    Documents,
    Employer,
    HighTech,
    Position,
    SkilledPoints,
    Stay,
    case_from_data,
)
from engine.core.convert import parse_date
from engine.core.errors import InputError

# the sections of a case in the order the MoJ documents ask for them: the application, the foreigner, the
# inviting employer, the position (code, pay, duties), the documents, the stay (an extension, a change of workplace
# or of status), then the E-7-4 and E-7-S annexes
SECTIONS: tuple[tuple[str, type], ...] = (
    ("", Case),
    ("applicant", Applicant),
    ("employer", Employer),
    ("position", Position),
    ("documents", Documents),
    ("stay", Stay),
    ("e7_4", SkilledPoints),
    ("e7_s", HighTech),
)
NESTED = {name for name, _ in SECTIONS if name}
MAX_DUTIES = 10  # duty rows of a form and duty column pairs of a spreadsheet row
YES = {"yes", "y", "true", "1", "예", "네", "o", "ㅇ"}
NO = {"no", "n", "false", "0", "아니오", "아니요", "x"}
NONE = {"none", "없음", "-"}  # a list field given as empty on purpose (the employer holds none)
LIST_SEPARATORS = re.compile(r"[,;\n]")


@attrs.frozen
class Field:
    path: str  # "employer.size"; a top-level field has no dot
    kind: str  # text | date | integer | number | yesno | choice | list (of choices)
    choices: tuple[str, ...] = ()

    @property
    def section(self) -> str:
        return self.path.split(".", 1)[0] if "." in self.path else ""

    @property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1]


def _kind(tp: Any) -> tuple[str, tuple[str, ...]]:
    args = [a for a in typing.get_args(tp) if a is not type(None)] if _optional(tp) else [tp]
    inner = args[0]
    if typing.get_origin(inner) is tuple:  # a list of named kinds (employer.certifications)
        element = typing.get_args(inner)[0]
        return "list", tuple(typing.get_args(element)) if typing.get_origin(element) is typing.Literal else ()
    if typing.get_origin(inner) is typing.Literal:
        return "choice", tuple(typing.get_args(inner))
    kinds = {bool: "yesno", int: "integer", float: "number", str: "text", dt.date: "date"}
    return kinds.get(inner, "text"), ()


def _optional(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType)


def _fields() -> tuple[Field, ...]:
    found = []
    for section, cls in SECTIONS:
        hints = typing.get_type_hints(cls)
        for attribute in attrs.fields(cls):
            if attribute.name in NESTED or attribute.name in ("position", "duties", "area_work"):  # tables: files only
                continue
            kind, choices = _kind(hints[attribute.name])
            path = f"{section}.{attribute.name}" if section else attribute.name
            found.append(Field(path, kind, choices))
    return tuple(found)


FIELDS: tuple[Field, ...] = _fields()
BY_PATH = {f.path: f for f in FIELDS}
DUTY_COLUMNS = tuple(c for n in range(1, MAX_DUTIES + 1) for c in (f"duty_{n}_task", f"duty_{n}_share"))


class _Bad(ValueError):
    pass


def _value(field: Field, raw: Any) -> Any:
    """One typed value from what was typed or what a cell holds; ``None`` for an empty one."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = raw.strip() if isinstance(raw, str) else raw
    if field.kind == "yesno":
        if isinstance(text, bool):
            return text
        word = str(text).strip().lower()
        if word in YES:
            return True
        if word in NO:
            return False
        raise _Bad(f"expected yes or no, got {str(raw)!r}")
    if field.kind == "date":
        if isinstance(text, dt.datetime):
            return text.date()
        if isinstance(text, dt.date):
            return text
        try:
            return parse_date(str(text))
        except ValueError as exc:
            raise _Bad(str(exc)) from None
    if field.kind in ("integer", "number"):
        return _number(field, text)
    if field.kind == "list":
        return _list(field, text)
    if field.kind == "choice":
        word = str(text)
        if word not in field.choices:
            lowered = {c.lower(): c for c in field.choices}
            if word.lower() in lowered:
                return lowered[word.lower()]
            raise _Bad(f"expected one of {', '.join(field.choices)}, got {word!r}")
        return word
    return str(text)


def _list(field: Field, raw: Any) -> list[str]:
    """A list field typed as words separated by commas, semicolons or lines ("none" for an empty list)."""
    items = list(raw) if isinstance(raw, list | tuple) else LIST_SEPARATORS.split(str(raw))
    words = [str(item).strip() for item in items if str(item).strip()]
    if len(words) == 1 and words[0].lower() in NONE:
        return []
    unknown = [w for w in words if field.choices and w not in field.choices]
    if unknown:
        raise _Bad(f"expected names from {', '.join(field.choices)} separated by commas, got {unknown[0]!r}")
    return words


def _number(field: Field, raw: Any) -> int | float:
    if isinstance(raw, bool):
        raise _Bad(f"expected a number, got {raw!r}")
    if isinstance(raw, int | float):
        value = raw
    else:
        # what people type: 32,000,000 or 32 000 000 or 32000000원
        cleaned = re.sub(r"[,\s_]|원$|KRW$", "", str(raw), flags=re.IGNORECASE)
        if not re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", cleaned):
            what = "a whole number" if field.kind == "integer" else "a number"
            raise _Bad(f"expected {what} such as 32000000 or 32,000,000, got {str(raw)!r}")
        value = float(cleaned) if "." in cleaned else int(cleaned)
    if field.kind == "integer":
        if isinstance(value, float):
            if not value.is_integer():
                raise _Bad(f"expected a whole number, got {raw!r}")
            value = int(value)
        return value
    return float(value)


def case_data(values: Mapping[str, Any], duties: list[tuple[Any, Any]]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The nested case data from flat values (by field path) and duty rows (task, share), with every problem
    found on the way as (field path, what was expected)."""
    data: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for field in FIELDS:
        try:
            value = _value(field, values.get(field.path))
        except _Bad as exc:
            problems.append((field.path, str(exc)))
            continue
        if value is None:
            continue
        if field.section:
            data.setdefault(field.section, {})[field.name] = value
        else:
            data[field.path] = value
    rows = []
    share_field = Field("share", "number")
    for task, share in duties:
        task_text = "" if task is None else str(task).strip()
        empty_share = share is None or (isinstance(share, str) and not share.strip())
        if not task_text and empty_share:
            continue
        where = f"position.duties[{len(rows)}]"
        if not task_text:
            problems.append((f"{where}.task", "expected the description of the duty beside its share"))
            continue
        if empty_share:
            problems.append((f"{where}.share", "expected the share of working time in percent (1 to 100)"))
            continue
        try:
            rows.append({"task": task_text, "share": _number(share_field, share)})
        except _Bad as exc:
            problems.append((f"{where}.share", str(exc)))
    if rows:
        data.setdefault("position", {})["duties"] = rows
    return data, problems


def case_of(values: Mapping[str, Any], duties: list[tuple[Any, Any]], where: str) -> Case:
    """A validated case from flat values; every problem (typing and the case's own checks) in one InputError."""
    data, problems = case_data(values, duties)
    if "code" not in data.get("position", {}) and not any(f == "position.code" for f, _ in problems):
        problems.insert(0, ("position.code", "expected the occupation code applied for, such as 2223"))
    if not problems:
        return case_from_data(data, where)
    # the values that were typed well may still break the case's own checks: name those problems too
    trial = {**data, "position": {"code": "000", **data.get("position", {})}}
    try:
        case_from_data(trial, where)
    except InputError as exc:
        typed = {f for f, _ in problems}
        problems += [(f or "", e) for f, e in exc.problems if f not in typed]
    (field, expected), *more = problems
    raise InputError(where, field, expected, more)


def flat(case_data: Mapping[str, Any]) -> dict[str, Any]:
    """Nested case data (a case file's) as flat values by field path: the form filled in again."""
    values: dict[str, Any] = {}
    for field in FIELDS:
        holder = case_data.get(field.section, {}) if field.section else case_data
        if isinstance(holder, Mapping) and holder.get(field.name) is not None:
            value = holder[field.name]
            if field.kind == "list" and isinstance(value, list | tuple):
                value = ", ".join(str(v) for v in value) if value else "none"
            values[field.path] = value
    return values


def nested(case: Case) -> dict[str, Any]:
    """A case as the nested data of docs/cases.md, without its empty fields (a report shows what was given)."""
    from engine.core.convert import unstructure

    def pruned(value: Any) -> Any:
        if isinstance(value, dict):
            kept = {k: pruned(v) for k, v in value.items() if v is not None and v != ""}
            return {k: v for k, v in kept.items() if v != {}}
        if isinstance(value, list | tuple):
            return [pruned(v) for v in value]
        return value

    return pruned(unstructure(case))
