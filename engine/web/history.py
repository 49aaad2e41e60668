"""A worker's code history pasted as TOML or JSON, and the planner's answer."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from engine import service
from engine.web.pages import form_of, lang_of, render, session

router = APIRouter()


@router.get("/history", response_class=HTMLResponse, include_in_schema=False)
async def history_form(request: Request) -> HTMLResponse:
    return render(request, "history.html", text="", report="", errors=[])


@router.post("/history", response_class=HTMLResponse, include_in_schema=False)
async def history_plan(request: Request) -> HTMLResponse:
    form = await form_of(request)
    text = str(form.get("text") or "")
    try:
        history = service.history_from_text(text, "history")
        lang = lang_of(request)
        report = service.history_text(service.plan_history(session(request), history, "history", lang), lang)
    except service.InputError as exc:
        return render(request, "history.html", status=422, text=text, report="", errors=str(exc).splitlines())
    return render(request, "history.html", text=text, report=report, errors=[])
