"""`e7 serve`: the officer's workbench (pages and the HTTP API, engine/web/) on this machine.

It listens on 127.0.0.1 unless told otherwise; any other address needs a token (``--token`` or ``E7_TOKEN``)
that every request must carry. The server is uvicorn; with ``--workers`` 2 or more it runs that many processes,
each building the app from the environment (``E7_DATA``, ``E7_TOKEN``).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from engine.service import InputError

if TYPE_CHECKING:
    from engine.service import DataDir

MAX_WORKERS = 16


def add_commands(commands: Any) -> None:
    p = commands.add_parser(
        "serve",
        help="run the officer's workbench: web pages and the HTTP API (/api/v1)",
        description="Serve the workbench: check a case in a form (Korean or English), the decision with what would "
        "change it, a printable report and PDF, spreadsheets of cases in and out, codes, thresholds, catalogue diffs, "
        "histories, and the HTTP API under /api/v1 (its reference at /docs). Listens on 127.0.0.1 by default; any "
        "other host requires a token (--token or E7_TOKEN) on every request (Authorization: Bearer TOKEN).",
    )
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8000, help="the port (default 8000)")
    p.add_argument("--workers", type=_workers, default=1, metavar="N", help=f"server processes, 1 to {MAX_WORKERS}")
    p.add_argument("--token", help="the token every request must carry (or E7_TOKEN); required off 127.0.0.1")
    p.set_defaults(handler=run_serve)


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"expected a port from 1 to 65535, got {text!r}")
    return int(text)


def _workers(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"expected 1 to {MAX_WORKERS} worker processes, got {text!r}")
    return int(text)


def run_serve(args: argparse.Namespace, data: DataDir) -> int:
    import uvicorn

    from engine.web.app import TOKEN_ENV, needs_token

    token = args.token or os.environ.get(TOKEN_ENV) or None
    if needs_token(args.host) and not token:
        raise InputError(
            "--host", None, f"expected --token TOKEN (or {TOKEN_ENV}) to listen on {args.host}: others could reach it"
        )
    if args.data:  # the server processes read it from the environment; else they follow the active release
        os.environ["E7_DATA"] = str(data.root)
    if token:
        os.environ[TOKEN_ENV] = token
    print(f"e7 serve: http://{args.host}:{args.port}/ (API at /api/v1, reference at /docs)", file=sys.stderr)
    uvicorn.run(
        "engine.web.app:from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=False,
        log_level="warning",
    )
    return 0
