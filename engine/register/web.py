"""The register's pages for the workbench (`e7 serve`): a FastAPI router the workbench's app mounts
(`app.include_router(router(...))`), with templates of its own (engine/register/templates/).

Pages: sign-in, the portfolio (workers, current outcome, next deadline), a worker's case page with its decision
history (each read recorded in the access log under the signed-in user), a re-check, and the deadlines (a table
and the iCalendar file). Accounts are the register's users with a password (argon2id); a session is an HttpOnly,
SameSite=Strict cookie holding a token of which the register keeps only the sha256. Every form carries a CSRF token
that must match its cookie.
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from engine import service
from engine.register import people
from engine.register.store import Register, open_register

SESSION_COOKIE = "e7_register_session"
CSRF_COOKIE = "e7_register_csrf"
TEMPLATES = Path(__file__).parent / "templates"
LANG_COOKIE = "e7_lang"  # the workbench's language cookie (engine/web/pages.py): one choice for every page

# the register pages' own words, English and Korean; outcomes and severities are the workbench's (engine.core.i18n)
WORDS: dict[str, tuple[str, str]] = {
    "register": ("Case register", "사례 대장"),
    "portfolio": ("Portfolio", "근로자 현황"),
    "deadlines": ("Deadlines", "기한"),
    "sign_out": ("Sign out", "로그아웃"),
    "recheck.all": ("Re-check every case as of today", "오늘 기준으로 모든 사례 재확인"),
    "worker": ("Worker", "근로자"),
    "kind": ("Kind", "종류"),
    "code": ("Code", "직종 코드"),
    "outcome.now": ("Current outcome", "현재 결과"),
    "next": ("Next deadline", "다음 기한"),
    "workers": ("worker(s)", "명"),
    "deadlines.within": ("Deadlines within {n} days", "{n}일 안의 기한"),
    "ics": ("iCalendar file", "iCalendar 파일"),
    "ics.help": ("(subscribe to it in a calendar).", "(달력 프로그램에서 구독할 수 있습니다)."),
    "date": ("Date", "날짜"),
    "what": ("What", "내용"),
    "todo": ("To do", "할 일"),
    "error": ("Error", "오류"),
    "not_done": ("Not done", "처리하지 못했습니다"),
    "sign_in": ("Sign in", "로그인"),
    "sign_in.title": ("Sign in to the case register", "사례 대장 로그인"),
    "sign_in.failed": ("The name or the password is wrong.", "이름 또는 비밀번호가 틀렸습니다."),
    "name": ("Name", "이름"),
    "password": ("Password", "비밀번호"),
    "recheck": ("Re-check", "재확인"),
    "recheck.result": (
        "Re-checked {cases} case(s): {changed} answer(s) changed.",
        "사례 {cases}건을 재확인했습니다: 결과가 바뀐 답 {changed}건.",
    ),
    "as_of": ("as of", "기준일"),
    "undecided": ("Could not be decided", "판정할 수 없음"),
    "forgotten_on": ("Personal data forgotten on", "개인정보 삭제일"),
    "on_code": ("on", "직종"),
    "due": ("Due", "다가오는 기한"),
    "decisions": ("Decision history", "판정 이력"),
    "record": ("Record", "기록"),
    "when_by": ("When, by", "일시, 처리자"),
    "question": ("Question", "질문"),
    "findings": ("Findings", "지적 사항"),
    "provenance": ("Provenance", "데이터 출처"),
    "forgotten": ("forgotten; rules", "삭제됨; 규칙"),
    "changed_since": ("Changed since record", "이전 기록 이후 변경:"),
    "override_by": ("Override by", "재량 판단:"),
    "signed_off_by": ("Signed off by", "검토 승인:"),
    "release": ("release", "데이터 릴리스"),
    "versions": ("Versions", "사례 판"),
    "saved": ("saved", "저장"),
    "by": ("by", "처리자"),
    "skip": ("Skip to content", "본문으로 건너뛰기"),
    "menu": ("Register", "사례 대장 메뉴"),
    "workbench": ("Workbench", "실무 도구"),
    "lang.switch": ("한국어", "English"),
    "data_release": ("Data release", "데이터 릴리스"),
}
# a worker's kind and a deadline's kind (engine/register/decisions.py, deadlines.py) as the pages name them
KINDS: dict[str, tuple[str, str]] = {
    "case": ("case", "사례"),
    "history": ("history", "체류 이력"),
    "filing": ("filing", "신청"),
    "renewal": ("renewal", "체류기간 연장"),
    "stay-ends": ("stay ends", "체류기간 만료"),
    "f2-7": ("F-2-7", "F-2-7 신청"),
    "f2-7-eligible": ("F-2-7 eligible", "F-2-7 신청 가능"),
    "code-retired": ("code retired", "직종 코드 삭제"),
    "code-renumbered": ("code renumbered", "직종 코드 변경"),
    "code-changed": ("code amended", "직종 내용 변경"),
}


class Words:
    """``t("key", n=3)`` in the register's templates; ``t.outcome(...)`` and ``t.severity(...)`` as the workbench."""

    def __init__(self, lang: str) -> None:
        from engine.core.i18n import Words as Workbench

        self.lang = lang
        self._i = 0 if lang == "en" else 1
        self._workbench = Workbench(lang)

    def __call__(self, key: str, **values: Any) -> str:
        text = WORDS[key][self._i]
        return text.format(**values) if values else text

    def outcome(self, value: str | None) -> str:
        return self._workbench.short(value) if value else "-"

    def severity(self, value: str) -> str:
        return self._workbench.severity(value)

    def kind(self, value: str | None) -> str:
        """A worker's or a deadline's kind; the English pages show the stored word itself."""
        if not value:
            return "-"
        return KINDS[value][1] if self._i and value in KINDS else value


