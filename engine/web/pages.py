"""What every page shares: its language, its CSRF token, the data release it names, rendering and errors."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import Any

import jinja2
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from engine import service
from engine.service import Words, pick

router = APIRouter()
LANG_COOKIE = "e7_lang"
CSRF_COOKIE = "e7_csrf"
TEMPLATES = Path(__file__).parent / "templates"

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader([TEMPLATES, service.shared_templates()]),
    autoescape=True,
    undefined=jinja2.ChainableUndefined,
)
_env.filters.update(service.template_filters())


def session(request: Request) -> service.Session:
    return request.app.state.sessions.get()


def lang_of(request: Request) -> str:
    return pick(
        request.headers.get("accept-language"), request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)
    )


def csrf_of(request: Request) -> str:
    return request.cookies.get(CSRF_COOKIE) or request.state.__dict__.setdefault("csrf", secrets.token_urlsafe(24))


async def form_of(request: Request) -> Any:
    """The posted form, after its CSRF token is checked against the cookie (403 otherwise)."""
    form = await request.form(max_part_size=request.app.state.settings.max_body)
    cookie = request.cookies.get(CSRF_COOKIE, "")
    given = str(form.get("csrf") or "")
    if not cookie or not hmac.compare_digest(cookie.encode(), given.encode()):
        raise HTTPException(403, "the form's security token does not match: reload the page and submit it again")
    return form


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = lang_of(request)
    current = session(request)
    prov = service.provenance(current)
    html = _env.get_template(name).render(
        t=Words(lang),
        lang=lang,
        root="",
        release=prov["release"],
        engine=prov["engine"],
        csrf=csrf_of(request),
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in ("ko", "en"):
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=True)
    if not request.cookies.get(CSRF_COOKIE):
        response.set_cookie(CSRF_COOKIE, csrf_of(request), samesite="strict", httponly=True)
    return response


def error_page(request: Request, exc: service.E7Error, status: int = 422) -> HTMLResponse:
    return render(request, "error.html", status=status, lines=str(exc).splitlines())


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
async def api_docs(request: Request) -> HTMLResponse:
    """The API's reference, read from its OpenAPI schema (no script from elsewhere)."""
    schema = request.app.openapi()
    return render(request, "api.html", schema=schema)
