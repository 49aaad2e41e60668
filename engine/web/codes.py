"""The codes in force on a date, and one code's page with its history."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from engine import service
from engine.web.pages import render, session

router = APIRouter()
SUBCATEGORIES = ("E-7-1", "E-7-2", "E-7-3", "E-7-4", "E-7-S")


def day(request: Request, name: str = "as_of") -> tuple[str, object]:
    text = (request.query_params.get(name) or "").strip()
    return (text, service.parse_day(text, name)) if text else (service.today().isoformat(), None)


@router.get("/codes", response_class=HTMLResponse, include_in_schema=False)
async def codes_page(request: Request) -> HTMLResponse:
    as_of, on = day(request)
    search = request.query_params.get("search") or None
    sub = request.query_params.get("subcategory") or None
    data = service.codes_data(session(request), on, search, sub)  # type: ignore[arg-type]
    return render(
        request, "codes.html", data=data, as_of=as_of, search=search, subcategory=sub, subcategories=SUBCATEGORIES
    )


@router.get("/codes/{code}", response_class=HTMLResponse, include_in_schema=False)
async def code_page(request: Request, code: str) -> HTMLResponse:
    as_of, on = day(request)
    current = session(request)
    data = service.code_data(current, code, on)  # type: ignore[arg-type]
    entry = data.get("code") if isinstance(data.get("code"), dict) else None
    text = service.code_text(current, code, on)  # type: ignore[arg-type]
    return render(request, "code.html", code=code.upper(), entry=entry, history=text, as_of=as_of, data=data)
