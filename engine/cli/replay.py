"""`e7 replay DECISION.json`: re-run a stored decision with the data release it names, or today's
(engine/rules/replay.py, docs/releases.md)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from engine import __version__, service

if TYPE_CHECKING:
    from engine.service import DataDir


def add_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "replay",
        help="re-run a stored decision with the data release it names and report any difference",
        description="Read a decision e7 check --format json wrote (with --embed-case, or give the case with "
        "--case), run its case again as of its date with the data release it names (found in the local release "
        "store, or the data in use when it is that release) and print 'same' or each difference: outcome, "
        "findings added, removed or changed, suggested codes. With --current, compare with the release in use "
        "today instead. Only data is replayed: the code is this e7's, and the report says so when the decision "
        "names another version. Exit status 0 when the same, 1 when different, 2 for bad input.",
    )
    p.add_argument("decision", metavar="DECISION.json", help="a decision as e7 check --format json wrote it")
    p.add_argument("--case", metavar="CASE", help="the case file, when the decision does not embed it")
    p.add_argument(
        "--current", action="store_true", help="compare with today's release (the one in use) instead of its own"
    )
    p.set_defaults(handler=_replay)


def _replay(args: argparse.Namespace, data: DataDir) -> int:
    case_file = Path(args.case) if args.case else None
    stored, result = service.replay_decision(
        service.Session(data), Path(args.decision), args.decision, case_file, args.case or "", args.current
    )
    answer = stored.answer
    print(f"Replay of the decision on case {answer.get('case')} as of {stored.as_of} ({args.decision})")
    print(
        f"  made with:     data release {stored.release_id} (sha256 {stored.release_sha256[:16]}...), e7 "
        f"{stored.version}"
    )
    print(
        f"  replayed with: data release {result.release_id} (sha256 {result.release_sha256[:16]}...), e7 "
        f"{__version__}{' (--current)' if args.current else ''}"
    )
    for note in result.notes:
        print(f"  note: {note}")
    if result.same:
        print(f"same: outcome {answer.get('outcome')}, {len(answer.get('findings', []))} finding(s), no difference")
        return 0
    print(f"different ({len(result.differences)}):")
    for line in result.differences:
        print(f"  {line}")
    return 1
