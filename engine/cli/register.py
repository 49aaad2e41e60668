"""`e7 register …`: the case register (engine/register/, docs/register.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from engine.service import DataDir

OUTCOMES = ("ready", "at_risk", "needs_information", "ineligible")


def _within(text: str) -> int:
    value = text.strip().lower().removesuffix("d")
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of days such as 90d, got {text!r}")
    return int(value)


def add_commands(commands: argparse._SubParsersAction) -> None:
    from engine.cli.main import _add_as_of, _add_format, _Parser, _positive

    group = commands.add_parser(
        "register",
        help="the case register: workers, their cases and every decision kept on a database",
        description="Keep a firm's workers, their cases and stay histories, and every decision e7 made on them "
        "(with its provenance), in a database: SQLite in the user's data folder by default, PostgreSQL for a team "
        "(--db URL or $E7_DB). Decisions, overrides, sign-offs, notices and reads are an append-only hash chain "
        "`e7 register verify` checks. See docs/register.md.",
    )
    sub = group.add_subparsers(dest="register_command", metavar="COMMAND", parser_class=_Parser, required=True)

    def command(name: str, help: str, description: str, handler: Any) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=description)
        p.add_argument(
            "--db",
            metavar="URL",
            help="the register's database (default: $E7_DB, else a SQLite file in the user's data folder)",
        )
        p.add_argument(
            "--user", metavar="NAME", help="act as this user (default: $E7_USER, else the one named at init)"
        )
        p.set_defaults(handler=handler)
        return p

    p = command(
        "init",
        "create the register, or migrate it to this e7's schema",
        "Create the register (the first user, an admin, is --user, else your login name) or migrate an existing "
        "one forward. A register written by a newer e7 is refused.",
        _init,
    )
    p.add_argument(
        "--retention-days",
        type=_positive,
        metavar="N",
        help="keep a worker's personal data N days after its last save (`forget --expired`)",
    )
    p = command(
        "add",
        "save cases and histories (a new version each) and decide them",
        "Save each case or history (files, a folder, a JSONL file, a .csv or .xlsx spreadsheet of cases in the "
        "format e7 batch reads, docs/spreadsheets.md, with optional worker.name and worker.key columns) as a new "
        "version of its worker, then decide it as of --as-of (default today in Korea) and, for a case filed "
        "later, as of its filing date. Everything is validated first: one bad input (every bad row of a "
        "spreadsheet is named) and nothing is written.",
        _add,
    )
    p.add_argument(
        "inputs", nargs="+", metavar="FILE", help="case or history files, folders, .jsonl, .csv or .xlsx files"
    )
    _add_as_of(p)
    p = command(
        "list",
        "list the workers with their current outcome and next deadline",
        "List the workers (not forgotten): kind, code, current outcome, next dated step.",
        _list,
    )
    p.add_argument("--outcome", choices=OUTCOMES, help="only this outcome")
    p.add_argument("--code", metavar="CODE", help="only workers on this code")
    _add_format(p)
    p = command(
        "show",
        "show a worker: versions, decisions, overrides, sign-offs, changes",
        "Show a worker's versions and every decision with its provenance, overrides and sign-offs, and what "
        "changed from the previous decision to the same question. The read is recorded (access log).",
        _show,
    )
    p.add_argument("worker", metavar="WORKER")
    _add_format(p)
    p = command(
        "recheck",
        "re-decide every current case and history and report what changed",
        "Decide every current case and history again, as of --as-of (default today in Korea: a history's current "
        "stay is checked as an extension on that date) and as of each case's planned filing date, and list the "
        "workers whose outcome or findings changed. Committed 500 workers at a time: a run that was killed is "
        "continued by the next one as of the same date under the same data, which reports its changes too.",
        _recheck,
    )
    _add_as_of(p)
    _add_format(p)
    p = command(
        "deadlines",
        "stay ends, renewals, F-2-7 dates and catalogue changes coming up",
        "The dated steps within --within days of today (stay ends, planned renewals and filings, F-2-7 "
        "application and eligibility dates) and the catalogue's changes to a code a worker holds within the "
        "same window either side; --ics writes them as an iCalendar file.",
        _deadlines,
    )
    p.add_argument("--within", type=_within, default=90, metavar="DAYS", help="the window, e.g. 90d (default 90d)")
    p.add_argument("--ics", metavar="FILE", help="also write the deadlines to this iCalendar (.ics) file")
    _add_as_of(p, "count from this date instead of today in Korea, YYYY-MM-DD")
    _add_format(p)
    p = command(
        "export",
        "write the whole register as JSONL (lossless)",
        "Write every row of every table as JSONL: a backup, or a move to another database. Each export is "
        "recorded in the access log (who, which file, when).",
        _export,
    )
    p.add_argument("output", metavar="OUT.jsonl")
    p = command(
        "import",
        "load an export into a new register (--db), kept only if its chain verifies",
        "Create the register at --db and load an export into it in one transaction; refused unless the "
        "register is empty and the imported chain verifies.",
        _import,
    )
    p.add_argument("input", metavar="IN.jsonl")
    p = command(
        "verify",
        "check the chain: every link, every body's commitment",
        "Recompute the hash of every record and check every kept body against its commitment. Exit status 1 "
        "when the chain was altered.",
        _verify,
    )
    p = command(
        "forget",
        "remove a worker's personal data (the chain still verifies)",
        "Delete the workers' names, birth dates, saved cases and histories (with their documents) and full "
        "decisions; their records keep hashes and outcomes. --expired: the workers past the retention "
        "period.",
        _forget,
    )
    p.add_argument("workers", nargs="*", metavar="WORKER")
    p.add_argument("--expired", action="store_true", help="the workers past the register's retention period")
    p = command(
        "access", "the access log: who read which worker", "Every read of a worker's data, oldest first.", _access
    )
    p.add_argument("worker", nargs="?", metavar="WORKER")
    p = command(
        "user",
        "add or list users (officer, reviewer, admin)",
        "`user add NAME --role ROLE` (an admin's command; --password-stdin sets a password for e7 serve), `user list`.",
        _user,
    )
    p.add_argument("action", choices=("add", "list"))
    p.add_argument("name", nargs="?", metavar="NAME")
    p.add_argument("--role", choices=("officer", "reviewer", "admin"), default="officer")
    p.add_argument("--password-stdin", action="store_true", help="read the user's password from standard input")
    p = command(
        "override",
        "override a finding of a decision, with a written reason (officer)",
        "Record an officer's override of one finding (by its rule id) of the worker's newest current answer "
        "holding that rule (or of decision --record N), with a written reason. The decision shows it.",
        _override,
    )
    p.add_argument("worker", metavar="WORKER")
    p.add_argument("rule", metavar="RULE")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.add_argument(
        "--record", type=_positive, metavar="N", help="the decision record (default: the newest holding RULE)"
    )
    p = command(
        "signoff",
        "sign a decision off (reviewer)",
        "Record a reviewer's sign-off of the worker's newest decision (or --record N).",
        _signoff,
    )
    p.add_argument("worker", metavar="WORKER")
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument("--record", type=_positive, metavar="N", help="the decision record (default: the newest)")


def _data(data: DataDir) -> Path:
    return data.root


def _open(args: argparse.Namespace) -> Any:
    """The register, once the user the command acts as is known to it."""
    from engine.register import people
    from engine.register.store import open_register

    register = open_register(args.db)
    with register.read() as db:
        people.acting(db, args.user)
    return register


def _init(args: argparse.Namespace, data: DataDir) -> int:
    from engine.register.store import shown_url
    from engine.register.workers import init

    register, setup = init(args.db, args.user, args.retention_days)
    if setup.before is None:
        state = f"created at schema {setup.after}"
    elif setup.before != setup.after:
        state = f"migrated from schema {setup.before} to {setup.after}"
    else:
        state = f"already at schema {setup.after}"
    made = f"; admin user {setup.user!r} created" if setup.created_user else f"; CLI user {setup.user!r}"
    print(f"register {shown_url(register.url)}: {state}{made}")
    return 0


def _add(args: argparse.Namespace, data: DataDir) -> int:
    from engine import service
    from engine.register.workers import add

    added = add(_open(args), data.root, [Path(p) for p in args.inputs], args.user, args.as_of or service.today())
    print(f"saved {len(added.saved)} version(s), {len(added.unchanged)} unchanged")
    _print_changes(added.changes)
    return 0


def _print_changes(changes: list[Any]) -> None:
    for c in changes:
        move = (
            c.after
            if c.before is None
            else (f"{c.before} -> {c.after}" if c.before != c.after else f"{c.after} (findings changed)")
        )
        print(f"  {c.worker} [{c.question}, as of {c.as_of}]: {move}")
        if c.before is not None:
            for f in c.added:
                print(f"      + [{f['severity']}] {f['rule']}: {f['message']}")
            for f in c.removed:
                print(f"      - [{f['severity']}] {f['rule']}: {f['message']}")


def _list(args: argparse.Namespace, data: DataDir) -> int:
    import attrs

    from engine.register.workers import dumps, listing

    rows = list(listing(_open(args), args.outcome, args.code))
    if args.format == "json":
        sys.stdout.write(dumps([attrs.asdict(r) for r in rows]))
        return 0
    for r in rows:
        due = f"{r.next_on} {r.next_what}" if r.next_on else "-"
        print(f"{r.key:<40} {r.kind or '-':<8} {r.code or '-':<6} {r.outcome or '-':<18} {due}")
    print(f"{len(rows)} worker(s)", file=sys.stderr)
    return 0


def _show(args: argparse.Namespace, data: DataDir) -> int:
    from engine.register.workers import dumps, show

    shown = show(_open(args), args.worker, args.user)
    if args.format == "json":
        sys.stdout.write(dumps(shown))
        return 0
    lines = [f"worker {shown['worker']}" + (f" ({shown['name']})" if shown["name"] else "")]
    if shown["forgotten_at"]:
        lines.append(f"  personal data forgotten on {shown['forgotten_at']}")
    lines.append(f"  {shown['kind'] or '-'} on {shown['code'] or '-'}: {shown['outcome'] or '-'}")
    lines.append("versions:")
    lines += [
        f"  v{v['number']} {v['kind']} saved {v['saved_at']} by {v['saved_by']} (record {v['record']})"
        for v in shown["versions"]
    ]
    lines.append("decisions:")
    for d in shown["decisions"]:
        release = d["provenance"].get("release", {}).get("id")
        version = d["provenance"].get("engine", {}).get("version")
        lines.append(
            f"  record {d['record']} {d['at']} by {d['by']} ({d['trigger'].get('by')}): {d['question']} as of "
            f"{d['as_of']}: {d['outcome']} [release {release}, e7 {version}]"
        )
        for f in d["findings"] or []:
            lines.append(f"      [{f['severity']}] {f['rule']}: {f['message']}")
        if d["findings"] is None:
            lines.append("      findings forgotten; rules: " + ", ".join(r for r, _ in d["rules"]))
        change = d["changed_from_previous"]
        if change and (change["added"] or change["removed"] or change["outcome"][0] != change["outcome"][1]):
            lines.append(
                f"      changed since record {change['from_record']}: {change['outcome'][0]} -> {change['outcome'][1]}"
            )
            lines += [f"        + {f['rule']}: {f['message']}" for f in change["added"]]
            lines += [f"        - {f['rule']}: {f['message']}" for f in change["removed"]]
        for o in d["overrides"]:
            lines.append(f"      override by {o['by']} ({o['at']}): {o['rule']}: {o['reason']}")
        for s in d["signoffs"]:
            lines.append(f"      signed off by {s['by']} ({s['at']})" + (f": {s['note']}" if s["note"] else ""))
    if shown["due"]:
        lines.append("due:")
        lines += [f"  {d['on']} {d['what']}: {d['action']}" for d in shown["due"]]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _recheck(args: argparse.Namespace, data: DataDir) -> int:
    import attrs

    from engine import service
    from engine.register.recheck import recheck
    from engine.register.workers import dumps

    done = recheck(_open(args), data.root, args.as_of or service.today(), args.user)
    if args.format == "json":
        sys.stdout.write(
            dumps(
                {
                    "run": done.run,
                    "cases": done.cases,
                    "first": done.first,
                    "continues": done.continues,
                    "changed": [attrs.asdict(c) for c in done.changes],
                    "errors": done.errors,
                }
            )
        )
        return 0
    first = f", {done.first} first answer(s)" if done.first else ""
    went_on = f", continuing the interrupted run {done.continues}" if done.continues else ""
    print(
        f"re-checked {done.cases} case(s) (run record {done.run}{went_on}): {len(done.changes)} answer(s) "
        f"changed{first}"
    )
    _print_changes(done.changes)
    for error in done.errors:
        print(f"  could not be decided: {error}")
    return 0


def _deadlines(args: argparse.Namespace, data: DataDir) -> int:
    import attrs

    from engine import service
    from engine.register.deadlines import deadlines, write_ics
    from engine.register.workers import dumps

    on = args.as_of or service.today()
    found = deadlines(_open(args), data.root, on, args.within)
    if args.ics:
        write_ics(found, Path(args.ics), on)
    if args.format == "json":
        sys.stdout.write(dumps([attrs.asdict(d) for d in found]))
    else:
        for d in found:
            print(f"{d.on}  {d.worker:<40} {d.what:<14} {d.action}")
        print(
            f"{len(found)} deadline(s) within {args.within} days of {on}"
            + (f"; written to {args.ics}" if args.ics else ""),
            file=sys.stderr,
        )
    return 0


def _export(args: argparse.Namespace, data: DataDir) -> int:
    from engine.register.exchange import export
    from engine.register.privacy import record_export

    register = _open(args)
    record_export(register, args.user, str(args.output))  # the access log: who exported, which file, when
    count = export(register, Path(args.output))
    print(f"exported {count} row(s) to {args.output}", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace, data: DataDir) -> int:
    from engine.register.exchange import import_
    from engine.register.store import shown_url

    register, count = import_(args.db, Path(args.input))
    print(f"imported {count} row(s) into {shown_url(register.url)}; the chain verifies", file=sys.stderr)
    return 0


def _verify(args: argparse.Namespace, data: DataDir) -> int:
    from engine.register.chain import verify

    with _open(args).read() as db:
        result = verify(db)
    for problem in result.problems:
        print(problem)
    if result.problems:
        print(f"e7 register verify: {len(result.problems)} problem(s)", file=sys.stderr)
        return 1
    print(
        f"ok: {result.records} records, every link and every kept body verifies ({result.forgotten} bodies "
        f"forgotten); tail {result.tail}"
    )
    return 0


def _forget(args: argparse.Namespace, data: DataDir) -> int:
    from engine import service
    from engine.register.privacy import expired, forget

    register = _open(args)
    keys = list(args.workers)
    if args.expired:
        keys += expired(register, service.today())
    if not keys and not args.expired:
        raise service.InputError("WORKER", None, "expected a worker to forget, or --expired")
    for done in forget(register, keys, args.user):
        print(f"forgot {done.worker}: name, birth date and {done.bodies} saved body(ies) deleted; its records stay")
    if not keys:
        print("no worker is past the retention period")
    return 0


def _access(args: argparse.Namespace, data: DataDir) -> int:
    from engine.register import people
    from engine.register.privacy import access_log

    register = _open(args)
    with register.read() as db:
        people.require(people.acting(db, args.user), "users")
    for a in access_log(register, args.worker):
        print(f"{a.at}  {a.user:<20} {a.worker:<32} {a.read}")
    return 0


def _user(args: argparse.Namespace, data: DataDir) -> int:
    from sqlalchemy import select

    from engine import service
    from engine.register import people
    from engine.register.chain import Appender
    from engine.register.schema import User

    register = _open(args)
    if args.action == "list":
        with register.read() as db:
            for u in db.scalars(select(User).order_by(User.name)):
                print(f"{u.name:<24} {u.role:<9} {'password set' if u.password_hash else 'CLI only'}")
        return 0
    if not args.name:
        raise service.InputError("NAME", None, "expected the new user's name")
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    with register.write() as db:
        actor = people.acting(db, args.user)
        people.require(actor, "users")
        chain = Appender(db)
        people.add_user(db, chain, actor.name, args.name, args.role, password)
        chain.flush()
    print(f"user {args.name!r} added as {args.role}")
    return 0


def _override(args: argparse.Namespace, data: DataDir) -> int:
    from engine.register.judgement import override

    seq = override(_open(args), args.worker, args.rule, args.reason, args.record, args.user)
    print(f"override recorded (record {seq})")
    return 0


def _signoff(args: argparse.Namespace, data: DataDir) -> int:
    from engine.register.judgement import signoff

    seq = signoff(_open(args), args.worker, args.note, args.record, args.user)
    print(f"sign-off recorded (record {seq})")
    return 0
