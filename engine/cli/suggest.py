"""`e7 suggest`: rank the codes in force on a date for duties given as text or taken from a case.

Each duty is matched against every code (``engine/duties/matching.py``); a code's alignment is the share of working
time whose duties fit it (``engine/duties/alignment.py``). Only codes that some duty fits on its own evidence are
suggested, ranked by alignment, then by how strongly the duties match; a duty that reads as work outside the
list (``catalogue/outside-list.toml``) is reported as such and suggests nothing. The Korean analyser is
imported inside the handler: other commands never load it.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from engine import service
from engine.service import InputError
from engine.views.suggest import _report, parse_duties, to_json, to_text

if TYPE_CHECKING:
    from engine.service import DataDir


def add_commands(commands: Any) -> None:
    from engine.cli.main import _add_as_of, _add_format, _positive

    p = commands.add_parser(
        "suggest",
        help="rank the codes whose descriptions fit duties (free text or a case)",
        description="Rank the codes in force on a date for duties: each TEXT is one duty, in English or Korean, "
        "optionally TEXT=SHARE (percent of working time; duties without a share split the rest equally). With "
        "--case, the duties of a case file are ranked as of its filing date (or --as-of), beside the code it "
        "applies for. A code's alignment is the share of working time whose duties fit it; only codes some duty "
        "fits are suggested, and a duty that reads as work outside the E-7 list (cleaning, packing, driving, ...) "
        "is named as such and suggests nothing.",
    )
    p.add_argument("texts", nargs="*", metavar="TEXT", help='a duty, e.g. "edit SNS videos=80"')
    p.add_argument("--case", metavar="CASE", help="a case file (.toml or .json) whose duties to rank")
    _add_as_of(p)
    p.add_argument("--top", type=_positive, default=5, metavar="N", help="how many codes to show (default 5)")
    _add_format(p)
    p.set_defaults(handler=run_suggest)


def run_suggest(args: argparse.Namespace, data: DataDir) -> int:
    from pathlib import Path

    from engine.service import CODE_PATTERN, today

    if args.case and args.texts:
        raise InputError("e7 suggest", None, "expected either duties as TEXT or --case CASE, not both")
    if not args.case and not args.texts:
        raise InputError("e7 suggest", None, 'expected at least one duty as TEXT (e.g. "edit SNS videos") or --case')
    session = service.Session(data)
    applied_code: str | None = None
    case_id: str | None = None
    if args.case:
        case = service.read_case(Path(args.case), args.case)
        if not case.position.duties:
            raise InputError(args.case, "position.duties", "expected the duties to rank (each task with its share)")
        duties: list[Any] = list(case.position.duties)
        on = args.as_of or case.filed_on or today()
        applied_code = case.position.code if CODE_PATTERN.fullmatch(case.position.code) else None
        case_id = case.id
    else:
        duties = parse_duties(args.texts)
        on = args.as_of or today()
    snapshot, result = service.suggest(session, duties, on, applied_code)
    ref = service.snapshot_ref(session, snapshot)
    report = _report(result, ref, on, duties, args.top, case_id, applied_code)
    if args.format == "json":
        sys.stdout.write(to_json(report | service.provenance(session)))
    else:
        sys.stdout.write(to_text(report) + "\n" + service.provenance_line(session) + "\n")
    return 0
