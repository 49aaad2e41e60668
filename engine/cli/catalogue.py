"""`e7 catalogue import / diff / verify / erratum`: the maintainer's commands (engine/catalogue/notices.py,
engine/catalogue/publish.py, engine/catalogue/errata.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine import service

if TYPE_CHECKING:
    from engine.service import DataDir, ErratumPlan

from engine.views.diff import diff_json, render_diff


def add_commands(commands: argparse._SubParsersAction) -> None:
    from engine.cli.main import _add_format

    catalogue = commands.add_parser(
        "catalogue",
        help="maintain the catalogue: import a notice, diff two snapshots, verify the published ones",
        description="Turn a Ministry of Justice notice into the next dated snapshot (with its changelog entry), "
        "compare any two snapshots following occupations across codes, and verify that the published snapshots "
        "are unchanged and reproduced by their notices. The notice format: docs/notices.md.",
    )
    actions = catalogue.add_subparsers(
        dest="catalogue_command", metavar="ACTION", required=True, parser_class=type(catalogue)
    )
    p = actions.add_parser(
        "import",
        help="import a notice as the next snapshot",
        description="Check a notice against the newest snapshot and write the snapshot it makes, its changelog "
        "entry and the updated catalogue/index.toml into the data folder (--data DIR / E7_DATA, else the shipped "
        "data): all or nothing. Prints what changed. Imports into one data folder run one at a time; one killed "
        "part-way is finished or rolled back by the next e7 command (docs/notices.md).",
    )
    p.add_argument("notice", metavar="NOTICE", help="a notice file (.toml, docs/notices.md)")
    p.add_argument("--dry-run", action="store_true", help="print what would change and write nothing")
    _add_wait(p)
    _add_format(p, ("text", "json", "markdown"), "form of the diff")
    p.set_defaults(handler=_import)

    p = actions.add_parser(
        "diff",
        help="what changed between two snapshots",
        description="Codes added, retired (with successor), renumbered (old code, new code), changed (field by "
        "field) and thresholds changed between the snapshots in force on two dates. Occupations are followed "
        "across codes: a renumbering is reported as such, never as a change of title.",
    )
    p.add_argument("old", metavar="FROM", help="a date or a snapshot id (YYYY-MM-DD): the snapshot in force then")
    p.add_argument("new", metavar="TO", help="a later date or snapshot id")
    _add_format(p, ("text", "json", "markdown"), "output form")
    p.set_defaults(handler=_diff)

    p = actions.add_parser(
        "verify",
        help="check the published snapshots against the index, the changelog and their notices",
        description="Recompute every snapshot's sha256 against catalogue/index.toml and its changelog entry, "
        "replay the chain of notices recorded in changelog/ from the earliest snapshot, and recompute what each "
        "changelog entry says (its changes, its hashes, its text). Exit status 1 and one line per problem, naming "
        "the file, if a published snapshot, a changelog entry or the index was edited.",
    )
    p.set_defaults(handler=_verify)

    p = actions.add_parser(
        "erratum",
        help="correct published snapshots where e7 misread its source (an erratum, not a notice)",
        description="Apply an erratum file (docs/notices.md, Errata): the named fields of the named occupations are "
        "corrected in the published snapshots it names (default: every snapshot that lists the occupation), and "
        "the corrected snapshots, the erratum's changelog entry (changelog/errata/) and catalogue/index.toml are "
        "written, all or nothing. Prints each snapshot's fields and old and new sha256.",
    )
    p.add_argument("erratum", metavar="FILE", help="an erratum file (.toml)")
    p.add_argument("--dry-run", action="store_true", help="print what would change and write nothing")
    _add_wait(p)
    p.set_defaults(handler=_erratum)


def _erratum(args: argparse.Namespace, data: DataDir) -> int:
    session = service.Session(data)

    def show(plan: ErratumPlan) -> list[str]:
        info = plan.entry.erratum
        print(f"erratum {info.id}: {info.title}")
        for h in plan.entry.snapshots:
            print(f"  {h.snapshot}: {', '.join(plan.entry.fields_of(h.snapshot))}")
            print(f"    sha256 {h.old_sha256} -> {h.new_sha256}")
        return [data.shown(target) for target, _ in plan.files]

    if args.dry_run:  # reads only: the index is the commit point, so no lock is needed
        written = show(service.plan_erratum(session, Path(args.erratum), args.erratum))
        print(f"dry run: nothing written (the erratum would write {', '.join(written)})", file=sys.stderr)
        return 0
    with service.writing(session, args.wait) as recovered:  # one writer per data folder, as for imports
        if recovered:
            print(f"e7: {recovered}", file=sys.stderr)
        plan = service.plan_erratum(session, Path(args.erratum), args.erratum)  # under the lock: the newest files
        written = show(plan)
        info = plan.entry.erratum
        try:
            service.write_erratum(session, plan)
        except OSError as exc:
            print(
                f"e7: applying erratum {info.id} failed while writing ({exc.strerror or exc}); nothing was "
                "written: catalogue/ and changelog/ are unchanged",
                file=sys.stderr,
            )
            return 1
    print(f"applied erratum {info.id}; wrote {', '.join(written)}", file=sys.stderr)
    return 0


def _add_wait(p: argparse.ArgumentParser) -> None:
    """--wait of the commands that write a data folder (import, erratum): one writer at a time."""
    p.add_argument(
        "--wait",
        type=_seconds,
        default=30.0,
        metavar="SECONDS",
        help="how long to wait for another import or erratum into the same data folder to finish before "
        "refusing (default 30; writers of one data folder run one at a time)",
    )


# -- handlers ---------------------------------------------------------------------------------------------------


def _seconds(text: str) -> float:
    import argparse
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not (math.isfinite(value) and 0 <= value <= 3600):
        raise argparse.ArgumentTypeError(f"expected 0 to 3600 seconds, got {text!r}")
    return value


def _import(args: argparse.Namespace, data: DataDir) -> int:
    session = service.Session(data)
    if args.dry_run:  # reads only: the index is the commit point, so no lock is needed
        plan = service.plan_import(session, Path(args.notice), args.notice)
        sys.stdout.write(render_diff(plan.diff, args.format, plan.notice.id))
        written = [data.shown(target) for target, _ in plan.files]
        for warning in _reference_gaps(plan.snapshot):
            print(f"warning: {warning}", file=sys.stderr)
        print(f"dry run: nothing written (an import would write {', '.join(written)})", file=sys.stderr)
        return 0
    with service.writing(session, args.wait, test_step="locked") as recovered:
        if recovered:
            print(f"e7: {recovered}", file=sys.stderr)
        # planned only now, under the lock: an import that waited builds on the snapshot the other one wrote
        plan = service.plan_import(session, Path(args.notice), args.notice)
        sys.stdout.write(render_diff(plan.diff, args.format, plan.notice.id))
        written = [data.shown(target) for target, _ in plan.files]
        try:
            service.write_import(session, plan)
        except OSError as exc:  # the writes were undone: say so, status 1 (not bad input)
            print(
                f"e7: importing notice {plan.notice.id} failed while writing ({exc.strerror or exc}); nothing was "
                "written: catalogue/ and changelog/ are unchanged",
                file=sys.stderr,
            )
            return 1
    print(
        f"imported notice {plan.notice.id}: snapshot {plan.snapshot.id} (sha256 {plan.snapshot_sha256}); "
        f"wrote {', '.join(written)}",
        file=sys.stderr,
    )
    _register_impact(data, plan)
    return 0


def _register_impact(data: DataDir, plan: Any) -> None:
    """Which registered cases the notice changes, when a case register exists (docs/register.md)."""
    from engine.register.recheck import report_notice

    try:
        lines = report_notice(data.root, plan)
    except service.E7Error as exc:  # the import is done; the register's trouble is a warning, not its failure
        lines = [f"e7: warning: the case register was not re-checked ({exc})"]
    for line in lines:
        print(line, file=sys.stderr)


def _reference_gaps(snapshot: Any) -> list[str]:
    """Reference figures the new snapshot's year lacks: checks dated then would use an older figure."""
    year = snapshot.effective.year
    if any(m.year == year for m in snapshot.thresholds.minimum_wage):
        return []
    held = max((m.year for m in snapshot.thresholds.minimum_wage), default=None)
    latest = f"the latest e7 holds is {held}'s" if held else "e7 holds none"
    return [
        f"snapshot {snapshot.id} has no minimum wage for {year} ({latest}); checks dated in {year} will use the "
        f"latest held and report that e7's data needs updating: add [[thresholds.minimum_wage]] year = {year}"
    ]


def _diff(args: argparse.Namespace, data: DataDir) -> int:
    session = service.Session(data)
    d = service.diff_named(session, args.old, args.new)
    if args.format == "json":
        sys.stdout.write(service.dumps(diff_json(d) | service.provenance(session)))
    else:
        sys.stdout.write(render_diff(d, args.format))
    return 0


def _verify(args: argparse.Namespace, data: DataDir) -> int:
    result, with_manifest = service.verify_catalogue(service.Session(data))
    for problem in result.problems:
        print(problem)
    if result.problems:
        print(f"e7 catalogue verify: {len(result.problems)} problem(s)", file=sys.stderr)
        return 1
    print(
        f"ok: {result.snapshots} snapshots match catalogue/index.toml and changelog/; the {result.replayed} "
        "notices in changelog/ reproduce every snapshot after the earliest byte for byte"
        + ("; every data file matches release.toml" if with_manifest else "")
    )
    return 0
