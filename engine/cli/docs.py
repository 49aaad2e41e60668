"""`e7 docs build` and `e7 docs serve`: the published explanations (engine/site/build.py)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from engine import service

if TYPE_CHECKING:
    from engine.service import DataDir


def add_commands(commands: argparse._SubParsersAction) -> None:
    docs = commands.add_parser(
        "docs",
        help="build or serve the published site (MkDocs Material)",
        description="Generate the pages for every snapshot, code, ruleset version, catalogue version and worked "
        "example from the data, beside the hand-written pages of docs/ (the shipped ones when the data folder has "
        "no docs/ or examples/), and build the site with mkdocs --strict. Text from case files and data is escaped.",
    )
    actions = docs.add_subparsers(dest="docs_command", metavar="ACTION", required=True, parser_class=type(docs))
    build = actions.add_parser("build", help="build the site into a folder")
    build.add_argument(
        "--output",
        metavar="DIR",
        default="build/site",
        help="where to write the site: a new or empty folder, or one e7 built before (default build/site)",
    )
    build.set_defaults(handler=_build)
    serve = actions.add_parser("serve", help="build the site and serve it on this machine")
    serve.add_argument("--output", metavar="DIR", default="build/site", help="where to build the site first")
    serve.add_argument("--port", type=_port, default=8000, help="port on 127.0.0.1 (default 8000)")
    serve.set_defaults(handler=_serve)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 1 to 65535, got {port}")
    return port


def _build(args: argparse.Namespace, data: DataDir) -> int:
    took = service.build_site(service.Session(data), Path(args.output))
    output = Path(args.output).resolve()
    home = output / "index.html"
    # name the home page only when it was written (a data folder's own docs/ may have none)
    shown = home if home.is_file() else f"{output}{os.sep} (no index.html: the docs folder has no index.md)"
    print(f"site built in {took.total_seconds():.1f} s: {shown}", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace, data: DataDir) -> int:
    import functools
    import http.server

    from engine.service import InputError

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(Path(args.output).resolve()))
    try:  # take the port before the build: a port in use is known at once, not after the build
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as exc:
        raise InputError(
            "--port", None, f"expected a free port on 127.0.0.1, {args.port} cannot be used ({exc.strerror or exc})"
        ) from None
    with server:
        _build(args, data)
        print(f"serving on http://127.0.0.1:{server.server_port}/ (Ctrl-C to stop)", file=sys.stderr)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0