class SignedOut(Exception):
    pass


def router(url: str | None = None, data: str | None = None, prefix: str = "/register") -> APIRouter:
    """The register's pages on the register at `url` (default $E7_DB, else the user's SQLite file), deciding
    with the data folder `data` (default: as every e7 command finds it)."""
    templates = Jinja2Templates(directory=str(TEMPLATES))
    routes = APIRouter(prefix=prefix)
    data_path = Path(data) if data else None

    def opened() -> Register:
        return open_register(url)

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
        from engine.core.i18n import pick

        token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        asked = request.query_params.get("lang")
        lang = pick(request.headers.get("accept-language"), asked, request.cookies.get(LANG_COOKIE))
        context = {"prefix": prefix, "csrf": token, "lang": lang, "t": Words(lang), **provenance(request)} | context
        response = templates.TemplateResponse(request, name, context, status_code=status)
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path=prefix)
        if asked in ("ko", "en"):
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=True)
        return response

    def provenance(request: Request) -> dict[str, Any]:
        """The active data release and e7's version, shown on every page as the workbench shows them (its session
        where the workbench mounts these pages, which picks up a newly installed release)."""
        sessions = getattr(request.app.state, "sessions", None)
        current = sessions.get() if sessions is not None else service.open_session(data)
        found = service.provenance(current)
        return {"release": found["release"], "engine": found["engine"]}

    def checked_form(request: Request, csrf: str) -> None:
        cookie = request.cookies.get(CSRF_COOKIE, "")
        if not cookie or not hmac.compare_digest(cookie, csrf):
            raise service.InputError("csrf", None, "expected the form's token to match its cookie (reload the page)")

    def user_of(request: Request, register: Register) -> str:
        token = request.cookies.get(SESSION_COOKIE)
        if not token:
            raise SignedOut
        with register.read() as db:
            user = people.session_user(db, token)
            if user is None:
                raise SignedOut
            return user.name

    def guarded(request: Request, action: Any) -> Response:
        register = opened()
        try:
            return action(register, user_of(request, register))
        except SignedOut:
            return RedirectResponse(f"{prefix}/login", status_code=303)
        except people.NotAllowed as error:
            return page(request, "register_error.html", {"message": str(error)}, 403)
        except service.E7Error as error:
            return page(request, "register_error.html", {"message": str(error)}, 400)
        finally:
            register.dispose()

    @routes.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> Response:
        return page(request, "register_login.html", {"failed": False})

    @routes.post("/login")
    def login(request: Request, name: str = Form(...), password: str = Form(...), csrf: str = Form("")) -> Response:
        try:
            checked_form(request, csrf)
        except service.InputError as error:
            return page(request, "register_error.html", {"message": str(error)}, 400)
        register = opened()
        try:
            with register.write() as db:
                token = people.sign_in(db, name, password)
        finally:
            register.dispose()
        if token is None:
            return page(request, "register_login.html", {"failed": True}, 401)
        response = RedirectResponse(f"{prefix}/", status_code=303)
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", path=prefix)
        return response

    @routes.post("/logout")
    def logout(request: Request, csrf: str = Form("")) -> Response:
        def out(register: Register, _user: str) -> Response:
            checked_form(request, csrf)
            with register.write() as db:
                people.sign_out(db, request.cookies.get(SESSION_COOKIE, ""))
            response = RedirectResponse(f"{prefix}/login", status_code=303)
            response.delete_cookie(SESSION_COOKIE, path=prefix)
            return response

        return guarded(request, out)

    @routes.get("/", response_class=HTMLResponse)
    def portfolio(request: Request, outcome: str | None = None, code: str | None = None) -> Response:
        from engine.register.workers import listing

        def show(register: Register, user: str) -> Response:
            rows = list(listing(register, outcome or None, code or None))
            return page(request, "register_portfolio.html", {"user": user, "rows": rows})

        return guarded(request, show)

    @routes.get("/workers/{key}", response_class=HTMLResponse)
    def worker(request: Request, key: str) -> Response:
        from engine.register.workers import show

        def shown(register: Register, user: str) -> Response:
            return page(request, "register_worker.html", {"user": user, "w": show(register, key, user)})

        return guarded(request, shown)

    @routes.post("/recheck", response_class=HTMLResponse)
    def recheck(request: Request, csrf: str = Form("")) -> Response:
        from engine.register.recheck import recheck as run

        def done(register: Register, user: str) -> Response:
            checked_form(request, csrf)
            result = run(register, data_path, service.today(), user)
            return page(request, "register_recheck.html", {"user": user, "result": result})

        return guarded(request, done)

    @routes.get("/deadlines", response_class=HTMLResponse)
    def deadlines(request: Request, within: int = 90) -> Response:
        from engine.register.deadlines import deadlines as found

        def table(register: Register, user: str) -> Response:
            rows = found(register, data_path, service.today(), max(1, min(within, 3650)))
            return page(request, "register_deadlines.html", {"user": user, "rows": rows, "within": within})

        return guarded(request, table)

    @routes.get("/deadlines.ics")
    def calendar(request: Request, within: int = 90) -> Response:
        from engine.register.deadlines import deadlines as found
        from engine.register.deadlines import ics

        def file(register: Register, _user: str) -> Response:
            on = service.today()
            payload = ics(found(register, data_path, on, max(1, min(within, 3650))), on)
            return Response(payload, media_type="text/calendar; charset=utf-8")

        return guarded(request, file)

    return routes
