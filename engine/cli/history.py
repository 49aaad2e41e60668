"""`e7 history FILE`: a worker's code history, the next renewal and F-2-7, as text, JSON or Markdown.

The checks live in ``engine/history/``, the forms of the report in ``engine/views/history.py``; this module
registers the command and calls the service layer.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from engine import service
from engine.views.history import to_markdown, to_text

if TYPE_CHECKING:
    from engine.service import DataDir


def add_commands(commands: Any) -> None:
    from engine.cli.main import _add_format

    p = commands.add_parser(
        "history",
        help="check a worker's code history, the next renewal and F-2-7",
        description="Check a history file (TOML or JSON, docs/history.md): each stay against the catalogue and "
        "thresholds in force on its start date, gaps, overlaps and code changes, certified income against the "
        "declared salary, the renewal on plan.renewal_on and the F-2-7 points on plan.f27_on.",
    )
    p.add_argument("file", metavar="FILE", help="a history file (.toml or .json)")
    _add_format(p, ("text", "json", "markdown"))
    p.add_argument(
        "--lang", choices=("en", "ko"), default="en", help="language of the report: its words and the rules' texts"
    )
    p.set_defaults(handler=run_history)


def run_history(args: argparse.Namespace, data: DataDir) -> int:
    from pathlib import Path

    session = service.Session(data)
    history = service.read_history(Path(args.file), args.file)
    report = service.plan_history(session, history, args.file, args.lang)
    if args.format == "json":
        sys.stdout.write(service.dumps(service.history_data(report) | service.provenance(session)))
        return 0
    render = to_markdown if args.format == "markdown" else to_text
    sys.stdout.write(render(report, args.lang) + "\n" + service.provenance_line(session) + "\n")
    return 0
