"""The printable report of a decision (POST /report): an HTML page, or the same as a PDF download."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from engine import service
from engine.web.check import posted_case
from engine.web.pages import form_of, lang_of, session

router = APIRouter()


def file_name(case_id: str, as_of: str, suffix: str) -> str:
    """A download name made only of safe characters, whatever the case's id holds."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", case_id).strip("-.")[:60] or "case"
    return f"e7-report-{stem}-{as_of}.{suffix}"


@router.post("/report", include_in_schema=False)
async def report(request: Request) -> Response:
    form = await form_of(request)
    case = service.case_from(posted_case(form), "report")
    as_of = str(form.get("as_of") or "")
    on = service.parse_day(as_of, "as_of") if as_of else None
    current = session(request)
    decision = service.check(current, case, on, "report")
    changes = service.what_if(current, case, decision, on) if form.get("what_if") else []
    lang = lang_of(request)
    if form.get("format") == "pdf":
        pdf = service.report_pdf(current, case, decision, lang, changes)
        name = file_name(decision.case, decision.as_of, "pdf")
        return Response(
            pdf, media_type="application/pdf", headers={"content-disposition": f'attachment; filename="{name}"'}
        )
    return HTMLResponse(service.report_html(current, case, decision, lang, changes))
