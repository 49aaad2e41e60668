"""The workbench's ASGI app: pages (Jinja2, no JavaScript), the HTTP API under /api/v1, health checks.

One guard wraps every request (``Guard``): the token where the server listens beyond this machine, the body size
limit (413), a few security headers, and one structured log line per request that holds no case data (method,
path without its query, status, time, sizes). Forms carry a CSRF token that must match their cookie; the API
accepts only JSON, JSONL, CSV or XLSX bodies, which a page on another site cannot send without the browser
asking first. Nothing a user submits is written to disk: uploads stay in memory (they are within the body
limit), and decisions are rendered, never stored.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import attrs
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.formparsers import MultiPartParser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine import service

HERE = Path(__file__).parent
TOKEN_ENV = "E7_TOKEN"
MAX_BODY = 4 * 1024 * 1024  # bytes: a spreadsheet of a thousand cases is far smaller
MAX_ROWS = 1000  # cases in one uploaded spreadsheet or API batch
RELEASE_RECHECK = 5.0  # seconds between looks for a newly installed data release
LOOPBACK = ("127.0.0.1", "localhost", "::1")
log = logging.getLogger("e7.web")


@attrs.frozen
class Settings:
    data: str | None = None  # the data folder (--data / E7_DATA), else the active release
    token: str | None = None  # required on every request when set
    max_body: int = MAX_BODY
    max_rows: int = MAX_ROWS


def needs_token(host: str) -> bool:
    """Any address but this machine's loopback is reachable by others: a token is required there."""
    return host not in LOOPBACK and not host.startswith("127.")


class TooLarge(Exception):
    pass


class Guard:
    """Token, body limit, security headers and the request's log line, around the whole app."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state: dict[str, Any] = {"status": 0, "sent": 0, "received": 0, "started": False}
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                state["started"] = True
                extra = [
                    *state.get("cookies", []),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"content-security-policy", b"default-src 'self'; style-src 'self' 'unsafe-inline'"),
                    (b"cache-control", b"no-store"),
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            elif message["type"] == "http.response.body":
                state["sent"] += len(message.get("body", b""))
            await send(message)

        async def receiving() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > self.settings.max_body:
                    raise TooLarge
            return message

        try:
            authorised = self._authorised(scope, headers)
            cookie = scope.get("state", {}).get("token_cookie")
            if cookie:
                state["cookies"] = [(b"set-cookie", cookie.encode("latin-1"))]
            if not authorised:
                await _plain(
                    sending, 401, "a token is required: send Authorization: Bearer TOKEN, or open /?token=TOKEN once"
                )
            elif int(headers.get("content-length") or 0) > self.settings.max_body:
                await _plain(sending, 413, f"the body is larger than the limit of {self.settings.max_body} bytes")
            else:
                await self.app(scope, receiving, sending)
        except TooLarge:
            if not state["started"]:
                await _plain(sending, 413, f"the body is larger than the limit of {self.settings.max_body} bytes")
        finally:
            log.info(
                json.dumps(
                    {
                        "method": scope.get("method"),
                        "path": scope.get("path"),
                        "status": state["status"],
                        "ms": round((time.perf_counter() - started) * 1000, 2),
                        "in": state["received"],
                        "out": state["sent"],
                    },
                    separators=(",", ":"),
                )
            )

    def _authorised(self, scope: Scope, headers: dict[str, str]) -> bool:
        token = self.settings.token
        if not token:
            return True
        given = headers.get("authorization", "")
        if given.lower().startswith("bearer "):
            return hmac.compare_digest(given[7:].strip().encode(), token.encode())
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "e7_token":
                return hmac.compare_digest(value.encode(), token.encode())
        # a browser's first visit: /?token=TOKEN, then the cookie carries it (the link is given once, by hand)
        given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
        if given and hmac.compare_digest(given.encode(), token.encode()):
            cookie = f"e7_token={token}; HttpOnly; SameSite=Strict; Path=/"
            scope.setdefault("state", {})["token_cookie"] = cookie
            return True
        return False


async def _plain(send: Send, status: int, text: str) -> None:
    body = json.dumps({"detail": [{"field": None, "message": text}], "message": text}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Sessions:
    """The service session, swapped for a new one when another data release becomes active."""

    def __init__(self, data: str | None) -> None:
        self.data = data
        self.session = service.open_session(data)
        self.checked = time.monotonic()

    def get(self) -> service.Session:
        if self.data is None and time.monotonic() - self.checked > RELEASE_RECHECK:
            self.checked = time.monotonic()
            self.session = service.active_release(self.session)
        return self.session


def create_app(settings: Settings | None = None) -> FastAPI:
    from engine.web import api, batch, check, codes, diff, history, pages, report, thresholds

    settings = settings or Settings(data=os.environ.get("E7_DATA"))
    # uploads stay in memory: a part larger than this would be spooled to a temporary file
    MultiPartParser.spool_max_size = settings.max_body + 1
    app = FastAPI(
        title="e7 workbench API",
        version=service.provenance(service.open_session(settings.data))["engine"]["version"],
        description="Check E-7 cases as of a date; the JSON contracts of docs/json.md.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.sessions = Sessions(settings.data)
    _ = app.state.sessions.session.evaluator  # loaded before the first request: ready means fast
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (check, report, batch, codes, thresholds, diff, history, api, pages):
        app.include_router(module.router)
    # the case register's pages (portfolio, a worker's decisions, re-check, deadlines) on the register $E7_DB
    # names, else the user's (docs/register.md); a register not yet made says so on its pages
    from engine.register.web import router as register_pages

    app.include_router(register_pages(data=settings.data))

    @app.exception_handler(service.InputError)
    async def bad_input(request: Request, exc: service.InputError) -> Any:
        if request.url.path.startswith("/api/"):
            return api.problem(exc)
        return pages.error_page(request, exc)

    @app.exception_handler(service.E7Error)
    async def not_answerable(request: Request, exc: service.E7Error) -> Any:
        if isinstance(exc, service.InputError):
            return await bad_input(request, exc)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": [{"field": None, "message": str(exc)}], "message": str(exc)}, 422)
        return pages.error_page(request, exc)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"field": ".".join(str(p) for p in e["loc"] if p not in ("body", "query", "path")), "message": e["msg"]}
            for e in exc.errors()
        ]
        text = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
        return JSONResponse({"detail": problems, "message": text}, status_code=422)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> JSONResponse:
        session = request.app.state.sessions.get()
        _ = session.evaluator  # loaded: the first check will not pay for it
        return JSONResponse({"status": "ready", **service.provenance(session)})

    return Guard(app, settings)  # type: ignore[return-value]


def configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def from_environment() -> Any:
    """The app as `e7 serve` starts it in each server process: data folder and token from the environment."""
    configure_logging()
    return create_app(Settings(data=os.environ.get("E7_DATA") or None, token=os.environ.get(TOKEN_ENV) or None))
