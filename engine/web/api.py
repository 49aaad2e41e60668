"""The HTTP API under /api/v1: the JSON contracts of the CLI (docs/json.md).

Bad input is a 422 whose ``detail`` lists every problem as ``{"field", "message"}`` and whose ``message`` is
the CLI's own text (naming the field and what was expected); an oversize body is a 413 (app.py). Bodies are
JSON (``application/json``), or for /batch JSONL, CSV or XLSX: a page elsewhere cannot post those without the
browser asking this server first, which it never allows.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from engine import service
from engine.web.batch import MEDIA
from engine.web.pages import session

router = APIRouter(prefix="/api/v1", tags=["e7"])
JSON_TYPES = ("application/json",)
BATCH_TYPES = {
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/json-lines": ".jsonl",
    "text/csv": ".csv",
    MEDIA[".xlsx"]: ".xlsx",
}


def problem(exc: service.InputError, status: int = 422) -> JSONResponse:
    detail = [{"where": exc.where, "field": field, "message": expected} for field, expected in exc.problems]
    return JSONResponse({"detail": detail, "message": str(exc)}, status_code=status)


def _media(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _json(request: Request) -> Any:
    if _media(request) not in JSON_TYPES:
        raise service.InputError("body", None, "expected Content-Type: application/json")
    raw = await request.body()
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise service.InputError("body", None, f"expected a JSON object ({exc})") from None


def _day(text: str | None, name: str) -> dt.date | None:
    return service.parse_day(text, name) if text else None


CHECK_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": 'A case as in docs/cases.md, or {"case": CASE, "as_of": DATE, "what_if": '
                    'BOOL, "lang": "ko"|"en"}',
                }
            }
        },
    }
}


@router.post("/check", summary="Check one case as of a date", openapi_extra=CHECK_BODY)
async def check(
    request: Request,
    as_of: str | None = Query(None, description="YYYY-MM-DD (default: the case's filed_on)"),
    what_if: bool = Query(False, description="add the nearest changes that pass, each re-evaluated"),
    lang: str = Query("en", pattern="^(en|ko)$", description="language of the rules' texts"),
) -> JSONResponse:
    """The decision (docs/json.md); with `what_if`, a `what_if` list of changes that pass."""
    body = await _json(request)
    if isinstance(body, dict) and isinstance(body.get("case"), dict):
        as_of = body.get("as_of", as_of)
        what_if = bool(body.get("what_if", what_if))
        lang = body.get("lang", lang) if body.get("lang") in ("en", "ko") else lang
        body = body["case"]
    if as_of is not None and not isinstance(as_of, str):
        raise service.InputError("body", "as_of", f"expected a date as YYYY-MM-DD, got {as_of!r}")
    on = _day(as_of, "as_of")
    case = service.case_from(body, "body")
    current = session(request)
    decision = service.check(current, case, on, "body")
    answer = service.decision_data(service.localized(current, decision, lang))
    if what_if:
        answer["what_if"] = service.what_if_data(service.what_if(current, case, decision, on))
    return JSONResponse(answer)


@router.post("/suggest", summary="Rank the codes that fit duties")
async def suggest(request: Request) -> JSONResponse:
    """Body: {"duties": ["TEXT=SHARE", ...] or [{"task", "share"}], "as_of": DATE, "code": CODE, "top": N}."""
    body = await _json(request)
    if not isinstance(body, dict) or not isinstance(body.get("duties"), list) or not body["duties"]:
        raise service.InputError(
            "body", "duties", 'expected a list of duties ("TEXT" or "TEXT=SHARE" or {task, share})'
        )
    texts = []
    for n, duty in enumerate(body["duties"]):
        if isinstance(duty, str):
            texts.append(duty)
        elif isinstance(duty, dict) and isinstance(duty.get("task"), str):
            share = duty.get("share")
            texts.append(f"{duty['task']}={share}" if share is not None else duty["task"])
        else:
            raise service.InputError("body", f"duties[{n}]", 'expected a text or {"task": TEXT, "share": NUMBER}')
    top = body.get("top", 5)
    if not isinstance(top, int) or isinstance(top, bool) or not 1 <= top <= 50:
        raise service.InputError("body", "top", f"expected a whole number from 1 to 50, got {top!r}")
    on = _day(body.get("as_of"), "as_of") if isinstance(body.get("as_of"), str) else None
    return JSONResponse(service.suggest_data(session(request), texts, on, top))


@router.post("/history", summary="Plan a worker's code history")
async def history(
    request: Request,
    lang: str = Query("en", pattern="^(en|ko)$", description="language of the rules' texts in the findings"),
) -> JSONResponse:
    """Body: a history as in docs/history.md (JSON). Answer: `e7 history --format json` (`--lang`)."""
    body = await _json(request)
    current = session(request)
    report = service.plan_history(current, service.history_from(body, "body"), "body", lang)
    return JSONResponse(service.history_data(report))


@router.post(
    "/batch",
    summary="Check many cases: JSONL, CSV or XLSX in; JSONL or XLSX out",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in BATCH_TYPES},
        }
    },
)
async def batch(
    request: Request,
    as_of: str | None = Query(None, description="YYYY-MM-DD (default: each case's filed_on)"),
    format: str = Query("jsonl", pattern="^(jsonl|xlsx|csv)$", description="the answer's form"),
) -> Response:
    """One decision per case in input order; a bad case is answered in its own line or row."""
    suffix = BATCH_TYPES.get(_media(request))
    if suffix is None:
        raise service.InputError("body", None, f"expected Content-Type one of {', '.join(BATCH_TYPES)}")
    if "spreadsheetml" in request.headers.get("accept", ""):
        format = "xlsx"
    on = _day(as_of, "as_of")
    content = await request.body()
    limit = request.app.state.settings.max_rows
    if suffix == ".jsonl":
        rows = service.jsonl_rows(content, "body", limit)
    else:
        rows = service.read_spreadsheet(content, f"body{suffix}", limit)
    results = service.check_rows(session(request), rows, on)
    out = f".{format}"
    return Response(service.results_file(results, out), media_type=MEDIA[out])


@router.get("/codes", summary="The codes in force on a date")
async def codes(
    request: Request,
    as_of: str | None = Query(None, description="YYYY-MM-DD (default: today in Korea)"),
    search: str | None = Query(None, max_length=200),
    subcategory: str | None = Query(None, pattern="^E-7-(1|2|3|4|S)$"),
) -> JSONResponse:
    return JSONResponse(service.codes_data(session(request), _day(as_of, "as_of"), search, subcategory))


@router.get("/codes/{code}", summary="One code in full, with its history")
async def code(request: Request, code: str, as_of: str | None = Query(None)) -> JSONResponse:
    return JSONResponse(service.code_data(session(request), code, _day(as_of, "as_of")))


@router.get("/thresholds", summary="The wage thresholds in force on a date")
async def thresholds(request: Request, as_of: str | None = Query(None)) -> JSONResponse:
    return JSONResponse(service.thresholds_data(session(request), _day(as_of, "as_of")))


@router.get("/diff", summary="What changed in the catalogue between two dates")
async def diff(
    request: Request,
    from_: str = Query(..., alias="from", description="YYYY-MM-DD"),
    to: str = Query(..., description="YYYY-MM-DD"),
) -> JSONResponse:
    old, new = service.parse_day(from_, "from"), service.parse_day(to, "to")
    return JSONResponse(service.diff_data(session(request), old, new))
