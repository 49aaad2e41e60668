"""The check form (GET /, POST /check with its code picker, POST /edit) and the decision page it leads to."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from engine import service
from engine.service import FIELD_LABELS as LABELS
from engine.service import SECTIONS
from engine.web.pages import form_of, lang_of, render, session

router = APIRouter()
DUTY_ROWS = 6  # empty duty rows the form offers (more appear once these are filled)
MAX_DUTY_ROWS = 10


def groups() -> list[tuple[str, list[Any]]]:
    found: dict[str, list[Any]] = {name: [] for name in SECTIONS}
    for field in service.case_fields():
        found[field.section].append(field)
    return list(found.items())


def form_page(
    request: Request,
    values: dict[str, Any],
    duties: list[tuple[str, str]],
    as_of: str,
    errors: dict[str, str] | None = None,
    found: list[dict[str, Any]] | None = None,
    code_search: str = "",
    what_if: bool = False,
) -> HTMLResponse:
    on = _day(as_of)
    _, listed = service.codes(session(request), on)
    rows = [*duties, *[("", "")] * max(DUTY_ROWS - len(duties), 1)][: max(MAX_DUTY_ROWS, len(duties))]
    shown = {k: _text(v) for k, v in values.items()}
    return render(
        request,
        "check.html",
        status=422 if errors else 200,
        groups=groups(),
        values=shown,
        duties=rows,
        as_of=as_of,
        errors=errors or {},
        labels=LABELS,
        codes=listed,
        found=found,
        code_search=code_search,
        what_if=what_if,
    )


def _text(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


def _day(text: str) -> dt.date | None:
    try:
        return service.parse_day(text, "as_of") if text else None
    except service.InputError:
        return None


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def check_form(request: Request) -> HTMLResponse:
    today = service.today().isoformat()
    return form_page(request, {"filed_on": today}, [], today)


def _errors(exc: service.InputError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for field, expected in exc.problems:
        key = field or ""
        if key.startswith("position.duties") and key not in errors and "[" not in key:
            key = "position.duties"
        errors.setdefault(key, expected)
    return errors


@router.post("/check", response_class=HTMLResponse, include_in_schema=False)
async def check_case(request: Request) -> HTMLResponse:
    form = await form_of(request)
    paths = [f.path for f in service.case_fields()]
    values = {p: str(form.get(p) or "") for p in paths}
    duties = list(zip(form.getlist("duty_task"), form.getlist("duty_share"), strict=False))[:MAX_DUTY_ROWS]
    duties = [(str(task), str(share)) for task, share in duties]
    as_of = str(form.get("as_of") or "").strip()
    what_if = bool(form.get("what_if"))
    code_search = str(form.get("code_search") or "").strip()
    kept = [(t, s) for t, s in duties if t.strip() or s.strip()]
    if form.get("pick"):
        values["position.code"] = str(form.get("pick"))
        return form_page(request, values, kept, as_of, what_if=what_if)
    if form.get("action") == "find":
        _, found = service.codes(session(request), _day(as_of), code_search or None)
        listed = [
            {"code": c.code, "subcategory": c.subcategory, "title_ko": c.title_ko, "title_en": c.title_en}
            for c in found
        ]
        return form_page(request, values, kept, as_of, found=listed, code_search=code_search, what_if=what_if)
    errors: dict[str, str] = {}
    on = None
    if as_of:
        try:
            on = service.parse_day(as_of, "as_of")
        except service.InputError as exc:
            errors["as_of"] = exc.expected
    try:
        case = service.case_from_fields(values, duties, "form")
    except service.InputError as exc:
        return form_page(request, values, kept, as_of, {**_errors(exc), **errors}, what_if=what_if)
    if errors:
        return form_page(request, values, kept, as_of, errors, what_if=what_if)
    current = session(request)
    try:
        decision = service.check(current, case, on, "form")
    except service.InputError as exc:
        found = _errors(exc)
        if "--as-of" in found:
            found["as_of"] = found.pop("--as-of")
        return form_page(request, values, kept, as_of, found, what_if=what_if)
    return decision_page(request, case, decision, on, what_if)


def decision_page(
    request: Request, case: Any, decision: Any, on: dt.date | None, what_if: bool, status: int = 200
) -> HTMLResponse:
    current = session(request)
    lang = lang_of(request)
    changes = service.what_if(current, case, decision, on) if what_if else None
    return render(
        request,
        "decision.html",
        status=status,
        d=service.localized(current, decision, lang),
        margin=service.wage_margin(decision),
        changes=changes,
        case_json=json.dumps(service.case_data(case), ensure_ascii=False, default=str),
        as_of=on.isoformat() if on else "",
    )


@router.post("/edit", response_class=HTMLResponse, include_in_schema=False)
async def edit_case(request: Request) -> HTMLResponse:
    """The form filled in again from a decision page's case."""
    form = await form_of(request)
    data = posted_case(form)
    duties = [(d.get("task", ""), _text(d.get("share", ""))) for d in data.get("position", {}).get("duties") or []]
    return form_page(
        request, service.case_values(data), duties, str(form.get("as_of") or ""), what_if=bool(form.get("what_if"))
    )


def posted_case(form: Any) -> dict[str, Any]:
    """The case a decision page posts back (its hidden field), as nested case data."""
    try:
        data = json.loads(str(form.get("case_json") or ""))
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict):
        raise service.InputError("form", "case_json", "expected the case of the decision page; check the case again")
    return data
