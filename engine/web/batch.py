"""The spreadsheet page: download the template, upload a CSV/XLSX of cases, see the outcomes, download them."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from engine import service
from engine.web.pages import form_of, render, session

router = APIRouter()
MEDIA = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
    ".jsonl": "application/x-ndjson",
}
ORDER = ("ready", "at_risk", "needs_information", "ineligible", "error")


def download(content: bytes, suffix: str, stem: str) -> Response:
    return Response(
        content, media_type=MEDIA[suffix], headers={"content-disposition": f'attachment; filename="{stem}{suffix}"'}
    )


@router.get("/batch/template.xlsx", include_in_schema=False)
async def template_xlsx() -> Response:
    return download(service.spreadsheet_template(".xlsx"), ".xlsx", "e7-cases")


@router.get("/batch/template.csv", include_in_schema=False)
async def template_csv() -> Response:
    return download(service.spreadsheet_template(".csv"), ".csv", "e7-cases")


@router.get("/batch", response_class=HTMLResponse, include_in_schema=False)
async def batch_form(request: Request) -> HTMLResponse:
    return _page(request, None)


def _page(request: Request, results: list | None, as_of: str = "", status: int = 200) -> HTMLResponse:
    counted = Counter(r.outcome for r in results or [])
    rows = [
        {
            "row": r.row.number,
            "case": r.decision.case if r.decision else (r.row.case.id if r.row.case else r.row.id),
            "outcome": r.outcome,
            "error": r.error,
            "findings": [(f.severity, f.rule) for f in r.decision.findings if f.severity != "advice"]
            if r.decision
            else [],
        }
        for r in results or []
    ]
    return render(
        request,
        "batch.html",
        status=status,
        results=rows if results is not None else None,
        summary=[(name, counted[name]) for name in ORDER if counted[name]],
        as_of=as_of,
        max_rows=request.app.state.settings.max_rows,
    )


@router.post("/batch", include_in_schema=False)
async def batch_check(request: Request) -> Response:
    form = await form_of(request)
    upload = form.get("file")
    if upload is None or isinstance(upload, str) or not upload.filename:
        raise service.InputError("file", None, "expected a spreadsheet to upload (.xlsx or .csv)")
    content = await upload.read()
    as_of = str(form.get("as_of") or "").strip()
    on = service.parse_day(as_of, "as_of") if as_of else None
    rows = service.read_spreadsheet(content, upload.filename, request.app.state.settings.max_rows)
    results = service.check_rows(session(request), rows, on)
    wanted = str(form.get("format") or "page")
    if wanted in ("xlsx", "csv"):
        return download(service.results_file(results, f".{wanted}"), f".{wanted}", "e7-results")
    return _page(request, results, as_of)
