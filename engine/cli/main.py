"""The `e7` command. Exit status: 0 it ran, 2 bad input or usage (one line), 1 internal error."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from engine import __version__, service
from engine.service import ENV_VAR, SUBCATEGORIES, E7Error, parse_date, today

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
    "engine.cli.docs",
    "engine.cli.history",
    "engine.cli.catalogue",
    "engine.cli.impact",
    "engine.cli.suggest",
    "engine.cli.data",
    "engine.cli.replay",
    "engine.cli.coverage",
    "engine.web.serve",
    "engine.cli.register",
)
# the command each of COMMAND_MODULES registers (tests/test_cli_startup.py checks this against the modules): a run
# that names its command builds that command's parser alone and never imports the others' modules
COMMAND_OWNERS: dict[str, str] = {
    "docs": "engine.cli.docs",
    "history": "engine.cli.history",
    "catalogue": "engine.cli.catalogue",
    "impact": "engine.cli.impact",
    "suggest": "engine.cli.suggest",
    "data": "engine.cli.data",
    "replay": "engine.cli.replay",
    "coverage": "engine.cli.coverage",
    "serve": "engine.web.serve",
    "register": "engine.cli.register",
}
CORE_COMMANDS: tuple[str, ...] = ("codes", "code", "check", "batch", "thresholds")


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

        info, root = service.release_info(getattr(namespace, "data", None))
        sha = info.sha256 or "none (no release.toml)"
        print(f"e7 {__version__} (matcher {MATCHER_VERSION})")
        print(f"data release {info.id}, manifest sha256 {sha}, from {root}")
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
    from engine.service import MAX_JOBS

    value = _positive(text)
    if value > MAX_JOBS:
        raise argparse.ArgumentTypeError(f"expected at most {MAX_JOBS} worker processes, got {value}")
    return value


def named_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names, when it is one e7 knows: the first word that is not an option (nor the value
    of ``--data``, written in full or shortened as argparse allows); else None."""
    words = iter(argv)
    for word in words:
        if word == "--":
            return None
        if len(word) > 2 and "--data".startswith(word):
            next(words, None)  # its value
        elif not word.startswith("-"):
            return word if word in COMMAND_OWNERS or word in CORE_COMMANDS else None
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """e7's parser: every command's, or with ``command`` (one of COMMAND_OWNERS or CORE_COMMANDS) that command's
    alone, which parses a command line naming it exactly alike (and imports no other command's module)."""
    parser = _Parser(
        prog="e7", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show e7's version and the data release, then exit")
    parser.add_argument(
        "--data", metavar="DIR", help=f"data folder with catalogue/, rulesets/, changelog/ (or ${ENV_VAR})"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    if command in (None, "codes"):
        p = commands.add_parser(
            "codes", help="list the codes in force on a date", description="List the E-7 codes in force on a date."
        )
        _add_as_of(p)
        p.add_argument("--subcategory", choices=SUBCATEGORIES, help="only this subcategory")
        p.add_argument(
            "--search",
            metavar="TEXT",
            help="words to find in Korean/English titles, descriptions and example job titles",
        )
        _add_format(p)

    if command in (None, "code"):
        p = commands.add_parser(
            "code",
            help="show one code in full, with its history",
            description="Show one code as listed on a date, with its history across snapshots. A code listed once "
            "but not on the date is shown with what became of it; a code never listed is an error.",
        )
        p.add_argument("code", metavar="CODE", help="an occupation code such as 2223 or S2855")
        _add_as_of(p)
        _add_format(p)

    if command in (None, "check"):
        p = commands.add_parser(
            "check",
            help="check a case file as of a date and explain the decision",
            description="Evaluate one case (TOML or JSON) against the catalogue and rules in force on its filing date "
            "(or --as-of). The text form reads top to bottom: outcome, each finding with why and what to fix, then "
            "what was checked and passed. Markdown drops into the published site as is.",
        )
        p.add_argument("case", metavar="CASE", help="a case file (.toml or .json)")
        _add_as_of(p, "evaluate as of this date instead of the case's filed_on, YYYY-MM-DD")
        _add_format(
            p,
            ("text", "json", "markdown", "html", "pdf"),
            "output form (default: text); html and pdf are the printable report (pdf needs -o FILE)",
        )
        p.add_argument("-o", "--output", metavar="FILE", help="write the answer to FILE (whole or not at all)")
        p.add_argument(
            "--lang",
            choices=("en", "ko"),
            default="en",
            help="language of the answer: its headings and the rules' texts (default: en)",
        )
        p.add_argument(
            "--what-if",
            action="store_true",
            help="for a case that is not ready, add the nearest changes that pass, each checked by evaluating again",
        )
        p.add_argument(
            "--embed-case",
            action="store_true",
            help="with --format json: put the case as given into the decision (case_input), so that e7 replay can "
            "re-run it from the decision alone",
        )

    if command in (None, "batch"):
        p = commands.add_parser(
            "batch",
            help="check many cases, one decision per line (JSONL)",
            description="Evaluate every case of a folder (.toml/.json files), of a JSONL file (one case per line) "
            "or of a spreadsheet (.csv/.xlsx, one case per row: docs/spreadsheets.md). The output's ending picks its "
            "form: .jsonl (one decision per line), .csv or .xlsx (a Decisions sheet and a Findings sheet). "
            "Any failure of one case (bad input, or an internal error of e7 on it) is reported in that case's line "
            "and does not stop the batch; a summary of outcomes ends the run. The output is written whole or not at "
            "all, and may not be a file the run reads.",
        )
        p.add_argument(
            "input", metavar="INPUT", help="a folder of case files, a .jsonl file, or a .csv/.xlsx spreadsheet"
        )
        p.add_argument(
            "-o",
            "--output",
            metavar="OUT",
            required=True,
            help="where to write the decisions: a .jsonl, .csv or .xlsx file",
        )
        _add_as_of(p, "evaluate as of this date instead of the case's filed_on, YYYY-MM-DD")
        p.add_argument("--jobs", type=_jobs, default=1, metavar="N", help="worker processes, 1 to 64 (default 1)")

    if command in (None, "thresholds"):
        p = commands.add_parser(
            "thresholds",
            help="show the wage rules in force on a date",
            description="Show the wage thresholds in force on a date, each with its source and status.",
        )
        _add_as_of(p)
        _add_format(p)

    # commands defined beside their feature: engine/cli/<name>.py has
    # add_commands(commands), which registers parsers with set_defaults(handler=FUNCTION(args, data) -> exit
    # status). Keep their heavy imports inside the handlers so that start-up stays fast.
    owners = COMMAND_MODULES if command is None else tuple(m for c, m in COMMAND_OWNERS.items() if c == command)
    for name in owners:
        importlib.import_module(name).add_commands(commands)
    return parser


def run(args: argparse.Namespace) -> int:
    from engine.views import render

    # finish or roll back an import a kill interrupted (engine/data/journal.py), before anything reads the data
    started = service.start(args.data)
    if started.recovery_failed:  # readers are safe without it: they use only what catalogue/index.toml lists
        print(f"e7: warning: could not recover an interrupted import ({started.recovery_failed})", file=sys.stderr)
    elif started.recovered:
        print(f"e7: {started.recovered}", file=sys.stderr)
    session = started.session
    out = sys.stdout
    handler = getattr(args, "handler", None)
    if handler is not None:
        return handler(args, session.data)
    if args.command == "check":
        return _check(session, args)
    if args.command == "batch":
        return _batch(session, args)
    on = getattr(args, "as_of", None) or today()
    if args.command == "codes":
        snapshot, found = service.codes(session, on, args.search, args.subcategory)
        if args.format == "json":
            query = {"subcategory": args.subcategory, "search": args.search}
            out.write(render.codes_json(service.snapshot_ref(session, snapshot), found, on, query))
        else:
            out.write(render.codes_text(snapshot, found, on))
    elif args.command == "code":
        report = service.code(session, args.code, on)
        if args.format == "json":
            out.write(render.code_json(service.snapshot_ref(session, report.snapshot), report))
        else:
            out.write(render.code_text(report, service.snapshot_ids(session)[0]))
    elif args.command == "thresholds":
        snapshot, t = service.thresholds(session, on)
        out.write(
            render.thresholds_json(service.snapshot_ref(session, snapshot), t)
            if args.format == "json"
            else render.thresholds_text(snapshot, t)
        )
    return 0


def _check(session: service.Session, args: argparse.Namespace) -> int:
    from pathlib import Path

    if args.format == "pdf" and not args.output:
        raise UsageError("--format pdf needs -o FILE (see `e7 check --help`)")
    case = service.read_case(Path(args.case), args.case)
    decision = service.check(session, case, args.as_of, args.case)
    service.remember(session)  # keep the release in the local store, so that this decision can be replayed later
    if args.embed_case:
        if args.format != "json":
            raise UsageError("--embed-case goes with --format json (see `e7 check --help`)")
        answer = service.decision_with_case(decision, Path(args.case), args.case, case.id)
        _emit(service.dumps(answer), args.output)
        return 0
    answer = service.render_decision(session, case, decision, args.as_of, args.format, args.lang, args.what_if)
    _emit(answer, args.output)
    return 0


def _emit(content: str | bytes, output: str | None) -> None:
    """The answer on stdout, or into FILE whole or not at all."""
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return
    service.write_whole(output, content)


def _batch(session: service.Session, args: argparse.Namespace) -> int:
    from pathlib import Path

    source, output = Path(args.input), Path(args.output)
    if {source.suffix.lower(), output.suffix.lower()} & {".csv", ".xlsx"}:
        outcomes = service.run_sheets(session, source, output, args.as_of)
    else:
        outcomes = service.run_batch(session, source, output, args.as_of, args.jobs)
    total = sum(outcomes.values())
    parts = [f"{name} {outcomes[name]}" for name in ("ready", "at_risk", "needs_information", "ineligible", "error")]
    print(f"{total} cases -> {args.output}: " + ", ".join(parts), file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(named_command(sys.argv[1:] if argv is None else argv))
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
        from engine.service import Terminated

        terminated = isinstance(exc, Terminated)
        print("e7: terminated" if terminated else "e7: interrupted", file=sys.stderr)
        status = 143 if terminated else 130
        if service.batch_abandoned():
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
