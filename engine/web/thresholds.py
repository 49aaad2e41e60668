"""The wage thresholds in force on a date."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from engine import service
from engine.web.codes import day
from engine.web.pages import render, session

router = APIRouter()


@router.get("/thresholds", response_class=HTMLResponse, include_in_schema=False)
async def thresholds_page(request: Request) -> HTMLResponse:
    as_of, on = day(request)
    return render(request, "thresholds.html", data=service.thresholds_data(session(request), on), as_of=as_of)  # type: ignore[arg-type]
