"""What changed in the catalogue between two dates."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from engine import service
from engine.web.pages import render, session

router = APIRouter()


@router.get("/diff", response_class=HTMLResponse, include_in_schema=False)
async def diff_page(request: Request) -> HTMLResponse:
    old = (request.query_params.get("from") or "").strip()
    new = (request.query_params.get("to") or "").strip()
    text, data = "", None
    if old and new:
        current = session(request)
        days = service.parse_day(old, "from"), service.parse_day(new, "to")
        data = service.diff_data(current, *days)
        text = service.diff_text(current, *days)
    return render(request, "diff.html", old=old, new=new, text=text, data=data)
