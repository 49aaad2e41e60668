"""The `e7` command. Exit status: 0 it ran, 2 bad input or usage (one line), 1 internal error."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from engine import __version__
from engine.catalogue import Catalogue
from engine.convert import parse_date
from engine.data import ENV_VAR, locate
from engine.errors import E7Error, InputError
from engine.model import SUBCATEGORIES
from engine.today import today

DESCRIPTION = """\
e7 checks Korean E-7 work-visa cases as of a date against the Ministry of Justice occupation list,
thresholds and rules in force then, and explains every finding with its rule, source and facts. The
catalogue is held as dated snapshots made by notices; every answer names the snapshot and rules it used.
"""

EPILOG = f"""\
Data: by default e7 uses the active data release installed with `e7 data install` (in $E7_HOME, else the
user data folder), else the data shipped with it; --data DIR or ${ENV_VAR} points it at a folder holding
catalogue/, rulesets/ and changelog/ (a maintainer's working copy) and wins over both. Every output names
the data release (release.toml's id and sha256) and e7's version: docs/releases.md.
Exit status: 0 when the command ran, 2 for bad input or usage, 1 for an internal error.
"""


COMMAND_MODULES: tuple[str, ...] = (
    "docs", "history", "catalogue", "impact", "suggest", "data", "replay", "coverage", "register",
)


def _exit_now(status: int) -> NoReturn:
    """End an interrupted batch at once. Its clean-up has run (the exception unwound every ``finally``: the
    output discarded); what is left are the threads of a process pool whose workers were stopped, which Python's
    exit would join and could wait on forever (a feeder thread blocked on a pipe no worker reads)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


class UsageError(E7Error):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2 (argparse prints usage on two or more)
        raise UsageError(f"{message} (see `{self.prog} --help`)")


class _Version(argparse.Action):
    """``e7 --version``: e7's version, the matcher's, and the data release in use (its id and manifest sha256)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from engine import MATCHER_VERSION
        from engine.release import release_info

        data = locate(getattr(namespace, "data", None))
        info = release_info(data)
        sha = info.sha256 or "none (no release.toml)"
        print(f"e7 {__version__} (matcher {MATCHER_VERSION})")
        print(f"data release {info.id}, manifest sha256 {sha}, from {data.root}")
        parser.exit(0)


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


AS_OF_HELP = "the date whose rules apply, YYYY-MM-DD (default: today in Korea)"


def _add_as_of(p: argparse.ArgumentParser, help: str = AS_OF_HELP) -> None:
    p.add_argument("--as-of", type=_date, metavar="DATE", help=help)


def _add_format(
    p: argparse.ArgumentParser, choices: Sequence[str] = ("text", "json"), help: str = "output form (default: text)"
) -> None:
    p.add_argument("--format", choices=choices, default="text", help=help)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def _jobs(text: str) -> int:
    from engine.batch import MAX_JOBS

    value = _positive(text)
    if value > MAX_JOBS:
        raise argparse.ArgumentTypeError(f"expected at most {MAX_JOBS} worker processes, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="e7", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show e7's version and the data release, then exit")
    parser.add_argument(
        "--data", metavar="DIR", help=f"data folder with catalogue/, rulesets/, changelog/ (or ${ENV_VAR})"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = commands.add_parser(
        "codes", help="list the codes in force on a date", description="List the E-7 codes in force on a date."
    )
    _add_as_of(p)
    p.add_argument("--subcategory", choices=SUBCATEGORIES, help="only this subcategory")
    p.add_argument(
        "--search", metavar="TEXT", help="words to find in Korean/English titles, descriptions and example job titles"
    )
    _add_format(p)

    p = commands.add_parser(
        "code",
        help="show one code in full, with its history",
        description="Show one code as listed on a date, with its history across snapshots. A code listed once "
        "but not on the date is shown with what became of it; a code never listed is an error.",
    )
    p.add_argument("code", metavar="CODE", help="an occupation code such as 2223 or S2855")
    _add_as_of(p)
    _add_format(p)

    p = commands.add_parser(
        "check",
        help="check a case file as of a date and explain the decision",
        description="Evaluate one case (TOML or JSON) against the catalogue and rules in force on its filing date "
        "(or --as-of). The text form reads top to bottom: outcome, each finding with why and what to fix, then "
        "what was checked and passed. Markdown drops into the published site as is.",
    )
    p.add_argument("case", metavar="CASE", help="a case file (.toml or .json)")
    _add_as_of(p, "evaluate as of this date instead of the case's filed_on, YYYY-MM-DD")
    _add_format(p, ("text", "json", "markdown"))
    p.add_argument(
        "--embed-case",
        action="store_true",
        help="with --format json: put the case as given into the decision (case_input), so that e7 replay can "
        "re-run it from the decision alone",
    )

    p = commands.add_parser(
        "batch",
        help="check many cases, one decision per line (JSONL)",
        description="Evaluate every case of a folder (.toml/.json files) or of a JSONL file (one case per line). "
        "Any failure of one case (bad input, or an internal error of e7 on it) is reported in that case's line and "
        "does not stop the batch; a summary of outcomes ends the run. The output is written whole or not at all, "
        "and may not be a file the run reads.",
    )
    p.add_argument("input", metavar="INPUT", help="a folder of case files or a .jsonl file")
    p.add_argument(
        "-o", "--output", metavar="OUT.jsonl", required=True, help="where to write the decisions (a .jsonl file)"
    )
    _add_as_of(p, "evaluate as of this date instead of the case's filed_on, YYYY-MM-DD")
    p.add_argument("--jobs", type=_jobs, default=1, metavar="N", help="worker processes, 1 to 64 (default 1)")

    p = commands.add_parser(
        "thresholds",
        help="show the wage rules in force on a date",
        description="Show the wage thresholds in force on a date, each with its source and status.",
    )
    _add_as_of(p)
    _add_format(p)

    # commands defined beside their feature: engine/commands/<name>.py has add_commands(commands), which
    # registers parsers with set_defaults(handler=FUNCTION(args, data) -> exit status). Keep their heavy
    # imports inside the handlers so that start-up stays fast.
    for name in COMMAND_MODULES:
        importlib.import_module(f"engine.commands.{name}").add_commands(commands)
    return parser


def run(args: argparse.Namespace) -> int:
    from engine import codes, render
    from engine.thresholds import resolve

    data = locate(args.data)
    _recover(data)
    out = sys.stdout
    handler = getattr(args, "handler", None)
    if handler is not None:
        return handler(args, data)
    if args.command == "check":
        return _check(data, args)
    if args.command == "batch":
        return _batch(data, args)
    catalogue = Catalogue(data)
    on = getattr(args, "as_of", None) or today()
    if args.command == "codes":
        snapshot = catalogue.in_force(on)
        found = codes.search(snapshot, args.search, args.subcategory)
        if args.format == "json":
            query = {"subcategory": args.subcategory, "search": args.search}
            out.write(render.codes_json(catalogue, snapshot, found, on, query))
        else:
            out.write(render.codes_text(snapshot, found, on))
    elif args.command == "code":
        code = args.code.strip().upper()
        from engine.model import CODE_PATTERN

        if not CODE_PATTERN.fullmatch(code):
            raise InputError(
                "CODE", None, f"expected an occupation code of 3 to 5 digits, optionally after S, got {args.code!r}"
            )
        report = codes.describe(catalogue, code, on)
        out.write(
            render.code_json(catalogue, report) if args.format == "json" else render.code_text(report, catalogue.ids[0])
        )
    elif args.command == "thresholds":
        snapshot = catalogue.in_force(on)
        t = resolve(snapshot, on)
        out.write(
            render.thresholds_json(catalogue, snapshot, t)
            if args.format == "json"
            else render.thresholds_text(snapshot, t)
        )
    return 0


def _recover(data) -> None:
    """Finish or roll back an import a kill interrupted (engine/journal.py), before anything reads the data."""
    from engine.journal import recover

    try:
        done = recover(data)
    except OSError as exc:  # readers are safe without it: they use only what catalogue/index.toml lists
        print(f"e7: warning: could not recover an interrupted import ({exc.strerror or exc})", file=sys.stderr)
        return
    if done:
        print(f"e7: {done}", file=sys.stderr)


def _check(data, args: argparse.Namespace) -> int:
    from pathlib import Path

    from engine import explain
    from engine.case import load_case
    from engine.evaluate import Evaluator
    from engine.store import remember

    case = load_case(Path(args.case), args.case)
    decision = Evaluator(data).evaluate(case, args.as_of, args.case)
    remember(data)  # keep the release in the local store, so that this decision can be replayed later
    if args.embed_case:
        if args.format != "json":
            raise UsageError("--embed-case goes with --format json (see `e7 check --help`)")
        import json

        from engine.convert import read_data
        from engine.replay import CASE_INPUT, embeddable

        given = embeddable(read_data(Path(args.case), "case", args.case))
        given.setdefault("id", case.id)  # the id e7 gave it (the file's name), so a replay names it alike
        answer = explain.decision_data(decision) | {CASE_INPUT: given}
        sys.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2) + "\n")
        return 0
    render = {"json": explain.to_json, "markdown": explain.to_markdown}.get(args.format, explain.to_text)
    sys.stdout.write(render(decision))
    return 0


def _batch(data, args: argparse.Namespace) -> int:
    from pathlib import Path

    from engine.batch import run_batch
    from engine.store import remember

    remember(data)
    outcomes = run_batch(data, Path(args.input), Path(args.output), args.as_of, args.jobs)
    total = sum(outcomes.values())
    parts = [f"{name} {outcomes[name]}" for name in ("ready", "at_risk", "needs_information", "ineligible", "error")]
    print(f"{total} cases -> {args.output}: " + ", ".join(parts), file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help and --version: their status, as a return (callers in-process too)
            return exc.code if isinstance(exc.code, int) else 0
        if args.command is None:
            print("e7: a command is expected (see `e7 --help`)", file=sys.stderr)
            return 2
        return run(args)
    except E7Error as exc:
        print(f"e7: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt as exc:
        from engine import batch
        from engine.batch import Terminated

        terminated = isinstance(exc, Terminated)
        print("e7: terminated" if terminated else "e7: interrupted", file=sys.stderr)
        status = 143 if terminated else 130
        if batch.abandoned_pool:
            _exit_now(status)
        return status
    except Exception as exc:  # an internal error: one line, status 1, the details only on request
        print(
            f"e7: internal error: {exc.__class__.__name__}: {exc} (set E7_DEBUG=1 for the traceback)", file=sys.stderr
        )
        import os

        if os.environ.get("E7_DEBUG"):
            raise
        return 1
